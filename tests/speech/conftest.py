"""Shared real eSpeak speech for the speech tests (synthesized once per session)."""
from __future__ import annotations

import pytest

from studio.speech.sample_text import SAMPLE_TEXT


@pytest.fixture(scope="session")
def speeches():
    """language → Speech of SAMPLE_TEXT[language] with default voice settings."""
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    engine = ESpeakEngine()
    return {lang: engine.synthesize(text, VoiceSettings(language=lang))
            for lang, text in SAMPLE_TEXT.items()}
