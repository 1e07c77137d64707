"""Named landmark groups of the 478-point MediaPipe face mesh, and soft region masks from them.

Landmarks everywhere here are `478×2` or `478×3 float32` pixels (x, y[, z]) in MediaPipe order.
Masks are `H×W float32` in 0..1. "Right"/"left" are the subject's sides, as MediaPipe names
them: the subject's right eye is on the image's left.

The groups are ordered rings (polygon order), so they can be filled directly. `FaceRegions`
derives the skin, neck, hair and clothing masks an appearance edit needs from the landmarks,
the person mask and the photo's own colours; each mask is computed once and kept.
"""
from __future__ import annotations

from functools import cached_property

import cv2
import numpy as np

FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
             377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67,
             109)
LIPS_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181,
              91, 146)
LIPS_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178,
              88, 95)
UPPER_LIP_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
LOWER_LIP_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)
RIGHT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
LEFT_EYE = (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249)
RIGHT_BROW = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
LEFT_BROW = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
RIGHT_IRIS = (468, 469, 470, 471, 472)      # centre first, then four rim points
LEFT_IRIS = (473, 474, 475, 476, 477)
NOSE_WINGS = (98, 97, 2, 326, 327, 294, 278, 344, 440, 275, 4, 45, 220, 115, 48, 64)
JAW = (234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288,
       361, 323, 454)
RIGHT_CHEEK = (50, 205, 187, 123, 117, 118, 101)   # cheekbone apex area
LEFT_CHEEK = (280, 425, 411, 352, 346, 347, 330)
FOREHEAD_TOP, CHIN, NOSE_TIP = 10, 152, 1
RIGHT_FACE_SIDE, LEFT_FACE_SIDE = 234, 454
RIGHT_EYE_OUTER, LEFT_EYE_OUTER = 33, 263
RIGHT_EYE_INNER, LEFT_EYE_INNER = 133, 362


NECK_LENGTH = 1.6          # how far below the chin skin edits reach, in face_scale units
HEAD_HALF_WIDTH = 1.85     # the head zone's reach across, same units, with a margin


def work_box(landmarks: np.ndarray, shape: tuple[int, int], clothing: bool = False
             ) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1): the part of a photo that any face region can reach (head, hair, neck;
    with `clothing`, everything below the chin as well), with a margin for feathering."""
    h, w = shape[:2]
    p = landmarks[:, :2]
    s = face_scale(p)
    across, down = face_axes(p)
    o = p[NOSE_TIP]
    v_chin = float((p[CHIN] - o) @ down) / s
    v_top = 0.3 * float((p[FOREHEAD_TOP] - o) @ down) / s - 2.3     # see `head_zone`
    corners = [o + s * (u * across + v * down)
               for u in (-HEAD_HALF_WIDTH, HEAD_HALF_WIDTH)
               for v in (v_top, v_chin + NECK_LENGTH + 0.2)]
    pts = np.array(corners)
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
    if clothing:                       # clothing: the full width, down to the bottom edge
        x0, x1, y1 = 0, w, h
    return max(y0, 0), min(max(y1, 1), h), max(x0, 0), min(max(x1, 1), w)


def face_scale(landmarks: np.ndarray) -> float:
    """Outer-eye-corner distance in pixels: the size unit every feather and radius is scaled by."""
    d = landmarks[LEFT_EYE_OUTER, :2] - landmarks[RIGHT_EYE_OUTER, :2]
    return max(float(np.hypot(*d)), 4.0)


def face_axes(landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors (across, down) of the face plane in the image: across runs from the subject's
    right eye to their left eye, down is perpendicular to it, pointing to the chin."""
    u = landmarks[LEFT_EYE_OUTER, :2] - landmarks[RIGHT_EYE_OUTER, :2]
    u = u / max(float(np.hypot(*u)), 1e-6)
    return u.astype(np.float32), np.array([-u[1], u[0]], np.float32)


def polygon_mask(landmarks: np.ndarray, ring: tuple[int, ...],
                 shape: tuple[int, int]) -> np.ndarray:
    """Anti-aliased filled polygon through landmarks `ring`: `H×W float32` 0..1."""
    mask = np.zeros(shape[:2], np.uint8)
    pts = np.round(landmarks[list(ring), :2] * 16).astype(np.int32)   # 4 fractional bits
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_AA, shift=4)
    return mask.astype(np.float32) * (1.0 / 255.0)


def feather(mask: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian-softened copy of a `H×W float32` mask (sigma in pixels; ≤0.3 returns it as is)."""
    if sigma <= 0.3:
        return mask
    return cv2.GaussianBlur(mask, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE)


def iris_circle(landmarks: np.ndarray, ring: tuple[int, ...]) -> tuple[float, float, float]:
    """(cx, cy, radius) of one iris in pixels from its centre and four rim landmarks."""
    c = landmarks[ring[0], :2]
    r = float(np.mean(np.hypot(*(landmarks[list(ring[1:]), :2] - c).T)))
    return float(c[0]), float(c[1]), max(r, 0.5)


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return np.asarray(t * t * (3.0 - 2.0 * t), np.float32)


class FaceRegions:
    """Soft masks of one photo's face regions (`H×W float32` 0..1), each computed on first use.

    rgb: H×W×3 uint8 RGB; landmarks: 478×3 (or 478×2) float32 pixels; person_mask: H×W float32.
    """

    def __init__(self, rgb: np.ndarray, landmarks: np.ndarray, person_mask: np.ndarray):
        self.rgb, self.landmarks = rgb, np.asarray(landmarks, np.float32)
        self.person = np.clip(np.asarray(person_mask, np.float32), 0.0, 1.0)
        self.shape = rgb.shape[:2]
        self.scale = face_scale(self.landmarks)
        self.across, self.down = face_axes(self.landmarks)

    def poly(self, ring: tuple[int, ...], sigma_frac: float = 0.0) -> np.ndarray:
        return feather(polygon_mask(self.landmarks, ring, self.shape), sigma_frac * self.scale)

    # --- coordinates in the face frame -------------------------------------------------------
    @cached_property
    def _uv(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-pixel (across, down) distances from the nose tip, in face-scale units."""
        h, w = self.shape
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        o = self.landmarks[NOSE_TIP, :2]
        dx, dy = xs - o[0], ys - o[1]
        inv = 1.0 / self.scale
        return ((dx * self.across[0] + dy * self.across[1]) * inv,
                (dx * self.down[0] + dy * self.down[1]) * inv)

    def _v_of(self, index: int) -> float:
        d = self.landmarks[index, :2] - self.landmarks[NOSE_TIP, :2]
        return float(d @ self.down) / self.scale

    # --- features -----------------------------------------------------------------------------
    @cached_property
    def face_oval(self) -> np.ndarray:
        return self.poly(FACE_OVAL, 0.03)

    @cached_property
    def lips(self) -> np.ndarray:
        """Lip flesh: the outer lip ring minus the mouth opening, lightly feathered."""
        outer = polygon_mask(self.landmarks, LIPS_OUTER, self.shape)
        inner = polygon_mask(self.landmarks, LIPS_INNER, self.shape)
        return feather(np.clip(outer - inner, 0.0, 1.0), 0.025 * self.scale)

    @cached_property
    def mouth(self) -> np.ndarray:
        """The whole mouth (lips and opening), feathered."""
        return self.poly(LIPS_OUTER, 0.03)

    @cached_property
    def eyes(self) -> np.ndarray:
        """Both eye openings, grown a little so lashes stay out of skin edits."""
        m = np.maximum(polygon_mask(self.landmarks, RIGHT_EYE, self.shape),
                       polygon_mask(self.landmarks, LEFT_EYE, self.shape))
        k = max(3, int(round(0.08 * self.scale)) | 1)
        m = cv2.dilate(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        return feather(m, 0.03 * self.scale)

    @cached_property
    def brows(self) -> np.ndarray:
        m = np.maximum(polygon_mask(self.landmarks, RIGHT_BROW, self.shape),
                       polygon_mask(self.landmarks, LEFT_BROW, self.shape))
        return feather(m, 0.04 * self.scale)

    @cached_property
    def features(self) -> np.ndarray:
        """Eyes, brows and mouth: what skin edits must leave alone."""
        return np.maximum(np.maximum(self.eyes, self.brows), self.mouth)

    def iris(self, ring: tuple[int, ...]) -> np.ndarray:
        """One iris ring (pupil and eyelid-covered parts excluded), feathered at its rim."""
        cx, cy, r = iris_circle(self.landmarks, ring)
        h, w = self.shape
        x0, x1 = max(int(cx - 2 * r) - 2, 0), min(int(cx + 2 * r) + 3, w)
        y0, y1 = max(int(cy - 2 * r) - 2, 0), min(int(cy + 2 * r) + 3, h)
        out = np.zeros(self.shape, np.float32)
        if x1 <= x0 or y1 <= y0:
            return out
        ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        d = np.hypot(xs - cx, ys - cy) / r
        ring_w = smoothstep(0.28, 0.45, d) * (1.0 - smoothstep(0.85, 1.05, d))
        eye = polygon_mask(self.landmarks, RIGHT_EYE if ring == RIGHT_IRIS else LEFT_EYE,
                           self.shape)[y0:y1, x0:x1]
        out[y0:y1, x0:x1] = ring_w * eye
        return out

    @cached_property
    def irises(self) -> np.ndarray:
        return np.maximum(self.iris(RIGHT_IRIS), self.iris(LEFT_IRIS))

    # --- colour model of the photo's skin ---------------------------------------------------
    @cached_property
    def lab(self) -> np.ndarray:
        """The photo in CIE Lab (`H×W×3 float32`, L 0..100)."""
        # the 8-bit conversion is a table lookup (fast); its quantisation is far below what
        # the colour models here can tell apart
        lab = cv2.cvtColor(self.rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
        lab[..., 0] *= 100.0 / 255.0
        lab[..., 1:] -= 128.0
        return lab

    @cached_property
    def skin_likeness(self) -> np.ndarray:
        """How much each pixel's colour resembles the face's own skin (0..1).

        A Gaussian model of (L, a, b) fitted on the inner face (features removed); L gets a wide
        tolerance because the neck and forehead sit in different light than the cheeks."""
        core = (self.face_oval > 0.9) & (self.features < 0.05)
        samples = self.lab[core]
        if len(samples) < 20:
            return np.ones(self.shape, np.float32)
        mean = samples.mean(axis=0)
        cov = np.cov(samples.T) + np.diag([4.0, 1.0, 1.0])
        cov[0, :] *= 1.5
        cov[:, 0] *= 1.5                                  # ×2.25 variance on lightness
        d = (self.lab - mean.astype(np.float32)).reshape(-1, 3)
        m2 = ((d @ np.linalg.inv(cov).astype(np.float32)) * d).sum(axis=1).reshape(self.shape)
        return np.exp(-0.5 * np.maximum(m2 - 3.0, 0.0) / 1.5).astype(np.float32)

    # --- derived regions --------------------------------------------------------------------
    @cached_property
    def solid_person(self) -> np.ndarray:
        """The person mask with its soft rim tightened, so recolours do not tint the backdrop."""
        return smoothstep(0.6, 0.95, self.person)

    @cached_property
    def below_chin(self) -> np.ndarray:
        """Soft 0..1 ramp that is 1 below the chin (in the face frame)."""
        v_chin = self._v_of(CHIN)
        return smoothstep(v_chin - 0.05, v_chin + 0.15, self._uv[1])

    @cached_property
    def neck(self) -> np.ndarray:
        """Skin below the jaw and between the jaw angles."""
        u, v = self._uv
        half = 0.5 * abs(float((self.landmarks[397, :2] - self.landmarks[172, :2]) @ self.across))
        half = half / self.scale
        lateral = 1.0 - smoothstep(half * 0.9, half * 1.3, np.abs(u))
        v_chin = self._v_of(CHIN)
        below_jaw = smoothstep(self._v_of(172) - 0.05, v_chin + 0.05, v) * \
            (1.0 - smoothstep(v_chin + NECK_LENGTH - 0.4, v_chin + NECK_LENGTH, v))
        m = lateral * below_jaw * (1.0 - self.face_oval) * self.person * self.skin_likeness
        return feather(m, 0.04 * self.scale)

    @cached_property
    def head_zone(self) -> np.ndarray:
        """An egg around the head (0..1): tall above the eyes for hair, short below the mouth so
        collars and shoulders stay out."""
        u, v = self._uv
        centre = self._v_of(FOREHEAD_TOP) * 0.3
        dv = (v - centre) / np.where(v < centre, np.float32(1.9), np.float32(0.95))
        return 1.0 - smoothstep(0.85, 1.05, np.hypot(u / 1.6, dv))

    @cached_property
    def backdrop_likeness(self) -> np.ndarray:
        """How much each pixel resembles the backdrop right around the head (0..1), so that the
        segmentation's loose rim around hair is not recoloured."""
        grown = cv2.dilate(self.head_zone, np.ones((5, 5), np.uint8), iterations=3)
        ring = (grown > 0.5) & (self.person < 0.05)
        samples = self.lab[ring]
        if len(samples) < 20:
            return np.zeros(self.shape, np.float32)
        mean, std = samples.mean(axis=0), samples.std(axis=0) + np.array([4.0, 2.0, 2.0])
        out = np.zeros(self.shape, np.float32)
        ys = np.flatnonzero(self.head_zone.any(axis=1))   # only the head zone needs it
        xs = np.flatnonzero(self.head_zone.any(axis=0))
        if len(ys):
            box = (slice(ys[0], ys[-1] + 1), slice(xs[0], xs[-1] + 1))
            k = (1.0 / (1.5 * std)).astype(np.float32)
            d = (self.lab[box] - mean.astype(np.float32)) * k
            out[box] = np.exp(-0.5 * (d * d).sum(axis=2))
        return out

    @cached_property
    def skin(self) -> np.ndarray:
        """Face, ears, forehead and neck skin, without eyes, brows and lips; feathered edges."""
        return self._skin_feathered(0.02)

    @cached_property
    def skin_even(self) -> np.ndarray:
        """The skin mask blurred further: per-pixel colour likeness drops on highlights and
        freckles, which a lightness change would show as blotches; this one is even."""
        return self._skin_feathered(0.07) * smoothstep(0.02, 0.5, self.person)

    def _skin_feathered(self, sigma_frac: float) -> np.ndarray:
        face = np.maximum(self.face_oval, self.head_zone * self.solid_person) * self.skin_likeness
        m = feather(np.maximum(face, self.neck), sigma_frac * self.scale)
        # the feature masks are feathered; well inside them (lids, lip lines) skin edits stop
        return m * np.clip(1.0 - 1.6 * self.features, 0.0, 1.0)

    @cached_property
    def hair(self) -> np.ndarray:
        """Person pixels around and above the face that are not skin: hair (and headwear)."""
        above_chin = 1.0 - self.below_chin
        grown = cv2.dilate(self.face_oval, np.ones((3, 3), np.uint8), iterations=1)
        m = self.solid_person * self.head_zone * above_chin * (1.0 - self.skin_likeness) * \
            (1.0 - grown) * (1.0 - self.backdrop_likeness)
        return feather(m, 0.02 * self.scale) * self.solid_person   # soft inside, none outside

    @cached_property
    def clothing(self) -> np.ndarray:
        """Person pixels below the chin that are not neck skin."""
        m = self.solid_person * self.below_chin * (1.0 - self.skin_likeness) * (1.0 - self.neck)
        return feather(m, 0.03 * self.scale) * self.solid_person
