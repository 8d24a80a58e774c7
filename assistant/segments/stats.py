"""Tests, intervals and multiple-testing control, vectorised over many segments.

Tests use exact binomial tails (scipy's regularised incomplete beta function): with tens
of thousands of segments the decisive p-values are around 1e-6, far in the tail, where
the normal approximation is several times too small for the few conversions a small
segment has. Intervals are Wilson score intervals for a rate and Newcombe's hybrid score
interval for a difference of two rates; the Benjamini-Hochberg step-up procedure
controls the false discovery rate (written here: scipy.stats, which has it, takes two
seconds to import, scipy.special a fifth of that).
"""

from __future__ import annotations

import numpy as np
from scipy.special import betainc, ndtr


def binomial_upper_tail(k: np.ndarray, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
    """P(X >= k) for X ~ Binomial(n, p), exactly: the regularised incomplete beta I_p(k, n-k+1)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    p = np.broadcast_to(np.asarray(p, dtype=float), k.shape)
    inner = (k > 0) & (k <= n)
    tail = betainc(np.where(inner, k, 1.0), np.where(inner, n - k + 1, 1.0), p)
    return np.where(k <= 0, 1.0, np.where(k > n, 0.0, tail))


def wilson(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``x`` successes of ``n`` (n > 0)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z2 = z * z
    centre = (x + z2 / 2) / (n + z2)
    half = z * np.sqrt(np.maximum(x * (n - x) / n, 0.0) + z2 / 4) / (n + z2)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def newcombe(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's hybrid score interval (method 10) for ``x1/n1 - x2/n2``."""
    p1, p2 = np.asarray(x1, float) / n1, np.asarray(x2, float) / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """P(|Z| >= |z|) for standard normal Z."""
    return 2 * ndtr(-np.abs(np.asarray(z, dtype=float)))


def rate_above_p(x: np.ndarray, n: np.ndarray, p0: float) -> np.ndarray:
    """One-sided exact test that rate x/n exceeds a known p0: P(Binomial(n, p0) >= x)."""
    return binomial_upper_tail(x, n, p0)


def uplift_above_p(
    x_t: np.ndarray, n_t: np.ndarray, x_c: np.ndarray, n_c: np.ndarray
) -> np.ndarray:
    """One-sided conditional test that treated convert more than control: given the
    segment's k conversions, P(Binomial(k, n_t / (n_t + n_c)) >= x_t). The binomial is
    wider than the exact hypergeometric, so the test is slightly conservative."""
    n_t, n_c = np.asarray(n_t, dtype=float), np.asarray(n_c, dtype=float)
    return binomial_upper_tail(
        np.asarray(x_t), np.asarray(x_t) + np.asarray(x_c), n_t / (n_t + n_c)
    )


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


def bonferroni(p: np.ndarray, alpha: float) -> np.ndarray:
    """Boolean mask of the hypotheses rejected with family-wise error rate ``alpha``."""
    p = np.asarray(p, dtype=float)
    return p <= alpha / max(p.size, 1)


# correction name -> (rejections, one-sided level of each interval bound given R of m rejected)
CORRECTIONS = {
    "bonferroni": (bonferroni, lambda alpha, r, m: alpha / max(m, 1)),
    "bh": (benjamini_hochberg, lambda alpha, r, m: alpha * max(r, 1) / max(m, 1)),
}
