"""Background modes on the real astronaut (and one synthetic case for the blur halo)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.render.background import composite, cover_fit

MODES = ("original", "colour", "image", "blur", "transparent")


@pytest.fixture(scope="module")
def scene(photo):
    """(frame 512×512×3 uint8, alpha 512×512 float32) of the astronaut."""
    return photo.rgb, photo.person_mask.astype(np.float32)


@pytest.fixture(scope="module")
def picture():
    """A landscape background image (400×600) with a clear left/right difference."""
    img = np.zeros((400, 600, 3), np.uint8)
    img[:, :300] = (200, 40, 40)
    img[:, 300:] = (40, 40, 200)
    return img


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_returns_rgba_of_the_frame_size(scene, static, picture, mode):
    frame, alpha = scene
    out = composite(frame, alpha, static(background=mode), picture, frame)
    assert out.shape == (512, 512, 4) and out.dtype == np.uint8
    if mode != "transparent":
        assert (out[..., 3] == 255).all()
    nose = (130, 223)                                   # the face itself is never replaced
    assert np.abs(out[nose][:3].astype(int) - frame[nose]).max() <= 2


def test_original_is_the_frame_itself(scene, static):
    frame, alpha = scene
    out = composite(frame, alpha, static(), None, None)
    assert np.array_equal(out[..., :3], frame) and (out[..., 3] == 255).all()


def test_colour_replaces_the_backdrop(scene, static):
    frame, alpha = scene
    out = composite(frame, alpha, static(background="colour", background_colour="#10a040"))
    for y, x in ((5, 5), (5, 506), (250, 20)):
        assert tuple(out[y, x, :3]) == (0x10, 0xa0, 0x40)
    solid = alpha > 0.999
    assert np.abs(out[..., :3][solid].astype(int) - frame[solid]).max() <= 1


def test_image_is_cover_fitted_without_distortion(scene, static, picture):
    frame, alpha = scene
    out = composite(frame, alpha, static(background="image"), picture, frame)
    # 400×600 covers 512×512 by height: the centre crop keeps both halves, red left, blue right
    assert tuple(out[5, 5, :3]) == (200, 40, 40) and tuple(out[5, 506, :3]) == (40, 40, 200)
    fit = cover_fit(picture, 300, 100)                  # tall target: crops the width
    assert fit.shape == (300, 100, 3) and (fit == picture[0, 300]).all(axis=2).mean() > 0.45


def test_transparent_cuts_out_the_person_with_clean_edge_colour(scene, static):
    frame, alpha = scene
    out = composite(frame, alpha, static(background="transparent"))
    a = out[..., 3]
    assert a[:8, :8].max() < 5 and a[:8, -8:].max() < 5 and a[130, 223] > 250
    assert a[380:470, 90:160].min() > 250              # the suit
    # under alpha 0 next to the hair, the colour is the hair's, not the photo's pale backdrop
    ring = (cv2.dilate((a > 128).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0) & (a == 0)
    ring[150:] = False
    hair_colour = frame[30:60, 200:250].reshape(-1, 3).mean(axis=0)
    backdrop = frame[:15, 150:300].reshape(-1, 3).mean(axis=0)
    under = out[..., :3][ring].astype(float).mean(axis=0)
    assert np.linalg.norm(under - hair_colour) < 0.5 * np.linalg.norm(under - backdrop)


def test_blur_softens_the_backdrop_without_a_halo_of_the_person(static):
    """A dark disk (the person) on a light striped backdrop: the blur must smear the stripes
    but not the dark person into the light surroundings."""
    size = 256
    yy, xx = np.mgrid[0:size, 0:size]
    backdrop = np.where((xx // 8) % 2 == 0, 230, 190).astype(np.uint8)
    frame = np.dstack([backdrop] * 3).copy()
    person = (np.hypot(xx - 128, yy - 140) < 60)
    frame[person] = (20, 20, 20)
    alpha = cv2.GaussianBlur(person.astype(np.float32), (0, 0), 1.5)
    out = composite(frame, alpha, static(background="blur", background_blur=0.8), None, frame)
    rgb = out[..., :3].astype(float)
    stripes_before = frame[10:40, 10:60, 0].astype(float).std()
    stripes_after = rgb[10:40, 10:60, 0].std()
    assert stripes_after < 0.3 * stripes_before
    near = (np.hypot(xx - 128, yy - 140) > 66) & (np.hypot(xx - 128, yy - 140) < 76)
    assert rgb[near].mean() > 190                     # light, not darkened by the person
    assert rgb[140, 128].mean() < 30                  # the person itself stays sharp and dark


def test_strided_inputs_are_accepted(scene, static):
    """Callers slice alpha out of an RGBA frame; a strided view must work like a copy."""
    frame, alpha = scene
    rgba = np.dstack([frame.astype(np.float32), alpha])
    out = composite(frame, rgba[..., 3], static(background="colour"))
    assert np.array_equal(out, composite(frame, alpha.copy(), static(background="colour")))
