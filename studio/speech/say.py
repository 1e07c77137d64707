"""`speak()`: the profile's voice saying a text — engine, voice settings, voice-profile
matching and emotion prosody in one call (used by the performance, the CLI and the GUI)."""
from __future__ import annotations

import threading
from typing import Iterator

from studio.profile.model import ExternalDynamic, Internal
from studio.speech.engine import VoiceSettings, engine_for
from studio.speech.prosody import apply_prosody, prosody_for
from studio.speech.types import Speech


def voice_settings(dynamic: ExternalDynamic, internal: Internal | None = None,
                   language: str | None = None) -> VoiceSettings:
    """The settings `speak` uses: the profile's voice, then its measured voice profile
    (when matching is on), then the emotional prosody."""
    lang = language or dynamic.voice_language or (internal.language if internal else "") or "en"
    settings = VoiceSettings(language=lang, voice=dynamic.voice_name, rate=dynamic.voice_rate,
                             pitch=dynamic.voice_pitch, pitch_range=50.0,
                             volume=dynamic.voice_volume)
    if dynamic.match_voice_to_sample and dynamic.voice_profile.median_pitch_hz > 0:
        from studio.speech.voice_match import matched_settings
        settings = matched_settings(settings, dynamic.voice_profile)
    return apply_prosody(settings, prosody_for(internal))


def _shape(speech: Speech, dynamic: ExternalDynamic) -> Speech:
    """Timbre shaping towards the user's voice (spectral tilt, formants), when matching."""
    if dynamic.match_voice_to_sample and dynamic.voice_profile.median_pitch_hz > 0:
        from studio.speech.voice_match import shape_timbre
        return shape_timbre(speech, dynamic.voice_profile)
    return speech


def speak(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
          language: str | None = None, cancel: threading.Event | None = None) -> Speech:
    """The avatar saying `text`: N float32 mono samples with timed phonemes and words.
    UserError for empty/too long text or a language the voice cannot speak."""
    engine = engine_for(dynamic.voice_engine)
    speech = engine.synthesize(text, voice_settings(dynamic, internal, language), cancel)
    return _shape(speech, dynamic)


def speak_stream(text: str, dynamic: ExternalDynamic, internal: Internal | None = None,
                 language: str | None = None,
                 cancel: threading.Event | None = None) -> Iterator[Speech]:
    """Like `speak`, sentence by sentence (first audio after one sentence's work)."""
    engine = engine_for(dynamic.voice_engine)
    chunks = engine.stream(text, voice_settings(dynamic, internal, language), cancel)
    return (_shape(c, dynamic) for c in chunks)
