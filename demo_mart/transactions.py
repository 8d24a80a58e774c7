"""Single transactions: the ledger's monthly totals split into rows with times and channels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart import clock
from demo_mart.calendar import US_PER_DAY, Window
from demo_mart.codes import INFLOW_TYPES, TXN_TYPES
from demo_mart.flows import GENERIC_TYPES
from demo_mart.ledger import Ledger
from demo_mart.loans import schedule
from demo_mart.sampling import choice_rows, split_total
from demo_mart.wealth import PURCHASE, WealthSchedule

T = {name: i for i, name in enumerate(TXN_TYPES)}
GENERIC_TO_TXN = np.array([T[g] for g in GENERIC_TYPES])
IS_INFLOW = np.array([t in INFLOW_TYPES for t in TXN_TYPES])
# rows: codes.TXN_TYPES; columns: codes.TXN_CHANNELS (app, wechat, online_banking, counter, atm, pos)
CHANNEL_BY_TYPE = np.array([
    [0.00, 0.00, 1.00, 0.00, 0.00, 0.00],  # salary (payroll batch)
    [0.50, 0.20, 0.20, 0.10, 0.00, 0.00],  # transfer_in
    [0.50, 0.20, 0.15, 0.15, 0.00, 0.00],  # transfer_out
    [0.25, 0.25, 0.02, 0.00, 0.00, 0.48],  # consumption
    [0.00, 0.00, 0.00, 0.50, 0.50, 0.00],  # cash_deposit
    [0.00, 0.00, 0.00, 0.30, 0.70, 0.00],  # cash_withdrawal
    [0.60, 0.15, 0.05, 0.20, 0.00, 0.00],  # loan_disbursement
    [0.40, 0.10, 0.20, 0.30, 0.00, 0.00],  # loan_repayment
    [0.60, 0.15, 0.10, 0.15, 0.00, 0.00],  # wealth_purchase
    [0.60, 0.15, 0.10, 0.15, 0.00, 0.00],  # wealth_redemption
    [0.00, 0.00, 0.00, 1.00, 0.00, 0.00],  # interest (posted by the branch system)
])  # fmt: skip
FAVOURITE = 5.0  # weight multiplier of the customer's favourite channel where allowed
HOURS = {
    "salary": np.array([0.0] * 8 + [3, 4, 2, 1] + [0.0] * 12),
    "consumption": clock.SHOPPING_HOURS,
    "interest": np.array([0.0] * 2 + [1.0] + [0.0] * 21),
    "loan_repayment": np.array([0.0] * 6 + [1.0] + [0.0] * 17),
}


@dataclass
class Transactions:
    """Transactions of one chunk, sorted by customer then time."""

    customer: np.ndarray
    time: np.ndarray
    amount: np.ndarray  # cents, > 0
    kind: np.ndarray  # index into codes.TXN_TYPES
    channel: np.ndarray
    tag: np.ndarray  # ledger.OPENING / ledger.WAKE for campaign conversions, else 0

    def __len__(self) -> int:
        return len(self.customer)

    @property
    def inflow(self) -> np.ndarray:
        return IS_INFLOW[self.kind]


def _generic(
    rng: np.random.Generator, led: Ledger, window: Window, payday: np.ndarray
) -> list[tuple[np.ndarray, ...]]:
    """Rows of the ledger's monthly totals: one part per month, split into single amounts."""
    parts: list[tuple[np.ndarray, ...]] = []
    for m in range(window.months):
        s, e = int(window.starts[m]), int(window.last_days[m])
        cnt = led.gen_count[m].ravel().astype(np.int64)
        cells = np.flatnonzero(cnt)
        amount = split_total(rng, led.gen_total[m].ravel()[cells], cnt[cells])
        cell = np.repeat(cells, cnt[cells])
        c, g = cell // 6, cell % 6
        lo = np.maximum(s, led.dep_open_day[c])
        hi = np.where(led.closed_day[c] <= e, np.maximum(led.closed_day[c] - 1, lo), e)
        day = lo + (rng.random(len(c)) * (hi - lo + 1)).astype(np.int64)
        day = np.where(g == 0, np.clip(s + payday[c], lo, hi), day)
        parts.append((c, day, GENERIC_TO_TXN[g], amount, np.zeros(len(c), dtype=np.int64)))
    return parts


def _loan_rows(
    led: Ledger, window: Window
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Disbursement and instalment rows of loans serviced from the deposit account."""
    loans = led.loans
    inner = np.flatnonzero(loans.internal)
    sch = schedule(loans, window)
    rows = inner[sch.disburse_month[inner] >= 0]
    disb = (loans.customer[rows], loans.disburse_day[rows], np.full(len(rows), T["loan_disbursement"]),
            loans.amount[rows], loans.disburse_tod[rows])  # fmt: skip
    li, mi = np.nonzero(sch.repay[inner] > 0)
    li = inner[li]
    repay = (loans.customer[li], sch.repay_day[li, mi], np.full(len(li), T["loan_repayment"]),
             sch.repay[li, mi], np.full(len(li), -1))  # fmt: skip
    return disb, repay


def build_transactions(
    rng: np.random.Generator,
    led: Ledger,
    wealth: WealthSchedule,
    favourite: np.ndarray,
    window: Window,
) -> Transactions:
    """Every transaction of the chunk, consistent with the ledger's monthly totals."""
    n = len(favourite)
    payday = rng.integers(4, 15, n)
    parts = _generic(rng, led, window, payday)
    ex = led.explicit
    parts.append((ex["customer"], ex["day"], ex["kind"], ex["amount"], ex["tag"]))
    done = np.flatnonzero(led.wealth_amount > 0)
    kind = np.where(wealth.kind[done] == PURCHASE, T["wealth_purchase"], T["wealth_redemption"])
    parts.append(
        (
            wealth.customer[done],
            wealth.day[done],
            kind,
            led.wealth_amount[done],
            np.zeros(len(done), dtype=np.int64),
        )
    )
    customer = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([p[2] for p in parts])
    amount = np.concatenate([p[3] for p in parts])
    tag = np.concatenate([p[4] for p in parts])
    tod = _times_of_day(rng, kind)
    disb, repay = _loan_rows(led, window)
    customer = np.concatenate([customer, disb[0], repay[0]])
    day = np.concatenate([day, disb[1], repay[1]])
    kind = np.concatenate([kind, disb[2], repay[2]])
    amount = np.concatenate([amount, disb[3], repay[3]])
    tag = np.concatenate([tag, np.zeros(len(disb[0]) + len(repay[0]), dtype=np.int64)])
    tod = np.concatenate([tod, disb[4], _times_of_day(rng, repay[2])])
    time = day * US_PER_DAY + tod

    weights = CHANNEL_BY_TYPE[kind] * np.where(
        np.arange(6)[None, :] == favourite[customer][:, None], FAVOURITE, 1.0
    )
    channel = choice_rows(rng, weights)
    seconds = (time - window.first_day * US_PER_DAY) // 1_000_000
    order = np.argsort((customer.astype(np.int64) << 32) | seconds, kind="stable")
    return Transactions(
        customer[order], time[order], amount[order], kind[order], channel[order], tag[order]
    )


def _times_of_day(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    hours = clock.hours_from(rng, clock.BUSINESS_HOURS, len(kind))
    for name, weights in HOURS.items():
        rows = np.flatnonzero(kind == T[name])
        hours[rows] = clock.hours_from(rng, weights, len(rows))
    return clock.time_of_day_us(rng, hours)


def average_daily(tx: Transactions, led: Ledger, window: Window) -> np.ndarray:
    """Average daily deposit balance per customer and month (cents, never negative)."""
    n, months = led.deposit.shape
    day = tx.time // US_PER_DAY
    m = window.month_of(day)
    signed = np.where(tx.inflow, tx.amount, -tx.amount).astype(float)
    weight = window.last_days[m] - day + 1
    flow = np.bincount(tx.customer * months + m, signed * weight, minlength=n * months).reshape(
        n, months
    )
    prev = np.concatenate([led.initial_deposit[:, None], led.deposit[:, :-1]], axis=1).astype(float)
    dim = window.days_in_month[None, :].astype(float)
    avg = np.round((prev * dim + flow) / dim)
    return np.maximum(avg, 0).astype(np.int64)
