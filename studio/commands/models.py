"""`avatar-studio models list|install NAME (--file F | --url U) [--sha256 H]|verify`."""
from __future__ import annotations

from studio.commands._stdout import stops_quietly_on_closed_pipe


def add_parser(sub) -> None:
    p = sub.add_parser("models", help="list, install and verify optional models")
    p.add_argument("--model-dir", help="model directory (default: the app's; env AVATAR_STUDIO_MODEL_DIR)")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="models in the manifest and whether they are installed")
    actions.add_parser("verify", help="check installed models against their size and sha256")
    inst = actions.add_parser("install", help="install a model from a file or an address")
    inst.add_argument("name", help="model name (see `models list`)")
    src = inst.add_mutually_exclusive_group(required=True)
    src.add_argument("--file", help="a downloaded model file")
    src.add_argument("--url", help="download from this address (you ask for it: never automatic)")
    inst.add_argument("--sha256", help="expected hash, for models the manifest does not pin")


@stops_quietly_on_closed_pipe
def run(args) -> int:
    import sys

    from studio.errors import UserError
    from studio.runtime.models import ModelRegistry

    registry = ModelRegistry(args.model_dir)
    action = args.action or "list"
    if action == "list":
        print(f"model directory: {registry.model_dir}")
        for s in registry.list():
            print(f"{s.entry.name:24} {s.state:10} {s.entry.kind:9} {s.detail}")
            print(f"{'':24} licence: {s.entry.licence or 'unknown'}")
        return 0
    if action == "verify":
        bad = []
        for s in registry.list():
            if s.state != "missing":
                print(f"{s.entry.name:24} {s.state:10} {s.detail}")
                if s.state == "corrupt":
                    bad.append(s.entry)
        if bad:
            how = ("delete them to have them rebuilt" if all(e.kind == "generated" for e in bad)
                   else "reinstall them with `avatar-studio models install NAME --file F`")
            raise UserError(f"{len(bad)} model(s) failed verification "
                            f"({', '.join(e.name for e in bad)}); {how}")
        return 0
    from studio.export.source import tty_progress
    progress = tty_progress(args.name)        # a percentage on a terminal, nothing in a log
    if args.url:
        if sys.stderr.isatty():              # a failed download stays one line in scripts
            print(f"downloading {args.name} from {args.url}", file=sys.stderr)
        path = registry.install_from_url(args.name, args.url, sha256=args.sha256, progress=progress)
    else:
        path = registry.install_from_file(args.name, args.file, sha256=args.sha256, progress=progress)
    print(f"installed {args.name} → {path}")
    return 0
