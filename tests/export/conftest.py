"""Shared, session-scoped avatar pieces for the export tests (built once: MediaPipe and eSpeak
are the expensive parts)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine(astronaut_png):
    """A real AvatarEngine on the astronaut portrait."""
    from studio.quiet import native_stderr_to_log
    from studio.render.engine import AvatarEngine
    with native_stderr_to_log():
        return AvatarEngine.from_photo(astronaut_png)


@pytest.fixture(scope="session")
def profile():
    from studio.profile.model import DigitalHuman, replace_in
    return replace_in(DigitalHuman(), "privacy", ai_badge_visible=True)


@pytest.fixture(scope="session")
def speech_ko(profile):
    """Real eSpeak Korean speech with word timings."""
    from studio.speech.say import speak
    return speak("안녕하세요. 반갑습니다.", profile.dynamic, profile.internal, language="ko")


@pytest.fixture(scope="session")
def speech_en(profile):
    from studio.speech.say import speak
    return speak("Hello there. Nice to meet you, my friend.", profile.dynamic, profile.internal,
                 language="en")


@pytest.fixture(scope="session")
def talk_ko(profile, speech_ko):
    """A real talking performance (visemes, idle, emotion) of the Korean speech."""
    from studio.motion.performance import build_performance
    return build_performance(profile, speech=speech_ko)
