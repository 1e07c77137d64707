"""Closed and closing eyelids.

The warp only moves the upper lid part of the way (`BLINK_WARP_SHARE`), so the iris is not
squashed; this paints the rest: the band between where the warp left the lid edge and where
the rig wants it is filled with lid skin taken, column by column, from the skin just above
the eye, shaded a little darker towards the lashes, with a lash line along the new edge.
"""
from __future__ import annotations

import numpy as np

from studio.render.mouth import colour_planes, interleaved, polygon_mask
from studio.rig.blendshapes import BLINK_TRAVEL, BLINK_WARP_SHARE

LASH = np.array([40, 28, 28], np.float32)
OVERLAP = 0.13            # how far past the lower lid's line a closed lid reaches (open gap)
LID_FROM_ABOVE = 0.75     # share of the closed lid's colour taken from the skin above it


def _curve(points: np.ndarray, xs: np.ndarray) -> np.ndarray:
    order = np.argsort(points[:, 0])
    return np.interp(xs, points[order, 0], points[order, 1]).astype(np.float32)


def paint_lid(frame: np.ndarray, lid_now: np.ndarray, lid_target: np.ndarray,
              crease: np.ndarray, amount: float = 1.0) -> None:
    """Cover the eye between `lid_now` and `lid_target` with lid skin, in place.

    frame: S×S×C uint8 RGB(A). lid_now: 9×2 float32 frame pixels of the upper lid where the
    warp put it; lid_target: where the rig wants it (further down); crease: 9×2 the skin fold
    above the lid. All run from one eye corner to the other. amount: the blink (0..1); the
    last fifth of it takes the lid over the lower lid's rim (`OVERLAP`)."""
    h, w = frame.shape[:2]
    drop = lid_target[:, 1] - lid_now[:, 1]
    if drop.max() < 0.5:
        return
    lid_target = _over_the_rim(lid_target, drop, amount)
    drop = lid_target[:, 1] - lid_now[:, 1]
    # The band starts a little above the warped lid edge, so the photo's own lash line
    # (which the warp left there) is covered too; it fades in over that strip.
    gap = np.maximum(lid_now[:, 1] - crease[:, 1], 1.0)
    # Towards the corners the lid travels less, but the photo's lashes there are just as
    # thick: every column covers at least a share of the deepest drop.
    # Lined or hooded lids put the crease right on the lashes: the band may reach a little
    # past it, or the photo's own lash line stays drawn above the closed lid.
    lift = np.minimum(np.maximum(0.85 * gap, 0.35 * drop.max()),
                      np.maximum(drop, 0.4 * drop.max()))
    top_pts = lid_now - np.stack([np.zeros_like(lift), lift], axis=1)
    poly = np.concatenate([top_pts, lid_target[::-1]])
    x0 = int(np.floor(poly[:, 0].min())) - 1
    x1 = int(np.ceil(poly[:, 0].max())) + 2
    y0 = int(np.floor(min(poly[:, 1].min(), crease[:, 1].min()))) - 3
    y1 = int(np.ceil(poly[:, 1].max())) + 7
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    patch = frame[y0:y1, x0:x1, :3].astype(np.float32)
    xs = np.arange(x0, x1, dtype=np.float32)
    top, bottom = _curve(lid_now, xs), _curve(lid_target, xs)
    start = _curve(top_pts, xs)
    skin = _lid_skin(patch, start - y0, bottom - y0, x1 - x0)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None]
    t = np.clip((ys - start) / np.maximum(bottom - start, 1.0), 0, 1)
    # A closed lid is one sheet of skin, shaded a little darker towards the lashes; a band
    # that brightened towards its lower edge read as the white of an eye still open.
    img = skin.T[:, None, :] * (1.02 - 0.1 * t * t)            # 3×H×W (`colour_planes`)
    lash_w = max(0.6, 0.035 * (x1 - x0))
    lash = np.exp(-((ys - bottom) / lash_w) ** 2) * 0.7
    img = img * (1 - lash) + _lash_colour(patch)[:, None, None] * lash
    mask = polygon_mask(poly - (x0, y0), (y1 - y0, x1 - x0))
    fade = np.clip((ys - start) / np.maximum(0.25 * (top - start), 0.5), 0, 1)
    mask = mask * np.where(ys < top, fade, 1.0)
    # The lash line sits on the lower edge of the band and slightly below it.
    mask = np.maximum(mask, lash * (np.abs(ys - bottom) < 2 * lash_w)
                      * (xs > lid_target[:, 0].min()) * (xs < lid_target[:, 0].max()))
    # A feathered edge, one pixel wider: the eye's corners and lash tails disappear too.
    import cv2
    grown = cv2.GaussianBlur(cv2.dilate(mask.astype(np.float32), np.ones((3, 3), np.uint8)),
                             (0, 0), 0.8)
    m = np.maximum(mask, grown)
    frame[y0:y1, x0:x1, :3] = interleaved(
        np.clip(colour_planes(patch) * (1 - m) + img * m + 0.5, 0, 255))


def _over_the_rim(lid_target: np.ndarray, drop: np.ndarray, amount: float) -> np.ndarray:
    """The closing lid's target taken past the lower lid's line by up to `OVERLAP` of the
    open gap, eased in over the last fifth of a blink: otherwise the lower lid's light rim
    stays visible under the lashes and reads as an eye still open. Only the painted target
    moves, so a half blink is where the rig puts it."""
    ease = float(np.clip((amount - 0.8) / 0.2, 0.0, 1.0))
    if ease <= 0.0:
        return lid_target
    gap = drop / ((1.0 - BLINK_WARP_SHARE) * BLINK_TRAVEL * max(amount, 1e-3))   # open gap
    out = lid_target.copy()
    out[:, 1] += OVERLAP * gap * ease * ease * (3.0 - 2.0 * ease)
    return out


def _lid_skin(patch: np.ndarray, start: np.ndarray, bottom: np.ndarray, width: int):
    """Per column (width×3 float32): the colour of the closed lid, from the skin just above
    the band and just below its lower edge, smoothed along the eye so single lashes or
    glints do not streak."""
    cols = np.arange(width)
    last = patch.shape[0] - 1

    def rows(at):
        return np.clip(np.round(at), 0, last).astype(int)
    above = np.stack([patch[rows(start - d), cols] for d in (1.5, 2.5, 3.5, 4.5)])
    above = np.sort(above, axis=0)[1:3].mean(axis=0)                # the median of four
    below = np.mean([patch[rows(bottom + d), cols] for d in (2.0, 3.0, 4.0)], axis=0)
    # The unfolded lid is the skin (and make-up) of the fold above it; it is convex and
    # catches a little of the light the lower lid gets.
    skin = LID_FROM_ABOVE * above + (1 - LID_FROM_ABOVE) * below
    import cv2
    k = max(3, width // 4) | 1                 # a box of a quarter of the eye, edges repeated
    return cv2.blur(skin.astype(np.float32)[None], (k, 1), borderType=cv2.BORDER_REPLICATE)[0]


def _lash_colour(patch: np.ndarray) -> np.ndarray:
    """The photo's own darkest tone around the eye (its lashes), so a greyscale photo gets
    grey lashes and a dark one is not outlined in a foreign brown."""
    flat = patch.reshape(-1, 3)
    dark = flat[np.argsort(flat.sum(axis=1))[: max(4, len(flat) // 50)]]
    return np.minimum(dark.mean(axis=0), LASH).astype(np.float32)
