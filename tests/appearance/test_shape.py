"""Face-shape edits move the landmarks they name, sensibly, and nothing at the defaults."""
from __future__ import annotations

import numpy as np
import pytest

from studio.face import regions as R
from studio.rig.shape import shape_offsets

FIELDS = ("face_width", "jaw_width", "chin_length", "eye_size", "nose_width", "lip_fullness")


def test_defaults_move_nothing(photo, static):
    off = shape_offsets(photo.landmarks, static())
    assert off.shape == (478, 2) and off.dtype == np.float32
    assert not off.any()


def _across_down(lm):
    return R.face_axes(lm[:, :2])


def test_face_width_moves_cheeks_outwards_and_keeps_the_midline(photo, static):
    lm = photo.landmarks
    off = shape_offsets(lm, static(face_width=1.2))
    across, _ = _across_down(lm)
    assert off[R.RIGHT_FACE_SIDE] @ across < -3 and off[R.LEFT_FACE_SIDE] @ across > 3
    assert np.hypot(*off[R.NOSE_TIP]) < 1.0 and np.hypot(*off[R.CHIN]) < 1.5
    narrow = shape_offsets(lm, static(face_width=0.8))
    assert narrow[R.LEFT_FACE_SIDE] @ across < -3


def test_jaw_width_moves_the_jaw_not_the_temples(photo, static):
    lm = photo.landmarks
    off = shape_offsets(lm, static(jaw_width=1.3))
    across, _ = _across_down(lm)
    assert off[172] @ across < -4 and off[397] @ across > 4        # jaw angles out
    assert np.hypot(*off[R.RIGHT_EYE_OUTER]) < 0.5                  # eyes and temples stay
    assert np.hypot(*off[127]) < 0.5 and np.hypot(*off[R.FOREHEAD_TOP]) < 0.5


def test_chin_length_lowers_the_chin_only(photo, static):
    lm = photo.landmarks
    off = shape_offsets(lm, static(chin_length=1.3))
    _, down = _across_down(lm)
    assert off[R.CHIN] @ down > 4
    assert np.abs(off[list(R.RIGHT_EYE) + list(R.LEFT_EYE) + [R.NOSE_TIP, 13]]).max() < 0.5


@pytest.mark.parametrize("ring,inner,outer", [(R.RIGHT_EYE, 133, 33), (R.LEFT_EYE, 362, 263)])
def test_eye_size_scales_each_eye_about_its_centre(photo, static, ring, inner, outer):
    lm = photo.landmarks[:, :2]
    off = shape_offsets(photo.landmarks, static(eye_size=1.4))
    c = lm[list(ring)].mean(axis=0)
    before = np.hypot(*(lm[list(ring)] - c).T)
    after = np.hypot(*(lm[list(ring)] + off[list(ring)] - c).T)
    assert np.all(after > before * 1.2) and np.mean(after / before) > 1.25
    assert np.hypot(*off[R.NOSE_TIP]) < 0.5 and np.hypot(*off[13]) < 0.5
    iris = R.RIGHT_IRIS if ring == R.RIGHT_EYE else R.LEFT_IRIS
    r0 = R.iris_circle(lm, iris)[2]
    r1 = R.iris_circle(lm + off, iris)[2]
    assert r1 > r0 * 1.2                                            # the iris grows with the eye


def test_nose_width_spreads_the_nostrils_and_leaves_eyes_and_mouth(photo, static):
    lm = photo.landmarks[:, :2]
    off = shape_offsets(photo.landmarks, static(nose_width=1.4))
    w0 = np.hypot(*(lm[327] - lm[98]))
    w1 = np.hypot(*(lm[327] + off[327] - lm[98] - off[98]))
    assert w1 > w0 * 1.2
    assert np.abs(off[list(R.RIGHT_EYE) + list(R.LEFT_EYE) + [61, 291, R.CHIN]]).max() < 0.6


def test_lip_fullness_thickens_both_lips_outwards(photo, static):
    lm = photo.landmarks[:, :2]
    off = shape_offsets(photo.landmarks, static(lip_fullness=1.6))
    _, down = _across_down(photo.landmarks)
    upper0, lower0 = (lm[13] - lm[0]) @ down, (lm[17] - lm[14]) @ down
    upper1 = (lm[13] + off[13] - lm[0] - off[0]) @ down
    lower1 = (lm[17] + off[17] - lm[14] - off[14]) @ down
    assert upper1 > upper0 * 1.3 and lower1 > lower0 * 1.3
    assert np.abs(off[list(R.RIGHT_EYE) + [R.NOSE_TIP, R.CHIN]]).max() < 0.5


@pytest.mark.parametrize("field,value", [(f, v) for f in FIELDS for v in (0.7, 1.3)])
def test_offsets_are_smooth_and_bounded(photo, static, field, value):
    """Neighbouring mesh points move alike (no tearing) and nothing flies off the face."""
    lm = photo.landmarks[:, :2]
    off = shape_offsets(photo.landmarks, static(**{field: value}))
    scale = R.face_scale(lm)
    assert np.abs(off).max() < 0.5 * scale
    d = np.hypot(*(lm[:, None, :] - lm[None, :, :]).transpose(2, 0, 1))
    near = (d > 0) & (d < 0.08 * scale)
    jump = np.hypot(*(off[:, None, :] - off[None, :, :]).transpose(2, 0, 1))
    assert jump[near].max() < 0.1 * scale


def test_offsets_turn_with_a_tilted_face(photo, static):
    """Reshaping works in the face's frame: rotating the face rotates the offsets with it."""
    lm = photo.landmarks[:, :2].astype(np.float64)
    th = np.radians(25.0)
    rot = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    c = lm.mean(axis=0)
    turned = ((lm - c) @ rot.T + c).astype(np.float32)
    st = static(face_width=1.2, eye_size=1.3, chin_length=1.2, lip_fullness=1.4)
    a = shape_offsets(photo.landmarks, st) @ rot.T
    b = shape_offsets(turned, st)
    assert np.abs(a - b).max() < 0.05 * R.face_scale(lm)
