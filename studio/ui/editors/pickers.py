"""Choice fields shown as a row of thumbnails (backgrounds, glasses, hats, earrings).

Thumbnails are drawn with QPainter: small pictograms of each option, cheap to make and the
same in every theme. The picker is bound to one document field like any other field widget.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from studio.ui.document import Document
from studio.ui.i18n import tr

THUMB = 56


def _canvas() -> tuple[QPixmap, QPainter]:
    pm = QPixmap(THUMB, THUMB)
    pm.fill(QColor(236, 238, 242))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pm, p


def _head(p: QPainter) -> None:
    p.setPen(QPen(QColor(120, 90, 70), 1.5))
    p.setBrush(QColor(241, 200, 170))
    p.drawEllipse(QRectF(16, 14, 24, 30))
    p.setBrush(QColor(60, 40, 30))
    p.drawEllipse(QPointF(23, 27), 1.6, 1.6)
    p.drawEllipse(QPointF(33, 27), 1.6, 1.6)


def _draw_glasses(p: QPainter, option: str) -> None:
    p.setPen(QPen(QColor(30, 30, 30), 2))
    p.setBrush(QColor(20, 20, 20, 200) if option == "sunglasses" else Qt.BrushStyle.NoBrush)
    if option == "round":
        p.drawEllipse(QPointF(23, 27), 5, 5)
        p.drawEllipse(QPointF(33, 27), 5, 5)
    elif option in ("square", "sunglasses"):
        p.drawRect(QRectF(17.5, 23, 10, 8))
        p.drawRect(QRectF(28.5, 23, 10, 8))
    if option != "none":
        p.drawLine(QPointF(27.5, 26), QPointF(28.5, 26))


def _draw_hat(p: QPainter, option: str) -> None:
    if option == "beanie":
        p.setBrush(QColor(180, 50, 60))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawChord(QRectF(14, 8, 28, 24), 0, 180 * 16)
    elif option == "cap":
        p.setBrush(QColor(40, 90, 170))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawChord(QRectF(15, 9, 26, 20), 0, 180 * 16)
        p.drawRect(QRectF(28, 17, 16, 3))
    elif option == "party":
        path = QPainterPath(QPointF(28, 0))
        path.lineTo(QPointF(20, 18))
        path.lineTo(QPointF(36, 18))
        path.closeSubpath()
        p.setBrush(QColor(240, 170, 40))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPath(path)


def _draw_earrings(p: QPainter, option: str) -> None:
    p.setPen(QPen(QColor(200, 160, 40), 1.8))
    if option == "studs":
        p.setBrush(QColor(230, 190, 60))
        p.drawEllipse(QPointF(15.5, 34), 2, 2)
        p.drawEllipse(QPointF(40.5, 34), 2, 2)
    elif option == "hoops":
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(15.5, 37), 3.5, 3.5)
        p.drawEllipse(QPointF(40.5, 37), 3.5, 3.5)


def _draw_background(p: QPainter, option: str, colour: str) -> None:
    r = QRectF(0, 0, THUMB, THUMB)
    if option == "colour":
        p.fillRect(r, QColor(colour or "#3a6ea5"))
    elif option == "transparent":
        for i in range(0, THUMB, 8):
            for j in range(0, THUMB, 8):
                if (i + j) // 8 % 2:
                    p.fillRect(QRectF(i, j, 8, 8), QColor(200, 200, 200))
    elif option == "blur":
        for k in range(6):
            p.fillRect(QRectF(0, k * THUMB / 6, THUMB, THUMB / 6), QColor(120 + 15 * k, 150, 190 - 10 * k))
    elif option == "image":
        p.fillRect(r, QColor(150, 200, 240))
        p.setBrush(QColor(90, 160, 90))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QRectF(-10, 36, 50, 40))
        p.drawEllipse(QRectF(20, 40, 50, 40))
    else:   # original
        p.fillRect(r, QColor(170, 160, 150))
    p.setBrush(QColor(241, 200, 170))
    p.setPen(QPen(QColor(120, 90, 70), 1.2))
    p.drawEllipse(QRectF(18, 12, 20, 26))
    p.setBrush(QColor(90, 100, 120))
    p.drawChord(QRectF(8, 40, 40, 30), 0, 180 * 16)


def thumbnail(field: str, option: str, colour: str = "") -> QIcon:
    pm, p = _canvas()
    if field == "background":
        _draw_background(p, option, colour)
    else:
        _head(p)
        {"glasses": _draw_glasses, "hat": _draw_hat, "earrings": _draw_earrings}[field](p, option)
    p.end()
    return QIcon(pm)


class ThumbnailPicker(QListWidget):
    """One choice field of `group` as clickable thumbnails."""

    def __init__(self, doc: Document, group: str, field: str, options: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.doc, self.group, self.field = doc, group, field
        self.setObjectName(f"{group}.{field}")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 26, THUMB + 30))
        self.setSpacing(2)
        colour = doc.profile.static.background_colour if field == "background" else ""
        for option in options:
            item = QListWidgetItem(thumbnail(field, option, colour), tr(option))
            item.setData(Qt.ItemDataRole.UserRole, option)
            item.setToolTip(tr(option))
            self.addItem(item)
        rows = (len(options) + 4) // 5
        self.setFixedHeight(rows * (THUMB + 30) + 8)
        self.currentItemChanged.connect(self._picked)
        doc.changed.connect(self._model_changed)
        self.refresh()

    def select(self, option: str) -> None:
        """Pick `option` as a click would (tests and keyboard users)."""
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == option:
                self.setCurrentRow(i)

    def _picked(self, item, _previous) -> None:
        if item is not None:
            self.doc.set_field(self.group, self.field, item.data(Qt.ItemDataRole.UserRole))

    def _model_changed(self, group: str, field: str) -> None:
        if not field or (group == self.group and field in (self.field, "background_colour")):
            self.refresh()

    def refresh(self) -> None:
        value = self.doc.value(self.group, self.field)
        with QSignalBlocker(self):
            for i in range(self.count()):
                item = self.item(i)
                option = item.data(Qt.ItemDataRole.UserRole)
                if self.field == "background" and option == "colour":
                    item.setIcon(thumbnail("background", "colour", self.doc.profile.static.background_colour))
                if option == value:
                    self.setCurrentRow(i)
