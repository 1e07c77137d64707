"""Microphone lip-sync as a live input: the mouth follows the user's voice.

The PortAudio callback only copies blocks into a bounded queue; a small thread runs the
streaming audio lip-sync (`studio.speech.audio_lipsync.StreamingLipSync`) and hands the newest
mouth pose to the render worker (`set_mic`). Combined with the webcam, the mouth comes from the
microphone and the rest of the face from the camera (`performance.apply_live`).

No microphone, or no PortAudio at all, is an event ('unavailable'), never a crash. `alive`
says whether the input stream still runs (the live session reopens a lost microphone).
`AudioFileMic` plays an audio file into the same lip-sync as if it were the microphone, at the
pace of a clock (tests, `avatar-studio live --audio`).
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

import numpy as np

from studio.motion.performance import ARTICULATION
from studio.params import INDEX

log = logging.getLogger(__name__)

RATE = 16000          # the lip-sync works at 16 kHz; asking PortAudio for it avoids resampling
BLOCK = 320           # 20 ms blocks: latency ≈ 20 ms + the lip-sync's own look-ahead


class MicDriver:
    """Voice → mouth pose for a `RenderWorker`. `feed()` can be called directly (tests, files)."""

    def __init__(self, worker, profile=None, *, sample_rate: int = RATE,
                 on_event: Callable[[str, str], None] | None = None,
                 strength: float | None = None, smoothing: float | None = None,
                 device: str | int | None = None):
        from studio.speech.audio_lipsync import StreamingLipSync
        d = profile.dynamic if profile is not None else None
        if strength is None:
            strength = d.lipsync_strength if d else 1.0
        if smoothing is None:
            smoothing = d.lipsync_smoothing if d else 0.5
        self.worker = worker              # anything with set_mic(pose | None)
        self.rate = int(sample_rate)
        self.device = device or None      # None: the system's default input
        self.lipsync = StreamingLipSync(self.rate, strength=strength, smoothing=smoothing)
        self.level = 0.0                  # peak of the newest block, 0..1 (for a meter)
        self.problem = ""                 # why the last start() failed
        self.on_event = on_event
        self._blocks: queue.Queue = queue.Queue(maxsize=50)     # ~1 s of audio at most
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stream = None
        self.overflows = 0

    def _emit(self, kind: str, message: str) -> None:
        log.info("microphone %s: %s", kind, message)
        if self.on_event is not None:
            self.on_event(kind, message)

    def feed(self, block: np.ndarray) -> dict[str, float] | None:
        """Push N float32 mono samples; sends (and returns) the newest mouth pose, if any."""
        block = np.asarray(block, np.float32).reshape(-1)
        self.level = float(np.abs(block).max()) if len(block) else 0.0
        _, poses = self.lipsync.push(block)
        if len(poses) == 0:
            return None
        row = poses[-1]
        pose = {n: float(row[INDEX[n]]) for n in ARTICULATION}
        self.worker.set_mic(pose)
        return pose

    # ---- live -------------------------------------------------------------------------------
    def start(self) -> bool:
        """Open the default input device. False (with an 'unavailable' event) when there is none."""
        try:
            from studio.audio_device import sounddevice
            self._stream = sounddevice().InputStream(samplerate=self.rate, channels=1, dtype="float32",
                                          blocksize=BLOCK, device=self.device,
                                          callback=self._callback)
            self._stream.start()
        except Exception as exc:          # OSError: no PortAudio; PortAudioError: no device
            self._stream = None
            self.problem = f"{exc.__class__.__name__}: {exc}"
            self._emit("unavailable", f"no microphone ({exc.__class__.__name__}: {exc}); "
                                      "connect one or check the system's sound settings")
            return False
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="mic-lipsync", daemon=True)
        self._thread.start()
        self._emit("opened", f"microphone at {self.rate} Hz")
        return True

    def _callback(self, indata, frames, time_info, status):     # PortAudio thread: copy only
        try:
            self._blocks.put_nowait(indata[:, 0].copy())
        except queue.Full:
            self.overflows += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                block = self._blocks.get(timeout=0.1)
            except queue.Empty:
                continue
            try:
                self.feed(block)
            except Exception:
                log.exception("microphone lip-sync failed")

    @property
    def alive(self) -> bool:
        """Whether the input stream is open and running (False after a device was lost)."""
        stream = self._stream
        try:
            return stream is not None and bool(stream.active)
        except Exception:
            return False

    def stop(self) -> None:
        self._stop.set()
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:             # a stream whose device is gone may refuse to stop
                log.info("closing the microphone failed", exc_info=True)
            self._stream = None
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self.worker.set_mic(None)


class AudioFileMic:
    """Feeds `samples` (float32 mono at `RATE`) to a `MicDriver` as a microphone would, block by
    block at the pace of `clock` (sample 0 plays at clock time `start`). Events: 'opened',
    'ended' (the mouth returns to the performance), 'stopped'."""

    def __init__(self, driver: MicDriver, samples: np.ndarray, clock, *, start: float = 0.0,
                 loop: bool = False, name: str = "audio file",
                 on_event: Callable[[str, str], None] | None = None):
        self.driver, self.clock, self.loop, self.name = driver, clock, loop, name
        self.samples = np.asarray(samples, np.float32).reshape(-1)
        self.start_t = float(start)
        self.on_event = on_event
        self.pos = 0
        self.ended = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _emit(self, kind: str, message: str) -> None:
        log.info("audio input %s: %s", kind, message)
        if self.on_event is not None:
            try:
                self.on_event(kind, message)
            except Exception:
                log.exception("audio input event callback failed")

    def step(self) -> int:
        """Feed every whole block due by now; returns how many were fed."""
        due = int((self.clock.now() - self.start_t) * self.driver.rate)
        fed = 0
        while not self.ended and self.pos + BLOCK <= due:
            if self.pos >= len(self.samples):
                if self.loop:
                    self.start_t += len(self.samples) / self.driver.rate
                    due -= len(self.samples)
                    self.pos = 0
                    continue
                self.ended = True
                self.driver.worker.set_mic(None)
                self._emit("ended", f"end of {self.name}")
                break
            block = self.samples[self.pos:self.pos + BLOCK]
            if len(block) < BLOCK:
                block = np.pad(block, (0, BLOCK - len(block)))
            self.driver.feed(block)
            self.pos += BLOCK
            fed += 1
        return fed

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="audio-file-mic", daemon=True)
        self._thread.start()
        self._emit("opened", f"{self.name}, {len(self.samples) / self.driver.rate:.1f} s "
                             f"as the microphone{' (looping)' if self.loop else ''}")

    def _run(self) -> None:
        while not self._stop.wait(BLOCK / self.driver.rate / 2):
            try:
                self.step()
            except Exception:
                log.exception("audio file lip-sync failed")
            if self.ended:
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self.driver.worker.set_mic(None)
