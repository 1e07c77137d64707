"""Caption, subtitle and badge text drawn with Pillow and a font with Korean glyphs.

The font is the one the project ships (`studio/resources/fonts/`: NanumSquareRound Bold, SIL
Open Font License, with Korean and Latin glyphs), so captions, subtitles and the AI badge look
the same on every machine and take the same room whatever fonts the OS happens to have. Only a
broken install falls back to the OS's fonts with Korean glyphs (captions and subtitles are
often Korean): fontconfig (`fc-list`) or the usual font folders of Windows, macOS and Linux —
the core is Qt-free, so never Qt's database — and without one the user gets a `UserError`
naming packages to install. `AVATAR_STUDIO_FONT` overrides the choice.

Images returned here are H×W×4 uint8 RGBA, straight (not premultiplied) alpha.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.errors import UserError
from studio.resources import KOREAN_FONT

NO_FONT = "no font with Korean glyphs found: install e.g. fonts-nanum / Noto Sans CJK"
BUNDLED_FONT = KOREAN_FONT
_FONT_NAME_HINTS = ("nanum", "notosanscjk", "notosanskr", "noto sans cjk", "sourcehansans",
                    "malgun", "applesdgothic", "applegothic", "gulim", "dotum", "batang",
                    "un-fonts", "unbatang", "undotum", "baekmuk", "wqy", "droidsansfallback")
_PREFERRED = ("squareround", "gothicbold", "bold", "gothic", "sans")   # rounder, heavier first


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts", home / ".fonts"]


def _fontconfig_candidates() -> list[Path]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=ko", "file"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]


def _folder_candidates() -> list[Path]:
    found = []
    for d in _font_dirs():
        if not d.is_dir():
            continue
        for p in d.rglob("*"):
            name = p.name.lower().replace("-", "").replace("_", "")
            if p.suffix.lower() in (".ttf", ".otf", ".ttc") and any(
                    h.replace(" ", "").replace("-", "") in name for h in _FONT_NAME_HINTS):
                found.append(p)
    return found


def _rank(path: Path) -> tuple:
    name = path.name.lower()
    score = next((i for i, k in enumerate(_PREFERRED) if k in name), len(_PREFERRED))
    return (score, "coding" in name, "light" in name, name)   # coding/light faces read worse


def has_korean_glyphs(path: Path) -> bool:
    """True when the font draws '가' as a real glyph (not the empty/notdef box)."""
    try:
        font = ImageFont.truetype(str(path), 32)
    except OSError:
        return False
    hangul = font.getmask("가")
    missing = font.getmask("\U000f0000")          # private use: absent in every normal font
    return hangul.getbbox() is not None and bytes(hangul) != bytes(missing)


@functools.lru_cache(maxsize=1)
def find_font() -> Path:
    """A font file with Korean (and Latin) glyphs: the shipped one, else the OS's; UserError
    when neither exists."""
    override = os.environ.get("AVATAR_STUDIO_FONT")
    if override:
        if has_korean_glyphs(Path(override)):
            return Path(override)
        raise UserError(f"AVATAR_STUDIO_FONT={override} is not a font with Korean glyphs; "
                        "point it at a .ttf/.otf such as NanumGothic or Noto Sans CJK")
    if BUNDLED_FONT.is_file() and has_korean_glyphs(BUNDLED_FONT):
        return BUNDLED_FONT
    for group in (_fontconfig_candidates(), _folder_candidates()):
        for path in sorted(set(group), key=_rank):
            if path.is_file() and has_korean_glyphs(path):
                return path
    raise UserError(NO_FONT)


@functools.lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_font()), px)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters (CJK)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in re.findall(r"\S+|\s+", paragraph):
            trial = line + token
            if font.getlength(trial) <= max_width or not line.strip():
                line = trial
                while font.getlength(line) > max_width and len(line) > 1:   # one very long word
                    cut = len(line) - 1
                    while cut > 1 and font.getlength(line[:cut]) > max_width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            else:
                lines.append(line.rstrip())
                line = token.lstrip()
        lines.append(line.rstrip())
    return [ln for ln in lines if ln] or [""]


def render_text(text: str, px: int, max_width: int, *, fill=(255, 255, 255),
                outline=(0, 0, 0), outline_px: int | None = None, max_lines: int = 3) -> np.ndarray:
    """Outlined, centred, wrapped text → h×w×4 uint8 RGBA (tight box, transparent around).

    The font shrinks until the text fits in `max_lines` lines of `max_width` pixels."""
    while True:
        font = _font(px)
        lines = _wrap(text, font, max_width)
        if len(lines) <= max_lines or px <= 8:
            break
        px = int(px * 0.85)
    stroke = outline_px if outline_px is not None else max(1, round(px / 9))
    ascent, descent = font.getmetrics()
    line_h = ascent + descent + stroke
    width = int(max(font.getlength(ln) for ln in lines)) + 2 * stroke + 2
    height = line_h * len(lines) + 2 * stroke
    img = Image.new("RGBA", (max(1, width), max(1, height)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i, ln in enumerate(lines):
        x = (width - font.getlength(ln)) / 2
        draw.text((x, stroke + i * line_h), ln, font=font, fill=tuple(fill) + (255,),
                  stroke_width=stroke, stroke_fill=tuple(outline) + (255,))
    return np.asarray(img)


def render_badge(text: str, height: int) -> np.ndarray:
    """A small rounded label (white on translucent black) → h×w×4 uint8 RGBA."""
    px = max(8, int(height * 0.62))
    font = _font(px)
    pad = max(2, height // 4)
    width = int(font.getlength(text)) + 2 * pad
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=height // 3, fill=(0, 0, 0, 150))
    ascent, descent = font.getmetrics()
    draw.text((pad, (height - ascent - descent) / 2), text, font=font, fill=(255, 255, 255, 235))
    return np.asarray(img)


def badge_for(height: int) -> np.ndarray:
    """The visible "AI-generated" badge sized for a frame `height` px tall: the one badge of
    exported video, stickers and the studio's preview."""
    from studio.export.metadata import BADGE_TEXT
    return render_badge(BADGE_TEXT, max(14, int(height * 0.045)))


def draw_badge(frame: np.ndarray, badge: np.ndarray | None = None) -> None:
    """Draw the AI badge (`badge_for(frame height)` unless given) in the frame's top-right
    corner, in place (H×W×3 RGB or H×W×4 straight RGBA)."""
    height, width = frame.shape[:2]
    if badge is None:
        badge = badge_for(height)
    m = max(4, height // 40)
    blend_over(frame, badge, width - badge.shape[1] - m, m)


def blend_over(frame: np.ndarray, overlay: np.ndarray, x: int, y: int) -> None:
    """Draw `overlay` (h×w×4 RGBA) onto `frame` (H×W×3 RGB or H×W×4 straight RGBA) in place
    with its top-left corner at (x, y); parts outside the frame are clipped."""
    H, W = frame.shape[:2]
    h, w = overlay.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if x0 >= x1 or y0 >= y1:
        return
    src = overlay[y0 - y:y1 - y, x0 - x:x1 - x].astype(np.float32)
    dst = frame[y0:y1, x0:x1].astype(np.float32)
    a = src[..., 3:4] / 255.0
    if frame.shape[2] == 3:
        dst = src[..., :3] * a + dst * (1 - a)
    else:
        da = dst[..., 3:4] / 255.0
        out_a = a + da * (1 - a)
        rgb = (src[..., :3] * a + dst[..., :3] * da * (1 - a)) / np.maximum(out_a, 1e-6)
        dst = np.concatenate([rgb, out_a * 255.0], axis=2)
    frame[y0:y1, x0:x1] = np.clip(dst + 0.5, 0, 255).astype(np.uint8)
