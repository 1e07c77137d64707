"""Atomic file output: nothing appears at the target path until the content is complete.

A writer gets a temporary path in the target's own directory (so `os.replace` is a rename on
one filesystem), the data is fsynced, then renamed over the target. On any exception —
including `Cancelled` — the temporary file is removed and the target is left untouched.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from studio.errors import UserError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()      # what a plain open() would give; mkstemp makes 0600


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on Windows, where it is not needed.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_writable_target(path: str | os.PathLike) -> Path:
    """The target as a Path; UserError if its folder is missing or the path is a folder."""
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name for the output")
    if not target.parent.exists():
        raise UserError(f"folder {target.parent} does not exist; create it or choose another output path")
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it replaces `path` atomically.

    The writer must create (and close) the file at the yielded path. The temporary name keeps
    the target's suffix so encoders that sniff the extension still work."""
    target = check_writable_target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}",
                                        dir=target.parent)
    except OSError as exc:
        raise UserError(f"cannot write in {target.parent} ({exc.strerror}); choose another output folder") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise RuntimeError(f"writer produced no data for {target}")
        _fsync_file(tmp)
        with contextlib.suppress(OSError):
            os.chmod(tmp, _MODE)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically; returns the target path."""
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target
