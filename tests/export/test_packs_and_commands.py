"""Sticker packs and the say / sticker / pack commands, end to end through `studio.cli.main`."""
from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np
import pytest
from PIL import Image

from studio.cli import main
from studio.errors import UserError
from studio.export.packs import PackItem, export_pack
from studio.export.platforms import PLATFORMS
from studio.export.readback import decode_sticker
from tests.export.helpers import decode_audio, decode_video, probe


def test_whatsapp_zip_pack_has_tray_icon_manifest_and_stickers_within_limits(tmp_path, engine, profile):
    plat = PLATFORMS["whatsapp"]
    out = tmp_path / "pack.zip"
    items = [PackItem("happy"), PackItem("wink", "안녕!"), PackItem("sad")]
    export_pack(engine, profile, items, "whatsapp", out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        tray = zf.read("tray.png")
        stickers = {n: zf.read(n) for n in names if n.endswith(".webp")}
    assert sorted(stickers) == ["01_happy.webp", "02_wink.webp", "03_sad.webp"]
    assert manifest["platform"] == "whatsapp" and manifest["count"] == 3
    assert [s["caption"] for s in manifest["stickers"]] == ["", "안녕!", ""]
    assert all(s["emoji"] for s in manifest["stickers"])
    assert len(tray) <= 50_000 and Image.open(io.BytesIO(tray)).size == (96, 96)
    for name, data in stickers.items():
        assert len(data) <= plat.max_bytes
        (tmp_path / name).write_bytes(data)
        dec = decode_sticker(tmp_path / name)
        assert dec.frames[0].shape == (512, 512, 4) and dec.seconds <= plat.max_seconds
        assert dec.frames[0][:4, :4, 3].max() == 0                    # transparent background
        entry = next(s for s in manifest["stickers"] if s["file"] == name)
        assert entry["bytes"] == len(data)


def test_pack_counts_follow_the_platform(tmp_path, engine, profile):
    with pytest.raises(UserError, match="3–30 stickers"):
        export_pack(engine, profile, ["happy", "sad"], "whatsapp", tmp_path / "p.zip")
    with pytest.raises(UserError, match="8, 16, 24"):
        export_pack(engine, profile, ["happy"], "line", tmp_path / "line")
    assert list(tmp_path.iterdir()) == []


def test_pack_cli_writes_a_telegram_folder_with_set_icon(tmp_path, astronaut_png, capsys):
    out = tmp_path / "tg"
    rc = main(["pack", "--photo", str(astronaut_png), "--platform", "telegram-emoji",
               "--preset", "laugh", "--preset", "love=사랑해", "-o", str(out)])
    assert rc == 0, capsys.readouterr().err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["01_laugh.webm", "02_love.webm", "icon.png", "manifest.json"]
    assert Image.open(out / "icon.png").size == (100, 100)
    for f in ("01_laugh.webm", "02_love.webm"):
        assert (out / f).stat().st_size <= 64_000
        dec = decode_sticker(out / f)
        assert dec.frames[0].shape == (100, 100, 4) and dec.seconds <= 3.0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_sticker_cli_and_its_one_line_errors(tmp_path, astronaut_png, capsys):
    out = tmp_path / "s.gif"
    rc = main(["sticker", "--photo", str(astronaut_png), "--preset", "wink", "--caption", "윙크",
               "--platform", "kakaotalk", "-o", str(out)])
    assert rc == 0
    dec = decode_sticker(out)
    assert dec.frames[0].shape == (360, 360, 4) and len(dec.frames) <= 24
    capsys.readouterr()
    bad = tmp_path / "bad.webp"
    rc = main(["sticker", "--photo", str(astronaut_png), "--preset", "moonwalk", "-o", str(bad)])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "unknown sticker 'moonwalk'" in err and "wink" in err
    assert not bad.exists()
    rc = main(["sticker", "--photo", str(astronaut_png), "--preset", "wink", "--platform", "line",
               "--size", "256", "-o", str(tmp_path / "l.png")])
    err = capsys.readouterr().err               # the flag would be ignored silently otherwise
    assert rc == 2 and "--size cannot be used with --platform" in err and err.count("\n") == 1
    assert not (tmp_path / "l.png").exists()


def test_say_cli_reads_text_from_stdin_and_writes_subtitles(tmp_path, astronaut_png, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Hello. This is me."))
    out = tmp_path / "talk.mp4"
    rc = main(["say", "--photo", str(astronaut_png), "--text-file", "-", "--lang", "en", "-o", str(out),
               "--size", "128", "--fps", "24", "--subtitles", "vtt", "--background", "#204080"])
    assert rc == 0, capsys.readouterr().err
    frames, _, rate = decode_video(out)
    samples, sr, _ = decode_audio(out)
    assert rate == 24 and frames[0].shape == (128, 128, 3)
    assert len(samples) / sr == pytest.approx(len(frames) / 24, abs=0.05)
    assert np.abs(frames[0][2, 2].astype(int) - (0x20, 0x40, 0x80)).max() < 20   # the background colour
    assert "Hello" in out.with_suffix(".vtt").read_text("utf-8")
    assert "AI-generated" in probe(out)["metadata"]["comment"]


def test_say_cli_from_an_audio_file(tmp_path, astronaut_png, speech_en, capsys):
    import soundfile as sf
    wav = tmp_path / "voice.wav"
    sf.write(wav, speech_en.samples, speech_en.sample_rate)
    out = tmp_path / "talk.webm"
    rc = main(["say", "--photo", str(astronaut_png), "--audio", str(wav), "-o", str(out),
               "--size", "128", "--fps", "25", "--background", "transparent"])
    assert rc == 0, capsys.readouterr().err
    frames, _, _ = decode_video(out, alpha=True)
    assert len(frames) == math.ceil(speech_en.duration * 25 - 1e-9)
    assert frames[0][:4, :4, 3].max() < 16
    samples, sr, _ = decode_audio(out)
    assert len(samples) / sr == pytest.approx(speech_en.duration, abs=0.05)


def test_say_cli_refuses_transparent_mp4_without_leaving_a_file(tmp_path, astronaut_png, capsys):
    out = tmp_path / "t.mp4"
    rc = main(["say", "--photo", str(astronaut_png), "--text", "hi", "-o", str(out),
               "--background", "transparent"])
    err = capsys.readouterr().err
    assert rc == 2 and "MP4 cannot be transparent" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_sticker_from_a_driving_clip(tmp_path, engine, astronaut_png, capsys):
    """A clip of the avatar nodding drives a Telegram sticker of the same avatar."""
    from studio.export.motions import motion_for
    from studio.export.video import export_video
    from studio.motion.performance import Performance

    class Nod(Performance):
        def pose_at(self, t):
            return motion_for("wink").pose_at(t)
    clip = tmp_path / "clip.mp4"
    export_video(Nod(duration=1.6), engine, clip, size=256, fps=24)
    out = tmp_path / "driven.webm"
    rc = main(["sticker", "--photo", str(astronaut_png), "--driving", str(clip),
               "--platform", "telegram", "-o", str(out)])
    assert rc == 0, capsys.readouterr().err
    dec = decode_sticker(out)
    assert dec.frames[0].shape == (512, 512, 4) and out.stat().st_size <= 256_000
    assert dec.seconds <= 3.0
    lids = [f[180:260, 140:380, :3].astype(float).mean() for f in dec.frames]
    assert max(lids) - min(lids) > 1.0                  # the copied wink moves the eyes


def test_contact_sheet_shows_each_sticker_on_a_checkerboard(tmp_path, engine, profile):
    from studio.export.contact_sheet import pack_contact_sheet
    out = pack_contact_sheet(engine, profile, ["wink", PackItem("laugh", "ㅋㅋ")], "telegram-emoji",
                             tmp_path / "sheet.png", frames_per_sticker=3)
    sheet = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert sheet.shape[0] >= 2 * 100 and sheet.shape[1] >= 3 * 100
    grey = (np.abs(sheet - 235).max(axis=2) < 6) | (np.abs(sheet - 200).max(axis=2) < 6)
    assert grey.mean() > 0.05                      # the alpha shows the checkerboard through


def test_commands_work_from_a_project_file_and_use_its_profile(tmp_path, capsys):
    """A saved project's appearance and privacy settings reach the export."""
    from studio.profile.model import replace_in
    from studio.profile.project import save_project
    from studio.sample import sample_project
    project = sample_project()
    profile = replace_in(project.profile, "static", background="colour", background_colour="#ff8800")
    project.profile = replace_in(profile, "privacy", ai_badge_visible=True)
    path = tmp_path / "me.dhc"
    save_project(project, path)
    out = tmp_path / "hi.mp4"
    rc = main(["say", str(path), "--text", "Hi!", "--lang", "en", "-o", str(out), "--size", "128"])
    assert rc == 0, capsys.readouterr().err
    frames, _, _ = decode_video(out)
    assert np.abs(frames[0][64, 4].astype(int) - (0xFF, 0x88, 0x00)).max() < 20   # project colour
    assert np.abs(frames[0][6, 120].astype(int) - (0xFF, 0x88, 0x00)).max() > 40  # badge drawn
    rc = main(["sticker", str(path), "--preset", "happy", "-o", str(tmp_path / "s.webp"), "--size", "96"])
    assert rc == 0
    assert decode_sticker(tmp_path / "s.webp").frames[0][:3, :3, 3].max() == 0   # stickers: cut out


def test_line_set_has_main_and_tab_images_and_stays_within_limits(tmp_path, engine, profile):
    import threading
    from studio.errors import Cancelled
    names = ["wink", "nod", "laugh", "love", "bye", "thinking", "surprised", "kiss"]
    out = export_pack(engine, profile, names, "line", tmp_path / "line")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["count"] == 8
    main_png = decode_sticker(out / "main.png")
    assert main_png.frames[0].shape == (240, 240, 4) and len(main_png.frames) > 1      # animated
    assert (out / "main.png").stat().st_size <= 300_000
    assert Image.open(out / "tab.png").size == (96, 74)
    for entry in manifest["stickers"]:
        dec = decode_sticker(out / entry["file"])
        assert dec.frames[0].shape == (270, 320, 4) and 5 <= len(dec.frames) <= 20
        assert 1 <= dec.loop <= 4 and dec.loop * dec.seconds <= 4.0 + 1e-6
        assert (out / entry["file"]).stat().st_size <= 300_000
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        export_pack(engine, profile, names, "line", tmp_path / "again", cancel=cancel,
                    progress=lambda f: cancel.set())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line"]     # nothing half-written


class _BytesStdin:
    """Standard input as a terminal pipe gives it: text on top of a byte buffer."""
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("case,expected", [
    ("silent", "silent.wav is silent"),
    ("folder", "is a folder; give a text file"),
    ("latin1-stdin", "the standard input is not UTF-8 text"),
    ("emoji", "no letters or digits (emoji and symbols are not spoken)"),
])
def test_say_cli_bad_inputs_end_in_one_line_and_no_file(tmp_path, astronaut_png, monkeypatch,
                                                         capsys, case, expected):
    import soundfile as sf
    args = ["say", "--photo", str(astronaut_png), "-o", str(tmp_path / "out.mp4"), "--size", "64"]
    if case == "silent":
        sf.write(tmp_path / "silent.wav", np.zeros(48000, np.float32), 48000)
        args += ["--audio", str(tmp_path / "silent.wav")]
    elif case == "folder":
        (tmp_path / "texts").mkdir()
        args += ["--text-file", str(tmp_path / "texts")]
    elif case == "latin1-stdin":
        monkeypatch.setattr("sys.stdin", _BytesStdin("café au lait".encode("latin-1")))
        args += ["--text-file", "-"]
    else:
        args += ["--text", "😀🎉👍"]
    rc = main(args)
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and expected in err, err
    assert not (tmp_path / "out.mp4").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]      # no temp left


def test_say_cli_reads_utf8_bytes_from_stdin(tmp_path, astronaut_png, monkeypatch, capsys):
    """Korean on standard input arrives intact whatever the locale's encoding is."""
    monkeypatch.setattr("sys.stdin", _BytesStdin("\ufeff안녕하세요.".encode("utf-8")))
    out = tmp_path / "ko.mp4"
    rc = main(["say", "--photo", str(astronaut_png), "--text-file", "-", "--lang", "ko",
               "-o", str(out), "--size", "64", "--subtitles", "srt"])
    assert rc == 0, capsys.readouterr().err
    assert "안녕하세요" in out.with_suffix(".srt").read_text("utf-8")


def test_say_cli_checks_the_text_before_loading_the_avatar(tmp_path, capsys):
    """An empty text or unknown language is refused at once, not after seconds of set-up:
    the project is not even looked at (it does not exist here)."""
    for extra, expected in ((["--text", " "], "nothing to say"),
                            (["--text", "hi", "--lang", "xx"], "no voice for language 'xx'")):
        rc = main(["say", str(tmp_path / "none.dhc"), *extra, "-o", str(tmp_path / "o.mp4")])
        err = capsys.readouterr().err
        assert rc == 2 and expected in err and err.count("\n") == 1, err
