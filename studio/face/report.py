"""The intake report: what the studio found in a user's photo, and what they may want to fix.

One `IntakeReport` per photo, from the checked `Photo` (its landmarks, picture and warnings)
and the photo's own expression; `line()` is the one line the command line prints and the
studio shows in its status bar. A photo is refused only by the intake itself, where
rendering would truly fail (no face, a face too small, on its side); everything else here is
advice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.face import topology as T

SMALL_FACE_PX = 120        # below this the report suggests a closer or larger photo



@dataclass(frozen=True)
class IntakeReport:
    size: tuple[int, int]          # the picture as the file holds it (width, height)
    face_px: float                 # temple to temple, pixels of that picture
    yaw_deg: float
    roll_deg: float
    expression: str                # 'relaxed', 'smiling', 'laughing or talking …', …
    undone: bool                   # the expression is undone at rest (photo_expression auto)
    lighting: str                  # 'even', 'dim', 'harsh', 'uneven'
    monochrome: bool
    tips: tuple[str, ...]

    def line(self) -> str:
        w, h = self.size
        parts = [f"face {self.face_px:.0f} px wide in {w}×{h}",
                 _angle(self.yaw_deg, self.roll_deg),
                 self.expression + (" (undone at rest; 'as photographed' keeps it)"
                                    if self.undone else ""),
                 f"{self.lighting} light"]
        if self.monochrome:
            parts.append("black and white (kept)")
        text = "photo: " + ", ".join(parts)
        if self.tips:
            text += " — tip: " + "; ".join(self.tips)
        return text


def report_for(photo, photo_expression: str = "auto") -> IntakeReport:
    """The report for a checked `Photo`, with the profile's `photo_expression` setting."""
    from studio.face.intake import is_monochrome
    from studio.rig.expression import neutral_amount, photo_expression as estimate
    expression = estimate(photo.landmarks)
    undone = neutral_amount(photo_expression, expression) > 0
    return intake_report(photo, expression, undone, is_monochrome(photo.rgb),
                         enlarged=getattr(photo, "enlarged", 1.0))


def intake_report(photo, expression, undone: bool, monochrome: bool,
                  original_size: tuple[int, int] | None = None,
                  enlarged: float = 1.0) -> IntakeReport:
    """The report for a checked `Photo` and its `PhotoExpression`. `enlarged`: the factor
    intake enlarged a small photo by (sizes are reported as the user's file has them)."""
    from studio.face.intake import estimated_roll, estimated_yaw
    p = photo.landmarks
    face_px = T.face_width(p) / enlarged
    h, w = photo.rgb.shape[:2]
    size = original_size or (round(w / enlarged), round(h / enlarged))
    yaw, roll = estimated_yaw(p), estimated_roll(p)
    lighting = _lighting(photo.rgb, p)
    tips = []
    if face_px < SMALL_FACE_PX:
        tips.append("the face is small, so the avatar is enlarged and softer; a closer or "
                    "larger photo looks sharper")
    if abs(yaw) > 20:
        tips.append("a photo facing the camera turns and talks more naturally")
    if lighting != "even":
        tips.append(f"the light is {lighting}; a photo in soft, even light looks best")
    return IntakeReport(size, face_px, yaw, roll, expression.summary(), undone, lighting,
                        monochrome, tuple(tips))


def _angle(yaw: float, roll: float) -> str:
    if abs(yaw) <= 10 and abs(roll) <= 10:
        return "facing the camera"
    words = []
    if abs(yaw) > 10:
        words.append(f"turned {abs(yaw):.0f}°")
    if abs(roll) > 10:
        words.append(f"tilted {abs(roll):.0f}°")
    return " and ".join(words)


def _lighting(rgb: np.ndarray, p: np.ndarray) -> str:
    """How the face is lit, from the luminance inside the face oval: its level, its
    contrast and the difference between the two halves of the face."""
    import cv2
    mask = np.zeros(rgb.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(p[list(T.FACE_OVAL), :2]).astype(np.int32)], 1)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    inside = grey[mask > 0]
    if inside.size < 16:
        return "even"
    mid = 0.5 * (p[T.TEMPLE_LEFT, 0] + p[T.TEMPLE_RIGHT, 0])
    xs = np.nonzero(mask)[1]
    left, right = inside[xs >= mid], inside[xs < mid]
    level = float(np.median(inside))
    if level < 60:
        return "dim"
    if left.size and right.size and abs(float(np.median(left)) - float(np.median(right))) > 45:
        return "uneven"
    if float(np.percentile(inside, 98)) >= 250 and float(np.percentile(inside, 5)) < 40:
        return "harsh"
    return "even"
