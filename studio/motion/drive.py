"""Motion transfer: a recorded face's relative motion as a performance for another avatar.

The driving video is decoded with PyAV; each frame is tracked (Face Mesh, video mode) and turned
into expression parameters relative to the first frame that shows a face (the clip's own
neutral), so the avatar copies *changes* — a jaw drop, a blink, a head turn — not the other
person's face shape. Frames without a face ease back to rest (`webcam.WebcamDriver`). The
clip's audio, if any, becomes the performance's audio, so the output talks with it.

`DrivenPerformance` has the same surface as `performance.Performance` (duration, audio,
sample_rate, words, pose_at, frame_times), so `studio.export.video.export_video` renders it.
"""
from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from studio.errors import Cancelled, UserError
from studio.params import NAMES, ParamTrack, Pose, from_vector, to_vector

MAX_SECONDS = 600.0
TRACK_SIDE = 640          # frames are tracked at most this large (long side): faster, as accurate
AUDIO_RATE = 48000


@dataclass(frozen=True, eq=False)
class DrivenPerformance:
    """The tracked motion (`track`, T×P at the clip's frame rate) and the clip's audio."""
    duration: float
    track: ParamTrack
    audio: np.ndarray | None = None          # N float32 mono in -1..1
    sample_rate: int = AUDIO_RATE
    words: tuple = ()

    def pose_at(self, t: float) -> Pose:
        """Linear interpolation of the tracked motion (a pure function of t)."""
        return from_vector(self.track.vector_at(t))

    def frame_times(self, fps: float) -> np.ndarray:
        n = max(1, int(math.ceil(self.duration * fps - 1e-9)))
        return np.arange(n, dtype=np.float64) / fps


def _open(path: Path):
    return open_video(path, "driving video", "; the driving clip must show a face")


def open_video(path: Path, label: str = "video", no_video_hint: str = ""):
    """An open PyAV container for a clip with a video stream; UserError (worded with `label`)
    when the file is missing, unreadable or holds no video."""
    import av
    if not os.path.isfile(path):         # False (not an error) for a name too long
        raise UserError(f"{label} {path} not found")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        raise UserError(f"cannot read {path.name} as a video; use an MP4, MOV, WebM or AVI clip") from None
    if not container.streams.video:
        container.close()
        raise UserError(f"{path.name} has no video stream{no_video_hint}")
    return container


def _small(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    scale = TRACK_SIDE / max(h, w)
    if scale >= 1:
        return rgb
    import cv2
    return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def track_video(path: str | Path, *, sensitivity: float = 1.0,
                progress: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None) -> tuple[ParamTrack, float]:
    """Expression parameters of the face in each frame, relative to the first face seen.

    Returns (track at the clip's frame rate, clip duration in seconds). Raises UserError when
    the clip is unreadable, too long, or shows no face at all."""
    from studio.motion.webcam import WebcamDriver
    from studio.quiet import native_stderr_to_log

    path = Path(path)
    container = _open(path)
    stream = container.streams.video[0]
    fps = float(stream.average_rate or stream.guessed_rate or 30)
    start = float(stream.start_time * stream.time_base) if stream.start_time is not None else 0.0
    total = float(stream.duration * stream.time_base) if stream.duration else \
        (container.duration / 1e6 if container.duration else 0.0)
    if total > MAX_SECONDS:
        container.close()
        raise UserError(f"{path.name} is {total:.0f} s long; driving clips can be up to "
                        f"{MAX_SECONDS:.0f} s — trim it first")
    driver = WebcamDriver(sensitivity=sensitivity, ease_in=0.0, smooth=False)
    times, rows, faces = [], [], 0
    try:
        # MediaPipe's graph threads print to stderr while frames flow: keep it in the log.
        with native_stderr_to_log():
            for frame in container.decode(stream):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                t = (float(frame.pts * stream.time_base) - start) if frame.pts is not None else len(times) / fps
                sample = driver.update(_small(frame.to_ndarray(format="rgb24")), t)
                faces += bool(sample and sample.face)
                pose = {} if sample is None else {k: v * sample.weight for k, v in sample.pose.items()}
                times.append(t)
                rows.append(to_vector(pose))
                if progress is not None and total:
                    progress(min(1.0, t / total))
                if t > MAX_SECONDS:
                    raise UserError(f"{path.name} is longer than {MAX_SECONDS:.0f} s; trim it first")
    finally:
        container.close()
        driver.close()
    if not faces:
        raise UserError(f"no face found in {path.name}; use a clip where one face looks at the camera")
    times_a = np.array(times)
    rows_a = zero_lag_smooth(times_a, np.array(rows))
    return _uniform(times_a, rows_a, fps), max(times[-1] + 1.0 / fps, 1.0 / fps)


def zero_lag_smooth(times: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The webcam's One-Euro smoothing (same settings) run forwards and backwards over a whole
    clip and averaged: as steady as live tracking, without its lag (T×P in, T×P out)."""
    from studio.motion.filters import PoseFilter
    def one_way(ts, rs):
        f = PoseFilter()
        return np.array([to_vector(f(dict(zip(NAMES, r)), t)) for t, r in zip(ts, rs)])
    forward = one_way(times, rows)
    backward = one_way(times[-1] - times[::-1], rows[::-1])[::-1]
    return (forward + backward) / 2


def _uniform(times: np.ndarray, rows: np.ndarray, fps: float) -> ParamTrack:
    """Poses at (possibly irregular) frame times → a track sampled at exactly `fps`."""
    order = np.argsort(times)
    times, rows = times[order], rows[order]
    n = max(1, int(round(times[-1] * fps)) + 1)
    grid = np.arange(n) / fps
    cols = [np.interp(grid, times, rows[:, k]) for k in range(len(NAMES))]
    return ParamTrack(fps, np.stack(cols, axis=1).astype(np.float32))


def read_audio(path: str | Path, rate: int = AUDIO_RATE) -> np.ndarray | None:
    """The clip's first audio stream as N float32 mono at `rate`, aligned with the video's
    start; None when the clip has no audio."""
    import av
    container = _open(Path(path))
    try:
        if not container.streams.audio:
            return None
        audio, video = container.streams.audio[0], container.streams.video[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks = []
        for frame in container.decode(audio):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
        if not chunks:
            return None
        samples = np.concatenate(chunks).astype(np.float32)
        # Line the audio up with the first video frame (containers may start them apart).
        a0 = float(audio.start_time * audio.time_base) if audio.start_time is not None else 0.0
        v0 = float(video.start_time * video.time_base) if video.start_time is not None else 0.0
        shift = int(round((a0 - v0) * rate))
        if shift > 0:
            samples = np.concatenate([np.zeros(shift, np.float32), samples])
        elif shift < 0:
            samples = samples[-shift:]
        return np.clip(samples, -1.0, 1.0)
    finally:
        container.close()
