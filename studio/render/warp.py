"""The dense warp: an image resampled through a coarse backward flow (OpenCV backend).

`flow` is a Gh×Gw×2 float32 grid of backward offsets in output pixels: for each output pixel,
the source is the pixel plus the bilinearly upsampled flow; grid nodes sit on the image
corners (align-corners). The ONNX backend (`warp_onnx`) implements the same signature.

Only the part of the image where the flow moves anything is resampled; the rest is copied,
which is exact because OpenCV's remap quantises positions to 1/32 pixel and offsets under
`STILL` round to zero.
"""
from __future__ import annotations

import functools

import numpy as np

STILL = 1.0 / 64.0


@functools.lru_cache(maxsize=8)
def _identity(h: int, w: int) -> np.ndarray:
    """H×W×2 float32 pixel coordinates (x, y); cached per size, never written to."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    grid = np.stack([xs, ys], axis=-1)
    grid.setflags(write=False)
    return grid


def moving_box(flow: np.ndarray, h: int, w: int) -> tuple[int, int, int, int] | None:
    """Pixel box (x0, y0, x1, y1) that contains every output pixel whose flow is not still,
    or None when nothing moves."""
    gh, gw = flow.shape[:2]
    moving = np.abs(flow).max(axis=-1) > STILL
    if not moving.any():
        return None
    rows = np.flatnonzero(moving.any(axis=1))
    cols = np.flatnonzero(moving.any(axis=0))
    # A node influences the cells on both sides of it.
    sy, sx = (h - 1) / max(gh - 1, 1), (w - 1) / max(gw - 1, 1)
    y0 = int(np.floor(max(rows[0] - 1, 0) * sy))
    y1 = int(np.ceil(min(rows[-1] + 1, gh - 1) * sy)) + 1
    x0 = int(np.floor(max(cols[0] - 1, 0) * sx))
    x1 = int(np.ceil(min(cols[-1] + 1, gw - 1) * sx)) + 1
    return x0, y0, min(x1, w), min(y1, h)


def upsample_flow(flow: np.ndarray, h: int, w: int, box: tuple[int, int, int, int]
                  ) -> np.ndarray:
    """Bilinear (align-corners) upsampling of a Gh×Gw×2 flow over pixel `box` → bh×bw×2."""
    import cv2
    gh, gw = flow.shape[:2]
    x0, y0, x1, y1 = box
    sx, sy = (gw - 1) / max(w - 1, 1), (gh - 1) / max(h - 1, 1)
    m = np.array([[sx, 0.0, x0 * sx], [0.0, sy, y0 * sy]], np.float64)
    return cv2.warpAffine(flow, m, (x1 - x0, y1 - y0),
                          flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)


def warp_into(image: np.ndarray, flow: np.ndarray, out: np.ndarray
              ) -> tuple[int, int, int, int] | None:
    """Write the warped `image` (H×W×C uint8) into `out` (same shape; it must already hold a
    copy of `image`). Returns the pixel box that was resampled, or None."""
    import cv2
    h, w = image.shape[:2]
    box = moving_box(flow, h, w)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    maps = upsample_flow(flow, h, w, box)
    maps += _identity(h, w)[y0:y1, x0:x1]
    cv2.remap(image, maps, None, cv2.INTER_LINEAR, dst=out[y0:y1, x0:x1],
              borderMode=cv2.BORDER_REPLICATE)
    return box


def warp_image(image: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """image: H×W×C uint8; flow: Gh×Gw×2 float32 backward offsets in output pixels
    (align-corners grid). Returns the warped H×W×C uint8 image."""
    out = image.copy()
    warp_into(image, flow, out)
    return out
