"""Render benchmark: frames/s, p50/p99 frame time and the per-stage split at 512 and 1024.

The engine renders the astronaut sample through a moving performance-like pose sequence
(talking jaw, smiles, blinks, gaze, head sway), so every stage does real work each frame.
When the real-photo set is in the cache (`avatar-studio photos`), the same sequence is also
timed at 512 on each of its photos (the slowest and the median are reported): laughing
photos, undone at rest, and enlarged small ones do more work per frame than the astronaut.
"""
from __future__ import annotations

import math
import time
from typing import Iterator

import numpy as np

BUDGET_FPS = {512: 60.0, 1024: 30.0}
BUDGET_P99_MS = {512: 16.0}


def motion(i: int) -> dict[str, float]:
    """A deterministic talking-head pose for frame i (30 frames/s)."""
    t = i / 30.0
    return {
        "jawOpen": 0.5 + 0.45 * math.sin(2 * math.pi * 3.1 * t),
        "mouthSmileLeft": 0.4 + 0.3 * math.sin(2 * math.pi * 0.4 * t),
        "mouthSmileRight": 0.4 + 0.3 * math.sin(2 * math.pi * 0.45 * t),
        "mouthFunnel": max(0.0, 0.5 * math.sin(2 * math.pi * 1.3 * t)),
        "eyeBlinkLeft": max(0.0, math.sin(2 * math.pi * 0.5 * t)) ** 8,
        "eyeBlinkRight": max(0.0, math.sin(2 * math.pi * 0.5 * t)) ** 8,
        "browInnerUp": 0.3 + 0.3 * math.sin(2 * math.pi * 0.7 * t),
        "gazeX": 0.4 * math.sin(2 * math.pi * 0.3 * t),
        "headYaw": 8 * math.sin(2 * math.pi * 0.25 * t),
        "headPitch": 4 * math.sin(2 * math.pi * 0.33 * t),
        "headRoll": 3 * math.sin(2 * math.pi * 0.2 * t),
    }


def _engine():
    import skimage.data
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_photo(skimage.data.astronaut())


def measure(engine, size: int, seconds: float) -> dict:
    """Render for about `seconds`; returns fps, p50/p99 ms and mean per-stage ms."""
    for i in range(10):                                  # warm caches and code paths
        engine.render(motion(i), size)
    times, stages = [], {}
    start = time.perf_counter()
    i = 0
    while time.perf_counter() - start < seconds or i < 20:
        t0 = time.perf_counter()
        engine.render(motion(i), size)
        times.append(time.perf_counter() - t0)
        for k, v in engine.last_timings.items():
            stages.setdefault(k, []).append(v)
        i += 1
    ms = np.array(times) * 1e3
    return {"fps": len(ms) / (ms.sum() / 1e3), "p50": float(np.percentile(ms, 50)),
            "p99": float(np.percentile(ms, 99)),
            "stages": {k: float(np.mean(v)) for k, v in stages.items() if k != "total"}}


def cpu_fps(engine, size: int, frames: int = 60) -> float:
    """Frames per second of this process's CPU time (one thread renders): the figure a busy
    machine's other load leaves alone."""
    t0 = time.process_time()
    for i in range(frames):
        engine.render(motion(i), size)
    return frames / max(time.process_time() - t0, 1e-9)


def photoset_figures(seconds: float) -> Iterator[str]:
    """512 render speed over the cached real-photo set (nothing is downloaded here)."""
    from studio.errors import UserError
    from studio.photoset import entries
    from studio.render.engine import AvatarEngine
    results = []
    for entry in entries():
        if not entry["path"].is_file():
            continue
        try:
            engine = AvatarEngine.from_photo(entry["path"])
        except UserError:
            continue
        r = measure(engine, 512, seconds)
        r["cpu_fps"] = cpu_fps(engine, 512)
        results.append((r, entry["id"]))
    if not results:
        yield "render 512x512 real photos: not measured (fetch them with `avatar-studio photos`)"
        return
    results.sort(key=lambda r: r[0]["fps"])
    slow, name = results[0]
    mid = results[len(results) // 2][0]
    yield (f"render 512x512 real photos ({len(results)}): median {mid['fps']:.1f} frames/s, "
           f"slowest {slow['fps']:.1f} frames/s (p99 {slow['p99']:.1f} ms, {name}); on the "
           f"process's own CPU time (a busy machine's other load left out) slowest "
           f"{min(r['cpu_fps'] for r, _ in results):.1f} frames/s — budget "
           f"≥{BUDGET_FPS[512]:g}: {slow['fps'] / BUDGET_FPS[512]:.2f}×")


def figures(size: int, seconds: float) -> Iterator[str]:
    engine = _engine()
    sizes = sorted({size, 512, 1024})
    per = max(seconds / len(sizes), 0.5)
    for s in sizes:
        r = measure(engine, s, per)
        line = (f"render {s}x{s}: {r['fps']:.1f} frames/s (p50 {r['p50']:.1f} ms, "
                f"p99 {r['p99']:.1f} ms)")
        if s in BUDGET_FPS:
            line += f" — budget ≥{BUDGET_FPS[s]:g}: {r['fps'] / BUDGET_FPS[s]:.2f}×"
        if s in BUDGET_P99_MS:
            line += f", p99 budget ≤{BUDGET_P99_MS[s]:g} ms: {BUDGET_P99_MS[s] / r['p99']:.2f}×"
        yield line
        yield (f"render {s}x{s} stages (mean ms): "
               + ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items()))
    yield background_figures(engine, max(seconds / 10.0, 0.3))
    yield from photoset_figures(max(seconds / 40.0, 0.25))


BACKGROUNDS = ("#204060", "blur", "transparent")


def background_figures(engine, seconds: float) -> str:
    """512 frames/s over a colour, a blurred backdrop and transparency (the compositing
    stage does real work only when the photo's own backdrop is replaced)."""
    import dataclasses
    original = engine.static
    results = {}
    try:
        for mode in BACKGROUNDS:
            engine.set_static(dataclasses.replace(original, background=mode))
            results[mode] = measure(engine, 512, seconds)
    finally:
        engine.set_static(original)
    slowest = min(r["fps"] for r in results.values())
    parts = [f"{mode} {r['fps']:.1f} (composite {r['stages']['composite']:.2f} ms)"
             for mode, r in results.items()]
    return ("render 512x512 over other backgrounds, frames/s: " + ", ".join(parts)
            + f" — budget ≥{BUDGET_FPS[512]:g}: {slowest / BUDGET_FPS[512]:.2f}×")
