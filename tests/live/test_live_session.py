"""The Qt-free live session and its sinks, in-process: hotkeys, the HTTP server, the virtual
camera, and devices that go away and come back (loopback only, fake devices)."""
from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request

import cv2
import numpy as np
import pytest

from studio.errors import UserError
from studio.profile.model import DigitalHuman
from studio.runtime.hotkeys import Binding, ExpressionMixer, Hotkeys, load_hotkeys, store_hotkeys
from studio.runtime.serve import FrameServer, parse_address
from studio.runtime.session import LiveFrame, LiveSession
from studio.runtime.virtualcam import VirtualCamera, flatten, missing_backend


def _wait_for(cond, timeout=10.0, step=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return False


def _frame(index=0, size=16, alpha=0):
    rgba = np.zeros((size, size, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[size // 4: 3 * size // 4, size // 4: 3 * size // 4, 3] = 255
    rgba[..., 3] = np.maximum(rgba[..., 3], alpha)
    rgba.flags.writeable = False
    return LiveFrame(index, rgba, index / 30, time.perf_counter(), time.perf_counter() - 0.01, 1.0, {})


class _Engine:
    """A stand-in for AvatarEngine: the pose's head roll as the red channel (fast)."""

    def render(self, pose, size):
        out = np.zeros((size, size, 4), np.uint8)
        out[..., 0] = int(128 + 4 * pose.get("headRoll", 0.0)) & 255
        out[..., 3] = 255
        return out


# ---------------------------------------------------------------- hotkeys

class _Timer:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def test_hotkeys_toggle_hold_blend_talk_and_mute():
    timer = _Timer()
    keys = Hotkeys((Binding("1", "preset", "happy", "toggle", 1.0, 0.5),
                    Binding("w", "preset", "wink", "hold", 0.8, 0.0),
                    Binding("t", "talking", mode="hold", blend=0.0),
                    Binding("M", "mute", mode="toggle", blend=0.0)))
    mixer = ExpressionMixer(keys, timer=timer)
    rest = {"jawOpen": 0.4, "eyeBlinkLeft": 0.1}
    assert mixer(rest, 0.0) == rest
    assert mixer.trigger("x") is None                       # unbound key
    assert mixer.trigger("1") == "happy on"
    timer.t += 0.25                                         # half way through the blend
    half = mixer(rest, 0.0)["mouthSmileLeft"]
    timer.t += 0.5
    full = mixer(rest, 0.0)["mouthSmileLeft"]
    assert 0.3 < half < 0.5 and full == pytest.approx(0.8)
    assert mixer.trigger("1", down=False) is None           # toggles ignore key-up
    assert mixer.trigger("w") == "wink on"
    assert mixer(rest, 0.0)["eyeBlinkLeft"] == pytest.approx(0.8)    # lids take the maximum
    assert mixer.trigger("w", down=False) == "wink off"
    assert mixer(rest, 0.0)["eyeBlinkLeft"] == pytest.approx(0.1)
    assert mixer.trigger("m") == "mute on" and mixer.muted     # keys are case-insensitive
    muted = mixer(rest, 0.0)
    assert "jawOpen" not in muted and muted["mouthSmileLeft"] == pytest.approx(0.8)
    mixer.trigger("m")
    mixer.trigger("1")
    timer.t += 1.0
    mixer.trigger("t")
    jaws = []
    for _ in range(40):
        timer.t += 0.011
        jaws.append(mixer({}, 0.0).get("jawOpen", 0.0))
    assert max(jaws) > 0.3 and min(jaws) < 0.05             # the mouth moves in syllables
    mixer.trigger("t", down=False)
    assert mixer({}, 0.0) == {}


def test_hotkeys_are_saved_in_the_project(tmp_path, astronaut_png):
    from studio.profile.project import Project, load_project, save_project
    project = Project()
    assert load_hotkeys(project) == Hotkeys.default()       # no asset: the defaults
    assert Hotkeys.default().find("1").preset == "happy"
    mine = Hotkeys((Binding("F2", "preset", "Laugh", "hold", 0.6, 1.5).checked(),
                    Binding(" ", "mute").checked()))
    assert [b.key for b in mine.bindings] == ["f2", "space"]
    store_hotkeys(project, mine)
    save_project(project, tmp_path / "me.dhc")
    assert load_hotkeys(load_project(tmp_path / "me.dhc")) == mine
    for bad in (Binding("1", "preset", "grin"), Binding("1", "dance"),
                Binding("1", "preset", "happy", intensity=2), Binding("1", mode="press"),
                Binding("", "mute"), Binding("1", "preset", "happy", blend=9)):
        with pytest.raises(UserError, match="hotkey|key"):
            bad.checked()
    with pytest.raises(UserError, match="twice"):
        Hotkeys((Binding("1", "mute"), Binding("1", "talking")))
    project.assets["assets/hotkeys.json"] = b"{not json"
    with pytest.raises(UserError, match="not valid JSON"):
        load_hotkeys(project)


def test_session_applies_hotkeys():
    session = LiveSession(_Engine(), DigitalHuman(), size=16, fps=60)
    with session:
        assert _wait_for(lambda: session.latest() is not None)
        assert session.trigger("5") == "wink on"            # the default 5th preset
        assert _wait_for(lambda: session.latest().pose.get("eyeBlinkLeft", 0) > 0.9)
    assert ("hotkeys", "changed", "wink on") in [(e.source, e.kind, e.message) for e in session.events]


# ---------------------------------------------------------------- the HTTP server

def test_server_serves_png_with_alpha_stream_and_page():
    server = FrameServer("127.0.0.1", 0, fps=25, background=(0, 255, 0))
    server.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(server.url + "frame.png", timeout=5)
        assert err.value.code == 503                         # no frame yet
        server(_frame(7))
        r = urllib.request.urlopen(server.url + "frame.png", timeout=5)
        assert r.headers["X-Frame-Index"] == "7" and float(r.headers["X-Latency-Ms"]) >= 10
        from PIL import Image
        img = np.asarray(Image.open(io.BytesIO(r.read())))
        assert img.shape == (16, 16, 4) and img[0, 0, 3] == 0 and img[8, 8, 3] == 255
        raw = urllib.request.urlopen(server.url + "frame.rgba?after=6", timeout=5)
        assert (raw.headers["X-Width"], raw.headers["X-Height"]) == ("16", "16")
        assert np.array_equal(np.frombuffer(raw.read(), np.uint8).reshape(16, 16, 4), _frame(7).rgba)
        page = urllib.request.urlopen(server.url, timeout=5).read().decode()
        assert "/frame.rgba" in page and "/frame.png" in page and "background:transparent" in page and "25 frames/s" in page
        stream = urllib.request.urlopen(server.url + "stream.mjpg", timeout=5)
        assert stream.headers["Content-Type"].startswith("multipart/x-mixed-replace")
        headers = {}
        while (line := stream.readline().strip()) != b"":
            if b":" in line:
                k, v = line.decode().split(":", 1)
                headers[k.lower()] = v.strip()
        assert headers["content-type"] == "image/jpeg" and headers["x-frame-index"] == "7"
        jpg = stream.read(int(headers["content-length"]))
        rgb = cv2.imdecode(np.frombuffer(jpg, np.uint8), cv2.IMREAD_COLOR)
        assert tuple(rgb[0, 0]) == pytest.approx((0, 255, 0), abs=12)    # BGR: the matte is green
        stream.close()
        stats = json.loads(urllib.request.urlopen(server.url + "stats.json", timeout=5).read())
        assert stats["served"] >= 3 and stats["target_fps"] == 25
        req = urllib.request.Request(server.url + "frame.png", headers={"Host": "evil.example:80"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 403                          # DNS rebinding refused
    finally:
        server.stop()


def test_a_second_server_on_the_same_port_is_a_clear_error():
    first = FrameServer("127.0.0.1", 0)
    try:
        with pytest.raises(UserError, match=f"127.0.0.1:{first.port}: the port is already in use"):
            FrameServer("127.0.0.1", first.port)
    finally:
        first.stop()


def test_serve_addresses():
    assert parse_address("8080") == ("127.0.0.1", 8080)       # loopback unless typed
    assert parse_address("0.0.0.0:81") == ("0.0.0.0", 81)
    assert parse_address("[::1]:0") == ("::1", 0)
    for bad in ("http", "1:2:3", "70000", "[::1]"):
        with pytest.raises(UserError, match="--serve"):
            parse_address(bad)


# ---------------------------------------------------------------- the virtual camera

def test_virtual_camera_says_what_to_install(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "pyvirtualcam", None)            # not installed
    line = missing_backend()
    assert "pip install 'avatar-studio[virtualcam]'" in line and "\n" not in line
    if sys.platform.startswith("linux"):
        assert "v4l2loopback" in line
        monkeypatch.setattr("studio.runtime.virtualcam.loopback_devices", lambda: [])
        assert "no v4l2loopback device" in missing_backend(module=object())
        monkeypatch.setattr("studio.runtime.virtualcam.loopback_devices", lambda: ["/dev/video9"])
        assert missing_backend(module=object()) is None


class _FakeCam:
    def __init__(self, fail_after=None):
        self.frames, self.fail_after, self.closed = [], fail_after, False
        self.device = "/dev/video9"

    def send(self, rgb):
        if self.fail_after is not None and len(self.frames) >= self.fail_after:
            raise RuntimeError("consumer went away")
        self.frames.append(rgb)

    def close(self):
        self.closed = True


def test_virtual_camera_gets_rgb_on_the_matte_and_survives_its_consumer():
    cams = []
    opens = iter([_FakeCam(fail_after=2), RuntimeError("no device"), _FakeCam()])

    def factory(w, h, fps):
        item = next(opens)
        if isinstance(item, Exception):
            raise item
        cams.append(item)
        return item

    events = []
    vcam = VirtualCamera(16, 16, 30, background=(0, 0, 255), camera_factory=factory, retry_s=0.05,
                         on_event=lambda k, m: events.append(k))
    vcam.start()
    try:
        for i in range(200):
            vcam(_frame(i))
            time.sleep(0.01)
            if len(cams) == 2 and len(cams[1].frames) >= 3:
                break
    finally:
        vcam.stop()
    assert events[:3] == ["opened", "lost", "restored"]
    assert cams[0].closed and len(cams[1].frames) >= 3
    rgb = cams[1].frames[-1]
    assert rgb.shape == (16, 16, 3) and rgb.dtype == np.uint8 and rgb.flags.c_contiguous
    assert tuple(rgb[0, 0]) == (0, 0, 255) and tuple(rgb[8, 8]) == (200, 0, 0)
    assert flatten(_frame(0, alpha=255).rgba, (1, 2, 3))[0, 0].tolist() == [200, 0, 0]


# ---------------------------------------------------------------- devices that go and come back

class _FakeCapture:
    """cv2.VideoCapture-like: plays `frames`, then raises (a driver error)."""

    def __init__(self, frames, fail=True):
        self.frames, self.i, self.fail = frames, 0, fail

    def read(self):
        if self.i >= len(self.frames):
            if self.fail:
                raise RuntimeError("VIDIOC_DQBUF: No such device")
            self.i = 0
        frame = self.frames[self.i]
        self.i += 1
        time.sleep(1 / 30)
        return True, cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)

    def get(self, prop):
        return 30.0

    def set(self, prop, value):
        return True

    def release(self):
        pass


@pytest.fixture(scope="module")
def tilted_faces(astronaut_rgb):
    """The astronaut tilted by 12° (a face the tracker follows), 640×480."""
    face = np.zeros((480, 640, 3), np.uint8)
    face[:, 64:576] = astronaut_rgb[:480]
    m = cv2.getRotationMatrix2D((320, 120), -12, 1.0)
    tilted = cv2.warpAffine(face, m, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    return [face] * 3 + [tilted] * 12


def test_camera_that_fails_keeps_the_session_running_and_comes_back(tilted_faces):
    plan = iter([_FakeCapture(tilted_faces), None, None, _FakeCapture(tilted_faces, fail=False)])
    events = []
    session = LiveSession(_Engine(), DigitalHuman(), camera=0, size=16, fps=60,
                          opener=lambda source, w, h: next(plan),
                          on_event=lambda s, k, m: events.append((s, k)))
    session.camera.capture.reopen_interval = 0.1
    with session:
        assert _wait_for(lambda: ("camera", "lost") in events, 30)
        lost_at = session.latest().index
        tracked = session.camera.tracked
        held = session.latest().pose.get("headRoll", 0.0)
        assert abs(held) > 5                                 # the last good head pose is kept
        assert _wait_for(lambda: session.latest().index > lost_at + 10)   # still rendering
        assert _wait_for(lambda: ("camera", "restored") in events, 10)
        assert _wait_for(lambda: session.camera.tracked > tracked + 5)    # tracking again
    assert [k for s, k in events if s == "camera"][:3] == ["opened", "lost", "restored"]


def test_driving_video_that_ends(tmp_path, tilted_faces):
    path = tmp_path / "short.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (640, 480))
    for f in tilted_faces:
        out.write(cv2.cvtColor(f, cv2.COLOR_RGB2BGR))
    out.release()
    events = []
    session = LiveSession(_Engine(), DigitalHuman(), camera=str(path), size=16, fps=60,
                          on_event=lambda s, k, m: events.append((s, k)))
    with session:
        assert _wait_for(lambda: ("camera", "ended") in events, 30)
        index = session.latest().index
        assert _wait_for(lambda: session.latest().index > index + 10)
        assert abs(session.latest().pose.get("headRoll", 0.0)) > 5     # held, not dropped
    with pytest.raises(UserError, match="not found"):
        LiveSession(_Engine(), DigitalHuman(), camera=str(tmp_path / "none.mp4"))


def test_microphone_that_goes_away_is_reopened(monkeypatch):
    monkeypatch.setattr("studio.runtime.session.MIC_RETRY_S", 0.05)
    session = LiveSession(_Engine(), DigitalHuman(), mic=True, size=16, fps=30)
    events = []
    session.on_event = lambda s, k, m: events.append((s, k))

    class _Mic:
        alive, fails = False, 0

        def start(self):
            if self.fails:
                self.fails -= 1
                return False
            self.alive = True
            return True

        def stop(self):
            pass

    mic = session.mic = _Mic()
    with session:
        time.sleep(0.2)
        mic.alive, mic.fails = False, 2                      # unplugged; back on the 3rd try
        assert _wait_for(lambda: ("microphone", "restored") in events, 5)
    kinds = [k for s, k in events if s == "microphone"]
    assert kinds[:2] == ["lost", "restored"]


def test_audio_file_moves_the_mouth_on_the_session_clock():
    from scipy.signal import resample_poly

    from studio.runtime.mic import RATE
    from studio.speech.say import speak
    speech = speak("Hello, my name is Ada.", DigitalHuman().dynamic)
    voice = resample_poly(speech.samples, RATE, speech.sample_rate).astype(np.float32)
    samples = np.concatenate([np.zeros(RATE // 2, np.float32), voice, np.zeros(RATE // 2, np.float32)])
    end = 0.5 + len(voice) / RATE
    events = []
    session = LiveSession(_Engine(), DigitalHuman(), audio_samples=samples, size=16, fps=60,
                          on_event=lambda s, k, m: events.append((s, k)))
    jaw = []
    session.add_sink(lambda f: jaw.append((f.t, f.pose.get("jawOpen", 0.0))))
    with session:
        assert _wait_for(lambda: ("audio", "ended") in events, 10)
    jaw = np.array(jaw)
    quiet = jaw[(jaw[:, 0] > 0.1) & (jaw[:, 0] < 0.45), 1]
    speaking = jaw[(jaw[:, 0] > 0.6) & (jaw[:, 0] < end), 1]
    assert quiet.max() < 0.1 and speaking.max() > 0.3, (quiet.max(), speaking.max(), len(jaw))
    with pytest.raises(UserError, match="one voice input"):
        LiveSession(_Engine(), DigitalHuman(), mic=True, text="hello")


def test_wide_framing_and_typed_speech():
    session = LiveSession(_Engine(), DigitalHuman(), size=72, framing="720p", fps=60)
    jaw = []
    session.add_sink(lambda f: jaw.append(f.pose.get("jawOpen", 0.0)))
    with session:
        assert _wait_for(lambda: session.latest() is not None)
        frame = session.latest().rgba
        assert frame.shape == (720, 1280, 4) and not frame.flags.writeable
        assert frame[:, :200, 3].max() == 0 and frame[:, 640, 3].min() == 255   # transparent sides
        jaw.clear()
        session.say("Hello there, how are you?")
        assert _wait_for(lambda: max(jaw, default=0) > 0.3, 10)          # the mouth speaks
    assert any(e.source == "speech" and e.kind == "started" for e in session.events)


def test_webcam_session_calibrates_on_the_capture_thread(tilted_faces):
    from studio.runtime.live import WebcamSession
    from studio.runtime.render_worker import RenderWorker
    from studio.motion.clock import ManualClock
    from studio.motion.performance import build_performance
    worker = RenderWorker(_Engine().render, build_performance(DigitalHuman()), ManualClock(), size=8)
    got = []
    session = WebcamSession(worker, DigitalHuman(), 0, realtime=False,
                            opener=lambda s, w, h: _FakeCapture(tilted_faces, fail=False))
    assert session.latest_rgb() is None
    session.request_calibration(got.append)
    assert session.capture.open()
    session._on_frame(session.capture.read())
    session.stop()
    assert got and got[0]["earLeft"] > 0.1 and session.face
    assert session.latest_rgb().shape == (480, 640, 3)
