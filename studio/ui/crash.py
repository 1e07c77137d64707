"""One place for errors in the GUI: log everything, show one clear dialog.

`install()` sets `sys.excepthook` (and `threading.excepthook`) so that an exception escaping a
slot is logged with its traceback and shown to the user once; Qt's own warnings are routed to
`logging` instead of stderr. `UserError`s are shown as plain messages without a traceback.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, QTimer, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.errors import Cancelled, UserError

log = logging.getLogger("studio.ui")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(mode, context, message) -> None:
    qt_log.log(_QT_LEVELS.get(mode, logging.INFO), "%s", message)


class _Reporter(QObject):
    """Shows error dialogs on the GUI thread, one at a time (later errors are only logged)."""
    report = Signal(str, str, bool)   # title, text, is_bug

    def __init__(self):
        super().__init__()
        self._showing = False
        self.shown: list[str] = []      # what was shown (tests read it)
        self.report.connect(self._show)

    def _show(self, title: str, text: str, is_bug: bool) -> None:
        self.shown.append(text)
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            # No Qt parent: a parent deleted while the dialog's own event loop runs (a closing
            # panel, a dialog Python lets go of) would take the open dialog with it — a crash.
            # The dialog is application-modal and placed over the window instead.
            box = QMessageBox(QMessageBox.Icon.Critical if is_bug else QMessageBox.Icon.Warning,
                              title, text, QMessageBox.StandardButton.Ok)
            box.setWindowModality(Qt.WindowModality.ApplicationModal)
            _place_over(box, _dialog_parent())
            # Tests and the screenshot mode run without anyone to click OK.
            if _auto_close_ms:
                QTimer.singleShot(_auto_close_ms, box.accept)
            box.exec()
        finally:
            self._showing = False


def _place_over(box, window) -> None:
    """Centre a parentless dialog over `window` (None: wherever the platform puts it)."""
    if window is None:
        return
    box.adjustSize()
    centre = window.frameGeometry().center()
    box.move(centre.x() - box.width() // 2, centre.y() - box.height() // 2)


def _dialog_parent():
    """The window the error dialog sits over: the active main window or dialog, else the
    visible main window. Not any other top-level widget: a panel about to be deleted would
    take the dialog with it while it is open."""
    from PySide6.QtWidgets import QDialog, QMainWindow
    active = QApplication.activeWindow()
    if isinstance(active, (QMainWindow, QDialog)):
        return active
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMainWindow) and w.isVisible()), None)


_reporter: _Reporter | None = None
_auto_close_ms = 0


def reporter() -> _Reporter:
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    return _reporter


def sentence(text: str) -> str:
    """A message as a dialog shows it: a capital first letter (the core's messages are
    written to follow 'error:' on a command line, in lower case)."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def show_error(exc: BaseException, context: str = "") -> None:
    """Report an exception to the user (one dialog) and the log; safe from any thread."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, UserError):
        log.info("user error%s: %s", f" ({context})" if context else "", exc)
        reporter().report.emit("Avatar Studio", sentence(str(exc)), False)
        return
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error%s:\n%s", f" in {context}" if context else "", text)
    from studio.logs import log_dir
    message = (f"Something went wrong{' while ' + context if context else ''}: {exc}\n\n"
               f"The details were written to the log in {log_dir()}. "
               "Your project is autosaved; you can keep working.")
    reporter().report.emit("Avatar Studio — unexpected error", message, True)


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    if exc is None:
        exc = exc_type()
    exc.__traceback__ = tb
    show_error(exc)


def _thread_hook(args) -> None:
    if args.exc_value is not None:
        show_error(args.exc_value, f"background task {args.thread.name if args.thread else ''}")


def install(auto_close_ms: int = 0) -> None:
    """Route uncaught exceptions and Qt messages to logging plus one dialog."""
    global _auto_close_ms
    _auto_close_ms = auto_close_ms
    reporter()
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
    qInstallMessageHandler(_qt_message)


def uninstall() -> None:
    """Put Python's and Qt's default handlers back (tests that share the process)."""
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    qInstallMessageHandler(None)
