"""Dense motion on a coarse grid: from the rig's landmark motion to a backward flow.

Per photo (`FlowModel.__init__`, ~0.1–0.3 s) a thin-plate spline through the
landmarks plus fixed anchors (a ring around the face, the frame border) turns each blendshape
coefficient's landmark displacements into a displacement field on a G×G grid, and the
landmark depth into a depth field. Per frame (`FlowModel.backward`, ~1 ms) the fields are
combined linearly, the head rotation is applied in 2.5D weighted by a head mask (the person
mask, fading down the neck, so shoulders and background stay put), and the forward field is
inverted by fixed-point iteration into the backward flow the warp needs.

All fields live in the face's own square (the default framing, side = 1; see `framing`),
so reframing (zoom, offset) never rebuilds the model: `to_output` resamples a flow into any
output framing.
"""
from __future__ import annotations

import functools

import numpy as np

from studio.face import topology as T
from studio.render.framing import Framing, crop
from studio.render.tps import Spline
from studio.rig.blendshapes import COEFFS
from studio.rig.geometry import PhotoRig
from studio.rig.headpose import nod_column, turn

GRID = 97
INVERSION_STEPS = 6
WHOLE_GRID_STEPS = 2          # of those, taken by every node; the rest only by unsettled ones
SETTLED = 1e-3                # grid nodes (0.005 px at 512²): a node moving less has settled
DEPTH_SCALE = 1.0
DEPTH_BLUR = 0.05        # face widths
# A turn moves each point by c·depth (c: the rotation's depth column), so along c the image
# is compressed by |c|·slope of the depth there: where the face curves away (temples, jaw
# line) that would fold the warp — the occlusion it cannot show — and tear. Per turn, the
# depth is flattened only in that direction and only as far as needed to keep at least
# `MIN_STRETCH` of the local length (head-mask and expression gradients take some too).
MIN_STRETCH = 0.3


RING_X, RING_UP, RING_DOWN = 1.05, 1.25, 1.1    # the still ring around the face, face widths


# Under the jaw line the spline's fields (pinned to zero by the still ring just below the
# chin) are replaced by the jaw line's own motion fading out down the neck over this many
# face widths (a cosine): a dropping chin then squeezes the neck smoothly instead of folding
# the warp against a hard edge just under the chin (a seam against the collar).
NECK_FADE = 0.75
NECK_HALF_WIDTH = 0.45     # face widths either side of the chin, then fading over 0.2
JAW_LINE = (136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365)    # chin and lower jaw


def _ring_distance(points: np.ndarray, face: np.ndarray, width: float) -> np.ndarray:
    """Elliptic distance of points (…×2 frame units) from the face centre: 1 on the ring."""
    cx = 0.5 * (face[T.TEMPLE_LEFT, 0] + face[T.TEMPLE_RIGHT, 0])
    cy = face[T.NOSE_TIP, 1]
    dx = (points[..., 0] - cx) / (RING_X * width)
    dy = points[..., 1] - cy
    dy = dy / (np.where(dy > 0, RING_DOWN, RING_UP) * width)
    return np.sqrt(dx * dx + dy * dy)


def _anchors(face: np.ndarray, width: float) -> np.ndarray:
    """Fixed points (frame units): an oval ring around the face and the frame border."""
    cx = 0.5 * (face[T.TEMPLE_LEFT, 0] + face[T.TEMPLE_RIGHT, 0])
    cy = face[T.NOSE_TIP, 1]
    t = np.linspace(0, 2 * np.pi, 28, endpoint=False)
    below = np.sin(t) > 0
    ry = np.where(below, RING_DOWN * width, RING_UP * width)
    ring = np.stack([cx + RING_X * width * np.cos(t), cy + ry * np.sin(t)], axis=1)
    e = np.linspace(-0.1, 1.1, 9)
    border = np.concatenate([np.stack([e, np.full_like(e, -0.1)], 1),
                             np.stack([e, np.full_like(e, 1.1)], 1),
                             np.stack([np.full_like(e[1:-1], -0.1), e[1:-1]], 1),
                             np.stack([np.full_like(e[1:-1], 1.1), e[1:-1]], 1)])
    return np.concatenate([ring, border]).astype(np.float32)


def _nonzero_rows(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices, rows) of the rows of `m` that hold any non-zero value (rows contiguous)."""
    rows = np.flatnonzero(np.abs(m).max(axis=1, initial=0.0) > 0)
    return rows, np.ascontiguousarray(m[rows], dtype=np.float32)


def _smooth(t: np.ndarray) -> np.ndarray:
    """Smoothstep of t clipped to 0..1."""
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _envelope(z: np.ndarray, step: float, axis: int, sign: int) -> np.ndarray:
    """The largest field ≤ `z` that falls by at most `step` per grid node when walking
    along `axis` in direction `sign` (±1): z'(i) = min over t ≥ 0 of z(i + sign·t) + step·t.
    G×G float32; two cumulative minima, ~20 µs at G = 97."""
    n = z.shape[axis]
    ramp = (np.arange(n, dtype=np.float32) * np.float32(step)).reshape(
        (-1, 1) if axis == 0 else (1, -1))
    if sign > 0:
        return np.flip(np.minimum.accumulate(np.flip(z + ramp, axis), axis=axis), axis) - ramp
    return np.minimum.accumulate(z - ramp, axis=axis) + ramp


class FlowModel:
    """Coarse-grid motion model for one rig, in the face square `framing` (the default
    framing of the photo: zoom 1, no offset, not narrowed to the photo)."""

    def __init__(self, rig: PhotoRig, framing: Framing, person_mask: np.ndarray,
                 grid: int = GRID):
        self.rig, self.framing, self.grid = rig, framing, grid
        src = framing.to_frame(rig.source)                     # 478×3 frame units
        self.width = T.face_width(src)
        anchors = _anchors(src, self.width)
        teeth = framing.to_frame(rig.basis.teeth)
        controls = np.concatenate([src[:, :2], teeth[:, :2], anchors])
        g = np.linspace(0.0, 1.0, grid, dtype=np.float32)
        gx, gy = np.meshgrid(g, g)
        self.nodes = np.stack([gx, gy], axis=-1)                # G×G×2
        self.spline = Spline(controls, self.nodes.reshape(-1, 2))
        self.n_anchor = len(anchors)
        k = len(COEFFS)
        deltas = rig.basis.warp[:, :, :2] / np.float32(framing.side)          # K×478×2
        n_teeth = len(teeth)
        # Columns: 2K blendshape fields, then one unit field per teeth-row point (the rows
        # move non-linearly, so their fields are combined per frame).
        values = np.zeros((len(controls), 2 * k + n_teeth), np.float32)
        values[:len(src), :2 * k] = deltas.transpose(1, 0, 2).reshape(len(src), 2 * k)
        values[len(src):len(src) + n_teeth, 2 * k:] = np.eye(n_teeth, dtype=np.float32)
        rim = float(np.mean(src[list(T.FACE_OVAL), 2]))
        zvals = np.concatenate([src[:, 2:3], teeth[:, 2:3],
                                np.full((len(anchors), 1), rim, np.float32)])
        # one pass over the spline's kernel for the fields and the depth together
        at_nodes = self.spline.interpolate(np.concatenate([values, zvals], axis=1))
        self._neck = self._neck_fade(src)
        fields = self._down_the_neck(at_nodes[:, :-1], values[:len(src)])
        # Expressions stay on the face: the spline's ripples beyond the still ring are cut
        # off smoothly, so hair edges, collars and the backdrop never shimmer.
        d = _ring_distance(self.nodes.reshape(-1, 2), src, self.width)
        keep = _smooth((0.85 - d) / 0.3)
        fields *= np.maximum(keep, self._neck[5])[:, None]
        self.teeth_rest = teeth[:, :2]
        # Most nodes lie outside the face and never move: the per-frame products run over
        # the rows that do (a third of the grid for the blendshapes, less for the teeth).
        self._teeth_rows, self._teeth_fields = _nonzero_rows(fields[:, 2 * k:])   # M'×S
        blend = fields[:, :2 * k].reshape(-1, k, 2).transpose(0, 2, 1).reshape(-1, k)
        self._blend_rows, self._blend = _nonzero_rows(blend)                      # (M·2)'×K
        self.depth = self._calm_depth(at_nodes[:, -1].reshape(grid, grid), rim)
        self.head = self._head_weight(src, person_mask)
        self.pivot = framing.to_frame(rig.pivot[None])[0]
        self.face_z = rig.face_z / framing.side      # what a nod turns about (`nod_column`)
        self.set_shape(None)

    def _neck_fade(self, src: np.ndarray) -> tuple:
        """Where and how the jaw line's motion fades down the neck, per grid node (M):
        (blend weight, fade, jaw-line landmarks either side, weight between them, zone)."""
        ex, ey = T.face_axes(src)
        rel = self.nodes.reshape(-1, 2) - src[T.CHIN, :2]
        across, down = rel @ ex / self.width, rel @ ey / self.width
        jaw = src[list(JAW_LINE), :2] - src[T.CHIN, :2]
        j_across, j_down = jaw @ ex / self.width, jaw @ ey / self.width
        order = np.argsort(j_across)
        j_across, j_down = j_across[order], j_down[order]
        at = np.clip(across, j_across[0], j_across[-1])
        seg = np.clip(np.searchsorted(j_across, at) - 1, 0, len(order) - 2)
        w = (at - j_across[seg]) / np.maximum(j_across[seg + 1] - j_across[seg], 1e-6)
        t = (down - (j_down[seg] * (1 - w) + j_down[seg + 1] * w)) / NECK_FADE
        lateral = _smooth((NECK_HALF_WIDTH + 0.2 - np.abs(across)) / 0.2)
        blend = lateral * _smooth(t / 0.15)
        fade = 0.5 * (1 + np.cos(np.pi * np.clip(t, 0.0, 1.0)))
        zone = lateral * _smooth((t + 0.3) / 0.2) * _smooth((1.2 - t) / 0.2)
        idx = np.asarray(JAW_LINE)[order]
        return (blend.astype(np.float32), fade.astype(np.float32), idx[seg], idx[seg + 1],
                w.astype(np.float32), zone.astype(np.float32))

    def _down_the_neck(self, fields: np.ndarray, at_landmarks: np.ndarray) -> np.ndarray:
        """Spline fields (M×C) with the neck's share replaced by the jaw line's values
        (`at_landmarks`: 478×C) fading down the neck."""
        blend, fade, i0, i1, w, _ = self._neck
        jaw = at_landmarks[i0] * (1 - w)[:, None] + at_landmarks[i1] * w[:, None]
        return (fields * (1 - blend)[:, None] + (blend * fade)[:, None] * jaw).astype(np.float32)

    def _calm_depth(self, depth: np.ndarray, rim: float) -> np.ndarray:
        """The interpolated landmark depth, lightly smoothed (TPS ripples between crowded
        landmarks would shimmer). Its full relief is kept: the nose moving across the cheeks
        and the far side of the face foreshortening are what make a turn read as a turn;
        `turn_depth` flattens only what would fold for the turn at hand."""
        import cv2
        sigma = DEPTH_BLUR * self.width * (self.grid - 1)
        depth = cv2.GaussianBlur(depth.astype(np.float32), (0, 0), sigma)
        return (rim + DEPTH_SCALE * (depth - rim)).astype(np.float32)

    def set_shape(self, shape: np.ndarray | None) -> None:
        """Static face-shape offsets (478×2 photo pixels, or None) as a field."""
        self.has_shape = shape is not None and bool(np.any(shape))
        if not self.has_shape:
            self.shape = np.zeros((self.grid, self.grid, 2), np.float32)
            return
        shape = shape / np.float32(self.framing.side)
        teeth = np.zeros((len(self.teeth_rest), 2), np.float32)   # set per frame instead
        values = np.concatenate([shape, teeth, np.zeros((self.n_anchor, 2), np.float32)])
        self.shape = self._down_the_neck(self.spline.interpolate(values), shape).reshape(
            self.grid, self.grid, 2)

    def _head_weight(self, src: np.ndarray, person_mask: np.ndarray) -> np.ndarray:
        """G×G float32: 1 on the head, fading to 0 down the neck and off the person."""
        import cv2
        mask = crop(person_mask.astype(np.float32), self.framing, self.grid)
        ex, ey = T.face_axes(src)
        down = (self.nodes - src[T.CHIN, :2]) @ ey / self.width     # chin = 0, in face widths
        neck = np.clip(1.0 - (down - 0.05) / 0.45, 0.0, 1.0)
        neck = neck * neck * (3 - 2 * neck)
        face = np.zeros_like(mask)
        oval = (src[list(T.FACE_OVAL), :2] * (self.grid - 1)).astype(np.int32)
        cv2.fillPoly(face, [oval], 1.0)
        # A wide fade: the head may move ~0.15 face widths, and the background next to it
        # must stretch over more than that or the warp folds (a visible tear). The face is
        # grown by two blur radii first so the fade ends outside it: a weight that stepped
        # at the jaw line would fold the warp there when the head nods.
        sigma = 0.12 * self.width * (self.grid - 1)
        r = int(round(2 * sigma))
        face = cv2.dilate(face, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2))
        # Beside the jaw the person is collar and shoulders, not head: they do not tilt or
        # turn with it (and, far from the pivot, would move so much that the warp folds).
        rel = self.nodes - src[T.CHIN, :2]
        across = np.abs(rel @ ex) / self.width
        below_nose = (self.nodes - src[T.NOSE_TIP, :2]) @ ey
        low = _smooth(below_nose / max(float((src[T.CHIN, :2] - src[T.NOSE_TIP, :2]) @ ey), 1e-6))
        body = 1.0 - low * (1.0 - _smooth((0.85 - across) / 0.3))
        head = np.maximum(np.clip(mask * 1.3, 0, 1) * body, face) * neck
        return cv2.GaussianBlur(head, (0, 0), sigma)

    def forward(self, k: np.ndarray, angles: tuple[float, float, float],
                teeth: np.ndarray | None = None) -> np.ndarray:
        """G×G×2 float32 forward displacement (frame units) for coefficients `k`, head
        angles (yaw, pitch, roll degrees) and the teeth rows' positions before the head
        turns (S×2 frame units, or None)."""
        # einsum matrix-vector products rather than BLAS: see PhotoRig.deformed.
        g = self.grid
        flat = np.zeros(g * g * 2, np.float32)
        flat[self._blend_rows] = np.einsum("mk,k->m", self._blend, k.astype(np.float32))
        u = flat.reshape(g, g, 2) + self.shape
        if teeth is not None and len(teeth):
            move = (teeth - self.teeth_rest).astype(np.float32)
            rows = u.reshape(-1, 2)
            for c in (0, 1):      # einsum's "ms,sc->mc" takes a slow path: one column each
                rows[self._teeth_rows, c] += np.einsum("ms,s->m", self._teeth_fields, move[:, c])
        if any(angles):
            r = turn(*angles).astype(np.float32)
            px = self.nodes[..., 0] + u[..., 0] - self.pivot[0]
            py = self.nodes[..., 1] + u[..., 1] - self.pivot[1]
            pz = self.turn_depth(r) - self.pivot[2]
            # as the rig's `_turned`: nodding about the face's own depth
            back = nod_column(*angles) * np.float32(self.pivot[2] - self.face_z)
            for c in (0, 1):      # the turned position minus the unturned one, per axis
                moved = r[c, 0] * px + r[c, 1] * py + r[c, 2] * pz - (px if c == 0 else py)
                u[..., c] += self.head * (moved + back[c])
        return u.astype(np.float32)

    def turn_depth(self, r: np.ndarray) -> np.ndarray:
        """G×G float32 depth for the rotation `r` (3×3): the model's depth, lowered where
        its slope against the turn's direction would fold the warp (see `MIN_STRETCH`)."""
        c = r[:2, 2]                                   # image motion per unit of depth
        shrink = 1.0 - min(float(r[0, 0]), float(r[1, 1]))  # foreshortening of x or y
        budget = max(1.0 - MIN_STRETCH - shrink, 0.05)
        total = float(np.abs(c).sum())
        depth = self.depth
        if total < 1e-6:
            return depth
        step = budget / total / (self.grid - 1)       # allowed fall per node, each axis
        for axis, ci in ((1, c[0]), (0, c[1])):        # x runs along axis 1, y along axis 0
            if abs(ci) > 1e-6:
                depth = _envelope(depth, step, axis, 1 if ci > 0 else -1)
        return depth

    def to_output(self, back: np.ndarray, framing: Framing, size: int, spacing: float,
                  grid: int) -> np.ndarray:
        """A face-square backward flow (G×G×2, face units) as the warp's flow for an output
        framing: grid×grid×2 float32 in output pixels, node (i, j) on output pixel
        (j·spacing, i·spacing); zero outside the face square."""
        import cv2
        face = self.framing
        n = self.grid - 1
        step = framing.side / face.side * n * spacing / max(size - 1, 1)
        m = np.array([[step, 0.0, (framing.x0 - face.x0) / face.side * n],
                      [0.0, step, (framing.y0 - face.y0) / face.side * n]])
        out = cv2.warpAffine(back, m, (grid, grid), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        return out * np.float32(face.side / framing.side * (size - 1))

    def backward(self, forward: np.ndarray) -> np.ndarray:
        """Invert a forward field: G×G×2 float32 b with target y ← source y + b(y).

        Newton's method on x + u(x) = y with the field's Jacobian: plain fixed-point
        iteration diverges where the face stretches (an opening mouth doubles in height).
        Only the box of nodes that move (plus the reach of the motion) is solved."""
        import cv2
        scale = np.float32(self.grid - 1)
        u = forward * scale                                        # node units
        out = np.zeros_like(forward)
        reach = np.maximum(np.abs(u[..., 0]), np.abs(u[..., 1]))
        moving = reach > 1e-4
        rows, cols = np.flatnonzero(moving.any(axis=1)), np.flatnonzero(moving.any(axis=0))
        if not len(rows):
            return out
        pad = int(np.ceil(reach.max())) + 2
        i0, i1 = max(rows[0] - pad, 0), min(rows[-1] + pad + 1, self.grid)
        j0, j1 = max(cols[0] - pad, 0), min(cols[-1] + pad + 1, self.grid)
        u0 = np.ascontiguousarray(u[i0:i1, j0:j1, 0])
        u1 = np.ascontiguousarray(u[i0:i1, j0:j1, 1])
        # u, ∂u/∂x + I, ∂u/∂y + I, interleaved for one remap (planes, then merged: numpy
        # writes into a last axis of 6 one value at a time)
        jx0, jx1, jy0, jy1 = _slope(u0, 1), _slope(u1, 1), _slope(u0, 0), _slope(u1, 0)
        jx0 += 1.0
        jy1 += 1.0
        jac = cv2.merge([u0, u1, jx0, jx1, jy0, jy1])
        ys, xs = _node_coordinates(i1 - i0, j1 - j0)               # local node coordinates
        x0, x1 = xs - u0, ys - u1
        _invert(jac, x0, x1, xs, ys)
        out[i0:i1, j0:j1, 0] = (x0 - xs) / scale
        out[i0:i1, j0:j1, 1] = (x1 - ys) / scale
        return out


def _slope(plane: np.ndarray, axis: int) -> np.ndarray:
    """np.gradient(plane, axis=axis) for a 2-D float32 plane (central differences, one-sided
    at the ends; the same arithmetic), without its per-call overhead (5× here)."""
    f = plane if axis == 1 else plane.T
    g = np.empty_like(f)
    g[:, 1:-1] = (f[:, 2:] - f[:, :-2]) / np.float32(2.0)
    g[:, 0] = f[:, 1] - f[:, 0]
    g[:, -1] = f[:, -1] - f[:, -2]
    return g if axis == 1 else np.ascontiguousarray(g.T)


@functools.lru_cache(maxsize=16)
def _node_coordinates(rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """(ys, xs) float32 rows×cols grids of node indices (read-only)."""
    ys, xs = np.mgrid[0:rows, 0:cols].astype(np.float32)
    ys.flags.writeable = False
    xs.flags.writeable = False
    return ys, xs


_LIMIT, _FLAT = np.float32(2.0), np.float32(0.05)


def _invert(jac: np.ndarray, x0: np.ndarray, x1: np.ndarray, xs: np.ndarray,
            ys: np.ndarray) -> None:
    """INVERSION_STEPS Newton steps on the planes x0, x1 (in place). After WHOLE_GRID_STEPS,
    only the nodes still moving by more than SETTLED take further steps (as one row of
    points): most of the grid has settled by then, the lips and lids have not."""
    import cv2
    for _ in range(WHOLE_GRID_STEPS):
        moved = _newton_step(cv2.remap(jac, x0, x1, cv2.INTER_LINEAR,
                                       borderMode=cv2.BORDER_REPLICATE), x0, x1, xs, ys)
    active = np.flatnonzero(moved > SETTLED)
    if not len(active):
        return
    p0, p1 = x0.ravel()[active][None], x1.ravel()[active][None]
    q0, q1 = xs.ravel()[active][None], ys.ravel()[active][None]
    for _ in range(INVERSION_STEPS - WHOLE_GRID_STEPS):
        _newton_step(cv2.remap(jac, p0, p1, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
                     p0, p1, q0, q1)
    np.put(x0, active, p0[0])
    np.put(x1, active, p1[0])


def _newton_step(sampled: np.ndarray, x0: np.ndarray, x1: np.ndarray,
                 xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """One Newton step for x + u(x) = y, in place on the planes x0, x1. `sampled` is
    (u, J) at x (H×W×6: u_x, u_y, then the Jacobian a, b, c, d with J = [[a, c], [b, d]]).
    Works on contiguous planes: numpy on strided channels costs three times as much."""
    import cv2
    s0, s1, a, b, c, d = cv2.split(sampled)
    r0 = x0 + s0
    r0 -= xs                                                       # residual
    r1 = x1 + s1
    r1 -= ys
    det = a * d
    det -= b * c
    flat = np.abs(det) < _FLAT
    if flat.any():
        det = np.where(flat, np.copysign(_FLAT, det), det)
    n0 = d * r0
    n0 -= c * r1
    n0 /= det
    n1 = a * r1
    n1 -= b * r0
    n1 /= det
    x0 -= np.clip(n0, -_LIMIT, _LIMIT, out=n0)                     # at most two cells
    x1 -= np.clip(n1, -_LIMIT, _LIMIT, out=n1)
    np.abs(n0, out=n0)
    np.abs(n1, out=n1)
    return np.maximum(n0, n1, out=n0)                              # how far each node moved

