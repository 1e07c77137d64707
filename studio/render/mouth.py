"""Mouth interior for photos taken with the mouth closed.

When the rig opens such a mouth, the warp can only stretch the thin line between the lips,
so the opening between the target inner-lip contours is painted instead: a dark cavity,
upper teeth under the upper lip, lower teeth above the lower lip, a tongue hint and soft
shading towards the corners. Everything scales with the opening, so a slightly parted mouth
shows a sliver of teeth and a wide one shows the cavity and tongue.

Works on a small patch around the mouth (a few thousand pixels), in place.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

CAVITY = np.array([52, 18, 24], np.float32)
TEETH = np.array([236, 228, 212], np.float32)     # ivory, not paper white
TONGUE = np.array([176, 82, 90], np.float32)
SHIFT = 4                      # fixed-point bits for sub-pixel polygon drawing


class Palette(NamedTuple):
    cavity: np.ndarray          # RGB float32
    tongue: np.ndarray


def photo_palette(rgb: np.ndarray, opening: np.ndarray) -> Palette:
    """The cavity and tongue colours of a photo's own open mouth (`opening`: K×2 pixels,
    `topology.inner_mouth_polygon`): the darkest fifth of the opening is its cavity; the
    reddest of the rest, when it is clearly redder than the teeth, its tongue. Colours the
    photo does not show keep the painted defaults."""
    px = pixels_inside(rgb, opening)
    if len(px) < 20:
        return Palette(CAVITY, TONGUE)
    lum = px.mean(axis=1)
    order = np.argsort(lum)
    cavity = px[order[: max(4, len(px) // 5)]].mean(axis=0)
    cavity = np.minimum(cavity, CAVITY * 1.6)        # a cavity is dark, whatever was found
    redness = px[:, 0] - 0.5 * (px[:, 1] + px[:, 2])
    reddish = px[(redness > 25) & (lum > np.percentile(lum, 30))]
    tongue = reddish.mean(axis=0) if len(reddish) >= 10 else TONGUE
    return Palette(cavity.astype(np.float32), np.asarray(tongue, np.float32))


def lip_colours(rgb: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
    """2×3 float32: the mean colour of the photo's upper and lower lip (between each lip's
    outer and inner contour; the middle tenth of each lip's height left out at both edges,
    where skin and the mouth's interior blur into it)."""
    from studio.face import topology as T
    out = np.zeros((2, 3), np.float32)
    pts = landmarks[:, :2]
    for i, (outer, inner) in enumerate(((T.LIPS_UPPER_OUTER, T.LIPS_UPPER_INNER),
                                        (T.LIPS_LOWER_OUTER, T.LIPS_LOWER_INNER))):
        a, b = pts[list(outer)], pts[list(inner)]
        px = pixels_inside(rgb, np.concatenate([0.9 * a + 0.1 * b, (0.1 * a + 0.9 * b)[::-1]]))
        out[i] = px.mean(0) if len(px) else (150, 90, 90)
    return out


def pixels_inside(rgb: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """N×3 float32: the RGB pixels of an image inside a polygon (K×2 image pixels)."""
    import cv2
    x0, y0 = np.maximum(np.floor(poly.min(0)).astype(int), 0)
    x1, y1 = np.ceil(poly.max(0)).astype(int) + 1
    patch = rgb[y0:y1, x0:x1, :3]
    if patch.size == 0:
        return np.zeros((0, 3), np.float32)
    mask = np.zeros(patch.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(poly - (x0, y0)).astype(np.int32)], 1)
    return patch[mask > 0].astype(np.float32)


LIGHT_MAX = 1.1                # painted teeth no brighter than this share of `TEETH`
EYE_WHITE_LIT = 180.0          # grey level of the whites of the eyes in a well-lit photo


def eye_white_light(rgb: np.ndarray, landmarks: np.ndarray) -> float:
    """How well lit a photo's face is, read from the whites of its eyes (0 when neither eye
    shows enough of them): 1 for a well-lit face. The skin around the mouth alone cannot
    tell dark skin from dim light, and painted teeth came out grey on dark-skinned faces;
    the eyes' whites are about as bright as teeth in any face. The brighter eye counts (the
    other may be in shadow or squinting); in each, the bright fifth of the white, outside
    the iris, so lashes and the lids' shadow do not count."""
    import cv2
    from studio.face import topology as T
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY)
    best = 0.0
    for upper, lower, iris in ((T.LEFT_EYE_UPPER, T.LEFT_EYE_LOWER, T.LEFT_IRIS),
                               (T.RIGHT_EYE_UPPER, T.RIGHT_EYE_LOWER, T.RIGHT_IRIS)):
        opening = landmarks[list(lower[3:6]), 1] - landmarks[list(upper[3:6]), 1]
        if float(np.mean(opening)) < 2.0:          # closed or nearly: no white to read
            continue
        poly = np.concatenate([landmarks[list(upper), :2], landmarks[list(lower)[::-1], :2]])
        x0, y0 = np.maximum(np.floor(poly.min(0)).astype(int), 0)
        x1, y1 = np.ceil(poly.max(0)).astype(int) + 1
        patch = grey[y0:y1, x0:x1]
        if patch.size == 0:
            continue
        inside = polygon_mask(poly - (x0, y0), patch.shape) > 0.5
        centre = landmarks[iris[0], :2]
        radius = float(np.mean(np.linalg.norm(landmarks[list(iris[1:]), :2] - centre, axis=1)))
        ys, xs = np.mgrid[y0:y0 + patch.shape[0], x0:x0 + patch.shape[1]]
        white = patch[inside & (np.hypot(xs - centre[0], ys - centre[1]) > 1.15 * radius)]
        if len(white) >= 20:
            best = max(best, float(np.percentile(white, 80)))
    return best / EYE_WHITE_LIT


def polygon_mask(poly: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Antialiased fill of `poly` (K×2 float pixels, patch coordinates) → H×W float32 0..1."""
    import cv2
    mask = np.zeros(shape, np.uint8)
    pts = np.round(poly * (1 << SHIFT)).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_AA, SHIFT)
    return mask.astype(np.float32) * np.float32(1 / 255)


def smooth_polyline(points: np.ndarray, closed: bool = False, steps: int = 4) -> np.ndarray:
    """K×2 points → a centripetal Catmull-Rom curve through them, `steps` points a segment
    (float32; the ends stay where they are). Centripetal: crowded points, as at the corners
    of a mouth, make neither loops nor overshoots."""
    p = np.asarray(points, np.float64)
    if len(p) < 3:
        return p.astype(np.float32)
    ext = np.concatenate([p[-1:], p, p[:2]]) if closed else \
        np.concatenate([2 * p[:1] - p[1:2], p, 2 * p[-1:] - p[-2:-1]])
    n = len(p) if closed else len(p) - 1
    t = np.linspace(0.0, 1.0, steps, endpoint=False)[None, :, None]        # 1×S×1
    p0, p1, p2, p3 = ext[:n, None], ext[1:n + 1, None], ext[2:n + 2, None], ext[3:n + 3, None]
    d01 = np.linalg.norm(p1 - p0, axis=-1, keepdims=True) ** 0.5 + 1e-6
    d12 = np.linalg.norm(p2 - p1, axis=-1, keepdims=True) ** 0.5 + 1e-6
    d23 = np.linalg.norm(p3 - p2, axis=-1, keepdims=True) ** 0.5 + 1e-6
    # tangents of the centripetal spline, scaled to the segment p1 → p2
    m1 = (p1 - p0) / d01 - (p2 - p0) / (d01 + d12) + (p2 - p1) / d12
    m2 = (p2 - p1) / d12 - (p3 - p1) / (d12 + d23) + (p3 - p2) / d23
    m1, m2 = m1 * d12, m2 * d12
    h00, h10 = 2 * t ** 3 - 3 * t ** 2 + 1, t ** 3 - 2 * t ** 2 + t
    h01, h11 = -2 * t ** 3 + 3 * t ** 2, t ** 3 - t ** 2
    curve = (h00 * p1 + h10 * m1 + h01 * p2 + h11 * m2).reshape(-1, 2)
    if not closed:
        curve = np.concatenate([curve, p[-1:]])
    return curve.astype(np.float32)


def _curve(points: np.ndarray, xs: np.ndarray) -> np.ndarray:
    order = np.argsort(points[:, 0])
    return np.interp(xs, points[order, 0], points[order, 1]).astype(np.float32)


def paint_interior(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray,
                   mouth_width: float, tongue_out: float = 0.0, teeth: bool = True,
                   within: np.ndarray | None = None, blur: float = 0.7,
                   opacity: float = 1.0, palette: "Palette | None" = None,
                   eye_light: float = 0.0) -> None:
    """Paint the mouth opening into `frame` (S×S×C uint8 RGB(A), channels 0..2 in place).

    upper, lower: K×2 float32 frame pixels of the inner lip contours, corner to corner.
    mouth_width: the outer corner distance in frame pixels (sets the teeth size).
    teeth: False when the photo's own teeth border the opening (open-mouthed photos).
    within: K×2 float32 polygon (frame pixels) the paint must stay inside (the lips' opening).
    blur: Gaussian σ in frame pixels matching the photo's own softness (see `softness`):
        painted edges as crisp as a drawing look pasted on.
    opacity: 0..1, how much of the painting shows (a barely parted mouth shows little).
    palette: the photo's own cavity and tongue colours (`photo_palette`), for an open-mouthed
        photo, so the painted opening continues what the photo shows.
    eye_light: the photo's lighting read from its eyes (`eye_white_light`): the painting is
        at least that bright, whatever the skin around the mouth suggests."""
    import cv2
    h, w = frame.shape[:2]
    if teeth:
        # The photo's closed-lip seam is stretched along both inner lip edges; grow the
        # opening a little (not at the corners) so that dark line is painted over.
        grow = 0.018 * mouth_width * np.sin(np.linspace(0, np.pi, len(upper)))[:, None]
        upper = upper - grow * np.float32([0, 1])
        lower = lower + grow * np.float32([0, 1])
    # through the landmarks, not between them: a wide opening drawn as a polygon of eleven
    # points a side showed its corners, where the warped lips around it are smooth
    upper, lower = smooth_polyline(upper), smooth_polyline(lower)
    if within is not None:
        within = smooth_polyline(within, closed=True)
    poly = np.concatenate([upper, lower[::-1][1:-1]])
    band = max(1.5, 0.03 * mouth_width)          # the stretched seam along each lip
    pad = int(np.ceil(max(2.5 * blur, 2.5 * band if teeth else 0.0))) + 1
    x0, y0 = np.floor(poly.min(0)).astype(int) - pad
    x1, y1 = np.ceil(poly.max(0)).astype(int) + pad + 1
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 3 or y1 - y0 < 2 or opacity <= 0.0:
        return
    mask = polygon_mask(poly - (x0, y0), (y1 - y0, x1 - x0))
    if mask.max() <= 0.0:
        return
    xs = np.arange(x0, x1, dtype=np.float32)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    top, bottom = _curve(upper, xs), _curve(lower, xs)
    gap = np.maximum(bottom - top, 0.0)
    cx = 0.5 * (upper[0, 0] + upper[-1, 0])
    half = max(0.5 * abs(upper[-1, 0] - upper[0, 0]), 1.0)
    across = np.clip(np.abs(xs - cx) / half, 0, 1)
    below_top = ys - top                                   # depth under the upper lip
    above_bottom = bottom - ys

    region = colour_planes(frame[y0:y1, x0:x1, :3])       # 3×H×W, see `colour_planes`
    if teeth:
        # only between the corners: beyond them the contours are just held flat, and a
        # mended seam there would paint lip-coloured blocks on the cheeks
        between = (xs >= poly[:, 0].min()) & (xs <= poly[:, 0].max())
        region = _mend_seam(region, top - y0, bottom - y0, band, between)
    lips, light = _surroundings(region, mask)
    light = max(light, min(eye_light, LIGHT_MAX))
    # Cavity: darker in the middle of the opening. A narrow opening, and the corners, show
    # the lips' own shadow rather than black (a black sliver reads as a drawn line).
    depth = np.clip(np.minimum(below_top, above_bottom) / np.maximum(gap * 0.5, 1.0), 0, 1)
    shade = 1.0 - 0.3 * depth
    opened = np.clip(gap / max(0.12 * mouth_width, 1.0), 0, 1)        # per column
    deep = opened * (1.0 - 0.6 * across ** 4)
    pal = palette or Palette(CAVITY, TONGUE)
    cavity = pal.cavity[:, None] * deep + 0.42 * lips[:, None] * (1.0 - deep)   # 3×W
    img = cavity[:, None, :] * shade

    # Tongue: a soft mound rising from the lower lip.
    t_h = gap * (0.25 + 0.5 * tongue_out)
    t_w = 0.55 + 0.25 * tongue_out
    tongue = np.clip(1.0 - (above_bottom / np.maximum(t_h, 1.0)) ** 2 - (across / t_w) ** 2, 0, 1)
    t_col = pal.tongue[:, None, None] * (0.75 + 0.25 * np.sqrt(tongue))
    a = np.clip(tongue * 3.0, 0, 1) * (0.6 + 0.4 * min(tongue_out + 0.4, 1.0))
    img = img * (1 - a) + t_col * a

    if teeth:
        img = _both_rows(img, below_top, above_bottom, gap, across, xs, cx, mouth_width,
                         tongue_out)
    img = img * light
    if blur > 0.05:
        img = np.stack([cv2.GaussianBlur(plane, (0, 0), blur) for plane in img])
        mask = cv2.GaussianBlur(mask, (0, 0), max(0.5, 0.6 * blur))
    if within is not None:
        mask *= polygon_mask(within - (x0, y0), mask.shape)
    if not teeth:
        # A narrow gap between the photo's own teeth shows where the teeth are, fading out
        # towards the corners, which the lips shade anyway (a full-width dark band reads as
        # a drawn crescent); a wide one is all cavity.
        mask *= 1.0 - (1.0 - opened) * across ** 2
    m = mask * np.float32(min(opacity, 1.0))
    frame[y0:y1, x0:x1, :3] = interleaved(np.clip(region * (1 - m) + img * m + 0.5, 0, 255))


def colour_planes(pixels: np.ndarray) -> np.ndarray:
    """H×W×3 pixels → 3×H×W float32. Painted details (mouth, lids) are computed one colour
    plane at a time: numpy applies an H×W weight to H×W×3 pixels (or a colour to them)
    three values at a time, 20-40× slower than to whole planes, which made the painting
    most of the mouth stage."""
    return np.ascontiguousarray(pixels.transpose(2, 0, 1), dtype=np.float32)


def interleaved(planes: np.ndarray) -> np.ndarray:
    """3×H×W float (already rounded into 0..255) → H×W×3 uint8."""
    import cv2
    return cv2.merge([plane.astype(np.uint8) for plane in planes])


def paint_tongue_out(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray,
                     lower_outer: np.ndarray, amount: float, blur: float = 0.7,
                     palette: Palette | None = None) -> None:
    """A tongue stuck out between the lips and over the lower lip, in place.

    upper, lower: K×2 float32 frame pixels of the inner lip contours (corner to corner);
    lower_outer: K×2 the lower lip's outer contour; amount: 0..1 how far it comes out (from
    0.3 on it passes the lower lip's edge). The tongue comes out from under the upper
    teeth (their edges stay visible above it when the mouth is open), a little narrower
    towards its rounded tip, and is shaded as a rounded, wet surface: darker at its sides,
    in its groove and in the mouth's shadow, with a soft sheen."""
    import cv2
    if amount <= 0.05:
        return
    h, w = frame.shape[:2]
    # the photo's own tongue colour when it shows one, kept near a tongue's red (a photo's
    # "reddest" interior part may be its gums)
    tongue = 0.5 * ((palette or Palette(CAVITY, TONGUE)).tongue + TONGUE)
    cx = float(np.mean(upper[[0, -1], 0]))
    mouth_w = float(abs(upper[-1, 0] - upper[0, 0]))
    lip = float(np.interp(cx, *_sorted(upper)))
    opening = max(float(np.interp(cx, *_sorted(lower))) - lip, 0.0)
    under_teeth = min(0.45 * opening, 0.08 * mouth_w)      # it comes out under their edges
    top = lip + under_teeth
    lip_bottom = float(np.interp(cx, *_sorted(lower_outer)))
    half_w = 0.25 * mouth_w
    reach = top + (lip_bottom - top) * (0.5 + 0.9 * amount)      # the tip's lowest point
    x0, x1 = max(int(cx - 1.1 * half_w) - 3, 0), min(int(cx + 1.1 * half_w) + 4, w)
    y0, y1 = max(int(top) - 2, 0), min(int(reach) + 4, h)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    xs = np.arange(x0, x1, dtype=np.float32)[None, :]
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    depth = (ys - top) / max(reach - top, 1.0)                     # 0 at the lips, 1 at tip
    # a little wider once out of the mouth, as a relaxed tongue spreads (a strip of even
    # width read as a ribbon)
    spread = 1.0 + 0.08 * np.sin(np.pi * np.clip(depth / 0.8, 0, 1))
    u = (xs - cx) / (half_w * spread)                              # -1..1 across
    # a broad, rounded tip: sides that close in a half ellipse over the last 40%
    tip = np.clip((depth - 0.6) / 0.4, 0.0, None)
    inside = (u * u + tip * tip) < 1.0
    teeth_edge = np.interp(xs[0], *_sorted(upper))[None, :] + under_teeth
    mask = (inside & (ys > teeth_edge)).astype(np.float32)
    mask = cv2.GaussianBlur(mask, (0, 0), max(0.6, blur))
    # its surface is rough (papillae), not painted plastic: a fixed grain that moves with it
    rough = _grain_at("skin", (y1 - y0, x1 - x0), (x0 - int(cx), y0 - int(top)))
    grain = TONGUE_GRAIN * min(1.0, 0.6 / blur)                     # a soft photo, less
    img = tongue[:, None, None] * (_tongue_shade(u, depth) + grain * rough)
    m = mask * min(1.0, amount / 0.3)
    region = colour_planes(frame[y0:y1, x0:x1, :3])
    frame[y0:y1, x0:x1, :3] = interleaved(np.clip(region * (1 - m) + img * m + 0.5, 0, 255))


TONGUE_GRAIN = 0.012           # the tongue's roughness, a share of its colour


def _tongue_shade(u: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """H×W brightness of a tongue's surface at across-position `u` (-1..1) and `depth`
    (0 at the lips, 1 at the tip): rounded across, with a groove down its middle, in the
    mouth's shadow near the lips, lit towards the tip, and a soft sheen on one side."""
    across = np.sqrt(np.clip(1.0 - u * u, 0.0, 1.0))
    d = np.clip(depth, 0.0, 1.0)
    rounded = 0.62 + 0.38 * across
    groove = 1.0 - 0.08 * np.exp(-(u / 0.18) ** 2) * np.clip(1.15 - d, 0, 1)
    shadow = 0.72 + 0.28 * np.clip(d / 0.3, 0.0, 1.0)        # under the upper lip and teeth
    lit = 0.9 + 0.14 * d
    sheen = 0.1 * np.exp(-((u + 0.35) / 0.18) ** 2 - ((d - 0.55) / 0.25) ** 2)
    return rounded * groove * shadow * lit + sheen


def _sorted(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(points[:, 0])
    return points[order, 0], points[order, 1]


def softness(upscale: float) -> float:
    """Blur σ (frame pixels) for painted details, from how many frame pixels one photo pixel
    covers: an enlarged photo is soft by about half its enlargement, and even a sharp
    photo's edges spread over a pixel or so."""
    return float(np.clip(0.45 * upscale, 0.6, 3.0))


def _mend_seam(region: np.ndarray, top: np.ndarray, bottom: np.ndarray, band: float,
               columns: np.ndarray) -> np.ndarray:
    """A closed-lip photo's dark seam, stretched by the warp along both inner lip edges,
    repainted with the lip colour found `band` further out (per column), shading a little
    towards the opening. region: 3×H×W float32 colour planes (`colour_planes`); top,
    bottom: per-column contour rows in patch pixels; columns: the patch columns (bool) that
    lie between the mouth's corners."""
    h, w = region.shape[1:]
    cols = np.arange(w)
    out = region.copy()
    half = 0.5 * np.maximum(bottom - top, 0.0)
    ends = np.clip(half / band, 0, 1) * columns        # per column; nothing where lips meet
    for edge, out_dir in ((top, -1.0), (bottom, 1.0)):
        source = np.clip(np.round(edge + out_dir * 2.0 * band).astype(int), 0, h - 1)
        lip = region[:, source, cols][:, None, :]                     # 3×1×W
        # only the rows this edge reaches: from `band` outside it to the opening's middle
        near, far = (edge - band, edge + half) if out_dir < 0 else (edge - half, edge + band)
        r0 = max(int(np.floor(near.min())) - 1, 0)
        r1 = min(int(np.ceil(far.max())) + 2, h)
        if r1 <= r0:
            continue
        ys = np.arange(r0, r1, dtype=np.float32)[:, None]
        d = (ys - edge) * out_dir                        # outwards from the edge, pixels
        t = np.where(d >= 0, np.clip(1.0 - d / band, 0, 1), (d > -half).astype(np.float32))
        t = (t * t * (3 - 2 * t)) * ends
        out[:, r0:r1] = out[:, r0:r1] * (1 - t) + lip * (1.0 - 0.12 * t) * t
    return out


def _surroundings(region: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, float]:
    """The lips and skin around the opening (region: 3×H×W colour planes): their mean colour
    (3 float32), and how bright they are relative to a well-lit photo (painted teeth in a dim
    photo must be dim too)."""
    around = region[:, mask < 0.05]
    if around.shape[1] < 8:
        return np.float32([150, 90, 90]), 1.0
    colour = around.mean(axis=1)
    return colour, float(np.clip(colour.mean() / 165.0, 0.3, LIGHT_MAX))


def _both_rows(img, below_top, above_bottom, gap, across, xs, cx, mouth_width, tongue_out):
    """Lower teeth (partly hidden behind the lip), then upper teeth."""
    # The lower lip hides the lower teeth but for the front ones' edges, in the middle (a
    # band along the whole lip reads as a mouth guard).
    lower_h = (np.minimum(0.04 * mouth_width, 0.18 * gap) * (1.0 - 0.7 * tongue_out)
               * np.clip(1.0 - (across / 0.6) ** 2, 0.0, 1.0))
    img = _teeth(img, above_bottom, lower_h, across, xs, cx, mouth_width, 0.85)
    # The upper teeth's biting edges arch: the side teeth sit higher and further back than
    # the front ones (a band of even height reads as a mouth guard).
    upper_h = np.minimum(0.13 * mouth_width, 0.5 * gap) * (1.0 - 0.45 * across ** 2)
    return _teeth(img, below_top, upper_h, across, xs, cx, mouth_width, 1.0)


def _teeth(img, dist, height, across, xs, cx, mouth_width, brightness):
    """Overlay a row of teeth occupying `dist` in [0, height) (per column): ivory, a soft
    shadow under the lip, fading into the shade of the mouth towards its corners."""
    height = np.maximum(height, 0.0)
    # Only the rows a tooth can reach are drawn (the rest of the patch is left as it is):
    # a large mouth's patch is mostly cavity, and this runs twice a frame.
    rows = np.flatnonzero(((dist > -2.5) & (dist < height)).any(axis=1))
    if not len(rows):
        return img
    band = slice(rows[0], rows[-1] + 1)
    out = img.copy()
    out[:, band] = _teeth_rows(img[:, band], dist[band], height, across, xs, cx, mouth_width,
                            brightness)
    return out


ARCH_REACH = 0.9                # sin of the arch angle at a corner of the mouth
TOOTH_ANGLE = 0.26             # radians of the arch one tooth takes


def _tooth_places(xs, cx, across, mouth_width):
    """Per column: where it lies within its tooth (0..1, a gap at 0 and 1) and how many
    pixels wide that tooth looks. The teeth stand on an arch seen from the front, so they
    look narrower towards the corners, and two front teeth meet in the middle."""
    side = np.sign(xs - cx)
    angle = np.arcsin(np.clip(across * ARCH_REACH, 0.0, 1.0)) * side
    radius = 0.5 * mouth_width / ARCH_REACH
    place = (angle / TOOTH_ANGLE) % 1.0
    width = np.maximum(radius * TOOTH_ANGLE * np.cos(angle), 1.0)
    return place, width


def _teeth_rows(img, dist, height, across, xs, cx, mouth_width, brightness):
    """`_teeth` on the rows it draws: each tooth a little rounded (lit in its middle), the
    gaps between them darker where the teeth's corners round off at the gum and at the
    biting edge, whose line dips at every gap; a band of one shade read as a mouth guard."""
    place, width = _tooth_places(xs, cx, across, mouth_width)
    off_middle = np.abs(2.0 * place - 1.0)                # 0 mid-tooth, 1 at a gap
    # the biting edge of each tooth rounds off towards its neighbours
    length = height * (1.0 - 0.14 * off_middle ** 4 * (height > 2.0))
    # Teeth run on under the lip (dist < 0) so the softened edge shows lip over tooth,
    # not a dark line between them.
    inside = np.clip((length - dist) * 1.5, 0, 1) * np.clip(dist + 2.5, 0, 1) * (height > 0.3)
    gap_px = np.minimum(place, 1.0 - place) * width        # pixels from the nearest gap
    edge = np.clip(dist / np.maximum(height, 1.0), 0, 1)            # 0 at the lip, 1 at tip
    ends = np.maximum(1.0 - edge / 0.3, (edge - 0.7) / 0.3).clip(0, 1)   # gum and tip
    gap = np.exp(-(gap_px / 0.8) ** 2) * (0.08 + 0.22 * ends) * (across < 0.75)
    rounded = 0.95 + 0.05 * np.sin(np.pi * place)
    tip = np.clip((edge - 0.8) / 0.2, 0, 1)                       # translucent biting edge
    shade = (brightness * rounded * (1.0 - gap) * (1.0 - 0.35 * across ** 2)
             * (0.84 + 0.16 * np.sqrt(edge)) * (1.0 - 0.1 * tip))
    fade = np.clip((0.97 - across) / 0.4, 0, 1)      # the side teeth recede into the shade
    a = inside * fade * fade * (3 - 2 * fade)
    return img * (1 - a) + TEETH[:, None, None] * shade * a


def paint_closed_lips(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray,
                      margin: float, amount: float, interior: np.ndarray | None = None,
                      outer: tuple[np.ndarray, np.ndarray] | None = None,
                      colours: np.ndarray | None = None) -> None:
    """Seal lips that the rig closes over an open-mouthed photo, in place.

    The coarse warp cannot squeeze the photo's teeth to nothing, so a band `margin` pixels
    either side of the target inner-lip line is repainted with the lip colours found just
    above and below it, meeting at a soft darker seam. amount: 0..1 opacity (how closed).
    upper, lower: K×2 float32 frame pixels of the target inner lip contours.
    interior: S×S uint8, where the warp left the photo's own mouth interior (teeth, cavity);
        the band widens, column by column, to cover all of it.
    outer: the upper and lower lips' outer contours (K×2 each). A laughing photo's teeth,
        left by the warp over the closed lips, can reach past them: the band is then
        painted as skin, lip, seam, lip, skin along those lines instead of one gradient
        from the skin above to the skin below.
    colours: 2×3 the photo's own upper and lower lip colours (`lip_colours`), for where
        the warp left no lip visible to take them from."""
    h, w = frame.shape[:2]
    if amount <= 0.0:
        return
    reach = 2 * margin + (0.5 * float(np.ptp(upper[:, 0])) if interior is not None else 0.0)
    y0 = max(int(np.floor(upper[:, 1].min() - reach)) - 3, 0)
    y1 = min(int(np.ceil(lower[:, 1].max() + reach)) + 4, h)
    # past the interior's edge too: the warp squeezes the photo's lips around its teeth
    # into a dark rim, which would outline the band
    rim = 1.5 + 0.5 * margin
    left, right = _covered_columns(upper, lower, interior, y0, y1, rim)
    x0, x1 = max(int(np.floor(left)) - 1, 0), min(int(np.ceil(right)) + 2, w)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    patch = colour_planes(frame[y0:y1, x0:x1, :3])       # 3×H×W, see `colour_planes`
    xs = np.arange(x0, x1, dtype=np.float32)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    top = _curve(upper, xs) - margin
    bottom = _curve(lower, xs) + margin
    inside = np.zeros(patch.shape[1:], bool)
    if interior is not None:
        inside = interior[y0:y1, x0:x1] > 96
        first = np.where(inside, ys, np.inf).min(axis=0)
        last = np.where(inside, ys, -np.inf).max(axis=0)
        found = inside.any(axis=0)
        top = np.where(found, np.minimum(top, first - rim), top).astype(np.float32)
        bottom = np.where(found, np.maximum(bottom, last + rim), bottom).astype(np.float32)
    cols = np.arange(x1 - x0)
    above = patch[:, np.clip(np.round(top - 1.5 - y0).astype(int), 0, y1 - y0 - 1), cols]
    below = patch[:, np.clip(np.round(bottom + 1.5 - y0).astype(int), 0, y1 - y0 - 1), cols]
    # lip colour varies slowly along the mouth; single columns copied down would streak
    import cv2
    k = max(3, (x1 - x0) // 10) | 1
    above = cv2.blur(above, (k, 1), borderType=cv2.BORDER_REPLICATE)      # 3×W
    below = cv2.blur(below, (k, 1), borderType=cv2.BORDER_REPLICATE)
    middle = 0.5 * (_curve(upper, xs) + _curve(lower, xs))          # where the lips meet
    if outer is None:
        t = np.clip((ys - top) / np.maximum(bottom - top, 1.0), 0, 1)
        img = above[:, None] * (1 - t) + below[:, None] * t
    else:
        corners = upper[:, 0].min(), upper[:, 0].max()
        across = np.abs(xs - 0.5 * sum(corners)) / max(0.5 * (corners[1] - corners[0]), 1.0)
        lines = _Lines(_curve(outer[0], xs), middle, _curve(outer[1], xs), ys, across)
        beyond = across > 1.0
        lines.top[beyond], lines.bottom[beyond] = np.inf, -np.inf    # past the corners: skin
        img = lines.paint(patch, inside, above, below, top, bottom, colours)
    seam = np.exp(-((ys - middle) / max(0.6, 0.25 * margin)) ** 2)
    if outer is not None:         # the lips' line ends at the corners, not across the cheeks
        seam = seam * np.clip((1.12 - across) / 0.12, 0.0, 1.0)
    img *= 1.0 - 0.35 * seam
    poly = np.concatenate([np.stack([xs, top], 1), np.stack([xs, bottom], 1)[::-1]])
    mask = polygon_mask(poly - (x0, y0), (y1 - y0, x1 - x0))
    # the photo's own grain over the painted band: flat paint in a textured face reads as
    # a sticker (lips get the fine upright creases of real lips)
    anchor = (int(round(0.5 * (upper[0, 0] + upper[-1, 0]))), int(round(float(middle.mean()))))
    img += _grain(patch, mask, (x0 - anchor[0], y0 - anchor[1]),
                  None if outer is None else lines)
    if outer is not None:
        mask = _over_the_teeth(mask, inside, ys, middle, margin, rim)
    fade = 3.0 if interior is None else 3.0 + rim      # past the corners: a softer end
    ends = np.clip(np.minimum(xs - left, right - xs) / fade, 0, 1)
    m = mask * ends * amount
    frame[y0:y1, x0:x1, :3] = interleaved(np.clip(patch * (1 - m) + img * m + 0.5, 0, 255))


GRAIN_SIZE = 256
LIP_GRAIN = 0.45               # lips are smoother than the skin around them


@functools.lru_cache(maxsize=None)
def _grain_field(kind: str) -> np.ndarray:
    """GRAIN_SIZE² float32 noise whose fine detail (what `_fine_detail` keeps) has unit
    spread: 'skin' is even grain, 'lip' is drawn out upright like the creases of lips.
    Fixed (seeded), so painted lips keep the same grain from frame to frame."""
    import cv2
    noise = np.random.default_rng(7 if kind == "skin" else 11).standard_normal(
        (GRAIN_SIZE, GRAIN_SIZE)).astype(np.float32)
    sigma = (0.6, 0.6) if kind == "skin" else (0.5, 1.3)            # (across, up)
    pad = 16                            # blurred across its edges: the field tiles
    wrapped = np.pad(noise, pad, mode="wrap")
    field = cv2.GaussianBlur(wrapped, (0, 0), sigmaX=sigma[0], sigmaY=sigma[1])
    field = np.ascontiguousarray(field[pad:-pad, pad:-pad])
    return field / max(float(_fine_detail(field).std()), 1e-6)


def _grain_at(kind: str, shape: tuple[int, int], offset: tuple[int, int]) -> np.ndarray:
    """An H×W window of the tiling `_grain_field`, its corner at `offset` (x, y) from an
    anchor that moves with what the grain lies on."""
    rows = (np.arange(shape[0]) + offset[1]) % GRAIN_SIZE
    cols = (np.arange(shape[1]) + offset[0]) % GRAIN_SIZE
    return _grain_field(kind)[np.ix_(rows, cols)]


def _fine_detail(img: np.ndarray) -> np.ndarray:
    import cv2
    return img - cv2.GaussianBlur(img, (0, 0), 1.5)


def _grain(patch, mask, offset, lines: "_Lines | None") -> np.ndarray:
    """H×W grain for a painted band: as strong as the fine detail of the patch (3×H×W
    colour planes) around it (`mask` < 0.05: what is not painted), lip grain between the
    lips' outer lines and skin grain elsewhere, placed by `offset` (the patch's corner from
    an anchor that moves with the mouth)."""
    around = mask < 0.05
    if around.sum() < 30:
        return np.zeros(mask.shape, np.float32)
    lum = (patch[0] + patch[1] + patch[2]) * np.float32(1 / 3)
    # the typical fine detail (median deviation), not its spread: edges in the patch (the
    # lips' lines, a nostril) are not grain, and counted in they sprinkled stubble
    detail = np.abs(_fine_detail(lum)[around])
    strength = min(1.4826 * float(np.median(detail)), 12.0)
    skin = _grain_at("skin", mask.shape, offset)
    if lines is None:
        return strength * skin
    lip = _grain_at("lip", mask.shape, offset)
    on_lip = ((lines.ys > lines.top) & (lines.ys < lines.bottom)).astype(np.float32)
    return strength * (skin + (LIP_GRAIN * lip - skin) * on_lip)


def _covered_columns(upper, lower, interior, y0, y1, rim: float) -> tuple[float, float]:
    """The columns the closing band spans: the lips' corners, widened to `rim` pixels past
    where the warp left the photo's own mouth interior in rows y0..y1 (a frown pulls the
    corners in and down past the photo's teeth; a band ending at the corners left them
    showing beside it), but not more than a fifth of the mouth's width past either corner."""
    left = float(min(upper[:, 0].min(), lower[:, 0].min()))
    right = float(max(upper[:, 0].max(), lower[:, 0].max()))
    if interior is None:
        return left, right
    cols = np.flatnonzero((interior[y0:y1] > 96).any(axis=0))
    if not len(cols):
        return left, right
    most = 0.2 * (right - left)
    pad = 2 * rim + 3.0                        # and the band's fade at its ends
    return max(min(left, float(cols[0]) - pad), left - most), \
        min(max(right, float(cols[-1]) + pad), right + most)


def _over_the_teeth(mask, inside, ys, middle, margin: float, rim: float) -> np.ndarray:
    """The band's mask cut down to what must be covered: the photo's teeth where the warp
    left them, with `rim` pixels of squeezed lip around them, and the band of `margin`
    either side of where the lips meet. The lips the warp shows elsewhere keep their own
    texture (a band of flat lip colour with straight ends read as a pasted-on block), and
    the edge is feathered so that no outline is drawn."""
    import cv2
    r = max(int(round(rim)), 1)
    teeth = cv2.dilate(inside.astype(np.uint8), cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))).astype(np.float32)
    seam = (np.abs(ys - middle) <= margin).astype(np.float32)
    keep = cv2.GaussianBlur(np.maximum(teeth, seam), (0, 0), 1.0)
    return np.maximum(mask, cv2.GaussianBlur(cv2.dilate(mask, np.ones((3, 3))), (0, 0), 1.0)) \
        * np.maximum(keep, np.maximum(teeth, seam))


def _smooth_columns(w: np.ndarray, width: int = 9) -> np.ndarray:
    """A per-column weight (W float) averaged over `width` columns (finite values only)."""
    import cv2
    w = np.nan_to_num(w.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    return cv2.blur(w[None], (width, 1), borderType=cv2.BORDER_REPLICATE)[0]


UPPER_LIP_SHADE = 0.88         # an upper lip, facing down, is darker than the lower one


class _Lines:
    """Per column of a closing band: the upper lip's outer line (`top`), where the lips
    meet (`middle`) and the lower lip's outer line (`bottom`), in patch rows `ys`, and how
    far out towards a corner the column lies (`across`: 0 in the middle, 1 at a corner)."""

    def __init__(self, top, middle, bottom, ys, across):
        self.top, self.middle, self.bottom, self.ys = top, middle, bottom, ys
        self.across = np.clip(across, 0.0, 1.0)

    def paint(self, patch, inside, above, below, band_top, band_bottom,
              colours=None) -> np.ndarray:
        """The band's colours (3×H×W colour planes; `patch` too, `above` and `below` 3×W):
        the skin found above and below it, and each lip's colour — found just outside the
        band where that lies on the lip, else the mean of what the warp left visible of
        that lip, else the photo's (`colours`)."""
        ys = self.ys
        own = colours if colours is not None else np.float32([[150, 90, 90]] * 2)
        means = []
        for lip, rows in enumerate(((ys > self.top + 1) & (ys < self.middle - 1),
                                    (ys > self.middle + 1) & (ys < self.bottom - 1))):
            px = patch[:, rows & ~inside]
            means.append(px.mean(1) if px.shape[1] >= 10 else np.float32(own[lip]))
        up_mean, lo_mean = means
        # the colour found beside the band where that lies on the lip, else the lip's mean,
        # changing over a few columns (a switch from one column to the next drew a line)
        on_up = _smooth_columns(np.clip((band_top - 2.5 - self.top) / 3.0, 0, 1))
        on_lo = _smooth_columns(np.clip((self.bottom - 2.5 - band_bottom) / 3.0, 0, 1))
        upper_lip = (above * on_up + up_mean[:, None] * (1 - on_up))[:, None]     # 3×1×W
        lower_lip = (below * on_lo + lo_mean[:, None] * (1 - on_lo))[:, None]
        into_upper = np.clip((ys - self.top + 1.0) / 2.0, 0, 1)        # 2-px edges, H×W
        onto_lower = np.clip((ys - self.middle + 1.0) / 2.0, 0, 1)
        off_lower = np.clip((ys - self.bottom + 1.0) / 2.0, 0, 1)
        upper_rows = above[:, None] * (1 - into_upper) + \
            upper_lip * (into_upper * self._relief(self.top, self.middle))
        lower_rows = lower_lip * ((1 - off_lower) * self._relief(self.middle, self.bottom)) \
            + below[:, None] * off_lower
        return upper_rows * (1 - onto_lower) + lower_rows * onto_lower

    def _relief(self, edge_a, edge_b) -> np.ndarray:
        """H×W shading of a lip between two per-column lines: rounded (lit across its
        middle, darker at both edges) and darker towards the mouth's corners, so a painted
        lip is not a flat block of one colour."""
        v = np.clip((self.ys - edge_a) / np.maximum(edge_b - edge_a, 1.0), 0.0, 1.0)
        return (0.9 + 0.14 * np.sin(np.pi * v)) * (1.0 - 0.12 * self.across ** 2)
