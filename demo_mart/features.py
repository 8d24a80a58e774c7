"""Look-back features per customer and month, computed exactly as the tags define them."""

from __future__ import annotations

import numpy as np

from demo_mart.calendar import Window


def lookback_targets(
    day: np.ndarray, window: Window, days: int = 30
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each day, the window months whose ``days``-day look-back ``[start-days, start-1]`` holds it.

    Returns up to two ``(rows, month)`` pairs (a day can precede two month starts by < 30 days).
    """
    starts = window.starts
    nxt = window.month_of(day) + 1
    out = []
    for step in (0, 1):
        m = nxt + step
        ok = (m >= 1) & (m < window.months)
        mm = np.where(ok, m, 0)
        ok &= (day >= starts[mm] - days) & (day < starts[mm])
        rows = np.flatnonzero(ok)
        out.append((rows, mm[rows]))
    return out


def lookback_counts(
    customer: np.ndarray, day: np.ndarray, n: int, window: Window, days: int = 30
) -> np.ndarray:
    """``(n, months)`` counts of rows in the ``days`` days before each month starts."""
    counts = np.zeros(n * window.months, dtype=np.int64)
    for rows, month in lookback_targets(day, window, days):
        counts += np.bincount(customer[rows] * window.months + month, minlength=n * window.months)
    return counts.reshape(n, window.months)


def volatility(balances: np.ndarray, has_row: np.ndarray) -> np.ndarray:
    """Coefficient of variation (sample sd / mean) per row over the columns that have a row.

    NaN with fewer than three rows or a zero mean, as the ``deposit_volatility`` tag.
    """
    k = has_row.sum(axis=1)
    x = np.where(has_row, balances, 0).astype(float)
    mean = x.sum(axis=1) / np.maximum(k, 1)
    var = (np.where(has_row, (x - mean[:, None]) ** 2, 0)).sum(axis=1) / np.maximum(k - 1, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.sqrt(var) / mean
    return np.where((k >= 3) & (mean > 0), cv, np.nan)
