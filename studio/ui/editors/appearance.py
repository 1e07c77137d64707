"""Appearance tab (external static): face shape, skin and colours, accessories, framing,
background — generated from the field metadata, with thumbnail pickers for the choices."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from studio.profile.model import BACKGROUND_MODES, EARRINGS, GLASSES, HATS
from studio.ui.document import Document
from studio.ui.editors.form import FieldForm, scroll_page
from studio.ui.editors.pickers import ThumbnailPicker
from studio.ui.i18n import tr

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.bmp)"


class _PickerGroup(QGroupBox):
    def __init__(self, title: str, pickers: list[tuple[str, QWidget]], form: QWidget | None = None):
        super().__init__(tr(title))
        lay = QVBoxLayout(self)
        for label, picker in pickers:
            if label:
                lay.addWidget(QLabel(tr(label)))
            lay.addWidget(picker)
        if form is not None:
            lay.addWidget(form)


def _flat(form: FieldForm) -> FieldForm:
    form.setTitle("")
    form.setFlat(True)
    return form


class BackgroundImageRow(QWidget):
    """Choose the background picture (copied into the project as an asset)."""

    def __init__(self, doc: Document):
        super().__init__()
        self.doc = doc
        self.label = QLabel()
        button = QPushButton(tr("Choose image…"))
        button.clicked.connect(self._choose)
        clear = QPushButton(tr("Remove"))
        clear.clicked.connect(lambda: doc.set_asset("static", "background_image", "", None))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(button)
        lay.addWidget(clear)
        doc.changed.connect(self._model_changed)   # bound: disconnects when deleted
        self.refresh()

    def _choose(self) -> None:
        from studio.ui import prefs_store
        path, _ = QFileDialog.getOpenFileName(self, tr("Background image"),
                                              prefs_store.last_dir("image"), tr(IMAGE_FILTER))
        if path:
            prefs_store.remember_dir("image", path)
            self.use_file(path)

    def use_file(self, path: str) -> None:
        data = Path(path).read_bytes()
        self.doc.set_asset("static", "background_image", "background" + Path(path).suffix.lower(), data)
        if self.doc.profile.static.background != "image":
            self.doc.set_field("static", "background", "image")

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "background_image":
            self.refresh()

    def refresh(self) -> None:
        name = self.doc.profile.static.background_image
        self.label.setText(name.split("/", 1)[-1] if name else tr("no image"))


def appearance_page(doc: Document) -> QWidget:
    g = "static"
    shape = FieldForm(doc, g, "Face shape", ["face_width", "jaw_width", "chin_length", "eye_size",
                                            "nose_width", "lip_fullness"])
    skin = FieldForm(doc, g, "Skin and colours", [
        "skin_tone", "skin_smoothing", "lip_colour", "lip_colour_strength", "blush", "blush_colour",
        "iris_colour", "hair_colour", "hair_colour_strength", "clothing_tint"])
    accessories = _PickerGroup("Accessories", [
        ("Glasses", ThumbnailPicker(doc, g, "glasses", GLASSES)),
        ("Hat", ThumbnailPicker(doc, g, "hat", HATS)),
        ("Earrings", ThumbnailPicker(doc, g, "earrings", EARRINGS)),
    ], _flat(FieldForm(doc, g, "", ["accessory_colour"])))
    framing = FieldForm(doc, g, "Framing", ["zoom", "offset_x", "offset_y"])
    bg_form = _flat(FieldForm(doc, g, "", ["background_colour", "background_blur"]))
    background = _PickerGroup("Background", [("", ThumbnailPicker(doc, g, "background", BACKGROUND_MODES)),
                                             ("", BackgroundImageRow(doc))], bg_form)
    return scroll_page(shape, skin, accessories, framing, background)
