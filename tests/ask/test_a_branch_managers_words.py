"""Words of set do (a branch manager comparing their branch): asked back before, each now read and checked
against hand-written SQL on the small generated mart — "…只存不贷的客户有多少?这些人存款余额加起来多少?" (the
customers of the first sentence), "全行的呢?" (no branch kept), "那整个华东区的…呢" after a branch (the region
replaces the branch, never both), "2025 vs 2024 … the count for each year" (one row a year), "(哪个平台都算)"
(no platform condition), "X和Y谁放款金额多" (both, side by side), "how much loan money did … disburse"."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_EAST = "JOIN customers c USING (customer_id) JOIN branches br USING (branch_id) WHERE br.region = '华东'"


def test_the_customers_of_the_sentence_before(assistant: Assistant) -> None:
    (n, total), = rows(assistant, "SELECT count(*), sum(deposit_balance) FROM balances_monthly WHERE month = DATE '2025-12-01' "
                                  "AND deposit_balance > 0 AND loan_balance = 0")
    answer = ask(assistant, "现在只存不贷的客户有多少?这些人存款时点余额加起来多少?")
    assert answer.rows[0][:2] == [n, pytest.approx(float(total))]


def test_the_whole_bank_after_a_branch_and_a_region_after_a_branch(assistant: Assistant) -> None:
    (whole,), = rows(assistant, "SELECT sum(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    (east,), = rows(assistant, "SELECT sum(l.amount) FROM loans l JOIN customers c USING (customer_id) JOIN branches br USING (branch_id) "
                               "WHERE br.region = '华东' AND l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    ask(assistant, "2025年杭州的放款金额", session="whole")
    assert ask(assistant, "全行的呢?", session="whole").rows[0][0] == pytest.approx(float(whole))
    ask(assistant, "2025年北京的放款金额", session="region")
    assert ask(assistant, "那整个华东区的呢?", session="region").rows[0][0] == pytest.approx(float(east))


def test_two_years_side_by_side_one_row_each(assistant: Assistant) -> None:
    want = rows(assistant, f"SELECT year(l.apply_date), count(*) FROM loans l {_EAST} AND l.apply_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31' "
                           "GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "Loan applications in 华东, 2025 vs 2024 — did we actually grow? Give me the count for each year.")
    assert [(str(r[0])[:4], r[1]) for r in answer.rows] == [(str(y), n) for y, n in want]


def test_any_platform_counts_is_no_platform_condition(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                            "AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01'")
    assert ask(assistant, "近30天有多少客户登录过(哪个平台都算)?").rows[0][0] == n


def test_which_of_two_branches_disbursed_more_shows_both(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT br.city, sum(l.amount) FROM loans l JOIN customers c USING (customer_id) JOIN branches br USING (branch_id) "
                           "WHERE br.city IN ('杭州', '上海') AND l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' "
                           "GROUP BY 1")
    answer = ask(assistant, "2025年杭州和上海谁放款金额多?两个数都给我。")
    assert {r[0]: r[1] for r in answer.rows} == {b: pytest.approx(float(v)) for b, v in want}


def test_loan_money_disbursed_by_month(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT date_trunc('month', disburse_date)::DATE, sum(amount) FROM loans "
                           "WHERE disburse_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "Month by month, how much loan money did we disburse in the second half of 2025?")
    assert [(str(r[0]), r[1]) for r in answer.rows] == [(str(m), pytest.approx(float(v))) for m, v in want]


def test_loan_money_a_region_disbursed_is_the_disbursed_amount(assistant: Assistant) -> None:
    """("loan" is also an app event's product category: the words of the loans alone — disburse — pick the rows.)"""
    from datetime import date

    from assistant.sessions import Conversation

    u = assistant.parser.understand("Month by month, how much loan money did 华东 disburse in the second half of 2025?", Conversation(), date(2025, 12, 31))
    assert u.status == "query" and u.query.metrics == ("loan_disbursement_amount",)
    assert [(f.field, f.value) for f in u.query.filters] == [("region", ("华东",))]


def test_levels_listed_with_none_beside_them_are_the_groups(assistant: Assistant) -> None:
    answer = ask(assistant, "看下客户活跃度的分布,高、中、低、不活跃各有多少人?")
    assert answer.columns[0] == "activity_level" and len(answer.rows) == 4  # every level, no condition
    assert sum(r[1] for r in answer.rows) == rows(assistant, "SELECT count(*) FROM customers WHERE open_date <= DATE '2025-12-31'")[0][0]
