"""Every word of the text gets a timed WordEvent (eSpeak's own word events skip and merge)."""
from __future__ import annotations

import pytest

from studio.profile.model import ExternalDynamic
from studio.speech.sample_text import SAMPLE_TEXT
from studio.speech.words import tokenize

CASES = [
    ("ko", "안녕하세요, 저는 아바타입니다. 만나서 반갑습니다.",
     ["안녕하세요", "저는", "아바타입니다", "만나서", "반갑습니다"], [0, 0, 0, 1, 1]),
    ("en", "Hello there, I am your avatar. Nice to meet you!",
     ["Hello", "there", "I", "am", "your", "avatar", "Nice", "to", "meet", "you"],
     [0] * 6 + [1] * 4),
    ("en", "I can't do it — 3.5 dogs, really… Okay?",
     ["I", "can't", "do", "it", "3.5", "dogs", "really", "Okay"], [0] * 7 + [1]),
    ("cmn", "你好，很高兴认识你。",
     ["你", "好", "很", "高", "兴", "认", "识", "你"], [0] * 8),
    ("ja", "こんにちは、はじめまして。", ["こんにちは", "はじめまして"], [0, 0]),
    ("es", "¿Cómo estás? Muy bien, gracias.", ["Cómo", "estás", "Muy", "bien", "gracias"],
     [0, 0, 1, 1, 1]),
]


def _check_timing(s):
    prev_end = 0.0
    for w in s.words:
        assert prev_end - 1e-9 <= w.start < w.end <= s.duration + 1e-6, w
        prev_end = w.end


@pytest.fixture(scope="module")
def spoken():
    from studio.speech.say import speak
    return [speak(text, ExternalDynamic(), language=lang) for lang, text, _, _ in CASES]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_every_word_is_timed_in_order(spoken, case):
    lang, text, want, sentences = CASES[case]
    s = spoken[case]
    assert [w.text for w in s.words] == want
    assert [w.sentence_index for w in s.words] == sentences
    _check_timing(s)
    # each word spans some of its own speech: at least 60 ms (one short syllable)
    assert min(w.end - w.start for w in s.words) > 0.06


def test_written_form_keeps_punctuation(spoken):
    ko, en = spoken[0], spoken[1]
    assert [w.written for w in ko.words] == ["안녕하세요,", "저는", "아바타입니다.", "만나서", "반갑습니다."]
    assert en.words[5].written == "avatar." and en.words[-1].display == "you!"
    assert spoken[2].words[3].written == "it —" and spoken[3].words[1].written == "好，"


def test_merged_words_share_their_phonemes(spoken):
    """eSpeak says 'I am' as one word event: each still covers its own part."""
    words = spoken[1].words
    i_, am = words[2], words[3]
    assert i_.end == pytest.approx(am.start) and am.end - am.start > 0.08


@pytest.mark.parametrize("lang", list(SAMPLE_TEXT))
def test_sample_texts_have_all_their_words(speeches, lang):
    s = speeches[lang]
    assert [w.text for w in s.words] == [t.core(SAMPLE_TEXT[lang]) for t in tokenize(SAMPLE_TEXT[lang])]
    _check_timing(s)


def test_tokenize_edge_cases():
    text = "— «Hi», he said… 안녕! 中国菜。"
    assert [t.core(text) for t in tokenize(text)] == ["Hi", "he", "said", "안녕", "中", "国", "菜"]
    assert [t.written(text) for t in tokenize(text)][:3] == ["— «Hi»,", "he", "said…"]
    assert tokenize("  ... !! ") == []


def test_words_survive_voice_matching_and_streaming():
    from studio.profile.model import VoiceProfile
    from studio.speech.say import speak_stream
    from studio.speech.types import Speech
    d = ExternalDynamic(voice_profile=VoiceProfile(median_pitch_hz=200.0, formant_shift=1.15))
    joined = Speech.concat(list(speak_stream("Hello there, I am here. Nice to meet you!", d)))
    assert [w.written for w in joined.words] == ["Hello", "there,", "I", "am", "here.",
                                                 "Nice", "to", "meet", "you!"]
    assert [w.sentence_index for w in joined.words] == [0] * 5 + [1] * 4
    _check_timing(joined)


def test_joined_independent_speeches_keep_sentences_apart(spoken):
    from studio.speech.types import Speech
    joined = Speech.concat([spoken[0], spoken[1]])      # ko (2 sentences) + en (2 sentences)
    assert [w.sentence_index for w in joined.words] == [0, 0, 0, 1, 1] + [2] * 6 + [3] * 4
    _check_timing(joined)


def test_abbreviations_do_not_end_sentences():
    from studio.speech.text import sentences
    assert sentences("I met Mr. Smith and Dr. J. Watson, e.g. at noon. Then we left!") == \
        ["I met Mr. Smith and Dr. J. Watson, e.g. at noon.", "Then we left!"]
