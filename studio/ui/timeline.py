"""The timeline (pyqtgraph): waveform, viseme strip and the main parameter curves of the
current performance, with a playhead that can be dragged to scrub (the preview then shows
that time). The curves are sampled off the GUI thread."""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from studio.ui.i18n import tr
from studio.ui.workers import Task

CURVES = (("jawOpen", "#e4572e"), ("mouthSmileLeft", "#29a335"), ("eyeBlinkLeft", "#4c91e6"),
          ("browInnerUp", "#a05fd0"), ("headYaw", "#d9a300"))
CURVE_FPS = 50.0
MAX_SHOWN_S = 30.0
VISEME_COLOURS = ["#f4a261", "#e76f51", "#2a9d8f", "#e9c46a", "#8ab17d", "#b56576",
                  "#6d597a", "#457b9d", "#ffb4a2", "#90be6d", "#f28482", "#84a59d"]


def sample_curves(performance, fps: float = CURVE_FPS) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Times (T float) and each curve's values (T float32), headYaw scaled to -1..1."""
    from studio.params import SPEC
    duration = min(performance.duration, MAX_SHOWN_S)
    times = np.arange(0.0, duration + 1e-9, 1.0 / fps)
    poses = [performance.pose_at(float(t)) for t in times]
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
        layout.setRowStretchFactor(0, 2)
        layout.setRowStretchFactor(1, 1)
        layout.setRowStretchFactor(2, 3)
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
                plot.getAxis("bottom").setStyle(showValues=False)
                plot.setXLink(self.curves)
        self.curves.setLabel("bottom", tr("time"), units="s")
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
        # a click anywhere on the rows moves the playhead there (dragging it still works)
        self.view.scene().sigMouseClicked.connect(self._clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 4)
        lay.addWidget(self.view)
        self.apply_palette()
        self.retranslate()

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
        self.curves.setLabel("bottom", tr("time"), units="s", color=text.name())
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)
        self.legend.opts["labelTextColor"] = text

    def retranslate(self) -> None:
        """Row names, the time axis and the context menu in the newly installed UI language."""
        for act in getattr(self.view.scene(), "contextMenu", ()):
            act.setText(tr("Export image…"))
        colour = self.palette().windowText().color()
        for label, item in self.row_labels.items():
            item.setText(tr(label), size="9pt", color=colour)
        self.curves.setLabel("bottom", tr("time"), units="s", color=colour.name())

    # ---- data ---------------------------------------------------------------------------------
    def set_performance(self, performance, speech=None) -> None:
        """Show `performance` (and the phonemes of `speech`, if it was spoken)."""
        self.duration = min(performance.duration, MAX_SHOWN_S)
        self._set_wave(performance)
        self._set_visemes(speech)
        task = Task(sample_curves, performance, name="timeline-curves", parent=self)
        task.done.connect(lambda r, task=task: self._curves_ready(r, task))
        self._task = task.start()
        self.curves.setXRange(0, max(self.duration, 0.5), padding=0.01)

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

    def _curves_ready(self, result, task) -> None:
        if task is not self._task:
            return
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
