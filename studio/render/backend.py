"""Which dense-warp backend the engine uses, chosen once per output size.

Env `AVATAR_STUDIO_WARP` (read when the engine first renders a size):

- unset (the default): the accelerator preference decides (Preferences ▸ Accelerator,
  `studio.settings`). With a GPU build of ONNX Runtime installed (onnxruntime-gpu,
  onnxruntime-directml; CoreML on macOS) and its provider present, the warp runs as the ONNX
  graph on that GPU; if the provider cannot start the graph, or the preference is CPU, or
  only the CPU build is installed, OpenCV — on a CPU it is the faster of the two
  (`avatar-studio bench --only live`). A CPU-only install decides without importing ONNX
  Runtime, so start-up pays nothing for the check.
- `opencv`: the OpenCV warp, whatever is installed.
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
import sys

from studio.render.warp_onnx import BackendChoice

ENV = "AVATAR_STUDIO_WARP"
GPU_BUILDS = ("onnxruntime-gpu", "onnxruntime-directml")
CPU = "CPUExecutionProvider"
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


def _gpu_build_installed() -> bool:
    """Whether an ONNX Runtime build with a GPU provider is installed (package metadata only:
    no import, so a CPU-only machine decides for free)."""
    from studio.packages import installed_version
    names = GPU_BUILDS + (("onnxruntime",) if sys.platform == "darwin" else ())
    return any(installed_version(name) for name in names)


def _preference() -> str:
    from studio.settings import load_settings
    try:
        return load_settings().accelerator
    except Exception as exc:          # unreadable settings: the automatic choice
        log.info("accelerator preference unreadable (%s); choosing automatically", exc)
        return "auto"


def _by_accelerator(accelerator: str | None) -> BackendChoice:
    """The default choice: ONNX on the GPU the preference allows, else OpenCV (see above)."""
    pref = (accelerator or _preference()).lower()
    if pref == "cpu":
        return _opencv("OpenCV (the accelerator preference is the CPU)")
    if not _gpu_build_installed():
        return _opencv("OpenCV (no GPU build of ONNX Runtime is installed, and on the CPU "
                       "OpenCV is the faster warp)")
    from studio.runtime.providers import InferenceRuntime
    runtime = InferenceRuntime(pref)
    if runtime.providers[0] == CPU:
        return _opencv(f"OpenCV (no GPU execution provider for '{pref}'; on the CPU OpenCV is "
                       "the faster warp)")
    try:
        from studio.render.warp_onnx import OnnxWarp
        warp = OnnxWarp(runtime)
    except Exception as exc:
        log.warning("ONNX warp unavailable: %s", exc)
        return _opencv(f"OpenCV (the ONNX warp could not be built: {exc})")
    if warp.providers[0] == CPU:        # the GPU provider could not start the graph
        return _opencv(f"OpenCV ({runtime.providers[0]} could not run the warp graph; "
                       + "; ".join(runtime.fallbacks) + ")")
    return BackendChoice("onnx", warp, warp.warp_into, {},
                         f"ONNX on {warp.providers[0]} (the accelerator)")


def choose(size: int, mode: str | None = None, accelerator: str | None = None) -> BackendChoice:
    """The warp backend for size×size frames (`mode`: as the env variable, None reads it;
    `accelerator`: as the preference, None reads the settings)."""
    raw = os.environ.get(ENV, "") if mode is None else mode
    mode = raw.strip().lower()
    if mode == "":
        return _by_accelerator(accelerator)
    if mode == "opencv":
        return _opencv(f"OpenCV (requested; {ENV}=auto measures OpenCV against ONNX, =onnx "
                       "forces ONNX)")
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
