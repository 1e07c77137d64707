"""The studio's main window: preview in the middle, editors in a side dock with tabs, the
timeline at the bottom, a toolbar with the everyday actions.

The window only wires things together: the document holds the profile, the preview session
renders it, editors edit the document. Opening a photo or project checks and builds the
engine off the GUI thread; the window shows at once and fills in when that is done.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QLineEdit,
                               QMainWindow, QMenu, QPushButton, QStyle, QTabWidget, QVBoxLayout,
                               QWidget)

from studio.ui import crash, prefs_store
from studio.ui.document import Document
from studio.ui.i18n import tr
from studio.ui.live_inputs import LiveInputs
from studio.ui.preview import PreviewWidget
from studio.ui.project_files import ProjectFiles
from studio.ui.workers import PreviewSession, run_task

log = logging.getLogger("studio.ui")


def _step_text(step: str) -> str:
    """An undo step's name ('change eye size', 'voice sample') in the UI language."""
    if tr(step) != step:
        return tr(step)
    if step.startswith("change "):
        label = step[len("change "):]
        shown = tr(label[:1].upper() + label[1:])
        if shown != label[:1].upper() + label[1:]:        # the field's name has a translation
            return tr("change {}").format(shown)
    return step


def guide_dir():
    """The folder of the user guide (package data: studio/resources/guide)."""
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "resources" / "guide"


class ScriptPanel(QWidget):
    """The line to speak, the voice language (the profile's own setting, by name: the same
    one as in the Voice group) and the Speak button (under the preview)."""
    speak = Signal(str, str)

    def __init__(self, doc: Document):
        super().__init__()
        from studio.ui.editors.language import VoiceLanguageCombo
        self.doc = doc
        self.text = QLineEdit(objectName="script.text")
        self.text.returnPressed.connect(self._speak)
        self.language = VoiceLanguageCombo(doc)
        self.language.setObjectName("script.language")
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
        self.language.setToolTip(tr("The language the avatar speaks in (the voice language)"))
        self.button.setText(tr("Speak"))

    def _speak(self) -> None:
        self.speak.emit(self.text.text(), self.doc.profile.dynamic.voice_language)


class MainWindow(ProjectFiles, LiveInputs, QMainWindow):
    def __init__(self, preview_size: int = 512):
        super().__init__()
        self.setObjectName("main")
        from studio.audio_device import warm_up
        warm_up()                        # not on this thread when the avatar first speaks
        self.settings = prefs_store.current_settings()
        self.doc = Document(self)
        self.session = PreviewSession(preview_size, self)
        self.preview = PreviewWidget()
        self.script = ScriptPanel(self.doc)
        self.timeline = None
        self.webcam = None
        self.mic = None
        self.server = None               # live outputs (docs/LIVE.md)
        self.vcam = None
        self._labels: list = []          # (setter, English text): re-run on a language change
        self._note: tuple = ("", "", None)   # status note: (English text, tail, tooltip), see set_note
        self._accelerator = ""
        self.setAcceptDrops(True)
        self._fit_to_screen(1480, 940)
        self._build_central()
        self._build_editors()
        self._build_chat()
        self._build_actions()
        self._build_status()
        self._connect()
        self._update_title()
        # The timeline needs pyqtgraph (~0.2 s to import): build it once the window shows.
        QTimer.singleShot(0, self._build_timeline)

    # ---- layout ---------------------------------------------------------------------------
    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at `width`×`height`, or at the screen's available size where that is smaller
        (a 1366×768 laptop must not get a window taller than its screen)."""
        screen = self.screen() if hasattr(self, "screen") else None
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

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
        self.editor_dock = self._add_dock(self.tabs, "editors", "Customize",
                                          Qt.DockWidgetArea.RightDockWidgetArea,
                                          QDockWidget.DockWidgetFeature.DockWidgetFloatable)

    def _add_dock(self, widget, name: str, title: str, area, features) -> QDockWidget:
        """A movable dock named `dock.<name>` holding `widget`, with a translated title."""
        dock = QDockWidget("", self, objectName=f"dock.{name}")
        self._label(dock.setWindowTitle, title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | features)
        self.addDockWidget(area, dock)
        return dock

    def _build_chat(self) -> None:
        from studio.ui.chat import ChatController, ChatPanel
        self.chat_panel = ChatPanel()
        self.chat = ChatController(self.doc, self.session, self.chat_panel, self)
        self.chat_panel.setMinimumWidth(280)
        dock = self._add_dock(self.chat_panel, "chat", "Chat", Qt.DockWidgetArea.LeftDockWidgetArea,
                              QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.resizeDocks([dock], [320], Qt.Orientation.Horizontal)
        self.chat_dock = dock

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
            page.setParent(None)         # out of the window now (no stale texts), freed soon
            page.deleteLater()
        def add(page, name: str, title: str) -> None:
            page.setObjectName(f"page.{name}")       # found by name (tests, the screenshot tour)
            self.tabs.addTab(page, title)
        add(appearance_page(self.doc), "appearance", tr("Appearance"))
        from studio.ui.editors.character import character_page      # the drawn character
        add(character_page(self.doc), "character", tr("Character"))
        page, self.motion_parts = motion_voice_page(self.doc)
        add(page, "motion-voice", tr("Motion && Voice"))
        add(personality_page(self.doc), "personality", tr("Personality"))
        add(privacy_page(self.doc), "privacy", tr("Privacy"))
        self.tabs.setCurrentIndex(max(0, current))
        self.motion_parts["webcam"].calibrate_requested.connect(self.calibrate_webcam)

    def _label(self, setter, text: str) -> None:
        setter(tr(text))
        self._labels.append((setter, text))

    def retranslate(self) -> None:
        """Show every text in the newly installed UI language (menus, toolbar, docks, status
        bar, editors, chat, timeline, the undo/redo texts)."""
        for setter, text in self._labels:
            setter(tr(text))
        self._undo_texts()
        self.script.retranslate()
        self.chat_panel.retranslate()
        if self.timeline is not None:
            self.timeline.retranslate()
        self._show_warp_backend()
        self._show_accelerator()
        self._show_speech_warnings(getattr(self, "_speech_warnings", ()))
        self.set_note(*self._note)
        self.fps_label.setText("")
        self._fill_tabs()
        self._update_title()

    def set_note(self, text: str, tail="", tip=None) -> None:
        """The status bar's note: `text` (English, shown translated) then `tail` as it is
        (a file name, a path) or, when it is a function, what it returns now (a text put
        together in the UI language); kept so that a language switch can show it again.
        `tip`, a function, gives its tooltip the same way (None keeps the tooltip)."""
        self._note = (text, tail, tip)
        self.status_note.setText((tr(text) if text else "") + (tail() if callable(tail) else tail))
        if tip is not None:
            self.status_note.setToolTip(tip())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and hasattr(self, "act_new"):
            self._tint_icons()          # toolbar glyphs readable in the light and the dark theme

    def _build_timeline(self) -> None:
        from studio.ui.timeline import Timeline
        self.timeline = Timeline()
        self.timeline.attach(self.doc)
        self.timeline.scrubbed.connect(self._scrub)
        dock = self._add_dock(self.timeline, "timeline", "Timeline",
                              Qt.DockWidgetArea.BottomDockWidgetArea,
                              QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # small by default (the preview gets the height on a 1366×768 laptop), resizable
        self.resizeDocks([dock], [max(150, min(240, int(self.height() * 0.25)))], Qt.Orientation.Vertical)
        self.timeline_dock = dock
        self.session.position.connect(self.timeline.set_playhead)
        self.session.performance_changed.connect(self._performance_changed)
        self.view_menu.addAction(dock.toggleViewAction())
        if self.session.performance is not None:
            self._performance_changed(self.session.performance)
        from studio.ui import heap
        heap.settle()                  # the window is built: keep its objects out of the GC

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable=False) -> QAction:
        act = QAction(self)
        self._label(act.setText, text)
        act.setObjectName("action." + text.lower().replace("…", "").replace(" ", "_").replace("&", ""))
        # the toolbar shows the icon text: keep the "…" Qt would strip from it
        self._label(act.setIconText, text)
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
        self.act_from_video = self._action("New from Video…", self.new_from_video, None,
                                           "Make a new avatar from the best frame of a person in a video")
        self.act_open = self._action("Open…", self.choose_project, S.Open)
        self.act_save = self._action("Save", self.save, S.Save)
        self.act_save_as = self._action("Save As…", self.save_as, S.SaveAs)
        # Undo/Redo: the menu names the step ("Undo change eye size"); the toolbar keeps a
        # fixed label (its buttons must not move when that text changes length)
        stack = self.doc.undo_stack
        self.act_undo = QAction(self, objectName="action.undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_undo.triggered.connect(stack.undo)
        self.act_redo = QAction(self, objectName="action.redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        stack.undoTextChanged.connect(lambda _: self._undo_texts())
        stack.redoTextChanged.connect(lambda _: self._undo_texts())
        self._undo_texts()
        self.act_speak = self._action("Speak", lambda: self.script._speak(), "Ctrl+Return",
                                      "Say the script line with the avatar's voice")
        self.act_greet = self._action("Greet", lambda: self.chat.greet(), None,
                                      "The avatar says its greeting")
        self.act_play = self._action("Play", self.toggle_play, "Space", "Play or pause the preview", True)
        self.act_play.setChecked(True)
        self.act_webcam = self._action("Webcam", self.toggle_webcam, None,
                                       "Drive the avatar with your face through the webcam", True)
        self.act_mic = self._action("Microphone", self.toggle_mic, None,
                                    "Lip-sync to your microphone", True)
        self.act_serve = self._action("Serve for OBS", self.toggle_serve, None,
                                      "Show the avatar at http://127.0.0.1:8765/ for an OBS "
                                      "browser source (docs/LIVE.md)", True)
        self.act_virtual_camera = self._action("Virtual Camera", self.toggle_virtual_camera, None,
                                               "Show the avatar as a camera in video calls", True)
        self.act_export_video = self._action("Export Video…", lambda: self.export("video"), "Ctrl+E")
        self.act_export_sticker = self._action("Export Sticker…", lambda: self.export("sticker"))
        self.act_export_pack = self._action("Export Sticker Pack…", lambda: self.export("pack"))
        self.act_batch = self._action("Batch Videos…", self.batch_videos, None,
                                      "One video per row of a CSV or JSON Lines jobs file")
        self.act_prefs = self._action("Preferences…", self.preferences, S.Preferences)
        self.act_quit = self._action("Quit", self.close, S.Quit)
        if not self.act_quit.shortcuts():         # platforms without a standard Quit key
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))

        menu = self.menuBar()
        file_menu = menu.addMenu("")
        self._label(file_menu.setTitle, "&File")
        for a in (self.act_new, self.act_snapshot, self.act_from_video, self.act_open):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("")
        self._label(self.recent_menu.setTitle, "Open Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.act_export_video, self.act_export_sticker, self.act_export_pack,
                              self.act_batch])
        file_menu.addSeparator()
        file_menu.addActions([self.act_prefs, self.act_quit])
        edit_menu = menu.addMenu("")
        self._label(edit_menu.setTitle, "&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        live_menu = menu.addMenu("")
        self._label(live_menu.setTitle, "&Preview")
        live_menu.addActions([self.act_speak, self.act_greet, self.act_play, self.act_webcam, self.act_mic])
        live_menu.addSeparator()
        live_menu.addActions([self.act_serve, self.act_virtual_camera])
        live_menu.addAction(self._action("Hotkeys…", self.edit_hotkeys, None,
                                         "Bind keys 1–9 to expressions, your own presets too"))
        live_menu.addSeparator()
        live_menu.addAction(self._action("Lip-sync to Audio File…", lambda: self.lipsync_to_audio(), None,
                                         "The avatar mouths a recording, as it does a spoken line"))
        live_menu.addAction(self._action("Drive from Video File…", lambda: self.drive_from_video(), None,
                                         "A face video moves the avatar, as the webcam does"))
        self.view_menu = menu.addMenu("")
        self._label(self.view_menu.setTitle, "&View")
        self.view_menu.addAction(self.editor_dock.toggleViewAction())
        self.view_menu.addAction(self.chat_dock.toggleViewAction())
        help_menu = menu.addMenu("")
        self._label(help_menu.setTitle, "&Help")
        help_menu.addAction(self._action("User Guide", self.show_guide, "F1"))
        help_menu.addAction(self._action("Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/"))
        help_menu.addAction(self._action("Show Log Folder", self.show_logs))
        help_menu.addAction(self._action("About Avatar Studio", self.about))

        bar = self.addToolBar("")
        self._label(bar.setWindowTitle, "Main")
        bar.setObjectName("toolbar.main")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(bar.iconSize() * 0.9)
        self.toolbar = bar
        self._tint_icons()
        for a in (self.act_new, self.act_open, self.act_save, None, self.act_undo, self.act_redo,
                  None, self.act_speak, self.act_play, self.act_webcam, self.act_mic, None):
            bar.addSeparator() if a is None else bar.addAction(a)
        export_button = QPushButton()
        self._label(export_button.setText, "Export")
        export_button.setObjectName("toolbar.export")
        export_menu = QMenu(export_button)
        export_menu.addActions([self.act_export_video, self.act_export_sticker, self.act_export_pack])
        export_button.setMenu(export_menu)
        bar.addWidget(export_button)

    def _undo_texts(self) -> None:
        try:
            stack = self.doc.undo_stack
            stack.undoText()
        except RuntimeError:          # the stack goes first while Qt tears the window down
            return
        for act, word, step, enabled in ((self.act_undo, "Undo", stack.undoText(), stack.canUndo()),
                                         (self.act_redo, "Redo", stack.redoText(), stack.canRedo())):
            act.setText(tr(word) + (f" {_step_text(step)}" if step else ""))
            act.setIconText(tr(word))
            act.setToolTip(act.text())
            act.setEnabled(enabled)

    def _tint_icons(self) -> None:
        """The toolbar's glyphs as they read on the theme (the style's own pixmaps are drawn
        in black, unreadable on the dark theme)."""
        from studio.ui.theme import is_dark, themed_icon
        P = QStyle.StandardPixmap
        dark = is_dark(self.palette())
        for act, icon in ((self.act_new, P.SP_FileDialogNewFolder), (self.act_open, P.SP_DialogOpenButton),
                          (self.act_save, P.SP_DialogSaveButton), (self.act_undo, P.SP_ArrowBack),
                          (self.act_redo, P.SP_ArrowForward), (self.act_speak, P.SP_MediaVolume),
                          (self.act_play, P.SP_MediaPlay), (self.act_webcam, P.SP_ComputerIcon),
                          (self.act_mic, P.SP_MediaVolumeMuted)):
            act.setIcon(themed_icon(self.style().standardIcon(icon), dark))

    def _build_status(self) -> None:
        self.status_note = QLabel(objectName="status.note")
        self.warnings_label = QLabel(objectName="status.warnings")
        self.warnings_label.setStyleSheet("color: #d08000;")
        self.warnings_label.setWordWrap(False)
        self.warp_label = QLabel(objectName="status.warp")
        self.accel_label = QLabel(objectName="status.accelerator")
        self.fps_label = QLabel(objectName="status.fps")
        self.fps_label.setMinimumWidth(90)
        sb = self.statusBar()
        sb.addWidget(self.status_note)
        sb.addWidget(self.warnings_label, 1)
        sb.addPermanentWidget(self.warp_label)
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
            self._accelerator = name.replace("ExecutionProvider", "")
            self._accel_reason = str(r.get("reason", ""))
            self._show_accelerator()
        run_task(report, on_done=show, on_failed=lambda e: log.warning("provider report: %s", e),
                 parent=self)

    def _show_accelerator(self) -> None:
        from studio.ui.intake_text import reason_text
        self.accel_label.setText(tr("Accelerator: ") + self._accelerator if self._accelerator else "")
        self.accel_label.setToolTip(reason_text(getattr(self, "_accel_reason", "")))

    def _connect(self) -> None:
        self.doc.changed.connect(self._doc_changed)
        self.doc.dirty_changed.connect(lambda _: self._update_title())
        self.doc.path_changed.connect(lambda _: self._update_title())
        self.session.frame_ready.connect(lambda f: self.preview.show_frame(f.rgba))
        self.doc.changed.connect(self._show_badge)
        self.session.fps.connect(lambda v: self.fps_label.setText(f"{v:.0f} {tr('frames/s')}"))
        self.session.note.connect(lambda text: self.set_note(text))
        self.session.speech_warnings.connect(self._show_speech_warnings)
        self.session.engine_ready.connect(self._show_warp_backend)
        self.session.error.connect(crash.show_error)
        self.session.speaking_changed.connect(self._speaking_changed)
        self.script.speak.connect(self.speak)

    def _show_speech_warnings(self, warnings) -> None:
        from studio.ui.intake_text import reason_text
        self._speech_warnings = tuple(warnings)          # shown again after a language switch
        text = " ".join(w if w.endswith(".") else w + "." for w in map(reason_text, warnings))
        self.warnings_label.setText(("⚠ " + text) if text else "")
        self.warnings_label.setToolTip(text)

    def _show_warp_backend(self) -> None:
        """The engine's warp backend (OpenCV or ONNX), where the engine reports one."""
        backend = getattr(self.session.engine, "warp_backend", None)
        if backend is None:
            self.warp_label.setText("")
            return
        name = getattr(backend, "name", backend)
        self.warp_label.setText(tr("Warp: ") + {"opencv": "OpenCV", "onnx": "ONNX"}.get(str(name), str(name)))
        from studio.ui.intake_text import reason_text
        self.warp_label.setToolTip(reason_text(str(getattr(backend, "reason", ""))))

    # ---- model → preview ----------------------------------------------------------------------
    def _doc_changed(self, group: str, field: str) -> None:
        profile = self.doc.profile
        if group == "static" and field in ("photo", "background_image", "avatar_kind"):
            self.session.set_project(self.doc.as_project())      # new assets or kind: new engine
        elif group == "static":
            self.session.set_static(profile.static)
        elif not group:
            self.session.set_static(profile.static)
            self.session.set_profile(profile)
        else:
            self.session.set_profile(profile)

    def _show_badge(self, group: str = "", field: str = "") -> None:
        """The visible AI-generated badge in the preview too, when the privacy settings ask
        for it (the same badge, drawn by the same code, as in exported video and stickers)."""
        if not group or group == "privacy":
            self.preview.set_badge(bool(self.doc.profile.privacy.ai_badge_visible))

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
        # Qt appends the application's display name to a title lacking it: in the UI language
        from PySide6.QtGui import QGuiApplication
        QGuiApplication.setApplicationDisplayName(tr("Avatar Studio"))
        name = self.doc.path.name if self.doc.path else tr("Untitled")
        self.setWindowTitle(f"{name}{' *' if self.doc.dirty else ''} — {tr('Avatar Studio')}")

    def keyPressEvent(self, event) -> None:
        if not self.hotkey(event, True):          # hotkey expressions (live_inputs.py)
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if not self.hotkey(event, False):
            super().keyReleaseEvent(event)

    def closeEvent(self, event) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.stop_webcam()
        self.stop_mic()
        self.stop_outputs()
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

    # ---- dialogs ------------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        from studio.ui.export_dialogs import open_export_dialog
        if self.session.engine is None:
            from studio.errors import UserError
            crash.show_error(UserError("Open a photo or a project first; there is nothing to export yet."))
            return
        open_export_dialog(kind, self)

    def new_from_video(self):
        """File > New from Video… (studio/ui/video_avatar.py)."""
        from studio.ui.video_avatar import new_from_video
        new_from_video(self)

    def batch_videos(self):
        """File > Batch Videos… (docs/BATCH.md): needs no open avatar; each row names its own."""
        from studio.ui.batch_dialog import open_batch_dialog
        return open_batch_dialog(self)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(action, keys) for every action with a shortcut, read from the actions themselves."""
        rows = []
        for act in self.findChildren(QAction):
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
            if keys and act.objectName():
                name = act.iconText() if act in (self.act_undo, self.act_redo) else act.text()
                rows.append((name.replace("&", "").rstrip("…").strip(), keys))
        return sorted(set(rows))

    def show_guide(self):
        """The user guide that ships with the studio (offline, in the UI language)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser
        from studio.ui import i18n
        folder = guide_dir()
        page = folder / f"index_{i18n.current()}.html"
        if not page.exists():
            page = folder / "index.html"
        dialog = QDialog(self, objectName="guide")
        dialog.setWindowTitle(tr("User Guide"))
        dialog.resize(760, 640)
        browser = QTextBrowser(objectName="guide.text")
        browser.setOpenExternalLinks(False)
        browser.setSearchPaths([str(folder)])
        browser.setSource(QUrl.fromLocalFile(str(page)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        lay = QVBoxLayout(dialog)
        lay.addWidget(browser)
        lay.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox
        import html as _html
        rows = "".join(f"<tr><td>{_html.escape(a)}</td><td>&nbsp;&nbsp;<b>{_html.escape(k)}</b></td></tr>"
                       for a, k in self.shortcuts())
        QMessageBox.information(self, tr("Keyboard Shortcuts"), f"<table>{rows}</table>")

    def show_logs(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from studio.logs import log_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox
        from studio import __version__
        QMessageBox.about(self, tr("About Avatar Studio"),
                          f"<b>{tr('Avatar Studio')}</b> {__version__}<br>"
                          + tr("A talking digital human from one photo, made and kept on this computer."))

    def preferences(self) -> None:
        from studio.ui.preferences import PreferencesDialog
        dialog = PreferencesDialog(prefs_store.current_settings(), self)
        if dialog.exec():
            self.settings = dialog.result_settings()
            prefs_store.save(self.settings)
            dialog.apply_live()
