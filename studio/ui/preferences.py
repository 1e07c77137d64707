"""Preferences: camera, audio devices, accelerator, model directory, UI language, theme, and
the language model the chat may use (an OpenAI-compatible server the user runs: URL, model,
optional API key; empty URL = the embedded responder) — stored through `studio.settings`."""
from __future__ import annotations

import dataclasses
import logging

from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from studio.settings import ACCELERATORS, LANGUAGES, THEMES, Settings
from studio.ui import i18n, theme
from studio.ui.i18n import tr
from studio.ui.workers import run_task

log = logging.getLogger("studio.ui")
ACCELERATOR_NAMES = {"auto": "Automatic (best available)", "cpu": "CPU", "cuda": "NVIDIA CUDA",
                     "directml": "DirectML (Windows GPU)", "coreml": "Core ML (Apple)"}
THEME_NAMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


def audio_devices() -> tuple[list[str], list[str], str]:
    """(input names, output names, note). No PortAudio or no devices: empty lists and why."""
    try:
        from studio.audio_device import sounddevice
        devices = sounddevice().query_devices()
    except Exception as exc:     # OSError without PortAudio; PortAudioError without devices
        return [], [], tr("No audio devices were found on this computer.")
    ins = [d["name"] for d in devices if d.get("max_input_channels", 0) > 0]
    outs = [d["name"] for d in devices if d.get("max_output_channels", 0) > 0]
    return ins, outs, "" if (ins or outs) else tr("No audio devices were found on this computer.")


def _list_cameras() -> list[int]:
    """Worker thread: indices of the cameras that open and deliver a frame."""
    from studio.runtime.capture import list_cameras
    return list_cameras()


def _combo(items: list[tuple[str, object]], current, name: str) -> QComboBox:
    combo = QComboBox(objectName=name)
    for label, data in items:
        combo.addItem(label, data)
    index = combo.findData(current)
    if index < 0:
        combo.addItem(str(current), current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    return combo


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Preferences"))
        self.setMinimumWidth(520)
        self.settings = settings
        ins, outs, note = audio_devices()
        # the saved camera until the cameras that really answer are known (opening each
        # device can take a second or more: off the GUI thread)
        self.camera = _combo([(tr("Camera") + f" {settings.camera_index}", settings.camera_index)],
                             settings.camera_index, "prefs.camera")
        self.camera.setEnabled(False)
        self.camera.setToolTip(tr("Looking for cameras…"))
        self.cameras_found: list[int] | None = None
        self._camera_task = run_task(_list_cameras, on_done=self._cameras_listed,
                                     on_failed=self._cameras_failed, name="list-cameras", parent=self)
        default = tr("System default")
        self.audio_in = _combo([(default, "")] + [(n, n) for n in ins], settings.audio_input, "prefs.audio_in")
        self.audio_out = _combo([(default, "")] + [(n, n) for n in outs], settings.audio_output, "prefs.audio_out")
        self.accelerator = _combo([(tr(ACCELERATOR_NAMES.get(a, a)), a) for a in ACCELERATORS],
                                  settings.accelerator, "prefs.accelerator")
        self.model_dir = QLineEdit(settings.model_dir, objectName="prefs.model_dir")
        self.model_dir.setPlaceholderText(tr("default models folder"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        model_row = QWidget()
        row = QHBoxLayout(model_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.model_dir, 1)
        row.addWidget(browse)
        self.language = _combo([(i18n.LANGUAGES.get(l, l), l) for l in LANGUAGES], settings.language, "prefs.language")
        self.theme = _combo([(tr(THEME_NAMES.get(t, t)), t) for t in THEMES], settings.theme, "prefs.theme")
        self.llm_url = QLineEdit(settings.llm_url, objectName="prefs.llm_url")
        self.llm_url.setPlaceholderText(tr("none: the built-in responder (e.g. http://127.0.0.1:11434)"))
        self.llm_url.setToolTip(tr("An OpenAI-compatible server you run (Ollama, LM Studio, llama.cpp). "
                                   "Only this address is contacted."))
        self.llm_model = QLineEdit(settings.llm_model, objectName="prefs.llm_model")
        self.llm_model.setPlaceholderText(tr("e.g. llama3.2"))
        self.llm_key = QLineEdit(settings.llm_key, objectName="prefs.llm_key")
        self.llm_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.llm_key.setPlaceholderText(tr("optional"))
        form = QFormLayout()
        form.addRow(tr("Camera"), self.camera)
        form.addRow(tr("Microphone"), self.audio_in)
        form.addRow(tr("Speakers"), self.audio_out)
        if note:
            form.addRow("", QLabel(note))
        form.addRow(tr("Accelerator"), self.accelerator)
        form.addRow(tr("Models folder"), model_row)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Theme"), self.theme)
        form.addRow(tr("Chat model server"), self.llm_url)
        form.addRow(tr("Chat model"), self.llm_model)
        form.addRow(tr("API key"), self.llm_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _cameras_listed(self, found: list[int]) -> None:
        current = self.camera.currentData()
        self.cameras_found = list(found)
        self.camera.clear()
        for i in found:
            self.camera.addItem(tr("Camera") + f" {i}", i)
        if current not in found:
            # keep the saved choice selectable (the camera may be unplugged just now)
            label = tr("No camera found") if not found else tr("Camera") + f" {current} ({tr('not found')})"
            self.camera.addItem(label, current)
        self.camera.setCurrentIndex(self.camera.findData(current))
        self.camera.setEnabled(True)
        self.camera.setToolTip("")

    def _cameras_failed(self, exc) -> None:
        log.warning("listing cameras failed: %s", exc)
        self.cameras_found = []
        self.camera.setEnabled(True)
        self.camera.setToolTip("")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Models folder"), self.model_dir.text())
        if folder:
            self.model_dir.setText(folder)

    def result_settings(self) -> Settings:
        return dataclasses.replace(
            self.settings, camera_index=int(self.camera.currentData()),
            audio_input=self.audio_in.currentData(), audio_output=self.audio_out.currentData(),
            accelerator=self.accelerator.currentData(), model_dir=self.model_dir.text().strip(),
            language=self.language.currentData(), theme=self.theme.currentData(),
            llm_url=self.llm_url.text().strip(), llm_model=self.llm_model.text().strip(),
            llm_key=self.llm_key.text().strip())

    def apply_live(self) -> None:
        """Apply what can change without a restart (theme now; the language for new windows)."""
        app = QApplication.instance()
        new = self.result_settings()
        theme.apply(app, new.theme)
        if new.language != self.settings.language:
            i18n.install(app, new.language)
            parent = self.parent()
            if parent is not None and hasattr(parent, "retranslate"):
                parent.retranslate()
