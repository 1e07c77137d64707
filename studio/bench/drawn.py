"""Drawn-character benchmark (issue 15): frames/s at 512 and 1024 for a varied cast, through
the same talking-head pose sequence as the photo render bench, with speech-gesture arms.
Budget: 512×512 ≥ 120 frames/s (vector drawing is cheap)."""
from __future__ import annotations

from typing import Iterator

BUDGET_FPS = {512: 120.0}


def figures(size: int, seconds: float) -> Iterator[str]:
    from studio.bench.render import cpu_fps, measure
    from studio.drawn.contact_sheet import CAST
    from studio.drawn.engine import DrawnEngine
    from studio.drawn.gestures import gesture_track
    from studio.profile.model import ExternalStatic
    from studio.speech.types import WordEvent
    words = [WordEvent(0.6 * i, 0.6 * i + 0.4, w) for i, w in
             enumerate(["hello", "I", "think", "you", "are", "absolutely", "wonderful"] * 4)]
    track = gesture_track(words, 0.8)
    sizes = sorted({size, 512, 1024})
    per = max(seconds / (len(sizes) * len(CAST)), 0.3)
    for s in sizes:
        results = []
        for character in CAST:
            engine = DrawnEngine(ExternalStatic(avatar_kind="drawn", character=character))
            engine.set_arms(lambda pose, track=track: track.arms((sum(pose.values()) * 7.0) % 16.0))
            r = measure(engine, s, per)
            r["cpu_fps"] = cpu_fps(engine, s)
            results.append(r)
        results.sort(key=lambda r: r["fps"])
        slow, mid = results[0], results[len(results) // 2]
        line = (f"drawn {s}x{s} ({len(CAST)} characters): median {mid['fps']:.1f} frames/s, "
                f"slowest {slow['fps']:.1f} frames/s (p99 {slow['p99']:.1f} ms); "
                f"on the process's own CPU time (a busy machine's other load left out) slowest "
                f"{min(r['cpu_fps'] for r in results):.1f} frames/s")
        if s in BUDGET_FPS:
            line += f" — budget ≥{BUDGET_FPS[s]:g}: {slow['fps'] / BUDGET_FPS[s]:.2f}×"
        yield line
        yield (f"drawn {s}x{s} stages (mean ms, slowest): "
               + ", ".join(f"{k} {v:.2f}" for k, v in slow["stages"].items()))
