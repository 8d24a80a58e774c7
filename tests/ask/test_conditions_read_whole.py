"""Conditions read whole on the small generated mart, each answer checked against hand-written SQL:
both ends of a range, a unit that belongs to the next comparison, a bound said again in brackets,
a number glued to a name, "positive", two negations that cancel, rows denied where they were done,
and a figure's own field phrase running into one of its values."""

from __future__ import annotations

from datetime import date

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401

from assistant.answer import Assistant

AGE = ("(2025 - year(c.birth_date) - CASE WHEN 12 * 100 + 31 < month(c.birth_date) * 100 + day(c.birth_date) "
       "THEN 1 ELSE 0 END)")
DECEMBER = "SELECT customer_id, deposit_balance + wealth_balance AS aum, loan_balance, wealth_balance FROM balances_monthly WHERE month = DATE '2025-12-01'"
CUSTOMERS = "SELECT * FROM customers WHERE open_date <= DATE '2025-12-31'"


def raw(assistant: Assistant, sql: str) -> object:
    return assistant.warehouse.runner._execute_unchecked(sql).rows[0][0]


def answered(assistant: Assistant, question: str) -> object:
    answer = assistant.ask(question, session=question[:40])
    assert answer.status == "answered", answer.message
    assert len(answer.rows) == 1, answer.rows
    return [v for v, role in zip(answer.rows[0], answer.column_roles, strict=True) if role != "operand"][-1]  # not the count beside it


@pytest.mark.parametrize(("question", "where"), [
    # both ends of a range, the second said after 但/but with nothing named between
    ("customers aged over 30 and under 50: how many?", f"{AGE} > 30 AND {AGE} < 50"),
    ("30岁以上但不到50岁的客户有多少", f"{AGE} >= 30 AND {AGE} < 50"),
    # 岁 is the second comparison's unit: the first is about the loan balance, never an age over 100,000
    ("贷款余额大于10万且年龄小于30岁的客户有多少", f"b.loan_balance > 100000 AND {AGE} < 30"),
    # a colon after the number is no time of day
    ("AUM above 100k but below 500k: how many customers", "b.aum > 100000 AND b.aum < 500000"),
    # the bound said again in brackets; a name with the number glued on
    ("申报年收入至少30万元（含30万）的客户有多少人？", "c.annual_income >= 300000"),
    ("AUM50万以上的客户有多少", "b.aum >= 500000"),
    # "positive" is above zero
    ("How many customers hold a positive wealth balance?", "b.wealth_balance > 0"),
])
def test_customer_conditions(assistant: Assistant, question: str, where: str) -> None:
    expected = raw(assistant, f"SELECT count(*) FROM ({CUSTOMERS}) c JOIN ({DECEMBER}) b USING (customer_id) WHERE {where}")
    assert expected > 0
    assert answered(assistant, question) == expected


@pytest.mark.parametrize(("question", "days"), [
    ("how many customers excluding customers with no login in the last 90 days", 90),  # no tag counts 90 days: the events
    ("how many customers excluding those who did not log in during the last 30 days", 30),  # the 30-day tag above zero
    ("去掉近30天没登录的客户，还有多少客户", 30),
])
def test_leaving_out_those_with_none_keeps_those_with_some(assistant: Assistant, question: str, days: int) -> None:
    expected = raw(assistant, f"SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                              f"AND event_time >= DATE '2025-12-31' - INTERVAL {days - 1} DAY AND event_time < DATE '2026-01-01'")
    assert answered(assistant, question) == expected


def test_both_ends_of_a_range_of_days_overdue(assistant: Assistant) -> None:
    expected = raw(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed' AND overdue_days BETWEEN 1 AND 30")
    assert expected > 0
    assert answered(assistant, "逾期天数至少1天但不超过30天的在贷贷款有多少笔？") == expected
    assert answered(assistant, "how many loans overdue at least 1 day but no more than 30 days") == expected


def test_how_many_rows_and_their_total(assistant: Assistant) -> None:
    """"how many … are not overdue (zero days past due), and what is their total amount": both figures, the
    bracket the flag said again by its number."""
    expected = assistant.warehouse.runner._execute_unchecked(
        "SELECT count(*), sum(amount) FROM loans WHERE status = 'disbursed' AND overdue_days = 0").rows[0]
    answer = assistant.ask("As of 31 Dec 2025, how many outstanding loans are not overdue (zero days past due), and what is their "
                           "total amount?", session="count-and-total")
    assert answer.status == "answered", answer.message
    assert answer.rows == [[expected[0], pytest.approx(float(expected[1]))]]


def test_rows_denied_where_they_were_not_done(assistant: Assistant) -> None:
    """"made a transaction … but not a single one at the counter": some rows, none of them there — not the customers
    acquired elsewhere, and no contradiction of "some" and "none"."""
    expected = raw(assistant, "SELECT count(*) FROM (SELECT customer_id FROM transactions WHERE txn_time >= DATE '2025-01-01' "
                              "AND txn_time < DATE '2026-01-01' GROUP BY customer_id HAVING count(*) FILTER (WHERE channel = 'counter') = 0)")
    assert expected > 0
    question = "How many customers made at least one transaction in 2025 but not a single transaction through the counter channel in 2025?"
    assert answered(assistant, question) == expected
    nowhere = raw(assistant, f"SELECT count(*) FROM ({CUSTOMERS}) c WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE "
                             "t.customer_id = c.customer_id AND t.channel = 'counter' AND t.txn_time >= DATE '2025-01-01' AND t.txn_time < DATE '2026-01-01')")
    assert answered(assistant, "how many customers had no transaction through the counter in 2025") == nowhere


def test_customers_acquired_via_a_channel_are_not_new_customers(assistant: Assistant) -> None:
    """"customers acquired via wechat": the acquisition channel, said of its value — every such customer,
    not those who became customers in the last 90 days."""
    expected = raw(assistant, f"SELECT avg(b.aum) FROM ({CUSTOMERS}) c JOIN ({DECEMBER}) b USING (customer_id) WHERE c.acquisition_channel = 'wechat'")
    assert answered(assistant, "average AUM for customers acquired via wechat") == pytest.approx(float(expected))
    count = raw(assistant, f"SELECT count(*) FROM ({CUSTOMERS}) c WHERE acquisition_channel = 'app' AND NOT EXISTS (SELECT 1 FROM transactions t "
                           "WHERE t.customer_id = c.customer_id AND t.txn_time >= DATE '2025-10-03' AND t.txn_time < DATE '2026-01-01')")
    assert answered(assistant, "Among customers acquired through the app, how many have no transactions at all in the last 90 days?") == count


def test_the_rate_of_its_own_rows_split_by_what_they_are(assistant: Assistant) -> None:
    """"the overdue rate of outstanding mortgage loans with that of outstanding consumer loans": one rate, two groups."""
    answer = assistant.ask("compare the overdue rate of outstanding mortgage loans with that of outstanding consumer loans; "
                           "return the two rates side by side", session="rates-side-by-side")
    assert answer.status == "answered", answer.message
    sql = ("SELECT count(*) FILTER (WHERE l.overdue_days > 0) * 1.0 / count(*) FROM loans l JOIN products p USING (product_id) "
           "WHERE l.status = 'disbursed' AND p.product_type = '{}'")
    rate = answer.columns.index("overdue_rate")
    got = {row[0]: row[rate] for row in answer.rows}
    assert len(got) == 2
    for code in ("mortgage", "consumer_loan"):
        expected = float(raw(assistant, sql.format(code)))
        assert any(value == pytest.approx(expected) for value in got.values()), (code, got)


@pytest.mark.parametrize("question", ["2025年第三季度每个月有多少个不同的客户登录过？按月列出。", "how many customers logged in each month of 2025 Q3"])
def test_customers_of_the_events_of_each_month(assistant: Assistant, question: str) -> None:
    """Each month's distinct customers with a login — not the logins, nor the 30-day login tag (which has no months)."""
    expected = assistant.warehouse.runner._execute_unchecked(
        "SELECT CAST(date_trunc('month', event_time) AS DATE)::VARCHAR, count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
        "AND event_time >= TIMESTAMP '2025-07-01' AND event_time < TIMESTAMP '2025-10-01' GROUP BY 1 ORDER BY 1").rows
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "answered", answer.message
    assert [[str(m)[:10], n] for m, n in answer.rows] == [list(r) for r in expected]


@pytest.mark.parametrize("question", ["近30天有登录的客户和近30天没登录的客户，最新月末的存款时点余额平均每人分别是多少？",
                                      "customers who logged in vs customers who did not log in: average deposit balance"])
def test_a_group_and_its_opposite_listed_side_by_side_is_asked_about(assistant: Assistant, question: str) -> None:
    """Two groups to compare that the query cannot split into: never one of them answered alone."""
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "clarify", answer.rows
    assert "登录" in answer.message or "log in" in answer.message


HOLDING_A_MORTGAGE = ("SELECT {} FROM balances_monthly b WHERE b.month = DATE '2025-12-01' AND b.customer_id IN (SELECT l.customer_id "
                      "FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'mortgage' AND l.status = 'disbursed')")


@pytest.mark.parametrize(("question", "figure"), [
    ("有房贷的客户平均AUM", "avg(b.deposit_balance + b.wealth_balance)"),
    ("average AUM of customers with a mortgage", "avg(b.deposit_balance + b.wealth_balance)"),
    ("有房贷的客户AUM合计", "sum(b.deposit_balance + b.wealth_balance)"),
])
def test_a_figure_of_the_customers_holding_a_product(assistant: Assistant, question: str, figure: str) -> None:
    """The customers with one or more outstanding mortgages, then their figure — not the mortgages' own rows."""
    expected = float(raw(assistant, HOLDING_A_MORTGAGE.format(figure)))
    assert answered(assistant, question) == pytest.approx(expected)


@pytest.mark.parametrize("question", ["How many East China customers are NOT in the active lifecycle stage?",
                                      "how many customers in East China are not in the active lifecycle stage"])
def test_an_everyday_code_before_its_field_is_that_fields_value(assistant: Assistant, question: str, ref_con) -> None:  # noqa: F811
    """"NOT in the active lifecycle stage": the lifecycle stage, not the activity level "not active" stretched over it."""
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    ((expected,),) = ref_con.execute(f"""SELECT count(*) FROM {tags} t JOIN customers c USING (customer_id)
        JOIN branches b ON b.branch_id = c.branch_id WHERE b.region = '华东' AND t.lifecycle_stage <> 'active'""").fetchall()
    assert answered(assistant, question) == expected
