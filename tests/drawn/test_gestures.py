"""Speech gestures (issue 15 item 4): events at the words that trigger them, personality, off switch."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from studio.drawn.gestures import GesturePose, classify, gesture_track, with_arms
from studio.speech.types import WordEvent


def _words(*texts, gap=0.8):
    return [WordEvent(i * gap, i * gap + 0.4, t, t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("word, kind", [
    ("hello", "wave"), ("안녕하세요", "wave"), ("반갑습니다", "wave"), ("I", "self"), ("me", "self"),
    ("저는", "self"), ("제가", "self"), ("나는", "self"), ("you", "other"), ("당신은", "other"),
    ("여러분", "other"), ("huge", "big"), ("많이", "big"), ("tiny", "small"), ("no", "negate"),
    ("아니요", "negate"), ("없어요", "negate"), ("think", "think"), ("생각해요", "think"), ("table", None),
])
def test_words_are_classified_in_korean_and_english(word, kind):
    assert classify(word) == kind


def test_gestures_appear_at_the_words_that_trigger_them():
    words = _words("Hello", "everyone", "I", "really", "think", "that", "you", "are", "wonderful!", gap=1.2)
    track = gesture_track(words, extraversion=0.8)
    by_word = {e.word: e for e in track.events}
    for word, kind in (("Hello", "wave"), ("I", "self"), ("think", "think"), ("you", "other")):
        assert word in by_word and by_word[word].kind == kind
        w = next(w for w in words if w.text == word)
        e = by_word[word]
        assert e.start <= w.start <= e.peak <= w.end and e.end > w.end     # stroke on the word
    assert any(e.kind == "beat" for e in track.events)
    for e in track.events:                                # no event without its word
        assert any(w.text == e.word for w in words)


def test_a_greeting_waves_a_raised_hand_and_self_reference_touches_the_chest():
    from studio.drawn.layout import HX, HY
    track = gesture_track(_words("hello", "friends", gap=1.0), 0.6)
    wave = track.events[0]
    arms = track.arms(wave.peak + 0.2)
    assert arms["left"]["hand"] == "wave" and arms["left"]["y"] < HY + 250
    xs = [track.arms(wave.peak + 0.2 + k * 0.05)["left"]["x"] for k in range(6)]
    assert max(xs) - min(xs) > 10                                            # it waves
    me = gesture_track(_words("so", "I", gap=1.0), 0.6)
    e = me.events[0]
    hand = me.arms(e.peak + 0.1)["right"]
    assert abs(hand["x"] - HX) < 80 and hand["hand"] == "palm"


def test_extraversion_scales_amplitude_and_frequency():
    words = _words(*["absolutely", "wonderful", "remarkable", "fantastic", "incredible", "beautiful"] * 2, gap=0.7)
    shy, outgoing = gesture_track(words, 0.0), gesture_track(words, 1.0)
    assert len(outgoing.events) > len(shy.events) >= 1
    def nod(track):
        return min(min(track.head_pose(t).get("headPitch", 0.0) for t in np.arange(0, 9, 0.02)), 0.0)
    assert nod(outgoing) < 1.5 * nod(shy) < 0


def test_gestures_can_be_turned_off_and_the_performance_carries_them():
    from studio.motion.performance import build_performance
    from studio.profile.model import DigitalHuman, replace_in
    from studio.speech.types import Speech
    words = tuple(_words("hello", "you", gap=1.0))
    speech = Speech(samples=np.zeros(48000 * 2, np.float32), sample_rate=48000, words=words) \
        if "words" in Speech.__dataclass_fields__ else None
    if speech is None:
        pytest.skip("Speech has no words field")
    profile = DigitalHuman()
    perf = build_performance(profile, speech=speech)
    pose = perf.pose_at(words[0].start + 0.2)
    assert isinstance(pose, GesturePose) and pose.arms["left"]["hand"] == "wave"
    off = build_performance(replace_in(profile, "dynamic", gestures=False), speech=speech)
    assert off.gestures is None and getattr(off.pose_at(0.3), "arms", None) is None
    assert gesture_track(words, 0.5, enabled=False).events == ()


def test_the_drawn_character_moves_its_arms_and_the_photo_pose_stays_a_plain_pose():
    from studio.drawn.engine import DrawnEngine
    from studio.profile.model import ExternalStatic
    e = DrawnEngine(ExternalStatic(avatar_kind="drawn", character={"top_colour": "#c0392b"}))
    track = gesture_track(_words("hello", gap=1.0), 0.7)
    t = track.events[0].peak + 0.2
    rest, waving = e.render({}, 256), e.render(with_arms(track.head_pose(t), track.arms(t)), 256)
    moved = np.abs(rest[..., :3].astype(int) - waving[..., :3].astype(int)).max(-1) > 30
    ys, xs = np.nonzero(moved)
    assert moved.sum() > 300 and xs.mean() > 128           # the subject's left arm: viewer's right
    pose = with_arms({"jawOpen": 0.3}, {"left": {}})
    assert dict(pose) == {"jawOpen": 0.3} and dataclasses.is_dataclass(track)
