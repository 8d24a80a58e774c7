"""The planted effects: every number a test or ``docs/demo-data.md`` refers to.

Loan take-up is a logistic model per customer-month; campaign response is a funnel
(delivered -> opened -> clicked) whose rates depend on channel, age band and whether
the touch was sent inside the customer's active period; treatment adds conversions
only through persuasion, which differs by segment.
"""

from __future__ import annotations

import math

import numpy as np

# --- loan take-up: log-odds of applying in a month -------------------------------
LOAN_BASE_RATE = 0.0075  # deposit-only customer with none of the drivers below
LOAN_ODDS = {
    "inquiries_1_2": 3.0,  # 1-2 loan_inquiry/loan_calculator events in the 30 days before the month
    "inquiries_3_plus": 6.0,  # 3 or more
    "wealth_activity_high": 1.8,  # >= 5 wealth views + wealth transactions in those 30 days
    "high_deposit_volatility": 2.0,  # CV of the previous 6 month-end deposit balances >= 0.30
    "payroll": 1.6,  # is_payroll
    "holds_loan": 0.5,  # already has an outstanding loan
}


def loan_logit(
    inquiries: np.ndarray,
    wealth_activity: np.ndarray,
    volatility: np.ndarray,
    payroll: np.ndarray,
    holds_loan: np.ndarray,
) -> np.ndarray:
    """Log-odds of a loan application this month."""
    o = {k: math.log(v) for k, v in LOAN_ODDS.items()}
    z = math.log(LOAN_BASE_RATE / (1 - LOAN_BASE_RATE)) + np.zeros(len(inquiries))
    z += np.where(
        inquiries >= 3, o["inquiries_3_plus"], np.where(inquiries >= 1, o["inquiries_1_2"], 0.0)
    )
    z += np.where(wealth_activity >= 5, o["wealth_activity_high"], 0.0)
    z += np.where(volatility >= 0.30, o["high_deposit_volatility"], 0.0)
    z += np.where(payroll, o["payroll"], 0.0)
    z += np.where(holds_loan, o["holds_loan"], 0.0)
    return z


# --- campaign funnel (channels in codes.TOUCH_CHANNELS order) ----------------------
DELIVERY = np.array([0.96, 0.88, 0.92, 0.62, 0.90])  # sms, app_push, wechat, phone, email
# open probability given delivery; rows: channel; columns: age band <25 .. 55+
OPEN = np.array([
    [0.20, 0.24, 0.28, 0.32, 0.36],  # sms
    [0.46, 0.40, 0.30, 0.20, 0.10],  # app_push
    [0.42, 0.44, 0.38, 0.30, 0.20],  # wechat
    [0.30, 0.40, 0.52, 0.64, 0.74],  # phone (call answered)
    [0.10, 0.14, 0.16, 0.12, 0.06],  # email
])  # fmt: skip
CLICK = np.array([0.16, 0.28, 0.26, 0.36, 0.12])  # click probability given open
IN_PERIOD_OPEN = 1.5  # sent at an hour inside the customer's active period
IN_PERIOD_CLICK = 1.6
COST = np.array([0.05, 0.01, 0.03, 2.50, 0.01])  # CNY per treatment touch, by channel
TREATMENT_SHARE = 0.75

# --- persuasion: P(take-up caused by the touch | clicked), by age band ------------
# rows: codes.OBJECTIVES order; columns: age band <25 .. 55+
PERSUADE = np.array([
    [0.03, 0.60, 0.50, 0.15, 0.00],  # deposit_to_loan (recent loan inquirers: 0, "sure things")
    [0.05, 0.60, 0.50, 0.20, 0.03],  # loan_to_deposit
    [0.02, 0.30, 0.10, 0.02, 0.00],  # wealth_repurchase: recent redeemers mostly buy again anyway
    [0.10, 0.60, 0.50, 0.25, 0.05],  # dormant_wakeup
    [0.10, 0.60, 0.50, 0.25, 0.05],  # new_customer_activation
])  # fmt: skip
OPENED_ONLY = 0.5  # persuasion of an opened, not clicked, touch relative to a click
DELIVERED_ONLY = 0.1  # ... of a delivered, unopened touch (the message was still seen)

# --- other behaviour ------------------------------------------------------------
LOAN_ONLY_DEPOSIT_RATE = 0.025  # loan-only customers opening a deposit account, per month
