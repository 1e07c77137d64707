"""The studio GUI (PySide6). The only package that imports Qt.

PySide6 6.12 wheels assume CPython 3.12's immortal singletons: on Python 3.11 every
`Signal.emit()` drops a reference to True and every void method call drops one to None, so a
running window exhausts their reference counts within minutes and the interpreter aborts
("deallocating None"). Importing this package tops the counts of those singletons up by 2**40
(what 3.12 does by making them immortal); it changes nothing else and nothing on 3.12+.
"""
import sys


def _immortalize_singletons() -> None:
    if sys.version_info >= (3, 12):
        return
    import ctypes
    for obj in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_immortalize_singletons()
