"""Which dense-warp backend the engine uses, chosen once per output size.

Env `AVATAR_STUDIO_WARP` (read when the engine first renders a size):

- unset or `opencv` (the default): the OpenCV warp. Choosing by measurement means importing
  ONNX Runtime and building a session (~150 ms or more, plus torch to export the graph the
  first time), far over the ~50 ms the engine may spend at start-up; and on a CPU-only
  machine OpenCV is the faster of the two anyway (`avatar-studio bench --only live`).
- `auto`: time both (`studio.render.warp_onnx.choose_warp_backend`) and keep the faster —
  only if the ONNX graph is already built in the model directory; torch is never imported
  to build it here (the reason then says how to build it).
- `onnx`: the ONNX graph (built with torch the first time, then cached), on ONNX Runtime's
  chosen execution provider; if it cannot be built or run, OpenCV, with the reason.

Any other value is reported in the reason and treated as the default.
"""
from __future__ import annotations

import logging
import os

from studio.render.warp_onnx import BackendChoice

ENV = "AVATAR_STUDIO_WARP"
MODES = ("opencv", "auto", "onnx")

log = logging.getLogger(__name__)


def _opencv(reason: str) -> BackendChoice:
    from studio.render.warp import warp_image, warp_into
    return BackendChoice("opencv", warp_image, warp_into, {}, reason)


def _graph_is_built() -> bool:
    """Whether the ONNX warp graph is in the model directory (no torch, no onnx import)."""
    from studio.runtime.models import ModelRegistry
    from studio.render.warp_onnx import MODEL_NAME
    try:
        return ModelRegistry().path(MODEL_NAME).is_file()
    except Exception as exc:            # an unreadable manifest: no graph to speak of
        log.info("warp graph lookup failed: %s", exc)
        return False


def choose(size: int, mode: str | None = None) -> BackendChoice:
    """The warp backend for size×size frames (`mode`: as the env variable; None reads it)."""
    raw = os.environ.get(ENV, "") if mode is None else mode
    mode = raw.strip().lower()
    if mode in ("", "opencv"):
        why = "requested" if mode else "default"
        return _opencv(f"OpenCV ({why}; {ENV}=auto measures OpenCV against ONNX, =onnx forces ONNX)")
    if mode not in MODES:
        log.warning("%s=%r is not one of %s; using OpenCV", ENV, raw, ", ".join(MODES))
        return _opencv(f"OpenCV ({ENV}={raw!r} is not one of {', '.join(MODES)})")
    if mode == "auto":
        if not _graph_is_built():
            return _opencv(f"OpenCV (the ONNX warp graph is not built yet; run once with "
                           f"{ENV}=onnx to build it, then auto can measure)")
        from studio.render.warp_onnx import choose_warp_backend
        return choose_warp_backend(size, repeats=5)
    try:
        from studio.render.warp_onnx import OnnxWarp
        warp = OnnxWarp()
    except Exception as exc:
        log.warning("ONNX warp unavailable: %s", exc)
        return _opencv(f"OpenCV (ONNX was requested but is unavailable: {exc})")
    return BackendChoice("onnx", warp, warp.warp_into, {},
                         f"ONNX on {warp.providers[0]} (requested with {ENV}=onnx)")
