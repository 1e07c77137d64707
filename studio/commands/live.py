"""`avatar-studio live`: the avatar live, outside the window — as a virtual camera for video
calls and over HTTP for an OBS browser source (docs/LIVE.md).

    avatar-studio live PROJECT|--photo F [--camera N | --driving VIDEO] [--mic | --audio FILE | --text TEXT]
        [--virtual-camera] [--serve [HOST:]PORT] [--size 512|720p|1080p] [--fps N] [--seconds S]

Runs the Qt-free live session (`studio.runtime.session`) until `--seconds` pass, Ctrl-C or a
kill. Events (a camera lost and back, the server's address) are printed one per line on stderr;
the closing line gives frames rendered, frames/s and latency. In a terminal, the project's
hotkeys work: a key press triggers its expression (hold keys stay on while the key repeats).
"""
from __future__ import annotations

import io
import sys
import threading
import time

HOLD_RELEASE_S = 0.6       # a terminal sends no key-up: a hold key is released after this pause


def add_parser(sub) -> None:
    p = sub.add_parser("live", help="the avatar live: a virtual camera and/or an HTTP stream for OBS")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to use instead of a project")
    cam = p.add_mutually_exclusive_group()
    cam.add_argument("--camera", type=int, metavar="N", help="drive the face with camera N (0 = first)")
    cam.add_argument("--driving", metavar="VIDEO", help="a video of a face standing in for the camera")
    voice = p.add_mutually_exclusive_group()
    voice.add_argument("--mic", action="store_true", help="the mouth follows the microphone")
    voice.add_argument("--audio", metavar="FILE", help="an audio file standing in for the microphone")
    voice.add_argument("--text", help="the avatar says this (text to speech)")
    p.add_argument("--lang", help="language of --text (default: the profile's voice)")
    p.add_argument("--loop", action="store_true", help="replay --driving and --audio when they end")
    p.add_argument("--virtual-camera", action="store_true",
                   help="show the avatar as a camera for Zoom, Meet, Teams, Discord (needs the "
                        "virtualcam extra and OBS or v4l2loopback)")
    p.add_argument("--serve", metavar="[HOST:]PORT",
                   help="serve the avatar over HTTP (page, /frame.png, /stream.mjpg) on "
                        "127.0.0.1:PORT unless HOST is given; PORT 0 picks a free one")
    p.add_argument("--size", default="512", help="512 (or another square side), 720p or 1080p (default 512)")
    p.add_argument("--fps", type=float, default=30.0, help="frames per second (default 30)")
    p.add_argument("--seconds", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    p.add_argument("--background", default="transparent",
                   help="behind the avatar: transparent (default), original, blur, #rrggbb or an image")
    p.add_argument("--matte", metavar="#RRGGBB",
                   help="colour under transparent parts where alpha cannot go (virtual camera, "
                        "/stream.mjpg); default: the profile's background colour")


def _check(args):
    from studio.errors import UserError
    from studio.runtime.session import parse_size
    framing, side = parse_size(args.size)
    if not 1 <= args.fps <= 60:
        raise UserError(f"--fps must be between 1 and 60 (got {args.fps:g})")
    if args.seconds is not None and not 0 < args.seconds <= 24 * 3600:
        raise UserError("--seconds must be more than 0 and at most a day")
    if not args.serve and not args.virtual_camera:
        raise UserError("nothing to show the avatar on: give --serve PORT (a page for OBS and "
                        "browsers) and/or --virtual-camera")
    if args.camera is not None and args.camera < 0:
        raise UserError("--camera must be 0 or more (0 = the first camera)")
    import os
    for what, path in (("driving video", args.driving), ("audio file", args.audio)):
        if path is not None and not os.path.isfile(path):
            raise UserError(f"{what} {path} not found")
    if args.loop and not (args.driving or args.audio):
        raise UserError("--loop replays --driving or --audio; give one of them")
    if args.lang and args.text is None:
        raise UserError("--lang is the language of --text")
    if args.text is not None:
        from studio.speech.text import check_text
        check_text(args.text)
    address = None
    if args.serve:
        from studio.runtime.serve import parse_address
        address = parse_address(args.serve)
    if args.virtual_camera:
        from studio.runtime.virtualcam import missing_backend
        missing = missing_backend()
        if missing:
            raise UserError(missing)
    return framing, side, address


def run(args) -> int:
    global _err
    from studio.export.source import termination_interrupts
    _err = _own_stderr()
    try:
        with termination_interrupts():       # a kill ends it like Ctrl-C: cleanly
            return _run(args)
    finally:
        if _err is not None:
            _err.close()
        _err = None


_err = None      # our own copy of stderr: native-library silencing swaps fd 2 at times


def _say(line: str) -> None:
    print(f"live: {line}", file=_err or sys.stderr, flush=True)


def _own_stderr():
    """A stream on a duplicate of fd 2, so that lines printed while another thread silences
    native stderr (`studio.quiet`) still reach the terminal. None where stderr has no fd."""
    import os
    try:
        sys.stderr.flush()
        return os.fdopen(os.dup(sys.stderr.fileno()), "w", encoding="utf-8", errors="replace")
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def _run(args) -> int:
    framing, side, address = _check(args)
    server = None
    if address is not None:               # bind first: a port in use fails before the slow part
        from studio.runtime.serve import FrameServer
        server = FrameServer(*address, fps=args.fps)
    try:
        return _live(args, framing, side, server)
    finally:
        if server is not None:
            server.stop()


def _live(args, framing, side, server) -> int:
    from studio.commands.say import apply_background
    from studio.errors import UserError
    from studio.export.source import load_avatar
    from studio.runtime.session import LiveSession
    from studio.runtime.virtualcam import parse_colour

    profile, engine = load_avatar(args.project, args.photo)
    apply_background(engine, args.background, fmt="webm")
    hotkeys = _hotkeys(args)
    matte = parse_colour(args.matte or engine.static.background_colour or "#000000")

    def on_event(source, kind, message):
        if kind in ("opened", "unavailable", "lost", "restored", "ended", "error", "paused",
                    "changed", "started", "listening"):
            _say(f"{source} {kind}: {message}")

    camera = args.camera if args.camera is not None else args.driving
    session = LiveSession(engine, profile, camera=camera, mic=args.mic, audio=args.audio,
                          text=args.text, language=args.lang, size=side, framing=framing,
                          fps=args.fps, loop=args.loop, hotkeys=hotkeys, on_event=on_event)
    sinks = []
    if server is not None:
        server.background = matte
        server.on_event = lambda k, m: session.report("server", k, m)
        sinks.append(server)
        if server.host not in ("127.0.0.1", "localhost", "::1"):
            _say(f"warning: listening on {server.host}: other machines on the network can see "
                 "the avatar")
    if args.virtual_camera:
        from studio.export.framing import canvas_size
        from studio.runtime.virtualcam import VirtualCamera
        width, height = canvas_size(framing, side)
        vcam = VirtualCamera(width, height, args.fps, background=matte,
                             on_event=lambda k, m: session.report("virtual camera", k, m))
        vcam.open()
        sinks.append(vcam)
    started = []
    keys = None
    try:
        for sink in sinks:
            session.add_sink(sink)
            sink.start()
            started.append(sink)
        if server is not None:
            url = server.url
            print(f"serving {url} (frame: {url}frame.png, stream: {url}stream.mjpg)", flush=True)
        session.start()
        keys = _TerminalKeys(session) if sys.stdin.isatty() and hotkeys.bindings else None
        if keys is not None:
            _say("hotkeys: " + ", ".join(b.label for b in hotkeys.bindings))
            keys.start()
        interrupted = _wait(args.seconds)
        frames = _summary(session, server, interrupted)
    finally:
        # A device thread that does not stop (a camera or audio driver stuck in a read) must
        # not keep the program running after Ctrl-C: past the grace time it ends anyway.
        _exit_if_stuck(STOP_GRACE_S)
        if keys is not None:
            keys.stop()
        session.stop()
        for sink in reversed(started):
            if sink is not server:                  # the caller stops the server
                sink.stop()
    if frames == 0:
        raise UserError("no frame was rendered; see the lines above")
    return 0


STOP_GRACE_S = 15.0


def _summary(session, server, interrupted: bool) -> int:
    """Say how the session went (before stopping it: the figures are final by then); returns
    the number of frames rendered."""
    stats = session.stats()
    elapsed = time.monotonic() - (session.started_at or time.monotonic())
    lat = f", camera→frame {stats['latency_ms']:.0f} ms median" if stats["latency_ms"] else ""
    served = ""
    if server is not None:
        s = server.stats()
        served = f", {s['served']} served" + (f" (camera→served {s['latency_ms']:.0f} ms median)"
                                             if s["latency_ms"] else "")
    _say(f"{'interrupted' if interrupted else 'done'}: {stats['frames']} frames in "
         f"{elapsed:.1f} s ({stats['frames'] / max(elapsed, 1e-6):.1f} frames/s){lat}{served}")
    return stats["frames"]


def _exit_if_stuck(seconds: float) -> None:
    """When this is the `avatar-studio` program itself: arm a daemon timer that ends the
    process (exit status 0: the session was over) if it is still running `seconds` from now,
    after writing every thread's stack to stderr so the stuck one can be found."""
    import faulthandler
    import os
    from pathlib import Path
    if Path(sys.argv[0]).name not in ("avatar-studio", "avatar-studio.exe", "cli.py",
                                      "__main__.py"):
        return                      # called in-process (tests, the studio): never end that

    def fire():
        try:
            sys.__stderr__.write("live: a device thread did not stop in time; ending anyway\n")
            sys.__stderr__.flush()
            faulthandler.dump_traceback(file=sys.__stderr__, all_threads=True)
        finally:
            os._exit(0)
    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


def _hotkeys(args):
    from studio.runtime.hotkeys import Hotkeys, load_hotkeys
    if args.project:
        from studio.profile.project import load_project
        return load_hotkeys(load_project(args.project))
    return Hotkeys.default()


def _wait(seconds: float | None) -> bool:
    """Until `seconds` pass (False) or Ctrl-C / a kill (True)."""
    end = None if seconds is None else time.monotonic() + seconds
    try:
        while end is None or time.monotonic() < end:
            time.sleep(0.1 if end is None else max(0.0, min(0.1, end - time.monotonic())))
    except KeyboardInterrupt:
        return True
    return False


class _TerminalKeys:
    """Key presses from the terminal (cbreak mode, no echo) → `session.trigger`. A terminal
    reports no key-up, so a hold key is released `HOLD_RELEASE_S` after its last repeat."""

    def __init__(self, session):
        self.session = session
        self._stop = threading.Event()
        self._held: dict[str, float] = {}
        self._saved = None

    def start(self) -> None:
        try:
            import termios
            import tty
            fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        except (ImportError, OSError, ValueError):
            return                                      # not a POSIX terminal: no hotkeys
        threading.Thread(target=self._run, name="live-keys", daemon=True).start()

    def _run(self) -> None:
        import select
        fd = sys.stdin.fileno()
        while not self._stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            now = time.monotonic()
            for key, last in list(self._held.items()):
                if now - last > HOLD_RELEASE_S:
                    del self._held[key]
                    self.session.trigger(key, down=False)
            if not ready:
                continue
            import os
            ch = os.read(fd, 1).decode("utf-8", "replace")
            binding = self.session.mixer.hotkeys.find(ch)
            if binding is None:
                continue
            if binding.mode == "hold":
                if binding.key not in self._held:
                    self.session.trigger(binding.key, down=True)
                self._held[binding.key] = now
            else:
                self.session.trigger(binding.key, down=True)

    def stop(self) -> None:
        self._stop.set()
        if self._saved is not None:
            import termios
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)
