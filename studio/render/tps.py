"""Thin-plate-spline interpolation from scattered control points onto a fixed set of nodes.

Both the control points and the evaluation nodes are fixed per photo and framing, so the
system is inverted once (`Spline.solve_many` is then one matrix product; NumPy's LAPACK, so
the engine does not pay for importing scipy.linalg) and the evaluation matrix is built once
(`Spline.evaluate` is one matrix product).
"""
from __future__ import annotations

import numpy as np


def _kernel(d2: np.ndarray) -> np.ndarray:
    """U(r) = r² log r, written with r² (0 at r = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        k = 0.5 * d2 * np.log(d2)
    k[d2 <= 0] = 0.0
    return k


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """len(a)×len(b) squared distances between 2-D points, per axis: a sum over a last
    axis of length 2 is numpy's slowest reduction (0.2 s for the 9,409 × 560 of a face)."""
    dx = a[:, None, 0] - b[None, :, 0]
    dy = a[:, None, 1] - b[None, :, 1]
    dx *= dx
    dy *= dy
    dx += dy
    return dx


class Spline:
    """TPS through `controls` (N×2 float) evaluated at `nodes` (M×2 float).

    `smoothing` (> 0) relaxes exact interpolation a little, which keeps the field calm where
    landmarks crowd together (lips, lids) and disagree slightly.

    The M×N kernel at the nodes is not kept (42 MB for a face's grid): `interpolate` builds it
    in blocks of rows that stay in the CPU's cache, which costs less than writing the whole
    matrix once. All in float32 there, as the products always were (a float64 kernel doubled
    the time and changed no face's field by more than the products' own rounding)."""

    BLOCK = 1024                      # node rows per block of the kernel

    def __init__(self, controls: np.ndarray, nodes: np.ndarray, smoothing: float = 1e-5):
        c = np.asarray(controls, np.float64)
        n = len(c)
        d2 = _squared_distances(c, c)
        a = np.zeros((n + 3, n + 3))
        a[:n, :n] = _kernel(d2) + smoothing * np.eye(n)
        a[:n, n] = 1.0
        a[:n, n + 1:] = c
        a[n, :n] = 1.0
        a[n + 1:, :n] = c.T
        # the smoothing keeps the system well conditioned; only the first n columns of the
        # inverse are ever used (the right-hand side's last three rows are zero)
        self._solve = np.linalg.inv(a)[:, :n].copy()
        self.n = n
        self._controls = c.astype(np.float32)
        self._nodes = np.asarray(nodes, np.float32)

    def solve_many(self, values: np.ndarray) -> np.ndarray:
        """values: N×C at the controls → (N+3)×C float32 spline coefficients."""
        return (self._solve @ np.asarray(values, np.float64)).astype(np.float32)

    def evaluate(self, coeffs: np.ndarray) -> np.ndarray:
        """(N+3)×C coefficients → M×C float32 values at the nodes."""
        n, g = self.n, self._nodes
        coeffs = np.asarray(coeffs, np.float32)
        out = np.empty((len(g), coeffs.shape[1]), np.float32)
        for r in range(0, len(g), self.BLOCK):
            block = g[r:r + self.BLOCK]
            k = _kernel(_squared_distances(block, self._controls))
            out[r:r + len(block)] = k @ coeffs[:n] + coeffs[n] + block @ coeffs[n + 1:]
        return out

    def interpolate(self, values: np.ndarray) -> np.ndarray:
        """values: N×C at the controls → M×C float32 at the nodes."""
        return self.evaluate(self.solve_many(values))
