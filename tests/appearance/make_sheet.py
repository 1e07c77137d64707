"""Contact sheet of the appearance edits on the astronaut, rendered through the engine.

    .venv/bin/python tests/appearance/make_sheet.py [OUT.png]

Writes docs/images/appearance_sheet.png by default: texture edits, face-shape edits,
accessories (also on a turned and a tilted head) and background modes, one labelled tile each.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import cv2
import numpy as np

TILE = 256
ZOOM = 0.85

ROWS = [
    ("texture", [
        ("photo", {}),
        ("skin lighter", {"skin_tone": 0.8}),
        ("skin darker", {"skin_tone": -0.8}),
        ("smoothing", {"skin_smoothing": 1.0}),
        ("lip colour", {"lip_colour": "#b0102a", "lip_colour_strength": 0.8}),
        ("blush", {"blush": 0.8}),
        ("iris blue", {"iris_colour": "#3070c0"}),
        ("hair red", {"hair_colour": "#a83018", "hair_colour_strength": 0.9}),
        ("hair blond", {"hair_colour": "#e0c888", "hair_colour_strength": 0.9}),
        ("clothing", {"clothing_tint": "#2a6a3a"}),
    ]),
    ("shape", [
        ("face wide", {"face_width": 1.2}),
        ("face narrow", {"face_width": 0.8}),
        ("jaw wide", {"jaw_width": 1.3}),
        ("jaw narrow", {"jaw_width": 0.7}),
        ("chin long", {"chin_length": 1.3}),
        ("chin short", {"chin_length": 0.7}),
        ("eyes big", {"eye_size": 1.4}),
        ("nose wide", {"nose_width": 1.4}),
        ("lips full", {"lip_fullness": 1.6}),
        ("lips thin", {"lip_fullness": 0.6}),
    ]),
    ("accessories", [      # framed a little lower: hats reach above the photo's top edge
        ("round", {"glasses": "round"}),
        ("square", {"glasses": "square", "accessory_colour": "#6b3a1e"}),
        ("sunglasses", {"glasses": "sunglasses"}),
        ("beanie", {"hat": "beanie", "accessory_colour": "#b02030"}),
        ("cap", {"hat": "cap", "accessory_colour": "#2050a0"}),
        ("party", {"hat": "party", "accessory_colour": "#8030c0"}),
        ("studs", {"earrings": "studs", "accessory_colour": "#e0c050"}),
        ("hoops", {"earrings": "hoops", "accessory_colour": "#e0c050"}),
        ("turned 25", {"glasses": "round", "hat": "cap", "earrings": "hoops",
                       "_pose": {"headYaw": 25.0}}),
        ("tilted 20", {"glasses": "sunglasses", "hat": "party", "earrings": "studs",
                       "_pose": {"headRoll": 20.0}}),
    ]),
    ("background", [
        ("colour", {"background": "colour", "background_colour": "#3a6ea5"}),
        ("image", {"background": "image"}),
        ("blur 0.5", {"background": "blur", "background_blur": 0.5}),
        ("blur 1.0", {"background": "blur", "background_blur": 1.0}),
        ("transparent", {"background": "transparent"}),
        ("transp. + hat", {"background": "transparent", "hat": "beanie",
                           "accessory_colour": "#d08020"}),
        ("colour, turned", {"background": "colour", "background_colour": "#20a060",
                            "_pose": {"headYaw": -25.0}}),
        ("all edits", {"background": "blur", "skin_smoothing": 0.5, "lip_colour": "#a01838",
                       "blush": 0.4, "hair_colour": "#40281a", "glasses": "round",
                       "eye_size": 1.15, "jaw_width": 0.9}),
    ]),
]


def _checker(size: int) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    return np.where(((yy // 16 + xx // 16) % 2)[..., None] == 0, 205, 150).astype(np.float32)


def _tile(rgba: np.ndarray, label: str) -> np.ndarray:
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    rgb = (rgba[..., :3] * a + _checker(rgba.shape[0]) * (1 - a)).astype(np.uint8)
    rgb = np.ascontiguousarray(rgb)
    cv2.rectangle(rgb, (0, 0), (rgb.shape[1], 22), (0, 0, 0), -1)
    cv2.putText(rgb, label, (6, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1,
                cv2.LINE_AA)
    return rgb


def make_sheet(out: Path) -> Path:
    import skimage.data

    from studio.face.intake import load_photo
    from studio.profile.model import ExternalStatic
    from studio.render.engine import AvatarEngine

    photo = load_photo(skimage.data.astronaut())
    scenery = skimage.data.coffee()
    base = dataclasses.replace(ExternalStatic(), zoom=ZOOM)
    engine = AvatarEngine(photo, base, scenery)
    rows = []
    for name, tiles in ROWS:
        row = []
        row_base = dataclasses.replace(base, offset_y=-0.12) if name == "accessories" else base
        for label, changes in tiles:
            changes = dict(changes)
            pose = changes.pop("_pose", {})
            engine.set_static(dataclasses.replace(row_base, **changes))
            row.append(_tile(engine.render(pose, TILE), label))
        while len(row) < 10:
            row.append(np.full((TILE, TILE, 3), 255, np.uint8))
        rows.append(np.hstack(row))
    sheet = np.vstack(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parents[2] / "docs" / "images" / "appearance_sheet.png"
    print(make_sheet(target))
