"""`avatar-studio say`: the avatar speaks a text (or an audio file) into a video file.

    avatar-studio say PROJECT|--photo F (--text "…" | --text-file T.txt | --text-file - | --audio A.wav)
        [--lang ko] -o talk.mp4 [--size 512|720p|1080p] [--fps 30] [--background …]
        [--music M] [--subtitles srt|vtt|burn] [--format mp4|webm|mov]
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from studio.export.choices import FPS_CHOICES, SUBTITLE_MODES, VIDEO_FORMATS

SUBTITLES = tuple(m for m in SUBTITLE_MODES if m != "none")


def add_parser(sub) -> None:
    p = sub.add_parser("say", help="make a talking video from text or an audio file")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="what the avatar says")
    src.add_argument("--text-file", metavar="FILE", help="read the text from FILE ('-' = standard input)")
    src.add_argument("--audio", metavar="FILE", help="lip-sync to this recording instead of speaking")
    p.add_argument("--lang", help="language of the text (e.g. ko, en); default: the profile's voice")
    p.add_argument("-o", "--output", required=True, help="output video (.mp4, .webm or .mov)")
    p.add_argument("--size", default="512",
                   help="square side in pixels (e.g. 512) or a framing: 720p, 1080p (default 512)")
    p.add_argument("--fps", type=int, default=30, choices=FPS_CHOICES, help="frame rate (default 30)")
    p.add_argument("--background", help="#rrggbb, transparent, blur, original or an image file; "
                                        "default: the profile's")
    p.add_argument("--music", metavar="FILE", help="background music, ducked under the voice")
    p.add_argument("--subtitles", action="append", choices=SUBTITLES, default=[],
                   help="write .srt/.vtt next to the video or burn them in (repeatable)")
    p.add_argument("--format", choices=VIDEO_FORMATS, help="container (default: from the output name)")
    p.add_argument("--expression", help="expression preset while speaking (default: the profile's)")
    p.add_argument("--badge", action="store_true", help="show a visible 'AI-generated' badge")


def _read_text(args) -> str:
    from studio.errors import UserError
    if args.text is not None:
        return args.text
    name = "the standard input" if args.text_file == "-" else args.text_file
    try:
        if args.text_file == "-":        # bytes, so the locale's codec cannot garble the text
            stream = getattr(sys.stdin, "buffer", None)
            return stream.read().decode("utf-8-sig") if stream else sys.stdin.read()
        return Path(args.text_file).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"text file {args.text_file} not found") from None
    except IsADirectoryError:
        raise UserError(f"{args.text_file} is a folder; give a text file") from None
    except UnicodeDecodeError:
        raise UserError(f"{name} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror or exc}") from None


def _size(text: str) -> tuple[str, int]:
    from studio.errors import UserError
    t = text.strip().lower()
    if t in ("720p", "1080p"):
        return t, int(t[:-1])
    try:
        return "square", int(t)
    except ValueError:
        raise UserError(f"--size must be a number of pixels (e.g. 512) or 720p / 1080p, "
                        f"not {text!r}") from None


def _format(args) -> str:
    from studio.errors import UserError
    suffix = Path(args.output).suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in VIDEO_FORMATS else None)
    if fmt is None:
        raise UserError(f"cannot tell the video format from {args.output!r}; "
                        "name it .mp4, .webm or .mov or give --format")
    if suffix != fmt:
        raise UserError(f"a {fmt} video needs a .{fmt} file name (got {Path(args.output).name})")
    return fmt


def _speech(args, profile, text: str | None):
    from studio.speech.types import Speech
    if args.audio:
        from studio.speech.audio_io import load_audio
        samples, rate = load_audio(args.audio, require_sound=True)   # a silent clip animates nothing
        return Speech(samples, rate, language=args.lang or ""), True
    from studio.speech.say import speak
    return speak(text, profile.dynamic, profile.internal, language=args.lang), False


def _checked_text(args) -> str | None:
    """The text to speak (None with --audio), refused at once when it is empty or too long
    or the language is unknown — before the avatar is loaded."""
    if args.audio:
        return None
    from studio.speech.espeak import resolve_language
    from studio.speech.text import check_text
    text = _read_text(args)                  # standard input can be read only once
    check_text(text)
    if args.lang:
        resolve_language(args.lang)
    return text


def _performance(args, profile, text: str | None):
    from studio.motion.performance import TRACK_FPS, build_performance
    speech, from_audio = _speech(args, profile, text)
    track = None
    if from_audio:
        from studio.speech.audio_lipsync import audio_track
        d = profile.dynamic
        track = audio_track(speech.samples, speech.sample_rate, TRACK_FPS,
                            strength=d.lipsync_strength, smoothing=d.lipsync_smoothing)
    return build_performance(profile, speech=speech, track=track, expression=args.expression), speech


def apply_background(engine, spec: str | None, fmt: str = "mp4"):
    """Set the engine's background from --background; returns (transparent?, image or None).
    An image goes under a transparent render so it also fills wide framings. A profile whose
    background is transparent gets its background colour in an MP4 (which has no alpha)."""
    import dataclasses
    from studio.errors import UserError
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


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from studio.errors import UserError
    from studio.export.atomic import check_writable_target
    from studio.export.audio import load_music
    from studio.export.source import load_avatar, tty_progress
    from studio.export.video import VideoOptions, export_video

    fmt = _format(args)
    check_writable_target(args.output)          # before the slow part
    framing, size = _size(args.size)
    if args.audio and args.subtitles:
        raise UserError("subtitles come from the spoken text; they are not available with --audio")
    text = _checked_text(args)
    profile, engine = load_avatar(args.project, args.photo)
    transparent, image = apply_background(engine, args.background, fmt)
    if transparent and fmt == "mp4":
        raise UserError("MP4 cannot be transparent; use -o NAME.webm or NAME.mov, or another --background")
    music = load_music(args.music) if args.music else None
    performance, speech = _performance(args, profile, text)
    options = VideoOptions(format=fmt, framing=framing, transparent=transparent,
                           background_image=image, music=music, subtitles=tuple(args.subtitles),
                           language=speech.language or args.lang or "", profile=profile,
                           ai_badge=True if args.badge else None)
    out = export_video(performance, engine, args.output, size=size if framing == "square" else 512,
                       fps=args.fps, options=options, progress=tty_progress("exporting"))
    print(out)
    return 0
