"""Conversation style shapes the avatar's lines (studio.persona)."""
from __future__ import annotations

import dataclasses

import pytest

from studio.persona.korean import has_final_consonant, set_level
from studio.persona.lines import greeting_line, style_line
from studio.profile.model import Internal

QUIET = dict(emoji_use=0.0, verbosity=0.5)


@pytest.mark.parametrize("formal,polite,casual", [
    ("저는 학생입니다.", "저는 학생이에요.", "나는 학생이야."),
    ("저는 의사입니다.", "저는 의사예요.", "나는 의사야."),
    ("오늘 공부합니다.", "오늘 공부해요.", "오늘 공부해."),
    ("감사합니다!", "감사해요!", "고마워!"),
    ("시간이 있습니다.", "시간이 있어요.", "시간이 있어."),
    ("여기로 와 주십시오.", "여기로 와 주세요.", "여기로 와 줘."),
    ("제가 하겠습니다.", "제가 하겠어요.", "내가 하겠어."),
])
def test_korean_speech_levels_round_trip(formal, polite, casual):
    forms = {"formal": formal, "polite": polite, "casual": casual}
    for src in forms.values():
        for level, want in forms.items():
            assert set_level(src, level) == want, (src, level)


def test_korean_questions_take_the_formal_question_ending():
    assert set_level("뭐 해요?", "formal") == "뭐 합니까?"
    assert set_level("뭐 합니까?", "casual") == "뭐 해?"


def test_final_consonant():
    assert has_final_consonant("생") and not has_final_consonant("사") and not has_final_consonant("a")


def test_korean_greeting_follows_formality():
    base = Internal(name="하늘", language="ko", **QUIET)
    lines = {f: greeting_line(dataclasses.replace(base, formality=f)) for f in ("casual", "polite", "formal")}
    assert lines["casual"].startswith("안녕!") and "나는 하늘이야" in lines["casual"]
    assert "저는 하늘이에요" in lines["polite"] and lines["polite"].endswith("반가워요.")
    assert lines["formal"].startswith("안녕하십니까!") and "하늘입니다" in lines["formal"]


def test_english_formality():
    text = "Thank you! I am glad it is sunny. I do not mind."
    casual = style_line(text, Internal(formality="casual", **QUIET))
    formal = style_line("Thanks! I'm glad it's sunny. I don't mind.", Internal(formality="formal", **QUIET))
    assert casual == "Thanks! I'm glad it's sunny. I don't mind."
    assert formal == "Thank you very much! I am glad it is sunny. I do not mind."
    assert greeting_line(Internal(name="Sky", formality="casual", **QUIET)).startswith("Hi! I'm Sky.")


def test_verbosity_and_emoji():
    text = "Hello there. The weather is nice. Shall we walk? It will be fun."
    terse = style_line(text, Internal(verbosity=0.1, emoji_use=0.0))
    chatty = style_line(text, Internal(verbosity=0.9, emoji_use=0.0))
    assert terse == "Hello there. The weather is nice."
    assert len(chatty) > len(text) and chatty.startswith("Hello there.")
    happy = style_line(text, Internal(emoji_use=1.0, valence=0.8, verbosity=0.5))
    sad = style_line(text, Internal(emoji_use=1.0, valence=-0.8, verbosity=0.5))
    assert sum(ch in "😊😄🙂✨" for ch in happy) == 4 and any(ch in "😔🙏" for ch in sad)
    assert style_line(text, Internal(emoji_use=1.0, valence=0.8, verbosity=0.5)) == happy   # deterministic
    assert style_line("   ", Internal()) == ""


def test_custom_greeting_is_kept_and_styled():
    i = Internal(greeting="Welcome to my shop. I am here to help.", formality="casual", **QUIET)
    assert greeting_line(i) == "Welcome to my shop. I'm here to help."


def test_styled_line_can_be_spoken():
    from studio.profile.model import ExternalDynamic
    from studio.speech.say import speak
    i = Internal(name="하늘", language="ko", formality="casual", emoji_use=1.0, verbosity=0.5)
    s = speak(greeting_line(i), ExternalDynamic(voice_language="ko"), i)
    assert s.duration > 1 and "하늘이야" in " ".join(w.text for w in s.words)
