"""Expression presets: valid parameter sets, intensity, and a visible face for each."""
from __future__ import annotations

import pytest

from studio.errors import UserError
from studio.params import SPEC
from studio.rig.presets import PRESETS, preset_pose

REQUIRED = ("neutral", "happy", "sad", "angry", "surprised", "wink", "laugh", "kiss", "thinking",
            "love", "disgusted", "sleepy")


def test_required_presets_exist_with_valid_parameters():
    assert set(REQUIRED) <= set(PRESETS)
    for name, pose in PRESETS.items():
        for param, value in pose.items():
            assert param in SPEC, (name, param)
            assert SPEC[param].lo <= value <= SPEC[param].hi, (name, param)


def test_intensity_scales_towards_rest():
    full = preset_pose("happy")
    half = preset_pose("happy", 0.5)
    assert set(half) == set(full)
    for k in full:
        assert half[k] == pytest.approx(full[k] / 2)
    assert preset_pose("surprised", 0.0) == {}
    assert preset_pose(" Happy ") == full           # forgiving about case and spaces


def test_unknown_preset_and_bad_intensity_are_user_errors():
    with pytest.raises(UserError, match="unknown expression 'grumpy'; known: neutral, happy"):
        preset_pose("grumpy")
    with pytest.raises(UserError, match="between 0 and 1"):
        preset_pose("happy", 1.5)


@pytest.fixture(scope="module")
def neutral(engine):
    return engine.render({}, 256)


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "neutral"])
def test_each_preset_visibly_changes_the_face(engine, neutral, changed, name):
    frame = engine.render(preset_pose(name), 256)
    assert changed(frame, neutral).sum() > 150
    half = engine.render(preset_pose(name, 0.5), 256)
    assert 0 < changed(half, neutral).sum() <= changed(frame, neutral).sum() * 1.1


def test_presets_read_as_their_emotion(engine):
    """Rig geometry: happy lifts the mouth corners, sad drops them, surprised opens the
    mouth and raises the brows, wink closes only the left eye."""
    from studio.face import topology as T
    rest = engine.landmarks({}, 512)

    def lm(name):
        return engine.landmarks(preset_pose(name), 512)

    corners = [T.MOUTH_CORNER_LEFT, T.MOUTH_CORNER_RIGHT]
    centre = T.UPPER_LIP_TOP
    lift = lambda p: (p[centre, 1] - p[corners, 1]).mean() - (rest[centre, 1] - rest[corners, 1]).mean()
    assert lift(lm("happy")) > 2 and lift(lm("sad")) < -2
    s = lm("surprised")
    gap = lambda p: p[T.LOWER_LIP_CENTRE_INNER, 1] - p[T.UPPER_LIP_CENTRE_INNER, 1]
    assert gap(s) > gap(rest) + 10
    assert s[T.LEFT_BROW[2], 1] < rest[T.LEFT_BROW[2], 1] - 3
    w = lm("wink")
    eye = lambda p, up, lo: p[lo, 1] - p[up, 1]
    assert eye(w, 386, 374) < 0.3 * eye(rest, 386, 374)         # left eye closed
    assert eye(w, 159, 145) > 0.8 * eye(rest, 159, 145)         # right eye open
