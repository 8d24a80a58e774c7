"""The loan book of a chunk: loans added during the ledger loop and their monthly effects."""

from __future__ import annotations

import numpy as np

from demo_mart.calendar import Window
from demo_mart.loans import CONSUMER, Loans, schedule
from demo_mart.products import PRODUCT_TYPE


class LoanBook:
    """Loans accumulated during the loop, with their per-month effects on the ledger."""

    def __init__(self, n: int, window: Window) -> None:
        months = window.months
        self.window = window
        self.parts: list[Loans] = []
        self.inflow = np.zeros((n, months), dtype=np.int64)
        self.repay = np.zeros((n, months), dtype=np.int64)
        self.spend = np.zeros((n, months), dtype=np.int64)
        self.balance = np.zeros((n, months), dtype=np.int64)
        self.busy_until = np.full(n, -1, dtype=np.int64)

    def add(self, loans: Loans) -> None:
        """Book new loans: balances, instalments, pay-outs and the busy-until day of each customer."""
        if not len(loans):
            return
        self.parts.append(loans)
        s = schedule(loans, self.window)
        np.add.at(self.balance, loans.customer, s.balance)
        inner = loans.internal
        np.add.at(self.repay, loans.customer[inner], s.repay[inner])
        rows = np.flatnonzero(inner & (s.disburse_month >= 0))
        c, m = loans.customer[rows], s.disburse_month[rows]
        np.add.at(self.inflow, (c, m), loans.amount[rows])
        # mortgages and business loans are paid straight on; consumer loans partly spent
        kind = np.where(PRODUCT_TYPE[loans.product[rows]] == CONSUMER, 0.6, 1.0)
        np.add.at(self.spend, (c, m), np.round(loans.amount[rows] * kind).astype(np.int64))
        done = np.where(loans.disburse_day >= 0, loans.disburse_day, loans.decision_day)
        done = np.where(done >= 0, done, self.window.last_day)
        np.maximum.at(self.busy_until, loans.customer, done)

    def loans(self) -> Loans:
        """Every loan booked so far."""
        return Loans.concat(self.parts) if self.parts else Loans.empty()
