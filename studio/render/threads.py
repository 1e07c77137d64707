"""One OpenCV thread in every process that renders: parallel work is done by processes.

A 512² frame is some forty OpenCV calls on small arrays (the motion grid's remaps and its
upsampling, blurs, one image remap). With OpenCV's thread pool each call wakes the other
threads, which costs about what it saves in time and more in work: on the 2-core reference
machine a talking frame at 512² took 9.6 ms of CPU on one thread and 11.1 ms with the
default pool (part of it in the kernel), in about the same wall time (9.8 and 9.5 ms;
interleaved runs in one process). A lone render at 1024² finishes sooner with the pool
(15.9 instead of 18.7 ms), but only while nothing else wants the other core. Where frames are
rendered side by side it is done by processes: the export's frame farm, the studio's preview
helper and the batch pool (docs/ARCHITECTURE.md, *Threads*).
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
