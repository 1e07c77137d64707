"""A contact sheet of drawn characters × expression presets (docs/images/drawn_contact_sheet.png).

    python -m studio.drawn.contact_sheet [OUT.png] [--size 160]
"""
from __future__ import annotations

import sys

import numpy as np

# a varied cast: skin tones across the range, hairstyles, accessories
CAST = (
    {"skin_tone": "#f8d9c0", "hair_style": "bob", "hair_colour": "#b5552b", "eye_colour": "#4f86a8",
     "freckles": 0.8, "top": "turtleneck", "top_colour": "#2c3e50"},
    {"skin_tone": "#683f27", "hair_style": "afro", "hair_colour": "#1c1612", "face_shape": "round",
     "earrings": "hoops", "top": "hoodie", "top_colour": "#e67e22"},
    {"skin_tone": "#d39a6f", "hair_style": "side_part", "hair_colour": "#1c1612", "eye_shape": "narrow",
     "glasses": "square", "top": "collar_shirt", "top_colour": "#3a6ea5", "build": "broad"},
    {"skin_tone": "#98613d", "hair_style": "braids", "hair_colour": "#2b1d14", "eye_shape": "big",
     "makeup": "glam", "makeup_colour": "#8e44ad", "top": "vneck", "top_colour": "#d35480"},
    {"skin_tone": "#eac09c", "hair_style": "short", "hair_colour": "#8e8e8e", "face_shape": "square",
     "facial_hair": "full_beard", "brows": "thick", "hat": "cap", "hat_colour": "#27ae60", "top": "blazer",
     "top_colour": "#2c3e50"},
    {"skin_tone": "#3e251a", "hair_style": "bald", "face_shape": "long", "facial_hair": "goatee",
     "glasses": "round", "glasses_colour": "#c0392b", "earrings": "studs", "top": "tshirt", "top_colour": "#f1c40f"},
)


def contact_sheet(cast=CAST, presets=None, size: int = 160) -> np.ndarray:
    """rows = characters, columns = presets; with a label row of preset names."""
    from PIL import Image, ImageDraw

    from studio.drawn.engine import DrawnEngine
    from studio.profile.model import ExternalStatic
    from studio.rig.presets import preset_names, preset_pose
    presets = presets or preset_names()
    rows = []
    for i, character in enumerate(cast):
        colour = ("#dfe6ee", "#f1e4d8", "#e3eddf")[i % 3]
        e = DrawnEngine(ExternalStatic(avatar_kind="drawn", background="colour", background_colour=colour,
                                       character=character))
        rows.append(np.concatenate([e.render(preset_pose(p), size)[..., :3] for p in presets], axis=1))
    label = Image.new("RGB", (size * len(presets), 22), "white")
    draw = ImageDraw.Draw(label)
    for k, p in enumerate(presets):
        draw.text((k * size + 6, 5), p, fill="black")
    return np.concatenate([np.asarray(label)] + rows, axis=0)


def main(argv=None) -> int:
    import argparse

    from PIL import Image
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", nargs="?", default="docs/images/drawn_contact_sheet.png")
    ap.add_argument("--size", type=int, default=160)
    args = ap.parse_args(argv)
    Image.fromarray(contact_sheet(size=args.size)).save(args.out, optimize=True)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
