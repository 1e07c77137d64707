"""Emotion → expression parameters: the internal emotional state made visible.

The profile's internal valence (unhappy … happy), arousal (calm … excited) and expressiveness
(0..1) map to a small, constant pose offset laid under the expression preset:

- valence > 0: smile, slight cheek/lower-lid raise (a Duchenne smile squints a little);
- valence < 0: mouth corners down, inner brows up (sadness);
- arousal > 0: eyes wider, outer brows up; with negative valence, brows drawn down (anger);
- arousal < 0: heavy lids and a slightly lowered head (tiredness).

Expressiveness scales all of it (0 → ×0.3, 0.5 → ×1, 1 → ×1.7); extraversion adds a little
smile, as extraverted people smile more at rest.
"""
from __future__ import annotations

from studio.params import Pose


def expressiveness_gain(expressiveness: float) -> float:
    """0 → 0.3, 0.5 → 1.0, 1 → 1.7 (linear)."""
    return 0.3 + 1.4 * expressiveness


def emotion_pose(valence: float, arousal: float, expressiveness: float = 0.5,
                 extraversion: float = 0.5) -> Pose:
    """A pose offset (unsigned parameters ≤ ~0.6) for the given emotional state."""
    g = expressiveness_gain(expressiveness)
    pos, neg = max(valence, 0.0), max(-valence, 0.0)
    up, down = max(arousal, 0.0), max(-arousal, 0.0)
    smile = g * (0.45 * pos + 0.12 * (extraversion - 0.5) * (1.0 - neg))
    pose: Pose = {
        "mouthSmileLeft": smile, "mouthSmileRight": smile,
        "eyeSquintLeft": g * 0.2 * pos, "eyeSquintRight": g * 0.2 * pos,
        "mouthFrownLeft": g * 0.35 * neg, "mouthFrownRight": g * 0.35 * neg,
        "browInnerUp": g * (0.3 * neg * (1.0 - up) + 0.1 * up),
        "eyeWideLeft": g * 0.25 * up, "eyeWideRight": g * 0.25 * up,
        "browOuterUpLeft": g * 0.2 * up * (1.0 - neg), "browOuterUpRight": g * 0.2 * up * (1.0 - neg),
        "browDownLeft": g * 0.45 * neg * up, "browDownRight": g * 0.45 * neg * up,
        "eyeBlinkLeft": g * 0.12 * down, "eyeBlinkRight": g * 0.12 * down,
        "headPitch": -g * 3.0 * down,
    }
    return {k: v for k, v in pose.items() if abs(v) > 1e-6 and (v > 0 or k.startswith("head"))}


def profile_emotion_pose(profile) -> Pose:
    """`emotion_pose` for a `DigitalHuman`'s internal state."""
    inner = profile.internal
    return emotion_pose(inner.valence, inner.arousal, inner.expressiveness,
                        inner.personality.extraversion)
