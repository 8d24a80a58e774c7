"""The generated mart looks like a real retail bank's, and every tag and metric has substance.

All figures are computed with hand-written DuckDB SQL (``mart_sql``), not with the generator.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import duckdb
import pytest
from mart_sql import (
    DEPOSIT_TO_LOAN,
    DORMANT_WAKEUP,
    LOAN_TO_DEPOSIT,
    TAGS,
    WEALTH_REPURCHASE,
    scalar,
)

REGIONS = {"华东", "华北", "华南", "华中", "西南", "西北", "东北"}


@pytest.fixture(scope="module")
def tags(bank: duckdb.DuckDBPyConnection, as_of: date) -> duckdb.DuckDBPyConnection:
    """A cursor holding a temp table ``tags``: every spec tag per customer as of D."""
    cur = bank.cursor()
    cur.execute("CREATE TEMP TABLE tags AS " + TAGS, {"d": as_of})
    return cur


# --- master data -----------------------------------------------------------------


def test_cities_regions_and_branches(bank: duckdb.DuckDBPyConnection) -> None:
    cities = bank.execute("SELECT city, count(*) FROM branches GROUP BY city").fetchall()
    assert len(cities) >= 12 and all(n >= 2 for _, n in cities)
    assert {
        r[0] for r in bank.execute("SELECT DISTINCT region FROM branches").fetchall()
    } == REGIONS
    names = [
        r[0] for r in bank.execute("SELECT branch_name || '|' || city FROM branches").fetchall()
    ]
    assert all(
        n.split("|")[0].startswith(n.split("|")[1]) and n.split("|")[0].endswith("支行")
        for n in names
    )
    assert scalar(bank, "SELECT count(*) FROM branches WHERE branch_name = '上海浦东支行'") == 1


def test_names_are_chinese_and_ids_match_the_home_city(bank: duckdb.DuckDBPyConnection) -> None:
    assert (
        scalar(
            bank,
            "SELECT count(*) FROM customers WHERE NOT regexp_full_match(name, '[\\x{4e00}-\\x{9fa5}]{2,3}')",
        )
        == 0
    )
    # the first four ID digits (prefecture) are those of the home branch's city
    mismatched = scalar(
        bank,
        """
        WITH city_prefix AS (SELECT DISTINCT b.city, substr(c.id_number, 1, 4) AS p
                             FROM customers c JOIN branches b USING (branch_id))
        SELECT count(*) FROM (SELECT city FROM city_prefix GROUP BY city HAVING count(*) > 1)""",
    )
    assert mismatched == 0
    assert scalar(bank, "SELECT count(DISTINCT substr(phone, 1, 3)) FROM customers") >= 20


def test_products_cover_every_type_with_chinese_names(bank: duckdb.DuckDBPyConnection) -> None:
    types = {r[0] for r in bank.execute("SELECT DISTINCT product_type FROM products").fetchall()}
    assert len(types) == 8
    assert (
        scalar(
            bank,
            "SELECT count(*) FROM products WHERE NOT regexp_matches(product_name, '[\\x{4e00}-\\x{9fa5}]')",
        )
        == 0
    )
    assert (
        scalar(
            bank,
            "SELECT count(*) FROM products WHERE (term_months IS NULL) <> (product_type IN ('demand_deposit', 'fund'))",
        )
        == 0
    )


def test_income_depends_on_occupation_and_age(bank: duckdb.DuckDBPyConnection) -> None:
    med = dict(
        bank.execute(
            "SELECT occupation, median(annual_income) FROM customers GROUP BY 1"
        ).fetchall()
    )
    assert med["business_owner"] > med["employee"] > med["retired"] > med["student"]
    by_age = dict(
        bank.execute("""
        SELECT CASE WHEN date_diff('year', birth_date, DATE '2025-12-31') < 35 THEN 'young' ELSE 'prime' END,
               median(annual_income) FROM customers WHERE occupation = 'employee' GROUP BY 1""").fetchall()
    )
    assert by_age["prime"] > by_age["young"]


CUSTOMER_CODES = {
    "gender": {"male", "female"},
    "occupation": {"employee", "civil_servant", "self_employed", "business_owner", "student", "retired",
                   "freelancer", "other"},
    "education": {"high_school_or_below", "associate", "bachelor", "master_or_above"},
    "marital_status": {"single", "married", "divorced"},
    "acquisition_channel": {"counter", "app", "wechat", "partner", "referral"},
    "risk_level": {"R1", "R2", "R3", "R4", "R5"},
}  # fmt: skip


@pytest.mark.parametrize("column", sorted(CUSTOMER_CODES))
def test_every_customer_code_occurs(bank: duckdb.DuckDBPyConnection, column: str) -> None:
    values = Counter(v for (v,) in bank.table("customers").project(column).fetchall())
    assert set(values) == CUSTOMER_CODES[column] and min(values.values()) >= 20


# --- balances agree with accounts, loans and transactions -----------------------------


def test_deposit_balance_moves_with_inflows_and_outflows(bank: duckdb.DuckDBPyConnection) -> None:
    broken = scalar(
        bank,
        """
        WITH flow AS (
          SELECT customer_id, CAST(date_trunc('month', txn_time) AS DATE) AS month,
                 sum(CASE WHEN direction = 'in' THEN amount ELSE -amount END) AS net
          FROM transactions GROUP BY ALL),
        b AS (SELECT customer_id, month, deposit_balance,
                     lag(deposit_balance) OVER (PARTITION BY customer_id ORDER BY month) AS prev
              FROM balances_monthly)
        SELECT count(*) FROM b LEFT JOIN flow USING (customer_id, month)
        WHERE prev IS NOT NULL AND deposit_balance <> prev + coalesce(net, 0)""",
    )
    assert broken == 0


def test_average_daily_balance_is_close_to_month_end(bank: duckdb.DuckDBPyConnection) -> None:
    ratio = scalar(
        bank,
        """
        SELECT median(deposit_avg_daily / deposit_balance) FROM balances_monthly
        WHERE deposit_balance > 1000""",
    )
    assert 0.85 < ratio < 1.15
    assert (
        scalar(bank, "SELECT corr(deposit_avg_daily, deposit_balance) FROM balances_monthly") > 0.9
    )


def test_loan_balance_positive_exactly_while_a_loan_is_outstanding(
    bank: duckdb.DuckDBPyConnection,
) -> None:
    # customers with a single loan, disbursed into their account inside the window: the loan is
    # outstanding from its disbursement month until the month of its last repayment (if settled)
    mismatch, months = bank.execute("""
        WITH single AS (
          SELECT customer_id, any_value(status) AS status, any_value(disburse_date) AS disbursed
          FROM loans GROUP BY customer_id HAVING count(*) = 1),
        inner_loans AS (
          SELECT s.*, (SELECT max(txn_time)::DATE FROM transactions t WHERE t.customer_id = s.customer_id
                       AND t.txn_type = 'loan_repayment') AS last_repayment
          FROM single s WHERE s.status IN ('disbursed', 'settled') AND EXISTS (
            SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND t.txn_type = 'loan_disbursement'))
        SELECT count(*) FILTER (WHERE (b.loan_balance > 0) <> (
                 l.disbursed < b.month + INTERVAL 1 MONTH
                 AND (l.status = 'disbursed' OR l.last_repayment >= b.month + INTERVAL 1 MONTH))),
               count(*)
        FROM balances_monthly b JOIN inner_loans l USING (customer_id)""").fetchone()  # type: ignore[misc]
    assert months > 1000
    assert mismatch == 0


def test_time_deposits_mature_inside_the_window(bank: duckdb.DuckDBPyConnection) -> None:
    matured = scalar(
        bank,
        """
        SELECT count(*) FROM deposit_accounts WHERE status = 'matured'
        AND maturity_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31'""",
    )
    assert matured > 50


def test_nothing_happens_after_the_last_day(bank: duckdb.DuckDBPyConnection) -> None:
    for sql in (
        "SELECT max(txn_time) FROM transactions",
        "SELECT max(event_time) FROM app_events",
        "SELECT max(submitted_at) FROM survey_responses",
        "SELECT max(greatest(apply_date, decision_date, disburse_date)) FROM loans",
        "SELECT max(greatest(open_date, close_date)) FROM deposit_accounts",
        "SELECT max(clicked_at) FROM campaign_touches",
        "SELECT max(converted_at) FROM campaign_touches",
    ):
        assert str(scalar(bank, sql)) < "2026-01-01", sql


def test_volumes_per_customer(bank: duckdb.DuckDBPyConnection) -> None:
    customers = scalar(bank, "SELECT count(*) FROM customers")
    assert 50 <= scalar(bank, "SELECT count(*) FROM transactions") / customers <= 150
    assert 50 <= scalar(bank, "SELECT count(*) FROM app_events") / customers <= 150


# --- behaviour rhythms ----------------------------------------------------------------


def test_app_use_has_weekly_and_daily_rhythms(bank: duckdb.DuckDBPyConnection) -> None:
    by_dow = dict(
        bank.execute(
            "SELECT isodow(event_time) > 5, count(*) / count(DISTINCT event_time::DATE) "
            "FROM app_events WHERE event_type = 'login' GROUP BY 1"
        ).fetchall()
    )
    assert by_dow[False] > 1.15 * by_dow[True]
    by_hour = dict(
        bank.execute("SELECT hour(event_time), count(*) FROM app_events GROUP BY 1").fetchall()
    )
    assert by_hour[21] > 10 * by_hour[4] and by_hour[12] > 3 * by_hour[4]


# --- every tag value occurs as of D ------------------------------------------------------

TAG_VALUES = {
    "age_band": {"<25", "25-34", "35-44", "45-54", "55+"},
    "income_band": {"<50k", "50k-100k", "100k-300k", "300k+"},
    "value_tier": {"high", "medium", "low"},
    "holding_structure": {"deposit_only", "loan_only", "both", "none"},
    "high_deposit_volatility": {True, False},
    "activity_level": {"high", "medium", "low", "inactive"},
    "preferred_channel": {"app", "wechat", "online_banking", "counter", "atm", "pos", "none"},
    "active_period": {"morning", "midday", "afternoon", "evening", "night", "none"},
    "wealth_activity": {"high", "medium", "none"},
    "loan_intent": {"high", "low"},
    "wealth_intent": {"high", "low"},
    "time_deposit_maturing_30d": {True, False},
    "lifecycle_stage": {"new", "active", "dormant", "churned"},
    "is_payroll": {True, False},
}


@pytest.mark.parametrize("tag", sorted(TAG_VALUES))
def test_every_value_of_every_tag_occurs(tags: duckdb.DuckDBPyConnection, tag: str) -> None:
    counts = Counter(value for (value,) in tags.table("tags").project(tag).fetchall())
    assert set(counts) == TAG_VALUES[tag]
    assert min(counts.values()) >= 10


@pytest.mark.parametrize(
    ("stage", "low", "high"),
    [("new", 0.04, 0.12), ("active", 0.5, 0.8), ("dormant", 0.05, 0.18), ("churned", 0.08, 0.25)],
)
def test_lifecycle_mix(
    tags: duckdb.DuckDBPyConnection, stage: str, low: float, high: float
) -> None:
    share = scalar(tags, "SELECT avg((lifecycle_stage = ?)::INT) FROM tags", [stage])
    assert low <= share <= high


# --- the glossary metrics have substance every month ----------------------------------------


def test_deposit_to_loan_conversion_every_month(bank: duckdb.DuckDBPyConnection) -> None:
    rows = bank.execute(DEPOSIT_TO_LOAN).fetchall()
    assert len(rows) == 23
    assert all(0.004 <= rate <= 0.05 for _, _, _, rate in rows)


def test_loan_only_customers_open_deposit_accounts(bank: duckdb.DuckDBPyConnection) -> None:
    rows = bank.execute(LOAN_TO_DEPOSIT).fetchall()
    assert all(base >= 30 for _, base, _, _ in rows)
    assert sum(conv for _, _, conv, _ in rows[-3:]) >= 1  # last quarter
    assert 0.005 < sum(c for *_, c, _ in rows) / sum(b for _, b, _, _ in rows) < 0.08


def test_wealth_redemptions_are_repurchased(bank: duckdb.DuckDBPyConnection) -> None:
    rows = bank.execute(WEALTH_REPURCHASE).fetchall()
    assert len(rows) == 24
    assert all(0.2 <= rate <= 0.85 for _, _, _, rate in rows)


def test_dormant_customers_wake_up(bank: duckdb.DuckDBPyConnection) -> None:
    rows = bank.execute(DORMANT_WAKEUP).fetchall()
    assert rows[-1][0].year == 2025 and rows[-1][0].month == 12
    assert all(conv >= 3 and 0.02 <= rate <= 0.3 for _, _, conv, rate in rows[-6:])


def test_loans_of_every_status_and_some_overdue(bank: duckdb.DuckDBPyConnection) -> None:
    statuses = dict(bank.execute("SELECT status, count(*) FROM loans GROUP BY 1").fetchall())
    assert set(statuses) == {"pending", "rejected", "approved", "disbursed", "settled"}
    overdue = scalar(
        bank, "SELECT avg((overdue_days > 0)::INT) FROM loans WHERE status = 'disbursed'"
    )
    assert 0.01 < overdue < 0.1
    assert (
        scalar(
            bank,
            "SELECT count(DISTINCT date_trunc('month', disburse_date)) FROM loans "
            "WHERE disburse_date >= DATE '2024-01-01'",
        )
        == 24
    )


def test_campaigns_cover_objectives_channels_and_groups(bank: duckdb.DuckDBPyConnection) -> None:
    objectives = {r[0] for r in bank.execute("SELECT DISTINCT objective FROM campaigns").fetchall()}
    assert len(objectives) == 5
    channels = {
        r[0] for r in bank.execute("SELECT DISTINCT channel FROM campaign_touches").fetchall()
    }
    assert channels == {"sms", "app_push", "wechat", "phone", "email"}
    groups = bank.execute(
        "SELECT campaign_id, count(DISTINCT group_type) FROM campaign_touches GROUP BY 1"
    ).fetchall()
    assert all(n == 2 for _, n in groups)
    assert (
        scalar(
            bank,
            "SELECT count(*) FROM campaigns WHERE NOT regexp_full_match(campaign_name, '20[0-9]{2}.*')",
        )
        == 0
    )
    assert (
        scalar(
            bank,
            "SELECT count(*) FROM campaign_touches WHERE group_type = 'control' AND converted_at IS NOT NULL",
        )
        > 0
    )
