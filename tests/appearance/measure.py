"""Timings of the appearance functions on the astronaut (not a test: a measurement).

    .venv/bin/python tests/appearance/measure.py

Prints p50/p99 (and the best run, the figure least disturbed by other work on the machine)
for prepare_texture (first call = masks computed; repeat = a slider drag, masks cached),
composite per background mode, and draw_accessories, at 512 and 1024.
"""
from __future__ import annotations

import dataclasses
import time

import cv2
import numpy as np


def _timed(fn, runs: int) -> str:
    fn()
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    ms = np.array(ts) * 1e3
    return (f"p50 {np.median(ms):6.2f} ms  p99 {np.percentile(ms, 99):6.2f} ms  "
            f"best {ms.min():6.2f} ms")


def main() -> None:
    import skimage.data

    from studio.face.intake import load_photo
    from studio.profile.model import ExternalStatic
    from studio.render import appearance
    from studio.render.accessories import draw_accessories
    from studio.render.background import composite
    from studio.render.engine import AvatarEngine

    base = ExternalStatic()
    photo = load_photo(skimage.data.astronaut())
    edits = dict(skin_tone=0.3, skin_smoothing=0.5, lip_colour="#a01030", blush=0.5,
                 iris_colour="#308040", hair_colour="#202020")
    for label, changes in (("face+hair edits", edits),
                           ("all edits + clothing", {**edits, "clothing_tint": "#204080"})):
        st = dataclasses.replace(base, **changes)
        for k in (1, 4):
            rgb = photo.rgb if k == 1 else cv2.resize(photo.rgb, None, fx=k, fy=k)
            mask = photo.person_mask if k == 1 else cv2.resize(photo.person_mask, None, fx=k, fy=k)
            lm = photo.landmarks * k

            def fresh():
                appearance._MASKS = appearance._MaskCache()
                appearance.prepare_texture(rgb, lm, mask, st)
            print(f"prepare_texture {512 * k}² {label}, first: {_timed(fresh, 5)}")
            print(f"prepare_texture {512 * k}² {label}, drag:  "
                  f"{_timed(lambda: appearance.prepare_texture(rgb, lm, mask, st), 5)}")
    scenery = skimage.data.coffee()
    for size in (512, 1024):
        engine = AvatarEngine.from_photo(photo)
        frame = engine.render({"headYaw": 10.0}, size)
        lm2 = engine.landmarks({"headYaw": 10.0}, size)
        rgb = np.ascontiguousarray(frame[..., :3])
        alpha = frame[..., 3].astype(np.float32) / 255.0
        for mode in ("original", "colour", "image", "blur", "transparent"):
            st = dataclasses.replace(base, background=mode)
            print(f"composite {size}² {mode:11s}: "
                  f"{_timed(lambda: composite(rgb, alpha, st, scenery, rgb), 200)}")
        for label, changes in (("glasses", {"glasses": "sunglasses"}), ("hat", {"hat": "cap"}),
                               ("earrings", {"earrings": "hoops"}),
                               ("all three", {"glasses": "round", "hat": "beanie",
                                              "earrings": "hoops"})):
            st = dataclasses.replace(base, **changes)
            canvas = frame.copy()
            print(f"draw_accessories {size}² {label:9s}: "
                  f"{_timed(lambda: draw_accessories(canvas, lm2, st, (10.0, 0.0, 0.0)), 200)}")


if __name__ == "__main__":
    main()
