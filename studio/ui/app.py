"""Start the studio: the QApplication, crash handling, theme, language, the main window.

The window is shown before anything heavy loads (MediaPipe, torch, OpenCV, PyAV are imported
later, off the GUI thread, when the first project opens), so that it is visible within the 3 s
budget (docs/ARCHITECTURE.md, *Budgets and the benchmark*). `studio.bench.startup` measures
that with the probe flag below.

Environment flags (for benchmarks, tests and the screenshot run, not for users):
- AVATAR_STUDIO_STARTUP_PROBE=1: print "visible <unix time>" once the window shows, then quit.
- AVATAR_STUDIO_SCREENSHOTS=DIR: take the README screenshots into DIR, then quit.
"""
from __future__ import annotations

import logging
import os
import sys
import time

log = logging.getLogger("studio.ui")

ORGANISATION = "AvatarStudio"
APPLICATION = "Avatar Studio"


def make_application(argv: list[str] | None = None):
    """The QApplication (created once), with names, crash handling, language and theme."""
    from PySide6.QtWidgets import QApplication

    from studio.ui import crash, i18n, theme
    from studio.ui.prefs_store import current_settings

    # Hand the GIL to the GUI thread sooner when render/speech threads are busy (default 5 ms)
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    auto_close = 1500 if (os.environ.get("AVATAR_STUDIO_SCREENSHOTS")
                          or os.environ.get("AVATAR_STUDIO_STARTUP_PROBE")) else 0
    crash.install(auto_close_ms=auto_close)
    _add_shipped_font()
    prefs = current_settings()
    i18n.install(app, prefs.language)
    theme.apply(app, prefs.theme)
    return app


def _add_shipped_font() -> None:
    """Make the project's Korean font known to Qt, so the Korean UI and chat show Hangul on a
    system without one (Qt falls back to it for glyphs the system fonts lack)."""
    from PySide6.QtGui import QFontDatabase

    from studio.resources import KOREAN_FONT
    if KOREAN_FONT.is_file():
        QFontDatabase.addApplicationFont(str(KOREAN_FONT))


def run_gui(path: str | None = None) -> int:
    """Open the studio window (with `path`, a project or a face photo, or the sample) and run
    the event loop until the window closes. Returns the process exit code."""
    from studio.logs import setup_logging

    setup_logging()
    app = make_application()
    from studio.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if os.environ.get("AVATAR_STUDIO_STARTUP_PROBE"):
        from PySide6.QtCore import QTimer

        def probe():
            print(f"visible {time.time():.6f}", flush=True)
            app.quit()
        QTimer.singleShot(0, probe)
        return app.exec()
    window.open_initial(path)
    shots = os.environ.get("AVATAR_STUDIO_SCREENSHOTS")
    if shots:
        from studio.ui.screenshots import ScreenshotTour
        tour = ScreenshotTour(window, shots)
        tour.start()
    log.info("studio window open")
    code = app.exec()
    window.stop_webcam()
    window.session.shutdown()      # stop the render thread before the interpreter exits
    return code


if __name__ == "__main__":   # python -m studio.ui.app [PATH]
    sys.exit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None))
