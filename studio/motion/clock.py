"""Clocks: where in the performance are we now?

- `ManualClock`: time set by the caller (export, tests, the benchmark's simulated playback).
- `MonotonicClock`: wall time with start/pause/seek (preview without audio).
- `AudioClock`: plays the performance's audio through sounddevice and reports the position of
  the samples actually played (the audio is the master; video follows it). Where there is no
  audio device — or PortAudio is missing — `playback_clock()` returns a `MonotonicClock`
  instead and says why.

All clocks offer `now() -> float` (seconds into the performance), `start()`, `pause()`,
`seek(t)`, `stop()` and `running`; `now()` is safe to call from any thread.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


class Clock(Protocol):
    running: bool

    def now(self) -> float: ...
    def start(self) -> None: ...
    def pause(self) -> None: ...
    def seek(self, t: float) -> None: ...
    def stop(self) -> None: ...


class ManualClock:
    """A clock that moves only when told to (`set`, `advance`)."""

    def __init__(self, t: float = 0.0):
        self._t = float(t)
        self.running = False

    def now(self) -> float:
        return self._t

    def set(self, t: float) -> None:
        self._t = float(t)

    seek = set

    def advance(self, dt: float) -> float:
        self._t += dt
        return self._t

    def start(self) -> None:
        self.running = True

    def pause(self) -> None:
        self.running = False

    def stop(self) -> None:
        self.running = False
        self._t = 0.0


class MonotonicClock:
    """Wall-clock time (time.monotonic) since `start`, minus paused spans; `loop` wraps around
    (preview of a short performance plays in a loop)."""

    def __init__(self, loop: float | None = None, timer=time.monotonic):
        self._timer = timer
        self._lock = threading.Lock()
        self._origin = 0.0        # timer value at which t = 0
        self._held = 0.0          # position while paused
        self.loop = loop
        self.running = False

    def now(self) -> float:
        with self._lock:
            t = self._timer() - self._origin if self.running else self._held
        return t % self.loop if self.loop else t

    def start(self) -> None:
        with self._lock:
            if not self.running:
                self._origin = self._timer() - self._held
                self.running = True

    def pause(self) -> None:
        with self._lock:
            if self.running:
                self._held = self._timer() - self._origin
                self.running = False

    def seek(self, t: float) -> None:
        with self._lock:
            self._held = float(t)
            self._origin = self._timer() - self._held

    def stop(self) -> None:
        self.pause()
        self.seek(0.0)


class SampleFeeder:
    """Hands out consecutive blocks of N float32 mono samples (zeros after the end, or from the
    start again when looping) and counts what it handed out. Thread-safe; no audio device."""

    def __init__(self, samples: np.ndarray, loop: bool = False):
        self.samples = np.asarray(samples, np.float32)
        self.loop = loop
        self.pos = 0               # next sample to hand out
        self._lock = threading.Lock()

    def next_block(self, frames: int) -> np.ndarray:
        out = np.zeros(frames, np.float32)
        n, k = len(self.samples), 0
        with self._lock:
            while k < frames:
                if self.pos >= n:
                    if not (self.loop and n):
                        break
                    self.pos = 0
                take = min(frames - k, n - self.pos)
                out[k:k + take] = self.samples[self.pos:self.pos + take]
                self.pos += take
                k += take
        return out

    def seek(self, sample: int) -> None:
        with self._lock:
            self.pos = max(0, int(sample))


class AudioClock:
    """Plays N float32 mono samples through a sounddevice output stream; `now()` is the
    position of the sample the listener hears now (samples handed to PortAudio, corrected by
    the stream's reported output latency). The PortAudio callback only copies samples and
    counts them; it never calls back into the application."""

    def __init__(self, samples: np.ndarray, sample_rate: int, loop: bool = False):
        from studio.audio_device import sounddevice
        self._sd = sounddevice()   # OSError without PortAudio: `playback_clock` falls back
        self.feeder = SampleFeeder(samples, loop)
        self.sample_rate = int(sample_rate)
        self._stream = None
        self.running = False

    def _callback(self, outdata, frames, time_info, status):   # PortAudio thread
        outdata[:, 0] = self.feeder.next_block(frames)

    def _open(self) -> None:
        self._stream = self._sd.OutputStream(samplerate=self.sample_rate, channels=1,
                                             dtype="float32", callback=self._callback)

    def now(self) -> float:
        pos = self.feeder.pos
        latency = float(self._stream.latency) if self._stream is not None and self.running else 0.0
        return max(0.0, pos / self.sample_rate - latency)

    def start(self) -> None:
        if self._stream is None:
            self._open()
        self._stream.start()
        self.running = True

    def pause(self) -> None:
        if self._stream is not None:
            self._stream.stop()
        self.running = False

    def seek(self, t: float) -> None:
        self.feeder.seek(int(max(0.0, t) * self.sample_rate))

    def stop(self) -> None:
        self.pause()
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self.seek(0.0)


def playback_clock(samples: np.ndarray | None, sample_rate: int, duration: float,
                   loop: bool = False) -> tuple[Clock, str]:
    """The master clock for live preview and why it was chosen: an `AudioClock` when there is
    audio and an output device, else a `MonotonicClock` (looping over `duration` if `loop`)."""
    if samples is None or len(samples) == 0:
        return MonotonicClock(duration if loop else None), "no audio: wall clock"
    try:
        clock = AudioClock(samples, sample_rate, loop=loop)
        clock._open()
        return clock, "audio playback position"
    except Exception as exc:   # OSError: no PortAudio; PortAudioError: no output device
        reason = f"no audio output ({exc.__class__.__name__}: {exc}); playing silently on the wall clock"
        log.info("%s", reason)
        return MonotonicClock(duration if loop else None), reason
