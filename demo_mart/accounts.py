"""Deposit accounts: primary demand accounts, second accounts, time deposits and large CDs."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from demo_mart.calendar import Window, add_months
from demo_mart.customers import Customers
from demo_mart.engagement import ENGAGED
from demo_mart.products import PRODUCTS, TERM, products_of

ACTIVE, MATURED, CLOSED = range(3)
NEVER = np.iinfo(np.int64).max // 4
# acquisition channel -> account open channel (counter, app, wechat, online_banking)
OPEN_CHANNEL_OF_ACQUISITION = np.array([0, 1, 2, 3, 0])
# favourite transaction channel -> open channel
OPEN_CHANNEL_OF_TXN = np.array([1, 2, 3, 0, 0, 1])
DEMAND = products_of("demand_deposit")
TIME = products_of("time_deposit")
LARGE_CD = products_of("large_cd")


@dataclass
class Accounts:
    """Deposit accounts of one chunk (day numbers; -1 for missing dates)."""

    customer: np.ndarray
    product: np.ndarray
    open_day: np.ndarray
    channel: np.ndarray
    maturity_day: np.ndarray
    close_day: np.ndarray
    size: np.ndarray  # share of the deposit balance placed in it (time deposits)

    def __len__(self) -> int:
        return len(self.customer)

    @classmethod
    def concat(cls, parts: list[Accounts]) -> Accounts:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    def take(self, rows: np.ndarray) -> Accounts:
        return Accounts(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def status(self, last_day: int) -> np.ndarray:
        """Status as of ``last_day``."""
        closed = (self.close_day >= 0) & (self.close_day <= last_day)
        matured = (self.maturity_day >= 0) & (self.maturity_day <= last_day)
        return np.where(closed, CLOSED, np.where(matured, MATURED, ACTIVE))


def _term_products(rng: np.random.Generator, n: int, large: np.ndarray) -> np.ndarray:
    time_pick = TIME[rng.choice(len(TIME), size=n, p=[0.12, 0.15, 0.35, 0.13, 0.17, 0.08])]
    cd_pick = LARGE_CD[rng.integers(0, len(LARGE_CD), n)]
    return np.where(large, cd_pick, time_pick)


def time_deposits(
    rng: np.random.Generator,
    cust: Customers,
    channel: np.ndarray,
    state: np.ndarray,
    window: Window,
) -> Accounts:
    """Time deposits and large CDs of deposit customers, opened over the last five years.

    Accounts opened inside the window are opened in engaged months only.
    """
    rich = cust.income >= 150_000
    lam = 0.45 + 0.35 * (cust.age_band >= 3) + 0.25 * rich
    counts = rng.poisson(np.where(cust.loan_origin, 0.0, lam))
    c = np.repeat(np.arange(len(cust)), counts)
    lo = np.maximum(cust.open_day[c], window.last_day - 5 * 365)
    day = lo + (rng.random(len(c)) * (window.last_day - lo + 1)).astype(np.int64)
    month = window.month_of(day)
    inside = month >= 0
    engaged = np.ones(len(c), dtype=bool)
    engaged[inside] = state[c[inside], month[inside]] == ENGAGED
    c, day = c[engaged], day[engaged]
    n = len(c)
    product = _term_products(rng, n, rich[c] & (rng.random(n) < 0.4))
    maturity = add_months(day, TERM[product])
    matured = maturity <= window.last_day
    close = np.where(matured & (rng.random(n) < 0.45), maturity, -1)
    early = rng.random(n) < 0.06
    early_day = (
        day + (rng.random(n) * (np.minimum(maturity, window.last_day) - day)).astype(np.int64) + 1
    )
    close = np.where(early & (early_day <= window.last_day), np.minimum(early_day, maturity), close)
    keep = maturity >= window.first_day - 365
    acc = Accounts(
        customer=c,
        product=product,
        open_day=day,
        channel=OPEN_CHANNEL_OF_TXN[channel[c]],
        maturity_day=maturity,
        close_day=close,
        size=rng.uniform(0.1, 0.5, n),
    )
    return acc.take(np.flatnonzero(keep))


def demand_accounts(
    rng: np.random.Generator,
    cust: Customers,
    dep_open_day: np.ndarray,
    closed_day: np.ndarray,
    window: Window,
) -> Accounts:
    """Each depositor's first demand account, plus a second one for some."""
    has = dep_open_day <= window.last_day
    c = np.flatnonzero(has)
    product = np.where(cust.payroll[c], DEMAND[1], DEMAND[0])
    opened = dep_open_day[c]
    channel = np.where(cust.loan_origin[c], 1, OPEN_CHANNEL_OF_ACQUISITION[cust.acquisition[c]])
    close = np.where(closed_day[c] < NEVER, closed_day[c], -1)
    first = Accounts(c, product, opened, channel, np.full(len(c), -1), close, np.zeros(len(c)))

    second = c[rng.random(len(c)) < 0.08]
    lo = dep_open_day[second]
    hi = np.minimum(
        window.last_day, np.where(closed_day[second] < NEVER, closed_day[second], window.last_day)
    )
    day = lo + (rng.random(len(second)) * (hi - lo + 1)).astype(np.int64)
    close2 = np.where(closed_day[second] < NEVER, closed_day[second], -1)
    other = Accounts(
        second, np.full(len(second), DEMAND[0]), day, rng.integers(0, 4, len(second)),
        np.full(len(second), -1), close2, np.zeros(len(second)),
    )  # fmt: skip
    return Accounts.concat([first, other])


def apply_closures(acc: Accounts, closed_day: np.ndarray) -> Accounts:
    """Close every account still open on its customer's closing day; drop later openings."""
    shut = closed_day[acc.customer]
    keep = acc.open_day <= shut
    still_open = (acc.close_day < 0) | (acc.close_day > shut)
    close = np.where((shut < NEVER) & still_open, shut, acc.close_day)
    out = Accounts(
        acc.customer, acc.product, acc.open_day, acc.channel, acc.maturity_day, close, acc.size
    )
    return out.take(np.flatnonzero(keep))


assert PRODUCTS[DEMAND[1]].product_id == "D002"
