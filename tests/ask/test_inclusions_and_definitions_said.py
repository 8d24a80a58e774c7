"""Words that sets db (an internal-control reviewer saying what is in and out) and dc (a marketing-operations
specialist in team chat) answered another question with: "Count the ones settled since then too" kept only the
settled loans, "开了之后又销户的也算上" left the closed accounts out (也算上 read as a denial), "微信、网银这些都不算App"
and "已到期(matured)的不算销户" read as conditions where they say what a value means, "Include every status" broke
the answer down by status, "so what's the uplift there?" forgot the campaign, and "across campaigns that kicked off
in Q4" broke down by campaign. Each answer on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_Q2 = "disburse_date BETWEEN DATE '2025-04-01' AND DATE '2025-06-30'"


@pytest.mark.parametrize("question", [
    "How many loans were disbursed from 2025-04-01 through 2025-06-30, both dates included? Count the ones settled since then too.",
    "How many loans were disbursed from 2025-04-01 through 2025-06-30? Count loans already settled as well as those still outstanding.",
    "2025年4月1日到6月30日放款了多少笔贷款?已经结清的也算进去。"])
def test_rows_said_to_count_too_are_no_condition(assistant: Assistant, question: str) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM loans WHERE {_Q2}")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == n and "status" not in answer.sql


def test_a_clause_counting_closed_accounts_in_is_no_denial(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM deposit_accounts WHERE open_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'")
    assert ask(assistant, "上个季度一共新开了多少个存款账户?按开户日期算,开了之后又销户的也算上。").rows[0][0] == n


def test_every_value_included_is_no_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "Break down the loan applications received in 2025 (by application date) by application channel. "
                            "Include every status — pending and rejected ones too.")
    want = dict(rows(assistant, "SELECT apply_channel, count(*) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1"))
    assert answer.columns == ["channel", "loan_applications"] and dict(map(tuple, answer.rows)) == want


def test_values_said_not_to_be_another_explain_it(assistant: Assistant) -> None:
    """"微信、网银这些都不算App", "已到期(matured)的不算销户": what the value means — no condition."""
    (share,), = rows(assistant, "SELECT avg(CASE WHEN channel = 'app' THEN 1.0 ELSE 0 END) FROM transactions "
                                "WHERE txn_time >= TIMESTAMP '2025-01-01' AND txn_time < TIMESTAMP '2026-01-01'")
    answer = ask(assistant, "2025年全年的交易笔数里,手机App渠道的占比是多少?微信、网银这些都不算App。")
    assert answer.rows[0][1] == pytest.approx(share)
    (closed,), = rows(assistant, "SELECT avg(CASE WHEN status = 'closed' THEN 1.0 ELSE 0 END) FROM deposit_accounts")
    answer = ask(assistant, "所有存款账户里,状态是已销户(closed)的占比多少?已到期(matured)的不算销户,分母是全部账户。")
    assert answer.rows[0][1] == pytest.approx(closed)


def test_a_figure_denied_is_never_the_figure_asked(assistant: Assistant) -> None:
    """"还没放款的贷款有多少笔" is no count of disbursements (that would be 0 whatever the data): asked about."""
    assert assistant.ask("还没放款的贷款有多少笔").status == "clarify"


def test_there_points_back_at_the_campaign_asked_about(assistant: Assistant) -> None:
    name, = next(iter(rows(assistant, "SELECT campaign_name FROM campaigns ORDER BY campaign_id LIMIT 1")))
    ask(assistant, f"{name} 实验组vs对照组的转化率，对比一下！", session="there")
    answer = ask(assistant, "so what's the uplift there?", session="there")
    assert name in answer.sql


def test_rows_picked_out_after_across_are_no_breakdown(assistant: Assistant) -> None:
    (rate,), = rows(assistant, "SELECT count(*) FILTER (WHERE t.delivered) * 1.0 / count(*) FROM campaign_touches t JOIN campaigns c "
                               "USING (campaign_id) WHERE t.group_type = 'treatment' AND c.start_date BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'")
    answer = ask(assistant, "delivery rate across campaigns that kicked off in Q4 2025?")
    assert "campaign" not in answer.columns and answer.rows[0][0] == pytest.approx(rate)


def test_the_data_date_said_in_chinese_is_the_as_of_day(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM deposit_accounts WHERE status = 'active'")
    assert ask(assistant, "截至数据日,状态还是active的存款账户一共有多少个?已到期(matured)和已销户(closed)的都不要算。").rows[0][0] == n


def test_each_end_of_a_range_says_whether_it_is_in(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM customers WHERE annual_income >= 100000 AND annual_income < 300000 AND risk_level <> 'R1'")
    assert ask(assistant, "年收入在10万元(含)到30万元(不含)之间,并且风险等级不是R1的客户有多少个?").rows[0][0] == n
    (n,), = rows(assistant, "SELECT count(*) FROM customers WHERE annual_income > 100000 AND annual_income <= 300000")
    assert ask(assistant, "年收入在10万(不含)到30万(含)之间的客户有多少个?").rows[0][0] == n


def test_rows_named_with_their_noun_then_excluded(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed' AND overdue_days BETWEEN 1 AND 30")
    answer = ask(assistant, "How many outstanding loans (status disbursed only; settled loans excluded) are between 1 and 30 days "
                            "past due, both ends inclusive?")
    assert answer.rows[0][0] == n


def test_states_counted_in_after_they_came_later(assistant: Assistant) -> None:
    want = dict(rows(assistant, "SELECT p.product_type, count(*) FROM deposit_accounts d JOIN products p USING (product_id) WHERE d.open_date BETWEEN DATE '2025-01-01' "
                                "AND DATE '2025-12-31' GROUP BY 1"))
    answer = ask(assistant, "2025年新开的存款账户,按产品类型(活期、定期、大额存单)分别是多少个?含后来已销户的。")
    assert dict(map(tuple, answer.rows)) == want


def test_every_month_of_a_year_is_a_month_by_month_answer(assistant: Assistant) -> None:
    answer = ask(assistant, "Show East China's month-end point-in-time deposit balance for every month of 2025.")
    assert answer.columns[0] == "month" and len(answer.rows) == 12


def test_a_names_digits_are_no_count_of_the_ranking(assistant: Assistant) -> None:
    """"lowest average login_days_30d": 30 is part of the name, one age band is asked."""
    assert len(ask(assistant, "Which age_band has the lowest average login_days_30d?").rows) == 1


def test_those_who_never_did_counted_as_zero_is_no_condition(assistant: Assistant) -> None:
    (avg,), = rows(assistant, "SELECT avg(coalesce(d, 0)) FROM customers LEFT JOIN (SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) d "
                              "FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-12-02' GROUP BY 1) USING (customer_id) "
                              "WHERE gender = 'female'")
    answer = ask(assistant, "Across all female customers, what's the average login_days_30d? count the ones who never logged in as zero.")
    assert answer.rows[0][0] == pytest.approx(avg)
