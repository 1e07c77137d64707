"""Reading exported stickers back: frames, timing and loop count, as a user's app would.

Used by the tests (every file written is decoded and checked) and by the contact sheet.
Frames are n × (H×W×4 uint8 RGBA). WebM alpha lives in a side stream that FFmpeg's own
`vp9` decoder drops, so WebM is decoded with `libvpx-vp9`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence


@dataclass(frozen=True)
class Decoded:
    frames: list            # n × H×W×4 uint8 RGBA
    durations_ms: list      # per frame
    loop: int | None        # 0 = forever; None = not stored (WebM: players loop stickers)
    codec: str
    label: str = ""         # the AI-generated label, wherever the format keeps it

    @property
    def seconds(self) -> float:
        return sum(self.durations_ms) / 1000.0


def _pillow(path: Path) -> Decoded:
    with Image.open(path) as im:
        frames, durs = [], []
        for fr in ImageSequence.Iterator(im):
            frames.append(np.asarray(fr.convert("RGBA")).copy())
            durs.append(int(fr.info.get("duration", im.info.get("duration", 0)) or 0))
        loop = im.info.get("loop")
        label = im.info.get("comment") or im.info.get("Comment") or im.info.get("xmp") or ""
        if isinstance(label, bytes):
            label = label.decode("utf-8", "replace")
        return Decoded(frames, durs, loop, im.format.lower(), label)


def _webm(path: Path) -> Decoded:
    import av
    frames, pts = [], []
    with av.open(str(path)) as c:
        label = c.metadata.get("COMMENT", c.metadata.get("comment", ""))
        stream = c.streams.video[0]
        ctx = av.codec.CodecContext.create("libvpx-vp9", "r")
        for packet in c.demux(stream):
            if packet.size == 0:
                continue
            for fr in ctx.decode(packet):
                frames.append(fr.to_ndarray(format="rgba"))
                pts.append(float(packet.pts * packet.time_base))
        rate = float(stream.average_rate or stream.guessed_rate or 30)
        if c.duration:
            end = c.duration / 1_000_000
        else:
            end = pts[-1] + 1 / rate if pts else 0.0
    edges = pts[1:] + [end]
    durs = [int(round((b - a) * 1000)) for a, b in zip(pts, edges)]
    return Decoded(frames, durs, None, "webm", label)


def decode_sticker(path: str | Path) -> Decoded:
    path = Path(path)
    return _webm(path) if path.suffix.lower() == ".webm" else _pillow(path)
