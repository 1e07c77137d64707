"""A titled form of field widgets for some fields of one profile group, kept in step with the
document through its `changed` signal."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractSlider, QAbstractSpinBox, QComboBox, QFormLayout,
                               QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget)

from studio.ui.document import Document, get_group
from studio.ui.editors.fields import FieldWidget, make_field
from studio.ui.i18n import tr


def field_specs(cls) -> dict[str, dict]:
    """Field name → metadata (kind, label, range…) for a profile dataclass."""
    return {f.name: dict(f.metadata) for f in dataclasses.fields(cls) if f.metadata}


class FieldForm(QGroupBox):
    """Generated editors for `names` (default: every described field) of `group`."""

    def __init__(self, doc: Document, group: str, title: str, names: list[str] | None = None,
                 parent: QWidget | None = None, widgets: dict[str, type] | None = None):
        super().__init__(tr(title), parent)
        self.doc, self.group = doc, group
        specs = field_specs(type(get_group(doc.profile, group)))
        self.widgets: dict[str, FieldWidget] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(6)
        for name in names or list(specs):
            spec = specs[name]
            widget = make_field(spec, self._editor_for(name), (widgets or {}).get(name))
            if widget is None:
                continue
            widget.setObjectName(f"{group}.{name}")
            text = spec["label"][:1].upper() + spec["label"][1:]
            label = QLabel(tr(text))
            label.setToolTip(tr("In the project file: ") + f"{group}.{name}")
            self.form.addRow(label, widget)
            self.widgets[name] = widget
        doc.changed.connect(self._model_changed)
        self.refresh()

    def _editor_for(self, name: str):
        return lambda value, token: self.doc.set_field(self.group, name, value, token)

    def _model_changed(self, group: str, field: str) -> None:
        if not group or not field:
            self.refresh()
        elif group == self.group:
            self._refresh_one(field)

    def _refresh_one(self, field: str) -> None:
        widget = self.widgets.get(field)
        if widget is not None:
            widget.show_value(self.doc.value(self.group, field))

    def refresh(self) -> None:
        values = get_group(self.doc.profile, self.group)
        for name, widget in self.widgets.items():
            widget.show_value(getattr(values, name))


class WheelGuard(QObject):
    """The mouse wheel scrolls the page, not the slider, spin box or combo box that happens
    to pass under the pointer: an input takes wheel steps only once it has the focus (a
    click or Tab)."""

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            QCoreApplication.sendEvent(self.area.verticalScrollBar(), event)
            return True
        return False


WHEEL_INPUTS = (QAbstractSlider, QAbstractSpinBox, QComboBox)


def guard_wheel(area: QScrollArea) -> None:
    """Make every slider, spin box and combo box inside `area` ignore the wheel until focused."""
    guard = area.findChild(WheelGuard) or WheelGuard(area)
    for cls in WHEEL_INPUTS:
        for w in area.widget().findChildren(cls):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)      # the wheel alone gives no focus
            w.removeEventFilter(guard)
            w.installEventFilter(guard)


def scroll_page(*widgets: QWidget) -> QScrollArea:
    """A scrollable tab page stacking `widgets` vertically."""
    inner = QWidget()
    lay = QVBoxLayout(inner)
    lay.setContentsMargins(8, 8, 8, 8)
    lay.setSpacing(10)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    guard_wheel(area)
    return area
