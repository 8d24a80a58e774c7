"""The campaigns themselves (one row each: how many were run, their budgets), answered from
the campaigns table and checked against hand-written SQL on the same mart."""

from __future__ import annotations

import pytest

from semantic_layer.errors import QueryError
from semantic_layer.query import Filter, SemanticQuery


def _sql(assistant, sql: str) -> list[tuple]:
    """Hand-written SQL on the same file (the trusted path the evaluator's gold SQL takes)."""
    return [tuple(r) for r in assistant.warehouse.runner.run_reference(sql).rows]


def test_campaigns_run_in_a_year(assistant) -> None:
    answer = assistant.ask("2024年做了几个营销活动", session="campaigns-1")
    (expected,) = _sql(assistant, "SELECT count(*) FROM campaigns WHERE start_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'")
    assert answer.status == "answered" and answer.rows == [[expected[0]]]


def test_budget_by_objective(assistant) -> None:
    answer = assistant.ask("campaign budget by objective", session="campaigns-2")
    expected = dict(_sql(assistant, "SELECT objective, sum(budget) FROM campaigns GROUP BY 1"))
    assert answer.status == "answered"
    assert {row[0]: row[1] for row in answer.rows} == pytest.approx(expected)


def test_average_highest_and_lowest_budget(assistant) -> None:
    answer = assistant.ask("营销活动的预算平均多少？最高和最低分别是多少", session="campaigns-3")
    ((avg, high, low, n),) = _sql(assistant, "SELECT avg(budget), max(budget), min(budget), count(budget) FROM campaigns")
    assert answer.status == "answered" and answer.rows[0] == pytest.approx([avg, high, low, n])  # and how many campaigns


def test_a_scoped_role_cannot_read_the_campaigns_themselves(assistant) -> None:
    # no customer is behind a campaign's budget: a row scope cannot bound it, so it is not read
    with pytest.raises(QueryError) as info:
        assistant.warehouse.compile(SemanticQuery(metrics=("campaign_budget",)), scope=(Filter(field="region", op="in", value=("华东",)),))
    assert "campaign_budget" in info.value.en and info.value.zh
