"""The photo's own expression, estimated once per face from its landmarks.

A portrait is rarely neutral: most are taken smiling. Presets that oppose a smile (frown,
sad, angry, disgusted, pucker, thinking) must first undo it, or they only tone the smile
down. This module measures how far the mouth corners sit above the lip line and how much
wider the mouth is than a relaxed one, so the rig can pull them back (`smileRelax*`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.face import topology as T

# A relaxed mouth is about this fraction of the distance between the pupils wide
# (anthropometric norms: mouth ≈ 50–55 mm, pupils ≈ 62–64 mm apart).
RELAXED_WIDTH = 0.85
# A relaxed mouth's corners sit this fraction of the face width below the lip line.
RELAXED_DROP = 0.005
FULL_SMILE_LIFT = 0.06           # corner lift (× face width) that counts as a full smile
FULL_SMILE_WIDTH = 0.25          # extra width (× relaxed width) that counts as a full smile


@dataclass(frozen=True)
class PhotoExpression:
    """Face-local measurements of the photo's expression (pixels unless stated).

    lift_left/right: how far each corner must move down to sit on a relaxed lip line (≥ 0);
    narrow: how far each corner must move inwards for a relaxed mouth width (≥ 0);
    smile: 0..1, how much the photo smiles; open: inner-lip gap / mouth width."""
    lift_left: float
    lift_right: float
    narrow: float
    smile: float
    open: float


def photo_expression(p: np.ndarray) -> PhotoExpression:
    """Estimate the expression of one face (`p`: 478×3 float32 landmarks, pixels)."""
    w = T.face_width(p)
    ex = p[T.TEMPLE_LEFT, :2] - p[T.TEMPLE_RIGHT, :2]
    ex = ex / max(float(np.linalg.norm(ex)), 1e-6)
    ey = np.array([-ex[1], ex[0]], np.float32)
    y = lambda i: float(p[i, :2] @ ey)
    line = 0.5 * (y(T.UPPER_LIP_CENTRE_INNER) + y(T.LOWER_LIP_CENTRE_INNER))   # stomion
    relaxed_y = line + RELAXED_DROP * w
    lift_l = max(relaxed_y - y(T.MOUTH_CORNER_LEFT), 0.0)
    lift_r = max(relaxed_y - y(T.MOUTH_CORNER_RIGHT), 0.0)
    width = float(np.linalg.norm(p[T.MOUTH_CORNER_LEFT, :2] - p[T.MOUTH_CORNER_RIGHT, :2]))
    pupils = float(np.linalg.norm(p[T.LEFT_IRIS[0], :2] - p[T.RIGHT_IRIS[0], :2]))
    relaxed_w = RELAXED_WIDTH * pupils
    narrow = max(0.5 * (width - relaxed_w), 0.0)
    by_lift = np.clip(0.5 * (lift_l + lift_r) / (FULL_SMILE_LIFT * w), 0, 1)
    by_width = np.clip((width / max(relaxed_w, 1.0) - 1.0) / FULL_SMILE_WIDTH, 0, 1)
    gap = max(y(T.LOWER_LIP_CENTRE_INNER) - y(T.UPPER_LIP_CENTRE_INNER), 0.0)
    return PhotoExpression(lift_l, lift_r, narrow, float(0.5 * (by_lift + by_width)),
                           gap / max(width, 1.0))
