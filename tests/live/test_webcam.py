"""Webcam driving: tracking relative to a calibrated neutral, smoothing, face-lost easing,
and the capture worker with a video file (or an absent camera) as the source."""
from __future__ import annotations

import math
import threading
import time

import cv2

import numpy as np
import pytest

from studio.motion.filters import OneEuro, OneEuroSettings
from studio.motion.webcam import (EASE_OUT, FaceTracker, Neutral, WebcamDriver, calibrate,
                                  estimate_pose, mirrored)
from studio.runtime.capture import CaptureWorker

ROLLS = np.concatenate([np.linspace(0, 20, 10), np.linspace(20, -20, 20), np.linspace(-20, 0, 10)])


@pytest.fixture(scope="module")
def face_crop(astronaut_rgb):
    """256×256 crop around the astronaut's face (H×W×3 uint8 RGB)."""
    return np.ascontiguousarray(astronaut_rgb[0:256, 96:352])


@pytest.fixture(scope="module")
def face_landmarks(face_crop):
    tracker = FaceTracker()
    try:
        return tracker.landmarks(face_crop).astype(np.float64)
    finally:
        tracker.close()


def _rolled(img, deg):
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2.5), deg, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)


@pytest.fixture(scope="module")
def roll_video(tmp_path_factory, face_crop):
    """An MJPEG video of the face rolling through ROLLS degrees (image rotation: positive =
    counter-clockwise), then 16 frames (0.64 s) without a face."""
    path = tmp_path_factory.mktemp("video") / "roll.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (256, 256))
    for deg in ROLLS:
        out.write(cv2.cvtColor(_rolled(face_crop, deg), cv2.COLOR_RGB2BGR))
    blank = np.full((256, 256, 3), 90, np.uint8)
    for _ in range(16):
        out.write(blank)
    out.release()
    return path


def _rotate(L, axis, deg):
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    R = {"y": [[c, 0, -s], [0, 1, 0], [s, 0, c]], "x": [[1, 0, 0], [0, c, s], [0, -s, c]],
         "z": [[c, -s, 0], [s, c, 0], [0, 0, 1]]}[axis]
    centre = L.mean(0)
    return (np.array(R) @ (L - centre).T).T + centre


def test_neutral_face_is_rest_and_survives_the_profile(face_landmarks):
    neutral = calibrate(face_landmarks)
    assert all(abs(v) < 1e-6 for v in estimate_pose(face_landmarks, neutral).values())
    again = Neutral.from_dict(neutral.to_dict())
    import json
    again = Neutral.from_dict(json.loads(json.dumps(neutral.to_dict())))
    assert all(abs(v) < 1e-3 for v in estimate_pose(face_landmarks, again).values())
    assert Neutral.from_dict({}) is None


@pytest.mark.parametrize("axis, name", [("y", "headYaw"), ("x", "headPitch"), ("z", "headRoll")])
def test_head_rotation_is_recovered_with_the_conventions(face_landmarks, axis, name):
    neutral = calibrate(face_landmarks)
    # +15° about y moves the nose to image right = the subject's left: yaw > 0 (studio.params)
    pose = estimate_pose(_rotate(face_landmarks, axis, 15), neutral)
    assert pose[name] == pytest.approx(15, abs=0.5)
    assert max(abs(pose[n]) for n in ("headYaw", "headPitch", "headRoll") if n != name) < 0.5
    assert pose["jawOpen"] < 0.05 and pose["eyeBlinkLeft"] < 0.05   # expression unchanged
    assert estimate_pose(_rotate(face_landmarks, axis, 15), neutral, sensitivity=0.5)[name] == \
        pytest.approx(7.5, abs=0.3)


def test_jaw_and_lids_from_moved_landmarks(face_landmarks):
    neutral = calibrate(face_landmarks)
    iod = np.linalg.norm(face_landmarks[33] - face_landmarks[263])
    L = face_landmarks.copy()
    L[14, 1] += 0.2 * iod                      # lower lip and chin down
    L[152, 1] += 0.2 * iod
    for a, b in ((386, 374), (385, 380), (387, 373)):   # subject's left eye closes
        mid = (L[a, 1] + L[b, 1]) / 2
        L[a, 1] = L[b, 1] = mid
    pose = estimate_pose(L, neutral)
    assert 0.4 < pose["jawOpen"] < 0.8
    assert pose["eyeBlinkLeft"] > 0.9 and pose["eyeBlinkRight"] < 0.05
    swapped = estimate_pose(L, neutral, mirror=True)
    assert swapped["eyeBlinkRight"] > 0.9 and swapped["eyeBlinkLeft"] < 0.05
    assert mirrored({"headYaw": 5.0, "gazeX": 0.3, "mouthSmileLeft": 0.2}) == \
        {"headYaw": -5.0, "gazeX": -0.3, "mouthSmileRight": 0.2}


def test_one_euro_smooths_jitter_but_follows_steps():
    f = OneEuro(OneEuroSettings(2.0, 1.0))
    rng = np.random.default_rng(0)
    t = np.arange(0, 2, 1 / 30)
    noisy = 0.5 + rng.normal(0, 0.05, len(t))
    out = np.array([f(x, ti) for x, ti in zip(noisy, t)])
    assert out[15:].std() < 0.7 * noisy[15:].std()
    f.reset()
    step = [f(0.0 if ti < 1 else 1.0, ti) for ti in t]
    assert step[-1] > 0.95                     # a jaw drop gets through within a second


def test_a_looped_video_keeps_its_time_running_and_is_followed_on_every_pass(roll_video):
    """`live --driving CLIP --loop`: the tracker's filters need times that never go back; with
    the clip's time starting again at 0 on each pass, the avatar stopped following it after
    the first one."""
    frames = []
    driver = WebcamDriver(ease_in=0)
    cap = CaptureWorker(roll_video, realtime=False, loop=True,
                        on_frame=lambda fr: frames.append((fr.t, driver.update(fr.rgb, fr.t))))
    cap.start()
    n = len(ROLLS) + 16                        # one pass: the roll, then frames without a face
    deadline = time.monotonic() + 60
    while len(frames) < 2 * n + len(ROLLS) and time.monotonic() < deadline:
        time.sleep(0.02)
    cap.stop()
    driver.close()
    times = np.array([t for t, _ in frames])
    assert len(frames) >= 2 * n + len(ROLLS) and np.all(np.diff(times) > 0)
    again = [s for _, s in frames[2 * n:2 * n + len(ROLLS)]]       # the third pass
    assert all(s is not None and s.face for s in again)
    roll = np.array([s.pose["headRoll"] for s in again])
    assert np.corrcoef(roll, -ROLLS)[0, 1] > 0.97


def test_video_file_camera_tracks_roll_and_eases_out_when_the_face_goes(roll_video):
    events, samples = [], []
    driver = WebcamDriver(ease_in=0)
    cap = CaptureWorker(roll_video, realtime=False,
                        on_event=lambda kind, msg: events.append(kind),
                        on_frame=lambda fr: samples.append((fr.t, driver.update(fr.rgb, fr.t))))
    cap.start()
    cap.join(30)
    cap.stop()
    driver.close()
    assert events[0] == "opened" and "ended" in events
    tracked = [s for _, s in samples[:len(ROLLS)]]
    assert all(s is not None and s.face for s in tracked)
    roll = np.array([s.pose["headRoll"] for s in tracked])
    # counter-clockwise in the image = top of the head towards the subject's right: roll < 0
    assert np.corrcoef(roll, -ROLLS)[0, 1] > 0.97
    assert np.abs(roll + ROLLS).max() < 6.0                 # smoothing lags a little, not much
    lost = samples[len(ROLLS):]
    weights = [0.0 if s is None else s.weight for _, s in lost]
    assert lost[0][1] is not None and not lost[0][1].face and 0 < weights[0] < 1
    assert all(b <= a for a, b in zip(weights, weights[1:]))
    gone = [t for t, s in lost if s is None]
    assert gone and gone[0] - lost[0][0] <= EASE_OUT + 0.05


def test_absent_camera_is_an_event_and_the_worker_keeps_running():
    events = []
    got = threading.Event()
    cap = CaptureWorker(97, reopen_interval=0.05,
                        on_event=lambda kind, msg: (events.append((kind, msg)), got.set()))
    cap.start()
    assert got.wait(5)
    assert events[0][0] == "unavailable" and "camera 97" in events[0][1]
    assert cap._thread.is_alive()                        # still trying to reopen
    cap.stop()
    assert events[-1][0] == "stopped"


def test_calibrate_without_a_face_says_what_to_do():
    from studio.errors import UserError
    driver = WebcamDriver()
    try:
        with pytest.raises(UserError, match="face the camera"):
            driver.calibrate(np.full((128, 128, 3), 80, np.uint8))
    finally:
        driver.close()


def test_unplugged_camera_is_reported_and_comes_back(roll_video, monkeypatch):
    """A camera that stops delivering (unplugged) → 'lost'; when it opens again → 'restored'
    and frames flow again. The 'camera' is the real roll clip read by OpenCV; only the
    unplugging is simulated, as CI has no camera to pull out."""
    import studio.runtime.capture as capture
    real_open = capture._open
    opened = []

    class Unplugs:
        def __init__(self, cap, frames):
            self.cap, self.left = cap, frames
        def read(self):
            self.left -= 1
            return self.cap.read() if self.left >= 0 else (False, None)
        def get(self, prop):
            return self.cap.get(prop)
        def set(self, prop, value):
            return self.cap.set(prop, value)
        def release(self):
            self.cap.release()

    def fake_open(source, width, height):
        opened.append(source)
        return Unplugs(real_open(roll_video, None, None), 5 if len(opened) == 1 else 1000)

    monkeypatch.setattr(capture, "_open", fake_open)
    events, frames = [], []
    restored = threading.Event()
    def on_event(kind, msg):
        events.append(kind)
    def on_frame(frame):
        frames.append(frame.index)
        if "restored" in events and len(frames) > 8:
            restored.set()
    cap = CaptureWorker(3, on_event=on_event, on_frame=on_frame, reopen_interval=0.02)
    cap.start()
    try:
        assert restored.wait(10)
    finally:
        cap.stop()
    assert events[:3] == ["opened", "lost", "restored"] and events[-1] == "stopped"
    assert len(frames) > 8 and len(opened) >= 2
