"""Reading the user's audio files: any common format → N float32 mono samples in -1..1.

WAV/FLAC/OGG/MP3 go through soundfile (libsndfile); anything else (M4A/AAC, WebM, video
files with sound) through PyAV. 8/16/24/32-bit integer and float input, any channel count
(averaged to mono), any rate (optionally resampled with libsoxr).

Length is checked from the file's header before anything is decoded: files over
`MAX_SECONDS` are refused with a message, never loaded. A WAV whose header promises more
audio than the file holds is reported as truncated.
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from studio.errors import UserError

MAX_SECONDS = 20 * 60          # the longest speech we animate in one go (≈ text limit)
SILENCE_DBFS = -50.0


def _too_long(seconds: float, path: Path) -> UserError:
    return UserError(f"{path.name} is {seconds / 60:.0f} minutes long; the limit is "
                     f"{MAX_SECONDS // 60} minutes — cut it into shorter parts")


def wav_header_seconds(path: Path) -> tuple[float, float] | None:
    """(seconds the header claims, seconds the file holds) for RIFF WAV, else None."""
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        size = os.fstat(f.fileno()).st_size
        rate = align = 0
        while True:
            chunk = f.read(8)
            if len(chunk) < 8:
                return None
            cid, clen = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"fmt ":
                fmt = f.read(clen)
                if len(fmt) < 16:
                    return None
                _, _, rate, _, align = struct.unpack("<HHIIH", fmt[:14])
                f.seek(clen % 2, 1)
            elif cid == b"data":
                if not rate or not align:
                    return None
                held = max(0, size - f.tell())
                claimed = held if clen in (0, 0xFFFFFFFF) else clen   # streaming writers
                return claimed / align / rate, held / align / rate
            else:
                f.seek(clen + clen % 2, 1)


def _header_seconds(path: Path) -> float | None:
    """Duration from the header (soundfile, else PyAV); None if neither can open it."""
    wav = wav_header_seconds(path)
    if wav is not None:
        claimed, held = wav
        if claimed > MAX_SECONDS:
            raise _too_long(claimed, path)
        if held + 0.05 < claimed * 0.98:
            raise UserError(f"{path.name} is truncated: its header promises {claimed:.1f} s "
                            f"but the file holds {held:.1f} s — export or copy it again")
    import soundfile as sf
    try:
        return float(sf.info(str(path)).duration)
    except (RuntimeError, sf.SoundFileError):
        pass
    import av
    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise UserError(f"{path.name} has no sound track")
            s = c.streams.audio[0]
            if s.duration is not None and s.time_base is not None:
                return float(s.duration * s.time_base)
            return float(c.duration / 1e6) if c.duration else None
    except (av.error.FFmpegError, ValueError, OSError):
        return None


def _decode_av(path: Path) -> tuple[np.ndarray, int]:
    import av
    out, rate = [], 0
    try:
        with av.open(str(path)) as c:
            s = c.streams.audio[0]
            rate = s.rate
            res = av.AudioResampler(format="flt", layout="mono", rate=rate)
            for frame in c.decode(s):
                for f in res.resample(frame):
                    out.append(f.to_ndarray().reshape(-1))
            for f in res.resample(None):
                out.append(f.to_ndarray().reshape(-1))
    except (av.error.FFmpegError, ValueError, OSError, IndexError) as exc:
        raise UserError(f"cannot read {path.name}: not an audio file or damaged ({exc})") from None
    if not out or not rate:
        raise UserError(f"cannot read {path.name}: it holds no audio")
    return np.concatenate(out).astype(np.float32), int(rate)


def resample(samples: np.ndarray, rate: float, target: float) -> np.ndarray:
    """N float32 mono at `rate` → float32 at `target`: libsoxr's high-quality, linear-phase
    resampler (its start-up is milliseconds, where scipy.signal's import took a second of
    every export)."""
    samples = np.asarray(samples, np.float32)
    if rate == target or len(samples) == 0:
        return samples.copy()
    import soxr
    return soxr.resample(samples, float(rate), float(target), quality="HQ").astype(np.float32)


def load_audio(path: str | os.PathLike, rate: int | None = None,
               require_sound: bool = False) -> tuple[np.ndarray, int]:
    """(N float32 mono in -1..1, sample rate). `rate` resamples; `require_sound` refuses
    silent files. UserError for missing, unreadable, truncated, silent or too long files."""
    p = Path(path)
    if not os.path.isfile(p):            # False (not an error) for a name too long
        raise UserError(f"audio file not found: {p}")
    if p.stat().st_size == 0:
        raise UserError(f"{p.name} is empty")
    seconds = _header_seconds(p)
    if seconds is None:
        raise UserError(f"cannot read {p.name}: not an audio file or damaged "
                        "(WAV, FLAC, OGG, MP3, M4A and video files with sound are supported)")
    if seconds > MAX_SECONDS:
        raise _too_long(seconds, p)
    import soundfile as sf
    try:
        data, sr = sf.read(str(p), dtype="float32", always_2d=True)
        samples = data.mean(axis=1).astype(np.float32)
    except (RuntimeError, sf.SoundFileError):
        samples, sr = _decode_av(p)
    if len(samples) == 0:
        raise UserError(f"{p.name} holds no audio")
    samples = np.clip(np.nan_to_num(samples), -1.0, 1.0)
    if rate is not None and rate != sr:
        samples, sr = resample(samples, sr, rate), rate
    if require_sound and is_silent(samples):
        raise UserError(f"{p.name} is silent (quieter than {SILENCE_DBFS:.0f} dBFS): "
                        "check the recording level")
    return samples, int(sr)


def level_dbfs(samples: np.ndarray) -> float:
    """RMS level in dB relative to full scale (-inf for digital silence)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    return 20 * np.log10(rms) if rms > 0 else float("-inf")


def is_silent(samples: np.ndarray, threshold_dbfs: float = SILENCE_DBFS) -> bool:
    """True when even the loudest 50 ms stays below `threshold_dbfs`."""
    if len(samples) == 0:
        return True
    n = max(1, len(samples) // 400)          # blocks of ~50 ms at 8 kHz or shorter
    blocks = np.array_split(np.asarray(samples, np.float64), n)
    peak_rms = max(np.sqrt(np.mean(b ** 2)) for b in blocks if len(b))
    return peak_rms <= 10 ** (threshold_dbfs / 20)


def save_wav(path: str | os.PathLike, samples: np.ndarray, rate: int) -> Path:
    """Write N float32 mono as 16-bit WAV atomically."""
    import soundfile as sf
    from studio.atomic import atomic_output
    p = Path(path)
    with atomic_output(p) as f:
        sf.write(f, np.clip(samples, -1, 1), int(rate), subtype="PCM_16", format="WAV")
    return p
