"""Microphone lip-sync as a live input: the mouth follows the user's voice.

The PortAudio callback only copies blocks into a bounded queue; a small thread runs the
streaming audio lip-sync (`studio.speech.audio_lipsync.StreamingLipSync`) and hands the newest
mouth pose to the render worker (`set_mic`). Combined with the webcam, the mouth comes from the
microphone and the rest of the face from the camera (`performance.apply_live`).

No microphone, or no PortAudio at all, is an event ('unavailable'), never a crash.
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
                 on_event: Callable[[str, str], None] | None = None):
        from studio.speech.audio_lipsync import StreamingLipSync
        d = profile.dynamic if profile is not None else None
        self.worker = worker
        self.rate = int(sample_rate)
        self.lipsync = StreamingLipSync(self.rate, strength=d.lipsync_strength if d else 1.0,
                                        smoothing=d.lipsync_smoothing if d else 0.5)
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
        _, poses = self.lipsync.push(np.asarray(block, np.float32).reshape(-1))
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
            import sounddevice as sd
            self._stream = sd.InputStream(samplerate=self.rate, channels=1, dtype="float32",
                                          blocksize=BLOCK, callback=self._callback)
            self._stream.start()
        except Exception as exc:          # OSError: no PortAudio; PortAudioError: no device
            self._stream = None
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

    def stop(self) -> None:
        self._stop.set()
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self.worker.set_mic(None)
