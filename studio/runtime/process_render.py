"""The live preview's render function: the engine's frames drawn in a helper process.

The render worker (`studio.runtime.render_worker`) calls a render function on its own thread.
Rendering in that thread holds the GIL for most of each frame, and a window's event loop in
the same process then waits for it at every step from Qt back into Python: painting a
timeline or a slider takes several times longer and the window stutters while the avatar
speaks. With a helper attached, `ProcessRender` sends the pose to a `RenderHelper` process
and waits for the frame (the GIL is free while it waits). The engine here stays the one the
window reads (landmarks, appearance) and takes the same appearance edits as the copy.

Frames are rendered here until `attach_helper` (run it off the GUI thread: the new process
must start before it takes the engine) has succeeded, and again if the helper stops; the
preview never depends on it.
"""
from __future__ import annotations

import logging
import threading

import numpy as np

log = logging.getLogger(__name__)


class ProcessRender:
    """`render(pose, size)` for the render worker. Appearance edits (`set_static`, any thread)
    are applied on the worker's thread before its next frame, here and in the helper."""

    def __init__(self, engine):
        self.engine = engine
        self.helper = None
        self._pending = threading.Lock()          # guards _static
        self._static = None
        self._render = threading.Lock()           # one frame or one engine copy at a time
        self._next = 0
        self._closed = False
        self.frames_in_helper = 0                 # frames the helper drew (for the benchmark)

    @property
    def in_process(self) -> bool:
        return self.helper is None

    def attach_helper(self) -> bool:
        """Start a helper with a copy of the engine; True when frames now come from it."""
        from studio.render.helper_process import RenderHelper, allowed
        if not allowed() or self._closed:
            return False
        helper = RenderHelper.start()
        if helper is None:
            return False
        with self._render:                        # not while a frame changes the engine
            blob, static = helper.pickled(self.engine), getattr(self.engine, "static", None)
        if blob is None or not helper.send_engine(blob):
            helper.close()
            return False
        with self._render:
            now = getattr(self.engine, "static", None)
            if self._closed or (now is not static and not helper.set_static(now)):
                helper.close()
                return False
            self.helper = helper
        return True

    def set_static(self, static) -> None:
        with self._pending:
            self._static = static

    def __call__(self, pose, size: int) -> np.ndarray:
        with self._pending:
            static, self._static = self._static, None
        with self._render:
            if static is not None:
                self.engine.set_static(static)
                if self.helper is not None and not self.helper.set_static(static):
                    self._lose_helper()
            if self.helper is not None:
                frame = self._remote(pose, size)
                if frame is not None:
                    return frame
            return self.engine.render(pose, size=size)

    def _remote(self, pose, size: int) -> np.ndarray | None:
        i, self._next = self._next, self._next + 1
        got: dict = {}
        if self.helper.request([i], [pose], size) and self.helper.wait(i, got):
            self.frames_in_helper += 1
            return got.pop(i)
        self._lose_helper()
        return None

    def _lose_helper(self) -> None:
        log.warning("preview render helper stopped (%s); rendering in this process",
                    self.helper.problem)
        self.helper.close()
        self.helper = None

    def close(self) -> None:
        """End the helper (frames are rendered here if any more are asked for)."""
        with self._render:
            self._closed = True
            helper, self.helper = self.helper, None
        if helper is not None:
            helper.close()
