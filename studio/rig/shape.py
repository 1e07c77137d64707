"""Face-shape edits as landmark displacements (face width, jaw, chin, eyes, nose, lips).

`shape_offsets` returns how far each of the 478 landmarks should move; the photo engine's warp
carries the pixels along. Every edit works in the face's own frame (across = eye line,
down = towards the chin), so a tilted photo is reshaped along the face, not the image axes,
and fades out smoothly with distance so no landmark jumps relative to its neighbours.
All scales are 1.0 = the photo; at 1.0 every edit contributes exactly zero.
"""
from __future__ import annotations

import numpy as np

from studio.face import regions as R


def shape_offsets(landmarks: np.ndarray, static) -> np.ndarray:
    """Pixel displacement of each landmark for the static face-shape fields.

    landmarks: 478×3 (or 478×2) float32 pixels, MediaPipe order. static: ExternalStatic.
    Returns 478×2 float32 pixels (dx, dy); all zeros when every shape field is 1.0.
    """
    p = np.asarray(landmarks, np.float32)[:, :2]
    out = np.zeros((len(p), 2), np.float32)
    if all(getattr(static, f) == 1.0 for f in ("face_width", "jaw_width", "chin_length",
                                              "eye_size", "nose_width", "lip_fullness")):
        return out
    across, down = R.face_axes(p)
    mid = 0.5 * (p[R.RIGHT_EYE_OUTER] + p[R.LEFT_EYE_OUTER])
    u = (p - p[168]) @ across          # across the face, from the nose bridge (the midline)
    v = (p - mid) @ down               # down the face, from the eye line
    du = np.zeros(len(p), np.float32)
    dv = np.zeros(len(p), np.float32)

    du += (static.face_width - 1.0) * u
    du += (static.jaw_width - 1.0) * u * _jaw_weight(p, v, down, mid)
    dv += _chin(p, v, down, mid, static.chin_length)
    for eye in (R.RIGHT_EYE, R.LEFT_EYE):
        e_du, e_dv = _eye(p, across, down, eye, static.eye_size)
        du += e_du
        dv += e_dv
    du += _nose(p, across, down, static.nose_width)
    dv += _lips(p, across, down, static.lip_fullness)
    out[:] = du[:, None] * across[None, :] + dv[:, None] * down[None, :]
    return out


def _jaw_weight(p, v, down, mid) -> np.ndarray:
    """0 at the eyes, rising gently to 1 at the jaw angles' level and below (the jaw)."""
    v_nose = float((p[R.NOSE_TIP] - mid) @ down)
    v_angle = float((0.5 * (p[172] + p[397]) - mid) @ down)
    return R.smoothstep(0.3 * v_nose, v_angle + 0.2 * (v_angle - v_nose), v)


def _chin(p, v, down, mid, scale: float) -> np.ndarray:
    """Stretch everything below the lower lip downwards, in proportion to its distance."""
    if scale == 1.0:
        return np.zeros(len(p), np.float32)
    v_lip = float((p[17] - mid) @ down)
    return ((scale - 1.0) * np.maximum(v - v_lip, 0.0)).astype(np.float32)


def _eye(p, across, down, ring, scale: float):
    """Scale one eye (lids, iris) about its centre. The scaling fades with a Gaussian of the
    distance, whose outward displacement never folds back (no ring around the socket)."""
    if scale == 1.0:
        return np.zeros(len(p), np.float32), np.zeros(len(p), np.float32)
    c = p[list(ring)].mean(axis=0)
    width = max(float(np.hypot(*(p[ring[0]] - p[ring[8]]))), 1e-3)
    d = p - c
    r2 = (d[:, 0] ** 2 + d[:, 1] ** 2) / (0.9 * width) ** 2
    w = np.exp(-r2)
    return ((scale - 1.0) * (d @ across) * w).astype(np.float32), \
        ((scale - 1.0) * (d @ down) * w).astype(np.float32)


def _nose(p, across, down, scale: float) -> np.ndarray:
    """Widen/narrow the lower nose (wings and tip) across the face, about the nose midline,
    fading with a Gaussian (taller up the bridge than down to the lip) so the cheeks beside
    the nose are not creased."""
    if scale == 1.0:
        return np.zeros(len(p), np.float32)
    c = 0.5 * (p[98] + p[327])
    half = max(0.5 * float(np.hypot(*(p[327] - p[98]))), 1e-3)
    d = p - c
    du, dv = d @ across, d @ down
    r2 = (du / (1.3 * half)) ** 2 + (dv / np.where(dv < 0, 1.3 * half, 0.7 * half)) ** 2
    return ((scale - 1.0) * du * np.exp(-r2)).astype(np.float32)


def _lips(p, across, down, scale: float) -> np.ndarray:
    """Thicken/thin both lips: each lip's outer edge moves away from its own inner edge.

    A point on the lip moves in proportion to its depth into the lip; points beyond the outer
    edge move with the edge and fade out over one lip thickness, so the philtrum and chin
    follow without a crease."""
    if scale == 1.0:
        return np.zeros(len(p), np.float32)
    c = 0.5 * (p[61] + p[291])
    du = (p - c) @ across
    dv = (p - c) @ down

    def curve(ring):
        q = p[list(ring)] - c
        return _line_at(du, q @ across, q @ down)

    in_up, in_lo = curve(R.UPPER_LIP_INNER), curve(R.LOWER_LIP_INNER)
    out_up, out_lo = curve(_UPPER_LIP_OUTER), curve(_LOWER_LIP_OUTER)
    thick_up = np.maximum(in_up - out_up, 1e-3)
    thick_lo = np.maximum(out_lo - in_lo, 1e-3)
    half = max(0.5 * float(np.hypot(*(p[291] - p[61]))), 1e-3)
    lateral = 1.0 - R.smoothstep(0.9, 1.3, np.abs(du) / half)
    up_depth = np.clip(in_up - dv, 0.0, thick_up)
    lo_depth = np.clip(dv - in_lo, 0.0, thick_lo)
    up_fade = 1.0 - R.smoothstep(0.0, 1.2 * thick_up, out_up - dv)
    lo_fade = 1.0 - R.smoothstep(0.0, 1.2 * thick_lo, dv - out_lo)
    move = -up_depth * up_fade + lo_depth * lo_fade
    return ((scale - 1.0) * move * lateral).astype(np.float32)


_UPPER_LIP_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
_LOWER_LIP_OUTER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291)


def _line_at(x: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Piecewise-linear curve through (xs, ys), evaluated at x (clamped at the ends)."""
    order = np.argsort(xs)
    return np.interp(x, xs[order], ys[order]).astype(np.float32)
