"""Audio envelope at video frame times (for sync checks and audio-only lip-sync)."""
from __future__ import annotations

import numpy as np


def frame_envelope(samples: np.ndarray, rate: int, fps: float, n: int,
                   window: float = 2 / 30) -> np.ndarray:
    """n floats: RMS of N float32 mono `samples` in a `window`-second window centred on each
    frame time k / fps (a 66 ms window by default: two frames at 30 fps)."""
    half = int(window * rate / 2)
    centres = (np.arange(n) * rate / fps).astype(np.int64)
    sq = np.concatenate([[0.0], np.cumsum(np.asarray(samples, np.float64) ** 2)])
    lo = np.clip(centres - half, 0, len(samples))
    hi = np.clip(centres + half + 1, 0, len(samples))
    return np.sqrt((sq[hi] - sq[lo]) / np.maximum(hi - lo, 1))


def best_lag(track: np.ndarray, envelope: np.ndarray, max_lag: int = 4) -> tuple[int, dict[int, float]]:
    """(lag in frames maximising the correlation, {lag: correlation}); a positive lag means
    the track leads the envelope. The `max_lag` frames at each end are left out."""
    a, b = np.asarray(track, np.float64), np.asarray(envelope, np.float64)
    m = max_lag
    corr = {}
    for lag in range(-m, m + 1):
        x = np.roll(a, lag)[m:len(a) - m]
        y = b[m:len(b) - m]
        corr[lag] = float(np.corrcoef(x, y)[0, 1]) if x.std() > 0 and y.std() > 0 else 0.0
    return max(corr, key=corr.get), corr
