"""A figure counted under a condition of its own beside figures without it — each answer on the small
generated mart checked against hand-written SQL: "按年龄段看贷款余额，各段有多少人有贷款余额" is the balance of
every customer of the band beside the number of them holding a loan balance (set bt: the condition had
become a condition on each band's total balance, and every customer was counted)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from semantic_layer.query import Filter, GroupBy, OwnCondition, SemanticQuery


def by_band(assistant: Assistant, band_sql: str) -> dict:
    return {band: (pytest.approx(float(balance)), holders) for band, balance, holders in rows(assistant, f"""
        SELECT {band_sql} AS band, sum(b.loan_balance), count(*) FILTER (WHERE b.loan_balance > 0)
        FROM customers c JOIN balances_monthly b ON b.customer_id = c.customer_id AND b.month = DATE '2025-12-01'
        WHERE c.open_date <= DATE '2025-12-31' GROUP BY 1""")}


INCOME = """CASE WHEN c.annual_income < 50000 THEN '<50k' WHEN c.annual_income < 100000 THEN '50k-100k'
    WHEN c.annual_income < 300000 THEN '100k-300k' ELSE '300k+' END"""


@pytest.mark.parametrize("question", ["按收入段看，现在的贷款余额分别多少？各段有多少人有贷款余额？",
                                      "By income band: the loan balance now, and how many customers in each band have a loan balance?"])
def test_the_head_count_beside_a_balance_counts_only_the_holders(assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question, session=question)
    assert answer.columns == ["income_band", "loan_balance", "customer_count"]
    assert {r[0]: (r[1], r[2]) for r in answer.rows} == by_band(assistant, INCOME)
    assert "贷款余额" in answer.column_labels[2] or "loan balance" in answer.column_labels[2]  # the condition is in its name


def test_a_follow_up_keeps_whom_the_head_count_counts(assistant: Assistant) -> None:
    ask(assistant, "按年龄段看，现在的贷款余额分别多少？各段有多少人有贷款余额？", session="own kept")
    answer = ask(assistant, "换成按收入段来分呢？", session="own kept")
    assert {r[0]: (r[1], r[2]) for r in answer.rows} == by_band(assistant, INCOME)


def test_alone_the_holding_is_the_condition_of_the_whole_answer(assistant: Assistant) -> None:
    expected = {band: holders for band, (_, holders) in by_band(assistant, INCOME).items()}
    answer = ask(assistant, "按收入段看有多少人有贷款余额")
    assert answer.columns == ["income_band", "customer_count"] and dict(answer.rows) == expected


def test_a_figure_cannot_be_the_only_one_with_conditions_of_its_own() -> None:
    """Conditions of every figure are the query's filters; an own condition needs a figure without it beside."""
    own = (OwnCondition(metric="customer_count", filters=(Filter(field="loan_balance", op=">", value=0),)),)
    with pytest.raises(ValidationError):
        SemanticQuery(metrics=("customer_count",), own_conditions=own)
    with pytest.raises(ValidationError):
        SemanticQuery(metrics=("loan_balance", "aum"), own_conditions=own)  # not a figure of the query
    SemanticQuery(metrics=("loan_balance", "customer_count"), group_by=(GroupBy(field="age_band"),), own_conditions=own)


def test_done_in_the_app_is_the_channel_not_the_inflow_direction(assistant: Assistant) -> None:
    """"transactions were done in the app": "in" is a preposition, not the stored direction code "in" (set bx)."""
    ((app, every),) = rows(assistant, """SELECT count(*) FILTER (WHERE channel = 'app'), count(*) FROM transactions
        WHERE txn_time >= DATE '2025-01-01' AND txn_time < DATE '2026-01-01'""")
    answer = ask(assistant, "What % of 2025 transactions were done in the app?")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert "direction" not in row
    assert (row["txn_count"], row["txn_count_base"], row["txn_count_share"]) == (app, every, pytest.approx(app / every))
