"""Webcam driving for the preview: a thin Qt adapter over the Qt-free live path
(`studio.runtime.live.WebcamSession`: capture worker + face tracker → render worker), the same
one `avatar-studio live --camera` runs. Tracking runs on the capture thread; the GUI pulls the
newest camera picture and tracking state on its own timer for the inset."""
from __future__ import annotations

import io
import logging

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


class _Worker:
    """What WebcamSession calls `worker`: the preview's current render worker, if any."""

    def __init__(self, session):
        self.session = session

    def set_camera(self, pose, stamp=None, weight: float = 1.0) -> None:
        worker = self.session.worker
        if worker is not None:
            worker.set_camera(pose, stamp, weight)


class WebcamDriver(QObject):
    """The preview's webcam: a thin Qt adapter over the Qt-free
    `studio.runtime.live.WebcamSession` (the path of `avatar-studio live --camera`). Tracking
    runs on the capture thread; a GUI timer pulls the newest picture for the inset."""
    camera_frame = Signal(object, object)      # H×W×3 uint8 RGB, tracking: bool
    failed = Signal(object)
    neutral_measured = Signal(dict)

    def __init__(self, source: int | str, doc, session, parent=None):
        super().__init__(parent)
        from studio.runtime.live import WebcamSession
        self.doc, self.session = doc, session
        self.live = WebcamSession(_Worker(session), doc.profile, source, on_event=self._on_event,
                                  loop=not isinstance(source, int))
        self.tracker = self.live.driver
        self.capture = self.live.capture
        self.timer = QTimer(self, interval=33)
        self.timer.timeout.connect(self._tick)
        self.neutral_measured.connect(
            lambda d: self.doc.set_field("dynamic", "webcam_neutral", d))

    @property
    def samples(self) -> int:
        """Camera frames tracked (for the status and tests)."""
        return self.live.tracked

    def start(self) -> None:
        self.live.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.live.stop()

    def calibrate(self) -> None:
        self.live.request_calibration(self.neutral_measured.emit)     # capture thread → queued

    # capture thread ----------------------------------------------------------------------------
    def _on_event(self, kind: str, message: str) -> None:
        what = {"unavailable": "The webcam is not available",
                "lost": "The webcam stopped sending pictures",
                "error": "The webcam failed"}.get(kind)
        if what:
            self.failed.emit(UserError(f"{what}: {message}"))

    # GUI thread ----------------------------------------------------------------------------------
    def _tick(self) -> None:
        rgb = self.live.latest_rgb()
        if rgb is not None:
            self.camera_frame.emit(rgb, self.live.face)
