"""The screenshot tour (docs/screenshots/README.md): each editor tab, the pose editor, keyframes,
the preview while speaking, the chat, then every dialog, saved as PNG files, then quit.

One tour runs inside the studio (`AVATAR_STUDIO_SCREENSHOTS=DIR python -m studio.ui.app`).
`python -m studio.ui.screenshots` runs the whole matrix — light and dark theme, English and
Korean, 1920×1080 and 1366×768 — each in a fresh settings folder on its own X server (Xvfb)
with a window manager (openbox), so the window is maximised as on a desktop, then makes the
PNG files small (pngquant) and writes them to docs/screenshots/<language>-<theme>-<width>/.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.i18n import tr

log = logging.getLogger("studio.ui")
SAY = {"en": "Hello! I am your digital human. I can speak, smile and wink.",
       "ko": "안녕하세요! 저는 당신의 디지털 휴먼입니다."}
# a few chat turns, English and Korean (memory on, so the avatar remembers and recalls)
CHAT = ("Hi! My name is Minji.", "I like hiking.", "안녕하세요! 저는 서울에 살아요.", "내 이름이 뭐야?")
# New from Video's list of people: (person, faces seen, best frame's time, its score)
PEOPLE = ((1, 42, "3.2", "0.91"), (2, 17, "8.6", "0.84"))


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
        self.window.showMaximized()          # as a user on that screen sees it
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
        self.steps.append((self._open_batch, "dialog-batch"))
        self.steps.append((self._open_hotkeys, "dialog-hotkeys"))
        self.steps.append((self._open_people, "dialog-new-from-video"))
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

    def _open(self, dialog) -> None:
        if self.target is not None:
            self.target.close()
        self.target = dialog
        dialog.show()

    def _open_batch(self) -> None:
        from studio.ui.batch_dialog import BatchDialog
        self._open(BatchDialog(self.window))

    def _open_hotkeys(self) -> None:
        from studio.ui.hotkeys_dialog import HotkeysDialog
        self._open(HotkeysDialog(self.window.doc, self.window))

    def _open_people(self) -> None:
        """New from Video's question when a clip shows several people."""
        from studio.ui.video_avatar import people_dialog
        lines = [tr("person {n}: {faces} faces, best at {time} s (score {score})").format(
            n=n, faces=faces, time=t, score=score) for n, faces, t, score in PEOPLE]
        self._open(people_dialog(self.window, lines))

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

    def _shoot(self, name: str, tries: int = 0) -> None:
        """Grab the window (or the open dialog) once the avatar's eyes are open: the idle
        preview blinks, and a picture of a blink reads as a closed-eyed avatar."""
        frame = self.window.session.newest
        lids = 0.0 if frame is None else max(frame.pose.get("eyeBlinkLeft", 0.0),
                                             frame.pose.get("eyeBlinkRight", 0.0))
        if self.target is None and lids > 0.2 and tries < 20:
            QTimer.singleShot(60, lambda: self._shoot(name, tries + 1))
            return
        path = self.folder / f"{self.prefix}{name}.png"
        if self.target is not None:
            self.target.adjustSize()         # a dialog at the size its contents ask for
            QApplication.processEvents()
        (self.target or self.window).grab().save(str(path))
        log.info("screenshot %s", path)
        print(f"screenshot {path}", flush=True)
        self._next()


# ---------------------------------------------------------------- the whole matrix
LANGUAGES = ("en", "ko")
THEMES = ("light", "dark")
SCREENS = ((1920, 1080), (1366, 768))
TOUR_LIMIT_S = 600


def _start_display(number: int, width: int, height: int) -> list:
    """An X server of `width`×`height` on :`number` with openbox managing its windows."""
    import subprocess
    import time
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": f":{number}"}
    for _ in range(100):                             # until the server answers
        if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return [wm, xvfb]


def shoot(folder: Path, language: str, theme: str, width: int, height: int, display: int = 99) -> int:
    """One tour into `folder` on a fresh display and fresh settings; returns its exit code."""
    import json
    import subprocess
    import sys
    import tempfile
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    procs = _start_display(display, width, height)
    try:
        with tempfile.TemporaryDirectory() as config, tempfile.TemporaryDirectory() as data:
            Path(config, "settings.json").write_text(json.dumps(
                {"schema_version": 1, "language": language, "theme": theme}))
            env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb",
                   "AVATAR_STUDIO_CONFIG_DIR": config, "AVATAR_STUDIO_DATA_DIR": data,
                   "AVATAR_STUDIO_SCREENSHOTS": str(folder),
                   "PYTHONFAULTHANDLER": "1"}       # a crash prints where each thread was
            env.pop("AVATAR_STUDIO_SCREENSHOT_PREFIX", None)
            return subprocess.run([sys.executable, "-m", "studio.ui.app"], env=env,
                                  timeout=TOUR_LIMIT_S).returncode
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)


def shrink(folder: Path) -> None:
    """Quantise the PNG files in place (pngquant; a file it cannot improve is kept)."""
    import shutil
    import subprocess
    if shutil.which("pngquant") is None:
        log.warning("pngquant is not installed: the screenshots stay as Qt wrote them")
        return
    files = sorted(str(f) for f in folder.glob("*.png"))
    subprocess.run(["pngquant", "--force", "--ext", ".png", "--skip-if-larger", "--speed", "1",
                    "--quality", "45-85", *files], check=False)


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    parser.add_argument("--only", nargs="*", default=None,
                        help="combinations to take, e.g. ko-dark-1366 (default: all eight)")
    args = parser.parse_args(argv)
    failed = 0
    for language in LANGUAGES:
        for theme in THEMES:
            for width, height in SCREENS:
                name = f"{language}-{theme}-{width}"
                if args.only and name not in args.only:
                    continue
                folder = args.out / name
                code = shoot(folder, language, theme, width, height)
                shrink(folder)
                print(f"{name}: {len(list(folder.glob('*.png')))} screenshots (exit {code})", flush=True)
                failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
