"""The preview widget: paints the newest rendered frame, scaled to fit, over a checkerboard
(so a transparent background reads as transparent), with an optional camera inset and a
tracking indicator in the corner."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.i18n import tr


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """Wrap H×W×4 uint8 RGBA (straight alpha, C-contiguous) without copying; the caller keeps
    the array alive as long as the image."""
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, rgba.strides[0], QImage.Format.Format_RGBA8888)


def _checker(cell: int = 12) -> QPixmap:
    pm = QPixmap(cell * 2, cell * 2)
    pm.fill(QColor(200, 200, 200))
    p = QPainter(pm)
    p.fillRect(0, 0, cell, cell, QColor(235, 235, 235))
    p.fillRect(cell, cell, cell, cell, QColor(235, 235, 235))
    p.end()
    return pm


class PreviewWidget(QWidget):
    """Shows frames handed in by `show_frame`; holds a reference to the array it paints."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("preview")
        self.setMinimumSize(320, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # paintEvent fills every pixel: Qt need not paint the window and its central widget
        # under the preview first, 60 times a second
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._rgba: np.ndarray | None = None
        self._image: QImage | None = None
        self._camera: np.ndarray | None = None      # H×W×3 uint8 RGB webcam frame
        self._tracking: bool | None = None          # None: no webcam driving
        self._message = tr("Open a photo to make your digital human")
        self._checker = QBrush(_checker())
        self._opaque = True
        self.frames_shown = 0          # frames handed in
        self.frames_painted = 0        # of those, frames that reached the screen
        self._painted_seq = 0
        self.badge = False             # the visible AI-generated badge (privacy setting)
        self._badge_img: np.ndarray | None = None

    def set_badge(self, on: bool) -> None:
        """Show the AI-generated badge on the frames (the export's own badge and placement)."""
        if on != self.badge:
            self.badge = on
            self._badge_img = None
            if self._rgba is not None and not on:
                self.update()

    def _with_badge(self, rgba: np.ndarray) -> np.ndarray:
        from studio.export.text import badge_for, draw_badge
        if self._badge_img is None or self._badge_img.shape[0] != max(14, int(rgba.shape[0] * 0.045)):
            try:
                self._badge_img = badge_for(rgba.shape[0])
            except Exception:            # no usable font: the preview goes without the badge
                import logging
                logging.getLogger("studio.ui").warning("no AI badge in the preview", exc_info=True)
                self.badge = False
                return rgba
        out = rgba.copy()
        draw_badge(out, self._badge_img)
        return out

    def show_frame(self, rgba: np.ndarray) -> None:
        if self.badge:
            rgba = self._with_badge(rgba)
        self._rgba = np.ascontiguousarray(rgba)
        self._image = rgba_to_qimage(self._rgba)
        # the checkerboard only matters where the frame is see-through
        self._opaque = bool(self._rgba[::8, ::8, 3].min() == 255)
        self._message = ""
        self.frames_shown += 1
        self.update()

    def show_message(self, text: str) -> None:
        self._message = text
        self.update()

    def show_camera(self, rgb: np.ndarray | None, tracking: bool | None) -> None:
        self._camera = None if rgb is None else np.ascontiguousarray(rgb)
        self._tracking = tracking
        self.update()

    def current_frame(self) -> np.ndarray | None:
        return self._rgba

    def _target(self) -> QRectF:
        side = min(self.width(), self.height()) - 24
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().window().color().darker(115))
        target = self._target()
        if self._image is not None:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            if not self._opaque:
                p.fillRect(target, self._checker)
            p.drawImage(target, self._image)
            if self._painted_seq != self.frames_shown:
                self._painted_seq = self.frames_shown
                self.frames_painted += 1
            p.setPen(QPen(QColor(0, 0, 0, 60), 1))
            p.drawRect(target)
        if self._message:
            p.setPen(self.palette().windowText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self._message)
        if self._camera is not None:
            self._paint_inset(p, target)
        p.end()

    def _paint_inset(self, p: QPainter, target: QRectF) -> None:
        h, w = self._camera.shape[:2]
        iw = target.width() * 0.28
        ih = iw * h / w
        box = QRectF(target.right() - iw - 10, target.bottom() - ih - 10, iw, ih)
        img = QImage(self._camera.data, w, h, self._camera.strides[0], QImage.Format.Format_RGB888)
        p.drawImage(box, img)
        p.setPen(QPen(QColor(255, 255, 255), 2))
        p.drawRect(box)
        colour = QColor(60, 200, 90) if self._tracking else QColor(220, 60, 60)
        p.setBrush(colour)
        p.setPen(Qt.PenStyle.NoPen)
        # tracking indicator: green while a face is tracked, red when it is lost
        p.drawEllipse(box.topLeft() + QPointF(12, 12), 7, 7)
