"""The default TTS engine: eSpeak NG through ctypes (`espeak_lib`).

Long text is split into sentences (`text.sentences`) and synthesized one at a time, so
`stream()` hands out the first sentence's audio after a few milliseconds. Letters in a script
the chosen voice cannot read are given to a voice that can (`text.script_runs`); text that is
mostly in one other language's script is refused with that language to choose instead.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

import numpy as np

from studio.errors import Cancelled, UserError
from studio.speech import text as textmod
from studio.speech.engine import Voice, VoiceSettings
from studio.speech.espeak_lib import RawEvent, library
from studio.speech.types import PhonemeEvent, Speech
from studio.speech.words import align_words
from studio.speech.viseme_tables import INHERIT, LANGUAGES as TABLE_LANGUAGES, strip_stress, viseme_of

ALIASES = {"zh": "cmn", "zh-cmn": "cmn", "zh-yue": "yue", "kr": "ko", "jp": "ja"}
LANGUAGE_NAMES = {"en": "English", "en-us": "English (US)", "ko": "Korean", "es": "Spanish",
                  "ja": "Japanese", "cmn": "Chinese (Mandarin)", "fr": "French", "de": "German"}
_RUN_GAP_S = 0.04   # pause kept between runs of one sentence spoken by different voices


@lru_cache(maxsize=1)
def _language_map() -> dict[str, str]:
    """language code → eSpeak voice identifier (a voice whose primary language it is wins)."""
    best: dict[str, tuple[tuple, str]] = {}
    for v in library().voices:
        own = v.identifier.split("/")[-1].lower()
        for rank, lang in enumerate(v.languages):
            key = lang.lower()
            score = (own != key, rank, len(v.identifier))   # 'en' → gmw/en, not gmw/en-029
            if key not in best or score < best[key][0]:
                best[key] = (score, v.identifier)
    return {k: ident for k, (_, ident) in best.items()}


def resolve_language(language: str | None) -> str:
    """Normalise a language code ('zh' → 'cmn', 'EN-US' → 'en-us'); UserError if eSpeak
    has no voice for it (the message lists the languages with lip-sync tables)."""
    code = (language or "en").strip().lower().replace("_", "-")
    code = ALIASES.get(code, code)
    if code not in _language_map():
        listed = ", ".join(f"{c} ({LANGUAGE_NAMES[c]})" for c in TABLE_LANGUAGES)
        raise UserError(f"no voice for language {language!r}; available: {listed} "
                        f"(and {len(_language_map()) - len(TABLE_LANGUAGES)} more eSpeak languages)")
    return code


def _check_script(text: str, language: str) -> list[str]:
    """UserError when most letters belong to one other language (whose voice is then named);
    else warnings. Refusing only a *single* dominant language keeps the advice consistent:
    the language suggested always accepts the text, and an even mix of scripts is spoken."""
    runs = textmod.script_runs(text, language)
    letters = lambda s: sum(ch.isalpha() for ch in s)   # noqa: E731
    total = max(1, letters(text))
    foreign = [(v, t) for v, t in runs if v != language]
    # Kanji belong to Japanese text even though eSpeak reads them with Mandarin (warned below).
    kin = {"cmn"} if language.split("-")[0] == "ja" else set()
    by_language: dict[str, int] = {}
    for v, t in foreign:
        if v not in kin:
            by_language[v] = by_language.get(v, 0) + letters(t)
    other = max(by_language, key=by_language.get, default=None)
    if other is not None and by_language[other] / total > 0.5:
        name = LANGUAGE_NAMES.get(language, language)
        raise UserError(f"the {name} voice cannot read this text, which is mostly "
                        f"{LANGUAGE_NAMES.get(other, other)}: choose language {other!r} "
                        f"(available: {', '.join(TABLE_LANGUAGES)})")
    warnings = []
    if language == "ja" and any(v == "cmn" for v, _ in runs):
        warnings.append("eSpeak's Japanese voice reads kana only: kanji were read with the "
                        "Mandarin voice — write them in kana for Japanese readings")
    elif foreign:
        langs = sorted({v for v, _ in foreign})
        warnings.append("parts in other scripts were read with the voice for "
                        + ", ".join(LANGUAGE_NAMES.get(c, c) for c in langs))
    return warnings


def _events_to_speech(samples: np.ndarray, events: list[RawEvent], text: str, language: str,
                      rate: int) -> Speech:
    """int16 samples + raw eSpeak events → Speech (times in seconds)."""
    audio = samples.astype(np.float32) / 32768.0
    dur = len(audio) / rate
    ph = [(min(e.sample / rate, dur), e.name) for e in events
          if e.kind == "phoneme" and not e.name.startswith("(")]
    phonemes: list[PhonemeEvent] = []
    for i, (start, name) in enumerate(ph):
        end = ph[i + 1][0] if i + 1 < len(ph) else dur
        if end <= start:
            continue
        vis = viseme_of(language, name)
        if strip_stress(name) in INHERIT and i + 1 < len(ph):
            nxt = viseme_of(language, ph[i + 1][1])
            vis = nxt[0] if isinstance(nxt, tuple) else nxt
        if isinstance(vis, tuple):               # diphthong: two shapes in sequence
            mid = start + 0.55 * (end - start)
            phonemes += [PhonemeEvent(start, mid, name, vis[0]), PhonemeEvent(mid, end, name, vis[1])]
        else:
            phonemes.append(PhonemeEvent(start, end, name, vis))
    spans = [(start, ph[i + 1][0] if i + 1 < len(ph) else dur, viseme_of(language, name) != "sil")
             for i, (start, name) in enumerate(ph)]
    word_events = [(min(e.sample / rate, dur), e.text_pos - 1) for e in events if e.kind == "word"]
    words = align_words(text, word_events, spans, dur)
    return Speech(audio, rate, tuple(phonemes), tuple(words), language)


def _trim_tail(speech: Speech, keep: float) -> Speech:
    """Cut trailing pause down to `keep` seconds (between runs of one sentence)."""
    last = max((p.end for p in speech.phonemes if p.viseme != "sil"), default=speech.duration)
    end = min(speech.duration, last + keep)
    n = int(round(end * speech.sample_rate))
    ph = tuple(p for p in speech.phonemes if p.start < end)
    ph = ph[:-1] + (PhonemeEvent(ph[-1].start, min(ph[-1].end, end), ph[-1].phoneme, ph[-1].viseme),) if ph else ph
    return Speech(speech.samples[:n], speech.sample_rate, ph, speech.words, speech.language)


class ESpeakEngine:
    """eSpeak NG behind the `TTSEngine` protocol. Cheap to construct; the library is shared."""
    name = "espeak"

    def languages(self) -> list[str]:
        return sorted(_language_map())

    def voices(self) -> list[Voice]:
        return [Voice(v.name, v.identifier, v.languages) for v in library().voices]

    @property
    def sample_rate(self) -> int:
        return library().sample_rate

    def synthesize(self, text: str, settings: VoiceSettings,
                   cancel: threading.Event | None = None) -> Speech:
        chunks = list(self.stream(text, settings, cancel))
        return Speech.concat(chunks)

    def stream(self, text: str, settings: VoiceSettings,
               cancel: threading.Event | None = None) -> Iterator[Speech]:
        """Per-sentence `Speech` chunks. Text and language are checked before the first
        chunk is made, so errors surface at once (this is a generator: call next())."""
        language = resolve_language(settings.language)
        cleaned = textmod.check_text(text)
        warnings = _check_script(cleaned, language)
        return self._generate(textmod.sentences(cleaned), language, settings, warnings, cancel)

    def _generate(self, sentences, language, settings, warnings, cancel) -> Iterator[Speech]:
        for index, sentence in enumerate(sentences):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            runs = textmod.script_runs(sentence, language)
            parts = [self._synth_run(t, lang, self._voice_for(lang, language, settings), settings)
                     for lang, t in runs]
            parts = [_trim_tail(p, _RUN_GAP_S) for p in parts[:-1]] + parts[-1:]
            chunk = Speech.concat(parts) if len(parts) > 1 else parts[0]
            words = tuple(replace(w, sentence_index=index) for w in chunk.words)
            yield Speech(chunk.samples, chunk.sample_rate, chunk.phonemes, words, language,
                         {"engine": "espeak", "text": sentence, "warnings": tuple(warnings)})

    @staticmethod
    def _voice_for(run_language: str, language: str, s: VoiceSettings) -> str:
        """The chosen voice for the main language; for runs in other scripts, that
        language's voice with the same variant (+f3 …) so the speaker stays alike."""
        if run_language == language and s.voice:
            return s.voice
        variant = s.voice.partition("+")[2] if s.voice else ""
        base = _language_map().get(run_language) or _language_map()[language]
        return base + ("+" + variant if variant else "")

    def _synth_run(self, text: str, language: str, voice: str, s: VoiceSettings) -> Speech:
        lib = library()
        clip = lambda x, lo, hi: int(round(min(max(x, lo), hi)))   # noqa: E731
        samples, events = lib.synth(text, voice, clip(s.rate, 80, 450), clip(s.pitch, 0, 100),
                                    clip(s.pitch_range, 0, 100), clip(s.volume * 100, 0, 200))
        if len(samples) == 0:
            samples = np.zeros(int(0.05 * lib.sample_rate), np.int16)
        return _events_to_speech(samples, events, text, language, lib.sample_rate)
