"""Expression parameters: the one currency between sources (visemes, presets, emotion, idle,
webcam) and rigs (why: docs/ARCHITECTURE.md, *The parameter currency*).

Names follow ARKit blendshapes where one exists; *Left* is the subject's own left. Unsigned
parameters are 0..1 (0 = at rest); gaze is -1..1 (right/down negative, as seen by the subject:
gazeX > 0 looks to the subject's left, gazeY > 0 looks up); head angles are degrees
(yaw > 0 turns towards the subject's left, pitch > 0 tilts the chin up, roll > 0 tilts the top
of the head towards the subject's left shoulder).

A pose is a plain `dict[str, float]` holding only the names that differ from rest; a track is
a `ParamTrack`, a T×P float32 matrix sampled at a fixed rate with columns in `NAMES` order.
"""
from __future__ import annotations

import math

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from studio.errors import UserError


@dataclass(frozen=True)
class ParamSpec:
    name: str
    lo: float
    hi: float
    doc: str


SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("jawOpen", 0, 1, "jaw drops; chin and lower lip follow"),
    ParamSpec("mouthClose", 0, 1, "lips pressed together (bilabials m, b, p) even with the jaw open"),
    ParamSpec("mouthSmileLeft", 0, 1, "left mouth corner up and out"),
    ParamSpec("mouthSmileRight", 0, 1, "right mouth corner up and out"),
    ParamSpec("mouthFrownLeft", 0, 1, "left mouth corner down"),
    ParamSpec("mouthFrownRight", 0, 1, "right mouth corner down"),
    ParamSpec("mouthFunnel", 0, 1, "lips rounded and open (o, u)"),
    ParamSpec("mouthPucker", 0, 1, "lips rounded and pushed forward, closed (w, kiss)"),
    ParamSpec("mouthStretchLeft", 0, 1, "left corner pulled sideways (ee, fear)"),
    ParamSpec("mouthStretchRight", 0, 1, "right corner pulled sideways"),
    ParamSpec("mouthUpperUp", 0, 1, "upper lip raised (f, v show the teeth; disgust)"),
    ParamSpec("mouthLowerDown", 0, 1, "lower lip lowered away from the teeth"),
    ParamSpec("tongueOut", 0, 1, "tongue visible between the teeth (th, l)"),
    ParamSpec("eyeBlinkLeft", 0, 1, "left lid closed"),
    ParamSpec("eyeBlinkRight", 0, 1, "right lid closed"),
    ParamSpec("eyeWideLeft", 0, 1, "left eye opened wide"),
    ParamSpec("eyeWideRight", 0, 1, "right eye opened wide"),
    ParamSpec("eyeSquintLeft", 0, 1, "left lower lid raised"),
    ParamSpec("eyeSquintRight", 0, 1, "right lower lid raised"),
    ParamSpec("browInnerUp", 0, 1, "inner brows raised (worry, surprise)"),
    ParamSpec("browOuterUpLeft", 0, 1, "outer left brow raised"),
    ParamSpec("browOuterUpRight", 0, 1, "outer right brow raised"),
    ParamSpec("browDownLeft", 0, 1, "left brow lowered (anger, focus)"),
    ParamSpec("browDownRight", 0, 1, "right brow lowered"),
    ParamSpec("cheekPuff", 0, 1, "cheeks puffed out"),
    ParamSpec("gazeX", -1, 1, "irises towards the subject's left (+) or right (-)"),
    ParamSpec("gazeY", -1, 1, "irises up (+) or down (-)"),
    ParamSpec("headYaw", -35, 35, "degrees; turn towards the subject's left (+)"),
    ParamSpec("headPitch", -25, 25, "degrees; chin up (+)"),
    ParamSpec("headRoll", -30, 30, "degrees; head tilted towards the subject's left shoulder (+)"),
)

NAMES: tuple[str, ...] = tuple(s.name for s in SPECS)
INDEX: dict[str, int] = {n: i for i, n in enumerate(NAMES)}
SPEC: dict[str, ParamSpec] = {s.name: s for s in SPECS}
LO = np.array([s.lo for s in SPECS], np.float32)
HI = np.array([s.hi for s in SPECS], np.float32)

Pose = dict  # dict[str, float]: only the parameters that differ from rest


def check_names(pose: Mapping[str, float]) -> None:
    """Raise UserError naming any unknown parameter (and the known ones)."""
    unknown = [n for n in pose if n not in INDEX]
    if unknown:
        raise UserError(f"unknown expression parameter {unknown[0]!r}; known: {', '.join(NAMES)}")


def clamp(pose: Mapping[str, float]) -> Pose:
    """Clip every value to its parameter's range (a value that is not a finite number is
    rest, 0); unknown names raise UserError."""
    check_names(pose)
    return {n: float(min(max(v, SPEC[n].lo), SPEC[n].hi)) if math.isfinite(v) else 0.0
            for n, v in pose.items()}


def clamp_values(values: np.ndarray) -> np.ndarray:
    """`clamp` for a P vector or a T×P matrix whose columns are in `NAMES` order."""
    return np.clip(values, LO, HI)


def to_vector(pose: Mapping[str, float]) -> np.ndarray:
    """Pose → P float32 vector in NAMES order (missing names are 0, i.e. rest)."""
    v = np.zeros(len(NAMES), np.float32)
    for n, x in pose.items():
        v[INDEX[n]] = x
    return v


def from_vector(v: np.ndarray) -> Pose:
    """P vector → pose holding the non-zero entries."""
    return {n: float(x) for n, x in zip(NAMES, v) if x != 0.0}


def parse_assignment(text: str) -> tuple[str, float]:
    """'jawOpen=0.7' → ('jawOpen', 0.7), with a clear message for typos (CLI --set)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        raise UserError(f"--set expects name=value, got {text!r}")
    check_names({name: 0.0})
    try:
        x = float(value)
    except ValueError:
        raise UserError(f"--set {name}: {value!r} is not a number") from None
    spec = SPEC[name]
    if not spec.lo <= x <= spec.hi:
        raise UserError(f"--set {name} must be between {spec.lo:g} and {spec.hi:g} (got {x:g})")
    return name, x


@dataclass(frozen=True)
class ParamTrack:
    """Parameters over time: `values` is T×P float32 (columns in NAMES order) at `fps`,
    row i at time i / fps."""
    fps: float
    values: np.ndarray

    @staticmethod
    def zeros(duration: float, fps: float) -> "ParamTrack":
        n = max(1, int(round(duration * fps)) + 1)
        return ParamTrack(fps, np.zeros((n, len(NAMES)), np.float32))

    @property
    def duration(self) -> float:
        return (len(self.values) - 1) / self.fps

    def column(self, name: str) -> np.ndarray:
        return self.values[:, INDEX[name]]

    def vector_at(self, t: float) -> np.ndarray:
        """Linear interpolation at time t seconds (held at the ends)."""
        x = min(max(t * self.fps, 0.0), len(self.values) - 1)
        i = int(x)
        j = min(i + 1, len(self.values) - 1)
        w = np.float32(x - i)
        return self.values[i] * (1 - w) + self.values[j] * w

    def at(self, t: float) -> Pose:
        return from_vector(self.vector_at(t))

    def resampled(self, fps: float) -> "ParamTrack":
        """The same motion at another frame rate."""
        n = max(1, int(round(self.duration * fps)) + 1)
        src = np.arange(len(self.values)) / self.fps
        dst = np.minimum(np.arange(n) / fps, src[-1])
        cols = [np.interp(dst, src, self.values[:, k]) for k in range(self.values.shape[1])]
        return ParamTrack(fps, np.stack(cols, axis=1).astype(np.float32))
