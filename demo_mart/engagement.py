"""Monthly engagement states: engaged, quiet (dormant spell) or gone (churned).

A customer only transacts and uses the app in engaged months. Quiet spells of three
months or more make the customer dormant; most quiet spells end (the customer wakes
up), while ``gone`` is absorbing. This gives the lifecycle mix of spec section 3.
"""

from __future__ import annotations

import numpy as np

from demo_mart.calendar import Window

ENGAGED, QUIET, GONE, NOT_YET = 0, 1, 2, -1
INITIAL = np.array([0.78, 0.16, 0.06])
# rows: from state; columns: to state (engaged, quiet, gone)
TRANSITION = np.array([
    [0.920, 0.075, 0.005],
    [0.170, 0.820, 0.010],
    [0.000, 0.000, 1.000],
])  # fmt: skip
EXTRA_DORMANT = 0.05  # share of older customers whose last 3-5 months are one quiet spell


def engagement_states(rng: np.random.Generator, open_day: np.ndarray, window: Window) -> np.ndarray:
    """``(customers, months)`` array of states; ``NOT_YET`` before the open month."""
    n, months = len(open_day), window.months
    open_month = window.month_of(open_day)
    state = np.full((n, months), NOT_YET, dtype=np.int8)
    current = rng.choice(3, size=n, p=INITIAL)
    cdf = np.cumsum(TRANSITION, axis=1)
    for m in range(months):
        if m > 0:
            u = rng.random(n)
            current = (u[:, None] > cdf[current]).sum(axis=1)
        current = np.where(open_month == m, ENGAGED, current)
        state[:, m] = np.where(open_month <= m, current, NOT_YET)
    _plant_dormancy(rng, state, open_month)
    return state


def _plant_dormancy(rng: np.random.Generator, state: np.ndarray, open_month: np.ndarray) -> None:
    """End some customers' data with a 3-5 month quiet spell after an engaged month."""
    n, months = state.shape
    if months < 7:
        return
    k = np.asarray(rng.integers(3, 6, n))
    pick = (rng.random(n) < EXTRA_DORMANT) & (open_month <= months - 7)
    rows = np.flatnonzero(pick)
    state[rows, months - k[rows] - 1] = ENGAGED
    cols = np.arange(months)[None, :] >= (months - k[rows])[:, None]
    sub = state[rows]
    sub[cols] = QUIET
    state[rows] = sub


def dormant_before(state: np.ndarray, m: int, quiet_months: int = 3) -> np.ndarray:
    """Customers with no engaged month among the ``quiet_months`` before month ``m``."""
    if m < quiet_months:
        return np.zeros(len(state), dtype=bool)
    past = state[:, m - quiet_months : m]
    return ((past == QUIET) | (past == GONE)).all(axis=1)
