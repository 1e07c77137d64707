"""The contact sheet tool renders every harder variant (none is refused)."""
from __future__ import annotations

import numpy as np


def test_contact_sheet_renders_all_variants(astronaut_rgb):
    from studio.render.contact_sheet import render_sheet, variants
    names = list(variants(astronaut_rgb))
    assert len(names) == 5
    sheet = render_sheet(astronaut_rgb, tile=48, presets=("neutral", "wink"))
    assert sheet.dtype == np.uint8 and sheet.shape == (22 + 5 * 48, 150 + 2 * 48, 3)
    tiles = sheet[22:, 150:]
    # a refused variant would show a flat grey panel; every row holds a real picture
    for r in range(5):
        assert tiles[r * 48:(r + 1) * 48].std() > 20
