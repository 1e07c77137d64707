"""`avatar-studio batch` (issue 16): rows validated first, videos rendered in a process pool
(or on a local Ray instance), decoded again; a rerun skips finished rows and an edited row is
the only one rendered again."""
from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest

from studio.cli import main
from studio.export.batch import MANIFEST, SUMMARY, plan

from .helpers import decode_audio, decode_video

ROWS = [
    "photo,text,lang,name,size,fps,output",
    "faces/astronaut.png,Hi Anna.,en,Anna,256,25,hello-{name}.mp4",
    "faces/astronaut.png,,en,Bob,256,25,hello-{name}.mp4",             # neither text nor audio
    "faces/astronaut.png,Hello Carl!,en,Carl,256,25,hello-{name}.mp4",
]


def _jobs(folder, astronaut_png, rows=ROWS):
    (folder / "faces").mkdir(exist_ok=True)
    if not (folder / "faces" / "astronaut.png").exists():
        shutil.copy(astronaut_png, folder / "faces" / "astronaut.png")
    path = folder / "jobs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _summary(folder):
    with open(folder / SUMMARY, encoding="utf-8") as f:
        return {int(r["line"]): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, astronaut_png):
    """The batch run once with two worker processes: (folder, jobs file, exit code, stderr)."""
    import contextlib
    import io
    base = tmp_path_factory.mktemp("batch")
    jobs = _jobs(base, astronaut_png)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["batch", str(jobs), "-o", str(base / "out"), "--workers", "2"])
    return base, jobs, rc, err.getvalue()


def test_valid_rows_become_videos_and_the_bad_row_is_reported_by_line(first_run):
    base, _, rc, err = first_run
    out = base / "out"
    assert rc == 1                                             # one row was invalid
    assert "line 3: give either a text or an audio file" in err
    assert "ETA" in err and "[2/2]" in err
    for name in ("hello-Anna.mp4", "hello-Carl.mp4"):
        frames, times, rate = decode_video(out / name)
        assert frames[0].shape == (256, 256, 3) and rate == 25
        audio, sr, _ = decode_audio(out / name)
        seconds = len(frames) / rate
        assert 0.4 < seconds < 3.0 and abs(len(audio) / sr - seconds) < 0.15
        assert np.sqrt(np.mean(audio ** 2)) > 0.01             # the voice is there
    summary = _summary(out)
    assert {k: v["status"] for k, v in summary.items()} == {2: "done", 3: "invalid", 4: "done"}
    assert summary[3]["error"].startswith("give either a text or an audio file")
    import hashlib
    manifest = json.loads((out / MANIFEST).read_text())["outputs"]
    for line, row in summary.items():
        if row["status"] == "done":
            digest = hashlib.sha256((out / row["output"]).read_bytes()).hexdigest()
            assert row["sha256"] == digest == manifest[row["output"]]["sha256"]


def test_a_rerun_skips_finished_rows_and_an_edited_row_renders_again(first_run, tmp_path,
                                                                     astronaut_png, capsys):
    base, _, _, _ = first_run
    work = tmp_path / "again"
    shutil.copytree(base, work)                                 # the first run's results
    out = work / "out"
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp4")}
    jobs = _jobs(work, astronaut_png)
    assert main(["batch", str(jobs), "-o", str(out), "--workers", "2"]) == 1
    assert {k: v["status"] for k, v in _summary(out).items()} == {2: "skipped", 3: "invalid", 4: "skipped"}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp4")} == stamps
    edited = list(ROWS)
    edited[3] = edited[3].replace("Hello Carl!", "\"Good morning, Carl.\"")
    _jobs(work, astronaut_png, edited)
    capsys.readouterr()
    assert main(["batch", str(jobs), "-o", str(out), "--workers", "2"]) == 1
    assert {k: v["status"] for k, v in _summary(out).items()} == {2: "skipped", 3: "invalid", 4: "done"}
    assert (out / "hello-Anna.mp4").stat().st_mtime_ns == stamps["hello-Anna.mp4"]
    assert (out / "hello-Carl.mp4").stat().st_mtime_ns != stamps["hello-Carl.mp4"]
    assert "1 to render, 1 already done, 1 invalid" in capsys.readouterr().err


def test_rows_are_validated_before_anything_renders(tmp_path, astronaut_png):
    (tmp_path / "faces").mkdir()
    shutil.copy(astronaut_png, tmp_path / "faces" / "a.png")
    rows = [
        {"photo": "faces/a.png", "text": "Hi.", "output": "{who}.mp4"},                 # 1: no column
        {"photo": "faces/a.png", "text": "Hi.", "output": "../escape.mp4"},             # 2
        {"photo": "faces/missing.png", "text": "Hi."},                                   # 3
        {"photo": "faces/a.png", "project": "x.dhc", "text": "Hi."},                     # 4
        {"photo": "faces/a.png", "text": "Hi.", "lang": "xx-nope"},                      # 5
        {"photo": "faces/a.png", "text": "Hi.", "fps": 17},                              # 6
        {"photo": "faces/a.png", "text": "Hi.", "who": "A/B", "output": "{who}"},         # 7: ok
        {"photo": "faces/a.png", "text": "Hi again.", "who": "A_B", "output": "{who}.mp4"},  # 8: dup
        {"photo": "faces/a.png", "audio": "none.wav"},                                   # 9
    ]
    path = tmp_path / "jobs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    jobs, invalid = plan(path, tmp_path / "out")
    assert [(j.line, j.output) for j in jobs] == [(7, "A_B.mp4")]
    bad = {i.line: i.message for i in invalid}
    assert sorted(bad) == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    assert "names the column {who}" in bad[1]
    assert "inside the output folder" in bad[2]
    assert "not found" in bad[3] and "not found" in bad[9]
    assert "either a project or a photo" in bad[4]
    assert "frame rate" in bad[6]
    assert "also the output of line 7" in bad[8]
    assert "not valid JSON" in bad[10]
    assert jobs[0].request.output == str((tmp_path / "out" / "A_B.mp4").resolve())


def test_the_ray_path_writes_the_same_bytes_as_the_local_pool(tmp_path, astronaut_png):
    """`--ray auto` (a local Ray instance: ray.init(num_cpus=2, include_dashboard=False)) and the
    local pool, each run as the command from a fresh process (eSpeak's samples depend on what
    the process spoke before, batch._Voices), write the same bytes."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'avatar-studio[ray]')")
    import subprocess
    import sys
    rows = ROWS + ["faces/astronaut.png,Good evening Dora.,en,Dora,256,25,hello-{name}.mp4"]
    jobs = _jobs(tmp_path, astronaut_png, rows)
    for way in (["--workers", "2"], ["--workers", "2", "--ray", "auto"]):
        done = subprocess.run([sys.executable, "-m", "studio.cli", "batch", str(jobs), "-o",
                               str(tmp_path / way[-1]), *way], capture_output=True, timeout=300)
        assert done.returncode == 1, done.stderr.decode()           # the one invalid row
    summary = _summary(tmp_path / "auto")
    assert {k: v["status"] for k, v in summary.items()} == {2: "done", 3: "invalid", 4: "done", 5: "done"}
    for name in ("hello-Anna.mp4", "hello-Carl.mp4", "hello-Dora.mp4"):
        assert (tmp_path / "auto" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_a_batch_killed_mid_way_finishes_only_the_missing_rows(tmp_path, astronaut_png):
    """SIGTERM after the first finished row: nothing half-written is left, and the rerun
    renders only the rows that were not finished."""
    import os
    import signal
    import subprocess
    import sys
    import time
    rows = ["photo,text,lang,size,fps,output"] + [
        f"faces/astronaut.png,Row number {i}.,en,128,24,row-{i}.mp4" for i in range(1, 5)]
    jobs = _jobs(tmp_path, astronaut_png, rows)
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "studio.cli", "batch", str(jobs), "-o", str(out),
                              "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        try:
            done = json.loads((out / MANIFEST).read_text())["outputs"]
        except (OSError, ValueError, KeyError):
            done = {}
        if done:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err.decode()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]
    finished = set(json.loads((out / MANIFEST).read_text())["outputs"])
    assert 1 <= len(finished) < 4
    assert finished <= {p.name for p in out.glob("*.mp4")}     # recorded rows are whole videos
    assert main(["batch", str(jobs), "-o", str(out), "--workers", "1"]) == 0
    status = {r["output"]: r["status"] for r in _summary(out).values()}
    assert status == {f"row-{i}.mp4": "skipped" if f"row-{i}.mp4" in finished else "done"
                      for i in range(1, 5)}
    assert os.path.isfile(out / "row-4.mp4")


def test_jsonl_rows_with_audio_background_and_subtitles_match_say(tmp_path, astronaut_png, speech_en,
                                                                   capsys):
    """A JSON Lines file: a recording with a colour background, a text with SRT subtitles; the
    text row's video is byte for byte what `avatar-studio say` makes with the same settings."""
    from studio.speech.audio_io import save_wav
    from .helpers import decode_audio, decode_video
    shutil.copy(astronaut_png, tmp_path / "a.png")
    save_wav(tmp_path / "voice.wav", speech_en.samples, speech_en.sample_rate)
    rows = [{"photo": "a.png", "audio": "voice.wav", "background": "#336699", "size": 128,
             "fps": 24, "output": "audio.mp4"},
            {"photo": "a.png", "text": "Hello there.", "lang": "en", "subtitles": "srt",
             "size": "128", "fps": "24", "output": "subs.mp4"}]
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(jobs), "-o", str(out), "--workers", "1"]) == 0
    frames, _, rate = decode_video(out / "audio.mp4")
    seconds = len(speech_en.samples) / speech_en.sample_rate
    assert abs(len(frames) / rate - seconds) < 0.1
    assert np.abs(frames[0][3, 3].astype(int) - (0x33, 0x66, 0x99)).max() < 12     # the colour
    audio, sr, _ = decode_audio(out / "audio.mp4")
    assert np.sqrt(np.mean(audio ** 2)) > 0.01
    assert "Hello" in (out / "subs.srt").read_text(encoding="utf-8")
    # eSpeak's output depends on what the process spoke before (see batch._Voices): compare
    # fresh processes, where each speaks this text first
    import subprocess
    import sys
    fresh = tmp_path / "fresh"
    said = tmp_path / "said.mp4"
    for args in (["batch", str(jobs), "-o", str(fresh), "--workers", "1"],
                 ["say", "--photo", str(tmp_path / "a.png"), "--text", "Hello there.", "--lang", "en",
                  "--subtitles", "srt", "--size", "128", "--fps", "24", "-o", str(said)]):
        done = subprocess.run([sys.executable, "-m", "studio.cli", *args], capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
    assert said.read_bytes() == (fresh / "subs.mp4").read_bytes()
