"""The capture worker: camera frames (OpenCV) on their own thread, newest frame wins.

The source is a device index (0 = first camera) or a video file played as if it were a camera
(tests, benchmarks, `drive`). A missing or unplugged camera is an event, not a crash: the worker
says so and keeps trying to reopen it every `reopen_interval` seconds until stopped.

Events (`on_event(kind, message)`): 'opened', 'unavailable' (could not open), 'lost' (a camera
stopped delivering, or reading it raised), 'restored', 'ended' (end of a video file that does
not loop), 'stopped'. A read that raises (a driver error, a camera taken by another app) is a
loss like any other: the worker closes the source and reopens it when it comes back.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from studio.quiet import native_stderr_to_log

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CapturedFrame:
    """One camera frame: `rgb` is H×W×3 uint8 RGB (read-only)."""
    index: int
    rgb: np.ndarray
    t: float            # seconds: position in a video file, or since capture started
    stamp: float        # time.perf_counter() when the frame was read (for latency figures)


def _open(source, width: int | None, height: int | None):
    import cv2
    with native_stderr_to_log():                 # OpenCV warns on stderr for absent devices
        cap = cv2.VideoCapture(str(source) if isinstance(source, Path) else source)
        if isinstance(source, int) and width and height:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    if not cap.isOpened():
        cap.release()
        return None
    return cap


def list_cameras(max_index: int = 4) -> list[int]:
    """Indices of cameras that open and deliver a frame (for the settings combo and `doctor`)."""
    found = []
    for i in range(max_index):
        cap = _open(i, None, None)
        if cap is None:
            continue
        with native_stderr_to_log():
            ok, _ = cap.read()
        cap.release()
        if ok:
            found.append(i)
    return found


def describe(source) -> str:
    return f"camera {source}" if isinstance(source, int) else f"video {Path(source).name}"


class CaptureWorker:
    """Reads frames from `source` (device index or video path) and hands out the newest.

    `on_frame(CapturedFrame)` runs on the capture thread (the webcam tracker runs there too);
    `latest()` returns the newest frame for pull-style consumers. `realtime=False` reads a
    video file as fast as frames are consumed (tests); `loop=True` restarts it at the end."""

    def __init__(self, source: int | str | Path, *, on_frame: Callable[[CapturedFrame], None] | None = None,
                 on_event: Callable[[str, str], None] | None = None, width: int = 640,
                 height: int = 480, realtime: bool = True, loop: bool = False,
                 reopen_interval: float = 1.0, opener: Callable | None = None):
        self.source = source if isinstance(source, int) else Path(source)
        self.is_file = not isinstance(source, int)
        self.on_frame, self.on_event = on_frame, on_event
        self.size = (width, height)
        self.realtime, self.loop, self.reopen_interval = realtime, loop, reopen_interval
        # opener(source, width, height) -> an object with read()/get()/set()/release() like
        # cv2.VideoCapture, or None; tests pass one that fails on purpose.
        self._opener = opener or _open
        self._cap = None
        self.fps = 30.0
        self._index = 0
        self._played = 0        # frames of a file played in earlier passes (--loop, reopen)
        self._t0 = 0.0
        self._latest: CapturedFrame | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ended = False

    def _emit(self, kind: str, message: str) -> None:
        log.info("capture %s: %s", kind, message)
        if self.on_event is not None:
            try:
                self.on_event(kind, message)
            except Exception:
                log.exception("capture event callback failed")

    def open(self) -> bool:
        """Open the source; emits 'opened' or 'unavailable'. True on success."""
        self._cap = self._opener(self.source, *self.size)
        if self._cap is None:
            hint = ("check that the file is a readable video" if self.is_file else
                    "connect a camera or choose another one in Preferences")
            self._emit("unavailable", f"{describe(self.source)} could not be opened; {hint}")
            return False
        import cv2
        fps = self._cap.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 1 <= fps <= 240 else 30.0
        self._t0 = time.perf_counter()
        self._emit("opened", f"{describe(self.source)} at {self.fps:g} frames/s")
        return True

    def read(self) -> CapturedFrame | None:
        """Read one frame on the caller's thread (None: end of file or camera not delivering)."""
        if self._cap is None:
            return None
        ok, bgr = self._cap.read()
        if not ok or bgr is None:
            return None
        import cv2
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        stamp = time.perf_counter()
        # a file's time runs on across passes: the tracker's filters (and MediaPipe's video
        # mode) need timestamps that never go back
        t = (self._played + self._index) / self.fps if self.is_file else stamp - self._t0
        frame = CapturedFrame(self._index, rgb, t, stamp)
        self._index += 1
        with self._lock:
            self._latest = frame
        return frame

    def latest(self) -> CapturedFrame | None:
        with self._lock:
            return self._latest

    # ---- thread -------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="capture", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        self._emit("stopped", describe(self.source))

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _deliver(self, frame: CapturedFrame) -> None:
        if self.on_frame is None:
            return
        try:
            self.on_frame(frame)
        except Exception:
            log.exception("capture frame callback failed")

    def _run(self) -> None:
        if self._cap is None and not self.open():
            if self.is_file:
                return
            self._wait_for_camera(lost=False)
        while not self._stop.is_set():
            if self.is_file and self.realtime:
                # Wait for the frame's moment first, then read: the frame's stamp is when a
                # real camera would have delivered it.
                delay = self._t0 + self._index / self.fps - time.perf_counter()
                if delay > 0 and self._stop.wait(delay):
                    return
            try:
                frame = self.read()
            except Exception as exc:          # a driver error: a loss, never the thread's end
                log.warning("reading %s failed: %r", describe(self.source), exc)
                self._emit("lost", f"{describe(self.source)} failed ({exc.__class__.__name__}: "
                                   f"{exc}); waiting for it to come back")
                self._wait_for_camera(lost=True)
                continue
            if frame is None:
                if self.is_file:
                    if self.loop and self._rewind():
                        continue
                    self.ended = True
                    self._emit("ended", f"end of {describe(self.source)}")
                    return
                self._emit("lost", f"{describe(self.source)} stopped delivering frames "
                                   "(unplugged?); waiting for it to come back")
                self._wait_for_camera(lost=True)
                continue
            self._deliver(frame)

    def _rewind(self) -> bool:
        import cv2
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
        self._played += self._index
        self._index = 0
        self._t0 = time.perf_counter()
        return True

    def _wait_for_camera(self, lost: bool) -> None:
        if self._cap is not None:
            try:
                self._cap.release()
            except Exception:
                log.exception("releasing %s failed", describe(self.source))
            self._cap = None
        while not self._stop.wait(self.reopen_interval):
            try:
                self._cap = self._opener(self.source, *self.size)
            except Exception as exc:
                log.info("reopening %s failed: %r", describe(self.source), exc)
                self._cap = None
            if self._cap is not None:
                if self.is_file:                  # a reopened file starts again
                    self._played += self._index
                    self._index, self._t0 = 0, time.perf_counter()
                self._emit("restored", f"{describe(self.source)} is back")
                return
