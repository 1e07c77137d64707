"""One clock: preview frames equal export frames, and the exported mouth is in sync with the
voice (re-tracked from the decoded video)."""
from __future__ import annotations

import numpy as np
import pytest

from studio.motion.clock import ManualClock
from studio.motion.performance import build_performance
from studio.profile.model import DigitalHuman
from studio.runtime.render_worker import RenderWorker

FPS = 25
SIZE = 192


@pytest.fixture(scope="module")
def engine(astronaut_rgb):
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_photo(astronaut_rgb)


@pytest.fixture(scope="module")
def performance():
    from studio.speech.say import speak
    profile = DigitalHuman()
    speech = speak("Papa bought a big map. Mama opened the box and laughed.", profile.dynamic,
                   profile.internal)
    return build_performance(profile, speech=speech, seed=7)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, engine, performance):
    from studio.export.video import export_video
    path = tmp_path_factory.mktemp("sync") / "talk.mp4"
    return export_video(performance, engine, path, size=SIZE, fps=FPS)


def _decoded_frames(path):
    import av
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def test_preview_frames_equal_export_frames(engine, performance, exported):
    clock = ManualClock()
    worker = RenderWorker(engine.render, performance, clock, size=SIZE)
    times = performance.frame_times(FPS)
    preview = []
    for t in times[::-1]:                        # any order: the pose depends only on t
        clock.set(t)
        preview.append(worker.step().rgba[..., :3])
    preview = preview[::-1]
    direct = [engine.render(performance.pose_at(t), SIZE)[..., :3] for t in times]
    assert all(np.array_equal(a, b) for a, b in zip(preview, direct))
    video = _decoded_frames(exported)
    assert len(video) == len(times)
    diffs = np.array([np.abs(v.astype(int) - p).mean() for v, p in zip(video, preview)])
    assert diffs.max() < 3.0                                   # only the codec's loss
    shifted = np.array([np.abs(v.astype(int) - p).mean() for v, p in zip(video[1:], preview[:-1])])
    mouth_moves = shifted > diffs[1:] + 0.2                    # off by one frame is visibly worse
    assert mouth_moves.mean() > 0.5


def test_exported_mouth_is_in_sync_with_the_voice(exported):
    from studio.motion.drive import read_audio, track_video
    track, _ = track_video(exported)
    jaw = track.column("jawOpen").astype(float)
    audio = read_audio(exported)
    hop = 48000 // FPS
    n = min(len(jaw), len(audio) // hop)
    # loudness over the frame's own 40 ms, centred on its time i / FPS, lightly smoothed
    env = np.array([np.sqrt(np.mean(audio[max(0, i * hop - hop // 2):i * hop + hop // 2] ** 2))
                    for i in range(n)])
    env = np.convolve(env, [0.25, 0.5, 0.25], "same")
    jaw, env = jaw[:n] - jaw[:n].mean(), env - env.mean()
    lags = range(-4, 5)
    corr = [np.corrcoef(np.roll(jaw, -k)[4:-4], env[4:-4])[0, 1] for k in lags]
    best = list(lags)[int(np.argmax(corr))]
    assert abs(best) <= 1, f"mouth lags the voice by {best} frames (correlations {np.round(corr, 2)})"
    # The budget (docs/ARCHITECTURE.md, *Budgets and the benchmark*): ≥ 0.6 after re-tracking
    # the exported video (measured here: ~0.84 since
    # the jaw follows the synthesized audio's loudness).
    assert max(corr) >= 0.6
