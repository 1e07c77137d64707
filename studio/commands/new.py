"""`avatar-studio new`: make a project from one face photo.

    avatar-studio new --photo FACE.jpg -o me.dhc [--name "My Avatar"]
    avatar-studio new --video CLIP.mp4 [--person N] -o me.dhc   (the best frame of a person in a clip)
    avatar-studio new --style drawn [--photo FACE.jpg] -o me.dhc   (a drawn character, suggested
        from the photo when one is given: studio/drawn/suggest.py)

The photo is checked first (one clear face, big enough); the project keeps the photo file
itself as its asset, so nothing of the user's machine (paths) ends up inside it.
"""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="make a project (.dhc) from one face photo")
    p.add_argument("--photo", help="a face photo (JPEG, PNG, …); optional with --style drawn")
    p.add_argument("--video", metavar="CLIP", help="take the face from a video clip's best frame "
                                                  "(docs/BATCH.md, An avatar from a video)")
    p.add_argument("--person", type=int, metavar="N",
                   help="with --video: which person (1 = seen most; the command lists them)")
    p.add_argument("--style", choices=("photo", "drawn"), default="photo",
                   help="the avatar: the photo itself (default) or a drawn character")
    p.add_argument("-o", "--output", required=True, help="the project file to write (.dhc)")
    p.add_argument("--name", help="the avatar's name (default: from the photo's file name)")
    p.add_argument("--force", action="store_true", help="replace an existing project file")


def run(args) -> int:
    from pathlib import Path

    from studio.errors import UserError
    out = Path(args.output)
    if out.suffix.lower() != ".dhc":
        raise UserError(f"the project file must end in .dhc (got {out.name})")
    from studio.export.atomic import check_writable_target
    check_writable_target(out)                  # folder exists and is writable, name not too long
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists; choose another name or add --force")
    if args.style == "drawn":
        from studio.drawn.project import make_drawn_project
        project = make_drawn_project(make_project(args.photo, args.name) if args.photo else None,
                                     args.photo, args.name)
    elif getattr(args, "video", None):
        if args.photo:
            raise UserError("give either --photo or --video, not both")
        project = _from_video(args)
    elif not args.photo:
        raise UserError("give a face photo with --photo FACE.jpg (or --style drawn for a drawn character)")
    else:
        project = make_project(args.photo, args.name)
    from studio.profile.project import save_project
    save_project(project, out)
    print(f"wrote {out}")
    return 0


def _from_video(args):
    """The project from the best frame of one person in args.video (listed on stderr)."""
    import tempfile
    from pathlib import Path

    from PIL import Image

    from studio.errors import UserError
    from studio.face.from_video import crop_to_face, describe, frame_at, people_in_video
    people = people_in_video(args.video)
    for line in describe(people):
        print(f"avatar-studio new: {line}", file=sys.stderr)
    if args.person is None and len(people) > 1:
        raise UserError(f"{len(people)} people in {Path(args.video).name}; choose one with "
                        f"--person 1..{len(people)} (listed above, the one seen most first)")
    n = args.person or 1
    if not 1 <= n <= len(people):
        raise UserError(f"--person must be between 1 and {len(people)}")
    best = people[n - 1].best
    stem = Path(args.video).stem
    with tempfile.TemporaryDirectory(prefix="avatar-studio-new-") as tmp:
        photo = Path(tmp) / f"{stem}-person{n}.png"
        Image.fromarray(crop_to_face(frame_at(args.video, best.frame), best.landmarks)).save(photo)
        return make_project(str(photo), args.name or stem)


def make_project(photo_path: str, name: str | None = None):
    """A new Project holding the checked photo (UserError when it has no usable face)."""
    import dataclasses
    from pathlib import Path

    from studio.face.intake import load_photo
    from studio.profile.model import DigitalHuman, replace_in
    from studio.profile.project import Project

    photo = load_photo(photo_path)
    for warning in photo.warnings:
        print(f"avatar-studio new: note: {warning}", file=sys.stderr)
    from studio.face.report import report_for
    print(report_for(photo).line())
    project = Project(DigitalHuman(), {})
    asset = project.add_asset(photo_path)
    profile = replace_in(project.profile, "static", photo=asset)
    label = name or Path(photo_path).stem.replace("_", " ").strip().title() or "My Avatar"
    profile = replace_in(profile, "internal", name=label[:80])
    return dataclasses.replace(project, profile=profile)
