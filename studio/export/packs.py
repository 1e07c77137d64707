"""Sticker packs: a list of stickers → one folder or .zip for a platform, with the
platform's extra images (tray icon, main/tab image, set icon) and a `manifest.json`.

The pack appears whole or not at all: a folder is built under a temporary name next to the
target and renamed; a zip is built in memory and written atomically.
"""
from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PIL import Image

from studio.errors import Cancelled, UserError
from studio.export.atomic import check_writable_target, output_error, write_bytes_atomic
from studio.export.metadata import AI_LABEL
from studio.export.motions import motion_for
from studio.export.platforms import Extra, Platform, get_platform
from studio.export.stickers import (StickerInfo, make_sticker, sticker_alpha, sticker_engine,
                                    sticker_extension)

EMOJI = {"happy": "😊", "wink": "😉", "laugh": "😂", "sad": "😢", "angry": "😠", "surprised": "😮",
         "love": "😍", "kiss": "😘", "thinking": "🤔", "bye": "👋", "nod": "👍", "shake": "🙅",
         "sleepy": "😴", "neutral": "🙂", "disgusted": "🤢", "fear": "😱", "smirk": "😏",
         "shout": "😤", "cheeky": "😜"}


@dataclass(frozen=True)
class PackItem:
    name: str                      # a motion or expression preset
    caption: str | None = None


def _check_count(plat: Platform, n: int) -> None:
    if n == 0:
        raise UserError("a pack needs at least one sticker; give --preset NAME (repeatable) or --all")
    if plat.pack_counts is not None and n not in plat.pack_counts:
        allowed = (f"{plat.pack_counts[0]}–{plat.pack_counts[-1]}"
                   if len(plat.pack_counts) > 3 else ", ".join(map(str, plat.pack_counts)))
        raise UserError(f"a {plat.label} pack holds {allowed} stickers, not {n}; add or remove stickers")
    if n > plat.pack_max:
        raise UserError(f"a {plat.label} pack holds at most {plat.pack_max} stickers, not {n}")


def _static_png(engine, profile, item: PackItem, extra: Extra) -> bytes:
    """A still of the sticker's first frame (frame 1 shows the whole sticker), fitted to the
    extra's canvas and compressed under its cap."""
    w, h = extra.size
    side = min(w, h)
    own = getattr(getattr(profile, "dynamic", None), "user_presets", None)
    frame = engine.render(motion_for(item.name, own).pose_at(0.0), size=side).copy()
    frame[..., 3] = sticker_alpha(frame[..., 3])
    canvas = np.zeros((h, w, 4), np.uint8)
    canvas[(h - side) // 2:(h - side) // 2 + side, (w - side) // 2:(w - side) // 2 + side] = frame
    img = Image.fromarray(canvas, "RGBA")
    for colours in (None, 256, 128, 64, 32):
        buf = io.BytesIO()
        (img if colours is None else img.quantize(colours, method=Image.Quantize.FASTOCTREE)).save(
            buf, format="PNG", optimize=True)
        if len(buf.getvalue()) <= extra.max_bytes:
            return buf.getvalue()
    raise UserError(f"the {extra.name} image does not fit {extra.max_bytes // 1000} KB")


def _extra_bytes(engine, profile, plat: Platform, item: PackItem, extra: Extra) -> bytes:
    if extra.fmt == "png":
        return _static_png(engine, profile, item, extra)
    sub = dataclasses.replace(plat, canvas=extra.size, max_bytes=extra.max_bytes, extras=())
    data, _ = make_sticker(engine, profile, item.name, platform=sub, fmt="apng", prepare_engine=False)
    return data


def _manifest(plat: Platform, items: Sequence[PackItem], infos: Sequence[StickerInfo],
              files: Sequence[str], extras: dict[str, int]) -> dict:
    return {
        "platform": plat.key, "label": plat.label, "count": len(items), "note": plat.note,
        "ai_generated": AI_LABEL,
        "limits": {"canvas": list(plat.canvas), "max_seconds": plat.max_seconds,
                   "max_fps": plat.max_fps, "max_bytes": plat.max_bytes,
                   "max_frames": plat.max_frames, "transparency": plat.transparency},
        "stickers": [{"file": f, "name": it.name, "caption": it.caption or "",
                      "emoji": EMOJI.get(it.name, "🙂"), "format": inf.fmt,
                      "width": inf.width, "height": inf.height, "frames": inf.frames,
                      "frame_ms": inf.frame_ms, "plays": inf.plays, "bytes": inf.bytes}
                     for it, inf, f in zip(items, infos, files)],
        "extras": [{"file": e.name, "width": e.size[0], "height": e.size[1], "bytes": extras[e.name]}
                   for e in plat.extras],
    }


def _render_items(engine, profile, plat, items, background, progress, cancel):
    files: dict[str, bytes] = {}
    infos, names = [], []
    steps = len(items) + len(plat.extras)
    for k, item in enumerate(items):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        data, info = make_sticker(engine, profile, item.name, platform=plat, caption=item.caption,
                                  background=background, cancel=cancel, prepare_engine=False)
        name = f"{k + 1:02d}_{item.name}{sticker_extension(info.fmt)}"
        files[name] = data
        infos.append(info)
        names.append(name)
        if progress:
            progress((k + 1) / steps)
    return files, infos, names


def build_pack(engine, profile, items: Sequence[PackItem | str], platform: str | Platform, *,
               background: str | None = None, progress: Callable[[float], None] | None = None,
               cancel: threading.Event | None = None) -> dict[str, bytes]:
    """All files of the pack in memory: {relative name: bytes}, manifest.json included."""
    plat = get_platform(platform) if isinstance(platform, str) else platform
    items = [PackItem(i) if isinstance(i, str) else i for i in items]
    _check_count(plat, len(items))
    with sticker_engine(engine, profile):            # one appearance switch for the pack
        files, infos, names = _render_items(engine, profile, plat, items, background, progress, cancel)
        sizes = {}
        for j, extra in enumerate(plat.extras):
            files[extra.name] = _extra_bytes(engine, profile, plat, items[0], extra)
            sizes[extra.name] = len(files[extra.name])
            if progress:
                progress((len(items) + j + 1) / (len(items) + len(plat.extras)))
    manifest = _manifest(plat, items, infos, names, sizes)
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def _write_folder(target: Path, files: dict[str, bytes]) -> None:
    if target.exists() and any(target.iterdir()):
        raise UserError(f"folder {target} is not empty; choose a new folder or a .zip name")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name[:100]}.", suffix=".part",
                                    dir=target.parent))
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o755)
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    except OSError as exc:                   # disk full half-way: nothing is left behind
        raise output_error(target, exc) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_pack_target(out: Path) -> None:
    """UserError, before any rendering, if `out` (a .zip, or a new or empty folder) cannot
    be written."""
    if out.suffix.lower() == ".zip":
        check_writable_target(out)
        return
    try:
        out.exists()
    except OSError as exc:                   # a name too long for the file system, say
        raise UserError(f"cannot use {out.name[:40]}… as a folder name ({exc.strerror}); "
                        "choose a shorter name") from None
    check_writable_target(out.parent / ".pack")              # missing, read-only, no permission
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; give a new folder or a .zip name for the pack")
    if out.exists() and any(out.iterdir()):
        raise UserError(f"folder {out} is not empty; choose a new folder or a .zip name")


def export_pack(engine, profile, items: Sequence[PackItem | str], platform: str | Platform, out, *,
                background: str | None = None, progress: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None) -> Path:
    """Write the pack to `out`: a `.zip` file, else a new (or empty) folder. Returns `out`."""
    out = Path(out)
    check_pack_target(out)
    files = build_pack(engine, profile, items, platform, background=background,
                       progress=progress, cancel=cancel)
    if out.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:   # already compressed media
            for name, data in files.items():
                zf.writestr(name, data)
        write_bytes_atomic(out, buf.getvalue())
    else:
        _write_folder(out, files)
    return out
