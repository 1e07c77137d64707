"""Sticker motions: short keyframed pose sequences that loop cleanly.

A motion is a function of time over one period; its last keyframe equals its first, and
frames are sampled at i / fps for i < n (never at t = period), so the last frame flows into
the first. Every expression preset is a sticker too: the preset held with a gentle, periodic
breath and nod. Frame 1 always shows the expression (WhatsApp shows frame 1 when it stops).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from studio.errors import UserError
from studio.params import Pose, clamp
from studio.rig.presets import PRESETS, preset_pose


def _p(preset: str = "neutral", scale: float = 1.0, **extra: float) -> Pose:
    pose = dict(preset_pose(preset, min(scale, 1.0)))
    for k, v in extra.items():
        pose[k] = pose.get(k, 0.0) + v
    return pose


# name → (period in seconds, [(phase 0..1, pose)]); phase 0 and 1 hold the same pose.
_KEYFRAMES: dict[str, tuple[float, list[tuple[float, Pose]]]] = {
    "wink": (1.6, [(0.0, _p("happy", 0.7)), (0.25, _p("happy", 0.7)),
                   (0.4, _p("wink", headRoll=3.0)), (0.7, _p("wink", headRoll=3.0)),
                   (0.85, _p("happy", 0.7)), (1.0, _p("happy", 0.7))]),
    "nod": (1.2, [(0.0, _p("happy", 0.6)), (0.25, _p("happy", 0.6, headPitch=-11.0)),
                  (0.5, _p("happy", 0.6, headPitch=3.0)), (0.75, _p("happy", 0.6, headPitch=-11.0)),
                  (1.0, _p("happy", 0.6))]),
    "shake": (1.2, [(0.0, _p("neutral")), (0.25, _p(headYaw=-14.0, mouthFrownLeft=0.3, mouthFrownRight=0.3)),
                    (0.5, _p()), (0.75, _p(headYaw=14.0, mouthFrownLeft=0.3, mouthFrownRight=0.3)),
                    (1.0, _p())]),
    "laugh": (1.0, [(0.0, _p("laugh", jawOpen=-0.2)), (0.25, _p("laugh", jawOpen=0.2, headPitch=3.0)),
                    (0.5, _p("laugh", jawOpen=-0.2)), (0.75, _p("laugh", jawOpen=0.2, headPitch=3.0)),
                    (1.0, _p("laugh", jawOpen=-0.2))]),
    "surprised": (1.6, [(0.0, _p("surprised", 0.8)), (0.2, _p("surprised", jawOpen=0.2, headPitch=4.0)),
                        (0.6, _p("surprised", jawOpen=0.15, headPitch=4.0)), (1.0, _p("surprised", 0.8))]),
    "love": (1.6, [(0.0, _p("love", headRoll=-8.0)), (0.5, _p("love", headRoll=8.0)),
                   (1.0, _p("love", headRoll=-8.0))]),
    "bye": (1.2, [(0.0, _p("happy", 0.9, headRoll=-7.0)), (0.25, _p("happy", jawOpen=0.15, headRoll=7.0)),
                  (0.5, _p("happy", 0.9, headRoll=-7.0)), (0.75, _p("happy", jawOpen=0.15, headRoll=7.0)),
                  (1.0, _p("happy", 0.9, headRoll=-7.0))]),
    "thinking": (2.0, [(0.0, _p("thinking")), (0.5, _p("thinking", gazeX=-1.0, headYaw=-4.0)),
                       (1.0, _p("thinking"))]),
    "kiss": (1.2, [(0.0, _p("kiss", 0.6)), (0.4, _p("kiss", headRoll=-3.0)), (0.6, _p("kiss", headRoll=-3.0)),
                   (1.0, _p("kiss", 0.6))]),
    "sleepy": (2.0, [(0.0, _p("sleepy")), (0.35, _p("sleepy", jawOpen=0.55, eyeBlinkLeft=0.25,
                                                     eyeBlinkRight=0.25, headPitch=6.0)),
                     (0.6, _p("sleepy")), (1.0, _p("sleepy"))]),
}
MOTIONS: tuple[str, ...] = tuple(_KEYFRAMES)
STICKER_NAMES: tuple[str, ...] = MOTIONS + tuple(n for n in PRESETS if n not in _KEYFRAMES)


def _ease(x: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * x)


def _lerp(a: Pose, b: Pose, w: float) -> Pose:
    return {n: a.get(n, 0.0) * (1 - w) + b.get(n, 0.0) * w for n in set(a) | set(b)}


@dataclass(frozen=True)
class Motion:
    """A looping pose sequence: `pose_at(t)` has period `duration` seconds."""
    name: str
    duration: float
    keys: tuple[tuple[float, Pose], ...]

    breath: float = 1.2          # degrees of a slow nod over the period: never a frozen frame

    def pose_at(self, t: float) -> Pose:
        phase = (t / self.duration) % 1.0
        pose = dict(self.keys[0][1])
        for (p0, a), (p1, b) in zip(self.keys, self.keys[1:]):
            if p0 <= phase <= p1:
                pose = _lerp(a, b, _ease((phase - p0) / max(p1 - p0, 1e-9)))
                break
        pose["headPitch"] = pose.get("headPitch", 0.0) + self.breath * math.sin(2 * math.pi * phase)
        return clamp(pose)


def _preset_motion(name: str, period: float = 2.0, base: Pose | None = None) -> Motion:
    """A preset (or `base`, a pose of the user's own) held with a slow breath (intensity
    0.85..1) and a small nod; one blink for presets with open eyes. Sampled densely so
    `pose_at` stays a keyframe lookup."""
    base = preset_pose(name) if base is None else {k: float(v) for k, v in base.items()}
    keys = []
    steps = 16
    for i in range(steps + 1):
        ph = i / steps
        w = 0.925 + 0.075 * math.cos(2 * math.pi * ph)
        pose = {k: v * w for k, v in base.items()}
        if max(base.get("eyeBlinkLeft", 0), base.get("eyeBlinkRight", 0)) < 0.3 and i in (10, 11):
            for lid in ("eyeBlinkLeft", "eyeBlinkRight"):
                pose[lid] = 1.0 if i == 10 else 0.5
        keys.append((ph, pose))
    return Motion(name, period, tuple(keys), breath=2.0)


def motion_for(name: str, own_presets: dict | None = None) -> Motion:
    """The looping motion of a sticker name (a motion, an expression preset, or one of the
    user's own presets in `own_presets`: name → pose, from `profile.dynamic.user_presets`)."""
    if own_presets and name in own_presets:
        return _preset_motion(name, base=own_presets[name])
    key = name.strip().lower()
    if key in _KEYFRAMES:
        period, keys = _KEYFRAMES[key]
        return Motion(key, period, tuple(keys))
    if key in PRESETS:
        return _preset_motion(key)
    raise UserError(f"unknown sticker {name!r}; choose one of: {', '.join(STICKER_NAMES)}")
