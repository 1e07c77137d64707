"""Preview ▸ Hotkeys…: keys 1–9 bound to expressions (built-in presets or the user's own), each
toggle or hold, with an intensity. Saved in the project (`assets/hotkeys.json`,
`studio.runtime.hotkeys`) as one undoable edit; the other keys (T talking, M mute, any written
by hand) are kept as they are, and so is each key's blend time.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QSpinBox, QVBoxLayout)

from studio.errors import UserError
from studio.runtime.hotkeys import (ASSET, Binding, Hotkeys, hotkeys_bytes, load_hotkeys,
                                    own_presets)
from studio.ui.document import Document
from studio.ui.i18n import tr

DIGITS = tuple(str(i) for i in range(1, 10))
MODES = (("toggle", "Toggle"), ("hold", "While held"))


def apply_hotkeys(doc: Document, hotkeys: Hotkeys) -> None:
    """Store `hotkeys` in the open project, one undo step (nothing when they are unchanged)."""
    data = hotkeys_bytes(hotkeys)
    if doc.assets.get(ASSET) == data:
        return
    doc.set_state(doc.profile, {**doc.assets, ASSET: data}, "change hotkeys")


def preset_choices(doc: Document) -> list[tuple[str, str]]:
    """(shown text, preset name) for every preset a key may play: built-in, then the user's."""
    from studio.rig.presets import preset_names
    built_in = [(tr(n), n) for n in preset_names() if n != "neutral"]
    return built_in + [(n, n) for n in own_presets(doc)]


class HotkeysDialog(QDialog):
    def __init__(self, doc: Document, parent=None):
        super().__init__(parent)
        self.setObjectName("dialog.hotkeys")
        self.setWindowTitle(tr("Hotkeys"))
        self.doc = doc
        try:
            self.current, problem = load_hotkeys(doc), ""
        except UserError as exc:         # damaged keys: start from the defaults, say why
            self.current, problem = Hotkeys(Hotkeys.default().bindings, own_presets(doc)), str(exc)
        lay = QVBoxLayout(self)
        intro = QLabel(tr("Keys 1–9 show an expression in the preview while the window has the "
                          "keyboard (not while you type in a text field)."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        if problem:
            lay.addWidget(QLabel(problem, objectName="hotkeys.problem", wordWrap=True))
        grid = QGridLayout()
        for col, head in enumerate(("Key", "Expression", "Mode", "Intensity")):
            grid.addWidget(QLabel(f"<b>{tr(head)}</b>"), 0, col)
        self.rows: dict[str, tuple[QComboBox, QComboBox, QSpinBox]] = {}
        for r, key in enumerate(DIGITS, start=1):
            self.rows[key] = self._row(grid, r, key)
        lay.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setToolTip(tr("Keys 1–9 back to the first nine built-in presets"))
        defaults.clicked.connect(lambda: self.show_keys(Hotkeys.default()))
        lay.addWidget(buttons)
        self.show_keys(self.current)

    def _row(self, grid: QGridLayout, r: int, key: str):
        grid.addWidget(QLabel(key), r, 0)
        preset = QComboBox(objectName=f"hotkeys.{key}.preset")
        preset.addItem(tr("(none)"), "")
        for text, name in preset_choices(self.doc):
            preset.addItem(text, name)
        preset.setToolTip(tr("What the key shows: a built-in preset or one of your own"))
        mode = QComboBox(objectName=f"hotkeys.{key}.mode")
        for name, text in MODES:
            mode.addItem(tr(text), name)
        mode.setToolTip(tr("Toggle: press on, press again off. While held: on only while the key is down"))
        intensity = QSpinBox(objectName=f"hotkeys.{key}.intensity", minimum=0, maximum=100, suffix=" %")
        intensity.setToolTip(tr("How strongly the expression shows"))
        for col, w in enumerate((preset, mode, intensity), start=1):
            grid.addWidget(w, r, col)
        return preset, mode, intensity

    def show_keys(self, hotkeys: Hotkeys) -> None:
        """Fill the rows from `hotkeys` (a key without a preset binding shows "(none)")."""
        for key, (preset, mode, intensity) in self.rows.items():
            b = hotkeys.find(key)
            on = b is not None and b.action == "preset"
            preset.setCurrentIndex(max(0, preset.findData(b.preset)) if on else 0)
            mode.setCurrentIndex(max(0, mode.findData(b.mode)) if on else 0)
            intensity.setValue(round(100 * b.intensity) if on else 100)

    def hotkeys(self) -> Hotkeys:
        """The keys as set here; keys other than 1–9, and 1–9 bound to talking or mute, kept."""
        kept = [b for b in self.current.bindings
                if b.key not in DIGITS or (b.action != "preset" and not self.rows[b.key][0].currentData())]
        blends = {b.key: b.blend for b in self.current.bindings}
        chosen = [Binding(key, "preset", preset.currentData(), mode.currentData(),
                          intensity.value() / 100, blends.get(key, 0.25))
                  for key, (preset, mode, intensity) in self.rows.items() if preset.currentData()]
        bindings = sorted(chosen + kept, key=lambda b: (b.key not in DIGITS, b.key))
        return Hotkeys(tuple(bindings), own_presets(self.doc))

    def accept(self) -> None:
        apply_hotkeys(self.doc, self.hotkeys())
        super().accept()
