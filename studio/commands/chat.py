"""`avatar-studio chat`: talk with the digital human in the terminal.

    avatar-studio chat PROJECT|--photo F [--message "…"]... [--llm URL --model NAME]
                       [--save] [--forget] [--show-memory] [--say -o reply.mp4]

Without --message (or with `--message -`) it reads one message per line from standard input
(Ctrl-D ends) and prints "Name: reply" lines; each --message is one turn. The embedded
rule-based responder answers unless a language model is configured: `--llm URL --model NAME`
(or `AVATAR_STUDIO_LLM_URL` / `AVATAR_STUDIO_LLM_MODEL` / `AVATAR_STUDIO_LLM_KEY`, or the
project's / Preferences' model settings) — an OpenAI-compatible server such as Ollama; the reply
is printed as it streams and its emotion goes to stderr. A server that fails gives one line on
stderr and the embedded responder answers. With memory on in the profile, the conversation
and what the user said about themselves are kept in `<data dir>/memory.sqlite3`; --forget
deletes this avatar's, --show-memory prints it as JSON. --save writes the memories the avatar stored back into the project.
--say -o F speaks the last reply into a video, performed with the expression and voice
prosody of the avatar's emotion at that moment.
"""
from __future__ import annotations

import sys
from pathlib import Path

from studio.export.choices import FPS_CHOICES, VIDEO_FORMATS


def add_parser(sub) -> None:
    p = sub.add_parser("chat", help="talk with the avatar (offline); optionally speak the last reply")
    p.add_argument("project", nargs="?", help="a .dhc project (or use --photo)")
    p.add_argument("--photo", help="a face photo to chat with instead of a project (default persona)")
    p.add_argument("--message", "-m", action="append", default=[], metavar="TEXT",
                   help="one message to the avatar (repeatable); without it, read lines from stdin")
    p.add_argument("--llm", metavar="URL",
                   help="an OpenAI-compatible server to answer with (e.g. http://127.0.0.1:11434 for Ollama)")
    p.add_argument("--model", metavar="NAME", help="the model on that server (with --llm)")
    p.add_argument("--forget", action="store_true",
                   help="delete what this avatar remembers (history, facts) before chatting")
    p.add_argument("--show-memory", action="store_true",
                   help="print what this avatar remembers (facts, summary, history) as JSON and stop")
    p.add_argument("--save", action="store_true",
                   help="save what the avatar remembered into the project (needs a project)")
    p.add_argument("--say", action="store_true", help="speak the last reply into a video (-o)")
    p.add_argument("-o", "--output", help="video for --say (.mp4, .webm or .mov)")
    p.add_argument("--size", default="512", help="with --say: square side in pixels or 720p/1080p")
    p.add_argument("--fps", type=int, default=30, choices=FPS_CHOICES, help="with --say: frame rate")
    p.add_argument("--format", choices=VIDEO_FORMATS,
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


def _talk(session, messages, name: str) -> list:
    """Reply to each message, printing "Name: reply" as it streams; returns the replies."""
    from studio.persona.session import Reply  # noqa: F401  (the type returned)
    replies = []
    for message in messages:
        started = []

        def show(delta: str) -> None:
            if not started:
                started.append(True)
                print(f"{name}: ", end="", flush=True)
            print(delta, end="", flush=True)

        reply = session.reply(message, on_text=show)
        if not started:
            print(f"{name}: {reply.turn.text}", end="")
        print(flush=True)
        if reply.notice:
            print(f"avatar-studio chat: language model: {reply.notice}; the built-in responder answered"
                  if reply.source == "rules" else f"avatar-studio chat: language model: {reply.notice}",
                  file=sys.stderr, flush=True)
        if reply.source == "llm":
            print(f"[emotion={reply.emotion or reply.turn.expression} intensity={reply.turn.intensity:.2f}]",
                  file=sys.stderr, flush=True)
        replies.append(reply)
    return replies


def _interactive(session, name: str) -> list:
    """One message per stdin line until end of input (Ctrl-D) or Ctrl-C; blank lines skipped."""
    prompt = sys.stdin.isatty()
    if prompt:
        print(f"{name}: {session.conversation.greeting().text}", flush=True)
    replies = []
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
            replies += _talk(session, [line], name)
    return replies


def _save(args, project, conversation) -> None:
    import dataclasses
    from studio.profile.project import save_project
    after = conversation.profile_after()
    if after is project.profile:
        print("nothing new to remember; the project is unchanged", file=sys.stderr)
        return
    save_project(dataclasses.replace(project, profile=after), args.project)
    print(f"saved {len(after.internal.memories)} memories to {args.project}", file=sys.stderr)


def _say(args, turn, internal_now):
    """Speak `turn` into args.output; returns the written path."""
    from studio.commands.say import _format, _size, apply_background
    from studio.export.source import load_avatar, tty_progress
    from studio.export.video import VideoOptions, export_video
    from studio.motion.perform import from_turn

    fmt = _format(args)
    framing, size = _size(args.size)
    profile, engine = load_avatar(args.project, args.photo)
    transparent, image = apply_background(engine, None, fmt)
    performance = from_turn(profile, turn, internal_now).performance
    options = VideoOptions(format=fmt, framing=framing, transparent=transparent,
                           background_image=image, language=turn.language, profile=profile)
    return export_video(performance, engine, args.output, size=size if framing == "square" else 512,
                        fps=args.fps, options=options, progress=tty_progress("exporting"))


def _session(args, project, profile):
    """The chat session: the language model if one is configured, the memory store when the
    profile's memory is on (keyed by the project file, or the avatar's name)."""
    import os
    from studio.persona.llm import ENV_MODEL, ENV_URL, resolve
    from studio.persona.memory_store import MemoryStore, avatar_key
    from studio.persona.session import ChatSession
    from studio.settings import load_settings
    from studio.errors import UserError
    if args.llm and not args.model and not os.environ.get(ENV_MODEL):
        raise UserError("--llm needs --model NAME (the model on that server, e.g. llama3.2)")
    config = resolve(args.llm, args.model, internal=profile.internal, settings=load_settings())
    if args.model and config is None:
        raise UserError(f"--model needs --llm URL (the server to ask) or {ENV_URL}")
    store = MemoryStore()
    key = avatar_key(args.project, profile.internal.name)
    if args.forget:
        store.forget(key)
        print("forgot what this avatar remembered", file=sys.stderr)
    return ChatSession(profile, llm=config, store=store, avatar=key)


def run(args) -> int:
    from studio.errors import UserError

    if hasattr(sys.stdout, "reconfigure"):        # a console that cannot show an emoji or Hangul
        sys.stdout.reconfigure(errors="replace")   # gets '?' instead of a crash
    _check(args)
    project, profile = _profile(args)
    session = _session(args, project, profile)
    if args.show_memory:
        import json
        print(json.dumps(session.store.export(session.avatar), ensure_ascii=False, indent=2))
        return 0
    name = profile.internal.name.strip() or "Avatar"
    if args.message and args.message != ["-"]:
        replies = _talk(session, args.message, name)
    else:
        replies = _interactive(session, name)
    if args.save:
        _save(args, project, session.conversation)
    if args.say:
        if not replies:
            raise UserError("there is no reply to speak; send a message first")
        print(_say(args, replies[-1].turn, replies[-1].internal))
    return 0
