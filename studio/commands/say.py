"""`avatar-studio say`: the avatar speaks a text (or an audio file) into a video file.

    avatar-studio say PROJECT|--photo F (--text "…" | --text-file T.txt | --text-file - | --audio A.wav)
        [--lang ko] -o talk.mp4 [--size 512|720p|1080p] [--fps 30] [--background …]
        [--music M] [--subtitles srt|vtt|burn] [--format mp4|webm|mov]
"""
from __future__ import annotations

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
    from studio.export.talk import parse_size
    try:
        return parse_size(text)
    except UserError as exc:
        raise UserError(f"--{exc}") from None


def _format(args) -> str:
    from studio.export.talk import video_format
    return video_format(args.output, args.format)


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


def apply_background(engine, spec: str | None, fmt: str = "mp4"):
    """See `studio.export.talk.apply_background` (kept here for the callers that import it)."""
    from studio.export.talk import apply_background as apply
    return apply(engine, spec, fmt)


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from studio.errors import UserError
    from studio.export.atomic import check_writable_target
    from studio.export.source import load_avatar, tty_progress
    from studio.export.talk import TalkRequest, check_request, export_talk

    _format(args)
    check_writable_target(args.output)          # before the slow part
    _size(args.size)
    if args.audio and args.subtitles:
        raise UserError("subtitles come from the spoken text; they are not available with --audio")
    text = _checked_text(args)
    request = TalkRequest(output=args.output, text=text, audio=args.audio, lang=args.lang,
                          expression=args.expression, size=args.size, fps=args.fps,
                          background=args.background, music=args.music,
                          subtitles=tuple(args.subtitles), format=args.format, badge=args.badge)
    from studio.export.frame_farm import prestart
    prestart()                          # its start-up overlaps with loading the avatar
    profile, engine = load_avatar(args.project, args.photo)
    out = export_talk(profile, engine, request, progress=tty_progress("exporting"))
    print(out)
    return 0
