"""Measure the studio's live preview from inside a real window (offscreen): frames painted
per second and the longest event-loop gap while idling and speaking, once the preview's
frames come from the render helper (the first second of a new avatar, while the helper
starts, is left out, and so is closing the window). Run by
`avatar-studio bench --only studio` in a subprocess (the bench process stays Qt-free).

    python -m studio.ui.preview_probe --size 512 --seconds 6
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def measure(size: int, seconds: float) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer

    from studio.ui.app import make_application
    from studio.ui.main_window import MainWindow
    app = make_application()
    window = MainWindow(preview_size=size)
    window.show()
    window.open_sample()
    end = time.monotonic() + 120
    while window.session.engine is None or window.preview.frames_shown < 5:
        if time.monotonic() > end:
            raise RuntimeError("the sample avatar did not open")
        app.processEvents()
        time.sleep(0.002)
    _settle_into_the_helper(app, window)
    stamps: list[float] = []
    waits: list[float] = []

    def tick():
        stamps.append(time.perf_counter())
        waits.append(runqueue_wait_s())
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    # The window's own event loop, as a user runs it (spinning processEvents() here would
    # take a core from the render thread and measure something no user sees).
    QTimer.singleShot(int(seconds * 1000 / 3), lambda: window.speak(
        "This is a benchmark of the live preview while the avatar speaks.", "en"))
    # The ticks stop before the window closes: closing it (the render helper shut down, the
    # project's autosave) is not part of idling and speaking.
    QTimer.singleShot(int(seconds * 1000), lambda: (timer.stop(), app.quit()))
    first = window.preview.frames_painted
    start = time.perf_counter()
    app.exec()
    elapsed = time.perf_counter() - start
    frames = window.preview.frames_painted - first
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    ours = max((b - a) - (wb - wa) for a, b, wa, wb in zip(stamps, stamps[1:], waits, waits[1:]))
    p99 = gaps[int(0.99 * (len(gaps) - 1))] * 1000 if gaps else 0.0
    helper_frames = getattr(window.session.render_fn, "frames_in_helper", 0)
    where = "in a helper process" if helper_frames > frames / 2 else "in this process"
    window.session.shutdown()
    return (f"studio preview {size}x{size} (rendered {where}): {frames / elapsed:.1f} frames/s "
            f"painted, event-loop gap "
            f"max {gaps[-1] * 1000:.0f} ms (p99 {p99:.0f} ms; {ours * 1000:.0f} ms without time "
            f"the OS gave other processes) while idling and speaking — budget ≥60 frames/s: "
            f"{frames / elapsed / 60:.2f}×, stall ≤50 ms: {50 / max(ours * 1000, 1):.2f}×")


def _settle_into_the_helper(app, window, limit_s: float = 30.0) -> None:
    """Wait until the preview's frames come from the render helper process (where one may
    run): the first frames of a new avatar are drawn in this process while the helper
    starts, and the figure is for the preview as it runs from then on."""
    from studio.render.helper_process import allowed
    render_fn = window.session.render_fn
    if not allowed() or render_fn is None:
        return
    end = time.monotonic() + limit_s
    start = getattr(render_fn, "frames_in_helper", 0)
    while getattr(render_fn, "frames_in_helper", 0) < start + 5 and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)


def runqueue_wait_s() -> float:
    """Seconds this thread has waited for a CPU while runnable (Linux schedstat; else 0)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args(argv)
    print(measure(args.size, args.seconds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
