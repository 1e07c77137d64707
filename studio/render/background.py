"""Background compositing of a rendered frame: original, colour, image, blur, transparent.

Runs once per frame, so the expensive parts work at low resolution (the longest side scaled to
about 128 pixels), where the smooth things they produce lose nothing:

- the person's edge colour is spread outwards under the soft rim of the mask (a mask-normalised
  blur), so semi-transparent rim pixels show the person's colour, not the photo's old backdrop
  (no halo over a new background; no garbage colour under alpha = 0 in transparent output);
- the blurred backdrop is a mask-normalised blur of the original with the person cut out, so
  the person does not bleed into the blur around them.
Frames are `size×size×3 uint8 RGB`; alpha is `size×size float32 0..1`; outputs are
`size×size×4 uint8 RGBA` with straight (not premultiplied) alpha.
"""
from __future__ import annotations

import threading

import cv2
import numpy as np

_SMALL = 128          # working size of the low-resolution passes (longest side)


def composite(frame_rgb: np.ndarray, alpha: np.ndarray, static, background_image=None,
              original_rgb=None) -> np.ndarray:
    """The frame over the profile's background.

    frame_rgb: H×W×3 uint8 RGB (the rendered person with the photo's own backdrop);
    alpha: H×W float32 0..1 (the warped person mask); static: ExternalStatic;
    background_image: any-size H'×W'×3 uint8 RGB for mode 'image' (None = use the colour);
    original_rgb: H×W×3 uint8 RGB backdrop to blur for mode 'blur' (None = the frame itself).
    Returns H×W×4 uint8 RGBA: alpha 255 except in mode 'transparent'.
    """
    h, w = frame_rgb.shape[:2]
    frame_rgb = np.ascontiguousarray(frame_rgb, np.uint8)
    mode = static.background
    if mode == "original":
        return cv2.cvtColor(frame_rgb, cv2.COLOR_RGB2RGBA)      # alpha 255
    a = np.ascontiguousarray(alpha, np.float32)  # clamped where it matters: a8 and the rim
    if mode == "transparent":
        a = cv2.GaussianBlur(a, (0, 0), max(0.6, 0.0015 * max(h, w)))
    a8 = cv2.convertScaleAbs(a, alpha=255.0)
    ext_small = _edge_colour_small(frame_rgb, a)
    if mode == "transparent":         # under alpha 0: the nearest person colour, not garbage
        bg = cv2.resize(ext_small, (w, h), interpolation=cv2.INTER_LINEAR)
    elif mode == "image" and background_image is not None:
        bg = _CACHE.cover(background_image, h, w)
    elif mode == "blur":
        base = frame_rgb if original_rgb is None else original_rgb
        bg = _blurred_backdrop(base, a, static.background_blur)
    else:
        bg = _CACHE.flat(static.background_colour, h, w)
    rgb = bg.copy()
    cv2.copyTo(frame_rgb, cv2.compare(a8, 255, cv2.CMP_EQ), rgb)
    _blend_rim(rgb, frame_rgb, ext_small, bg, a, a8, over=mode != "transparent")
    out = cv2.cvtColor(rgb, cv2.COLOR_RGB2RGBA)
    if mode == "transparent":
        out[..., 3] = a8
    return out


def _blend_rim(out, frame, ext_small, bg, a, a8, over: bool) -> None:
    """Fill the soft rim (0 < alpha < 1) of `out` in place: the person's colour there borrows
    the edge colour (the photo's old backdrop is mixed into rim pixels), then goes over `bg`
    when `over`. Only the rim's few pixels are computed (flat indices: cheap gathers)."""
    pts = cv2.findNonZero(cv2.inRange(a8, 1, 254))
    if pts is None:
        return
    h, w = a8.shape
    xs, ys = pts[:, 0, 0], pts[:, 0, 1]
    flat = ys * w + xs
    sh, sw = ext_small.shape[:2]
    # pixels gathered with np.take and written back as 3-byte records: numpy's fancy
    # indexing of H·W×3 rows copies them a value at a time (4× slower)
    ext = np.take(ext_small.reshape(-1, 3), (ys * sh // h) * sw + xs * sw // w, axis=0)
    ar = np.clip(a.reshape(-1)[flat], 0.0, 1.0)
    # rims borrow colour, the body keeps its own; the photo's backdrop lingers in the frame's
    # rim pixels well inside the mask's soft edge, so the borrowing reaches in deep
    keep = _three(np.clip((ar - 0.55) * (1.0 / 0.45), 0.0, 1.0) ** 2)
    fg = np.take(frame.reshape(-1, 3), flat, axis=0) * keep + ext * (1.0 - keep)
    if over:
        ar = _three(ar)
        fg = fg * ar + np.take(bg.reshape(-1, 3), flat, axis=0) * (1.0 - ar)
    pixel = np.dtype((np.void, 3))
    out.reshape(-1, 3).view(pixel)[flat, 0] = (fg + 0.5).astype(np.uint8).view(pixel)[:, 0]


def _three(weight: np.ndarray) -> np.ndarray:
    """An H×W (or N) float32 weight repeated for the three colour channels: H×W×3 (N×3).
    Numpy applies an H×W×1 weight to H×W×3 values three at a time, 15× slower than a
    weight of the same shape; OpenCV's merge writes the copy at memory speed."""
    w = np.ascontiguousarray(weight, np.float32)
    if w.ndim == 1:
        return cv2.merge([w, w, w]).reshape(-1, 3)
    return cv2.merge([w, w, w])


def cover_fit(image: np.ndarray, h: int, w: int) -> np.ndarray:
    """Scale `image` (H'×W'×3 uint8 RGB) to cover h×w and centre-crop: h×w×3 uint8."""
    ih, iw = image.shape[:2]
    s = max(h / ih, w / iw)
    nh, nw = max(h, int(round(ih * s))), max(w, int(round(iw * s)))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    big = cv2.resize(np.ascontiguousarray(image[..., :3]), (nw, nh), interpolation=interp)
    y0, x0 = (nh - h) // 2, (nw - w) // 2
    return np.ascontiguousarray(big[y0:y0 + h, x0:x0 + w])


def _small_size(h: int, w: int) -> tuple[int, int]:
    f = min(1.0, _SMALL / max(h, w))
    return max(1, int(round(w * f))), max(1, int(round(h * f)))


def _normalised_blur(rgb_small: np.ndarray, weight: np.ndarray, sigma: float):
    """Blur of rgb weighted by `weight`, divided by the blurred weight: (float32 H×W×3, the
    blurred weight H×W). Large sigmas run on a further-reduced copy (same result, less work)."""
    h, w = weight.shape
    f = 1
    while sigma / f > 3.0 and min(h, w) // (f * 2) >= 8:
        f *= 2
    if f > 1:
        size = (max(1, w // f), max(1, h // f))
        prem = cv2.resize(rgb_small * _three(weight), size, interpolation=cv2.INTER_AREA)
        wt = cv2.resize(weight, size, interpolation=cv2.INTER_AREA)
    else:
        prem, wt = rgb_small * _three(weight), weight
    num = cv2.GaussianBlur(prem, (0, 0), sigma / f)
    den = cv2.GaussianBlur(wt, (0, 0), sigma / f)
    if f > 1:
        num = cv2.resize(num, (w, h), interpolation=cv2.INTER_LINEAR)
        den = cv2.resize(den, (w, h), interpolation=cv2.INTER_LINEAR)
    return num / _three(np.maximum(den, 1e-4)), den


def _edge_colour_small(frame: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Low-resolution h×w×3 uint8 map: at every pixel, the colour of the nearest confidently-
    person pixels (a mask-normalised blur), used under the mask's soft rim and outside it."""
    h, w = frame.shape[:2]
    sw, sh = _small_size(h, w)
    # linear decimation aliases fine texture, which the blur below removes anyway
    rgb_s = cv2.resize(frame, (sw, sh), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    a_s = cv2.resize(a, (sw, sh), interpolation=cv2.INTER_AREA)
    solid = np.clip((a_s - 0.5) * 2.0, 0.0, 1.0)     # trust only the confident inside
    near, den = _normalised_blur(rgb_s, solid, 2.0)
    far, _ = _normalised_blur(rgb_s, solid, 10.0)    # reaches further where near has no data
    t = _three(np.minimum(den * 8.0, 1.0))
    return cv2.convertScaleAbs(near * t + far * (1.0 - t))


def _blurred_backdrop(original: np.ndarray, a: np.ndarray, amount: float) -> np.ndarray:
    """The original's backdrop, blurred, with the person's silhouette filled from around it."""
    h, w = original.shape[:2]
    sw, sh = _small_size(h, w)
    rgb_s = cv2.resize(original, (sw, sh), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    a_s = cv2.resize(a, (sw, sh), interpolation=cv2.INTER_AREA)
    # grow the cut-out: the photo's person may sit a little off the warped one
    hole = cv2.dilate(a_s, np.ones((3, 3), np.uint8), iterations=2)
    keep = np.clip(1.0 - hole * 1.5, 0.0, 1.0)
    sigma = max(0.8, (0.005 + 0.045 * amount) * max(sw, sh))
    blurred, den = _normalised_blur(rgb_s, keep, sigma)
    wide, _ = _normalised_blur(rgb_s, keep, max(sigma * 4, 12.0))
    t = _three(np.minimum(den * 6.0, 1.0))
    bg = cv2.convertScaleAbs(blurred * t + wide * (1.0 - t))
    return cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)


class _BackgroundCache:
    """The last cover-fitted image and flat colour plate per size (a slider drag or a video
    export asks for the same one every frame)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cover: tuple | None = None
        self._flat: tuple | None = None

    def cover(self, image: np.ndarray, h: int, w: int) -> np.ndarray:
        with self._lock:
            c = self._cover
            if c is not None and c[0] is image and c[1] == (h, w, image.shape):
                return c[2]
            plate = cover_fit(image, h, w)
            self._cover = (image, (h, w, image.shape), plate)
            return plate

    def flat(self, colour: str, h: int, w: int) -> np.ndarray:
        with self._lock:
            c = self._flat
            if c is not None and c[0] == (colour, h, w):
                return c[1]
            v = colour.lstrip("#") or "000000"
            plate = np.empty((h, w, 3), np.uint8)
            plate[:] = (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))
            self._flat = ((colour, h, w), plate)
            return plate


_CACHE = _BackgroundCache()
