"""Microphone lip-sync for the live preview: a sounddevice input stream feeds the speech package's
`StreamingLipSync` on the audio thread; the newest mouth pose goes to the render worker
(`set_mic`). Nothing here touches a widget; the GUI pulls `level` for its meter."""
from __future__ import annotations

import logging
import threading

import numpy as np

from studio.errors import UserError

log = logging.getLogger("studio.ui")
RATE = 16000
BLOCK = 320                      # 20 ms blocks: latency stays near the lip-sync's own ~62 ms


class MicLipSync:
    """Audio blocks in (`feed`), poses out to `sink(pose | None)`."""

    def __init__(self, sink, strength: float = 1.0, smoothing: float = 0.5, rate: int = RATE):
        from studio.params import NAMES
        from studio.speech.audio_lipsync import StreamingLipSync
        self._names = NAMES
        self.sink = sink
        self.rate = rate
        self.lipsync = StreamingLipSync(rate, strength, smoothing)
        self.level = 0.0                 # peak of the last block, 0..1 (for a meter)
        self.poses_sent = 0
        self._stream = None
        self._lock = threading.Lock()

    def feed(self, block: np.ndarray) -> None:
        """N float32 mono samples at `rate` (called on the audio thread)."""
        block = np.asarray(block, np.float32).reshape(-1)
        self.level = float(np.abs(block).max()) if len(block) else 0.0
        with self._lock:
            _, values = self.lipsync.push(block)
        if len(values):
            row = values[-1]
            self.sink({n: float(v) for n, v in zip(self._names, row) if v != 0.0})
            self.poses_sent += 1

    def start(self, device: str | None = None) -> None:
        try:
            import sounddevice as sd
            self._stream = sd.InputStream(samplerate=self.rate, channels=1, dtype="float32",
                                          blocksize=BLOCK, device=device or None,
                                          callback=lambda data, n, t, s: self.feed(data[:, 0]))
            self._stream.start()
        except (ImportError, OSError) as exc:
            raise UserError("no microphone found: connect one and allow the app to use it "
                            f"({exc})") from None
        except Exception as exc:         # PortAudioError: no input device, busy device
            raise UserError("the microphone could not be opened: connect one, or choose "
                            f"another in Preferences ({exc})") from None

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
        self.sink(None)
