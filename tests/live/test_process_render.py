"""The preview's render function with a helper process (`studio.runtime.process_render`):
the helper draws the pixels the engine here would, follows appearance edits, and when it
stops (or is not wanted) frames come from this process again."""
from __future__ import annotations

import dataclasses
import os
import signal

import numpy as np
import pytest

from studio.render import helper_process
from studio.runtime.process_render import ProcessRender

POSES = [{}, {"jawOpen": 0.7, "headYaw": 0.3}, {"eyeBlinkLeft": 1.0, "mouthSmileLeft": 0.8}]


@pytest.fixture(scope="module")
def engine(astronaut_png):
    from studio.quiet import native_stderr_to_log
    from studio.render.engine import AvatarEngine
    with native_stderr_to_log():
        return AvatarEngine.from_photo(astronaut_png)


@pytest.fixture
def attached(engine, monkeypatch):
    monkeypatch.setattr(helper_process, "allowed", lambda: True)
    render = ProcessRender(engine)
    assert render.attach_helper() and not render.in_process
    yield render
    render.close()


def test_the_helper_draws_what_the_engine_here_draws(engine, attached):
    for pose in POSES:
        assert np.array_equal(attached(pose, 128), engine.render(pose, size=128))
    assert attached.frames_in_helper == len(POSES)


def test_an_appearance_edit_reaches_the_helper(engine, attached):
    before = engine.static
    edited = dataclasses.replace(before, skin_tone=0.6, zoom=1.3)
    try:
        attached.set_static(edited)
        frame = attached(POSES[1], 128)            # applied here and there before this frame
        assert engine.static is edited and attached.frames_in_helper == 1
        assert np.array_equal(frame, engine.render(POSES[1], size=128))
    finally:
        engine.set_static(before)


def test_a_helper_that_dies_leaves_the_frames_to_this_process(engine, attached):
    os.kill(attached.helper.process.pid, signal.SIGKILL)
    attached.helper.process.join(10)
    frame = attached(POSES[2], 128)
    assert attached.in_process
    assert np.array_equal(frame, engine.render(POSES[2], size=128))


def test_no_helper_when_it_is_not_wanted(engine, monkeypatch):
    monkeypatch.setenv("AVATAR_STUDIO_RENDER_HELPER", "0")
    assert not helper_process.allowed()
    render = ProcessRender(engine)
    assert not render.attach_helper() and render.in_process
    assert np.array_equal(render(POSES[1], 96), engine.render(POSES[1], size=96))
    assert render.frames_in_helper == 0
