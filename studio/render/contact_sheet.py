"""Contact sheet of expression presets rendered from the astronaut portrait and harder
variants of it (rotated 15 degrees, a small face in a large canvas, dim uneven light, a mouth-closed
crop), for looking at the engine's output with one's own eyes.

    python -m studio.render.contact_sheet [-o docs/images/presets_contact_sheet.png] [--tile 192]
    python -m studio.render.contact_sheet --photoset   # the real-photo set (docs/PHOTOSET.md)
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

SHEET_PRESETS = ("neutral", "happy", "sad", "angry", "surprised", "wink", "laugh", "kiss",
                 "thinking", "sleepy")
DEFAULT_OUT = Path("docs/images/presets_contact_sheet.png")
PHOTOSET_OUT = Path("docs/images/photoset_contact_sheet.png")
PHOTOSET_PRESETS = ("as photographed",) + SHEET_PRESETS + ("fear", "disgusted")


def variants(rgb: np.ndarray) -> dict[str, np.ndarray]:
    """Harder versions of a portrait (H×W×3 uint8 RGB), by name, each H'×W'×3 uint8 RGB."""
    import cv2
    h, w = rgb.shape[:2]
    out = {"portrait": rgb}
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 15, 1.0)
    out["rotated 15 deg"] = cv2.warpAffine(rgb, m, (w, h), borderMode=cv2.BORDER_REFLECT)
    small = cv2.resize(rgb, None, fx=0.8, fy=0.8, interpolation=cv2.INTER_AREA)
    canvas = np.empty((1400, 1400, 3), np.uint8)
    canvas[:] = np.linspace(90, 170, 1400, dtype=np.float32)[:, None, None].astype(np.uint8)
    canvas[300:300 + small.shape[0], 700:700 + small.shape[1]] = small
    out["small face, 1400 px canvas"] = canvas
    x = np.linspace(0.15, 0.75, w, dtype=np.float32)[None, :, None]
    y = np.linspace(1.0, 0.7, h, dtype=np.float32)[:, None, None]
    dim = (rgb.astype(np.float32) / 255.0) ** 1.3 * x * y
    noise = np.random.default_rng(0).normal(0, 0.012, rgb.shape).astype(np.float32)
    out["dim, uneven light"] = np.clip((dim + noise) * 255 + 0.5, 0, 255).astype(np.uint8)
    out["mouth closed, crop"] = _mouth_closed_crop(rgb)
    return out


def _mouth_closed_crop(rgb: np.ndarray) -> np.ndarray:
    """The portrait with its lips closed (rendered by the engine), cropped around the head."""
    from studio.render.engine import AvatarEngine
    frame = AvatarEngine.from_photo(rgb).render({"mouthClose": 1.0}, 512)[..., :3]
    return np.ascontiguousarray(frame[40:440, 56:456])


def render_sheet(rgb: np.ndarray, tile: int = 192, presets=SHEET_PRESETS,
                 progress=None) -> np.ndarray:
    """Rows = variants, columns = presets: an H×W×3 uint8 RGB image with labels."""
    return sheet_of(variants(rgb), tile, presets, progress)


def sheet_of(images: dict, tile: int = 192, presets=SHEET_PRESETS, progress=None
             ) -> np.ndarray:
    """Rows = named photos (H×W×3 uint8 RGB each), columns = presets ("as photographed" is
    the rest frame with the photo's own expression kept): an H×W×3 uint8 RGB image."""
    from studio.errors import UserError
    from studio.render.engine import AvatarEngine
    from studio.rig.presets import preset_pose
    label_w, label_h = 150, 22
    from dataclasses import replace
    rows = []
    vs = images
    for i, (name, img) in enumerate(vs.items()):
        row = np.full((tile, label_w, 3), 30, np.uint8)
        _text(row, name, (6, tile // 2))
        tiles = [row]
        try:
            engine = AvatarEngine.from_photo(img)
            for p in presets:
                if p == "as photographed":
                    exact = AvatarEngine(engine.photo,
                                         replace(engine.static, photo_expression=p))
                    frame = exact.render({}, tile)
                else:
                    frame = engine.render(preset_pose(p), tile)
                tiles.append(np.ascontiguousarray(frame[..., :3]))
        except UserError as exc:
            tiles.append(_text(np.full((tile, tile * len(presets), 3), 60, np.uint8),
                               f"refused: {exc}", (6, tile // 2)))
        rows.append(np.hstack(tiles))
        if progress:
            progress((i + 1) / len(vs))
    header = np.full((label_h, rows[0].shape[1], 3), 30, np.uint8)
    for j, p in enumerate(presets):
        _text(header, p, (label_w + j * tile + 6, 16))
    return np.vstack([header, *rows])


def _text(img: np.ndarray, text: str, org) -> np.ndarray:
    import cv2
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.42, (235, 235, 235), 1, cv2.LINE_AA)
    return img


def main(argv: list[str] | None = None) -> int:
    import io

    import skimage.data
    from PIL import Image

    from studio.atomic import atomic_output
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tile", type=int, default=192)
    parser.add_argument("--photoset", action="store_true",
                        help="rows are the real-photo set (fetched once; docs/PHOTOSET.md)")
    args = parser.parse_args(argv)
    if args.photoset:
        from studio.face.intake import read_image
        from studio.photoset import entries, fetch
        fetch()
        images = {e["id"]: read_image(e["path"], e["id"]) for e in entries()}
        out = args.output if args.output != DEFAULT_OUT else PHOTOSET_OUT
        sheet = sheet_of(images, args.tile, PHOTOSET_PRESETS)
    else:
        out = args.output
        sheet = render_sheet(skimage.data.astronaut(), args.tile)
    args.output = out
    args.output.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.fromarray(sheet).save(buf, format="PNG", optimize=True)
    with atomic_output(args.output) as f:
        f.write(buf.getvalue())
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
