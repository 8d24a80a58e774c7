"""Everyday cash flows of one month: salaries, transfers, spending and cash.

Amounts are drawn per customer and type as monthly totals (integer cents) with a
transaction count; ``transactions.py`` later splits each total into single
transactions that add up exactly, so balances and transactions always agree.
"""

from __future__ import annotations

import numpy as np

# generic types, in this order (indexes into GENERIC_TYPES)
SALARY, TRANSFER_IN, TRANSFER_OUT, CONSUMPTION, CASH_DEPOSIT, CASH_WITHDRAWAL = range(6)
GENERIC_TYPES = (
    "salary",
    "transfer_in",
    "transfer_out",
    "consumption",
    "cash_deposit",
    "cash_withdrawal",
)
INFLOWS = (SALARY, TRANSFER_IN, CASH_DEPOSIT)
OUTFLOWS = (TRANSFER_OUT, CONSUMPTION, CASH_WITHDRAWAL)


def _cents(x: np.ndarray) -> np.ndarray:
    return np.round(np.maximum(x, 0) * 100).astype(np.int64)


def draw_inflows(
    rng: np.random.Generator,
    active: np.ndarray,
    monthly_income: np.ndarray,
    payroll: np.ndarray,
    bonus_month: bool,
    volatile: np.ndarray,
    cash_user: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and totals (cents) of salary, transfer-in and cash-deposit for active customers."""
    n = len(active)
    count = np.zeros((n, 6), dtype=np.int64)
    total = np.zeros((n, 6), dtype=np.int64)
    salary = monthly_income * rng.uniform(0.85, 1.05, n)
    if bonus_month:
        salary *= 1 + rng.uniform(0.3, 2.5, n)
    count[:, SALARY] = active & payroll
    total[:, SALARY] = np.where(count[:, SALARY] > 0, _cents(salary), 0)

    k_in = rng.poisson(np.where(volatile, 1.6, np.where(payroll, 0.35, 0.8)))
    size = np.where(volatile, rng.lognormal(0.4, 1.0, n), rng.lognormal(-0.6, 0.8, n))
    count[:, TRANSFER_IN] = np.where(active, k_in, 0)
    total[:, TRANSFER_IN] = _cents(count[:, TRANSFER_IN] * monthly_income * size)

    k_cash = rng.poisson(np.where(cash_user, 0.45, 0.05))
    count[:, CASH_DEPOSIT] = np.where(active, k_cash, 0)
    total[:, CASH_DEPOSIT] = _cents(count[:, CASH_DEPOSIT] * rng.lognormal(np.log(2500), 0.8, n))
    return count, total


def draw_outflows(
    rng: np.random.Generator,
    active: np.ndarray,
    target: np.ndarray,
    older: np.ndarray,
    volatile: np.ndarray,
    cash_user: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Split each customer's outflow ``target`` (cents) into spending, transfers and cash."""
    n = len(active)
    count = np.zeros((n, 6), dtype=np.int64)
    total = np.zeros((n, 6), dtype=np.int64)
    k_cons = rng.poisson(np.where(older, 1.4, 2.6))
    k_out = rng.poisson(np.where(volatile, 1.6, 0.7))
    k_cash = rng.poisson(np.where(cash_user, 0.6, 0.12))
    w_cons = k_cons * rng.uniform(0.5, 1.5, n)
    w_out = k_out * rng.uniform(1.0, 4.0, n) * np.where(volatile, 3.0, 1.0)
    w_cash = k_cash * rng.uniform(0.3, 1.2, n)
    none = (w_cons + w_out + w_cash) == 0
    k_out = np.where(none, 1, k_out)
    w_out = np.where(none, 1.0, w_out)
    weight = w_cons + w_out + w_cash
    target = np.where(active, target, 0)
    cons = np.floor(target * w_cons / weight).astype(np.int64)
    cash = np.floor(target * w_cash / weight).astype(np.int64)
    out = target - cons - cash
    for col, k, amt in (
        (CONSUMPTION, k_cons, cons),
        (CASH_WITHDRAWAL, k_cash, cash),
        (TRANSFER_OUT, k_out, out),
    ):
        count[:, col] = np.where(amt > 0, np.maximum(np.minimum(k, amt), 1), 0)
        total[:, col] = np.where(amt > 0, amt, 0)
    return count, total
