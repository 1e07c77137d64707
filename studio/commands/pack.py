"""`avatar-studio pack`: a sticker pack for one platform, as a folder or a .zip.

    avatar-studio pack PROJECT|--photo F --platform whatsapp
        [--preset happy --preset "wink=안녕!" … | --all] -o DIR_or.zip

`--preset NAME=CAPTION` adds a caption to that sticker.
"""
from __future__ import annotations

from studio.export.platforms import PLATFORM_NAMES


def add_parser(sub) -> None:
    p = sub.add_parser("pack", help="make a sticker pack (folder or zip) for a platform")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    p.add_argument("--platform", required=True, choices=PLATFORM_NAMES)
    p.add_argument("--preset", action="append", default=[], metavar="NAME[=CAPTION]",
                   help="a sticker (repeatable), optionally with a caption")
    p.add_argument("--all", action="store_true", help="every motion and expression preset "
                                                      "(as many as the platform allows)")
    p.add_argument("--background", help="#rrggbb (default transparent)")
    p.add_argument("-o", "--output", required=True, help="a new folder, or NAME.zip")


def items_from_args(presets: list[str], use_all: bool, platform: str):
    from studio.errors import UserError
    from studio.export.motions import STICKER_NAMES, motion_for
    from studio.export.packs import PackItem
    from studio.export.platforms import get_platform

    if use_all and presets:
        raise UserError("give --preset NAME … or --all, not both")
    if use_all:
        plat = get_platform(platform)
        n = len(STICKER_NAMES)
        if plat.pack_counts:
            fitting = [c for c in plat.pack_counts if c <= n]
            n = max(fitting) if fitting else n
        names = (STICKER_NAMES * 3)[:min(n, plat.pack_max)]
        return [PackItem(x) for x in names]
    items = []
    for spec in presets:
        name, _, caption = spec.partition("=")
        motion_for(name)                      # unknown names fail here, listing the known ones
        items.append(PackItem(name.strip().lower(), caption.strip() or None))
    return items


def run(args) -> int:
    from studio.export.source import termination_interrupts
    with termination_interrupts():       # a kill leaves no temporary file either
        return _run(args)


def _run(args) -> int:
    from pathlib import Path

    from studio.export.packs import check_pack_target, export_pack
    from studio.export.source import load_avatar, tty_progress

    items = items_from_args(args.preset, args.all, args.platform)
    check_pack_target(Path(args.output))        # before the slow part
    profile, engine = load_avatar(args.project, args.photo)
    out = export_pack(engine, profile, items, args.platform, args.output, background=args.background,
                      progress=tty_progress("pack"))
    print(out)
    return 0
