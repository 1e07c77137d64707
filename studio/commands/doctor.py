"""`avatar-studio doctor`: what this machine offers the studio, as plain aligned text.

Versions come from package metadata (no heavy import: torch alone costs seconds), so the
report is quick. Every probe reports "none" or "not found" with a hint instead of failing:
a machine without camera, sound card or accelerator is a valid answer.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Iterator

from studio.commands._stdout import stops_quietly_on_closed_pipe

# (label, distribution names to try in order)
PACKAGES = (
    ("PySide6", ("PySide6-Essentials", "PySide6")),
    ("numpy", ("numpy",)),
    ("opencv", ("opencv-contrib-python", "opencv-python", "opencv-python-headless")),
    ("mediapipe", ("mediapipe",)),
    ("onnxruntime", ("onnxruntime", "onnxruntime-directml", "onnxruntime-gpu")),
    ("torch", ("torch",)),
    ("av", ("av",)),
    ("Pillow", ("Pillow", "pillow")),
    ("soundfile", ("soundfile",)),
    ("sounddevice", ("sounddevice",)),
    ("espeakng-loader", ("espeakng-loader",)),
)
KEY_WIDTH = 18
CAMERA_INDICES = range(4)


def add_parser(sub) -> None:
    sub.add_parser("doctor", help="report versions, accelerators, cameras, audio devices and models",
                   description="Report what this machine offers Avatar Studio: Python and package "
                               "versions, ONNX Runtime providers, cameras, audio devices, eSpeak NG, "
                               "the model directory and the log file.")


@stops_quietly_on_closed_pipe
def run(args) -> int:
    from studio import __version__

    print(f"Avatar Studio {__version__}")
    for title, rows in SECTIONS:
        print()
        print(title)
        for key, value in rows():
            print(f"  {key:<{KEY_WIDTH}}{value}")
    return 0


def _python() -> Iterator[tuple[str, str]]:
    import platform

    yield "version", f"{platform.python_version()} ({platform.python_implementation()})"
    yield "executable", sys.executable
    yield "platform", platform.platform(terse=True)


def _packages() -> Iterator[tuple[str, str]]:
    from studio.packages import installed_version

    for label, dists in PACKAGES:
        found = "not installed"
        for dist in dists:
            version = installed_version(dist)
            if version:
                found = version + (f" ({dist})" if dist != dists[0] else "")
                break
        yield label, found


def _onnx() -> Iterator[tuple[str, str]]:
    from studio.runtime.providers import provider_report
    from studio.settings import load_settings

    preferred = load_settings().accelerator
    report = provider_report(preferred)
    yield "available", ", ".join(report["available"]) or "none"
    yield "chosen", ", ".join(report["chosen"]) or "none"
    yield "preference", f"{preferred} (settings)"
    yield "why", report["reason"]


def _cameras() -> Iterator[tuple[str, str]]:
    found = list(_probe_cameras())
    if not found:
        yield "found", "none (the webcam features need a camera)"
    for index, detail in found:
        yield f"camera {index}", detail


def _probe_cameras() -> Iterator[tuple[int, str]]:
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")     # "can't open camera by index" noise
    os.environ.setdefault("OPENCV_VIDEOIO_DEBUG", "0")
    from studio.quiet import native_stderr_to_log

    with native_stderr_to_log():
        import cv2
        backend = {"win32": cv2.CAP_DSHOW, "darwin": cv2.CAP_AVFOUNDATION}.get(sys.platform, cv2.CAP_ANY)
        deadline = time.monotonic() + 2.0
        for index in CAMERA_INDICES:
            # On Linux a missing /dev/videoN means no camera there: skip the slow open.
            if sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists():
                continue
            if time.monotonic() > deadline:
                break
            cap = cv2.VideoCapture(index, backend)
            try:
                if cap.isOpened():
                    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
                    yield index, f"{w}x{h}" if w and h else "available"
            finally:
                cap.release()


def _audio() -> Iterator[tuple[str, str]]:
    try:
        import sounddevice
    except OSError:
        yield "devices", "none (PortAudio not installed)"
        return
    except ImportError:
        yield "devices", "none (sounddevice not installed)"
        return
    try:
        devices = list(sounddevice.query_devices())
    except Exception as exc:   # PortAudio errors are not a single type; none is a valid answer
        yield "devices", f"none ({exc})"
        return
    inputs = [d["name"] for d in devices if d.get("max_input_channels", 0) > 0]
    outputs = [d["name"] for d in devices if d.get("max_output_channels", 0) > 0]
    yield "input", ", ".join(inputs) or "none"
    yield "output", ", ".join(outputs) or "none"


def _espeak() -> Iterator[tuple[str, str]]:
    import ctypes

    try:
        import espeakng_loader
        library = Path(espeakng_loader.get_library_path())
        data = Path(espeakng_loader.get_data_path())
    except (ImportError, OSError) as exc:
        yield "library", f"not found ({exc}); reinstall Avatar Studio"
        return
    try:
        ctypes.CDLL(str(library))
        yield "library", f"{library} (loads)"
    except OSError as exc:
        yield "library", f"{library} does not load: {exc}"
    yield "voice data", f"{data}" + ("" if data.is_dir() else " (missing)")


def _models() -> Iterator[tuple[str, str]]:
    import json

    from studio.settings import model_dir

    folder = model_dir()
    yield "directory", f"{folder}" + ("" if folder.is_dir() else " (not created yet)")
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        yield "manifest", "none (no optional models installed; the default path needs none)"
        return
    try:
        data = json.loads(manifest.read_text("utf-8"))
        entries = data.get("models", data) if isinstance(data, dict) else data
        files = [e.get("file") for e in (entries.values() if isinstance(entries, dict) else entries)
                 if isinstance(e, dict)]
        present = sum(1 for f in files if f and (folder / f).is_file())
        yield "manifest", f"{len(files)} models listed, {present} present"
    except (OSError, ValueError, AttributeError) as exc:
        yield "manifest", f"unreadable ({exc})"


def _paths() -> Iterator[tuple[str, str]]:
    from studio.logs import log_dir
    from studio.settings import config_dir, data_dir, settings_path

    yield "log file", str(log_dir() / "studio.log")
    yield "settings", str(settings_path()) + ("" if settings_path().is_file() else " (defaults)")
    yield "config folder", str(config_dir())
    yield "data folder", str(data_dir())


SECTIONS = (
    ("Python", _python),
    ("Packages", _packages),
    ("ONNX Runtime", _onnx),
    ("Cameras", _cameras),
    ("Audio devices", _audio),
    ("eSpeak NG", _espeak),
    ("Models", _models),
    ("Files", _paths),
)
