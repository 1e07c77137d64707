"""The timeline (pyqtgraph): waveform, viseme strip and the main parameter curves of the
current performance, with a playhead that can be dragged to scrub (the preview then shows
that time). The curves are sampled off the GUI thread."""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QGraphicsItem, QGridLayout,
                               QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from studio.ui.i18n import tr
from studio.ui.workers import Task

CURVES = (("jawOpen", "#e4572e"), ("mouthSmileLeft", "#29a335"), ("eyeBlinkLeft", "#4c91e6"),
          ("browInnerUp", "#a05fd0"), ("headYaw", "#d9a300"))
CURVE_FPS = 50.0
MAX_SHOWN_S = 30.0
CURVES_DELAY_MS = 120         # after a new performance, before its curves are sampled
# Sampling is pure Python on a worker thread: left to run, it took the GIL from the GUI
# thread at every hand-over for the whole 30-160 ms it ran (the preview's longest hitches
# came as a speech started and ended); it pauses after this many samples (~1.5 ms).
YIELD_EVERY = 10
VISEME_COLOURS = ["#f4a261", "#e76f51", "#2a9d8f", "#e9c46a", "#8ab17d", "#b56576",
                  "#6d597a", "#457b9d", "#ffb4a2", "#90be6d", "#f28482", "#84a59d"]


def sample_curves(performance, fps: float = CURVE_FPS) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Times (T float) and each curve's values (T float32), headYaw scaled to -1..1."""
    from studio.params import SPEC
    duration = min(performance.duration, MAX_SHOWN_S)
    times = np.arange(0.0, duration + 1e-9, 1.0 / fps)
    poses = []
    for start in range(0, len(times), YIELD_EVERY):
        poses += [performance.pose_at(float(t)) for t in times[start:start + YIELD_EVERY]]
        time.sleep(0.001)        # let the GUI thread have the GIL (see YIELD_EVERY)
    curves = {}
    for name, _ in CURVES:
        scale = max(abs(SPEC[name].lo), abs(SPEC[name].hi))
        curves[name] = np.array([p.get(name, 0.0) / scale for p in poses], np.float32)
    return times, curves


class VisemeStrip(pg.GraphicsObject):
    """All viseme bars and their labels as one item (hundreds of separate text items would
    make every new speech cost tens of milliseconds on the GUI thread)."""

    def __init__(self):
        super().__init__()
        self.events: list = []
        self.colours: dict[str, QColor] = {}
        self._rect = QRectF(0, 0, 1, 1)

    def set_events(self, events) -> None:
        self.prepareGeometryChange()
        self.events = list(events)
        names = sorted({e.viseme for e in self.events})
        self.colours = {v: QColor(VISEME_COLOURS[i % len(VISEME_COLOURS)]) for i, v in enumerate(names)}
        end = max((e.end for e in self.events), default=1.0)
        self._rect = QRectF(0, 0, end, 1)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, *args) -> None:
        for e in self.events:
            p.fillRect(QRectF(e.start, 0, e.end - e.start, 1), self.colours[e.viseme])
        # labels in device pixels, so the text is not stretched with the time axis
        to_device = p.transform()
        p.resetTransform()
        p.setPen(QColor(30, 30, 30))
        for e in self.events:
            box = to_device.mapRect(QRectF(e.start, 0, e.end - e.start, 1))
            if box.width() >= 16:
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, e.viseme)
        p.setTransform(to_device)


PRESET_KEY = "preset:"       # keyframes of a preset: its weight over time (0..1)


class KeyDots(pg.ScatterPlotItem):
    """Keyframe dots that can be dragged: `moved(index, t, y)` while dragging (y in the
    plot's units), `dropped(index)` once at the end (one undo step per drag)."""

    def __init__(self, moved, dropped, **kwargs):
        super().__init__(**kwargs)
        self._moved, self._dropped, self._drag = moved, dropped, None

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            points = self.pointsAt(ev.buttonDownPos())
            if len(points) == 0:
                ev.ignore()
                return
            self._drag = int(points[0].data())
        elif self._drag is None:
            ev.ignore()
            return
        ev.accept()
        self._moved(self._drag, ev.pos().x(), ev.pos().y())
        if ev.isFinish():
            index, self._drag = self._drag, None
            self._dropped(index)


class Timeline(QWidget):
    scrubbed = Signal(float)       # seconds

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timeline")
        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumHeight(80)          # the dock can be made small; the preview gets the room
        self.wave = self.view.addPlot(row=0, col=1)
        self.visemes = self.view.addPlot(row=1, col=1)
        self.curves = self.view.addPlot(row=2, col=1)
        layout = self.view.ci.layout
        layout.setRowStretchFactor(0, 1)
        layout.setRowStretchFactor(1, 1)
        layout.setRowStretchFactor(2, 5)       # the motion row carries the curves and keyframes
        self.row_labels = {}
        for row, (plot, label) in enumerate(((self.wave, "voice"), (self.visemes, "visemes"),
                                            (self.curves, "motion"))):
            # row names as horizontal labels (rotated axis titles read badly in Korean)
            name = self.view.addLabel(tr(label), row=row, col=0, angle=0, size="9pt")
            name.setFixedWidth(58)
            self.row_labels[label] = name
            plot.setMouseEnabled(x=True, y=False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.hideAxis("left")
            if plot is not self.curves:
                # the time axis once, under the motion row; the voice and viseme rows stay
                # thin so that the curves and keyframes get the height of a small dock
                plot.hideAxis("bottom")
                plot.setXLink(self.curves)
                plot.setMaximumHeight(34 if plot is self.wave else 22)
        # seconds on the time axis, without an axis title: the dock is small, the curves need the height
        self.curves.getAxis("bottom").showLabel(False)
        self.view.ci.setContentsMargins(2, 2, 2, 2)
        self.view.ci.setSpacing(2)
        self.curves.setYRange(-1, 1.8)      # headroom above the curves for the legend
        legend = self.curves.addLegend(offset=(-4, 1), labelTextSize="8pt", colCount=len(CURVES),
                                       labelTextColor=self.palette().windowText().color())
        legend.setBrush(pg.mkBrush(128, 128, 128, 40))
        self.legend = legend
        # the waveform has thousands of points: no antialiasing, downsample to the pixels
        self.wave_item = pg.PlotDataItem(pen=pg.mkPen("#4c91e6", width=1), antialias=False)
        self.wave_item.setDownsampling(auto=True, method="peak")
        self.wave_item.setClipToView(True)
        self.wave.addItem(self.wave_item)
        self.curve_items = {name: self.curves.plot(pen=pg.mkPen(colour, width=1.6), name=name)
                            for name, colour in CURVES}
        # Moving the playhead repaints what lies under it; cached curves make that a blit
        # instead of re-stroking thousands of antialiased segments 30 times a second.
        for item in [self.wave_item, *self.curve_items.values()]:
            item.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.viseme_strip = VisemeStrip()
        self.viseme_strip.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.visemes.addItem(self.viseme_strip)
        from studio.ui.gesture_strip import GestureStrip     # speech gestures over the visemes
        self.gesture_strip = GestureStrip()
        self.visemes.addItem(self.gesture_strip)
        self.viseme_items: list = []
        self.heads = []
        for plot in (self.wave, self.visemes, self.curves):
            line = pg.InfiniteLine(0.0, angle=90, movable=True, pen=pg.mkPen("#ff3b30", width=2),
                                   hoverPen=pg.mkPen("#ff8a80", width=3))
            line.sigDragged.connect(self._dragged)
            plot.addItem(line)
            self.heads.append(line)
        self._dragging = False
        self._last_head = 0.0
        self.duration = 0.0
        self.curve_data: dict[str, np.ndarray] = {}
        self._task: Task | None = None
        self._sampled: list[tuple] = []          # (Performance, sample_curves result), newest first
        # a click anywhere on the rows moves the playhead there (dragging it still works)
        self.view.scene().sigMouseClicked.connect(self._clicked)
        self.doc = None
        self.selected: int | None = None          # index of the selected key of `param`
        self._build_keys_panel()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 4)
        lay.addWidget(self.keys_panel)
        lay.addWidget(self.view, 1)
        self.apply_palette()
        self.retranslate()

    # ---- keyframes -----------------------------------------------------------------------------
    def _build_keys_panel(self) -> None:
        """Keyframes for any parameter: pick it, then Add key at the playhead; click a key's
        dot to select it, change its value or time, or delete it. Undoable; saved in the
        project; preview and export play them."""
        from studio.params import NAMES
        self.keys_panel = QWidget(objectName="timeline.keys")
        grid = QGridLayout(self.keys_panel)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setVerticalSpacing(3)
        self.param = QComboBox(objectName="timeline.param")
        for name in NAMES:
            self.param.addItem(name, name)
        self.param.setCurrentIndex(self.param.findData("headYaw"))
        self.param.currentIndexChanged.connect(lambda _: self._select(None))
        self.key_value = QDoubleSpinBox(objectName="timeline.value", decimals=2)
        self.key_time = QDoubleSpinBox(objectName="timeline.time", decimals=2, maximum=3600.0,
                                       singleStep=0.1, suffix=" s")
        self.key_value.valueChanged.connect(self._edit_selected)
        self.key_time.valueChanged.connect(self._edit_selected)
        # how the selected key goes on to the next: eased in and out, straight, or held
        self.key_ease = QComboBox(objectName="timeline.ease")
        for mode in ("ease", "linear", "hold"):
            self.key_ease.addItem(mode, mode)
        self.key_ease.currentIndexChanged.connect(self._edit_selected)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)      # Ctrl+C / Ctrl+V / Delete on keys
        self.add_key = QPushButton(objectName="timeline.add")
        self.add_key.clicked.connect(lambda: self.add_key_at(self.heads[-1].value(), self.key_value.value()))
        self.delete_key = QPushButton(objectName="timeline.delete")
        self.delete_key.clicked.connect(self.delete_selected)
        self.keys_title = QLabel()
        grid.addWidget(self.keys_title, 0, 0, 1, 2)
        grid.addWidget(self.param, 1, 0, 1, 2)
        grid.addWidget(self.key_value, 2, 0)
        grid.addWidget(self.key_time, 2, 1)
        grid.addWidget(self.key_ease, 3, 0, 1, 2)
        grid.addWidget(self.add_key, 4, 0)
        grid.addWidget(self.delete_key, 4, 1)
        grid.setRowStretch(5, 1)
        self.keys_panel.setEnabled(False)             # until a document is attached
        self.key_dots = KeyDots(self._dragging_key, self._dropped_key, size=10,
                                pen=pg.mkPen("#ffffff", width=1.2), brush=pg.mkBrush("#ff9f1c"))
        self._dragged_keys: list | None = None
        self.key_dots.setZValue(20)
        self.key_dots.sigClicked.connect(self._dot_clicked)
        self.curves.addItem(self.key_dots)
        self._set_value_range()

    def attach(self, doc) -> None:
        """Edit `doc`'s keyframes (`dynamic.keyframes`)."""
        self.doc = doc
        self.keys_panel.setEnabled(True)
        doc.changed.connect(self._model_changed)
        self.fill_params()
        self.show_keys()

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "user_presets":
            self.fill_params()
        if not field or field in ("keyframes", "user_presets"):
            self.show_keys()

    def keys(self, name: str | None = None) -> list[list]:
        """The keys of `name` as [t, value, mode], sorted by time (mode: how the value goes
        on to the next key: 'ease' in and out, 'linear', or 'hold')."""
        name = name or self.param.currentData()
        if self.doc is None:
            return []
        return sorted(([float(k[0]), float(k[1]), k[2] if len(k) > 2 else "ease"]
                       for k in self.doc.profile.dynamic.keyframes.get(name, [])), key=lambda k: k[0])

    def _scale(self, name: str) -> float:
        from studio.params import SPEC
        if name.startswith(PRESET_KEY):
            return 1.0
        return max(abs(SPEC[name].lo), abs(SPEC[name].hi)) or 1.0

    def _range(self, name: str) -> tuple[float, float]:
        """What a key of `name` may hold: a parameter's offset (± its span), a preset's
        weight (0..1)."""
        from studio.params import SPEC
        if name.startswith(PRESET_KEY):
            return 0.0, 1.0
        span = SPEC[name].hi - SPEC[name].lo
        return -span, span

    def _set_value_range(self) -> None:
        lo, hi = self._range(self.param.currentData())
        self.key_value.blockSignals(True)
        self.key_value.setRange(lo, hi)
        self.key_value.setSingleStep((hi - lo) / 40)
        self.key_value.blockSignals(False)

    def fill_params(self, force: bool = False) -> None:
        """The keyframe targets: every parameter, then every preset (built-in and the
        user's own) as a weight."""
        from studio.params import NAMES
        from studio.ui.editors.motion_voice import preset_names
        from studio.ui.editors.pose import LABELS
        own = tuple(self.doc.profile.dynamic.user_presets) if self.doc is not None else ()
        targets = list(NAMES) + [PRESET_KEY + n for n in (*preset_names(), *own) if n != "neutral"]
        current = self.param.currentData()
        if not force and [self.param.itemData(i) for i in range(self.param.count())] == targets:
            return
        self.param.blockSignals(True)
        self.param.clear()
        for name in targets:
            label = (tr("preset") + ": " + tr(name[len(PRESET_KEY):]) if name.startswith(PRESET_KEY)
                     else tr(LABELS.get(name, name)))
            self.param.addItem(label, name)
        self.param.setCurrentIndex(max(0, self.param.findData(current or "headYaw")))
        self.param.blockSignals(False)

    def _store(self, name: str, keys: list, text: str) -> None:
        frames = dict(self.doc.profile.dynamic.keyframes)
        if keys:
            frames[name] = [[round(k[0], 4), round(k[1], 4)] + ([k[2]] if len(k) > 2 and k[2] != "ease" else [])
                            for k in sorted(keys, key=lambda k: k[0])]
        else:
            frames.pop(name, None)
        self.doc.set_field("dynamic", "keyframes", frames, text=text)

    def add_key_at(self, t: float, value: float) -> int:
        """A key for the chosen parameter at `t` seconds (replacing one at the same time)."""
        name = self.param.currentData()
        t = round(max(0.0, float(t)), 2)
        keys = [k for k in self.keys(name) if abs(k[0] - t) > 1e-3] + [[t, float(value), "ease"]]
        self._store(name, keys, "add keyframe")
        index = [k[0] for k in self.keys(name)].index(t)
        self._select(index)
        return index

    def delete_selected(self) -> None:
        if self.selected is None:
            return
        keys = self.keys()
        if 0 <= self.selected < len(keys):
            del keys[self.selected]
            self._select(None)
            self._store(self.param.currentData(), keys, "delete keyframe")

    def _edit_selected(self, _=None) -> None:
        """The value or time boxes changed: move the selected key there."""
        keys = self.keys()
        if self.selected is None or not 0 <= self.selected < len(keys):
            return
        moved = [round(self.key_time.value(), 2), self.key_value.value(), self.key_ease.currentData()]
        keys[self.selected] = moved
        keys = sorted(keys, key=lambda k: k[0])
        self.selected = keys.index(moved)
        self._store(self.param.currentData(), keys, "change keyframe")

    def _dragging_key(self, index: int, t: float, y: float) -> None:
        """A key dragged: shown where it is, stored once it is dropped."""
        name = self.param.currentData()
        keys = self._dragged_keys if self._dragged_keys is not None else self.keys()
        if not 0 <= index < len(keys):
            return
        scale = self._scale(name)
        lo, hi = self._range(name)
        keys[index] = [round(float(np.clip(t, 0.0, 3600.0)), 2),
                       round(float(np.clip(y * scale, lo, hi)), 4), keys[index][2]]
        self._dragged_keys = keys
        self.selected = index
        self.key_dots.setData([{"pos": (k[0], k[1] / scale), "data": i, "size": 13 if i == index else 9}
                               for i, k in enumerate(keys)])

    def _dropped_key(self, index: int) -> None:
        keys, self._dragged_keys = self._dragged_keys, None
        if keys is None:
            return
        moved = keys[index]
        keys = sorted(keys, key=lambda k: k[0])
        self._store(self.param.currentData(), keys, "move keyframe")
        self._select(keys.index(moved))

    def copy_keys(self) -> None:
        """Remember the chosen parameter's keys (relative to the first) for `paste_keys`."""
        keys = self.keys()
        self._clipboard = [[t - keys[0][0], v, mode] for t, v, mode in keys] if keys else []

    def paste_keys(self) -> None:
        """The copied keys, starting at the playhead, onto the chosen parameter (values are
        clipped to its range); keys at the same times are replaced."""
        clip = getattr(self, "_clipboard", [])
        if not clip:
            return
        name = self.param.currentData()
        lo, hi = self._range(name)
        start = round(max(0.0, float(self.heads[-1].value())), 2)
        pasted = [[round(start + t, 2), float(np.clip(v, lo, hi)), mode] for t, v, mode in clip]
        times = {k[0] for k in pasted}
        keys = [k for k in self.keys(name) if round(k[0], 2) not in times] + pasted
        self._store(name, keys, "paste keyframes")

    def keyPressEvent(self, event) -> None:
        from PySide6.QtGui import QKeySequence
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_keys()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_keys()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        else:
            super().keyPressEvent(event)

    def _dot_clicked(self, _item, points, *_) -> None:
        if points is not None and len(points):
            self._select(int(points[0].data()))

    def _select(self, index: int | None) -> None:
        self._set_value_range()
        keys = self.keys()
        self.selected = index if index is not None and 0 <= index < len(keys) else None
        self.delete_key.setEnabled(self.selected is not None)
        self.key_time.setEnabled(self.selected is not None)
        self.key_ease.setEnabled(self.selected is not None)
        if self.selected is not None:
            for box, x in ((self.key_time, keys[self.selected][0]), (self.key_value, keys[self.selected][1])):
                box.blockSignals(True)
                box.setValue(x)
                box.blockSignals(False)
            self.key_ease.blockSignals(True)
            self.key_ease.setCurrentIndex(max(0, self.key_ease.findData(keys[self.selected][2])))
            self.key_ease.blockSignals(False)
        self.show_keys()

    def show_keys(self) -> None:
        """The chosen parameter's keys as dots on the motion row (the selected one larger)."""
        name = self.param.currentData()
        keys = self.keys(name)
        if self.selected is not None and self.selected >= len(keys):
            self.selected = None
        scale = self._scale(name)
        spots = [{"pos": (k[0], k[1] / scale), "data": i, "size": 13 if i == self.selected else 9,
                  "symbol": {"linear": "d", "hold": "s"}.get(k[2], "o")}
                 for i, k in enumerate(keys)]
        self.key_dots.setData(spots)
        self.delete_key.setEnabled(self.selected is not None)
        self.key_time.setEnabled(self.selected is not None)
        self.key_ease.setEnabled(self.selected is not None)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:     # the theme was switched
            self.apply_palette()

    def apply_palette(self) -> None:
        """Background, axes, row names and legend in the current theme's colours."""
        pal = self.palette()
        text = pal.windowText().color()
        self.view.setBackground(pal.base().color())
        for plot in (self.wave, self.visemes, self.curves):
            for name in ("bottom", "left"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(text.darker(130) if text.lightness() > 128 else text.lighter(160)))
                axis.setTextPen(pg.mkPen(text))
        for label in self.row_labels.values():
            label.setText(label.text, color=text)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)
        self.legend.opts["labelTextColor"] = text

    def retranslate(self) -> None:
        """Row names, the time axis and the context menu in the newly installed UI language."""
        self.keys_title.setText(tr("Keyframes"))
        for i, label in enumerate(("Ease in and out", "Linear", "Hold")):
            self.key_ease.setItemText(i, tr(label))
        self.key_ease.setToolTip(tr("How the selected key goes on to the next one"))
        if self.doc is not None:
            self.fill_params(force=True)          # the presets' names in the UI language
        self.keys_panel.setToolTip(tr("Drag a dot to move a key; Ctrl+C and Ctrl+V copy the keys and paste "
                                      "them at the playhead; Delete removes the selected key"))
        self.add_key.setText(tr("Add key"))
        self.add_key.setToolTip(tr("A keyframe for this parameter at the playhead, with this value"))
        self.delete_key.setText(tr("Delete"))
        self.delete_key.setToolTip(tr("Delete the selected keyframe (click a dot to select it)"))
        self.param.setToolTip(tr("The parameter to keyframe; its keys show as dots on the motion row"))
        for act in getattr(self.view.scene(), "contextMenu", ()):
            act.setText(tr("Export image…"))
        colour = self.palette().windowText().color()
        for label, item in self.row_labels.items():
            item.setText(tr(label), size="9pt", color=colour)
        from studio.ui.editors.pose import LABELS       # the curves by their names for people
        for (_sample, label), (name, _colour) in zip(self.legend.items, CURVES):
            label.setText(tr(LABELS.get(name, name)), color=colour)
        self.view.setToolTip(tr("time") + " (s) — " + tr("click to move the playhead there"))

    # ---- data ---------------------------------------------------------------------------------
    def set_performance(self, performance, speech=None) -> None:
        """Show `performance` (and the phonemes of `speech`, if it was spoken)."""
        self.duration = min(performance.duration, MAX_SHOWN_S)
        self._set_wave(performance)
        self._set_visemes(speech)
        self.gesture_strip.set_performance(performance)
        self.curves.setXRange(0, max(self.duration, 0.5), padding=0.01)
        known = [r for p, r in self._sampled if p is performance]
        if known:               # the idle loop again after a speech: sampled already
            self._task = None
            self._remember(performance, known[0])
            self._show_curves(known[0])
            return
        task = Task(sample_curves, performance, name="timeline-curves", parent=self)
        task.done.connect(lambda r, task=task, p=performance: self._curves_ready(r, task, p))
        self._task = task
        # Sampled once the new rows are painted: sampling holds the GIL, and the GUI thread
        # would paint at half speed beside it (a visible stall as the avatar starts speaking).
        QTimer.singleShot(CURVES_DELAY_MS, self, lambda task=task: task is self._task and task.start())

    def _set_wave(self, performance) -> None:
        audio = performance.audio
        if audio is None or len(audio) == 0:
            self.wave_item.setData([], [])
            return
        # min/max envelope per ~2 ms bucket: a faithful outline with few points
        rate = performance.sample_rate
        step = max(1, rate // 500)
        n = len(audio) // step
        a = np.asarray(audio[: n * step]).reshape(n, step)
        t = np.repeat(np.arange(n) * step / rate, 2)
        y = np.stack([a.min(axis=1), a.max(axis=1)], axis=1).ravel()
        self.wave_item.setData(t, y)
        self.wave.setYRange(-1, 1)

    def _set_visemes(self, speech) -> None:
        events = [] if speech is None else [p for p in getattr(speech, "phonemes", ())
                                            if p.viseme not in ("sil", "")]
        self.viseme_strip.set_events(events)
        self.viseme_items = events
        self.visemes.setYRange(0, 1)

    def _curves_ready(self, result, task, performance) -> None:
        if task is not self._task:
            return
        self._remember(performance, result)
        self._show_curves(result)

    def _remember(self, performance, result) -> None:
        """Keep the two latest performances' curves (the idle loop and the last speech)."""
        others = [(p, r) for p, r in self._sampled if p is not performance]
        self._sampled = [(performance, result), *others[:1]]

    def _show_curves(self, result) -> None:
        times, curves = result
        self.curve_data = curves
        for name, item in self.curve_items.items():
            item.setData(times, curves[name])

    # ---- playhead -----------------------------------------------------------------------------
    def set_playhead(self, t: float, duration: float) -> None:
        now = time.monotonic()
        if self._dragging or now - self._last_head < 1 / 30:   # 30 Hz is smooth enough
            return
        self._last_head = now
        t = t % self.duration if self.duration and t > self.duration else t
        for line in self.heads:
            line.setValue(t)

    def _dragged(self, line) -> None:
        t = float(np.clip(line.value(), 0.0, max(self.duration, 0.0)))
        for other in self.heads:
            if other is not line:
                other.setValue(t)
        self.scrubbed.emit(t)

    def _clicked(self, event) -> None:
        """Click to scrub: the playhead jumps to the time under the pointer."""
        if event.button() != Qt.MouseButton.LeftButton or self.duration <= 0:
            return
        pos = event.scenePos()
        area = self.curves.vb.sceneBoundingRect()
        if area.left() <= pos.x() <= area.right():        # any row, or the time axis
            t = self.curves.vb.mapSceneToView(pos).x()
            self.scrub_to(float(np.clip(t, 0.0, self.duration)))
            event.accept()

    def time_at_x(self, x_view: float) -> float:
        """The time under widget x coordinate `x_view` of the timeline's view (tests, tools)."""
        scene = self.view.mapToScene(int(x_view), 0)
        return float(self.curves.vb.mapSceneToView(scene).x())

    def scrub_to(self, t: float) -> None:
        """Move the playhead to `t` as a drag would."""
        self.heads[-1].setValue(t)
        self._dragged(self.heads[-1])
