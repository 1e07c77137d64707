"""A contact sheet of stickers: a few frames of each, on a checkerboard so alpha shows."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw

from studio.export.readback import decode_sticker


def checkerboard(h: int, w: int, cell: int = 12) -> np.ndarray:
    """h×w×3 uint8 light grey checkerboard."""
    y, x = np.mgrid[0:h, 0:w]
    light = ((y // cell + x // cell) % 2 == 0)
    out = np.where(light[..., None], 235, 200).astype(np.uint8)
    return np.repeat(out, 3, axis=2)


def contact_sheet(paths: Sequence[str | Path], frames_per_sticker: int = 4, thumb: int = 160) -> Image.Image:
    """One row per sticker (evenly spaced frames), each thumbnail over a checkerboard."""
    label_w = 150
    rows = []
    for path in paths:
        dec = decode_sticker(path)
        n = len(dec.frames)
        picks = sorted({int(i * n / frames_per_sticker) for i in range(frames_per_sticker)})
        row = Image.new("RGB", (label_w + frames_per_sticker * (thumb + 6), thumb + 6), (255, 255, 255))
        draw = ImageDraw.Draw(row)
        size = Path(path).stat().st_size
        draw.text((6, 6), f"{Path(path).name}\n{n} frames\n{dec.seconds:.2f} s\n{size / 1000:.0f} KB\n"
                          f"{dec.frames[0].shape[1]}x{dec.frames[0].shape[0]}", fill=(0, 0, 0))
        for k, i in enumerate(picks):
            fr = Image.fromarray(dec.frames[i], "RGBA")
            fr.thumbnail((thumb, thumb))
            bg = Image.fromarray(checkerboard(fr.height, fr.width))
            bg.paste(fr, (0, 0), fr)
            row.paste(bg, (label_w + k * (thumb + 6) + (thumb - fr.width) // 2, 3 + (thumb - fr.height) // 2))
        rows.append(row)
    sheet = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows)), (255, 255, 255))
    y = 0
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height
    return sheet


def pack_contact_sheet(engine, profile, items, platform: str, out_png: str | Path,
                       frames_per_sticker: int = 5) -> Path:
    """Export a pack for `platform` into a temporary folder and write its contact sheet PNG
    (how docs/images/sticker_contact_sheet.png is made)."""
    import tempfile
    from studio.export.atomic import write_bytes_atomic
    from studio.export.packs import export_pack
    import io
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pack"
        export_pack(engine, profile, items, platform, folder)
        stickers = sorted(p for p in folder.iterdir() if p.name[:2].isdigit())
        sheet = contact_sheet(stickers, frames_per_sticker, thumb=150)
    buf = io.BytesIO()
    sheet.quantize(256, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", optimize=True)
    return write_bytes_atomic(out_png, buf.getvalue())
