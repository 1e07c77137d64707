"""Placing the avatar's square frame on the output canvas (square, 720p, 1080p).

The avatar always renders square at the canvas height; on a wide canvas the sides are
filled with what is behind the avatar: a background image (under a transparent render),
nothing (transparent output) or a blurred, dimmed enlargement of the frame itself, blended in
at the frame's edges so no seam shows.
"""
from __future__ import annotations

import numpy as np

FRAMINGS = ("square", "720p", "1080p")
_WIDE = {"720p": (1280, 720), "1080p": (1920, 1080)}


def canvas_size(framing: str, size: int) -> tuple[int, int]:
    """(width, height) of the output for a framing; `size` is the side of a square output."""
    if framing == "square":
        return size, size
    return _WIDE[framing]


def cover(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Scale and centre-crop an H×W×C uint8 image to fill height×width×C exactly."""
    import cv2
    h, w = image.shape[:2]
    s = max(width / w, height / h)
    nw, nh = max(width, round(w * s)), max(height, round(h * s))
    scaled = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    x, y = (nw - width) // 2, (nh - height) // 2
    return np.ascontiguousarray(scaled[y:y + height, x:x + width])


def _premultiplied_over(base_rgb: np.ndarray, frame_rgba: np.ndarray) -> np.ndarray:
    a = frame_rgba[..., 3:4].astype(np.float32) / 255.0
    out = frame_rgba[..., :3].astype(np.float32) * a + base_rgb.astype(np.float32) * (1 - a)
    return (out + 0.5).astype(np.uint8)


class Canvas:
    """Composes side×side×4 RGBA avatar frames onto a height×width canvas.

    `compose` returns height×width×4 RGBA when `transparent`, else height×width×3 RGB."""

    def __init__(self, width: int, height: int, *, transparent: bool = False,
                 background_image: np.ndarray | None = None, matte=(0, 0, 0)):
        self.width, self.height = width, height
        self.side = height
        self.x0 = (width - height) // 2
        self.transparent = transparent and background_image is None
        self._base = None if background_image is None else cover(background_image[..., :3], width, height)
        self._matte = np.array(matte, np.uint8)
        self._sides: np.ndarray | None = None

    def _side_fill(self, frame_rgb: np.ndarray) -> np.ndarray:
        """A height×width×3 backdrop: the first frame scaled to cover the canvas, heavily
        blurred and dimmed (the familiar "blurred fill" of vertical video on wide screens)."""
        import cv2
        small = cv2.resize(frame_rgb, (64, 64), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 6)
        base = cover(np.clip(small, 0, 255).astype(np.uint8), self.width, self.height)
        base = cv2.GaussianBlur(base.astype(np.float32), (0, 0), self.height / 40)
        return (base * 0.8 + 0.5).astype(np.uint8)         # dimmer: the eye stays centred

    def _feather(self) -> np.ndarray:
        """1×side×1 float32 weights of the frame against the fill: 0→1 over a few percent
        at the frame's left and right edges, so no hard seam shows."""
        k = max(2, self.side // 30)
        w = np.ones(self.side, np.float32)
        ramp = np.linspace(0.0, 1.0, k, dtype=np.float32)
        w[:k], w[-k:] = ramp, ramp[::-1]
        return w[None, :, None]

    def compose(self, frame: np.ndarray) -> np.ndarray:
        if self.transparent:
            if self.width == self.side:
                return frame
            out = np.zeros((self.height, self.width, 4), np.uint8)
            out[:, self.x0:self.x0 + self.side] = frame
            return out
        if self._base is not None:
            out = self._base.copy()
            sl = out[:, self.x0:self.x0 + self.side]
            sl[:] = _premultiplied_over(sl, frame)
            return out
        opaque = frame[..., 3].min() == 255
        if opaque and self.width == self.side:
            import cv2           # the colour planes, 20× faster than numpy's strided copy
            return cv2.cvtColor(frame, cv2.COLOR_RGBA2RGB)
        rgb = frame[..., :3] if opaque else _premultiplied_over(
            np.broadcast_to(self._matte, frame.shape[:2] + (3,)), frame)
        if self.width == self.side:
            return np.ascontiguousarray(rgb)
        if self._sides is None:
            self._sides = self._side_fill(rgb)
            self._weights = self._feather()
        out = self._sides.copy()
        band = out[:, self.x0:self.x0 + self.side]
        band[:] = (rgb * self._weights + band * (1 - self._weights) + 0.5).astype(np.uint8)
        return out
