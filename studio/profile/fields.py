"""Declarative field specs for the profile dataclasses.

Every user-editable field carries its label, range or choices in the dataclass metadata, so
validation, serialisation and the GUI editors all read one description instead of three.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def num(default: float, lo: float, hi: float, label: str, unit: str = "") -> Any:
    """A number in [lo, hi]; `label` is how a user names it ("eye size")."""
    return dataclasses.field(default=default, metadata={"kind": "num", "lo": lo, "hi": hi,
                                                        "label": label, "unit": unit})


def choice(default: str, options: tuple[str, ...], label: str) -> Any:
    """One of a fixed set of strings."""
    return dataclasses.field(default=default, metadata={"kind": "choice", "options": options,
                                                        "label": label})


def colour(default: str, label: str, optional: bool = False) -> Any:
    """'#rrggbb'; with optional=True the empty string means "leave the photo's own colour"."""
    return dataclasses.field(default=default, metadata={"kind": "colour", "optional": optional,
                                                        "label": label})


def text(default: str, label: str, max_len: int = 2000) -> Any:
    return dataclasses.field(default=default, metadata={"kind": "text", "label": label,
                                                        "max_len": max_len})


def flag(default: bool, label: str) -> Any:
    return dataclasses.field(default=default, metadata={"kind": "flag", "label": label})


def asset(label: str) -> Any:
    """A file inside the project's assets/ folder, stored as 'assets/NAME' ('' = none)."""
    return dataclasses.field(default="", metadata={"kind": "asset", "label": label})


def check_value(spec: dict, value: Any) -> str | None:
    """Return a user-facing problem with `value` for a field described by `spec`, or None."""
    kind, label = spec.get("kind"), spec.get("label", "value")
    if kind == "num":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{label} must be a number"
        if not (spec["lo"] <= value <= spec["hi"]):
            return f"{label} must be between {_fmt(spec['lo'])} and {_fmt(spec['hi'])} (got {_fmt(value)})"
    elif kind == "choice":
        if value not in spec["options"]:
            return f"{label} must be one of: {', '.join(spec['options'])} (got {value!r})"
    elif kind == "colour":
        if not isinstance(value, str) or not (_HEX.match(value) or (spec["optional"] and value == "")):
            return f"{label} must be a colour like #a0522d (got {value!r})"
    elif kind == "text":
        if not isinstance(value, str):
            return f"{label} must be text"
        if len(value) > spec["max_len"]:
            return f"{label} is too long ({len(value)} characters, at most {spec['max_len']})"
    elif kind == "flag":
        if not isinstance(value, bool):
            return f"{label} must be true or false"
    elif kind == "asset":
        if not isinstance(value, str) or (value and not _is_asset_name(value)):
            return f"{label} must name a file inside the project's assets/ folder (got {value!r})"
    return None


def _is_asset_name(value: str) -> bool:
    parts = value.split("/")
    return (len(parts) == 2 and parts[0] == "assets" and parts[1] not in ("", ".", "..")
            and "\\" not in value and ":" not in value)


def _fmt(x: float) -> str:
    return f"{x:g}"
