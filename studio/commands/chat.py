"""`avatar-studio chat`: talk with the digital human in the terminal (offline, rule-based).

    avatar-studio chat PROJECT|--photo F [--message "…"]... [--save] [--say -o reply.mp4]

Without --message it reads one message per line from standard input (Ctrl-D ends) and prints
"Name: reply" lines; each --message is one turn. --save writes the memories the avatar
stored back into the project. --say -o F speaks the last reply into a video, performed with
the expression and voice prosody of the avatar's emotion at that moment.
"""
from __future__ import annotations

import sys
from pathlib import Path

FPS_CHOICES = (24, 25, 30, 60)


def add_parser(sub) -> None:
    p = sub.add_parser("chat", help="talk with the avatar (offline); optionally speak the last reply")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to chat with instead of a project (default persona)")
    p.add_argument("--message", "-m", action="append", default=[], metavar="TEXT",
                   help="one message to the avatar (repeatable); without it, read lines from stdin")
    p.add_argument("--save", action="store_true",
                   help="save what the avatar remembered into the project (needs a project)")
    p.add_argument("--say", action="store_true", help="speak the last reply into a video (-o)")
    p.add_argument("-o", "--output", help="video for --say (.mp4, .webm or .mov)")
    p.add_argument("--size", default="512", help="with --say: square side in pixels or 720p/1080p")
    p.add_argument("--fps", type=int, default=30, choices=FPS_CHOICES, help="with --say: frame rate")
    p.add_argument("--format", choices=("mp4", "webm", "mov"),
                   help="with --say: container (default: from the output name)")


def _profile(args):
    """The profile to chat with, without loading the face (that is only needed for --say)."""
    from studio.errors import UserError
    if bool(args.project) == bool(args.photo):
        raise UserError("give either a project file (.dhc) or --photo FACE.jpg, not both or neither")
    if args.photo:
        from studio.profile.model import DigitalHuman
        if not Path(args.photo).is_file():
            raise UserError(f"photo {args.photo} not found")
        return None, DigitalHuman()
    from studio.profile.project import load_project
    if not Path(args.project).is_file():
        raise UserError(f"project {args.project} not found; make one with: "
                        "avatar-studio new --photo FACE.jpg -o me.dhc")
    project = load_project(args.project)
    return project, project.profile


def _check(args) -> None:
    from studio.errors import UserError
    if args.save and not args.project:
        raise UserError("--save needs a project file to save into (not --photo)")
    if args.say and not args.output:
        raise UserError("--say needs -o VIDEO.mp4 for the spoken reply")
    if args.output and not args.say:
        raise UserError("-o is for --say; add --say to speak the last reply into a video")
    if args.say:
        from studio.commands.say import _format, _size
        _format(args)
        _size(args.size)


def _talk(conversation, messages, name: str) -> list:
    """Reply to each message, printing "Name: reply"; returns the turns."""
    turns = []
    for message in messages:
        turn = conversation.reply(message)
        print(f"{name}: {turn.text}", flush=True)
        turns.append(turn)
    return turns


def _interactive(conversation, name: str) -> list:
    """One message per stdin line until end of input (Ctrl-D) or Ctrl-C; blank lines skipped."""
    prompt = sys.stdin.isatty()
    if prompt:
        print(f"{name}: {conversation.greeting().text}", flush=True)
    turns = []
    while True:
        if prompt:
            print("you> ", end="", file=sys.stderr, flush=True)
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            print(file=sys.stderr)
            break
        if not line:
            break
        if line.strip():
            turns += _talk(conversation, [line], name)
    return turns


def _save(args, project, conversation) -> None:
    import dataclasses
    from studio.profile.project import save_project
    after = conversation.profile_after()
    if after is project.profile:
        print("nothing new to remember; the project is unchanged", file=sys.stderr)
        return
    save_project(dataclasses.replace(project, profile=after), args.project)
    print(f"saved {len(after.internal.memories)} memories to {args.project}", file=sys.stderr)


def _say(args, conversation, turn):
    """Speak `turn` into args.output; returns the written path."""
    from studio.commands.say import _format, _size, apply_background
    from studio.export.source import load_avatar, tty_progress
    from studio.export.video import VideoOptions, export_video
    from studio.persona.perform import performance_for

    fmt = _format(args)
    framing, size = _size(args.size)
    profile, engine = load_avatar(args.project, args.photo)
    transparent, image = apply_background(engine, None, fmt)
    performance, _ = performance_for(profile, turn, conversation.internal_now())
    options = VideoOptions(format=fmt, framing=framing, transparent=transparent,
                           background_image=image, language=turn.language, profile=profile)
    return export_video(performance, engine, args.output, size=size if framing == "square" else 512,
                        fps=args.fps, options=options, progress=tty_progress("exporting"))


def run(args) -> int:
    from studio.errors import UserError
    from studio.persona.dialogue import Conversation

    if hasattr(sys.stdout, "reconfigure"):        # a console that cannot show an emoji or Hangul
        sys.stdout.reconfigure(errors="replace")   # gets '?' instead of a crash
    _check(args)
    project, profile = _profile(args)
    conversation = Conversation(profile)
    name = profile.internal.name.strip() or "Avatar"
    if args.message:
        turns = _talk(conversation, args.message, name)
    else:
        turns = _interactive(conversation, name)
    if args.save:
        _save(args, project, conversation)
    if args.say:
        if not turns:
            raise UserError("there is no reply to speak; send a message first")
        print(_say(args, conversation, turns[-1]))
    return 0
