#!/usr/bin/env python3
"""Set up the project's virtual environment (once) and run the studio or the tests.

    python3 packaging/bootstrap.py run  [avatar-studio arguments]   # opens the studio
    python3 packaging/bootstrap.py test [pytest arguments]          # runs the whole test suite

`test` first fetches the real-photo test set (docs/PHOTOSET.md) into the user cache, once.

The environment lives in `.venv/` beside pyproject.toml. It is (re)installed only when
pyproject.toml changed since the last install, so a second run starts at once. Works the same
on Linux, macOS and Windows (`py packaging\\bootstrap.py run`). Standard library only.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".avatar-studio-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__.strip().splitlines()[0], "\nusage: bootstrap.py run|test [args…]", file=sys.stderr)
        return 2
    if sys.version_info[:2] < (3, 10) or sys.version_info[:2] > (3, 12):
        print(f"Avatar Studio needs Python 3.10–3.12 (this is {sys.version.split()[0]})", file=sys.stderr)
        return 2
    ensure_environment()
    compile_sources()
    what, rest = argv[0], argv[1:]
    env = dict(os.environ)
    if what == "run":
        cmd = [str(PYTHON), "-m", "studio.cli", *rest]
    else:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        fetch_photos(env)
        cmd = [str(PYTHON), "-m", "pytest", *(rest or ["-q"])]
    return subprocess.call(cmd, cwd=ROOT, env=env)


def ensure_environment() -> None:
    """Create .venv and install the project (with test tools) unless already up to date."""
    wanted = _fingerprint()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Avatar Studio and its dependencies (first run only; a few minutes) …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    # torch first, exactly pinned: a resolver that meets torch unpinned may fetch CUDA builds.
    _run([*pip, "torch==2.13.0"])
    _run([*pip, "-e", f"{ROOT}[dev]"])
    STAMP.write_text(wanted)


def compile_sources() -> None:
    """Byte-compile the studio's own modules (only those changed since the last time). The
    editable install leaves them as source, and where PYTHONDONTWRITEBYTECODE is set every
    process (each export's render helper too) would compile them again: 0.3 s of a `say`."""
    subprocess.call([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "studio")], cwd=ROOT,
                    stdout=subprocess.DEVNULL)


def fetch_photos(env: dict[str, str]) -> None:
    """Fetch the real-photo test set (docs/PHOTOSET.md; once, then cached) before the tests.
    A failure is one warning line: the tests that need the photos then fail saying why."""
    done = subprocess.run([str(PYTHON), "-m", "studio.photoset", "--quiet"], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        print(f"warning: the real-photo test set was not fetched ({reason}); "
              "the tests that use it will fail", file=sys.stderr, flush=True)


def _fingerprint() -> str:
    h = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def _run(cmd: list[str]) -> None:
    if subprocess.call(cmd, cwd=ROOT) != 0:
        print("Installation failed (see above). Check your network connection to PyPI and retry.",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
