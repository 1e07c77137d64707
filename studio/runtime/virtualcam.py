"""The avatar as a camera for Zoom, Meet, Teams, Discord (docs/LIVE.md): a live-session sink
that hands frames to `pyvirtualcam` (an optional extra: `pip install 'avatar-studio[virtualcam]'`).

pyvirtualcam talks to OBS Studio's Virtual Camera on Windows and macOS and to a v4l2loopback
device on Linux. It takes H×W×3 uint8 RGB frames of exactly the size it was opened with, so
the avatar's alpha is flattened onto a background colour here (call apps cannot take alpha).

Frames are sent from the sink's own thread at the camera's frame rate; the render thread only
hands over a reference. When the consumer side goes away (OBS closed, the loopback device
removed) `send` fails: the sink reports 'lost', closes, and reopens every `retry_s` seconds
until it works again ('restored'). `missing_backend()` says, in one line, what to install.
"""
from __future__ import annotations

import glob
import logging
import sys
import threading
from pathlib import Path
from typing import Callable

import numpy as np

from studio.errors import UserError

log = logging.getLogger(__name__)

EXTRA = "pip install 'avatar-studio[virtualcam]'"


def _backend_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("the v4l2loopback kernel module (Debian/Ubuntu: sudo apt install v4l2loopback-dkms "
                "&& sudo modprobe v4l2loopback devices=1 exclusive_caps=1 card_label=Avatar)")
    if sys.platform == "darwin":
        return "OBS Studio 30 or later, then start its Virtual Camera once (https://obsproject.com)"
    return "OBS Studio 30 or later (its Virtual Camera, https://obsproject.com)"


def loopback_devices() -> list[str]:
    """Linux: /dev/videoN devices that belong to v4l2loopback (empty elsewhere)."""
    found = []
    for name in sorted(glob.glob("/sys/devices/virtual/video4linux/video*")):
        try:
            label = (Path(name) / "name").read_text().strip()
        except OSError:
            label = ""
        found.append(f"/dev/{Path(name).name}" + (f" ({label})" if label else ""))
    return found


def missing_backend(module=None) -> str | None:
    """None when a virtual camera can be opened as far as can be told without opening one,
    else one line naming exactly what to install. `module` replaces `pyvirtualcam` (tests)."""
    if module is None:
        try:
            import pyvirtualcam as module        # noqa: F401
        except ImportError:
            return (f"no virtual camera: the pyvirtualcam package is not installed; install it "
                    f"with: {EXTRA} — and {_backend_hint()}")
    if sys.platform.startswith("linux") and not loopback_devices():
        return f"no virtual camera: no v4l2loopback device; install {_backend_hint()}"
    return None


def parse_colour(text: str) -> tuple[int, int, int]:
    t = text.strip().lstrip("#")
    if len(t) == 3:
        t = "".join(c * 2 for c in t)
    try:
        if len(t) != 6:
            raise ValueError
        return int(t[0:2], 16), int(t[2:4], 16), int(t[4:6], 16)
    except ValueError:
        raise UserError(f"{text!r} is not a colour; use #rrggbb (e.g. #00b140)") from None


def flatten(rgba: np.ndarray, background: tuple[int, int, int]) -> np.ndarray:
    """H×W×4 straight-alpha RGBA over a solid colour → C-contiguous H×W×3 uint8 RGB."""
    a = rgba[..., 3:4]
    if a.min() == 255:
        return np.ascontiguousarray(rgba[..., :3])
    a = a.astype(np.float32) * (1.0 / 255.0)
    bg = np.asarray(background, np.float32)
    out = rgba[..., :3].astype(np.float32) * a + bg * (1.0 - a)
    return np.ascontiguousarray((out + 0.5).astype(np.uint8))


class VirtualCamera:
    """A live-session sink: `sink(frame)` keeps the newest frame; a thread sends it.

    `camera_factory(width, height, fps)` opens the backend (default: `pyvirtualcam.Camera` with
    RGB frames); it returns an object with `send(rgb)`, `close()` and optionally `device`."""

    def __init__(self, width: int, height: int, fps: float, *,
                 background: tuple[int, int, int] = (0, 0, 0),
                 on_event: Callable[[str, str], None] | None = None,
                 camera_factory: Callable | None = None, retry_s: float = 2.0):
        self.width, self.height, self.fps = int(width), int(height), float(fps)
        self.background = background
        self.on_event = on_event
        self.retry_s = retry_s
        self._factory = camera_factory or _pyvirtualcam_factory
        self._frame = None
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cam = None
        self.sent = 0
        self.device = ""

    def __call__(self, frame) -> None:                      # render thread: hand over only
        with self._cond:
            self._frame = frame
            self._cond.notify()

    def _emit(self, kind: str, message: str) -> None:
        log.info("virtual camera %s: %s", kind, message)
        if self.on_event is not None:
            try:
                self.on_event(kind, message)
            except Exception:
                log.exception("virtual camera event callback failed")

    def open(self) -> None:
        """Open the backend now (UserError with what to install when there is none)."""
        try:
            self._cam = self._factory(self.width, self.height, self.fps)
        except UserError:
            raise
        except Exception as exc:
            hint = missing_backend()
            why = " ".join(str(exc).split())          # pyvirtualcam lists one line per backend
            raise UserError(hint or f"the virtual camera could not be opened ({why}); "
                                    f"close other apps that use it, or install {_backend_hint()}") from None
        self.device = str(getattr(self._cam, "device", "") or "")
        self._emit("opened", f"{self.device or 'virtual camera'} {self.width}x{self.height} "
                             f"at {self.fps:g} frames/s")

    def start(self) -> None:
        if self._cam is None:
            self.open()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="virtual-camera", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last_index = -1
        lost = False
        while not self._stop.is_set():
            with self._cond:
                self._cond.wait_for(lambda: self._stop.is_set() or (
                    self._frame is not None and self._frame.index != last_index), timeout=0.5)
                frame = self._frame
            if self._stop.is_set():
                break
            if lost:
                if self._stop.wait(self.retry_s):
                    break
                try:
                    self._cam = self._factory(self.width, self.height, self.fps)
                except Exception as exc:
                    log.info("virtual camera still unavailable: %r", exc)
                    continue
                lost = False
                self._emit("restored", "the virtual camera is back")
            if frame is None or frame.index == last_index:
                continue
            last_index = frame.index
            rgb = flatten(frame.rgba, self.background)
            if rgb.shape[:2] != (self.height, self.width):
                import cv2
                rgb = cv2.resize(rgb, (self.width, self.height), interpolation=cv2.INTER_AREA)
            try:
                self._cam.send(rgb)
                self.sent += 1
            except Exception as exc:
                lost = True
                self._emit("lost", f"the virtual camera stopped taking frames ({exc}); "
                                   "retrying until it is back")
                self._close()

    def _close(self) -> None:
        cam, self._cam = self._cam, None
        if cam is not None:
            try:
                cam.close()
            except Exception:
                log.info("closing the virtual camera failed", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self._close()


def _pyvirtualcam_factory(width: int, height: int, fps: float):
    missing = missing_backend()
    if missing:
        raise UserError(missing)
    import pyvirtualcam
    return pyvirtualcam.Camera(width=width, height=height, fps=fps, fmt=pyvirtualcam.PixelFormat.RGB)
