"""A helper process that renders frames with a copy of an engine.

Rendering a frame is mostly Python and NumPy work that holds the GIL, so a render thread
takes the interpreter from every other thread of its process (a window's event loop, an
encoder feeding on its frames) for most of each frame. A helper process renders as fast and
leaves this process's GIL alone. It gets a pickled copy of the engine (the same photo,
appearance and caches, so it draws the same pixels), appearance edits as they happen, and
requests for frames by index; a thread here receives the frames. Users:
`studio.export.frame_farm` (an export's frames on two cores) and the studio's preview
(`studio.runtime.process_render`).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading

import numpy as np

log = logging.getLogger(__name__)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def allowed() -> bool:
    """A helper may run: two cores or more, not inside a daemonic pool worker (a batch
    worker already has its core, and may not start processes), not turned off with
    AVATAR_STUDIO_RENDER_HELPER=0."""
    return (cores() >= 2 and os.environ.get("AVATAR_STUDIO_RENDER_HELPER", "1") != "0"
            and not multiprocessing.current_process().daemon)


class RenderHelper:
    """A helper process with a copy of an engine, and the thread here that receives its
    frames. Frames are asked for by index and come back by index, in the order asked."""

    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.frames: dict[int, np.ndarray] = {}
        self.cond = threading.Condition()
        self.alive = True
        self.problem = ""
        self.engine_sent = threading.Event()     # the engine has gone down the pipe
        self._handing: threading.Thread | None = None
        self.reader = threading.Thread(target=self._read, name="render-helper-reader", daemon=True)
        self.reader.start()

    @classmethod
    def start(cls):
        try:
            ctx = multiprocessing.get_context("spawn")
            ours, theirs = ctx.Pipe()
            process = ctx.Process(target=_serve, args=(theirs,), name="render-helper", daemon=True)
            process.start()
            theirs.close()
            return cls(process, ours)
        except Exception as exc:            # no processes allowed here, out of resources…
            log.warning("no render helper: %r", exc)
            return None

    @staticmethod
    def pickled(engine) -> bytes | None:
        """The engine as the helper takes it, or None (logged) when it cannot be copied."""
        try:
            return pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:             # an engine that cannot be copied renders alone
            log.info("render helper not used: the engine cannot be pickled (%r)", exc)
            return None

    def send_engine(self, blob: bytes) -> bool:
        """Hand the helper its engine (blocks until the new process reads it)."""
        sent = self._send(("engine", blob))
        self.engine_sent.set()
        return sent

    def hand_over(self, engine) -> bool:
        """Give the helper a copy of `engine` without waiting: pickled here, sent on a thread,
        since a helper that has just started reads it only once its imports are done (~0.5 s
        this process can spend rendering). Ask for frames once `engine_sent` is set."""
        blob = self.pickled(engine)
        if blob is None:
            return False
        self._handing = threading.Thread(target=self.send_engine, args=(blob,),
                                         name="render-helper-engine", daemon=True)
        self._handing.start()
        return True

    def request(self, chunk, poses, size) -> bool:
        return self._send(("frames", list(chunk), poses, size))

    def set_static(self, static) -> bool:
        """The copy takes an appearance edit (as `engine.set_static` does here)."""
        return self._send(("static", static))

    def _send(self, message) -> bool:
        try:
            self.conn.send(message)
            return True
        except (OSError, EOFError, ValueError) as exc:
            self._died(f"cannot send: {exc!r}")
            return False

    def _read(self) -> None:
        try:
            while True:
                message = self.conn.recv()
                if message[0] == "frame":
                    with self.cond:
                        self.frames[message[1]] = message[2]
                        self.cond.notify_all()
                else:                         # ("error", text)
                    self._died(message[1])
                    return
        except (EOFError, OSError) as exc:
            self._died(f"the process ended ({exc.__class__.__name__})")

    def _died(self, why: str) -> None:
        with self.cond:
            if self.alive:
                self.alive, self.problem = False, why
            self.cond.notify_all()

    def collect(self, ready: dict) -> None:
        """Move every frame that has come into `ready`."""
        with self.cond:
            ready.update(self.frames)
            self.frames.clear()

    def wait(self, i: int, ready: dict) -> bool:
        """Block until frame i came (into `ready`); False when the helper stopped first."""
        with self.cond:
            while i not in self.frames and self.alive:
                self.cond.wait(1.0)
            ready.update(self.frames)
            self.frames.clear()
        return i in ready

    def close(self) -> None:
        if self._handing is not None:             # one sender at a time on the pipe
            self._handing.join(10.0)
        try:
            self.conn.send(None)
        except Exception:
            pass
        self.process.join(2.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2.0)
        self.conn.close()
        self._died("closed")


def _serve(conn) -> None:
    """The helper process: take an engine, render the frames asked for, until told to stop."""
    from studio.render.process_setup import set_up
    set_up()                              # one core each: the other process has the other
    engine = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            if message[0] == "engine":
                engine = pickle.loads(message[1])
            elif message[0] == "static":
                engine.set_static(message[1])
            else:
                _, indices, poses, size = message
                for i, pose in zip(indices, poses):
                    conn.send(("frame", i, engine.render(pose, size=size)))
        except Exception as exc:
            import traceback
            conn.send(("error", f"{exc!r}\n{traceback.format_exc()}"))
            return
