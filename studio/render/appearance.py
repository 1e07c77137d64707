"""Appearance edits baked into the photo texture: skin tone and smoothing, lip colour, blush,
iris colour, hair colour and clothing tint (external static features).

`prepare_texture` runs once per appearance change (the engine then warps the edited texture, so
every edit follows the face). Colour edits work in CIE Lab: shifting a region's mean colour
towards the requested one keeps its own lightness texture (lip lines, hair strands, fabric
folds). Each edit is weighted by a feathered mask from `studio.face.regions`; pixels no edit
touches are returned bit-exact, and with the profile's defaults the photo comes back unchanged.
"""
from __future__ import annotations

import threading

import cv2
import numpy as np

from studio.face.regions import (LEFT_CHEEK, RIGHT_CHEEK, FaceRegions, face_scale, smoothstep,
                                 work_box)

def parse_colour(value: str) -> tuple[int, int, int] | None:
    """'#rrggbb' → (r, g, b) 0..255; '' (the profile's "leave the photo's colour") → None."""
    if not value:
        return None
    v = value.lstrip("#")
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)


def colour_lab(value: str) -> np.ndarray:
    """'#rrggbb' → its CIE Lab coordinates (3 float32: L 0..100, a, b)."""
    rgb = np.array([[parse_colour(value)]], np.float32) / 255.0
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)[0, 0]


def edits_requested(static) -> bool:
    """Whether any texture edit differs from "leave the photo as it is"."""
    return bool(static.skin_tone or static.skin_smoothing or static.blush
                or (static.lip_colour and static.lip_colour_strength)
                or static.iris_colour
                or (static.hair_colour and static.hair_colour_strength)
                or static.clothing_tint)


ANALYSIS_EYE_DISTANCE = 90.0   # masks are computed where the eyes are about this far apart


def prepare_texture(rgb: np.ndarray, landmarks: np.ndarray, person_mask: np.ndarray,
                    static) -> np.ndarray:
    """The photo with the profile's texture edits applied.

    rgb: H×W×3 uint8 RGB; landmarks: 478×3 float32 pixels (MediaPipe order); person_mask:
    H×W float32 0..1; static: ExternalStatic. Returns a new H×W×3 uint8 RGB array; pixels that
    no edit reaches are identical to `rgb` (all of them with the default profile).

    Only the part of the photo a region can reach is processed, and the masks are computed
    at a resolution where the face is about `ANALYSIS_EYE_DISTANCE` px across the eyes (they
    are smooth), so a large photo costs little more than a small one.
    """
    rgb = np.ascontiguousarray(rgb, np.uint8)
    out = rgb.copy()
    if not edits_requested(static):
        return out
    box = work_box(np.asarray(landmarks, np.float32)[:, :2], rgb.shape,
                   clothing=bool(static.clothing_tint))
    masks = _MASKS.get(rgb, landmarks, person_mask, box)
    y0, y1, x0, x1 = box
    out[y0:y1, x0:x1] = _edit_crop(rgb[y0:y1, x0:x1], masks, static)
    return out


class _MaskCache:
    """The masks of the last photo analysed. They depend on the photo only, not on the edit
    amounts, so a slider drag (many calls, same photo) pays for the edit arithmetic alone.
    A photo is recognised by the identity of its arrays (the engine keeps one `Photo`)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entry: tuple | None = None

    def get(self, rgb, landmarks, person_mask, box) -> "_Masks":
        with self._lock:
            e = self._entry
            if e is not None and e[0] is rgb and e[1] is landmarks and e[2] is person_mask \
                    and e[3] == box:
                return e[4]
        masks = _analyse(rgb, landmarks, person_mask, box)
        with self._lock:
            self._entry = (rgb, landmarks, person_mask, box, masks)
        return masks


def _analyse(rgb, landmarks, person_mask, box) -> "_Masks":
    """Region masks for the crop `box` of the photo, computed at the analysis resolution."""
    y0, y1, x0, x1 = box
    crop = rgb[y0:y1, x0:x1]
    h, w = crop.shape[:2]
    lm = np.asarray(landmarks, np.float32)[:, :2] - np.float32([x0, y0])
    f = min(1.0, ANALYSIS_EYE_DISTANCE / face_scale(lm))
    if person_mask is None:                      # no segmentation: the face masks still work
        person_mask = np.ones(rgb.shape[:2], np.float32)
    pm = np.asarray(person_mask, np.float32)[y0:y1, x0:x1]
    if f < 1.0:
        size = (max(1, round(w * f)), max(1, round(h * f)))
        regions = FaceRegions(cv2.resize(crop, size, interpolation=cv2.INTER_AREA), lm * f,
                              cv2.resize(pm, size, interpolation=cv2.INTER_AREA))
    else:
        regions = FaceRegions(np.ascontiguousarray(crop), lm, pm)
    return _Masks(regions, (h, w), lm)


_MASKS = _MaskCache()


class _Masks:
    """The analysis-resolution regions, served at the crop's full resolution (H×W float32)."""

    def __init__(self, regions: FaceRegions, shape: tuple[int, int], landmarks: np.ndarray):
        self.regions, self.shape, self.landmarks = regions, shape, landmarks
        self.scale = face_scale(landmarks)
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()        # two engines may share one photo's masks

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_"):
            raise AttributeError(name)
        with self._lock:
            m = self._cache.get(name)
            if m is None:
                m = getattr(self.regions, name)
                if m.shape[:2] != self.shape:
                    m = cv2.resize(m, (self.shape[1], self.shape[0]),
                                   interpolation=cv2.INTER_LINEAR)
                self._cache[name] = m
            return m


def _edit_crop(crop: np.ndarray, masks: "_Masks", static) -> np.ndarray:
    """All edits on one crop (H×W×3 uint8); pixels no edit touches come back unchanged."""
    touched = np.zeros(crop.shape[:2], np.float32)
    base = np.ascontiguousarray(crop)
    if static.skin_smoothing > 0:
        base, w = smooth_skin(base, masks, static.skin_smoothing)
        cv2.max(touched, w, dst=touched)
    lab = cv2.cvtColor(np.multiply(base, np.float32(1.0 / 255.0), dtype=np.float32),
                       cv2.COLOR_RGB2LAB)
    for weight in _lab_edits(lab, masks, static):
        cv2.max(touched, weight, dst=touched)
    out = cv2.convertScaleAbs(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB), alpha=255.0)
    # untouched pixels exactly as they were (the Lab round trip may move them by one level)
    cv2.copyTo(np.ascontiguousarray(crop), (touched <= 0.0).view(np.uint8), out)
    return out


def _lab_edits(lab: np.ndarray, regions, static):
    """Apply the Lab-space edits in place, in a fixed order; yield each one's weight map."""
    if static.skin_tone:
        yield skin_tone(lab, regions, static.skin_tone)
    if static.blush:
        yield blush(lab, regions, static.blush, colour_lab(static.blush_colour))
    if static.lip_colour and static.lip_colour_strength:
        w = regions.lips * static.lip_colour_strength
        yield shift_region(lab, w, colour_lab(static.lip_colour), lightness=0.8)
    if static.iris_colour:
        yield iris_colour(lab, regions, colour_lab(static.iris_colour))
    if static.hair_colour and static.hair_colour_strength:
        w = regions.hair * static.hair_colour_strength
        yield restyle_region(lab, w, colour_lab(static.hair_colour))
    if static.clothing_tint:
        yield restyle_region(lab, regions.clothing * 0.95, colour_lab(static.clothing_tint),
                             relight=False, keep=0.1)


def smooth_skin(rgb: np.ndarray, regions, amount: float) -> tuple[np.ndarray, np.ndarray]:
    """Edge-preserving smoothing (self-guided filter) of the skin only; returns (image, weight).

    Worked on the skin's bounding box so a small face in a big photo stays cheap."""
    weight = regions.skin * (0.9 * amount)
    box = _bbox(weight > 1e-3)
    if box is None:
        return rgb, np.zeros_like(weight)
    y0, y1, x0, x1 = box
    roi = rgb[y0:y1, x0:x1]
    radius = max(2, int(round(0.05 * regions.scale)))
    eps = (255.0 * (0.03 + 0.05 * amount)) ** 2
    smooth = cv2.ximgproc.guidedFilter(roi, roi, radius, eps)
    w = weight[y0:y1, x0:x1, None]
    out = rgb.copy()
    out[y0:y1, x0:x1] = np.clip(roi + (smooth.astype(np.float32) - roi) * w + 0.5, 0, 255)
    return out, weight


def skin_tone(lab: np.ndarray, regions, tone: float) -> np.ndarray:
    """Lighter (tone > 0) or darker (tone < 0) skin: lightness moves, chroma follows gently
    (lighter skin is a little less saturated, darker a little more)."""
    w = regions.skin_even * abs(tone)
    cut = _in_box(lab, w)
    if cut is None:
        return w
    sub, ws = cut
    L = sub[..., 0]
    if tone > 0:
        target = L + 0.45 * (100.0 - L)
        chroma = 0.85
    else:
        target = L * 0.68
        chroma = 1.35
    sub[..., 0] = L + (target - L) * ws
    sub[..., 1:] *= (1.0 + (chroma - 1.0) * ws)[..., None]
    return w


def blush(lab: np.ndarray, regions, amount: float, colour: np.ndarray) -> np.ndarray:
    """Soft round blush on both cheekbones, on skin only."""
    lm = regions.landmarks
    h, w_ = lab.shape[:2]
    blobs = np.zeros((h, w_), np.float32)
    sigma = 0.21 * regions.scale
    r = int(3 * sigma) + 1
    for ring in (RIGHT_CHEEK, LEFT_CHEEK):
        cx, cy = lm[list(ring), :2].mean(axis=0)
        xa, xb = max(int(cx) - r, 0), min(int(cx) + r + 1, w_)
        ya, yb = max(int(cy) - r, 0), min(int(cy) + r + 1, h)
        if xb <= xa or yb <= ya:
            continue
        ys, xs = np.mgrid[ya:yb, xa:xb].astype(np.float32)
        g = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2.0 * sigma * sigma))
        blobs[ya:yb, xa:xb] = np.maximum(blobs[ya:yb, xa:xb], g)
    w = blobs * regions.skin * (0.45 * amount)
    lab[..., 0] += (colour[0] - lab[..., 0]) * w * 0.25
    lab[..., 1] += (colour[1] - lab[..., 1]) * w
    lab[..., 2] += (colour[2] - lab[..., 2]) * w
    return w


def iris_colour(lab: np.ndarray, regions, colour: np.ndarray) -> np.ndarray:
    """Recolour the irises; the pupil stays dark and catch-lights stay bright."""
    w = regions.irises * 0.7
    cut = _in_box(lab, w)
    if cut is not None:
        sub, ws = cut
        ws *= 1.0 - smoothstep(70.0, 90.0, sub[..., 0])     # writes through to `w`
    return shift_region(lab, w, colour, lightness=0.3, chroma_to_target=True)


def shift_region(lab: np.ndarray, w: np.ndarray, colour: np.ndarray, lightness: float,
                 chroma_to_target: bool = False) -> np.ndarray:
    """Move the region's mean colour to `colour` (Lab), keeping each pixel's deviation from that
    mean (the texture). `lightness` scales how far the mean lightness follows."""
    cut = _in_box(lab, w)
    if cut is None:
        return w
    sub, ws = cut
    mean = np.tensordot(ws, sub, axes=([0, 1], [0, 1])) / float(ws.sum())
    delta = (colour - mean).astype(np.float32)
    delta[0] *= lightness
    sub += ws[..., None] * delta
    if chroma_to_target:     # small regions: pull each pixel's own hue onto the target too
        sub[..., 1:] += (colour[1:] - sub[..., 1:]) * (0.5 * ws)[..., None]
    return w


def restyle_region(lab: np.ndarray, w: np.ndarray, colour: np.ndarray,
                   relight: bool = True, keep: float = 0.4) -> np.ndarray:
    """Recolour hair or fabric: chroma to the target with a little of each pixel's own variation.

    relight=True remaps lightness so strands keep their contrast (dark hair dyed blond
    brightens its shadows as well as its highlights); False moves it only halfway (a tint).
    `keep` is the share of each pixel's own chroma deviation from the region mean that stays."""
    cut = _in_box(lab, w)
    if cut is None:
        return w
    sub, ws = cut
    mean = np.tensordot(ws, sub, axes=([0, 1], [0, 1])) / float(ws.sum())
    L = sub[..., 0]
    if relight:
        gain = float(np.clip((colour[0] + 15.0) / (mean[0] + 15.0), 0.6, 2.0))
        new_L = np.clip(colour[0] + (L - mean[0]) * gain, 0.0, 98.0)
    else:
        new_L = L + 0.5 * (colour[0] - mean[0])
    sub[..., 0] = L + (new_L - L) * ws
    for c in (1, 2):
        sub[..., c] += (colour[c] + keep * (sub[..., c] - mean[c]) - sub[..., c]) * ws
    return w


def _in_box(lab: np.ndarray, w: np.ndarray):
    """(lab, w) views cut to the bounding box of w > 0 (edits there write through), or None
    when w is empty or negligible."""
    box = _bbox(w > 0.0, pad=0)
    if box is None or float(w.max()) < 1e-6:
        return None
    y0, y1, x0, x1 = box
    return lab[y0:y1, x0:x1], w[y0:y1, x0:x1]


def _bbox(mask: np.ndarray, pad: int = 8) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1) of the True pixels, padded by `pad`; None when there are none."""
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    if len(ys) == 0:
        return None
    h, w = mask.shape
    return (max(ys[0] - pad, 0), min(ys[-1] + pad + 1, h), max(xs[0] - pad, 0),
            min(xs[-1] + pad + 1, w))
