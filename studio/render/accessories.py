"""Accessories drawn by the project itself: glasses, hats and earrings, anchored to landmarks.

Every shape is built in the face's own frame (across = eye line, down = towards the chin, sizes
from the eye and face widths of the *current* landmarks), so it follows the head's position,
scale and roll, and narrows with yaw because the landmarks do. Yaw also decides what the head
hides: the far temple arm and the far earring fade out, the crown of a hat slides away from the
nose, a cap's brim towards it. Drawing is anti-aliased (OpenCV, 4 fractional bits) and is
composited only inside each shape's bounding box, which keeps a frame well under 2 ms.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.face import regions as R

_SHIFT = 4
_ONE = 1 << _SHIFT


def draw_accessories(frame_rgba: np.ndarray, landmarks2d: np.ndarray, static,
                     head_pose: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> None:
    """Draw the profile's glasses, hat and earrings onto the frame, in place.

    frame_rgba: size×size×4 uint8 RGBA, straight alpha (the accessories also raise alpha, so
    a hat shows over a transparent background); landmarks2d: 478×2 float32 frame pixels of the
    deformed face; static: ExternalStatic; head_pose: (yaw, pitch, roll) degrees relative to
    the photo (the landmarks already carry yaw and roll; pitch tilts a cap's brim).
    """
    if static.glasses == "none" and static.hat == "none" and static.earrings == "none":
        return
    head = Head.from_landmarks(np.asarray(landmarks2d, np.float32)[:, :2], head_pose)
    v = static.accessory_colour.lstrip("#") or "202020"
    colour = np.array([int(v[i:i + 2], 16) for i in (0, 2, 4)], np.float32)
    paint = Painter(frame_rgba)
    if static.earrings in _EARRINGS:           # each flushed on its own: small boxes
        _EARRINGS[static.earrings](paint, head, colour)
        paint.flush()
    if static.glasses in _GLASSES:
        draw_glasses(paint, head, colour, _GLASSES[static.glasses])
        paint.flush()
    if static.hat in _HATS:
        _HATS[static.hat](paint, head, colour)
        paint.flush()


# --- the face frame -------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    """Anchors and units of one face in frame pixels."""
    p: np.ndarray            # 478×2 landmarks
    across: np.ndarray       # unit vector, subject's right eye → left eye
    down: np.ndarray         # unit vector towards the chin
    width: float             # face width (cheek to cheek), foreshortened by yaw
    height: float            # forehead top to chin
    turn: float              # -1..1, >0: the nose points towards the image's right
    pitch: float             # degrees, chin up > 0

    @classmethod
    def from_landmarks(cls, p: np.ndarray, head_pose) -> "Head":
        across, down = R.face_axes(p)
        width = max(float(np.hypot(*(p[R.LEFT_FACE_SIDE] - p[R.RIGHT_FACE_SIDE]))), 4.0)
        height = max(float(np.hypot(*(p[R.CHIN] - p[R.FOREHEAD_TOP]))), 4.0)
        mid = 0.5 * (p[R.LEFT_FACE_SIDE] + p[R.RIGHT_FACE_SIDE])
        turn = float(np.clip((p[R.NOSE_TIP] - mid) @ across / (0.5 * width), -1.0, 1.0))
        return cls(p, across, down, width, height, turn, float(head_pose[1]))

    def at(self, origin: np.ndarray, x, y) -> np.ndarray:
        """Face-frame offsets (x across, y down; arrays) from `origin` → N×2 frame pixels."""
        x, y = np.broadcast_arrays(np.asarray(x, np.float32), np.asarray(y, np.float32))
        return origin[None, :] + x.reshape(-1, 1) * self.across + y.reshape(-1, 1) * self.down

    def side_visibility(self, side: int) -> float:
        """0..1: how much of the head's side -1 (subject's right, image left) or +1 faces us."""
        t = self.turn * side           # the side the nose turns towards goes behind
        return float(1.0 - np.clip((t - 0.35) / 0.25, 0.0, 1.0))


# --- painting -------------------------------------------------------------------------------
class Painter:
    """Anti-aliased shapes composited (straight-alpha "over") onto a frame.

    Shapes are collected by `draw` and painted by `flush` into one premultiplied float layer
    the size of their joint bounding box, which then goes over the frame once: a handful of
    dense operations on a small box instead of a pass over the frame per shape."""

    def __init__(self, frame: np.ndarray):
        self.frame = frame
        self.h, self.w = frame.shape[:2]
        self._queue: list[tuple] = []

    def draw(self, polys, colour, opacity: float = 1.0, thickness: float = 0.0,
             closed: bool = True, shade=None, clip=None) -> None:
        """Fill `polys` (thickness 0) or stroke them; `shade(X, Y) -> multiplier` varies the
        colour over frame pixel grids; `clip` polygons restrict the paint to their inside."""
        if opacity > 0.0 and len(polys):
            polys = [np.asarray(q, np.float32).reshape(-1, 2) for q in polys]
            self._queue.append((polys, np.asarray(colour, np.float32), float(opacity),
                                float(thickness), closed, shade, clip))

    def flush(self) -> None:
        """Paint what was drawn since the last flush."""
        queue, self._queue = self._queue, []
        boxes = [self._box(q[0], q[3] + 2) for q in queue]
        live = [b for b in boxes if b is not None]
        if not live:
            return
        x0, y0 = min(b[0] for b in live), min(b[1] for b in live)
        x1, y1 = max(b[2] for b in live), max(b[3] for b in live)
        # premultiplied R, G, B and alpha planes: 2-D slices of them are OpenCV matrices,
        # so every step below is an in-place OpenCV call on just the shape's box
        planes = [np.zeros((y1 - y0, x1 - x0), np.float32) for _ in range(4)]
        for (polys, colour, opacity, thickness, closed, shade, clip), box in zip(queue, boxes):
            if box is not None:
                self._paint(planes, (x0, y0), box, polys, colour, opacity, thickness,
                            closed, shade, clip)
        self._over(planes, x0, y0)

    def _box(self, polys, pad: float):
        pts = np.concatenate(polys)
        x0, y0 = np.floor(pts.min(axis=0) - pad).astype(int)
        x1, y1 = np.ceil(pts.max(axis=0) + pad).astype(int) + 1
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, self.w), min(y1, self.h)
        return None if x1 <= x0 or y1 <= y0 else (int(x0), int(y0), int(x1), int(y1))

    @staticmethod
    def _raster(polys, box, thickness: float, closed: bool) -> np.ndarray:
        x0, y0, x1, y1 = box
        m = np.zeros((y1 - y0, x1 - x0), np.uint8)
        ints = [np.round((q - (x0, y0)) * _ONE).astype(np.int32) for q in polys]
        if thickness <= 0:
            cv2.fillPoly(m, ints, 255, cv2.LINE_AA, shift=_SHIFT)
        else:
            cv2.polylines(m, ints, closed, 255, max(1, int(round(thickness))), cv2.LINE_AA,
                          shift=_SHIFT)
        return m

    def _paint(self, planes, origin, box, polys, colour, opacity, thickness, closed,
               shade, clip) -> None:
        """One shape "over" the layer, inside the shape's own box."""
        cov = self._raster(polys, box, thickness, closed)
        if clip is not None:
            cov = cv2.multiply(cov, self._raster(clip, box, 0, True), scale=1.0 / 255.0)
        cov = cov.astype(np.float32)
        cov *= opacity / 255.0
        bx0, by0, bx1, by1 = box
        sl = (slice(by0 - origin[1], by1 - origin[1]), slice(bx0 - origin[0], bx1 - origin[0]))
        keep = 1.0 - cov
        tinted = cov
        if shade is not None:            # grids by broadcasting: a row and a column
            xs = np.arange(bx0, bx1, dtype=np.float32)[None, :]
            ys = np.arange(by0, by1, dtype=np.float32)[:, None]
            k = np.broadcast_to(np.asarray(shade(xs, ys), np.float32), cov.shape)
            tinted = cv2.multiply(cov, np.ascontiguousarray(k))
        for c, plane in enumerate(planes):
            view = plane[sl]
            cv2.multiply(view, keep, dst=view)
            if c < 3:
                cv2.scaleAdd(tinted, float(colour[c]), view, dst=view)
            else:
                cv2.add(view, cov, dst=view)
        if shade is not None:        # shading may overshoot white: clamp the painted colour
            for plane in planes[:3]:
                view = plane[sl]
                cv2.min(view, planes[3][sl] * 255.0, dst=view)

    def _over(self, planes, x0, y0) -> None:
        """The premultiplied layer over the frame's straight-alpha pixels, where it has paint."""
        alpha = planes[3]
        h, w = alpha.shape
        view = self.frame[y0:y0 + h, x0:x0 + w]
        under = cv2.split(view)
        rest = cv2.multiply(under[3], 1.0 - alpha, scale=1.0 / 255.0, dtype=cv2.CV_32F)
        out_a = alpha + rest
        inv = 1.0 / np.maximum(out_a, 1e-6)
        chans = [cv2.multiply(cv2.scaleAdd(cv2.multiply(u, rest, dtype=cv2.CV_32F), 1.0, p), inv)
                 for u, p in zip(under[:3], planes[:3])]
        chans.append(out_a * 255.0)
        merged = cv2.merge([cv2.convertScaleAbs(ch) for ch in chans])
        np.copyto(view, merged, where=(alpha > 0.0)[..., None])


def _lighter(colour: np.ndarray, amount: float) -> np.ndarray:
    return colour + (255.0 - colour) * amount


def _darker(colour: np.ndarray, amount: float) -> np.ndarray:
    return colour * (1.0 - amount)


def _radial_shade(head: Head, centre: np.ndarray, radius: float, lo: float, hi: float):
    """Shade function: brightest at `centre`, falling to `lo` at `radius` and beyond."""
    inv = 1.0 / max(radius, 1e-3) ** 2

    def shade(xs, ys):       # quadratic falloff: cheap, and smooth at the highlight
        d2 = ((xs - centre[0]) ** 2 + (ys - centre[1]) ** 2) * inv
        return hi + (lo - hi) * np.minimum(d2, 1.0)
    return shade


# --- glasses --------------------------------------------------------------------------------
@dataclass(frozen=True)
class GlassesStyle:
    aspect: float            # lens height / width
    squareness: float        # superellipse exponent: 2 = ellipse, 4+ = rounded rectangle
    frame: float             # rim thickness, in lens half-widths
    lens_tint: tuple[float, float, float]
    lens_opacity: float
    size: float = 1.0


_GLASSES = {
    "round": GlassesStyle(0.92, 2.0, 0.08, (215, 228, 238), 0.10),
    "square": GlassesStyle(0.70, 5.0, 0.11, (215, 228, 238), 0.10),
    "sunglasses": GlassesStyle(0.84, 3.0, 0.10, (30, 32, 36), 0.84, 1.08),
}


def _lens_outline(head: Head, centre, half_w: float, style: GlassesStyle, outward: float,
                  n: int = 40) -> np.ndarray:
    th = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    c, s = np.cos(th), np.sin(th)
    e = 2.0 / style.squareness
    x = np.sign(c) * np.abs(c) ** e
    y = np.sign(s) * np.abs(s) ** e * style.aspect
    if style.lens_opacity > 0.5:                 # aviator drop: the outer lower corner sags
        y = np.where(y > 0, y * (1.0 + 0.18 * x), y)
    return head.at(centre, x * half_w * outward, y * half_w)


def draw_glasses(paint: Painter, head: Head, colour: np.ndarray, style: GlassesStyle) -> None:
    p = head.p
    lenses = []
    for ring, outer, inner, side in ((R.RIGHT_EYE, R.RIGHT_EYE_OUTER, R.RIGHT_EYE_INNER, -1.0),
                                     (R.LEFT_EYE, R.LEFT_EYE_OUTER, R.LEFT_EYE_INNER, 1.0)):
        eye_w = float(np.hypot(*(p[outer] - p[inner])))
        half = 0.84 * eye_w * style.size
        centre = p[list(ring)].mean(axis=0) + head.down * (0.06 * half) + \
            head.across * (side * 0.08 * half)
        lenses.append((centre, half, side, _lens_outline(head, centre, half, style, side)))
    scale = 0.5 * (lenses[0][1] + lenses[1][1])
    rim = max(1.0, style.frame * scale)
    # temple arms first: they sit behind the rims; the far one is hidden by the head
    for (centre, half, side, _), ear in zip(lenses, (127, 356)):
        vis = head.side_visibility(int(side))
        start = head.at(centre, side * half * 0.97, -0.3 * half)[0]
        end = p[ear] + head.across * side * 0.02 * head.width - head.down * 0.02 * head.height
        paint.draw([np.stack([start, 0.5 * (start + end) - head.down * 0.04 * half, end])],
                   _darker(colour, 0.15), vis, thickness=rim * 0.9, closed=False)
    for centre, half, side, outline in lenses:
        top = float(outline[:, 1].min())
        bottom = float(outline[:, 1].max())
        if style.lens_opacity > 0.5:           # dark lens, lighter towards the bottom
            def shade(xs, ys, top=top, bottom=bottom):
                return 0.7 + 0.9 * np.clip((ys - top) / max(bottom - top, 1.0), 0.0, 1.0)
        else:
            shade = None
        tint = np.array(style.lens_tint, np.float32)
        if style.lens_opacity > 0.5:
            tint = 0.75 * tint + 0.25 * colour
        paint.draw([outline], tint, style.lens_opacity, shade=shade)
        glare = head.at(centre, np.array([-0.75, -0.35, 0.55, 0.15]) * half * side,
                        np.array([-1.1, -1.1, 1.1, 1.1]) * half)
        paint.draw([glare], (255, 255, 255), 0.22 if style.lens_opacity < 0.5 else 0.18,
                   clip=[outline])
        paint.draw([outline + head.down * (0.07 * half)], (0, 0, 0), 0.14,
                   thickness=rim * 1.4)                      # the rim's shadow on the skin
        paint.draw([outline], colour, 1.0, thickness=rim)
        # a thin highlight along the top of the rim reads as a rounded, glossy frame
        paint.draw([outline[len(outline) * 5 // 8: len(outline) * 7 // 8 + 1]],
                   _lighter(colour, 0.45), 0.55, thickness=max(1.0, rim * 0.35), closed=False)
    (c0, h0, _, _), (c1, h1, _, _) = lenses
    a = head.at(c0, h0 * 0.92, -0.25 * h0)[0]
    b = head.at(c1, -h1 * 0.92, -0.25 * h1)[0]
    mid = 0.5 * (a + b) - head.down * 0.18 * scale
    t = np.linspace(0.0, 1.0, 9)[:, None]
    bridge = (1 - t) ** 2 * a + 2 * (1 - t) * t * mid + t ** 2 * b
    paint.draw([bridge], colour, 1.0, thickness=rim * 0.9, closed=False)


# --- hats -----------------------------------------------------------------------------------
def _hat_base(head: Head) -> tuple[np.ndarray, float]:
    """(front centre of the hat band, half width of the head at the band)."""
    base = head.p[R.FOREHEAD_TOP] + head.down * 0.03 * head.height
    return base, 0.66 * head.width


def _dome(head: Head, base, half_w: float, height: float, n: int = 36) -> np.ndarray:
    """Outline of a crown: a half-ellipse over a band that dips at the front (perspective);
    the top slides away from the nose when the head turns."""
    th = np.linspace(0.0, np.pi, n)
    lift = np.sin(th)
    x = np.cos(th) * half_w - head.turn * 0.3 * half_w * lift
    y = -lift * height
    bx = np.linspace(-half_w, half_w, 15)
    by = 0.1 * half_w * (1.0 - (bx / half_w) ** 2)
    return np.concatenate([head.at(base, x, y), head.at(base, bx, by)])


def _hat_shade(head: Head, base, half_w, height):
    light = head.at(base, -0.35 * half_w - head.turn * 0.2 * half_w, -0.7 * height)[0]
    return _radial_shade(head, light, 1.5 * half_w, 0.55, 1.15)


def _hat_shadow(paint: Painter, head: Head, base, half: float, depth: float) -> None:
    """A soft shadow the hat casts on the forehead: stacked faint bands under its rim."""
    bx = np.linspace(-0.85 * half, 0.85 * half, 15)
    by = 0.1 * half * (1.0 - (bx / half) ** 2)
    for k in (0.35, 0.7, 1.0):
        band = np.concatenate([head.at(base, bx, by - 0.02 * half),
                               head.at(base, bx[::-1], by[::-1] + k * depth)])
        paint.draw([band], (0, 0, 0), 0.09)


def draw_beanie(paint: Painter, head: Head, colour: np.ndarray) -> None:
    base, half = _hat_base(head)
    half *= 1.04
    height = 0.58 * head.height
    _hat_shadow(paint, head, base, half, 0.07 * head.height)
    dome = _dome(head, base, half, height)
    paint.draw([dome], colour, 1.0, shade=_hat_shade(head, base, half, height))
    cuff_h = 0.2 * height
    bx = np.linspace(-half, half, 15)
    by = 0.1 * half * (1.0 - (bx / half) ** 2)
    cuff = np.concatenate([head.at(base, bx, by), head.at(base, bx[::-1], by[::-1] - cuff_h)])
    paint.draw([cuff], _darker(colour, 0.12), 1.0, shade=_hat_shade(head, base, half, height))
    ribs = [head.at(base, [x, x], [0.1 * half * (1 - (x / half) ** 2),
                                   0.1 * half * (1 - (x / half) ** 2) - cuff_h])
            for x in np.linspace(-half, half, 15)[1:-1]]
    paint.draw(ribs, _darker(colour, 0.45), 0.5, thickness=max(1.0, 0.02 * half),
               closed=False, clip=[cuff])


# A cap is a coloured cap (the blue of its picker icon), not a black dome: it keeps its own
# colour unless the user picked an accessory colour other than the default near-black.
CAP_COLOUR = np.array([40.0, 90.0, 170.0], np.float32)
_DEFAULT_ACCESSORY = np.array([32.0, 32.0, 32.0], np.float32)     # profile default #202020


def draw_cap(paint: Painter, head: Head, colour: np.ndarray) -> None:
    if np.allclose(colour, _DEFAULT_ACCESSORY, atol=1.0):
        colour = CAP_COLOUR
    base, half = _hat_base(head)
    height = 0.5 * head.height
    _hat_shadow(paint, head, base, half, 0.09 * head.height + 0.3 * half)
    dome = _dome(head, base, half, height)
    paint.draw([dome], colour, 1.0, shade=_hat_shade(head, base, half, height))
    top = head.at(base, -head.turn * 0.3 * half, -height)[0]
    seams = [np.stack([top, head.at(base, x, 0.1 * half * (1 - (x / half) ** 2))[0]])
             for x in (-0.45 * half, 0.45 * half)]
    paint.draw(seams, _darker(colour, 0.35), 0.6, thickness=max(1.0, 0.02 * half),
               closed=False, clip=[dome])
    paint.draw([_circle(top, 0.06 * half)], _darker(colour, 0.2), 1.0)
    # the brim reaches towards the camera and the nose: lower half-ellipse below the band;
    # chin up shows more of its underside
    depth = np.clip(0.3 + 0.008 * head.pitch, 0.1, 0.5) * half
    th = np.linspace(0.0, np.pi, 24)
    bx = np.cos(th) * half * 0.8 + head.turn * 0.4 * half * np.sin(th)
    by = 0.1 * half * (1.0 - np.cos(th) ** 2) + np.sin(th) * depth
    brim = head.at(base, np.concatenate([bx, bx[::-1]]),
                   np.concatenate([by, 0.1 * half * (1 - np.cos(th[::-1]) ** 2)]))
    lo = float((brim[:, 1]).min())
    hi = float((brim[:, 1]).max())
    paint.draw([brim], _darker(colour, 0.1), 1.0,
               shade=lambda xs, ys: 1.1 - 0.5 * np.clip((ys - lo) / max(hi - lo, 1), 0, 1))
    paint.draw([brim[:24]], _darker(colour, 0.5), 0.7, thickness=max(1.0, 0.02 * half),
               closed=False)


def draw_party_hat(paint: Painter, head: Head, colour: np.ndarray) -> None:
    base, half = _hat_base(head)
    half *= 0.66
    height = 1.05 * head.height
    apex = head.at(base, -head.turn * 0.25 * half, -height)[0]
    bx = np.linspace(-half, half, 15)
    by = 0.12 * half * (1.0 - (bx / half) ** 2)
    cone = np.concatenate([head.at(base, bx, by), apex[None, :]])
    _hat_shadow(paint, head, base, half, 0.05 * head.height)
    shade = _hat_shade(head, base, half, height * 0.6)
    paint.draw([cone], colour, 1.0, shade=shade)
    stripe = _lighter(np.array([245.0, 200.0, 60.0]), 0.1)
    bands = []
    for k in range(-3, 4):
        x0 = k * 0.55 * half
        bands.append(head.at(base, [x0 - 0.6 * half, x0 - 0.35 * half, x0 + 0.65 * half,
                                    x0 + 0.4 * half], [0.3 * half, 0.3 * half,
                                                       -height, -height]))
    paint.draw(bands, stripe, 0.9, shade=shade, clip=[cone])
    paint.draw([_circle(apex, 0.16 * half)], (250, 250, 250), 1.0,
               shade=_radial_shade(head, apex - 0.06 * half * (head.across + head.down),
                                   0.2 * half, 0.7, 1.05))


def _circle(c: np.ndarray, r: float, n: int = 24) -> np.ndarray:
    th = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    return np.stack([c[0] + r * np.cos(th), c[1] + r * np.sin(th)], axis=1)


def _ellipse(head: Head, c: np.ndarray, rx: float, ry: float, n: int = 28) -> np.ndarray:
    th = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    return head.at(c, rx * np.cos(th), ry * np.sin(th))


_HATS = {"beanie": draw_beanie, "cap": draw_cap, "party": draw_party_hat}


# --- earrings -------------------------------------------------------------------------------
def _lobes(head: Head):
    """(lobe point, side, visibility) for both ears: just outside the jaw line, level with the
    bottom of the nose; the ear turned away from us is hidden."""
    out = []
    for idx, side in ((132, -1), (361, 1)):
        lobe = head.p[idx] + head.across * side * 0.015 * head.width + \
            head.down * 0.05 * head.height
        out.append((lobe, side, head.side_visibility(side)))
    return out


def draw_studs(paint: Painter, head: Head, colour: np.ndarray) -> None:
    r = max(1.2, 0.035 * head.width)
    for lobe, side, vis in _lobes(head):
        paint.draw([_circle(lobe, r)], colour, vis,
                   shade=_radial_shade(head, lobe - 0.35 * r * (head.across + head.down),
                                       1.4 * r, 0.55, 1.6))
        paint.draw([_circle(lobe - 0.35 * r * (head.across + head.down), 0.3 * r)],
                   (255, 255, 255), 0.7 * vis)
        paint.flush()                         # one small box per ear, not one across the face


def draw_hoops(paint: Painter, head: Head, colour: np.ndarray) -> None:
    r = max(2.0, 0.09 * head.width)
    for lobe, side, vis in _lobes(head):
        centre = lobe + head.down * r
        ring = _ellipse(head, centre, 0.55 * r, r)
        thick = max(1.0, 0.16 * r)
        paint.draw([ring], colour, vis, thickness=thick,
                   shade=_radial_shade(head, centre - head.across * 0.6 * r, 1.6 * r, 0.6, 1.4))
        arc = ring[len(ring) * 5 // 16: len(ring) * 11 // 16]      # a glint on the near side
        paint.draw([arc], _lighter(colour, 0.6), 0.5 * vis, thickness=max(1.0, thick * 0.4),
                   closed=False)
        paint.flush()                         # one small box per ear, not one across the face


_EARRINGS = {"studs": draw_studs, "hoops": draw_hoops}
