"""Rendering an export's frames on two cores: this process and one helper process.

Rendering a frame is mostly Python and NumPy work that holds the GIL, so a second thread
gains little; a second process renders as fast as the first. The helper gets a pickled copy
of the engine (same photo, appearance and caches, so it draws the same pixels) and chunks of
poses; it sends frames back over a pipe. This process renders the chunks the helper has not
taken and hands every frame on in order. When the helper cannot start, cannot take the
engine or dies, its chunks are rendered here: the export never depends on it.

`prestart()` launches the helper early (the `say` command does it before loading the avatar,
so the helper's interpreter and imports overlap with that); `render_in_order` uses it, or
starts one itself for a long export. Pool workers of a batch never start one (each already
has its core).
"""
from __future__ import annotations

import logging
from collections import deque
from typing import Callable

import numpy as np

from studio.render.helper_process import RenderHelper, allowed

log = logging.getLogger(__name__)

CHUNK = 6                     # frames per request: fewer pipe round trips, little reordering
AHEAD = 2                     # chunks the helper holds at once
MIN_FRAMES_TO_START = 150     # a helper started on demand pays ~0.5 s before its first frame
_prestarted: list = []


def prestart() -> None:
    """Start the helper now, for an export that follows in this process."""
    if allowed() and not _prestarted:
        helper = RenderHelper.start()
        if helper is not None:
            _prestarted.append(helper)


def _take_helper(n_frames: int):
    if _prestarted:
        return _prestarted.pop()
    if n_frames >= MIN_FRAMES_TO_START and allowed():
        return RenderHelper.start()
    return None


def render_in_order(engine, pose_at: Callable[[int], dict], n_frames: int, size: int,
                    deliver: Callable[[int, np.ndarray], None], check: Callable[[], None]) -> None:
    """Render frames 0…n-1 (`pose_at(i)` → pose) at size×size and call `deliver(i, rgba)` in
    order. `check()` runs between frames and may raise (cancel, encoder error)."""
    helper = _take_helper(n_frames)
    if helper is not None and not helper.hand_over(engine):
        helper.close()
        helper = None
    try:
        _Farm(engine, pose_at, n_frames, size, deliver, check, helper).run()
    finally:
        if helper is not None:
            helper.close()


class _Farm:
    """One export's frames shared between this process and the helper (or None)."""

    def __init__(self, engine, pose_at, n_frames, size, deliver, check, helper):
        self.engine, self.pose_at, self.size = engine, pose_at, size
        self.deliver, self.check, self.helper = deliver, check, helper
        self.chunks = deque(range(a, min(a + CHUNK, n_frames)) for a in range(0, n_frames, CHUNK))
        self.n = n_frames
        self.ready: dict[int, np.ndarray] = {}
        self.sent: deque = deque()                # chunks the helper holds, oldest first
        self.nxt = 0                              # the next frame to deliver

    def run(self) -> None:
        while self.nxt < self.n:
            self.check()
            self._feed_helper()
            frame = self.ready.pop(self.nxt, None)
            if frame is not None:
                self.deliver(self.nxt, frame)
                self.nxt += 1
            elif self.chunks:
                self._render_here(self.chunks.popleft())
            else:
                self._wait_for_helper()

    def _feed_helper(self) -> None:
        h = self.helper
        if h is None:
            return
        if not h.engine_sent.is_set():            # still starting: this process renders
            return
        if not h.alive:
            self._lose_helper()
            return
        h.collect(self.ready)
        while self.sent and (self.sent[0][-1] < self.nxt or self.sent[0][-1] in self.ready):
            self.sent.popleft()                   # frames come in order: the last one ends it
        while len(self.sent) < AHEAD and self.chunks:
            chunk = self.chunks.popleft()
            if not h.request(chunk, [self.pose_at(i) for i in chunk], self.size):
                self._lose_helper(extra=chunk)
                return
            self.sent.append(chunk)

    def _render_here(self, chunk) -> None:
        for i in chunk:
            self.check()
            if i < self.nxt or i in self.ready:       # the helper sent it before it stopped
                continue
            self.ready[i] = self.engine.render(self.pose_at(i), size=self.size)

    def _wait_for_helper(self) -> None:
        if self.helper is None:
            raise RuntimeError(f"frame {self.nxt} was never rendered")
        if not self.helper.wait(self.nxt, self.ready):
            self._lose_helper()

    def _lose_helper(self, extra=None) -> None:
        """The helper stopped: what it held is rendered here."""
        log.warning("render helper stopped (%s); rendering its frames here", self.helper.problem)
        self.helper.close()
        self.helper = None
        back = [c for c in self.sent] + ([extra] if extra is not None else [])
        self.sent.clear()
        for chunk in reversed(back):
            self.chunks.appendleft(chunk)
