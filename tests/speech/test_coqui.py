"""The optional Coqui adapter: a clear message where Coqui cannot load; real synthesis where
it can and the model files are present."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from studio.errors import UserError
from studio.profile.model import ExternalDynamic
from studio.speech.coqui import INSTALL_HINT, CoquiEngine, available, coqui_dir
from studio.speech.engine import TTSEngine, VoiceSettings, engine_for

COQUI_OK, WHY = available()


def test_engine_registry_knows_coqui_and_refuses_unknown():
    assert isinstance(engine_for("coqui"), TTSEngine)
    with pytest.raises(UserError, match="espeak, coqui"):
        engine_for("festival")


@pytest.mark.skipif(COQUI_OK, reason="Coqui imports here; the missing-package message cannot be checked")
def test_clear_message_when_coqui_is_missing():
    assert importlib.util.find_spec("TTS") is None or not COQUI_OK
    with pytest.raises(UserError) as err:
        CoquiEngine().synthesize("Hello there.", VoiceSettings())
    msg = str(err.value)
    assert INSTALL_HINT in msg and str(coqui_dir()) in msg and "espeak" in msg
    from studio.speech.say import speak
    with pytest.raises(UserError, match="avatar-studio\\[coqui\\]"):
        speak("Hello there.", ExternalDynamic(voice_engine="coqui"))


@pytest.mark.skipif(not COQUI_OK, reason=f"Coqui TTS does not import here: {WHY[:120]}")
def test_missing_model_files_are_named(tmp_path):
    with pytest.raises(UserError, match="model files are missing"):
        CoquiEngine(model_root=tmp_path).synthesize("Hello.", VoiceSettings())


@pytest.mark.skipif(not COQUI_OK or not (coqui_dir() / "xtts_v2" / "config.json").is_file(),
                    reason="Coqui or the XTTS-v2 model files are not installed here")
def test_xtts_speaks_with_visemes():
    from studio.speech.visemes import viseme_track
    s = CoquiEngine().synthesize("Hello, this is a test of the Coqui voice.", VoiceSettings())
    assert s.duration > 1 and np.sqrt(np.mean(s.samples ** 2)) > 0.01
    assert any(p.viseme != "sil" for p in s.phonemes)
    assert viseme_track(s, 30).column("jawOpen").max() > 0.2


def test_visemes_recovered_from_audio_follow_the_audio(speeches):
    """What Coqui speech gets instead of phoneme timings, checked on eSpeak audio."""
    from studio.speech.audio_lipsync import phonemes_from_audio
    from studio.speech.types import Speech
    a = speeches["en"]
    gap = np.zeros(int(0.4 * a.sample_rate), np.float32)
    s = Speech(np.concatenate([a.samples, gap, a.samples]), a.sample_rate)
    events = phonemes_from_audio(s.samples, s.sample_rate)
    assert any(e.viseme == "sil" and e.start <= a.duration + 0.05 and e.end >= a.duration + 0.35
               for e in events)
    assert events[0].start == 0 and all(a.end <= b.start + 1e-9 for a, b in zip(events, events[1:]))
    sr = s.sample_rate
    speaking = [e for e in events if e.viseme != "sil"]
    quiet = [e for e in events if e.viseme == "sil" and e.end - e.start > 0.1]
    rms = lambda es: np.sqrt(np.mean(np.concatenate([s.samples[int(e.start * sr):int(e.end * sr)] for e in es]) ** 2))  # noqa: E731
    assert speaking and quiet and rms(speaking) > 8 * rms(quiet)
