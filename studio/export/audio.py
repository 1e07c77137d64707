"""The soundtrack of a talking video: voice at 48 kHz, music mixed under it with ducking.

AAC runs at 48 kHz (its ~1024-sample priming is then 21 ms, and the encoder's negative
first timestamp lets the MP4 edit list hide it, see `video.py`). All arrays here are
N float32 mono in -1..1.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from studio.errors import UserError

RATE = 48_000
MAX_MUSIC_SECONDS = 30 * 60


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Speech or music at `rate` → float32 at the export's audio rate (`RATE`)."""
    from studio.speech.audio_io import resample as resample_to
    return resample_to(samples, rate, target)


def load_music(path: str | Path, rate: int = RATE) -> np.ndarray:
    """Decode any audio file PyAV reads (wav, mp3, ogg, m4a, flac…) → N float32 mono at `rate`."""
    import av
    path = Path(path)
    if not os.path.isfile(path):         # False (not an error) for a name too long
        raise UserError(f"music file {path} not found")
    chunks = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise UserError(f"{path.name} has no audio track; choose a music file")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            total = 0
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += len(chunk)
                if total > MAX_MUSIC_SECONDS * rate:
                    raise UserError(f"{path.name} is longer than 30 minutes; trim it first")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as exc:
        raise UserError(f"cannot read music file {path.name} ({exc.strerror}); "
                        "use a WAV, MP3, OGG or M4A file") from None
    if not chunks:
        raise UserError(f"{path.name} contains no audio samples")
    return np.concatenate(chunks).astype(np.float32)


def envelope(voice: np.ndarray, rate: int, attack: float = 0.02, release: float = 0.35,
             hop: float = 0.005) -> np.ndarray:
    """Sidechain envelope of the voice, 0..1 per sample: fast attack, slow release."""
    n_hop = max(1, int(rate * hop))
    n = int(np.ceil(len(voice) / n_hop))
    padded = np.zeros(n * n_hop, np.float32)
    padded[:len(voice)] = np.abs(voice)
    level = padded.reshape(n, n_hop).max(axis=1)
    level = np.clip(level / max(float(level.max(initial=0.0)), 1e-6) * 4.0, 0.0, 1.0)  # speech ≈ on
    a_up, a_down = 1 - np.exp(-hop / attack), 1 - np.exp(-hop / release)
    env = np.empty(n, np.float32)
    e = 0.0
    for i, x in enumerate(level):           # ~200 steps/s: a plain loop is cheap here
        e += (x - e) * (a_up if x > e else a_down)
        env[i] = e
    return np.interp(np.arange(len(voice)) / n_hop, np.arange(n), env).astype(np.float32)


def fit_length(music: np.ndarray, n: int, rate: int, fade: float = 1.5) -> np.ndarray:
    """Loop or cut the music to n samples, with a short fade-in and a fade-out at the end."""
    if len(music) == 0:
        return np.zeros(n, np.float32)
    reps = int(np.ceil(n / len(music)))
    out = np.tile(music, reps)[:n].astype(np.float32)
    k_out = min(n, int(fade * rate))
    k_in = min(n, int(0.05 * rate))
    out[n - k_out:] *= np.linspace(1, 0, k_out, dtype=np.float32)
    out[:k_in] *= np.linspace(0, 1, k_in, dtype=np.float32)
    return out


def mix(voice: np.ndarray | None, music: np.ndarray | None, n: int, *, rate: int = RATE,
        music_gain_db: float = -16.0, duck_db: float = -12.0) -> np.ndarray:
    """Voice plus music ducked by `duck_db` while the voice speaks → n float32 mono.

    `voice` and `music` are at `rate` already; the result is soft-limited to -1..1."""
    out = np.zeros(n, np.float32)
    v = None
    if voice is not None:
        v = np.zeros(n, np.float32)
        v[:min(n, len(voice))] = voice[:n]
        out += v
    if music is not None:
        m = fit_length(music, n, rate) * np.float32(10 ** (music_gain_db / 20))
        peak = float(np.abs(m).max(initial=0.0))
        if peak > 0.5:                                   # keep loud masters under the voice
            m *= 0.5 / peak
        if v is not None and np.any(v):
            duck = 1.0 - (1.0 - 10 ** (duck_db / 20)) * envelope(v, rate)
            m *= duck
        out += m
    return np.tanh(out * 1.1) / np.tanh(1.1) if np.abs(out).max(initial=0) > 0.95 else out
