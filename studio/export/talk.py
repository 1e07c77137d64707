"""One talking video from a text or a recording: the export path `avatar-studio say` and
`avatar-studio batch` share.

`TalkRequest` holds what one video needs beyond the avatar (the say command's options);
`check_request` refuses a bad request before anything slow happens (format, size, rate,
subtitles with a recording, empty text, unknown language, missing files); `export_talk`
speaks (or lip-syncs), builds the performance and writes the video through
`studio.export.video.export_video`. The engine's appearance is restored afterwards, so one
engine serves many requests (a batch worker builds it once per avatar).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from studio.errors import UserError
from studio.export.choices import FPS_CHOICES, SUBTITLE_MODES, VIDEO_FORMATS

SUBTITLES = tuple(m for m in SUBTITLE_MODES if m != "none")


@dataclass(frozen=True)
class TalkRequest:
    """One video: `text` (spoken with eSpeak) or `audio` (a recording, lip-synced)."""
    output: str
    text: str | None = None
    audio: str | None = None
    lang: str | None = None
    expression: str | None = None
    size: str = "512"
    fps: int = 30
    background: str | None = None
    music: str | None = None
    subtitles: tuple[str, ...] = ()
    format: str | None = None
    badge: bool = False


def video_format(output: str, fmt: str | None = None) -> str:
    """The container for `output` (from `fmt` or its suffix); UserError when they disagree."""
    suffix = Path(output).suffix.lower().lstrip(".")
    fmt = fmt or (suffix if suffix in VIDEO_FORMATS else None)
    if fmt is None:
        raise UserError(f"cannot tell the video format from {output!r}; "
                        "name it .mp4, .webm or .mov or give --format")
    if fmt not in VIDEO_FORMATS:
        raise UserError(f"unknown video format {fmt!r}; choose one of {', '.join(VIDEO_FORMATS)}")
    if suffix != fmt:
        raise UserError(f"a {fmt} video needs a .{fmt} file name (got {Path(output).name})")
    return fmt


def parse_size(text) -> tuple[str, int]:
    """(framing, side): '512' → ('square', 512); '720p' → ('720p', 720)."""
    t = str(text).strip().lower()
    if t in ("720p", "1080p"):
        return t, int(t[:-1])
    try:
        return "square", int(t)
    except ValueError:
        raise UserError(f"size must be a number of pixels (e.g. 512) or 720p / 1080p, "
                        f"not {text!r}") from None


def check_request(req: TalkRequest) -> None:
    """Everything about `req` that can be checked without the avatar; UserError if bad."""
    video_format(req.output, req.format)
    framing, side = parse_size(req.size)
    if framing == "square" and (not 64 <= side <= 2048 or side % 2):
        raise UserError(f"size must be an even number of pixels between 64 and 2048 (got {side})")
    if req.fps not in FPS_CHOICES:
        raise UserError(f"frame rate must be one of {', '.join(map(str, FPS_CHOICES))} (got {req.fps})")
    bad = set(req.subtitles) - set(SUBTITLES)
    if bad:
        raise UserError(f"unknown subtitle mode {sorted(bad)[0]!r}; choose srt, vtt or burn")
    if (req.text is None) == (req.audio is None):
        raise UserError("give either a text or an audio file, not both or neither")
    if req.audio is not None:
        if req.subtitles:
            raise UserError("subtitles come from the spoken text; they are not available with an audio file")
        if not os.path.isfile(req.audio):
            raise UserError(f"audio file {req.audio} not found")
    else:
        from studio.speech.text import check_text
        check_text(req.text)
    if req.lang:
        from studio.speech.espeak import resolve_language
        resolve_language(req.lang)
    if req.music and not os.path.isfile(req.music):
        raise UserError(f"music file {req.music} not found")
    bg = (req.background or "").strip()
    if bg and not bg.startswith("#") and bg.lower() not in ("transparent", "blur", "original") \
            and not os.path.isfile(bg):
        raise UserError(f"background {req.background!r} is neither a colour (#rrggbb), transparent, "
                        "blur, original nor an existing image file")


def apply_background(engine, spec: str | None, fmt: str = "mp4"):
    """Set the engine's background from --background; returns (transparent?, image or None).
    An image goes under a transparent render so it also fills wide framings. A profile whose
    background is transparent gets its background colour in an MP4 (which has no alpha)."""
    if not spec:
        if engine.static.background == "transparent" and fmt == "mp4":
            engine.set_static(dataclasses.replace(engine.static, background="colour"))
        return engine.static.background == "transparent", None
    s = spec.strip()
    static = engine.static
    if s.lower() in ("transparent", "blur", "original"):
        engine.set_static(dataclasses.replace(static, background=s.lower()))
        return s.lower() == "transparent", None
    if s.startswith("#"):
        from studio.export.stickers import parse_colour
        r, g, b = parse_colour(s)
        engine.set_static(dataclasses.replace(static, background="colour",
                                              background_colour=f"#{r:02x}{g:02x}{b:02x}"))
        return False, None
    if not os.path.isfile(s):            # False (not an error) for a name too long
        raise UserError(f"--background {spec!r} is neither a colour (#rrggbb), transparent, blur, "
                        "original nor an existing image file")
    import numpy as np
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(s) as im:
            image = np.asarray(im.convert("RGB"))
    except (UnidentifiedImageError, OSError):
        raise UserError(f"cannot read background image {s}; use a PNG or JPEG") from None
    engine.set_static(dataclasses.replace(static, background="transparent"))
    return False, image


def talk_performance(profile, req: TalkRequest, speech=None):
    """(Performance, Speech) for `req`: eSpeak visemes for a text, audio lip-sync for a recording.
    `speech`, when given, is the text already spoken (`speak_request`)."""
    from studio.motion.perform import from_audio, from_speech
    if req.audio:
        return from_audio(profile, req.audio, req.lang or "", expression=req.expression)
    if speech is None:
        speech = speak_request(profile, req)
    return from_speech(profile, speech, expression=req.expression)


def speak_request(profile, req: TalkRequest):
    """The Speech of a text request in the profile's voice."""
    from studio.motion.perform import spoken
    return spoken(profile, req.text, req.lang)


def export_talk(profile, engine, req: TalkRequest, *, speech=None, progress=None,
                cancel=None) -> Path:
    """Write the video `req` asks for with `engine` (restored to its appearance afterwards);
    `speech`: the text already spoken (else it is spoken here)."""
    from studio.export.audio import load_music
    from studio.export.video import VideoOptions, export_video
    fmt = video_format(req.output, req.format)
    framing, size = parse_size(req.size)
    static, image_before = engine.static, getattr(engine, "background_image", None)
    try:
        transparent, image = apply_background(engine, req.background, fmt)
        if transparent and fmt == "mp4":
            raise UserError("MP4 cannot be transparent; use -o NAME.webm or NAME.mov, or another --background")
        music = load_music(req.music) if req.music else None
        performance, speech = talk_performance(profile, req, speech)
        options = VideoOptions(format=fmt, framing=framing, transparent=transparent,
                               background_image=image, music=music, subtitles=tuple(req.subtitles),
                               language=speech.language or req.lang or "", profile=profile,
                               ai_badge=True if req.badge else None)
        return export_video(performance, engine, req.output,
                            size=size if framing == "square" else 512, fps=req.fps,
                            options=options, progress=progress, cancel=cancel)
    finally:
        if engine.static is not static:
            engine.set_static(static)
        if hasattr(engine, "background_image"):
            engine.background_image = image_before
