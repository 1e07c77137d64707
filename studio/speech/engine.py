"""The TTS engine contract (docs/ARCHITECTURE.md, *Speech*): text in, `Speech` out.

Engines (eSpeak NG by default, Coqui as an optional extra) implement `TTSEngine`; the registry
`engine_for(name)` picks one by the profile's `dynamic.voice_engine`.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Iterator, Protocol, runtime_checkable

from studio.errors import UserError
from studio.speech.types import Speech


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak. `rate` in words/min (80..450), `pitch` and `pitch_range` 0..100
    (eSpeak's scale, 50 = the voice's default), `volume` 0..2 (1 = normal)."""
    language: str = "en"
    voice: str = ""          # engine-specific voice name; "" = the language's default
    rate: float = 175.0
    pitch: float = 50.0
    pitch_range: float = 50.0
    volume: float = 1.0


@dataclass(frozen=True)
class Voice:
    name: str
    identifier: str
    languages: tuple[str, ...]


@runtime_checkable
class TTSEngine(Protocol):
    name: str

    def languages(self) -> list[str]:
        """Language codes this engine can speak."""

    def voices(self) -> list[Voice]:
        """Voices available (name, identifier, languages)."""

    def synthesize(self, text: str, settings: VoiceSettings,
                   cancel: threading.Event | None = None) -> Speech:
        """The whole text as one `Speech` (UserError for bad text or language)."""

    def stream(self, text: str, settings: VoiceSettings,
               cancel: threading.Event | None = None) -> Iterator[Speech]:
        """The text sentence by sentence, so the first audio is ready quickly."""


ENGINES = ("espeak", "coqui")


def engine_for(name: str, speaker_wav=None) -> TTSEngine:
    """The engine named in the profile ('espeak' or 'coqui'); UserError for others.
    `speaker_wav` (path of the user's voice sample) lets Coqui XTTS clone the voice."""
    key = (name or "espeak").lower()
    if key == "espeak":
        from studio.speech.espeak import ESpeakEngine
        return ESpeakEngine()
    if key == "coqui":
        from studio.speech.coqui import CoquiEngine
        return CoquiEngine(speaker_wav=speaker_wav)
    raise UserError(f"unknown voice engine {name!r}; choose one of: {', '.join(ENGINES)}")
