"""Fixtures for the studio window tests: one real window with the real engine, shared by the
module (building the engine runs MediaPipe on the photo, which is the expensive part)."""
from __future__ import annotations

import time

import numpy as np
import pytest

pytest.importorskip("pytestqt")


def wait_until(qapp, predicate, timeout: float = 30.0, what: str = "condition") -> None:
    """Run the event loop until `predicate()` is true (fails after `timeout` seconds)."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        qapp.processEvents()
        time.sleep(0.005)


def frame_after(qapp, window, seq: int, timeout: float = 20.0) -> np.ndarray:
    """The first preview frame painted after frame number `seq` (see `frames_shown`)."""
    wait_until(qapp, lambda: window.preview.frames_shown > seq, timeout, "a new preview frame")
    return window.preview.current_frame().copy()


@pytest.fixture(scope="module")
def studio(qapp, astronaut_png):
    """The main window with a project made from the sample photo, preview at 256 px."""
    from studio.ui import crash
    from studio.ui.app import make_application
    from studio.ui.main_window import MainWindow

    make_application()
    crash.install(auto_close_ms=50)       # an error dialog closes itself; tests read `shown`
    crash.reporter().shown.clear()
    window = MainWindow(preview_size=256)
    window.show()
    window.new_from_photo(str(astronaut_png))
    wait_until(qapp, lambda: window.session.engine is not None and window.preview.frames_shown > 2,
               90, "the avatar to be ready")
    yield window
    window.doc.undo_stack.setClean()
    window.close()
    qapp.processEvents()
    shown = list(crash.reporter().shown)
    crash.uninstall()
    import sys
    sys.setswitchinterval(0.005)          # the app's GIL setting, back to Python's default
    assert shown == [], "an error dialog was shown"
