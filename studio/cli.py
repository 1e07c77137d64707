"""The `avatar-studio` command (see docs/ARCHITECTURE.md, *Command line*).

With no subcommand it opens the studio. Each subcommand lives in `studio.commands.<name>` and
provides `add_parser(subparsers)` and `run(args) -> int`; command modules import heavy
libraries inside `run`, so that `--help` and the GUI start fast. A `UserError` ends the
command with its one-line message on stderr; any other exception is logged with its traceback
and reported in one line that names the log file.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from studio import __version__
from studio.errors import Cancelled, UserError

COMMANDS = ("new", "still", "say", "drive", "sticker", "pack", "chat", "bench", "doctor", "models", "photos")

log = logging.getLogger("studio.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="avatar-studio",
        description="Make a talking digital human from one face photo. Run without a command to open the studio.")
    parser.add_argument("--version", action="version", version=f"avatar-studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help="open the studio (the default)")
    gui.add_argument("project", nargs="?", help="a .dhc project or a face photo to open")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"studio.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"studio.commands.{name}":
                raise
            continue          # command not built yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from studio.logs import setup_logging

    log_path = setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            _check_display()
            from studio.ui.app import run_gui
            return run_gui(getattr(args, "project", None))
        module = importlib.import_module(f"studio.commands.{command}")
        return int(module.run(args) or 0)
    except UserError as exc:
        log.info("user error in %s: %s", command, exc)
        print(f"avatar-studio {command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except Cancelled:
        print(f"avatar-studio {command}: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"avatar-studio {command}: interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug, not a user mistake: keep the traceback for the log
        log.exception("unexpected error in %s", command)
        print(f"avatar-studio {command}: internal error; details in {log_path}", file=sys.stderr)
        return 1


def _check_display() -> None:
    """On Linux/BSD Qt aborts the process when there is no screen to open the window on."""
    import os

    if not sys.platform.startswith(("linux", "freebsd")) or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise UserError("no display to open the studio on (DISPLAY is not set); run it in a desktop "
                        "session, or use the command-line tools: avatar-studio --help")


if __name__ == "__main__":
    sys.exit(main())
