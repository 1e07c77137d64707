"""Appearance edits baked into the photo texture: skin tone and smoothing, lip colour, blush,
iris colour, hair colour and clothing tint (external static features).

`prepare_texture` runs once per appearance change (the engine then warps the edited texture, so
every edit follows the face). Colour edits work in CIE Lab: shifting a region's mean colour
towards the requested one keeps its own lightness texture (lip lines, hair strands, fabric
folds). Each edit is weighted by a feathered mask from `studio.face.regions`; pixels no edit
touches are returned bit-exact, and with the profile's defaults the photo comes back unchanged.
"""
from __future__ import annotations

import cv2
import numpy as np

from studio.face.regions import FaceRegions, RIGHT_CHEEK, LEFT_CHEEK, feather, smoothstep

Edit = tuple[str, np.ndarray]   # (name, H×W float32 weight it applied)


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


def prepare_texture(rgb: np.ndarray, landmarks: np.ndarray, person_mask: np.ndarray,
                    static) -> np.ndarray:
    """The photo with the profile's texture edits applied.

    rgb: H×W×3 uint8 RGB; landmarks: 478×3 float32 pixels (MediaPipe order); person_mask:
    H×W float32 0..1; static: ExternalStatic. Returns a new H×W×3 uint8 RGB array; pixels that
    no edit reaches are identical to `rgb` (all of them with the default profile).
    """
    rgb = np.ascontiguousarray(rgb, np.uint8)
    if not edits_requested(static):
        return rgb.copy()
    regions = FaceRegions(rgb, landmarks, person_mask)
    touched = np.zeros(rgb.shape[:2], np.float32)
    base = rgb
    if static.skin_smoothing > 0:
        base, w = smooth_skin(rgb, regions, static.skin_smoothing)
        touched = np.maximum(touched, w)
    lab = cv2.cvtColor(base.astype(np.float32) * (1.0 / 255.0), cv2.COLOR_RGB2LAB)
    for weight in _lab_edits(lab, regions, static):
        touched = np.maximum(touched, weight)
    out = cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)
    out = np.clip(out * 255.0 + 0.5, 0, 255).astype(np.uint8)
    keep = touched <= 0.0
    out[keep] = rgb[keep]
    return out


def _lab_edits(lab: np.ndarray, regions: FaceRegions, static):
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


def smooth_skin(rgb: np.ndarray, regions: FaceRegions, amount: float) -> tuple[np.ndarray, np.ndarray]:
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


def skin_tone(lab: np.ndarray, regions: FaceRegions, tone: float) -> np.ndarray:
    """Lighter (tone > 0) or darker (tone < 0) skin: lightness moves, chroma follows gently
    (lighter skin is a little less saturated, darker a little more)."""
    w = regions.skin * abs(tone)
    L = lab[..., 0]
    if tone > 0:
        target = L + 0.45 * (100.0 - L)
        chroma = 0.85
    else:
        target = L * 0.68
        chroma = 1.35
    lab[..., 0] = L + (target - L) * w
    lab[..., 1:] *= (1.0 + (chroma - 1.0) * w)[..., None]
    return w


def blush(lab: np.ndarray, regions: FaceRegions, amount: float, colour: np.ndarray) -> np.ndarray:
    """Soft round blush on both cheekbones, on skin only."""
    lm = regions.landmarks
    h, w_ = regions.shape
    blobs = np.zeros(regions.shape, np.float32)
    sigma = 0.21 * regions.scale
    for ring in (RIGHT_CHEEK, LEFT_CHEEK):
        cx, cy = lm[list(ring), :2].mean(axis=0)
        blobs[min(max(int(cy), 0), h - 1), min(max(int(cx), 0), w_ - 1)] = 1.0
    blobs = feather(blobs, sigma)
    blobs *= 1.0 / max(float(blobs.max()), 1e-6)
    w = blobs * regions.skin * (0.45 * amount)
    lab[..., 0] += (colour[0] - lab[..., 0]) * w * 0.25
    lab[..., 1] += (colour[1] - lab[..., 1]) * w
    lab[..., 2] += (colour[2] - lab[..., 2]) * w
    return w


def iris_colour(lab: np.ndarray, regions: FaceRegions, colour: np.ndarray) -> np.ndarray:
    """Recolour the irises; the pupil stays dark and catch-lights stay bright."""
    highlight = smoothstep(70.0, 90.0, lab[..., 0])
    w = regions.irises * (1.0 - highlight) * 0.7
    return shift_region(lab, w, colour, lightness=0.3, chroma_to_target=True)


def shift_region(lab: np.ndarray, w: np.ndarray, colour: np.ndarray, lightness: float,
                 chroma_to_target: bool = False) -> np.ndarray:
    """Move the region's mean colour to `colour` (Lab), keeping each pixel's deviation from that
    mean (the texture). `lightness` scales how far the mean lightness follows."""
    total = float(w.sum())
    if total < 1e-3:
        return w
    mean = np.tensordot(w, lab, axes=([0, 1], [0, 1])) / total
    delta = (colour - mean).astype(np.float32)
    delta[0] *= lightness
    lab += w[..., None] * delta
    if chroma_to_target:     # small regions: pull each pixel's own hue onto the target too
        lab[..., 1:] += (colour[1:] - lab[..., 1:]) * (0.5 * w)[..., None]
    return w


def restyle_region(lab: np.ndarray, w: np.ndarray, colour: np.ndarray,
                   relight: bool = True, keep: float = 0.4) -> np.ndarray:
    """Recolour hair or fabric: chroma to the target with a little of each pixel's own variation.

    relight=True remaps lightness so strands keep their contrast (dark hair dyed blond
    brightens its shadows as well as its highlights); False moves it only halfway (a tint).
    `keep` is the share of each pixel's own chroma deviation from the region mean that stays."""
    total = float(w.sum())
    if total < 1e-3:
        return w
    mean = np.tensordot(w, lab, axes=([0, 1], [0, 1])) / total
    L = lab[..., 0]
    if relight:
        gain = float(np.clip((colour[0] + 15.0) / (mean[0] + 15.0), 0.6, 2.0))
        new_L = np.clip(colour[0] + (L - mean[0]) * gain, 0.0, 98.0)
    else:
        new_L = L + 0.5 * (colour[0] - mean[0])
    lab[..., 0] = L + (new_L - L) * w
    for c in (1, 2):
        lab[..., c] += (colour[c] + keep * (lab[..., c] - mean[c]) - lab[..., c]) * w
    return w


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1) of the True pixels, padded by 8; None when there are none."""
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    if len(ys) == 0:
        return None
    h, w = mask.shape
    return (max(ys[0] - 8, 0), min(ys[-1] + 9, h), max(xs[0] - 8, 0), min(xs[-1] + 9, w))
