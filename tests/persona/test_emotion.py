"""The avatar's emotion follows what the user says, scaled by personality, and maps to a face."""
from __future__ import annotations

import dataclasses

import pytest

from studio.persona.emotion_state import EmotionState, appraise, baseline, expression_for, step
from studio.profile.model import Internal, Personality
from studio.rig.presets import PRESETS

CALM = Internal(valence=0.1, arousal=0.0)


def _after(internal: Internal, *messages: str) -> EmotionState:
    s = baseline(internal)
    for m in messages:
        s = step(s, internal, m)
    return s


def test_state_starts_at_the_profile_baseline():
    assert baseline(Internal(valence=-0.4, arousal=0.3)) == EmotionState(-0.4, 0.3)


@pytest.mark.parametrize("happy, sad", [
    ("I'm so happy, this is wonderful!", "This is terrible, I feel sad."),
    ("오늘 정말 행복해요, 최고예요!", "너무 슬프고 우울해요."),
    ("Great news 😊", "bad day 😢"),
])
def test_positive_words_raise_and_negative_words_lower_valence(happy, sad):
    assert _after(CALM, happy).valence > CALM.valence + 0.3
    assert _after(CALM, sad).valence < CALM.valence - 0.3


def test_negation_flips_a_word():
    assert appraise("I am happy").valence > 0 > appraise("I am not happy").valence
    assert appraise("기분이 좋아요").valence > 0 > appraise("기분이 안 좋아요").valence
    assert appraise("좋지 않아요").valence < 0


def test_exclamations_and_exciting_words_raise_arousal():
    assert appraise("ok!!!").arousal > appraise("ok").arousal
    assert _after(CALM, "Wow, amazing!").arousal > 0.3


def test_emotion_decays_back_to_baseline_over_neutral_turns():
    s = _after(CALM, "This is the best day ever, I love it!")
    offsets = []
    for _ in range(6):
        s = step(s, CALM, "The table is brown")
        offsets.append(abs(s.valence - CALM.valence) + abs(s.arousal - CALM.arousal))
    assert offsets == sorted(offsets, reverse=True) and offsets[-1] < 0.05


def test_personality_changes_the_swing():
    def with_traits(**traits):
        return dataclasses.replace(CALM, personality=Personality(**traits))
    happy, sad, excite = "That is wonderful news", "That is terrible and sad", "wow!!"
    warm, cold = with_traits(agreeableness=1.0), with_traits(agreeableness=0.0)
    assert _after(warm, happy).valence - CALM.valence > 2 * (_after(cold, happy).valence - CALM.valence)
    anxious, stable = with_traits(neuroticism=1.0), with_traits(neuroticism=0.0)
    assert _after(anxious, sad).valence < _after(stable, sad).valence - 0.2
    # a bad mood lingers longer for a neurotic avatar
    assert _after(anxious, sad, "ok", "ok").valence < _after(stable, sad, "ok", "ok").valence
    outgoing, shy = with_traits(extraversion=1.0), with_traits(extraversion=0.0)
    assert _after(outgoing, excite).arousal > 2 * _after(shy, excite).arousal


@pytest.mark.parametrize("state, preset", [
    (EmotionState(0.8, 0.1), "happy"), (EmotionState(0.8, 0.8), "laugh"),
    (EmotionState(-0.7, -0.2), "sad"), (EmotionState(-0.7, 0.7), "angry"),
    (EmotionState(0.0, 0.8), "surprised"), (EmotionState(0.0, -0.8), "sleepy"),
    (EmotionState(0.0, 0.0), "neutral")])
def test_expression_for_a_state_is_a_real_preset(state, preset):
    name, intensity = expression_for(state, 0.5)
    assert name == preset and name in PRESETS
    assert 0.0 <= intensity <= 1.0 and (intensity == 0.0) == (preset == "neutral")


def test_expressiveness_and_strength_scale_intensity():
    weak = expression_for(EmotionState(0.4, 0.0), 0.5)[1]
    strong = expression_for(EmotionState(0.9, 0.0), 0.5)[1]
    flat = expression_for(EmotionState(0.9, 0.0), 0.0)[1]
    vivid = expression_for(EmotionState(0.9, 0.0), 1.0)[1]
    assert weak < strong and flat < strong < vivid
