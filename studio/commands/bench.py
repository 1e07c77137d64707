"""`avatar-studio bench`: frames/s, latency and per-stage timings, one line per figure.

Each area of the engine contributes a module `studio.bench.<area>` with a function
`figures(size: int, seconds: float) -> Iterator[str]` yielding lines such as
"render 512x512: 85.3 frames/s (p99 9.1 ms)". Ratios to the budgets (docs/ARCHITECTURE.md,
*Budgets and the benchmark*) are printed with the figures, so the output reads as a pass/fail
sheet without being a test.
"""
from __future__ import annotations

import importlib
import pkgutil

from studio.commands._stdout import stops_quietly_on_closed_pipe

AREAS_ORDER = ("render", "speech", "live", "export", "say", "batch", "startup")


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure frames/s, latency and per-stage timings")
    p.add_argument("--size", type=int, default=512, help="render size in pixels (default 512)")
    p.add_argument("--seconds", type=float, default=10.0, help="length of timed runs (default 10)")
    p.add_argument("--only", action="append", default=[], metavar="AREA",
                   help="run only this area (render, speech, live, export, say, batch, startup, "
                        "studio, drawn); repeatable")


@stops_quietly_on_closed_pipe
def run(args) -> int:
    from studio.errors import UserError
    import studio.bench as bench_pkg

    if not 64 <= args.size <= 2048:
        raise UserError("--size must be between 64 and 2048")
    if not 0.5 <= args.seconds <= 600:
        raise UserError("--seconds must be between 0.5 and 600")
    found = [m.name for m in pkgutil.iter_modules(bench_pkg.__path__)]
    order = [a for a in AREAS_ORDER if a in found] + sorted(set(found) - set(AREAS_ORDER))
    unknown = set(args.only) - set(order)
    if unknown:
        raise UserError(f"unknown bench area {sorted(unknown)[0]!r}; known: {', '.join(order)}")
    for area in order:
        if args.only and area not in args.only:
            continue
        module = importlib.import_module(f"studio.bench.{area}")
        for line in module.figures(args.size, args.seconds):
            print(line, flush=True)
    return 0
