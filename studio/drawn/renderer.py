"""Drawing the character with skia-python: anti-aliased vector parts in a 1000-unit square.

The head is a 2.5D rig: every face part has a point on an ellipsoid (x right, y down, z towards
the viewer) that yaw and pitch rotate before it is projected, and a local scale that shrinks as
its surface turns away (foreshortening), so the eyes, nose and mouth slide across the face while
the skull, ears and back hair stay behind (parallax); roll tilts the whole head about the neck.
The expression parameters (`studio.params`) are read directly: visemes bend the lips and open
the jaw, lids close, brows lift, irises follow the gaze, cheeks puff.

Arms take an optional `arms` mapping (see `studio.drawn.gestures`): per side, shoulder and elbow
angles and a hand shape. Qt-free; one `Renderer` per character, drawing on any skia canvas.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import skia

from studio.drawn.character import hex_to_rgb, resolve

from studio.drawn.layout import BUILD_SHOULDER, HX, HY, NECK_Y, RX, RY, RZ, UNIT
EYE_X, EYE_Y = 66.0, 5.0
BROW_Y = -48.0
NOSE_Y = 62.0
MOUTH_Y = 118.0
SKULL_SHIFT = 38.0             # the back of the head moves against the turn (parallax)
BASE_ZOOM, BASE_Y = 1.3, 470.0  # the default framing: head and shoulders

# face shape: forehead width, cheek width, chin width (taper), squareness, height
FACE_SHAPES = {
    "oval": (0.95, 1.0, 0.72, 2.0, 1.0),
    "round": (1.0, 1.07, 0.9, 2.0, 0.92),
    "square": (0.98, 1.0, 0.95, 3.4, 0.96),
    "heart": (1.06, 1.02, 0.45, 2.0, 1.0),
    "long": (0.9, 0.92, 0.7, 2.3, 1.1),
    "diamond": (0.8, 1.07, 0.5, 2.0, 1.02),
}
# eye shape: half width, half height, outer-corner lift, upper-lid peak shift
EYE_SHAPES = {
    "round": (33.0, 25.0, 0.0, 0.0),
    "almond": (38.0, 19.0, 5.0, -4.0),
    "narrow": (38.0, 12.0, 5.0, -3.0),
    "hooded": (36.0, 17.0, 0.0, 4.0),
    "big": (41.0, 31.0, 1.0, 0.0),
}
BROW_STYLES = {"natural": (9.0, 7.0), "thin": (5.0, 7.0), "thick": (15.0, 6.0),
               "arched": (9.0, 15.0), "straight": (10.0, 1.5)}
MOUTH_SIZES = {"medium": (38.0, 7.0, 10.0), "small": (29.0, 6.0, 8.0),
               "wide": (48.0, 7.0, 10.0), "full": (40.0, 11.0, 15.0)}
LONG_SLEEVES = ("hoodie", "collar_shirt", "turtleneck", "blazer")


def colour(hexstr: str, alpha: float = 1.0, k: float = 1.0) -> int:
    """skia colour of '#rrggbb' at `alpha`; k < 1 darkens, k > 1 lightens towards white."""
    r, g, b = hex_to_rgb(hexstr)
    if k < 1.0:
        r, g, b = r * k, g * k, b * k
    elif k > 1.0:
        t = min(k - 1.0, 1.0)
        r, g, b = r + (255 - r) * t, g + (255 - g) * t, b + (255 - b) * t
    return skia.Color(int(r), int(g), int(b), int(max(0.0, min(1.0, alpha)) * 255))


@functools.lru_cache(maxsize=1024)
def fill(c: int) -> skia.Paint:
    return skia.Paint(Color=c, AntiAlias=True)


@functools.lru_cache(maxsize=1024)
def stroke(c: int, width: float, cap=skia.Paint.kRound_Cap) -> skia.Paint:
    return skia.Paint(Color=c, AntiAlias=True, Style=skia.Paint.kStroke_Style,
                      StrokeWidth=width, StrokeCap=cap, StrokeJoin=skia.Paint.kRound_Join)


def poly(points, close: bool = True) -> skia.Path:
    path = skia.Path()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    if close:
        path.close()
    return path


def smooth(points, close: bool = True) -> skia.Path:
    """A closed (or open) Catmull-Rom curve through `points`."""
    n = len(points)
    path = skia.Path()
    path.moveTo(*points[0])
    last = n if close else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if (close or i > 0) else points[i]
        p1, p2 = points[i], points[(i + 1) % n]
        p3 = points[(i + 2) % n] if (close or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6.0, p1[1] + (p2[1] - p0[1]) / 6.0)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6.0, p2[1] - (p3[1] - p1[1]) / 6.0)
        path.cubicTo(c1[0], c1[1], c2[0], c2[1], p2[0], p2[1])
    if close:
        path.close()
    return path


def _outline_unit(sq: float, n: int = 44):
    t = 2 * np.pi * np.arange(n) / n
    s, c = np.sin(t), -np.cos(t)
    return np.sign(s) * np.abs(s) ** (2.0 / sq), np.sign(c) * np.abs(c) ** (2.0 / sq)


_OUTLINE_XS, _OUTLINE_YS = {}, {}
for _sq in {v[3] for v in FACE_SHAPES.values()}:
    _OUTLINE_XS[_sq], _OUTLINE_YS[_sq] = _outline_unit(_sq)


def mid_w_of(m: dict) -> float:
    return 0.5 * (m["corners"][1][0] - m["corners"][-1][0])


def _clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


@dataclass
class Head:
    """The 2.5D head: yaw and pitch (radians) rotate points on the ellipsoid before projection."""
    yaw: float
    pitch: float

    def __post_init__(self):
        self.cy, self.sy = math.cos(self.yaw), math.sin(self.yaw)
        self.cp, self.sp = math.cos(self.pitch), math.sin(self.pitch)

    @staticmethod
    def depth(x: float, y: float) -> float:
        """z of the face surface at (x, y) (head-centred units)."""
        return RZ * math.sqrt(max(0.04, 1.0 - (x / RX) ** 2 - (y / RY) ** 2))

    def project(self, x: float, y: float, z: float) -> tuple[float, float]:
        """Head-centred 3D point → canvas units (before roll)."""
        x1 = x * self.cy + z * self.sy
        z1 = -x * self.sy + z * self.cy
        y1 = y * self.cp - z1 * self.sp * 0.75
        return HX + x1, HY + y1

    def on_face(self, x: float, y: float, lift: float = 0.0) -> tuple[float, float]:
        return self.project(x, y, self.depth(x, y) + lift)

    def squash(self, x: float, y: float) -> tuple[float, float]:
        """Horizontal and vertical foreshortening of a small part at (x, y) on the face."""
        a = math.asin(max(-0.95, min(0.95, x / RX)))
        b = math.asin(max(-0.95, min(0.95, y / RY)))
        fx = max(0.05, math.cos(a + self.yaw)) / max(math.cos(a), 0.3)
        fy = max(0.2, math.cos(b - self.pitch * 0.75)) / max(math.cos(b), 0.3)
        return fx, fy


class Renderer:
    """Draws one character (a `character` dict, see `studio.drawn.character`)."""

    def __init__(self, character: Mapping | None = None):
        c = self.c = resolve(character)
        self.skin = c["skin_tone"]
        self.hair = c["hair_colour"]
        self.p_skin = fill(colour(self.skin))
        self.p_skin_line = stroke(colour(self.skin, k=0.62), 4.0)
        self.p_outline = stroke(colour(self.skin, k=0.55, alpha=0.9), 3.0)
        self.p_hair = fill(colour(self.hair))
        self.p_hair_dark = fill(colour(self.hair, k=0.75))
        self.p_hair_line = stroke(colour(self.hair, k=0.6), 3.0)
        self.p_top = fill(colour(c["top_colour"]))
        self.p_top_dark = fill(colour(c["top_colour"], k=0.78))
        self.p_top_line = stroke(colour(c["top_colour"], k=0.6), 3.0)
        self.brow_colour = colour(self.hair, k=0.85) if c["hair_style"] != "bald" else colour(self.skin, k=0.45)
        lips = c["makeup_colour"] if c["makeup"] in ("lipstick", "glam") else c["lip_colour"]
        self.lip = lips
        self.dark_line = colour("#2a1a14")
        self.shape = FACE_SHAPES[c["face_shape"]]
        # freckles: fixed spots on the cheeks and nose (face-surface coordinates)
        import random
        rnd = random.Random(7)
        self.freckles = [(s * rnd.uniform(20, 95), rnd.uniform(30, 85), rnd.uniform(1.6, 3.2))
                         for s in (-1, 1) for _ in range(14)]

    # --- geometry ---------------------------------------------------------------------
    def outline(self, head: Head, jaw: float, puff: float, back: bool = False) -> list[tuple[float, float]]:
        """The face's contour (canvas units); `back`: the same contour at the back of the head
        above the jaw (the silhouette of the skull, which turns against the face)."""
        fore, cheek, chin, sq, tall = self.shape
        xs, ys = _OUTLINE_XS[sq], _OUTLINE_YS[sq]
        w = np.where(ys < 0, cheek + (fore - cheek) * np.abs(np.minimum(ys, 0)) ** 1.5,
                     cheek + (chin - cheek) * np.maximum(ys, 0) ** 2.2)
        if puff:
            w = w * (1.0 + puff * 0.13 * np.exp(-((ys - 0.35) / 0.28) ** 2))
        low = np.maximum(ys, 0.0)
        x = RX * w * xs
        y = RY * tall * ys + jaw * 42.0 * low ** 3
        z = RZ * (0.25 + 0.42 * low ** 2)
        if back:
            k = np.clip((0.75 - ys) / 0.5, 0.0, 1.0)
            z = z * (1 - k) - RZ * 0.3 * k
        x1 = x * head.cy + z * head.sy
        z1 = -x * head.sy + z * head.cy
        y1 = y * head.cp - z1 * head.sp * 0.75
        return list(zip((HX + x1).tolist(), (HY + y1).tolist()))

    def regions(self, pose: Mapping[str, float], size: int, static=None) -> dict[str, tuple]:
        """Named boxes (x0, y0, x1, y1) in frame pixels: where each part is drawn for `pose`
        (eyes and brows by the subject's own side). For tests and tools."""
        head = Head(math.radians(pose.get("headYaw", 0.0)), math.radians(pose.get("headPitch", 0.0)))
        boxes = {}

        def box(name, x, y, hw, hh, lift=0.0):
            px, py = head.on_face(x, y, lift)
            fx, fy = head.squash(x, y)
            boxes[name] = (px - hw * fx, py - hh * fy, px + hw * fx, py + hh * fy)
        box("eye_left", EYE_X, EYE_Y, 46, 34)
        box("eye_right", -EYE_X, EYE_Y, 46, 34)
        box("brow_left", EYE_X, BROW_Y, 46, 30)
        box("brow_right", -EYE_X, BROW_Y, 46, 30)
        box("nose", 0, NOSE_Y, 30, 30, 30)
        box("mouth", 0, MOUTH_Y + 12, 70, 52, 8)
        box("cheek_left", 118, 70, 74, 92)
        box("cheek_right", -118, 70, 74, 92)
        box("jaw", 0, 170, 150, 75)
        box("face", 0, 0, RX, RY)
        m = frame_matrix(size, static, pose.get("headRoll", 0.0))
        out = {}
        for k, (x0, y0, x1, y1) in boxes.items():
            corners = [m.mapXY(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
            xs, ys = [p.fX for p in corners], [p.fY for p in corners]
            out[k] = (min(xs), min(ys), max(xs), max(ys))
        return out

    def points(self, pose: Mapping[str, float], size: int, static=None) -> dict[str, tuple]:
        """Named points in frame pixels (eye and mouth centres, nose tip, chin)."""
        head = Head(math.radians(pose.get("headYaw", 0.0)), math.radians(pose.get("headPitch", 0.0)))
        m = frame_matrix(size, static, pose.get("headRoll", 0.0))
        named = {"eye_left": head.on_face(EYE_X, EYE_Y), "eye_right": head.on_face(-EYE_X, EYE_Y),
                 "nose_tip": head.on_face(0, NOSE_Y, 30), "mouth": head.on_face(0, MOUTH_Y, 8),
                 "chin": head.on_face(0, RY * 0.97, 0),
                 "ear_left": head.project(RX, 15, -5), "ear_right": head.project(-RX, 15, -5)}
        return {k: (m.mapXY(*v).fX, m.mapXY(*v).fY) for k, v in named.items()}

    # --- drawing ----------------------------------------------------------------------
    def draw(self, canvas: skia.Canvas, pose: Mapping[str, float], arms: Mapping | None = None) -> None:
        """Draw the character in the 1000-unit square (the caller set the frame's matrix)."""
        g = pose.get
        yaw = math.radians(max(-35.0, min(35.0, g("headYaw", 0.0))))
        pitch = math.radians(max(-25.0, min(25.0, g("headPitch", 0.0))))
        roll = max(-30.0, min(30.0, g("headRoll", 0.0)))
        head = Head(yaw, pitch)
        jaw = _clip01(g("jawOpen", 0.0))
        puff = _clip01(g("cheekPuff", 0.0))

        body_shift = math.sin(yaw) * 14.0
        canvas.save()
        canvas.translate(body_shift, 0)
        self._hair_back(canvas, head, roll)
        self._body(canvas)
        canvas.restore()

        canvas.save()
        canvas.rotate(roll, HX, NECK_Y)
        skull = smooth(self.outline(head, jaw, puff, back=True))
        self._outline = self.outline(head, jaw, puff)
        face = smooth(self._outline)
        self._skull_path = skull
        # the silhouette's line: each contour where it lies outside the other (no path ops)
        canvas.drawPath(skull, self.p_skin)
        canvas.save()
        canvas.clipPath(face, skia.ClipOp.kDifference, True)
        canvas.drawPath(skull, self.p_outline)
        canvas.restore()
        self._ears(canvas, head)
        canvas.drawPath(face, self.p_skin)
        canvas.save()
        canvas.clipPath(skull, skia.ClipOp.kDifference, True)
        canvas.drawPath(face, self.p_outline)
        canvas.restore()
        self._cheeks(canvas, head, g, puff)
        self._nose(canvas, head)
        self._facial_hair(canvas, head, jaw, g)
        self._mouth(canvas, head, g, jaw, puff)
        self._moustache(canvas, head, jaw, g)
        self._eyes(canvas, head, g)
        self._brows(canvas, head, g)
        self._hair_front(canvas, head)
        self._hat(canvas, head)
        self._glasses(canvas, head)
        canvas.restore()

        canvas.save()
        canvas.translate(body_shift, 0)
        self._arms(canvas, arms or {})
        canvas.restore()

    # body ---------------------------------------------------------------------------
    def _torso_path(self, sw: float) -> skia.Path:
        top = HY + 300.0
        path = skia.Path()
        path.moveTo(HX - sw, UNIT + 40)
        path.lineTo(HX - sw, top + 95)
        path.cubicTo(HX - sw, top + 20, HX - sw * 0.7, top - 8, HX - 60, top - 20)
        path.lineTo(HX + 60, top - 20)
        path.cubicTo(HX + sw * 0.7, top - 8, HX + sw, top + 20, HX + sw, top + 95)
        path.lineTo(HX + sw, UNIT + 40)
        path.close()
        return path

    def _body(self, canvas: skia.Canvas) -> None:
        c = self.c
        sw = BUILD_SHOULDER[c["build"]]
        top = c["top"]
        # neck
        neck = skia.Rect.MakeLTRB(HX - 48, HY + 120, HX + 48, HY + 310)
        canvas.drawRect(neck, self.p_skin)
        shade = skia.GradientShader.MakeLinear([skia.Point(HX, HY + 150), skia.Point(HX, HY + 240)],
                                               [colour(self.skin, k=0.75), colour(self.skin, 0.0, k=0.75)])
        canvas.drawRect(skia.Rect.MakeLTRB(HX - 48, HY + 120, HX + 48, HY + 240), skia.Paint(Shader=shade))
        torso = self._torso_path(sw)
        if top == "tank":
            canvas.drawPath(self._torso_path(sw), self.p_skin)
            body = poly([(HX - sw * 0.62, UNIT + 40), (HX - sw * 0.6, HY + 330), (HX - sw * 0.42, HY + 285),
                         (HX - 95, HY + 300), (HX, HY + 390), (HX + 95, HY + 300), (HX + sw * 0.42, HY + 285),
                         (HX + sw * 0.6, HY + 330), (HX + sw * 0.62, UNIT + 40)])
            canvas.drawPath(body, self.p_top)
            return
        canvas.drawPath(torso, self.p_top)
        canvas.drawPath(torso, self.p_top_line)
        if top == "tshirt":
            canvas.drawOval(skia.Rect.MakeLTRB(HX - 70, HY + 265, HX + 70, HY + 335), self.p_skin)
            canvas.drawArc(skia.Rect.MakeLTRB(HX - 70, HY + 265, HX + 70, HY + 335), 0, 180, False,
                           stroke(colour(c["top_colour"], k=0.7), 9))
        elif top == "vneck":
            canvas.drawPath(poly([(HX - 62, HY + 285), (HX, HY + 400), (HX + 62, HY + 285)]), self.p_skin)
            canvas.drawPath(poly([(HX - 62, HY + 285), (HX, HY + 400), (HX + 62, HY + 285)], False),
                            stroke(colour(c["top_colour"], k=0.7), 9))
        elif top == "hoodie":
            canvas.drawPath(smooth([(HX - 120, HY + 290), (HX, HY + 350), (HX + 120, HY + 290),
                                    (HX + 95, HY + 270), (HX, HY + 318), (HX - 95, HY + 270)]), self.p_top_dark)
            for s in (-1, 1):
                canvas.drawLine(HX + s * 30, HY + 330, HX + s * 36, HY + 450, stroke(colour("#f4f4f4"), 6))
            canvas.drawPath(poly([(HX - 110, UNIT - 90), (HX + 110, UNIT - 90), (HX + 140, UNIT + 40),
                                  (HX - 140, UNIT + 40)]), self.p_top_line)
        elif top == "collar_shirt":
            canvas.drawOval(skia.Rect.MakeLTRB(HX - 55, HY + 270, HX + 55, HY + 330), self.p_skin)
            white = fill(colour(c["top_colour"], k=1.25))
            for s in (-1, 1):
                canvas.drawPath(poly([(HX, HY + 335), (HX + s * 62, HY + 272), (HX + s * 95, HY + 350)]), white)
                canvas.drawPath(poly([(HX, HY + 335), (HX + s * 62, HY + 272), (HX + s * 95, HY + 350)]),
                                self.p_top_line)
            for k in range(3):
                canvas.drawCircle(HX, HY + 380 + 70 * k, 6, self.p_top_dark)
        elif top == "turtleneck":
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(HX - 58, HY + 200, HX + 58, HY + 320), 20, 20),
                             self.p_top_dark)
            for k in range(4):
                canvas.drawLine(HX - 52, HY + 220 + 25 * k, HX + 52, HY + 220 + 25 * k, self.p_top_line)
        elif top == "blazer":
            canvas.drawPath(poly([(HX - 80, HY + 285), (HX + 80, HY + 285), (HX + 50, UNIT + 40),
                                  (HX - 50, UNIT + 40)]), fill(colour("#f2f2f2")))
            canvas.drawOval(skia.Rect.MakeLTRB(HX - 50, HY + 270, HX + 50, HY + 320), self.p_skin)
            for s in (-1, 1):
                lapel = poly([(HX + s * 75, HY + 280), (HX + s * 130, HY + 330), (HX + s * 100, HY + 380),
                              (HX + s * 125, HY + 400), (HX + s * 20, UNIT - 80)])
                canvas.drawPath(lapel, self.p_top_dark)
                canvas.drawPath(lapel, self.p_top_line)

    def arm_points(self, side: int, spec: Mapping | None) -> tuple:
        """Shoulder, elbow and wrist (canvas units) of one arm; side +1 = the viewer's right
        (the subject's left). spec: the hand's target {"x", "y"} in canvas units and "reach"
        (0..1: the arm points towards the viewer, so the upper arm looks shorter); None =
        hanging at rest. Two-bone IK, the elbow bending outwards and down."""
        sw = BUILD_SHOULDER[self.c["build"]]
        sh = (HX + side * (sw - 30), HY + 345)
        spec = spec or {}
        reach = _clip01(float(spec.get("reach", 0.0)))
        l1, l2 = 205.0 * (1.0 - 0.5 * reach), 185.0 * (1.0 - 0.15 * reach)
        tx = float(spec.get("x", sh[0] + side * 25.0))
        ty = float(spec.get("y", sh[1] + 370.0))
        dx, dy = tx - sh[0], ty - sh[1]
        d = math.hypot(dx, dy)
        d_ok = min(max(d, abs(l1 - l2) + 1.0), l1 + l2 - 1.0)
        ux, uy = (dx / d, dy / d) if d > 1e-6 else (0.0, 1.0)
        cos_a = (l1 * l1 + d_ok * d_ok - l2 * l2) / (2 * l1 * d_ok)
        alpha = math.acos(max(-1.0, min(1.0, cos_a)))
        best = None
        for sgn in (1.0, -1.0):
            ca, sa = math.cos(sgn * alpha), math.sin(sgn * alpha)
            ex, ey = sh[0] + l1 * (ux * ca - uy * sa), sh[1] + l1 * (ux * sa + uy * ca)
            score = side * (ex - sh[0]) + 0.5 * (ey - sh[1])
            if best is None or score > best[0]:
                best = (score, (ex, ey))
        el = best[1]
        wx, wy = sh[0] + ux * d_ok, sh[1] + uy * d_ok
        return sh, el, (wx, wy)

    def _arms(self, canvas: skia.Canvas, arms: Mapping) -> None:
        c = self.c
        top = c["top"]
        sleeve = colour(c["top_colour"])
        skin = colour(self.skin)
        upper_c = skin if top == "tank" else sleeve
        fore_c = sleeve if top in LONG_SLEEVES else skin
        for side, key in ((1, "left"), (-1, "right")):
            spec = arms.get(key)
            sh, el, wr = self.arm_points(side, spec)
            canvas.drawLine(*sh, *el, stroke(upper_c, 78))
            canvas.drawLine(*el, *wr, stroke(fore_c, 64))
            self._hand(canvas, side, el, wr, (spec or {}).get("hand", "relaxed"))

    def _hand(self, canvas, side, el, wr, shape: str) -> None:
        dx, dy = wr[0] - el[0], wr[1] - el[1]
        ang = math.degrees(math.atan2(dy, dx)) - 90.0      # hand axis along the forearm
        canvas.save()
        canvas.translate(*wr)
        canvas.rotate(ang)
        if side < 0:
            canvas.scale(-1, 1)
        skin, line = self.p_skin, self.p_skin_line
        if shape in ("open", "wave", "palm"):
            palm = skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-30, 0, 30, 64), 24, 24)
            edge = stroke(colour(self.skin, k=0.62), 21)
            fingers = ((-21, 44), (-7, 54), (7, 52), (21, 40))
            for fx, ln in fingers:                  # outline first, then the fill: one silhouette
                canvas.drawLine(fx, 48, fx * 1.2, 48 + ln, edge)
            canvas.drawLine(26, 30, 50, 58, stroke(colour(self.skin, k=0.62), 23))
            canvas.drawRRect(palm, line)
            canvas.drawRRect(palm, skin)
            for fx, ln in fingers:
                canvas.drawLine(fx, 48, fx * 1.2, 48 + ln, stroke(colour(self.skin), 17))
            canvas.drawLine(26, 30, 50, 58, stroke(colour(self.skin), 19))
        elif shape == "point":
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-28, 4, 28, 62), 20, 20), skin)
            canvas.drawLine(-12, 50, -14, 120, stroke(colour(self.skin), 17))
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-28, 4, 28, 62), 20, 20), line)
        else:                                   # relaxed / fist
            fist = skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-30, 2, 30, 66), 26, 26)
            canvas.drawRRect(fist, skin)
            canvas.drawRRect(fist, line)
            for k in range(3):
                canvas.drawLine(-18 + 14 * k, 46, -18 + 14 * k, 62, stroke(colour(self.skin, k=0.7), 3))
        canvas.restore()

    # head ---------------------------------------------------------------------------
    def _ears(self, canvas, head: Head) -> None:
        style = self.c["ears"]
        h, w = {"normal": (52, 22), "small": (40, 18), "large": (64, 28), "pointed": (56, 22)}[style]
        for side in (1, -1):
            x, y = head.project(side * RX * 0.97, 12.0, -8.0)
            facing = -side * head.sy                 # > 0: this ear turns towards the viewer
            sx = max(0.35, 1.0 + 0.9 * facing)
            canvas.save()
            canvas.translate(x, y)
            canvas.scale(side * sx, 1.0)
            if style == "pointed":
                ear = smooth([(-6, -h * 0.6), (w * 0.8, -h * 1.25), (w * 1.2, -h * 0.1), (w * 0.5, h * 0.75),
                              (-6, h * 0.5)])
            else:
                ear = smooth([(-6, -h * 0.55), (w * 0.7, -h * 0.78), (w * 1.15, -h * 0.2),
                              (w * 0.8, h * 0.6), (0, h * 0.62)])
            canvas.drawPath(ear, self.p_skin)
            canvas.drawPath(ear, self.p_outline)
            inner = smooth([(w * 0.3, -h * 0.4), (w * 0.75, -h * 0.15), (w * 0.45, h * 0.35)], close=False)
            canvas.drawPath(inner, self.p_skin_line)
            self._earring(canvas, w, h)
            canvas.restore()

    def _earring(self, canvas, w, h) -> None:
        kind = self.c["earrings"]
        if kind == "none":
            return
        col = colour(self.c["earring_colour"])
        lobe = (w * 0.35, h * 0.62)
        if kind == "studs":
            canvas.drawCircle(*lobe, 7, fill(col))
            canvas.drawCircle(lobe[0] - 2, lobe[1] - 2, 2.5, fill(colour("#ffffff", 0.8)))
        elif kind == "hoops":
            canvas.drawCircle(lobe[0], lobe[1] + 18, 18, stroke(col, 5))
        else:
            canvas.drawLine(lobe[0], lobe[1], lobe[0], lobe[1] + 22, stroke(col, 3))
            canvas.drawPath(smooth([(lobe[0], lobe[1] + 20), (lobe[0] + 9, lobe[1] + 38), (lobe[0], lobe[1] + 48),
                                    (lobe[0] - 9, lobe[1] + 38)]), fill(col))

    def _cheeks(self, canvas, head: Head, g, puff: float) -> None:
        c = self.c
        blush = c["blush"] + 0.25 * max(g("mouthSmileLeft", 0.0), g("mouthSmileRight", 0.0)) * c["blush"]
        for side in (1, -1):
            x, y = head.on_face(side * 108, 82)
            fx, fy = head.squash(side * 108, 82)
            r = 40 + 14 * puff
            if blush > 0.01 or puff > 0.01:
                a = min(1.0, 0.55 * blush + 0.25 * puff)
                shader = skia.GradientShader.MakeRadial(
                    skia.Point(0, 0), r, [colour("#e0606a", a), colour("#e0606a", 0.0)])
                canvas.save()
                canvas.translate(x, y)
                canvas.scale(fx, fy * 0.8)
                canvas.drawCircle(0, 0, r, skia.Paint(Shader=shader, AntiAlias=True))
                if puff > 0.01:
                    canvas.drawArc(skia.Rect.MakeLTRB(-r * 0.7, -r * 0.7, r * 0.7, r * 0.7), 200, 60, False,
                                   stroke(colour("#ffffff", 0.5 * puff), 4))
                canvas.restore()
        if c["freckles"] > 0.01:
            p = fill(colour(self.skin, alpha=0.35 + 0.5 * c["freckles"], k=0.58))
            count = int(round(len(self.freckles) * c["freckles"]))
            for fx0, fy0, r in self.freckles[:count] + self.freckles[14:14 + count]:
                x, y = head.on_face(fx0, fy0)
                canvas.drawCircle(x, y, r, p)

    def _nose(self, canvas, head: Head) -> None:
        style = self.c["nose"]
        x, y = head.on_face(0, NOSE_Y, 32.0)
        fx, fy = head.squash(0, NOSE_Y)
        canvas.save()
        canvas.translate(x, y)
        canvas.scale(fx, fy)
        line = stroke(colour(self.skin, k=0.62), 4.5)
        shade = fill(colour(self.skin, k=0.8, alpha=0.8))
        if style == "button":
            canvas.drawOval(skia.Rect.MakeLTRB(-14, -10, 14, 10), fill(colour(self.skin, k=0.9)))
            canvas.drawCircle(-8, 6, 3.5, shade)
            canvas.drawCircle(8, 6, 3.5, shade)
        elif style == "small":
            canvas.drawPath(smooth([(-10, 6), (0, 12), (10, 6)], close=False), line)
        elif style == "straight":
            canvas.drawPath(smooth([(-4, -60), (-6, -20), (-12, 4), (0, 12), (12, 4)], close=False), line)
        elif style == "wide":
            canvas.drawPath(smooth([(-24, -4), (-20, 10), (-8, 8), (0, 13), (8, 8), (20, 10), (24, -4)],
                                   close=False), line)
        elif style == "pointed":
            canvas.drawPath(poly([(-2, -40), (10, 6), (-6, 10)], close=False), line)
        else:                               # round
            canvas.drawCircle(0, 0, 17, fill(colour(self.skin, k=0.92)))
            canvas.drawArc(skia.Rect.MakeLTRB(-17, -17, 17, 17), 20, 140, False, line)
        canvas.restore()

    def _mouth_shape(self, g, jaw: float, puff: float) -> dict:
        hw, tu, tl = MOUTH_SIZES[self.c["mouth"]]
        sl, sr = g("mouthSmileLeft", 0.0), g("mouthSmileRight", 0.0)
        fl, fr = g("mouthFrownLeft", 0.0), g("mouthFrownRight", 0.0)
        stl, str_ = g("mouthStretchLeft", 0.0), g("mouthStretchRight", 0.0)
        funnel, pucker = _clip01(g("mouthFunnel", 0.0)), _clip01(g("mouthPucker", 0.0))
        close = _clip01(g("mouthClose", 0.0))
        up, down = _clip01(g("mouthUpperUp", 0.0)), _clip01(g("mouthLowerDown", 0.0))
        tongue = _clip01(g("tongueOut", 0.0))
        round_ = max(funnel, pucker)
        gap = jaw * 50.0 * (1.0 - close) + funnel * 16.0 + down * 12.0 + up * 6.0 + tongue * 10.0
        gap *= 1.0 - 0.9 * pucker
        narrow = 1.0 - 0.36 * pucker - 0.3 * funnel - 0.15 * puff - 0.08 * jaw
        corners = {}
        for side, s, f, st in ((1, sl, fl, stl), (-1, sr, fr, str_)):
            x = hw * (narrow + 0.22 * s + 0.26 * st)
            y = -15.0 * s + 13.0 * f + 0.28 * gap - 2.0 * st
            corners[side] = (side * x, y)
        smile = 0.5 * (sl + sr) - 0.5 * (fl + fr)
        return {"hw": hw, "tu": tu * (1 + 0.6 * round_), "tl": tl * (1 + 0.6 * round_), "gap": gap,
                "corners": corners, "smile": smile, "round": round_, "up": up, "down": down,
                "tongue": tongue, "funnel": funnel, "pucker": pucker}

    def _mouth(self, canvas, head: Head, g, jaw: float, puff: float) -> None:
        m = self._mouth_shape(g, jaw, puff)
        x, y = head.on_face(0, MOUTH_Y, 8.0 + 14.0 * m["pucker"])
        fx, fy = head.squash(0, MOUTH_Y)
        canvas.save()
        canvas.translate(x, y)
        canvas.scale(fx, fy)
        (lx, ly), (rx_, ry_) = m["corners"][1], m["corners"][-1]
        gap, tu, tl, rnd = m["gap"], m["tu"], m["tl"], m["round"]
        mid_w = 0.5 * (lx - rx_)
        dip = 6.0 * m["smile"]                            # the lips' middle below a smile's corners
        # inner lip lines (upper then lower), corner to corner
        up_in = -0.3 * gap - 5.0 * m["up"] + 1.0
        lo_in = 0.7 * gap + 6.0 * m["down"]
        if gap < 1.0:
            up_in = lo_in = 0.5 * (up_in + lo_in)
        bulge = 0.45 + 0.4 * rnd                         # rounder opening for o/u
        inner = skia.Path()
        inner.moveTo(rx_, ry_)
        inner.cubicTo(rx_ + mid_w * bulge * 0.6, up_in + dip * 0.5, lx - mid_w * bulge * 0.6, up_in + dip * 0.5, lx, ly)
        inner.cubicTo(lx - mid_w * bulge * 0.5, lo_in + dip, rx_ + mid_w * bulge * 0.5, lo_in + dip, rx_, ry_)
        inner.close()
        if gap >= 1.0:
            canvas.drawPath(inner, fill(colour("#4a1518")))
            canvas.save()
            canvas.clipPath(inner, skia.ClipOp.kIntersect, True)
            teeth = fill(colour("#fbfaf5"))
            canvas.drawRect(skia.Rect.MakeLTRB(-mid_w * 0.7, up_in - 20, mid_w * 0.7, up_in + 9 + 5 * m["up"]), teeth)
            if m["down"] > 0.2 or gap > 30:
                canvas.drawRect(skia.Rect.MakeLTRB(-mid_w * 0.55, lo_in - 6, mid_w * 0.55, lo_in + 20), teeth)
            canvas.drawOval(skia.Rect.MakeLTRB(-mid_w * 0.5, lo_in - 12 - 0.2 * gap, mid_w * 0.5, lo_in + 16),
                            fill(colour("#d0606a")))
            canvas.restore()
        lipc = self.lip
        upper = skia.Path()
        top = up_in - tu - 2.0
        upper.moveTo(rx_, ry_)
        upper.cubicTo(rx_ + mid_w * 0.35, top + 2 + dip * 0.2, -mid_w * 0.18, top - 1, 0, top + 3)
        upper.cubicTo(mid_w * 0.18, top - 1, lx - mid_w * 0.35, top + 2 + dip * 0.2, lx, ly)
        upper.cubicTo(lx - mid_w * bulge * 0.6, up_in + dip * 0.5, rx_ + mid_w * bulge * 0.6, up_in + dip * 0.5, rx_, ry_)
        upper.close()
        lower = skia.Path()
        bottom = lo_in + tl + 2.0 + dip
        lower.moveTo(rx_, ry_)
        lower.cubicTo(rx_ + mid_w * bulge * 0.5, lo_in + dip, lx - mid_w * bulge * 0.5, lo_in + dip, lx, ly)
        lower.cubicTo(lx - mid_w * 0.2, bottom, rx_ + mid_w * 0.2, bottom, rx_, ry_)
        lower.close()
        canvas.drawPath(lower, fill(colour(lipc)))
        canvas.drawPath(upper, fill(colour(lipc, k=0.88)))
        canvas.drawPath(lower, stroke(colour(lipc, k=0.7), 1.5))
        canvas.drawPath(upper, stroke(colour(lipc, k=0.7), 1.5))
        if gap < 1.0:
            seam = skia.Path()
            seam.moveTo(rx_ - 2, ry_)
            seam.cubicTo(rx_ + mid_w * 0.6, up_in + dip * 0.6, lx - mid_w * 0.6, up_in + dip * 0.6, lx + 2, ly)
            canvas.drawPath(seam, stroke(colour(lipc, k=0.45), 3.0))
        if m["tongue"] > 0.02:
            t = m["tongue"]
            canvas.drawPath(smooth([(-20, lo_in - 4), (20, lo_in - 4), (18, lo_in + 10 + 30 * t),
                                    (0, lo_in + 16 + 34 * t), (-18, lo_in + 10 + 30 * t)]),
                            fill(colour("#d9646e")))
            canvas.drawLine(0, lo_in, 0, lo_in + 12 + 20 * t, stroke(colour("#b04850"), 2))
        # smile lines at the corners
        for side in (1, -1):
            cx_, cy_ = m["corners"][side]
            s = g("mouthSmileLeft" if side == 1 else "mouthSmileRight", 0.0)
            if s > 0.15:
                canvas.drawPath(smooth([(cx_ + side * 4, cy_ - 8), (cx_ + side * 10, cy_), (cx_ + side * 5, cy_ + 8)],
                                       close=False), stroke(colour(self.skin, k=0.7, alpha=min(1.0, s)), 3))
        canvas.restore()

    def _facial_hair(self, canvas, head: Head, jaw: float, g) -> None:
        kind = self.c["facial_hair"]
        if kind == "none":
            return
        hairc = self.hair if self.c["hair_style"] != "bald" else "#3b2a20"
        m = self._mouth_shape(g, jaw, 0.0)
        if kind in ("stubble", "beard", "full_beard"):
            n = len(self._outline)
            lower = self._outline[n // 4: 3 * n // 4 + 1]          # right side → chin → left side
            low_lip = MOUTH_Y + 0.7 * m["gap"] + m["tl"] + 6
            inner = [head.on_face(-RX * 0.86, 45, 0), head.on_face(-RX * 0.62, 100, 0),
                     head.on_face(-60, MOUTH_Y + 4, 8), head.on_face(0, low_lip + 6, 10),
                     head.on_face(60, MOUTH_Y + 4, 8), head.on_face(RX * 0.62, 100, 0),
                     head.on_face(RX * 0.86, 45, 0)]
            path = smooth(lower + inner)
            a = 0.3 if kind == "stubble" else 1.0
            canvas.drawPath(path, fill(colour(hairc, alpha=a)))

    def _moustache(self, canvas, head: Head, jaw: float, g) -> None:
        kind = self.c["facial_hair"]
        hairc = self.hair if self.c["hair_style"] != "bald" else "#3b2a20"
        m = self._mouth_shape(g, jaw, 0.0)
        if kind in ("moustache", "full_beard", "goatee"):
            (lx, ly), (rx_, ry_) = m["corners"][1], m["corners"][-1]
            x, y = head.on_face(0, MOUTH_Y, 12)
            fx, fy = head.squash(0, MOUTH_Y)
            canvas.save()
            canvas.translate(x, y)
            canvas.scale(fx, fy)
            top = -0.3 * m["gap"] - m["tu"] - 6
            tache = skia.Path()
            tache.moveTo(rx_ - 6, ry_ + 8)
            tache.cubicTo(rx_ + 4, top - 2, -mid_w_of(m) * 0.3, top - 8, 0, top - 5)
            tache.cubicTo(mid_w_of(m) * 0.3, top - 8, lx - 4, top - 2, lx + 6, ly + 8)
            canvas.drawPath(tache, stroke(colour(hairc), 12.0))
            if kind == "goatee":
                chin = 0.7 * m["gap"] + m["tl"] + 10
                canvas.drawPath(smooth([(-22, chin), (22, chin), (16, chin + 50), (0, chin + 58), (-16, chin + 50)]),
                                fill(colour(hairc)))
            canvas.restore()

    def _eyes(self, canvas, head: Head, g) -> None:
        c = self.c
        hw, hh, lift, peak = EYE_SHAPES[c["eye_shape"]]
        makeup = c["makeup"]
        for side, suffix in ((1, "Left"), (-1, "Right")):
            blink = _clip01(g("eyeBlink" + suffix, 0.0))
            wide = _clip01(g("eyeWide" + suffix, 0.0))
            squint = _clip01(g("eyeSquint" + suffix, 0.0))
            smile = g("mouthSmile" + suffix, 0.0)
            upper = max(0.0, (1.0 - blink) * (1.0 + 0.45 * wide - 0.12 * squint))
            lower = max(0.0, 1.0 - 0.55 * squint - 0.25 * _clip01(smile) + 0.15 * wide)
            x, y = head.on_face(side * EYE_X, EYE_Y, -4)
            fx, fy = head.squash(side * EYE_X, EYE_Y)
            canvas.save()
            canvas.translate(x, y)
            canvas.scale(side * fx, fy)             # local +x points outwards for both eyes
            inner_c, outer_c = (-hw, 2.0), (hw, -lift)
            u = -hh * 1.3 * upper
            lo = hh * 1.1 * lower
            if makeup in ("eyeshadow", "glam"):
                shadow = skia.Path()
                shadow.moveTo(*inner_c)
                shadow.cubicTo(-hw * 0.5, -hh * 2.6, hw * 0.6, -hh * 2.7, hw + 6, -lift - 4)
                shadow.cubicTo(hw * 0.4, u - 2, -hw * 0.4, u - 2, *inner_c)
                canvas.drawPath(shadow, fill(colour(c["makeup_colour"], 0.55)))
            if upper * hh > 1.2:
                eye = skia.Path()
                eye.moveTo(*inner_c)
                eye.cubicTo(-hw * 0.45 + peak, u, hw * 0.45 + peak, u, *outer_c)
                eye.cubicTo(hw * 0.45, lo, -hw * 0.45, lo, *inner_c)
                eye.close()
                canvas.drawPath(eye, fill(colour("#fbfbf8")))
                canvas.save()
                canvas.clipPath(eye, skia.ClipOp.kIntersect, True)
                gx = max(-1.0, min(1.0, g("gazeX", 0.0))) * hw * 0.45 * side
                gy = -max(-1.0, min(1.0, g("gazeY", 0.0))) * hh * 0.45
                ir = hh * 0.78 + 5.0
                canvas.drawCircle(gx, gy, ir, fill(colour(c["eye_colour"])))
                canvas.drawCircle(gx, gy, ir, stroke(colour(c["eye_colour"], k=0.6), 2.0))
                canvas.drawCircle(gx, gy, ir * 0.45, fill(colour("#0c0a0a")))
                canvas.drawCircle(gx + ir * 0.35 * side, gy - ir * 0.35, ir * 0.22, fill(colour("#ffffff", 0.9)))
                canvas.restore()
                lid = skia.Path()
                lid.moveTo(inner_c[0] - 2, inner_c[1])
                lid.cubicTo(-hw * 0.45 + peak, u, hw * 0.45 + peak, u, outer_c[0] + 3, outer_c[1])
                wline = 5.5 if makeup in ("eyeliner", "glam") else 3.5
                canvas.drawPath(lid, stroke(self.dark_line, wline))
                low = skia.Path()
                low.moveTo(*inner_c)
                low.cubicTo(-hw * 0.45, lo, hw * 0.45, lo, *outer_c)
                canvas.drawPath(low, stroke(colour(self.skin, k=0.55), 1.8))
            else:
                closed = skia.Path()
                closed.moveTo(inner_c[0] - 2, inner_c[1])
                closed.cubicTo(-hw * 0.4, lo * 0.55 + 2, hw * 0.4, lo * 0.55 + 2, outer_c[0] + 3, outer_c[1])
                canvas.drawPath(closed, stroke(colour("#120a08"), 5.0))
            if makeup in ("eyeliner", "glam"):
                canvas.drawLine(outer_c[0], outer_c[1], outer_c[0] + 12, outer_c[1] - 9, stroke(self.dark_line, 4))
            if c["eye_shape"] == "hooded" or wide > 0.3:
                crease = skia.Path()
                cu = u - 9 if c["eye_shape"] != "hooded" else min(u - 3, -hh * 1.05)
                crease.moveTo(-hw * 0.8, cu * 0.6)
                crease.cubicTo(-hw * 0.3, cu - 3, hw * 0.4, cu - 3, hw * 0.9, cu * 0.5)
                canvas.drawPath(crease, stroke(colour(self.skin, k=0.7), 2.2))
            canvas.restore()

    def _brows(self, canvas, head: Head, g) -> None:
        thick, arch = BROW_STYLES[self.c["brows"]]
        paint = stroke(self.brow_colour, thick)
        for side, suffix in ((1, "Left"), (-1, "Right")):
            inner_up = _clip01(g("browInnerUp", 0.0))
            outer_up = _clip01(g("browOuterUp" + suffix, 0.0))
            down = _clip01(g("browDown" + suffix, 0.0))
            wide = _clip01(g("eyeWide" + suffix, 0.0))
            x, y = head.on_face(side * EYE_X, BROW_Y, 4)
            fx, fy = head.squash(side * EYE_X, BROW_Y)
            canvas.save()
            canvas.translate(x, y)
            canvas.scale(side * fx, fy)
            lift = 7.0 * wide
            inner = (-32 + 6 * down, 4 - 20 * inner_up + 11 * down - lift)
            mid = (0, -arch - 7 * inner_up - 9 * outer_up + 7 * down - lift)
            outer = (34, 4 - 18 * outer_up + 5 * down - lift * 0.7 + 4 * inner_up)
            canvas.drawPath(smooth([inner, mid, outer], close=False), paint)
            canvas.restore()

    # hair and headwear -----------------------------------------------------------------
    def _cap_path(self, height: float, hairline: float, side_y: float, width: float = 1.0) -> skia.Path:
        w = (RX + 14) * width
        path = skia.Path()
        path.moveTo(HX - w, HY + side_y)
        path.cubicTo(HX - w - 8, HY - RY * 0.6, HX - w * 0.6, HY - RY - height, HX, HY - RY - height)
        path.cubicTo(HX + w * 0.6, HY - RY - height, HX + w + 8, HY - RY * 0.6, HX + w, HY + side_y)
        path.lineTo(HX + w - 22, HY + side_y)
        path.cubicTo(HX + w - 30, HY + hairline * 0.4, HX + 60, HY + hairline, HX, HY + hairline)
        path.cubicTo(HX - 60, HY + hairline, HX - w + 30, HY + hairline * 0.4, HX - w + 22, HY + side_y)
        path.close()
        return path

    def _hair_back(self, canvas, head: Head, roll: float) -> None:
        style = self.c["hair_style"]
        canvas.save()
        canvas.rotate(roll * 0.8, HX, NECK_Y)
        canvas.translate(-head.sy * 60.0, head.sp * 25.0)
        p = self.p_hair
        if style == "afro":
            canvas.drawCircle(HX, HY - 55, RX * 1.5, p)
        elif style in ("long", "wavy", "hime"):
            w = RX + 40
            bottom = HY + 420
            if style == "wavy":
                pts = [(HX - w - 10 * math.sin(k), HY + 40 * k - 120) for k in range(14)]
                right = [(HX + w + 10 * math.sin(k), HY + 40 * k - 120) for k in range(14)]
                canvas.drawPath(smooth([(HX, HY - RY - 30)] + right + [(HX, bottom + 30)] + pts[::-1]), p)
            else:
                canvas.drawPath(smooth([(HX - w, HY - 30), (HX - w + 25, HY - RY + 15), (HX, HY - RY - 38),
                                        (HX + w - 25, HY - RY + 15), (HX + w, HY - 30), (HX + w + 10, bottom),
                                        (HX, bottom + 10), (HX - w - 10, bottom)]), p)
        elif style == "bob":
            canvas.drawPath(smooth([(HX - RX - 34, HY - 40), (HX - RX + 15, HY - RY + 10), (HX, HY - RY - 34),
                                    (HX + RX - 15, HY - RY + 10), (HX + RX + 34, HY - 40), (HX + RX + 30, HY + 160),
                                    (HX, HY + 170), (HX - RX - 30, HY + 160)]), p)
        elif style == "ponytail":
            canvas.drawPath(smooth([(HX + RX - 20, HY - 120), (HX + RX + 60, HY - 60), (HX + RX + 70, HY + 80),
                                    (HX + RX + 40, HY + 250), (HX + RX + 10, HY + 120), (HX + RX - 30, HY - 30)]), p)
        canvas.restore()                 # braids hang in front (`_hair_front`)

    def _hair_front(self, canvas, head: Head) -> None:
        style = self.c["hair_style"]
        p = self.p_hair
        if style == "bald":
            canvas.drawOval(skia.Rect.MakeLTRB(HX - 60 + head.sy * 60, HY - RY + 5, HX + 10 + head.sy * 60, HY - RY + 40),
                            fill(colour("#ffffff", 0.18)))
            return
        # crown: moves a little with the turn; fringe: moves with the face
        canvas.save()
        canvas.translate(-head.sy * 18.0, -head.sp * 18.0)
        if style in ("buzz", "mohawk"):
            canvas.save()
            canvas.clipPath(self._skull_path, skia.ClipOp.kIntersect, True)
            canvas.drawPath(self._cap_path(2, -125, -40), fill(colour(self.hair, 0.6 if style == "buzz" else 0.35)))
            canvas.restore()
        if style == "buzz":
            pass                                  # the clipped cap above is all of it
        elif style == "mohawk":
            canvas.drawPath(smooth([(HX - 30, HY - 120), (HX - 40, HY - RY - 40), (HX - 10, HY - RY - 90),
                                    (HX + 20, HY - RY - 70), (HX + 35, HY - RY - 20), (HX + 25, HY - 120)]), p)
        elif style == "afro":
            canvas.drawPath(self._cap_path(60, -120, -60, 1.15), p)
        elif style == "curly":
            canvas.drawPath(self._cap_path(30, -115, -20, 1.05), p)
            for k in range(15):
                t = math.pi * (0.05 + 0.9 * k / 14)
                cx = HX - math.cos(t) * (RX + 18)
                cy = HY - 20 - math.sin(t) * (RY + 20)
                canvas.drawCircle(cx, cy, 30, p)
                canvas.drawCircle(cx, cy, 30, self.p_hair_line)
        elif style in ("ponytail", "bun", "braids"):
            canvas.drawPath(self._cap_path(10, -125, -30), p)
            if style == "bun":
                canvas.drawCircle(HX, HY - RY - 40, 52, p)
                canvas.drawCircle(HX, HY - RY - 40, 52, self.p_hair_line)
            canvas.drawLine(HX, HY - RY - 8, HX, HY - 125, self.p_hair_line)
        else:
            height = {"short": 25, "side_part": 30, "quiff": 30, "pixie": 20, "bob": 30, "long": 25,
                      "wavy": 30, "hime": 25}[style]
            canvas.drawPath(self._cap_path(height, -110, 10 if style in ("bob", "long", "wavy", "hime") else -30), p)
            # strands and a sheen give the cap some volume
            for k in (-2, -1, 0, 1, 2):
                strand = smooth([(HX + k * 30, HY - RY - height + 12), (HX + k * 52, HY - RY + 20),
                                 (HX + k * 70, HY - 125)], close=False)
                canvas.drawPath(strand, stroke(colour(self.hair, 0.5, k=0.65), 3.0))
            sheen = skia.Path()
            sheen.addArc(skia.Rect.MakeLTRB(HX - RX * 0.75, HY - RY - height + 14, HX + RX * 0.55, HY - 80), 200, 70)
            canvas.drawPath(sheen, stroke(colour(self.hair, 0.35, k=1.6), 10.0))
        canvas.restore()

        canvas.save()
        if style in ("short", "side_part", "quiff", "pixie", "ponytail", "bob", "hime"):
            cx = HX - head.sy * SKULL_SHIFT
            canvas.clipRRect(skia.RRect.MakeOval(skia.Rect.MakeLTRB(cx - RX - 18, HY - RY - 170, cx + RX + 18,
                                                                     HY + RY)), True)
        canvas.translate(head.sy * 70.0, -head.sp * 55.0)
        canvas.scale(0.85 + 0.15 * head.cy, 1.0)
        canvas.translate(HX * (1 - 1 / (0.85 + 0.15 * head.cy)), 0)
        if style == "side_part":
            canvas.drawPath(smooth([(HX - 120, HY - 175), (HX + 30, HY - 200), (HX + 150, HY - 150),
                                    (HX + 160, HY - 90), (HX + 60, HY - 135), (HX - 90, HY - 130)]), p)
            canvas.drawPath(smooth([(HX - 100, HY - 160), (HX + 20, HY - 185), (HX + 130, HY - 140)], close=False),
                            self.p_hair_line)
        elif style == "quiff":
            canvas.drawPath(smooth([(HX - 110, HY - 150), (HX - 60, HY - RY - 70), (HX + 60, HY - RY - 80),
                                    (HX + 120, HY - RY - 20), (HX + 90, HY - 140), (HX, HY - 160)]), p)
        elif style == "pixie":
            canvas.drawPath(poly([(HX - 150, HY - 160), (HX + 40, HY - 200), (HX + 150, HY - 120),
                                  (HX + 70, HY - 130), (HX + 90, HY - 95), (HX + 10, HY - 125), (HX - 20, HY - 95),
                                  (HX - 60, HY - 130), (HX - 150, HY - 100)]), p)
        elif style in ("bob", "hime"):
            fringe_y = -85 if style == "hime" else -95
            canvas.drawPath(poly([(HX - RX - 5, HY - 60), (HX - RX + 5, HY - 170), (HX, HY - 200),
                                  (HX + RX - 5, HY - 170), (HX + RX + 5, HY - 60), (HX + RX - 20, HY + fringe_y),
                                  (HX - RX + 20, HY + fringe_y)]), p)
            if style == "hime":
                for s in (-1, 1):
                    canvas.drawRect(skia.Rect.MakeLTRB(HX + s * (RX - 8) - 22, HY - 90, HX + s * (RX - 8) + 22, HY + 120), p)
        elif style in ("long", "wavy"):
            for s in (-1, 1):
                canvas.drawPath(smooth([(HX + s * 10, HY - 190), (HX + s * (RX - 10), HY - 150), (HX + s * (RX + 20), HY - 20),
                                        (HX + s * (RX + 35), HY + 300), (HX + s * (RX - 10), HY + 310),
                                        (HX + s * (RX - 25), HY - 40), (HX + s * 60, HY - 120)]), p)
        elif style == "braids":
            for s in (-1, 1):
                for k in range(8):
                    cx = HX + s * (RX + 5 - k * 2)
                    cy = HY + 20 + k * 42
                    canvas.drawOval(skia.Rect.MakeLTRB(cx - 22, cy - 26, cx + 22, cy + 26), p)
                    canvas.drawOval(skia.Rect.MakeLTRB(cx - 22, cy - 26, cx + 22, cy + 26), self.p_hair_line)
        elif style == "short":
            canvas.drawPath(smooth([(HX - 130, HY - 160), (HX, HY - 190), (HX + 130, HY - 160), (HX + 60, HY - 128),
                                    (HX - 40, HY - 135)]), p)
        elif style == "ponytail":
            canvas.drawPath(smooth([(HX - 140, HY - 140), (HX - 20, HY - 195), (HX + 20, HY - 150)]), p)
        canvas.restore()

    def _hat(self, canvas, head: Head) -> None:
        hat = self.c["hat"]
        if hat == "none":
            return
        col = colour(self.c["hat_colour"])
        p, dark = fill(col), fill(colour(self.c["hat_colour"], k=0.75))
        canvas.save()
        canvas.translate(head.sy * 35.0, -head.sp * 25.0)
        top = HY - RY
        if hat == "beanie":
            canvas.drawPath(smooth([(HX - RX - 18, HY - 95), (HX - RX + 5, top - 20), (HX, top - 55),
                                    (HX + RX - 5, top - 20), (HX + RX + 18, HY - 95)]), p)
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(HX - RX - 22, HY - 130, HX + RX + 22, HY - 80), 18, 18), dark)
            canvas.drawCircle(HX, top - 62, 24, dark)
        elif hat == "cap":
            canvas.drawPath(smooth([(HX - RX - 12, HY - 110), (HX - RX + 10, top - 10), (HX, top - 45),
                                    (HX + RX - 10, top - 10), (HX + RX + 12, HY - 110)]), p)
            canvas.save()
            canvas.translate(head.sy * 70.0, 0)
            canvas.drawPath(smooth([(HX - RX + 10, HY - 118), (HX, HY - 140), (HX + RX - 10, HY - 118),
                                    (HX + RX + 30, HY - 96), (HX, HY - 80), (HX - RX - 30, HY - 96)]), dark)
            canvas.restore()
            canvas.drawCircle(HX, top - 44, 9, dark)
        elif hat == "bucket":
            canvas.drawPath(poly([(HX - RX + 5, HY - 110), (HX - RX + 30, top - 40), (HX + RX - 30, top - 40),
                                  (HX + RX - 5, HY - 110)]), p)
            canvas.drawOval(skia.Rect.MakeLTRB(HX - RX - 55, HY - 135, HX + RX + 55, HY - 85), dark)
            canvas.drawPath(poly([(HX - RX + 5, HY - 110), (HX - RX + 30, top - 40), (HX + RX - 30, top - 40),
                                  (HX + RX - 5, HY - 110)]), p)
        elif hat == "beret":
            canvas.save()
            canvas.rotate(-12, HX, top)
            canvas.drawOval(skia.Rect.MakeLTRB(HX - RX - 40, top - 55, HX + RX + 10, top + 55), p)
            canvas.drawLine(HX - 20, top - 55, HX - 16, top - 72, stroke(col, 8))
            canvas.restore()
        elif hat == "party":
            canvas.drawPath(poly([(HX - 70, top + 25), (HX + 20, top - 190), (HX + 80, top + 30)]), p)
            for k in range(3):
                y = top - 30 - 50 * k
                canvas.drawLine(HX - 50 + 20 * k, y + 20, HX + 60 - 10 * k, y + 25, stroke(colour("#ffffff", 0.8), 8))
            canvas.drawCircle(HX + 20, top - 190, 16, fill(colour("#f1c40f")))
        elif hat == "headband":
            band = skia.Path()
            band.addArc(skia.Rect.MakeLTRB(HX - RX - 8, top - 10, HX + RX + 8, HY + 60), 195, 150)
            canvas.drawPath(band, stroke(col, 22, skia.Paint.kButt_Cap))
        canvas.restore()

    def _glasses(self, canvas, head: Head) -> None:
        kind = self.c["glasses"]
        if kind == "none":
            return
        col = colour(self.c["glasses_colour"])
        frame = stroke(col, 6.0)
        lens = fill(colour("#1a1a22", 0.82)) if kind == "sunglasses" else fill(colour("#dff1ff", 0.07))
        glint = stroke(colour("#ffffff", 0.45 if kind == "sunglasses" else 0.3), 4.0)
        centres = []
        for side in (1, -1):
            x, y = head.on_face(side * EYE_X, EYE_Y, 10)
            fx, fy = head.squash(side * EYE_X, EYE_Y)
            canvas.save()
            canvas.translate(x, y)
            canvas.scale(side * fx, fy)
            if kind == "round":
                shape = skia.Path()
                shape.addCircle(0, 0, 40)
            elif kind == "square":
                shape = skia.Path()
                shape.addRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-46, -34, 46, 32), 8, 8))
            elif kind == "cat_eye":
                shape = smooth([(-44, -16), (0, -32), (52, -40), (40, 18), (0, 32), (-40, 16)])
            elif kind == "aviator":
                shape = smooth([(-44, -28), (44, -30), (40, 18), (8, 42), (-36, 24)])
            else:
                shape = skia.Path()
                shape.addRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(-48, -30, 48, 34), 24, 24))
            canvas.drawPath(shape, lens)
            canvas.drawLine(-24, -14, -10, -24, glint)
            canvas.drawPath(shape, frame)
            canvas.restore()
            inner = skia.Point(x - side * fx * 44, y - fy * 6)
            outer = skia.Point(x + side * fx * 46, y - fy * 10)
            centres.append((inner, outer, side))
        (li, lo, _), (ri, ro, _) = centres
        bridge = skia.Path()
        bridge.moveTo(ri.fX, ri.fY)
        bridge.quadTo(0.5 * (li.fX + ri.fX), 0.5 * (li.fY + ri.fY) - 12, li.fX, li.fY)
        canvas.drawPath(bridge, frame)
        for o, side in ((lo, 1), (ro, -1)):
            ex, ey = head.project(side * RX * 0.97, 0.0, -8.0)
            facing = -side * head.sy
            if facing > -0.25:
                canvas.drawLine(o.fX, o.fY, ex, ey, frame)


def frame_matrix(size: int, static=None, roll: float = 0.0) -> skia.Matrix:
    """Canvas units → frame pixels: the 1000-unit square framed by the profile's zoom and
    offsets (as the photo's framing: zoom in, offsets move the crop), with the head's roll
    about the neck when `roll` is given (for points of the head)."""
    zoom = getattr(static, "zoom", 1.0) if static is not None else 1.0
    ox = getattr(static, "offset_x", 0.0) if static is not None else 0.0
    oy = getattr(static, "offset_y", 0.0) if static is not None else 0.0
    s = size / UNIT
    m = skia.Matrix()
    m.setTranslate(size / 2.0, size / 2.0)
    m.preScale(s * zoom * BASE_ZOOM, s * zoom * BASE_ZOOM)
    m.preTranslate(-UNIT / 2.0 - ox * UNIT / BASE_ZOOM, -BASE_Y - oy * UNIT / BASE_ZOOM)
    if roll:
        m.preRotate(roll, HX, NECK_Y)
    return m
