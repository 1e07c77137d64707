"""Decoding helpers: read exported videos back the way a player would."""
from __future__ import annotations

import av
import numpy as np


def probe(path):
    """Streams, metadata and decoded content of a video file."""
    with av.open(str(path)) as c:
        info = {"metadata": dict(c.metadata), "duration": c.duration / 1e6 if c.duration else None,
                "streams": [(s.type, s.codec_context.name) for s in c.streams]}
    return info


def decode_video(path, alpha: bool = False):
    """All frames as RGB(A) arrays, their times (s) and the stream's rate. VP9 alpha needs the
    libvpx-vp9 decoder (FFmpeg's vp9 decoder drops the alpha side stream)."""
    frames, times = [], []
    fmt = "rgba" if alpha else "rgb24"
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        rate = float(s.average_rate)
        if alpha and s.codec_context.name == "vp9":
            ctx = av.codec.CodecContext.create("libvpx-vp9", "r")
            for pkt in c.demux(s):
                if pkt.size == 0:
                    continue
                for fr in ctx.decode(pkt):
                    frames.append(fr.to_ndarray(format=fmt))
                    times.append(float(pkt.pts * pkt.time_base))
        else:
            for fr in c.decode(s):
                frames.append(fr.to_ndarray(format=fmt))
                times.append(fr.time)
    return frames, times, rate


def decode_audio(path):
    """(N float32 mono samples, rate, time of the first decoded sample)."""
    chunks, first = [], None
    with av.open(str(path)) as c:
        s = c.streams.audio[0]
        rate = s.codec_context.sample_rate
        for fr in c.decode(s):
            if first is None:
                first = fr.time
            assert fr.layout.nb_channels == 1, "exports are mono"
            chunks.append(fr.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32), rate, first
