"""Character tab: the drawn character's parts as thumbnail pickers (issue 15).

Each part of `studio.drawn.character` gets a picker whose thumbnails are drawn by the
character renderer itself (the current character wearing that option), colours get swatches
and a custom colour, amounts a slider. Every pick is one undoable edit of `static.character`
through the document; the avatar kind (photo or drawn) is the generated field above them, and
"Start from my photo" suggests a character from the project's photo on a worker thread.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QColorDialog, QGroupBox, QHBoxLayout, QLabel, QListView, QListWidget,
                               QListWidgetItem, QPushButton, QSlider, QVBoxLayout, QWidget)

from studio.drawn import character as C
from studio.ui.document import Document
from studio.ui.editors.form import FieldForm, scroll_page
from studio.ui.i18n import tr

THUMB = 64


def _icon(rgba: np.ndarray) -> QIcon:
    rgba = np.ascontiguousarray(rgba)
    h, w = rgba.shape[:2]
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
    return QIcon(QPixmap.fromImage(image))


def part_thumbnail(character: dict, part: C.Part, option) -> np.ndarray:
    """THUMB×THUMB×4 RGBA: the character wearing `option`, framed on the part."""
    from studio.drawn.engine import DrawnEngine
    from studio.profile.model import ExternalStatic
    zoom, oy = (0.75, 0.12) if part.category == "clothing" else (2.1, -0.065)
    if part.category in ("hair", "accessories") or part.name in ("face_shape", "ears"):
        zoom, oy = 1.3, -0.1
    static = ExternalStatic(avatar_kind="drawn", background="colour", background_colour="#eceef2",
                            zoom=zoom, offset_y=oy, character=C.changed(character, **{part.name: option}))
    return DrawnEngine(static).render({}, THUMB)


def option_text(part: C.Part, option: str) -> str:
    """A choice in the UI language. Parts share words ("round" glasses, a "round" face), and one
    word may need another translation per part: "round (face shape)" first, then "round"."""
    text = option.replace("_", " ")
    specific = f"{text} ({part.label})"
    shown = tr(specific)
    return tr(text) if shown == specific else shown


def swatch(colour: str) -> QIcon:
    pm = QPixmap(28, 28)
    pm.fill(QColor(colour))
    return QIcon(pm)


class WrappingList(QListWidget):
    """Icons in rows as wide as the panel, every row shown: the height follows the width
    (a fixed guess of six thumbnails a row cut the list off, behind a scroll bar, where
    the panel is narrower, as on a 1366×768 screen or with longer Korean labels)."""

    def fit_rows(self) -> None:
        cell = self.gridSize()
        per_row = max(1, self.viewport().width() // max(1, cell.width()))
        rows = max(1, -(-self.count() // per_row))
        self.setFixedHeight(rows * cell.height() + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_rows()


class PartPicker(WrappingList):
    """One choice part of the character as thumbnails; a pick is one undoable edit."""

    def __init__(self, doc: Document, part: C.Part, parent=None):
        super().__init__(parent)
        self.doc, self.part = doc, part
        self.setObjectName(f"character.{part.name}")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 22, THUMB + 26))
        for option in part.options:
            item = QListWidgetItem(option_text(part, option))
            item.setData(Qt.ItemDataRole.UserRole, option)
            item.setToolTip(item.text())
            self.addItem(item)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit_rows()
        self._drawn_for = None
        self.currentItemChanged.connect(self._picked)
        doc.changed.connect(self._model_changed)
        self.refresh()

    def select(self, option: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == option:
                self.setCurrentRow(i)

    def _picked(self, item, _previous) -> None:
        if item is None:
            return
        current = self.doc.profile.static.character
        value = item.data(Qt.ItemDataRole.UserRole)
        if C.resolve(current)[self.part.name] != value:
            self.doc.set_field("static", "character", C.changed(current, **{self.part.name: value}),
                               text=tr("Character") + ": " + tr(self.part.label))

    def _model_changed(self, group: str, field: str) -> None:
        if not field or (group == "static" and field == "character"):
            self.refresh()

    def refresh(self) -> None:
        full = C.resolve(self.doc.profile.static.character)
        others = {k: v for k, v in full.items() if k != self.part.name}
        with QSignalBlocker(self):
            if others != self._drawn_for:        # the thumbnails show the current character
                self._drawn_for = others
                for i in range(self.count()):
                    item = self.item(i)
                    item.setIcon(_icon(part_thumbnail(full, self.part, item.data(Qt.ItemDataRole.UserRole))))
            for i in range(self.count()):
                if self.item(i).data(Qt.ItemDataRole.UserRole) == full[self.part.name]:
                    self.setCurrentRow(i)


class ColourPicker(QWidget):
    """A colour part: the palette's swatches and a custom colour."""

    def __init__(self, doc: Document, part: C.Part, parent=None):
        super().__init__(parent)
        self.doc, self.part = doc, part
        self.setObjectName(f"character.{part.name}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.swatches = WrappingList()
        self.swatches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.swatches.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.swatches.setResizeMode(QListView.ResizeMode.Adjust)
        self.swatches.setViewMode(QListView.ViewMode.IconMode)
        self.swatches.setFlow(QListView.Flow.LeftToRight)
        self.swatches.setWrapping(True)
        self.swatches.setMovement(QListView.Movement.Static)
        self.swatches.setIconSize(QSize(28, 28))
        self.swatches.setGridSize(QSize(34, 34))
        palette = part.options or (part.default,)
        for colour in palette:
            item = QListWidgetItem(swatch(colour), "")
            item.setData(Qt.ItemDataRole.UserRole, colour)
            item.setToolTip(colour)
            self.swatches.addItem(item)
        self.swatches.fit_rows()
        self.swatches.itemClicked.connect(lambda item: self.set(item.data(Qt.ItemDataRole.UserRole)))
        self.custom = QPushButton(tr("Custom…"))
        self.custom.clicked.connect(self._custom)
        lay.addWidget(self.swatches, 1)
        lay.addWidget(self.custom)

    def set(self, colour: str) -> None:
        current = self.doc.profile.static.character
        if C.resolve(current)[self.part.name] != colour:
            self.doc.set_field("static", "character", C.changed(current, **{self.part.name: colour}),
                               text=tr("Character") + ": " + tr(self.part.label))

    def _custom(self) -> None:
        now = QColor(C.resolve(self.doc.profile.static.character)[self.part.name])
        colour = QColorDialog.getColor(now, self, tr(self.part.label))
        if colour.isValid():
            self.set(colour.name())


class AmountSlider(QSlider):
    """A 0..1 part (freckles, blush) as a slider; one undoable edit per release."""

    def __init__(self, doc: Document, part: C.Part, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.doc, self.part = doc, part
        self.setObjectName(f"character.{part.name}")
        self.setRange(0, 100)
        self.sliderReleased.connect(self._commit)
        self.valueChanged.connect(lambda _v: None if self.isSliderDown() else self._commit())
        doc.changed.connect(lambda g, f: self.refresh() if not f or f == "character" else None)
        self.refresh()

    def _commit(self) -> None:
        value = part_value(self.part, self.value())
        current = self.doc.profile.static.character
        if abs(C.resolve(current)[self.part.name] - value) > 1e-9:
            self.doc.set_field("static", "character", C.changed(current, **{self.part.name: value}),
                               text=tr("Character") + ": " + tr(self.part.label))

    def refresh(self) -> None:
        v = C.resolve(self.doc.profile.static.character)[self.part.name]
        with QSignalBlocker(self):
            self.setValue(int(round((v - self.part.lo) / (self.part.hi - self.part.lo) * 100)))


def part_value(part: C.Part, tick: int) -> float:
    return round(part.lo + (part.hi - part.lo) * tick / 100.0, 3)


def _suggest_from_bytes(data: bytes, suffix: str) -> dict:
    """Worker thread: a character suggested from photo bytes."""
    import tempfile
    from pathlib import Path

    from studio.drawn.suggest import suggest
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("photo" + suffix)
        path.write_bytes(data)
        return suggest(str(path))


class FromPhotoButton(QPushButton):
    """"Start from my photo": the character suggested from the project's photo (one edit)."""

    def __init__(self, doc: Document, parent=None):
        super().__init__(tr("Start from my photo"), parent)
        self.doc = doc
        self.setObjectName("character.from_photo")
        self.clicked.connect(self.start)
        doc.changed.connect(lambda g, f: self.setEnabled(doc.has_photo()))
        self.setEnabled(doc.has_photo())
        self.task = None

    def start(self) -> None:
        from pathlib import Path

        from studio.ui.workers import Task
        name = self.doc.profile.static.photo
        if not self.doc.has_photo():
            return
        self.setEnabled(False)
        self.task = Task(_suggest_from_bytes, self.doc.assets[name], Path(name).suffix or ".png",
                         name="suggest-character", parent=self)
        self.task.done.connect(self._done)
        self.task.failed.connect(lambda exc: self.setEnabled(True))
        self.task.start()

    def _done(self, character: dict) -> None:
        self.setEnabled(True)
        self.doc.set_field("static", "character", C.changed(self.doc.profile.static.character, **character),
                           text=tr("Character from my photo"))


def character_page(doc: Document) -> QWidget:
    """The Character tab: avatar kind, start from my photo, then a group per category."""
    top = FieldForm(doc, "static", "Avatar", ["avatar_kind"])
    top.form.addRow(FromPhotoButton(doc))
    groups = [top]
    for category in C.CATEGORIES:
        box = QGroupBox(tr(category[:1].upper() + category[1:]))
        lay = QVBoxLayout(box)
        for part in (p for p in C.PARTS if p.category == category):
            lay.addWidget(QLabel(tr(part.label[:1].upper() + part.label[1:])))
            if part.kind == "choice":
                lay.addWidget(PartPicker(doc, part))
            elif part.kind == "colour":
                lay.addWidget(ColourPicker(doc, part))
            else:
                lay.addWidget(AmountSlider(doc, part))
        groups.append(box)
    return scroll_page(*groups)
