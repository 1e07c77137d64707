"""Frame features for audio-only lip-sync: 16 kHz audio → one row per 10 ms hop.

Each frame is a 25 ms Hann window centred on time k·10 ms (so frame k describes the sound
*at* k·10 ms, not after it). Features: 13 MFCCs (c0 dropped later), the frame level in dBFS,
the share of energy above 3.5 kHz (fricatives) and the zero-crossing rate.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

RATE = 16000
HOP = 160            # 10 ms
WIN = 400            # 25 ms
NFFT = 512
N_MELS = 26
N_MFCC = 13


@lru_cache(maxsize=1)
def _mel_bank() -> np.ndarray:
    """N_MELS × (NFFT/2+1) triangular filters, 80–7600 Hz (HTK mel scale)."""
    mel = lambda f: 2595 * np.log10(1 + f / 700)           # noqa: E731
    inv = lambda m: 700 * (10 ** (m / 2595) - 1)           # noqa: E731
    pts = inv(np.linspace(mel(80), mel(7600), N_MELS + 2))
    bins = np.fft.rfftfreq(NFFT, 1 / RATE)
    bank = np.zeros((N_MELS, len(bins)))
    for i in range(N_MELS):
        lo, c, hi = pts[i:i + 3]
        bank[i] = np.clip(np.minimum((bins - lo) / (c - lo), (hi - bins) / (hi - c)), 0, None)
    return bank


@lru_cache(maxsize=1)
def _dct() -> np.ndarray:
    n = np.arange(N_MELS)
    return np.cos(np.pi / N_MELS * (n[None, :] + 0.5) * np.arange(N_MFCC)[:, None])


def frame_features(x: np.ndarray) -> np.ndarray:
    """x: 16 kHz float32 mono whose sample 0 is frame 0's centre minus WIN/2 (callers pad
    WIN/2 in front). Returns F×(N_MFCC+3): mfcc[13], level dBFS, high-band share, ZCR."""
    n = 1 + max(0, (len(x) - WIN) // HOP)
    if len(x) < WIN:
        x = np.pad(x, (0, WIN - len(x)))
    idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx]
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    level = 20 * np.log10(rms + 1e-6)
    spec = np.abs(np.fft.rfft(frames * np.hanning(WIN), NFFT, axis=1)) ** 2
    mel = np.log(spec @ _mel_bank().T + 1e-8)
    mfcc = mel @ _dct().T
    freqs = np.fft.rfftfreq(NFFT, 1 / RATE)
    high = spec[:, freqs >= 3500].sum(axis=1) / (spec.sum(axis=1) + 1e-12)
    zcr = np.mean(np.abs(np.diff(np.signbit(frames), axis=1)), axis=1)
    return np.column_stack([mfcc, level, high, zcr]).astype(np.float32)
