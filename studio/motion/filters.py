"""The One-Euro filter (Casiez, Roussel, Vogel, CHI 2012) for tracked expression parameters.

A low-pass filter whose cut-off rises with the signal's speed: still faces do not jitter, fast
motions (a blink, a jaw drop) are not smeared. Per value:

    cutoff = min_cutoff + beta × |smoothed derivative|

Settings used for webcam tracking (`TRACKING`; frequencies in Hz, beta in 1/unit):

| group | min_cutoff | beta | why |
| --- | --- | --- | --- |
| eyelids | 3.0 | 1.0 | blinks last ~150 ms: must pass |
| mouth, brows | 2.0 | 1.0 | speech shapes change at 5–10 Hz |
| gaze | 1.5 | 0.5 | iris landmarks are the noisiest |
| head angles (degrees) | 1.0 | 0.05 | units are degrees, so beta is smaller |

The derivative is smoothed with a fixed 1 Hz cut-off (`d_cutoff`), as the paper suggests.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class OneEuroSettings:
    min_cutoff: float = 1.0
    beta: float = 0.0
    d_cutoff: float = 1.0


def _alpha(cutoff: float, dt: float) -> float:
    tau = 1.0 / (2 * math.pi * cutoff)
    return 1.0 / (1.0 + tau / dt)


class OneEuro:
    """One-Euro filter for one scalar; `__call__(x, t)` with t in seconds (increasing)."""

    def __init__(self, settings: OneEuroSettings = OneEuroSettings()):
        self.s = settings
        self.reset()

    def reset(self) -> None:
        self._x: float | None = None
        self._dx = 0.0
        self._t = 0.0

    def __call__(self, x: float, t: float) -> float:
        if self._x is None:
            self._x, self._t = float(x), t
            return self._x
        dt = t - self._t
        if dt <= 0:                       # same timestamp again: keep the last value
            return self._x
        dx = (x - self._x) / dt
        self._dx += _alpha(self.s.d_cutoff, dt) * (dx - self._dx)
        cutoff = self.s.min_cutoff + self.s.beta * abs(self._dx)
        self._x += _alpha(cutoff, dt) * (x - self._x)
        self._t = t
        return self._x


EYELIDS = OneEuroSettings(3.0, 1.0)
MOUTH_BROWS = OneEuroSettings(2.0, 1.0)
GAZE = OneEuroSettings(1.5, 0.5)
HEAD = OneEuroSettings(1.0, 0.05)


def tracking_settings(name: str) -> OneEuroSettings:
    """The documented setting for one expression parameter (table above)."""
    if name.startswith("head"):
        return HEAD
    if name.startswith("gaze"):
        return GAZE
    if name.startswith(("eyeBlink", "eyeWide", "eyeSquint")):
        return EYELIDS
    return MOUTH_BROWS


class PoseFilter:
    """One-Euro filters for every parameter of a pose stream (created on first sight)."""

    def __init__(self, settings=tracking_settings):
        self._settings = settings
        self._filters: dict[str, OneEuro] = {}

    def reset(self) -> None:
        self._filters.clear()

    def __call__(self, pose: Mapping[str, float], t: float) -> dict[str, float]:
        out = {}
        for name, x in pose.items():
            f = self._filters.get(name)
            if f is None:
                f = self._filters[name] = OneEuro(self._settings(name))
            out[name] = f(x, t)
        return out
