"""Campaign conversions, read back from the generated data (never drawn separately).

A touch converts at the customer's first take-up of the campaign's target in
``[start, end + 30 days]`` (and not before a treatment touch was sent), so touches
always agree with loans, accounts and transactions, in the control group too.
"""

from __future__ import annotations

import numpy as np

from demo_mart.calendar import US_PER_DAY
from demo_mart.campaigns import (
    DEPOSIT_TO_LOAN,
    DORMANT_WAKEUP,
    LOAN_TO_DEPOSIT,
    NEW_CUSTOMER,
    WEALTH_REPURCHASE,
    Campaign,
)
from demo_mart.codes import PRODUCT_TYPES, TXN_TYPES
from demo_mart.ledger import OPENING, WAKE
from demo_mart.loans import DISBURSED, Loans
from demo_mart.products import PRODUCT_TYPE
from demo_mart.touches import Touches
from demo_mart.transactions import Transactions

T = {name: i for i, name in enumerate(TXN_TYPES)}
GRACE_DAYS = 30
DEMAND_DEPOSIT = PRODUCT_TYPES.index("demand_deposit")


def _take_ups(
    objective: int, target_type: int, tx: Transactions, loans: Loans
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer, time, amount) of every take-up event for an objective, sorted by customer/time."""
    if objective == DEPOSIT_TO_LOAN:
        rows = np.flatnonzero(
            (loans.status >= DISBURSED) & (PRODUCT_TYPE[loans.product] == target_type)
        )
        c = loans.customer[rows]
        t = loans.disburse_day[rows] * US_PER_DAY + loans.disburse_tod[rows]
        a = loans.amount[rows]
    else:
        if objective == LOAN_TO_DEPOSIT:
            rows = tx.tag == OPENING
        elif objective == WEALTH_REPURCHASE or target_type != DEMAND_DEPOSIT:
            rows = tx.kind == T["wealth_purchase"]
        elif objective == NEW_CUSTOMER:
            rows = (tx.kind == T["cash_deposit"]) | (tx.kind == T["transfer_in"])
            rows &= tx.tag != OPENING
        else:
            assert objective == DORMANT_WAKEUP
            rows = (tx.kind == T["cash_deposit"]) | (tx.kind == T["transfer_in"]) | (tx.tag == WAKE)
        idx = np.flatnonzero(rows)
        c, t, a = tx.customer[idx], tx.time[idx], tx.amount[idx]
    order = np.lexsort((t, c))
    return c[order], t[order], a[order]


def convert(
    touches: Touches, campaigns: tuple[Campaign, ...], tx: Transactions, loans: Loans
) -> tuple[np.ndarray, np.ndarray]:
    """``converted_at`` (µs, -1 for none) and ``conversion_amount`` (cents) per touch."""
    at = np.full(len(touches), -1, dtype=np.int64)
    amount = np.zeros(len(touches), dtype=np.int64)
    for i, camp in enumerate(campaigns):
        rows = np.flatnonzero(touches.campaign == i)
        if not len(rows):
            continue
        c, t, a = _take_ups(camp.objective, camp.target_type, tx, loans)
        start = np.full(len(rows), camp.start_day * US_PER_DAY)
        start = np.maximum(start, touches.sent[rows])
        stop = (camp.end_day + GRACE_DAYS + 1) * US_PER_DAY
        if not len(c):
            continue
        key = (c.astype(np.int64) << 32) | (t // 1_000_000)
        first = -(-start // 1_000_000)
        probe = (touches.customer[rows].astype(np.int64) << 32) | first
        pos = np.minimum(np.searchsorted(key, probe), len(key) - 1)
        hit = (c[pos] == touches.customer[rows]) & (t[pos] >= start) & (t[pos] < stop)
        at[rows[hit]] = t[pos[hit]]
        amount[rows[hit]] = a[pos[hit]]
    return at, amount
