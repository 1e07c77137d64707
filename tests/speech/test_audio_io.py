"""load_audio on the formats users bring, and on broken files."""
from __future__ import annotations

import struct

import numpy as np
import pytest
import soundfile as sf

from studio.errors import UserError
from studio.speech.audio_io import MAX_SECONDS, is_silent, load_audio, save_wav


def tone(rate, seconds=0.5, freq=440.0):
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize("subtype,rate", [("PCM_U8", 16000), ("PCM_16", 22050), ("PCM_24", 44100),
                                          ("FLOAT", 48000), ("PCM_16", 8000)])
def test_formats_load_as_float_mono(tmp_path, subtype, rate):
    path = tmp_path / f"t_{subtype}_{rate}.wav"
    sf.write(path, tone(rate), rate, subtype=subtype)
    x, sr = load_audio(path)
    assert sr == rate and x.dtype == np.float32 and x.ndim == 1
    assert len(x) == int(rate * 0.5)
    assert 0.3 < np.sqrt(np.mean(x ** 2)) < 0.4            # 0.5 sine → RMS 0.354
    tol = 0.02 if subtype == "PCM_U8" else 1e-3
    assert np.max(np.abs(x - tone(rate))) < tol


def test_stereo_is_averaged_and_resampled(tmp_path):
    left, right = tone(48000), tone(48000, freq=880)
    path = tmp_path / "stereo48k.flac"
    sf.write(path, np.stack([left, right], axis=1), 48000)
    x, sr = load_audio(path, rate=16000)
    assert sr == 16000 and abs(len(x) - 8000) <= 1
    spec = np.abs(np.fft.rfft(x))
    freqs = np.fft.rfftfreq(len(x), 1 / 16000)
    peaks = sorted(freqs[np.argsort(spec)[-2:]])
    assert abs(peaks[0] - 440) < 5 and abs(peaks[1] - 880) < 5


def test_compressed_file_through_pyav(tmp_path):
    import av
    path = tmp_path / "voice.m4a"
    with av.open(str(path), "w") as c:
        s = c.add_stream("aac", rate=44100, layout="mono")
        x = tone(44100, 1.0)
        frame = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
        frame.sample_rate = 44100
        for pkt in s.encode(frame):
            c.mux(pkt)
        for pkt in s.encode(None):
            c.mux(pkt)
    y, sr = load_audio(path)
    assert sr == 44100 and 0.9 < len(y) / 44100 < 1.2 and np.sqrt(np.mean(y ** 2)) > 0.25


def test_missing_empty_garbage(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_audio(tmp_path / "nope.wav")
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        load_audio(tmp_path / "empty.wav")
    (tmp_path / "garbage.mp3").write_bytes(b"this is not audio at all " * 200)
    with pytest.raises(UserError, match="cannot read"):
        load_audio(tmp_path / "garbage.mp3")


def test_truncated_wav(tmp_path):
    path = tmp_path / "full.wav"
    sf.write(path, tone(16000, 2.0), 16000, subtype="PCM_16")
    data = path.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[:len(data) // 2])
    with pytest.raises(UserError, match="truncated"):
        load_audio(cut)


def test_two_hour_header_is_refused_before_decoding(tmp_path):
    """A WAV header that claims 2 hours (with 1 s of data behind it) is refused at once."""
    rate, n = 16000, 16000 * 7200
    header = (b"RIFF" + struct.pack("<I", 36 + 2 * n) + b"WAVEfmt "
              + struct.pack("<IHHIIHH", 16, 1, 1, rate, 2 * rate, 2, 16)
              + b"data" + struct.pack("<I", 2 * n))
    path = tmp_path / "two_hours.wav"
    path.write_bytes(header + bytes(2 * rate))
    with pytest.raises(UserError, match=f"limit is {MAX_SECONDS // 60} minutes"):
        load_audio(path)


def test_silence(tmp_path):
    path = tmp_path / "silence.wav"
    sf.write(path, np.zeros(16000, np.float32), 16000)
    x, _ = load_audio(path)
    assert is_silent(x)
    with pytest.raises(UserError, match="silent"):
        load_audio(path, require_sound=True)
    assert not is_silent(tone(16000))


def test_save_wav_roundtrip(tmp_path):
    path = save_wav(tmp_path / "out.wav", tone(22050), 22050)
    x, sr = load_audio(path)
    assert sr == 22050 and np.max(np.abs(x - tone(22050))) < 1e-3
    assert [p.name for p in tmp_path.iterdir()] == ["out.wav"]
