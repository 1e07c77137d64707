"""Placing the avatar's square frame on the output canvas (square, 720p, 1080p).

The avatar always renders square at the canvas height; on a wide canvas the sides are
filled with what is behind the avatar: a background image (under a transparent render),
nothing (transparent output) or the frame's own edges stretched outwards and blurred, which
continues a colour, original or blurred background without a visible seam.
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
        """A height×width×3 backdrop continuing the frame's left and right edges, blurred."""
        import cv2
        strip = 6
        left = frame_rgb[:, :strip].mean(axis=1, keepdims=True)
        right = frame_rgb[:, -strip:].mean(axis=1, keepdims=True)
        base = np.empty((self.height, self.width, 3), np.float32)
        base[:, :self.x0 + 1] = left
        base[:, self.x0:] = right
        k = int(self.height * 0.08) | 1
        base = cv2.GaussianBlur(base, (k, k), 0)
        return (base * 0.92 + 0.5).astype(np.uint8)          # a touch darker: the eye stays centred

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
        rgb = frame[..., :3] if frame[..., 3].min() == 255 else _premultiplied_over(
            np.broadcast_to(self._matte, frame.shape[:2] + (3,)), frame)
        if self.width == self.side:
            return np.ascontiguousarray(rgb)
        if self._sides is None:
            self._sides = self._side_fill(rgb)
        out = self._sides.copy()
        out[:, self.x0:self.x0 + self.side] = rgb
        return out
