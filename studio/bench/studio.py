"""The studio window's live preview, measured end to end (render worker → GUI tick → paint)
in a separate process, so this benchmark process never imports Qt. See
`studio.ui.preview_probe` for what is measured."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Iterator


def figures(size: int, seconds: float) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   AVATAR_STUDIO_CONFIG_DIR=os.path.join(home, "config"),
                   AVATAR_STUDIO_LOG_DIR=os.path.join(home, "logs"))
        out = subprocess.run([sys.executable, "-m", "studio.ui.preview_probe", "--size", str(size),
                              "--seconds", str(max(3.0, seconds))], env=env, capture_output=True,
                             text=True, timeout=300, check=False)
    lines = [l for l in out.stdout.splitlines() if l.startswith("studio preview")]
    if not lines:
        raise RuntimeError(f"the preview probe failed:\n{out.stderr[-2000:]}")
    yield from lines
