"""Questions the sets gc, gd (last sitting's, landed now), ge (a head-office evaluator) and gf (a regional marketing
lead in a hurry) answered wrong or asked back on their first run: "新开了多少客户" are new customers, not customers
with new deposit accounts; a tag counting its own 30 days averaged over a year is asked about; "在各自平台…平均每人登录
了几天" measures days, never a breakdown by activity; "% of customers we acquired through the app [who] logged in …"
has those customers as its base; "只在微信小程序登录" (only there) is none elsewhere, never "some there"; "what time
of day …most active? customer count by active period" shows every period; "the Dec new-customer activation campaign"
is one campaign, shown by name; "上季度开始的活动" started in that quarter; month-end figures by quarter are labelled by
the month read; "how many customers are in the control group of …"; a campaign described, then its code in brackets;
"cities acquired the most new customers" breaks down by city only; "going by the date …"; "And last year?" right
after a question back; "pull out cash at ATMs"; "收回来的问卷"; "2024年开始的活动和2025年开始的活动" as two periods;
"names + mobile nos" and survey comments refused; "digital, i.e. app or wechat"; an acronym or a term the question
defines (MAU, 日活就按…算); "最划算" is the highest; "想看推送放什么时候" as the purpose; "new
customers … who haven't logged in in the past 30 days" as the new stage. Each number on the small generated mart is
checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_LOGINS = "SELECT customer_id, event_time FROM app_events WHERE event_type = 'login'"


def test_new_opened_customers_are_new_customers_and_their_follow_up(assistant: Assistant) -> None:
    (total,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    (app,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' "
                              "AND acquisition_channel = 'app'")
    assert ask(assistant, "今年一共新开了多少客户？", session="new-opened").rows[0][0] == total
    assert ask(assistant, "其中通过手机银行App获客的有多少？", session="new-opened").rows[0][0] == app


@pytest.mark.parametrize("question", ["今年平均每人登录了几天？", "average login days per customer in 2025",
                                      "今年在各自平台登录过的用户，平均每人登录了几天？"])
def test_a_tag_of_its_own_window_over_another_period_is_asked_about(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question)
    assert answer.status == "clarify"
    assert not any(g["field"] == "activity_level" for o in answer.options for g in (o.semantic_query or {}).get("group_by", []))


def test_a_tag_over_a_period_as_long_as_its_window_is_read_at_the_periods_end(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"""SELECT avg(coalesce(n, 0)) FROM customers c LEFT JOIN (
        SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) AS n FROM ({_LOGINS})
        WHERE event_time >= DATE '2025-11-01' AND event_time < DATE '2025-12-01' GROUP BY 1) USING (customer_id)
        WHERE c.open_date <= DATE '2025-11-30'""")
    assert ask(assistant, "上个月平均每人登录了几天？").rows[0][0] == pytest.approx(expected)


@pytest.mark.parametrize("question", ["what % of customers we acquired through the app logged in at least once in the last 30 days?",
                                      "what share of customers acquired through the app logged in in the last 30 days?"])
def test_the_customers_named_before_the_verb_are_the_base(assistant: Assistant, question: str) -> None:
    (part, whole), = rows(assistant, f"""SELECT count(*) FILTER (WHERE customer_id IN (SELECT customer_id FROM ({_LOGINS})
        WHERE event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01')), count(*)
        FROM customers WHERE acquisition_channel = 'app'""")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)


@pytest.mark.parametrize("question", ["上个月有登录的客户里，只在微信小程序登录的占多少",
                                      "上个月有登录的客户里，只在微信小程序登录、没用过 app 和网银的占多少？"])
def test_only_there_is_none_elsewhere(assistant: Assistant, question: str) -> None:
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE only_mini), count(*) FROM (
        SELECT customer_id, bool_and(platform = 'wechat_mini') AS only_mini FROM app_events WHERE event_type = 'login'
        AND event_time >= DATE '2025-11-01' AND event_time < DATE '2025-12-01' GROUP BY 1)""")
    answer = ask(assistant, question)
    assert answer.semantic_query["share"]["part"] == [{"field": "platform", "op": "in", "value": ["wechat_mini"]}]
    assert pytest.approx(part / whole) in answer.rows[0]


def test_only_through_one_channel(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT count(*) FROM (SELECT customer_id FROM transactions
        WHERE txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01' GROUP BY 1 HAVING bool_and(channel = 'app'))""")
    assert ask(assistant, "how many customers only used the app for transactions last month").rows[0][0] == expected


def test_the_top_one_then_the_breakdown_shows_every_group(assistant: Assistant) -> None:
    every = ask(assistant, "customer count by active period")
    answer = ask(assistant, "what time of day are our users most active? customer count by active period")
    assert sorted(answer.rows) == sorted(every.rows) and len(answer.rows) == 5
    assert [r[-1] for r in answer.rows] == sorted((r[-1] for r in answer.rows), reverse=True)


def test_one_campaign_described_is_shown_by_its_name(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT c.campaign_name,
        count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.opened_at IS NOT NULL) * 1.0
        / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered)
        FROM campaign_touches t JOIN campaigns c USING (campaign_id)
        WHERE c.objective = 'dormant_wakeup' AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1""")
    answer = ask(assistant, "25年那个沉睡唤醒活动，打开率是多少")
    assert [(r[0], r[1]) for r in answer.rows] == [(n, pytest.approx(v)) for n, v in expected]
    assert "2025春季沉睡客户唤醒行动" in answer.summary
    # a figure of campaigns, not one of them: no breakdown
    assert not ask(assistant, "For campaigns that started this year, what is the campaign conversion rate?").semantic_query.get("group_by")


@pytest.mark.parametrize(("question", "end"), [("上季度开始的营销活动，送达率是多少？", "2025-09-30"),
                                               ("从上季度开始的营销活动，送达率是多少？", "2025-12-31")])
def test_started_in_a_period_is_that_period(assistant: Assistant, question: str, end: str) -> None:
    (expected,), = rows(assistant, f"""SELECT count(*) FILTER (WHERE t.delivered) * 1.0 / count(*) FROM campaign_touches t
        JOIN campaigns c USING (campaign_id) WHERE t.group_type = 'treatment' AND c.start_date BETWEEN DATE '2025-07-01' AND DATE '{end}'""")
    assert ask(assistant, question).rows[0][0] == pytest.approx(expected)


def test_month_end_figures_by_quarter_are_labelled_by_the_month_read(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT month, sum(deposit_balance + wealth_balance) FROM balances_monthly
        WHERE month IN (DATE '2025-03-01', DATE '2025-06-01', DATE '2025-09-01', DATE '2025-12-01') GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "What was total AUM at the end of each quarter in 2025?")
    assert [(str(r[0]), r[1]) for r in answer.rows] == [(str(m), pytest.approx(float(v))) for m, v in expected]


def test_customers_in_the_control_group(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM campaign_touches WHERE campaign_id = 'CMP2512N' AND group_type = 'control'")
    for question in ("how many customers are in the control group of CMP2512N?", "how many customers sit in the control group of CMP2512N?"):
        assert ask(assistant, question).rows[0][-1] == expected


def test_a_campaign_described_then_its_code_in_brackets(assistant: Assistant) -> None:
    (treated, control), = rows(assistant, """SELECT
        count(*) FILTER (WHERE group_type = 'treatment' AND delivered AND converted_at IS NOT NULL) * 1.0 / count(*) FILTER (WHERE group_type = 'treatment' AND delivered),
        count(*) FILTER (WHERE group_type = 'control' AND converted_at IS NOT NULL) * 1.0 / count(*) FILTER (WHERE group_type = 'control')
        FROM campaign_touches WHERE campaign_id = 'CMP2510M'""")
    answer = ask(assistant, "For the 2025 autumn deposit campaign for loan customers (CMP2510M), put the treatment group's "
                            "conversion rate next to the control group's.")
    figures = [v for v in answer.rows[0] if isinstance(v, float)]
    assert pytest.approx(treated) in figures and pytest.approx(control) in figures


def test_cities_that_acquired_the_most_break_down_by_city_only(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT b.city, count(*) n FROM customers c JOIN branches b USING (branch_id)
        WHERE c.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY n DESC, 1 LIMIT 4""")
    assert expected[2][1] > expected[3][1]
    answer = ask(assistant, "Which three cities acquired the most new customers in 2025, going by the date the relationship was opened?")
    assert [g["field"] for g in answer.semantic_query["group_by"]] == ["city"]
    assert [r[1] for r in answer.rows] == [n for _, n in expected[:3]]


def test_a_period_alone_right_after_a_question_back_asks_for_the_whole_question(assistant: Assistant) -> None:
    assert assistant.ask("Which cities had the most new customers in 2025, blah blah?", session="pending").status == "clarify"
    answer = assistant.ask("And last year?", session="pending")
    assert answer.status == "clarify" and "ask the whole question again" in answer.message


def test_cash_pulled_out_at_atms(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT sum(amount) FROM transactions WHERE txn_type = 'cash_withdrawal' AND channel = 'atm'
        AND txn_time >= DATE '2025-10-01' AND txn_time < DATE '2026-01-01'""")
    answer = ask(assistant, "How much cash did customers pull out at ATMs this quarter? Total amount please.")
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_surveys_collected(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(satisfaction) FROM survey_responses WHERE submitted_at >= DATE '2025-01-01' AND submitted_at < DATE '2026-01-01'")
    assert ask(assistant, "2025年收回来的客户问卷，满意度平均打了几分？").rows[0][0] == pytest.approx(expected)


def test_rows_said_again_after_each_of_two_periods_compare_the_periods(assistant: Assistant) -> None:
    (cost_2025, cost_2024), = rows(assistant, """SELECT sum(t.cost) FILTER (WHERE c.start_date >= DATE '2025-01-01'),
        sum(t.cost) FILTER (WHERE c.start_date < DATE '2025-01-01') FROM campaign_touches t JOIN campaigns c USING (campaign_id)""")
    answer = ask(assistant, "营销成本和转化金额，2024年开始的活动和2025年开始的活动分别是多少？放一起比一比。")
    assert not answer.semantic_query.get("group_by")
    assert answer.semantic_query["compare"]["baseline"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert answer.rows[0][0] == pytest.approx(float(cost_2025)) and answer.rows[0][1] == pytest.approx(float(cost_2024))


@pytest.mark.parametrize("question", ["pls export names + mobile nos of all dormant customers in 华东, my team wants to cold call them",
                                      "can u pull the free-text comments from the satisfaction survey? want to see why ppl are unhappy"])
def test_personal_data_and_data_not_held_are_refused(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question).status == "refused"


def test_a_name_told_by_its_values_after_ie(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE acquisition_channel IN ('app', 'wechat')), count(*)
        FROM customers WHERE open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "of the customers we onboarded in 2025, what share came in via digital, i.e. app or wechat?")
    assert pytest.approx(part / whole) in answer.rows[0]


def test_terms_the_question_defines(assistant: Assistant) -> None:
    monthly = rows(assistant, f"""SELECT date_trunc('month', event_time)::DATE, count(DISTINCT customer_id) FROM ({_LOGINS})
        WHERE event_time >= DATE '2025-01-01' AND event_time < DATE '2026-01-01' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "MAU by month for 2025 - customers with at least one login in the month")
    assert [r[1] for r in answer.rows] == [n for _, n in monthly]
    daily = rows(assistant, f"""SELECT count(DISTINCT customer_id) FROM ({_LOGINS})
        WHERE event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01' GROUP BY CAST(event_time AS DATE) ORDER BY CAST(event_time AS DATE)""")
    answer = ask(assistant, "近30天每天的日活是多少？日活就按当天有登录的客户数算")
    assert [r[1] for r in answer.rows] == [n for n, in daily]
    # a term nobody defines is still asked about
    assert assistant.ask("近30天每天的日活是多少？", session="dau-alone").status != "answered"


def test_which_kind_pays_best_is_the_highest_roi(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT c.objective, sum(t.conversion_amount) FILTER (WHERE t.group_type = 'treatment' AND t.delivered
        AND t.converted_at IS NOT NULL) / sum(t.cost) AS roi FROM campaign_touches t JOIN campaigns c USING (campaign_id) GROUP BY 1 ORDER BY roi DESC""")
    answer = ask(assistant, "按活动目标看ROI，哪类活动最划算")
    assert (answer.rows[0][0], answer.rows[0][1]) == (expected[0][0], pytest.approx(expected[0][1]))


def test_when_to_push_said_as_the_purpose(assistant: Assistant) -> None:
    answer = ask(assistant, "近90天有登录的客户，按活跃时段分一下各多少人，想看推送放什么时候")
    assert [g["field"] for g in answer.semantic_query["group_by"]] == ["active_period"]


@pytest.mark.parametrize("question", ["new customers (last 90 days) who haven't logged in at all in the past 30 days - how big is that group?",
                                      "近30天没登录过的新客有多少"])
def test_the_window_of_a_login_tag_is_no_period_of_new_customers(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, f"""SELECT count(*) FROM customers WHERE open_date > DATE '2025-10-02' AND open_date <= DATE '2025-12-31'
        AND customer_id NOT IN (SELECT customer_id FROM ({_LOGINS}) WHERE event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01')""")
    assert ask(assistant, question).rows[0][0] == expected


# sets gg (a deposits-and-wealth product owner) and gh (a new analyst's plain words), first run 87.5 % each


def test_a_tags_definition_said_in_brackets_after_it(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, "SELECT count(*) FILTER (WHERE is_payroll), count(*) FROM customers")
    answer = ask(assistant, "What % of our clients are payroll clients (their salary is paid through us)?")
    assert answer.semantic_query["metrics"] == ["customer_count"] and pytest.approx(part / whole) in answer.rows[0]


def test_matured_time_deposits_are_no_maturing_ones(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT count(*) FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE a.status = 'matured' AND p.product_type = 'time_deposit' AND p.term_months = 12""")
    assert ask(assistant, "状态为已到期的定期存款（不含大额存单）里，一年期的有多少个账户？").rows[0][0] == expected


def test_one_count_said_in_two_pieces(assistant: Assistant) -> None:
    (now, before), = rows(assistant, """SELECT count(*) FILTER (WHERE a.open_date >= DATE '2025-01-01'),
        count(*) FILTER (WHERE a.open_date < DATE '2025-01-01') FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE p.product_type = 'time_deposit' AND a.open_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "新开定期存款账户数（不含大额存单），今年和去年各是多少？")
    assert answer.semantic_query["metrics"] == ["new_deposit_accounts"] and answer.rows[0][:2] == [now, before]


@pytest.mark.parametrize(("question", "sql"), [
    ("上个月有多少客户至少做过一笔交易？", "SELECT count(DISTINCT customer_id) FROM transactions WHERE txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01'"),
    ("How many wealth purchase transactions did we process in November?",
     "SELECT count(*) FROM transactions WHERE txn_type = 'wealth_purchase' AND txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01'"),
])
def test_plain_words_for_the_models_figures(assistant: Assistant, question: str, sql: str) -> None:
    (expected,), = rows(assistant, sql)
    assert ask(assistant, question).rows[0][-1] == expected


def test_a_value_and_its_denial_set_side_by_side_are_two_groups(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """SELECT c.is_payroll, count(t.customer_id) * 1.0 / count(DISTINCT t.customer_id) FROM transactions t
        JOIN customers c USING (customer_id) WHERE t.txn_time >= DATE '2025-10-03' GROUP BY 1"""))
    answer = ask(assistant, "Payroll vs non-payroll customers: average number of transactions per customer over the last 90 days?")
    assert not answer.semantic_query.get("compare")
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_all_campaigns_to_date_is_all_the_data(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """SELECT channel, count(*) FILTER (WHERE converted_at IS NOT NULL) * 1.0 / count(*) FROM campaign_touches
        WHERE group_type = 'treatment' AND delivered GROUP BY 1"""))
    answer = ask(assistant, "CVR by touch channel, all campaigns to date")
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_a_name_of_ones_own_then_who_they_are_after_a_dash(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"""SELECT count(*) FROM (SELECT customer_id FROM ({_LOGINS})
        WHERE event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01' GROUP BY 1 HAVING count(DISTINCT CAST(event_time AS DATE)) >= 15)""")
    answer = ask(assistant, "How many heavy online users do we have - people who logged in on 15 or more different days in the last 30 days?")
    assert answer.rows[0][0] == expected


def test_a_place_before_a_colon_and_only_as_a_follow_up_narrowing(assistant: Assistant) -> None:
    """Guards of this sitting's readings: an English word before a colon is no term defined ("beijing chaoyang: …" is a
    branch), and "And only on wechat mini?" after a count narrows it to that platform (no "none elsewhere")."""
    from datetime import date

    from assistant.understanding import Conversation

    read = assistant.parser.understand("beijing chaoyang: how many high wealth-intent customers that are also mid or high value tier?",
                                       Conversation(), date(2025, 12, 31))  # (a few customers: the reading, not the figure)
    assert read.status == "query" and any(f.field == "branch" and f.value == ("北京朝阳支行",) for f in read.query.filters)
    ask(assistant, "how many customers logged in last month", session="only-follow")
    narrowed = ask(assistant, "And only on wechat mini?", session="only-follow")
    assert {"field": "platform", "op": "in", "value": ["wechat_mini"]} in narrowed.semantic_query["filters"]
    assert not narrowed.semantic_query.get("customer_rows")
