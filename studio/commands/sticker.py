"""`avatar-studio sticker`: one animated sticker, sized for a messaging platform.

    avatar-studio sticker PROJECT|--photo F --preset wink [--caption "…"] [--platform telegram]
        [--format webp|gif|apng|webm] [--background #rrggbb] -o s.webp
    avatar-studio sticker PROJECT|--photo F --driving CLIP.mp4 --platform telegram -o s.webm
"""
from __future__ import annotations

from studio.export.platforms import PLATFORM_NAMES, STICKER_FORMATS


def add_parser(sub) -> None:
    p = sub.add_parser("sticker", help="make an animated sticker (WebP, GIF, APNG, WebM)")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--preset", help="a motion (wink, nod, laugh, love, bye, thinking…) or an "
                                       "expression preset (happy, sad, angry…)")
    what.add_argument("--driving", metavar="VIDEO", help="copy the motion of a face in this clip")
    p.add_argument("--caption", help="text drawn under the avatar (Korean works)")
    p.add_argument("--platform", choices=PLATFORM_NAMES, help="fit this platform's limits")
    p.add_argument("--format", choices=STICKER_FORMATS, help="default: from the output name or platform")
    p.add_argument("--background", help="#rrggbb (default transparent)")
    p.add_argument("--size", type=int, help="side in pixels without --platform (default 512)")
    p.add_argument("-o", "--output", required=True, help="output file (.webp, .gif, .png, .webm)")


def driving_motion(path: str):
    """A motion (duration, pose_at) copied from the face in a video by the live engine's
    tracker (`studio.motion.drive`); the platform preset trims it to its longest sticker."""
    from studio.motion.drive import track_video
    track, duration = track_video(path)
    return ClipMotion(track, duration)


class ClipMotion:
    """A ParamTrack seen as a sticker motion: `pose_at(t)` over `duration` seconds."""

    def __init__(self, track, duration: float):
        self.track, self.duration, self.name = track, duration, "clip"

    def pose_at(self, t: float):
        return self.track.at(t % self.duration)


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from studio.errors import UserError
    from studio.export.atomic import check_writable_target
    from studio.export.source import load_avatar, tty_progress
    from studio.export.stickers import export_sticker

    if args.size is not None and args.platform:     # the platform fixes the canvas
        raise UserError(f"--size cannot be used with --platform: {args.platform} stickers have "
                        "the size the platform requires; leave out --size")
    size = 512 if args.size is None else args.size
    if not 64 <= size <= 1024:
        raise UserError("--size must be between 64 and 1024 pixels")
    check_writable_target(args.output)          # before the slow part
    profile, engine = load_avatar(args.project, args.photo)
    motion = driving_motion(args.driving) if args.driving else args.preset
    out = export_sticker(engine, profile, motion, args.output, platform=args.platform, fmt=args.format,
                         caption=args.caption, background=args.background, size=size,
                         progress=tty_progress("sticker"))
    print(out)
    return 0
