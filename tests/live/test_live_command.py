"""`avatar-studio live` end to end, over loopback: a rendered clip of the astronaut tilting her
head stands in for the camera, an eSpeak recording (silence, speech, silence) for the
microphone; the test fetches the page and the PNG frames as a viewer would and checks that they
decode, carry alpha, show a face Face Mesh finds, follow the driving video's head roll and open
the mouth while the recording speaks. Also: bad input, a second instance on the same port, the
virtual camera's "what to install" line, and the page in headless Chromium (when installed)."""
from __future__ import annotations

import io
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import numpy as np
import pytest

from studio.cli import main

FPS = 25
SIZE = 256
CLIP_S = 4.0
ROLL = 12.0
SILENCE_S = 2.0


def driving_roll(t):
    return ROLL * np.sin(2 * np.pi * np.asarray(t) / CLIP_S)


@pytest.fixture(scope="module")
def project(tmp_path_factory, astronaut_png):
    path = tmp_path_factory.mktemp("live") / "astronaut.dhc"
    assert main(["new", "--photo", str(astronaut_png), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def driving_clip(tmp_path_factory, astronaut_rgb):
    """CLIP_S seconds at FPS: the astronaut rolling her head ±ROLL°, mouth closed (PyAV, H.264)."""
    import av

    from studio.render.engine import AvatarEngine
    engine = AvatarEngine.from_photo(astronaut_rgb)
    path = tmp_path_factory.mktemp("live") / "driving.mp4"
    with av.open(str(path), "w") as out:
        v = out.add_stream("libx264", rate=FPS)
        v.width, v.height, v.pix_fmt = SIZE, SIZE, "yuv420p"
        v.options = {"crf": "14", "preset": "veryfast"}
        for i in range(int(CLIP_S * FPS)):
            rgb = engine.render({"headRoll": float(driving_roll(i / FPS))}, SIZE)[..., :3]
            out.mux(v.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")))
        out.mux(v.encode(None))
    return path


@pytest.fixture(scope="module")
def voice_wav(tmp_path_factory):
    """SILENCE_S of silence, a spoken sentence (eSpeak), two seconds of silence: (path, speech s)."""
    import soundfile as sf

    from studio.profile.model import DigitalHuman
    from studio.speech.say import speak
    speech = speak("Hello! My name is Ada, and I am talking to you live.", DigitalHuman().dynamic)
    rate = speech.sample_rate
    samples = np.concatenate([np.zeros(int(SILENCE_S * rate), np.float32),
                              np.asarray(speech.samples, np.float32), np.zeros(2 * rate, np.float32)])
    path = tmp_path_factory.mktemp("live") / "voice.wav"
    sf.write(str(path), samples, rate)
    return path, len(speech.samples) / rate, samples, rate


def _start_live(args, timeout=120):
    """Run `avatar-studio live` in a child process; returns (process, url)."""
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "live", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = []
    reader = threading.Thread(target=lambda: found.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    line = found[0] if found else ""
    if not line.startswith("serving "):
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"live did not start serving: {line!r} {err[-2000:]}")
    return proc, line.split()[1]


def _mouth_and_roll(rgba):
    """(mouth opening / eye distance, roll in degrees) of the face Face Mesh finds, or None."""
    from studio.render.quality import track
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    rgb = (rgba[..., :3] * a + 128 * (1 - a)).astype(np.uint8)     # as OBS would show it on grey
    lm = track(rgb)
    if lm is None:
        return None
    eyes = lm[263, :2] - lm[33, :2]
    iod = float(np.hypot(*eyes))
    gap = float(np.hypot(*(lm[14, :2] - lm[13, :2]))) / iod
    return gap, math.degrees(math.atan2(eyes[1], eyes[0]))


def test_live_serves_the_driven_talking_avatar(project, driving_clip, voice_wav):
    from PIL import Image
    wav, speech_s, samples, rate = voice_wav
    proc, url = _start_live([project, "--driving", driving_clip, "--loop", "--audio", wav,
                             "--serve", "127.0.0.1:0", "--size", SIZE, "--fps", FPS, "--seconds", 120])
    try:
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/")
        page = urllib.request.urlopen(url, timeout=10).read().decode()
        assert "/frame.png" in page and "background:transparent" in page
        frames, index = [], -1
        end = SILENCE_S + speech_s + 1.5
        while True:
            r = urllib.request.urlopen(f"{url}frame.png?after={index}", timeout=10)
            index = int(r.headers["X-Frame-Index"])
            t = float(r.headers["X-Frame-Time"])
            frames.append((t, r.read(), r.headers.get("X-Latency-Ms")))
            if t > end:
                break
        proc.send_signal(signal.SIGINT)                          # Ctrl-C ends it cleanly
        out, err = proc.communicate(timeout=90)        # a loaded CI machine stops slowly
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "interrupted:" in err
    assert "camera opened" in err and "audio opened" in err, err

    assert len(frames) > 3 * FPS, f"only {len(frames)} frames served"
    assert any(lat is not None and float(lat) > 0 for _, _, lat in frames)
    times, measures = [], []
    for t, png, _ in frames:
        img = np.asarray(Image.open(io.BytesIO(png)))
        assert img.shape == (SIZE, SIZE, 4) and img.dtype == np.uint8
        assert img[..., 3].min() == 0 and img[..., 3].max() == 255      # transparent around her
        m = _mouth_and_roll(img)
        if m is not None:
            times.append(t)
            measures.append(m)
    assert len(measures) >= 0.9 * len(frames), "Face Mesh lost the avatar in the served frames"
    times, measures = np.array(times), np.array(measures)
    gap, roll = measures[:, 0], measures[:, 1]

    # the head follows the driving video (the tracker's filters add some lag; mirroring flips it)
    assert np.percentile(roll, 95) - np.percentile(roll, 5) > ROLL
    best = max(abs(np.corrcoef(roll, driving_roll(times - lag))[0, 1]) for lag in np.arange(0, 0.5, 0.04))
    assert best > 0.7, best

    # the mouth follows the recording: closed before it speaks, open while it does
    quiet = gap[(times > 0.3) & (times < SILENCE_S - 0.1)]
    talking = gap[(times > SILENCE_S + 0.2) & (times < SILENCE_S + speech_s)]
    assert len(quiet) > 10 and len(talking) > 10
    assert talking.max() > quiet.max() + 0.1 and talking.mean() > quiet.mean() + 0.03
    window = int(0.04 * rate)
    env = np.array([np.sqrt(np.mean(samples[max(0, int(t * rate) - window):int(t * rate) + 1] ** 2))
                    for t in times])
    best = max(np.corrcoef(gap, np.array([np.sqrt(np.mean(
        samples[max(0, int((t - lag) * rate) - window):max(1, int((t - lag) * rate))] ** 2)) for t in times]))[0, 1]
        for lag in np.arange(0, 0.3, 0.02))
    assert best > 0.4, best
    assert env.max() > 0


@pytest.mark.parametrize("args, message", [
    (["--fps", "0", "--serve", "0"], "--fps must be between 1 and 60"),
    (["--size", "huge", "--serve", "0"], "--size must be a number of pixels"),
    (["--driving", "no-such.mp4", "--serve", "0"], "driving video no-such.mp4 not found"),
    (["--audio", "no-such.wav", "--serve", "0"], "audio file no-such.wav not found"),
    (["--serve", "http"], "give a port"),
    (["--seconds", "-1", "--serve", "0"], "--seconds must be more than 0"),
    ([], "nothing to show the avatar on"),
    (["--text", "  ", "--serve", "0"], "nothing to say"),
])
def test_bad_input_is_one_line_and_exit_2(project, capsys, args, message):
    assert main(["live", str(project), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_a_second_instance_on_the_same_port(project, capsys):
    from studio.runtime.serve import FrameServer
    first = FrameServer("127.0.0.1", 0)
    try:
        assert main(["live", str(project), "--serve", f"127.0.0.1:{first.port}", "--seconds", "1"]) == 2
    finally:
        first.stop()
    err = capsys.readouterr().err.strip()
    assert err == (f"avatar-studio live: cannot serve on 127.0.0.1:{first.port}: the port is already "
                   "in use (another 'avatar-studio live --serve'?); stop it or choose another port "
                   "with --serve PORT")


def test_virtual_camera_without_a_backend_says_what_to_install(project, capsys, monkeypatch):
    from studio.runtime import virtualcam
    if virtualcam.missing_backend() is None:
        pytest.skip("this machine has a virtual camera backend")
    assert main(["live", str(project), "--virtual-camera", "--seconds", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("avatar-studio live: no virtual camera:")
    assert "install" in err


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium here (Debian: apt-get install chromium)")
def test_the_page_shows_the_avatar_in_headless_chromium(tmp_path, astronaut_rgb):
    import dataclasses

    from PIL import Image

    from studio.profile.model import DigitalHuman
    from studio.render.engine import AvatarEngine
    from studio.runtime.serve import FrameServer
    from studio.runtime.session import LiveSession
    engine = AvatarEngine.from_photo(astronaut_rgb)
    engine.set_static(dataclasses.replace(engine.static, background="transparent"))
    session = LiveSession(engine, DigitalHuman(), size=SIZE, fps=FPS)
    server = FrameServer("127.0.0.1", 0, fps=FPS)
    session.add_sink(server)
    server.start()
    session.start()
    shot = tmp_path / "page.png"
    try:
        cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
               f"--window-size={SIZE},{SIZE}", "--default-background-color=00000000",
               # a real-time limit, not --virtual-time-budget: the page polls for frames
               # without end, and virtual time then advanced so slowly that Chromium ran
               # past two minutes in some runs
               "--timeout=8000", "--dump-dom", f"--screenshot={shot}", server.url]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "HOME": str(tmp_path)})
    finally:
        session.stop()
        server.stop()
    assert server.served >= 3, done.stderr[-2000:]
    img = np.asarray(Image.open(shot).convert("RGBA"))
    assert img.shape[:2] == (SIZE, SIZE)
    face = img[SIZE // 8: SIZE // 2, SIZE // 4: 3 * SIZE // 4, :3].astype(int)
    assert face.std() > 20                                     # the avatar, not an empty page
    from studio.render.quality import track
    assert track(np.ascontiguousarray(img[..., :3])) is not None    # a face Face Mesh finds
