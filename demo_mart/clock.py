"""Time of day: the daily rhythm and the five active periods of spec section 3."""

from __future__ import annotations

import numpy as np

from demo_mart.calendar import US_PER_HOUR

# relative app traffic by hour of day (daily rhythm)
HOURLY = np.array([
    0.30, 0.15, 0.08, 0.05, 0.05, 0.10, 0.40, 1.00, 1.60, 1.50, 1.30, 1.40,
    1.90, 1.60, 1.20, 1.10, 1.20, 1.30, 1.60, 2.00, 2.30, 2.40, 2.00, 1.10,
])  # fmt: skip
# hour -> period index (morning 06-11, midday 11-14, afternoon 14-18, evening 18-23, night 23-06)
PERIOD_OF_HOUR = np.array([4] * 6 + [0] * 5 + [1] * 3 + [2] * 4 + [3] * 5 + [4])
# weekday (0 = Monday) weights for app use
WEEKDAY = np.array([1.05, 1.00, 1.00, 1.00, 1.10, 0.85, 0.80])
# business-hours weights for counter and transfer activity
BUSINESS_HOURS = np.array(
    [0.02] * 7
    + [0.3, 1.0, 1.5, 1.5, 1.3, 1.0, 1.2, 1.4, 1.4, 1.2, 0.8, 0.6, 0.6, 0.5, 0.4, 0.2, 0.05]
)
SHOPPING_HOURS = np.array(
    [0.05] * 6
    + [0.2, 0.6, 0.9, 0.9, 1.0, 1.4, 1.8, 1.3, 1.0, 1.0, 1.1, 1.4, 1.8, 2.0, 1.9, 1.5, 0.9, 0.3]
)

_PERIOD_CDF = np.cumsum(
    np.where(PERIOD_OF_HOUR[None, :] == np.arange(5)[:, None], HOURLY, 0), axis=1
)
_PERIOD_CDF = _PERIOD_CDF / _PERIOD_CDF[:, -1:]


def hours_from(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """``n`` hours of day drawn from 24 weights."""
    cdf = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), 23)


def personal_hours(rng: np.random.Generator, period: np.ndarray, loyalty: float) -> np.ndarray:
    """Hours of day: inside each row's active ``period`` with probability ``loyalty``, else the daily rhythm."""
    n = len(period)
    hours = hours_from(rng, HOURLY, n)
    u = rng.random(n)
    loyal = rng.random(n) < loyalty
    for p in range(5):
        rows = np.flatnonzero(loyal & (period == p))
        hours[rows] = np.minimum(np.searchsorted(_PERIOD_CDF[p], u[rows], side="right"), 23)
    return hours


def time_of_day_us(rng: np.random.Generator, hours: np.ndarray) -> np.ndarray:
    """Microseconds since midnight: the given hour plus a uniform minute and second."""
    return (
        hours.astype(np.int64) * US_PER_HOUR
        + (rng.random(len(hours)) * US_PER_HOUR).astype(np.int64) // 1_000_000 * 1_000_000
    )


def in_period(hours: np.ndarray, period: np.ndarray) -> np.ndarray:
    """Whether each hour falls inside the matching active period."""
    return PERIOD_OF_HOUR[hours] == period
