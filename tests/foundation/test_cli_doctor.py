"""The command line as a user meets it: `doctor`, argparse errors, and one-line user errors.

Everything runs in a subprocess (`python -m studio.cli`), so stderr is exactly what a user
would see, native library noise included.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studio import __version__

SECTIONS = ("Python", "Packages", "ONNX Runtime", "Cameras", "Audio devices", "eSpeak NG",
            "Models", "Files")


def cli(*args: str, cwd: Path | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "studio.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=cwd,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))


@pytest.fixture(scope="module")
def doctor() -> subprocess.CompletedProcess:
    return cli("doctor")


def test_doctor_reports_every_section_and_exits_0(doctor):
    assert doctor.returncode == 0, doctor.stderr
    assert doctor.stderr == "", "no library noise may reach the terminal"
    lines = doctor.stdout.splitlines()
    assert lines[0] == f"Avatar Studio {__version__}"
    for title in SECTIONS:
        assert title in lines, f"section {title!r} missing"


def _section(stdout: str, title: str) -> dict[str, str]:
    lines = stdout.splitlines()
    rows = {}
    for line in lines[lines.index(title) + 1:]:
        if not line.startswith("  "):
            break
        key, _, value = line.strip().partition("  ")
        rows[key] = value.strip()
    return rows


def test_doctor_facts_match_this_machine(doctor):
    import onnxruntime
    from importlib.metadata import version

    python = _section(doctor.stdout, "Python")
    assert python["version"].startswith(".".join(map(str, sys.version_info[:3])))
    packages = _section(doctor.stdout, "Packages")
    assert packages["numpy"] == version("numpy") and packages["mediapipe"] == "0.10.21"
    assert packages["torch"] == version("torch")
    onnx = _section(doctor.stdout, "ONNX Runtime")
    assert onnx["available"].split(", ") == onnxruntime.get_available_providers()
    assert onnx["chosen"].split(", ")[-1] == "CPUExecutionProvider"
    assert _section(doctor.stdout, "Cameras")            # "none" is a valid answer, but an answer
    audio = _section(doctor.stdout, "Audio devices")
    assert audio.get("devices", "").startswith("none") or {"input", "output"} <= set(audio)
    assert "(loads)" in _section(doctor.stdout, "eSpeak NG")["library"]
    files = _section(doctor.stdout, "Files")
    assert files["log file"] == str(Path(os.environ["AVATAR_STUDIO_LOG_DIR"]) / "studio.log")
    models = _section(doctor.stdout, "Models")
    assert models["directory"].startswith(os.environ["AVATAR_STUDIO_DATA_DIR"])


def test_doctor_columns_are_aligned(doctor):
    from studio.commands.doctor import KEY_WIDTH

    rows = [line for line in doctor.stdout.splitlines() if line.startswith("  ")]
    assert len(rows) > 20
    for line in rows:
        assert line[1 + KEY_WIDTH] == " " and line[2 + KEY_WIDTH] != " ", f"misaligned: {line!r}"


def test_unknown_subcommand_behaves_like_argparse():
    done = cli("frobnicate")
    assert done.returncode == 2
    assert "invalid choice: 'frobnicate'" in done.stderr and done.stderr.startswith("usage:")


def test_bad_option_behaves_like_argparse():
    done = cli("doctor", "--bogus")
    assert done.returncode == 2
    assert "unrecognized arguments: --bogus" in done.stderr


def test_help_and_version():
    helped = cli("--help")
    assert helped.returncode == 0 and "doctor" in helped.stdout and helped.stderr == ""
    versioned = cli("--version")
    assert versioned.returncode == 0 and versioned.stdout.strip() == f"avatar-studio {__version__}"


def test_user_error_is_one_line_on_stderr():
    done = cli("bench", "--size", "5")
    assert done.returncode == 2
    assert done.stderr == "avatar-studio bench: --size must be between 64 and 2048\n"
    assert "Traceback" not in done.stdout + done.stderr


# The subcommands (docs/ARCHITECTURE.md, *Command line*) given a damaged project (or a missing
# photo): each must end with
# one line on stderr, a non-zero exit, and no output file.
BAD_INPUT = {
    "new": ["--photo", "{missing}", "-o", "{out}.dhc"],
    "still": ["{bad}", "-o", "{out}.png"],
    "say": ["{bad}", "--text", "hello", "-o", "{out}.mp4"],
    "sticker": ["{bad}", "--preset", "wink", "-o", "{out}.webp"],
    "drive": ["{bad}", "--driving", "{missing}", "-o", "{out}.mp4"],
    "live": ["{bad}", "--serve", "127.0.0.1:0", "--seconds", "1"],
    "pack": ["{bad}", "--platform", "telegram", "--preset", "wink", "-o", "{out}.zip"],
}


@pytest.mark.parametrize("command", sorted(BAD_INPUT))
def test_user_error_in_any_command_is_one_line(command, tmp_path):
    bad = tmp_path / "bad.dhc"
    bad.write_bytes(b"this is not a zip file")
    args = [a.format(bad=bad, missing=tmp_path / "missing.jpg", out=tmp_path / "out")
            for a in BAD_INPUT[command]]
    done = cli(command, *args)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"avatar-studio {command}: "), done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.dhc"], "no output file is left"


def test_a_bug_is_one_line_naming_the_log_with_the_traceback_inside():
    code = textwrap.dedent("""
        import sys
        import studio.commands.doctor as doctor
        def broken(args):
            raise RuntimeError("deliberate bug for the test")
        doctor.run = broken
        from studio.cli import main
        sys.exit(main(["doctor"]))
    """)
    done = cli(code=code)
    log_file = Path(os.environ["AVATAR_STUDIO_LOG_DIR"]) / "studio.log"
    assert done.returncode == 1
    assert done.stderr == f"avatar-studio doctor: internal error; details in {log_file}\n"
    assert "RuntimeError: deliberate bug for the test" in log_file.read_text("utf-8")


def test_uncaught_exceptions_in_threads_go_to_the_log():
    code = textwrap.dedent("""
        import threading
        from studio.logs import setup_logging
        setup_logging()
        def work():
            raise ValueError("deliberate worker failure")
        t = threading.Thread(target=work, name="render-worker")
        t.start(); t.join()
    """)
    done = cli(code=code)
    text = (Path(os.environ["AVATAR_STUDIO_LOG_DIR"]) / "studio.log").read_text("utf-8")
    assert "uncaught exception in thread render-worker" in text
    assert "ValueError: deliberate worker failure" in text
    assert done.returncode == 0


def test_output_piped_into_a_reader_that_stops_early_is_not_an_internal_error():
    """`avatar-studio doctor | head -1`: the reader closes the pipe before doctor writes."""
    child = subprocess.Popen([sys.executable, "-m", "studio.cli", "doctor"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    child.stdout.close()                     # nobody reads: every write meets a closed pipe
    err = child.stderr.read()
    assert child.wait(timeout=120) == 141 and err == "", err
