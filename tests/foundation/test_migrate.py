"""Migration of older profile versions, tested with a hand-made schema-1 file."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from studio.errors import UserError
from studio.profile import codec
from studio.profile.migrate import schema_version_of, upgrade
from studio.profile.model import SCHEMA_VERSION, DigitalHuman

V1 = json.loads((Path(__file__).parent / "data" / "profile_v1.json").read_text("utf-8"))


def test_v1_file_becomes_a_valid_current_profile_with_every_value_moved():
    profile = codec.from_dict(upgrade(V1))
    s, d, i, p = profile.static, profile.dynamic, profile.internal, profile.privacy
    assert profile.schema_version == SCHEMA_VERSION
    assert (s.photo, s.face_width, s.jaw_width, s.chin_length) == ("assets/me.jpg", 0.95, 1.1, 0.9)
    assert (s.eye_size, s.nose_width, s.lip_fullness) == (1.25, 0.8, 1.3)      # eye_scale renamed
    assert (s.lip_colour, s.iris_colour, s.hair_colour) == ("#c0392b", "#2e86c1", "")
    assert (s.skin_tone, s.skin_smoothing, s.blush) == (0.2, 0.4, 0.3)
    assert (s.glasses, s.hat, s.earrings) == ("round", "none", "hoops")
    assert (s.background, s.background_colour, s.background_blur) == ("colour", "#112233", 0.25)
    assert (d.expression, d.expression_intensity, d.blink_rate) == ("happy", 0.7, 12.0)
    assert (d.head_sway, d.breathing, d.lipsync_strength, d.lipsync_smoothing) == (0.3, 0.6, 1.2, 0.4)
    assert (d.voice_engine, d.voice_name, d.voice_language) == ("espeak", "en-us", "en")
    assert (d.voice_rate, d.voice_pitch, d.voice_volume) == (160.0, 40.0, 0.9)
    assert d.voice_sample == "assets/voice.wav"
    assert (i.name, i.role, i.language, i.formality) == (
        "Mina", "A cheerful guide to the city museum", "ko", "formal")
    assert i.greeting == "안녕하세요! 만나서 반가워요."
    assert (i.personality.openness, i.personality.extraversion, i.personality.neuroticism) == (
        pytest.approx(0.8), pytest.approx(0.9), pytest.approx(0.2))                  # percent → 0..1
    assert (i.valence, i.arousal) == (0.6, 0.1)
    assert (p.consent_face, p.consent_voice, p.consent_by, p.consent_date) == (
        True, True, "Mina Kim", "2025-03-14")
    # what v1 did not have keeps its default
    assert s.zoom == 1.0 and p.disclose_internal == DigitalHuman().privacy.disclose_internal


def test_upgrade_does_not_modify_its_input():
    before = copy.deepcopy(V1)
    upgrade(V1)
    assert V1 == before


def test_current_version_passes_through_unchanged():
    current = codec.to_dict(DigitalHuman())
    assert upgrade(current) == current


def test_early_v1_background_given_as_a_plain_mode():
    old = {"schema_version": 1, "appearance": {"background": "color"}}
    assert codec.from_dict(upgrade(old)).static.background == "colour"


def test_a_bad_v1_value_is_reported_by_its_new_name():
    old = copy.deepcopy(V1)
    old["appearance"]["eye_scale"] = 9
    with pytest.raises(UserError, match="eye size must be between 0.5 and 1.5"):
        codec.from_dict(upgrade(old))


def test_newer_version_is_refused_with_advice():
    with pytest.raises(UserError, match=r"made by a newer Avatar Studio \(schema 7\); update the app"):
        upgrade({"schema_version": 7, "static": {}})


@pytest.mark.parametrize("version", [0, -1, "2", 1.5, True, None])
def test_nonsense_versions_are_refused(version):
    with pytest.raises(UserError, match="schema_version must be a whole number"):
        upgrade({"schema_version": version})


def test_missing_version_is_inferred_from_the_layout():
    assert schema_version_of({"static": {}}) == SCHEMA_VERSION
    assert schema_version_of({"appearance": {}}) == 1
    with pytest.raises(UserError, match="no schema_version"):
        upgrade({"colour": "red"})
    with pytest.raises(UserError, match="not a JSON object"):
        upgrade(["static"])


def test_v1_section_of_the_wrong_type():
    with pytest.raises(UserError, match="'voice' section must be an object"):
        upgrade({"schema_version": 1, "voice": "loud"})
