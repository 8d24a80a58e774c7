"""What sets hr (a customer-service team lead: context first, "leave out …", "other than …", negations) and hs (a new
data scientist: column names, "= 'disbursed'", max(amount), "distinct") found. Customers never rejected are those with
no rejected application; a customer tag named like an event is the tag; a state said as its field's value narrows the
rows; a person singled out or a column of personal data is refused; a follow-up of a question that was not answered is
asked back. Each number on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

from datetime import date

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from assistant.sessions import Conversation

_D = date(2025, 12, 31)


def _read(assistant: Assistant, question: str):
    understanding = assistant.parser.understand(question, Conversation(), _D)
    assert understanding.status == "query", (understanding.status, understanding.message_en)
    return understanding.query


def _status(assistant: Assistant, question: str) -> str:
    return assistant.parser.understand(question, Conversation(), _D).status


def _filters(query) -> list[tuple]:
    return sorted((f.field, f.op, f.value) for f in query.filters)


@pytest.mark.parametrize("question", ["how many customers with no rejected loan applications", "没有被拒绝过贷款的客户有多少",
                                      "从来没有贷款被拒过的客户有多少"])
def test_customers_never_rejected_are_those_with_no_rejected_application(assistant: Assistant, question: str) -> None:
    """Read before as "no loan" (has_loan false) beside the rejections, or as no application at all."""
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c WHERE c.open_date <= DATE '2025-12-31' AND NOT EXISTS (
        SELECT 1 FROM loans l WHERE l.customer_id = c.customer_id AND l.status = 'rejected' AND l.decision_date IS NOT NULL)""")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize("question", ["2025年没有被拒的贷款申请有多少笔", "2025年贷款申请没有被拒的有多少笔"])
def test_applications_not_rejected_stay_the_applications_of_other_states(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, """SELECT count(*) FROM loans WHERE status <> 'rejected'
        AND apply_date >= DATE '2025-01-01' AND apply_date <= DATE '2025-12-31'""")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["loan_applications"]
    assert answer.rows[0][0] == expected


def test_a_customer_tag_named_like_an_event_is_the_tag_when_denied(assistant: Assistant) -> None:
    """hr063: "没有代发工资" beside another condition was read as no salary credit ever."""
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c JOIN branches b USING (branch_id)
        WHERE b.city IN ('上海', '北京') AND NOT c.is_payroll AND c.risk_level = 'R1'""")
    answer = ask(assistant, "上海和北京这两个城市里，没有代发工资、风险等级又是R1的客户一共多少人？")
    assert answer.rows[0][0] == expected
    assert ("is_payroll", "=", False) in _filters(_read(assistant, "customers without payroll"))


def test_a_group_left_out_in_a_later_sentence_is_left_out(assistant: Assistant) -> None:
    """hr001: "已经算流失的那些就不要算进来了" counted the churned customers in."""
    query = _read(assistant, "想了解一下，现在处于沉睡状态的客户一共有多少位？已经算流失的那些就不要算进来了。")
    assert ("lifecycle_stage", "in", ("dormant",)) in _filters(query)
    assert not any(f.op == "in" and "churned" in f.value for f in query.filters)


def test_points_of_a_score_never_compare_a_count_of_rows(assistant: Assistant) -> None:
    """hr055: "打1分或2分的份数" compared the number of responses with 1 and 2 (no rows)."""
    assert _status(assistant, "2025年问卷里打1分或2分的份数是多少") == "clarify"
    (expected,), = rows(assistant, """SELECT count(*) FROM survey_responses WHERE satisfaction BETWEEN 1 AND 2
        AND submitted_at >= TIMESTAMP '2025-01-01' AND submitted_at < TIMESTAMP '2026-01-01'""")
    assert ask(assistant, "2025年满意度1分或2分的问卷有多少份").rows[0][0] == expected
    query = _read(assistant, "问卷里贷款意向打了4分以上的有多少份")
    assert _filters(query) == [("survey_loan_intent", ">=", 4.0)]


@pytest.mark.parametrize("follow_up", ["What if we only look at customers in South China (华南)?", "只看华南的客户呢？"])
def test_a_follow_up_of_a_question_not_answered_is_asked_back(assistant: Assistant, follow_up: str) -> None:
    """hr011: after a question back, "what if we only look at customers in South China" was answered as a customer count."""
    session = "not-answered-" + follow_up[:6]
    assert assistant.ask("今年新增客户的产品偏好是怎样的", session=session).status == "clarify"
    assert assistant.ask(follow_up, session=session).status == "clarify"
    assert assistant.ask("how many customers in South China?", session=session).status == "answered"


@pytest.mark.parametrize("question", ["What's the id_number of the customer with the highest AUM?", "give me the phone_no of dormant customers",
                                      "what's the AUM of the customer with the highest AUM", "每个网点的员工 headcount 是多少？按 branch group 一下",
                                      "帮我把 loans 表里 status = rejected 的记录都 delete 掉", "把 loans 表 drop 掉"])
def test_personal_columns_single_customers_staff_and_changes_are_refused(assistant: Assistant, question: str) -> None:
    """hs027 was answered with the largest AUM, hs064 with customers whose occupation is employee."""
    assert _status(assistant, question) == "refused"


@pytest.mark.parametrize("question", ["count of customers whose open_date is in 2024", "customers with open date in Q1 2025 by region"])
def test_customers_whose_open_date_is_in_a_period_are_that_periods_new_customers(assistant: Assistant, question: str) -> None:
    """hs026 counted the customers on the period's last day."""
    assert _read(assistant, question).metrics == ("new_customers",)
    if "2024" in question:
        (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'")
        assert ask(assistant, question).rows[0][0] == expected


@pytest.mark.parametrize("question", ["For loans where status = 'disbursed', give me max(amount) and avg(amount).",
                                      "maximum and average loan amount of loans with status disbursed", "状态为已放款的贷款最大金额和平均金额"])
def test_a_status_said_as_its_fields_value_narrows_the_rows(assistant: Assistant, question: str) -> None:
    """hs038: the status was taken as the disbursements' own name (disbursed or settled) and max(amount) was lost."""
    (largest, average), = rows(assistant, "SELECT max(amount), avg(amount) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, question)
    figures = [v for c, v in zip(answer.columns, answer.rows[0], strict=False) if not c.endswith("_n")]
    assert figures == [pytest.approx(float(largest)), pytest.approx(float(average))]


def test_the_disbursed_loans_named_alone_are_every_loan_disbursed(assistant: Assistant) -> None:
    query = _read(assistant, "average amount of disbursed loans")
    assert not query.filters


@pytest.mark.parametrize(("question", "expected"), [
    ("is_payroll = true 的客户有多少", [("is_payroll", "=", True)]),
    ("how many customers where is_payroll = false", [("is_payroll", "=", False)]),
    ("value_tier 是 high 或 medium 的客户有多少", [("value_tier", "in", ("high", "medium"))]),
    ("customers with lifecycle_stage in ('dormant','churned') by region", [("lifecycle_stage", "in", ("dormant", "churned"))]),
    ("How many customers have preferred_channel = wechat and active_period = evening?",
     [("active_period", "in", ("evening",)), ("preferred_channel", "in", ("wechat",))]),
])
def test_codes_said_as_a_fields_value_are_those_values(assistant: Assistant, question: str, expected: list) -> None:
    """hs005, hs052: "= true", "是 high 或 medium" were not read (and "where is_payroll = false" broke down by it)."""
    query = _read(assistant, question)
    assert _filters(query) == expected
    assert all(g.field not in ("is_payroll", "value_tier", "lifecycle_stage") for g in query.group_by)


@pytest.mark.parametrize("question", ["I'm wondering how many outstanding loans are more than 30 days past due right now, not counting mortgages.",
                                      "I wonder how many outstanding loans are more than 30 days past due, not counting mortgages"])
def test_wondering_first_only_asks(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, """SELECT count(*) FROM loans l JOIN products p USING (product_id)
        WHERE l.status = 'disbursed' AND l.overdue_days > 30 AND p.product_type <> 'mortgage'""")
    assert ask(assistant, question).rows[0][0] == expected


def test_a_period_said_right_after_asking_words_is_the_questions(assistant: Assistant) -> None:
    """hr043: "想了解一下2025年下半年，…" set the period aside with the asking words (and asked about it)."""
    query = _read(assistant, "想了解一下2025年下半年，代发工资客户提交的问卷里面，满意度只打了1分或2分的有多少份？")
    assert (query.time_range.start, query.time_range.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert _filters(query) == [("is_payroll", "=", True), ("satisfaction", "between", (1.0, 2.0))]
    assert _status(assistant, "For the 2025 review deck, how many new customers by region?") == "clarify"  # a scene's period: asked


@pytest.mark.parametrize("question", ["customers by region, leave out new customers", "customers by activity level, excluding new customers"])
def test_a_value_named_like_a_figure_left_out_is_denied(assistant: Assistant, question: str) -> None:
    assert ("lifecycle_stage", "not_in", ("new",)) in _filters(_read(assistant, question))


def test_places_left_out_before_the_breakdown_by_the_same_field_keep_the_breakdown(assistant: Assistant) -> None:
    """hr042: "除了上海的网点以外，…最多的是哪5个网点" lost the branches asked for."""
    query = _read(assistant, "除了上海的网点以外，沉睡客户最多的是哪5个网点？从多到少排。")
    assert [g.field for g in query.group_by] == ["branch"] and query.limit == 5
    assert ("city", "not_in", ("上海",)) in _filters(query)


def test_not_on_our_service_denies_it(assistant: Assistant) -> None:
    query = _read(assistant, "How many customers are showing high loan intent but are not on our payroll service?")
    assert _filters(query) == [("is_payroll", "=", False), ("loan_intent", "in", ("high",))]


def test_the_other_choices_named_after_rather_than_are_the_rest(assistant: Assistant) -> None:
    """hr035: "… rather than the app or online banking" (every other platform) was not read."""
    (part, whole), = rows(assistant, """SELECT count(*) FILTER (WHERE platform = 'wechat_mini'), count(*) FROM app_events
        WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-12-01' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, "Of all login events this month, what share came through the WeChat mini program rather than the app or online banking?")
    assert answer.rows[0][answer.columns.index("app_event_count_share")] == pytest.approx(part / whole)
    # (only some of the others named: of those two only, or of all? asked)
    assert _status(assistant, "本月登录中通过微信小程序而不是手机银行的占比") == "clarify"


def test_starting_from_the_lowest_restates_the_order(assistant: Assistant) -> None:
    query = _read(assistant, "按2025年的问卷算，平均满意度最低的3个职业是哪些？从最低的开始列。")
    assert query.limit == 3 and query.order_by[0].direction == "asc"


def test_asking_words_in_a_clause_of_their_own_open_the_question(assistant: Assistant) -> None:
    """hr013: "最近不少客户打电话来问还款的事，想了解一下，目前…逾期率是多少" read the story as the question."""
    query = _read(assistant, "最近不少客户打电话来问还款的事，想了解一下，目前在贷的贷款里逾期率是多少？")
    assert query.metrics == ("overdue_rate",) and not query.filters


def test_a_wish_said_after_the_question_stays_aside_and_a_campaign_said_first_is_kept(assistant: Assistant) -> None:
    """(Two readings the change above must not make: the second sentence taken for the question, the campaign dropped.)"""
    query = _read(assistant, "流失客户的年收入中位数是多少？想看看流失的是不是主要是低收入人群。")
    assert [(m.func, m.field) for m in query.metrics] == [("median", "annual_income")]
    assert _filters(query) == [("lifecycle_stage", "in", ("churned",))]
    answer = assistant.parser.understand("2025冬季新客激活礼这个活动，想了解一下发给实验组客户的消息有多少比例真正送达了，也就是送达率是多少？",
                                         Conversation(), _D)
    assert answer.status != "query" or answer.query.filters


@pytest.mark.parametrize("question", ["I'm wondering whether people even look at our messages — what was the open rate of the 2025 campaigns?",
                                      "Out of our whole customer base, what percentage would you say we've already lost — i.e. customers currently classed as churned?"])
def test_a_doubt_said_first_and_classed_as_are_read_through(assistant: Assistant, question: str) -> None:
    assert _status(assistant, question) == "query"


def test_none_on_any_day_counted_as_zero_is_how_the_tag_counts(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT avg(coalesce(d, 0)) FROM customers c LEFT JOIN (SELECT customer_id, count(DISTINCT CAST(event_time AS DATE)) AS d
        FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01' GROUP BY 1) l
        USING (customer_id) WHERE c.open_date <= DATE '2025-10-02'""")
    answer = ask(assistant, "近30天里，除了新客以外的客户平均每人登录了几天？一天都没登录的按0天算进去。")
    assert answer.rows[0][0] == pytest.approx(expected)


@pytest.mark.parametrize(("question", "field", "code"), [
    ("how many customers are in the highest value tier", "value_tier", "high"), ("最高价值等级的客户有多少", "value_tier", "high"),
    ("how many customers have the highest risk level", "risk_level", "R5"), ("how many customers have the lowest risk level", "risk_level", "R1"),
])
def test_the_highest_level_of_an_ordered_tag_is_its_end_value(assistant: Assistant, question: str, field: str, code: str) -> None:
    """Was read as the one group with the most customers ("the highest value tier": low value, the largest group)."""
    query = _read(assistant, question)
    assert _filters(query) == [(field, "in", (code,))] and not query.group_by and query.limit is None


# sets ht (a sub-branch manager's huddle) and hu (a credit-risk analyst), written after hr/hs's fixes


def test_application_volume_is_the_number_of_applications(assistant: Assistant) -> None:
    """hu034 answered the amount disbursed ("volume" was read as an amount of the loans named)."""
    query = _read(assistant, "H1 vs H2 2025 application volume (by application date) — how did it move?")
    assert query.metrics == ("loan_applications",) and query.compare is not None
    assert _status(assistant, "deposit volume") != "query" or _read(assistant, "deposit volume").metrics != ("loan_disbursement_amount",)


def test_every_platform_listed_and_said_to_count_is_no_breakdown(assistant: Assistant) -> None:
    """ht043: "APP、小程序、网银哪个平台都算" split the customers by platform."""
    (expected,), = rows(assistant, """SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login'
        AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, "近30天有多少客户登录过？APP、小程序、网银哪个平台都算")
    assert not answer.semantic_query.get("group_by") and answer.rows[0][0] == expected


def test_a_state_said_as_a_verb_after_the_rows_is_a_condition_on_them(assistant: Assistant) -> None:
    """ht039 gave two figures: the applications through the app, and every rejection."""
    (expected,), = rows(assistant, """SELECT count(*) FROM loans WHERE apply_channel = 'app' AND status = 'rejected'
        AND apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "How many loan applications in 2025 came in through the app and got rejected?")
    assert answer.semantic_query["metrics"] == ["loan_applications"] and answer.rows[0][0] == expected
    # (the customers said as whose applications they are: the applications' channel, not how the customers were acquired)
    query = _read(assistant, "How many loan applications from Hangzhou customers in 2025 came in through the app and got rejected?")
    assert _filters(query) == [("channel", "in", ("app",)), ("city", "in", ("杭州",)), ("loan_status", "in", ("rejected",))]
    assert _read(assistant, "how many loan applications and how many got rejected in 2025").metrics == ("loan_applications", "loan_rejections")


def test_the_rows_pointed_back_to_after_a_question_back_are_asked_about(assistant: Assistant) -> None:
    """hu016: "这几笔的申请金额加起来多少" after a question back summed every application."""
    session = "rows-pointed-back"
    assert assistant.ask("今年新增客户的产品偏好是怎样的", session=session).status == "clarify"
    assert assistant.ask("这几笔的申请金额加起来多少？", session=session).status == "clarify"
    (expected,), = rows(assistant, "SELECT sum(amount) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    ask(assistant, "2025年的贷款申请有几笔", session="rows-of-2025")
    answer = ask(assistant, "这几笔的申请金额加起来多少？", session="rows-of-2025")
    assert answer.rows[0][0] == pytest.approx(float(expected))
    assert _filters(_read(assistant, "没出决策的申请有几笔")) == [("loan_status", "in", ("pending",))]


def test_a_value_given_up_with_instead_of_is_replaced_and_same_thing_needs_a_question_before(assistant: Assistant) -> None:
    """"same thing but churned users instead of dormant" added churned to dormant; after a refusal it was answered alone."""
    session = "instead-of"
    ask(assistant, "how many dormant customers by region", session=session)
    answer = ask(assistant, "same thing but churned users instead of dormant", session=session)
    assert answer.semantic_query["filters"] == [{"field": "lifecycle_stage", "op": "in", "value": ["churned"]}]
    assert assistant.ask("same thing but churned users instead of dormant", session="nothing-before").status == "clarify"


def test_a_code_restated_in_a_definition_in_brackets_stays_a_definition(assistant: Assistant) -> None:
    query = _read(assistant, "高价值客户（value_tier = high，按最新月末 AUM）占全部客户的比例是多少？")
    assert query.share is not None and not query.filters


@pytest.mark.parametrize("question", ["How many customers came in through the app and made transactions last month?",
                                      "How many app-acquired customers made transactions last month?"])
def test_customers_acquired_one_way_who_also_did_something_are_counted_once(assistant: Assistant, question: str) -> None:
    """Read before as two figures (the customers, and their transactions), or with the app as the transactions' channel."""
    (expected,), = rows(assistant, """SELECT count(DISTINCT t.customer_id) FROM transactions t JOIN customers c USING (customer_id)
        WHERE c.acquisition_channel = 'app' AND t.txn_time >= TIMESTAMP '2025-11-01' AND t.txn_time < TIMESTAMP '2025-12-01'""")
    answer = ask(assistant, question)
    assert len(answer.semantic_query["metrics"]) == 1 and answer.rows[0][0] == expected


def test_a_loan_held_with_a_condition_on_it_is_those_loans_rows(assistant: Assistant) -> None:
    """"customers who have an outstanding loan more than 30 days overdue" was asked back (the loan read as the balance held)."""
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM loans WHERE status = 'disbursed' AND overdue_days > 30")
    answer = ask(assistant, "how many customers have an outstanding loan more than 30 days overdue")
    assert answer.rows[0][0] == expected
    assert _filters(_read(assistant, "how many customers have an outstanding loan")) == [("loan_balance", ">", 0.0)]


# sets hv (a digital-marketing manager) and hw (an executive's chief of staff), written after ht/hu's fixes


def test_all_campaigns_looked_at_is_no_breakdown_by_campaign(assistant: Assistant) -> None:
    """hv022: "全部活动看，点击率最低的两个渠道" ranked campaign-and-channel pairs."""
    query = _read(assistant, "全部活动看，点击率最低的两个渠道是哪两个？")
    assert [g.field for g in query.group_by] == ["channel"] and query.limit == 2
    assert [g.field for g in _read(assistant, "所有活动里点击率最高的是哪个").group_by] == ["campaign"]


def test_a_figure_compared_on_each_row_beside_a_count_is_asked_about(assistant: Assistant) -> None:
    """hv037: "how many conversions … had a conversion amount over 10k" gave the total amount and every conversion."""
    assert _status(assistant, "how many app_push conversions (treated, delivered) in 2025 campaigns had a conversion amount over 10k?") == "clarify"


@pytest.mark.parametrize(("question", "metric"), [("只存不贷且年龄在45岁及以上的客户，目标客群规模有多大？", "customer_count"),
                                                  ("How many new customer relationships did we open during calendar year 2025?", "new_customers"),
                                                  ("截至2025年末，本行零售客户总数为多少户？", "customer_count")])
def test_the_size_of_a_segment_and_formal_words_for_the_whole_bank(assistant: Assistant, question: str, metric: str) -> None:
    """hw024: "目标客群规模" was read as the segment's AUM."""
    assert _read(assistant, question).metrics == (metric,)
    assert _status(assistant, "What was the total outstanding credit-card balance at year-end 2025?") == "refused"
