"""`import_mediapipe()`: MediaPipe without the second it spends importing matplotlib.

MediaPipe's package imports its drawing helpers, which import `matplotlib.pyplot` (about a
second of start-up for every command that looks at a face) although nothing here draws with
them. While MediaPipe imports, stand-ins take matplotlib's place; the drawing helpers keep a
stand-in that imports the real pyplot on first use, and the stand-ins leave `sys.modules`
once MediaPipe is in, so any later `import matplotlib` is the ordinary one.
"""
from __future__ import annotations

import importlib
import sys
import types

_DEFERRED = ("matplotlib", "matplotlib.pyplot")


class _StandIn(types.ModuleType):
    """A module that imports the real one when an attribute is first asked for."""

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        sub = sys.modules.get(f"{self.__name__}.{attr}")
        if isinstance(sub, _StandIn):          # `import matplotlib.pyplot as plt`
            return sub
        real = importlib.import_module(self.__name__)
        if real is self:                       # asked while MediaPipe is still importing
            raise AttributeError(attr)
        return getattr(real, attr)


def import_mediapipe():
    """The `mediapipe` module, imported with matplotlib deferred to its first use."""
    if "mediapipe" in sys.modules:
        return sys.modules["mediapipe"]
    stand_ins = {name: _StandIn(name) for name in _DEFERRED if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import mediapipe
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return mediapipe
