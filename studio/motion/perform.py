"""Every input kind → a `Performance`: the one builder that the studio, the commands, the live
session, the chat, dubbing and the export benchmark call (docs/ARCHITECTURE.md, *The
performance builder*).

- `from_text`: the profile's voice says a text; the mouth follows its timed phonemes.
- `from_audio`: a recording; the mouth follows the sound alone (audio lip-sync).
- `from_turn`: a chat reply, with the expression, intensity and emotion its turn was given.
- `from_video`: a driving clip's tracked motion and its audio (`drive.DrivenPerformance`).
- `from_speech`: the body the first three share, for speech that is already at hand.

The speech kinds return `Performed(performance, speech)`, which unpacks as a pair; the speech
carries the word timings that subtitles and captions need. Motion sits beside speech in the
layers (above the renderer), so this module may call `studio.speech` directly.
"""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Callable, NamedTuple

from studio.motion.performance import Performance


class Performed(NamedTuple):
    performance: Performance
    speech: object          # studio.speech.types.Speech: samples, and words when spoken


def spoken(profile, text: str, language: str | None = None,
           cancel: threading.Event | None = None):
    """The Speech of `text` in the profile's voice; `language` defaults to the voice's."""
    from studio.speech.say import speak
    return speak(text, profile.dynamic, profile.internal, language=language or None, cancel=cancel)


def heard(path: str | Path, language: str = ""):
    """The Speech of the recording at `path`: samples only, no phonemes or words. UserError
    for a silent file (it would animate nothing), as for a missing or unreadable one."""
    from studio.speech.audio_io import load_audio
    from studio.speech.types import Speech
    samples, rate = load_audio(path, require_sound=True)
    return Speech(samples, rate, language=language or "")


def from_speech(profile, speech, heard_only: bool = False, expression: str | None = None,
                intensity: float | None = None, duration: float | None = None) -> Performed:
    """`speech` performed: its audio, its mouth track (from the samples alone when
    `heard_only`), the expression (`expression`/`intensity`, else the profile's own, keyframes
    included), emotion, idle motion and speech gestures. `duration` defaults to the speech's."""
    from studio.motion.performance import build_performance, mouth_track
    track = mouth_track(profile.dynamic, speech, heard=True) if heard_only else None
    return Performed(build_performance(profile, speech=speech, track=track, expression=expression,
                                       intensity=intensity, duration=duration), speech)


def from_text(profile, text: str, language: str | None = None, expression: str | None = None,
              intensity: float | None = None, *, duration: float | None = None,
              cancel: threading.Event | None = None) -> Performed:
    """`text` spoken and performed. UserError for text the voice cannot say; Cancelled when
    `cancel` is set during synthesis."""
    return from_speech(profile, spoken(profile, text, language, cancel), expression=expression,
                       intensity=intensity, duration=duration)


def from_audio(profile, path: str | Path, language: str = "", expression: str | None = None,
               intensity: float | None = None) -> Performed:
    """The recording at `path` performed, lip-synced to its sound."""
    return from_speech(profile, heard(path, language), heard_only=True, expression=expression,
                       intensity=intensity)


def from_turn(profile, turn, internal_now=None, cancel: threading.Event | None = None) -> Performed:
    """A chat turn (`studio.persona.dialogue.Turn` or anything with its text, language,
    expression and intensity) performed. `internal_now` (the emotion at that turn, e.g.
    `Conversation.internal_now()`) sets the voice prosody and the emotion layer of the face."""
    if internal_now is not None:
        profile = dataclasses.replace(profile, internal=internal_now)
    return from_text(profile, turn.text, turn.language, turn.expression, turn.intensity,
                     cancel=cancel)


def from_video(path: str | Path, *, sensitivity: float = 1.0,
               progress: Callable[[float], None] | None = None,
               cancel: threading.Event | None = None):
    """A driving clip performed: its face's tracked motion (relative to the clip's own
    neutral) and its audio, as a `drive.DrivenPerformance`."""
    from studio.motion.drive import DrivenPerformance, read_audio, track_video
    track, duration = track_video(path, sensitivity=sensitivity, progress=progress, cancel=cancel)
    return DrivenPerformance(duration=duration, track=track, audio=read_audio(path))
