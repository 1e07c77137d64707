"""The renderer: identity at rest, each parameter moving its own region only, head pose
without tearing the backdrop, the output contract and the warp contract."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.face import topology as T
from studio.params import NAMES

SIZE = 256
LIPS = list(T.lips_all())
LOWER_OVAL = [152, 148, 176, 149, 150, 136, 172, 58, 132, 377, 400, 378, 379, 365, 397, 288, 361]
LEFT_EYE = list(T.LEFT_EYE_UPPER + T.LEFT_EYE_LOWER + T.LEFT_EYE_CREASE + T.LEFT_IRIS)
RIGHT_EYE = list(T.RIGHT_EYE_UPPER + T.RIGHT_EYE_LOWER + T.RIGHT_EYE_CREASE + T.RIGHT_IRIS)
BROWS = list(T.LEFT_BROW + T.RIGHT_BROW + T.FOREHEAD_LOW)

# parameter → (landmarks of the region it may change, margin in face widths, extra reach down)
REGIONS = {
    "jawOpen": (LIPS + LOWER_OVAL, 0.15, 0.45),        # the neck under the chin is squeezed
    # on an open-mouthed photo (the astronaut shows her teeth) closing brings the jaw up
    "mouthClose": (LIPS + LOWER_OVAL, 0.15, 0.45), "mouthSmileLeft": (LIPS + list(T.LEFT_CHEEK), 0.2, 0),
    "mouthSmileRight": (LIPS + list(T.RIGHT_CHEEK), 0.2, 0), "mouthFrownLeft": (LIPS + LOWER_OVAL, 0.15, 0.45),
    "mouthFrownRight": (LIPS + LOWER_OVAL, 0.15, 0.45), "mouthFunnel": (LIPS, 0.15, 0),
    "mouthPucker": (LIPS + LOWER_OVAL, 0.15, 0.45), "mouthStretchLeft": (LIPS, 0.15, 0),
    "mouthStretchRight": (LIPS, 0.15, 0), "mouthUpperUp": (LIPS, 0.15, 0),
    "mouthLowerDown": (LIPS, 0.15, 0), "tongueOut": (LIPS, 0.15, 0),
    "eyeBlinkLeft": (LEFT_EYE, 0.15, 0), "eyeBlinkRight": (RIGHT_EYE, 0.15, 0),
    "eyeWideLeft": (LEFT_EYE, 0.15, 0), "eyeWideRight": (RIGHT_EYE, 0.15, 0),
    "eyeSquintLeft": (LEFT_EYE + list(T.LEFT_CHEEK), 0.15, 0),
    "eyeSquintRight": (RIGHT_EYE + list(T.RIGHT_CHEEK), 0.15, 0),
    "browInnerUp": (BROWS, 0.15, 0), "browOuterUpLeft": (list(T.LEFT_BROW), 0.15, 0),
    "browOuterUpRight": (list(T.RIGHT_BROW), 0.15, 0),
    "browDownLeft": (list(T.LEFT_BROW) + LEFT_EYE, 0.15, 0),
    "browDownRight": (list(T.RIGHT_BROW) + RIGHT_EYE, 0.15, 0),
    "cheekPuff": (list(T.LEFT_CHEEK + T.RIGHT_CHEEK + T.FACE_OVAL) + LIPS, 0.25, 0),
    "gazeX": (LEFT_EYE + RIGHT_EYE, 0.1, 0), "gazeY": (LEFT_EYE + RIGHT_EYE, 0.1, 0),
}


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


@pytest.fixture(scope="module")
def neutral(engine):
    return engine.render({}, SIZE)


def test_every_expression_parameter_has_a_region():
    heads = {"headYaw", "headPitch", "headRoll"}
    assert set(REGIONS) == set(NAMES) - heads


def test_neutral_reproduces_the_photo_crop(engine, photo):
    frame = engine.render({}, 512)
    assert frame.shape == (512, 512, 4) and frame.dtype == np.uint8
    assert (frame[..., 3] == 255).all()
    # The reference is made here, independently: the framing crop of the photo, bilinear.
    ref = cv2.warpAffine(photo.rgb, engine.framing.matrix(512), (512, 512),
                         flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                         borderMode=cv2.BORDER_REPLICATE)
    assert psnr(frame[..., :3], ref) >= 40.0


def test_neutral_frame_shows_the_face_where_the_rig_says(engine, face_mesh):
    frame = engine.render({}, 512)
    seen = face_mesh(frame)[:, :2]
    rig = engine.landmarks({}, 512)
    width = T.face_width(rig)
    assert np.median(np.linalg.norm(seen - rig, axis=1)) < 0.03 * width


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_parameter_changes_its_region_and_nothing_else(engine, neutral, changed, name):
    idx, margin, down = REGIONS[name]
    pose = {name: 1.0}
    frame = engine.render(pose, SIZE)
    diff = changed(frame, neutral)
    assert diff.sum() >= 10, f"{name} made no visible change"
    pts = np.concatenate([engine.landmarks({}, SIZE)[idx], engine.landmarks(pose, SIZE)[idx]])
    width = T.face_width(engine.landmarks({}, SIZE))
    (x0, y0), (x1, y1) = pts.min(0) - margin * width, pts.max(0) + margin * width
    y1 += down * width
    ys, xs = np.nonzero(diff)
    outside = ~((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1))
    assert outside.sum() <= max(3, 0.05 * diff.sum()), (
        f"{name} changed {outside.sum()} of {diff.sum()} pixels outside its region")


def test_left_means_the_subjects_left(engine, neutral, changed):
    """eyeBlinkLeft closes the eye on the image's right (the subject faces the camera)."""
    diff = changed(engine.render({"eyeBlinkLeft": 1.0}, SIZE), neutral)
    xs = np.nonzero(diff)[1]
    nose_x = engine.landmarks({}, SIZE)[T.NOSE_TIP, 0]
    assert (xs > nose_x).mean() > 0.95


def test_intermediate_values_change_less(engine, neutral, changed):
    half = changed(engine.render({"jawOpen": 0.4}, SIZE), neutral).sum()
    full = changed(engine.render({"jawOpen": 1.0}, SIZE), neutral).sum()
    assert 0 < half < full


@pytest.mark.parametrize("pose, axis, sign", [({"headYaw": 20}, 0, 1), ({"headYaw": -20}, 0, -1),
                                              ({"headPitch": 15}, 1, -1),
                                              ({"headRoll": 15}, 0, 1)])
def test_head_pose_moves_the_face_and_not_the_backdrop(engine, neutral, face_mesh, pose, axis,
                                                       sign):
    frame = engine.render(pose, 512)
    before = face_mesh(engine.render({}, 512))
    after = face_mesh(frame)
    probe = T.NOSE_TIP if "headRoll" not in pose else T.FOREHEAD
    moved = (after[probe, axis] - before[probe, axis]) * sign
    assert moved > 0.03 * T.face_width(before)
    small = cv2.resize(frame, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    ref = cv2.resize(engine.render({}, 512), (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    # The backdrop corners stay exactly where they were: no tearing, no swimming.
    for sl in (np.s_[:20, :20], np.s_[:20, -20:]):
        assert np.abs(small[sl].astype(int) - ref[sl].astype(int)).max() <= 2


def test_timings_are_reported(engine):
    engine.render({"jawOpen": 0.5, "eyeBlinkLeft": 0.5}, SIZE)
    t = engine.last_timings
    assert {"geometry", "warp", "mouth", "composite", "total"} <= set(t)
    assert all(v >= 0 for v in t.values())


def test_render_sizes(engine):
    for size in (128, 300, 1024):
        f = engine.render({"mouthSmileLeft": 0.5}, size)
        assert f.shape == (size, size, 4)


def test_warp_image_contract():
    from studio.render.warp import warp_image
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (64, 80, 3), dtype=np.uint8)
    assert np.array_equal(warp_image(img, np.zeros((9, 11, 2), np.float32)), img)
    flow = np.zeros((9, 11, 2), np.float32)
    flow[..., 0] = 3.0                               # every pixel reads 3 pixels to its right
    out = warp_image(img, flow)
    assert np.array_equal(out[:, :-3], img[:, 3:])
    wide = rng.integers(0, 255, (33, 129, 3), dtype=np.uint8)
    ramp = np.zeros((2, 5, 2), np.float32)   # align-corners nodes every 32 px: x reads 2x
    ramp[..., 0] = np.arange(5) * 32.0
    out = warp_image(wide, ramp)
    assert np.array_equal(out[:, :65], wide[:, :130:2])


def test_appearance_zoom_and_transparent_background(photo):
    from dataclasses import replace

    from studio.profile.model import ExternalStatic
    from studio.render.engine import AvatarEngine
    eng = AvatarEngine.from_photo(photo)
    eyes = lambda e: np.linalg.norm(e.landmarks({}, SIZE)[T.LEFT_IRIS[0]]
                                    - e.landmarks({}, SIZE)[T.RIGHT_IRIS[0]])
    base = eyes(eng)
    eng.set_static(replace(ExternalStatic(), zoom=1.5))
    assert eyes(eng) == pytest.approx(1.5 * base, rel=0.02)
    eng.set_static(replace(ExternalStatic(), background="transparent"))
    frame = eng.render({"jawOpen": 0.3}, SIZE)
    nose = eng.landmarks({}, SIZE)[T.NOSE_TIP].astype(int)
    assert frame[nose[1], nose[0], 3] == 255
    assert frame[:15, -15:, 3].max() < 20            # the backdrop is see-through


def test_appearance_edits_reach_the_frame(photo, changed):
    from dataclasses import replace

    from studio.profile.model import ExternalStatic
    from studio.render.engine import AvatarEngine
    eng = AvatarEngine.from_photo(photo)
    plain = eng.render({}, SIZE)
    lm = eng.landmarks({}, SIZE)
    for edit, idx in (({"lip_colour": "#2040c0", "lip_colour_strength": 1.0}, LIPS),
                      ({"eye_size": 1.4}, LEFT_EYE + RIGHT_EYE),
                      ({"glasses": "round"}, LEFT_EYE + RIGHT_EYE)):
        eng.set_static(replace(ExternalStatic(), **edit))
        diff = changed(eng.render({}, SIZE), plain)
        x0, y0 = lm[idx].min(0).astype(int)
        x1, y1 = lm[idx].max(0).astype(int)
        assert diff[y0:y1 + 1, x0:x1 + 1].sum() >= 10, edit
    eng.set_static(ExternalStatic())
    assert np.array_equal(eng.render({}, SIZE), plain)


def test_reframing_only_changes_the_view(photo):
    """Zoom and offsets move the camera, not the face: a zoomed, shifted render of an
    expression equals the same region of the default framing's render (resampled)."""
    from dataclasses import replace

    from studio.profile.model import ExternalStatic
    from studio.render.engine import AvatarEngine
    eng = AvatarEngine.from_photo(photo)
    pose = {"jawOpen": 0.8, "headYaw": 12, "eyeBlinkLeft": 0.7}
    wide = eng.render(pose, 1024)[..., :3]
    f0 = eng.framing
    eng.set_static(replace(ExternalStatic(), zoom=1.5, offset_x=0.08, offset_y=-0.05))
    f1 = eng.framing
    zoomed = eng.render(pose, 512)[..., :3]
    s = f1.side / 511 / f0.side * 1023
    m = np.array([[s, 0, (f1.x0 - f0.x0) / f0.side * 1023],
                  [0, s, (f1.y0 - f0.y0) / f0.side * 1023]])
    ref = cv2.warpAffine(wide, m, (512, 512), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    assert psnr(zoomed, ref) > 30
    assert (np.abs(zoomed.astype(int) - ref.astype(int)).max(-1) > 40).mean() < 0.01


def test_fast_warp_matches_the_contract_warp():
    """The engine's integer-spacing warp gives the same pixels as `warp_image`."""
    from studio.render.warp import spacing_for, warp_image, warp_spaced
    rng = np.random.default_rng(3)
    for size in (256, 333):
        img = cv2.GaussianBlur(rng.integers(0, 255, (size, size, 4), dtype=np.uint8), (0, 0), 2)
        k, g = spacing_for(size, 40)
        flow = np.zeros((g, g, 2), np.float32)
        flow[8:30, 5:25] = rng.normal(0, 6, (22, 20, 2))
        flow = cv2.GaussianBlur(flow, (0, 0), 2)
        # The same field on the contract's corner-aligned grid: sample it at the corners' pitch.
        last = (size - 1) / k
        pts = np.linspace(0, last, g).astype(np.float32)
        mx, my = np.meshgrid(pts, pts)
        aligned = cv2.remap(flow, mx, my, cv2.INTER_LINEAR)
        out = img.copy()
        warp_spaced(img, flow, k, out)
        ref = warp_image(img, aligned)
        assert np.abs(out.astype(int) - ref.astype(int)).max() <= 8
        assert np.abs(out.astype(int) - ref.astype(int)).mean() < 0.3
    # Exact: a linear ramp (node j moves 9·j pixels) makes column x read column 2x.
    wide = rng.integers(0, 255, (40, 129, 3), dtype=np.uint8)
    k, g = spacing_for(129, 17)
    assert k == 9
    ramp = np.zeros((g, g, 2), np.float32)
    ramp[..., 0] = np.arange(g, dtype=np.float32) * k
    out = wide.copy()
    warp_spaced(wide, ramp[:6], k, out)
    assert np.array_equal(out[:, :65], wide[:, :130:2])


def test_out_of_range_and_broken_values_are_safe(engine):
    """Live sources can glitch: values beyond range are clipped, NaN counts as rest."""
    clipped = engine.render({"jawOpen": 5.0, "headYaw": 90.0}, 128)
    assert np.array_equal(clipped, engine.render({"jawOpen": 1.0, "headYaw": 35.0}, 128))
    broken = engine.render({"jawOpen": float("nan"), "headRoll": float("inf")}, 128)
    assert np.array_equal(broken, engine.render({}, 128))


def test_open_jaw_fades_smoothly_down_the_neck(engine):
    """The dropping chin squeezes the neck gradually: no fold (a seam against the collar)
    anywhere under the jaw, and the motion fades out down the neck, not at an edge."""
    from studio.rig.blendshapes import coefficients
    flow = engine.flow
    scale = np.float32(flow.grid - 1)
    u = flow.forward(coefficients({"jawOpen": 1.0}), (0.0, 0.0, 0.0)) * scale
    dux, duy = np.gradient(u[..., 0]), np.gradient(u[..., 1])
    det = (1 + dux[1]) * (1 + duy[0]) - dux[0] * duy[1]
    src = flow.framing.to_frame(engine.rig.source)[:, :2] * scale
    width = T.face_width(src)
    cx, cy = (int(round(v)) for v in src[T.CHIN])
    neck = det[cy:cy + int(width), cx - int(width / 3):cx + int(width / 3)]
    assert neck.min() > 0.3, float(neck.min())
    drop = u[cy:cy + int(width), cx, 1]
    assert drop[0] > 0.15 * width                        # the chin does drop
    steps = -np.diff(drop)
    assert steps.max() < 0.1 * drop[0] * 32 / width      # ≤ 10 % of it per 1/32 face width
