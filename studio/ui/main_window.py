"""The studio's main window: preview in the middle, editors in a side dock with tabs, the
timeline at the bottom, a toolbar with the everyday actions.

The window only wires things together: the document holds the profile, the preview session
renders it, editors edit the document. Opening a photo or project checks and builds the
engine off the GUI thread; the window shows at once and fills in when that is done.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QLabel,
                               QLineEdit, QMainWindow, QMessageBox, QPushButton, QStyle,
                               QTabWidget, QVBoxLayout, QWidget)

from studio.ui import crash, prefs_store
from studio.ui.document import Document
from studio.ui.i18n import tr
from studio.ui.preview import PreviewWidget
from studio.ui.workers import PreviewSession, run_task

log = logging.getLogger("studio.ui")

PROJECT_FILTER = "Avatar projects (*.dhc)"
PHOTO_FILTER = "Face photos (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)"
PHOTO_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}
SCRIPT_LANGUAGES = ("en", "ko", "es", "ja", "cmn", "fr", "de")


def _photo_project(data: bytes, suffix: str):
    """Worker thread: a new project around photo bytes, checked by the face intake and with
    its engine built (UserError for no face, unreadable…)."""
    from studio.profile.model import DigitalHuman, ExternalStatic
    from studio.profile.project import Project
    from studio.ui.workers import build_engine
    project = Project(DigitalHuman(), {})
    name = project.add_asset(data, "photo" + (suffix or ".png"))
    project.profile = dataclasses.replace(project.profile, static=ExternalStatic(photo=name))
    engine = build_engine(project)
    return project, engine


def _opened_project(path: str):
    from studio.profile.project import load_project
    from studio.ui.workers import build_engine
    project = load_project(path)
    return project, build_engine(project)


class ScriptPanel(QWidget):
    """The line to speak, its language and the Speak button (under the preview)."""
    speak = Signal(str, str)

    def __init__(self):
        super().__init__()
        self.text = QLineEdit(objectName="script.text")
        self.text.returnPressed.connect(self._speak)
        self.language = QComboBox(objectName="script.language")
        self.language.addItem("", "")
        for code in SCRIPT_LANGUAGES:
            self.language.addItem(code, code)
        self.button = QPushButton(objectName="script.speak")
        self.button.setDefault(True)
        self.button.clicked.connect(self._speak)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 4, 12, 8)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.language)
        lay.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setPlaceholderText(tr("Type what your avatar should say, then press Speak"))
        self.language.setItemText(0, tr("voice language"))
        self.button.setText(tr("Speak"))

    def _speak(self) -> None:
        self.speak.emit(self.text.text(), self.language.currentData() or "")


class MainWindow(QMainWindow):
    def __init__(self, preview_size: int = 512):
        super().__init__()
        self.setObjectName("main")
        self.settings = prefs_store.current_settings()
        self.doc = Document(self)
        self.session = PreviewSession(preview_size, self)
        self.preview = PreviewWidget()
        self.script = ScriptPanel()
        self.timeline = None
        self.webcam = None
        self.mic = None
        self._busy: set = set()
        self._labels: list = []          # (setter, English text): re-run on a language change
        self.setAcceptDrops(True)
        self.resize(1480, 940)
        self._build_central()
        self._build_editors()
        self._build_actions()
        self._build_status()
        self._connect()
        self._update_title()
        # The timeline needs pyqtgraph (~0.2 s to import): build it once the window shows.
        QTimer.singleShot(0, self._build_timeline)

    # ---- layout ---------------------------------------------------------------------------
    def _build_central(self) -> None:
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.script)
        self.setCentralWidget(central)

    def _build_editors(self) -> None:
        self.tabs = QTabWidget(objectName="editors")
        self.tabs.setDocumentMode(True)
        self.tabs.setMinimumWidth(470)
        self._fill_tabs()
        dock = QDockWidget("", self, objectName="dock.editors")
        self._label(dock.setWindowTitle, "Customize")
        dock.setWidget(self.tabs)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.editor_dock = dock

    def _fill_tabs(self) -> None:
        """(Re)build the editor pages; they are thin views over the document."""
        from studio.ui.editors.appearance import appearance_page
        from studio.ui.editors.motion_voice import motion_voice_page
        from studio.ui.editors.personality import personality_page
        from studio.ui.editors.privacy import privacy_page
        current = self.tabs.currentIndex()
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.tabs.addTab(appearance_page(self.doc), tr("Appearance"))
        page, self.motion_parts = motion_voice_page(self.doc)
        self.tabs.addTab(page, tr("Motion && Voice"))
        self.tabs.addTab(personality_page(self.doc), tr("Personality"))
        self.tabs.addTab(privacy_page(self.doc), tr("Privacy"))
        self.tabs.setCurrentIndex(max(0, current))
        self.motion_parts["webcam"].calibrate_requested.connect(self.calibrate_webcam)

    def _label(self, setter, text: str) -> None:
        setter(tr(text))
        self._labels.append((setter, text))

    def retranslate(self) -> None:
        """Show every text in the newly installed UI language."""
        for setter, text in self._labels:
            setter(tr(text))
        self.act_undo.setText(tr("Undo"))
        self.act_redo.setText(tr("Redo"))
        self.script.retranslate()
        self._fill_tabs()
        self._update_title()

    def _build_timeline(self) -> None:
        from studio.ui.timeline import Timeline
        self.timeline = Timeline()
        self.timeline.scrubbed.connect(self._scrub)
        dock = QDockWidget("", self, objectName="dock.timeline")
        self._label(dock.setWindowTitle, "Timeline")
        dock.setWidget(self.timeline)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.resizeDocks([dock], [300], Qt.Orientation.Vertical)
        self.session.position.connect(self.timeline.set_playhead)
        self.session.performance_changed.connect(self._performance_changed)
        self.view_menu.addAction(dock.toggleViewAction())
        if self.session.performance is not None:
            self._performance_changed(self.session.performance)

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable=False) -> QAction:
        act = QAction(self)
        self._label(act.setText, text)
        act.setObjectName("action." + text.lower().replace("…", "").replace(" ", "_").replace("&", ""))
        if shortcut is not None:
            act.setShortcut(shortcut)
        if tip:
            self._label(act.setToolTip, tip)
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        return act

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.act_new = self._action("New from Photo…", self.choose_photo, S.New, "Make a new avatar from a face photo")
        self.act_snapshot = self._action("New from Webcam Snapshot", self.new_from_webcam)
        self.act_open = self._action("Open…", self.choose_project, S.Open)
        self.act_save = self._action("Save", self.save, S.Save)
        self.act_save_as = self._action("Save As…", self.save_as, S.SaveAs)
        self.act_undo = self.doc.undo_stack.createUndoAction(self, tr("Undo"))
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.doc.undo_stack.createRedoAction(self, tr("Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_speak = self._action("Speak", lambda: self.script._speak(), "Ctrl+Return",
                                      "Say the script line with the avatar's voice")
        self.act_play = self._action("Play", self.toggle_play, "Space", "Play or pause the preview", True)
        self.act_play.setChecked(True)
        self.act_webcam = self._action("Webcam", self.toggle_webcam, None,
                                       "Drive the avatar with your face through the webcam", True)
        self.act_mic = self._action("Microphone", self.toggle_mic, None,
                                    "Lip-sync to your microphone", True)
        self.act_export_video = self._action("Export Video…", lambda: self.export("video"), "Ctrl+E")
        self.act_export_sticker = self._action("Export Sticker…", lambda: self.export("sticker"))
        self.act_export_pack = self._action("Export Sticker Pack…", lambda: self.export("pack"))
        self.act_prefs = self._action("Preferences…", self.preferences, S.Preferences)
        self.act_quit = self._action("Quit", self.close, S.Quit)

        menu = self.menuBar()
        file_menu = menu.addMenu("")
        self._label(file_menu.setTitle, "&File")
        for a in (self.act_new, self.act_snapshot, self.act_open):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("")
        self._label(self.recent_menu.setTitle, "Open Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.act_export_video, self.act_export_sticker, self.act_export_pack])
        file_menu.addSeparator()
        file_menu.addActions([self.act_prefs, self.act_quit])
        edit_menu = menu.addMenu("")
        self._label(edit_menu.setTitle, "&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        live_menu = menu.addMenu("")
        self._label(live_menu.setTitle, "&Preview")
        live_menu.addActions([self.act_speak, self.act_play, self.act_webcam, self.act_mic])
        self.view_menu = menu.addMenu("")
        self._label(self.view_menu.setTitle, "&View")
        self.view_menu.addAction(self.editor_dock.toggleViewAction())

        bar = self.addToolBar(tr("Main"))
        bar.setObjectName("toolbar.main")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(bar.iconSize() * 0.9)
        P = QStyle.StandardPixmap
        for act, icon in ((self.act_new, P.SP_FileDialogNewFolder), (self.act_open, P.SP_DialogOpenButton),
                          (self.act_save, P.SP_DialogSaveButton), (self.act_undo, P.SP_ArrowBack),
                          (self.act_redo, P.SP_ArrowForward), (self.act_speak, P.SP_MediaVolume),
                          (self.act_play, P.SP_MediaPlay), (self.act_webcam, P.SP_ComputerIcon),
                          (self.act_mic, P.SP_MediaVolumeMuted)):
            act.setIcon(self.style().standardIcon(icon))
        for a in (self.act_new, self.act_open, self.act_save, None, self.act_undo, self.act_redo,
                  None, self.act_speak, self.act_play, self.act_webcam, self.act_mic, None):
            bar.addSeparator() if a is None else bar.addAction(a)
        export_button = QPushButton()
        self._label(export_button.setText, "Export")
        export_button.setObjectName("toolbar.export")
        from PySide6.QtWidgets import QMenu
        export_menu = QMenu(export_button)
        export_menu.addActions([self.act_export_video, self.act_export_sticker, self.act_export_pack])
        export_button.setMenu(export_menu)
        bar.addWidget(export_button)

    def _build_status(self) -> None:
        self.status_note = QLabel()
        self.accel_label = QLabel()
        self.fps_label = QLabel(objectName="status.fps")
        self.fps_label.setMinimumWidth(90)
        sb = self.statusBar()
        sb.addWidget(self.status_note, 1)
        sb.addPermanentWidget(self.accel_label)
        sb.addPermanentWidget(self.fps_label)
        QTimer.singleShot(200, self._load_provider_report)

    def _load_provider_report(self) -> None:
        def report():
            from studio.runtime.providers import provider_report
            return provider_report()

        def show(r):
            chosen = r.get("chosen") or ["CPUExecutionProvider"]
            name = chosen[0] if isinstance(chosen, (list, tuple)) else str(chosen)
            self.accel_label.setText(tr("Accelerator: ") + name.replace("ExecutionProvider", ""))
            self.accel_label.setToolTip(str(r.get("reason", "")))
        run_task(report, on_done=show, on_failed=lambda e: log.warning("provider report: %s", e),
                 parent=self)

    def _connect(self) -> None:
        self.doc.changed.connect(self._doc_changed)
        self.doc.dirty_changed.connect(lambda _: self._update_title())
        self.doc.path_changed.connect(lambda _: self._update_title())
        self.session.frame_ready.connect(lambda f: self.preview.show_frame(f.rgba))
        self.session.fps.connect(lambda v: self.fps_label.setText(f"{v:.0f} {tr('frames/s')}"))
        self.session.note.connect(lambda text: self.status_note.setText(tr(text) if text else ""))
        self.session.error.connect(crash.show_error)
        self.session.speaking_changed.connect(self._speaking_changed)
        self.script.speak.connect(self.speak)

    # ---- model → preview ----------------------------------------------------------------------
    def _doc_changed(self, group: str, field: str) -> None:
        profile = self.doc.profile
        if group == "static" and field in ("photo", "background_image"):
            self.session.set_project(self.doc.as_project())      # new assets: new engine
        elif group == "static":
            self.session.set_static(profile.static)
        elif not group:
            self.session.set_static(profile.static)
            self.session.set_profile(profile)
        else:
            self.session.set_profile(profile)

    def _performance_changed(self, performance) -> None:
        if self.timeline is not None:
            self.timeline.set_performance(performance, self.session.speech if self.session.speaking else None)

    def _scrub(self, t: float) -> None:
        if self.act_play.isChecked():
            self.act_play.setChecked(False)
            self.session.pause()
        self.session.seek(t)

    def _speaking_changed(self, speaking: bool) -> None:
        self.act_speak.setEnabled(not speaking)
        self.script.button.setEnabled(not speaking)
        if speaking:
            self.act_play.setChecked(True)

    def _update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else tr("Untitled")
        self.setWindowTitle(f"{name}{' *' if self.doc.dirty else ''} — {tr('Avatar Studio')}")
        self.setWindowModified(self.doc.dirty)

    # ---- opening ---------------------------------------------------------------------------------
    def open_initial(self, path: str | None) -> None:
        """What the window shows first: `path`, else recovered work, else the sample (first
        run) or the most recent project."""
        if path:
            self.open_path(path)
            return
        if self._offer_recovery():
            return
        recent = self.settings.recent_existing()
        if prefs_store.ui_state().get("sample_shown") and recent:
            self.open_path(recent[0])
        else:
            prefs_store.set_ui_state(sample_shown=True)
            self.open_sample()

    def _offer_recovery(self) -> bool:
        try:
            from studio.profile.project import find_autosaves
            found = [a for a in find_autosaves() if a.newer_than_original]
        except Exception:
            log.exception("looking for autosaves")
            return False
        if not found:
            return False
        latest = found[0]
        answer = QMessageBox.question(
            self, tr("Recover unsaved work"),
            tr("Avatar Studio closed before your last changes were saved. Recover them?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            from studio.profile.project import discard_autosave
            discard_autosave(latest)
            return False
        self._open_async(_opened_project, str(latest.path), target=latest.original, recovered=True)
        return True

    def open_sample(self) -> None:
        def sample_bytes():
            try:
                from studio.sample import sample_photo_path
                return Path(sample_photo_path()).read_bytes()
            except ImportError:
                import io
                import skimage.data
                from PIL import Image
                buf = io.BytesIO()
                Image.fromarray(skimage.data.astronaut()).save(buf, "PNG")
                return buf.getvalue()
        self.preview.show_message(tr("Opening the sample avatar…"))
        run_task(sample_bytes, on_done=lambda data: self.new_from_photo_bytes(data, ".png"),
                 on_failed=crash.show_error, parent=self)

    def open_path(self, path: str) -> None:
        if Path(path).suffix.lower() in PHOTO_SUFFIXES:
            self.new_from_photo(path)
        else:
            self._open_async(_opened_project, str(path), target=Path(path))

    def choose_photo(self) -> None:
        if not self._may_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("New from Photo"), "", tr(PHOTO_FILTER))
        if path:
            self.new_from_photo(path)

    def choose_project(self) -> None:
        if not self._may_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Open"), "", tr(PROJECT_FILTER))
        if path:
            self.open_path(path)

    def new_from_photo(self, path: str):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            from studio.errors import UserError
            crash.show_error(UserError(f"cannot read {path}: {exc.strerror or exc}"))
            return None
        return self.new_from_photo_bytes(data, Path(path).suffix.lower())

    def new_from_photo_bytes(self, data: bytes, suffix: str):
        return self._open_async(_photo_project, data, suffix, target=None)

    def _open_async(self, fn, *args, target: Path | None, recovered: bool = False):
        self.preview.show_message(tr("Finding the face and preparing the avatar…"))
        self.status_note.setText(tr("Preparing the avatar…"))

        def done(result):
            project, engine = result
            self.status_note.setText("")
            self.session.set_project(project, engine)
            self.doc.load(project.profile, project.assets, target)
            if recovered:
                self.doc.undo_stack.resetClean()
            if target is not None and not recovered:
                self._remember(target)
            warnings = getattr(getattr(engine, "photo", None), "warnings", ())
            if warnings:
                self.status_note.setText("; ".join(warnings))

        def failed(exc):
            self.status_note.setText("")
            self.preview.show_message(tr("Open a photo to make your digital human")
                                      if self.preview.current_frame() is None else "")
            crash.show_error(exc)
        return run_task(fn, *args, on_done=done, on_failed=failed, name="open", parent=self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in prefs_store.current_settings().recent_existing():
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self._may_discard() and self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(tr("(none)")).setEnabled(False)

    def _remember(self, path: Path) -> None:
        self.settings = prefs_store.current_settings().with_recent(path)
        prefs_store.save(self.settings)

    # ---- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).suffix.lower() in (
                PHOTO_SUFFIXES | {".dhc"}):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = event.mimeData().urls()[0].toLocalFile()
        if self._may_discard():
            self.open_path(path)
        event.acceptProposedAction()

    # ---- saving -----------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        start = str(self.doc.path or Path.home() / f"{self.doc.profile.internal.name or 'avatar'}.dhc")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save As"), start, tr(PROJECT_FILTER))
        if not path:
            return False
        if not path.lower().endswith(".dhc"):
            path += ".dhc"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.doc.save(path)
        except Exception as exc:
            crash.show_error(exc, "saving the project")
            return False
        self._remember(path)
        self.status_note.setText(tr("Saved ") + str(path))
        return True

    def _may_discard(self) -> bool:
        if not self.doc.dirty:
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("Save the changes to this avatar first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.stop_webcam()
        self.stop_mic()
        self.session.shutdown()
        event.accept()

    # ---- preview actions ----------------------------------------------------------------------------
    def speak(self, text: str, language: str = "") -> None:
        if not text.strip():
            text = self.doc.profile.internal.greeting
            self.script.text.setText(text)
        self.session.speak(text, language or None)

    def toggle_play(self, on: bool) -> None:
        self.session.play() if on else self.session.pause()

    def toggle_mic(self, on: bool) -> None:
        """Microphone lip-sync on/off (the mouth follows the voice, the rest keeps moving)."""
        if not on:
            self.stop_mic()
            return
        from studio.ui.microphone import MicLipSync
        d = self.doc.profile.dynamic
        self.mic = MicLipSync(self._mic_pose, d.lipsync_strength, d.lipsync_smoothing)
        try:
            self.mic.start(self.settings.audio_input)
        except Exception as exc:
            self.mic = None
            self.act_mic.setChecked(False)
            crash.show_error(exc)

    def _mic_pose(self, pose) -> None:          # audio thread: hand the pose over, no widgets
        worker = self.session.worker
        if worker is not None:
            worker.set_mic(pose)

    def stop_mic(self) -> None:
        if self.mic is not None:
            self.mic.stop()
            self.mic = None

    def toggle_webcam(self, on: bool) -> None:
        if on:
            self.start_webcam()
        else:
            self.stop_webcam()

    def start_webcam(self, source: int | str | None = None) -> None:
        """Drive the avatar from the camera (or a face video file, `source`)."""
        from studio.ui.webcam import WebcamDriver
        source = self.settings.camera_index if source is None else source
        self.webcam = WebcamDriver(source, self.doc, self.session, self)
        self.webcam.camera_frame.connect(self.preview.show_camera)
        self.webcam.failed.connect(self._webcam_failed)
        self.webcam.start()

    def _webcam_failed(self, exc) -> None:
        self.act_webcam.setChecked(False)
        self.stop_webcam()
        crash.show_error(exc)

    def stop_webcam(self) -> None:
        if self.webcam is not None:
            self.webcam.stop()
            self.webcam = None
        self.preview.show_camera(None, None)

    def calibrate_webcam(self) -> None:
        from studio.errors import UserError
        if self.webcam is None:
            crash.show_error(UserError("Turn the webcam on first, look straight at it with a "
                                       "relaxed face, then calibrate."))
            return
        self.webcam.calibrate()

    def new_from_webcam(self) -> None:
        from studio.ui.webcam import snapshot
        if not self._may_discard():
            return
        run_task(snapshot, self.settings.camera_index,
                 on_done=lambda data: self.new_from_photo_bytes(data, ".png"),
                 on_failed=crash.show_error, parent=self)

    # ---- dialogs ------------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        from studio.ui.export_dialogs import open_export_dialog
        if self.session.engine is None:
            from studio.errors import UserError
            crash.show_error(UserError("Open a photo or a project first; there is nothing to export yet."))
            return
        open_export_dialog(kind, self)

    def preferences(self) -> None:
        from studio.ui.preferences import PreferencesDialog
        dialog = PreferencesDialog(prefs_store.current_settings(), self)
        if dialog.exec():
            self.settings = dialog.result_settings()
            prefs_store.save(self.settings)
            dialog.apply_live()
