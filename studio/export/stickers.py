"""Sticker export: a looping motion rendered on the platform's canvas, encoded until it fits.

Frames are rendered once per sample time (cached), composed on the canvas (transparent or a
colour), captioned, then encoded at falling quality → colours → frame rate until the file is
within the platform's byte cap. A file over the cap is never written: when nothing fits, a
UserError says what to change. Output is written atomically.
"""
from __future__ import annotations

import contextlib
import logging
import math
import dataclasses
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from studio.errors import Cancelled, UserError
from studio.export import encoders
from studio.export.atomic import write_bytes_atomic
from studio.export.metadata import sticker_label
from studio.export.motions import motion_for
from studio.export.platforms import Platform, choose_format, get_platform

log = logging.getLogger(__name__)

QUALITY_LADDER = {
    "webp": (85, 75, 65, 55, 45, 35, 25, 15),
    "gif": (256, 192, 128, 96, 64, 48, 32, 16),
    "apng": (0, 256, 192, 128, 96, 64, 32),          # 0 = RGBA truecolour
    "webm": (24, 30, 36, 42, 48, 54, 63),
}
QUALITY_FLOOR = {"webp": 55, "gif": 128, "apng": 128, "webm": 42}
FPS_STEPS = (1.0, 0.8, 2 / 3, 0.5, 1 / 3)
DEFAULT_SIZE = 512
DEFAULT_FPS = 30


@dataclass(frozen=True)
class StickerInfo:
    """What was written: checked by tests, listed in pack manifests."""
    name: str
    fmt: str
    width: int
    height: int
    frames: int
    frame_ms: int
    plays: int                    # 0 = loops forever
    bytes: int
    setting: int                  # quality / colours / crf that fitted
    transparent: bool

    @property
    def seconds(self) -> float:
        return self.frames * self.frame_ms / 1000.0


def parse_colour(text: str) -> tuple[int, int, int]:
    s = text.strip().lstrip("#")
    if len(s) == 3:
        s = "".join(c * 2 for c in s)
    try:
        if len(s) != 6:
            raise ValueError
        return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))   # type: ignore[return-value]
    except ValueError:
        raise UserError(f"{text!r} is not a colour; use #rrggbb, e.g. #ffffff") from None


STICKER_ZOOM = 1.15         # stickers are read small: frame the face a little tighter …
STICKER_RAISE = 0.06        # … and move the crop up so the hair keeps its headroom
BOTTOM_FADE = 0.14          # fraction of the avatar's height faded out at its bottom edge


def sticker_static(static):
    """The appearance used for stickers: transparent background, slightly tighter framing."""
    return dataclasses.replace(static, background="transparent",
                               zoom=min(2.0, static.zoom * STICKER_ZOOM),
                               offset_y=max(-0.5, static.offset_y - STICKER_RAISE))


@contextlib.contextmanager
def sticker_engine(engine, profile) -> Iterator[None]:
    """Let the engine render sticker frames for the block, then restore its appearance
    (engines without `set_static` render as they are)."""
    base = getattr(engine, "static", None) or (profile.static if profile is not None else None)
    if base is None or not hasattr(engine, "set_static"):
        yield
        return
    engine.set_static(sticker_static(base))
    try:
        yield
    finally:
        engine.set_static(base)


ALPHA_CHOKE = 60            # alpha below this (of 255) is the photo's background showing
                            # through the soft person mask: a light halo on a chat bubble


def sticker_alpha(alpha: np.ndarray) -> np.ndarray:
    """side×side uint8 alpha of a rendered avatar → the sticker's alpha: the faint halo left
    by the soft person mask is choked away and the bust fades out at the bottom edge."""
    a = (alpha.astype(np.float32) - ALPHA_CHOKE) * (255.0 / (255 - ALPHA_CHOKE))
    a = np.clip(a, 0, 255) * _bottom_fade(alpha.shape[0])
    return (a + 0.5).astype(np.uint8)


def _bottom_fade(side: int) -> np.ndarray:
    """side×1 float32 alpha multiplier: 1 above, easing to 0 at the bottom row, so a bust cut
    by the frame edge ends softly instead of with a hard line."""
    ramp = np.ones(side, np.float32)
    k = max(1, int(side * BOTTOM_FADE))
    x = np.linspace(1.0, 0.0, k, dtype=np.float32)
    ramp[side - k:] = x * x * (3 - 2 * x)
    return ramp[:, None]


class _Frames:
    """Renders and composes sticker frames, caching by sample time across attempts."""

    def __init__(self, engine, motion, canvas: tuple[int, int], background, caption: str | None,
                 cancel: threading.Event | None, badge: bool = False):
        self.engine, self.motion, self.cancel = engine, motion, cancel
        self.width, self.height = canvas
        self.side = min(canvas)
        self.background = background
        self._cache: dict[int, np.ndarray] = {}
        self._badge = None
        if badge:            # the privacy settings ask for the visible AI-generated badge
            from studio.export.text import badge_for
            self._badge = badge_for(self.height)
        self._caption = None
        if caption:
            from studio.export.text import render_text
            self._caption = render_text(caption, max(10, int(self.height * 0.12)),
                                        int(self.width * 0.94), max_lines=2)

    def at(self, t: float) -> np.ndarray:
        """The composed canvas at time t: height×width×4 uint8 RGBA."""
        key = int(round(t * 10_000))
        if key not in self._cache:
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled()
            self._cache[key] = self._compose(self.engine.render(self.motion.pose_at(t), size=self.side))
        return self._cache[key]

    def _compose(self, frame: np.ndarray) -> np.ndarray:
        from studio.export.text import blend_over
        out = np.zeros((self.height, self.width, 4), np.uint8)
        x, y = (self.width - self.side) // 2, (self.height - self.side) // 2
        out[y:y + self.side, x:x + self.side, :3] = frame[..., :3]
        out[y:y + self.side, x:x + self.side, 3] = sticker_alpha(frame[..., 3])
        if self.background is not None:
            a = out[..., 3:4].astype(np.float32) / 255.0
            rgb = out[..., :3] * a + np.array(self.background, np.float32) * (1 - a)
            out[..., :3] = (rgb + 0.5).astype(np.uint8)
            out[..., 3] = 255
        if self._caption is not None:
            c = self._caption
            blend_over(out, c, (self.width - c.shape[1]) // 2,
                       self.height - c.shape[0] - max(2, self.height // 40))
        if self._badge is not None:
            from studio.export.text import draw_badge
            draw_badge(out, self._badge)
        return out


def _timing(period: float, fps: float, fmt: str, platform: Platform | None) -> tuple[int, int]:
    """(frames, frame_ms) covering one period at no more than `fps` within the platform's
    rules. Delays round up, so the played rate never exceeds the platform's maximum."""
    ms0 = 1000.0 / fps
    if fmt == "gif":                       # GIF counts in 1/100 s
        ms0 = max(20.0, math.ceil(ms0 / 10 - 1e-9) * 10)
    n = max(2, int(period * 1000 / ms0 + 1e-6))
    if platform is not None:
        n = max(n, platform.min_frames)
        if platform.max_frames:
            n = min(n, platform.max_frames)
    step = 10 if fmt == "gif" else 1
    ms = step * math.ceil(period * 1000 / n / step - 1e-9)
    return n, max(ms, platform.min_frame_ms if platform else 20)


def _plays(plat: Platform | None, n: int, ms: int) -> int:
    """0 (loop forever), or for platforms with finite loops as many plays (1–4) as fit."""
    if plat is None or not plat.finite_loops:
        return 0
    return max(1, min(4, int(plat.max_total_seconds * 1000 // (n * ms))))


def _next_attempt(fps_i: int, q_i: int, ratio: float, fmt: str) -> tuple[int, int] | None:
    """The next (fps step, quality step) after an encode came out `ratio` × the cap.

    Quality goes first, down to a floor below which pictures visibly suffer (posterized
    palettes, blocky WebP); then frames are dropped at that quality; only when the rate is
    at its lowest does quality go under the floor. A file far over the cap drops frames at
    once, since lowering quality alone rarely halves a file. None: nothing left to try."""
    ladder = QUALITY_LADDER[fmt]
    floor = ladder.index(QUALITY_FLOOR[fmt])
    can_drop = fps_i + 1 < len(FPS_STEPS)
    if ratio > 2.0 and can_drop:
        want = 1.0 / ratio * 1.6                 # frames kept, assuming quality still gives ~0.6×
        j = fps_i + 1
        while j + 1 < len(FPS_STEPS) and FPS_STEPS[j] / FPS_STEPS[fps_i] > want:
            j += 1
        return j, q_i
    nq = q_i + (1 if ratio < 1.25 else 2)
    if nq <= floor:
        return fps_i, nq
    if can_drop:
        return fps_i + 1, max(q_i, min(nq, floor))
    if nq < len(ladder):
        return fps_i, nq
    return None


def _encode(fmt: str, frames, ms: int, setting: int, plays: int, transparent: bool, matte,
            label: str | None) -> bytes:
    if fmt == "webp":
        return encoders.encode_webp(frames, ms, quality=setting, loops=plays, label=label)
    if fmt == "gif":
        return encoders.encode_gif(frames, ms, colours=setting, matte=matte,
                                   transparent=transparent, loops=plays, label=label)
    if fmt == "apng":
        return encoders.encode_apng(frames, ms, colours=setting or None, loops=plays, label=label)
    return encoders.encode_webm(frames, 1000.0 / ms, crf=setting, alpha=transparent, label=label)


def _period(motion, plat: Platform | None) -> float:
    """Seconds of one play: the motion's period, trimmed (clips) to the platform's limit
    with room for the delays' rounding."""
    period = float(motion.duration)
    if plat is not None and period > plat.max_seconds - 0.05:
        period = plat.max_seconds - 0.05
    return period


def make_sticker(engine, profile, preset_or_motion, *, platform: str | Platform | None = None,
                 fmt: str | None = None, caption: str | None = None, background: str | None = None,
                 size: int = DEFAULT_SIZE, progress: Callable[[float], None] | None = None,
                 cancel: threading.Event | None = None,
                 prepare_engine: bool = True) -> tuple[bytes, StickerInfo]:
    """Render and encode a sticker in memory. `preset_or_motion` is a sticker name (a motion
    or expression preset) or any object with `duration` and `pose_at(t)` (e.g. a driving clip).
    Returns the file bytes (within the platform cap) and what they hold. `prepare_engine=False`
    when the caller already holds `sticker_engine` (packs: one appearance switch for all)."""
    plat = get_platform(platform) if isinstance(platform, str) else platform
    fmt = choose_format(plat, fmt)
    own = getattr(getattr(profile, "dynamic", None), "user_presets", None)
    motion = (motion_for(preset_or_motion, own) if isinstance(preset_or_motion, str)
              else preset_or_motion)
    name = getattr(motion, "name", "clip")
    period = _period(motion, plat)
    canvas = plat.canvas if plat else (size, size)
    transparent, bg = _background(plat, background)
    matte = bg or (plat.matte if plat else (255, 255, 255))
    cap = plat.max_bytes if plat else None
    label = sticker_label(profile)
    fps0 = min(plat.start_fps or plat.max_fps, 1000.0 / plat.min_frame_ms) if plat else DEFAULT_FPS
    with sticker_engine(engine, profile) if prepare_engine else contextlib.nullcontext():
        badge = bool(profile is not None and profile.privacy.ai_badge_visible)
        source = _Frames(engine, motion, canvas, None if transparent else matte, caption, cancel, badge)
        fps_i, q_i = 0, 1 if (cap and fmt == "apng") else 0   # truecolour APNG never fits a cap
        best = None
        for k in range(16):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            n, ms = _timing(period, fps0 * FPS_STEPS[fps_i], fmt, plat)
            frames = [source.at(i * period / n) for i in range(n)]
            _check_moves(frames, plat)
            setting = QUALITY_LADDER[fmt][q_i]
            plays = _plays(plat, n, ms)
            data = _encode(fmt, frames, ms, setting, plays, transparent, matte, label)
            if progress:
                progress(min(0.95, 0.3 + 0.1 * (k + 1)))
            if cap is None or len(data) <= cap:
                best = (data, StickerInfo(name, fmt, canvas[0], canvas[1], n, ms, plays, len(data),
                                          setting, transparent))
                break
            log.info("sticker %s: %d frames, %s %d → %d bytes (cap %d)", name, n, fmt, setting,
                     len(data), cap)
            nxt = _next_attempt(fps_i, q_i, len(data) / cap, fmt)
            if nxt is None:
                break
            fps_i, q_i = nxt
    if best is None:
        raise UserError(f"the {name} sticker does not fit {plat.label}'s {cap // 1000} KB limit even at "
                        "the lowest quality; use a shorter caption, a plain background or another motion")
    if progress:
        progress(1.0)
    return best


def _background(plat: Platform | None, background: str | None) -> tuple[bool, tuple | None]:
    """(transparent?, background colour or None)."""
    colour = parse_colour(background) if background and background != "transparent" else None
    if plat is not None and plat.transparency == "required" and colour is not None:
        raise UserError(f"{plat.label}s must have a transparent background; leave out --background")
    if plat is not None and plat.transparency == "none":
        return False, colour or plat.matte
    return colour is None, colour


def _check_moves(frames, plat: Platform | None) -> None:
    if plat is not None and plat.key == "line" and all(np.array_equal(frames[0], f) for f in frames[1:]):
        raise UserError("LINE rejects animated stickers whose frames are all the same; choose a motion")


def sticker_extension(fmt: str) -> str:
    return encoders.EXTENSIONS[fmt]


def format_from_path(path: Path) -> str | None:
    return {".webp": "webp", ".gif": "gif", ".png": "apng", ".apng": "apng",
            ".webm": "webm"}.get(path.suffix.lower())


def export_sticker(engine, profile, preset_or_motion, path, *, platform=None, fmt=None,
                   caption=None, background=None, size: int = DEFAULT_SIZE, progress=None,
                   cancel=None) -> Path:
    """Write one sticker at `path` atomically (format from `fmt`, else the path's extension,
    else the platform's default). Returns the path."""
    path = Path(path)
    plat = get_platform(platform) if isinstance(platform, str) else platform
    if fmt is None and plat is not None and format_from_path(path) not in plat.formats:
        want = plat.formats[0]
        raise UserError(f"{plat.label}s are {want.upper()} files: name the output "
                        f"{path.stem}{sticker_extension(want)}")
    fmt = choose_format(plat, fmt or format_from_path(path))
    if format_from_path(path) != fmt:
        raise UserError(f"a {fmt} sticker needs a {sticker_extension(fmt)} file name (got {path.name})")
    data, _ = make_sticker(engine, profile, preset_or_motion, platform=plat, fmt=fmt, caption=caption,
                           background=background, size=size, progress=progress, cancel=cancel)
    return write_bytes_atomic(path, data)
