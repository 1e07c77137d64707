"""The F.FDHC profile: validation messages a user can act on, and a lossless JSON round trip."""
from __future__ import annotations

import dataclasses
import json

import pytest

from studio.errors import UserError
from studio.profile import codec
from studio.profile.model import GROUPS, DigitalHuman, replace_in


def _changed_value(f: dataclasses.Field):
    """A valid value for field `f` that differs from its default."""
    meta, default = f.metadata, f.default
    kind = meta.get("kind")
    if kind == "num":
        return meta["hi"] if default != meta["hi"] else meta["lo"]
    if kind == "choice":
        return next(o for o in meta["options"] if o != default)
    if kind == "colour":
        return "#123abc"
    if kind == "text":
        return "Zoë 안녕 " + f.name[: max(1, meta["max_len"] - 10)][:20]
    if kind == "flag":
        return not default
    if kind == "asset":
        return f"assets/{f.name}.bin"
    if f.name == "memories":
        return ("likes tea", "was born in Busan")
    if f.name == "webcam_neutral":
        return {"jawOpen": 0.05, "browInnerUp": -0.1}
    if f.name == "pose_edits":
        return {"mouthPucker": 0.8, "headYaw": -5.0}
    if f.name == "user_presets":
        return {"my kiss": {"mouthPucker": 1.0, "eyeBlinkLeft": 0.6}}
    if f.name == "chat_faces":
        return {"happy": "my kiss", "sad": "love"}
    if f.name == "character":
        return {"hair_style": "afro", "skin_tone": "#52311f", "freckles": 0.5}
    if f.name == "keyframes":
        return {"headYaw": [[0.0, 0.0], [1.5, 12.0]], "mouthSmileLeft": [[0.5, 0.4]]}
    raise AssertionError(f"no test value for {f.name}")


def _everything_changed(obj):
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "schema_version":
            continue
        changes[f.name] = _everything_changed(value) if dataclasses.is_dataclass(value) else _changed_value(f)
    return dataclasses.replace(obj, **changes)


def _leaves(obj, prefix=""):
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            yield from _leaves(value, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", value


def test_round_trip_of_every_field_through_json():
    profile = _everything_changed(DigitalHuman())
    defaults = dict(_leaves(DigitalHuman()))
    changed = dict(_leaves(profile))
    same = [k for k in changed if changed[k] == defaults[k] and k != "schema_version"]
    assert not same, f"test values equal the defaults for {same}"
    assert codec.validate(profile) == []
    back = codec.from_dict(json.loads(json.dumps(codec.to_dict(profile))))
    assert back == profile
    assert isinstance(back.internal.memories, tuple)


def test_defaults_are_valid():
    assert codec.validate(DigitalHuman()) == []


@pytest.mark.parametrize("group, changes, message", [
    ("static", {"eye_size": 1.6}, "external static: eye size must be between 0.5 and 1.5 (got 1.6)"),
    ("static", {"eye_size": "big"}, "eye size must be a number"),
    ("static", {"glasses": "monocle"}, "glasses must be one of: none, round, square, sunglasses"),
    ("static", {"lip_colour": "red"}, "lip colour must be a colour like #a0522d (got 'red')"),
    ("static", {"blush_colour": ""}, "blush colour must be a colour like"),
    ("static", {"photo": "/home/me/photo.png"}, "source photo must name a file inside the project's assets/ folder"),
    ("static", {"background_image": "assets/../x.png"}, "background image must name a file inside"),
    ("dynamic", {"voice_rate": 20}, "external dynamic: speaking rate must be between 80 and 450"),
    ("dynamic", {"webcam_mirror": "yes"}, "mirror webcam must be true or false"),
    ("dynamic", {"webcam_neutral": {"jawOpen": "x"}}, "calibrated webcam neutral must map names to numbers"),
    ("dynamic", {"pose_edits": {"mouthPucker": 3.0}}, "the pose must map expression parameters to numbers"),
    ("dynamic", {"pose_edits": {"noSuchThing": 0.5}}, "the pose must map expression parameters to numbers"),
    ("dynamic", {"user_presets": {"": {"jawOpen": 0.2}}}, "each own preset needs a name"),
    ("dynamic", {"keyframes": {"jawOpen": [[-1.0, 0.5]]}}, "keyframes must map expression parameters"),
    ("internal", {"name": "x" * 81}, "internal: name is too long (81 characters, at most 80)"),
    ("internal", {"memories": ("m" * 2001,)}, "a memory is longer than 2000 characters"),
    ("privacy", {"disclose_internal": "all"}, "privacy: disclose personality on export must be one of"),
])
def test_validation_messages_name_the_field_and_the_fix(group, changes, message):
    bad = replace_in(DigitalHuman(), group, **changes)
    problems = codec.validate(bad)
    assert len(problems) == 1 and message in problems[0]
    data = json.loads(json.dumps(codec.to_dict(bad)))
    with pytest.raises(UserError, match="invalid profile") as info:
        codec.from_dict(data)
    assert message in str(info.value)


def test_nested_personality_is_validated():
    data = codec.to_dict(DigitalHuman())
    data["internal"]["personality"]["extraversion"] = 1.5
    with pytest.raises(UserError, match="internal: extraversion must be between 0 and 1"):
        codec.from_dict(data)


def test_wrong_shapes_are_reported_not_crashed():
    data = codec.to_dict(DigitalHuman())
    data["static"] = "pretty"
    data["internal"]["memories"] = "just one"
    with pytest.raises(UserError) as info:
        codec.from_dict(data)
    assert "static must be an object" in str(info.value)
    assert "must be a list of texts" in str(info.value)


def test_many_problems_are_summarised_on_one_line():
    data = codec.to_dict(DigitalHuman())
    for name in ("face_width", "jaw_width", "chin_length", "eye_size", "nose_width", "lip_fullness", "zoom"):
        data["static"][name] = 99
    with pytest.raises(UserError, match=r"\(and 2 more\)") as info:
        codec.from_dict(data)
    assert "\n" not in str(info.value)


def test_whole_numbers_are_accepted_for_decimals_and_unknown_keys_ignored():
    data = codec.to_dict(DigitalHuman())
    data["dynamic"]["voice_rate"] = 200
    data["static"]["sparkle"] = 11
    profile = codec.from_dict(data)
    assert profile.dynamic.voice_rate == 200.0 and isinstance(profile.dynamic.voice_rate, float)


def test_every_group_has_a_user_facing_name():
    assert set(GROUPS) == {f.name for f in dataclasses.fields(DigitalHuman)} - {"schema_version"}
