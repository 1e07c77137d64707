"""The photo's own expression, estimated once per face from its landmarks.

A portrait is rarely neutral: most are taken smiling, some laughing, talking, frowning or
wide-eyed. Presets and lip-sync must land on the expression they ask for, not on top of the
photo's. This module measures, per face and against anthropometric norms: how far the mouth
corners sit above (smile) or below (frown) the lip line and how much wider the mouth is than
a relaxed one; how far the lips are apart and how much of that the jaw should close; how far
the brows sit from the eyes; how open the eyes are. `PhotoExpression.undo` turns that into
the coefficients that bring the face to neutral (see `studio.rig.geometry.PhotoRig`).
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
# Of an open mouth's lip gap, this share is closed by the jaw coming up; the lips close the
# rest (a laugh pulls the lips back from the teeth as well as dropping the jaw).
JAW_SHARE = 0.6
# An open mouth (inner-lip gap / mouth width) from which the photo counts as expressive:
# a broad grin or a laugh, not a smile that shows a little of the teeth.
EXPRESSIVE_OPEN = 0.18
# Brow height (upper lid to inner brow, × face width): the usual band at rest. Outside it
# the photo's brows count as raised or lowered.
BROW_BAND = (0.055, 0.12)
# Eye opening (lid gap / eye width): wider than this is wide-eyed, narrower is squinting.
EYE_BAND = (0.16, 0.38)
# Unit travels of the blendshapes these are undone with (see `studio.rig.blendshapes`):
# Many relaxed mouths turn down a little: corners count as a frown only past this (× width).
FROWN_MARGIN = 0.015
FROWN_TRAVEL = 0.06              # × face width, corner down per unit of mouthFrown
BROW_UP_TRAVEL = 0.07            # × face width, inner brow up per unit of browInnerUp
BROW_DOWN_TRAVEL = 0.045         # × face width, brow down per unit of browDown


@dataclass(frozen=True)
class PhotoExpression:
    """Face-local measurements of the photo's expression (pixels unless stated).

    lift_left/right: how far each corner must move down to sit on a relaxed lip line (≥ 0);
    narrow: how far each corner must move inwards for a relaxed mouth width (≥ 0);
    smile: 0..1, how much the photo smiles; open: inner-lip gap / mouth width;
    frown_left/right, brow_up, brow_down_left/right, eye_wide_left/right,
    eye_squint_left/right: how much of each blendshape (0..1) the photo already shows
    beyond a relaxed face."""
    lift_left: float
    lift_right: float
    narrow: float
    smile: float
    open: float
    frown_left: float = 0.0
    frown_right: float = 0.0
    brow_up: float = 0.0
    brow_down_left: float = 0.0
    brow_down_right: float = 0.0
    eye_wide_left: float = 0.0
    eye_wide_right: float = 0.0
    eye_squint_left: float = 0.0
    eye_squint_right: float = 0.0

    @property
    def expressive(self) -> bool:
        """Whether the photo shows an expression worth undoing by default: an open mouth
        (a laugh, a grin, talking), a frown, raised or lowered brows, wide or squeezed eyes."""
        marked = max(self.frown_left, self.frown_right, self.brow_up, self.brow_down_left,
                     self.brow_down_right, self.eye_wide_left, self.eye_wide_right,
                     self.eye_squint_left, self.eye_squint_right)
        return self.open > EXPRESSIVE_OPEN or marked > 0.5

    def summary(self) -> str:
        """A few words for the intake report: 'laughing', 'smiling, brows raised', …"""
        words = []
        if self.open > EXPRESSIVE_OPEN:
            words.append("laughing or talking (mouth open)" if self.smile > 0.5
                         else "mouth open")
        elif self.smile > 0.5:
            words.append("smiling")
        if max(self.frown_left, self.frown_right) > 0.5:
            words.append("frowning")
        if self.brow_up > 0.35:
            words.append("brows raised")
        if max(self.brow_down_left, self.brow_down_right) > 0.35:
            words.append("brows lowered")
        if max(self.eye_wide_left, self.eye_wide_right) > 0.35:
            words.append("eyes wide")
        if max(self.eye_squint_left, self.eye_squint_right) > 0.35:
            words.append("eyes narrowed")
        return ", ".join(words) or "relaxed"


def photo_expression(p: np.ndarray) -> PhotoExpression:
    """Estimate the expression of one face (`p`: 478×3 float32 landmarks, pixels)."""
    w = T.face_width(p)
    _, ey = T.face_axes(p)
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
    unit = lambda x: float(np.clip(x, 0.0, 1.0))
    frown = [unit((y(c) - relaxed_y - FROWN_MARGIN * w) / (FROWN_TRAVEL * w))
             for c in (T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT)]
    heights = [(np.mean([y(i) for i in eye[3:6]]) - np.mean([y(i) for i in brow])) / w
               for eye, brow in ((T.LEFT_EYE_UPPER, T.LEFT_BROW_INNER),
                                 (T.RIGHT_EYE_UPPER, T.RIGHT_BROW_INNER))]
    lo, hi = BROW_BAND
    brow_up = unit((float(np.mean(heights)) - hi) / BROW_UP_TRAVEL)
    brow_down = [unit((lo - h) / BROW_DOWN_TRAVEL) for h in heights]
    wide, squint = [], []
    for upper, lower in ((T.LEFT_EYE_UPPER, T.LEFT_EYE_LOWER),
                         (T.RIGHT_EYE_UPPER, T.RIGHT_EYE_LOWER)):
        eye_w = max(float(np.linalg.norm(p[upper[0], :2] - p[upper[-1], :2])), 1.0)
        r = float(np.mean([y(b) - y(a) for a, b in zip(upper[3:6], lower[3:6])])) / eye_w
        # eyeWide lifts the lid by 0.45 of the opening, eyeSquint raises the lower lid by 0.4
        wide.append(unit((r - EYE_BAND[1]) / max(r, 1e-3) / 0.45))
        squint.append(unit((EYE_BAND[0] - r) / max(r, 1e-3) / 0.4))
    return PhotoExpression(lift_l, lift_r, narrow, float(0.5 * (by_lift + by_width)),
                           gap / max(width, 1.0), frown[0], frown[1], brow_up, brow_down[0],
                           brow_down[1], wide[0], wide[1], squint[0], squint[1])


def neutral_amount(setting: str, expression) -> float:
    """1 when the photo's own expression is undone at rest, else 0 (see ExternalStatic
    `photo_expression`): always for "neutral", never for "as photographed", and for "auto"
    when the photo is expressive (a laugh, a frown, raised brows, wide or narrowed eyes)."""
    if setting == "neutral":
        return 1.0
    if setting == "auto":
        return 1.0 if expression.expressive else 0.0
    return 0.0
