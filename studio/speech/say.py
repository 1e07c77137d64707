"""`speak()`: the profile's voice saying a text — engine, voice settings, voice-profile
matching and emotion prosody in one call (used by the performance, the CLI and the GUI)."""
from __future__ import annotations

import threading
from typing import Iterator

from studio.profile.model import ExternalDynamic, Internal
from studio.speech.engine import VoiceSettings, engine_for
from studio.speech.prosody import apply_prosody, prosody_for
from studio.speech.types import Speech


def _matching(dynamic: ExternalDynamic) -> bool:
    return (dynamic.match_voice_to_sample and dynamic.voice_profile.median_pitch_hz > 0
            and (dynamic.voice_engine or "espeak") == "espeak")


def voice_plan(dynamic: ExternalDynamic, internal: Internal | None = None,
               language: str | None = None):
    """(settings for the engine, voice-match plan or None): the profile's voice, moved
    towards its measured voice profile when matching is on, then the emotional prosody."""
    lang = language or dynamic.voice_language or (internal.language if internal else "") or "en"
    settings = VoiceSettings(language=lang, voice=dynamic.voice_name, rate=dynamic.voice_rate,
                             pitch=dynamic.voice_pitch, pitch_range=50.0,
                             volume=dynamic.voice_volume)
    plan = None
    if _matching(dynamic):
        from studio.speech.voice_match import plan_match
        plan = plan_match(settings, dynamic.voice_profile)
        settings = plan.settings
    return apply_prosody(settings, prosody_for(internal)), plan


def _shape(speech: Speech, plan) -> Speech:
    if plan is None:
        return speech
    from studio.speech.voice_match import apply_plan
    return apply_plan(speech, plan)


_MIN_VOICED_FRAMES = 25     # 0.25 s of voiced speech: enough for a trustworthy median pitch


def _pitch_corrected(engine, chunk: Speech, settings, plan, last, cancel):
    """(chunk, settings that corrected it): one closed-loop pitch step per sentence. A
    sentence's intonation moves its median pitch off the calibrated value; it is measured
    and the sentence re-synthesized with the pitch that hits the target. A sentence too short
    to measure reuses the previous sentence's correction (`last`)."""
    import dataclasses
    import numpy as np
    from studio.speech.pitch import pitch_track
    from studio.speech.voice_match import corrected_settings
    _, f0 = pitch_track(chunk.samples, chunk.sample_rate)
    voiced = f0[np.isfinite(f0)]
    if len(voiced) >= _MIN_VOICED_FRAMES:
        better = corrected_settings(settings, plan, float(np.median(voiced)))
        last = better
    else:
        better = last
    if better is None or "text" not in chunk.meta:
        return chunk, last
    redo = engine.synthesize(chunk.meta["text"], better, cancel)
    index = chunk.words[0].sentence_index if chunk.words else 0
    words = tuple(dataclasses.replace(w, sentence_index=index) for w in redo.words)
    return Speech(redo.samples, redo.sample_rate, redo.phonemes, words, chunk.language,
                  dict(chunk.meta)), last


def _chunks(engine, chunks: Iterator[Speech], settings, plan, cancel) -> Iterator[Speech]:
    """Sentence chunks, pitch-corrected and voice-shaped when a match plan is given."""
    last = None
    for chunk in chunks:
        if plan is not None:
            chunk, last = _pitch_corrected(engine, chunk, settings, plan, last, cancel)
        yield _shape(chunk, plan)


def speak(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
          language: str | None = None, cancel: threading.Event | None = None,
          speaker_wav=None) -> Speech:
    """The avatar saying `text`: N float32 mono samples with timed phonemes and words.
    UserError for empty/too long text or a language the voice cannot speak.
    `speaker_wav`: path of the voice sample (e.g. `project.asset_path(dynamic.voice_sample)`)
    for engines that clone voices (Coqui XTTS); eSpeak uses the measured voice profile.
    The same chunks as `speak_stream`, joined."""
    return Speech.concat(list(speak_stream(text, dynamic, internal, language, cancel, speaker_wav)))


def speak_stream(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
                 language: str | None = None, cancel: threading.Event | None = None,
                 speaker_wav=None) -> Iterator[Speech]:
    """Like `speak`, sentence by sentence (first audio after one sentence's work). Text and
    language errors are raised here, before the first chunk. With voice matching on, each
    sentence gets the closed-loop pitch correction (`_pitch_corrected`)."""
    engine = engine_for(dynamic.voice_engine, speaker_wav)
    settings, plan = voice_plan(dynamic, internal, language)
    return _chunks(engine, engine.stream(text, settings, cancel), settings, plan, cancel)
