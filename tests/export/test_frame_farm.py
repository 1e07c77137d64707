"""Frames of an export rendered in two processes (`studio.export.frame_farm`): the helper
draws the same pixels as this process, frames arrive in order, and an export whose helper
dies or cannot start still gets every frame."""
from __future__ import annotations

import os
import signal

import numpy as np
import pytest

from studio.export import frame_farm
from studio.render import helper_process

N = 40
SIZE = 128


def _pose(i: int) -> dict:
    return {"jawOpen": 0.5 + 0.4 * np.sin(i / 3), "headYaw": 0.2 * np.cos(i / 5),
            "eyeBlinkLeft": float(i % 9 == 0)}


def _reference(engine) -> list[np.ndarray]:
    return [engine.render(_pose(i), size=SIZE) for i in range(N)]


def _collect(engine, on_frame=None, check=lambda: None):
    got: list[tuple[int, np.ndarray]] = []

    def deliver(i, frame):
        got.append((i, frame))
        if on_frame:
            on_frame(i)
    frame_farm.render_in_order(engine, _pose, N, SIZE, deliver, check)
    return got


@pytest.fixture
def helper(monkeypatch):
    """A prestarted helper (whatever this machine's cores), handed to the next export."""
    monkeypatch.setattr(helper_process, "cores", lambda: 2)
    monkeypatch.delenv("AVATAR_STUDIO_RENDER_HELPER", raising=False)
    frame_farm.prestart()
    assert len(frame_farm._prestarted) == 1
    h = frame_farm._prestarted[0]
    yield h
    frame_farm._prestarted.clear()
    h.close()


def test_the_helper_draws_the_same_frames_in_order(engine, helper):
    counted = {"here": 0}
    real = frame_farm._Farm._render_here

    def render_here(farm, chunk):
        counted["here"] += len([i for i in chunk if i >= farm.nxt and i not in farm.ready])
        real(farm, chunk)
    frame_farm._Farm._render_here = render_here
    try:
        # this process waits for the helper to have its engine (which it reads once its
        # imports are done): the helper's share does not depend on how busy the machine is
        got = _collect(engine, check=lambda: helper.engine_sent.wait(60))
    finally:
        frame_farm._Farm._render_here = real
    assert [i for i, _ in got] == list(range(N))
    for (_, frame), ref in zip(got, _reference(engine)):
        assert np.array_equal(frame, ref)
    assert counted["here"] < N                    # the helper rendered some of them
    assert not helper.process.is_alive()          # closed with its export


def test_a_helper_that_dies_midway_leaves_no_frame_missing(engine, helper):
    def kill_at(i):
        if i == 7 and helper.process.is_alive():
            os.kill(helper.process.pid, signal.SIGKILL)
    got = _collect(engine, kill_at)
    assert [i for i, _ in got] == list(range(N))
    for (_, frame), ref in zip(got, _reference(engine)):
        assert np.array_equal(frame, ref)


def test_an_engine_that_cannot_be_copied_renders_here_alone(engine, helper):
    class Unpicklable:
        def __init__(self, inner):
            self.inner, self.lock = inner, __import__("threading").Lock()

        def render(self, pose, size):
            return self.inner.render(pose, size=size)
    got = _collect(Unpicklable(engine))
    assert [i for i, _ in got] == list(range(N))


def test_no_helper_where_it_must_not_run(monkeypatch):
    monkeypatch.setattr(helper_process, "cores", lambda: 2)
    monkeypatch.setenv("AVATAR_STUDIO_RENDER_HELPER", "0")
    assert not helper_process.allowed()
    monkeypatch.delenv("AVATAR_STUDIO_RENDER_HELPER")
    assert helper_process.allowed()
    monkeypatch.setattr(helper_process, "cores", lambda: 1)
    assert not helper_process.allowed()
    assert frame_farm._take_helper(10_000) is None
