"""Microphone lip-sync for the live preview: a thin adapter over the Qt-free
`studio.runtime.mic.MicDriver` (the same path as `avatar-studio live --mic`): the PortAudio
callback only copies blocks, a small thread runs the streaming lip-sync, and the newest mouth
pose goes to `sink(pose | None)` (the render worker's `set_mic`). Nothing here touches a widget;
the GUI pulls `level` for its meter."""
from __future__ import annotations

import logging

import numpy as np

from studio.errors import UserError
from studio.runtime.mic import BLOCK, RATE, MicDriver

log = logging.getLogger("studio.ui")

__all__ = ["BLOCK", "RATE", "MicLipSync"]


class _Sink:
    """What MicDriver calls `worker`: only `set_mic` is used."""

    def __init__(self, sink):
        self.set_mic = sink


class MicLipSync:
    """Audio blocks in (`feed`), poses out to `sink(pose | None)`."""

    def __init__(self, sink, strength: float = 1.0, smoothing: float = 0.5, rate: int = RATE):
        self.sink = sink
        self.rate = rate
        self.driver = MicDriver(_Sink(self._send), sample_rate=rate, strength=strength,
                                smoothing=smoothing)
        self.lipsync = self.driver.lipsync
        self.poses_sent = 0

    def _send(self, pose) -> None:
        if pose is not None:
            self.poses_sent += 1
        self.sink(pose)

    @property
    def level(self) -> float:
        """Peak of the newest block, 0..1 (for a meter)."""
        return self.driver.level

    def feed(self, block: np.ndarray) -> None:
        """N float32 mono samples at `rate` (tests; the live stream feeds the driver itself)."""
        self.driver.feed(block)

    def start(self, device: str | None = None) -> None:
        self.driver.device = device or None
        if not self.driver.start():
            raise UserError("no microphone could be opened: connect one, allow the app to use "
                            f"it, or choose another in Preferences ({self.driver.problem})")

    def stop(self) -> None:
        self.driver.stop()                  # sends None: the mouth returns to the performance
