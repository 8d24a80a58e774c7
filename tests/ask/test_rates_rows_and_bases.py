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


def test_whose_branch_a_breakdown_reads_is_no_condition_and_return_is_only_how_to_show_it(assistant: Assistant) -> None:
    """"按借款客户的归属网点": the borrowers of the loans counted, not customers who have a loan today."""
    answer = ask(assistant, "请列出2025年放款金额（按放款日期、按借款客户的归属网点）最高的前5家网点，返回网点名称和放款金额。")
    expected = rows(assistant, """SELECT b.branch_name, sum(l.amount) FROM loans l JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5""")
    assert [(r[0], pytest.approx(float(r[1]))) for r in answer.rows] == [(b, float(v)) for b, v in expected]


def test_each_of_two_years_said_before_them(assistant: Assistant) -> None:
    answer = ask(assistant, "请分别统计2024年和2025年的放款笔数（按放款日期），以两列返回。")
    ((y2024, y2025),) = rows(assistant, """SELECT count(*) FILTER (WHERE year(disburse_date) = 2024), count(*) FILTER (WHERE year(disburse_date) = 2025)
        FROM loans""")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["loan_disbursements"], row["loan_disbursements_previous"]) == (y2025, y2024)


def test_customers_who_had_a_login(assistant: Assistant) -> None:
    answer = ask(assistant, "近30天（2025-12-02至2025-12-31）有过登录的客户数是多少？")
    ((expected,),) = rows(assistant, f"SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' AND {LAST_30}")
    assert answer.rows == [[expected]]


def test_a_bands_own_ends_said_in_brackets(assistant: Assistant) -> None:
    answer = ask(assistant, "年龄在35-44岁且收入段为10万-30万元（含10万、不含30万）的客户有多少")
    ((expected,),) = rows(assistant, """SELECT count(*) FROM customers c WHERE c.annual_income >= 100000 AND c.annual_income < 300000
        AND date_diff('year', c.birth_date, DATE '2025-12-31') - CASE WHEN strftime(DATE '2025-12-31', '%m%d') < strftime(c.birth_date, '%m%d')
        THEN 1 ELSE 0 END BETWEEN 35 AND 44 AND c.open_date <= DATE '2025-12-31'""")
    assert answer.rows == [[expected]]


def test_done_and_one_row_are_how_it_is_said_not_what_is_asked(assistant: Assistant) -> None:
    answer = ask(assistant, "所有营销活动合计的营销转化率是多少？就是实验组里已送达的触达中有转化的占比，全部活动、全部时间。")
    ((expected,),) = rows(assistant, """SELECT count(converted_at) / count(*) FROM campaign_touches WHERE group_type = 'treatment' AND delivered""")
    assert answer.rows[0][0] == pytest.approx(float(expected))
    both = ask(assistant, "男客户和女客户的打开率 open rate 对比一下，全部活动，两个数放一行。")
    by_gender = dict(rows(assistant, """SELECT c.gender, count(t.opened_at) / count(*) FROM campaign_touches t JOIN customers c USING (customer_id)
        WHERE t.group_type = 'treatment' AND t.delivered GROUP BY 1"""))
    assert {r[0]: r[1] for r in both.rows} == {g: pytest.approx(v) for g, v in by_gender.items()}


@pytest.mark.parametrize(("question", "words"), [
    ("近90天人均交易笔数（没交易的按0算）", "没交易的按0算"),
    ("avg # of txns in last 90d per cust (cust w/o txns count as 0)", "count as 0"),
])
def test_an_average_per_customer_of_rows_asks_when_those_with_none_count_as_zero(assistant: Assistant, question: str, words: str) -> None:
    """Such an average is over the customers who have rows: one that must count the others as 0 is asked about, never
    answered without them."""
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "clarify" and words in answer.message


def test_a_tags_average_counts_those_with_none_as_zero_already(assistant: Assistant) -> None:
    answer = ask(assistant, "rank regions by avg login days in last 30d, lowest first (cust w/o logins count as 0)")
    expected = rows(assistant, f"""
        SELECT b.region, avg(coalesce(d, 0)) FROM customers c JOIN branches b USING (branch_id)
        LEFT JOIN (SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) AS d FROM app_events
                   WHERE event_type = 'login' AND {LAST_30} GROUP BY 1) USING (customer_id)
        WHERE c.open_date <= DATE '2025-12-31' GROUP BY 1 ORDER BY 2, 1""")
    assert [r[0] for r in answer.rows] == [r[0] for r in expected]
    assert [r[1] for r in answer.rows] == [pytest.approx(float(r[1])) for r in expected]


def test_the_average_days_of_those_who_logged_in(assistant: Assistant) -> None:
    answer = ask(assistant, "近30天登录过的客户平均登录了几天")
    ((expected,),) = rows(assistant, f"""SELECT avg(d) FROM (SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) AS d
        FROM app_events WHERE event_type = 'login' AND {LAST_30} GROUP BY 1)""")
    assert answer.columns[0] == "avg_login_days_30d" and answer.rows[0][0] == pytest.approx(float(expected))


def test_a_bands_groups_listed_after_its_name_are_the_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "请按收入段（年收入<5万、5万-10万、10万-30万、30万以上）统计2025年12月末的户均AUM（存款时点余额+理财余额）。")
    expected = dict(rows(assistant, """SELECT CASE WHEN c.annual_income < 50000 THEN '<50k' WHEN c.annual_income < 100000 THEN '50k-100k'
        WHEN c.annual_income < 300000 THEN '100k-300k' ELSE '300k+' END, avg(m.deposit_balance + m.wealth_balance)
        FROM balances_monthly m JOIN customers c USING (customer_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1"""))
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(float(v)) for k, v in expected.items()}


DEC_AUM = "SELECT customer_id, deposit_balance + wealth_balance AS aum FROM balances_monthly WHERE month = DATE '2025-12-01'"


def test_a_value_with_another_line_in_brackets_is_read_with_that_line(assistant: Assistant) -> None:
    """"高价值客户（AUM 100万以上）" moves the line: never the 50万 definition answered instead."""
    answer = ask(assistant, "高价值客户（AUM 100万以上）有多少")
    ((expected,),) = rows(assistant, f"SELECT count(*) FROM ({DEC_AUM}) WHERE aum >= 1000000")
    assert answer.rows == [[expected]]


def test_a_values_definition_told_in_brackets_after_the_figure(assistant: Assistant) -> None:
    answer = ask(assistant, "请统计截至数据截止日（最新月末）全行高价值客户的客户数（价值等级口径：AUM，即存款时点余额+理财余额，不低于50万元）。")
    ((expected,),) = rows(assistant, f"SELECT count(*) FROM ({DEC_AUM}) WHERE aum >= 500000")
    assert answer.rows == [[expected]]


def test_the_city_a_branch_is_in_is_one_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "请按客户归属网点所在城市统计2025年新开存款账户数，列示新开户数最多的前3个城市。")
    expected = rows(assistant, """SELECT b.city, count(*) FROM deposit_accounts d JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
        WHERE d.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3""")
    assert answer.columns == ["city", "new_deposit_accounts"] and [tuple(r) for r in answer.rows] == expected


def test_compare_said_before_two_months_keeps_the_later_as_the_current(assistant: Assistant) -> None:
    answer = ask(assistant, "请对比2025年12月与11月的新开存款账户数，并计算环比增长率。")
    ((dec, nov),) = rows(assistant, """SELECT count(*) FILTER (WHERE open_date >= DATE '2025-12-01'),
        count(*) FILTER (WHERE open_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30') FROM deposit_accounts""")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["new_deposit_accounts"], row["new_deposit_accounts_previous"]) == (dec, nov)


def test_an_amount_in_cny(assistant: Assistant) -> None:
    answer = ask(assistant, "# of ATM cash withdrawals above 2,000 CNY last month?")
    ((expected,),) = rows(assistant, """SELECT count(*) FROM transactions WHERE channel = 'atm' AND txn_type = 'cash_withdrawal'
        AND amount > 2000 AND txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01'""")
    assert answer.rows == [[expected]]


@pytest.mark.parametrize("question", [
    "What did the 2025 wealth purchase amount look like by transaction channel — each channel's share of the total purchase amount?",
    "each channel's share of the 2025 wealth purchase amount",
])
def test_each_groups_share_of_one_whole(assistant: Assistant, question: str) -> None:
    """Each channel's share of the wealth purchases: those rows spread over the channels ("purchase" said again is
    the wealth purchase, not consumption)."""
    answer = ask(assistant, question)
    expected = {c: (float(a), share) for c, a, share in rows(assistant, """SELECT channel, sum(amount), sum(amount) / sum(sum(amount)) OVER ()
        FROM transactions WHERE txn_type = 'wealth_purchase' AND txn_time >= DATE '2025-01-01' AND txn_time < DATE '2026-01-01' GROUP BY 1""")}
    at, share = answer.columns.index("txn_amount"), answer.columns.index("txn_amount_share")
    assert {r[0]: (r[at], r[share]) for r in answer.rows} == {c: (pytest.approx(a), pytest.approx(s)) for c, (a, s) in expected.items()}


def test_for_each_branch_of_a_city_is_one_row_per_branch(assistant: Assistant) -> None:
    answer = ask(assistant, "For each Hangzhou branch: share of customers flagged high deposit volatility, counting only customers that "
                            "actually have a volatility value")
    expected = {b: (high, n) for b, high, n in rows(assistant, """
        WITH s AS (SELECT customer_id, count(*) AS n, avg(deposit_balance) AS av, stddev_samp(deposit_balance) AS sd FROM balances_monthly
                   WHERE month BETWEEN DATE '2025-07-01' AND DATE '2025-12-01' GROUP BY 1),
             v AS (SELECT customer_id, sd / av AS cv FROM s WHERE n >= 3 AND av <> 0)
        SELECT br.branch_name, count(*) FILTER (WHERE v.cv >= 0.30), count(*) FROM v JOIN customers c USING (customer_id)
        JOIN branches br USING (branch_id) WHERE br.city = '杭州' AND c.open_date <= DATE '2025-12-31' GROUP BY 1""")}
    got = {r[0]: (r[answer.columns.index("customer_count")], r[answer.columns.index("customer_count_base")]) for r in answer.rows}
    assert got == expected


def test_a_branch_named_without_its_city(assistant: Assistant) -> None:
    """"西湖支行" is 杭州西湖支行: the name read from the data, said without the city it begins with."""
    answer = ask(assistant, "西湖支行不是代发的客户有多少")
    ((expected,),) = rows(assistant, """SELECT count(*) FROM customers c JOIN branches b USING (branch_id)
        WHERE b.branch_name = '杭州西湖支行' AND NOT c.is_payroll AND c.open_date <= DATE '2025-12-31'""")
    assert answer.rows == [[expected]]


def test_stages_listed_with_spaces_are_each_a_group(assistant: Assistant) -> None:
    """"新客 活跃 沉睡 流失各占多少比例": 活跃 listed beside the other stages is the active stage."""
    answer = ask(assistant, "杭州客户里 新客 活跃 沉睡 流失各占多少比例")
    assert answer.columns[0] == "lifecycle_stage" and {r[0] for r in answer.rows} == {"new", "active", "dormant", "churned"}
    share = answer.columns.index("customer_count_share")
    assert sum(r[share] for r in answer.rows) == pytest.approx(1.0)


def test_two_cities_compared_and_the_banks_total(assistant: Assistant) -> None:
    both = ask(assistant, "杭州跟南京比比 现在的存款时点余额")
    expected = dict(rows(assistant, """SELECT b.city, sum(m.deposit_balance) FROM balances_monthly m JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city IN ('杭州', '南京') GROUP BY 1"""))
    assert {r[0]: r[1] for r in both.rows} == {c: pytest.approx(float(v)) for c, v in expected.items()}
    share = ask(assistant, "What share of the bank's total AUM sits with Hangzhou customers?")
    ((part, whole),) = rows(assistant, f"""SELECT sum(aum) FILTER (WHERE b.city = '杭州'), sum(aum) FROM ({DEC_AUM}) a
        JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)""")
    assert share.rows[0][share.columns.index("aum_share")] == pytest.approx(float(part) / float(whole))


def test_a_space_between_chinese_clauses_is_a_comma(assistant: Assistant) -> None:
    answer = ask(assistant, "今年杭州客户的消费类交易 平均一笔多少钱 最大的一笔多少")
    ((avg, top, n),) = rows(assistant, """SELECT avg(t.amount), max(t.amount), count(*) FROM transactions t JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE b.city = '杭州' AND t.txn_type = 'consumption'
        AND t.txn_time >= DATE '2025-01-01' AND t.txn_time < DATE '2026-01-01'""")
    assert answer.rows[0] == [pytest.approx(float(avg)), pytest.approx(float(top)), n]  # and how many transactions


def test_a_sum_of_rows_shows_how_many_rows(assistant: Assistant) -> None:
    answer = ask(assistant, "What was the total amount of wealth redemptions over the last 90 days?")
    ((total, n),) = rows(assistant, """SELECT sum(amount), count(*) FROM transactions WHERE txn_type = 'wealth_redemption'
        AND txn_time >= DATE '2025-10-03' AND txn_time < DATE '2026-01-01'""")
    assert answer.columns == ["txn_amount", "txn_amount_n"] and answer.column_roles == ["metric", "operand"]
    assert answer.column_labels[1] == "rows" and answer.rows == [[pytest.approx(float(total)), n]]


def test_averages_over_customers_show_how_many_customers_once(assistant: Assistant) -> None:
    answer = ask(assistant, "截至最新月末，持有理财（理财余额大于0）的客户，其平均理财余额和最高理财余额分别是多少？")
    ((avg, top, n, total),) = rows(assistant, """SELECT avg(wealth_balance), max(wealth_balance), count(*), sum(wealth_balance)
        FROM balances_monthly m JOIN customers c USING (customer_id)
        WHERE m.month = DATE '2025-12-01' AND m.wealth_balance > 0 AND c.open_date <= DATE '2025-12-31'""")
    assert answer.column_labels[2] == "客户数"
    assert answer.rows == [[pytest.approx(float(avg)), pytest.approx(float(top)), n, pytest.approx(float(total))]]


def test_a_rates_own_numerator_said_is_no_condition_and_single_is_no_marital_status(assistant: Assistant) -> None:
    answer = ask(assistant, "Over the entire data history, what fraction of loan decisions ended up approved? "
                            "Just the single all-time loan approval rate.")
    ((approved, decided),) = rows(assistant, """SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')), count(*)
        FROM loans WHERE decision_date IS NOT NULL""")
    assert answer.rows == [[pytest.approx(approved / decided), approved, decided]]


def test_campaigns_of_one_objective_pooled_together(assistant: Assistant) -> None:
    answer = ask(assistant, "Across all dormant-wakeup campaigns pooled together, compare the treated group's conversion rate against "
                            "the hold-out control group's, and give me the uplift.")
    ((treated, control),) = rows(assistant, """SELECT
        count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL)
            / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered),
        count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL) / count(*) FILTER (WHERE t.group_type = 'control')
        FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.objective = 'dormant_wakeup'""")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert len(answer.rows) == 1 and row["campaign_conversion_rate"] == pytest.approx(treated)
    assert row["control_conversion_rate"] == pytest.approx(control) and row["uplift"] == pytest.approx(treated - control)


def test_the_median_and_the_mean_of_one_field(assistant: Assistant) -> None:
    answer = ask(assistant, "Within the high-value tier as of today, what are the median and the mean AUM per customer?")
    ((median, mean),) = rows(assistant, f"SELECT median(aum), avg(aum) FROM ({DEC_AUM}) WHERE aum >= 500000")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert row["median_aum"] == pytest.approx(float(median)) and row["avg_aum_per_customer"] == pytest.approx(float(mean))


LAST_MONTH_TXN = "txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01'"


@pytest.mark.parametrize("question", ["上个月有交易的客户数", "上个月交易过的客户数", "上个月有交易的去重客户数"])
def test_customers_named_after_their_rows_are_those_rows_customers(assistant: Assistant, question: str) -> None:
    """"有交易的客户数": the customers who had transactions — not every customer beside a count of transactions."""
    ((customers,),) = rows(assistant, f"SELECT count(DISTINCT customer_id) FROM transactions WHERE {LAST_MONTH_TXN}")
    answer = ask(assistant, question)
    assert [answer.rows[0][i] for i, role in enumerate(answer.column_roles) if role == "metric"] == [customers]


@pytest.mark.parametrize("question", ["上个月的交易笔数和去重客户数", "上个月交易笔数和不重复的客户数"])
def test_rows_and_their_distinct_customers_listed(assistant: Assistant, question: str) -> None:
    ((count, customers),) = rows(assistant, f"SELECT count(*), count(DISTINCT customer_id) FROM transactions WHERE {LAST_MONTH_TXN}")
    answer = ask(assistant, question)
    assert [answer.rows[0][i] for i, role in enumerate(answer.column_roles) if role == "metric"] == [count, customers]


@pytest.mark.parametrize("question", ["上个月登录次数和不重复用户数", "number of logins last month and the number of distinct customers"])
def test_a_values_rows_and_their_distinct_customers(assistant: Assistant, question: str) -> None:
    ((count, customers),) = rows(assistant, """SELECT count(*), count(DISTINCT customer_id) FROM app_events
        WHERE event_type = 'login' AND event_time >= DATE '2025-11-01' AND event_time < DATE '2025-12-01'""")
    answer = ask(assistant, question)
    assert [answer.rows[0][i] for i, role in enumerate(answer.column_roles) if role == "metric"] == [count, customers]


def test_events_of_one_click_type_and_their_distinct_users(assistant: Assistant) -> None:
    """"点击理财类产品的事件数和 distinct 用户数": clicks (an event type) on wealth products, counted both ways."""
    ((count, customers),) = rows(assistant, f"""SELECT count(*), count(DISTINCT e.customer_id) FROM app_events e
        JOIN products p USING (product_id)
        WHERE e.platform = 'wechat_mini' AND e.event_type = 'product_click' AND p.category = 'wealth' AND {LAST_30}""")
    answer = ask(assistant, "近30天在 wechat_mini 上点击理财类产品的事件数和 distinct 用户数各是多少")
    assert [answer.rows[0][i] for i, role in enumerate(answer.column_roles) if role == "metric"] == [count, customers]


@pytest.mark.parametrize("question", ["Among customers who currently have an outstanding loan, what share are payroll customers?",
                                      "有在贷贷款的客户中代发工资客户占比"])
def test_a_share_among_the_holders_of_rows_is_of_customers(assistant: Assistant, question: str) -> None:
    """The base is the customers holding an outstanding loan — not the loans ("currently" said between)."""
    ((part, base),) = rows(assistant, """SELECT count(*) FILTER (WHERE c.is_payroll), count(*) FROM customers c
        WHERE c.customer_id IN (SELECT customer_id FROM loans WHERE status = 'disbursed')""")
    answer = ask(assistant, question)
    values = [answer.rows[0][answer.column_roles.index(role)] for role in ("share", "metric", "base")]
    assert values == [pytest.approx(part / base), part, base]
