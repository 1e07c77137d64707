"""The dense warp: an image resampled through a coarse backward flow (OpenCV backend).

`flow` is a Gh×Gw×2 float32 grid of backward offsets in output pixels: for each output pixel,
the source is the pixel plus the bilinearly upsampled flow; grid nodes sit on the image
corners (align-corners). The ONNX backend (`warp_onnx`) implements the same signature.

Only the part of the image where the flow moves anything is resampled; the rest is copied,
which is exact because OpenCV's remap quantises positions to 1/32 pixel and offsets under
`STILL` round to zero. The engine itself uses `warp_spaced`, the same warp on a grid with an
integer node spacing, which upsamples with a plain resize (about twice as fast at 1024²).
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
    nodes = moving_nodes(flow)
    if nodes is None:
        return None
    i0, i1, j0, j1 = nodes
    gh, gw = flow.shape[:2]
    sy, sx = (h - 1) / max(gh - 1, 1), (w - 1) / max(gw - 1, 1)
    y0, y1 = int(np.floor(i0 * sy)), int(np.ceil(i1 * sy)) + 1
    x0, x1 = int(np.floor(j0 * sx)), int(np.ceil(j1 * sx)) + 1
    return x0, y0, min(x1, w), min(y1, h)


def _reach(flow: np.ndarray) -> np.ndarray:
    """Gh×Gw: the larger of each node's |dx|, |dy|. Per channel, not `.max(axis=-1)`: a
    reduction over a last axis of length 2 is numpy's slowest kind (30× here, 0.5 ms a
    frame)."""
    return np.maximum(np.abs(flow[..., 0]), np.abs(flow[..., 1]))


def moving_nodes(flow: np.ndarray) -> tuple[int, int, int, int] | None:
    """Node rows i0..i1 and columns j0..j1 (inclusive) around every node whose flow is not
    still, widened by one node on each side because a node influences the cells on both
    sides of it; None when nothing moves."""
    moving = _reach(flow) > STILL
    if not moving.any():
        return None
    rows = np.flatnonzero(moving.any(axis=1))
    cols = np.flatnonzero(moving.any(axis=0))
    gh, gw = flow.shape[:2]
    return (max(rows[0] - 1, 0), min(rows[-1] + 1, gh - 1),
            max(cols[0] - 1, 0), min(cols[-1] + 1, gw - 1))


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


def spacing_for(size: int, nodes: int = 97) -> tuple[int, int]:
    """(spacing, grid) for `warp_spaced` at a size×size output: an odd node spacing in pixels
    near (size - 1) / (nodes - 1), and the grid side that covers the image with it."""
    k = max(1, int(round((size - 1) / max(nodes - 1, 1))))
    k += 1 - k % 2
    return k, -(-(size - 1) // k) + 1


def warp_spaced(image: np.ndarray, flow: np.ndarray, spacing: int, out: np.ndarray,
                margin: int = 0) -> tuple[int, int, int, int] | None:
    """The engine's fast path of `warp_into`: flow nodes sit every `spacing` pixels (odd),
    node (i, j) on pixel (j·spacing, i·spacing), the grid reaching to or past the far edges.

    With integer node spacing, OpenCV's separable resize does the bilinear upsampling
    exactly (an odd spacing puts its sample centres on whole pixels), so upsampling the
    nodes' source positions gives every pixel's — far cheaper than an affine upsample plus
    an identity-grid sum. `out` must hold a copy of `image`'s centre; returns the box or
    None. With `margin`, `image` is the output's texture padded by that many pixels on every
    side (real photo beyond the frame), and samples may reach into the padding."""
    import cv2
    h, w = out.shape[:2]
    nodes = moving_nodes(flow)
    if nodes is None:
        return None
    i0, i1, j0, j1 = nodes
    k = spacing
    x0, y0 = j0 * k, i0 * k
    x1, y1 = min(j1 * k + 1, w), min(i1 * k + 1, h)
    if x1 <= x0 or y1 <= y0:
        return None
    # where each node samples `image`: its own pixel (plus the margin) moved by the flow
    sources = flow[i0:i1 + 1, j0:j1 + 1] + _node_pixels(i1 - i0 + 1, j1 - j0 + 1, k,
                                                         x0 + margin, y0 + margin)
    up = cv2.resize(sources, ((j1 - j0 + 1) * k, (i1 - i0 + 1) * k),
                    interpolation=cv2.INTER_LINEAR)
    c = (k - 1) // 2
    up = up[c:c + (y1 - y0), c:c + (x1 - x0)]
    # remap turns float maps into 1/32-pixel fixed point block by block anyway; done once
    # here, its bilinear pass runs a fifth faster
    fixed, fraction = cv2.convertMaps(up, None, cv2.CV_16SC2)
    cv2.remap(image, fixed, fraction, cv2.INTER_LINEAR, dst=out[y0:y1, x0:x1],
              borderMode=cv2.BORDER_REPLICATE)
    return x0, y0, x1, y1


@functools.lru_cache(maxsize=32)
def _node_pixels(rows: int, cols: int, spacing: int, x0: int, y0: int) -> np.ndarray:
    """rows×cols×2 float32 pixel positions (x, y) of grid nodes `spacing` apart from
    (x0, y0) (read-only)."""
    ys, xs = np.mgrid[0:rows, 0:cols].astype(np.float32) * np.float32(spacing)
    grid = np.stack([xs + np.float32(x0), ys + np.float32(y0)], axis=-1)
    grid.flags.writeable = False
    return grid


def keep_inside(flow: np.ndarray, spacing: float, bounds: tuple[float, float, float, float]
                ) -> np.ndarray:
    """The backward flow (G×G×2 output pixels, node (i, j) on pixel (j·spacing, i·spacing))
    eased to zero towards the edges of `bounds` (x0, y0, x1, y1: the output-pixel box in
    which the source holds real photo pixels), so no output pixel samples past them.

    Sampling past them would repeat the edge pixel: a smeared band wherever the face comes
    near an edge of the photo (a tight crop, a turned head). The flow is scaled by a
    smoothstep of the distance to the nearest edge over a margin of twice the largest motion
    near the edges; then every sample stays inside (the step 3t² − 2t³ never lets the motion
    exceed the distance) and the mapping stays monotonic (slope ≤ 0.75), so nothing folds.
    Far from every edge the flow is returned unchanged."""
    dist, near = _edge_distance(flow.shape[0], float(spacing), tuple(map(float, bounds)))
    reach = float(_reach(flow)[near].max()) if near.any() else 0.0
    if reach < STILL:
        return flow
    t = np.clip(dist / max(2.0 * reach, 2.0), 0.0, 1.0)
    ease = t * t * (3.0 - 2.0 * t)
    # both channels spelled out: numpy broadcasts a G×G×1 factor over a last axis of 2
    # element pair by element pair (5× slower)
    return flow * np.stack([ease, ease], axis=-1)


@functools.lru_cache(maxsize=8)
def _edge_distance(n: int, spacing: float, bounds: tuple[float, float, float, float]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """For an n×n flow grid: each node's distance (output pixels) to the nearest edge of
    `bounds`, and which nodes lie within 0.35 of the box's span of one (read-only; the same
    for every frame of a framing)."""
    pos = np.arange(n, dtype=np.float32) * np.float32(spacing)
    x0, y0, x1, y1 = bounds
    ex = np.minimum(pos - x0, x1 - pos)
    ey = np.minimum(pos - y0, y1 - pos)
    dist = np.minimum(ey[:, None], ex[None, :])
    near = dist < 0.35 * max(min(x1 - x0, y1 - y0), 1.0)
    dist.flags.writeable = False
    near.flags.writeable = False
    return dist, near


def warp_image(image: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """image: H×W×C uint8; flow: Gh×Gw×2 float32 backward offsets in output pixels
    (align-corners grid). Returns the warped H×W×C uint8 image."""
    out = image.copy()
    warp_into(image, flow, out)
    return out
