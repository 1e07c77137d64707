"""Logging to a rotating file in the user log directory (platformdirs)."""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path

from platformdirs import user_log_dir

APP = "AvatarStudio"
_configured = False


def log_dir() -> Path:
    return Path(os.environ.get("AVATAR_STUDIO_LOG_DIR") or user_log_dir(APP, appauthor=False))


def setup_logging(level: int = logging.INFO) -> Path:
    """Send all logging to `<log dir>/studio.log` (1 MB × 3 files). Returns the file path.

    Library chatter (absl, TensorFlow Lite) is quietened through its environment variables
    before those libraries load; see `studio.quiet` for the native stderr they still print.
    """
    global _configured
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    path = log_dir() / "studio.log"
    if _configured:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    install_excepthook()
    _configured = True
    return path


def install_excepthook() -> None:
    """Log uncaught exceptions (main thread and worker threads) with their traceback.

    The previous hooks still run after logging (the default prints to stderr; the GUI installs
    its own dialog hook later, `studio.ui.crash`). Installing twice does nothing.
    """
    if getattr(sys.excepthook, "_studio_logs", False):
        return
    previous, previous_thread = sys.excepthook, threading.excepthook
    crash_log = logging.getLogger("studio.crash")

    def hook(exc_type, exc, tb):
        if not issubclass(exc_type, KeyboardInterrupt):
            crash_log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        previous(exc_type, exc, tb)

    def thread_hook(args):
        if args.exc_type is not SystemExit:
            name = args.thread.name if args.thread else "?"
            crash_log.critical("uncaught exception in thread %s", name,
                               exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        previous_thread(args)

    hook._studio_logs = True
    sys.excepthook, threading.excepthook = hook, thread_hook
