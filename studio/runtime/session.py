"""The live session: the one Qt-free live path (docs/LIVE.md, docs/ARCHITECTURE.md, *Threads*).

    session = LiveSession(engine, profile, camera=0, mic=True, size=512, fps=30)
    session.add_sink(server)                 # any callable taking a LiveFrame
    session.start()
    session.trigger("1")                     # a hotkey: the first expression preset
    session.say("Hello!")                    # typed speech, on the same clock
    session.stop()

Inputs: a camera (device index) or a driving video standing in for it; the microphone or an
audio file standing in for it; typed text (speech → visemes → a `Performance`). Everything
meets in one `RenderWorker` on its own thread, sampling one `MonotonicClock`; newest frame
wins. Sinks receive an immutable `LiveFrame` (RGBA, read-only) on the render thread and must
return quickly: the HTTP server and the virtual camera only keep a reference and do their work
on their own threads.

Devices come and go: a camera that fails or is unplugged, a microphone that disappears, a
virtual camera closed by its consumer. Each is an event (`on_event(source, kind, message)`,
also kept in `events`); the session keeps rendering — the avatar holds the last good camera
pose, the mouth returns to the performance — and picks the device up again when it returns.
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from studio.errors import UserError

log = logging.getLogger(__name__)

IDLE_SECONDS = 3600.0
MIC_RETRY_S = 2.0
FRAMINGS = ("square", "720p", "1080p")


@dataclass(frozen=True)
class LiveFrame:
    """One output frame. `rgba` is H×W×4 uint8 RGBA, straight alpha (read-only)."""
    index: int
    rgba: np.ndarray
    t: float                      # session clock time it shows (seconds)
    ready: float                  # time.perf_counter() when it was ready
    capture: float | None         # time.perf_counter() when its camera frame was read
    render_ms: float
    pose: Mapping[str, float]


@dataclass(frozen=True)
class Event:
    t: float                      # time.monotonic()
    source: str                   # camera, microphone, audio, speech, render, virtual camera, server
    kind: str
    message: str


class _Delayed:
    """A performance that starts at session time `start` (typed speech during a session); before
    it, and as idle motion around it, the clock runs on unchanged."""

    def __init__(self, performance, start: float):
        self.performance, self.start = performance, float(start)
        self.duration = performance.duration + self.start

    def pose_at(self, t: float):
        return self.performance.pose_at(max(0.0, t - self.start))


def parse_size(text: str) -> tuple[str, int]:
    """'512' → ('square', 512); '720p' → ('720p', 720); UserError otherwise."""
    t = str(text).strip().lower()
    if t in ("720p", "1080p"):
        return t, int(t[:-1])
    try:
        side = int(t)
    except ValueError:
        raise UserError(f"--size must be a number of pixels (e.g. 512) or 720p / 1080p, "
                        f"not {text!r}") from None
    if not 64 <= side <= 2048:
        raise UserError(f"--size must be between 64 and 2048 pixels (got {side})")
    return "square", side


def _warm_up_lipsync(rate: int) -> None:
    """The first push loads the lip-sync's features (imports, tables): do it now, on a
    throwaway instance, rather than while the voice is already playing."""
    from studio.speech.audio_lipsync import StreamingLipSync
    StreamingLipSync(rate).push(np.zeros(rate // 5, np.float32))


class LiveSession:
    """Camera / driving video, microphone / audio file / text → one render worker → sinks."""

    def __init__(self, engine, profile, *, camera: int | str | None = None, mic: bool = False,
                 audio: str | None = None, audio_samples: np.ndarray | None = None,
                 text: str | None = None, language: str | None = None, size: int = 512,
                 framing: str = "square", fps: float = 30.0, loop: bool = False,
                 realtime: bool = True, hotkeys=None,
                 on_event: Callable[[str, str, str], None] | None = None, opener=None):
        from studio.motion.clock import MonotonicClock
        from studio.motion.performance import build_performance
        from studio.runtime.hotkeys import ExpressionMixer, Hotkeys
        from studio.runtime.render_worker import RenderWorker

        if sum(x is not None and x is not False for x in (mic or None, audio, audio_samples, text)) > 1:
            raise UserError("give one voice input: the microphone, an audio file or a text")
        if framing not in FRAMINGS:
            raise UserError(f"unknown framing {framing!r}; use one of {', '.join(FRAMINGS)}")
        if not 1 <= fps <= 120:
            raise UserError(f"the frame rate must be between 1 and 120 (got {fps:g})")
        self.engine, self.profile = engine, profile
        self._mic_lost = False
        self.framing, self.fps = framing, float(fps)
        self.size = int(size)
        self.on_event = on_event
        self.events: collections.deque[Event] = collections.deque(maxlen=200)
        self._sinks: list[Callable[[LiveFrame], None]] = []
        self._sinks_lock = threading.Lock()
        self._latest: LiveFrame | None = None
        self._latest_lock = threading.Lock()
        self._recent: collections.deque[tuple[float, float | None]] = collections.deque(maxlen=240)
        self._canvas = None
        if framing != "square":               # the avatar renders square at the canvas height
            from studio.export.framing import Canvas, canvas_size
            self._canvas = Canvas(*canvas_size(framing, self.size), transparent=True)
            self.size = self._canvas.height
        self.clock = MonotonicClock()
        performance = build_performance(profile, duration=IDLE_SECONDS)
        self._idle = performance
        if text is not None:
            from studio.motion.perform import from_text
            performance = from_text(profile, text, language).performance
        self.mixer = ExpressionMixer(hotkeys if hotkeys is not None else Hotkeys.default(),
                                     on_change=lambda m: self._event("hotkeys", "changed", m))
        self.worker = RenderWorker(self._render, performance, self.clock, size=self.size, fps=fps,
                                   on_frame=self._on_frame,
                                   on_error=lambda exc: self._event("render", "error", str(exc)),
                                   on_event=lambda k, m: self._event("render", k, m))
        self.worker.set_pose_filter(self.mixer)
        self.camera = None
        if camera is not None:
            from studio.runtime.live import WebcamSession
            if isinstance(camera, str):
                import os
                if not os.path.isfile(camera):
                    raise UserError(f"driving video {camera} not found")
            self.camera = WebcamSession(self.worker, profile, camera, realtime=realtime, loop=loop,
                                        hold=True, opener=opener,
                                        on_event=lambda k, m: self._event("camera", k, m))
        self.mic = None
        self.audio_file = None
        self._want_mic = bool(mic)
        if mic or audio is not None or audio_samples is not None:
            from studio.runtime.mic import RATE, MicDriver
            self.mic = MicDriver(self.worker, profile, on_event=self._mic_event)
            _warm_up_lipsync(RATE)
            if audio is not None or audio_samples is not None:
                from pathlib import Path

                from studio.runtime.mic import AudioFileMic
                if audio_samples is None:
                    from studio.speech.audio_io import load_audio
                    audio_samples, _ = load_audio(audio, rate=RATE, require_sound=True)
                self.audio_file = AudioFileMic(self.mic, audio_samples, self.clock, loop=loop,
                                               name=Path(audio).name if audio else "audio",
                                               on_event=lambda k, m: self._event("audio", k, m))
        self._stop = threading.Event()
        self._supervisor: threading.Thread | None = None
        self.started_at: float | None = None

    # ---- events ---------------------------------------------------------------------------------
    def _event(self, source: str, kind: str, message: str) -> None:
        self.events.append(Event(time.monotonic(), source, kind, message))
        log.info("live %s %s: %s", source, kind, message)
        if self.on_event is not None:
            try:
                self.on_event(source, kind, message)
            except Exception:
                log.exception("live event callback failed")

    def _mic_event(self, kind: str, message: str) -> None:
        if kind == "unavailable" and self._mic_lost:      # retrying: said once already
            log.debug("microphone still unavailable: %s", message)
            return
        self._event("microphone", kind, message)

    def report(self, source: str, kind: str, message: str) -> None:
        """For sinks (server, virtual camera): report an event through the session."""
        self._event(source, kind, message)

    # ---- rendering ------------------------------------------------------------------------------
    def _render(self, pose, size):
        rgba = self.engine.render(pose, size)
        if self._canvas is not None:
            rgba = self._canvas.compose(np.asarray(rgba))
        return rgba

    def _on_frame(self, frame) -> None:
        self.worker.take_frame()              # the sinks take every frame: none is "dropped"
        capture = None if frame.latency_ms is None else frame.ready - frame.latency_ms / 1000.0
        live = LiveFrame(frame.index, frame.rgba, frame.t, frame.ready, capture, frame.render_ms,
                         MappingProxyType(dict(frame.pose)))
        with self._latest_lock:
            self._latest = live
            self._recent.append((live.ready, None if capture is None else (live.ready - capture) * 1e3))
        with self._sinks_lock:
            sinks = list(self._sinks)
        for sink in sinks:
            try:
                sink(live)
            except Exception:
                log.exception("live sink failed")

    def add_sink(self, sink: Callable[[LiveFrame], None]) -> None:
        with self._sinks_lock:
            self._sinks.append(sink)

    def remove_sink(self, sink) -> None:
        with self._sinks_lock:
            if sink in self._sinks:
                self._sinks.remove(sink)

    def latest(self) -> LiveFrame | None:
        with self._latest_lock:
            return self._latest

    def stats(self) -> dict:
        """Frames/s over the last two seconds and capture → frame-ready latency (ms)."""
        with self._latest_lock:
            recent = list(self._recent)
        now = time.perf_counter()
        last = [r for r in recent if now - r[0] <= 2.0]
        lat = [ms for _, ms in recent if ms is not None]
        return {"frames": self.worker.stats.rendered,
                "fps": len(last) / 2.0 if last else 0.0,
                "latency_ms": float(np.median(lat)) if lat else None,
                "dropped": self.worker.stats.dropped}

    # ---- controls -------------------------------------------------------------------------------
    def trigger(self, key: str, down: bool = True) -> str | None:
        """A hotkey went down (or up); returns what changed, None for an unbound key."""
        return self.mixer.trigger(key, down)

    def set_hotkeys(self, hotkeys) -> None:
        self.mixer.set_hotkeys(hotkeys)

    def say(self, text: str, language: str | None = None) -> None:
        """Speak `text` from now on (synthesized on the caller's thread, then swapped in)."""
        from studio.motion.perform import from_text
        performance = from_text(self.profile, text, language).performance
        self.worker.set_performance(_Delayed(performance, self.clock.now()))
        self._event("speech", "started", f"{performance.duration:.1f} s of speech")

    # ---- lifetime -------------------------------------------------------------------------------
    def start(self) -> None:
        self.started_at = time.monotonic()
        self._stop.clear()
        self.clock.start()
        self.worker.start()
        if self.camera is not None:
            self.camera.start()
        if self.audio_file is not None:
            self.audio_file.start()
        elif self._want_mic:
            self._mic_lost = not self.mic.start()
        if self._want_mic:
            self._supervisor = threading.Thread(target=self._watch_mic, name="live-mic-watch",
                                                daemon=True)
            self._supervisor.start()

    def _watch_mic(self) -> None:
        """Reopen a lost microphone; say when it goes and when it comes back."""
        while not self._stop.wait(MIC_RETRY_S):
            if self.mic.alive:
                continue
            if not self._mic_lost:
                self._mic_lost = True
                self._event("microphone", "lost", "the microphone stopped (unplugged?); "
                                                  "waiting for it to come back")
                self.mic.stop()
                continue
            if self.mic.start():
                self._mic_lost = False
                self._event("microphone", "restored", "the microphone is back")

    def stop(self) -> None:
        self._stop.set()
        if self._supervisor is not None:
            self._supervisor.join(3.0)
            self._supervisor = None
        if self.audio_file is not None:
            self.audio_file.stop()
        if self.mic is not None:
            self.mic.stop()
        if self.camera is not None:
            self.camera.stop()
        self.worker.stop()
        self.clock.pause()

    def __enter__(self) -> "LiveSession":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
