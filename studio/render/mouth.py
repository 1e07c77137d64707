"""Mouth interior for photos taken with the mouth closed.

When the rig opens such a mouth, the warp can only stretch the thin line between the lips,
so the opening between the target inner-lip contours is painted instead: a dark cavity,
upper teeth under the upper lip, lower teeth above the lower lip, a tongue hint and soft
shading towards the corners. Everything scales with the opening, so a slightly parted mouth
shows a sliver of teeth and a wide one shows the cavity and tongue.

Works on a small patch around the mouth (a few thousand pixels), in place.
"""
from __future__ import annotations

import numpy as np

CAVITY = np.array([52, 18, 24], np.float32)
TEETH = np.array([242, 236, 224], np.float32)
TONGUE = np.array([176, 82, 90], np.float32)
SHIFT = 4                      # fixed-point bits for sub-pixel polygon drawing


def polygon_mask(poly: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Antialiased fill of `poly` (K×2 float pixels, patch coordinates) → H×W float32 0..1."""
    import cv2
    mask = np.zeros(shape, np.uint8)
    pts = np.round(poly * (1 << SHIFT)).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_AA, SHIFT)
    return mask.astype(np.float32) * np.float32(1 / 255)


def _curve(points: np.ndarray, xs: np.ndarray) -> np.ndarray:
    order = np.argsort(points[:, 0])
    return np.interp(xs, points[order, 0], points[order, 1]).astype(np.float32)


def paint_interior(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray,
                   mouth_width: float, tongue_out: float = 0.0, teeth: bool = True,
                   within: np.ndarray | None = None) -> None:
    """Paint the mouth opening into `frame` (S×S×C uint8 RGB(A), channels 0..2 in place).

    upper, lower: K×2 float32 frame pixels of the inner lip contours, corner to corner.
    mouth_width: the outer corner distance in frame pixels (sets the teeth size).
    teeth: False when the photo's own teeth border the opening (open-mouthed photos).
    within: K×2 float32 polygon (frame pixels) the paint must stay inside (the lips' opening)."""
    h, w = frame.shape[:2]
    if teeth:
        # The photo's closed-lip seam is stretched along both inner lip edges; grow the
        # opening a little (not at the corners) so that dark line is painted over.
        grow = 0.018 * mouth_width * np.sin(np.linspace(0, np.pi, len(upper)))[:, None]
        upper = upper - grow * np.float32([0, 1])
        lower = lower + grow * np.float32([0, 1])
    poly = np.concatenate([upper, lower[::-1][1:-1]])
    x0, y0 = np.floor(poly.min(0)).astype(int) - 1
    x1, y1 = np.ceil(poly.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 3 or y1 - y0 < 2:
        return
    mask = polygon_mask(poly - (x0, y0), (y1 - y0, x1 - x0))
    if within is not None:
        mask *= polygon_mask(within - (x0, y0), mask.shape)
    if mask.max() <= 0.0:
        return
    xs = np.arange(x0, x1, dtype=np.float32)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    top, bottom = _curve(upper, xs), _curve(lower, xs)
    gap = np.maximum(bottom - top, 0.0)
    cx = 0.5 * (upper[0, 0] + upper[-1, 0])
    half = max(0.5 * abs(upper[-1, 0] - upper[0, 0]), 1.0)
    across = np.clip(np.abs(xs - cx) / half, 0, 1)
    below_top = ys - top                                   # depth under the upper lip
    above_bottom = bottom - ys

    # Cavity: darker in the middle of the opening and towards the corners.
    depth = np.clip(np.minimum(below_top, above_bottom) / np.maximum(gap * 0.5, 1.0), 0, 1)
    shade = (1.0 - 0.35 * depth) * (1.0 - 0.5 * across ** 2)
    img = CAVITY * shade[..., None]

    # Tongue: a soft mound rising from the lower lip.
    t_h = gap * (0.35 + 0.4 * tongue_out)
    t_w = 0.55 + 0.25 * tongue_out
    tongue = np.clip(1.0 - (above_bottom / np.maximum(t_h, 1.0)) ** 2 - (across / t_w) ** 2, 0, 1)
    t_col = TONGUE * (0.75 + 0.25 * np.sqrt(tongue))[..., None]
    a = np.clip(tongue * 3.0, 0, 1)[..., None] * (0.6 + 0.4 * min(tongue_out + 0.4, 1.0))
    img = img * (1 - a) + t_col * a

    if teeth:
        img = _both_rows(img, below_top, above_bottom, gap, across, xs, cx, mouth_width,
                         tongue_out)
    region = frame[y0:y1, x0:x1, :3].astype(np.float32)
    img = img * _lighting(region, mask)
    m = mask[..., None]
    frame[y0:y1, x0:x1, :3] = np.clip(region * (1 - m) + img * m + 0.5, 0, 255).astype(np.uint8)


def _lighting(region: np.ndarray, mask: np.ndarray) -> float:
    """How bright the lips and skin around the opening are, relative to a well-lit photo:
    painted teeth in a dim photo must be dim too."""
    around = region[mask < 0.05]
    if len(around) < 8:
        return 1.0
    return float(np.clip(around.mean() / 165.0, 0.3, 1.1))


def _both_rows(img, below_top, above_bottom, gap, across, xs, cx, mouth_width, tongue_out):
    """Lower teeth (partly hidden behind the lip), then upper teeth."""
    lower_h = np.minimum(0.06 * mouth_width, 0.22 * gap) * (1.0 - 0.7 * tongue_out)
    img = _teeth(img, above_bottom, lower_h, across, xs, cx, mouth_width, 0.85)
    upper_h = np.minimum(0.13 * mouth_width, 0.5 * gap)
    return _teeth(img, below_top, upper_h, across, xs, cx, mouth_width, 1.0)


def _teeth(img, dist, height, across, xs, cx, mouth_width, brightness):
    """Overlay a row of teeth occupying `dist` in [0, height) (per column)."""
    height = np.maximum(height, 0.0)
    inside = np.clip((height - dist) * 1.5, 0, 1) * (dist > -0.5)
    width = max(mouth_width / 7.0, 1.5)
    phase = ((xs - cx) / width + 0.5) % 1.0            # faint seams between the front teeth
    seam = 1.0 - 0.1 * np.exp(-((np.minimum(phase, 1 - phase)) * width / 0.7) ** 2) * (
        across < 0.6)
    edge = np.clip(dist / np.maximum(height, 1.0), 0, 1)          # shadow under the lip
    shade = brightness * seam * (1.0 - 0.55 * across ** 2) * (0.78 + 0.22 * np.sqrt(edge))
    a = (inside * np.clip(1.2 - across, 0, 1))[..., None]
    return img * (1 - a) + TEETH * shade[..., None] * a


def paint_closed_lips(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray,
                      margin: float, amount: float) -> None:
    """Seal lips that the rig closes over an open-mouthed photo, in place.

    The coarse warp cannot squeeze the photo's teeth to nothing, so a band `margin` pixels
    either side of the target inner-lip line is repainted with the lip colours found just
    above and below it, meeting at a soft darker seam. amount: 0..1 opacity (how closed).
    upper, lower: K×2 float32 frame pixels of the target inner lip contours."""
    h, w = frame.shape[:2]
    if amount <= 0.0:
        return
    x0 = max(int(np.floor(min(upper[:, 0].min(), lower[:, 0].min()))) - 1, 0)
    x1 = min(int(np.ceil(max(upper[:, 0].max(), lower[:, 0].max()))) + 2, w)
    y0 = max(int(np.floor(upper[:, 1].min() - 2 * margin)) - 3, 0)
    y1 = min(int(np.ceil(lower[:, 1].max() + 2 * margin)) + 4, h)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    patch = frame[y0:y1, x0:x1, :3].astype(np.float32)
    xs = np.arange(x0, x1, dtype=np.float32)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    top = _curve(upper, xs) - margin
    bottom = _curve(lower, xs) + margin
    cols = np.arange(x1 - x0)
    above = patch[np.clip(np.round(top - 1.5 - y0).astype(int), 0, y1 - y0 - 1), cols]
    below = patch[np.clip(np.round(bottom + 1.5 - y0).astype(int), 0, y1 - y0 - 1), cols]
    t = np.clip((ys - top) / np.maximum(bottom - top, 1.0), 0, 1)[..., None]
    img = above[None] * (1 - t) + below[None] * t
    seam = np.exp(-((ys - 0.5 * (top + bottom)) / max(0.6, 0.25 * margin)) ** 2)
    img *= (1.0 - 0.35 * seam)[..., None]
    poly = np.concatenate([np.stack([xs, top], 1), np.stack([xs, bottom], 1)[::-1]])
    mask = polygon_mask(poly - (x0, y0), (y1 - y0, x1 - x0))
    ends = np.clip(np.minimum(xs - upper[:, 0].min(), upper[:, 0].max() - xs) / 3.0, 0, 1)
    m = (mask * ends * amount)[..., None]
    frame[y0:y1, x0:x1, :3] = np.clip(patch * (1 - m) + img * m + 0.5, 0, 255).astype(np.uint8)
