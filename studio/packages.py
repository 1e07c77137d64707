"""Which version of an installed distribution is present, without importing it.

`importlib.metadata` answers this too, but importing it costs about 50 ms, paid on the way
to an export's first frame (the intake cache's key names the MediaPipe version, the lip-sync
templates' the eSpeak loader's, the warp backend asks whether a GPU build is installed). The
version is in the name of the distribution's `NAME-VERSION.dist-info` folder on sys.path
(the wheel format's rule; `NAME-VERSION[-pyX.Y].egg-info` for older installs), which a
directory listing finds.
"""
from __future__ import annotations

import functools
import os
import re
import sys

_SEPARATORS = re.compile(r"[-_.]+")


def _normal(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


@functools.lru_cache(maxsize=None)
def installed_version(dist: str) -> str | None:
    """The installed version of distribution `dist` (e.g. "mediapipe", "espeakng-loader"),
    or None when it is not installed."""
    want = _normal(dist)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                project, _, rest = stem.partition("-")
                version = rest.split("-")[0]
                if version and _normal(project) == want:
                    return version
    return None
