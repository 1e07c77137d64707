"""Voice activity detection with Silero VAD, run directly on its ONNX model (no torch).

The model ships inside the `silero-vad` wheel (`silero_vad/data/silero_vad.onnx`). It takes
16 kHz audio in 512-sample chunks (32 ms), each preceded by the last 64 samples of the previous
chunk, and carries a 2×1×128 recurrent state; it returns the probability of speech per chunk.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from studio.errors import UserError

RATE = 16000
CHUNK = 512
CONTEXT = 64
CHUNK_S = CHUNK / RATE


@lru_cache(maxsize=1)
def _session():
    import importlib.resources as resources
    import onnxruntime as ort
    try:
        model = resources.files("silero_vad") / "data" / "silero_vad.onnx"
        data = model.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        raise UserError("the Silero VAD model is missing: reinstall Avatar Studio "
                        "(pip install silero-vad)") from None
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])


_lock = threading.Lock()   # one ONNX session, shared; runs are short


def speech_probabilities(samples: np.ndarray, rate: int) -> np.ndarray:
    """Probability of speech for each 32 ms chunk of N float32 mono samples (any rate)."""
    from studio.speech.audio_io import resample
    x = resample(np.asarray(samples, np.float32), rate, RATE)
    n = int(np.ceil(len(x) / CHUNK))
    x = np.pad(x, (CONTEXT, n * CHUNK - len(x)))
    state = np.zeros((2, 1, 128), np.float32)
    sr = np.array(RATE, np.int64)
    probs = np.zeros(n, np.float32)
    sess = _session()
    with _lock:
        for i in range(n):
            chunk = x[i * CHUNK: i * CHUNK + CHUNK + CONTEXT][None, :]
            out, state = sess.run(None, {"input": chunk, "state": state, "sr": sr})
            probs[i] = float(out[0, 0])
    return probs


def speech_segments(samples: np.ndarray, rate: int, threshold: float = 0.5,
                    min_speech: float = 0.25, min_silence: float = 0.15,
                    pad: float = 0.05) -> list[tuple[float, float]]:
    """[(start s, end s)] of speech: chunks above `threshold` (with hysteresis at
    threshold − 0.15), gaps shorter than `min_silence` bridged, bits shorter than
    `min_speech` dropped, each padded by `pad`."""
    probs = speech_probabilities(samples, rate)
    duration = len(samples) / rate
    segs: list[list[float]] = []
    active = False
    for i, p in enumerate(probs):
        t = i * CHUNK_S
        if not active and p >= threshold:
            active = True
            segs.append([t, t + CHUNK_S])
        elif active:
            if p >= threshold - 0.15:
                segs[-1][1] = t + CHUNK_S
            else:
                active = False
    merged: list[list[float]] = []
    for s in segs:
        if merged and s[0] - merged[-1][1] < min_silence:
            merged[-1][1] = s[1]
        else:
            merged.append(s)
    return [(max(0.0, a - pad), min(duration, b + pad)) for a, b in merged if b - a >= min_speech]


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """The samples from the first detected speech to the last (unchanged if none found)."""
    segs = speech_segments(samples, rate)
    if not segs:
        return samples
    return samples[int(segs[0][0] * rate): int(np.ceil(segs[-1][1] * rate))]
