"""App events: logins with weekly and daily rhythms, plus the product events of a session."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart import clock
from demo_mart.calendar import US_PER_DAY, Window
from demo_mart.codes import EVENT_TYPES
from demo_mart.engagement import ENGAGED
from demo_mart.products import PRODUCTS
from demo_mart.sampling import group_starts, sample_days
from demo_mart.traits import Traits

LOGIN, LOAN_INQUIRY, LOAN_CALCULATOR, WEALTH_VIEW, RATE_VIEW, PRODUCT_CLICK = range(6)
_PRODUCT_POOLS = {
    LOAN_INQUIRY: ("L101", "L102", "L103", "L201", "L301"),
    LOAN_CALCULATOR: ("L101", "L102", "L103", "L201", "L202", "L301", "L302"),
    WEALTH_VIEW: ("W101", "W102", "W103", "F101", "F102", "F103", "F104"),
    RATE_VIEW: ("D101", "D103", "D105", "D201", "D202"),
    PRODUCT_CLICK: ("W101", "W103", "F101", "F103", "L101", "L102", "D103", "D201"),
}
assert len(EVENT_TYPES) == 6


@dataclass
class Events:
    """App events of one chunk, sorted by customer then time."""

    customer: np.ndarray  # index within the chunk
    time: np.ndarray  # microseconds since epoch
    event_type: np.ndarray  # index into codes.EVENT_TYPES
    platform: np.ndarray  # index into codes.PLATFORMS
    product: np.ndarray  # index into products.PRODUCTS, -1 when none

    @property
    def day(self) -> np.ndarray:
        return self.time // US_PER_DAY


def _month_days(open_day: np.ndarray, window: Window) -> tuple[np.ndarray, np.ndarray]:
    """First and last usable day of every (customer, month)."""
    lo = np.maximum(window.starts[None, :-1], open_day[:, None])
    hi = np.broadcast_to(window.last_days[None, :], lo.shape)
    return lo, hi


def generate_events(
    rng: np.random.Generator,
    open_day: np.ndarray,
    traits: Traits,
    state: np.ndarray,
    window: Window,
) -> Events:
    """All app events of a chunk, drawn per engaged customer-month."""
    n, months = state.shape
    lo, hi = _month_days(open_day, window)
    span = np.maximum(hi - lo + 1, 0)
    engaged = state == ENGAGED
    casual = traits.login_rate > 0.05
    rates = {
        LOGIN: traits.login_rate[:, None] * span,
        LOAN_INQUIRY: 0.6 * traits.inquiry_rate[:, None] * span / 30,
        LOAN_CALCULATOR: 0.4 * traits.inquiry_rate[:, None] * span / 30,
        WEALTH_VIEW: traits.wealth_view_rate[:, None] * span / 30,
        RATE_VIEW: np.where(casual, 0.25, 0.03)[:, None] * span / 30,
        PRODUCT_CLICK: np.where(casual, 0.35, 0.03)[:, None] * span / 30,
    }
    parts = []
    for kind, rate in rates.items():
        counts = rng.poisson(np.where(engaged, rate, 0.0)).ravel()
        cm = np.repeat(np.arange(n * months), counts)
        parts.append((kind, cm))

    login_cm = parts[0][1]
    day = sample_days(rng, lo.ravel()[login_cm], hi.ravel()[login_cm], clock.WEEKDAY)
    hours = clock.personal_hours(rng, traits.period[login_cm // months], loyalty=0.72)
    # logins come grouped by customer-month; order them by time inside each group
    login_time = _sort_within(login_cm, day * US_PER_DAY + clock.time_of_day_us(rng, hours), window)
    login_counts = np.bincount(login_cm, minlength=n * months)
    login_start = group_starts(login_counts)

    times, kinds, cms = [login_time], [np.zeros(len(login_cm), dtype=np.int8)], [login_cm]
    for kind, cm in parts[1:]:
        t = np.empty(len(cm), dtype=np.int64)
        has_login = login_counts[cm] > 0
        rows = np.flatnonzero(has_login)
        pick = login_start[cm[rows]] + (rng.random(len(rows)) * login_counts[cm[rows]]).astype(
            np.int64
        )
        t[rows] = login_time[pick] + rng.integers(20, 900, len(rows)) * 1_000_000
        rows = np.flatnonzero(~has_login)
        alone_day = sample_days(rng, lo.ravel()[cm[rows]], hi.ravel()[cm[rows]], clock.WEEKDAY)
        alone_hours = clock.personal_hours(rng, traits.period[cm[rows] // months], loyalty=0.72)
        t[rows] = alone_day * US_PER_DAY + clock.time_of_day_us(rng, alone_hours)
        times.append(np.minimum(t, (window.last_day + 1) * US_PER_DAY - 1_000_000))
        kinds.append(np.full(len(cm), kind, dtype=np.int8))
        cms.append(cm)

    time = np.concatenate(times)
    kind_all = np.concatenate(kinds)
    customer = np.concatenate(cms) // months
    order = np.argsort(sort_key(customer, time, window, kind_all), kind="stable")
    customer, time, kind_all = customer[order], time[order], kind_all[order]
    own = rng.random(len(customer)) < 0.82
    platform = np.where(own, traits.platform[customer], rng.integers(0, 3, len(customer)))
    return Events(customer, time, kind_all, platform.astype(np.int8), _products(rng, kind_all))


def sort_key(
    group: np.ndarray, time: np.ndarray, window: Window, tie: np.ndarray | None = None
) -> np.ndarray:
    """One int64 key ordering rows by group, then time (whole seconds), then ``tie`` (< 8)."""
    seconds = (time - window.first_day * US_PER_DAY) // 1_000_000
    key = (group.astype(np.int64) << 32) | seconds
    if tie is None:
        return key
    return (key << 3) | tie.astype(np.int64)


def _sort_within(group: np.ndarray, time: np.ndarray, window: Window) -> np.ndarray:
    return time[np.argsort(sort_key(group, time, window), kind="stable")]


def _products(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    index = {p.product_id: i for i, p in enumerate(PRODUCTS)}
    product = np.full(len(kind), -1, dtype=np.int16)
    for k, pool in _PRODUCT_POOLS.items():
        rows = np.flatnonzero(kind == k)
        ids = np.array([index[p] for p in pool], dtype=np.int16)
        product[rows] = ids[rng.integers(0, len(ids), len(rows))]
    return product
