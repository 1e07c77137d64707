"""The sound card library (sounddevice, over PortAudio), imported once per process.

Importing sounddevice looks for the PortAudio library; where it is missing, Python's
`ctypes.util.find_library` runs the C compiler and `ldconfig` to search for it, about 0.1 s,
and a failed import is not remembered by Python, so every later attempt pays again. This
module remembers the outcome, and `warm_up` makes the first attempt on a background thread,
so a window never waits for it when the avatar starts to speak.
"""
from __future__ import annotations

import threading

_lock = threading.Lock()
_outcome: list = []          # [module] or [the exception the import raised]


def sounddevice():
    """The sounddevice module; raises OSError (no PortAudio) or ImportError, every time the
    same way, when it cannot be used."""
    with _lock:
        if not _outcome:
            try:
                import sounddevice as sd
                _outcome.append(sd)
            except Exception as exc:     # OSError: no PortAudio library
                _outcome.append(exc)
        got = _outcome[0]
    if isinstance(got, BaseException):
        raise type(got)(*got.args) if isinstance(got, (OSError, ImportError)) else OSError(str(got))
    return got


def warm_up() -> threading.Thread:
    """Import sounddevice on a daemon thread (errors are kept for the first real use)."""
    def run():
        try:
            sounddevice()
        except Exception:
            pass
    thread = threading.Thread(target=run, name="audio-device-import", daemon=True)
    thread.start()
    return thread
