"""Live inputs wired to the render worker: webcam session (video file as camera) and microphone."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.motion.clock import ManualClock
from studio.motion.idle import IdleSettings
from studio.motion.performance import Performance
from studio.motion.webcam import Neutral
from studio.profile.model import DigitalHuman, replace_in
from studio.runtime.live import WebcamSession
from studio.runtime.mic import BLOCK, MicDriver
from studio.runtime.render_worker import RenderWorker

STILL = Performance(duration=10.0, idle=IdleSettings(blink_rate=0, head_sway=0, breathing=0, gaze_wander=0))


@pytest.fixture(scope="module")
def engine(astronaut_rgb):
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_photo(astronaut_rgb)


@pytest.fixture(scope="module")
def camera_clip(tmp_path_factory, astronaut_rgb):
    """640×480 'webcam' clip: the astronaut's face rolling 0 → +15° → 0 (image clockwise)."""
    path = tmp_path_factory.mktemp("cam") / "cam.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (640, 480))
    face = np.zeros((480, 640, 3), np.uint8)
    face[:, 64:576] = astronaut_rgb[:480]
    for deg in np.concatenate([np.zeros(3), np.linspace(0, 15, 12), np.linspace(15, 0, 12)]):
        m = cv2.getRotationMatrix2D((320, 120), -deg, 1.0)
        out.write(cv2.cvtColor(cv2.warpAffine(face, m, (640, 480), borderMode=cv2.BORDER_REPLICATE),
                               cv2.COLOR_RGB2BGR))
    out.release()
    return path


def _run_session(session, worker):
    """Drive capture → tracking → render synchronously, one render per camera frame."""
    frames = []
    assert session.capture.open()
    while (cam := session.capture.read()) is not None:
        session._on_frame(cam)
        frames.append(worker.step())
    session.stop()
    return frames


@pytest.mark.parametrize("mirror", [False, True])
def test_webcam_session_drives_the_avatar(engine, camera_clip, mirror):
    profile = replace_in(DigitalHuman(), "dynamic", webcam_mirror=mirror)
    worker = RenderWorker(engine.render, STILL, ManualClock(1.0), size=128)
    session = WebcamSession(worker, profile, camera_clip, realtime=False)
    frames = _run_session(session, worker)
    assert len(frames) == 27 and all(f is not None for f in frames)
    assert all(f.latency_ms is not None and f.latency_ms > 0 for f in frames)
    roll = np.array([f.pose.get("headRoll", 0.0) for f in frames])
    # image clockwise = the top of the head towards the subject's left = roll > 0 (mirrored: < 0)
    peak = roll[13:17].mean()
    assert (peak > 8) if not mirror else (peak < -8)
    assert abs(roll[-1]) < abs(peak) / 2
    assert frames[-1].rgba.shape == (128, 128, 4)


def test_calibration_is_stored_in_the_profile(engine, camera_clip):
    worker = RenderWorker(engine.render, STILL, ManualClock(), size=64)
    session = WebcamSession(worker, DigitalHuman(), camera_clip, realtime=False)
    from studio.errors import UserError
    with pytest.raises(UserError, match="no camera picture"):
        session.calibrate(DigitalHuman())
    assert session.capture.open()
    session._on_frame(session.capture.read())
    profile = session.calibrate(DigitalHuman())
    session.stop()
    neutral = Neutral.from_dict(profile.dynamic.webcam_neutral)
    assert neutral is not None and neutral.measures["earLeft"] > 0.1
    import json
    from studio.profile.codec import from_dict, to_dict, validate
    assert not validate(profile)
    again = from_dict(json.loads(json.dumps(to_dict(profile))))
    assert again.dynamic.webcam_neutral == profile.dynamic.webcam_neutral


@pytest.fixture(scope="module")
def speech():
    from studio.speech.say import speak
    return speak("Hello, my name is Ada. How are you today?", DigitalHuman().dynamic)


def test_microphone_moves_the_mouth_and_camera_keeps_the_rest(speech):
    from scipy.signal import resample_poly
    samples = resample_poly(speech.samples, 16000, speech.sample_rate).astype(np.float32)
    samples = np.concatenate([np.zeros(8000, np.float32), samples, np.zeros(8000, np.float32)])
    worker = RenderWorker(lambda pose, size: np.zeros((size, size, 4), np.uint8), STILL,
                          ManualClock(), size=8)
    mic = MicDriver(worker)
    worker.set_camera({"headRoll": 9.0, "jawOpen": 0.0})
    jaw, loud = [], []
    for pos in range(0, len(samples) - BLOCK, BLOCK):
        block = samples[pos:pos + BLOCK]
        mic.feed(block)
        frame = worker.step()
        jaw.append(frame.pose.get("jawOpen", 0.0))
        loud.append(float(np.sqrt(np.mean(block ** 2))))
        assert frame.pose["headRoll"] == 9.0                       # the rest from the camera
    jaw, loud = np.array(jaw), np.array(loud)
    assert jaw[:15].max() < 0.05                                   # silence: mouth closed
    assert jaw.max() > 0.3                                         # speech: it opens
    lag = int(round(mic.lipsync.latency_s / (BLOCK / 16000)))
    env = np.convolve(loud, np.ones(5) / 5, "same")
    assert np.corrcoef(jaw[lag:], env[:len(env) - lag])[0, 1] > 0.5


def test_missing_microphone_is_an_event():
    events = []
    worker = RenderWorker(lambda pose, size: np.zeros((size, size, 4), np.uint8), STILL, ManualClock())
    mic = MicDriver(worker, on_event=lambda kind, msg: events.append(kind))
    opened = mic.start()
    mic.stop()
    assert events[0] == ("opened" if opened else "unavailable")
