"""Survey responses: a subset of customers answers once or twice; intents track behaviour."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart import clock
from demo_mart.calendar import US_PER_DAY, Window
from demo_mart.engagement import ENGAGED
from demo_mart.traits import Traits

RESPONSE_SHARE = 0.14
SATISFACTION = np.array([0.04, 0.08, 0.22, 0.42, 0.24])


@dataclass
class Surveys:
    customer: np.ndarray
    time: np.ndarray
    loan_intent: np.ndarray
    wealth_intent: np.ndarray
    satisfaction: np.ndarray

    def __len__(self) -> int:
        return len(self.customer)


def _score(rng: np.random.Generator, signal: np.ndarray) -> np.ndarray:
    return np.clip(np.round(1 + 4 * signal + rng.normal(0, 0.9, len(signal))), 1, 5).astype(
        np.int16
    )


def draw_surveys(
    rng: np.random.Generator,
    open_day: np.ndarray,
    traits: Traits,
    state: np.ndarray,
    window: Window,
) -> Surveys:
    """One or two responses per responding customer, submitted in engaged months."""
    n, months = state.shape
    k = np.where(rng.random(n) < RESPONSE_SHARE, rng.choice([1, 2], size=n, p=[0.75, 0.25]), 0)
    c = np.repeat(np.arange(n), k)
    m = (rng.random(len(c)) * months).astype(np.int64)
    ok = state[c, m] == ENGAGED
    c, m = c[ok], m[ok]
    lo = np.maximum(window.starts[m], open_day[c])
    hi = window.last_days[m]
    day = lo + (rng.random(len(c)) * (hi - lo + 1)).astype(np.int64)
    hours = clock.personal_hours(rng, traits.period[c], loyalty=0.6)
    time = day * US_PER_DAY + clock.time_of_day_us(rng, hours)
    order = np.lexsort((time, c))
    c, time = c[order], time[order]
    loan_signal = np.clip(traits.inquiry_rate[c] / 2.0, 0, 1)
    wealth_signal = np.clip(traits.wealth_view_rate[c] / 4.5, 0, 1)
    return Surveys(
        customer=c,
        time=time,
        loan_intent=_score(rng, loan_signal),
        wealth_intent=_score(rng, wealth_signal),
        satisfaction=(rng.choice(5, size=len(c), p=SATISFACTION) + 1).astype(np.int16),
    )
