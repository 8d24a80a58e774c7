"""Interval estimates and multiple-testing control, vectorised over many segments.

Only numpy and the standard library: Wilson score intervals for a rate, Newcombe's
hybrid score interval for a difference of two rates, two-sided normal p-values and the
Benjamini-Hochberg step-up procedure.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

_ERFC = np.frompyfunc(math.erfc, 1, 1)


def z_value(level: float) -> float:
    """The two-sided normal quantile for a confidence ``level`` (0.95 -> 1.96)."""
    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``x`` successes of ``n`` (n > 0)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z2 = z * z
    centre = (x + z2 / 2) / (n + z2)
    half = z * np.sqrt(np.maximum(x * (n - x) / n, 0.0) + z2 / 4) / (n + z2)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def newcombe(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's hybrid score interval (method 10) for ``x1/n1 - x2/n2``."""
    p1, p2 = np.asarray(x1, float) / n1, np.asarray(x2, float) / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """P(|Z| >= |z|) for standard normal Z."""
    return _ERFC(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2)).astype(float)


def score_test_p(x: np.ndarray, n: np.ndarray, p0: float) -> np.ndarray:
    """Two-sided score test of rate x/n against a known p0: the test Wilson's interval inverts."""
    n = np.asarray(n, dtype=float)
    z = (np.asarray(x, float) - n * p0) / np.sqrt(n * p0 * (1 - p0))
    return two_sided_p(z)


def two_proportion_p(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-sided pooled z test of x1/n1 = x2/n2 (p = 1 when both rates are 0 or 1)."""
    n1, n2 = np.asarray(n1, float), np.asarray(n2, float)
    pooled = (np.asarray(x1, float) + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = np.asarray(x1, float) / n1 - np.asarray(x2, float) / n2
    z = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    return two_sided_p(z)


def benjamini_hochberg(p: np.ndarray, alpha: float) -> np.ndarray:
    """Boolean mask of the hypotheses rejected at false discovery rate ``alpha``."""
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p, kind="stable")
    passed = p[order] <= alpha * np.arange(1, m + 1) / m
    rejected = np.zeros(m, dtype=bool)
    if passed.any():
        last = int(np.nonzero(passed)[0].max())
        rejected[order[: last + 1]] = True
    return rejected
