"""Talking-video export: a performance rendered frame by frame, encoded with its soundtrack.

Formats (one enumeration, `studio.export.choices.VIDEO_FORMATS`, drives the CLI and the GUI):
- mp4:  H.264 (libx264, yuv420p, +faststart) + AAC 48 kHz — plays everywhere;
- webm: VP9 (libvpx-vp9, `yuva420p` when transparent) + Opus;
- mov:  ProRes 4444 (prores_ks, `yuva444p10le`) + AAC, for editors.

Sync: the AAC/Opus encoders start their packets at a negative timestamp (the priming
samples); those packets are muxed untouched, so the container's edit list (MP4/MOV) or codec
delay (WebM) hides the priming and the first voice sample plays with the first frame.

Rendering runs on the calling thread (one thread renders at a time); encoding and muxing run
on a worker fed through a small queue, so the two overlap.
"""
from __future__ import annotations

import contextlib
import dataclasses
import math
import queue
import threading
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterator, Protocol

import numpy as np

from studio.errors import Cancelled, UserError
from studio.export import audio as audio_mod
from studio.export.atomic import atomic_path, write_bytes_atomic
from studio.export.choices import FPS_CHOICES, SUBTITLE_MODES, VIDEO_FORMATS  # noqa: F401  (re-exported)
from studio.export.framing import FRAMINGS, Canvas, canvas_size
from studio.profile.model import DigitalHuman

MAX_SECONDS = 10 * 60


class FrameSource(Protocol):
    def render(self, pose, size: int = 512) -> np.ndarray:
        """size×size×4 uint8 RGBA, straight alpha."""


@dataclass(frozen=True, eq=False)
class VideoOptions:
    """What the video looks like beyond size and rate. Arrays: `background_image` H×W×3 uint8
    RGB shown behind a transparent render; `music` N float32 mono at 48 kHz."""
    format: str = "mp4"
    framing: str = "square"
    transparent: bool = False
    background_image: np.ndarray | None = None
    music: np.ndarray | None = None
    music_gain_db: float = -16.0
    duck_db: float = -12.0
    subtitles: tuple[str, ...] = ()          # any of "srt", "vtt", "burn"
    language: str = ""
    profile: DigitalHuman | None = None      # privacy: AI label in metadata, visible badge
    ai_badge: bool | None = None             # None: as the profile says
    crf: int = 20
    title: str = ""


@dataclass(frozen=True)
class _Spec:
    codec: str
    pix_fmt: str
    options: dict
    audio_codec: str
    container: str
    container_options: dict = field(default_factory=dict)


def _spec(fmt: str, transparent: bool, crf: int) -> _Spec:
    if fmt == "mp4":
        # superfast, not veryfast: a quarter less encoder CPU (the export's second-largest
        # cost) at the same quality (PSNR +0.5 dB on a talking clip), files about twice as
        # large (8 s at 512²: 410 KB instead of 170 KB)
        # one encoder thread: the same bytes on every machine (x264's output depends on its
        # thread count, which it takes from the cores), and frame threads only added CPU
        # where rendering already fills the cores
        return _Spec("libx264", "yuv420p", {"preset": "superfast", "crf": str(crf),
                                            "tune": "animation", "threads": "1"},
                     "aac", "mp4", {"movflags": "+faststart"})
    if fmt == "webm":
        return _Spec("libvpx-vp9", "yuva420p" if transparent else "yuv420p",
                     {"crf": str(crf + 12), "b": "0", "deadline": "realtime", "cpu-used": "8",
                      "row-mt": "1", "auto-alt-ref": "0"}, "libopus", "webm")
    return _Spec("prores_ks", "yuva444p10le" if transparent else "yuv422p10le",
                 {"profile": "4444" if transparent else "hq"}, "aac", "mov")


def _validate(duration: float, fps: int, size: int, options: VideoOptions) -> None:
    if options.format not in VIDEO_FORMATS:
        raise UserError(f"unknown video format {options.format!r}; choose one of {', '.join(VIDEO_FORMATS)}")
    if options.framing not in FRAMINGS:
        raise UserError(f"unknown framing {options.framing!r}; choose one of {', '.join(FRAMINGS)}")
    if fps not in FPS_CHOICES:
        raise UserError(f"frame rate must be one of {', '.join(map(str, FPS_CHOICES))} (got {fps})")
    if not 64 <= size <= 2048 or size % 2:
        raise UserError(f"video size must be an even number of pixels between 64 and 2048 (got {size})")
    if options.transparent and options.format == "mp4":
        raise UserError("MP4 cannot carry transparency; use --format webm or --format mov")
    if not 0 < duration <= MAX_SECONDS:
        raise UserError(f"the video would last {duration / 60:.1f} minutes; the limit is "
                        f"{MAX_SECONDS // 60} minutes — split the text or audio into parts"
                        if duration > 0 else "the video would be empty: there is nothing to show")
    bad = set(options.subtitles) - {"srt", "vtt", "burn"}
    if bad:
        raise UserError(f"unknown subtitle mode {sorted(bad)[0]!r}; choose srt, vtt or burn")


def soundtrack(performance, duration: float, options: VideoOptions) -> np.ndarray | None:
    """N float32 mono at 48 kHz covering `duration`, or None for a silent video."""
    voice = None
    if getattr(performance, "audio", None) is not None and len(performance.audio):
        voice = audio_mod.resample(performance.audio, performance.sample_rate)
    if voice is None and options.music is None:
        return None
    n = int(round(duration * audio_mod.RATE))
    return audio_mod.mix(voice, options.music, n, music_gain_db=options.music_gain_db,
                         duck_db=options.duck_db)


def _add_audio_stream(container, codec: str):
    stream = container.add_stream(codec, rate=audio_mod.RATE)
    stream.layout = "mono"
    stream.bit_rate = 128_000
    stream.time_base = Fraction(1, audio_mod.RATE)
    if codec == "aac":
        # FFmpeg's fast AAC coder: half the CPU of its default on an 8 s eSpeak clip (0.17
        # instead of 0.32 s, the export's third-largest cost) and a waveform closer to the
        # voice after decoding (SNR 45.5 instead of 29.3 dB at the same 128 kbit/s)
        stream.options = {"aac_coder": "fast"}
    return stream


def _encode_audio(stream, samples: np.ndarray) -> list:
    """All audio packets of the soundtrack, in order (timestamps as the encoder set them:
    the first is negative — the priming — and the container's edit list hides it)."""
    import av
    opus = stream.codec_context.name == "libopus"
    fmt, step = ("flt", 960) if opus else ("fltp", 1024)
    packets = []
    for pos in range(0, len(samples), step):
        chunk = np.ascontiguousarray(samples[pos:pos + step][None, :], np.float32)
        frame = av.AudioFrame.from_ndarray(chunk, format=fmt, layout="mono")
        frame.sample_rate = audio_mod.RATE
        frame.pts = pos
        frame.time_base = Fraction(1, audio_mod.RATE)
        packets += stream.encode(frame)
    packets += stream.encode(None)
    return packets


class _Overlays:
    """Burned subtitles and the AI badge, each rendered once and blended per frame."""

    def __init__(self, width: int, height: int, cues, badge: bool):
        self.width, self.height, self.cues = width, height, cues
        self._cache: dict[int, np.ndarray] = {}
        self._badge = None
        if badge:
            from studio.export.text import badge_for
            self._badge = badge_for(height)

    def apply(self, frame: np.ndarray, t: float) -> np.ndarray:
        from studio.export.subtitles import cue_at
        from studio.export.text import blend_over, render_text
        i = cue_at(self.cues, t) if self.cues else None
        if i is None and self._badge is None:
            return frame
        frame = frame.copy()
        if i is not None:
            if i not in self._cache:
                self._cache[i] = render_text(self.cues[i].text, max(12, int(self.height * 0.055)),
                                             int(self.width * 0.9), max_lines=2)
            img = self._cache[i]
            blend_over(frame, img, (self.width - img.shape[1]) // 2,
                       int(self.height * 0.95) - img.shape[0])
        if self._badge is not None:
            from studio.export.text import draw_badge
            draw_badge(frame, self._badge)
        return frame


class _Encoder(threading.Thread):
    """Encodes and muxes video frames from a queue, interleaving the audio packets by time."""

    def __init__(self, container, stream, audio_stream, sound: np.ndarray | None, timings: dict):
        super().__init__(daemon=True, name="video-encoder")
        self.container, self.stream = container, stream
        self.audio_stream, self.sound = audio_stream, sound
        self.audio: list = []
        self.q: queue.Queue = queue.Queue(maxsize=6)
        self.error: BaseException | None = None
        self.timings = timings

    def _mux(self, packets) -> None:
        t0 = time.perf_counter()
        for p in packets:
            self.container.mux(p)
        self.timings["mux"] += time.perf_counter() - t0

    def _audio_until(self, t: float) -> None:
        k = 0
        while k < len(self.audio) and float(self.audio[k].pts * self.audio[k].time_base) <= t:
            k += 1
        self._mux(self.audio[:k])
        del self.audio[:k]

    def _to_frame(self, pixels: np.ndarray, fmt: str):
        import av
        if fmt == "rgb24" and self.stream.pix_fmt == "yuv420p":
            import cv2                    # faster than swscale here, and it releases the GIL
            yuv = cv2.cvtColor(pixels, cv2.COLOR_RGB2YUV_I420)
            return av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        return av.VideoFrame.from_ndarray(pixels, format=fmt)

    def run(self) -> None:
        try:
            if self.sound is not None:           # overlaps with the first frames' rendering
                t0 = time.perf_counter()
                self.audio = _encode_audio(self.audio_stream, self.sound)
                self.timings["encode_audio"] += time.perf_counter() - t0
            while True:
                item = self.q.get()
                if item is None:
                    break
                index, pixels, fmt = item
                frame = self._to_frame(pixels, fmt)
                frame.pts = index
                t0 = time.perf_counter()
                packets = self.stream.encode(frame)
                self.timings["encode_video"] += time.perf_counter() - t0
                self._audio_until(index / float(self.stream.codec_context.framerate))
                self._mux(packets)
            t0 = time.perf_counter()
            packets = self.stream.encode(None)
            self.timings["encode_video"] += time.perf_counter() - t0
            self._mux(packets)
            self._mux(self.audio)
        except BaseException as exc:        # reported on the calling thread
            self.error = exc
            while True:                      # unblock the producer
                try:
                    if self.q.get_nowait() is None:
                        break
                except queue.Empty:
                    break

    def put(self, item) -> None:
        while self.is_alive():
            try:
                self.q.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        if self.error:
            raise self.error


@contextlib.contextmanager
def _cut_out(engine, wanted: bool) -> Iterator[None]:
    """Render with a transparent background for the block when the output needs the avatar
    cut out (transparent video, or an image placed behind it), then restore the engine."""
    static = getattr(engine, "static", None)
    if not wanted or static is None or not hasattr(engine, "set_static") \
            or static.background == "transparent":
        yield
        return
    engine.set_static(dataclasses.replace(static, background="transparent"))
    try:
        yield
    finally:
        engine.set_static(static)


def _write_sidecars(path: Path, cues, modes, written: list[Path]) -> None:
    """Subtitle files next to the video; each one written is appended to `written`."""
    from studio.export.subtitles import to_srt, to_vtt
    for mode, render in (("srt", to_srt), ("vtt", to_vtt)):
        if mode in modes:
            written.append(write_bytes_atomic(path.with_suffix(f".{mode}"),
                                              render(cues).encode("utf-8")))


def export_video(performance, engine: FrameSource, path, *, size: int = 512, fps: int = 30,
                 options: VideoOptions = VideoOptions(),
                 progress: Callable[[float], None] | None = None,
                 cancel: threading.Event | None = None,
                 timings: dict | None = None) -> Path:
    """Render `performance` (duration, pose_at(t), audio, sample_rate, words) through `engine`
    and write a video at `path` atomically; subtitle sidecars go next to it.

    `timings`, when given, receives seconds spent per stage (render, encode_video,
    encode_audio, mux). Raises Cancelled (nothing written) when `cancel` is set."""
    duration = float(performance.duration)
    _validate(duration, fps, size, options)
    path = Path(path)
    spec = _spec(options.format, options.transparent, options.crf)
    width, height = canvas_size(options.framing, size)
    n_frames = max(1, int(math.ceil(duration * fps - 1e-9)))    # as Performance.frame_times
    stages = {"render": 0.0, "encode_video": 0.0, "encode_audio": 0.0, "mux": 0.0}
    cues = []
    if options.subtitles and getattr(performance, "words", ()):
        from studio.export.subtitles import group_cues
        cues = group_cues(performance.words, options.language)
    badge = options.ai_badge if options.ai_badge is not None else bool(
        options.profile and options.profile.privacy.ai_badge_visible)
    overlays = _Overlays(width, height, cues if "burn" in options.subtitles else [], badge)
    canvas = Canvas(width, height, transparent=options.transparent,
                    background_image=options.background_image)
    sound = soundtrack(performance, n_frames / fps, options)
    sidecars: list[Path] = []
    try:
        with atomic_path(path) as tmp:
            _encode(tmp, spec, options, performance, engine, canvas, overlays, sound,
                    n_frames, fps, stages, progress, cancel)
            if cues and {"srt", "vtt"} & set(options.subtitles):
                # before the video is renamed into place: a failure leaves neither behind
                _write_sidecars(path, cues, options.subtitles, sidecars)
    except BaseException:
        for p in sidecars:
            p.unlink(missing_ok=True)
        raise
    if timings is not None:
        timings.update(stages)
    if progress:
        progress(1.0)
    return path


def _encode(tmp: Path, spec, options: VideoOptions, performance, engine, canvas, overlays,
            sound, n_frames: int, fps: int, stages: dict, progress, cancel) -> None:
    """Render every frame and write the container at `tmp` (audio interleaved by time)."""
    import av
    from studio.export.metadata import container_metadata
    with av.open(str(tmp), "w", format=spec.container, options=spec.container_options) as out:
        out.metadata.update(container_metadata(options.profile, title=options.title))
        stream = out.add_stream(spec.codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = canvas.width, canvas.height, spec.pix_fmt
        stream.options = spec.options
        audio_stream = _add_audio_stream(out, spec.audio_codec) if sound is not None else None
        worker = _Encoder(out, stream, audio_stream, sound, stages)
        worker.start()
        cut = _cut_out(engine, options.transparent or options.background_image is not None)
        try:
            with cut:
                _render_frames(performance, engine, canvas, overlays, worker, n_frames, fps,
                               stages, progress, cancel)
        finally:
            worker.put(None)
            worker.join()
        if worker.error:
            raise worker.error
        t0 = time.perf_counter()
    stages["mux"] += time.perf_counter() - t0           # trailer (+faststart rewrite)


def _render_frames(performance, engine, canvas, overlays, worker, n_frames, fps, stages,
                   progress, cancel) -> None:
    """Frames rendered on both cores where that pays (`studio.export.frame_farm`), framed,
    overlaid and queued for the encoder in order."""
    from studio.export.frame_farm import render_in_order
    fmt = "rgba" if canvas.transparent else "rgb24"
    t_start = time.perf_counter()
    queued = [0.0]                                  # seconds spent waiting on the encoder

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if worker.error:
            raise worker.error

    def deliver(i: int, frame) -> None:
        t = i / fps
        pixels = overlays.apply(canvas.compose(frame), t)
        t0 = time.perf_counter()
        worker.put((i, pixels, fmt))
        queued[0] += time.perf_counter() - t0
        if progress:
            progress(0.99 * (i + 1) / n_frames)

    render_in_order(engine, lambda i: performance.pose_at(i / fps), n_frames, canvas.side,
                    deliver, check)
    stages["render"] += time.perf_counter() - t_start - queued[0]
