"""Outputs that cannot be written (see docs/ARCHITECTURE.md, *Errors and failures*): a full
disk, a read-only folder, a
sidecar that cannot be written. Each command ends with one line on stderr, exit code 2, and
nothing at the target — no half-written file, no temporary file, no video without its
subtitles."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys

import pytest

from studio.cli import main

# Runs the commands in a child whose file-size limit is 24 kB: every write past it fails with
# EFBIG, as a full disk fails with ENOSPC — a real failure from the kernel, not a mock.
_CHILD = r"""
import contextlib, io, json, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # get EFBIG instead of being killed
resource.setrlimit(resource.RLIMIT_FSIZE, (24_000, 24_000))
from studio.cli import main
results = []
for args in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(args)
    results.append([rc, err.getvalue()])
print(json.dumps(results))
"""


def test_a_full_disk_ends_each_command_cleanly(tmp_path, astronaut_png):
    out = tmp_path / "out"
    out.mkdir()
    photo = ["--photo", str(astronaut_png)]
    commands = [                                 # each output is 30–200 kB
        ["still", *photo, "-o", str(out / "frame.png"), "--size", "128"],
        ["sticker", *photo, "--preset", "wink", "-o", str(out / "wink.webp"), "--size", "128"],
        ["say", *photo, "--text", "Hello there, this is a longer line.", "--lang", "en",
         "-o", str(out / "talk.mp4"), "--size", "128"],
    ]
    env = dict(os.environ, AVATAR_STUDIO_LOG_DIR=str(tmp_path / "logs"))
    child = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(commands)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout.strip().splitlines()[-1])
    for (rc, err), args in zip(results, commands):
        assert rc == 2 and err.count("\n") == 1, (args[0], err)
        assert "cannot write" in err and "free some disk space" in err, err
    assert list(out.iterdir()) == []            # no output, no temporary, no half a pack


def test_subtitle_that_cannot_be_written_leaves_no_video(tmp_path, astronaut_png, capsys):
    (tmp_path / "talk.srt").mkdir()             # the sidecar's name is taken by a folder
    rc = main(["say", "--photo", str(astronaut_png), "--text", "Hi there.", "--lang", "en",
               "--subtitles", "vtt", "--subtitles", "srt", "-o", str(tmp_path / "talk.mp4"),
               "--size", "64"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "talk.srt is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.srt"]   # no video, no .vtt


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root may write into a read-only folder")
def test_read_only_folder_is_refused_before_rendering(tmp_path, astronaut_png, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        for args in (["still", "-o", str(folder / "f.png")],
                     ["sticker", "--preset", "wink", "-o", str(folder / "s.webp")],
                     ["say", "--text", "hi", "-o", str(folder / "t.mp4")]):
            rc = main([args[0], "--photo", str(astronaut_png), *args[1:]])
            err = capsys.readouterr().err
            assert rc == 2 and err.count("\n") == 1 and "cannot write in" in err, err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
def test_killed_export_leaves_the_old_file_and_no_temporary(tmp_path, astronaut_png):
    import signal
    import time
    target = tmp_path / "talk.mp4"
    target.write_bytes(b"the previous video")
    env = dict(os.environ, AVATAR_STUDIO_LOG_DIR=str(tmp_path / "logs"))
    child = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "say", "--photo", str(astronaut_png), "--lang", "en",
         "--text", "This sentence is long enough to keep the encoder busy. " * 20,
         "--size", "256", "-o", str(target)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    def encoding() -> bool:          # the encoder has written into its temporary file
        for p in tmp_path.glob("*.part.mp4"):
            with contextlib.suppress(FileNotFoundError):   # the writability probe comes and goes
                if p.stat().st_size > 0:
                    return True
        return False

    while not encoding():
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.02)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and err == "avatar-studio say: interrupted\n", (child.returncode, err)
    assert target.read_bytes() == b"the previous video"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "talk.mp4"]


@pytest.mark.parametrize("command", ["new", "still", "say", "sticker", "pack"])
def test_output_name_too_long_for_the_file_system_is_one_line(tmp_path, astronaut_png, capsys,
                                                              command):
    long = str(tmp_path / ("x" * 300))                # most file systems stop at 255 bytes
    args = {"new": ["-o", long + ".dhc"], "still": ["-o", long + ".png"],
            "say": ["--text", "hi", "-o", long + ".mp4"],
            "sticker": ["--preset", "wink", "-o", long + ".webp"],
            "pack": ["--platform", "telegram", "--preset", "wink", "-o", long]}[command]
    rc = main([command, "--photo", str(astronaut_png), *args])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "choose a shorter name" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("case", ["project", "audio", "music", "driving"])
def test_input_name_too_long_is_not_found_not_a_crash(tmp_path, astronaut_png, capsys, case):
    long = str(tmp_path / ("x" * 300))
    out = str(tmp_path / "o.mp4")
    photo = ["--photo", str(astronaut_png)]
    args = {"project": ["still", long + ".dhc", "-o", str(tmp_path / "o.png")],
            "audio": ["say", *photo, "--audio", long + ".wav", "-o", out],
            "music": ["say", *photo, "--text", "hi", "--music", long + ".wav", "-o", out],
            "driving": ["drive", *photo, "--driving", long + ".mp4", "-o", out]}[case]
    rc = main(args)
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "not found" in err, err
    assert list(tmp_path.iterdir()) == []
