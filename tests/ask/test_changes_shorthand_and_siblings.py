"""Words the sets ei (a finance analyst's slide shorthand) and ej (an intern mixing Chinese and English) left
wrong or asked back: short years ("Q3'25", "Dec-25"), QoQ without a period, a follow-up naming a sibling figure by
one word ("那贷款呢"), "instead of", "same thing but", "and by X?", a product said not held with its status before
it ("没有任何存续定期"), the amount of counted rows, a paraphrase at the end, one value said in both languages.
Each number on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_changes_ranked_and_ends_said import _LIFECYCLE
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_CUSTOMERS = "SELECT count(*) FROM customers x WHERE x.open_date <= DATE '2025-12-31'"
_HIGH = ("x.customer_id IN (SELECT customer_id FROM balances_monthly WHERE month = DATE '2025-12-01' "
         "AND deposit_balance + wealth_balance >= 500000)")
_HOLDS = ("EXISTS (SELECT 1 FROM deposit_accounts a JOIN products p USING (product_id) WHERE a.customer_id = x.customer_id "
          "AND a.status = 'active' AND p.product_type IN ({types}))")
_OVERDUE_BY_CITY = ("SELECT b.city, {figure} AS v FROM loans l JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                    "WHERE l.status = 'disbursed' AND l.overdue_days > 0 GROUP BY 1 ORDER BY v DESC, 1 LIMIT 5")
_AUM_TOP_5 = ("SELECT {group}, {agg}(m.deposit_balance + m.wealth_balance) AS v FROM balances_monthly m JOIN customers c USING (customer_id) "
              "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1 ORDER BY v DESC LIMIT 5")


@pytest.mark.parametrize(("question", "types", "high"), [
    ("想推大额存单：高价值客户里目前手上没有任何存续定期或大额存单的有多少人？", "'time_deposit', 'large_cd'", True),
    ("高价值客户里没有存续的定期存款的有多少人", "'time_deposit'", True),
    ("how many customers have no time deposit", "'time_deposit'", False),
    ("number of high value customers with no time deposit", "'time_deposit'", True),
])
def test_a_product_not_held(assistant: Assistant, question: str, types: str, high: bool) -> None:
    (expected,), = rows(assistant, f"{_CUSTOMERS} AND NOT {_HOLDS.format(types=types)}" + (f" AND {_HIGH}" if high else ""))
    answer = ask(assistant, question)
    assert answer.rows[0][0] == expected


def test_the_amount_of_the_rows_counted(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(amount) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    assert ask(assistant, "逾期贷款的金额是多少").rows[0][0] == pytest.approx(expected)


@pytest.mark.parametrize("followup", ["那按逾期金额排呢?", "那按金额排呢"])
def test_a_ranking_by_the_amount_of_its_rows(assistant: Assistant, followup: str) -> None:
    top = rows(assistant, _OVERDUE_BY_CITY.format(figure="count(*)"))
    expected = rows(assistant, _OVERDUE_BY_CITY.format(figure="sum(l.amount)"))
    session = "overdue-" + followup
    first = ask(assistant, "逾期笔数最多的5个城市", session)
    assert sorted(r[1] for r in first.rows) == sorted(n for _, n in top)
    answer = ask(assistant, followup, session)
    assert sorted(r[1] for r in answer.rows) == pytest.approx(sorted(v for _, v in expected))


def test_a_figure_instead_of_another(assistant: Assistant) -> None:
    expected = rows(assistant, _AUM_TOP_5.format(group="b.city", agg="sum"))
    ask(assistant, "客户数最多的前5个城市是哪几个", "instead")
    answer = ask(assistant, "what about by AUM instead of headcount?", "instead")
    assert answer.columns[1:] == ["aum"]
    assert [(r[0], r[1]) for r in answer.rows] == [(c, pytest.approx(v)) for c, v in expected]


def test_the_same_thing_but_another_figure(assistant: Assistant) -> None:
    expected = rows(assistant, _AUM_TOP_5.format(group="b.branch_name", agg="avg"))
    ask(assistant, "top 5 branches by AUM at Dec month-end", "same-but")
    answer = ask(assistant, "same thing but per-customer AUM", "same-but")
    assert [(r[0], r[1]) for r in answer.rows] == [(b, pytest.approx(v)) for b, v in expected]


def test_and_by_another_group_shows_that_group(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT apply_channel, sum(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' "
                                    "AND DATE '2025-12-31' GROUP BY 1"))
    ask(assistant, "2025 disbursement amt by loan product type", "and-by")
    answer = ask(assistant, "and by apply channel?", "and-by")
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)


def test_two_figures_set_against_each_other_are_no_breakdown(assistant: Assistant) -> None:
    (treated, control), = rows(assistant, "SELECT count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL)"
                                          " / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered), "
                                          "count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL) "
                                          "/ count(*) FILTER (WHERE t.group_type = 'control') FROM campaign_touches t JOIN campaigns c "
                                          "USING (campaign_id) WHERE c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    answer = ask(assistant, "25年的营销活动,实验组转化率 vs 对照组转化率")
    (row,) = answer.rows
    assert row[:2] == (pytest.approx(treated), pytest.approx(control)) or list(row[:2]) == [pytest.approx(treated), pytest.approx(control)]


def test_whom_a_campaign_is_for_said_first(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT b.region, count(*), sum(m.loan_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                               "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND m.loan_balance > 0 "
                               "AND m.deposit_balance = 0 GROUP BY 1")
    answer = ask(assistant, "贷转存目标客群:只贷不存的客户,按大区看户数和贷款余额")
    shown = {r[0]: (r[1], r[2]) for r in answer.rows if r[1] is not None}  # (groups too small to show are hidden)
    assert len(shown) > 3 and shown == {r: (n, pytest.approx(s)) for r, n, s in expected if r in shown}
    assert {r[0] for r in answer.rows} == {r for r, _, _ in expected}


@pytest.mark.parametrize(("question", "sql"), [
    ("# of new deposit accts opened in Q3'25",
     "SELECT count(*) FROM deposit_accounts WHERE open_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'"),
    ("new deposit accounts in Apr-25", "SELECT count(*) FROM deposit_accounts WHERE open_date BETWEEN DATE '2025-04-01' AND DATE '2025-04-30'"),
    ("new deposit accounts, FY24", "SELECT count(*) FROM deposit_accounts WHERE open_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'"),
])
def test_a_year_said_by_two_digits_after_a_month_or_quarter(assistant: Assistant, question: str, sql: str) -> None:
    (expected,), = rows(assistant, sql)
    assert ask(assistant, question).rows[0][0] == expected


def test_both_years_of_a_year_on_year_change(assistant: Assistant) -> None:
    (now, before), = rows(assistant, "SELECT sum(loan_balance) FILTER (WHERE month = DATE '2025-12-01'), "
                                     "sum(loan_balance) FILTER (WHERE month = DATE '2024-12-01') FROM balances_monthly")
    answer = ask(assistant, "loan bal YoY — Dec-25 vs Dec-24 month-end, both numbers + % chg pls")
    (row,) = answer.rows
    figures = dict(zip(answer.columns, row, strict=True))
    assert figures["loan_balance"] == pytest.approx(now)
    assert figures["loan_balance_previous"] == pytest.approx(before)
    assert figures["loan_balance_change_pct"] == pytest.approx(now / before - 1)


@pytest.mark.parametrize("question", ["存款余额QoQ", "存款余额 季度环比", "deposit balance quarter over quarter"])
def test_quarter_on_quarter_without_a_period(assistant: Assistant, question: str) -> None:
    (now, before), = rows(assistant, "SELECT sum(deposit_balance) FILTER (WHERE month = DATE '2025-12-01'), "
                                     "sum(deposit_balance) FILTER (WHERE month = DATE '2025-09-01') FROM balances_monthly")
    answer = ask(assistant, question)
    figures = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (figures["deposit_balance"], figures["deposit_balance_previous"]) == (pytest.approx(now), pytest.approx(before))


def test_both_extremes_of_a_rate_over_products(assistant: Assistant) -> None:
    (low, high), = rows(assistant, "SELECT min(p.annual_rate), max(p.annual_rate) FROM deposit_accounts a JOIN products p USING (product_id) "
                                   "WHERE p.product_type = 'time_deposit'")
    answer = ask(assistant, "lowest n highest interest rate on our 定期 products? just regular time deposits not CDs")
    assert sorted(answer.rows[0][:2]) == [pytest.approx(low), pytest.approx(high)]
    ranked = ask(assistant, "放款金额最高和最低的城市")  # the cities ranked, still
    assert len(ranked.rows) > 2 and answer.columns != ranked.columns


def test_customers_who_did_something_each_day(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT CAST(event_time AS DATE), count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                                    "AND CAST(event_time AS DATE) BETWEEN DATE '2025-12-02' AND DATE '2025-12-31' GROUP BY 1"))
    for question in ("近30天 每天多少人登录过", "how many customers logged in each day over the last 30 days"):
        answer = ask(assistant, question)
        assert {str(r[0])[:10]: r[1] for r in answer.rows} == {str(d): n for d, n in expected.items()}


@pytest.mark.parametrize(("question", "stage"), [
    ("帮我看下 dormant 客户现在有多少个 就是很久没动静那种", "dormant"),
    ("沉睡 dormant 客户有多少", "dormant"),
])
def test_a_value_said_again_in_other_words(assistant: Assistant, question: str, stage: str) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x WHERE x.stage = '{stage}'")
    assert ask(assistant, question).rows[0][0] == expected


def test_a_paraphrase_is_a_share_of_its_value(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT avg(CASE WHEN x.stage = 'churned' THEN 1.0 ELSE 0 END) FROM ({_LIFECYCLE}) x")
    answer = ask(assistant, "what % of our customers r churned? like totally gone")
    (share,) = [v for v in answer.rows[0] if isinstance(v, float)]
    assert share == pytest.approx(expected)


def test_examples_of_the_groups(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT b.region, count(*) FROM customers c JOIN branches b USING (branch_id) GROUP BY 1"))
    answer = ask(assistant, "各个大区的客户数 分一下 华东华北那种")
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_one_value_said_in_both_languages(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE acquisition_channel = 'wechat' AND is_payroll")
    assert ask(assistant, "how many wechat-acquired customers are also 代发 payroll clients").rows[0][0] == expected
    (app,), = rows(assistant, "SELECT count(*) FROM customers WHERE acquisition_channel = 'app'")
    assert ask(assistant, "app拉来的客户有多少").rows[0][0] == app


def test_settled_ones_counted_too(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT median(amount) FROM loans WHERE disburse_date IS NOT NULL")
    assert ask(assistant, "放过款的贷款 单笔金额中位数多少 (已经还清的也算)").rows[0][0] == pytest.approx(expected)


def test_a_definition_said_after_the_question(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(deposit_balance + wealth_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'")
    assert ask(assistant, "total AUM across all customers? deposits + wealth").rows[0][0] == pytest.approx(expected)


@pytest.mark.parametrize("question", ["这个月 存款客户转贷款的比例 咋样", "deposit→loan conversion this month"])
def test_the_conversion_in_other_words(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "WITH base AS (SELECT customer_id FROM balances_monthly WHERE month = DATE '2025-11-01' "
                                   "AND deposit_balance > 0 AND loan_balance = 0) SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM loans l "
                                   "WHERE l.customer_id = base.customer_id AND l.disburse_date BETWEEN DATE '2025-12-01' AND DATE '2025-12-31') "
                                   "THEN 1.0 ELSE 0 END) FROM base")
    assert ask(assistant, question).rows[0][0] == pytest.approx(expected)


def test_how_many_plus_their_total(assistant: Assistant) -> None:
    (count, total), = rows(assistant, f"SELECT count(*), sum(m.deposit_balance + m.wealth_balance) FROM ({_LIFECYCLE}) t "
                                      "JOIN balances_monthly m ON m.customer_id = t.customer_id AND m.month = DATE '2025-12-01' "
                                      "WHERE t.stage = 'dormant' AND m.deposit_balance + m.wealth_balance > 100000")
    answer = ask(assistant, "dormant custs with AUM > 100k: how many + total AUM? sizing the Q1 wake-up push")
    assert list(answer.rows[0][:2]) == [count, pytest.approx(total)]


@pytest.mark.parametrize(("first", "followup"), [
    ("monthly deposit balance trend for 2025", "and loans?"),
    ("2025年每个月的存款余额", "那贷款呢"),
])
def test_a_sibling_figure_named_by_one_word(assistant: Assistant, first: str, followup: str) -> None:
    expected = dict(rows(assistant, "SELECT month, sum(loan_balance) FROM balances_monthly WHERE month BETWEEN DATE '2025-01-01' "
                                    "AND DATE '2025-12-01' GROUP BY 1"))
    ask(assistant, first, "sibling" + followup)
    answer = ask(assistant, followup, "sibling" + followup)
    assert {str(r[0])[:7]: r[1] for r in answer.rows} == {str(m)[:7]: pytest.approx(v) for m, v in expected.items()}
    vague = assistant.ask("那客户呢", session="sibling" + followup)  # no sibling of that name: asked, never the same again
    assert vague.status == "clarify"


# --- sets ek (a compliance officer's exact requests) and el (a branch manager's own branch) ----------------

@pytest.mark.parametrize(("question", "said"), [
    ("高价值或者年龄大于60的客户有多少", "高价值或者年龄大于60"),
    ("年龄大于60或者年收入超过50万的客户有多少", "或者年收入超过50万"),
    ("customers older than 60 or with income above 500k", "or with income above 500k"),
    ("how many new customers currently show low or no login activity?", "low or no login"),
])
def test_either_of_two_conditions_is_asked_never_both(assistant: Assistant, question: str, said: str) -> None:
    answer = assistant.ask(question, session="either-" + question[:20])
    assert answer.status == "clarify" and said in answer.message


def test_each_groups_own_customers_are_the_base(assistant: Assistant) -> None:
    answer = ask(assistant, "Which occupations carry the highest proportion of customers with high deposit volatility? Please give the "
                            "share for each occupation, as a proportion of all customers in that occupation.")
    share, part, base = (answer.columns.index(c) for c in ("customer_count_share", "customer_count", "customer_count_base"))
    totals = dict(rows(assistant, "SELECT occupation, count(*) FROM customers GROUP BY 1"))
    assert len(answer.rows) == len(totals)
    for r in answer.rows:  # each occupation's own customers, not all of them
        assert r[base] == totals[r[0]] and r[share] == pytest.approx(r[part] / totals[r[0]])


def test_a_place_in_a_ranking_is_asked_back(assistant: Assistant) -> None:
    ask(assistant, "top 5 branches in East China by AUM", "rank-of")
    answer = assistant.ask("where does Xihu rank on that?", session="rank-of")
    assert answer.status == "clarify" and "where does Xihu rank" in answer.message


def test_each_of_a_citys_counted_branches(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT b.branch_name, sum(m.loan_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                                    "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city = '杭州' GROUP BY 1"))
    said = "一二三四五六七八九"[len(expected) - 1]
    answer = ask(assistant, f"杭州{said}个支行的贷款余额各是多少")
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)


def test_loans_given_out_are_disbursed(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert ask(assistant, "2025年发放贷款的平均单笔金额是多少？").rows[0][0] == pytest.approx(expected)


def test_a_value_left_out_after_it(assistant: Assistant) -> None:
    (everyone,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x WHERE x.stage <> 'churned'")
    assert ask(assistant, "how many customers? churned customers should not be counted").rows[0][0] == everyone
    (dormant,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x WHERE x.stage = 'dormant'")
    assert ask(assistant, "As at the reporting date, how many customers are classified as dormant? "
                          "Churned customers should not be counted.").rows[0][0] == dormant


def test_closed_ones_to_be_included(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM deposit_accounts WHERE open_date BETWEEN DATE '2025-10-01' AND DATE '2025-11-30'")
    answer = ask(assistant, "Please report the number of deposit accounts opened between 1 October and 30 November 2025. "
                            "Accounts that have since been closed are to be included.")
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize(("question", "status"), [
    ("What was the bank's capital adequacy ratio as at 30 September 2025?", "refused"),
    ("how many walk-ins did the Xihu counter get last week? just the footfall number", "refused"),
    ("can you bump customer 10234 at Xihu up to risk level R3? he redid the questionnaire at the counter today", "refused"),
    ("planning a wealth push at Xihu: how many of our customers show high wealth intent?", "clarify"),  # Xihu's? asked
])
def test_what_is_not_answered(assistant: Assistant, question: str, status: str) -> None:
    assert assistant.ask(question, session="not-" + question[:20]).status == status


def test_existing_customers_are_all_customers(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers c JOIN branches b USING (branch_id) WHERE b.branch_name = '杭州西湖支行'")
    assert ask(assistant, "我们西湖支行现在存量客户一共多少？").rows[0][0] == expected


def test_the_whole_first_then_its_part(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(wealth_balance) / sum(deposit_balance + wealth_balance) FROM balances_monthly "
                                   "WHERE month = DATE '2025-12-01'")
    answer = ask(assistant, "AUM里理财余额占多少比例")
    assert [v for v in answer.rows[0] if isinstance(v, float) and v < 1] == [pytest.approx(expected)]


def test_behind_on_payments_is_overdue(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    assert ask(assistant, "How many borrowers are behind on their payments right now?").rows[0][0] == expected
    (share,), = rows(assistant, "SELECT sum(l.amount) FILTER (WHERE p.product_type = 'mortgage') / sum(l.amount) FROM loans l "
                                "JOIN products p USING (product_id) WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    answer = ask(assistant, "Of the total amount disbursed in 2025, what share went to residential mortgages?")
    assert [v for v in answer.rows[0] if isinstance(v, float) and v < 1] == [pytest.approx(share)]


# --- sets em (a wealth sales lead) and en (a digital-channel analyst) --------------------------------------

def test_a_windowed_tag_said_over_another_period(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                                   "AND CAST(event_time AS DATE) BETWEEN DATE '2025-12-25' AND DATE '2025-12-31'")
    ask(assistant, "近30天有登录过的客户一共多少个？按 distinct customer 算", "window")
    assert ask(assistant, "那近7天呢？", "window").rows[0][0] == expected


def test_events_that_came_from_a_platform(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(CASE WHEN platform = 'app' THEN 1.0 ELSE 0 END) FROM app_events "
                                   "WHERE event_time >= TIMESTAMP '2025-11-01' AND event_time < TIMESTAMP '2025-12-01'")
    answer = ask(assistant, "what share of all app_events last month came from the app platform (vs mini program / online banking)?")
    assert len(answer.rows) == 1 and [v for v in answer.rows[0] if isinstance(v, float) and v < 1] == [pytest.approx(expected)]


def test_a_total_beside_a_ranking_is_asked(assistant: Assistant) -> None:
    answer = assistant.ask("理财余额最高的前5个支行是哪几个?再给个全行理财余额合计", session="total-beside")
    assert answer.status == "clarify" and "全行理财余额合计" in answer.message


def test_records_of_events_and_viewing_the_deposit_rates(assistant: Assistant) -> None:
    (logins,), = rows(assistant, "SELECT count(*) FROM app_events WHERE event_type = 'login' AND platform = 'wechat_mini' "
                                 "AND CAST(event_time AS DATE) = DATE '2025-12-30'")
    assert ask(assistant, "昨天小程序上一共多少条login记录，count(*)就行").rows[0][0] == logins
    (viewers,), = rows(assistant, "SELECT count(DISTINCT e.customer_id) FROM app_events e JOIN customers c USING (customer_id) "
                                  "WHERE e.event_type = 'deposit_rate_view' AND e.platform = 'wechat_mini' "
                                  "AND CAST(e.event_time AS DATE) BETWEEN DATE '2025-12-02' AND DATE '2025-12-31' "
                                  "AND date_diff('year', c.birth_date, DATE '2025-12-31') < 35")
    assert ask(assistant, "近30天在小程序上看过存款利率、35岁以下的客户有几个？").rows[0][0] == viewers


def test_an_average_of_whole_numbers_keeps_its_decimals(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(coalesce(n, 0)) FROM customers c LEFT JOIN (SELECT customer_id, "
                                   "count(DISTINCT CAST(event_time AS DATE)) AS n FROM app_events WHERE event_type = 'login' "
                                   "AND CAST(event_time AS DATE) BETWEEN DATE '2025-12-02' AND DATE '2025-12-31' GROUP BY 1) x USING (customer_id)")
    answer = ask(assistant, "avg login days over the last 30 days across all customers (zeros included)")
    assert answer.rows[0][0] == pytest.approx(expected) and answer.column_formats[0] == "number"
    assert f"{expected:.2f}" in answer.summary
    share = ask(assistant, "贷款意向高的客户占全体客户多少？")
    assert share.status == "answered"
