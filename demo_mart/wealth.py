"""Wealth schedule: when wealth and fund holders buy and redeem.

Only the timing is drawn here; amounts are settled month by month in the ledger,
which may cancel a redemption with nothing to redeem or a purchase without funds.
A redemption is followed, with the customer's repurchase propensity, by a purchase
within 1-30 days (the 理财复购 pattern).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart.calendar import Window
from demo_mart.engagement import ENGAGED
from demo_mart.traits import Traits

PURCHASE, REDEMPTION = 0, 1
HOLDER_RATES = (0.30, 0.26)  # purchases, redemptions per engaged month
NEWCOMER_RATE = 0.015  # first purchases per engaged month by non-holders


@dataclass
class WealthSchedule:
    """Scheduled wealth transactions of one chunk, sorted by customer then day."""

    customer: np.ndarray
    day: np.ndarray
    kind: np.ndarray  # PURCHASE or REDEMPTION
    size: np.ndarray  # share of holdings (redemption) or of spare deposits (purchase)

    def __len__(self) -> int:
        return len(self.customer)


def schedule_wealth(
    rng: np.random.Generator,
    open_day: np.ndarray,
    traits: Traits,
    state: np.ndarray,
    window: Window,
) -> WealthSchedule:
    """Draw purchase and redemption days for every engaged customer-month."""
    n, months = state.shape
    lo = np.maximum(window.starts[None, :-1], open_day[:, None]).ravel()
    hi = np.broadcast_to(window.last_days[None, :], (n, months)).ravel()
    engaged = (state == ENGAGED).ravel()
    holder = np.repeat(traits.wealth_holder, months)
    buy_rate = np.where(holder, HOLDER_RATES[0], NEWCOMER_RATE)
    sell_rate = np.where(holder, HOLDER_RATES[1], 0.0)
    cms, kinds = [], []
    for code, rate in ((PURCHASE, buy_rate), (REDEMPTION, sell_rate)):
        counts = rng.poisson(np.where(engaged & (hi >= lo), rate, 0.0))
        cms.append(np.repeat(np.arange(n * months), counts))
        kinds.append(np.full(int(counts.sum()), code, dtype=np.int8))
    cm = np.concatenate(cms)
    kind = np.concatenate(kinds)
    day = lo[cm] + (rng.random(len(cm)) * (hi[cm] - lo[cm] + 1)).astype(np.int64)
    customer = cm // months

    sells = np.flatnonzero(kind == REDEMPTION)
    again = sells[rng.random(len(sells)) < traits.repurchase[customer[sells]]]
    follow_day = day[again] + rng.integers(1, 31, len(again))
    keep = follow_day <= window.last_day
    extra = WealthSchedule(
        customer[again][keep],
        follow_day[keep],
        np.full(int(keep.sum()), PURCHASE, dtype=np.int8),
        np.zeros(int(keep.sum())),
    )
    base = WealthSchedule(customer, day, kind, np.zeros(len(cm)))
    return finish_schedule(rng, [base, extra])


def finish_schedule(rng: np.random.Generator, parts: list[WealthSchedule]) -> WealthSchedule:
    """Concatenate schedules, draw missing (zero) sizes, sort by customer then day (redemptions first)."""
    customer = np.concatenate([p.customer for p in parts])
    day = np.concatenate([p.day for p in parts])
    kind = np.concatenate([p.kind for p in parts])
    size = np.where(
        kind == REDEMPTION, rng.uniform(0.15, 1.0, len(kind)), rng.uniform(0.1, 0.35, len(kind))
    )
    size = np.where((kind == REDEMPTION) & (rng.random(len(kind)) < 0.3), 1.0, size)
    given = np.concatenate([p.size for p in parts])
    size = np.where(given > 0, given, size)
    order = np.lexsort((1 - kind, day, customer))
    return WealthSchedule(customer[order], day[order], kind[order], size[order])
