"""Animated sticker encoders: frames in, file bytes out (the caller decides where they go).

Frames are n × (H×W×4 uint8 RGBA, straight alpha), all the same size. `duration_ms` is the
time per frame; `loops` 0 means forever, else the number of plays (APNG num_plays).

GIF has one fully transparent palette index and at most 256 colours: a soft edge over
nothing cannot be represented, so edges are matted against a colour (the chat background)
before quantizing, and only clearly transparent pixels (alpha < 128) become the
transparent index — no dark fringe, no halo of stray semi-transparent colours.
"""
from __future__ import annotations

import io
from fractions import Fraction
from typing import Sequence

import numpy as np
from PIL import Image, PngImagePlugin

from studio.export.metadata import xmp_packet
from studio.export.platforms import STICKER_FORMATS  # noqa: F401  (re-exported)

EXTENSIONS = {"webp": ".webp", "gif": ".gif", "apng": ".png", "webm": ".webm"}


def _stack_quantize(images: Sequence[Image.Image], colours: int) -> list[Image.Image]:
    """Quantize all frames with ONE shared palette (stacked into one tall image), so no frame
    flickers and palette-based formats keep identical colours across frames."""
    w, h = images[0].size
    tall = Image.new(images[0].mode, (w, h * len(images)))
    for i, im in enumerate(images):
        tall.paste(im, (0, i * h))
    q = tall.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    if q.palette is not None and q.palette.mode == "RGBA":
        # The octree averages alpha too: snap near-opaque and near-clear entries back, so a
        # face stays solid and the background stays fully see-through.
        pal = np.array(q.getpalette("RGBA"), np.uint8).reshape(-1, 4)
        pal[pal[:, 3] >= 235, 3] = 255
        pal[pal[:, 3] <= 20, 3] = 0
        q.putpalette(pal.reshape(-1).tolist(), "RGBA")
    return [q.crop((0, i * h, w, (i + 1) * h)) for i in range(len(images))]


def encode_webp(frames: Sequence[np.ndarray], duration_ms: int, *, quality: int = 80,
                loops: int = 0, label: str | None = None) -> bytes:
    images = [Image.fromarray(f, "RGBA") for f in frames]
    buf = io.BytesIO()
    extra = {"xmp": xmp_packet(label)} if label else {}
    images[0].save(buf, format="WEBP", save_all=True, append_images=images[1:], **extra,
                   duration=duration_ms, loop=loops, quality=quality, alpha_quality=max(quality, 40),
                   method=3, allow_mixed=quality < 60)
    return buf.getvalue()


def matte_rgb(frame: np.ndarray, matte) -> np.ndarray:
    """RGBA over an opaque matte colour → H×W×3 uint8 RGB."""
    a = frame[..., 3:4].astype(np.float32) / 255.0
    rgb = frame[..., :3].astype(np.float32) * a + np.array(matte, np.float32) * (1 - a)
    return (rgb + 0.5).astype(np.uint8)


def encode_gif(frames: Sequence[np.ndarray], duration_ms: int, *, colours: int = 256,
               matte=(255, 255, 255), transparent: bool = True, loops: int = 0,
               label: str | None = None) -> bytes:
    """GIF: colours matted over `matte`; 1-bit transparency where alpha < 128 if `transparent`."""
    n_col = max(2, min(colours, 256) - (1 if transparent else 0))
    rgb = [Image.fromarray(matte_rgb(f, matte)) for f in frames]
    pal_frames = _stack_quantize(rgb, n_col)
    out = []
    clear = n_col                                      # the reserved transparent index
    for f, p in zip(frames, pal_frames):
        idx = np.asarray(p).copy()
        if transparent:
            idx[f[..., 3] < 128] = clear
        img = Image.fromarray(idx, "P")
        used = (p.getpalette() or [])[: 3 * n_col]
        palette = used + [0] * (3 * n_col - len(used)) + list(matte) * (256 - n_col)
        img.putpalette(palette)
        out.append(img)
    buf = io.BytesIO()
    extra = {"transparency": clear} if transparent else {}
    if label:
        extra["comment"] = label.encode("utf-8")
    out[0].save(buf, format="GIF", save_all=True, append_images=out[1:], duration=duration_ms,
                loop=loops, disposal=2 if transparent else 1, optimize=False, **extra)
    return buf.getvalue()


def encode_apng(frames: Sequence[np.ndarray], duration_ms: int, *, colours: int | None = None,
                loops: int = 0, label: str | None = None) -> bytes:
    """APNG, RGBA truecolour or (with `colours`) an RGBA palette shared by all frames."""
    images = [Image.fromarray(f, "RGBA") for f in frames]
    if colours:
        images = _stack_quantize(images, colours)
    buf = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if label:
        info.add_itxt("Comment", label)
        info.add_itxt("XML:com.adobe.xmp", xmp_packet(label).decode("utf-8"))
    images[0].save(buf, format="PNG", save_all=True, pnginfo=info, append_images=images[1:],
                   duration=duration_ms, loop=loops, disposal=PngImagePlugin.Disposal.OP_NONE,
                   blend=PngImagePlugin.Blend.OP_SOURCE, compress_level=7, default_image=False)
    return buf.getvalue()


def encode_webm(frames: Sequence[np.ndarray], fps: float, *, crf: int = 32, alpha: bool = True,
                label: str | None = None) -> bytes:
    """WebM VP9 without audio; `yuva420p` (alpha as the second stream) when `alpha`."""
    import av
    buf = io.BytesIO()
    h, w = frames[0].shape[:2]
    rate = Fraction(fps).limit_denominator(1000)
    with av.open(buf, "w", format="webm") as out:
        if label:
            out.metadata["comment"] = label
        stream = out.add_stream("libvpx-vp9", rate=rate)
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuva420p" if alpha else "yuv420p"
        opts = {"crf": str(crf), "b": "0", "deadline": "realtime", "cpu-used": "8", "row-mt": "1",
                "auto-alt-ref": "0", "lag-in-frames": "0"}
        stream.options = opts
        for i, f in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(f if alpha else f[..., :3]),
                                               format="rgba" if alpha else "rgb24")
            frame.pts = i
            for p in stream.encode(frame):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)
    return buf.getvalue()
