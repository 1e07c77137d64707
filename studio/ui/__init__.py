"""The studio GUI (PySide6). The only package that imports Qt.

PySide6-Essentials is kept below 6.12: 6.12.0 wheels assume CPython 3.12's immortal
singletons, so on Python 3.11 every `Signal.emit()` drops a reference to True and the
interpreter aborts after minutes of use ("deallocating True"). `tests/ui/test_qt_refcounts.py`
fails if an installed version does that again.
"""
