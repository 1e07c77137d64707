"""Photo intake on the real portrait and on every kind of bad photo a user may bring."""
from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from studio.errors import UserError
from studio.face import topology as T
from studio.face.intake import MAX_SIDE, MIN_FACE_PX, estimated_yaw, load_photo


def _save(img: Image.Image, path, **kw):
    img.save(path, **kw)
    return path


def _nose(photo) -> np.ndarray:
    return photo.landmarks[T.NOSE_TIP, :2]


def test_astronaut_landmarks_and_mask(photo, astronaut_rgb):
    assert photo.rgb.shape == astronaut_rgb.shape and photo.rgb.dtype == np.uint8
    assert photo.landmarks.shape == (478, 3) and photo.landmarks.dtype == np.float32
    x, y = photo.landmarks[:, 0], photo.landmarks[:, 1]
    assert (x > 0).all() and (x < 512).all() and (y > 0).all() and (y < 512).all()
    # The subject's left eye is on the image's right, and the nose is between the eyes.
    assert photo.landmarks[T.LEFT_IRIS[0], 0] > _nose(photo)[0] > photo.landmarks[T.RIGHT_IRIS[0], 0]
    assert photo.landmarks[T.CHIN, 1] > _nose(photo)[1] > photo.landmarks[T.FOREHEAD, 1]
    assert photo.person_mask.shape == (512, 512) and photo.person_mask.dtype == np.float32
    nx, ny = _nose(photo).astype(int)
    assert photo.person_mask[ny, nx] > 0.9          # the face is the person
    assert photo.person_mask[5:40, 420:500].mean() < 0.2   # the backdrop is not
    assert photo.warnings == ()


def test_array_and_file_give_the_same_face(photo, astronaut_png):
    from_file = load_photo(astronaut_png)
    assert np.abs(from_file.landmarks - photo.landmarks).max() < 0.5


def test_no_face_is_refused_with_advice(blank_png):
    with pytest.raises(UserError, match="no face found in blank.png: use a photo where one face"):
        load_photo(blank_png)          # a landscape-like gradient
    with pytest.raises(UserError, match="no face found"):
        load_photo(np.full((600, 800, 3), 240, np.uint8))      # a blank white picture
    with pytest.raises(UserError, match="not a photo"):
        load_photo(np.zeros((4, 4, 3), np.uint8))


def test_not_an_image_and_truncated_file(tmp_path, astronaut_rgb):
    text = tmp_path / "notes.jpg"
    text.write_text("this is not a picture\n")
    with pytest.raises(UserError, match="not an image file"):
        load_photo(text)
    full = io.BytesIO()
    Image.fromarray(astronaut_rgb).save(full, format="JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(full.getvalue()[: len(full.getvalue()) // 3])
    with pytest.raises(UserError, match="damaged or incomplete"):
        load_photo(cut)
    with pytest.raises(UserError, match="not found"):
        load_photo(tmp_path / "missing.png")


def test_cmyk_greyscale_palette_and_16_bit(tmp_path, astronaut_rgb, photo):
    img = Image.fromarray(astronaut_rgb)
    cases = {
        "cmyk.jpg": (img.convert("CMYK"), {"quality": 95}),
        "grey.png": (img.convert("L"), {}),
        "palette.png": (img.convert("P", palette=Image.ADAPTIVE, colors=256), {}),
        "deep.png": (Image.fromarray((astronaut_rgb[..., 1].astype(np.uint16) * 257)), {}),
    }
    for name, (im, kw) in cases.items():
        p = load_photo(_save(im, tmp_path / name, **kw))
        assert p.rgb.shape == (512, 512, 3) and p.rgb.dtype == np.uint8, name
        assert np.abs(_nose(p) - _nose(photo)).max() < 4, name
    deep = load_photo(tmp_path / "deep.png")
    assert deep.rgb.max() > 200          # 16-bit scaled down, not clipped to white or black


def test_rgba_with_transparent_surround(tmp_path, astronaut_rgb, photo):
    rgba = np.dstack([astronaut_rgb, np.full((512, 512), 255, np.uint8)])
    rgba[:, :60, 3] = 0
    p = load_photo(_save(Image.fromarray(rgba, "RGBA"), tmp_path / "cutout.png"))
    assert (p.rgb[:, :60] == 255).all()          # transparent shows as white, not black
    assert np.abs(_nose(p) - _nose(photo)).max() < 3


def test_exif_rotation_is_applied(tmp_path, astronaut_rgb, photo):
    # A camera stores the pixels rotated and says so in EXIF (orientation 6: rotate 90° CW).
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(astronaut_rgb, 1)))
    exif = Image.Exif()
    exif[0x0112] = 6
    p = load_photo(_save(stored, tmp_path / "phone.jpg", exif=exif, quality=95))
    assert p.rgb.shape == (512, 512, 3)
    assert np.abs(_nose(p) - _nose(photo)).max() < 4     # upright again


def test_huge_photo_is_reduced_with_a_note(photo, astronaut_rgb):
    big = cv2.resize(astronaut_rgb, (2600, 2600), interpolation=cv2.INTER_CUBIC)
    p = load_photo(big)
    assert max(p.rgb.shape[:2]) == MAX_SIDE
    assert any("reduced" in w for w in p.warnings)
    scale = MAX_SIDE / 512
    assert np.abs(_nose(p) / scale - _nose(photo)).max() < 2


def _canvas(rgb, scale, side):
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    c = np.full((side, side, 3), 120, np.uint8)
    y = (side - small.shape[0]) // 2
    c[y:y + small.shape[0], y:y + small.shape[1]] = small
    return c


def test_small_face_in_large_canvas_is_found(astronaut_rgb):
    p = load_photo(_canvas(astronaut_rgb, 0.8, 1400))
    assert T.face_width(p.landmarks) >= MIN_FACE_PX
    # the 73 px face is enlarged for rendering (as far as the size limit allows), and says so
    assert p.enlarged > 1.0 and max(p.rgb.shape[:2]) <= 2048
    assert [w for w in p.warnings if "enlarged" not in w] == []


def test_tiny_face_is_refused(astronaut_rgb):
    with pytest.raises(UserError, match=f"too small.*at least {MIN_FACE_PX} px"):
        load_photo(_canvas(astronaut_rgb, 0.4, 800))


def test_two_faces_use_the_largest_and_say_so(astronaut_rgb):
    smaller = cv2.resize(astronaut_rgb, (400, 400), interpolation=cv2.INTER_AREA)
    pair = np.full((512, 912, 3), 120, np.uint8)
    pair[:, :512] = astronaut_rgb
    pair[56:456, 512:] = smaller
    p = load_photo(pair)
    assert any("2 faces" in w and "largest" in w for w in p.warnings)
    assert _nose(p)[0] < 512                          # the big one, on the left


def test_turn_estimate_follows_yaw(photo, engine):
    assert abs(estimated_yaw(photo.landmarks)) < 12
    turned = engine.rig.target({"headYaw": 35})
    other = engine.rig.target({"headYaw": -35})
    assert estimated_yaw(turned) > 15 and estimated_yaw(other) < -15
