"""The render worker: newest frame wins, inputs are thread-safe, errors are events."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from studio.motion.clock import ManualClock
from studio.motion.idle import IdleSettings
from studio.motion.performance import Performance
from studio.params import INDEX, ParamTrack
from studio.runtime.render_worker import MAX_CONSECUTIVE_ERRORS, RenderWorker


def grey_render(pose, size):
    """Encodes jawOpen and headYaw in the pixels, so tests can read back what was rendered."""
    img = np.zeros((size, size, 4), np.uint8)
    img[..., 0] = int(round(pose.get("jawOpen", 0.0) * 255))
    img[..., 1] = int(round(128 + pose.get("headYaw", 0.0)))
    img[..., 3] = 255
    return img


def _perf():
    track = ParamTrack.zeros(1.0, 100)
    track.values[:, INDEX["jawOpen"]] = np.linspace(0, 1, len(track.values))
    return Performance(duration=1.0, track=track, idle=IdleSettings(blink_rate=0, head_sway=0,
                                                                   breathing=0, gaze_wander=0))


def test_step_renders_the_pose_at_the_clock_time():
    clock = ManualClock()
    w = RenderWorker(grey_render, _perf(), clock, size=8)
    for t in (0.0, 0.5, 1.0):
        clock.set(t)
        frame = w.step()
        assert frame.t == t
        assert frame.rgba.shape == (8, 8, 4)
        assert abs(frame.rgba[0, 0, 0] - round(t * 255)) <= 1
        assert not frame.rgba.flags.writeable


def test_newest_frame_wins_and_drops_are_counted():
    w = RenderWorker(grey_render, _perf(), ManualClock(0.25), size=4)
    for _ in range(5):
        w.step()
    frame = w.take_frame()
    assert frame.index == 4
    assert w.take_frame() is None
    assert w.stats.rendered == 5 and w.stats.dropped == 4


def test_live_inputs_and_size_change_apply_at_next_frame():
    w = RenderWorker(grey_render, _perf(), ManualClock(0.0), size=4)
    w.set_camera({"headYaw": 20.0, "jawOpen": 0.8}, stamp=time.perf_counter())
    w.set_size(6)
    f = w.step()
    assert f.rgba.shape == (6, 6, 4) and f.rgba[0, 0, 1] == 148 and f.rgba[0, 0, 0] == 204
    assert f.latency_ms is not None and f.latency_ms >= 0
    w.set_mic({"jawOpen": 0.2})
    f = w.step()
    assert f.rgba[0, 0, 0] == 51 and f.latency_ms is None       # one latency per camera frame
    w.set_camera(None)
    w.set_mic(None)
    assert w.step().rgba[0, 0, 1] == 128


def test_errors_are_reported_and_pause_after_repeated_failures():
    errors, events = [], []
    def broken(pose, size):
        raise RuntimeError("GPU lost")
    w = RenderWorker(broken, _perf(), ManualClock(), size=4, on_error=errors.append,
                     on_event=lambda kind, msg: events.append(kind))
    for _ in range(MAX_CONSECUTIVE_ERRORS):
        assert w.step() is None
    assert len(errors) == MAX_CONSECUTIVE_ERRORS and "GPU lost" in str(errors[0])
    assert w.paused and events == ["paused"]
    w.set_render(grey_render)
    w.resume()
    assert w.step() is not None and w.stats.errors == MAX_CONSECUTIVE_ERRORS


def test_thread_renders_follows_changes_and_stops_cleanly():
    got = []
    ready = threading.Event()
    def on_frame(frame):
        got.append(frame)
        if len(got) >= 5:
            ready.set()
    clock = ManualClock(0.5)
    w = RenderWorker(grey_render, _perf(), clock, size=4, fps=200, on_frame=on_frame)
    w.start()
    try:
        assert ready.wait(5)
        w.pause()
        time.sleep(0.05)
        n = len(got)
        time.sleep(0.1)
        assert len(got) == n                                # paused: no frames
        clock.set(1.0)
        w.resume()
        deadline = time.time() + 5
        while time.time() < deadline and got[-1].rgba[0, 0, 0] != 255:
            time.sleep(0.01)
        assert got[-1].rgba[0, 0, 0] == 255
    finally:
        w.stop()
    n = len(got)
    time.sleep(0.05)
    assert len(got) == n


def test_generator_form_yields_frames_and_takes_a_new_performance():
    w = RenderWorker(grey_render, _perf(), ManualClock(), size=4)
    gen = w.frames([0.0, 1.0, 1.0])
    assert next(gen).rgba[0, 0, 0] == 0
    assert next(gen).rgba[0, 0, 0] == 255
    quiet = Performance(duration=1.0, idle=IdleSettings(blink_rate=0, head_sway=0, breathing=0,
                                                        gaze_wander=0))
    assert gen.send(quiet).rgba[0, 0, 0] == 0        # the next frame plays the new one
    assert list(gen) == []
