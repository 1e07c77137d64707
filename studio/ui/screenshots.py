"""The screenshot tour for the README (run under Xvfb, see docs/screenshots/README.md):
each editor tab, then the preview while speaking, saved as PNG files, then quit.

    AVATAR_STUDIO_SCREENSHOTS=docs/screenshots xvfb-run -s "-screen 0 1600x1000x24" \
        python -m studio.ui.app
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("studio.ui")
SAY = {"en": "Hello! I am your digital human. I can speak, smile and wink.",
       "ko": "안녕하세요! 저는 당신의 디지털 휴먼입니다."}
# a few chat turns, English and Korean (memory on, so the avatar remembers and recalls)
CHAT = ("Hi! My name is Minji.", "I like hiking.", "안녕하세요! 저는 서울에 살아요.", "내 이름이 뭐야?")


class ScreenshotTour(QObject):
    def __init__(self, window, folder: str):
        super().__init__(window)
        self.window = window
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = os.environ.get("AVATAR_STUDIO_SCREENSHOT_PREFIX", "")
        self.steps = []
        self.waited = 0
        self.target = None          # a dialog to grab instead of the main window

    def start(self) -> None:
        QTimer.singleShot(500, self._wait_for_frame)

    def _wait_for_frame(self) -> None:
        self.waited += 1
        if self.window.preview.frames_shown < 3 and self.waited < 240:
            QTimer.singleShot(250, self._wait_for_frame)
            return
        tabs = self.window.tabs
        names = [tabs.widget(i).objectName().removeprefix("page.") or str(i) for i in range(tabs.count())]
        self.steps = [(lambda i=i: tabs.setCurrentIndex(i), f"editor-{n}") for i, n in enumerate(names)]
        self.steps.append((self._show_pose, "editor-pose"))
        self.steps.append((self._add_keyframes, "timeline-keyframes"))
        self.steps.append((self._speak, None))
        self.steps.append((lambda: None, "preview-speaking"))
        self.steps.append((self._chat, False))
        self.steps.append((lambda: None, "chat"))
        self.steps.append((self._open_export, "dialog-export-sticker"))
        self.steps.append((lambda: self._open_export("video"), "dialog-export-video"))
        self.steps.append((lambda: self._open_export("pack"), "dialog-export-pack"))
        self.steps.append((self._open_prefs, "dialog-preferences"))
        self._next()

    def _open_export(self, kind: str = "sticker") -> None:
        from studio.ui.export_dialogs import open_export_dialog
        if self.target is not None:
            self.target.close()
        self.target = open_export_dialog(kind, self.window)

    def _show_pose(self) -> None:
        """Motion & Voice scrolled to the Pose group, a smile edited over the preset."""
        from studio.ui.editors.pose import PoseEditor
        tabs = self.window.tabs
        tabs.setCurrentIndex(max(0, tabs.indexOf(tabs.findChild(QWidget, "page.motion-voice"))))
        pose = self.window.findChild(PoseEditor)
        pose.set_param("mouthSmileLeft", 0.6)
        area = self.window.tabs.currentWidget()
        area.ensureWidgetVisible(pose, 0, 0)

    def _add_keyframes(self) -> None:
        """A head turn keyframed on the timeline."""
        tl = self.window.timeline
        if tl is None:
            return
        tl.param.setCurrentIndex(tl.param.findData("headYaw"))
        for t, v in ((0.5, 0.0), (1.5, 15.0), (2.5, -10.0), (3.5, 0.0)):
            tl.add_key_at(t, v)

    def _open_prefs(self) -> None:
        from studio.ui.preferences import PreferencesDialog
        if self.target is not None:
            self.target.close()
        self.target = PreferencesDialog(self.window.settings, self.window)
        self.target.show()

    def _speak(self) -> None:
        lang = self.window.settings.language
        self.window.script.text.setText(SAY.get(lang, SAY["en"]))
        combo = self.window.script.language
        combo.setCurrentIndex(max(0, combo.findData(lang if lang in SAY else "en")))
        self.window.script._speak()

    def _chat(self) -> None:
        """Memory on, then the chat turns one after another (each waits for its reply)."""
        tabs = self.window.tabs                        # Personality: the memories appear there
        tabs.setCurrentIndex(max(0, tabs.indexOf(tabs.findChild(QWidget, "page.personality"))))
        self.window.doc.set_field("internal", "memory_enabled", True)
        self._chat_turn(list(CHAT))

    def _chat_turn(self, messages: list[str]) -> None:
        """Send the next message once the previous reply is being spoken; after the last,
        take the picture while it is spoken."""
        if not messages:
            QTimer.singleShot(400, self._next)
            return
        session, chat = self.window.session, self.window.chat
        before, turns = session.performance, len(chat.turns)
        self.window.chat_panel.input.setText(messages.pop(0))
        self.window.chat_panel.input.returnPressed.emit()

        def spoken(n: int = 0) -> None:
            if (len(chat.turns) == turns or not session.speaking or session.performance is before) and n < 300:
                QTimer.singleShot(100, lambda: spoken(n + 1))
                return
            QTimer.singleShot(1200 if messages else 0, lambda: self._chat_turn(messages))
        spoken()

    def _next(self) -> None:
        if not self.steps:
            # the tour's edits are not the user's work: quit without the Save question
            self.window.doc.undo_stack.setClean()
            QTimer.singleShot(200, QApplication.quit)
            return
        action, name = self.steps.pop(0)
        action()
        delay = 900
        if name is False:       # the action calls _next itself when it is done
            return
        if name is None:        # after Speak: wait until the speech plays
            self._wait_speaking(0)
            return
        QTimer.singleShot(delay, lambda: self._shoot(name))

    def _wait_speaking(self, n: int) -> None:
        if not self.window.session.speaking and n < 120:
            QTimer.singleShot(100, lambda: self._wait_speaking(n + 1))
            return
        QTimer.singleShot(700, self._next)

    def _shoot(self, name: str) -> None:
        path = self.folder / f"{self.prefix}{name}.png"
        (self.target or self.window).grab().save(str(path))
        log.info("screenshot %s", path)
        print(f"screenshot {path}", flush=True)
        self._next()
