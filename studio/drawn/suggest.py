""""Start from my photo": a drawn character suggested from a face photo.

Reads the photo's landmarks and person mask (`studio.face.intake.load_photo`):

- skin tone: the median colour of cheek and forehead pixels, matched to the nearest tone of
  the palette in CIE Lab (so a darker face gets a darker tone);
- hair: the person mask above and beside the face (the part that is not skin-coloured) gives
  the hair colour and a rough style (bald, short, long);
- glasses: strong edges across the bridge of the nose and around the eyes, compared with the
  cheeks;
- face shape: the landmark oval's proportions (height/width, jaw/cheek width);
- eye colour: the iris landmarks' ring (the pupil left out).

The user edits the result afterwards; every field is only a suggestion.
"""
from __future__ import annotations

import math

import numpy as np

from studio.drawn import character as C
from studio.face import topology as T


def _lab(rgb) -> np.ndarray:
    from skimage.color import rgb2lab
    return rgb2lab(np.asarray(rgb, np.float64).reshape(-1, 1, 3) / 255.0).reshape(-1, 3)


def _nearest(rgb, palette) -> str:
    lab = _lab([rgb])[0]
    pal = _lab([C.hex_to_rgb(h) for h in palette])
    return palette[int(np.argmin(np.linalg.norm(pal - lab, axis=1)))]


def _ita(rgb) -> float:
    """The individual typology angle (degrees) of a skin colour: high = light, low = deep."""
    L, _, b = _lab([rgb])[0]
    return math.degrees(math.atan2(L - 50.0, b))


def skin_tone(skin, face_rgb) -> str:
    """The palette tone for a measured skin colour: its typology angle after an exposure
    correction (the face's own bright pixels, its 95th percentile, brought to near white, so a
    dim photo is not read as deep skin), stretched about 48° because a lit photo flattens the
    range, matched to the palette's angles. `face_rgb`: N×3 pixels inside the face oval."""
    face_rgb = np.asarray(face_rgb, np.float64).reshape(-1, 3)
    bright = float(np.percentile(face_rgb.max(axis=1), 95)) if len(face_rgb) else 245.0
    gain = min(3.0, max(0.8, 245.0 / max(bright, 1.0)))
    ita = _ita(np.clip(np.asarray(skin, np.float64) * gain, 0, 255))
    target = 45.0 + 2.0 * (ita - 48.0)
    tones = [_ita(C.hex_to_rgb(h)) for h in C.SKIN_TONES]
    return C.SKIN_TONES[int(np.argmin([abs(t - target) for t in tones]))]


def _patch_median(img: np.ndarray, points: np.ndarray, radius: int) -> np.ndarray:
    h, w = img.shape[:2]
    px = []
    for x, y in points:
        x0, x1 = int(max(0, x - radius)), int(min(w, x + radius + 1))
        y0, y1 = int(max(0, y - radius)), int(min(h, y + radius + 1))
        if x1 > x0 and y1 > y0:
            px.append(img[y0:y1, x0:x1].reshape(-1, 3))
    return np.median(np.concatenate(px), axis=0)


def suggest(photo) -> dict:
    """A character dict (the parts that differ from the defaults are all set) for `photo`
    (a path, an RGB array or a `studio.face.intake.Photo`)."""
    from studio.face.intake import load_photo
    p = load_photo(photo)
    rgb, lm, mask = p.rgb, p.landmarks[:, :2], p.person_mask
    width = float(np.linalg.norm(lm[454] - lm[234]))
    r = max(2, int(width * 0.03))
    skin_pts = lm[[205, 425, 50, 280, 151, 9, 101, 330]]
    skin = _patch_median(rgb, skin_pts, r)
    import cv2
    oval = np.zeros(rgb.shape[:2], np.uint8)
    cv2.fillPoly(oval, [np.round(lm[list(T.FACE_OVAL)]).astype(np.int32)], 1)
    out = {"skin_tone": skin_tone(skin, rgb[oval > 0])}
    out.update(_hair(rgb, lm, mask, skin, width))
    out["glasses"] = "square" if _has_glasses(rgb, lm, width) else "none"
    out["face_shape"] = _face_shape(lm)
    out["eye_colour"] = _eye_colour(rgb, lm)
    return out


def _hair(rgb, lm, mask, skin, width) -> dict:
    h, w = mask.shape
    top = float(lm[T.FOREHEAD, 1])
    left, right = float(lm[234, 0]), float(lm[454, 0])
    x0, x1 = int(max(0, left)), int(min(w, right))
    y1 = int(max(0, top - 0.04 * width))
    region = rgb[:y1, x0:x1].reshape(-1, 3).astype(np.float32)
    m = mask[:y1, x0:x1].reshape(-1) > 0.5
    hair = region[m]
    if len(hair):                      # drop skin-coloured pixels (a bald crown, forehead)
        far = np.linalg.norm(_lab(hair) - _lab([skin])[0], axis=1) > 18.0
        hair_px = hair[far]
    else:
        hair_px = hair
    above = len(hair_px) / max(1.0, 0.25 * width * (x1 - x0))
    cropped = y1 < 0.2 * width             # the photo ends at the forehead: the crown is unseen
    if cropped and len(hair_px) < 30:
        return {"hair_style": "short", "hair_colour": C.HAIR_COLOURS[1]}
    if len(hair_px) < 30 or (above < 0.08 and not cropped):
        return {"hair_style": "bald", "hair_colour": C.HAIR_COLOURS[1]}
    colour = np.median(hair_px, axis=0)
    hair_lab, skin_lab = _lab([colour])[0], _lab([skin])[0]
    skin_like = (np.linalg.norm(hair_lab - skin_lab) < 35.0          # grey or white hair has
                 and np.hypot(*hair_lab[1:]) > 0.5 * np.hypot(*skin_lab[1:]))   # little colour
    if skin_like and not cropped:
        return {"hair_style": "bald", "hair_colour": C.HAIR_COLOURS[1]}    # a lit bald crown
    # long hair: hair-coloured person pixels beside the face below the eyes
    chin = float(lm[T.CHIN, 1])
    eyes = float(lm[T.RIGHT_IRIS[0], 1])
    side = []
    for xa, xb in ((left - 0.35 * width, left - 0.02 * width), (right + 0.02 * width, right + 0.35 * width)):
        xa, xb = int(max(0, xa)), int(min(w, xb))
        ya, yb = int(max(0, eyes)), int(min(h, chin + 0.3 * width))
        if xb > xa and yb > ya:
            px = rgb[ya:yb, xa:xb].reshape(-1, 3).astype(np.float32)
            pm = mask[ya:yb, xa:xb].reshape(-1) > 0.5
            near = np.linalg.norm(px - colour, axis=1) < 45.0
            side.append(float(np.mean(pm & near)) if len(px) else 0.0)
    long = bool(side) and max(side) > 0.3
    style = "long" if long else ("afro" if above > 1.4 else "short")
    return {"hair_style": style, "hair_colour": C.rgb_to_hex(colour)}


def _has_glasses(rgb, lm, width) -> bool:
    """Rough and conservative: a frame's bridge is a thin horizontal bar between the eyes —
    a strong line in the intensity profile down the midline (brow to nose) *and* strong
    vertical-gradient energy there compared with the cheeks. Frowns, wrinkles and small
    blurry photos give one of the two, rarely both; thin rimless frames are missed."""
    import cv2
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
    top, bottom = lm[9], lm[197]
    cx, hw = 0.5 * (top[0] + bottom[0]), max(1, int(0.03 * width))
    k = max(2, int(0.035 * width))
    ys = np.arange(int(top[1]), int(bottom[1]) + 1)
    ys = ys[(ys >= 0) & (ys < grey.shape[0])]
    x0, x1 = max(0, int(cx) - hw), min(grey.shape[1], int(cx) + hw + 1)
    if len(ys) < 2 * k + 2 or x1 <= x0:
        return False
    profile = np.convolve(grey[ys, x0:x1].mean(axis=1), np.ones(3) / 3, "same")
    line = max(abs(0.5 * (profile[i - k:i - k // 2].mean() + profile[i + k // 2 + 1:i + k + 1].mean())
                   - profile[i]) for i in range(k, len(profile) - k))
    gy = np.abs(cv2.Sobel(cv2.GaussianBlur(grey, (0, 0), max(0.7, width * 0.004)), cv2.CV_32F, 0, 1, ksize=3))
    gx = np.abs(cv2.Sobel(cv2.GaussianBlur(grey, (0, 0), max(0.7, width * 0.004)), cv2.CV_32F, 1, 0, ksize=3))

    def mean_at(arr, c, hx, hy):
        a = arr[int(max(0, c[1] - hy)):int(c[1] + hy + 1), int(max(0, c[0] - hx)):int(c[0] + hx + 1)]
        return float(a.mean()) if a.size else 0.0
    cheek = np.mean([mean_at(gx, lm[i], 0.05 * width, 0.05 * width) + mean_at(gy, lm[i], 0.05 * width, 0.05 * width)
                     for i in (205, 425)])
    bar = mean_at(gy, lm[168], 0.03 * width, 0.04 * width) / max(cheek, 1.0)
    return line >= 22.0 and bar >= 1.3


def _face_shape(lm) -> str:
    cheek = float(np.linalg.norm(lm[454] - lm[234]))
    jaw = float(np.linalg.norm(lm[397] - lm[172]))
    forehead = float(np.linalg.norm(lm[332] - lm[103]))
    height = float(np.linalg.norm(lm[T.CHIN] - lm[T.FOREHEAD]))
    ratio, jaw_r, fore_r = height / cheek, jaw / cheek, forehead / cheek
    if ratio > 1.42:
        return "long"
    if jaw_r > 0.86 and ratio < 1.3:
        return "square"
    if ratio < 1.18:
        return "round"
    if fore_r > 0.82 and jaw_r < 0.74:
        return "heart"
    if fore_r < 0.68:
        return "diamond"
    return "oval"


def _eye_colour(rgb, lm) -> str:
    h, w = rgb.shape[:2]
    px = []
    for iris in (T.RIGHT_IRIS, T.LEFT_IRIS):
        c = lm[iris[0]]
        rad = float(np.mean(np.linalg.norm(lm[list(iris[1:])] - c, axis=1)))
        yy, xx = np.mgrid[int(c[1] - rad):int(c[1] + rad) + 1, int(c[0] - rad):int(c[0] + rad) + 1]
        d = np.hypot(xx - c[0], yy - c[1])
        ring = (d > 0.45 * rad) & (d < 0.9 * rad) & (xx >= 0) & (yy >= 0) & (xx < w) & (yy < h)
        px.append(rgb[yy[ring], xx[ring]])
    px = np.concatenate(px) if px else np.zeros((0, 3))
    if len(px) < 4:
        return C.DEFAULTS["eye_colour"]
    return _nearest(np.median(px, axis=0), C.EYE_COLOURS)


def drawn_static(static, photo=None):
    """`static` turned into a drawn character: suggested from `photo` when one is given."""
    import dataclasses
    character = suggest(photo) if photo is not None else {}
    # the accessories chosen for the photo avatar come along (same names in both)
    for name in ("glasses", "hat", "earrings"):
        value = getattr(static, name, "none")
        if value != "none" and value in C.PART[name].options:
            character[name] = value
    return dataclasses.replace(static, avatar_kind="drawn", character=character)
