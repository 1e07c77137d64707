"""How a process that renders is set up (`set_up`, called by the command line — so the studio
too — the render helper and the batch workers).

**One OpenCV thread: parallel work is done by processes.** A 512² frame is some forty OpenCV
calls on small arrays (the motion grid's remaps and its upsampling, blurs, one image remap).
With OpenCV's thread pool each call wakes the other threads, which costs about what it saves
in time and more in work: on the 2-core reference machine a talking frame at 512² took 9.6
ms of CPU on one thread and 11.1 ms with the default pool (part of it in the kernel), in
about the same wall time (9.8 and 9.5 ms; interleaved runs in one process). A lone render at
1024² finishes sooner with the pool (15.9 instead of 18.7 ms), but only while nothing else
wants the other core. Where frames are rendered side by side it is done by processes: the
export's frame farm, the studio's preview helper and the batch pool (docs/ARCHITECTURE.md,
*Threads*).

**Freed frame memory is kept for the next frame** (glibc's allocator; elsewhere nothing
changes). Every frame passes through fresh megabytes: received from the render helper,
OpenCV's outputs, colour conversions. By default glibc maps blocks over 128 KB anew and
returns freed heap tops early, so each frame touches new pages, and a page fault costs ~4 µs
on the reference VM: receiving one 512² frame from the helper took 1.3 ms of CPU, 0.3 ms
with large blocks kept on the heap. A whole `say` ran 5 % faster (2.62 vs 2.75 s, six
interleaved pairs; the same in an earlier set of three).
"""
from __future__ import annotations

import os
import sys

ENV = "OPENCV_FOR_THREADS_NUM"       # OpenCV reads it when it starts its thread pool


def one_opencv_thread() -> None:
    """OpenCV runs one thread in this process and in those it starts (a user's own
    OPENCV_FOR_THREADS_NUM wins). Costs nothing before cv2 is imported; applied at once
    to an OpenCV already loaded."""
    os.environ.setdefault(ENV, "1")
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        try:
            cv2.setNumThreads(int(os.environ[ENV]))
        except ValueError:
            cv2.setNumThreads(1)


M_TRIM_THRESHOLD = -1             # mallopt parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_FROM = 32 << 20              # blocks up to this size come from the heap (glibc's most)
TRIM_FROM = 64 << 20              # free heap top kept up to this size


def keep_freed_memory() -> bool:
    """Tune this process's allocator as above; True where it applied (glibc on Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt      # absent in other C libraries
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_FROM)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_FROM))


def set_up() -> None:
    """Both of the above, for this process (OpenCV's thread count also for its children)."""
    one_opencv_thread()
    keep_freed_memory()
