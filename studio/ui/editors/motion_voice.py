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
from studio.ui.i18n import tr
from studio.ui.workers import run_task

log = logging.getLogger("studio.ui")
AUDIO_FILTER = "Audio (*.wav *.flac *.ogg *.mp3 *.m4a)"


def preset_names() -> tuple[str, ...]:
    try:
        from studio.rig.presets import preset_names as names
        return tuple(names())
    except ImportError:
        return ("neutral",)


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
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: doc.set_field("dynamic", "expression", n))
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[name] = b
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        intensity = FieldForm(doc, "dynamic", "", ["expression_intensity"])
        intensity.setFlat(True)
        lay.addWidget(intensity)
        doc.changed.connect(lambda g, f: self.refresh() if not f or f == "expression" else None)
        self.refresh()

    def refresh(self) -> None:
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
        self.engine = QComboBox(objectName="dynamic.voice_engine")
        self.language = QComboBox(objectName="dynamic.voice_language")
        self.voice = QComboBox(objectName="dynamic.voice_name")
        for combo, field in ((self.engine, "voice_engine"), (self.language, "voice_language"),
                             (self.voice, "voice_name")):
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
        languages = self._languages or [d.voice_language]
        if d.voice_language not in languages:
            languages = [d.voice_language] + languages
        with QSignalBlocker(self.language):
            self.language.clear()
            for code in languages:
                self.language.addItem(code, code)
            self.language.setCurrentIndex(max(0, self.language.findData(d.voice_language)))
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


class VoiceSample(QGroupBox):
    """Import (or record) the ~30 s voice sample; show its level and the quality advice."""
    imported = Signal(str)

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
        record = QPushButton(tr("Record 30 s"))
        record.clicked.connect(self.record)
        load = QPushButton(tr("Import audio…"))
        load.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(record)
        row.addWidget(load)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.meter)
        lay.addWidget(self.advice)
        doc.changed.connect(lambda g, f: self.refresh() if not f or f == "voice_sample" else None)
        self.refresh()

    def refresh(self) -> None:
        name = self.doc.profile.dynamic.voice_sample
        p = self.doc.profile.dynamic.voice_profile
        if name:
            self.status.setText(tr("Sample: ") + name.split("/", 1)[-1] + (
                f" — {p.median_pitch_hz:.0f} Hz, {p.speaking_rate_sps:.1f} syll/s"
                if p.median_pitch_hz else ""))
        else:
            self.status.setText(tr("No voice sample yet: record or import about 30 seconds of speech."))

    def record(self) -> None:
        try:
            import sounddevice  # noqa: F401  (PortAudio missing raises OSError)
        except OSError:
            show_error(_user_error("No microphone is available (no audio input device was found). "
                                   "Import a recording instead."))
            return
        show_error(_user_error("Recording needs a microphone; import a recording instead "
                               "(recording from the studio is not available in this build)."))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Voice sample"), "", tr(AUDIO_FILTER))
        if path:
            self.use_file(path)

    def use_file(self, path: str):
        """Analyse `path` off the GUI thread, then store it and its measured voice profile."""
        self.status.setText(tr("Analysing the voice sample…"))

        def analyse():
            from studio.speech.audio_io import load_audio
            samples, rate = load_audio(path)
            advice, profile = (), None
            try:
                from studio.speech import voice_sample
                report = voice_sample.analyse(samples, rate)
                advice, profile = tuple(getattr(report, "advice", ())), getattr(report, "profile", None)
            except (ImportError, AttributeError) as exc:
                log.info("voice analysis unavailable: %s", exc)
            return samples, rate, advice, profile
        return run_task(analyse, on_done=lambda r: self._analysed(path, r),
                        on_failed=lambda exc: (self.refresh(), show_error(exc)), parent=self)

    def _analysed(self, path: str, result) -> None:
        samples, rate, advice, profile = result
        levels = level_meter_values(samples, rate)
        self.meter.setValue(int(100 * float(np.percentile(levels, 95))))
        self.advice.setText("\n".join(advice) if advice else tr("The sample sounds fine."))
        self.doc.set_asset("dynamic", "voice_sample", "voice" + Path(path).suffix.lower(),
                           Path(path).read_bytes())
        if profile is not None:
            from studio.ui.document import replace_field
            self.doc.set_profile(replace_field(self.doc.profile, "dynamic", "voice_profile", profile),
                                 "measure voice sample")
        self.imported.emit(path)


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
        "idle": FieldForm(doc, "dynamic", "Idle behaviour", ["blink_rate", "head_sway", "breathing",
                                                             "gaze_wander", "head_motion_style", "gestures"]),
        "lipsync": FieldForm(doc, "dynamic", "Lip-sync", ["lipsync_strength", "lipsync_smoothing"]),
        "voice": VoiceChoice(doc),
        "sample": VoiceSample(doc),
        "webcam": WebcamGroup(doc),
    }
    return scroll_page(*parts.values()), parts
