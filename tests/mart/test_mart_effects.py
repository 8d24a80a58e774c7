"""The planted effects documented in docs/demo-data.md show up in generated data.

Each effect is measured with independent DuckDB SQL (``mart_sql``) on the 6,000-customer
session mart and compared with the documented size within a tolerance.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from mart_sql import LOAN_TAKE_UP, TOUCHES, logistic_odds_ratios

# documented in docs/demo-data.md, "贷款意愿驱动 Loan take-up drivers": (odds ratio, tolerance on log scale)
LOAN_ODDS = {
    "inquiries_1_2": (3.0, 0.35),
    "inquiries_3_plus": (6.0, 0.45),
    "wealth_activity_high": (1.8, 0.45),
    "high_deposit_volatility": (2.0, 0.35),
    "payroll": (1.6, 0.35),
}


@pytest.fixture(scope="module")
def take_up(bank: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return bank.execute(LOAN_TAKE_UP).df()


@pytest.fixture(scope="module")
def touches(bank: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return bank.execute(TOUCHES).df()


@pytest.fixture(scope="module")
def odds(take_up: pd.DataFrame) -> dict[str, float]:
    x = np.column_stack([
        take_up.inquiries.between(1, 2), take_up.inquiries >= 3, take_up.wealth_activity >= 5,
        take_up.high_volatility, take_up.payroll,
    ])  # fmt: skip
    return logistic_odds_ratios(x, take_up.applied.to_numpy(dtype=float), list(LOAN_ODDS))


def test_base_rate_of_loan_applications(take_up: pd.DataFrame) -> None:
    assert len(take_up) > 30_000
    assert 0.008 < take_up.applied.mean() < 0.03


@pytest.mark.parametrize("driver", sorted(LOAN_ODDS))
def test_loan_take_up_driver_odds_ratio(odds: dict[str, float], driver: str) -> None:
    planted, tolerance = LOAN_ODDS[driver]
    assert abs(math.log(odds[driver] / planted)) <= tolerance, odds


def test_recent_inquiries_raise_the_raw_take_up_rate(take_up: pd.DataFrame) -> None:
    rate = take_up.groupby(take_up.inquiries > 0).applied.mean()
    assert rate[True] > 2.5 * rate[False]


# --- campaign response ----------------------------------------------------------------


def _rate(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].notna().mean())


def test_response_depends_on_channel_and_age_band(touches: pd.DataFrame) -> None:
    treated = touches[touches.treated]
    young = treated.age_band.isin(["<25", "25-34"])
    old = treated.age_band == "55+"
    push, phone = treated.channel == "app_push", treated.channel == "phone"
    assert _rate(treated[push & young], "opened_at") > 2.0 * _rate(treated[push & old], "opened_at")
    assert _rate(treated[phone & old], "opened_at") > 1.5 * _rate(
        treated[phone & young], "opened_at"
    )
    assert _rate(treated[treated.channel == "email"], "opened_at") < _rate(
        treated[treated.channel == "sms"], "opened_at"
    )


def test_touches_sent_in_the_active_period_get_more_response(touches: pd.DataFrame) -> None:
    treated = touches[touches.treated & touches.usual_period.notna()]
    inside, outside = treated[treated.in_period], treated[~treated.in_period]
    assert len(inside) > 300
    assert _rate(inside, "opened_at") > 1.2 * _rate(outside, "opened_at")
    assert _rate(inside, "clicked_at") > 1.6 * _rate(outside, "clicked_at")


def _uplift(frame: pd.DataFrame) -> tuple[float, float, float]:
    """Treated conversion rate, control conversion rate (spec section 4) and the uplift's standard error."""
    treated = frame[frame.treated].converted
    control = frame[frame.group_type == "control"].converted
    pooled = float(pd.concat([treated, control]).mean())
    se = math.sqrt(pooled * (1 - pooled) * (1 / len(treated) + 1 / len(control)))
    return float(treated.mean()), float(control.mean()), se


def test_treatment_beats_control_overall(touches: pd.DataFrame) -> None:
    treated, control, se = _uplift(
        touches[touches.objective.isin(["deposit_to_loan", "dormant_wakeup"])]
    )
    assert treated - control > max(0.02, 3 * se)


def test_uplift_differs_by_segment(touches: pd.DataFrame) -> None:
    d2l = touches[touches.objective == "deposit_to_loan"]
    persuadable = d2l[d2l.age_band.isin(["25-34", "35-44"]) & ~d2l.recent_inquirer]
    lost = d2l[d2l.age_band.isin(["<25", "55+"]) & ~d2l.recent_inquirer]
    sure = d2l[d2l.recent_inquirer]
    t_p, c_p, se_p = _uplift(persuadable)
    t_l, c_l, se_l = _uplift(lost)
    t_s, c_s, _ = _uplift(sure)
    assert t_p - c_p > max(0.02, 2.5 * se_p)  # persuadables
    assert abs(t_l - c_l) < 2.5 * se_l and t_l - c_l < t_p - c_p  # lost causes
    assert c_s > 1.5 * c_p and t_s - c_s < t_p - c_p  # sure things convert anyway, in control too


def test_recent_redeemers_are_sure_things(touches: pd.DataFrame) -> None:
    d2l = touches[touches.objective == "deposit_to_loan"]
    t_p, c_p, _ = _uplift(d2l[d2l.age_band.isin(["25-34", "35-44"]) & ~d2l.recent_inquirer])
    t_w, c_w, se_w = _uplift(touches[touches.objective == "wealth_repurchase"])
    assert c_w > 0.35  # most buy again without being contacted
    assert t_w - c_w < min(t_p - c_p, 3 * se_w)
