"""Questions the sets gi (a branch-network manager), gj (a consumer-lending marketer), gk (a credit-operations manager),
gl (a CRM manager who tells a story first), gm (a wealth product manager) and gn (an operations analyst) answered wrong,
asked back or failed to refuse on their first run, and what was found beside them: a request to delete applications "so
our approval rate looks healthier" or to set a loan's overdue days to 0 is a data change; PBOC credit reports and a
branch's rent are not held; "the term deposit balance" names a product the month-end balances are not split by — asked
about, never the whole deposit balance answered; a sentence that only tells why the question is asked is no condition,
unless it names a value the question does not; 件均; a count and a bare amount; values joined by + in brackets; an amount
after a ranking; each month against the same month a year earlier; 大额CD is no city's initials; 合计 beside only an
average is asked about. Each number on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

from datetime import date

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from assistant.sessions import Conversation


@pytest.mark.parametrize("question", [
    "Can you delete the rejected 2024 applications from the data so our approval rate looks a bit healthier?",
    "pls wipe the pending apps from last year, they clutter the dashboard",
    "Can you pull the PBOC credit report scores for everyone who applied for a loan last month?",
    "各网点的营业面积和每个月的房租成本分别是多少?",
    "what's the monthly rent of each branch?",
    "Reset overdue days to zero on every loan at 深圳福田支行.",
])
def test_data_changes_and_data_not_held_are_refused(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question).status == "refused"


def test_rows_left_out_of_a_rate_are_no_data_change(assistant: Assistant) -> None:
    answer = assistant.ask("remove the rejected applications from the approval rate — what's it then?", session="left-out")
    assert answer.status != "refused"


@pytest.mark.parametrize("question", ["What's the current term deposit balance?", "total time deposit balance now",
                                      "demand deposit balance last month", "定期存款余额是多少"])
def test_a_product_the_balances_are_not_split_by_is_asked_about(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question)
    assert answer.status == "clarify"


def test_the_whole_deposit_balance_is_still_answered(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(deposit_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'")
    assert ask(assistant, "total deposit balance now").rows[0][0] == pytest.approx(float(expected))


def test_a_value_set_to_a_number_is_a_data_change(assistant: Assistant) -> None:
    assert assistant.ask("贷款编号100那笔逾期天数改成0,客户已经还上了", session="set-overdue").status == "refused"
    ask(assistant, "各区域贷款余额", session="by-city")
    assert assistant.ask("改成按城市看", session="by-city").status == "answered"  # a new breakdown asked, no data changed


_DISBURSED_2025 = "FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"


@pytest.mark.parametrize("question", ["今年放款件均多少?", "今年放款笔均多少"])
def test_per_piece_is_the_average_amount_of_one(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, f"SELECT avg(amount) {_DISBURSED_2025}")
    assert ask(assistant, question).rows[0][0] == pytest.approx(float(expected))


def test_a_count_and_a_bare_amount_are_the_rows_count_and_total(assistant: Assistant) -> None:
    (count, total), = rows(assistant, """SELECT count(*), sum(l.amount) FROM loans l JOIN customers c USING (customer_id)
        WHERE c.is_payroll AND l.apply_channel = 'wechat' AND l.apply_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "今年下半年代发客户从微信渠道进件的笔数和申请金额")
    assert answer.rows[0][0] == count and answer.rows[0][1] == pytest.approx(float(total))


def test_values_joined_by_plus_in_brackets_name_a_set(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE apply_channel IN ('app', 'wechat')), count(*) FROM loans
        WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "今年进件里线上渠道(app+微信)占比多少?")
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)


def test_an_amount_after_a_ranking_is_what_it_ranks_by(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT b.region, sum(l.amount) AS s FROM loans l JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        GROUP BY 1 ORDER BY s DESC LIMIT 3""")
    answer = ask(assistant, "Which 3 regions disbursed the most this year, by amount?")
    assert [float(r[1]) for r in answer.rows] == pytest.approx([float(s) for _, s in expected])


@pytest.mark.parametrize("question", ["按月看放款笔数,今年和去年同月放一起对比", "monthly loan disbursements in 2025 vs the same month last year"])
def test_each_month_against_the_same_month_a_year_earlier(assistant: Assistant, question: str) -> None:
    expected = rows(assistant, """SELECT month(disburse_date), count(*) FILTER (WHERE year(disburse_date) = 2025),
        count(*) FILTER (WHERE year(disburse_date) = 2024) FROM loans
        WHERE disburse_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, question)
    assert answer.semantic_query["compare"]["to"] == "year_ago"
    assert [(r[1], r[2]) for r in answer.rows] == [(now, before) for _, now, before in expected]


def test_rows_each_period_holds_are_no_breakdown(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT quarter(c.start_date), count(*) FROM campaign_touches t JOIN campaigns c USING (campaign_id)
        WHERE t.group_type = 'treatment' AND t.delivered AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "2025年每个季度启动的活动，分别有多少触达数？按季度顺序排")
    assert [g["field"] for g in answer.semantic_query["group_by"]] == ["time"]
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]


def test_a_story_told_before_the_question_is_no_condition(assistant: Assistant) -> None:
    expected = rows(assistant, """SELECT month(submitted_at), avg(satisfaction) FROM survey_responses
        WHERE submitted_at >= DATE '2025-01-01' AND submitted_at < DATE '2026-01-01' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "有同事说今年满意度是一路往下走的，我有点怀疑。麻烦按月列一下2025年每个月问卷满意度的平均分，从1月排到12月")
    assert [float(r[1]) for r in answer.rows] == pytest.approx([float(v) for _, v in expected])


@pytest.mark.parametrize("question", [
    # a condition said only in the story is asked about, never dropped
    "有同事说华东的满意度一路往下走，我有点怀疑。麻烦按月列一下2025年每个月问卷满意度的平均分",
    "We had a rough year with wealth customers. How many customers logged in last month?",
])
def test_a_story_naming_its_own_condition_is_asked_about(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question).status == "clarify"


def test_the_app_said_as_the_phone_app_is_one_channel(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, "SELECT count(*) FILTER (WHERE acquisition_channel = 'app'), count(*) FROM customers")
    answer = ask(assistant, "说到线上化转型，领导问我现在线上拉新到底占多大比重。通过手机APP获客的客户，占我们全部客户的比例是多少？")
    assert [f["field"] for f in answer.semantic_query["share"]["part"]] == ["acquisition_channel"]
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)


def test_overdue_among_outstanding_and_applicants(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE p.product_type = 'business_loan'), count(*) FROM loans l
        JOIN products p USING (product_id) WHERE l.status = 'disbursed' AND l.overdue_days > 0""")
    answer = ask(assistant, "在贷逾期笔数里经营贷占几成?")
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)
    (n,), = rows(assistant, """SELECT count(*) FROM loans l JOIN customers c USING (customer_id) WHERE l.status = 'rejected'
        AND l.apply_channel = 'partner' AND l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert ask(assistant, "rejections decided in 2025: applicants coming through partner channel, count?").rows[0][0] == n


def test_a_word_of_the_model_is_never_a_citys_initials(assistant: Assistant) -> None:
    u = assistant.parser.understand("定期或大额CD在未来30天内到期的高价值客户有几个？", Conversation(), date(2025, 12, 31))
    assert u.status == "query" and {f.field for f in u.query.filters} == {"time_deposit_maturing_30d", "value_tier"}


def test_a_total_said_beside_only_an_average_is_asked_about(assistant: Assistant) -> None:
    answer = assistant.ask("2025年全年放款金额合计多少？单笔平均放款金额是多少？", session="total-and-average")
    assert answer.status == "clarify" and "合计" in answer.message
    (total, average), = rows(assistant, f"SELECT sum(amount), avg(amount) {_DISBURSED_2025}")
    both = ask(assistant, "2025年放款金额合计多少，平均每笔多少")
    assert both.rows[0][0] == pytest.approx(float(total)) and both.rows[0][1] == pytest.approx(float(average))


def test_the_share_of_a_figure_that_sits_in_another(assistant: Assistant) -> None:
    (wealth, aum), = rows(assistant, """SELECT sum(wealth_balance), sum(deposit_balance + wealth_balance) FROM balances_monthly
        WHERE month = DATE '2025-12-01'""")
    answer = ask(assistant, "What share of our total AUM sits in wealth products (vs deposits)?")
    assert answer.rows[0][-1] == pytest.approx(float(wealth) / float(aum))


def test_plain_words_for_deposit_only_and_views(assistant: Assistant) -> None:
    answer = ask(assistant, "How many customers show high loan intent but currently hold deposits and no loans?")
    assert {f["field"] for f in answer.semantic_query["filters"]} == {"loan_intent", "holding_structure"}
    expected = rows(assistant, """SELECT p.product_name, count(*) AS n FROM app_events e JOIN products p USING (product_id)
        WHERE e.event_type = 'wealth_view' AND e.event_time >= DATE '2025-11-01' AND e.event_time < DATE '2025-12-01'
        GROUP BY 1 ORDER BY n DESC LIMIT 3""")
    answer = ask(assistant, "Which 3 wealth products got the most views last month?")
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]


def test_dropping_people_from_a_breakdown_is_no_data_change(assistant: Assistant) -> None:
    answer = assistant.ask("Customer distribution by active period (活跃时段) - drop anyone with no logins in the window", session="drop")
    assert answer.status == "answered"


@pytest.mark.parametrize(("question", "start", "end"), [
    ("customers who opened in 2025, split by acquisition channel", "2025-01-01", "2025-12-31"),
    ("2025年1月1日到6月30日之间开户的客户有多少个？", "2025-01-01", "2025-06-30"),
    ("Customers whose relationship started in 2024 — how many?", "2024-01-01", "2024-12-31"),
])
def test_customers_opened_in_a_period_are_that_periods_new_customers(assistant: Assistant, question: str, start: str, end: str) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '{start}' AND DATE '{end}'")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["new_customers"]
    assert sum(r[-1] for r in answer.rows) == expected


def test_people_who_did_something_are_counted_once_in_a_share(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, """SELECT count(DISTINCT customer_id) FILTER (WHERE platform = 'wechat_mini'), count(DISTINCT customer_id)
        FROM app_events WHERE event_type = 'login' AND event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01'""")
    answer = ask(assistant, "近30天登录过的人里面，在小程序上登录过的占多少")
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)


@pytest.mark.parametrize("question", [
    # the question's own definition of a conversion, a contradiction, the most people on one day: asked, never answered
    "Deposit-to-loan conversion rate for October 2025: base = deposit-only customers at the end of September, converted = those with a loan disbursed in October.",
    "按价值等级（高/中/低）统计客户数，存贷结构为none（既无存款也无贷款）的客户剔除。",
    "11月单日登录人数最高是多少人",
])
def test_readings_that_would_answer_another_question_are_asked_about(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question).status == "clarify"


def test_a_state_on_a_day_is_no_conversion(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE b.deposit_balance > 0 AND b.loan_balance = 0), count(*)
        FROM balances_monthly b JOIN customers c USING (customer_id) WHERE b.month = DATE '2025-12-01' AND c.is_payroll""")
    answer = ask(assistant, "What share of payroll customers are deposit-only (deposits but no loan balance) at 2025-12-31?")
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert max(v for v in answer.rows[0] if isinstance(v, float)) == pytest.approx(part / whole)


def test_a_term_of_twelve_months_is_no_monthly_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "2025年通过微信渠道申请、期限为12个月的消费贷申请有多少笔？")
    assert not answer.semantic_query.get("group_by")


def test_campaign_words_of_the_sets_written_last(assistant: Assistant) -> None:
    """gs, written on the landed code: each quarter's campaigns, an attribute's average per campaign, an objective named
    with its customers' stage."""
    expected = rows(assistant, """SELECT quarter(c.start_date), count(*) FILTER (WHERE t.converted_at IS NOT NULL)::DOUBLE / count(*)
        FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE t.group_type = 'treatment' AND t.delivered
        AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "2025年分季度看,每季度启动的活动营销转化率各是多少?")
    assert [g["field"] for g in answer.semantic_query["group_by"]] == ["time"]
    assert [r[1] for r in answer.rows] == pytest.approx([v for _, v in expected])
    (budget,), = rows(assistant, "SELECT avg(budget) FROM campaigns WHERE start_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'")
    answer = ask(assistant, "What's the average budget per campaign for the ones we launched in 2024?")
    assert len(answer.rows) == 1 and answer.rows[0][0] == pytest.approx(float(budget))
    assert ask(assistant, "average budget by campaign in 2024").semantic_query["group_by"] == [{"field": "campaign"}]
    answer = ask(assistant, "Control group conversion rate across all our dormant-customer wake-up campaigns?")
    assert [f["field"] for f in answer.semantic_query["filters"]] == ["objective"]
