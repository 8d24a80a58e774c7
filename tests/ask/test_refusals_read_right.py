"""Refused when it should be, answered when it should be: data the model declares it lacks (``not_covered``)
is refused, not asked back; English sentences that only start like SQL or mention a change are answered
(each against hand-written SQL); SQL and writes are still refused."""

from __future__ import annotations

import pytest

from assistant.answer import Assistant


@pytest.mark.parametrize("question", [
    "每个活动的广告曝光量 impressions 和 CPM 是多少？",
    "帮我拉一下客户在抖音和小红书上的广告点击数据",
    "what's the bounce rate on the landing pages for each campaign?",
    "25年被拒的贷款 拒绝原因分布看下",
    "How many collection calls did we make to overdue borrowers last month?",
    "各网点的ATM机上个月分别出了几次故障？",
])
def test_data_the_model_lacks_is_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "refused" and "not_in_data" in answer.notes, (answer.status, answer.message)


def test_the_click_rate_is_still_answered(assistant: Assistant) -> None:
    assert assistant.ask("各渠道的CTR", session="ctr").status == "answered"


def _one(assistant: Assistant, sql: str) -> object:
    return assistant.warehouse.runner._execute_unchecked(sql).rows[0][0]


@pytest.mark.parametrize("question", [
    "With the as-of date 2025-12-31, how many loan applications were submitted last month (by application date)?",
    "As of 2025-12-31, how many loan applications were submitted last month?",  # an as-of date, not "in 2025"
])
def test_a_sentence_starting_with_with_is_no_sql(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "answered", answer.message
    assert answer.rows == [[_one(assistant, "SELECT count(*) FROM loans WHERE apply_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'")]]


def test_a_month_over_month_change_is_no_write(assistant: Assistant) -> None:
    answer = assistant.ask("Compare the total month-end loan balance of December 2025 with November 2025: give the absolute "
                           "month-over-month change and the month-over-month growth rate as two columns.", session="mom-change")
    assert answer.status == "answered", answer.message
    dec = float(_one(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'"))
    nov = float(_one(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-11-01'"))
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert row["loan_balance_change"] == pytest.approx(dec - nov)
    assert row["loan_balance_change_pct"] == pytest.approx(dec / nov - 1)


@pytest.mark.parametrize(("question", "note"), [
    ("SELECT * FROM customers", "sql"),
    ("WITH t AS (SELECT 1) SELECT * FROM t", "sql"),
    ("describe customers", "sql"),
    ("change the balance of customer 1 to 0", "write"),
    ("please change the status of those loans to settled", "write"),
])
def test_sql_and_writes_are_still_refused(assistant: Assistant, question: str, note: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "refused" and note in answer.notes, (answer.status, answer.notes)
