"""Export benchmark: a talking video of `seconds` at size×size, 30 frames/s, with audio
(budget: 10 s of 512×512 in ≤ 5 s wall, i.e. ≥ 2× real time).

Real parts: the sample avatar, eSpeak speech with its viseme track, the full export path
(render → framing → H.264 + AAC → MP4 with faststart). Stage times overlap (rendering and
encoding run on two threads), so they may add up to more than the wall time.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Iterator

BUDGET_SECONDS_PER_10S = 5.0
TEXT = ("Hello! This is a benchmark of the video export. The avatar keeps talking so that every "
        "frame has a moving mouth, a blink now and then, and a little head motion. ")


def figures(size: int, seconds: float) -> Iterator[str]:
    from studio.motion.perform import from_text
    from studio.profile.model import DigitalHuman
    from studio.quiet import native_stderr_to_log
    from studio.render.engine import AvatarEngine
    from studio.sample import sample_photo_path
    from studio.export.video import VideoOptions, export_video

    profile = DigitalHuman()
    with native_stderr_to_log():
        engine = AvatarEngine.from_photo(sample_photo_path())
    performance = from_text(profile, TEXT * max(1, int(seconds // 8) + 1), "en",
                            duration=seconds).performance
    if len(performance.audio) / performance.sample_rate < seconds:
        yield f"export: speech shorter than {seconds:g} s; timing the full length anyway"
    engine.render({}, size=size)                       # warm the per-size caches
    stages: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.mp4"
        t0 = time.perf_counter()
        export_video(performance, engine, out, size=size, fps=30,
                     options=VideoOptions(profile=profile), timings=stages)
        wall = time.perf_counter() - t0
        mb = out.stat().st_size / 1e6
    budget = BUDGET_SECONDS_PER_10S * seconds / 10.0
    yield (f"export {size}x{size}@30 {seconds:g} s with audio: {wall:.2f} s wall "
           f"({seconds / wall:.1f}x real time, {mb:.1f} MB) — budget <= {budget:g} s: {budget / wall:.2f}x")
    frames = int(round(seconds * 30))
    yield ("export stages: " + ", ".join(f"{k.replace('_', ' ')} {v:.2f} s" for k, v in stages.items())
           + f" ({frames} frames, render {1000 * stages['render'] / max(1, frames):.1f} ms/frame)")
    yield from _sticker_figures(engine, profile)


def _sticker_figures(engine, profile) -> Iterator[str]:
    """One sticker per format through its platform preset (render + fit under the cap)."""
    from studio.export.stickers import make_sticker
    for platform, motion in (("telegram", "wink"), ("whatsapp", "laugh"), ("line", "love"),
                             ("kakaotalk", "nod")):
        t0 = time.perf_counter()
        _, info = make_sticker(engine, profile, motion, platform=platform, caption="안녕!")
        wall = time.perf_counter() - t0
        yield (f"sticker {platform} {info.fmt} {info.width}x{info.height}: {wall:.2f} s "
               f"({info.frames} frames, {info.bytes / 1000:.0f} KB, setting {info.setting})")
