"""The speech gestures of a performance on the timeline (issue 15): one translucent bar per
gesture event (wave, self, other, beat, …) over the viseme row, labelled with its kind and word."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from studio.ui.i18n import tr

COLOURS = {"wave": "#2e86de", "self": "#10ac84", "other": "#ee5253", "beat": "#8395a7",
           "big": "#ff9f43", "small": "#feca57", "negate": "#5f27cd", "think": "#00d2d3"}


# the bars take the top fifth of the viseme row, above the visemes' own labels
TOP = 0.8


class GestureStrip(pg.GraphicsObject):
    """All gesture bars as one item, along the top of the row (y TOP..1); each is labelled
    with its kind and word where the row is tall enough to show them."""

    def __init__(self):
        super().__init__()
        self.events: list = []
        self._rect = QRectF(0, 0, 1, 1)
        self.setZValue(5)

    def set_performance(self, performance) -> None:
        track = getattr(performance, "gestures", None)
        self.prepareGeometryChange()
        self.events = list(getattr(track, "events", ()) or ())
        end = max((e.end for e in self.events), default=1.0)
        self._rect = QRectF(0, 0, end, 1)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args) -> None:
        for e in self.events:
            colour = QColor(COLOURS.get(e.kind, "#576574"))
            colour.setAlpha(200)
            p.fillRect(QRectF(e.start, TOP, e.end - e.start, 1.0 - TOP), colour)
        to_device = p.transform()
        p.resetTransform()
        p.setPen(QPen(QColor(20, 20, 20)))
        metrics = p.fontMetrics()
        for e in self.events:
            box = to_device.mapRect(QRectF(e.start, TOP, e.end - e.start, 1.0 - TOP))
            if abs(box.height()) < metrics.height():
                continue                  # a thin row: a label would be cut and cover the visemes
            for text in (f"{tr(e.kind)} · {e.word}", tr(e.kind)):   # what fits: with the word, or not
                if metrics.horizontalAdvance(text) + 6 <= box.width():
                    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
                    break
        p.setTransform(to_device)
