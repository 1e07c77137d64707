"""Motion & Voice tab (external dynamic): expression presets with intensity, idle behaviour,
lip-sync, voice (engine, voice, language, rate, pitch, volume), the voice sample with a level
meter and quality advice, and webcam mapping (sensitivity, mirror, calibrate)."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from studio.ui.crash import show_error
from studio.ui.document import Document
from studio.ui.editors.form import FieldForm, scroll_page
from studio.ui.editors.pose import PoseEditor
from studio.ui.i18n import tr
from studio.ui.workers import Task, run_task

log = logging.getLogger("studio.ui")
AUDIO_FILTER = "Audio (*.wav *.flac *.ogg *.mp3 *.m4a)"


def preset_names() -> tuple[str, ...]:
    try:
        from studio.rig.presets import preset_names as names
        return tuple(names())
    except ImportError:
        return ("neutral",)


# what each built-in preset shows (its button's tooltip)
PRESET_TIPS = {
    "neutral": "A relaxed, resting face",
    "happy": "A warm smile with raised cheeks",
    "sad": "Inner brows up, mouth corners down",
    "angry": "Brows pulled down and together, lips pressed",
    "surprised": "Brows up, eyes wide, jaw dropped",
    "wink": "One eye closed with a half smile",
    "laugh": "A wide open smile, eyes narrowed",
    "kiss": "Lips puckered forward",
    "thinking": "Eyes up to one side, one brow raised",
    "love": "A soft smile with relaxed, half-closed eyes",
    "disgusted": "Nose wrinkled, upper lip raised",
    "sleepy": "Heavy eyelids, a slack mouth",
    "fear": "Brows up and together, eyes wide, lips stretched",
    "smirk": "A one-sided smile",
    "shout": "Mouth wide open, brows down",
    "cheeky": "A playful grin with the tongue out",
}


class ExpressionPresets(QGroupBox):
    """A grid of checkable preset buttons plus the intensity slider."""

    def __init__(self, doc: Document):
        super().__init__(tr("Expression"))
        self.doc = doc
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(preset_names()):
            b = QPushButton(tr(name))
            b.setObjectName(f"preset.{name}")
            b.setToolTip(tr(PRESET_TIPS[name]) if name in PRESET_TIPS else tr("Expression preset"))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: doc.set_field("dynamic", "expression", n))
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[name] = b
        self.builtin = dict(self.buttons)
        # the user's own presets (saved in the project) follow the built-in ones
        self.own_grid = QGridLayout()
        self._own_names: tuple = ()
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addLayout(self.own_grid)
        intensity = FieldForm(doc, "dynamic", "", ["expression_intensity"])
        intensity.setFlat(True)
        lay.addWidget(intensity)
        doc.changed.connect(self._model_changed)   # bound: disconnects when deleted
        self.refresh()

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field in ("expression", "user_presets"):
            self.refresh()

    def _fill_own(self) -> None:
        names = tuple(self.doc.profile.dynamic.user_presets)
        if names == self._own_names:
            return
        self._own_names = names
        while self.own_grid.count():
            item = self.own_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = dict(self.builtin)
        for i, name in enumerate(names):
            b = QPushButton(name)
            b.setObjectName(f"preset.own.{name}")
            b.setCheckable(True)
            b.setToolTip(tr("Your own preset (saved in the project)"))
            b.clicked.connect(lambda _=False, n=name: self.doc.set_field("dynamic", "expression", n))
            self.own_grid.addWidget(b, i // 4, i % 4)
            self.buttons[name] = b
        if names:
            delete = QPushButton(tr("Delete my preset"), objectName="preset.own.delete")
            delete.setToolTip(tr("Remove the chosen one of your own presets"))
            delete.clicked.connect(self._delete_current)
            self.own_grid.addWidget(delete, (len(names) + 3) // 4, 0, 1, 2)

    def _delete_current(self) -> None:
        from studio.ui.editors.pose import delete_own_preset
        delete_own_preset(self.doc, self.doc.profile.dynamic.expression)

    def refresh(self) -> None:
        self._fill_own()
        current = self.doc.profile.dynamic.expression
        for name, b in self.buttons.items():
            with QSignalBlocker(b):
                b.setChecked(name == current)


class VoiceChoice(QGroupBox):
    """Engine, voice and language combos (filled off the GUI thread from the TTS engine),
    then the generated rate/pitch/volume sliders."""

    def __init__(self, doc: Document):
        super().__init__(tr("Voice"))
        self.doc = doc
        from studio.ui.editors.language import VoiceLanguageCombo
        self.engine = QComboBox(objectName="dynamic.voice_engine")
        self.language = VoiceLanguageCombo(doc)      # the one voice-language setting, by name
        self.voice = QComboBox(objectName="dynamic.voice_name")
        for combo, field in ((self.engine, "voice_engine"), (self.voice, "voice_name")):
            combo.currentIndexChanged.connect(
                lambda i, c=combo, f=field: i >= 0 and doc.set_field("dynamic", f, c.itemData(i)))
        form = QFormLayout()
        form.addRow(tr("Engine"), self.engine)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Voice"), self.voice)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        sliders = FieldForm(doc, "dynamic", "", ["voice_rate", "voice_pitch", "voice_volume",
                                                "match_voice_to_sample"])
        sliders.setFlat(True)
        lay.addWidget(sliders)
        self._voices: list = []
        self._languages: list[str] = []
        from studio.speech.engine import ENGINES
        with QSignalBlocker(self.engine):
            for name in ENGINES:
                self.engine.addItem(name, name)
        doc.changed.connect(self._model_changed)
        self.refresh()
        self.load_voices()

    def load_voices(self) -> None:
        name = self.doc.profile.dynamic.voice_engine

        def fetch():
            from studio.speech.engine import engine_for
            eng = engine_for(name)
            return eng.languages(), eng.voices()
        run_task(fetch, on_done=self._voices_loaded,
                 on_failed=lambda exc: log.warning("voices unavailable: %s", exc), parent=self)

    def _voices_loaded(self, result) -> None:
        self._languages, self._voices = list(result[0]), list(result[1])
        self.refresh()

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "voice_engine":
            self.load_voices()
        if not field or field in ("voice_engine", "voice_language", "voice_name"):
            self.refresh()

    def refresh(self) -> None:
        d = self.doc.profile.dynamic
        if self._languages:
            self.language.set_codes(self._languages)
        with QSignalBlocker(self.voice):
            self.voice.clear()
            self.voice.addItem(tr("default for the language"), "")
            lang = d.voice_language.split("-")[0]
            for v in self._voices:
                if any(l.split("-")[0] == lang for l in v.languages):
                    self.voice.addItem(v.name, v.identifier)
            if d.voice_name and self.voice.findData(d.voice_name) < 0:
                self.voice.addItem(d.voice_name, d.voice_name)
            self.voice.setCurrentIndex(max(0, self.voice.findData(d.voice_name)))
        with QSignalBlocker(self.engine):
            self.engine.setCurrentIndex(max(0, self.engine.findData(d.voice_engine)))


def level_meter_values(samples: np.ndarray, sample_rate: int, window_s: float = 0.05) -> np.ndarray:
    """Peak level per 50 ms window of N float32 mono samples, 0..1 (the meter's history)."""
    n = max(1, int(sample_rate * window_s))
    k = max(1, len(samples) // n)
    return np.abs(samples[: k * n]).reshape(k, n).max(axis=1) if len(samples) else np.zeros(1)


def _prepare(samples: np.ndarray):
    """Worker thread: check, trim and measure a sample (`studio.speech.voice_sample`)."""
    from studio.speech.voice_sample import prepare_sample, wav_bytes
    trimmed, profile, report = prepare_sample(samples)
    return samples, wav_bytes(trimmed), profile, report


def _import(path: str, *, progress=None, cancel=None):
    from studio.speech.voice_sample import import_sample
    return _prepare(import_sample(path))


def _record(seconds: float, device, *, progress=None, cancel=None):
    from studio.speech.voice_sample import record
    return _prepare(record(seconds, progress=progress, cancel=cancel, device=device or None))


class VoiceSample(QGroupBox):
    """Record or import the ~30 s voice sample; show its level and the quality advice; store
    it with the voice profile measured from it (one undo step)."""
    stored = Signal()

    def __init__(self, doc: Document):
        super().__init__(tr("Voice sample"))
        self.doc = doc
        self.meter = QProgressBar(objectName="voice.level")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(10)
        self.advice = QLabel(objectName="voice.advice")
        self.advice.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.record_button = QPushButton(tr("Record 30 s"))
        self.record_button.clicked.connect(self.record)
        load = QPushButton(tr("Import audio…"))
        load.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.record_button)
        row.addWidget(load)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.meter)
        lay.addWidget(self.advice)
        self.task: Task | None = None
        doc.changed.connect(self._model_changed)   # bound: disconnects when deleted
        self.refresh()

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "voice_sample":
            self.refresh()

    def refresh(self) -> None:
        name = self.doc.profile.dynamic.voice_sample
        p = self.doc.profile.dynamic.voice_profile
        if name:
            self.status.setText(tr("Sample: ") + name.split("/", 1)[-1] + (
                f" — {p.median_pitch_hz:.0f} Hz, {p.speaking_rate_sps:.1f} {tr('syllables/s')}"
                if p.median_pitch_hz else ""))
        else:
            self.status.setText(tr("No voice sample yet: record or import about 30 seconds of speech."))

    def record(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel.set()           # the button stops a recording in progress
            return
        from studio.ui.prefs_store import current_settings
        self.status.setText(tr("Recording… read a paragraph aloud."))
        self.record_button.setText(tr("Stop"))
        self._start(Task(_record, 30.0, current_settings().audio_input, name="record",
                         takes_progress=True, parent=self))

    def _choose(self) -> None:
        from studio.ui import prefs_store
        path, _ = QFileDialog.getOpenFileName(self, tr("Voice sample"), prefs_store.last_dir("audio"),
                                              tr(AUDIO_FILTER))
        if path:
            prefs_store.remember_dir("audio", path)
            self.use_file(path)

    def use_file(self, path: str) -> Task:
        """Check and measure the recording at `path` off the GUI thread, then store it."""
        self.status.setText(tr("Analysing the voice sample…"))
        return self._start(Task(_import, path, name="voice-sample", takes_progress=True, parent=self))

    def _start(self, task: Task) -> Task:
        task.progress.connect(lambda f: self.meter.setValue(int(100 * f)))
        task.done.connect(self._analysed)
        task.failed.connect(self._failed)
        self.task = task.start()
        return task

    def _failed(self, exc) -> None:
        self.record_button.setText(tr("Record 30 s"))
        self.refresh()
        show_error(exc)

    def _analysed(self, result) -> None:
        from studio.speech.voice_sample import RATE, SAMPLE_ASSET
        samples, wav, profile, report = result
        self.record_button.setText(tr("Record 30 s"))
        levels = level_meter_values(samples, RATE)
        self.meter.setValue(int(100 * float(np.percentile(levels, 95))))
        self.advice.setText("\n".join(report.advice) if report.advice else tr("The sample sounds fine."))
        assets = dict(self.doc.assets)
        old = self.doc.profile.dynamic.voice_sample
        if old:
            assets.pop(old, None)
        name = "assets/" + SAMPLE_ASSET
        assets[name] = wav
        from studio.profile.model import replace_in
        profile_ = replace_in(self.doc.profile, "dynamic", voice_sample=name)
        profile_ = replace_in(profile_, "dynamic", voice_profile=profile)
        self.doc.set_state(profile_, assets, "voice sample")
        self.stored.emit()


def _user_error(text: str):
    from studio.errors import UserError
    return UserError(text)


class WebcamGroup(QGroupBox):
    calibrate_requested = Signal()

    def __init__(self, doc: Document):
        super().__init__(tr("Webcam"))
        lay = QVBoxLayout(self)
        form = FieldForm(doc, "dynamic", "", ["webcam_sensitivity", "webcam_mirror"])
        form.setFlat(True)
        lay.addWidget(form)
        button = QPushButton(tr("Calibrate neutral face"))
        button.setToolTip(tr("Look straight at the camera with a relaxed face, then click."))
        button.clicked.connect(self.calibrate_requested)
        lay.addWidget(button)


def motion_voice_page(doc: Document) -> tuple[QWidget, dict]:
    """The tab page and its named parts (the main window connects webcam/voice actions)."""
    parts = {
        "expression": ExpressionPresets(doc),
        "pose": PoseEditor(doc),
        "idle": FieldForm(doc, "dynamic", "Idle behaviour", ["blink_rate", "head_sway", "breathing",
                                                             "gaze_wander", "head_motion_style", "gestures"]),
        "lipsync": FieldForm(doc, "dynamic", "Lip-sync", ["lipsync_strength", "lipsync_smoothing"]),
        "voice": VoiceChoice(doc),
        "sample": VoiceSample(doc),
        "webcam": WebcamGroup(doc),
    }
    return scroll_page(*parts.values()), parts
