"""Real eSpeak NG speech in every offered language, and bad text."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.errors import Cancelled, UserError
from studio.speech.engine import TTSEngine, VoiceSettings
from studio.speech.espeak import ESpeakEngine, resolve_language
from studio.speech.viseme_tables import LANGUAGES
from studio.speech.sample_text import SAMPLE_TEXT as SENTENCES


def test_engine_meets_protocol_and_lists_languages():
    engine = ESpeakEngine()
    assert isinstance(engine, TTSEngine)
    langs = engine.languages()
    for code in ("en", "en-us", "ko", "es", "ja", "cmn", "fr", "de"):
        assert code in langs
    assert resolve_language("zh") == "cmn"
    assert any("Korean" in v.name for v in engine.voices())


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_speech_in_each_language(speeches, lang):
    s = speeches[lang]
    chars = len(SENTENCES[lang])
    # plausible duration: Latin script ~12-20 chars/s, CJK ~3-8 chars/s
    per_s = chars / s.duration
    assert (8 < per_s < 25) if lang not in ("ko", "ja", "cmn") else (2 < per_s < 12), per_s
    assert s.samples.dtype == np.float32 and np.abs(s.samples).max() <= 1.0
    assert np.sqrt(np.mean(s.samples ** 2)) > 0.02          # not silent
    starts = [p.start for p in s.phonemes]
    assert starts == sorted(starts)                         # monotonic
    assert all(0 <= p.start < p.end <= s.duration + 1e-6 for p in s.phonemes)
    spoken = [p for p in s.phonemes if p.viseme != "sil"]
    assert len(spoken) > chars / (4 if lang in ("en", "en-us", "es", "fr", "de") else 1.5)
    assert s.words and all(w.start < w.end <= s.duration + 1e-6 for w in s.words)
    # the audio is loud where phonemes are spoken and quiet in the leading/trailing pause
    sr = s.sample_rate
    loud = np.concatenate([s.samples[int(p.start * sr):int(p.end * sr)]
                           for p in spoken if p.viseme in ("aa", "E", "oh")])
    assert np.sqrt(np.mean(loud ** 2)) > 0.05


def test_word_events_carry_the_text(speeches):
    words = [w.text for w in speeches["en"].words]
    assert words[:4] == ["The", "quick", "brown", "fox"]
    assert "반갑습니다" in [w.text for w in speeches["ko"].words]


def test_rate_pitch_volume_change_the_audio():
    engine = ESpeakEngine()
    text = "This sentence is spoken at different settings."
    base = engine.synthesize(text, VoiceSettings(rate=175))
    fast = engine.synthesize(text, VoiceSettings(rate=350))
    quiet = engine.synthesize(text, VoiceSettings(volume=0.3))
    assert fast.duration < 0.7 * base.duration
    rms = lambda s: float(np.sqrt(np.mean(s.samples ** 2)))   # noqa: E731
    assert rms(quiet) < 0.5 * rms(base)
    from studio.speech.pitch import median_pitch
    low = engine.synthesize(text, VoiceSettings(pitch=10))
    high = engine.synthesize(text, VoiceSettings(pitch=90))
    assert median_pitch(high.samples, high.sample_rate) > 1.3 * median_pitch(low.samples, low.sample_rate)


def test_long_text_streams_sentence_by_sentence():
    engine = ESpeakEngine()
    text = "This is sentence number one. " * 70          # ~2,000 characters
    gen = engine.stream(text, VoiceSettings())
    first = next(gen)
    assert 0.5 < first.duration < 4 and first.meta["text"].startswith("This is sentence")
    assert sum(1 for _ in gen) == 69


def test_pause_at_punctuation():
    engine = ESpeakEngine()
    s = engine.synthesize("Yes, no. Maybe", VoiceSettings())
    pauses = [p.end - p.start for p in s.phonemes if p.viseme == "sil" and p.start > 0.05
              and p.end < s.duration - 0.05]
    assert pauses and max(pauses) >= 0.1


@pytest.mark.parametrize("text", ["", "   \n\t ", "👍🎉😀", "★☆♥"])
def test_nothing_to_say(text):
    with pytest.raises(UserError, match="nothing to say"):
        ESpeakEngine().synthesize(text, VoiceSettings())


def test_too_long_text_is_refused_quickly():
    with pytest.raises(UserError, match="limit is 20,000"):
        next(ESpeakEngine().stream("a" * 100_000, VoiceSettings()))


def test_unknown_language_lists_languages():
    with pytest.raises(UserError) as err:
        ESpeakEngine().synthesize("hello", VoiceSettings(language="xx"))
    for code in LANGUAGES:
        assert code in str(err.value)


def test_text_in_a_script_the_voice_cannot_read():
    with pytest.raises(UserError, match="choose language 'ko'"):
        ESpeakEngine().synthesize("안녕하세요, 반갑습니다", VoiceSettings(language="en"))


def test_mixed_scripts_and_emoji_are_spoken():
    s = ESpeakEngine().synthesize("안녕하세요 😀! Hello, 世界 ✨ 반갑습니다.", VoiceSettings(language="ko"))
    assert s.duration > 1.5 and s.meta["warnings"]
    assert {"안녕하세요", "Hello", "반갑습니다"} <= {w.text for w in s.words}


def test_foreign_runs_use_their_own_language_voice():
    """With an English voice chosen, Korean words are still read by the Korean voice."""
    s = ESpeakEngine().synthesize("Hello 안녕하세요 my friend!", VoiceSettings(voice="gmw/en-US+f3"))
    assert "안녕하세요" in [w.text for w in s.words] and "Korean" in s.meta["warnings"][0]
    word = next(w for w in s.words if w.text == "안녕하세요")
    alone = ESpeakEngine().synthesize("안녕하세요", VoiceSettings(language="ko"))
    # an English voice would spell "Korean letter" five times (seconds); Korean says it in ~1 s
    assert word.end - word.start < 1.5 * alone.duration
    assert not [p for p in s.phonemes if p.phoneme.startswith("(")]   # no switch markers


def test_japanese_kanji_warns():
    s = ESpeakEngine().synthesize("こんにちは、元気ですか", VoiceSettings(language="ja"))
    assert any("kana" in w for w in s.meta["warnings"])


def test_cancel_stops_between_sentences():
    cancel = threading.Event()
    gen = ESpeakEngine().stream("One. Two. Three.", VoiceSettings(), cancel)
    next(gen)
    cancel.set()
    with pytest.raises(Cancelled):
        next(gen)


def test_engine_is_thread_safe():
    engine = ESpeakEngine()
    results, errors = [], []

    def work(lang, text):
        try:
            results.append(engine.synthesize(text, VoiceSettings(language=lang)).duration)
        except Exception as exc:   # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(lang, SENTENCES[lang])) for lang in ("en", "ko", "es", "de")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4 and min(results) > 1


def test_speak_stream_matches_speak():
    from studio.profile.model import ExternalDynamic
    from studio.speech.say import speak, speak_stream
    from studio.speech.types import Speech
    text = "First sentence here. Second one follows! And a third?"
    chunks = list(speak_stream(text, ExternalDynamic()))
    whole = speak(text, ExternalDynamic())
    joined = Speech.concat(chunks)
    assert len(chunks) == 3 and abs(joined.duration - whole.duration) < 0.1 * whole.duration
    assert [w.text for w in joined.words] == [w.text for w in whole.words]
    starts = [p.start for p in joined.phonemes]
    assert starts == sorted(starts) and joined.phonemes[-1].end <= joined.duration + 1e-6


@pytest.mark.parametrize("text", ["Hello 안녕하세요 こんにちは 你好 hola!",      # an even mix
                                  "こんにちは、Hello world です",
                                  "日本語を話します。東京大学"])                  # kanji-heavy Japanese
def test_script_advice_is_consistent(text):
    """Whatever language is refused, the one suggested accepts the text: the advice never
    sends the user round in circles (en → 'choose ko' → 'choose en')."""
    from studio.speech.espeak import _check_script
    from studio.speech.text import check_text
    cleaned = check_text(text)
    for language in ("en", "ko", "ja", "cmn"):
        try:
            _check_script(cleaned, language)
        except UserError as exc:
            suggested = str(exc).split("choose language '")[1].split("'")[0]
            _check_script(cleaned, suggested)            # must not raise


def test_even_mix_of_scripts_is_spoken_in_any_of_its_languages():
    text = "Hello 안녕하세요 こんにちは 你好 hola!"
    for language in ("en", "ko"):
        s = ESpeakEngine().synthesize(text, VoiceSettings(language=language))
        assert {"Hello", "안녕하세요", "hola"} <= {w.text for w in s.words}


def test_kanji_heavy_japanese_is_read_not_refused():
    s = ESpeakEngine().synthesize("日本語を話します。", VoiceSettings(language="ja"))
    assert s.duration > 0.5 and any("kana" in w for w in s.meta["warnings"])
