"""The photo rig: expression parameters → target landmark geometry for one face.

`PhotoRig.target(pose)` gives where the 478 landmarks go: the face's own blendshapes
(`studio.rig.blendshapes`) plus the static face-shape edits, then the head rotation in 2.5D.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from studio.face import topology as T
from studio.rig.blendshapes import CINDEX, Basis, build_basis, coefficients
from studio.rig.expression import EXPRESSIVE_OPEN, PhotoExpression, photo_expression
from studio.rig.headpose import face_depth, head_pivot, nod_column, rotate_points, turn

PUCKER_CLOSES = 0.8      # share of the lip gap a full pucker closes (see blendshapes)


def head_angles(pose: Mapping[str, float]) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees, clipped to the parameter ranges."""
    from studio.params import clamp
    angles = clamp({n: float(pose.get(n, 0.0)) for n in ("headYaw", "headPitch", "headRoll")})
    return angles["headYaw"], angles["headPitch"], angles["headRoll"]


@dataclass(frozen=True, eq=False)
class FrameGeometry:
    """One pose, solved (photo pixels): k (K coefficients), angles (yaw, pitch, roll),
    target (478×3 landmarks), teeth_pre (S×3 teeth rows before the head turns), teeth (S×3
    after), warp_lids (478×3: where the warp alone puts the landmarks; differs at the lids)."""
    k: np.ndarray
    angles: tuple[float, float, float]
    target: np.ndarray
    teeth_pre: np.ndarray
    teeth: np.ndarray
    warp_lids: np.ndarray


class PhotoRig:
    """Geometry of one photographed face.

    landmarks: 478×3 float32 photo pixels (MediaPipe order). shape: 478×2 float32 static
    face-shape offsets (pixels) or None."""

    def __init__(self, landmarks: np.ndarray, shape: np.ndarray | None = None):
        self.source = np.asarray(landmarks, np.float32)
        self.basis: Basis = build_basis(self.source)
        self.expression: PhotoExpression = photo_expression(self.source)
        self.pivot = head_pivot(self.source)
        self.face_z = face_depth(self.source)          # what a nod turns about (`nod_column`)
        self.jaw_close = self.basis.jaw_close
        self.neutral = 0.0
        self.set_shape(shape)

    def set_neutral(self, amount: float) -> None:
        """How far (0..1) the photo's own expression is undone at rest: 0 keeps the photo as
        photographed, 1 starts every pose from a neutral face (lips together, smile and
        frown relaxed, brows and eyes at rest)."""
        self.neutral = float(min(max(amount, 0.0), 1.0))

    def set_shape(self, shape: np.ndarray | None) -> None:
        base = self.source.copy()
        if shape is not None:
            base[:, :2] += shape
        self.base = base          # the face at rest, with the static shape edits

    def deformed(self, k: np.ndarray, warp: bool = False) -> np.ndarray:
        """Landmarks after the blendshapes with coefficients `k`, before head rotation."""
        deltas = self.basis.warp if warp else self.basis.geometry
        # einsum, not BLAS: for products this small, BLAS thread start-up dominates and
        # stalls badly on a busy 2-core machine.
        return self.base + np.einsum("k,knc->nc", k, deltas)

    def teeth_target(self, k: np.ndarray, deformed: np.ndarray | None = None) -> np.ndarray:
        """The teeth rows (see `Basis.teeth`) for coefficients `k`, before the head turns:
        S×3 photo pixels (`deformed`: `self.deformed(k)` when already at hand).

        Upper teeth belong to the skull and lower teeth to the jaw, so the upper row stays
        and the lower row drops with jawOpen only; lips moving over them (a raised upper lip,
        closing lips) push a row only where they would otherwise cross it."""
        rows = self.basis.teeth
        if len(rows) == 0:
            return rows
        n = len(rows) // 2
        up, lo = list(T.LIPS_UPPER_INNER[1:-1]), list(T.LIPS_LOWER_INNER[1:-1])
        lips = self.deformed(k) if deformed is None else deformed
        moved = lips - self.source
        jaw = k[CINDEX["jawOpen"]] * self.basis.geometry[CINDEX["jawOpen"], lo]
        sideways = 0.5 * (moved[up] + moved[lo]) * np.float32([1, 0, 0])
        upper = rows[:n] + sideways
        lower = rows[n:] + sideways
        lower[:, 1] = rows[n:, 1] + jaw[:, 1]
        lip_u, lip_l = lips[up, 1], lips[lo, 1]
        mid = 0.5 * (lip_u + lip_l)
        upper[:, 1] = np.clip(upper[:, 1], np.minimum(lip_u + 0.3, mid), np.maximum(lip_l - 0.3, mid))
        lower[:, 1] = np.clip(lower[:, 1], upper[:, 1], np.maximum(lip_l - 0.3, upper[:, 1]))
        return np.concatenate([upper, lower]).astype(np.float32)

    def coefficients(self, pose: Mapping[str, float]) -> np.ndarray:
        """`blendshapes.coefficients` for this face, relative to its photographed expression.

        With `neutral` > 0 the photo's own expression is undone first (see `set_neutral`).
        Where a preset relaxes the photo's own smile, the lips also close over the teeth the
        smile showed (as far as it smiled), without closing them further than a pucker
        already does. Closing an open-mouthed photo's lips (neutral, mouthClose) brings the jaw up for its share of the gap instead of stretching the lips over it."""
        k = coefficients(pose)
        e, a = self.expression, self.neutral
        if a > 0:
            self._undo_expression(k, a)
        relax = max(k[CINDEX["smileRelaxLeft"]], k[CINDEX["smileRelaxRight"]])
        if relax > 0 and e.smile > 0:
            cover = min(relax * min(1.5 * e.smile, 1.0),
                        max(1.0 - PUCKER_CLOSES * k[CINDEX["mouthPucker"]], 0.0))
            k[CINDEX["mouthCloseGap"]] = max(k[CINDEX["mouthCloseGap"]], cover)
        # Closing an open photo's lips: the jaw rises for its share, the lips close the rest
        # (`mouthCloseGap`); a pucker closes its own part of the lips already.
        # at rest only a wide-open mouth is closed (a laugh, talking); a smile that shows the
        # teeth, or a tongue filling the mouth, is left as the photo shows it
        close = max(k[CINDEX["mouthCloseGap"]], a if e.open > EXPRESSIVE_OPEN else 0.0)
        pucker = PUCKER_CLOSES * k[CINDEX["mouthPucker"]]
        k[CINDEX["jawOpen"]] -= max(close, pucker) * self.jaw_close
        k[CINDEX["mouthCloseGap"]] = max(close - pucker, 0.0)
        return k

    def _undo_expression(self, k: np.ndarray, a: float) -> None:
        """Subtract `a` of the photo's own expression from the coefficients, in place."""
        e = self.expression
        for side, frown, down, wide, squint in (
                ("Left", e.frown_left, e.brow_down_left, e.eye_wide_left, e.eye_squint_left),
                ("Right", e.frown_right, e.brow_down_right, e.eye_wide_right,
                 e.eye_squint_right)):
            k[CINDEX["smileRelax" + side]] = max(k[CINDEX["smileRelax" + side]], a)
            k[CINDEX["mouthFrown" + side]] -= a * frown
            k[CINDEX["browDown" + side]] -= a * down
            k[CINDEX["eyeWide" + side]] -= a * wide
            k[CINDEX["eyeSquint" + side]] -= a * squint
        k[CINDEX["browInnerUp"]] -= a * e.brow_up

    def solve(self, pose: Mapping[str, float]) -> "FrameGeometry":
        """Everything the renderer needs to know about one pose, computed once."""
        k = self.coefficients(pose)
        angles = head_angles(pose)
        pre = self.deformed(k)
        teeth_pre = self.teeth_target(k, pre)
        lids = self.deformed(k, warp=True)
        target, teeth = pre, teeth_pre
        if any(angles):
            target = self._turned(pre, angles)
            teeth = self._turned(teeth_pre, angles) if len(teeth_pre) else teeth_pre
            lids = self._turned(lids, angles)
        return FrameGeometry(k, angles, target.astype(np.float32), teeth_pre, teeth, lids)

    def target(self, pose: Mapping[str, float]) -> np.ndarray:
        """478×3 float32 landmark positions (photo pixels) for `pose`."""
        pts = self.deformed(self.coefficients(pose))
        angles = head_angles(pose)
        if any(angles):
            pts = self._turned(pts, angles)
        return pts.astype(np.float32)

    def _turned(self, points: np.ndarray, angles) -> np.ndarray:
        """N×3 points turned with the head: `turn` about the pivot, but nodding about the
        face's own depth (`nod_column`)."""
        out = rotate_points(points, turn(*angles), self.pivot)
        out[:, :2] += nod_column(*angles) * np.float32(self.pivot[2] - self.face_z)
        return out
