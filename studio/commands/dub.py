"""`avatar-studio dub`: a real video's mouth re-rendered to new speech (docs/BATCH.md, *Dubbing*).

    avatar-studio dub --video IN.mp4 (--text "…" --lang L | --audio FILE) -o OUT.mp4 [--duck]
"""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("dub", help="make a video's speaker say a new text or recording (lip-synced)")
    p.add_argument("--video", required=True, metavar="IN", help="the video of one person talking")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="what the person should say (with --lang)")
    src.add_argument("--audio", metavar="FILE", help="a recording to lip-sync to instead")
    p.add_argument("--lang", help="language of the text (e.g. en, ko, es)")
    p.add_argument("-o", "--output", required=True, help="the dubbed video (.mp4, .webm or .mov)")
    p.add_argument("--duck", action="store_true",
                   help="keep the video's own sound underneath, lowered while the new voice speaks")


def run(args) -> int:
    from studio.export.dub import dub_video
    from studio.export.source import termination_interrupts, tty_progress
    with termination_interrupts():
        result = dub_video(args.video, args.output, text=args.text, lang=args.lang,
                           audio=args.audio, duck=args.duck, progress=tty_progress("dubbing"))
    import sys
    lost = result.frames - result.tracked
    print(f"dub: {result.frames} frames, face re-rendered in {result.tracked}"
          + (f" ({lost} without a face kept as they were)" if lost else "")
          + f"; speech {result.speech_seconds:.1f} s over {result.video_seconds:.1f} s of video"
          + (" (cut at the video's end)" if result.speech_seconds > result.video_seconds else ""),
          file=sys.stderr)
    print(result.path)
    return 0
