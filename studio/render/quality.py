"""Measurements of rendered frames that a person would notice, shared by the real-photo
tests, the benchmark and the contact sheet: smeared bands, fidelity at rest, and how far the
mouth and eyes really open or close when a frame is tracked again by Face Mesh.

Frames are size×size×3 (or ×4) uint8 RGB(A); landmarks are 478×3 in frame pixels.
"""
from __future__ import annotations

import numpy as np

from studio.face import topology as T

# A row (column) is "replicated" when it differs from its neighbour by less than this mean
# grey level while carrying visible detail along itself: what an edge pixel repeated past
# the photo looks like. A flat backdrop (no detail) is not a band.
REPEAT_LEVEL = 0.1
DETAIL_LEVEL = 1.0


def replicated_share(frame: np.ndarray, axis: int = 0) -> float:
    """Share (0..1) of the frame's rows (axis 0) or columns (axis 1) that repeat their
    neighbour while carrying detail — the smeared band of an edge pixel stretched out."""
    grey = np.asarray(frame[..., :3], np.float32).mean(axis=-1)
    if axis == 1:
        grey = grey.T
    step = np.abs(np.diff(grey, axis=0)).mean(axis=1)          # row i vs row i + 1
    detail = np.abs(np.diff(grey, axis=1)).mean(axis=1)        # along each row
    repeated = (step < REPEAT_LEVEL) & (detail[:-1] > DETAIL_LEVEL) & (detail[1:] > DETAIL_LEVEL)
    return float(repeated.sum()) / grey.shape[0]


def band_share(frame: np.ndarray) -> float:
    """The larger of the replicated-row and replicated-column shares of a frame."""
    return max(replicated_share(frame, 0), replicated_share(frame, 1))


def psnr(a: np.ndarray, b: np.ndarray, inner: float = 0.9) -> float:
    """PSNR in dB of two equal-size frames over their centred inner `inner` share."""
    h, w = a.shape[:2]
    mh, mw = int(round(h * (1 - inner) / 2)), int(round(w * (1 - inner) / 2))
    x = np.asarray(a[mh:h - mh, mw:w - mw, :3], np.float64)
    y = np.asarray(b[mh:h - mh, mw:w - mw, :3], np.float64)
    mse = float(np.mean((x - y) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


def face_height(p: np.ndarray) -> float:
    return float(np.linalg.norm(p[T.CHIN, :2] - p[T.FOREHEAD, :2]))


def mouth_gap(p: np.ndarray) -> float:
    """Inner-lip opening at the centre, pixels."""
    return float(p[T.LOWER_LIP_CENTRE_INNER, 1] - p[T.UPPER_LIP_CENTRE_INNER, 1])


def eye_gap(p: np.ndarray, side: str) -> float:
    """Mean lid-to-lid opening over the middle of one eye (subject's 'left' or 'right')."""
    upper = T.LEFT_EYE_UPPER if side == "left" else T.RIGHT_EYE_UPPER
    lower = T.LEFT_EYE_LOWER if side == "left" else T.RIGHT_EYE_LOWER
    mid = slice(3, 6)
    return float(np.mean(p[list(lower[mid]), 1] - p[list(upper[mid]), 1]))


def track(frame: np.ndarray) -> np.ndarray | None:
    """478×3 landmarks of the largest face Face Mesh finds in a frame, or None."""
    from studio.face.detectors import face_meshes
    faces = face_meshes(np.ascontiguousarray(frame[..., :3]))
    return max(faces, key=T.face_width) if faces else None
