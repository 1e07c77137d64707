"""Per-face landmark blendshapes: how each expression parameter moves the 478 landmarks.

Built once per photo from its own landmarks, in face-local axes (x̂ from the subject's right
temple to the left one, ŷ towards the chin), so a tilted photo deforms along its own face.
Amounts are fractions of the face width `W` (temple to temple) or of the feature's own size.

A basis holds two displacement sets per coefficient: `geometry` (where the landmark really
goes: used for accessories, the mouth interior and lid synthesis) and `warp` (what the dense
warp is asked to do). They differ only for blinks, where the warp moves the lid a little and
the lid renderer paints the rest, so the iris is covered rather than squashed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from studio.face import topology as T
from studio.rig.expression import JAW_SHARE, PhotoExpression, photo_expression

# Linear coefficients, in order. Most are parameters; the mouth-closing terms are split so
# that closing cancels the jaw's lip travel without pushing closed lips into each other.
COEFFS: tuple[str, ...] = (
    "jawOpen", "mouthCloseJaw", "mouthCloseGap", "mouthSmileLeft", "mouthSmileRight",
    "mouthFrownLeft", "mouthFrownRight", "mouthFunnel", "mouthPucker", "mouthStretchLeft",
    "mouthStretchRight", "mouthUpperUp", "mouthLowerDown", "tongueOut", "eyeBlinkLeft",
    "eyeBlinkRight", "eyeWideLeft", "eyeWideRight", "eyeSquintLeft", "eyeSquintRight",
    "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "browDownLeft", "browDownRight",
    "cheekPuff", "gazeX", "gazeY", "smileRelaxLeft", "smileRelaxRight")
CINDEX = {n: i for i, n in enumerate(COEFFS)}
# Coefficients no parameter sets directly: smileRelax* undoes the photo's own smile (see
# `studio.rig.expression`) and is driven by the parameters that oppose a smile.
DERIVED = ("mouthCloseJaw", "mouthCloseGap", "smileRelaxLeft", "smileRelaxRight")
# A frown or pucker of 1/RELAX_GAIN already relaxes the photo's smile fully: the muscles
# that pull the corners down or in act against the ones that hold a smile.
RELAX_GAIN = 2.5
CORNER_DROP = 0.35          # share of the jaw's drop the mouth corners follow
BLINK_TRAVEL = 0.97         # the closed upper lid's travel, in shares of the open gap
BLINK_WARP_SHARE = 0.34     # share of the lid travel done by the warp (the rest is painted)


def coefficients(pose: Mapping[str, float]) -> np.ndarray:
    """Pose → K float32 coefficient vector (COEFFS order). Unsigned parameters are clipped
    to 0..1; mouthClose only cancels as much jaw travel as there is."""
    k = np.zeros(len(COEFFS), np.float32)
    for name in COEFFS:
        if name in pose and name not in DERIVED:
            lo = -1.0 if name.startswith("gaze") else 0.0
            k[CINDEX[name]] = min(max(_finite(pose[name]), lo), 1.0)
    close = min(max(_finite(pose.get("mouthClose", 0.0)), 0.0), 1.0)
    jaw = k[CINDEX["jawOpen"]]
    k[CINDEX["mouthCloseJaw"]] = min(close, jaw)
    k[CINDEX["mouthCloseGap"]] = close
    pucker = k[CINDEX["mouthPucker"]]
    for side in ("Left", "Right"):
        k[CINDEX["smileRelax" + side]] = min(RELAX_GAIN * max(k[CINDEX["mouthFrown" + side]],
                                                              pucker), 1.0)
    return k


def _finite(x) -> float:
    """A parameter value as a float; NaN or infinity (a broken source) counts as rest."""
    x = float(x)
    return x if np.isfinite(x) else 0.0


@dataclass(frozen=True, eq=False)
class Basis:
    """geometry, warp: K×478×3 float32 landmark displacements (pixels) per unit coefficient.

    For a photo with the mouth open, `teeth` holds 2×9 extra points (upper row then lower
    row, 18×3 float32 photo pixels) on the line where the upper and lower teeth meet; empty
    (0×3) for a closed mouth. Teeth do not follow the lips: see `PhotoRig.teeth_target`."""
    geometry: np.ndarray
    warp: np.ndarray
    teeth: np.ndarray
    jaw_close: float = 0.0     # negative jawOpen that raises the jaw by its share of the gap


@dataclass(frozen=True, eq=False)
class FaceFrame:
    """Face-local measurements of one photo's landmarks (pixels)."""
    ex: np.ndarray        # unit vector, subject's right → left
    ey: np.ndarray        # unit vector, towards the chin
    width: float          # temple to temple
    mouth_gap: float      # inner-lip opening at the centre
    mouth_width: float


def face_frame(p: np.ndarray) -> FaceFrame:
    ex, ey = T.face_axes(p)
    gap = float(np.dot(p[T.LOWER_LIP_CENTRE_INNER, :2] - p[T.UPPER_LIP_CENTRE_INNER, :2], ey))
    mw = float(np.linalg.norm(p[T.MOUTH_CORNER_LEFT, :2] - p[T.MOUTH_CORNER_RIGHT, :2]))
    return FaceFrame(ex, ey, T.face_width(p), max(gap, 0.0), mw)


def build_basis(p: np.ndarray) -> Basis:
    """The blendshape basis of one face (`p`: 478×3 float32 landmarks in pixels)."""
    f = face_frame(p)
    local = np.stack([(p[:, :2] - p[T.NOSE_TIP, :2]) @ f.ex, (p[:, :2] - p[T.NOSE_TIP, :2]) @ f.ey],
                     axis=1)                       # 478×2 face-local coordinates, pixels
    geo = np.zeros((len(COEFFS), len(p), 2), np.float32)   # face-local displacements
    builders = _Builders(p, local, f, photo_expression(p))
    for name in COEFFS:
        geo[CINDEX[name]] = getattr(builders, name)()
    warp = geo.copy()
    for side in ("Left", "Right"):
        upper = T.LEFT_EYE_UPPER if side == "Left" else T.RIGHT_EYE_UPPER
        warp[CINDEX["eyeBlink" + side], list(upper[1:-1])] *= BLINK_WARP_SHARE
    return Basis(_to_image(geo, f), _to_image(warp, f), _teeth_rows(p, f), builders.jaw_close)


TEETH_OPEN_RATIO = 0.08          # inner-lip gap / mouth width from which the photo is "open"
TEETH_AT = 0.7                   # where the teeth meet, as a fraction of the lip gap
TEETH_ROW_GAP = 0.06             # rows sit this fraction of the gap apart


def _teeth_rows(p: np.ndarray, f: FaceFrame) -> np.ndarray:
    """The two teeth-line rows of an open-mouthed photo (18×3), or an empty 0×3 array.
    Smiles usually show more upper than lower teeth, so the line sits low in the opening."""
    if f.mouth_gap < TEETH_OPEN_RATIO * max(f.mouth_width, 1.0):
        return np.zeros((0, 3), np.float32)
    up, lo = list(T.LIPS_UPPER_INNER[1:-1]), list(T.LIPS_LOWER_INNER[1:-1])
    rows = [p[up] * (1 - t) + p[lo] * t
            for t in (TEETH_AT - TEETH_ROW_GAP / 2, TEETH_AT + TEETH_ROW_GAP / 2)]
    return np.concatenate(rows).astype(np.float32)


def _to_image(d: np.ndarray, f: FaceFrame) -> np.ndarray:
    """Face-local K×N×2 → image K×N×3 (z displacement 0)."""
    xy = d[..., :1] * f.ex + d[..., 1:2] * f.ey
    return np.concatenate([xy, np.zeros(d.shape[:-1] + (1,), np.float32)], axis=-1).astype(
        np.float32)


def _smooth(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


class _Builders:
    """One method per coefficient, each returning 478×2 face-local displacements."""

    def __init__(self, p: np.ndarray, local: np.ndarray, f: FaceFrame, e: PhotoExpression):
        self.p, self.l, self.f, self.W, self.e = p, local, f, f.width, e
        self.n = len(p)
        self.lips = np.array(T.lips_all())
        lx = local[[T.MOUTH_CORNER_RIGHT, T.MOUTH_CORNER_LEFT], 0]
        self.mouth_cx, self.mouth_half = float(lx.mean()), max(float(abs(lx[1] - lx[0]) / 2), 1.0)
        self.jaw_close = self._jaw_close()

    def _jaw_close(self) -> float:
        """How much negative jawOpen brings the lower lip up by the jaw's share
        (`JAW_SHARE`) of an open-mouthed photo's lip gap; 0 for a closed mouth."""
        f = self.f
        if f.mouth_gap < TEETH_OPEN_RATIO * max(f.mouth_width, 1.0):
            return 0.0
        lower_lip = T.LIPS_LOWER_OUTER[len(T.LIPS_LOWER_OUTER) // 2]
        travel = float(self.jawOpen()[lower_lip, 1])
        return float(min(JAW_SHARE * f.mouth_gap / max(travel, 0.05 * self.W), 1.0))

    def _zero(self) -> np.ndarray:
        return np.zeros((self.n, 2), np.float32)

    def _side_share(self, side: str) -> np.ndarray:
        """Each point's place from the mouth's middle (0) to one corner (1), 0 past the middle."""
        s = 1.0 if side == "Left" else -1.0
        return np.clip((self.l[:, 0] - self.mouth_cx) * s / self.mouth_half, 0.0, 1.0)

    def _side_weight(self, side: str) -> np.ndarray:
        """How much each lip point belongs to one corner: 1 at the corner, 0 past the centre."""
        s = 1.0 if side == "Left" else -1.0
        t = (self.l[:, 0] - self.mouth_cx) * s / self.mouth_half
        return _smooth(t) ** 1.2

    # --- jaw and lips -------------------------------------------------------------------
    def _jaw_weight(self) -> np.ndarray:
        y = self.l[:, 1]
        y_corner = self.l[[T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT], 1].mean()
        y_lower = self.l[T.LOWER_LIP_CENTRE_INNER, 1]
        y_ear = self.l[[T.TEMPLE_LEFT, T.TEMPLE_RIGHT], 1].mean()
        y_chin = self.l[T.CHIN, 1]
        # a flat, closed mouth has its lower lip on the corners' line: the ramp still spans
        # some skin, or the cheeks beside the corners tear along that line
        below_mouth = _smooth((y - y_corner + 0.02 * self.W) / max(y_lower - y_corner, 0.06 * self.W))
        hinge = np.clip((y - y_ear) / max(y_chin - y_ear, 1.0), 0, 1) ** 0.8
        w = below_mouth * hinge
        # The lower lip drops most in the middle and little at the corners, whatever the
        # photo's mouth line: an opening jaw makes an oval, never a box with straight sides
        # (a flat, closed mouth would otherwise drop every lower-lip point alike).
        lower = list(T.LIPS_LOWER_INNER[1:-1]) + list(T.LIPS_LOWER_OUTER[1:-1])
        u = np.clip(np.abs(self.l[lower, 0] - self.mouth_cx) / self.mouth_half, 0.0, 1.0)
        w[lower] = hinge[lower] * (CORNER_DROP + (1.0 - CORNER_DROP) * (1.0 - u * u))
        # The corners drop a little with the jaw, and the upper lip near them follows, so
        # the opening's sides are curves down to the corners rather than steep walls.
        upper = list(T.LIPS_UPPER_INNER[1:-1]) + list(T.LIPS_UPPER_OUTER[1:-1])
        u = np.clip(np.abs(self.l[upper, 0] - self.mouth_cx) / self.mouth_half, 0.0, 1.0)
        w[upper] = CORNER_DROP * hinge[upper] * u ** 4
        for c in (T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT, T.INNER_CORNER_LEFT,
                  T.INNER_CORNER_RIGHT):
            w[c] = CORNER_DROP * hinge[c]
        return w

    def jawOpen(self):
        d = self._zero()
        d[:, 1] = 0.27 * self.W * self._jaw_weight()
        # The mouth narrows a little as it opens. The lips' ends come in with the corners:
        # a corner pulled in past its neighbours stood the opening's sides up as walls.
        lips = list(T.LIPS_UPPER_INNER) + list(T.LIPS_LOWER_INNER) + list(
            T.LIPS_UPPER_OUTER) + list(T.LIPS_LOWER_OUTER)
        dx = self.l[lips, 0] - self.mouth_cx
        u = np.clip(np.abs(dx) / self.mouth_half, 0.0, 1.0)
        d[lips, 0] = -0.03 * self.W * np.sign(dx) * u ** 3
        corners = [T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT, T.INNER_CORNER_LEFT,
                   T.INNER_CORNER_RIGHT]
        d[corners, 0] = -0.03 * self.W * np.sign(self.l[corners, 0] - self.mouth_cx)
        return d

    def mouthCloseJaw(self):
        """Undo the jaw's travel of the lips (lips stay together while the jaw drops)."""
        d = -self.jawOpen()
        keep = np.zeros(self.n, bool)
        keep[self.lips] = True
        d[~keep] = 0.0
        return d

    def mouthCloseGap(self):
        """Close the photo's own lip gap, column by column, as far as the jaw's share
        (`jaw_close` of negative jawOpen, applied beside it) leaves open: the inner lips meet
        in the middle of what remains, the outer lips follow half as far."""
        d = self._zero()
        up, lo = list(T.LIPS_UPPER_INNER[1:-1]), list(T.LIPS_LOWER_INNER[1:-1])
        rise = self.jaw_close * self.jawOpen()[lo, 1]
        half = 0.5 * np.maximum(self.l[lo, 1] - self.l[up, 1] - rise, 0.0)
        d[up, 1], d[lo, 1] = half, -half
        d[list(T.LIPS_UPPER_OUTER[1:-1]), 1] = 0.5 * half
        d[list(T.LIPS_LOWER_OUTER[1:-1]), 1] = -0.5 * half
        return d

    def _corner(self, side: str, dx: float, dy: float, spread: float = 1.0) -> np.ndarray:
        """Move one mouth corner by (dx outward, dy down) × W; lips follow by closeness."""
        d = self._zero()
        w = self._side_weight(side) ** spread
        # Skin around the corner follows it with a soft falloff, so the field has no kinks
        # (a kink where moving lips meet still skin folds the warp).
        corner = T.MOUTH_CORNER_LEFT if side == "Left" else T.MOUTH_CORNER_RIGHT
        dist = np.linalg.norm(self.l - self.l[corner], axis=1) / (0.12 * self.W)
        lip_w = (0.7 * np.exp(-dist ** 2)).astype(np.float32)
        lip_w[self.lips] = w[self.lips]
        inner = T.INNER_CORNER_LEFT if side == "Left" else T.INNER_CORNER_RIGHT
        lip_w[inner] = lip_w[corner]     # the seam's end moves with the corner: no hook
        # Up and down, the lips bend from the mouth's middle as a parabola (a smile's U, a
        # frown's arch), turning into the S-shaped share towards the corner, where the
        # corner's own lift must show: the S-shape alone lifted the middle of each half
        # as steeply as the rest, and a smile's two lifted corners made a V.
        t = self._side_share(side)[self.lips]
        lift_w = lip_w.copy()
        lift_w[self.lips] = (1.0 - t) * t * t + t * w[self.lips]
        s = 1.0 if side == "Left" else -1.0
        d[:, 0] = s * dx * self.W * lip_w
        d[:, 1] = dy * self.W * lift_w
        return d

    def _cheek(self, side: str, dx: float, dy: float, near: int | None = None) -> np.ndarray:
        """Move one cheek by (dx outward, dy down) × W; with `near`, only the part of the
        cheek close to that landmark (a smile lifts the cheek by the mouth, not the jaw line)."""
        d = self._zero()
        idx = list(T.LEFT_CHEEK if side == "Left" else T.RIGHT_CHEEK)
        s = 1.0 if side == "Left" else -1.0
        w = np.ones(len(idx), np.float32)
        if near is not None:
            dist = np.linalg.norm(self.l[idx] - self.l[near], axis=1) / (0.22 * self.W)
            w = np.exp(-dist ** 2).astype(np.float32)
        d[idx, 0] = s * dx * self.W * w
        d[idx, 1] = dy * self.W * w
        return d

    def mouthSmileLeft(self):
        return self._corner("Left", 0.08, -0.07) + self._cheek("Left", 0.01, -0.03,
                                                               T.MOUTH_CORNER_LEFT)

    def mouthSmileRight(self):
        return self._corner("Right", 0.08, -0.07) + self._cheek("Right", 0.01, -0.03,
                                                                T.MOUTH_CORNER_RIGHT)

    def mouthFrownLeft(self):
        return self._corner("Left", 0.01, 0.06)

    def mouthFrownRight(self):
        return self._corner("Right", 0.01, 0.06)

    def _relax(self, side: str) -> np.ndarray:
        """Undo the photo's smile on one side of the mouth: the corner goes down to a relaxed
        lip line and in to a relaxed mouth width, and the lips' smiling curve flattens (the
        whole lip, not only the corner, or the seam keeps the smile's U in the middle and
        bends into a W). The skin near the corner follows with `_corner`'s falloff."""
        lift = self.e.lift_left if side == "Left" else self.e.lift_right
        d = self._corner(side, -self.e.narrow / self.W, lift / self.W)
        s = 1.0 if side == "Left" else -1.0
        t = (self.l[:, 0] - self.mouth_cx) * s / self.mouth_half
        share = np.clip(0.5 + 0.5 * t, 0.0, 1.0)          # this side's part of each lip point
        lips = self.lips
        d[lips, 0] = -s * self.e.narrow * np.clip(t[lips], 0.0, 1.0)
        d[lips, 1] = self._flatten()[lips] * share[lips]
        return d

    def _flatten(self) -> np.ndarray:
        """Per point: how far down (pixels) its lip column must move for the line where the
        lips meet to run straight between the relaxed corners instead of the smile's curve."""
        up, lo = list(T.LIPS_UPPER_INNER), list(T.LIPS_LOWER_INNER)
        mid = 0.5 * (self.l[up] + self.l[lo])                 # the seam, corner to corner
        order = np.argsort(mid[:, 0])
        seam_x, seam_y = mid[order, 0], mid[order, 1]
        (xr, yr), (xl, yl) = self.l[T.MOUTH_CORNER_RIGHT], self.l[T.MOUTH_CORNER_LEFT]
        yr, yl = yr + self.e.lift_right, yl + self.e.lift_left
        x = self.l[:, 0]
        line = yr + (yl - yr) * np.clip((x - xr) / max(xl - xr, 1.0), 0, 1)
        return (line - np.interp(x, seam_x, seam_y)).astype(np.float32)

    def smileRelaxLeft(self):
        return self._relax("Left")

    def smileRelaxRight(self):
        return self._relax("Right")

    def mouthStretchLeft(self):
        return self._corner("Left", 0.07, 0.015, spread=0.7)

    def mouthStretchRight(self):
        return self._corner("Right", 0.07, 0.015, spread=0.7)

    def _round(self, inward: float, open_up: float, open_down: float) -> np.ndarray:
        d = self._corner("Left", -inward, 0.0, 0.6) + self._corner("Right", -inward, 0.0, 0.6)
        centre = 1.0 - np.clip(np.abs(self.l[:, 0] - self.mouth_cx) / self.mouth_half, 0, 1)
        for idx, amount in ((T.LIPS_UPPER_INNER, -open_up), (T.LIPS_LOWER_INNER, open_down),
                            (T.LIPS_UPPER_OUTER, -0.5 * open_up),
                            (T.LIPS_LOWER_OUTER, 0.5 * open_down)):
            idx = list(idx[1:-1])
            d[idx, 1] += amount * self.W * centre[idx] ** 0.5
        return d

    def mouthFunnel(self):
        return self._round(0.07, 0.025, 0.05)

    def mouthPucker(self):
        d = self._round(0.09, -0.005, -0.005)
        return d + 0.8 * self.mouthCloseGap()

    def mouthUpperUp(self):
        d = self._zero()
        idx = list(T.LIPS_UPPER_OUTER[1:-1] + T.LIPS_UPPER_INNER[1:-1])
        t = np.abs(self.l[idx, 0] - self.mouth_cx) / self.mouth_half
        d[idx, 1] = -0.045 * self.W * (0.6 + 0.4 * np.sin(np.pi * np.clip(t, 0, 1)))
        return d

    def mouthLowerDown(self):
        d = self._zero()
        idx = list(T.LIPS_LOWER_OUTER[1:-1] + T.LIPS_LOWER_INNER[1:-1])
        d[idx, 1] = 0.045 * self.W
        return d

    def tongueOut(self):
        d = self._zero()
        idx = list(T.LIPS_LOWER_INNER[1:-1] + T.LIPS_LOWER_OUTER[1:-1])
        d[idx, 1] = 0.03 * self.W
        return d

    # --- eyes ---------------------------------------------------------------------------
    def _eye(self, side: str):
        if side == "Left":
            return T.LEFT_EYE_UPPER, T.LEFT_EYE_LOWER, T.LEFT_EYE_CREASE, T.LEFT_IRIS
        return T.RIGHT_EYE_UPPER, T.RIGHT_EYE_LOWER, T.RIGHT_EYE_CREASE, T.RIGHT_IRIS

    def _blink(self, side: str):
        upper, lower, crease, _ = self._eye(side)
        d = self._zero()
        u, lo = list(upper[1:-1]), list(lower[1:-1])
        # The lid stops just short of the lower lid's line, so the lashes meet it (the
        # painted lid covers the lower lid's rim as the blink completes, studio/render/lids.py).
        d[u] = BLINK_TRAVEL * (self.l[lo] - self.l[u])
        d[list(crease[1:-1]), 1] = 0.3 * d[u, 1]
        return d

    def eyeBlinkLeft(self):
        return self._blink("Left")

    def eyeBlinkRight(self):
        return self._blink("Right")

    def _opening(self, side: str) -> np.ndarray:
        upper, lower, _, _ = self._eye(side)
        return np.maximum(self.l[list(lower[1:-1]), 1] - self.l[list(upper[1:-1]), 1], 0.0)

    def _wide(self, side: str):
        upper, lower, crease, _ = self._eye(side)
        d = self._zero()
        h = self._opening(side)
        height = max(float(h.max()), 0.02 * self.W)
        prof = np.sin(np.linspace(0.2, np.pi - 0.2, len(upper) - 2))
        d[list(upper[1:-1]), 1] = -0.45 * height * prof
        d[list(crease[1:-1]), 1] = -0.3 * height * prof
        d[list(lower[1:-1]), 1] = 0.12 * height * prof
        return d

    def eyeWideLeft(self):
        return self._wide("Left")

    def eyeWideRight(self):
        return self._wide("Right")

    def _squint(self, side: str):
        _, lower, _, _ = self._eye(side)
        d = self._zero()
        height = max(float(self._opening(side).max()), 0.02 * self.W)
        prof = np.sin(np.linspace(0.2, np.pi - 0.2, len(lower) - 2))
        d[list(lower[1:-1]), 1] = -0.4 * height * prof
        return d + self._cheek(side, 0.0, -0.015, lower[len(lower) // 2])

    def eyeSquintLeft(self):
        return self._squint("Left")

    def eyeSquintRight(self):
        return self._squint("Right")

    # --- brows --------------------------------------------------------------------------
    def _brow(self, idx, dy: float, dx: float = 0.0, side: str | None = None) -> np.ndarray:
        d = self._zero()
        s = 0.0 if side is None else (1.0 if side == "Left" else -1.0)
        d[list(idx), 1] = dy * self.W
        d[list(idx), 0] = s * dx * self.W
        return d

    def browInnerUp(self):
        # Frontalis lifts the inner brows while the corrugators draw them together: the
        # oblique "worried" brow of sadness and fear, not a plain lift.
        d = self._brow(T.LEFT_BROW_INNER, -0.07, -0.012, "Left")
        d += self._brow(T.RIGHT_BROW_INNER, -0.07, -0.012, "Right")
        d += self._brow((T.LEFT_BROW[2], T.LEFT_BROW[7], T.RIGHT_BROW[2], T.RIGHT_BROW[7]), -0.03)
        d += self._brow(T.FOREHEAD_LOW, -0.01)
        return d

    def _outer_up(self, side: str):
        brow = T.LEFT_BROW if side == "Left" else T.RIGHT_BROW
        outer = T.LEFT_BROW_OUTER if side == "Left" else T.RIGHT_BROW_OUTER
        d = self._brow(outer, -0.06) + self._brow((brow[2], brow[7]), -0.035)
        return d

    def browOuterUpLeft(self):
        return self._outer_up("Left")

    def browOuterUpRight(self):
        return self._outer_up("Right")

    def _down(self, side: str):
        brow = T.LEFT_BROW if side == "Left" else T.RIGHT_BROW
        inner = T.LEFT_BROW_INNER if side == "Left" else T.RIGHT_BROW_INNER
        crease = T.LEFT_EYE_CREASE if side == "Left" else T.RIGHT_EYE_CREASE
        d = self._brow(brow, 0.045) + self._brow(inner, 0.02, -0.025, side)
        d += self._brow(crease[1:-1], 0.012)
        return d

    def browDownLeft(self):
        return self._down("Left")

    def browDownRight(self):
        return self._down("Right")

    def cheekPuff(self):
        d = self._cheek("Left", 0.05, 0.005) + self._cheek("Right", 0.05, 0.005)
        oval = np.array(T.FACE_OVAL)
        y = self.l[oval, 1]
        band = _smooth(1.0 - np.abs(y - self.l[T.MOUTH_CORNER_LEFT, 1]) / (0.35 * self.W))
        d[oval, 0] += 0.035 * self.W * np.sign(self.l[oval, 0]) * band
        return d

    def gazeX(self):
        return self._gaze(0)

    def gazeY(self):
        return self._gaze(1)

    def _gaze(self, axis: int) -> np.ndarray:
        d = self._zero()
        for side in ("Left", "Right"):
            upper, lower, _, iris = self._eye(side)
            eye_w = abs(self.l[upper[0], 0] - self.l[upper[-1], 0])
            height = max(float(self._opening(side).max()), 0.02 * self.W)
            # gazeX > 0: towards the subject's left (+x̂); gazeY > 0: up (−ŷ).
            d[list(iris), axis] = 0.22 * eye_w if axis == 0 else -0.28 * height
        return d
