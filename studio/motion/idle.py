"""Idle behaviour: blinks, breathing, head sway and gaze wander as pure functions of time.

Everything here is deterministic for a given (settings, seed, t): random events (blinks,
gaze fixations) are drawn per 8-second block from a generator seeded with (seed, block), so
any time can be sampled in any order — preview, export and tests see the same motion. Smooth
motion (sway, breathing) is a sum of sines with seeded, incommensurate frequencies.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from studio.params import Pose

BLOCK = 8.0                         # seconds per block of random events
STYLE_SCALE = {"calm": 0.55, "natural": 1.0, "lively": 1.6}   # head_motion_style → amplitude
# A blink: lids close in 90 ms, stay closed 40 ms, reopen in 160 ms (reopening is slower).
CLOSE, HOLD, OPEN = 0.09, 0.04, 0.16
BLINK_LEN = CLOSE + HOLD + OPEN


@dataclass(frozen=True)
class IdleSettings:
    """Idle motion amounts, already scaled by profile and personality (see `from_profile`)."""
    blink_rate: float = 15.0        # blinks per minute
    head_sway: float = 0.5          # 0..1; ~±4° yaw at 1.0 in the natural style
    breathing: float = 0.5          # 0..1; chin rise with each breath
    gaze_wander: float = 0.5        # 0..1; fixations up to ±0.3 of the gaze range at 1.0
    motion_scale: float = 1.0       # style × personality multiplier on head motion
    breath_rate: float = 14.0       # breaths per minute
    seed: int = 0


def from_profile(profile, seed: int = 0) -> IdleSettings:
    """Idle settings from `profile.dynamic`, scaled by personality and emotion.

    Extraversion and arousal add head motion and gaze activity; neuroticism adds blinks;
    arousal quickens breathing. Factors stay within ×0.6 … ×1.6 so a slider never freezes or
    shakes the avatar."""
    d, inner = profile.dynamic, profile.internal
    p = inner.personality
    motion = STYLE_SCALE.get(d.head_motion_style, 1.0) * (0.7 + 0.6 * p.extraversion) \
        * (1.0 + 0.25 * inner.arousal) * (0.8 + 0.4 * inner.expressiveness)
    blinks = d.blink_rate * (0.8 + 0.5 * p.neuroticism) * (1.0 + 0.15 * inner.arousal)
    return IdleSettings(blink_rate=blinks, head_sway=d.head_sway, breathing=d.breathing,
                        gaze_wander=d.gaze_wander * (0.8 + 0.4 * p.extraversion),
                        motion_scale=motion, breath_rate=14.0 * (1.0 + 0.3 * inner.arousal),
                        seed=seed)


def _key(*ints: int) -> list[int]:
    """Seed entropy for numpy (non-negative words; blocks before t=0 are negative)."""
    return [i % (1 << 63) for i in ints]


@lru_cache(maxsize=64)
def _blinks(rate: float, seed: int, block: int) -> tuple[tuple[float, float], ...]:
    """Blink start times (absolute seconds) and depths in one block.

    Intervals follow a gamma distribution (shape 2.5: rarely very short, sometimes long), as
    measured spontaneous blinking does; one blink in eight is doubled."""
    if rate <= 0:
        return ()
    rng = np.random.default_rng(_key(seed, 7919, block))
    mean = 60.0 / rate
    t, out = block * BLOCK + rng.uniform(0, mean), []
    while t < (block + 1) * BLOCK:
        depth = float(rng.uniform(0.85, 1.0))
        out.append((t, depth))
        if rng.random() < 0.125:
            out.append((t + BLINK_LEN + 0.08, depth))
        t += max(BLINK_LEN + 0.15, rng.gamma(2.5, mean / 2.5))
    return tuple(out)


def _blink_shape(dt: float) -> float:
    """Lid closure 0..1 at `dt` seconds after a blink starts (smooth ease in/out)."""
    if dt < 0 or dt >= BLINK_LEN:
        return 0.0
    if dt < CLOSE:
        x = dt / CLOSE
    elif dt < CLOSE + HOLD:
        return 1.0
    else:
        x = 1.0 - (dt - CLOSE - HOLD) / OPEN
    return x * x * (3 - 2 * x)


def blink_at(t: float, rate: float, seed: int) -> float:
    """Both lids' closure 0..1 at time t."""
    block = math.floor(t / BLOCK)
    closure = 0.0
    for b in (block - 1, block):          # a blink may start in the previous block
        for start, depth in _blinks(rate, seed, b):
            closure = max(closure, depth * _blink_shape(t - start))
    return closure


@lru_cache(maxsize=64)
def _fixations(seed: int, block: int) -> tuple[tuple[float, float, float], ...]:
    """Gaze fixations (start time, x, y) in one block: 0.4–2.5 s holds, targets in -1..1."""
    rng = np.random.default_rng(_key(seed, 104729, block))
    t, out = block * BLOCK, []
    while t < (block + 1) * BLOCK:
        x = float(np.clip(rng.normal(0, 0.45), -1, 1))
        y = float(np.clip(rng.normal(0, 0.3), -1, 1))
        out.append((t, x, y))
        t += float(rng.uniform(0.4, 2.5))
    return tuple(out)


SACCADE = 0.05    # seconds for the eyes to jump to a new fixation


def gaze_at(t: float, seed: int) -> tuple[float, float]:
    """Unit-amplitude gaze target at t: holds, then a 50 ms saccade to the next fixation."""
    block = math.floor(t / BLOCK)
    fix = _fixations(seed, block - 1)[-1:] + _fixations(seed, block)
    prev, cur = fix[0], fix[0]
    for f in fix:
        if f[0] <= t:
            prev, cur = cur, f
    w = min(1.0, (t - cur[0]) / SACCADE) if cur is not prev else 1.0
    w = w * w * (3 - 2 * w)
    return prev[1] + (cur[1] - prev[1]) * w, prev[2] + (cur[2] - prev[2]) * w


@lru_cache(maxsize=256)
def _noise_params(seed: int, channel: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    rng = np.random.default_rng(_key(seed, 31337, channel))
    return tuple(rng.uniform(0.07, 0.35, 3)), tuple(rng.uniform(0, 2 * math.pi, 3))


def smooth_noise(t: float, seed: int, channel: int) -> float:
    """Smooth pseudo-random signal in about -1..1: three sines with seeded frequencies
    (0.07–0.35 Hz, never commensurate) and phases."""
    freqs, phases = _noise_params(seed, channel)
    weights = (0.55, 0.3, 0.15)
    return float(sum(w * math.sin(2 * math.pi * f * t + p) for w, f, p in zip(weights, freqs, phases)))


def idle_pose(t: float, s: IdleSettings) -> Pose:
    """The idle pose at time t (seconds): blinks, breathing, head sway and gaze wander."""
    pose: Pose = {}
    closure = blink_at(t, s.blink_rate, s.seed)
    if closure > 0:
        pose["eyeBlinkLeft"] = pose["eyeBlinkRight"] = closure
    sway = s.head_sway * s.motion_scale
    breath = math.sin(2 * math.pi * t * s.breath_rate / 60.0)
    pose["headYaw"] = 4.0 * sway * smooth_noise(t, s.seed, 0)
    pose["headPitch"] = 2.0 * sway * smooth_noise(t, s.seed, 1) + 0.8 * s.breathing * breath
    pose["headRoll"] = 2.0 * sway * smooth_noise(t, s.seed, 2)
    gx, gy = gaze_at(t, s.seed)
    amount = 0.3 * s.gaze_wander * min(1.3, s.motion_scale)
    pose["gazeX"], pose["gazeY"] = amount * gx, amount * gy
    # A little of the head's yaw is carried by the eyes in the opposite direction, as people
    # keep looking at the camera while their head sways.
    pose["gazeX"] -= 0.02 * pose["headYaw"]
    return pose
