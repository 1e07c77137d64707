"""Texture edits on the real astronaut: each one changes its own region, moves the colour the
way the user asked, and leaves the rest of the photo alone; the defaults change nothing."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.face import regions as R
from studio.render.appearance import colour_lab, prepare_texture


def lab_of(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def grown(mask: np.ndarray, pixels: int) -> np.ndarray:
    k = 2 * pixels + 1
    return cv2.dilate((mask > 0.01).astype(np.uint8), np.ones((k, k), np.uint8)) > 0


def edit(photo, st):
    out = prepare_texture(photo.rgb, photo.landmarks, photo.person_mask, st)
    assert out.shape == photo.rgb.shape and out.dtype == np.uint8
    return out


def changed(photo, out) -> np.ndarray:
    return np.abs(out.astype(int) - photo.rgb.astype(int)).max(axis=2) > 1


def test_defaults_are_an_exact_identity(photo, static):
    out = edit(photo, static())
    assert np.array_equal(out, photo.rgb) and out is not photo.rgb
    # fields that are not texture edits do not touch the texture either
    out = edit(photo, static(glasses="round", hat="cap", background="blur", zoom=1.5,
                             face_width=1.1, lip_colour_strength=1.0, blush_colour="#00ff00"))
    assert np.array_equal(out, photo.rgb)


def test_masks_are_where_the_features_are(photo, regions):
    lm = photo.landmarks

    def at(mask, i):
        x, y = np.round(lm[i, :2]).astype(int)
        return mask[y, x]
    assert at(regions.skin, 205) > 0.5 and at(regions.skin, 425) > 0.5      # cheeks
    assert at(regions.skin, 468) < 0.05 and at(regions.skin, 13) < 0.05     # iris, lips
    assert at(regions.lips, 0) > 0.3 and at(regions.lips, 17) > 0.3
    assert at(regions.lips, 205) == 0 and at(regions.irises, 1) == 0
    assert regions.hair[25:60, 200:250].mean() > 0.6          # the hair above the forehead
    assert regions.clothing[380:480, 40:120].mean() > 0.6     # the orange suit
    assert regions.hair[:8].max() < 0.05 and regions.hair[:, :100].max() < 0.05
    for m in (regions.skin, regions.hair, regions.clothing, regions.lips, regions.irises):
        assert m.dtype == np.float32 and m.min() >= 0 and m.max() <= 1


@pytest.mark.parametrize("tone,sign", [(0.8, 1), (-0.8, -1)])
def test_skin_tone_changes_skin_lightness_only(photo, regions, static, tone, sign):
    out = edit(photo, static(skin_tone=tone))
    skin = regions.skin > 0.8
    dL = lab_of(out)[..., 0][skin].mean() - lab_of(photo.rgb)[..., 0][skin].mean()
    assert sign * dL > 5
    moved = changed(photo, out)
    assert not moved[~grown(regions.skin_even, 2)].any()
    assert not moved[photo.person_mask < 0.01].any()
    assert moved[regions.irises > 0.5].sum() == 0 and moved[regions.lips > 0.8].sum() == 0


def test_skin_smoothing_softens_skin_texture_and_keeps_edges_elsewhere(photo, regions, static):
    out = edit(photo, static(skin_smoothing=1.0))
    skin = regions.skin > 0.8

    def detail(img):
        g = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
        return np.abs(cv2.Laplacian(g, cv2.CV_32F))[skin].mean()
    assert detail(out) < 0.75 * detail(photo.rgb)
    assert not changed(photo, out)[~grown(regions.skin, 2)].any()


def _delta_e(lab: np.ndarray, mask: np.ndarray, target: np.ndarray) -> float:
    return float(np.hypot(*(lab[mask][:, 1:].mean(axis=0) - target[1:])))


@pytest.mark.parametrize("field,value,region,extra", [
    ("lip_colour", "#c0142c", "lips", {"lip_colour_strength": 1.0}),
    ("iris_colour", "#2060d0", "irises", {}),
    ("hair_colour", "#a02818", "hair", {"hair_colour_strength": 1.0}),
    ("clothing_tint", "#2050c0", "clothing", {}),
])
def test_colour_moves_towards_the_request_inside_its_region(photo, regions, static, field,
                                                            value, region, extra):
    out = edit(photo, static(**{field: value}, **extra))
    mask = getattr(regions, region)
    inside = mask > 0.6
    target = colour_lab(value)
    before, after = _delta_e(lab_of(photo.rgb), inside, target), _delta_e(lab_of(out), inside,
                                                                          target)
    assert after < 0.5 * before, (before, after)
    assert not changed(photo, out)[~grown(mask, 2)].any()


def test_lip_colour_keeps_lip_texture(photo, regions, static):
    out = edit(photo, static(lip_colour="#c0142c", lip_colour_strength=1.0))
    lips = regions.lips > 0.8
    sd0 = lab_of(photo.rgb)[..., 0][lips].std()
    sd1 = lab_of(out)[..., 0][lips].std()
    assert sd1 > 0.6 * sd0                                   # lines and shading survive
    half = edit(photo, static(lip_colour="#c0142c", lip_colour_strength=0.3))
    target = colour_lab("#c0142c")
    assert _delta_e(lab_of(out), lips, target) < _delta_e(lab_of(half), lips, target) < \
        _delta_e(lab_of(photo.rgb), lips, target)


def test_iris_colour_keeps_the_pupil_dark(photo, static):
    out = edit(photo, static(iris_colour="#2060d0"))
    for ring in (R.RIGHT_IRIS, R.LEFT_IRIS):
        cx, cy, r = R.iris_circle(photo.landmarks, ring)
        x, y = int(round(cx)), int(round(cy))
        pupil = lab_of(out)[y, x, 0]
        assert abs(pupil - lab_of(photo.rgb)[y, x, 0]) < 4


def test_blush_warms_the_cheeks_only(photo, regions, static):
    out = edit(photo, static(blush=1.0, blush_colour="#e8747c"))
    lab0, lab1 = lab_of(photo.rgb), lab_of(out)
    for cheek in (R.RIGHT_CHEEK, R.LEFT_CHEEK):
        x, y = np.round(photo.landmarks[list(cheek), :2].mean(axis=0)).astype(int)
        patch = (slice(y - 2, y + 3), slice(x - 2, x + 3), 1)
        assert lab1[patch].mean() > lab0[patch].mean() + 4
    moved = changed(photo, out)
    assert not moved[~grown(regions.skin, 2)].any()
    for i in (R.FOREHEAD_TOP, R.CHIN, 13):                 # far from the cheeks
        x, y = np.round(photo.landmarks[i, :2]).astype(int)
        assert not moved[y - 2:y + 3, x - 2:x + 3].any()


def test_everything_at_once_is_fast_enough_to_run_and_stays_in_the_person(photo, regions,
                                                                          static):
    out = edit(photo, static(skin_tone=0.3, skin_smoothing=0.5, lip_colour="#a01030",
                             blush=0.5, iris_colour="#308040", hair_colour="#202020",
                             clothing_tint="#204080"))
    moved = changed(photo, out)
    assert not moved[photo.person_mask < 0.01].any()       # the backdrop is never edited


def test_a_large_photo_gets_the_same_edit(photo, regions, static):
    """Masks of big photos are computed at a reduced analysis size; the result must match the
    edit of the small photo (compared at the small size) and stay inside the region."""
    k = 2
    big = cv2.resize(photo.rgb, None, fx=k, fy=k, interpolation=cv2.INTER_CUBIC)
    mask = cv2.resize(photo.person_mask, None, fx=k, fy=k, interpolation=cv2.INTER_LINEAR)
    st = static(lip_colour="#c0142c", lip_colour_strength=1.0, hair_colour="#e8d090",
                skin_tone=0.5)
    out_big = prepare_texture(big, photo.landmarks * k, mask, st)
    out_small = edit(photo, st)
    shrunk = cv2.resize(out_big, (512, 512), interpolation=cv2.INTER_AREA)
    base = cv2.resize(big, (512, 512), interpolation=cv2.INTER_AREA)
    for m in (regions.lips > 0.8, regions.hair > 0.8, regions.skin > 0.8):
        want = lab_of(out_small)[m].mean(axis=0) - lab_of(photo.rgb)[m].mean(axis=0)
        got = lab_of(shrunk)[m].mean(axis=0) - lab_of(base)[m].mean(axis=0)
        assert np.abs(want - got).max() < 0.25 * np.abs(want).max() + 1.0
    moved = np.abs(shrunk.astype(int) - base.astype(int)).max(axis=2) > 2
    assert not moved[photo.person_mask < 0.01].any()


def test_cached_masks_give_the_same_result_as_a_fresh_analysis(photo, static):
    """A slider drag reuses the photo's masks; the result must not depend on that."""
    a = edit(photo, static(blush=0.3, hair_colour="#c04020"))
    b = edit(photo, static(blush=0.6, hair_colour="#c04020"))         # cached masks
    fresh = prepare_texture(photo.rgb.copy(), photo.landmarks.copy(), photo.person_mask.copy(),
                            static(blush=0.6, hair_colour="#c04020"))
    assert np.array_equal(b, fresh) and not np.array_equal(a, b)


def test_a_tilted_photo_keeps_edits_on_their_features(astronaut_rgb, static):
    """The astronaut rotated by 15°: masks follow the face's own axes, not the image's."""
    from studio.face.intake import load_photo
    h, w = astronaut_rgb.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 3), 15.0, 1.0)
    tilted = cv2.warpAffine(astronaut_rgb, rot, (w, h), borderMode=cv2.BORDER_REFLECT)
    photo = load_photo(tilted)
    regions = R.FaceRegions(photo.rgb, photo.landmarks, photo.person_mask)
    target = colour_lab("#c0142c")
    out = edit(photo, static(lip_colour="#c0142c", lip_colour_strength=1.0))
    lips = regions.lips > 0.6
    assert _delta_e(lab_of(out), lips, target) < 0.5 * _delta_e(lab_of(photo.rgb), lips, target)
    assert not changed(photo, out)[~grown(regions.lips, 2)].any()
    out = edit(photo, static(hair_colour="#a02818", hair_colour_strength=1.0))
    moved = changed(photo, out)
    assert moved[regions.hair > 0.8].mean() > 0.9
    inner_face = cv2.erode((regions.face_oval > 0.9).astype(np.uint8), np.ones((7, 7))) > 0
    assert not moved[inner_face].any()
