"""Loans: application outcomes, amortisation schedules and monthly outstanding principal.

A loan is drawn complete at application time (decision, disbursement, early
settlement, missed instalments), so its whole life is known; statuses are then read
as of the window's last day. Instalments fall on the disbursement day of month
(capped at the 28th); equal-instalment amortisation at the loan's rate.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from demo_mart.calendar import US_PER_HOUR, Window, add_months
from demo_mart.codes import LOAN_STATUSES, PRODUCT_TYPES
from demo_mart.products import RATE, products_of

PENDING, REJECTED, APPROVED, DISBURSED, SETTLED = range(5)
CONSUMER, MORTGAGE, BUSINESS = (
    PRODUCT_TYPES.index(t) for t in ("consumer_loan", "mortgage", "business_loan")
)
assert LOAN_STATUSES[SETTLED] == "settled"

# per loan type: consumer, mortgage, business (indexed by _KIND)
_KIND = {CONSUMER: 0, MORTGAGE: 1, BUSINESS: 2}
TERMS = ((12, 24, 36), (120, 240, 300, 360), (12, 24, 36, 60))
SPREAD = ((-0.004, 0.020), (-0.002, 0.004), (-0.003, 0.010))
DECISION_LAG = ((0, 4), (5, 26), (2, 15))  # days, [low, high)
DISBURSE_LAG = ((0, 3), (7, 41), (1, 11))
APPROVAL = (0.80, 0.88, 0.72)
PREPAY_HAZARD = (0.012, 0.004, 0.015)  # per month
OVERDUE_SHARE = (0.06, 0.025, 0.08)
ABANDON = 0.04


@dataclass
class Loans:
    """A set of loans (one chunk); day numbers, -1 for missing dates; money in cents."""

    customer: np.ndarray
    product: np.ndarray
    apply_day: np.ndarray
    apply_channel: np.ndarray
    decision_day: np.ndarray
    disburse_day: np.ndarray
    status: np.ndarray
    amount: np.ndarray
    term: np.ndarray
    rate: np.ndarray
    overdue_days: np.ndarray
    settle_day: np.ndarray  # day of the final instalment, -1 unless settled
    settle_k: np.ndarray  # instalment that settles the loan
    last_paid_k: np.ndarray  # last instalment paid as of the window's last day
    internal: np.ndarray  # disbursed into and repaid from the customer's deposit account
    disburse_tod: np.ndarray  # time of day of the disbursement, microseconds

    def __len__(self) -> int:
        return len(self.customer)

    @classmethod
    def concat(cls, parts: list[Loans]) -> Loans:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    @classmethod
    def empty(cls) -> Loans:
        return cls(**{f.name: np.zeros(0, dtype=np.int64) for f in fields(cls)})

    @property
    def monthly_rate(self) -> np.ndarray:
        return self.rate / 12

    @property
    def instalment(self) -> np.ndarray:
        r = self.monthly_rate
        return self.amount * r / (1 - (1 + r) ** -self.term.astype(float))


def loan_types(rng: np.random.Generator, occupation: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Product type of a new application given the applicant's occupation and age."""
    business = (occupation == 2) | (occupation == 3)
    homebuyer = (age >= 25) & (age <= 50)
    u = rng.random(len(occupation))
    kind = np.where(u < np.where(homebuyer, 0.16, 0.04), MORTGAGE, CONSUMER)
    kind = np.where(business & (rng.random(len(occupation)) < 0.5), BUSINESS, kind)
    return np.where(occupation == 4, CONSUMER, kind)


def draw_loans(
    rng: np.random.Generator,
    customer: np.ndarray,
    apply_day: np.ndarray,
    kind: np.ndarray,
    income: np.ndarray,
    tier: np.ndarray,
    channel: np.ndarray,
    internal: np.ndarray,
    window: Window,
    approve_all: bool = False,
) -> Loans:
    """Complete loans for the given applications (``kind`` is a product-type index)."""
    n = len(customer)
    k = (
        np.array([_KIND[int(x)] for x in kind], dtype=np.int64)
        if n
        else np.zeros(0, dtype=np.int64)
    )
    product = np.zeros(n, dtype=np.int64)
    for t, ki in _KIND.items():
        rows = np.flatnonzero(k == ki)
        pool = products_of(PRODUCT_TYPES[t])
        product[rows] = pool[rng.integers(0, len(pool), len(rows))]
    term = np.zeros(n, dtype=np.int64)
    for ki, terms in enumerate(TERMS):
        rows = np.flatnonzero(k == ki)
        term[rows] = np.array(terms)[rng.integers(0, len(terms), len(rows))]
    lo, hi = np.array(SPREAD).T
    rate = np.round(RATE[product] + rng.uniform(lo[k], hi[k]), 4)
    rate = np.maximum(rate, 0.0290)
    amount = np.select(
        [k == 0, k == 1],
        [np.clip(income * rng.uniform(0.2, 1.2, n), 10_000, 500_000) // 1000 * 1000,
         np.clip(tier * rng.uniform(500_000, 2_500_000, n), 300_000, 5_000_000) // 10_000 * 10_000],
        np.clip(income * rng.uniform(0.5, 4.0, n), 100_000, 3_000_000) // 10_000 * 10_000,
    )  # fmt: skip
    amount = (amount * 100).astype(np.int64)

    dlo, dhi = np.array(DECISION_LAG).T
    decision = apply_day + rng.integers(dlo[k], dhi[k])
    blo, bhi = np.array(DISBURSE_LAG).T
    disburse = decision + rng.integers(blo[k], bhi[k])
    approved = approve_all | (rng.random(n) < np.array(APPROVAL)[k])
    abandoned = ~approve_all & (rng.random(n) < ABANDON)
    end = window.last_day

    status = np.full(n, DISBURSED, dtype=np.int64)
    status = np.where(abandoned | (disburse > end), APPROVED, status)
    status = np.where(~approved, REJECTED, status)
    status = np.where(decision > end, PENDING, status)
    decision = np.where(status == PENDING, -1, decision)
    disburse = np.where(status == DISBURSED, disburse, -1)

    prepay_k = rng.geometric(np.array(PREPAY_HAZARD)[k])
    settle_k = np.minimum(prepay_k, term)
    settle_day = add_months(np.maximum(disburse, 0), settle_k)
    settled = (status == DISBURSED) & (settle_day <= end)
    status = np.where(settled, SETTLED, status)
    settle_day = np.where(settled, settle_day, -1)

    # instalments due before the last day; some outstanding loans miss the latest ones
    due_count = _dues_before(disburse, end, term)
    missed = rng.choice([1, 2, 3, 4, 6], size=n, p=[0.55, 0.2, 0.1, 0.1, 0.05])
    overdue = (
        (status == DISBURSED) & (rng.random(n) < np.array(OVERDUE_SHARE)[k]) & (due_count >= 1)
    )
    last_paid = np.where(status == SETTLED, settle_k, due_count)
    last_paid = np.where(overdue, np.maximum(due_count - missed, 0), last_paid)
    first_unpaid_due = add_months(np.maximum(disburse, 0), last_paid + 1)
    overdue_days = np.where(overdue, end - first_unpaid_due, 0)

    return Loans(
        customer=customer.astype(np.int64),
        product=product,
        apply_day=apply_day.astype(np.int64),
        apply_channel=np.where(k == 1, np.where(rng.random(n) < 0.8, 0, channel), channel),
        decision_day=decision,
        disburse_day=disburse,
        status=status,
        amount=amount,
        term=term,
        rate=rate,
        overdue_days=overdue_days.astype(np.int64),
        settle_day=settle_day,
        settle_k=settle_k,
        last_paid_k=np.where(status >= DISBURSED, last_paid, 0),
        internal=internal.astype(bool),
        disburse_tod=(rng.integers(9, 18, n) * US_PER_HOUR + rng.integers(0, 3600, n) * 1_000_000),
    )


def _dues_before(disburse: np.ndarray, end: int, term: np.ndarray) -> np.ndarray:
    """Instalments due strictly before ``end`` (capped at the term)."""
    d = disburse.astype("datetime64[D]")
    months = (np.datetime64(end, "D").astype("datetime64[M]") - d.astype("datetime64[M]")).astype(
        np.int64
    )
    due_this = add_months(np.maximum(disburse, 0), months)
    count = np.where(due_this < end, months, months - 1)
    return np.clip(count, 0, term)


def remaining(loans: Loans, paid: np.ndarray) -> np.ndarray:
    """Outstanding principal (cents, float) after ``paid`` instalments."""
    r = loans.monthly_rate[..., None] if paid.ndim == 2 else loans.monthly_rate
    amount = loans.amount[..., None] if paid.ndim == 2 else loans.amount
    a = loans.instalment[..., None] if paid.ndim == 2 else loans.instalment
    g = (1 + r) ** paid
    return amount * g - a * (g - 1) / r


@dataclass
class Schedule:
    """Per loan and window month: the instalment paid, its day, and the month-end balance."""

    repay: np.ndarray  # (loans, months) cents, 0 when nothing paid
    repay_day: np.ndarray  # (loans, months)
    balance: np.ndarray  # (loans, months) cents outstanding at month end
    disburse_month: np.ndarray  # window month of the disbursement, -1 outside


def schedule(loans: Loans, window: Window) -> Schedule:
    """Instalments and balances of every loan over the window months."""
    starts = window.starts[:-1]
    ends = window.last_days
    disbursed = loans.status >= DISBURSED
    dis = np.maximum(loans.disburse_day, 0)
    dis_abs = dis.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    month_abs = starts.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    k = month_abs[None, :] - dis_abs[:, None]
    dom = np.minimum(
        dis
        - dis.astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64),
        27,
    )
    due_day = starts[None, :] + dom[:, None]
    pays = (
        disbursed[:, None]
        & (k >= 1)
        & (k <= loans.last_paid_k[:, None])
        & (due_day <= ends[None, :])
    )
    inst = np.round(loans.instalment)
    final = np.round(remaining(loans, loans.settle_k - 1) * (1 + loans.monthly_rate))
    amount = np.where(k == loans.settle_k[:, None], final[:, None], inst[:, None])
    repay = np.where(pays, amount, 0).astype(np.int64)

    paid = np.where(due_day <= ends[None, :], k, k - 1)
    paid = np.clip(paid, 0, loans.last_paid_k[:, None])
    out = disbursed[:, None] & (loans.disburse_day[:, None] <= ends[None, :])
    settled_by = (loans.settle_day[:, None] >= 0) & (loans.settle_day[:, None] <= ends[None, :])
    out &= ~settled_by
    balance = np.where(out, np.round(remaining(loans, paid)), 0).astype(np.int64)
    balance = np.where(out, np.maximum(balance, 1), 0)

    dm = window.month_of(loans.disburse_day)
    dm = np.where(disbursed & (loans.disburse_day >= window.first_day), dm, -1)
    return Schedule(repay=repay, repay_day=due_day, balance=balance, disburse_month=dm)
