"""The drawn character's parametric description: every part, its choices or range, defaults.

Stored in the profile as `ExternalStatic.character` (a plain dict: part name → value; a missing
part takes its default, an unknown one is ignored so a file from a newer app still opens).
Standard library only: the profile codec imports it to validate.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

# A wide, inclusive range of skin tones, lightest to deepest (the picker's swatches; any
# colour is allowed).
SKIN_TONES = ("#fde7d6", "#f8d9c0", "#f3cfb0", "#eac09c", "#e0ac85", "#d39a6f", "#c2875c",
              "#ae744b", "#98613d", "#7f4f31", "#683f27", "#52311f", "#3e251a")
HAIR_COLOURS = ("#1c1612", "#3b2a20", "#5a3a22", "#7a4e2d", "#a0693a", "#c79a5c", "#e3c27f",
                "#b5552b", "#8e8e8e", "#e8e4dc", "#2f4fa0", "#d0487c")
EYE_COLOURS = ("#3b2314", "#6b4226", "#8a6a3a", "#5d7a3a", "#4f86a8", "#7a8c99", "#2f2f2f")
CLOTHING_COLOURS = ("#3a6ea5", "#c0392b", "#27ae60", "#f1c40f", "#8e44ad", "#2c3e50",
                    "#ecf0f1", "#e67e22", "#16a085", "#d35480")

FACE_SHAPES = ("oval", "round", "square", "heart", "long", "diamond")
HAIRSTYLES = ("bald", "buzz", "short", "side_part", "quiff", "curly", "afro", "pixie", "bob",
              "long", "wavy", "ponytail", "bun", "braids", "mohawk", "hime")
EYE_SHAPES = ("round", "almond", "narrow", "hooded", "big")
BROWS = ("natural", "thin", "thick", "arched", "straight")
NOSES = ("button", "small", "straight", "wide", "pointed", "round")
EARS = ("normal", "small", "large", "pointed")
MOUTHS = ("medium", "small", "wide", "full")
FACIAL_HAIR = ("none", "stubble", "moustache", "goatee", "beard", "full_beard")
MAKEUP = ("none", "eyeliner", "eyeshadow", "lipstick", "glam")
GLASSES = ("none", "round", "square", "cat_eye", "aviator", "sunglasses")
HATS = ("none", "beanie", "cap", "bucket", "beret", "party", "headband")
EARRINGS = ("none", "studs", "hoops", "drops")
TOPS = ("tshirt", "vneck", "hoodie", "collar_shirt", "turtleneck", "tank", "blazer")
BUILDS = ("slim", "average", "broad")


@dataclass(frozen=True)
class Part:
    """One part of the character: kind 'choice' (options), 'colour' or 'num' (lo..hi)."""
    name: str
    kind: str
    default: Any
    label: str
    category: str
    options: tuple = ()
    lo: float = 0.0
    hi: float = 1.0


def _c(name, default, options, label, category):
    return Part(name, "choice", default, label, category, options=options)


def _col(name, default, label, category, swatches=()):
    return Part(name, "colour", default, label, category, options=tuple(swatches))


def _n(name, default, label, category, lo=0.0, hi=1.0):
    return Part(name, "num", default, label, category, lo=lo, hi=hi)


PARTS: tuple[Part, ...] = (
    _c("face_shape", "oval", FACE_SHAPES, "face shape", "face"),
    _col("skin_tone", "#e0ac85", "skin tone", "face", SKIN_TONES),
    _c("hair_style", "short", HAIRSTYLES, "hairstyle", "hair"),
    _col("hair_colour", "#3b2a20", "hair colour", "hair", HAIR_COLOURS),
    _c("eye_shape", "almond", EYE_SHAPES, "eye shape", "eyes"),
    _col("eye_colour", "#6b4226", "eye colour", "eyes", EYE_COLOURS),
    _c("brows", "natural", BROWS, "eyebrows", "eyes"),
    _c("nose", "small", NOSES, "nose", "face"),
    _c("ears", "normal", EARS, "ears", "face"),
    _c("mouth", "medium", MOUTHS, "mouth", "face"),
    _col("lip_colour", "#c46a6a", "lip colour", "face"),
    _c("facial_hair", "none", FACIAL_HAIR, "facial hair", "hair"),
    _n("freckles", 0.0, "freckles", "make-up"),
    _n("blush", 0.2, "blush", "make-up"),
    _c("makeup", "none", MAKEUP, "make-up", "make-up"),
    _col("makeup_colour", "#8a4f9e", "make-up colour", "make-up"),
    _c("glasses", "none", GLASSES, "glasses", "accessories"),
    _col("glasses_colour", "#222222", "glasses colour", "accessories"),
    _c("hat", "none", HATS, "hat", "accessories"),
    _col("hat_colour", "#c0392b", "hat colour", "accessories", CLOTHING_COLOURS),
    _c("earrings", "none", EARRINGS, "earrings", "accessories"),
    _col("earring_colour", "#e8c547", "earring colour", "accessories"),
    _c("top", "tshirt", TOPS, "top", "clothing"),
    _col("top_colour", "#16a085", "top colour", "clothing", CLOTHING_COLOURS),
    _c("build", "average", BUILDS, "build", "clothing"),
)
PART: dict[str, Part] = {p.name: p for p in PARTS}
DEFAULTS: dict[str, Any] = {p.name: p.default for p in PARTS}
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(p.category for p in PARTS))


def check(part: Part, value: Any) -> str | None:
    """A user-facing problem with `value` for `part`, or None."""
    if part.kind == "choice":
        if value not in part.options:
            return f"character {part.label} must be one of: {', '.join(part.options)} (got {value!r})"
    elif part.kind == "colour":
        if not isinstance(value, str) or not _HEX.match(value):
            return f"character {part.label} must be a colour like #a0522d (got {value!r})"
    elif part.kind == "num":
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or not part.lo <= value <= part.hi):
            return f"character {part.label} must be a number between {part.lo:g} and {part.hi:g}"
    return None


def problems(value: Any) -> list[str]:
    """Every problem in a stored character dict ([] when valid; unknown keys are ignored)."""
    if not isinstance(value, dict):
        return ["the drawn character must be an object"]
    out = []
    for name, v in value.items():
        part = PART.get(name)
        if part is not None:
            problem = check(part, v)
            if problem:
                out.append(problem)
    return out


def resolve(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """The complete character: defaults, overlaid by the valid known entries of `value`."""
    out = dict(DEFAULTS)
    for name, v in (value or {}).items():
        part = PART.get(name)
        if part is not None and check(part, v) is None:
            out[name] = v
    return out


def changed(value: Mapping[str, Any], **parts) -> dict[str, Any]:
    """A copy of the stored dict with `parts` set (each checked; ValueError names a bad one)."""
    out = dict(value or {})
    for name, v in parts.items():
        part = PART.get(name)
        if part is None:
            raise ValueError(f"unknown character part {name!r}")
        problem = check(part, v)
        if problem:
            raise ValueError(problem)
        out[name] = v
    return out


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def rgb_to_hex(rgb) -> str:
    r, g, b = (max(0, min(255, int(round(float(c))))) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"
