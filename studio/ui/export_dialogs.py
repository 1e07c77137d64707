"""Export dialogs: talking video, one sticker, a sticker pack (over the Qt-free `studio.export`).

Each dialog is modeless: the export runs on a worker thread with its own engine (the preview
engine stays with the render worker), reports progress through a signal and can be cancelled;
a cancelled or failed export leaves nothing at the target (the exporters write atomically).
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from studio.errors import Cancelled
from studio.ui import crash, prefs_store
from studio.ui.i18n import tr
from studio.ui.workers import Task, build_engine

log = logging.getLogger("studio.ui")
PREVIEW_SIDE = 180


class _PathRow(QWidget):
    def __init__(self, suggestion: Path | str, filter_text: str, save_dialog: bool = True,
                 placeholder: str = ""):
        super().__init__()
        self.edit = QLineEdit(str(suggestion))
        self.edit.setPlaceholderText(placeholder)
        self.filter = filter_text
        self.save_dialog = save_dialog
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(browse)

    def _browse(self) -> None:
        if not self.save_dialog:        # an input file (audio, music, background picture)
            path, _ = QFileDialog.getOpenFileName(self, tr("Choose a file"),
                                                  self.edit.text() or prefs_store.last_dir("media"),
                                                  self.filter)
            if path:
                self.edit.setText(path)
                prefs_store.remember_dir("media", path)
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export to"), self.edit.text(), self.filter)
        if path:
            self.edit.setText(path)
            prefs_store.remember_dir("export", path)

    def text(self) -> str:
        return self.edit.text().strip()

    def path(self) -> Path:
        return Path(self.edit.text()).expanduser()

    def set_suffix(self, suffix: str) -> None:
        self.edit.setText(str(self.path().with_suffix(suffix)))


class ExportDialog(QDialog):
    """Shared frame: a form, a progress bar, Export / Cancel / Close. Each dialog remembers
    its folder and options (`remembered`: option name → widget) for the next time."""
    title = "Export"
    key = "export"

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(tr(self.title))
        self.setModal(False)
        self.setMinimumWidth(560 + PREVIEW_SIDE)      # the form keeps its width beside the preview
        self.form = QFormLayout()
        self.progress = QProgressBar(objectName="export.progress")
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        # a live preview of what is exported: the preview's frames as this export frames them
        self.preview = QLabel(objectName="export.preview")
        self.preview.setFixedSize(PREVIEW_SIDE, PREVIEW_SIDE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setToolTip(tr("What the export looks like, live"))
        self._last_preview = 0.0
        session = getattr(window, "session", None)
        if session is not None:
            session.frame_ready.connect(self._frame)
        top = QHBoxLayout()
        top.addLayout(self.form, 1)
        top.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.task: Task | None = None
        self.result_path: Path | None = None

    def _frame(self, frame) -> None:
        import time as _time
        now = _time.monotonic()
        if now - self._last_preview < 0.1 or not self.isVisible():     # 10 a second is plenty
            return
        self._last_preview = now
        self.show_preview(frame.rgba)

    def show_preview(self, rgba) -> None:
        """Show `rgba` (H×W×4 uint8, the preview's frame) as this export would frame it."""
        from PySide6.QtGui import QImage, QPixmap
        import numpy as np
        canvas = np.ascontiguousarray(self.compose(np.asarray(rgba)))
        h, w = canvas.shape[:2]
        img = QImage(canvas.data, w, h, canvas.strides[0], QImage.Format.Format_RGBA8888).copy()
        self.preview.setPixmap(QPixmap.fromImage(img).scaled(
            PREVIEW_SIDE, PREVIEW_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def compose(self, rgba):
        """The frame as the export shows it (overridden per kind); the AI badge when the
        privacy settings ask for it."""
        return self.badge(rgba)

    def badge(self, canvas):
        if self.window_.doc.profile.privacy.ai_badge_visible:
            try:
                from studio.export.text import draw_badge
                canvas = canvas.copy()
                draw_badge(canvas)
            except Exception:           # no font for the badge: the export would say so
                pass
        return canvas

    def default_dir(self) -> Path:
        """The folder last exported to, else the project's folder, else home."""
        last = prefs_store.last_dir("export")
        if last:
            return Path(last)
        doc = self.window_.doc
        return doc.path.parent if doc.path else Path.home()

    def remembered(self) -> dict:
        return {}

    def restore_options(self) -> None:
        """Set the options as the dialog was last used (unknown or stale values are skipped)."""
        saved = prefs_store.dialog_options(self.key)
        for name, widget in self.remembered().items():
            if name not in saved:
                continue
            value = saved[name]
            if isinstance(widget, QComboBox):
                i = widget.findData(value)
                if i >= 0:
                    widget.setCurrentIndex(i)
            elif isinstance(widget, QSpinBox) and isinstance(value, int):
                widget.setValue(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))

    def remember_options(self) -> None:
        values = {}
        for name, widget in self.remembered().items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
        prefs_store.remember_options(self.key, values)

    def base_name(self) -> str:
        return (self.window_.doc.profile.internal.name or "avatar").replace("/", "-").replace(" ", "-")

    def job(self):
        """Return (fn, args) to run on the worker: fn(*args, progress=…, cancel=…) -> Path."""
        raise NotImplementedError

    def start_export(self) -> Task | None:
        try:
            fn, args = self.job()
        except Exception as exc:
            crash.show_error(exc)
            return None
        self.remember_options()
        prefs_store.remember_dir("export", self.path.path())
        self.export_button.setEnabled(False)
        self.cancel_button.setText(tr("Cancel"))
        self.progress.setValue(0)
        self.status.setText(tr("Exporting…"))
        self.task = Task(fn, *args, name="export", takes_progress=True, parent=self)
        self.task.progress.connect(lambda f: self.progress.setValue(int(1000 * max(0.0, min(1.0, f)))))
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        return self.task.start()

    def _done(self, path) -> None:
        self.result_path = Path(path)
        self.progress.setValue(1000)
        self.status.setText(tr("Saved ") + str(path))
        self._finish()

    def _failed(self, exc) -> None:
        self.progress.setValue(0)
        if isinstance(exc, Cancelled):
            self.status.setText(tr("Cancelled; nothing was written."))
        else:
            self.status.setText("")
            crash.show_error(exc, "exporting")
        self._finish()

    def _finish(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setText(tr("Close"))

    def _cancel_or_close(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel.set()
            self.status.setText(tr("Cancelling…"))
        else:
            self.close()


def _platform_combo(none_label: str | None) -> QComboBox:
    from studio.export.platforms import PLATFORMS
    combo = QComboBox(objectName="export.platform")
    if none_label:
        combo.addItem(tr(none_label), None)
    for key, plat in PLATFORMS.items():
        combo.addItem(plat.label, key)
    return combo


# ---- video -----------------------------------------------------------------------------------
def _video_job(project, text: str, language: str, seconds: float, path: Path, size: int, fps: int,
               options, audio: str = "", background: str = "", music: str = "", *,
               progress=None, cancel=None) -> Path:
    """Worker thread: the spoken `text` (or lip-sync to the recording `audio`), with the
    background override and music of the command line's `say`, exported."""
    import dataclasses
    from studio.commands.say import apply_background
    from studio.errors import UserError
    from studio.export.video import export_video
    from studio.motion.perform import from_audio, from_text
    from studio.motion.performance import build_performance
    if audio:
        if options.subtitles:
            raise UserError("subtitles come from the spoken text; they are not available with an audio file")
        performance = from_audio(project.profile, audio, language).performance
    elif text.strip():
        performance = from_text(project.profile, text, language, cancel=cancel).performance
    else:
        performance = build_performance(project.profile, duration=seconds)
    engine = build_engine(project)
    transparent, image = apply_background(engine, background or None, options.format)
    transparent = transparent or options.transparent
    if transparent and options.format == "mp4":
        raise UserError("MP4 cannot be transparent; choose WebM or MOV, or another background")
    from studio.export.audio import load_music
    options = dataclasses.replace(options, transparent=transparent, background_image=image,
                                  music=load_music(music) if music else None)
    return export_video(performance, engine, path, size=size, fps=fps, options=options,
                        progress=progress, cancel=cancel)


class VideoDialog(ExportDialog):
    title = "Export Video"
    key = "video"

    def compose(self, rgba):
        """Square, or the avatar in the middle of a 16:9 picture (720p/1080p), on the
        checkerboard when transparent."""
        import numpy as np
        framing = self.framing.currentData() if hasattr(self, "framing") else "square"
        h = rgba.shape[0]
        if framing in ("720p", "1080p"):
            w = h * 16 // 9
            canvas = np.zeros((h, w, 4), np.uint8)
            colour = self.window_.doc.profile.static.background_colour.lstrip("#") or "000000"
            canvas[..., :3] = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
            canvas[..., 3] = 255
            x = (w - rgba.shape[1]) // 2
            a = rgba[..., 3:4].astype(np.float32) / 255.0
            canvas[:, x:x + rgba.shape[1], :3] = (rgba[..., :3] * a + canvas[:, x:x + rgba.shape[1], :3] * (1 - a)).astype(np.uint8)
        else:
            canvas = rgba.copy()
        if not (hasattr(self, "transparent") and self.transparent.isChecked()):
            canvas[..., 3] = 255
        return self.badge(canvas)

    def __init__(self, window):
        super().__init__(window)
        from studio.export.framing import FRAMINGS
        from studio.export.video import FPS_CHOICES, VIDEO_FORMATS
        self.text = QLineEdit(window.script.text.text() or window.doc.profile.internal.greeting)
        self.seconds = QSpinBox(minimum=1, maximum=600, value=5, suffix=" s")
        self.format = QComboBox()
        for f in VIDEO_FORMATS:
            self.format.addItem(f.upper(), f)
        self.fps = QComboBox()
        for f in FPS_CHOICES:
            self.fps.addItem(f"{f}", f)
        self.fps.setCurrentIndex(max(0, self.fps.findData(30)))
        self.size = QSpinBox(minimum=128, maximum=2048, value=512, singleStep=64, suffix=" px")
        self.framing = QComboBox()
        for f in FRAMINGS:                   # 'square' is a shape here, '720p' a size
            self.framing.addItem(tr("Square") if f == "square" else f, f)
        self.subtitles = QComboBox(objectName="export.subtitles")
        for label, mode in (("No subtitles", ""), ("Subtitle file (.srt)", "srt"),
                            ("Subtitle file (.vtt)", "vtt"), ("Subtitles burned into the picture", "burn")):
            self.subtitles.addItem(tr(label), mode)
        self.transparent = QCheckBox(tr("Transparent background (WebM/MOV)"))
        self.audio = _PathRow("", tr("Audio (*.wav *.flac *.ogg *.mp3 *.m4a)"), save_dialog=False,
                              placeholder=tr("optional: lip-sync to this recording instead of the text"))
        self.audio.setObjectName("export.audio")
        self.background = _PathRow("", tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"), save_dialog=False,
                                   placeholder=tr("as in the project; or #rrggbb, transparent, blur, original, a picture"))
        self.background.setObjectName("export.background")
        self.music = _PathRow("", tr("Audio (*.wav *.flac *.ogg *.mp3 *.m4a)"), save_dialog=False,
                              placeholder=tr("optional: music under the voice"))
        self.music.setObjectName("export.music")
        self.path = _PathRow(self.default_dir() / f"{self.base_name()}.mp4", tr("Videos (*.mp4 *.webm *.mov)"))
        self.format.currentIndexChanged.connect(lambda _: self.path.set_suffix("." + self.format.currentData()))
        from studio.ui.editors.language import VoiceLanguageCombo
        # the profile's voice language: the same setting as under the preview and in the Voice group
        self.language = VoiceLanguageCombo(window.doc)
        self.language.setObjectName("export.language")
        self.form.addRow(tr("Say"), self.text)
        self.form.addRow(tr("Language"), self.language)
        self.form.addRow(tr("Length without speech"), self.seconds)
        self.form.addRow(tr("Format"), self.format)
        self.form.addRow(tr("Frames/s"), self.fps)
        self.form.addRow(tr("Size"), self.size)
        self.form.addRow(tr("Framing"), self.framing)
        self.form.addRow(tr("Or lip-sync to"), self.audio)
        self.form.addRow(tr("Subtitles"), self.subtitles)
        self.form.addRow(tr("Background"), self.background)
        self.form.addRow(tr("Music"), self.music)
        self.form.addRow("", self.transparent)
        self.form.addRow(tr("Save to"), self.path)
        self.restore_options()

    def remembered(self) -> dict:
        return {"seconds": self.seconds, "format": self.format, "fps": self.fps, "size": self.size,
                "framing": self.framing, "subtitles": self.subtitles, "transparent": self.transparent}

    def job(self):
        from studio.export.video import VideoOptions
        doc = self.window_.doc
        options = VideoOptions(format=self.format.currentData(), framing=self.framing.currentData(),
                               transparent=self.transparent.isChecked(),
                               subtitles=(self.subtitles.currentData(),) if self.subtitles.currentData() else (),
                               language=doc.profile.dynamic.voice_language,
                               profile=doc.profile, title=doc.profile.internal.name)
        return _video_job, (doc.as_project(), self.text.text(),
                            doc.profile.dynamic.voice_language,
                            float(self.seconds.value()), self.path.path(), self.size.value(),
                            int(self.fps.currentData()), options, self.audio.text(),
                            self.background.text(), self.music.text())


# ---- sticker ---------------------------------------------------------------------------------
def _sticker_job(project, motion: str, path: Path, platform, fmt, caption, size: int, *,
                 progress=None, cancel=None) -> Path:
    from studio.export.stickers import export_sticker
    engine = build_engine(project)
    return export_sticker(engine, project.profile, motion, path, platform=platform, fmt=fmt,
                          caption=caption or None, size=size, progress=progress, cancel=cancel)


class StickerDialog(ExportDialog):
    title = "Export Sticker"
    key = "sticker"

    def compose(self, rgba):
        """The frame with the caption along the bottom, as on the sticker."""
        import numpy as np
        from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen
        canvas = np.array(self.badge(rgba), dtype=np.uint8, copy=True, order="C")
        text = self.caption.text().strip() if hasattr(self, "caption") else ""
        if text:
            h, w = canvas.shape[:2]
            img = QImage(canvas.tobytes(), w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont()
            font.setPixelSize(max(10, int(h * 0.12)))
            font.setBold(True)
            path = QPainterPath()
            width = QFontMetrics(font).horizontalAdvance(text)
            path.addText((w - width) / 2, h - max(2, h // 40) - h * 0.03, font, text)
            p.setPen(QPen(QColor(0, 0, 0), max(2.0, h / 90)))
            p.setBrush(QColor(255, 255, 255))
            p.drawPath(path)
            p.end()
            bits = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes())
            canvas = bits.reshape(h, img.bytesPerLine())[:, :w * 4].reshape(h, w, 4).copy()
        return canvas

    def __init__(self, window):
        super().__init__(window)
        from studio.export.encoders import STICKER_FORMATS
        from studio.export.motions import STICKER_NAMES
        self.motion = QComboBox(objectName="export.motion")
        for name in STICKER_NAMES:
            self.motion.addItem(tr(name), name)
        for name in window.doc.profile.dynamic.user_presets:      # the user's own presets
            self.motion.addItem(name, name)
        current = window.doc.profile.dynamic.expression
        self.motion.setCurrentIndex(max(0, self.motion.findData(current if current != "neutral" else "wink")))
        self.platform = _platform_combo("Any (no platform limits)")
        self.format = QComboBox(objectName="export.format")
        for f in STICKER_FORMATS:
            self.format.addItem(f.upper(), f)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(tr("optional text on the sticker"))
        self.size = QSpinBox(minimum=64, maximum=1024, value=512, singleStep=64, suffix=" px")
        self.path = _PathRow(self.default_dir() / f"{self.base_name()}-sticker.webp",
                             tr("Stickers (*.webp *.gif *.png *.webm)"))
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.form.addRow(tr("Motion"), self.motion)
        self.form.addRow(tr("Platform"), self.platform)
        self.form.addRow(tr("Format"), self.format)
        self.form.addRow(tr("Caption"), self.caption)
        self.form.addRow(tr("Size"), self.size)
        self.form.addRow(tr("Save to"), self.path)
        self.restore_options()

    def remembered(self) -> dict:
        return {"platform": self.platform, "format": self.format, "size": self.size}

    def _platform_changed(self, _i) -> None:
        from studio.export.platforms import get_platform
        key = self.platform.currentData()
        if key:
            plat = get_platform(key)
            self.format.setCurrentIndex(max(0, self.format.findData(plat.formats[0])))
            self.status.setText(plat.note)

    def _format_changed(self, _i) -> None:
        from studio.export.stickers import sticker_extension
        self.path.set_suffix(sticker_extension(self.format.currentData()))

    def job(self):
        return _sticker_job, (self.window_.doc.as_project(), self.motion.currentData(),
                              self.path.path(), self.platform.currentData(),
                              self.format.currentData(), self.caption.text(), self.size.value())


# ---- pack ------------------------------------------------------------------------------------
def _pack_job(project, items: list[str], platform: str, out: Path, *, progress=None, cancel=None) -> Path:
    from studio.export.packs import export_pack
    engine = build_engine(project)
    return export_pack(engine, project.profile, items, platform, out, progress=progress, cancel=cancel)


class PackDialog(ExportDialog):
    title = "Export Sticker Pack"
    key = "pack"

    def __init__(self, window):
        super().__init__(window)
        from studio.export.motions import STICKER_NAMES
        self.platform = _platform_combo(None)
        self.items = QListWidget(objectName="export.items")
        for name in (*STICKER_NAMES, *window.doc.profile.dynamic.user_presets):
            item = QListWidgetItem(tr(name) if name in STICKER_NAMES else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(item)
        self.items.setMaximumHeight(180)
        self.path = _PathRow(self.default_dir() / f"{self.base_name()}-pack.zip", tr("Zip files (*.zip)"))
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.form.addRow(tr("Platform"), self.platform)
        self.form.addRow(tr("Stickers"), self.items)
        self.form.addRow(tr("Save to"), self.path)
        self._platform_changed(0)
        self.restore_options()

    def remembered(self) -> dict:
        return {"platform": self.platform}

    def _platform_changed(self, _i) -> None:
        from studio.export.platforms import get_platform
        plat = get_platform(self.platform.currentData())
        self.status.setText(plat.note)
        allowed = plat.pack_counts or (min(plat.pack_max, self.items.count()),)
        fits = [n for n in allowed if n <= self.items.count()]
        want = max(fits) if fits else self.items.count()
        for i in range(self.items.count()):
            self.items.item(i).setCheckState(Qt.CheckState.Checked if i < want else Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())
                if self.items.item(i).checkState() == Qt.CheckState.Checked]

    def job(self):
        return _pack_job, (self.window_.doc.as_project(), self.checked(), self.platform.currentData(),
                           self.path.path())


DIALOGS = {"video": VideoDialog, "sticker": StickerDialog, "pack": PackDialog}


def open_export_dialog(kind: str, window) -> ExportDialog:
    dialog = DIALOGS[kind](window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
