"""Output framing: the square crop of the photo that the avatar is shown in.

Head and shoulders: the crop is `FRAME_FACE_WIDTHS` face widths wide at zoom 1, centred a
little below the nose; `static.zoom` narrows it and `static.offset_x/offset_y` move it by a
fraction of its side (positive = the view moves right/down). The crop is axis-aligned in
the photo, so an upright render of a tilted photo keeps the photo's own tilt.

Frame coordinates are normalised: (0, 0) is the centre of the top-left output pixel and
(1, 1) the centre of the bottom-right one (align-corners), so a size-S frame has pixel
(x, y) at normalised (x, y) / (S - 1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.face import topology as T

FRAME_FACE_WIDTHS = 3.0


@dataclass(frozen=True)
class Framing:
    """The crop: photo pixel of the frame's top-left (x0, y0) and its side in photo pixels."""
    x0: float
    y0: float
    side: float

    def to_frame(self, photo_xy: np.ndarray) -> np.ndarray:
        """N×2 (or N×3) photo pixels → normalised frame coordinates (z scaled alike)."""
        out = np.asarray(photo_xy, np.float32).copy()
        out[:, 0] -= self.x0
        out[:, 1] -= self.y0
        return out / np.float32(self.side)

    def matrix(self, size: int) -> np.ndarray:
        """2×3 float64 affine: frame pixel (size×size) → photo pixel (for WARP_INVERSE_MAP)."""
        s = self.side / max(size - 1, 1)
        return np.array([[s, 0.0, self.x0], [0.0, s, self.y0]], np.float64)


def framing_for(landmarks: np.ndarray, zoom: float = 1.0, offset_x: float = 0.0,
                offset_y: float = 0.0, photo_size: tuple[int, int] | None = None) -> Framing:
    """The crop for a face (landmarks: 478×3 photo pixels) and the static framing fields.

    With `photo_size` (width, height) the crop always stays inside the photo: a crop that
    would reach past an edge is narrowed to the photo's shorter side and slid inside it, so
    no frame ever shows an edge pixel smeared outwards (a tight selfie crop simply fills the
    frame with the face). Zooming out or moving the view past the photo stops at its edge.
    Without `photo_size` the crop is the face's own square (the motion model's space)."""
    width = T.face_width(landmarks)
    side = FRAME_FACE_WIDTHS * width / max(zoom, 0.05)
    cx = 0.5 * (landmarks[T.TEMPLE_LEFT, 0] + landmarks[T.TEMPLE_RIGHT, 0])
    cy = landmarks[T.NOSE_TIP, 1] + 0.2 * width
    cx += offset_x * side
    cy += offset_y * side
    if photo_size is not None:
        w, h = photo_size
        side = max(min(side, w - 1.0, h - 1.0), 1.0)
        cx = min(max(cx, side / 2), w - 1.0 - side / 2)
        cy = min(max(cy, side / 2), h - 1.0 - side / 2)
    return Framing(float(cx - side / 2), float(cy - side / 2), float(side))


def crop(image: np.ndarray, framing: Framing, size: int, interpolation: int | None = None
         ) -> np.ndarray:
    """The framed crop of `image` (H×W×C uint8 or H×W float32) at size×size, bilinear.
    Framings made with the photo's size lie inside it; areas outside (the motion model's
    face square only) repeat the edge. Large photos are area-reduced first so that
    downscaling does not alias."""
    import cv2
    m = framing.matrix(size)
    scale = m[0, 0]          # photo pixels per frame pixel
    if scale > 1.5:
        f = 1.0 / scale
        h, w = image.shape[:2]
        image = cv2.resize(image, (max(1, round(w * f)), max(1, round(h * f))),
                           interpolation=cv2.INTER_AREA)
        fx, fy = image.shape[1] / w, image.shape[0] / h
        # Sample positions in the reduced image (pixel centres move with the scale).
        m = np.array([[m[0, 0] * fx, 0.0, (m[0, 2] + 0.5) * fx - 0.5],
                      [0.0, m[1, 1] * fy, (m[1, 2] + 0.5) * fy - 0.5]])
    return cv2.warpAffine(image, m, (size, size),
                          flags=(interpolation or cv2.INTER_LINEAR) | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)
