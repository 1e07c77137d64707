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
    """The lips next to a painted opening are as light as the lips a little further out: no
    outline drawn around it (the closed photo's seam, stretched along both lips by the warp,
    is painted over). The ring's median is what an outline darkens; its darkest tenth is the
    opening's own soft edge beside the corners, where no teeth are, and may only not be black."""
    from studio.render.mouth import smooth_polyline
    pose = {"jawOpen": 0.6}
    lum = _lum(closed_mouth_engine.render(pose, SIZE))
    lm = closed_mouth_engine.landmarks(pose, SIZE)
    opening = _fill(np.concatenate([smooth_polyline(lm[list(T.LIPS_UPPER_INNER)]),
                                    smooth_polyline(lm[list(T.LIPS_LOWER_INNER)])[::-1]]))

    def ring(a, b):
        grow = [cv2.dilate(opening, np.ones((2 * r + 1,) * 2, np.uint8)) for r in (a, b)]
        return (grow[1] > 0) & (grow[0] == 0)
    edge, lips = lum[ring(0, 2)], lum[ring(5, 8)]
    assert np.median(edge) >= 0.8 * np.median(lips), (np.median(edge), np.median(lips))
    assert np.percentile(edge, 10) >= 0.55 * np.percentile(lips, 10)
    # and an outline would fail it: one drawn two pixels wide around the same opening
    drawn = lum.copy()
    drawn[ring(0, 2)] *= 0.5
    assert np.median(drawn[ring(0, 2)]) < 0.8 * np.median(lips)


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


def test_the_lighting_is_read_from_the_whites_of_the_eyes(engine):
    """A well-lit face reads about 1; the same photo at half the light reads about half; a
    face whose eyes show no white reads 0 (then the skin around the mouth decides)."""
    from studio.render.mouth import eye_white_light
    photo = engine.photo
    lit = eye_white_light(photo.rgb, photo.landmarks)
    assert 0.8 <= lit <= 1.25, lit
    dim = (photo.rgb.astype(np.float32) * 0.5).astype(np.uint8)
    assert abs(eye_white_light(dim, photo.landmarks) - 0.5 * lit) < 0.05
    shut = photo.landmarks.copy()
    shut[list(T.LEFT_EYE_UPPER)] = shut[list(T.LEFT_EYE_LOWER)]       # lids on one line
    shut[list(T.RIGHT_EYE_UPPER)] = shut[list(T.RIGHT_EYE_LOWER)]
    assert eye_white_light(photo.rgb, shut) == 0.0


def test_painted_teeth_are_not_greyed_by_dark_skin(closed_mouth_engine):
    """Skin darkened around the mouth (as on a dark-skinned face) while the eyes stay
    well lit: the painted teeth keep their brightness instead of following the skin."""
    from dataclasses import replace

    from studio.render.engine import AvatarEngine
    pose = {"jawOpen": 0.6, "mouthSmileLeft": 0.5, "mouthSmileRight": 0.5}
    base = closed_mouth_engine
    rgb = base.photo.rgb.copy()
    lm = base.photo.landmarks
    mouth = lm[list(T.lips_all()), :2]
    (x0, y0), (x1, y1) = mouth.min(0).astype(int) - 40, mouth.max(0).astype(int) + 40
    rgb[y0:y1, x0:x1] = (rgb[y0:y1, x0:x1] * 0.55).astype(np.uint8)
    darker = AvatarEngine(replace(base.photo, rgb=rgb), base.static)

    def teeth(eng):
        frame = eng.render(pose, SIZE)
        opening = _fill(np.concatenate([eng.landmarks(pose, SIZE)[list(T.LIPS_UPPER_INNER)],
                                        eng.landmarks(pose, SIZE)[list(T.LIPS_LOWER_INNER)][::-1]]))
        return np.percentile(_lum(frame)[opening > 0], 95)
    assert teeth(darker) >= 0.9 * teeth(base), (teeth(darker), teeth(base))


SKIN, LIP, TOOTH, RING = (200, 150, 130), (165, 85, 85), (240, 238, 228), (60, 30, 30)


def _laughing_mouth(grain: float = 0.0):
    """A synthetic laughing photo after the warp closed its lips: the closed lips' line
    and outer contours, and the photo's teeth ringed by squeezed lips left over them, past
    the lip's top and the corners. With `grain`, skin and lips carry noise of that spread.
    Returns (frame, interior, inner, outer_up, outer_lo, seam rows per x)."""
    frame = np.zeros((160, 200, 4), np.uint8)
    frame[..., :3], frame[..., 3] = SKIN, 255
    xs = np.linspace(50, 150, 11, dtype=np.float32)
    seam = 80 + 0.002 * (xs - 100) ** 2               # the closed lips' line, corner to corner
    inner = np.stack([xs, seam], 1)
    outer_up = np.stack([xs, seam - 10 + 0.003 * (xs - 100) ** 2], 1)
    outer_lo = np.stack([xs, seam + 12 - 0.003 * (xs - 100) ** 2], 1)
    lips = np.concatenate([outer_up, outer_lo[::-1]])
    cv2.fillPoly(frame, [np.round(lips).astype(np.int32)], (*LIP, 255))
    if grain:
        noise = np.random.default_rng(3).normal(0, grain, (160, 200, 1))
        frame[..., :3] = np.clip(frame[..., :3] + noise, 0, 255).astype(np.uint8)
    interior = np.zeros((160, 200), np.uint8)        # the teeth, past the lip's top and corners
    cv2.ellipse(interior, (100, 80), (56, 16), 0, 0, 360, 255, -1)
    rim = cv2.dilate(interior, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))) > 0
    frame[rim, :3] = RING
    frame[interior > 0, :3] = TOOTH
    return frame, interior, inner, outer_up, outer_lo, np.interp(np.arange(200), xs, seam)


def test_lips_closed_over_a_laughing_photos_teeth_leave_no_outline():
    """The warp leaves a laughing photo's teeth, ringed by its squeezed lips, above the closed
    upper lip and past the corners: sealed, no tooth and no dark ring shows anywhere, the
    upper lip is lip-coloured down to the seam and the skin stays skin above it."""
    from studio.render.mouth import paint_closed_lips
    frame, interior, inner, outer_up, outer_lo, seam = _laughing_mouth()
    rim = cv2.dilate(interior, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))) > 0
    paint_closed_lips(frame, inner, inner.copy(), 4.0, 1.0, interior, (outer_up, outer_lo),
                      np.float32([LIP, LIP]))
    lum = _lum(frame)
    near_seam = np.abs(np.arange(160)[:, None] - seam) <= 2
    assert lum[rim].max() < 215                                           # no tooth left
    assert lum[rim & ~near_seam].min() > 0.8 * _lum(np.float32([LIP]))[0]  # no dark ring
    up_lip = np.zeros((160, 200), bool)
    cv2.fillPoly(up_lip.view(np.uint8), [np.round(np.concatenate(
        [outer_up[2:-2] + [0, 2], inner[2:-2][::-1] - [0, 2]])).astype(np.int32)], 1)
    rgb = frame[..., :3].astype(np.float32)
    to_lip = np.linalg.norm(rgb[up_lip] - LIP, axis=1)
    to_skin = np.linalg.norm(rgb[up_lip] - SKIN, axis=1)
    assert np.mean(to_lip < to_skin) > 0.9, np.mean(to_lip < to_skin)
    above = rim & (np.arange(160)[:, None] < np.interp(np.arange(200), inner[:, 0],
                                                       outer_up[:, 1]) - 3)
    assert np.linalg.norm(rgb[above].mean(0) - SKIN) < 25, rgb[above].mean(0)
    # the lips' line ends at the corners (x 150), with a short crease: from x 157 it is skin
    past = lum[np.round(seam[157:161]).astype(int), np.arange(157, 161)]
    assert past.min() > 0.9 * _lum(np.float32([SKIN]))[0], past


def test_sealed_lips_carry_the_photos_grain():
    """Over a grainy photo the painted band is grainy too (flat paint in a textured face
    reads as a sticker): its fine detail is at least a third of the skin's around it, and
    the lips' grain is finer than the skin's."""
    from studio.render.mouth import paint_closed_lips
    frame, interior, inner, outer_up, outer_lo, seam = _laughing_mouth(grain=6.0)
    paint_closed_lips(frame, inner, inner.copy(), 4.0, 1.0, interior, (outer_up, outer_lo),
                      np.float32([LIP, LIP]))
    lum = _lum(frame)
    detail = np.abs(lum - cv2.GaussianBlur(lum, (0, 0), 1.5))
    rows = np.arange(160)[:, None]
    teeth = cv2.dilate(interior, np.ones((5, 5), np.uint8)) > 0
    painted_skin = teeth & (rows < seam - 14)                  # teeth above the upper lip
    painted_lip = teeth & (np.abs(rows - seam) > 2) & (np.abs(rows - seam) < 7)
    painted_lip[:, :70] = painted_lip[:, 130:] = False
    skin = np.zeros_like(teeth)
    skin[10:40, 20:180] = True
    assert detail[painted_skin].mean() >= detail[skin].mean() / 3, \
        (detail[painted_skin].mean(), detail[skin].mean())
    assert 0.0 < detail[painted_lip].mean() < detail[painted_skin].mean()


def test_a_tongue_comes_out_under_the_upper_teeth(closed_mouth_engine):
    """Stuck out of an open mouth, the tongue leaves the upper teeth's edges showing above
    it (it used to start at the upper lip and hide them), and is red further down."""
    eng = closed_mouth_engine
    pose = {"jawOpen": 0.6, "tongueOut": 1.0}
    rgb = eng.render(pose, SIZE)[..., :3].astype(np.float32)
    lm = eng.landmarks(pose, SIZE)
    x, lip = lm[T.UPPER_LIP_CENTRE_INNER]
    opening = lm[T.LOWER_LIP_CENTRE_INNER, 1] - lip
    x, lip = int(round(x)), int(round(lip))
    teeth = rgb[lip + 2:lip + max(3, int(0.15 * opening)), x - 3:x + 4].reshape(-1, 3)
    tongue = rgb[lip + int(0.6 * opening):lip + int(0.8 * opening), x - 3:x + 4].reshape(-1, 3)

    def redness(px):
        return float(np.mean(px[:, 0] - 0.5 * (px[:, 1] + px[:, 2])))
    assert redness(tongue) > 30, redness(tongue)
    assert redness(teeth) < 0.5 * redness(tongue), (redness(teeth), redness(tongue))
    assert teeth.mean() > tongue.mean(), (teeth.mean(), tongue.mean())


def test_painted_teeth_are_separate_teeth():
    """The upper teeth's biting edge dips at every gap between two teeth (a band with one
    smooth edge read as a mouth guard): across the middle half of a wide opening, at least
    two notches of 2 pixels or more."""
    from studio.render.mouth import paint_interior
    frame = np.zeros((200, 300, 3), np.uint8)
    frame[:] = SKIN
    xs = np.linspace(70, 230, 11, dtype=np.float32)
    upper = np.stack([xs, np.full_like(xs, 80)], 1)
    lower = np.stack([xs, 80 + 60 * (1 - ((xs - 150) / 80) ** 2)], 1).astype(np.float32)
    paint_interior(frame, upper, lower, 180.0, eye_light=1.0, blur=0.6)
    teeth = _lum(frame)[80:110, 110:191] > 120
    edge = np.array([np.flatnonzero(c).max() if c.any() else -1 for c in teeth.T])
    notches = [i for i in range(8, len(edge) - 8)
               if edge[i] == edge[i - 8:i + 9].min() and edge[i - 8:i + 9].max() - edge[i] >= 2
               and edge[i] < edge[i - 1]]
    assert len(notches) >= 2, edge.tolist()


def test_a_stuck_out_tongue_is_broad_with_a_rounded_tip():
    """A relaxed tongue out is about half the mouth wide and widest once out of the mouth,
    with a broad round tip (a narrow strip, a third of the mouth, read as a ribbon)."""
    from studio.render.mouth import paint_tongue_out
    frame = np.zeros((220, 300, 3), np.uint8)
    frame[:] = SKIN
    xs = np.linspace(90, 210, 11, dtype=np.float32)          # a mouth 120 pixels wide
    upper = np.stack([xs, np.full_like(xs, 80)], 1)
    lower = np.stack([xs, 80 + 30 * (1 - ((xs - 150) / 60) ** 2)], 1).astype(np.float32)
    lower_outer = lower + np.float32([0, 12])
    paint_tongue_out(frame, upper, lower, lower_outer, 1.0)
    rgb = frame.astype(np.float32)
    red = (rgb[..., 0] - 0.5 * (rgb[..., 1] + rgb[..., 2])) > 75
    rows = np.flatnonzero(red.any(axis=1))
    width = red.sum(axis=1)
    span = rows[-1] - rows[0]
    mid = width[rows[0] + int(0.5 * span)]
    near_tip = width[rows[0] + int(0.9 * span)]
    assert mid >= 0.38 * 120, mid          # where it is clearly tongue-red (the sides shade)
    assert width[rows[0] + int(0.1 * span)] <= mid                  # widest once out
    assert near_tip >= 0.5 * mid, (near_tip, mid)                   # a round tip, not a point
