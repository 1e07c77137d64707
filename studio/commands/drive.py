"""`avatar-studio drive PROJECT|--photo F --driving VIDEO -o out.mp4 [--size 512] [--fps N]`:
motion transfer — the avatar copies the face motion recorded in a driving clip (and talks
with the clip's audio, if it has any)."""
from __future__ import annotations

from studio.export.choices import FPS_CHOICES


def add_parser(sub) -> None:
    p = sub.add_parser("drive", help="make the avatar copy the face motion of a video clip")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    p.add_argument("--driving", required=True, metavar="VIDEO",
                   help="a clip of a face (the motion to copy; its first frame is the neutral)")
    p.add_argument("-o", "--output", required=True, help="output video (.mp4)")
    p.add_argument("--size", type=int, default=512, help="square side in pixels (default 512)")
    p.add_argument("--fps", type=int, choices=FPS_CHOICES, help="frame rate (default: the clip's, "
                                                                "rounded to one of these)")
    p.add_argument("--sensitivity", type=float, default=1.0,
                   help="scale the copied motion (0..2, default 1)")


def _fps(args, clip_fps: float) -> int:
    if args.fps:
        return args.fps
    return min(FPS_CHOICES, key=lambda f: abs(f - clip_fps))


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from pathlib import Path

    from studio.errors import UserError
    from studio.export.source import load_avatar, tty_progress
    from studio.export.video import VideoOptions, export_video
    from studio.motion.perform import from_video

    if Path(args.output).suffix.lower() != ".mp4":
        raise UserError(f"drive writes MP4 video: name the output .mp4 (got {Path(args.output).name})")
    if not 64 <= args.size <= 2048:
        raise UserError("--size must be between 64 and 2048")
    if not 0.0 <= args.sensitivity <= 2.0:
        raise UserError("--sensitivity must be between 0 and 2")
    from studio.export.atomic import check_writable_target
    check_writable_target(args.output)          # before the slow part
    profile, engine = load_avatar(args.project, args.photo)
    performance = from_video(args.driving, sensitivity=args.sensitivity,
                             progress=tty_progress("tracking"))
    options = VideoOptions(format="mp4", profile=profile, title=f"driven by {Path(args.driving).name}")
    out = export_video(performance, engine, args.output, size=args.size,
                       fps=_fps(args, performance.track.fps), options=options,
                       progress=tty_progress("exporting"))
    print(out)
    return 0
