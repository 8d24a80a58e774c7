"""What sets hz (an internal-audit officer: exact date ranges, the date each figure is counted by, formal Chinese), ia
(a mobile-app product manager: events, funnels, codes of the data said in Chinese), ib (a relationship manager's spoken
Chinese), ic (a campaign planner: definitions in brackets, exclusions), id (a regional head's terse phone messages) and
ie (a data-governance officer's 口径 words) found. The date a figure is said
to be counted by decides which rows are counted; a customer's lifecycle stage named with its field is the tag, whatever
window another condition counts over; changing data is refused in any words. Each number on the small generated mart
is checked against hand-written SQL."""

from __future__ import annotations

from datetime import date

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from assistant.sessions import Conversation

_D = date(2025, 12, 31)


def _understood(assistant: Assistant, question: str):
    return assistant.parser.understand(question, Conversation(), _D)


def test_rejected_applications_counted_by_the_application_date(assistant: Assistant) -> None:
    """hz011: read as rejections, which are dated by the decision — the question says by the day of applying."""
    (expected,), = rows(assistant, """SELECT count(*) FROM loans WHERE status = 'rejected' AND apply_channel = 'app'
        AND apply_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "2025年下半年（7月1日至12月31日）经手机银行App渠道提交、最终被拒绝的贷款申请有几笔？以申请日期统计。")
    assert answer.semantic_query["metrics"] == ["loan_applications"]
    assert answer.rows[0][0] == expected
    (by_decision,), = rows(assistant, """SELECT count(*) FROM loans WHERE status = 'rejected'
        AND decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert ask(assistant, "2025年被拒绝的贷款有几笔？按决策日期统计").rows[0][0] == by_decision


def test_accounts_counted_by_the_closing_date_are_those_closed_then(assistant: Assistant) -> None:
    """hz035: "（含）" after the range and the closing date said in brackets were asked about."""
    (expected,), = rows(assistant, "SELECT count(*) FROM deposit_accounts WHERE close_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'")
    answer = ask(assistant, "请统计2025年7月1日至9月30日（含）期间销户（按销户日期）的存款账户数。")
    assert answer.rows[0][0] == expected
    assert answer.semantic_query["time_range"]["relative"] == "2025年7月1日至9月30日 期间"


def test_a_date_the_rows_counted_never_have_is_asked_about(assistant: Assistant) -> None:
    """Rejected loans are never disbursed: counted by the disbursement date, the question is asked back, named."""
    understood = _understood(assistant, "2025年被拒绝的贷款有几笔？按放款日期统计")
    assert understood.status == "clarify" and "按放款日期统计" in understood.message_zh


def test_the_new_lifecycle_stage_with_no_login_in_the_window(assistant: Assistant) -> None:
    """ia057: the last 30 days of the login condition were taken for the figure's period — customers who opened in them."""
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c WHERE c.open_date > DATE '2025-12-31' - INTERVAL 90 DAY
        AND c.open_date <= DATE '2025-12-31' AND NOT EXISTS (SELECT 1 FROM app_events e WHERE e.customer_id = c.customer_id
        AND e.event_type = 'login' AND e.event_time >= TIMESTAMP '2025-12-02' AND e.event_time < TIMESTAMP '2026-01-01')""")
    answer = ask(assistant, "生命周期是新客、但近30天一天都没登录过（活跃度inactive）的有多少人？准备做新客激活push")
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize("question", ["请将目前所有逾期贷款的逾期天数清零，并更新系统记录。", "把逾期天数清零", "把这些客户的余额归零"])
def test_setting_data_to_zero_is_refused(assistant: Assistant, question: str) -> None:
    assert _understood(assistant, question).status == "refused"


def test_a_code_of_the_data_said_after_the_fields_chinese_name(assistant: Assistant) -> None:
    """ia053: "活跃度为high" — "high" is the data's code of 高活跃."""
    expected = dict(rows(assistant, """SELECT b.region, count(*) FROM customers c JOIN branches b USING (branch_id)
        WHERE c.open_date <= DATE '2025-12-31' AND (SELECT count(DISTINCT CAST(e.event_time AS DATE)) FROM app_events e
        WHERE e.customer_id = c.customer_id AND e.event_type = 'login' AND e.event_time >= TIMESTAMP '2025-12-02'
        AND e.event_time < TIMESTAMP '2026-01-01') >= 15 GROUP BY 1"""))
    answer = ask(assistant, "各大区活跃度为high的客户数分别多少")
    assert {r[0]: r[1] for r in answer.rows} == {k: v for k, v in expected.items() if v >= 5}


def test_events_the_bank_logged_are_no_logins(assistant: Assistant) -> None:
    """ia004: "events did we log in the last 30 days" read "log in" as the login event beside the calculator."""
    (expected,), = rows(assistant, """SELECT count(*) FROM app_events WHERE event_type = 'loan_calculator'
        AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, "how many loan calculator events did we log in the last 30 days? all platforms")
    assert answer.rows[0][0] == expected
    assert [f["value"] for f in answer.semantic_query["filters"]] == [["loan_calculator"]]


def test_months_listed_one_after_another_are_one_period_by_month(assistant: Assistant) -> None:
    """hz028: "for Oct, Nov and Dec 2025" kept October only and asked about the others."""
    expected = rows(assistant, """SELECT date_trunc('month', decision_date)::DATE, count(*) FILTER (WHERE status IN
        ('approved', 'disbursed', 'settled'))::DOUBLE / count(*) FROM loans WHERE decision_date BETWEEN DATE '2025-10-01'
        AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, "Loan approval rate month by month for Oct, Nov and Dec 2025.")
    assert [(str(r[0]), pytest.approx(r[1])) for r in answer.rows] == [(str(m), v) for m, v in expected]
    assert _understood(assistant, "approval rate for Nov and Dec 2025").status == "clarify"  # no month by month: which?


@pytest.mark.parametrize(("question", "sql"), [
    ("2025年第三季度（7月1日至9月30日）放款笔数及放款金额合计各为多少？",
     "SELECT count(*), sum(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'"),
    ("请分别列示2024年度与2025年度的贷款审批通过率（按决策日期），以便比对。",
     """SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled'))::DOUBLE / count(*),
        (SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled'))::DOUBLE / count(*) FROM loans
         WHERE decision_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31')
        FROM loans WHERE decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"""),
])
def test_audit_register_words(assistant: Assistant, question: str, sql: str) -> None:
    """各为, 尚处于待审批状态, 分别列示 … 以便比对: words of an audit report around figures the model has."""
    expected = rows(assistant, sql)[0]
    answer = ask(assistant, question)
    assert [float(v) for v in answer.rows[0][:len(expected)]] == pytest.approx([float(v) for v in expected])


def test_applications_still_waiting_for_a_decision(assistant: Assistant) -> None:
    """hz045 (too few on the small mart to show: the reading is checked)."""
    query = _understood(assistant, "截至2025年12月31日，尚处于待审批状态、未作出决策的贷款申请有多少笔？").query
    assert query is not None and query.metric_names == ("loan_applications",)
    assert [(f.field, tuple(f.value)) for f in query.filters] == [("loan_status", ("pending",))]


def test_the_size_of_an_audience_is_its_customers(assistant: Assistant) -> None:
    answer = ask(assistant, "audience size: high wealth intent AND active period = evening")
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert {f["field"] for f in answer.semantic_query["filters"]} == {"wealth_intent", "active_period"}


def test_a_follow_up_changing_one_condition_keeps_the_others(assistant: Assistant) -> None:
    """hz032: "改为北京，其余条件不变呢？"."""
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c JOIN branches b USING (branch_id) WHERE b.city = '北京'
        AND c.education = 'master_or_above' AND c.annual_income >= 300000 AND c.open_date <= DATE '2025-12-31'""")
    ask(assistant, "上海地区客户中，学历为硕士及以上、且申报年收入不低于30万元的客户有多少人？", session="hz032")
    assert ask(assistant, "改为北京，其余条件不变呢？", session="hz032").rows[0][0] == expected


def test_no_salary_credit_in_a_period_is_the_rows_not_the_flag(assistant: Assistant) -> None:
    """A flag has no period: "近三个月没有代发工资的客户" is those with no salary credit in the three months."""
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c WHERE c.open_date <= DATE '2025-12-31' AND NOT EXISTS (
        SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.txn_type = 'salary'
        AND t.txn_time >= TIMESTAMP '2025-10-01' AND t.txn_time < TIMESTAMP '2026-01-01')""")
    assert ask(assistant, "近三个月没有代发工资的客户有多少").rows[0][0] == expected
    (flag,), = rows(assistant, "SELECT count(*) FROM customers WHERE NOT is_payroll AND open_date <= DATE '2025-12-31'")
    assert ask(assistant, "没有代发工资的客户有多少").rows[0][0] == flag


def test_a_figure_defined_again_in_brackets_by_its_own_parts(assistant: Assistant) -> None:
    """ic002: "(uplift = treated conversion rate minus control conversion rate)" read "treated" as a condition — the
    control's rate then had no rows and the uplift none."""
    (expected,), = rows(assistant, """SELECT count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL)::DOUBLE
        / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered) - count(*) FILTER (WHERE t.group_type = 'control'
        AND t.converted_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE t.group_type = 'control') FROM campaign_touches t
        JOIN campaigns c USING (campaign_id) WHERE c.campaign_id = (SELECT min(campaign_id) FROM campaigns)""")
    (code,), = rows(assistant, "SELECT min(campaign_id) FROM campaigns")
    answer = ask(assistant, f"What was the uplift for {code}? (uplift = treated conversion rate minus control conversion rate)")
    assert answer.semantic_query["filters"] == [{"field": "campaign_code", "op": "in", "value": [code]}]
    assert answer.rows[0][1] == pytest.approx(expected)


def test_a_tags_definition_said_again_with_its_latest_survey(assistant: Assistant) -> None:
    """ic001: "最近一次问卷" counted as a threshold of 1 kept the definition from being read as said again."""
    understood = _understood(assistant, "贷款意向高的客户现在有多少人？（意向按标签口径：近30天贷款查询+试算≥3次，或最近一次问卷贷款意向≥4）")
    assert understood.status == "query"
    assert [(f.field, tuple(f.value)) for f in understood.query.filters] == [("loan_intent", ("high",))]


def test_a_month_with_its_year_hyphened_on(assistant: Assistant) -> None:
    """ic007: "Dec-2025" was read as December 2024 to December 2025."""
    query = _understood(assistant, "loan balance at the Dec-2025 month end").query
    assert query is not None and (str(query.time_range.start), str(query.time_range.end)) == ("2025-12-01", "2025-12-31")


@pytest.mark.parametrize("question", ["how many high loan intent customers, excluding anyone who has a loan balance",
                                      "high loan intent customers, exclude anyone with an outstanding loan balance"])
def test_holders_left_out_are_those_with_none(assistant: Assistant, question: str) -> None:
    """"excluding anyone who has a loan balance" counted exactly those who have one."""
    (expected,), = rows(assistant, """WITH asked AS (SELECT customer_id, count(*) AS n FROM app_events WHERE event_type IN
        ('loan_inquiry', 'loan_calculator') AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01'
        GROUP BY 1), said AS (SELECT customer_id, loan_intent FROM survey_responses WHERE submitted_at < TIMESTAMP '2026-01-01'
        QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY submitted_at DESC) = 1)
        SELECT count(*) FROM customers c JOIN balances_monthly b ON b.customer_id = c.customer_id AND b.month = DATE '2025-12-01'
        LEFT JOIN asked a ON a.customer_id = c.customer_id LEFT JOIN said s ON s.customer_id = c.customer_id
        WHERE b.loan_balance = 0 AND (coalesce(a.n, 0) >= 3 OR coalesce(s.loan_intent, 0) >= 4)""")
    assert ask(assistant, question).rows[0][0] == expected


def test_distinct_customers_selected_into_campaigns_started_in_a_year(assistant: Assistant) -> None:
    """ic056: the clause holding the question was taken for whom a list is for, and every customer of 2024 counted."""
    (expected,), = rows(assistant, """SELECT count(DISTINCT t.customer_id) FROM campaign_touches t JOIN campaigns c USING (campaign_id)
        WHERE c.start_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'""")
    answer = ask(assistant, "去年（2024年启动的活动）一共有多少个不同的客户被选进过营销名单？对照组也算")
    assert answer.rows[0][0] == expected


def test_a_bound_said_before_the_verb(assistant: Assistant) -> None:
    """ic044: "至少登录过1天" left the 1 unplaced."""
    query = _understood(assistant, "中价值客户中，贷款意向高、且近30天至少登录过1天的，有多少人？").query
    assert query is not None and ("login_days_30d", ">=", 1.0) in [(f.field, f.op, f.value) for f in query.filters]


@pytest.mark.parametrize(("question", "fields"), [
    ("这周想挨个打电话，全行定期或者大额存单30天内到期的客户一共多少个人？", ["time_deposit_maturing_30d"]),
    ("高价值客户里面，定期或大额存单30天内到期的有多少人？得赶紧约他们续存", ["value_tier", "time_deposit_maturing_30d"]),
])
def test_a_call_planned_around_the_question_is_its_scene(assistant: Assistant, question: str, fields: list[str]) -> None:
    query = _understood(assistant, question).query
    assert query is not None and [f.field for f in query.filters] == fields


def test_each_of_two_periods_said_before_the_verb(assistant: Assistant) -> None:
    """ib025: "这个季度和上个季度，各新开了多少个存款账户？"."""
    query = _understood(assistant, "这个季度和上个季度，各新开了多少个存款账户？").query
    assert query is not None and query.compare is not None and str(query.compare.baseline.start) == "2025-07-01"


def test_people_dropped_from_a_list_is_no_deletion(assistant: Assistant) -> None:
    """ic008 was refused as a request to delete data; "delete everyone who churned" still is."""
    assert _understood(assistant, "Same list, but also drop everyone who was selected into any campaign that started in 2025").status != "refused"
    assert _understood(assistant, "delete everyone who churned").status == "refused"


@pytest.mark.parametrize("question", ["loan apps mom 2025", "2025年贷款申请数月环比"])
def test_month_on_month_over_a_year_is_the_year_month_by_month(assistant: Assistant, question: str) -> None:
    """id009: "mom" with a year compared the year with the year before."""
    expected = rows(assistant, """SELECT date_trunc('month', apply_date)::DATE, count(*) FROM loans WHERE apply_date
        BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1""")
    answer = ask(assistant, question)
    assert [(str(r[0]), r[1]) for r in answer.rows] == [(str(m), n) for m, n in expected]
    month = ask(assistant, "12月贷款申请数环比")  # one month: against the month before
    assert "loan_applications_previous" in month.columns and not month.semantic_query.get("group_by")


@pytest.mark.parametrize("question", ["房贷申请的平均金额", "房贷申请 平均金额 (所有申请)"])
def test_the_applications_of_a_product_named_by_the_event(assistant: Assistant, question: str) -> None:
    """id018: the average over disbursed mortgages, where every mortgage application was asked."""
    (expected,), = rows(assistant, "SELECT avg(l.amount) FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'mortgage'")
    assert ask(assistant, question).rows[0][0] == pytest.approx(expected)


def test_two_groups_set_side_by_side_split_nothing_else(assistant: Assistant) -> None:
    """id037: "沉睡唤醒类活动 实验组vs对照组 转化率" split the rates by campaign."""
    (treated, control), = rows(assistant, """SELECT count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered
        AND t.converted_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered),
        count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE
        t.group_type = 'control') FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.objective = 'dormant_wakeup'""")
    answer = ask(assistant, "沉睡唤醒类活动 实验组vs对照组 转化率")
    assert len(answer.rows) == 1 and answer.rows[0][:2] == [pytest.approx(treated), pytest.approx(control)]


@pytest.mark.parametrize(("question", "metric"), [
    ("2025年12月全行存款日均余额合计是多少？请注意是月日均口径，不是月末时点余额。", "deposit_avg_daily"),
    ("2025年启动的营销活动中，营销转化率最低的3个活动是哪些？转化率按已送达的处理组计算，从低到高排列。", "campaign_conversion_rate"),
])
def test_governance_words_around_a_figure(assistant: Assistant, question: str, metric: str) -> None:
    """ie021, ie043: the basis denied after a month-end, 处理组 (the treatment group)."""
    query = _understood(assistant, question).query
    assert query is not None and query.metric_names == (metric,)


@pytest.mark.parametrize("question", ["login events last 30d, pct by platform", "近30天各平台登录次数占比"])
def test_each_groups_share_of_the_rows_named(assistant: Assistant, question: str) -> None:
    """id052: "login events …, share by platform" gave the logins' share of each platform's events."""
    expected = dict(rows(assistant, """SELECT platform, count(*)::DOUBLE / sum(count(*)) OVER () FROM app_events WHERE event_type = 'login'
        AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01' GROUP BY 1"""))
    answer = ask(assistant, question)
    share = answer.columns.index(next(c for c in answer.columns if "share" in c))
    assert {r[0]: r[share] for r in answer.rows} == pytest.approx(expected)
    within = _understood(assistant, "各平台中登录次数的占比").query  # within each platform: the logins' share of its events
    assert within is not None and within.share is not None


def test_every_level_listed_with_the_level_of_none(assistant: Assistant) -> None:
    """Found comparing every older set (k zh-023): "活跃度高中低和不活跃的客户各有多少" counted the inactive only."""
    query = _understood(assistant, "活跃度高中低和不活跃的客户各有多少").query
    assert query is not None and [g.field for g in query.group_by] == ["activity_level"] and not query.filters


def test_a_code_glossed_in_brackets_is_read_as_said(assistant: Assistant) -> None:
    """bj017: "职业是other（其他/不明）的去掉" — the code is not renamed before its own gloss."""
    query = _understood(assistant, "高价值客户按职业分布看户数，职业是other（其他/不明）的去掉").query
    assert query is not None and ("occupation", "not_in", ("other",)) in [(f.field, f.op, tuple(f.value)) for f in query.filters]


def test_an_amount_averaged_over_rows_of_a_state_dated_at_it(assistant: Assistant) -> None:
    """if021: "今年被拒掉的贷款申请，平均申请金额" averaged this year's applications that were rejected — the loans
    rejected this year were asked; said at the applying ("2025年申请、后来被拒掉的") it is not that."""
    (expected,), = rows(assistant, """SELECT avg(amount) FROM loans WHERE status = 'rejected'
        AND decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert ask(assistant, "今年被拒掉的贷款申请，平均申请金额是多少？").rows[0][0] == pytest.approx(expected)
    applied = _understood(assistant, "2025年申请、后来被拒掉的贷款，平均申请金额是多少？")
    assert applied.query is None or applied.query.metrics[0].of != "loan_rejections"


def test_a_level_read_off_the_login_window_said_before_it(assistant: Assistant) -> None:
    """ig063: "新客阶段…的客户中，近30天登录活跃度为高或中的" counted those who opened in the last 30 days."""
    query = _understood(assistant, "目前处于新客阶段(近90天内开户)的客户中,近30天登录活跃度为高或中的有多少人?").query
    assert query is not None and query.metric_names == ("customer_count",)
    assert ("lifecycle_stage", ("new",)) in [(f.field, tuple(f.value)) for f in query.filters]


def test_customers_added_in_a_period_are_its_new_customers(assistant: Assistant) -> None:
    """ii052 (measured on the landed code): "本月新增了几个客户？" counted every customer."""
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2025-12-01' AND DATE '2025-12-31'")
    assert ask(assistant, "本月新增了几个客户？").rows[0][0] == expected


@pytest.mark.parametrize("question", ["How many ATMs and counter windows does each branch have?", "各网点有几台ATM"])
def test_machines_and_windows_of_a_branch_are_not_held(assistant: Assistant, question: str) -> None:
    """ii063: answered as ATM and counter transactions by branch."""
    assert _understood(assistant, question).status == "refused"
    assert _understood(assistant, "how many ATM transactions last month").status == "query"
