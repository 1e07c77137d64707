"""Audio-only lip-sync: sound with no text (a recording, a file, the microphone, another TTS)
→ mouth-parameter tracks.

Per 10 ms hop (`audio_features`): MFCCs and fricative cues are matched against vowel and
consonant templates, and the frame level gives the jaw opening.

- Templates: class centroids (aa, E, ih, oh, ou, SS = hiss, nn = nasal murmur) measured on
  eSpeak NG speech by eight English voice variants (three male, five female; two pitches
  each; none of them used by `evaluate`'s test cases) labelled with
  eSpeak's own phoneme timings. They are built on first use (1–3 s) and cached in the data
  dir (`templates()`), so nothing is downloaded and nothing opaque is shipped.
- Class probabilities = softmax of −(squared distance to the class's nearest centroid) / T.
- Pose = Σ p(class) · viseme pose (`visemes.VISEMES`); the jaw is scaled by the loudness
  relative to a running reference level (which follows the voice's loud parts, decaying
  10 dB/s), and everything fades to rest below reference − 38 dB.
- Smoothing: a symmetric Gaussian FIR over ±4 hops (σ = 0.5 + 1.5·smoothing hops), so the
  track has no lag; the streaming version therefore waits 40 ms for the future hops.

Streaming latency (`StreamingLipSync.latency_s`): 12.5 ms (half the analysis window) +
40 ms (smoothing look-ahead) + up to 10 ms (hop granularity) ≈ 62 ms, plus the audio
block size the caller pushes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from studio.params import INDEX, NAMES, ParamTrack, clamp_values
from studio.speech import audio_features as af
from studio.speech.types import PhonemeEvent
from studio.speech.visemes import _POSE

CLASSES = ("aa", "E", "ih", "oh", "ou", "SS", "nn")
HOP_S = af.HOP / af.RATE
RADIUS = 4                       # smoothing look-ahead, hops
FLOOR_DB = 38.0                  # below reference − FLOOR_DB: silence
REF_START_DB = -22.0
REF_DECAY_DB = 0.1               # per hop (10 dB/s)
TRAIN_VOICES = ("gmw/en", "gmw/en+m1", "gmw/en+m3", "gmw/en+f2", "gmw/en+f4", "gmw/en+belinda",
                "gmw/en+linda", "gmw/en+Annie")
TRAIN_PITCHES = (35, 65)
TRAIN_TEXT = ("Peter and Anna looked at the old map for a long time. Then she smiled, took his "
              "hand and said: we should go south, to the sea, where the water is warm and blue. "
              "Who knew that such a small boat could carry us so far? Father said it would rain, "
              "but the evening was calm and the moon rose over the harbour.")
_JAW = [INDEX["jawOpen"], INDEX["mouthLowerDown"]]
_FRICATIVES = {"s", "z", "S", "Z", "f", "v", "T", "s\\", "s.", "x", "C"}
_NASALS = {"m", "n", "N", "n^", "N\\"}


@dataclass(frozen=True)
class Templates:
    centroids: np.ndarray      # K×D standardised feature centroids
    labels: np.ndarray         # K class indices into CLASSES
    mean: np.ndarray           # D
    scale: np.ndarray          # D
    temperature: float


def _class_features(feats: np.ndarray) -> np.ndarray:
    """Feature columns used for classification: MFCC c1..c12, high-band share, ZCR."""
    return np.column_stack([feats[:, 1:af.N_MFCC], feats[:, -2] * 10, feats[:, -1] * 10])


def _label_frames(speech, n: int) -> list[str | None]:
    """Class of each 10 ms frame from eSpeak's phonemes (middle 60 % of each), else None."""
    out: list[str | None] = [None] * n
    for p in speech.phonemes:
        name = p.phoneme.lstrip("',")
        cls = p.viseme if p.viseme in CLASSES[:5] else (
            "SS" if name in _FRICATIVES else "nn" if name in _NASALS else None)
        if cls is None:
            continue
        a, b = p.start + 0.2 * (p.end - p.start), p.end - 0.2 * (p.end - p.start)
        for k in range(int(np.ceil(a / HOP_S)), min(n, int(b / HOP_S) + 1)):
            out[k] = cls
    return out


def features_of(samples: np.ndarray, rate: int) -> np.ndarray:
    """F×D frame features of N float32 mono samples at any rate (frame k at k·10 ms)."""
    from studio.speech.audio_io import resample
    x = resample(np.asarray(samples, np.float32), rate, af.RATE)
    return af.frame_features(np.pad(x, (af.WIN // 2, af.WIN // 2)))


def _cache_path():
    """Templates cached in the data dir, keyed by everything that shapes them."""
    import hashlib
    from studio.packages import installed_version
    from studio.settings import data_dir
    espeak_version = installed_version("espeakng-loader") or "?"
    key = repr((TRAIN_VOICES, TRAIN_PITCHES, TRAIN_TEXT, CLASSES, af.N_MFCC, espeak_version, 1))
    return data_dir() / "cache" / f"lipsync-templates-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


@lru_cache(maxsize=1)
def templates() -> Templates:
    """The class templates: from the cache file when present, else built (~1–3 s) and cached."""
    path = _cache_path()
    try:
        with np.load(path) as z:
            return Templates(z["centroids"], z["labels"], z["mean"], z["scale"], float(z["temperature"]))
    except (OSError, KeyError, ValueError):
        pass
    t = build_templates()
    try:
        from studio.atomic import atomic_output
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(path) as f:
            np.savez(f, centroids=t.centroids, labels=t.labels, mean=t.mean, scale=t.scale,
                     temperature=t.temperature)
    except OSError:
        pass                      # a read-only data dir only costs the rebuild next time
    return t


def build_templates() -> Templates:
    """Class centroids from labelled eSpeak speech (one centroid per class, voice, pitch)."""
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    engine = ESpeakEngine()
    rows, labels, groups = [], [], []
    for gi, (voice, pitch) in enumerate((v, p) for v in TRAIN_VOICES for p in TRAIN_PITCHES):
        s = engine.synthesize(TRAIN_TEXT, VoiceSettings(voice=voice, pitch=pitch))
        f = _class_features(features_of(s.samples, s.sample_rate))
        for k, cls in enumerate(_label_frames(s, len(f))):
            if cls is not None:
                rows.append(f[k])
                labels.append(CLASSES.index(cls))
                groups.append(gi)
    X, y, g = np.array(rows), np.array(labels), np.array(groups)
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X - mean) / scale
    cents, labs = [], []
    for c in range(len(CLASSES)):
        for gi in np.unique(g):
            sel = (y == c) & (g == gi)
            if sel.sum() >= 3:
                cents.append(Z[sel].mean(axis=0))
                labs.append(c)
    cents = np.array(cents)
    d = ((Z[:, None, :] - cents[None, :, :]) ** 2).sum(axis=2).min(axis=1)
    return Templates(cents.astype(np.float32), np.array(labs), mean.astype(np.float32),
                     scale.astype(np.float32), float(np.median(d)))


def class_probabilities(feats: np.ndarray) -> np.ndarray:
    """F×len(CLASSES) probabilities for frame features (from `features_of`)."""
    t = templates()
    z = (_class_features(feats) - t.mean) / t.scale
    d = ((z[:, None, :] - t.centroids[None, :, :]) ** 2).sum(axis=2)
    per_class = np.full((len(z), len(CLASSES)), np.inf)
    for c in range(len(CLASSES)):
        sel = t.labels == c
        if sel.any():
            per_class[:, c] = d[:, sel].min(axis=1)
    logits = -(per_class - per_class.min(axis=1, keepdims=True)) / (0.5 * t.temperature)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


class _Reference:
    """Running reference level (dBFS): jumps up to loud frames, decays 10 dB/s."""

    def __init__(self) -> None:
        self.level = REF_START_DB

    def run(self, levels: np.ndarray) -> np.ndarray:
        out = np.empty(len(levels))
        ref = self.level
        for i, v in enumerate(levels):
            ref = max(v, ref - REF_DECAY_DB, -60.0)
            out[i] = ref
        self.level = ref
        return out


def raw_poses(feats: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """F×P unsmoothed mouth parameters from features and the reference level per frame."""
    probs = class_probabilities(feats)
    poses = probs @ np.stack([_POSE[c] for c in CLASSES])
    rel = feats[:, af.N_MFCC] - reference                      # dB below the reference
    openness = np.clip(1 + rel / 24.0, 0, 1)                   # −24 dB → closed
    gate = np.clip((rel + FLOOR_DB) / 10.0, 0, 1)              # fade out near the floor
    poses[:, _JAW] *= (0.3 + 0.9 * openness)[:, None]
    return poses * gate[:, None]


def _kernel(smoothing: float) -> np.ndarray:
    sigma = 0.5 + 1.5 * min(max(smoothing, 0.0), 1.0)
    k = np.exp(-0.5 * (np.arange(-RADIUS, RADIUS + 1) / sigma) ** 2)
    return k / k.sum()


def _smooth(poses: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    padded = np.pad(poses, ((RADIUS, RADIUS), (0, 0)), mode="edge")
    out = np.zeros_like(poses)
    for i, w in enumerate(kernel):
        out += w * padded[i:i + len(poses)]
    return out


def _to_fps(values100: np.ndarray, duration: float, fps: float) -> np.ndarray:
    n = max(1, int(round(duration * fps)) + 1)
    src = np.arange(len(values100)) * HOP_S
    dst = np.arange(n) / fps
    cols = [np.interp(dst, src, values100[:, j]) for j in range(values100.shape[1])]
    return np.stack(cols, axis=1)


def audio_track(samples: np.ndarray, sample_rate: int, fps: float, strength: float = 1.0,
                smoothing: float = 0.5) -> ParamTrack:
    """N float32 mono samples → mouth-parameter track at `fps` (T = round(duration·fps)+1)."""
    if fps <= 0:
        raise ValueError("fps must be positive")
    duration = len(samples) / sample_rate
    feats = features_of(samples, sample_rate)
    poses = _smooth(raw_poses(feats, _Reference().run(feats[:, af.N_MFCC])), _kernel(smoothing))
    values = _to_fps(poses, duration, fps) * max(strength, 0.0)
    return ParamTrack(float(fps), clamp_values(values).astype(np.float32))


class StreamingLipSync:
    """Microphone lip-sync: `push(block)` N float32 mono samples as they arrive, get back
    (times in s, T×P float32 poses) at 100 Hz for the hops that are now final.

    Latency: `latency_s` ≈ 62 ms (see module docstring) plus the caller's block size.
    Not thread-safe: one audio thread pushes; hand results to the render side by value."""

    def __init__(self, sample_rate: int, strength: float = 1.0, smoothing: float = 0.5):
        from scipy.signal import butter, sosfilt_zi
        self.rate = int(sample_rate)
        self.strength = strength
        self._kernel = _kernel(smoothing)
        self._ref = _Reference()
        self._step = self.rate / af.RATE            # input samples per output sample
        self._sos = None
        if self.rate > af.RATE:                      # anti-alias before decimating
            self._sos = butter(8, 7600 / (self.rate / 2), output="sos")
            self._zi = sosfilt_zi(self._sos) * 0.0
        self._pos = 0.0                              # next output sample position (input index)
        self._tail = np.zeros(0, np.float32)         # input not yet consumed by interpolation
        self._x16 = np.zeros(af.WIN // 2, np.float32)  # 16 kHz buffer (front-padded)
        self._frames_done = 0                        # feature frames computed
        self._poses = np.zeros((0, len(NAMES)))      # raw poses not yet emitted
        self._emitted = 0

    @property
    def latency_s(self) -> float:
        return af.WIN / 2 / af.RATE + RADIUS * HOP_S + HOP_S

    def _resample(self, block: np.ndarray) -> np.ndarray:
        if self._sos is not None:
            from scipy.signal import sosfilt
            block, self._zi = sosfilt(self._sos, block, zi=self._zi)
        buf = np.concatenate([self._tail, block.astype(np.float32)])
        if self.rate == af.RATE:
            self._tail = np.zeros(0, np.float32)
            return buf
        last = len(buf) - 1
        pos = np.arange(self._pos, last, self._step)
        out = np.interp(pos, np.arange(len(buf)), buf).astype(np.float32)
        nxt = self._pos + len(pos) * self._step
        keep = int(np.floor(nxt))
        self._tail = buf[keep:]
        self._pos = nxt - keep
        return out

    def push(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self._x16 = np.concatenate([self._x16, self._resample(np.asarray(block, np.float32).reshape(-1))])
        n_ready = 1 + (len(self._x16) - af.WIN) // af.HOP if len(self._x16) >= af.WIN else 0
        if n_ready > 0:
            feats = af.frame_features(self._x16[: (n_ready - 1) * af.HOP + af.WIN])
            self._x16 = self._x16[n_ready * af.HOP:]
            poses = raw_poses(feats, self._ref.run(feats[:, af.N_MFCC]))
            self._poses = np.concatenate([self._poses, poses])
            self._frames_done += n_ready
        return self._emit()

    def _emit(self) -> tuple[np.ndarray, np.ndarray]:
        first = self._frames_done - len(self._poses)        # frame index of _poses[0]
        final = self._frames_done - RADIUS                  # frames < final have their future
        idx = np.arange(self._emitted, max(self._emitted, final))
        if len(idx) == 0:
            return np.zeros(0), np.zeros((0, len(NAMES)), np.float32)
        out = np.zeros((len(idx), len(NAMES)))
        for j, w in enumerate(self._kernel):
            src = np.clip(idx + j - RADIUS, 0, self._frames_done - 1) - first
            src = np.clip(src, 0, len(self._poses) - 1)
            out += w * self._poses[src]
        self._emitted = int(idx[-1]) + 1
        drop = max(0, self._emitted - RADIUS - first)
        self._poses = self._poses[drop:]
        values = clamp_values(out * max(self.strength, 0.0)).astype(np.float32)
        return idx * HOP_S, values


def phonemes_from_audio(samples: np.ndarray, sample_rate: int,
                        min_run: float = 0.03) -> tuple[PhonemeEvent, ...]:
    """Timed viseme events recovered from audio alone (for engines without phoneme timings,
    such as Coqui): the most likely class per 10 ms hop, silence below the level floor,
    runs shorter than `min_run` merged into their predecessor. `phoneme` is '' (unknown)."""
    feats = features_of(samples, sample_rate)
    if len(feats) == 0:
        return ()
    probs = class_probabilities(feats)
    rel = feats[:, af.N_MFCC] - _Reference().run(feats[:, af.N_MFCC])
    labels = [CLASSES[i] if r > -FLOOR_DB + 10 else "sil" for i, r in zip(probs.argmax(axis=1), rel)]
    duration = len(samples) / sample_rate
    runs: list[list] = []
    for k, lab in enumerate(labels):
        if runs and runs[-1][2] == lab:
            runs[-1][1] = k + 1
        else:
            runs.append([k, k + 1, lab])
    events: list[list] = []
    for a, b, lab in runs:
        if events and ((b - a) * HOP_S < min_run or events[-1][2] == lab):
            events[-1][1] = b
        else:
            events.append([a, b, lab])
    return tuple(PhonemeEvent(min(a * HOP_S, duration), min(b * HOP_S, duration), "", lab)
                 for a, b, lab in events if min(b * HOP_S, duration) > min(a * HOP_S, duration))
