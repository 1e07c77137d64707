"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Write to a temporary file in the target's own folder (so `os.replace` is a rename on one file
system), fsync it, rename it over the target, then fsync the folder so the rename itself
survives a power cut. If anything fails, the temporary file is removed and the target is
untouched.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator


def temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A new empty hidden file in `path`'s folder (one file system, so a rename is atomic)."""
    # the stem is cut so that a long (but valid) name still leaves room for the rest
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:100]}.", suffix=suffix)
    os.close(fd)
    return Path(name)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """`with atomic_path(p) as tmp: writer(tmp)` — an empty temporary file beside `p` (its name
    ends in `suffix`, for writers that choose a format by the extension) that replaces `p` only
    if the block succeeds; removed on any exception, cancellation included."""
    path = Path(path)
    tmp = temp_beside(path, suffix)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR)      # Windows cannot sync a read-only handle
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """`with atomic_output(p) as f: f.write(...)` — `p` is replaced only if the block succeeds."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        yield f


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    mask = os.umask(0)       # the only way to read it; set it straight back
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_output(path) as f:
        f.write(data)


def fsync_dir(folder: str | os.PathLike) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
