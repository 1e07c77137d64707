"""Photo validation at the edge (docs/ARCHITECTURE.md, *Errors and failures*): pictures too
large to decode, too small to
hold a face, huge JPEGs, and faces on their side — each refused or handled with one clear line."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from PIL import Image

from studio.errors import UserError
from studio.face.intake import MAX_SIDE, MIN_PICTURE_PX, estimated_roll, load_photo


def test_picture_over_the_pixel_limit_is_refused_before_decoding(tmp_path):
    path = tmp_path / "poster.png"
    Image.new("1", (11000, 10000)).save(path)          # 110 megapixels, 13 kB on disk
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # Pillow's warning would reach stderr
        with pytest.raises(UserError, match=r"poster.png \(11000×10000\) is too large: the limit is "
                                            r"100 megapixels"):
            load_photo(path)


def test_decompression_bomb_is_a_user_error_not_a_crash(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("1", (20000, 10000)).save(path)          # past Pillow's own refusal threshold
    with pytest.raises(UserError, match="bomb.png.* is too large"):
        load_photo(path)


def test_picture_too_small_for_a_face_says_so(tmp_path, astronaut_rgb):
    path = tmp_path / "icon.png"
    Image.fromarray(astronaut_rgb).resize((40, 40)).save(path)
    with pytest.raises(UserError, match=f"icon.png is only 40×40 pixels: a face needs at least "
                                        f"{MIN_PICTURE_PX} pixels"):
        load_photo(path)


def test_huge_jpeg_is_reduced_and_the_note_names_its_real_size(tmp_path, astronaut_rgb):
    path = tmp_path / "camera.jpg"
    Image.fromarray(astronaut_rgb).resize((4800, 4800)).save(path, quality=85)
    photo = load_photo(path)             # decoded at half scale (JPEG draft), then to MAX_SIDE
    assert photo.rgb.shape == (MAX_SIDE, MAX_SIDE, 3)
    assert any("(4800×4800) was reduced to 2048×2048" in w for w in photo.warnings)


@pytest.mark.parametrize("angle,how", [(90, "on its side"), (-90, "on its side")])
def test_face_on_its_side_is_refused_with_advice_to_rotate(astronaut_rgb, angle, how):
    turned = np.ascontiguousarray(np.rot90(astronaut_rgb, k=angle // 90))
    with pytest.raises(UserError, match=f"is {how} .*rotate the photo so the face is upright"):
        load_photo(turned)


def test_slightly_tilted_face_is_accepted(astronaut_rgb):
    tilted = np.asarray(Image.fromarray(astronaut_rgb).rotate(25, fillcolor=(200, 200, 200)))
    photo = load_photo(tilted)                 # counter-clockwise: the chin swings right
    assert estimated_roll(photo.landmarks) == pytest.approx(-25, abs=6)
    assert photo.warnings == ()


def test_upside_down_face_is_refused(astronaut_rgb):
    """Face Mesh fits an upright mesh onto an upside-down face, so the roll looks fine: the
    photo turned round shows the same face larger, and the photo is refused."""
    with pytest.raises(UserError, match="is upside down: rotate the photo"):
        load_photo(np.ascontiguousarray(astronaut_rgb[::-1, ::-1]))
