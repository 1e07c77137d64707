"""Visemes: the mouth shapes of speech, and timed phonemes → expression-parameter tracks.

The set (Oculus/MPEG-4 style, 15 classes + silence) and each class's pose over
`studio.params` names:

| viseme | sounds (examples)            | pose |
| ------ | ---------------------------- | ---- |
| sil    | pauses                       | rest |
| PP     | p b m (lips pressed)         | mouthClose |
| FF     | f v (lower lip to teeth)     | mouthUpperUp + slight mouthClose, little jaw |
| TH     | θ ð (tongue between teeth)   | tongueOut, small jaw |
| DD     | t d                          | small jaw, slight stretch |
| kk     | k g ŋ x                      | medium-small jaw |
| CH     | tʃ dʒ ʃ ʒ ɕ                  | lips funnelled forward, small jaw |
| SS     | s z ts                       | teeth nearly closed, lips spread |
| nn     | n l ɲ                        | small jaw |
| RR     | r ɾ ɹ                        | slight funnel |
| aa     | a ɑ ʌ                        | jaw wide open |
| E      | e ɛ ə                        | jaw half open, lips spread |
| ih     | i ɪ j                        | jaw slightly open, lips spread wide |
| oh     | o ɔ                          | jaw half open, lips rounded open (funnel) |
| ou     | u ʊ w y                      | lips rounded and pushed forward (pucker) |

Per-language phoneme tables live in `viseme_tables.py`.

Track building (`viseme_track`):
1. Coarticulation by dominance blending (after Cohen & Massaro): each phoneme segment pulls
   the mouth towards its pose with a Gaussian dominance centred on the segment; lips-closed
   and lip-teeth sounds dominate strongly (they must be seen), alveolar/velar consonants
   weakly (they take their neighbours' vowel shapes).
2. Look-ahead rounding: consonants before a rounded vowel (oh, ou) already round the lips.
3. Zero-phase Gaussian smoothing (no lag): sigma = `smoothing` × 35 ms.
4. Loudness: the jaw follows the synthesized audio. g(t) = the RMS of the audio in a 50 ms
   window centred on each frame, over its 90th percentile in speech (clipped to 0..1.3, smoothed
   like the track): jawOpen = shape_jaw·(0.3 + 0.7·g) + 0.1·g. Loud, stressed syllables open
   wider, weak and unstressed ones less, and the jaw drops a little on loud voiced consonants
   (n, ŋ, l; for m/b/p mouthClose keeps the lips together over the open jaw). Centred windows
   add no lag.
5. `strength` scales the mouth parameters (clipped to their ranges).
Dominance centres sit at the middle of each phoneme, so the jaw peaks where the vowel's
energy peaks; tests check envelope correlation and a best lag within ±1 frame on a set of
varied English and Korean sentences (nasal- and close-vowel-heavy ones included).
"""
from __future__ import annotations

import numpy as np

from studio.params import INDEX, NAMES, ParamTrack, clamp_values, to_vector
from studio.speech.types import PhonemeEvent, Speech

VISEMES: dict[str, dict[str, float]] = {
    "sil": {},
    "PP": {"mouthClose": 1.0, "jawOpen": 0.03},
    "FF": {"jawOpen": 0.1, "mouthUpperUp": 0.45, "mouthClose": 0.3},
    "TH": {"jawOpen": 0.18, "tongueOut": 0.6, "mouthLowerDown": 0.15},
    "DD": {"jawOpen": 0.2, "mouthStretchLeft": 0.12, "mouthStretchRight": 0.12},
    "kk": {"jawOpen": 0.26, "mouthStretchLeft": 0.08, "mouthStretchRight": 0.08},
    "CH": {"jawOpen": 0.14, "mouthFunnel": 0.5, "mouthPucker": 0.3, "mouthUpperUp": 0.1},
    "SS": {"jawOpen": 0.07, "mouthStretchLeft": 0.35, "mouthStretchRight": 0.35,
           "mouthUpperUp": 0.1},
    "nn": {"jawOpen": 0.2, "mouthStretchLeft": 0.08, "mouthStretchRight": 0.08},
    "RR": {"jawOpen": 0.2, "mouthFunnel": 0.35, "mouthPucker": 0.15},
    "aa": {"jawOpen": 0.8, "mouthLowerDown": 0.3},
    "E": {"jawOpen": 0.48, "mouthStretchLeft": 0.3, "mouthStretchRight": 0.3,
          "mouthLowerDown": 0.15},
    "ih": {"jawOpen": 0.34, "mouthStretchLeft": 0.5, "mouthStretchRight": 0.5,
           "mouthSmileLeft": 0.1, "mouthSmileRight": 0.1},
    "oh": {"jawOpen": 0.52, "mouthFunnel": 0.7, "mouthPucker": 0.1},
    "ou": {"jawOpen": 0.3, "mouthPucker": 0.8, "mouthFunnel": 0.3},
}
VOWELS = frozenset({"aa", "E", "ih", "oh", "ou"})
ROUNDED = frozenset({"oh", "ou"})
# How strongly a class holds its shape against its neighbours.
DOMINANCE = {"sil": 0.7, "PP": 4.0, "FF": 2.5, "TH": 1.2, "DD": 0.45, "kk": 0.4, "CH": 1.0,
             "SS": 0.8, "nn": 0.45, "RR": 0.7, "aa": 1.0, "E": 1.0, "ih": 1.0, "oh": 1.0,
             "ou": 1.1}
MOUTH_PARAMS: tuple[str, ...] = tuple(sorted({k for p in VISEMES.values() for k in p}))
_POSE = {v: to_vector(p) for v, p in VISEMES.items()}
_MOUTH_COLS = np.array([INDEX[n] for n in MOUTH_PARAMS])
_LOOKAHEAD_S = 0.25
_LOUD_WINDOW_S = 0.05      # RMS window for the loudness gain (centred: no lag)
_LOUD_SHAPE = 0.3          # share of the shape's jaw kept whatever the loudness
_LOUD_DIRECT = 0.1         # jaw opening added in direct proportion to loudness
_LOUD_MAX = 1.3
_CENTRE = 0.4
_POWER = 4.0


def vowel_loudness(speech: Speech) -> np.ndarray:
    """Per-phoneme jaw factor from loudness: S floats, 1 for consonants; for vowels
    0.35..1.2 by their RMS relative to the utterance's loud vowels (loud, stressed syllables
    open the mouth wider; unstressed and whispered ones less)."""
    sr, x = speech.sample_rate, speech.samples
    rms = np.array([np.sqrt(np.mean(np.square(x[int(p.start * sr):max(int(p.end * sr), int(p.start * sr) + 1)])))
                    if p.viseme in VOWELS else 0.0 for p in speech.phonemes], np.float64)
    vowel = np.array([p.viseme in VOWELS for p in speech.phonemes], bool)
    out = np.ones(len(speech.phonemes))
    if vowel.any():
        ref = max(np.percentile(rms[vowel], 90), 1e-4)
        out[vowel] = np.clip(0.3 + 0.9 * rms[vowel] / ref, 0.35, 1.2)
    return out


def loudness_gain(speech: Speech, fps: float, n: int) -> np.ndarray | None:
    """n floats 0..1.3: the audio's RMS (50 ms window centred on frame k / fps) over the 90th
    percentile of the speaking frames; None for silent or sample-less speech."""
    from studio.speech.envelope import frame_envelope
    if len(speech.samples) == 0:
        return None
    env = frame_envelope(speech.samples, speech.sample_rate, fps, n, _LOUD_WINDOW_S)
    top = float(env.max()) if len(env) else 0.0
    if top < 1e-4:
        return None
    ref = max(float(np.percentile(env[env > 0.02 * top], 90)), 1e-6)
    return np.clip(env / ref, 0.0, _LOUD_MAX)


def segment_targets(phonemes: tuple[PhonemeEvent, ...] | list[PhonemeEvent],
                    loudness: np.ndarray | None = None) -> np.ndarray:
    """S×P targets: look-ahead rounding on consonants before oh/ou; vowels' jaw scaled by
    `loudness` (S factors, see `vowel_loudness`) when given."""
    targets = np.stack([_POSE.get(p.viseme, _POSE["sil"]) for p in phonemes]) if phonemes \
        else np.zeros((0, len(NAMES)), np.float32)
    if loudness is not None and len(phonemes):
        jaw = [INDEX["jawOpen"], INDEX["mouthLowerDown"]]
        targets[:, jaw] *= loudness[:, None].astype(np.float32)
    rounding = [INDEX["mouthFunnel"], INDEX["mouthPucker"]]
    for i, p in enumerate(phonemes):
        if p.viseme in VOWELS or p.viseme in ("sil", "PP", "FF"):
            continue
        for q in phonemes[i + 1:]:
            if q.viseme == "sil" or q.start - p.end > _LOOKAHEAD_S:
                break
            if q.viseme in VOWELS:
                if q.viseme in ROUNDED:
                    targets[i, rounding] = np.maximum(targets[i, rounding], 0.7 * _POSE[q.viseme][rounding])
                break
    return targets


def _gaussian_smooth(values: np.ndarray, sigma_frames: float) -> np.ndarray:
    """Zero-phase Gaussian along time (axis 0): no lag. The edges repeat the first and last
    rows; the kernel reaches 4 sigma, as SciPy's `gaussian_filter1d(mode="nearest")` — whose
    import alone took longer than the whole track on the `say` path."""
    if sigma_frames < 0.3:
        return values
    radius = int(4.0 * sigma_frames + 0.5)
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (x / sigma_frames) ** 2)
    padded = np.pad(values, [(radius, radius)] + [(0, 0)] * (values.ndim - 1), mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, len(x), axis=0)
    return windows @ (kernel / kernel.sum())


def blend(phonemes, duration: float, fps: float, smoothing: float = 0.5,
          loudness: np.ndarray | None = None) -> np.ndarray:
    """Dominance-blended T×P parameter values (T = round(duration·fps)+1), before strength."""
    n = max(1, int(round(duration * fps)) + 1)
    t = np.arange(n) / fps
    num = np.zeros((n, len(NAMES)), np.float64)
    den = np.full(n, 1e-3)            # weak pull towards rest far from any phoneme
    targets = segment_targets(phonemes, loudness)
    spread = 0.7 + 0.8 * smoothing
    for p, target in zip(phonemes, targets):
        centre = p.start + _CENTRE * (p.end - p.start)
        tau = max(0.5 * (p.end - p.start), 0.025) * spread
        lo = int(max(0, np.floor((centre - 3 * tau) * fps)))
        hi = int(min(n, np.ceil((centre + 3 * tau) * fps) + 1))
        if hi <= lo:
            continue
        d = DOMINANCE.get(p.viseme, 1.0) * np.exp(-np.abs((t[lo:hi] - centre) / tau) ** _POWER)
        num[lo:hi] += d[:, None] * target[None, :]
        den[lo:hi] += d
    values = num / den[:, None]
    return _gaussian_smooth(values, smoothing * 0.035 * fps)


def viseme_track(speech: Speech, fps: float, strength: float = 1.0,
                 smoothing: float = 0.5) -> ParamTrack:
    """Timed phonemes → mouth-parameter track at `fps` (T×P float32, T = round(duration·fps)+1).

    `strength` (profile `dynamic.lipsync_strength`, 0..2) scales articulation; `smoothing`
    (`dynamic.lipsync_smoothing`, 0..1) widens coarticulation and low-passes the result.
    Only mouth parameters are non-zero; other sources (emotion, idle) are added elsewhere."""
    if fps <= 0:
        raise ValueError("fps must be positive")
    smoothing = min(max(smoothing, 0.0), 1.0)
    values = blend(speech.phonemes, speech.duration, fps, smoothing,
                   vowel_loudness(speech) if len(speech.samples) else None)
    gain = loudness_gain(speech, fps, len(values))
    if gain is not None:
        gain = _gaussian_smooth(gain, smoothing * 0.035 * fps)
        jaw = INDEX["jawOpen"]
        values[:, jaw] = values[:, jaw] * (_LOUD_SHAPE + (1 - _LOUD_SHAPE) * gain) + _LOUD_DIRECT * gain
    values[:, _MOUTH_COLS] *= max(strength, 0.0)
    return ParamTrack(float(fps), clamp_values(values).astype(np.float32))


def dominant_visemes(speech: Speech, fps: float) -> list[str]:
    """The viseme class being spoken at each frame time (for evaluation and debugging)."""
    n = max(1, int(round(speech.duration * fps)) + 1)
    out = ["sil"] * n
    for p in speech.phonemes:
        for k in range(int(np.ceil(p.start * fps)), min(n, int(np.ceil(p.end * fps)))):
            out[k] = p.viseme
    return out
