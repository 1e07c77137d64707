"""Messaging-platform sticker presets: each platform's published sticker limits, recorded here
(the stricter figure where sources differ). `PLATFORMS` is the one enumeration behind the CLI
`--platform` choices and the GUI combo box; `PLATFORM_NAMES` keeps its order.

Sizes are in bytes with KB = 1000 (stricter than 1024). Canvas is (width, height).
"""
from __future__ import annotations

from dataclasses import dataclass

from studio.errors import UserError

STICKER_FORMATS = ("webp", "gif", "apng", "webm")     # light here: the CLI builds its choices


@dataclass(frozen=True)
class Extra:
    """An extra image a pack needs (tray icon, main/tab image, set icon)."""
    name: str          # file name inside the pack
    size: tuple[int, int]
    fmt: str           # "png" (static) or "apng"
    max_bytes: int


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    formats: tuple[str, ...]          # the first is the default
    canvas: tuple[int, int]
    max_seconds: float                # one play
    max_fps: float
    max_bytes: int
    transparency: str                 # "required", "optional" or "none" (matted)
    matte: tuple[int, int, int] = (255, 255, 255)
    min_frames: int = 2
    max_frames: int | None = None
    max_total_seconds: float | None = None   # plays × duration (LINE)
    finite_loops: bool = False        # True: 1–4 plays, never infinite (LINE)
    min_frame_ms: int = 20
    extras: tuple[Extra, ...] = ()
    pack_counts: tuple[int, ...] | None = None   # allowed numbers of stickers (None = any)
    pack_max: int = 120
    note: str = ""
    start_fps: float | None = None    # first rate tried (None: max_fps); lower where the cap
                                      # makes full rate hopeless, saving encode attempts


PLATFORMS: dict[str, Platform] = {p.key: p for p in (
    Platform("telegram", "Telegram video sticker", ("webm",), (512, 512), 2.99, 30, 256_000,
             "optional", extras=(Extra("icon.png", (100, 100), "png", 128_000),), pack_max=120),
    Platform("telegram-emoji", "Telegram video emoji", ("webm",), (100, 100), 2.99, 30, 64_000,
             "optional", extras=(Extra("icon.png", (100, 100), "png", 128_000),), pack_max=200),
    Platform("whatsapp", "WhatsApp animated sticker", ("webp",), (512, 512), 10.0, 30, 500_000,
             "required", min_frame_ms=8, start_fps=15, extras=(Extra("tray.png", (96, 96), "png", 50_000),),
             pack_counts=tuple(range(3, 31)), pack_max=30,
             note="frame 1 is shown when the loop ends; a pack holds 3–30 stickers"),
    Platform("line", "LINE animated sticker", ("apng",), (320, 270), 4.0, 20, 300_000, "required",
             min_frames=5, max_frames=20, max_total_seconds=4.0, finite_loops=True,
             extras=(Extra("main.png", (240, 240), "apng", 300_000),
                     Extra("tab.png", (96, 74), "png", 300_000)),
             pack_counts=(8, 16, 24), pack_max=24,
             note="APNG .png; 1–4 plays within 4 s; a set holds 8, 16 or 24 stickers"),
    Platform("kakaotalk", "KakaoTalk animated emoticon", ("gif",), (360, 360), 4.0, 24, 2_000_000,
             "none", max_frames=24, pack_max=24,
             note="GIF on white; proposals need 24 animated emoticons"),
    Platform("discord", "Discord sticker", ("apng", "gif"), (320, 320), 5.0, 30, 512_000,
             "optional", pack_max=60, start_fps=20),
    Platform("discord-emoji", "Discord emoji", ("gif", "webp"), (128, 128), 5.0, 30, 255_999,
             "optional", pack_max=250),
    Platform("slack", "Slack custom emoji", ("gif",), (128, 128), 5.0, 30, 128_000, "optional",
             pack_max=500),
)}
PLATFORM_NAMES: tuple[str, ...] = tuple(PLATFORMS)


def get_platform(name: str) -> Platform:
    key = name.strip().lower()
    if key not in PLATFORMS:
        raise UserError(f"unknown platform {name!r}; choose one of: {', '.join(PLATFORM_NAMES)}")
    return PLATFORMS[key]


def choose_format(platform: Platform | None, fmt: str | None) -> str:
    """The sticker format: the user's choice if the platform accepts it, else its default."""
    if fmt is not None and fmt not in STICKER_FORMATS:
        raise UserError(f"unknown sticker format {fmt!r}; choose one of: {', '.join(STICKER_FORMATS)}")
    if platform is None:
        return fmt or "webp"
    if fmt is None:
        return platform.formats[0]
    if fmt not in platform.formats:
        raise UserError(f"{platform.label} accepts {' or '.join(platform.formats)}, not {fmt}; "
                        f"use --format {platform.formats[0]} or leave --format out")
    return fmt
