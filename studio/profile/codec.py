"""Profile ⇄ JSON-ready dict, with validation that names the field a user must fix."""
from __future__ import annotations

import dataclasses
import logging
import typing
from typing import Any

from studio.errors import UserError
from studio.profile.fields import check_value
from studio.profile.model import GROUPS, SCHEMA_VERSION, DigitalHuman

log = logging.getLogger(__name__)


def to_dict(profile: DigitalHuman) -> dict:
    """A JSON-serialisable dict (tuples become lists)."""
    return dataclasses.asdict(profile)


def validate(profile: DigitalHuman) -> list[str]:
    """Every problem in `profile`, as messages a user can act on ([] when valid)."""
    problems: list[str] = []
    _walk(profile, "", problems)
    return problems


def from_dict(data: Any) -> DigitalHuman:
    """Build a profile from a dict of the current schema version; raise UserError listing problems.

    Older versions must be migrated first (`studio.profile.migrate.upgrade`). Unknown keys are
    ignored (logged) so that a file edited by hand with an extra key still opens.
    """
    if not isinstance(data, dict):
        raise UserError("the profile is not a JSON object")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise UserError(f"profile schema version {version} is not {SCHEMA_VERSION}; migrate it first")
    problems: list[str] = []
    profile = _build(DigitalHuman, data, "", problems)
    if not problems:
        _walk(profile, "", problems)
    if problems:
        shown = "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
        raise UserError(f"invalid profile: {shown}")
    return profile


def _build(cls: type, data: Any, where: str, problems: list[str]) -> Any:
    if not isinstance(data, dict):
        problems.append(f"{where or 'profile'} must be an object")
        return cls()
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value, hint = data[f.name], hints[f.name]
        if dataclasses.is_dataclass(hint):
            kwargs[f.name] = _build(hint, value, _path(where, f.name), problems)
        elif typing.get_origin(hint) is tuple:
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                problems.append(f"{_label(where, f)} must be a list of texts")
            else:
                kwargs[f.name] = tuple(value)
        elif hint is dict:
            if not isinstance(value, dict):
                problems.append(f"{_label(where, f)} must be an object")
            else:
                kwargs[f.name] = dict(value)
        else:
            if hint is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            kwargs[f.name] = value
    for unknown in sorted(set(data) - {f.name for f in dataclasses.fields(cls)}):
        log.warning("ignoring unknown profile key %s", _path(where, unknown))
    return cls(**kwargs)


def _walk(obj: Any, where: str, problems: list[str]) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            _walk(value, _path(where, f.name), problems)
        elif f.metadata:
            problem = check_value(dict(f.metadata), value)
            if problem:
                problems.append(f"{_group_label(where)}{problem}")
        elif f.name == "webcam_neutral" and not all(
                isinstance(k, str) and isinstance(v, (int, float)) for k, v in value.items()):
            problems.append(f"{_group_label(where)}calibrated webcam neutral must map names to numbers")
        elif f.name == "pose_edits" and not _is_pose(value):
            problems.append(f"{_group_label(where)}the pose must map expression parameters to numbers")
        elif f.name == "user_presets" and not (
                all(isinstance(k, str) and 0 < len(k) <= 40 and _is_pose(v) for k, v in value.items())
                and len(value) <= 200):
            problems.append(f"{_group_label(where)}each own preset needs a name (up to 40 characters) "
                            "and a pose of expression parameters")
        elif f.name == "chat_faces" and not _are_chat_faces(value):
            problems.append(f"{_group_label(where)}each chat face must map a built-in preset to "
                            "a preset's name (up to 40 characters)")
        elif f.name == "keyframes" and not _are_keyframes(value):
            problems.append(f"{_group_label(where)}keyframes must map expression parameters to "
                            "lists of [seconds, value] within the parameter's range")
        elif f.name == "character":
            from studio.drawn.character import problems as character_problems
            problems.extend(f"{_group_label(where)}{p}" for p in character_problems(value))
        elif f.name == "memories" and any(len(m) > 2000 for m in value):
            problems.append(f"{_group_label(where)}a memory is longer than 2000 characters")


def _is_pose(value) -> bool:
    """A pose: known expression parameter names → finite numbers within their ranges."""
    import math
    from studio.params import SPEC
    return isinstance(value, dict) and all(
        isinstance(k, str) and k in SPEC and isinstance(v, (int, float)) and not isinstance(v, bool)
        and math.isfinite(v) and SPEC[k].lo <= v <= SPEC[k].hi for k, v in value.items())


def _are_chat_faces(value) -> bool:
    """Names to names, checked for shape only: the profile sits below the rig and cannot know
    its presets; a face the chat never picks is simply never looked up."""
    return isinstance(value, dict) and len(value) <= 64 and all(
        isinstance(k, str) and 0 < len(k) <= 40 and isinstance(v, str) and 0 < len(v) <= 40
        for k, v in value.items())


def _are_keyframes(value) -> bool:
    import math
    from studio.params import SPEC

    def mode_ok(k) -> bool:          # [t, value] or [t, value, "ease" | "linear" | "hold"]
        return len(k) == 2 or (len(k) == 3 and k[2] in ("ease", "linear", "hold"))

    def key_ok(name, k) -> bool:
        return (isinstance(k, (list, tuple)) and len(k) in (2, 3) and mode_ok(k)
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in k[:2])
                and 0.0 <= k[0] <= 3600.0 and SPEC[name].lo - SPEC[name].hi <= k[1] <= SPEC[name].hi - SPEC[name].lo)

    def preset_key_ok(k) -> bool:
        return (isinstance(k, (list, tuple)) and len(k) in (2, 3) and mode_ok(k)
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in k[:2])
                and 0.0 <= k[0] <= 3600.0 and 0.0 <= k[1] <= 1.0)

    def target_ok(n, ks) -> bool:
        if not isinstance(n, str) or not isinstance(ks, (list, tuple)) or len(ks) > 1000:
            return False
        if n.startswith("preset:"):           # a preset's weight over time
            return 0 < len(n) - len("preset:") <= 40 and all(preset_key_ok(k) for k in ks)
        return n in SPEC and all(key_ok(n, k) for k in ks)
    return isinstance(value, dict) and all(target_ok(n, ks) for n, ks in value.items())


def _path(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _group_label(where: str) -> str:
    top = where.split(".")[0] if where else ""
    return f"{GROUPS[top]}: " if top in GROUPS else ""


def _label(where: str, f: dataclasses.Field) -> str:
    return _group_label(where) + f.metadata.get("label", f.name.replace("_", " "))
