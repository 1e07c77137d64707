"""AvatarEngine: one photo → frames of that person with any expression (docs/ARCHITECTURE.md,
"Render pipeline").

Per photo: landmarks, the rig (blendshapes), the coarse-grid motion model. Per appearance
change (`set_static`): the texture edits, face-shape offsets and framing. Per output size: the
framed texture (photo crop + person mask as alpha). Per frame (`render`):

    geometry  pose → coefficients → target landmarks and the backward flow on a coarse grid
    warp      the framed texture resampled through the upsampled flow (only where it moves)
    mouth     mouth interior (closed-mouth photos) and closing lids painted on top
    composite background and alpha, then accessories anchored to the moved landmarks

At rest the warp moves nothing, nothing is painted, and the frame is the photo crop exactly.
One thread renders at a time (the caches are not locked).
"""
from __future__ import annotations

import time
from typing import Mapping

import numpy as np

from studio.face import topology as T
from studio.face.intake import Photo, PhotoSource, is_monochrome, load_photo
from studio.render.flowfield import FlowModel
from studio.render.framing import Framing, crop, framing_for
from studio.render.lids import paint_lid
from studio.render.mouth import (eye_white_light, lip_colours, paint_closed_lips,
                                 paint_interior, paint_tongue_out, photo_palette, softness)
from studio.render.warp import keep_inside, spacing_for, warp_spaced
from studio.rig.blendshapes import CINDEX
from studio.rig.expression import neutral_amount
from studio.rig.geometry import PhotoRig


class AvatarEngine:
    """Renders one photographed face. Build with `from_photo` or `from_project`."""

    def __init__(self, photo: Photo, static=None, background_image: np.ndarray | None = None):
        from studio.profile.model import ExternalStatic
        self.photo = photo
        self.rig = PhotoRig(photo.landmarks)
        # A closed-mouthed photo gets a painted interior; an open one keeps its own teeth.
        self.mouth_closed_photo = len(self.rig.basis.teeth) == 0
        # an open-mouthed photo's own cavity and tongue colours, for the opening painted wider
        self.palette = None if self.mouth_closed_photo else photo_palette(
            photo.rgb, T.inner_mouth_polygon(photo.landmarks[:, :2]))
        # the lips' own colours, for lips closed over an open-mouthed photo's teeth
        self.lip_colours = None if self.mouth_closed_photo else lip_colours(
            photo.rgb, photo.landmarks)
        # how bright painted teeth may be, from the whites of the photo's eyes
        self.eye_light = eye_white_light(photo.rgb, photo.landmarks)
        # A black-and-white photo stays black-and-white: painted mouth, lids, accessories.
        self.monochrome = is_monochrome(photo.rgb)
        self.background_image = background_image
        self.last_timings: dict[str, float] = {}
        self._interior_warp = None
        self._painted = False
        self.static = None
        self.flow: FlowModel | None = None
        self.framing: Framing | None = None
        self._textures: dict[int, tuple[np.ndarray, np.ndarray, int]] = {}
        self._backends: dict[int, object] = {}        # size → BackendChoice (studio.render.backend)
        self._backend_size = 512
        self.set_static(static if static is not None else ExternalStatic())

    # --- construction -------------------------------------------------------------------
    @classmethod
    def from_photo(cls, photo: PhotoSource, static=None) -> "AvatarEngine":
        """photo: a path, an H×W×3 uint8 RGB array or a `Photo`; static: ExternalStatic."""
        return cls(load_photo(photo), static)

    @classmethod
    def from_project(cls, project) -> "AvatarEngine":
        """An engine for a `studio.profile.project.Project` (its photo and appearance). The
        photo's intake is cached (`studio.face.intake_cache`): a second open skips MediaPipe."""
        from studio.errors import UserError
        static = project.profile.static
        if not static.photo:
            raise UserError("the project has no photo: add a face photo first")
        # Cached: the landmarks and mask of a photo seen before come from the data dir.
        from studio.face.intake_cache import load_photo_cached
        photo = load_photo_cached(project.asset_path(static.photo), static.photo.split("/")[-1])
        background = None
        if static.background_image:
            from studio.face.intake import read_image
            background = read_image(project.asset_path(static.background_image),
                                   static.background_image)
        return cls(photo, static, background)

    # --- appearance ---------------------------------------------------------------------
    def set_static(self, static, background_image: np.ndarray | None = None) -> None:
        """Apply an appearance (ExternalStatic). Texture edits and shape offsets are baked
        once here; the motion model is never rebuilt (it lives in the face's own square)."""
        from studio.render.appearance import prepare_texture
        p = self.photo
        if background_image is not None:
            self.background_image = background_image
        self.texture_rgb = prepare_texture(p.rgb, p.landmarks, p.person_mask, static)
        from studio.rig.shape import shape_offsets
        shape = shape_offsets(p.landmarks, static)
        self.framing = framing_for(p.landmarks, static.zoom, static.offset_x, static.offset_y,
                                   (p.rgb.shape[1], p.rgb.shape[0]))
        if self.flow is None:         # in the face square: reframing never rebuilds it
            self.flow = FlowModel(self.rig, framing_for(p.landmarks), p.person_mask)
        self.rig.set_shape(shape)
        self.rig.set_neutral(neutral_amount(static.photo_expression, self.rig.expression))
        self.flow.set_shape(shape)
        self.static = static
        self._textures.clear()

    def texture(self, size: int) -> np.ndarray:
        """size×size×4 uint8: the framed photo texture, person mask as alpha (cached)."""
        return self._framed(size)[1]

    def _framed(self, size: int) -> tuple:
        """(padded, texture, margin, interior) for size×size frames: the texture is the
        framed photo with the person mask as alpha; `padded` is the same crop widened by
        `margin` pixels on every side, so the warp can pull in photo pixels from just
        outside the frame; `interior` (padded, uint8, or None for a closed-mouth photo)
        marks the photo's own mouth interior."""
        cached = self._textures.get(size)
        if cached is None:
            margin = max(8, size // 8)
            f = self.framing
            step = f.side / max(size - 1, 1)                   # photo pixels per frame pixel
            wide = Framing(f.x0 - margin * step, f.y0 - margin * step,
                           step * (size - 1 + 2 * margin))
            rgb = crop(self.texture_rgb, wide, size + 2 * margin)
            mask = crop(self.photo.person_mask, wide, size + 2 * margin)
            alpha = np.clip(mask * 255.0 + 0.5, 0, 255).astype(np.uint8)
            padded = np.ascontiguousarray(np.dstack([rgb, alpha]))
            tex = np.ascontiguousarray(padded[margin:margin + size, margin:margin + size])
            interior = None
            if not self.mouth_closed_photo:
                interior = crop(self._interior_mask(), wide, size + 2 * margin)
            self._textures = {k: v for k, v in self._textures.items() if k in (256, 512)}
            cached = self._textures[size] = (padded, tex, margin, interior)
        return cached

    def _interior_mask(self) -> np.ndarray:
        """H×W uint8 (photo): 255 inside the photo's own open mouth (teeth, cavity, tongue)."""
        import cv2
        mask = np.zeros(self.photo.rgb.shape[:2], np.uint8)
        poly = T.inner_mouth_polygon(self.photo.landmarks[:, :2])
        cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 255, cv2.LINE_AA)
        return mask

    def _sample_bounds(self, size: int, margin: int) -> tuple[float, float, float, float]:
        """Output-pixel box (x0, y0, x1, y1) within which warp samples are real photo
        pixels: the photo's extent in frame pixels, within the texture (± `margin`)."""
        f = self.framing
        step = f.side / max(size - 1, 1)
        h, w = self.texture_rgb.shape[:2]
        return (max(-f.x0 / step, -margin), max(-f.y0 / step, -margin),
                min((w - 1 - f.x0) / step, size - 1 + margin),
                min((h - 1 - f.y0) / step, size - 1 + margin))

    # --- geometry -----------------------------------------------------------------------
    def to_frame(self, points: np.ndarray, size: int) -> np.ndarray:
        """N×3 photo-pixel points → N×2 float32 pixels of a size×size frame."""
        return self.framing.to_frame(points[:, :2]) * np.float32(size - 1)

    def landmarks(self, pose: Mapping[str, float], size: int = 512) -> np.ndarray:
        """478×2 float32: where the rig puts the landmarks in a size×size frame."""
        return self.to_frame(self.rig.target(pose), size)

    # --- warp backend -------------------------------------------------------------------
    def backend(self, size: int):
        """The warp backend for size×size frames (a `BackendChoice`: name, reason, …),
        chosen on first use of that size (see `studio.render.backend`: OpenCV unless the
        env variable AVATAR_STUDIO_WARP asks for ONNX or a measurement)."""
        choice = self._backends.get(size)
        if choice is None:
            from studio.render.backend import choose
            choice = self._backends[size] = choose(size)
        return choice

    @property
    def warp_backend(self):
        """The backend of the size rendered last (512 before any frame): `.name` ('opencv'
        or 'onnx') and `.reason`, for status bars and `doctor`."""
        return self.backend(self._backend_size)

    # --- rendering ----------------------------------------------------------------------
    def render(self, pose: Mapping[str, float], size: int = 512) -> np.ndarray:
        """pose: parameter name → value (missing = rest). Returns size×size×4 uint8 RGBA,
        straight alpha; alpha is 255 unless the background mode is 'transparent'."""
        t0 = time.perf_counter()
        g = self.rig.solve(pose)
        moving = bool(np.any(g.k)) or any(g.angles) or self.flow.has_shape
        padded, tex, margin, interior = self._framed(size)
        self._backend_size = size
        backend = self.backend(size)
        if moving:
            teeth = self.flow.framing.to_frame(g.teeth_pre[:, :2]) if len(g.teeth_pre) else None
            back = self.flow.backward(self.flow.forward(g.k, g.angles, teeth))
            if backend.name == "opencv":
                spacing, nodes = spacing_for(size, self.flow.grid)
            else:                      # other backends take the align-corners grid
                nodes = self.flow.grid
                spacing = (size - 1) / (nodes - 1)
            # One flow for every backend, so they draw the same picture; the ONNX warp takes
            # the frame's own texture and repeats its edge where the OpenCV one has photo.
            flow = keep_inside(self.flow.to_output(back, self.framing, size, spacing, nodes),
                               spacing, self._sample_bounds(size, margin))
        t1 = time.perf_counter()
        frame = tex.copy()
        if moving:
            if backend.name == "opencv":
                warp_spaced(padded, flow, spacing, frame, margin)
            else:
                backend.warp_into(tex, flow, frame)
        t2 = time.perf_counter()
        self._painted = moving
        if moving:
            # where the photo's own teeth end up: only needed when the lips close over them
            self._interior_warp = ((interior, flow, spacing, margin)
                                   if interior is not None and backend.name == "opencv" else None)
            self._paint(frame, g, size, pose)
        t3 = time.perf_counter()
        out = self._composite(frame, tex, g.target, g.angles, size)
        t4 = time.perf_counter()
        self.last_timings = {"geometry": (t1 - t0) * 1e3, "warp": (t2 - t1) * 1e3,
                             "mouth": (t3 - t2) * 1e3, "composite": (t4 - t3) * 1e3,
                             "total": (t4 - t0) * 1e3}
        return out

    def _paint(self, frame, g, size, pose) -> None:
        """Mouth interior and closing lids, in frame pixels."""
        tgt = self.to_frame(g.target, size)
        width = float(np.linalg.norm(tgt[T.MOUTH_CORNER_LEFT] - tgt[T.MOUTH_CORNER_RIGHT]))
        tongue = float(pose.get("tongueOut", 0.0))
        blur = softness((size - 1) / self.framing.side)     # frame pixels per photo pixel
        if self.mouth_closed_photo:
            upper, lower = tgt[list(T.LIPS_UPPER_INNER)], tgt[list(T.LIPS_LOWER_INNER)]
            gap = float(np.max(lower[:, 1] - upper[:, 1]))
            if gap > 0.75:
                paint_interior(frame, upper, lower, width, tongue, blur=blur,
                               opacity=_showing(gap), eye_light=self.eye_light)
        else:
            # Open photo: its teeth ride with the lips; paint the cavity opening between them.
            self._seal_lips(frame, tgt, size)
            rows = self.to_frame(g.teeth, size)
            rest = self.to_frame(self.rig.basis.teeth, size)
            n = len(rows) // 2
            wider = (rows[n:, 1] - rows[:n, 1]) - (rest[n:, 1] - rest[:n, 1])
            if float(np.max(wider)) > 0.75:
                corners = tgt[[T.INNER_CORNER_RIGHT, T.INNER_CORNER_LEFT]]
                upper = np.concatenate([corners[:1], rows[:n], corners[1:]])
                lower = np.concatenate([corners[:1], rows[n:], corners[1:]])
                paint_interior(frame, upper, lower, width, tongue, teeth=False,
                               within=T.inner_mouth_polygon(tgt), blur=blur,
                               palette=self.palette, eye_light=self.eye_light,
                               opacity=_showing(float(np.max(wider)), 0.05 * width))
        if tongue > 0.3:
            paint_tongue_out(frame, tgt[list(T.LIPS_UPPER_INNER)], tgt[list(T.LIPS_LOWER_INNER)],
                             tgt[list(T.LIPS_LOWER_OUTER)], (tongue - 0.3) / 0.7, blur,
                             self.palette)
        blink = (g.k[CINDEX["eyeBlinkLeft"]], g.k[CINDEX["eyeBlinkRight"]])
        if max(blink) > 0.0:
            now = self.to_frame(g.warp_lids, size)
            for amount, upper, crease in ((blink[0], T.LEFT_EYE_UPPER, T.LEFT_EYE_CREASE),
                                          (blink[1], T.RIGHT_EYE_UPPER, T.RIGHT_EYE_CREASE)):
                if amount > 0.0:
                    paint_lid(frame, now[list(upper)], tgt[list(upper)], now[list(crease)],
                              float(amount))

    def _seal_lips(self, frame, tgt, size) -> None:
        """Lips closed over an open-mouthed photo's teeth (mouthClose, pucker)."""
        c_up, c_lo = T.UPPER_LIP_CENTRE_INNER, T.LOWER_LIP_CENTRE_INNER
        rest = self.to_frame(self.rig.base[[c_up, c_lo]], size)
        closure = 1.0 - (tgt[c_lo, 1] - tgt[c_up, 1]) / max(rest[1, 1] - rest[0, 1], 1e-3)
        amount = float(np.clip((closure - 0.45) / 0.45, 0.0, 1.0))
        if amount > 0.0:
            cell = (size - 1) / (self.flow.grid - 1) * self.flow.framing.side / self.framing.side
            paint_closed_lips(frame, tgt[list(T.LIPS_UPPER_INNER)],
                              tgt[list(T.LIPS_LOWER_INNER)], 0.9 * cell * amount,
                              amount * amount * (3 - 2 * amount),
                              self._warped_interior(size) if amount > 0.9 else None,
                              (tgt[list(T.LIPS_UPPER_OUTER)], tgt[list(T.LIPS_LOWER_OUTER)]),
                              self.lip_colours)

    def _warped_interior(self, size: int) -> np.ndarray | None:
        """size×size uint8: where this frame's warp put the photo's own mouth interior."""
        if self._interior_warp is None:
            return None
        interior, flow, spacing, margin = self._interior_warp
        out = interior[margin:margin + size, margin:margin + size].copy()
        warp_spaced(interior, flow, spacing, out, margin)
        return out

    def _composite(self, frame, tex, target, angles, size) -> np.ndarray:
        """Background/alpha (`studio.render.background.composite`) and accessories on top."""
        static = self.static
        if self.monochrome and self._painted:
            self._grey_face(frame, target, size)
        if static.background == "original":
            out = frame                       # the photo's own backdrop: opaque as it is
            out[:, :, 3] = 255
        else:
            from studio.render.background import composite
            import cv2                # the colour planes: numpy's strided copy took 2 ms
            alpha = cv2.extractChannel(frame, 3).astype(np.float32) * np.float32(1 / 255)
            out = composite(cv2.cvtColor(frame, cv2.COLOR_RGBA2RGB), alpha, static,
                            self.background_image, cv2.cvtColor(tex, cv2.COLOR_RGBA2RGB))
        if _wears_accessories(static):
            from studio.render.accessories import draw_accessories
            before = out.copy() if self.monochrome else None
            draw_accessories(out, self.to_frame(target, size), static, angles)
            if before is not None:                  # the accessories in grey too
                drawn = np.any(out != before, axis=-1)
                grey = out.copy()
                to_grey(grey)
                out[drawn] = grey[drawn]
        return out

    def _grey_face(self, frame, target, size) -> None:
        """A black-and-white photo's painted mouth, lids and tongue in grey: only the face's
        box can carry colour (the warp moves grey pixels)."""
        pts = self.to_frame(target, size)
        (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
        pad = 0.1 * (x1 - x0)
        to_grey(frame[max(int(y0 - pad), 0):int(y1 + pad) + 1,
                      max(int(x0 - pad), 0):int(x1 + pad) + 1])


def to_grey(frame: np.ndarray) -> None:
    """Replace the RGB channels of an RGB(A) uint8 frame (or a region of one) by their
    luminance, in place."""
    import cv2
    if frame.size == 0:
        return
    if frame.shape[2] == 4:
        # whole pixels written at once: broadcasting into three of four channels is a
        # strided copy five times slower (2 ms for a large face's box)
        grey = cv2.cvtColor(frame, cv2.COLOR_RGBA2GRAY)
        frame[...] = cv2.merge([grey, grey, grey, np.ascontiguousarray(frame[..., 3])])
    else:
        frame[...] = cv2.cvtColor(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)



def _showing(gap: float, full: float = 3.0) -> float:
    """Opacity of a painted opening `gap` frame pixels tall: a sliver is a soft shadow, not
    a drawn black line; from `full` pixels it is fully there."""
    return float(np.clip((gap - 0.5) / (full - 0.5), 0.0, 1.0))


def _wears_accessories(static) -> bool:
    return any(getattr(static, f, "none") != "none" for f in ("glasses", "hat", "earrings"))
