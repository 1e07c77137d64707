"""The avatar an export command works on: a project file or a face photo (CLI edge).

Returns the profile (privacy settings, voice, expression) and an `AvatarEngine`. Heavy
imports happen here, inside the function, so command modules stay light to import.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path
from typing import Iterator

from studio.errors import UserError


def load_avatar(project: str | None, photo: str | None):
    """(DigitalHuman profile, AvatarEngine) for `PROJECT` or `--photo F` (exactly one)."""
    from studio.quiet import native_stderr_to_log
    from studio.render.engine import AvatarEngine

    if bool(project) == bool(photo):
        raise UserError("give either a project file (.dhc) or --photo FACE.jpg, not both or neither")
    if photo:
        from studio.profile.model import DigitalHuman
        if not os.path.isfile(photo):     # False (not an error) for a name too long
            raise UserError(f"photo {photo} not found")
        # cached: a photo seen before (a batch's rows, a second `say`) skips MediaPipe
        from studio.face.intake_cache import load_photo_cached
        with native_stderr_to_log():
            engine = AvatarEngine.from_photo(load_photo_cached(photo))
        return DigitalHuman(), engine
    from studio.profile.project import load_project
    if not os.path.isfile(project):
        raise UserError(f"project {project} not found; make one with: "
                        "avatar-studio new --photo FACE.jpg -o me.dhc")
    proj = load_project(project)
    from studio.avatar import engine_for_project      # the photo or the drawn character
    with native_stderr_to_log():
        engine = engine_for_project(proj)
    return proj.profile, engine


def tty_progress(label: str):
    """A progress callback printing a percentage to stderr, or None when stderr is not a TTY."""
    import sys
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def report(fraction: float) -> None:
        pct = int(fraction * 100)
        if pct != last[0]:
            last[0] = pct
            end = "\n" if pct >= 100 else ""
            print(f"\r{label}: {pct:3d}%", end=end, file=sys.stderr, flush=True)
    return report


@contextlib.contextmanager
def termination_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP (a `kill`, a closed terminal) raise
    KeyboardInterrupt like Ctrl-C does, so atomic writers remove their temporary files and the
    command ends with its one line instead of dying with a hidden `.part` file left behind.
    Ctrl-C (SIGINT) itself is made to interrupt too: a process started with SIGINT ignored (a
    parent that ignores it, some launchers) inherits that, and Python then never raises
    KeyboardInterrupt — the command could not be stopped."""
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    sigs = [getattr(signal, n) for n in names if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, interrupt) for s in sigs}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
