"""A rendering process runs OpenCV on one thread and keeps freed frame memory: receiving
frames from a render helper then touches (almost) no fresh pages."""
from __future__ import annotations

import subprocess
import sys

import pytest

# The receiving side of a helper's frames (a pipe between two processes, as
# studio.render.helper_process uses): page faults per 512² RGBA frame received.
CHECK = r"""
import multiprocessing as mp, resource, sys
import numpy as np

def send(conn):
    frame = np.full((512, 512, 4), 7, np.uint8)
    for i in range(40):
        conn.send(("frame", i, frame))
    conn.send(None)

if __name__ == "__main__":
    if sys.argv[1] == "tuned":
        from studio.render.process_setup import set_up
        set_up()
    import cv2
    here, there = mp.get_context("spawn").Pipe()
    child = mp.get_context("spawn").Process(target=send, args=(there,))
    child.start()
    first = here.recv()                       # the child has started
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    n = 0
    while here.recv() is not None:
        n += 1
    child.join()
    print(cv2.getNumThreads(), (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / n)
"""


def _run(mode: str, tmp_path) -> tuple[int, float]:
    script = tmp_path / "check.py"
    script.write_text(CHECK)
    out = subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True,
                         check=True)
    threads, faults = out.stdout.split()
    return int(threads), float(faults)


def test_one_opencv_thread(tmp_path):
    assert _run("tuned", tmp_path)[0] == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_frames_from_a_helper_reuse_freed_memory(tmp_path):
    _, tuned = _run("tuned", tmp_path)
    _, plain = _run("plain", tmp_path)
    assert tuned < 0.25 * plain, (tuned, plain)          # measured ~14 against ~650
