"""Silence native libraries that print to the process's stderr (MediaPipe, absl, TFLite).

Python-level redirection does not catch C++ writes to file descriptor 2, so this swaps the
descriptor itself for the duration of the block and forwards what was written to the log.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading

log = logging.getLogger("native")
_lock = threading.RLock()


@contextlib.contextmanager
def native_stderr_to_log():
    """Redirect fd 2 into a temporary file while the block runs; log its content afterwards."""
    with _lock:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):   # no real stderr (frozen GUI apps)
            yield
            return
        with tempfile.TemporaryFile(mode="w+b") as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                try:
                    sys.stderr.flush()
                except (OSError, ValueError):
                    pass
                os.dup2(saved, 2)
                os.close(saved)
                sink.seek(0)
                text = sink.read().decode("utf-8", "replace").strip()
                if text:
                    log.info("%s", text)
