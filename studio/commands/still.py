"""`avatar-studio still`: one rendered frame of a project or photo.

    avatar-studio still PROJECT|--photo F [--expression happy] [--intensity 0.8]
        [--set jawOpen=0.7 …] [--size 512] -o frame.png
"""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser("still", help="render one frame with an expression to an image file")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    p.add_argument("--expression", help="expression preset (neutral, happy, sad, angry, "
                                        "surprised, wink, …); default: the profile's")
    p.add_argument("--intensity", type=float, help="expression intensity 0..1 (default: the "
                                                   "profile's, 1 for a photo)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="set one expression parameter, e.g. jawOpen=0.7 (repeatable)")
    p.add_argument("--size", type=int, default=512, help="square side in pixels (default 512)")
    p.add_argument("-o", "--output", required=True, help="output image (.png, .webp or .jpg)")


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from studio.errors import UserError
    from studio.export.atomic import check_writable_target, output_error
    from studio.params import parse_assignment
    from studio.render.still import image_format, write_image

    image_format(args.output)                   # refuse a bad name before the slow part
    target = check_writable_target(args.output)     # and a missing or read-only folder
    if not 64 <= args.size <= 2048:
        raise UserError("--size must be between 64 and 2048")
    overrides = dict(parse_assignment(a) for a in args.set)
    from studio.export.source import load_avatar
    from studio.rig.presets import preset_pose
    if args.expression:
        preset_pose(args.expression, args.intensity if args.intensity is not None else 1.0)
    profile, engine = load_avatar(args.project, args.photo)
    name = args.expression or profile.dynamic.expression or "neutral"
    intensity = args.intensity if args.intensity is not None else (
        profile.dynamic.expression_intensity if not args.expression else 1.0)
    pose = preset_pose(name, intensity)
    pose.update(overrides)
    frame = engine.render(pose, args.size)
    for warning in engine.photo.warnings:
        print(f"avatar-studio still: note: {warning}", file=sys.stderr)
    try:
        write_image(frame, target)
    except OSError as exc:                      # the disk filled up meanwhile, say
        raise output_error(target, exc) from None
    return 0
