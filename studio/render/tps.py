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
    landmarks crowd together (lips, lids) and disagree slightly."""

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
        g = np.asarray(nodes, np.float64)
        e2 = _squared_distances(g, c)
        self._eval = np.concatenate([_kernel(e2), np.ones((len(g), 1)), g], axis=1).astype(
            np.float32)                   # M×(N+3)

    def solve_many(self, values: np.ndarray) -> np.ndarray:
        """values: N×C at the controls → (N+3)×C float32 spline coefficients."""
        return (self._solve @ np.asarray(values, np.float64)).astype(np.float32)

    def evaluate(self, coeffs: np.ndarray) -> np.ndarray:
        """(N+3)×C coefficients → M×C float32 values at the nodes."""
        return self._eval @ coeffs

    def interpolate(self, values: np.ndarray) -> np.ndarray:
        """values: N×C at the controls → M×C float32 at the nodes."""
        return self.evaluate(self.solve_many(values))
