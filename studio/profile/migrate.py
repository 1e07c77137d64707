"""Bring a profile dict written by an older Avatar Studio up to `SCHEMA_VERSION`.

Each schema change is one step function `vN -> vN+1` in `_STEPS`; `upgrade` chains them. A
file from a *newer* app is refused (we cannot know what its new fields mean), never guessed at.

Schema history
--------------
v1 (first releases): a flat layout grouped by topic rather than by F.FDHC group::

    {"schema_version": 1,
     "appearance": {"photo", "face_width", "jaw_width", "chin_length", "eye_scale",
                    "nose_width", "lip_fullness", "skin_tone", "skin_smoothing",
                    "lip_color", "blush", "iris_color", "hair_color", "glasses", "hat",
                    "earrings", "background": {"mode", "color", "image", "blur"}},
     "motion":     {"expression", "intensity", "blink_rate", "head_sway", "breathing",
                    "lipsync_strength", "lipsync_smoothing"},
     "voice":      {"engine", "name", "language", "rate", "pitch", "volume", "sample"},
     "persona":    {"name", "description", "language", "greeting", "formality",
                    "big_five": {trait: 0..100 percent}, "mood": {"valence", "arousal"}},
     "consent":    {"face", "voice", "by", "date"}}

    Renamed in v2: `eye_scale` → `eye_size`, American "color" → "colour" (keys and the
    background mode value), `persona.description` → `internal.role`, `motion.intensity` →
    `dynamic.expression_intensity`; Big Five traits went from percent (0..100) to 0..1.
v2 (current): the four F.FDHC groups `static`, `dynamic`, `internal`, `privacy` of
    `studio.profile.model`.
"""
from __future__ import annotations

import copy
from typing import Any, Callable

from studio.errors import UserError
from studio.profile.model import GROUPS, SCHEMA_VERSION

# v1 (section, key) → v2 (group, field), for the values that move unchanged.
_V1_MOVES: dict[tuple[str, str], tuple[str, str]] = {
    **{("appearance", k): ("static", k) for k in (
        "photo", "face_width", "jaw_width", "chin_length", "nose_width", "lip_fullness",
        "skin_tone", "skin_smoothing", "blush", "glasses", "hat", "earrings")},
    ("appearance", "eye_scale"): ("static", "eye_size"),
    ("appearance", "lip_color"): ("static", "lip_colour"),
    ("appearance", "iris_color"): ("static", "iris_colour"),
    ("appearance", "hair_color"): ("static", "hair_colour"),
    ("motion", "expression"): ("dynamic", "expression"),
    ("motion", "intensity"): ("dynamic", "expression_intensity"),
    **{("motion", k): ("dynamic", k) for k in (
        "blink_rate", "head_sway", "breathing", "lipsync_strength", "lipsync_smoothing")},
    **{("voice", k): ("dynamic", f"voice_{k}") for k in (
        "engine", "name", "language", "rate", "pitch", "volume", "sample")},
    ("persona", "name"): ("internal", "name"),
    ("persona", "description"): ("internal", "role"),
    ("persona", "language"): ("internal", "language"),
    ("persona", "greeting"): ("internal", "greeting"),
    ("persona", "formality"): ("internal", "formality"),
    ("consent", "face"): ("privacy", "consent_face"),
    ("consent", "voice"): ("privacy", "consent_voice"),
    ("consent", "by"): ("privacy", "consent_by"),
    ("consent", "date"): ("privacy", "consent_date"),
}
_V1_SECTIONS = ("appearance", "motion", "voice", "persona", "consent")
_V1_BACKGROUND = {"mode": "background", "color": "background_colour",
                  "image": "background_image", "blur": "background_blur"}


def upgrade(data: Any) -> dict:
    """A copy of the profile dict `data`, migrated to `SCHEMA_VERSION` (the input is untouched).

    Raises UserError for a newer or unknown schema version, or a dict that is no profile at all.
    Field values are not validated here; `studio.profile.codec.from_dict` does that next.
    """
    if not isinstance(data, dict):
        raise UserError("the profile is not a JSON object")
    version = schema_version_of(data)
    if version > SCHEMA_VERSION:
        raise UserError(f"this project was made by a newer Avatar Studio (schema {version}); "
                        "update the app to open it")
    data = copy.deepcopy(data)
    while version < SCHEMA_VERSION:
        data = _STEPS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def schema_version_of(data: dict) -> int:
    """The schema version a profile dict declares (or, if it declares none, its layout shows)."""
    if "schema_version" not in data:
        if set(data) & set(GROUPS):
            return SCHEMA_VERSION
        if set(data) & set(_V1_SECTIONS):
            return 1
        raise UserError("the profile has no schema_version and is not a layout Avatar Studio knows")
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError(f"the profile's schema_version must be a whole number from 1 (got {version!r})")
    return version


def _v1_to_v2(old: dict) -> dict:
    new: dict[str, dict] = {group: {} for group in GROUPS}
    for section in _V1_SECTIONS:
        values = old.get(section, {})
        if not isinstance(values, dict):
            raise UserError(f"the old-format profile's {section!r} section must be an object")
        for key, value in values.items():
            if (section, key) in _V1_MOVES:
                group, name = _V1_MOVES[section, key]
                new[group][name] = value
    appearance = old.get("appearance", {})
    background = appearance.get("background")
    if isinstance(background, str):            # early v1 files: just the mode
        background = {"mode": background}
    if isinstance(background, dict):
        for key, name in _V1_BACKGROUND.items():
            if key in background:
                new["static"][name] = background[key]
        if new["static"].get("background") == "color":
            new["static"]["background"] = "colour"
    persona = old.get("persona", {})
    for trait, percent in (persona.get("big_five") or {}).items():
        new["internal"].setdefault("personality", {})[trait] = _percent_to_unit(percent)
    for key in ("valence", "arousal"):
        if key in (persona.get("mood") or {}):
            new["internal"][key] = persona["mood"][key]
    return new


def _percent_to_unit(value: Any) -> Any:
    # Leave a non-number alone: validation then names the field instead of a KeyError here.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / 100.0
    return value


_STEPS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}
assert set(_STEPS) == set(range(1, SCHEMA_VERSION)), "every old schema version needs a step"
