"""One widget per field kind, generated from the profile's field metadata (`profile/fields.py`).

Every field widget is a thin view: `show_value(v)` displays the model's value with its signals
blocked (no feedback loop), and user input goes to the document through `edit(value, token)`.
Edits made during one slider drag share a merge token, so the drag is one undo step.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QColorDialog, QComboBox, QDoubleSpinBox, QHBoxLayout,
                               QLineEdit, QPlainTextEdit, QPushButton, QSlider, QWidget)

from studio.ui.i18n import tr

Edit = Callable[[Any, "int | None"], None]
_tokens = itertools.count(1)
STEPS = 1000


class FieldWidget(QWidget):
    """Base: a row widget bound to one field."""

    def __init__(self, spec: dict, edit: Edit, parent=None):
        super().__init__(parent)
        self.spec, self.edit = spec, edit

    def show_value(self, value: Any) -> None:   # pragma: no cover - overridden
        raise NotImplementedError


class NumberField(FieldWidget):
    """Slider plus spin box over [lo, hi]."""

    def __init__(self, spec, edit, parent=None):
        super().__init__(spec, edit, parent)
        self.lo, self.hi = float(spec["lo"]), float(spec["hi"])
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.spin = QDoubleSpinBox()
        span = self.hi - self.lo
        decimals = 0 if span >= 100 else (1 if span >= 10 else 2)
        self.spin.setDecimals(decimals)
        self.spin.setRange(self.lo, self.hi)
        self.spin.setSingleStep(span / 100)
        self.spin.setKeyboardTracking(False)
        if spec.get("unit"):
            self.spin.setSuffix(f" {tr(spec['unit'])}")
        self.spin.setMinimumWidth(86)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self._token: int | None = None
        self.slider.sliderPressed.connect(self._begin_drag)
        self.slider.sliderReleased.connect(self._end_drag)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(lambda v: self.edit(float(v), None))

    def _begin_drag(self) -> None:
        self._token = next(_tokens)

    def _end_drag(self) -> None:
        self._token = None

    def _from_slider(self, step: int) -> None:
        value = self.lo + (self.hi - self.lo) * step / STEPS
        value = round(value, self.spin.decimals() + 1)
        # keyboard/page steps arrive without a press: each is its own undo step
        self.edit(value, self._token)

    def show_value(self, value) -> None:
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.spin.setValue(float(value))
            self.slider.setValue(round((float(value) - self.lo) / (self.hi - self.lo) * STEPS))


class ColourField(FieldWidget):
    """A swatch button opening the colour dialog; optional colours get a 'photo's own' box."""

    def __init__(self, spec, edit, parent=None):
        super().__init__(spec, edit, parent)
        self.button = QPushButton()
        self.button.setFixedSize(64, 24)
        self.button.clicked.connect(self._pick)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button)
        self.none_box: QCheckBox | None = None
        if spec.get("optional"):
            self.none_box = QCheckBox(tr("as in the photo"))
            self.none_box.toggled.connect(self._none_toggled)
            lay.addWidget(self.none_box)
        lay.addStretch(1)
        self._value = ""

    def _pick(self) -> None:
        start = QColor(self._value or "#808080")
        colour = QColorDialog.getColor(start, self, tr(self.spec["label"]))
        if colour.isValid():
            self.edit(colour.name(), None)

    def _none_toggled(self, on: bool) -> None:
        self.edit("" if on else (self._value or "#a0522d"), None)

    def show_value(self, value) -> None:
        self._value = value
        shown = value or "#00000000"
        self.button.setStyleSheet(
            f"QPushButton {{ background: {shown}; border: 1px solid #888; border-radius: 4px; }}")
        self.button.setText("" if value else "—")
        self.button.setToolTip(value or tr("as in the photo"))
        if self.none_box is not None:
            with QSignalBlocker(self.none_box):
                self.none_box.setChecked(value == "")


class ChoiceField(FieldWidget):
    def __init__(self, spec, edit, parent=None):
        super().__init__(spec, edit, parent)
        self.combo = QComboBox()
        for label, value in self.items(spec):
            self.combo.addItem(label, value)
        self.combo.currentIndexChanged.connect(lambda i: self.edit(self.combo.itemData(i), None))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo, 1)

    def items(self, spec) -> list[tuple[str, str]]:
        """(label shown, value stored) for each entry of the combo box."""
        return [(tr(option), option) for option in spec["options"]]

    def show_value(self, value) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(0, self.combo.findData(value)))


class TextField(FieldWidget):
    """A line edit, or a multi-line box for long texts; typing merges into one undo step."""

    def __init__(self, spec, edit, parent=None):
        super().__init__(spec, edit, parent)
        self.multiline = spec.get("max_len", 0) > 500
        self._token = next(_tokens)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        if self.multiline:
            self.box = QPlainTextEdit()
            self.box.setMinimumHeight(70)
            self.box.setMaximumHeight(140)
            # commit after a short pause: a keystroke-per-edit would re-render on every key
            self._timer = QTimer(self, singleShot=True, interval=400)
            self._timer.timeout.connect(self._commit)
            self.box.textChanged.connect(self._timer.start)
        else:
            self.box = QLineEdit()
            self.box.setMaxLength(spec.get("max_len", 2000))
            self.box.textEdited.connect(lambda t: self.edit(t, self._token))
        lay.addWidget(self.box)

    def _commit(self) -> None:
        text = self.box.toPlainText()[: self.spec.get("max_len", 20000)]
        self.edit(text, self._token)

    def show_value(self, value) -> None:
        with QSignalBlocker(self.box):
            if self.multiline:
                if self.box.toPlainText() != value:
                    self.box.setPlainText(value)
            elif self.box.text() != value:
                self.box.setText(value)
                if not self.box.hasFocus():       # a long text shown from its start, not its end
                    self.box.setCursorPosition(0)


class FlagField(FieldWidget):
    def __init__(self, spec, edit, parent=None):
        super().__init__(spec, edit, parent)
        self.box = QCheckBox()
        self.box.toggled.connect(lambda on: self.edit(bool(on), None))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.box)
        lay.addStretch(1)

    def show_value(self, value) -> None:
        with QSignalBlocker(self.box):
            self.box.setChecked(bool(value))


class LanguageField(ChoiceField):
    """A language code picked from the common ones or typed (stored as text, e.g. 'ko')."""
    CODES = (("en", "English"), ("ko", "한국어"), ("es", "Español"), ("ja", "日本語"),
             ("cmn", "中文"), ("fr", "Français"), ("de", "Deutsch"))

    def items(self, spec) -> list[tuple[str, str]]:
        return [(f"{name} ({code})", code) for code, name in self.CODES]

    def show_value(self, value) -> None:
        with QSignalBlocker(self.combo):
            if self.combo.findData(value) < 0:
                self.combo.addItem(value, value)
            self.combo.setCurrentIndex(self.combo.findData(value))


WIDGETS = {"num": NumberField, "colour": ColourField, "choice": ChoiceField,
           "text": TextField, "flag": FlagField}


def make_field(spec: dict, edit: Edit, cls: type | None = None) -> FieldWidget | None:
    cls = cls or WIDGETS.get(spec.get("kind"))
    return cls(spec, edit) if cls else None
