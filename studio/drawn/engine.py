"""DrawnEngine: the drawn character behind the photo engine's interface.

`render(pose, size)` → size×size×4 uint8 RGBA (straight alpha), `set_static(static)`,
`static`, `landmarks(pose, size)`, `last_timings`, `warp_backend`, `photo` (`.warnings`), like
`studio.render.engine.AvatarEngine`, so the preview worker, exports, stickers, live and chat use
it unchanged (`studio.avatar.engine_for_project` picks it for a drawn project). Backgrounds:
'colour', 'image' (cover), 'transparent' (alpha 0 outside the character); 'original' and
'blur' (a photo's own backdrop) become a soft studio gradient of the background colour.

Gestures: `set_arms(fn)` gives a function of the pose returning arm angles
(`studio.drawn.gestures`); the pose itself may carry no arm channels (the currency is faces).
One thread renders at a time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from studio.drawn.character import hex_to_rgb
from studio.drawn.renderer import Renderer, frame_matrix


@dataclass(frozen=True)
class _NoPhoto:
    """Stands in for `engine.photo` (commands print its warnings)."""
    warnings: tuple = ()


@dataclass(frozen=True)
class _Backend:
    name: str = "skia"
    reason: str = "drawn character (skia vector drawing, no warp)"


class DrawnEngine:
    """Renders a drawn character. Build with `DrawnEngine(static)` or `from_project`."""

    kind = "drawn"

    def __init__(self, static=None, background_image: np.ndarray | None = None):
        from studio.profile.model import ExternalStatic
        self.photo = _NoPhoto()
        self.warp_backend = _Backend()
        self.background_image = background_image
        self.last_timings: dict[str, float] = {}
        self.arms: Callable[[Mapping[str, float]], Mapping] | None = None
        self._backgrounds: dict[tuple, np.ndarray] = {}
        self.static = None
        self.set_static(static if static is not None else ExternalStatic(avatar_kind="drawn"))

    @classmethod
    def from_project(cls, project) -> "DrawnEngine":
        static = project.profile.static
        background = None
        if static.background_image:
            from studio.face.intake import read_image
            background = read_image(project.asset_path(static.background_image), static.background_image)
        return cls(static, background)

    def set_static(self, static, background_image: np.ndarray | None = None) -> None:
        if background_image is not None:
            self.background_image = background_image
        if self.static is None or static.character != self.static.character:
            self.renderer = Renderer(static.character)
        self.static = static
        self._backgrounds.clear()

    def set_arms(self, fn: Callable[[Mapping[str, float]], Mapping] | None) -> None:
        """Arm poses for each frame: fn(pose) → {"left": {...}, "right": {...}} (or None)."""
        self.arms = fn

    def landmarks(self, pose: Mapping[str, float], size: int = 512) -> np.ndarray:
        """N×2 float32 frame pixels of the named points in `LANDMARK_NAMES` order (eye and mouth
        centres, nose tip, chin, ears) — not the photo's 478 MediaPipe points."""
        pts = self.renderer.points(pose, size, self.static)
        return np.array([pts[n] for n in LANDMARK_NAMES], np.float32)

    def regions(self, pose: Mapping[str, float], size: int = 512) -> dict[str, tuple]:
        """Named part boxes (x0, y0, x1, y1) in frame pixels, for tests and tools."""
        return self.renderer.regions(pose, size, self.static)

    def render(self, pose: Mapping[str, float], size: int = 512, arms: Mapping | None = None) -> np.ndarray:
        """pose: parameter name → value (missing = rest). Returns size×size×4 uint8 RGBA,
        straight alpha; alpha is 255 unless the background mode is 'transparent'."""
        import skia
        t0 = time.perf_counter()
        transparent = self.static.background == "transparent"
        out = np.empty((size, size, 4), np.uint8)
        if transparent:
            out.fill(0)
        else:
            out[...] = self._background(size)
        surface = skia.Surface(out, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
        canvas = surface.getCanvas()
        canvas.concat(frame_matrix(size, self.static))
        if arms is None:          # a pose from a performance with gestures carries them
            arms = getattr(pose, "arms", None)
        if arms is None and self.arms is not None:
            arms = self.arms(pose)
        t1 = time.perf_counter()
        self.renderer.draw(canvas, pose, arms)
        surface.flushAndSubmit()
        del canvas, surface
        t2 = time.perf_counter()
        if transparent:
            unpremultiply(out)
        t3 = time.perf_counter()
        self.last_timings = {"background": (t1 - t0) * 1e3, "draw": (t2 - t1) * 1e3,
                             "composite": (t3 - t2) * 1e3, "total": (t3 - t0) * 1e3}
        return out

    def _background(self, size: int) -> np.ndarray:
        s = self.static
        key = (size, s.background, s.background_colour)
        bg = self._backgrounds.get(key)
        if bg is None:
            rgb = np.array(hex_to_rgb(s.background_colour), np.float32)
            if s.background == "image" and self.background_image is not None:
                from studio.render.background import _CACHE
                img = _CACHE.cover(self.background_image, size, size).astype(np.float32)
            elif s.background == "colour":
                img = np.broadcast_to(rgb, (size, size, 3)).astype(np.float32)
            else:        # 'original', 'blur' (no photo backdrop): a soft studio gradient
                y = np.linspace(0.0, 1.0, size, dtype=np.float32)[:, None, None]
                x = np.linspace(-1.0, 1.0, size, dtype=np.float32)[None, :, None]
                light = 1.18 - 0.3 * y - 0.08 * x * x
                img = np.clip(rgb * light + 18.0 * (1 - y), 0, 255) * np.ones((1, size, 1), np.float32)
            bg = np.empty((size, size, 4), np.uint8)
            bg[..., :3] = np.clip(img + 0.5, 0, 255).astype(np.uint8)
            bg[..., 3] = 255
            self._backgrounds = {k: v for k, v in self._backgrounds.items() if k[0] in (256, 512)}
            self._backgrounds[key] = bg
        return bg


LANDMARK_NAMES = ("eye_left", "eye_right", "nose_tip", "mouth", "chin", "ear_left", "ear_right")


def unpremultiply(rgba: np.ndarray) -> None:
    """Premultiplied → straight alpha, in place (only the partly transparent pixels change)."""
    a = rgba[..., 3]
    edge = (a > 0) & (a < 255)
    if np.any(edge):
        px = rgba[edge].astype(np.float32)
        px[:, :3] = np.clip(px[:, :3] * (255.0 / px[:, 3:4]) + 0.5, 0, 255)
        rgba[edge] = px.astype(np.uint8)
