"""Audio-only lip-sync: offline and streaming tracks, and the evaluation with thresholds."""
from __future__ import annotations

import numpy as np
import pytest

from studio.params import NAMES
from studio.speech.audio_lipsync import StreamingLipSync, audio_track
from studio.speech.envelope import best_lag, frame_envelope
from studio.speech import evaluate


def test_track_shape_and_rest_on_silence():
    t = audio_track(np.zeros(16000, np.float32), 16000, 30)
    assert t.values.shape == (31, len(NAMES)) and np.allclose(t.values, 0)
    rng = np.random.default_rng(0)
    hum = (1e-4 * rng.standard_normal(16000)).astype(np.float32)      # -80 dBFS room noise
    assert audio_track(hum, 16000, 30).column("jawOpen").max() < 0.05


def test_mouth_follows_speech_without_text(speeches):
    s = speeches["ko"]
    t = audio_track(s.samples, s.sample_rate, 30)
    jaw = t.column("jawOpen")
    env = frame_envelope(s.samples, s.sample_rate, 30, len(jaw))
    lag, corr = best_lag(jaw, env)
    assert corr[0] > 0.7 and abs(lag) <= 1
    half = audio_track(s.samples, s.sample_rate, 30, strength=0.5).column("jawOpen")
    assert np.isclose(half.max(), 0.5 * jaw.max(), atol=1e-3)


@pytest.mark.parametrize("rate,block", [(16000, 160), (22050, 1024), (48000, 480)])
def test_streaming_matches_offline(speeches, rate, block):
    from studio.speech.audio_io import resample
    s = speeches["en"]
    x = resample(s.samples, s.sample_rate, rate)
    stream = StreamingLipSync(rate)
    assert 0.04 < stream.latency_s < 0.08
    times, rows = [], []
    for i in range(0, len(x), block):
        t, v = stream.push(x[i:i + block])
        times.append(t)
        rows.append(v)
        # nothing is emitted before its look-ahead has arrived
        if len(t):
            assert t[-1] <= (i + block) / rate - stream.latency_s + 0.011
    times, rows = np.concatenate(times), np.concatenate(rows)
    assert np.allclose(np.diff(times), 0.01)
    offline = audio_track(x, rate, 100).values
    n = min(len(rows), len(offline)) - 10
    jaw = NAMES.index("jawOpen")
    assert np.corrcoef(rows[:n, jaw], offline[:n, jaw])[0, 1] > 0.97


@pytest.fixture(scope="module")
def evaluation():
    return evaluate.evaluate()


def test_evaluation_against_espeak_timings(evaluation):
    """Thresholds (measured: vowels 71 %, open/closed 91 %, onset 5 ms, |lag| 4 ms):
    five vowel classes give 20–30 % by chance, so 55 % is a clear, stable margin; a mouth that
    is open/closed at the wrong time 20 % of the frames looks wrong; 40 ms onset error and
    20 ms mean lag stay within one frame at 30 fps."""
    s = evaluation["summary"]
    assert s["vowel_accuracy"] >= 0.55
    assert s["open_closed_accuracy"] >= 0.80
    assert s["onset_error_ms"] <= 40
    assert s["mean_abs_lag_ms"] <= 20
    for case in evaluation["cases"]:
        assert case["vowel_accuracy"] >= 0.4 and case["open_closed_accuracy"] >= 0.75, case
    assert "summary:" in evaluate.format_report(evaluation)


def test_evaluation_on_pylipsync_vowels(evaluation):
    """Real recordings (five vowels, one female voice). Their folder labels disagree with
    their formants for three files (see evaluate's docstring), so we check what a viewer
    sees: the jaw opens wider the more open the vowel (F1) is, and the classifier beats
    chance (1 in 5) clearly against the acoustic labels (measured 4/5; 2/5 against the
    folder labels)."""
    rows = evaluation["pylipsync"]
    if not rows:
        pytest.skip("pylipsync (dev dependency) is not installed")
    from scipy.stats import spearmanr
    assert len(rows) == 5
    rho = spearmanr([r["f1"] for r in rows], [r["jaw"] for r in rows]).statistic
    assert rho >= 0.7, rows
    assert evaluation["summary"]["pylipsync_acoustic_correct"] >= 3


def test_templates_are_cached_on_disk():
    from studio.speech.audio_lipsync import _cache_path, templates
    t = templates()
    path = _cache_path()
    assert path.is_file()
    with np.load(path) as z:
        assert np.allclose(z["centroids"], t.centroids)
    assert len(set(t.labels.tolist())) == 7
