"""Caption/subtitle text: the shipped font with Korean glyphs (an OS one if the install lost
it), or a clear message when none exists."""
from __future__ import annotations

import numpy as np
import pytest

from studio.errors import UserError
from studio.export import text


@pytest.fixture
def fresh_font_cache():
    text.find_font.cache_clear()
    text._font.cache_clear()
    yield
    text.find_font.cache_clear()
    text._font.cache_clear()


def test_korean_caption_renders_real_glyphs(fresh_font_cache):
    font = text.find_font()
    assert text.has_korean_glyphs(font)
    a = text.render_text("안녕하세요", 40, 400)
    b = text.render_text("감사합니다", 40, 400)
    assert a.shape[2] == 4 and a.shape[1] > 4 * 40            # five wide glyphs on one line
    ink = a[..., 3] > 128
    white = (a[..., :3].min(axis=2) > 200) & ink
    assert white.mean() > 0.05 and (ink & ~white).mean() > 0.05   # white fill, dark outline
    assert a.shape != b.shape or not np.array_equal(a, b)      # different words, different glyphs


def test_long_caption_wraps_then_shrinks_to_fit(fresh_font_cache):
    caption = "긴 자막은 줄을 나눕니다 and keeps going"
    line = text.render_text("짧음", 30, 400).shape[0]
    three = text.render_text(caption, 30, 200, max_lines=3)
    assert three.shape[1] <= 210 and 2.5 * line < three.shape[0] < 3.5 * line
    one = text.render_text(caption, 30, 200, max_lines=1)
    assert one.shape[1] <= 210 and one.shape[0] < 1.1 * line     # smaller type, one line


def test_the_shipped_font_draws_korean_whatever_the_system_has(monkeypatch, fresh_font_cache):
    """A machine with no Korean font (a bare Linux, a minimal container) still gets captions,
    and one with other fonts draws them the same: the project's own font, package data
    beside the code, comes first."""
    monkeypatch.delenv("AVATAR_STUDIO_FONT", raising=False)
    assert text.find_font() == text.BUNDLED_FONT
    monkeypatch.setattr(text, "_fontconfig_candidates", lambda: [])
    monkeypatch.setattr(text, "_folder_candidates", lambda: [])
    text.find_font.cache_clear()
    assert text.find_font() == text.BUNDLED_FONT
    caption = text.render_text("안녕하세요", 40, 400)
    assert caption.shape[1] > 4 * 40 and (caption[..., 3] > 128).mean() > 0.05
    assert (text.BUNDLED_FONT.parent / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1


def test_no_korean_font_at_all_is_a_clear_user_error(monkeypatch, fresh_font_cache, tmp_path):
    monkeypatch.delenv("AVATAR_STUDIO_FONT", raising=False)
    monkeypatch.setattr(text, "_fontconfig_candidates", lambda: [])
    monkeypatch.setattr(text, "_folder_candidates", lambda: [])
    monkeypatch.setattr(text, "BUNDLED_FONT", tmp_path / "missing.ttf")    # a broken install
    with pytest.raises(UserError, match="no font with Korean glyphs found: install e.g. fonts-nanum"):
        text.find_font()


def test_font_override_must_have_korean_glyphs(monkeypatch, fresh_font_cache):
    from pathlib import Path
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("no Latin-only font on this machine to try")
    monkeypatch.setenv("AVATAR_STUDIO_FONT", str(latin))
    with pytest.raises(UserError, match="not a font with Korean glyphs"):
        text.find_font()


def test_a_broken_install_falls_back_to_a_system_font(monkeypatch, fresh_font_cache, tmp_path):
    monkeypatch.delenv("AVATAR_STUDIO_FONT", raising=False)
    monkeypatch.setattr(text, "BUNDLED_FONT", tmp_path / "missing.ttf")
    system = tmp_path / "NanumGothic.ttf"
    system.write_bytes(text.KOREAN_FONT.read_bytes())          # stands for an OS font file
    monkeypatch.setattr(text, "_fontconfig_candidates", lambda: [system])
    assert text.find_font() == system
