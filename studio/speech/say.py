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


def speak(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
          language: str | None = None, cancel: threading.Event | None = None,
          speaker_wav=None) -> Speech:
    """The avatar saying `text`: N float32 mono samples with timed phonemes and words.
    UserError for empty/too long text or a language the voice cannot speak.
    `speaker_wav`: path of the voice sample (e.g. `project.asset_path(dynamic.voice_sample)`)
    for engines that clone voices (Coqui XTTS); eSpeak uses the measured voice profile."""
    engine = engine_for(dynamic.voice_engine, speaker_wav)
    settings, plan = voice_plan(dynamic, internal, language)
    speech = engine.synthesize(text, settings, cancel)
    if plan is not None:                       # one closed-loop pitch correction
        from studio.speech.pitch import median_pitch
        from studio.speech.voice_match import corrected_settings
        better = corrected_settings(settings, plan, median_pitch(speech.samples, speech.sample_rate))
        if better is not None:
            speech = engine.synthesize(text, better, cancel)
    return _shape(speech, plan)


def speak_stream(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
                 language: str | None = None, cancel: threading.Event | None = None,
                 speaker_wav=None) -> Iterator[Speech]:
    """Like `speak`, sentence by sentence (first audio after one sentence's work; no
    closed-loop pitch correction)."""
    engine = engine_for(dynamic.voice_engine, speaker_wav)
    settings, plan = voice_plan(dynamic, internal, language)
    chunks = engine.stream(text, settings, cancel)
    return (_shape(c, plan) for c in chunks)
