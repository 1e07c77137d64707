"""`avatar-studio batch`: one talking video per row of a jobs file (docs/BATCH.md).

    avatar-studio batch JOBS.csv|JOBS.jsonl -o FOLDER [--workers N] [--ray auto|ADDRESS]
"""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser("batch", help="make one video per row of a CSV or JSON Lines jobs file")
    p.add_argument("jobs", help="jobs file: .csv (header line) or .jsonl; columns project or photo, "
                                "text or audio, lang, and optional expression, size, fps, "
                                "background, subtitles, music, output (may use {column} fields)")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER",
                   help="folder for the videos, the manifest (resuming) and batch-summary.csv")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes rendering at once (default: one per core)")
    p.add_argument("--ray", metavar="auto|ADDRESS",
                   help="run the rows as Ray tasks: 'auto' joins this machine's cluster (or starts "
                        "a local one), or give the cluster's address")


def run(args) -> int:
    from studio.errors import UserError
    from studio.export.batch import run_batch
    from studio.export.source import termination_interrupts
    if args.workers is not None and args.workers < 1:
        raise UserError("--workers must be 1 or more")
    with termination_interrupts():       # a kill leaves finished rows recorded, no temporary file
        report = run_batch(args.jobs, args.output, workers=args.workers, ray=args.ray)
    n = {s: report.count(s) for s in ("done", "skipped", "failed", "invalid")}
    print(f"batch: {n['done']} made, {n['skipped']} already done, {n['failed']} failed, "
          f"{n['invalid']} invalid in {report.seconds:.1f} s; summary: {report.summary}",
          file=sys.stderr)
    print(report.summary)
    return 0 if report.ok else 1
