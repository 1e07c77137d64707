"""Presets read as their emotion on a smiling photo: each preset is rendered from the
astronaut (who smiles broadly, teeth showing) and from a mouth-closed variant, the frame is
tracked with real Face Mesh, and simple features a viewer reads (mouth corners against the
lip line, brow height over the eye, eye and mouth opening) must move the right way against
the neutral frame, by a visible margin."""
from __future__ import annotations

import numpy as np
import pytest

from studio.face import topology as T
from studio.rig.blendshapes import CINDEX
from studio.rig.expression import photo_expression
from studio.rig.presets import preset_pose

SIZE = 448
RIGHT_INNER_BROW, LEFT_INNER_BROW = [55, 65], [285, 295]
RIGHT_MID_BROW, LEFT_MID_BROW = [105, 66, 70], [334, 296, 300]


def features(p: np.ndarray) -> dict[str, float]:
    """Face-local features of 478×3 landmarks, in face widths (temple to temple).

    lift: mouth corners above the line where the lips meet (> 0 smiles); brow: inner brows
    above the upper lids; asym: left brow height minus right; eye: lid opening; mouth: lip
    gap; width: mouth width; tilt: left corner's lift minus the right one's (a smirk)."""
    w = T.face_width(p)
    ex = p[T.TEMPLE_LEFT, :2] - p[T.TEMPLE_RIGHT, :2]
    ex = ex / np.linalg.norm(ex)
    ey = np.array([-ex[1], ex[0]])
    y = lambda i: float(np.mean(p[np.atleast_1d(i), :2] @ ey)) / w
    x = lambda i: float(np.mean(p[np.atleast_1d(i), :2] @ ex)) / w
    line = 0.5 * (y(T.UPPER_LIP_CENTRE_INNER) + y(T.LOWER_LIP_CENTRE_INNER))
    return {
        "lift": line - y([T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT]),
        "brow": 0.5 * (y(159) - y(RIGHT_INNER_BROW) + y(386) - y(LEFT_INNER_BROW)),
        "asym": (y(386) - y(LEFT_MID_BROW)) - (y(159) - y(RIGHT_MID_BROW)),
        "eye": 0.5 * (y(145) - y(159) + y(374) - y(386)),
        "mouth": y(T.LOWER_LIP_CENTRE_INNER) - y(T.UPPER_LIP_CENTRE_INNER),
        "width": x(T.MOUTH_CORNER_LEFT) - x(T.MOUTH_CORNER_RIGHT),
        "tilt": line - y(T.MOUTH_CORNER_LEFT) - (line - y(T.MOUTH_CORNER_RIGHT)),
    }


# preset → {feature: (lowest, highest) change against neutral}; None = unbounded.
EXPECT = {
    "happy": {"lift": (0.01, None)},
    "sad": {"lift": (None, -0.05), "brow": (0.02, None), "eye": (None, -0.004)},
    "angry": {"lift": (None, -0.05), "brow": (None, -0.012), "eye": (None, -0.008)},
    "disgusted": {"lift": (None, -0.04), "brow": (None, -0.006)},
    "kiss": {"lift": (None, -0.02), "width": (None, -0.1)},
    "thinking": {"lift": (None, -0.03), "asym": (0.025, None)},
    "sleepy": {"eye": (None, -0.03)},
    "surprised": {"eye": (0.01, None), "brow": (0.02, None), "mouth": (0.05, None)},
    # fear is not a smile: corners at most level, brows up, eyes wide
    "fear": {"lift": (None, -0.01), "brow": (0.015, None), "eye": (0.004, None)},
    "smirk": {"tilt": (0.015, None)},                 # one corner up, not both
}


@pytest.fixture(scope="module")
def measured(engine, closed_mouth_engine, face_mesh):
    """{photo: {preset: features}} for the smiling astronaut and its mouth-closed variant."""
    out = {}
    for label, eng in (("smiling", engine), ("mouth closed", closed_mouth_engine)):
        out[label] = {name: features(face_mesh(eng.render(preset_pose(name), SIZE)))
                      for name in ["neutral", *EXPECT]}
    return out


@pytest.mark.parametrize("photo_kind", ["smiling", "mouth closed"])
@pytest.mark.parametrize("name", sorted(EXPECT))
def test_preset_moves_the_features_a_viewer_reads(measured, photo_kind, name):
    rest, got = measured[photo_kind]["neutral"], measured[photo_kind][name]
    for feature, (lo, hi) in EXPECT[name].items():
        change = got[feature] - rest[feature]
        assert lo is None or change >= lo, f"{name}: {feature} {change:+.3f} (want ≥ {lo})"
        assert hi is None or change <= hi, f"{name}: {feature} {change:+.3f} (want ≤ {hi})"


@pytest.mark.parametrize("photo_kind", ["smiling", "mouth closed"])
def test_sad_and_angry_corners_end_at_or_below_the_lip_line(measured, photo_kind):
    """The photo's smile is cancelled, not merely toned down."""
    assert measured[photo_kind]["neutral"]["lift"] > 0.04          # the photo smiles
    for name in ("sad", "angry", "disgusted"):
        assert measured[photo_kind][name]["lift"] < 0.005, name


def test_photo_smile_is_estimated_and_relaxing_cancels_it(engine):
    rig = engine.rig
    smiling = photo_expression(rig.source)
    assert smiling.smile > 0.5 and smiling.open > 0.08       # broad smile, teeth showing
    # The smile relaxed on its own (no frown on top), read back by the same estimate.
    k = rig.coefficients({"mouthFrownLeft": 1.0, "mouthFrownRight": 1.0})
    k[[CINDEX["mouthFrownLeft"], CINDEX["mouthFrownRight"]]] = 0.0
    relaxed = photo_expression(rig.deformed(k))
    assert relaxed.smile < 0.25 and relaxed.open < 0.02, relaxed
    assert max(relaxed.lift_left, relaxed.lift_right) < 0.02 * T.face_width(rig.source)


@pytest.mark.parametrize("which", ["smiling", "mouth closed"])
def test_cheeky_sticks_the_tongue_out_over_the_lower_lip(engine, closed_mouth_engine, which):
    """Just below the lower lip's outer edge, in the middle, where there is chin skin at rest,
    the tongue's red appears: it comes out over the lower lip."""
    eng = engine if which == "smiling" else closed_mouth_engine
    lm = eng.landmarks({}, SIZE)
    seam = 0.5 * (lm[T.UPPER_LIP_CENTRE_INNER] + lm[T.LOWER_LIP_CENTRE_INNER])
    chin_lip = lm[17]                                        # the lower lip's outer edge
    half = 0.12 * abs(lm[T.MOUTH_CORNER_LEFT, 0] - lm[T.MOUTH_CORNER_RIGHT, 0])
    below = max(3, int(0.08 * (chin_lip[1] - seam[1])))
    box = (slice(int(chin_lip[1]) + 1, int(chin_lip[1]) + 1 + below),
           slice(int(seam[0] - half), int(seam[0] + half)))

    rest = eng.render(preset_pose("neutral"), SIZE)[box][..., :3].astype(np.int16)
    got = eng.render(preset_pose("cheeky"), SIZE)[box][..., :3].astype(np.int16)
    changed = np.abs(got - rest).max(-1) > 25
    redder = (got[..., 0] - got[..., 1]) > (rest[..., 0] - rest[..., 1]) + 8
    assert float((changed & redder).mean()) > 0.5, float((changed & redder).mean())
