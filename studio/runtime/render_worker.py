"""The render worker: samples the performance at the clock's time and renders on its own thread.

Qt-free. The GUI's thin adapter (`studio.ui.workers.PreviewSession`) forwards the callbacks as
signals, or pulls the newest frame from its paint tick with `take_frame()`. Design points (the
threads and why: docs/ARCHITECTURE.md, *Threads*):

- **Newest frame wins.** The output is a slot of size one: a frame that nobody took before the
  next one was rendered is dropped and counted (`stats.dropped`); latency never builds up.
- **Thread-safe inputs.** `set_performance`, `set_size`, `set_render`, `set_camera`, `set_mic`
  may be called from any thread; they take effect at the next frame. A new camera pose wakes the
  worker at once, so webcam → frame latency is one render, not one render plus a tick; while a
  camera drives, frames are paced by the camera rather than by the tick.
- **Errors are events.** An exception in the render function goes to `on_error` (and the log);
  the thread keeps going, and pauses itself after `MAX_CONSECUTIVE_ERRORS` failures in a row.
- **A last word on the pose.** `set_pose_filter(fn)` runs `fn(pose, t)` after the live inputs
  (hotkey expressions, mute: `studio.runtime.hotkeys`); the frame carries the filtered pose.
- **Testable synchronously.** `step()` renders one frame on the caller's thread; the thread
  started by `start()` simply calls `step()` at the frame rate.

Callbacks run on the worker thread and receive immutable data (`Frame`, read-only arrays).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from studio.motion.performance import apply_live

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_ERRORS = 10
CAMERA_STALE = 0.1      # seconds: render anyway when the camera has sent nothing for this long
RenderFn = Callable[[Mapping[str, float], int], np.ndarray]   # (pose, size) → size×size×4 RGBA
PoseFilter = Callable[[Mapping[str, float], float], Mapping[str, float]]   # (pose, t) → pose


@dataclass(frozen=True)
class Frame:
    """One rendered frame. `rgba` is size×size×4 uint8 RGBA (read-only)."""
    index: int
    t: float                          # performance time it shows (seconds)
    rgba: np.ndarray
    pose: Mapping[str, float]
    render_ms: float                  # time spent in the render function
    latency_ms: float | None          # camera frame captured → this frame ready (live only)
    ready: float = 0.0                # time.perf_counter() when the frame was ready


@dataclass(frozen=True)
class WorkerStats:
    rendered: int = 0
    dropped: int = 0                  # rendered but replaced before anyone took them
    errors: int = 0


class _LiveInputs:
    """Latest camera and microphone poses, with the camera frame's capture time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.camera: Mapping[str, float] | None = None
        self.camera_stamp: float | None = None       # time.perf_counter() at capture
        self.camera_weight = 1.0
        self.camera_time = 0.0                       # time.perf_counter() of the last camera frame
        self.mic: Mapping[str, float] | None = None


class RenderWorker:
    """Renders `performance.pose_at(clock.now())` (plus live inputs) with `render(pose, size)`.

    `on_frame(Frame)`, `on_error(Exception)` and `on_event(kind, message)` are optional
    callbacks; kinds are 'started', 'paused', 'resumed', 'stopped'."""

    def __init__(self, render: RenderFn, performance, clock, *, size: int = 512,
                 fps: float = 60.0, on_frame: Callable[[Frame], None] | None = None,
                 on_error: Callable[[Exception], None] | None = None,
                 on_event: Callable[[str, str], None] | None = None):
        self._render, self._performance, self.clock = render, performance, clock
        self._pose_filter: PoseFilter | None = None
        self._size, self.fps = int(size), float(fps)
        self.on_frame, self.on_error, self.on_event = on_frame, on_error, on_event
        self._live = _LiveInputs()
        self._lock = threading.Lock()          # guards the settings and the output slot
        self._slot: Frame | None = None
        self._stats = WorkerStats()
        self._index = 0
        self._consecutive_errors = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._paused = threading.Event()
        self._thread: threading.Thread | None = None

    # ---- inputs (any thread) ----------------------------------------------------------------
    def set_performance(self, performance) -> None:
        with self._lock:
            self._performance = performance
        self._wake.set()

    def set_render(self, render: RenderFn) -> None:
        with self._lock:
            self._render = render
        self._wake.set()

    def set_pose_filter(self, fn: PoseFilter | None) -> None:
        """`fn(pose, t) -> pose`, applied to every pose after the live inputs (None: none)."""
        with self._lock:
            self._pose_filter = fn
        self._wake.set()

    def set_size(self, size: int) -> None:
        with self._lock:
            self._size = int(size)
        self._wake.set()

    def set_camera(self, pose: Mapping[str, float] | None, stamp: float | None = None,
                   weight: float = 1.0) -> None:
        """The webcam's latest pose (None: no face / camera off); `stamp` is the capture time
        in `time.perf_counter()` seconds, for latency figures; `weight` blends it with the
        performance (0..1, see `webcam.CameraSample`)."""
        with self._live.lock:
            self._live.camera = None if pose is None else dict(pose)
            self._live.camera_stamp = stamp
            self._live.camera_weight = float(weight)
            if stamp is not None:
                self._live.camera_time = time.perf_counter()
        self._wake.set()

    def set_mic(self, pose: Mapping[str, float] | None) -> None:
        with self._live.lock:
            self._live.mic = None if pose is None else dict(pose)

    # ---- outputs ------------------------------------------------------------------------------
    def take_frame(self) -> Frame | None:
        """The newest frame not yet taken (None if there is none). For the GUI's paint tick."""
        with self._lock:
            frame, self._slot = self._slot, None
        return frame

    @property
    def stats(self) -> WorkerStats:
        with self._lock:
            return self._stats

    # ---- one frame, on the caller's thread ------------------------------------------------------
    def step(self) -> Frame | None:
        """Sample the clock, render one frame, publish it. Returns the frame (None on error)."""
        with self._lock:
            render, performance, size = self._render, self._performance, self._size
            pose_filter = self._pose_filter
        with self._live.lock:
            camera, stamp, mic = self._live.camera, self._live.camera_stamp, self._live.mic
            weight = self._live.camera_weight
            self._live.camera_stamp = None           # latency counts once per camera frame
        t = float(self.clock.now())
        try:
            pose = apply_live(performance.pose_at(t), camera, mic, weight)
            if pose_filter is not None:
                pose = dict(pose_filter(pose, t))
            start = time.perf_counter()
            rgba = np.asarray(render(pose, size))
            done = time.perf_counter()
        except Exception as exc:                    # report, never die silently
            self._failed(exc)
            return None
        self._consecutive_errors = 0
        rgba.flags.writeable = False
        frame = Frame(self._index, t, rgba, MappingProxyType(pose), (done - start) * 1000.0,
                      None if stamp is None else (done - stamp) * 1000.0, done)
        self._index += 1
        self._publish(frame)
        return frame

    def frames(self, times=None):
        """Generator form (napari-style workers): yields a `Frame` per step on the caller's
        thread. With `times`, the clock is set to each time in turn (it must then have `set`,
        like `ManualClock`); without, it runs until closed. `send(performance)` swaps the
        performance for the next frames."""
        it = iter(times) if times is not None else None
        while True:
            if it is not None:
                try:
                    self.clock.set(next(it))
                except StopIteration:
                    return
            sent = yield self.step()
            if sent is not None:
                self.set_performance(sent)

    def _publish(self, frame: Frame) -> None:
        with self._lock:
            dropped = self._stats.dropped + (self._slot is not None)
            self._slot = frame
            self._stats = WorkerStats(self._stats.rendered + 1, dropped, self._stats.errors)
        if self.on_frame is not None:
            self._call(self.on_frame, frame)

    def _failed(self, exc: Exception) -> None:
        log.error("render failed: %s", exc, exc_info=exc)
        with self._lock:
            self._stats = WorkerStats(self._stats.rendered, self._stats.dropped, self._stats.errors + 1)
        self._consecutive_errors += 1
        if self.on_error is not None:
            self._call(self.on_error, exc)
        if self._consecutive_errors >= MAX_CONSECUTIVE_ERRORS and not self._paused.is_set():
            self._paused.set()
            self._emit("paused", f"rendering paused after {self._consecutive_errors} failures: {exc}")

    def _call(self, fn, *args) -> None:
        try:
            fn(*args)
        except Exception:                          # a broken callback must not kill the loop
            log.exception("render worker callback failed")

    def _emit(self, kind: str, message: str) -> None:
        log.info("render worker %s: %s", kind, message)
        if self.on_event is not None:
            self._call(self.on_event, kind, message)

    # ---- the thread ------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="render-worker", daemon=True)
        self._thread.start()
        self._emit("started", f"{self._size}×{self._size} at up to {self.fps:g} frames/s")

    def pause(self) -> None:
        self._paused.set()
        self._emit("paused", "paused")

    def resume(self) -> None:
        self._consecutive_errors = 0
        self._paused.clear()
        self._wake.set()
        self._emit("resumed", "resumed")

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._emit("stopped", "stopped")

    def _loop(self) -> None:
        period = 1.0 / self.fps
        next_tick = time.perf_counter()
        while not self._stop.is_set():
            if self._paused.is_set():
                self._wake.wait(0.05)
                self._wake.clear()
                next_tick = time.perf_counter()
                continue
            self._wake.clear()
            self.step()
            next_tick = max(next_tick + period, time.perf_counter() - period)
            with self._live.lock:      # a held pose without new camera frames: tick instead
                camera_paced = (self._live.camera is not None and
                                time.perf_counter() - self._live.camera_time < CAMERA_STALE)
            # Driven by the camera, a frame is due when a camera pose arrives (`set_camera`
            # wakes us): rendering on the tick as well would only repeat the same face and take
            # CPU from tracking. Without one, render on the tick; a change wakes us early.
            timeout = CAMERA_STALE if camera_paced else max(0.0, next_tick - time.perf_counter())
            self._wake.wait(timeout)
