"""Vectorised sampling helpers shared by the generator modules."""

from __future__ import annotations

import numpy as np


def choice_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row of an ``(n, k)`` probability table (rows need not be normalised)."""
    cdf = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cdf[:, -1]
    return np.minimum((u[:, None] > cdf).sum(axis=1), probs.shape[1] - 1)


def split_total(rng: np.random.Generator, totals: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Split integer ``totals`` into ``counts`` positive integer parts that add up exactly.

    Parts come out grouped (all parts of total 0, then of total 1, ...). Every total
    must be at least its count.
    """
    group = np.repeat(np.arange(len(totals)), counts)
    weight = rng.gamma(1.5, size=len(group)) + 0.05
    share = weight / np.bincount(group, weight, minlength=len(totals))[group]
    spare = totals - counts  # one unit per part is reserved
    parts = 1 + np.floor(share * spare[group]).astype(np.int64)
    short = totals - np.bincount(group, parts, minlength=len(totals)).astype(np.int64)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    parts[starts[has]] += short[has]
    return parts


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offset of every group in a flat array grouped by ``counts``."""
    return np.cumsum(counts) - counts


def sample_days(
    rng: np.random.Generator,
    lo: np.ndarray,
    hi: np.ndarray,
    weekday_weight: np.ndarray | None = None,
) -> np.ndarray:
    """A day in ``[lo, hi]`` per row, optionally weighted by day of week (0 = Monday)."""
    span = hi - lo + 1
    day = lo + (rng.random(len(lo)) * span).astype(np.int64)
    if weekday_weight is None:
        return day
    accept = weekday_weight / weekday_weight.max()
    rows = np.arange(len(day))
    for _ in range(8):
        rows = rows[rng.random(len(rows)) > accept[(day[rows] + 3) % 7]]
        if not len(rows):
            break
        day[rows] = lo[rows] + (rng.random(len(rows)) * span[rows]).astype(np.int64)
    return day
