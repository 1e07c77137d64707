"""Talking-video export: real avatar, real speech, real encoders; every file decoded again."""
from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from studio.errors import Cancelled, UserError
from studio.export.video import VideoOptions, export_video
from tests.export.helpers import decode_audio, decode_video, probe


@pytest.fixture(scope="module")
def talk_mp4(tmp_path_factory, engine, profile, talk_ko):
    """A Korean talking MP4 at 256 px / 25 fps with SRT+VTT sidecars, burned subtitles, badge."""
    out = tmp_path_factory.mktemp("video") / "talk.mp4"
    seen = []
    export_video(talk_ko, engine, out, size=256, fps=25, progress=seen.append,
                 options=VideoOptions(subtitles=("srt", "vtt", "burn"), language="ko", profile=profile))
    return out, seen


def test_mp4_has_the_frames_sound_and_label_a_user_expects(talk_mp4, talk_ko):
    out, seen = talk_mp4
    frames, times, rate = decode_video(out)
    n = math.ceil(talk_ko.duration * 25 - 1e-9)
    assert len(frames) == n and rate == 25
    assert frames[0].shape == (256, 256, 3)
    assert times[0] == pytest.approx(0.0, abs=1e-6)
    info = probe(out)
    assert ("video", "h264") in info["streams"] and ("audio", "aac") in info["streams"]
    assert "AI-generated" in info["metadata"]["comment"]
    assert '"ai_generated":true' in info["metadata"]["description"]
    samples, sr, first = decode_audio(out)
    assert sr == 48000
    assert len(samples) / sr == pytest.approx(n / 25, abs=0.03)    # the voice lasts the whole video
    assert np.sqrt(np.mean(samples ** 2)) > 0.02                   # and is audible
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:]))


def test_mouth_moves_with_the_voice(talk_mp4):
    """Frames differ around the mouth while speaking: the export is a performance, not a still."""
    frames, _, _ = decode_video(talk_mp4[0])
    mouth = np.stack([f[140:200, 90:170].astype(np.float32).mean(axis=2) for f in frames])
    assert np.abs(np.diff(mouth, axis=0)).mean(axis=(1, 2)).max() > 2.0


def test_subtitle_sidecars_are_timed_to_the_spoken_words(talk_mp4, talk_ko):
    out = talk_mp4[0]
    srt = out.with_suffix(".srt").read_text("utf-8")
    vtt = out.with_suffix(".vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT")
    words = [w for w in talk_ko.words if w.text.strip()]
    assert words, "eSpeak gave word timings"
    stamps = [line.split(" --> ") for line in srt.splitlines() if " --> " in line]

    def secs(s):
        h, m, rest = s.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest)
    starts = [secs(a) for a, _ in stamps]
    assert starts[0] == pytest.approx(words[0].start, abs=0.002)
    assert all(any(abs(s - w.start) < 0.002 for w in words) for s in starts)   # cues start on words
    assert secs(stamps[-1][1]) >= words[-1].end - 0.002
    for w in words:
        assert w.text in srt and w.text in vtt


def test_burned_subtitles_and_badge_are_drawn(tmp_path, engine, talk_mp4, talk_ko):
    """The same performance without burn-in or badge differs exactly where they are drawn."""
    plain = tmp_path / "plain.mp4"
    export_video(talk_ko, engine, plain, size=256, fps=25, options=VideoOptions(ai_badge=False))
    a, _, _ = decode_video(talk_mp4[0])
    b, _, _ = decode_video(plain)
    i = 5                                                 # 0.2 s: the first word is on screen
    diff = np.abs(a[i].astype(np.int16) - b[i].astype(np.int16)).max(axis=2)
    assert (diff[200:250, 20:236] > 60).mean() > 0.03     # subtitle band at the bottom
    assert (diff[0:20, 160:256] > 60).mean() > 0.03       # badge, top right
    assert (diff[60:180, 40:150] > 30).mean() < 0.01      # the face itself is untouched


def _click_performance(rate=22050, at=0.5, duration=1.0):
    from studio.motion.performance import Performance
    audio = np.zeros(int(rate * duration), np.float32)
    audio[int(rate * at):int(rate * at) + 200] = 0.8
    return Performance(duration=duration, audio=audio, sample_rate=rate)


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_voice_is_not_late_aac_priming_accounted_for(tmp_path, engine, fmt):
    """The encoder's priming samples must not delay the voice (docs/ARCHITECTURE.md, *Export*)."""
    out = tmp_path / f"click.{fmt}"
    export_video(_click_performance(), engine, out, size=128, fps=30, options=VideoOptions(format=fmt))
    samples, sr, first = decode_audio(out)
    _, times, _ = decode_video(out)
    assert first == pytest.approx(0.0, abs=1e-3) and times[0] == pytest.approx(0.0, abs=1e-3)
    onset = np.argmax(np.abs(samples) > 0.3) / sr
    assert onset == pytest.approx(0.5, abs=0.004)         # well inside one frame (33 ms)


def test_transparent_webm_keeps_alpha_and_voice(tmp_path, engine, profile, talk_ko):
    """The exporter cuts the avatar out itself and gives the engine its appearance back."""
    before = engine.static
    out = tmp_path / "alpha.webm"
    export_video(talk_ko, engine, out, size=128, fps=24,
                 options=VideoOptions(format="webm", transparent=True, profile=profile))
    assert engine.static == before and before.background != "transparent"
    frames, _, rate = decode_video(out, alpha=True)
    assert len(frames) == math.ceil(talk_ko.duration * 24 - 1e-9) and rate == 24
    a = frames[3][..., 3]
    assert a[:8, :8].max() < 16 and a[60:70, 60:70].min() > 240    # see-through corner, solid face
    assert ("audio", "opus") in probe(out)["streams"]
    assert "AI-generated" in probe(out)["metadata"]["COMMENT"]


def test_prores_4444_mov_carries_alpha(tmp_path, engine, talk_ko):
    from studio.motion.performance import Performance
    short = Performance(duration=0.3, audio=talk_ko.audio[: int(0.3 * talk_ko.sample_rate)],
                        sample_rate=talk_ko.sample_rate)
    out = tmp_path / "alpha.mov"
    export_video(short, engine, out, size=128, fps=30, options=VideoOptions(format="mov", transparent=True))
    frames, _, _ = decode_video(out, alpha=True)
    assert len(frames) == 9 and frames[0].shape == (128, 128, 4)
    assert frames[0][:8, :8, 3].max() < 16 and frames[0][60:70, 60:70, 3].min() > 240
    assert ("video", "prores") in probe(out)["streams"] and ("audio", "aac") in probe(out)["streams"]


def test_720p_framing_fills_the_sides_without_a_seam(tmp_path, engine):
    from studio.motion.performance import Performance
    out = tmp_path / "wide.mp4"
    export_video(Performance(duration=0.25), engine, out, size=512, fps=24,
                 options=VideoOptions(framing="720p"))
    frames, _, _ = decode_video(out)
    f = frames[0].astype(np.int16)
    assert f.shape == (720, 1280, 3) and len(frames) == 6
    x0 = (1280 - 720) // 2
    seam = np.abs(f[:, x0 - 3] - f[:, x0 + 2]).mean()
    assert seam < 25                                       # the fill continues the frame's edge
    assert f[:, :x0].std() > 3                             # and is not a flat black bar
    assert "audio" not in [t for t, _ in probe(out)["streams"]]    # silent performance: no track


def test_music_is_ducked_under_the_voice(tmp_path, engine, profile, speech_en):
    import soundfile as sf
    from studio.motion.performance import build_performance
    from studio.export.audio import load_music
    rate = 44100
    t = np.arange(int(rate * 1.0)) / rate
    sf.write(tmp_path / "tone.wav", (0.6 * np.sin(2 * np.pi * 5000 * t)).astype(np.float32), rate)
    music = load_music(tmp_path / "tone.wav")
    # the music fades out over the last 1.5 s: leave silence long enough to measure it before
    perf = build_performance(profile, speech=speech_en, duration=speech_en.duration + 3.0)
    out = tmp_path / "music.mp4"
    export_video(perf, engine, out, size=64, fps=24, options=VideoOptions(music=music))
    samples, sr, _ = decode_audio(out)

    def tone_level(a, b):
        seg = samples[int(a * sr):int(b * sr)]
        spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
        k = int(round(5000 * len(seg) / sr))
        return spec[k - 2:k + 3].max() / len(seg)
    speaking = tone_level(0.3, speech_en.duration - 0.3)
    silent = tone_level(speech_en.duration + 0.8, speech_en.duration + 1.4)
    assert silent > 0.003                                  # the music is there …
    assert speaking < 0.5 * silent                         # … and steps back while the voice speaks


class _FailingAfter:
    """The real engine, failing after n frames (a disk error, a crash in a plug-in …)."""

    def __init__(self, engine, n):
        self.engine, self.n = engine, n

    def render(self, pose, size=512):
        self.n -= 1
        if self.n < 0:
            raise RuntimeError("renderer crashed")
        return self.engine.render(pose, size=size)


def test_cancel_and_failure_leave_nothing_at_the_target(tmp_path, engine, talk_ko):
    target = tmp_path / "out.mp4"
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        export_video(talk_ko, engine, target, size=64, fps=24, cancel=cancel,
                     progress=lambda f: cancel.set() if f > 0.3 else None)
    assert not target.exists()
    with pytest.raises(RuntimeError):
        export_video(talk_ko, _FailingAfter(engine, 5), target, size=64, fps=24)
    assert not target.exists()
    target.write_bytes(b"the user's earlier video")
    with pytest.raises(RuntimeError):
        export_video(talk_ko, _FailingAfter(engine, 5), target, size=64, fps=24)
    assert target.read_bytes() == b"the user's earlier video"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp4"]   # no temp files left


def test_bad_requests_are_user_errors(tmp_path, engine, talk_ko):
    with pytest.raises(UserError, match="MP4 cannot carry transparency"):
        export_video(talk_ko, engine, tmp_path / "a.mp4", options=VideoOptions(transparent=True))
    with pytest.raises(UserError, match="frame rate"):
        export_video(talk_ko, engine, tmp_path / "a.mp4", fps=29)
    with pytest.raises(UserError, match="does not exist"):
        export_video(talk_ko, engine, tmp_path / "missing" / "a.mp4")
    assert list(tmp_path.iterdir()) == []


def test_1080p_framing(tmp_path, engine):
    from studio.motion.performance import Performance
    out = tmp_path / "hd.mp4"
    export_video(Performance(duration=0.1), engine, out, fps=30, options=VideoOptions(framing="1080p"))
    frames, _, _ = decode_video(out)
    assert len(frames) == 3 and frames[0].shape == (1080, 1920, 3)


def test_long_text_is_split_into_readable_timed_cues(speech_en):
    from studio.export.subtitles import group_cues, to_srt
    from studio.speech.types import WordEvent
    words = [WordEvent(w.start + k * speech_en.duration, w.end + k * speech_en.duration, w.text)
             for k in range(6) for w in speech_en.words]
    cues = group_cues(words, "en")
    assert len(cues) >= 4
    for c in cues:
        assert all(len(line) <= 26 for line in c.text.splitlines()) and c.text.count("\n") <= 1
        assert c.end - c.start <= 5.5
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))          # never two at once
    assert " ".join(c.text.replace("\n", " ") for c in cues) == " ".join(w.text for w in words)
    assert to_srt(cues).count(" --> ") == len(cues)


def test_ai_label_follows_the_privacy_settings(tmp_path, engine):
    import json
    from studio.motion.performance import Performance
    from studio.profile.model import DigitalHuman, replace_in
    p = replace_in(DigitalHuman(), "privacy", disclose_static="none", disclose_dynamic="full",
                   disclose_internal="summary")
    p = replace_in(p, "internal", name="Mina", memories=("a private memory",))
    out = tmp_path / "l.mp4"
    export_video(Performance(duration=0.1), engine, out, size=64, options=VideoOptions(profile=p))
    meta = probe(out)["metadata"]
    details = json.loads(meta["description"])
    assert "AI-generated" in meta["comment"]
    assert "static" not in details["disclosed"]
    assert details["disclosed"]["dynamic"]["voice_language"] == "en"
    assert "name" in details["disclosed"]["internal"]["changed"]
    assert "a private memory" not in meta["description"]
    off = replace_in(p, "privacy", ai_label_metadata=False)
    out2 = tmp_path / "nolabel.mp4"
    export_video(Performance(duration=0.1), engine, out2, size=64, options=VideoOptions(profile=off))
    assert "comment" not in probe(out2)["metadata"]


def test_retracked_mouth_follows_the_voice_within_one_frame(tmp_path, engine, profile, speech_en):
    """Budget (docs/ARCHITECTURE.md, *Budgets and the benchmark*): re-track the exported video
    (MediaPipe, the drive path's tracker) and line the
    mouth opening up with the decoded audio's loudness: best lag within ±1 frame. (The lag is
    the exporter's job; how strongly the mouth follows is the lip-sync's — measured ≈0.8.)"""
    from studio.motion.drive import track_video
    from studio.motion.performance import build_performance
    fps = 25
    out = tmp_path / "sync.mp4"
    export_video(build_performance(profile, speech=speech_en), engine, out, size=256, fps=fps)
    track, _ = track_video(out)
    jaw = track.column("jawOpen")
    samples, sr, _ = decode_audio(out)
    hop = sr // fps
    padded = np.concatenate([np.zeros(hop // 2, np.float32), samples])   # windows centred on frame times
    env = np.array([np.sqrt(np.mean(padded[i * hop:(i + 1) * hop] ** 2)) for i in range(len(jaw))])

    def corr(lag):
        x, y = (jaw[lag:], env[:len(env) - lag]) if lag >= 0 else (jaw[:lag], env[-lag:])
        x, y = x - x.mean(), y - y.mean()
        return float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum() + 1e-12))
    scores = {lag: corr(lag) for lag in range(-4, 5)}
    best = max(scores, key=scores.get)
    assert abs(best) <= 1, scores
    assert scores[best] >= 0.5, scores
    print(f"sync: best lag {best} frames, correlation {scores[best]:.2f}")


def test_cues_break_at_sentences_and_keep_punctuation():
    """Every spoken word appears, with its punctuation, and a new sentence starts a new cue."""
    from studio.export.subtitles import group_cues
    from studio.profile.model import ExternalDynamic
    from studio.speech.say import speak
    speech = speak("안녕하세요, 저는 아바타입니다. 만나서 반갑습니다.", ExternalDynamic(), language="ko")
    cues = group_cues(speech.words, "ko")
    texts = [c.text.replace("\n", " ") for c in cues]
    assert texts[0].endswith("아바타입니다.") and texts[0].startswith("안녕하세요,")
    assert texts[1].startswith("만나서") and texts[-1].endswith("반갑습니다.")
