"""Stickers: every platform preset's output decoded and checked against every limit recorded in
`studio.export.platforms.PLATFORMS`; GIF matting; APNG alpha; looping; size-cap fitting."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from studio.errors import UserError
from studio.export import encoders
from studio.export.motions import STICKER_NAMES, motion_for
from studio.export.platforms import PLATFORM_NAMES, PLATFORMS, get_platform
from studio.export.readback import decode_sticker
from studio.export.stickers import export_sticker, make_sticker, sticker_extension
from studio.rig.presets import PRESETS

MOTION_FOR_PLATFORM = {"telegram": "wink", "telegram-emoji": "laugh", "whatsapp": "love",
                       "line": "bye", "kakaotalk": "nod", "discord": "thinking",
                       "discord-emoji": "surprised", "slack": "happy"}


@pytest.fixture(scope="module", params=PLATFORM_NAMES)
def platform_sticker(request, tmp_path_factory, engine, profile):
    plat = PLATFORMS[request.param]
    out = tmp_path_factory.mktemp("stickers") / f"s{sticker_extension(plat.formats[0])}"
    export_sticker(engine, profile, MOTION_FOR_PLATFORM[plat.key], out, platform=plat.key,
                   caption="안녕! Hi")
    return plat, out


def test_every_platform_preset_is_within_every_limit(platform_sticker):
    plat, out = platform_sticker
    dec = decode_sticker(out)
    size = out.stat().st_size
    assert 0 < size <= plat.max_bytes
    h, w = dec.frames[0].shape[:2]
    assert (w, h) == plat.canvas
    n = len(dec.frames)
    assert n >= 2 and dec.seconds <= plat.max_seconds + 1e-6
    if plat.max_frames:
        assert plat.min_frames <= n <= plat.max_frames
    assert min(dec.durations_ms) >= plat.min_frame_ms
    assert n / dec.seconds <= plat.max_fps + 0.5
    alpha = np.stack([f[..., 3] for f in dec.frames])
    if plat.transparency == "none":
        assert alpha.min() == 255 and (dec.frames[0][:4, :4, :3] > 245).all()   # on white
    else:
        assert alpha[:, :4, :4].max() <= 4 and alpha[:, h // 2, w // 2].min() >= 250   # VP9 alpha is lossy
    if plat.finite_loops:
        assert 1 <= dec.loop <= 4 and dec.loop * dec.seconds <= plat.max_total_seconds + 1e-6
    elif dec.loop is not None:
        assert dec.loop == 0                                 # loops forever
    assert any(not np.array_equal(dec.frames[0], f) for f in dec.frames[1:])   # it moves
    assert "AI-generated" in dec.label
    if plat.formats[0] == "webm":
        import av
        with av.open(str(out)) as c:
            assert [s.type for s in c.streams] == ["video"]   # Telegram: no audio
            assert c.streams.video[0].codec_context.name == "vp9"


def test_caption_is_drawn_at_the_bottom(tmp_path, engine, profile):
    a, _ = make_sticker(engine, profile, "happy", fmt="apng", size=128, caption="좋아요")
    b, _ = make_sticker(engine, profile, "happy", fmt="apng", size=128)
    (tmp_path / "a.png").write_bytes(a)
    (tmp_path / "b.png").write_bytes(b)
    fa, fb = decode_sticker(tmp_path / "a.png").frames[0], decode_sticker(tmp_path / "b.png").frames[0]
    diff = np.abs(fa.astype(int) - fb.astype(int)).max(axis=2)
    assert (diff[100:, :] > 80).mean() > 0.03 and (diff[:60, :] > 80).mean() == 0


def test_webp_and_webm_keep_8_bit_alpha_webm_through_libvpx(tmp_path, engine, profile):
    for fmt in ("webm", "webp", "apng"):
        data, info = make_sticker(engine, profile, "nod", fmt=fmt, size=128)
        path = tmp_path / f"n{sticker_extension(fmt)}"
        path.write_bytes(data)
        dec = decode_sticker(path)
        alpha = dec.frames[0][..., 3]
        assert alpha[:4, :4].max() < 8 and alpha[64, 64] > 247, fmt
        assert ((alpha > 20) & (alpha < 235)).any(), f"{fmt}: soft edges keep partial alpha"
        assert dec.seconds == pytest.approx(motion_for("nod").duration, abs=0.05), fmt


def test_gif_transparency_is_matted_without_a_dark_halo():
    """Soft red disc on nothing: edge pixels come out as red over the matte colour, and only
    clearly transparent pixels become the transparent index."""
    y, x = np.mgrid[0:96, 0:96]
    r = np.hypot(x - 48, y - 48)
    alpha = np.clip((40 - r) / 8, 0, 1)                     # 8-pixel soft edge
    frame = np.zeros((96, 96, 4), np.uint8)
    frame[..., 0] = 220
    frame[..., 3] = (alpha * 255).astype(np.uint8)
    frames = [frame, np.roll(frame, 2, axis=1)]
    matte = (255, 255, 255)
    data = encoders.encode_gif(frames, 100, colours=64, matte=matte)
    from PIL import Image
    import io
    with Image.open(io.BytesIO(data)) as im:
        got = np.asarray(im.convert("RGBA")).astype(int)
    a = frame[..., 3]
    assert (got[a < 128, 3] == 0).all() and (got[a >= 128, 3] == 255).all()
    edge = (a >= 128) & (a < 250)
    expected = encoders.matte_rgb(frame, matte).astype(int)
    assert np.abs(got[edge, :3] - expected[edge]).max() < 24          # matted, not darkened
    assert got[edge, :3].sum(axis=1).min() >= 200        # no pixel darker than the disc: no dark fringe


def test_every_sticker_loops_cleanly():
    """The last frame flows into the first: pose just before the period ≈ pose at 0."""
    assert set(PRESETS) <= set(STICKER_NAMES)
    for name in STICKER_NAMES:
        m = motion_for(name)
        a, b = m.pose_at(0.0), m.pose_at(m.duration - 1e-4)
        assert max(abs(a.get(k, 0) - b.get(k, 0)) for k in set(a) | set(b)) < 1e-2, name
        step = m.pose_at(m.duration / 30)                    # and it does move
        assert any(abs(step.get(k, 0) - a.get(k, 0)) > 1e-3 for k in set(a) | set(step)), name


def test_size_cap_is_met_by_lowering_quality_and_never_exceeded(tmp_path, engine, profile):
    plat = get_platform("whatsapp")
    tight = dataclasses.replace(plat, canvas=(192, 192), max_bytes=45_000)
    free = dataclasses.replace(tight, max_bytes=10**9)
    full, full_info = make_sticker(engine, profile, "laugh", platform=free)
    data, info = make_sticker(engine, profile, "laugh", platform=tight)
    assert len(full) > 45_000 and len(data) <= 45_000         # the cap forced a smaller file …
    assert info.setting < full_info.setting or info.frames < full_info.frames   # … by giving up
    impossible = dataclasses.replace(plat, canvas=(192, 192), max_bytes=800)
    target = tmp_path / "x.webp"
    with pytest.raises(UserError, match="does not fit"):
        export_sticker(engine, profile, "laugh", target, platform=impossible)
    assert list(tmp_path.iterdir()) == []


def test_platform_rules_are_explained(tmp_path, engine, profile):
    with pytest.raises(UserError, match="transparent background"):
        make_sticker(engine, profile, "wink", platform="line", background="#ff0000")
    with pytest.raises(UserError, match=r"name the output s\.webm"):
        export_sticker(engine, profile, "wink", tmp_path / "s.webp", platform="telegram")
    with pytest.raises(UserError, match="unknown sticker"):
        make_sticker(engine, profile, "moonwalk", size=64)
    assert list(tmp_path.iterdir()) == []


def test_one_enumeration_drives_the_cli_choices():
    from studio.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for cmd in ("sticker", "pack"):
        action = next(a for a in sub.choices[cmd]._actions if a.dest == "platform")
        assert tuple(action.choices) == PLATFORM_NAMES


def test_coloured_background_is_opaque_and_gif_without_transparency(tmp_path, engine, profile):
    out = tmp_path / "c.gif"
    export_sticker(engine, profile, "wink", out, background="#3366cc", size=96)
    dec = decode_sticker(out)
    f = dec.frames[0]
    assert f[..., 3].min() == 255
    assert np.abs(f[2, 2, :3].astype(int) - (0x33, 0x66, 0xCC)).max() < 16


def test_sticker_ai_label_follows_the_profile(tmp_path, engine, profile):
    from studio.profile.model import replace_in
    off = replace_in(profile, "privacy", ai_label_metadata=False)
    for fmt in ("webp", "gif", "apng", "webm"):
        data, _ = make_sticker(engine, off, "nod", fmt=fmt, size=64)
        path = tmp_path / f"s{sticker_extension(fmt)}"
        path.write_bytes(data)
        assert "AI-generated" not in decode_sticker(path).label, fmt


def test_cancelled_sticker_writes_nothing(tmp_path, engine, profile):
    import threading
    from studio.errors import Cancelled
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_sticker(engine, profile, "wink", tmp_path / "s.webp", size=64, cancel=cancel)
    assert list(tmp_path.iterdir()) == []
