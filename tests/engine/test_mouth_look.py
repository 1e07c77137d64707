"""How the painted mouth looks: no drawn-on dark outlines around a synthesized opening, and a
barely parted mouth shows a soft shadow, not a black crescent."""
from __future__ import annotations

import cv2
import numpy as np

from studio.face import topology as T

SIZE = 512


def _lum(frame):
    return frame[..., :3].astype(np.float32) @ np.float32([0.299, 0.587, 0.114])


def _fill(poly):
    mask = np.zeros((SIZE, SIZE), np.uint8)
    cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 1)
    return mask


def test_synthesized_opening_has_no_dark_rim(closed_mouth_engine):
    """The lips next to a painted opening are as light as the lips a little further out:
    the closed photo's seam, stretched along both lips by the warp, is mended."""
    pose = {"jawOpen": 0.6}
    lum = _lum(closed_mouth_engine.render(pose, SIZE))
    lm = closed_mouth_engine.landmarks(pose, SIZE)
    opening = _fill(np.concatenate([lm[list(T.LIPS_UPPER_INNER)],
                                    lm[list(T.LIPS_LOWER_INNER)][::-1]]))

    def ring(a, b):
        grow = [cv2.dilate(opening, np.ones((2 * r + 1,) * 2, np.uint8)) for r in (a, b)]
        return (grow[1] > 0) & (grow[0] == 0)
    edge, lips = np.percentile(lum[ring(0, 2)], 10), np.percentile(lum[ring(5, 8)], 10)
    assert edge >= 0.65 * lips, (edge, lips)


def test_barely_parted_open_mouth_shows_no_black_crescent(engine):
    """'happy' drops the jaw a little on an open-mouthed photo: the gap between the teeth is
    a shadow about as dark as the photo's own mouth, not a band of black."""
    from studio.rig.presets import preset_pose
    pose = preset_pose("happy", 1.0)
    lm = engine.landmarks(pose, SIZE)
    inside = _fill(T.inner_mouth_polygon(lm)) > 0
    cx = 0.5 * (lm[T.INNER_CORNER_LEFT, 0] + lm[T.INNER_CORNER_RIGHT, 0])
    half = 0.5 * abs(lm[T.INNER_CORNER_LEFT, 0] - lm[T.INNER_CORNER_RIGHT, 0])
    central = inside & (np.abs(np.arange(SIZE)[None, :] - cx) < 0.6 * half)
    darkest = np.percentile(_lum(engine.render(pose, SIZE))[central], 2)
    own = np.percentile(_lum(engine.render({}, SIZE))[central], 2)
    assert darkest >= 0.6 * own, (darkest, own)


def test_wide_open_mouth_is_dark_inside_from_corner_to_corner(engine):
    """Opened wide, an open-mouthed photo shows the cavity across the whole opening, not the
    photo's teeth smeared down its sides."""
    pose = {"jawOpen": 1.0}
    lum = _lum(engine.render(pose, SIZE))
    lm = engine.landmarks(pose, SIZE)
    up, lo = lm[list(T.LIPS_UPPER_INNER)], lm[list(T.LIPS_LOWER_INNER)]
    for i in (2, 3, 5, 7, 8):                     # 2 and 8: about two thirds out to the corners
        x, y = np.round(0.5 * (up[i] + lo[i]) + [0, 0.15 * (lo[i, 1] - up[i, 1])]).astype(int)
        assert lum[y - 1:y + 2, x - 1:x + 2].mean() < 60, (i, lum[y - 1:y + 2, x - 1:x + 2].mean())
