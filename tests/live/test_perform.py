"""The performance builder (studio/motion/perform.py): each input kind through the one body."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.errors import Cancelled, UserError
from studio.motion.perform import from_audio, from_speech, from_text, spoken
from studio.profile.model import DigitalHuman
from studio.speech.audio_io import save_wav

TEXT = "Hello there, this is the builder speaking."


def _jaw(perf, fps=30):
    return np.array([perf.pose_at(t).get("jawOpen", 0.0) for t in perf.frame_times(fps)])


def test_text_is_spoken_with_the_expression_asked_for():
    profile = DigitalHuman()
    perf, speech = from_text(profile, TEXT, "en", "happy", 0.5)
    assert speech.words and perf.duration == pytest.approx(speech.duration)
    assert np.array_equal(perf.audio, np.asarray(speech.samples, np.float32))
    assert perf.expression.get("mouthSmileLeft", 0.0) > 0.1
    assert _jaw(perf).max() > 0.2
    plain = from_speech(profile, speech).performance     # the same speech, the profile's face
    assert plain.expression.get("mouthSmileLeft", 0.0) < perf.expression["mouthSmileLeft"]
    assert np.array_equal(_jaw(plain), _jaw(perf))


def test_a_recording_moves_the_mouth_from_its_sound(tmp_path):
    profile = DigitalHuman()
    speech = spoken(profile, TEXT, "en")
    wav = save_wav(tmp_path / "voice.wav", speech.samples, speech.sample_rate)
    perf, heard = from_audio(profile, wav, "en")
    assert heard.words == () and heard.language == "en"
    assert perf.duration == pytest.approx(speech.duration, abs=0.01)
    jaw = _jaw(perf)
    assert jaw.max() > 0.2 and jaw[:3].max() < jaw.max()


def test_a_silent_recording_is_refused(tmp_path):
    wav = save_wav(tmp_path / "quiet.wav", np.zeros(48000, np.float32), 48000)
    with pytest.raises(UserError):
        from_audio(DigitalHuman(), wav)


def test_a_cancelled_synthesis_builds_nothing():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        from_text(DigitalHuman(), TEXT, "en", cancel=cancel)
