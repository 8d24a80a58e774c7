"""Rates shown with what they divide, and rows, periods and bases read as asked — each answer on the
small generated mart checked against hand-written SQL: a two-digit year before Q3, loans "放的" (disbursed),
a follow-up to an average, "没登录的按0天算", rows spread over a breakdown or shared within each group,
the channel of the applications or of the customers, the base of those who have a value."""

from __future__ import annotations

import pytest

from assistant.answer import Assistant

LAST_30 = "event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01'"


def rows(assistant: Assistant, sql: str) -> list[tuple]:
    return [tuple(r) for r in assistant.warehouse.runner._execute_unchecked(sql).rows]


def ask(assistant: Assistant, question: str, session: str | None = None):
    answer = assistant.ask(question, session=session or question[:40])
    assert answer.status == "answered", answer.message
    return answer


def column(answer, name: str) -> dict:
    """One column keyed by the row's first cell (or the whole answer's single value under None)."""
    at = answer.columns.index(name)
    return {(r[0] if len(answer.rows) > 1 or answer.column_roles[0] == "dimension" else None): r[at] for r in answer.rows}


def test_a_rate_by_region_shows_its_numerator_and_denominator(assistant: Assistant) -> None:
    answer = ask(assistant, "各区域的逾期率")
    assert answer.columns == ["region", "overdue_rate", "overdue_loans", "outstanding_loans"]
    assert answer.column_roles == ["dimension", "metric", "operand", "operand"]
    expected = {region: (overdue, outstanding) for region, overdue, outstanding in rows(assistant, """
        SELECT b.region, count(*) FILTER (WHERE l.overdue_days > 0), count(*)
        FROM loans l JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
        WHERE l.status = 'disbursed' GROUP BY 1""")}
    assert {r[0]: (r[2], r[3]) for r in answer.rows} == expected
    for _, rate, overdue, outstanding in answer.rows:
        assert rate == pytest.approx(overdue / outstanding)
    assert answer.column_labels[2:] == ["逾期笔数", "在贷笔数"] and answer.chart["y"] == ["overdue_rate"]  # the chart plots the rate


def test_a_conversion_rate_shows_its_base_and_converted_customers(assistant: Assistant) -> None:
    answer = ask(assistant, "上个月的存贷转化率")
    ((base, converted),) = rows(assistant, """
        WITH base AS (SELECT customer_id FROM balances_monthly WHERE month = DATE '2025-10-01' AND deposit_balance > 0 AND loan_balance = 0)
        SELECT count(*), count(*) FILTER (WHERE customer_id IN (SELECT customer_id FROM loans
            WHERE disburse_date >= DATE '2025-11-01' AND disburse_date < DATE '2025-12-01')) FROM base""")
    assert answer.columns[1:] == ["deposit_to_loan_conversion_rate_converted", "deposit_to_loan_conversion_rate_base"]
    assert answer.rows == [[pytest.approx(converted / base), converted, base]]


def test_a_two_digit_year_before_a_quarter_dates_both_quarters(assistant: Assistant) -> None:
    answer = ask(assistant, "25年Q3贷款申请量比Q2多了还是少了，差多少")
    ((q3, q2),) = rows(assistant, """SELECT count(*) FILTER (WHERE apply_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'),
                                            count(*) FILTER (WHERE apply_date BETWEEN DATE '2025-04-01' AND DATE '2025-06-30') FROM loans""")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["loan_applications"], row["loan_applications_previous"], row["loan_applications_change"]) == (q3, q2, q3 - q2)


def test_loans_put_out_in_a_year_are_read_by_their_disbursement_date(assistant: Assistant) -> None:
    answer = ask(assistant, "25年放的消费贷 平均单笔金额多少")
    ((expected,),) = rows(assistant, """SELECT avg(l.amount) FROM loans l JOIN products p USING (product_id)
        WHERE p.product_type = 'consumer_loan' AND l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_a_follow_up_to_an_average_asks_the_same_average_of_another_year(assistant: Assistant) -> None:
    ask(assistant, "25年放的消费贷 平均单笔金额多少", session="average-then-year")
    answer = ask(assistant, "那2024年呢", session="average-then-year")
    ((expected,),) = rows(assistant, """SELECT avg(l.amount) FROM loans l JOIN products p USING (product_id)
        WHERE p.product_type = 'consumer_loan' AND l.disburse_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'""")
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_those_with_no_login_counted_as_zero_days_are_in_the_average(assistant: Assistant) -> None:
    answer = ask(assistant, "近30天平均登录了几天？没登录的按0天算。")
    ((expected,),) = rows(assistant, f"""
        SELECT avg(coalesce(d, 0)) FROM customers c LEFT JOIN (SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) AS d
            FROM app_events WHERE event_type = 'login' AND {LAST_30} GROUP BY 1) USING (customer_id)
        WHERE c.open_date <= DATE '2025-12-31'""")
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_a_share_of_some_rows_by_a_breakdown_spreads_those_rows_over_it(assistant: Assistant) -> None:
    answer = ask(assistant, "% of login events by platform, last 30d")
    expected = {p: (n, share) for p, n, share in rows(assistant, f"""
        SELECT platform, count(*), count(*) / sum(count(*)) OVER () FROM app_events
        WHERE event_type = 'login' AND {LAST_30} GROUP BY 1""")}
    got = {r[0]: (r[answer.columns.index("app_event_count")], r[answer.columns.index("app_event_count_share")]) for r in answer.rows}
    assert got.keys() == expected.keys()
    for p, (n, share) in expected.items():
        assert got[p] == (n, pytest.approx(share))


def test_a_share_of_each_groups_rows_is_taken_within_the_group(assistant: Assistant) -> None:
    answer = ask(assistant, "what % of each platform's events are logins")
    expected = dict(rows(assistant, "SELECT platform, count(*) FILTER (WHERE event_type = 'login') / count(*) FROM app_events GROUP BY 1"))
    share = answer.columns.index("app_event_count_share")
    assert {r[0]: r[share] for r in answer.rows} == {p: pytest.approx(v) for p, v in expected.items()}


def test_the_channel_applications_came_in_through_is_their_own(assistant: Assistant) -> None:
    answer = ask(assistant, "Compare the 2025 loan approval rate for applications that came in through the app versus those that "
                            "came in at the counter.")
    expected = dict(rows(assistant, """SELECT apply_channel, count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled'))
        / count(*) FROM loans WHERE decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AND apply_channel IN ('app', 'counter')
        GROUP BY 1"""))
    assert answer.columns[:2] == ["channel", "loan_approval_rate"]
    assert {r[0]: r[1] for r in answer.rows} == {c: pytest.approx(v) for c, v in expected.items()}


@pytest.mark.parametrize("question", [
    "approval rate in 2025 of customers who came in through the app",
    "approval rate in 2025 of customers whose acquisition channel is app",
    "2025年获客渠道为app的客户的贷款审批通过率",
])
def test_the_channel_customers_came_in_through_is_theirs(assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question)
    ((expected,),) = rows(assistant, """SELECT count(*) FILTER (WHERE l.status IN ('approved', 'disbursed', 'settled')) / count(*)
        FROM loans l JOIN customers c USING (customer_id)
        WHERE l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AND c.acquisition_channel = 'app'""")
    assert answer.rows[0][0] == pytest.approx(float(expected))


@pytest.mark.parametrize("question", [
    "Among customers who actually have a preferred channel, what share prefer WeChat?",
    "有偏好渠道的客户里，偏好微信的占多少",
])
def test_the_base_of_a_share_is_those_who_have_a_value(assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question)
    ((wechat, having),) = rows(assistant, """
        WITH t AS (SELECT customer_id, channel, count(*) AS n FROM transactions
                   WHERE txn_time >= DATE '2025-10-03' AND txn_time < DATE '2026-01-01' GROUP BY 1, 2),
             p AS (SELECT customer_id, channel FROM t QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, channel) = 1)
        SELECT count(*) FILTER (WHERE channel = 'wechat'), count(*) FROM p""")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["customer_count"], row["customer_count_base"]) == (wechat, having)


def test_all_of_a_field_said_aside_is_the_whole_not_a_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "Top 5 customer cities by number of treated touches (treatment + delivered), all campaigns")
    expected = rows(assistant, """SELECT b.city, count(*) FROM campaign_touches t JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE t.group_type = 'treatment' AND t.delivered GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5""")
    assert answer.columns == ["city", "touches"]
    assert [tuple(r) for r in answer.rows] == expected
