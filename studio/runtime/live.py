"""Live driving: camera → face tracking → render worker, wired together (Qt-free).

    session = WebcamSession(worker, profile, source=0, on_event=...)
    session.start()            # frames flow: capture thread tracks, render thread renders
    profile = session.calibrate(profile)   # store the user's neutral face in the profile
    session.stop()

Tracking runs on the capture thread (one Face Mesh graph, never shared); the render worker
wakes up for each new camera pose, so latency is capture + tracking + one render. Camera
problems arrive as events ('unavailable', 'lost', 'restored', …) and the avatar keeps idling;
with `hold=True` (the live session, `studio.runtime.session`) it keeps the last good camera pose
instead — head, brows and gaze where they were; blinks and the mouth return to the performance —
until the camera comes back.
"""
from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from typing import Callable

from studio.errors import UserError
from studio.motion.webcam import WebcamDriver
from studio.runtime.capture import CapturedFrame, CaptureWorker

log = logging.getLogger(__name__)

# Held after a loss would freeze a blink or a word: these come from the performance instead.
_MOVING = frozenset(("eyeBlinkLeft", "eyeBlinkRight", "eyeWideLeft", "eyeWideRight",
                     "jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthStretchLeft",
                     "mouthStretchRight", "mouthUpperUp", "mouthLowerDown", "tongueOut"))


class WebcamSession:
    """Feeds a `RenderWorker` from a camera (device index) or a video file."""

    def __init__(self, worker, profile, source: int | str = 0, *,
                 on_event: Callable[[str, str], None] | None = None, realtime: bool = True,
                 loop: bool = False, driver: WebcamDriver | None = None, hold: bool = False,
                 opener=None):
        self.worker = worker
        self.driver = driver or WebcamDriver.from_profile(profile)
        self.on_event = on_event
        self._frame_lock = threading.Lock()
        self._last_frame: CapturedFrame | None = None
        self.tracked = 0
        self.hold = hold
        self.face = False                 # the newest camera frame had a tracked face
        self._calibrate_to: Callable[[dict], None] | None = None
        self._last_good: tuple[dict, float] | None = None      # (pose, weight) of a tracked face
        self.track_ms: collections.deque[float] = collections.deque(maxlen=300)   # recent
        self.capture = CaptureWorker(source, on_frame=self._on_frame, on_event=self._event,
                                     realtime=realtime, loop=loop, opener=opener)

    def _event(self, kind: str, message: str) -> None:
        if kind in ("lost", "unavailable", "ended", "stopped"):
            held = self._last_good if self.hold and kind != "stopped" else None
            if held is None:
                self.worker.set_camera(None)      # back to the performance's idle motion
            else:                                 # the last good state, minus lids and mouth
                pose, weight = held
                still = {n: v for n, v in pose.items() if n not in _MOVING}
                self.worker.set_camera(still, weight=weight)
        if self.on_event is not None:
            self.on_event(kind, message)

    def _on_frame(self, frame: CapturedFrame) -> None:
        with self._frame_lock:
            self._last_frame = frame
            wanted, self._calibrate_to = self._calibrate_to, None
            if wanted is not None:
                try:
                    wanted(self.driver.calibrate(frame.rgb).to_dict())
                except Exception as exc:
                    self._event("error", f"calibration failed: {exc}")
            start = time.perf_counter()
            sample = self.driver.update(frame.rgb, frame.t)
            self.track_ms.append((time.perf_counter() - start) * 1000.0)
        self.tracked += 1
        self.face = bool(sample is not None and sample.face)
        if sample is None:
            self.worker.set_camera(None, stamp=frame.stamp)
        else:
            if sample.face:
                self._last_good = (dict(sample.pose), sample.weight)
            self.worker.set_camera(sample.pose, stamp=frame.stamp, weight=sample.weight)

    def start(self) -> None:
        self.capture.start()

    def stop(self) -> None:
        self.capture.stop()
        self.worker.set_camera(None)
        self.driver.close()

    def latest_rgb(self):
        """The newest camera picture (H×W×3 RGB, read-only) or None, for a preview inset."""
        with self._frame_lock:
            return None if self._last_frame is None else self._last_frame.rgb

    def request_calibration(self, done: Callable[[dict], None]) -> None:
        """Calibrate on the capture thread with the next frame; `done(neutral dict)` runs there
        (for the profile's `dynamic.webcam_neutral`). A failure is an 'error' event."""
        with self._frame_lock:
            self._calibrate_to = done

    def calibrate(self, profile):
        """Take the latest camera frame as the user's neutral face; returns the profile with
        `dynamic.webcam_neutral` set. UserError when there is no frame or no face."""
        with self._frame_lock:
            frame = self._last_frame
            if frame is None:
                raise UserError("no camera picture yet: wait for the camera, then calibrate")
            neutral = self.driver.calibrate(frame.rgb)
        dynamic = dataclasses.replace(profile.dynamic, webcam_neutral=neutral.to_dict())
        return dataclasses.replace(profile, dynamic=dynamic)

    def set_profile(self, profile) -> None:
        """Sensitivity and mirror changed in the editor: apply them to the running session."""
        with self._frame_lock:
            self.driver.sensitivity = profile.dynamic.webcam_sensitivity
            self.driver.mirror = profile.dynamic.webcam_mirror
