"""The renderer's dense warp as an ONNX graph, so that it can run on a GPU execution provider.

Same contract as `studio.render.warp.warp_image(image, flow)`: `image` H×W×C uint8, `flow`
Gh×Gw×2 float32 backward offsets in output pixels on an align-corners grid; returns the warped
H×W×C uint8 image. The graph is exported from a small torch module (bilinear upsampling of the
flow, `grid_sample` with border padding — OpenCV's BORDER_REPLICATE) the first time it is needed,
cached in the model directory as `warp_grid_sample.onnx` (entry 'warp-grid-sample' of the model
manifest) and run through `studio.runtime.providers`. torch is imported only to export.

Agreement with the OpenCV backend: mean absolute difference ≤ 1 grey level and maximum ≤ 8
(OpenCV quantises sampling positions to 1/32 pixel, grid_sample does not; see tests/live).
`choose_warp_backend()` times both on the machine at hand and returns the faster one.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from studio.atomic import write_bytes_atomic

log = logging.getLogger(__name__)

GRAPH_VERSION = "1"          # bump when the module below changes: cached graphs are rebuilt
MODEL_NAME = "warp-grid-sample"
OPSET = 17
WarpFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _module():
    """The torch module (built inside a function: torch is imported only when exporting)."""
    import torch
    import torch.nn.functional as F

    class FlowWarp(torch.nn.Module):
        """image H×W×C uint8, flow Gh×Gw×2 float32 (x, y) → H×W×C uint8."""

        def forward(self, image, flow):
            img = image.permute(2, 0, 1).unsqueeze(0).float()                # 1×C×H×W
            up = F.interpolate(flow.permute(2, 0, 1).unsqueeze(0), size=img.shape[-2:],
                               mode="bilinear", align_corners=True)          # 1×2×H×W
            # Pixel coordinates built from the data (cumsum of ones) rather than from Python
            # ints, so that the exported graph keeps H and W dynamic.
            xs = torch.ones_like(img[0, 0, 0, :]).cumsum(0) - 1.0            # W: 0 … W-1
            ys = torch.ones_like(img[0, 0, :, 0]).cumsum(0) - 1.0            # H: 0 … H-1
            # source pixel → [-1, 1] with align_corners=True: -1 ↔ 0, +1 ↔ size-1
            gx = (xs.view(1, 1, -1) + up[:, 0]) * (2.0 / xs[-1:].clamp(min=1.0)) - 1.0
            gy = (ys.view(1, -1, 1) + up[:, 1]) * (2.0 / ys[-1:].clamp(min=1.0)) - 1.0
            grid = torch.stack([gx, gy], dim=-1)                              # 1×H×W×2
            out = F.grid_sample(img, grid, mode="bilinear", padding_mode="border",
                                align_corners=True)
            return out.squeeze(0).permute(1, 2, 0).round().clamp(0, 255).to(torch.uint8)

    return FlowWarp()


def export_graph(path: str | os.PathLike) -> Path:
    """Export the warp graph to `path` atomically (temp file in the same folder, then rename)."""
    import onnx
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".warp-export-") as scratch:
        tmp = os.path.join(scratch, "warp.onnx")
        image = torch.zeros((64, 48, 3), dtype=torch.uint8)
        flow = torch.zeros((9, 7, 2), dtype=torch.float32)
        # The TorchScript exporter (dynamo=False: the dynamo one needs onnxscript, which we do
        # not ship) warns that it is deprecated; the warning is for us, not for users.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_module().eval(), (image, flow), tmp, dynamo=False,
                              input_names=["image", "flow"], output_names=["warped"],
                              opset_version=OPSET,
                              dynamic_axes={"image": {0: "H", 1: "W", 2: "C"},
                                            "flow": {0: "Gh", 1: "Gw"}, "warped": {0: "H", 1: "W", 2: "C"}})
        model = onnx.load(tmp)
    entry = model.metadata_props.add()
    entry.key, entry.value = "avatar_studio_warp_version", GRAPH_VERSION
    onnx.checker.check_model(model)
    write_bytes_atomic(path, model.SerializeToString())
    log.info("exported the ONNX warp graph to %s", path)
    return path


def _graph_version(path: Path) -> str | None:
    try:
        import onnx
        model = onnx.load(str(path), load_external_data=False)
    except Exception:                       # unreadable or truncated: rebuild it
        return None
    return {p.key: p.value for p in model.metadata_props}.get("avatar_studio_warp_version")


def graph_path(model_dir: str | os.PathLike | None = None) -> Path:
    """The cached graph, exported first if missing or from another version of this module."""
    from studio.runtime.models import ModelRegistry
    path = ModelRegistry(model_dir).path(MODEL_NAME)
    if not path.is_file() or _graph_version(path) != GRAPH_VERSION:
        export_graph(path)
    return path


class OnnxWarp:
    """`warp_image` through ONNX Runtime: `OnnxWarp(runtime)(image, flow)`."""

    def __init__(self, runtime=None, model_dir: str | os.PathLike | None = None):
        from studio.runtime.providers import InferenceRuntime
        self.runtime = runtime or InferenceRuntime()
        self.session = self.runtime.session(graph_path(model_dir))
        self.providers = list(self.session.get_providers())

    def __call__(self, image: np.ndarray, flow: np.ndarray) -> np.ndarray:
        """image: H×W×C uint8; flow: Gh×Gw×2 float32 → H×W×C uint8."""
        return self.session.run(None, {"image": np.ascontiguousarray(image, np.uint8),
                                       "flow": np.ascontiguousarray(flow, np.float32)})[0]

    def warp_into(self, image: np.ndarray, flow: np.ndarray, out: np.ndarray):
        """Same contract as `studio.render.warp.warp_into`: writes the warped image into `out`
        and returns the moved pixel box (None when nothing moves). The graph warps the whole
        frame: on a GPU that is cheaper than cropping on the CPU."""
        from studio.render.warp import moving_box
        box = moving_box(flow, *image.shape[:2])
        if box is not None:
            out[...] = self(image, flow)
        return box


@dataclass(frozen=True)
class BackendChoice:
    name: str                       # 'opencv' or 'onnx'
    warp: WarpFn                    # warp_image(image, flow) -> image
    warp_into: Callable             # warp_into(image, flow, out) -> box | None (engine's form)
    timings_ms: dict                # median ms per backend on the test frame
    reason: str


def test_flow(size: int, grid: int = 97, seed: int = 0, amplitude: float = 8.0) -> np.ndarray:
    """A face-like flow for timing and agreement checks: Gh×Gw×2 float32, four smooth bumps
    (σ ≈ 12 % of the frame, like the jaw, brows and head motion of the rig) moving up to
    `amplitude` × size/512 pixels, on the renderer's 97×97 grid."""
    rng = np.random.default_rng(seed)
    g = np.linspace(0, 1, grid)
    flow = np.zeros((grid, grid, 2), np.float64)
    for _ in range(4):
        cx, cy = rng.uniform(0.3, 0.7, 2)
        bump = np.exp(-((g[None, :] - cx) ** 2 + (g[:, None] - cy) ** 2) / (2 * 0.12 ** 2))
        flow += bump[..., None] * rng.normal(0, amplitude / 2, 2)
    return (flow * size / 512).astype(np.float32)


def _median_ms(fn: WarpFn, image, flow, repeats: int) -> float:
    fn(image, flow)                                   # warm up (first-run allocation)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(image, flow)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def choose_warp_backend(size: int = 512, runtime=None, model_dir=None, repeats: int = 15) -> BackendChoice:
    """Time the OpenCV and ONNX warps on a size×size frame and return the faster. Falls back to
    OpenCV (with the reason) if the ONNX graph cannot be built or run."""
    from studio.render.warp import warp_image, warp_into
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    flow = test_flow(size)
    timings = {"opencv": _median_ms(warp_image, image, flow, repeats)}
    try:
        onnx_warp = OnnxWarp(runtime, model_dir)
        timings["onnx"] = _median_ms(onnx_warp, image, flow, repeats)
    except Exception as exc:
        log.warning("ONNX warp unavailable: %s", exc)
        return BackendChoice("opencv", warp_image, warp_into, timings, f"ONNX warp unavailable ({exc})")
    if timings["onnx"] < timings["opencv"]:
        return BackendChoice("onnx", onnx_warp, onnx_warp.warp_into, timings,
                             f"ONNX ({onnx_warp.providers[0]}) {timings['onnx']:.1f} ms < "
                             f"OpenCV {timings['opencv']:.1f} ms at {size}×{size}")
    return BackendChoice("opencv", warp_image, warp_into, timings,
                         f"OpenCV {timings['opencv']:.1f} ms ≤ ONNX ({onnx_warp.providers[0]}) "
                         f"{timings['onnx']:.1f} ms at {size}×{size}")
