"""Per-parameter editing: every expression parameter as a slider, grouped (mouth, eyes,
brows, cheeks, gaze, head). The sliders show the live pose (the expression preset × its
intensity, with the user's edits over it); moving one sets that parameter in
`dynamic.pose_edits`. The pose can be saved as the user's own named preset
(`dynamic.user_presets`, kept in the project), which then sits with the built-in presets.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget, QFormLayout, QGroupBox)

from studio.profile.model import replace_in
from studio.ui.document import Document
from studio.ui.editors.fields import NumberField
from studio.ui.i18n import tr

# (group title, parameter names, label for each)
GROUPS = (
    ("Mouth", (("jawOpen", "Jaw open"), ("mouthClose", "Lips closed"),
               ("mouthSmileLeft", "Smile left"), ("mouthSmileRight", "Smile right"),
               ("mouthFrownLeft", "Frown left"), ("mouthFrownRight", "Frown right"),
               ("mouthFunnel", "Funnel (o)"), ("mouthPucker", "Pucker (kiss)"),
               ("mouthStretchLeft", "Stretch left"), ("mouthStretchRight", "Stretch right"),
               ("mouthUpperUp", "Upper lip up"), ("mouthLowerDown", "Lower lip down"),
               ("tongueOut", "Tongue out"))),
    ("Eyes", (("eyeBlinkLeft", "Blink left"), ("eyeBlinkRight", "Blink right"),
              ("eyeWideLeft", "Wide left"), ("eyeWideRight", "Wide right"),
              ("eyeSquintLeft", "Squint left"), ("eyeSquintRight", "Squint right"))),
    ("Brows", (("browInnerUp", "Inner brows up"), ("browOuterUpLeft", "Outer brow up left"),
               ("browOuterUpRight", "Outer brow up right"), ("browDownLeft", "Brow down left"),
               ("browDownRight", "Brow down right"))),
    ("Cheeks", (("cheekPuff", "Cheeks puffed"),)),
    ("Gaze", (("gazeX", "Look left / right"), ("gazeY", "Look up / down"))),
    ("Head", (("headYaw", "Turn"), ("headPitch", "Chin up / down"), ("headRoll", "Tilt"))),
)


# each parameter's name for people (the timeline lists them too)
LABELS = {name: label for _, params in GROUPS for name, label in params}


def live_pose(doc: Document) -> dict[str, float]:
    from studio.motion.performance import expression_pose
    try:
        return expression_pose(doc.profile.dynamic)
    except Exception:            # an unknown preset name (e.g. from a newer build): edits only
        return dict(doc.profile.dynamic.pose_edits)


def delete_own_preset(doc: Document, name: str) -> None:
    """Remove the user's own preset `name`, one undo step. Whatever used it lets go with it,
    so nothing names a preset that is gone: the expression falls back to neutral, the chat
    shows its own face again, and keys bound to it are unbound."""
    d = doc.profile.dynamic
    if name not in d.user_presets:
        return
    presets = {k: v for k, v in d.user_presets.items() if k != name}
    profile = replace_in(doc.profile, "dynamic", user_presets=presets)
    if d.expression == name:
        profile = replace_in(profile, "dynamic", expression="neutral")
    faces = {k: v for k, v in d.chat_faces.items() if v != name}
    if faces != d.chat_faces:
        profile = replace_in(profile, "dynamic", chat_faces=faces)
    assets = dict(doc.assets)
    from studio.errors import UserError
    from studio.runtime.hotkeys import ASSET, hotkeys_bytes, load_hotkeys
    if ASSET in assets:
        try:
            keys = load_hotkeys(doc)
        except UserError:          # damaged keys stay as they are, for the user to see
            keys = None
        if keys is not None and any(b.preset == name for b in keys.bindings):
            assets[ASSET] = hotkeys_bytes(keys.without_preset(name))
    doc.set_state(profile, assets, "delete my preset")


class PoseEditor(QGroupBox):
    """Sliders for every expression parameter, Reset, and Save as my preset."""

    def __init__(self, doc: Document):
        super().__init__(tr("Pose"))
        from studio.params import SPEC
        self.doc = doc
        self.sliders: dict[str, NumberField] = {}
        lay = QVBoxLayout(self)
        note = QLabel(tr("Start from a preset, then set any parameter; the pose is saved in the project."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.groups = QTabWidget(objectName="pose.groups")
        self.groups.setDocumentMode(True)
        for title, params in GROUPS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name, label in params:
                spec = SPEC[name]
                field = NumberField({"lo": spec.lo, "hi": spec.hi, "label": label,
                                     "unit": "°" if name.startswith("head") else ""},
                                    lambda value, token, n=name: self.set_param(n, value, token))
                field.setObjectName(f"pose.{name}")
                field.setToolTip(f"{name}: {tr(spec.doc)}")
                text = QLabel(tr(label))
                text.setToolTip(f"{name}: {tr(spec.doc)}")
                form.addRow(text, field)
                self.sliders[name] = field
            self.groups.addTab(page, tr(title))
        lay.addWidget(self.groups)
        row = QHBoxLayout()
        reset = QPushButton(tr("Reset pose"), objectName="pose.reset")
        reset.setToolTip(tr("Back to the preset as it is, without your edits"))
        reset.clicked.connect(self.reset)
        save = QPushButton(tr("Save as my preset…"), objectName="pose.save")
        save.setToolTip(tr("Keep this pose as your own preset, saved in the project"))
        save.clicked.connect(self._ask_save)
        row.addWidget(reset)
        row.addWidget(save)
        row.addStretch(1)
        lay.addLayout(row)
        doc.changed.connect(self._model_changed)      # bound: disconnects when deleted
        self.refresh()

    # ---- edits ------------------------------------------------------------------------------
    def set_param(self, name: str, value: float, token=None) -> None:
        edits = dict(self.doc.profile.dynamic.pose_edits)
        edits[name] = float(value)
        self.doc.set_field("dynamic", "pose_edits", edits, token, text="change pose")

    def reset(self) -> None:
        self.doc.set_field("dynamic", "pose_edits", {}, text="reset pose")

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(self, tr("Save as my preset"), tr("Preset name:"),
                                        text=tr("My preset"))
        if ok and name.strip():
            self.save_preset(name)

    def save_preset(self, name: str) -> str:
        """Keep the live pose as the user's own preset `name` and choose it (one undo step)."""
        name = name.strip()[:40]
        d = self.doc.profile.dynamic
        # exactly what is shown, kept at full strength (the intensity slider scales it later)
        from studio.params import clamp
        pose = clamp({k: round(float(v), 4) for k, v in live_pose(self.doc).items() if abs(v) > 1e-6})
        presets = dict(d.user_presets)
        presets[name] = pose
        profile = replace_in(self.doc.profile, "dynamic", user_presets=presets)
        profile = replace_in(profile, "dynamic", expression=name)
        profile = replace_in(profile, "dynamic", pose_edits={})
        profile = replace_in(profile, "dynamic", expression_intensity=1.0)
        self.doc.set_profile(profile, "save my preset")
        return name

    def delete_preset(self, name: str) -> None:
        delete_own_preset(self.doc, name)

    # ---- view -------------------------------------------------------------------------------
    def _model_changed(self, group: str, field: str) -> None:
        if not field or field in ("expression", "expression_intensity", "pose_edits", "user_presets"):
            self.refresh()

    def refresh(self) -> None:
        pose = live_pose(self.doc)
        edited = self.doc.profile.dynamic.pose_edits
        for name, field in self.sliders.items():
            field.show_value(pose.get(name, 0.0))
            font = field.spin.font()
            font.setBold(name in edited)          # the parameters the user set stand out
            field.spin.setFont(font)
