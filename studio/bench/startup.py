"""Studio start-up time: process launch → main window visible (budget ≤ 3 s).

Each run starts `avatar-studio` in a fresh Python process with the offscreen Qt platform and
the probe flag, which makes the app print "visible <unix time>" as soon as the window shows
and quit. The figure includes interpreter start and every import on the way to the window.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Iterator

BUDGET_S = 3.0


def time_to_visible(env_extra: dict[str, str] | None = None, timeout: float = 60.0) -> float:
    """Seconds from launching a fresh studio process to its window being visible."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AVATAR_STUDIO_STARTUP_PROBE="1")
    env.update(env_extra or {})
    start = time.time()
    out = subprocess.run([sys.executable, "-m", "studio.cli"], env=env, capture_output=True,
                         text=True, timeout=timeout, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("visible "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"the studio did not report a visible window:\n{out.stderr[-2000:]}")


def figures(size: int, seconds: float) -> Iterator[str]:
    runs = max(3, min(10, int(seconds)))
    with tempfile.TemporaryDirectory() as home:
        # a private config dir: the probe must not touch the user's settings or recents
        extra = {"AVATAR_STUDIO_CONFIG_DIR": os.path.join(home, "config"),
                 "AVATAR_STUDIO_LOG_DIR": os.path.join(home, "logs"),
                 "AVATAR_STUDIO_DATA_DIR": os.path.join(home, "data")}
        times = [time_to_visible(extra) for _ in range(runs)]
    med = statistics.median(times)
    yield (f"startup: window visible after {med:.2f} s (median of {runs}, worst {max(times):.2f} s)"
           f" — budget ≤{BUDGET_S:g} s: {BUDGET_S / med:.2f}×")
