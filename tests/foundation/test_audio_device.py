"""The sound card library is imported once per process: a machine without PortAudio pays
for the library search once, not each time the avatar starts to speak."""
from __future__ import annotations

import builtins

import pytest

import studio.audio_device as audio_device


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(audio_device, "_outcome", [])
    return audio_device


def test_a_failed_import_is_remembered_and_raised_the_same_way_each_time(fresh, monkeypatch):
    calls = []
    real_import = builtins.__import__

    def importer(name, *args, **kwargs):
        if name == "sounddevice":
            calls.append(name)
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", importer)
    for _ in range(3):
        with pytest.raises(OSError, match="PortAudio library not found"):
            fresh.sounddevice()
    assert calls == ["sounddevice"]


def test_warm_up_imports_on_a_background_thread_and_later_calls_reuse_it(fresh):
    thread = fresh.warm_up()
    thread.join(30)
    assert not thread.is_alive() and len(fresh._outcome) == 1
    outcome = fresh._outcome[0]
    if isinstance(outcome, BaseException):       # no PortAudio here: the same error again
        with pytest.raises(type(outcome)):
            fresh.sounddevice()
    else:
        assert fresh.sounddevice() is outcome
