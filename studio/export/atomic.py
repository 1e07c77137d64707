"""Atomic export output: nothing appears at the target path until the content is complete.

Byte payloads (stickers, subtitles, manifests) go through the project's `studio.atomic`
helper. Encoders that need a *path* — PyAV's MP4 `+faststart` pass reopens the file to move
the index to the front — get `atomic_path`, the same helper's temporary file in the target's
own folder, renamed over the target on success, removed on any exception including
`Cancelled`. What this module adds is the export's wording: a folder or disk that cannot take
the file is a `UserError` that says what to do.
"""
from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Iterator

import studio.atomic
from studio.atomic import atomic_output
from studio.errors import UserError


# Errors that mean "this folder or disk cannot take the file" (the user can fix them).
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                   errno.EFBIG, errno.EIO, errno.ENAMETOOLONG}


def output_error(target: Path, exc: OSError) -> UserError:
    """The one-line message for an output that could not be written."""
    reason = exc.strerror or str(exc)
    advice = ("free some disk space or choose another output folder"
              if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else
              "choose a shorter name" if exc.errno == errno.ENAMETOOLONG else
              "choose another output folder")
    return UserError(f"cannot write {_short(str(target), 60)} ({reason}); {advice}")


def check_writable_target(path: str | os.PathLike) -> Path:
    """The target as a Path; UserError if its folder is missing, not writable (read-only,
    no permission), or the path is a folder. Commands call it before the slow part."""
    target = Path(path)
    try:
        if target.is_dir():
            raise UserError(f"{target} is a folder; give a file name for the output")
        if not target.parent.exists():
            raise UserError(f"folder {target.parent} does not exist; create it or choose another output path")
    except OSError as exc:                     # a name too long for the file system, say
        raise UserError(f"cannot use {_short(target.name)} as an output name ({exc.strerror}); "
                        "choose a shorter name") from None
    _temp_next_to(target).unlink()            # the probe the real write will repeat
    return target


def _short(name: str, keep: int = 40) -> str:
    return name if len(name) <= keep else f"{name[:keep - 12]}…{name[-11:]}"


def _temp_next_to(target: Path) -> Path:
    try:
        return studio.atomic.temp_beside(target, f".part{target.suffix}")
    except OSError as exc:
        raise UserError(f"cannot write in {target.parent} ({exc.strerror}); "
                        "choose another output folder") from None


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it replaces `path` atomically.

    The writer must create (and close) the file at the yielded path. The temporary name keeps
    the target's suffix so encoders that sniff the extension still work."""
    target = check_writable_target(path)
    try:
        with studio.atomic.atomic_path(target, suffix=f".part{target.suffix}") as tmp:
            yield tmp
            if not tmp.exists() or tmp.stat().st_size == 0:
                raise RuntimeError(f"writer produced no data for {target}")
    except OSError as exc:          # includes PyAV's: a full disk while muxing, say
        if exc.errno in _STORAGE_ERRNOS:
            raise output_error(target, exc) from None
        raise


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically (via `studio.atomic`); returns the target path."""
    target = check_writable_target(path)
    try:
        with atomic_output(target) as f:
            f.write(data)
    except OSError as exc:                 # read-only, no permission, disk full
        raise output_error(target, exc) from None
    return target
