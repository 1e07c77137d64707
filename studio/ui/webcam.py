"""Webcam driving for the preview: the capture worker and face tracker, bridged to
the render worker. Tracking runs on the capture thread; the GUI pulls the newest camera
picture and tracking state on its own timer for the inset."""
from __future__ import annotations

import io
import logging
import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal

from studio.errors import UserError

log = logging.getLogger("studio.ui")


def snapshot(camera_index: int) -> bytes:
    """Worker thread: one picture from the camera as PNG bytes (UserError without a camera)."""
    from PIL import Image

    from studio.runtime.capture import CaptureWorker
    cap = CaptureWorker(camera_index, realtime=False)
    try:
        if not cap.open():
            raise UserError(f"no camera found (camera {camera_index}); connect one or choose "
                            "another in Preferences")
        frame = None
        for _ in range(10):             # the first frames of many cameras are dark
            frame = cap.read() or frame
        if frame is None:
            raise UserError("the camera delivered no picture; check that no other app uses it")
        buf = io.BytesIO()
        Image.fromarray(frame.rgb).save(buf, "PNG")
        return buf.getvalue()
    finally:
        cap.stop()


class WebcamDriver(QObject):
    camera_frame = Signal(object, object)      # H×W×3 uint8 RGB, tracking: bool
    failed = Signal(object)
    neutral_measured = Signal(dict)

    def __init__(self, source: int | str, doc, session, parent=None):
        super().__init__(parent)
        from studio.motion.webcam import WebcamDriver as Tracker
        self.doc, self.session = doc, session
        self.tracker = Tracker.from_profile(doc.profile)
        self._latest = None
        self._tracking = False
        self._calibrate = threading.Event()
        self._t0 = time.perf_counter()
        from studio.runtime.capture import CaptureWorker
        self.capture = CaptureWorker(source, on_frame=self._on_frame, on_event=self._on_event,
                                     loop=not isinstance(source, int))
        self.samples = 0                 # camera frames tracked (for the status and tests)
        self.timer = QTimer(self, interval=33)
        self.timer.timeout.connect(self._tick)
        self.neutral_measured.connect(
            lambda d: self.doc.set_field("dynamic", "webcam_neutral", d))

    def start(self) -> None:
        self.capture.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.capture.stop()
        if self.session.worker is not None:
            self.session.worker.set_camera(None)
        self.tracker.close()

    def calibrate(self) -> None:
        self._calibrate.set()

    # capture thread ----------------------------------------------------------------------------
    def _on_frame(self, frame) -> None:
        stamp = time.perf_counter()
        try:
            if self._calibrate.is_set():
                self._calibrate.clear()
                self.neutral_measured.emit(self.tracker.calibrate(frame.rgb).to_dict())
            sample = self.tracker.update(frame.rgb, stamp - self._t0)
        except Exception as exc:
            self.failed.emit(exc)
            return
        self._latest, self._tracking = frame.rgb, bool(sample and sample.face)
        worker = self.session.worker
        self.samples += 1
        if worker is not None:
            if sample is None:
                worker.set_camera(None)
            else:
                worker.set_camera(sample.pose, stamp, sample.weight)

    def _on_event(self, kind: str, message: str) -> None:
        what = {"unavailable": "The webcam is not available",
                "lost": "The webcam stopped sending pictures"}.get(kind)
        if what:
            self.failed.emit(UserError(f"{what}: {message}"))

    # GUI thread ----------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._latest is not None:
            self.camera_frame.emit(self._latest, self._tracking)
