"""Performance: a pure function of time combining idle, emotion, expression and visemes."""
from __future__ import annotations

import numpy as np
import pytest

from studio.motion import idle as I
from studio.motion.clock import ManualClock, MonotonicClock, SampleFeeder, playback_clock
from studio.motion.emotion import emotion_pose
from studio.motion.performance import ARTICULATION, Performance, apply_live, build_performance
from studio.params import INDEX, NAMES, ParamTrack, SPEC
from studio.profile.model import DigitalHuman, replace_in


def _series(perf, name, t):
    return np.array([perf.pose_at(x).get(name, 0.0) for x in t])


def test_same_time_same_pose_in_any_order():
    perf = build_performance(DigitalHuman(), duration=20.0, seed=3)
    t = np.arange(0, 20, 1 / 30)
    forward = [perf.pose_at(x) for x in t]
    backward = [perf.pose_at(x) for x in t[::-1]][::-1]
    again = build_performance(DigitalHuman(), duration=20.0, seed=3)
    assert forward == backward == [again.pose_at(x) for x in t]
    other_seed = build_performance(DigitalHuman(), duration=20.0, seed=4)
    assert forward != [other_seed.pose_at(x) for x in t]


def _blink_count(perf, seconds=120.0):
    closed = _series(perf, "eyeBlinkLeft", np.arange(0, seconds, 1 / 60)) > 0.5
    return int(np.sum(closed[1:] & ~closed[:-1]))


def test_blink_rate_follows_profile_and_neuroticism():
    base = DigitalHuman()
    n15 = _blink_count(build_performance(base, seed=1))
    assert 18 <= n15 <= 50                     # ~15/min × 0.8+0.25 over 2 minutes
    none = replace_in(base, "dynamic", blink_rate=0.0)
    assert _blink_count(build_performance(none, seed=1)) == 0
    import dataclasses
    nervous = dataclasses.replace(base, internal=dataclasses.replace(
        base.internal, personality=dataclasses.replace(base.internal.personality, neuroticism=1.0)))
    calm = dataclasses.replace(base, internal=dataclasses.replace(
        base.internal, personality=dataclasses.replace(base.internal.personality, neuroticism=0.0)))
    assert _blink_count(build_performance(nervous, seed=1), 240) > _blink_count(build_performance(calm, seed=1), 240)


def test_blinks_are_smooth_and_irregular():
    starts = [s for b in range(40) for s, _ in I._blinks(15.0, 0, b)]
    gaps = np.diff(starts)
    assert gaps.min() > I.BLINK_LEN and gaps.std() > 0.3 * gaps.mean()
    lid = [I.blink_at(starts[2] + dt, 15.0, 0) for dt in np.arange(0, I.BLINK_LEN, 0.01)]
    assert max(lid) > 0.8 and np.max(np.abs(np.diff(lid))) < 0.5


def test_head_sway_scales_with_profile_and_extraversion():
    t = np.arange(0, 30, 0.1)
    def yaw_std(profile):
        return _series(build_performance(profile), "headYaw", t).std()
    base = DigitalHuman()
    still = replace_in(base, "dynamic", head_sway=0.0)
    lively = replace_in(base, "dynamic", head_motion_style="lively")
    calm = replace_in(base, "dynamic", head_motion_style="calm")
    assert yaw_std(still) < 0.05
    assert yaw_std(lively) > yaw_std(base) > yaw_std(calm) > 0.2
    import dataclasses
    extra = dataclasses.replace(base, internal=dataclasses.replace(
        base.internal, personality=dataclasses.replace(base.internal.personality, extraversion=1.0)))
    assert yaw_std(extra) > yaw_std(base)
    # smooth: no jumps bigger than a few degrees per 1/30 s
    yaw = _series(build_performance(lively), "headYaw", np.arange(0, 10, 1 / 30))
    assert np.abs(np.diff(yaw)).max() < 1.0


def test_emotion_shows_on_the_face():
    happy = emotion_pose(0.9, 0.2, 0.8)
    sad = emotion_pose(-0.8, -0.2, 0.8)
    angry = emotion_pose(-0.8, 0.8, 0.8)
    assert happy["mouthSmileLeft"] > 0.3 and "mouthFrownLeft" not in happy
    assert sad["mouthFrownLeft"] > 0.2 and sad["browInnerUp"] > 0.2
    assert angry["browDownLeft"] > 0.2
    flat = emotion_pose(0.9, 0.0, 0.0)
    assert flat["mouthSmileLeft"] < happy["mouthSmileLeft"] / 2


def test_visemes_replace_articulation_and_keep_the_smile():
    track = ParamTrack.zeros(2.0, 50)
    track.values[:, INDEX["jawOpen"]] = np.linspace(0, 1, len(track.values))
    perf = Performance(duration=2.0, track=track,
                       expression={"jawOpen": 0.5, "mouthSmileLeft": 0.4, "eyeBlinkLeft": 1.0},
                       emotion={}, idle=I.IdleSettings(blink_rate=0))
    p = perf.pose_at(1.0)
    assert p["jawOpen"] == pytest.approx(0.5, abs=0.02)
    assert p["mouthSmileLeft"] == pytest.approx(0.4)
    assert p["eyeBlinkLeft"] == 1.0                                 # the wink survives
    assert perf.pose_at(0.0).get("jawOpen", 0.0) < 0.02             # the track, not the preset
    assert perf.pose_at(5.0)["jawOpen"] == pytest.approx(0.5)       # after speech: preset again


def test_poses_stay_in_range():
    perf = Performance(duration=1.0, expression={n: 5.0 for n in NAMES},
                       emotion={"headYaw": 100.0})
    for n, v in perf.pose_at(0.3).items():
        assert SPEC[n].lo <= v <= SPEC[n].hi


def test_live_inputs_mouth_from_mic_rest_from_camera():
    base = {"jawOpen": 0.3, "headYaw": 5.0, "mouthSmileLeft": 0.2}
    cam = {"jawOpen": 0.9, "headYaw": -10.0, "eyeBlinkLeft": 1.0}
    mic = {"jawOpen": 0.6}
    both = apply_live(base, cam, mic)
    assert both["jawOpen"] == 0.6 and both["headYaw"] == -10.0 and both["eyeBlinkLeft"] == 1.0
    assert "mouthSmileLeft" not in both                      # camera covers the smile too
    assert apply_live(base, cam)["jawOpen"] == 0.9
    only_mic = apply_live(base, None, mic)
    assert only_mic["jawOpen"] == 0.6 and only_mic["headYaw"] == 5.0
    assert set(ARTICULATION) <= set(NAMES)


def test_frame_times_cover_the_duration():
    perf = Performance(duration=2.0)
    assert len(perf.frame_times(30)) == 60
    assert len(Performance(duration=2.01).frame_times(30)) == 61


def test_manual_and_monotonic_clocks():
    m = ManualClock()
    m.advance(0.5)
    assert m.now() == 0.5
    fake = [100.0]
    c = MonotonicClock(timer=lambda: fake[0])
    c.start(); fake[0] += 1.5
    assert c.now() == pytest.approx(1.5)
    c.pause(); fake[0] += 10
    assert c.now() == pytest.approx(1.5)
    c.start(); fake[0] += 0.5
    assert c.now() == pytest.approx(2.0)
    c.seek(0.25)
    assert c.now() == pytest.approx(0.25)
    loop = MonotonicClock(loop=2.0, timer=lambda: fake[0])
    loop.start(); fake[0] += 5.0
    assert loop.now() == pytest.approx(1.0)


def test_sample_feeder_counts_played_samples_and_loops():
    f = SampleFeeder(np.arange(10, dtype=np.float32))
    assert list(f.next_block(4)) == [0, 1, 2, 3] and f.pos == 4
    assert list(f.next_block(8)) == [4, 5, 6, 7, 8, 9, 0, 0]
    looping = SampleFeeder(np.arange(5, dtype=np.float32), loop=True)
    assert list(looping.next_block(7)) == [0, 1, 2, 3, 4, 0, 1]


def test_playback_clock_without_audio_device_falls_back():
    clock, reason = playback_clock(np.zeros(4800, np.float32), 48000, 0.1)
    assert hasattr(clock, "now") and reason
    clock, reason = playback_clock(None, 48000, 1.0)
    assert isinstance(clock, MonotonicClock)


def test_camera_weight_blends_towards_the_performance():
    base = {"headYaw": 10.0, "jawOpen": 0.2}
    half = apply_live(base, {"headYaw": -10.0}, None, camera_weight=0.5)
    assert abs(half.get("headYaw", 0.0)) < 1e-9
    assert half["jawOpen"] == pytest.approx(0.1)
    assert apply_live(base, {"headYaw": -10.0}, None, camera_weight=0.0) == base


def test_expression_preset_from_the_profile_is_played():
    profile = replace_in(DigitalHuman(), "dynamic", expression="happy", expression_intensity=1.0)
    happy = build_performance(profile).pose_at(0.5)
    half = build_performance(profile, intensity=0.5).pose_at(0.5)
    neutral = build_performance(DigitalHuman()).pose_at(0.5)
    assert happy["mouthSmileLeft"] > half["mouthSmileLeft"] > neutral["mouthSmileLeft"]
    from studio.errors import UserError
    with pytest.raises(UserError):
        build_performance(DigitalHuman(), expression="no-such-face")
