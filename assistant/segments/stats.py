"""Tests, intervals and multiple-testing control, vectorised over many segments.

Only numpy and the standard library. Tests use exact binomial tails (the regularised
incomplete beta function): with tens of thousands of segments the decisive p-values
are around 1e-6, far in the tail, where the normal approximation is several times too
small for the few conversions a small segment has. Intervals are Wilson score intervals
for a rate and Newcombe's hybrid score interval for a difference of two rates; the
Benjamini-Hochberg step-up procedure controls the false discovery rate.
"""

from __future__ import annotations

import math

import numpy as np

_ERFC = np.frompyfunc(math.erfc, 1, 1)
_LGAMMA = np.frompyfunc(math.lgamma, 1, 1)
_TINY = 1e-300


def _lgamma(x: np.ndarray) -> np.ndarray:
    return np.asarray(_LGAMMA(x), dtype=float)


def _guard(v: np.ndarray) -> np.ndarray:
    return np.where(np.abs(v) < _TINY, _TINY, v)


def _beta_fraction(a: np.ndarray, b: np.ndarray, x: np.ndarray, max_iter: int) -> np.ndarray:
    """Continued fraction of the incomplete beta function (modified Lentz), NaN if it
    does not converge in ``max_iter`` steps. Converged entries leave the working set."""
    out = np.full(x.shape, np.nan)
    idx = np.arange(x.size)
    c = np.ones_like(x)
    d = 1 / _guard(1 - (a + b) * x / (a + 1))
    h = d.copy()
    for m in range(1, max_iter + 1):
        num = m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m))
        d = 1 / _guard(1 + num * d)
        c = _guard(1 + num / c)
        h = h * d * c
        num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m))
        d = 1 / _guard(1 + num * d)
        c = _guard(1 + num / c)
        step = d * c
        h = h * step
        done = np.abs(step - 1) < 1e-12
        if done.any():
            out[idx[done]] = h[done]
            keep = ~done
            a, b, x, c, d, h, idx = a[keep], b[keep], x[keep], c[keep], d[keep], h[keep], idx[keep]
            if idx.size == 0:
                break
    return out


def binomial_upper_tail(
    k: np.ndarray, n: np.ndarray, p: np.ndarray | float, max_iter: int = 5000
) -> np.ndarray:
    """P(X >= k) for X ~ Binomial(n, p), exactly: the regularised incomplete beta I_p(k, n-k+1)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    p = np.broadcast_to(np.asarray(p, dtype=float), k.shape)
    out = np.where(k > n, 0.0, 1.0)
    inner = (k > 0) & (k <= n) & (p > 0) & (p < 1)
    out[(k > 0) & (p <= 0)] = 0.0
    a, b, x = k[inner], n[inner] - k[inner] + 1, p[inner]
    swap = x > (a + 1) / (a + b + 2)  # the fraction converges fast on this side
    aa, bb, xx = np.where(swap, b, a), np.where(swap, a, b), np.where(swap, 1 - x, x)
    log_front = (
        aa * np.log(xx)
        + bb * np.log1p(-xx)
        - (_lgamma(aa) + _lgamma(bb) - _lgamma(aa + bb))
        - np.log(aa)
    )
    value = np.exp(log_front) * _beta_fraction(aa, bb, xx, max_iter)
    tail = np.where(swap, 1 - value, value)
    lost = np.isnan(tail)  # no convergence: counts are large, so the normal approximation is fine
    if lost.any():
        z = (a[lost] - 0.5 - (a[lost] + b[lost] - 1) * x[lost]) / np.sqrt(
            (a[lost] + b[lost] - 1) * x[lost] * (1 - x[lost])
        )
        tail[lost] = np.where(z > 0, two_sided_p(z) / 2, 1 - two_sided_p(z) / 2)
    out[inner] = np.clip(tail, 0.0, 1.0)
    return out


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
    return _ERFC(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2)).astype(float)


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
