"""Accessories are drawn where the face is and follow it: position, scale, roll and yaw."""
from __future__ import annotations

import numpy as np
import pytest

from studio.face import regions as R
from studio.render.accessories import draw_accessories

KINDS = [("glasses", "round"), ("glasses", "square"), ("glasses", "sunglasses"),
         ("hat", "beanie"), ("hat", "cap"), ("hat", "party"),
         ("earrings", "studs"), ("earrings", "hoops")]


def painted(landmarks, st, size=512, pose=(0.0, 0.0, 0.0)) -> np.ndarray:
    """Alpha (float 0..1) of what the accessories paint on a fully transparent frame."""
    frame = np.zeros((size, size, 4), np.uint8)
    frame[..., :3] = 128
    draw_accessories(frame, np.asarray(landmarks, np.float32)[:, :2], st, pose)
    assert frame.shape == (size, size, 4) and frame.dtype == np.uint8
    return frame[..., 3].astype(np.float32) / 255.0


def centroid(a: np.ndarray) -> np.ndarray:
    ys, xs = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    return np.array([(xs * a).sum(), (ys * a).sum()]) / a.sum()


def yawed(landmarks: np.ndarray, degrees: float) -> np.ndarray:
    """The 3-D landmarks turned about the vertical axis through their centre, projected back
    (positive: the nose moves towards the image's right)."""
    p = landmarks.astype(np.float64)
    c = p.mean(axis=0)
    t = np.radians(degrees)
    out = p.copy()
    out[:, 0] = c[0] + (p[:, 0] - c[0]) * np.cos(t) - (p[:, 2] - c[2]) * np.sin(t)
    return out[:, :2].astype(np.float32)


def test_no_accessories_leave_the_frame_untouched(photo, static):
    frame = np.dstack([photo.rgb, np.full(photo.rgb.shape[:2], 255, np.uint8)])
    before = frame.copy()
    draw_accessories(frame, photo.landmarks[:, :2], static(), (0.0, 0.0, 0.0))
    assert np.array_equal(frame, before)


@pytest.mark.parametrize("field,kind", KINDS)
def test_each_accessory_is_drawn_in_its_place(photo, static, field, kind):
    lm = photo.landmarks[:, :2]
    a = painted(lm, static(**{field: kind}))
    assert a.sum() > 20
    cx, cy = centroid(a)
    eyes_y = lm[[R.RIGHT_EYE_OUTER, R.LEFT_EYE_OUTER], 1].mean()
    face_x = lm[[R.RIGHT_FACE_SIDE, R.LEFT_FACE_SIDE], 0].mean()
    assert abs(cx - face_x) < 6                          # centred on the face
    if field == "glasses":
        assert abs(cy - eyes_y) < 6
        assert a[int(lm[R.CHIN, 1]):].sum() == 0
    elif field == "hat":
        assert cy < lm[R.FOREHEAD_TOP, 1]
        assert a[int(lm[R.NOSE_TIP, 1]):].sum() == 0
    else:
        assert lm[R.NOSE_TIP, 1] - 10 < cy < lm[R.CHIN, 1] + 20
        left = a[:, :int(face_x)].sum()
        right = a[:, int(face_x):].sum()
        assert 0.7 < left / right < 1.4                  # one on each side


def test_accessory_colour_is_used(photo, static):
    a_frame = np.zeros((512, 512, 4), np.uint8)
    draw_accessories(a_frame, photo.landmarks[:, :2], static(hat="beanie",
                                                             accessory_colour="#c02020"),
                     (0.0, 0.0, 0.0))
    solid = a_frame[..., 3] == 255
    rgb = a_frame[..., :3][solid].astype(float)
    assert np.median(rgb[:, 0]) > 2 * max(np.median(rgb[:, 1]), np.median(rgb[:, 2]))
    assert rgb.std(axis=0).mean() > 3                    # shaded, not a flat sticker


def test_accessories_follow_a_moved_head(photo, static):
    lm = photo.landmarks[:, :2]
    st = static(glasses="round", hat="cap", earrings="hoops")
    a0 = painted(lm, st)
    a1 = painted(lm + np.float32([30.0, 20.0]), st)
    assert np.allclose(centroid(a1) - centroid(a0), (30.0, 20.0), atol=1.0)


def test_accessories_scale_with_the_face(photo, static):
    lm = photo.landmarks[:, :2]
    st = static(glasses="square", hat="beanie")
    c = lm[R.NOSE_TIP]
    centred = lm - c + np.float32([256.0, 300.0])         # room above for the bigger hat
    a0 = painted(centred, st)
    a1 = painted((centred - (256.0, 300.0)) * 1.3 + (256.0, 300.0), st)
    assert 1.45 < a1.sum() / a0.sum() < 1.95             # area grows with the square, 1.69


def _orientation(a: np.ndarray) -> float:
    ys, xs = np.nonzero(a > 0.5)
    w = a[ys, xs]
    x, y = xs - np.average(xs, weights=w), ys - np.average(ys, weights=w)
    cxx, cyy, cxy = np.average(x * x, weights=w), np.average(y * y, weights=w), \
        np.average(x * y, weights=w)
    return float(np.degrees(0.5 * np.arctan2(2 * cxy, cxx - cyy)))


@pytest.mark.parametrize("degrees", [-20.0, 15.0])
def test_glasses_roll_with_the_head(photo, static, degrees):
    lm = photo.landmarks[:, :2].astype(np.float64)
    c = lm[R.NOSE_TIP]
    t = np.radians(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    st = static(glasses="sunglasses")
    a0 = painted(lm, st)
    a1 = painted((lm - c) @ rot.T + c, st)
    assert abs((_orientation(a1) - _orientation(a0)) - degrees) < 3.0


def test_yaw_foreshortens_the_glasses_and_hides_the_far_earring(photo, static):
    lm3 = photo.landmarks
    glasses = static(glasses="round")

    def extents(lm):
        xs = np.nonzero(painted(lm, glasses).sum(axis=0) > 0)[0]
        nose = lm[R.NOSE_TIP, 0]
        return nose - xs.min(), xs.max() - nose          # (image-left, image-right) of the nose
    left, right = extents(lm3[:, :2])
    assert 0.8 < left / right < 1.25
    left, right = extents(yawed(lm3, 30.0))
    assert right < 0.5 * left                            # the far half is foreshortened
    turned = yawed(lm3, 35.0)                            # the nose points to the image's right
    a = painted(turned, static(earrings="studs"), pose=(35.0, 0.0, 0.0))
    mid = int(turned[R.NOSE_TIP, 0])
    assert a[:, :mid].sum() > 10 and a[:, mid:].sum() < 0.2 * a[:, :mid].sum()


def test_hat_shows_over_a_transparent_background(photo, static):
    a = painted(photo.landmarks[:, :2], static(hat="party"))
    top = int(photo.landmarks[R.FOREHEAD_TOP, 1])
    assert a[:top].max() == 1.0


def test_a_head_outside_the_frame_draws_nothing_and_does_not_fail(photo, static):
    st = static(glasses="sunglasses", hat="party", earrings="hoops")
    a = painted(photo.landmarks[:, :2] + np.float32([2000.0, -3000.0]), st)
    assert a.sum() == 0
    half_out = painted(photo.landmarks[:, :2] - np.float32([200.0, 0.0]), st, size=256)
    assert 0 < half_out.sum()


def test_edges_over_transparency_keep_the_accessory_colour(photo, static):
    """Straight alpha: a soft edge over alpha 0 is the accessory's colour at partial alpha,
    not a blend with whatever colour the transparent pixels happened to hold."""
    frame = np.zeros((512, 512, 4), np.uint8)
    frame[..., :3] = (0, 255, 0)                          # garbage under alpha 0
    draw_accessories(frame, photo.landmarks[:, :2], static(glasses="round",
                                                           accessory_colour="#2040c0"),
                     (0.0, 0.0, 0.0))
    a = frame[..., 3]
    rim = (a > 20) & (a < 235)
    assert rim.sum() > 20
    rgb = frame[..., :3][rim].astype(int)                 # every colour drawn is bluish/grey:
    assert (rgb[:, 1] - np.maximum(rgb[:, 0], rgb[:, 2])).max() < 30   # no green leaks in
