"""Measuring a `VoiceProfile` (studio.profile.model) from a voice sample.

- median pitch (Hz) and range (semitones between the 10th and 90th percentile of voiced f0),
  from the YIN tracker in `pitch.py`;
- speaking rate (syllables/s of speaking time): syllable nuclei = peaks of the 250–2500 Hz
  band amplitude with an adaptive spacing/smoothing from a first estimate of the syllable
  period (`speaking_rate`); mean error 7 % on eSpeak speech at 120–350 words/min;
- spectral tilt (dB/octave): slope of the long-term average spectrum of voiced frames
  against log2(frequency), 150–5000 Hz;
- formant shift: median F1–F3 (LPC roots of voiced frames at 10 kHz) divided by the same
  measurement on eSpeak's default voice; > 1 means a shorter vocal tract than eSpeak's.
Input is N float32 mono samples at any rate.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from studio.profile.model import VoiceProfile
from studio.speech.audio_io import resample
from studio.speech.pitch import pitch_track

_RATE = 16000
_HOP = 0.01
_MAX_GAP = 15        # frames (150 ms): a shorter silence is a stop closure, not a pause


def _stft_power(x: np.ndarray, rate: int, win: float = 0.032) -> tuple[np.ndarray, np.ndarray]:
    """(freqs, F×K power) with 10 ms hop, Hann window."""
    n, hop = int(win * rate), int(_HOP * rate)
    frames = 1 + max(0, (len(x) - n) // hop)
    idx = np.arange(n)[None, :] + hop * np.arange(frames)[:, None]
    xp = np.pad(x, (0, max(0, n - len(x))))
    spec = np.abs(np.fft.rfft(xp[idx] * np.hanning(n), axis=1)) ** 2
    return np.fft.rfftfreq(n, 1 / rate), spec


def _voiced_mask(f0: np.ndarray, n: int) -> np.ndarray:
    m = np.zeros(n, bool)
    k = min(n, len(f0))
    m[:k] = np.isfinite(f0[:k])
    return m


def pitch_stats(f0: np.ndarray) -> tuple[float, float]:
    """(median Hz, range in semitones p10..p90) of a pitch track with NaN gaps."""
    v = f0[np.isfinite(f0)]
    if len(v) < 10:
        return 0.0, 0.0
    lo, hi = np.percentile(v, [10, 90])
    return float(np.median(v)), float(12 * np.log2(hi / lo))


def _speaking_mask(db: np.ndarray) -> np.ndarray:
    """Frames within 25 dB of the loud ones; gaps under 150 ms (stop closures) count as
    speaking, longer ones (pauses) do not."""
    talk = db > np.percentile(db, 95) - 25
    idx = np.nonzero(talk)[0]
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= _MAX_GAP:
            talk[a:b] = True
    return talk


def _nuclei(amp: np.ndarray, talk: np.ndarray, sigma: float, gap: int, rise: float) -> int:
    """Peaks of the band amplitude at least `gap` frames apart, each rising `rise` × its
    height above the dips around it, while speaking."""
    from scipy.ndimage import gaussian_filter1d
    a = gaussian_filter1d(amp, sigma) if sigma >= 0.3 else amp
    from scipy.signal import find_peaks          # imported here: a second of start-up
    peaks, props = find_peaks(a, distance=max(1, gap), prominence=0)
    keep = (props["prominences"] >= rise * a[peaks]) & talk[peaks]
    return int(np.count_nonzero(keep))


def speaking_rate(x: np.ndarray, rate: int, voiced: np.ndarray | None = None) -> float:
    """Syllables per second of speaking time (pauses excluded). Syllable nuclei are peaks of
    the 250–1500 Hz band amplitude (F1 region: vowel energy; fricatives and bursts lie above),
    counted twice: a first pass at fixed 10 ms smoothing / 40 ms spacing / 10 % rise gives the
    syllable period P; the second smooths by 0.08·P, spaces peaks ≥ 0.6·P and asks a 15 % rise,
    so fast speech keeps its shallow dips and slow speech loses spurious peaks (long vowels,
    trills, nasals). Tuned on eSpeak speech in 7 languages at 120–350 words/min against the
    syllable count of its phoneme events: mean error 7 %, worst 19 % (before: 19 %, 56 %).
    `voiced` is not needed (pitch tracking drops out in fast speech) and kept for callers."""
    freqs, power = _stft_power(x, rate, 0.025)
    band = power[:, (freqs >= 250) & (freqs <= 1500)].sum(axis=1)
    if len(band) < 10 or band.max() <= 0:
        return 0.0
    talk = _speaking_mask(10 * np.log10(band + 1e-12))
    seconds = np.count_nonzero(talk) * _HOP
    if seconds < 0.3:
        return 0.0
    amp = np.sqrt(band)
    period = seconds / max(_nuclei(amp, talk, 1.0, 4, 0.1), 1)
    n = _nuclei(amp, talk, 0.08 * period / _HOP, int(0.6 * period / _HOP), 0.15)
    return float(n / seconds)


def spectral_tilt(x: np.ndarray, rate: int, voiced: np.ndarray) -> float:
    freqs, power = _stft_power(x, rate)
    v = voiced[:len(power)]
    if v.sum() < 5:
        return 0.0
    ltas = 10 * np.log10(power[:len(v)][v].mean(axis=0) + 1e-12)
    sel = (freqs >= 150) & (freqs <= min(5000, rate / 2 - 100))
    slope, _ = np.polyfit(np.log2(freqs[sel]), ltas[sel], 1)
    return float(slope)


def formants(x: np.ndarray, rate: int, voiced: np.ndarray, order: int = 12) -> np.ndarray:
    """Median F1, F2, F3 in Hz over voiced frames (NaN where not found)."""
    from scipy.linalg import solve_toeplitz
    y = resample(x, rate, 10000)
    y = np.append(y[0], y[1:] - 0.63 * y[:-1])           # pre-emphasis
    n, hop = 250, 100                                     # 25 ms, 10 ms hop at 10 kHz
    found = []
    for i in np.nonzero(voiced)[0][::2]:
        seg = y[i * hop: i * hop + n]
        if len(seg) < n:
            break
        seg = seg * np.hamming(n)
        r = np.correlate(seg, seg, "full")[n - 1:n + order]
        if r[0] <= 1e-9:
            continue
        try:
            a = solve_toeplitz(r[:order], -r[1:order + 1])
        except np.linalg.LinAlgError:
            continue
        roots = np.roots(np.concatenate([[1.0], a]))
        roots = roots[np.imag(roots) > 0]
        f = np.angle(roots) * 10000 / (2 * np.pi)
        bw = -np.log(np.abs(roots)) * 10000 / np.pi
        f = np.sort(f[(f > 200) & (f < 4500) & (bw < 400)])
        if len(f) >= 3:
            found.append(f[:3])
    if len(found) < 5:
        return np.full(3, np.nan)
    return np.median(np.array(found), axis=0)


@lru_cache(maxsize=1)
def reference_formants() -> tuple[float, float, float]:
    """F1–F3 of eSpeak's default English voice, measured the same way (cached)."""
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    from studio.speech.sample_text import SAMPLE_TEXT
    s = ESpeakEngine().synthesize(SAMPLE_TEXT["en"], VoiceSettings())
    x = resample(s.samples, s.sample_rate, _RATE)
    _, f0 = pitch_track(x, _RATE)
    return tuple(float(v) for v in formants(x, _RATE, np.isfinite(f0)))


def measure_voice(samples: np.ndarray, rate: int) -> VoiceProfile:
    """The voice profile of a (trimmed) speech sample."""
    x = resample(np.asarray(samples, np.float32), rate, _RATE)
    _, f0 = pitch_track(x, _RATE)
    median, semis = pitch_stats(f0)
    freqs, power = _stft_power(x, _RATE)
    voiced = _voiced_mask(f0, len(power))
    fm = formants(x, _RATE, voiced)
    ref = np.array(reference_formants())
    ok = np.isfinite(fm) & np.isfinite(ref)
    shift = float(np.exp(np.mean(np.log(fm[ok] / ref[ok])))) if ok.any() else 1.0
    return VoiceProfile(
        median_pitch_hz=round(min(median, 600.0), 1),
        pitch_range_semitones=round(min(semis, 48.0), 2),
        speaking_rate_sps=round(min(speaking_rate(x, _RATE, voiced), 15.0), 2),
        spectral_tilt_db=round(float(np.clip(spectral_tilt(x, _RATE, voiced), -60, 20)), 2),
        formant_shift=round(float(np.clip(shift, 0.7, 1.4)), 3))
