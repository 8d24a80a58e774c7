"""Words the sets eu (a junior analyst), ev (a retail COO), ew (a wealth-management team lead) and ex (the mobile
app's product manager) left wrong or asked back: a name said again in brackets ("payroll clients (代发)"), a term of
the asker's own defined in brackets ("私行潜客（理财意向高、目前中价值）"), what would be done with those counted said last
("… could we try to wake up?", "…，晚上推送用", "— planning a wake-up push"), a plan to message people before the
count ("想给…发push，这批人有多少" is no action asked), 各 and 比 after two values, the window of a tag's name said
after the rows ("transactions in the last 90 days"), the treatment group said before the control's rate, a
follow-up that swaps the function ("what about the mean?") or the figure's basis ("换成日均看呢") or keeps the
top N ("也是前三"), "same but by …", a threshold said again before its value ("AUM过50万的高价值客户"), a level that
ends another name ("理财意向高、中价值"), a holding denied after its name ("理财都没有"), the value said right after
its field ("acquired via app"), shorthand ("hi-value", "yo", "ties ok"). Each number on the small generated mart is
checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_changes_ranked_and_ends_said import _LIFECYCLE
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_REGION = "JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)"
_BALANCES = "(SELECT customer_id, deposit_balance, wealth_balance, deposit_balance + wealth_balance AS aum FROM balances_monthly " \
            "WHERE month = DATE '2025-12-01')"
_WEALTH_INTENT = """
    SELECT c.customer_id FROM customers c
    LEFT JOIN (SELECT customer_id, count(*) AS n FROM (
                 SELECT customer_id FROM app_events WHERE event_type = 'wealth_view' AND event_time >= DATE '2025-12-02'
                 UNION ALL SELECT customer_id FROM transactions WHERE txn_type IN ('wealth_purchase', 'wealth_redemption')
                   AND txn_time >= DATE '2025-12-02') GROUP BY 1) w USING (customer_id)
    LEFT JOIN (SELECT customer_id, arg_max(wealth_intent, submitted_at) AS s FROM survey_responses
               WHERE submitted_at < DATE '2026-01-01' GROUP BY 1) v USING (customer_id)
    WHERE coalesce(w.n, 0) >= 5 OR coalesce(v.s, 0) >= 4"""
_UPLIFT = """
    SELECT count(*) FILTER (WHERE group_type = 'treatment' AND delivered AND converted_at IS NOT NULL)::DOUBLE
           / count(*) FILTER (WHERE group_type = 'treatment' AND delivered)
         - count(*) FILTER (WHERE group_type = 'control' AND converted_at IS NOT NULL)::DOUBLE
           / count(*) FILTER (WHERE group_type = 'control') AS uplift"""


@pytest.mark.parametrize("question", ["how many payroll clients (代发) do we have today?", "代发客户（payroll）有多少"])
def test_a_name_said_again_in_brackets_is_the_same_name(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE is_payroll")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == expected
    assert answer.semantic_query["filters"] == [{"field": "is_payroll", "value": True}]


def test_each_of_two_values_set_side_by_side(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT open_channel, count(*) FROM deposit_accounts WHERE open_channel IN ('app', 'counter') "
                                    "AND open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1"))
    answer = ask(assistant, "今年App开的存款账户跟柜台开的比,各开了多少个?")
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_what_would_be_done_with_those_counted_said_last(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x JOIN {_BALANCES} m USING (customer_id) "
                                   "WHERE x.stage = 'dormant' AND m.aum > 50000")
    answer = ask(assistant, "How many dormant customers sitting on more than 50k AUM could we try to wake up?")
    assert answer.rows[0][0] == expected
    # with no one told apart, the deed is the question: asked, never all the customers
    assert assistant.ask("how many customers could we convert", session="convert-whom").status == "clarify"


def test_the_window_of_a_tags_name_said_after_the_rows(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(CASE WHEN channel = 'app' THEN 1.0 ELSE 0 END) FROM transactions "
                                   "WHERE txn_time >= DATE '2025-10-03' AND txn_time < DATE '2026-01-01'")
    answer = ask(assistant, "share of transactions in the last 90 days that went thru the app channel?")
    shares = [i for i, c in enumerate(answer.columns) if c.endswith("_share")]
    assert [answer.rows[0][i] for i in shares] == [pytest.approx(expected)]


def test_the_treatment_group_said_before_the_controls_rate(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"{_UPLIFT} FROM campaign_touches")
    answer = ask(assistant, "所有营销活动合起来看,实验组比对照组转化率高多少?")
    assert answer.rows[0][answer.columns.index("uplift")] == pytest.approx(expected)


def test_also_the_top_three_by_the_new_figure(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT b.city, sum(m.wealth_balance) AS v FROM balances_monthly m {_REGION} "
                               "WHERE m.month = DATE '2025-12-01' GROUP BY 1 ORDER BY v DESC LIMIT 3")
    ask(assistant, "贷款余额最高的前三个城市是哪几个", session="also-top-3")
    answer = ask(assistant, "理财余额呢？也是前三", session="also-top-3")
    assert [(r[0], r[1]) for r in answer.rows] == [(c, pytest.approx(v)) for c, v in expected]


def test_the_basis_said_alone_switches_to_the_twin_figure(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, sum(m.deposit_avg_daily) FROM balances_monthly m {_REGION} "
                                    "WHERE m.month = DATE '2025-12-01' GROUP BY 1"))
    ask(assistant, "按大区看一下现在的存款时点余额", session="to-daily")
    answer = ask(assistant, "换成日均看呢", session="to-daily")
    assert answer.columns == ["region", "deposit_avg_daily"]
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


@pytest.mark.parametrize(("follow_up", "function"), [("what about the mean?", "avg"), ("最大值呢", "max"), ("and the min?", "min")])
def test_a_follow_up_naming_another_function(assistant: Assistant, follow_up: str, function: str) -> None:
    (expected,), = rows(assistant, f"SELECT {function}(aum) FROM {_BALANCES} WHERE aum >= 500000")
    session = f"swap-{function}"
    ask(assistant, "What's the median AUM among our high-value customers?", session=session)
    answer = ask(assistant, follow_up, session=session)
    assert answer.rows[0][0] == pytest.approx(expected)


def test_same_but_by_another_figure_ranks_by_it(assistant: Assistant) -> None:
    ranked = rows(assistant, f"SELECT campaign_name, uplift FROM ({_UPLIFT}, c.campaign_name FROM campaign_touches t "
                             "JOIN campaigns c USING (campaign_id) GROUP BY 2) ORDER BY uplift DESC LIMIT 4")
    assert ranked[2][1] > ranked[3][1], "the third and fourth campaigns tie: the top 3 would not be one set"
    ask(assistant, "top 3 campaigns by ROI", session="same-but")
    answer = ask(assistant, "same but by uplift", session="same-but")
    assert answer.semantic_query["order_by"][0]["field"] == "uplift"
    # campaigns tied on uplift may come in either order; the names and the figures in order must match
    assert sorted(r[0] for r in answer.rows) == sorted(n for n, _ in ranked[:3])
    at = answer.columns.index("uplift")
    assert [r[at] for r in answer.rows] == pytest.approx([u for _, u in ranked[:3]])


def test_a_threshold_said_again_before_its_value(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM {_BALANCES} WHERE aum >= 500000")
    assert ask(assistant, "咱们行现在AUM过50万的高价值客户一共多少户？").rows[0][0] == expected
    # another threshold is no restatement: never answered as the value alone
    other = assistant.ask("AUM过100万的高价值客户一共多少户？", session="other-threshold")
    assert other.status != "answered" or other.rows[0][0] != expected


def test_a_level_that_ends_another_name_is_no_level_of_the_next(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM {_BALANCES} m WHERE m.aum >= 50000 AND m.aum < 500000 "
                                   f"AND m.customer_id IN ({_WEALTH_INTENT})")
    answer = ask(assistant, "理财意向高、中价值的客户有多少")
    assert answer.rows[0][0] == expected


def test_a_holding_denied_after_its_name(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM {_BALANCES} m WHERE m.wealth_balance = 0 AND m.customer_id IN ({_WEALTH_INTENT})")
    assert ask(assistant, "理财意向高但手上理财都没有的客户有几个？").rows[0][0] == expected
    # a product named and applied nowhere is asked about, never dropped
    assert assistant.ask("理财意向高的客户有几个，理财情况怎么样", session="wealth-how").status == "clarify"


def test_a_term_defined_in_brackets(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT median(aum) FROM {_BALANCES} m WHERE m.aum >= 50000 AND m.aum < 500000 "
                                   f"AND m.customer_id IN ({_WEALTH_INTENT})")
    answer = ask(assistant, "私行潜客（理财意向高、目前中价值）的AUM中位数是多少？")
    assert answer.rows[0][0] == pytest.approx(expected)
    # the same term without what it means is asked about
    assert assistant.ask("私行潜客的AUM中位数是多少？", session="term-alone").status == "clarify"


def test_a_plan_to_message_people_before_the_count_is_no_action(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"""
        SELECT count(*) FROM ({_WEALTH_INTENT}) w WHERE w.customer_id NOT IN (
            SELECT customer_id FROM app_events WHERE event_type = 'login' AND event_time >= DATE '2025-12-02')""")
    answer = ask(assistant, "想给理财意向高、但近30天一次都没登录过的人发push,这批人有多少")
    assert answer.rows[0][0] == expected
    assert assistant.ask("想给沉睡客户发短信", session="send-sms").status == "refused"


def test_what_the_count_is_for_said_after_it(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM {_BALANCES} WHERE aum >= 500000")
    assert ask(assistant, "高价值客户有多少,汇报用").rows[0][0] == expected
    expected_bands = dict(rows(assistant, f"""
        SELECT CASE WHEN a < 25 THEN '<25' WHEN a < 35 THEN '25-34' WHEN a < 45 THEN '35-44' WHEN a < 55 THEN '45-54' ELSE '55+' END,
               count(*) FROM (SELECT 2025 - year(c.birth_date) AS a FROM ({_LIFECYCLE}) x JOIN customers c USING (customer_id)
                              WHERE x.stage = 'dormant') GROUP BY 1"""))
    answer = ask(assistant, "dormant users by age band, biggest first — planning a wake-up push")
    assert {r[0]: r[1] for r in answer.rows} == expected_bands


def test_the_value_said_right_after_its_field(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """
        SELECT count(DISTINCT t.customer_id) FROM transactions t JOIN customers c USING (customer_id)
        WHERE c.acquisition_channel = 'app' AND t.channel = 'app' AND t.txn_time >= DATE '2025-11-01' AND t.txn_time < DATE '2025-12-01'""")
    answer = ask(assistant, "how many customers acquired via app made app transactions last month")
    assert answer.rows[0][0] == expected
    # …unless the rows said just before have that value of their own: the applications' channel
    (rate,), = rows(assistant, "SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled'))::DOUBLE / count(*) FROM loans "
                               "WHERE apply_channel = 'app' AND decision_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'")
    answer = ask(assistant, "loan approval rate last quarter for applications that came in through the app?")
    assert answer.rows[0][answer.columns.index("loan_approval_rate")] == pytest.approx(rate)


@pytest.mark.parametrize(("question", "where"), [
    ("How many hi-value clients do we have in 华东 aged 35 to 44?", "m.aum >= 500000 AND b.region = '华东' AND 2025 - year(c.birth_date) BETWEEN 35 AND 44"),
    ("how many 35-44 yo business owners do we have?", "c.occupation = 'business_owner' AND 2025 - year(c.birth_date) BETWEEN 35 AND 44"),
])
def test_shorthand_of_levels_and_ages(assistant: Assistant, question: str, where: str) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM customers c JOIN branches b USING (branch_id) JOIN {_BALANCES} m USING (customer_id) "
                                   f"WHERE {where}")
    assert ask(assistant, question).rows[0][0] == expected


def test_ties_ok_and_richest_first(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT c.occupation, avg(m.aum) AS v FROM {_BALANCES} m JOIN customers c USING (customer_id) "
                               "GROUP BY 1 ORDER BY v DESC")
    answer = ask(assistant, "rank the occupations by avg AUM per client, richest first")
    assert [(r[0], r[1]) for r in answer.rows] == [(o, pytest.approx(v)) for o, v in expected]
    fewest = rows(assistant, "SELECT b.branch_name, count(*) AS n FROM customers c JOIN branches b USING (branch_id) "
                             "WHERE c.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY n, 1")
    answer = ask(assistant, "Which 3 branches brought in the fewest new customers this year? (ties ok)")
    assert sorted(r[-1] for r in answer.rows) == [n for _, n in fewest[:3]]


def test_now_against_the_end_of_last_year(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT month, sum(deposit_balance + wealth_balance) FROM balances_monthly "
                                    "WHERE month IN (DATE '2024-12-01', DATE '2025-12-01') GROUP BY 1"))
    for question in ("Total AUM now vs at the end of last year - give me both numbers.", "现在的AUM总额跟去年年底比"):
        answer = ask(assistant, question)
        row = dict(zip(answer.columns, answer.rows[0], strict=True))
        assert (row["aum"], row["aum_previous"]) == (pytest.approx(expected[max(expected)]), pytest.approx(expected[min(expected)]))


def test_logged_into_the_app_in_two_quarters(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT quarter(event_time), count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                                    "AND platform = 'app' AND event_time >= DATE '2025-07-01' AND event_time < DATE '2026-01-01' GROUP BY 1"))
    answer = ask(assistant, "Q3 vs Q4 this year: how many distinct users logged into the app?")
    assert answer.rows[0][:2] == [expected[4], expected[3]]


def test_the_rows_an_average_is_over_said_after_per(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(conversion_amount) FROM campaign_touches WHERE channel = 'app_push' AND group_type = 'treatment' "
                                   "AND delivered AND converted_at IS NOT NULL")
    answer = ask(assistant, "avg conversion amount per converted app-push touch?")
    assert answer.rows[0][0] == pytest.approx(expected)


def test_a_value_then_its_status_word(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x WHERE x.stage = 'churned'")
    assert ask(assistant, "How many clients are in churned status as of today?").rows[0][0] == expected


def test_a_campaign_aimed_at_whom_is_counted(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, count(*) FROM {_BALANCES} m {_REGION} "
                                    "WHERE m.deposit_balance > 0 AND m.customer_id IN "
                                    "(SELECT customer_id FROM balances_monthly WHERE month = DATE '2025-12-01' AND loan_balance = 0) GROUP BY 1"))
    answer = ask(assistant, "下一波消费贷想打只存不贷的客户,各大区分别有多少人?")
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_a_snapshot_is_said_as_of_never_for_as_of(assistant: Assistant) -> None:
    answer = ask(assistant, "how many customers do we have")
    assert "for as of" not in answer.summary
    assert "as of 2025-12-31" in answer.summary


def test_the_amount_of_the_rows_of_customers_named(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT sum(t.amount) FROM transactions t {_REGION} WHERE t.txn_type = 'consumption' AND t.channel = 'app' "
                                   "AND b.city = '深圳' AND t.txn_time >= DATE '2025-01-01' AND t.txn_time < DATE '2026-01-01'")
    answer = ask(assistant, "total app consumption spend by shenzhen customers this year?")
    assert answer.rows[0][0] == pytest.approx(expected)


def test_the_book_a_rate_is_over_is_no_second_figure(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT p.product_type, avg(CASE WHEN l.overdue_days > 0 THEN 1.0 ELSE 0 END) FROM loans l "
                                    "JOIN products p USING (product_id) WHERE l.status = 'disbursed' GROUP BY 1"))
    answer = ask(assistant, "overdeu rate on the loan book?", session="loan-book")
    assert answer.semantic_query["metrics"] == ["overdue_rate"]
    answer = ask(assistant, "按贷款品种拆开呢", session="loan-book")
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_a_value_then_the_deed_its_channel_is_of(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT c.acquisition_channel, avg(m.aum) FROM {_BALANCES} m JOIN customers c USING (customer_id) "
                                    "WHERE c.acquisition_channel IN ('app', 'counter') GROUP BY 1"))
    answer = ask(assistant, "app获客 vs 柜面获客的客户,户均AUM分别多少")
    assert answer.columns[0] == "acquisition_channel"
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_top_n_by_the_figure_said_after_it(assistant: Assistant) -> None:
    expected = rows(assistant, """
        SELECT m.campaign_name, count(*) FILTER (WHERE t.converted_at IS NOT NULL)::DOUBLE / count(*) AS r
        FROM campaign_touches t JOIN campaigns m USING (campaign_id) JOIN customers c ON c.customer_id = t.customer_id
        JOIN branches b ON b.branch_id = c.branch_id WHERE b.region = '华东' AND t.group_type = 'treatment' AND t.delivered
        GROUP BY 1 ORDER BY r DESC, 1 LIMIT 3""")
    answer = ask(assistant, "Which campaigns converted best among our East China customers? top 3 by conversion rate")
    rate = answer.columns.index("campaign_conversion_rate")
    assert [r[rate] for r in answer.rows] == [pytest.approx(r) for _, r in expected]  # (two tie at the top: either order)
    assert {r[0] for r in answer.rows} == {n for n, _ in expected}


@pytest.mark.parametrize("question", ["dormant customers by region pls, which region has the most?",
                                      "沉睡客户里，哪个大区的人最多？按人数排下"])
def test_which_is_first_with_the_whole_ranking_asked(assistant: Assistant, question: str) -> None:
    expected = rows(assistant, f"SELECT b.region, count(*) AS n FROM ({_LIFECYCLE}) x JOIN branches b USING (branch_id) "
                               "WHERE x.stage = 'dormant' GROUP BY 1 ORDER BY n DESC")
    answer = ask(assistant, question)
    assert [(r[0], r[1]) for r in answer.rows] == expected


def test_high_to_low_orders_the_figure_when_the_groups_have_no_order(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT channel, count(*) AS n FROM transactions WHERE txn_time >= DATE '2025-12-02' GROUP BY 1 ORDER BY n DESC")
    answer = ask(assistant, "近30天交易笔数 按渠道 排个序 从高到低")
    assert [(r[0], r[1]) for r in answer.rows] == expected


def test_two_kinds_of_a_count_tag_joined_by_plus(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """
        SELECT count(*) FROM (SELECT customer_id FROM app_events WHERE event_type IN ('loan_inquiry', 'loan_calculator')
                              AND event_time >= DATE '2025-12-02' GROUP BY 1 HAVING count(*) >= 3)""")
    answer = ask(assistant, "近30天贷款查询+试算 ≥3次的客户有多少人")
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize("question", ["定期快要到期的客户有多少", "30天内要到期的定期有多少客户", "定期马上要到期的客户有多少"])
def test_about_to_mature(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, """
        SELECT count(DISTINCT a.customer_id) FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE p.product_type IN ('time_deposit', 'large_cd') AND a.maturity_date > DATE '2025-12-31'
          AND a.maturity_date <= DATE '2025-12-31' + 30 AND (a.close_date IS NULL OR a.close_date > DATE '2025-12-31')""")
    assert ask(assistant, question).rows[0][0] == expected
