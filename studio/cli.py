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

COMMANDS = ("new", "still", "say", "batch", "dub", "drive", "live", "sticker", "pack", "chat", "bench", "doctor", "models", "photos")

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
        importlib.import_module(f"studio.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from studio.logs import setup_logging
    from studio.render.process_setup import set_up

    set_up()
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


# The system libraries that Qt's X11 platform plugin (PySide6/Qt/plugins/platforms/libqxcb.so and
# libQt6XcbQpa.so.6) links; the PySide6 wheels do not bundle them. soname → the package that
# provides it on (Debian/Ubuntu, Fedora). Without one, Qt prints a dozen lines and aborts.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
}


def _check_display() -> None:
    """Check what Qt needs before starting it: on Linux/BSD Qt aborts the process with its own
    multi-line message when there is no screen to open the window on, or when its X11 (xcb)
    platform plugin cannot load its libraries. Either ends here in one line (exit status 2)."""
    import os

    if not sys.platform.startswith(("linux", "freebsd")):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not platform and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise UserError("no display to open the studio on (DISPLAY is not set); run it in a desktop "
                        "session, or use the command-line tools: avatar-studio --help")
    if sys.platform.startswith("linux") and _uses_xcb(platform, os.environ):
        missing = missing_xcb_libraries()
        if missing:
            debian = " ".join(dict.fromkeys(XCB_LIBRARIES[m][0] for m in missing))
            fedora = " ".join(dict.fromkeys(XCB_LIBRARIES[m][1] for m in missing))
            raise UserError(f"Qt cannot open a window on X11: {', '.join(missing)} "
                            f"{'is' if len(missing) == 1 else 'are'} missing; install "
                            f"{'it' if len(missing) == 1 else 'them'} (Debian/Ubuntu: sudo apt install "
                            f"{debian}; Fedora: sudo dnf install {fedora}), or use the command-line "
                            f"tools: avatar-studio --help")


def _uses_xcb(platform: str, env) -> bool:
    """Whether Qt will start its X11 (xcb) platform plugin. `platform` is QT_QPA_PLATFORM: a
    list tried in order ("wayland;xcb"), each name optionally with ":options". Unset, Qt picks
    Wayland in a Wayland session and X11 otherwise. Only a sure X11 start is checked, so that a
    desktop that runs Qt on Wayland is never refused for lacking X11 libraries."""
    if platform:
        for name in (p.split(":", 1)[0].strip() for p in platform.split(";")):
            if name.startswith("wayland") and not env.get("WAYLAND_DISPLAY"):
                continue                    # no Wayland display: Qt falls through to the next
            return name == "xcb"
        return False
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(env.get("DISPLAY"))


def missing_xcb_libraries() -> list[str]:
    """The sonames of `XCB_LIBRARIES` the dynamic loader cannot open, found the way Qt's plugin
    loader will look for them (by exact soname, so a library of another version does not count)."""
    import ctypes

    missing = []
    for soname in XCB_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


if __name__ == "__main__":
    sys.exit(main())
