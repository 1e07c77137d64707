"""Named expression presets: parameter sets in the currency of `studio.params`.

`preset_pose(name, intensity)` scales a preset towards rest (intensity 0 = neutral, 1 = the
full expression). Head angles and gaze scale too, so a half-intensity "thinking" tilts half
as far.
"""
from __future__ import annotations

from studio.errors import UserError
from studio.params import Pose, clamp

PRESETS: dict[str, Pose] = {
    "neutral": {},
    "happy": {"mouthSmileLeft": 0.8, "mouthSmileRight": 0.8, "jawOpen": 0.1,
              "eyeSquintLeft": 0.35, "eyeSquintRight": 0.35, "browOuterUpLeft": 0.2,
              "browOuterUpRight": 0.2, "headPitch": 3.0},
    # Presets that oppose a smile (frown, pucker) also relax the photo's own smile first:
    # see `studio.rig.expression`.
    "sad": {"mouthFrownLeft": 1.0, "mouthFrownRight": 1.0, "browInnerUp": 1.0,
            "eyeBlinkLeft": 0.3, "eyeBlinkRight": 0.3, "gazeY": -0.35, "headPitch": -6.0,
            "mouthClose": 1.0, "mouthPucker": 0.1},
    "angry": {"browDownLeft": 1.0, "browDownRight": 1.0, "eyeSquintLeft": 0.7,
              "eyeSquintRight": 0.7, "mouthFrownLeft": 0.9, "mouthFrownRight": 0.9,
              "mouthStretchLeft": 0.2, "mouthStretchRight": 0.2, "mouthClose": 1.0,
              "headPitch": -4.0},
    "surprised": {"jawOpen": 0.55, "mouthFunnel": 0.35, "eyeWideLeft": 0.9,
                  "eyeWideRight": 0.9, "browInnerUp": 0.9, "browOuterUpLeft": 0.9,
                  "browOuterUpRight": 0.9, "headPitch": 3.0},
    "wink": {"eyeBlinkLeft": 1.0, "eyeSquintLeft": 0.3, "mouthSmileLeft": 0.6,
             "mouthSmileRight": 0.35, "browDownLeft": 0.2, "headRoll": 5.0},
    "laugh": {"jawOpen": 0.5, "mouthSmileLeft": 1.0, "mouthSmileRight": 1.0,
              "mouthUpperUp": 0.3, "eyeSquintLeft": 0.7, "eyeSquintRight": 0.7,
              "eyeBlinkLeft": 0.35, "eyeBlinkRight": 0.35, "browOuterUpLeft": 0.3,
              "browOuterUpRight": 0.3, "headPitch": 7.0},
    "kiss": {"mouthPucker": 1.0, "eyeBlinkLeft": 0.6, "eyeBlinkRight": 0.6,
             "browInnerUp": 0.3, "headRoll": -6.0},
    "thinking": {"mouthPucker": 0.4, "mouthClose": 0.8, "mouthFrownRight": 0.3,
                 "browDownRight": 0.6, "eyeSquintRight": 0.3,
                 "browOuterUpLeft": 0.9, "browInnerUp": 0.2, "gazeX": 0.7, "gazeY": 0.7,
                 "headRoll": -7.0, "headYaw": 8.0},
    "love": {"mouthSmileLeft": 0.7, "mouthSmileRight": 0.7, "eyeSquintLeft": 0.5,
             "eyeSquintRight": 0.5, "eyeBlinkLeft": 0.25, "eyeBlinkRight": 0.25,
             "browInnerUp": 0.5, "headRoll": 8.0, "cheekPuff": 0.2},
    "disgusted": {"mouthUpperUp": 0.8, "mouthFrownLeft": 0.5, "mouthFrownRight": 0.7,
                  "browDownLeft": 0.8, "browDownRight": 0.8, "eyeSquintLeft": 0.7,
                  "eyeSquintRight": 0.7, "mouthStretchRight": 0.3, "headYaw": -6.0},
    "sleepy": {"eyeBlinkLeft": 0.8, "eyeBlinkRight": 0.8, "browInnerUp": 0.2,
               "mouthFrownLeft": 0.4, "mouthFrownRight": 0.4, "jawOpen": 0.08,
               "headRoll": 9.0, "headPitch": -8.0, "gazeY": -0.3},
    # fear stretches the lips back and down (the smile's corners go, the lower lip drops),
    # or on a smiling photo it reads as a grin
    "fear": {"eyeWideLeft": 1.0, "eyeWideRight": 1.0, "browInnerUp": 1.0,
             "mouthStretchLeft": 0.5, "mouthStretchRight": 0.5, "mouthFrownLeft": 0.45,
             "mouthFrownRight": 0.45, "mouthLowerDown": 0.4, "jawOpen": 0.2,
             "headPitch": -4.0},
    "smirk": {"mouthSmileLeft": 0.9, "mouthStretchLeft": 0.2, "browOuterUpLeft": 0.4,
              "eyeSquintRight": 0.3, "headYaw": 6.0},
    "shout": {"jawOpen": 0.9, "mouthStretchLeft": 0.5, "mouthStretchRight": 0.5,
              "mouthUpperUp": 0.4, "browDownLeft": 0.8, "browDownRight": 0.8,
              "eyeWideLeft": 0.3, "eyeWideRight": 0.3},
    # cheeky sticks the tongue out a little between parted lips
    "cheeky": {"tongueOut": 0.8, "jawOpen": 0.25, "mouthSmileLeft": 0.3,
               "mouthSmileRight": 0.3, "eyeSquintRight": 0.4, "eyeWideLeft": 0.3,
               "browOuterUpLeft": 0.5, "browOuterUpRight": 0.3, "headRoll": 6.0},
}


def preset_names() -> tuple[str, ...]:
    return tuple(PRESETS)


def preset_pose(name: str, intensity: float = 1.0) -> Pose:
    """The pose of preset `name` at `intensity` (0..1; values are scaled towards rest).

    Raises UserError for an unknown name (listing the known ones) or an intensity outside 0..1."""
    key = name.strip().lower()
    if key not in PRESETS:
        raise UserError(f"unknown expression {name!r}; known: {', '.join(PRESETS)}")
    if not 0.0 <= intensity <= 1.0:
        raise UserError(f"expression intensity must be between 0 and 1 (got {intensity:g})")
    return clamp({n: v * intensity for n, v in PRESETS[key].items() if v * intensity != 0.0})
