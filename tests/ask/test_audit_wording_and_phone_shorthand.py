"""What sets hj (an internal-audit reviewer: numbered conditions, the date a figure goes by, "in scope", amounts summed
whatever their direction) and hk (a product owner typing on a phone: dau/MAU, "too?" after a question back, push plans said
around the question) found. Rows a figure leaves out ("excluding rejected loans") are a value denied, never the figure;
a list of the rows' total, count and average is all three; a question's own scene is set aside. Each number on the small
generated mart is checked against hand-written SQL."""

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


@pytest.mark.parametrize("question", ["How many loan applications are there excluding rejected loans?", "贷款申请笔数，不含被拒绝的贷款",
                                      "除了被拒的申请，一共有多少笔贷款申请"])
def test_rows_a_figure_counts_left_out_are_a_value_denied(assistant: Assistant, question: str) -> None:
    """"excluding … rejected loans" was read as the number of rejected loans asked for."""
    (expected,), = rows(assistant, "SELECT count(*) FROM loans WHERE status <> 'rejected'")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["loan_applications"]
    assert answer.rows[0][0] == expected


def test_the_figure_said_after_an_exclusion_of_other_rows_is_still_asked(assistant: Assistant) -> None:
    query = _read(assistant, "excluding mortgages, how many loans are currently outstanding?")
    assert query.metrics == ("outstanding_loans",)
    assert [(f.field, f.op, f.value) for f in query.filters] == [("product_type", "not_in", ("mortgage",))]


@pytest.mark.parametrize("question", ["2025年消费类交易的总金额、笔数和平均单笔金额分别是多少",
                                      "total amount, count and average amount of consumption transactions in 2025",
                                      "2025年消费类交易的交易金额、交易笔数和平均单笔金额"])
def test_the_rows_total_count_and_average_listed_are_all_answered(assistant: Assistant, question: str) -> None:
    """hj032: only the average was given."""
    (total, count, average), = rows(assistant, """SELECT sum(amount), count(*), avg(amount) FROM transactions
        WHERE txn_type = 'consumption' AND txn_time >= TIMESTAMP '2025-01-01' AND txn_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, question)
    figures = dict(zip(answer.columns, answer.rows[0], strict=False))
    assert figures["txn_count"] == count
    assert figures["txn_amount"] == pytest.approx(float(total))
    assert figures["avg_amount__txn_count"] == pytest.approx(average)


def test_an_average_beside_the_rows_named_alone_stays_one_figure(assistant: Assistant) -> None:
    query = _read(assistant, "被拒掉的贷款申请，平均申请金额是多少")
    assert [m.func for m in query.metrics] == ["avg"]


def test_another_figure_too_after_a_question_back_is_asked_back(assistant: Assistant) -> None:
    """hk047: "cost per conversion too?" after a question that was asked back was answered over all campaigns."""
    session = "too-after-a-question-back"
    first = assistant.ask("roi of the purple wealth repurchase campaign?", session=session)
    assert first.status == "clarify"
    second = assistant.ask("cost per conversion too?", session=session)
    assert second.status == "clarify"
    assert "previous question" in second.message


def test_a_season_of_this_year_said_in_english(assistant: Assistant) -> None:
    query = _read(assistant, "roi of this year's summer wealth repurchase campaign?")
    assert (query.time_range.start, query.time_range.end) == (date(2025, 6, 1), date(2025, 8, 31))


def test_active_said_of_a_held_product_is_the_holding(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT count(DISTINCT a.customer_id) FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE a.status = 'active' AND p.product_type = 'large_cd'""")
    answer = ask(assistant, "how many custs hold an active large cd rn")
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize("question", ["有登录的客户按活跃时段分布，看push啥时候发合适", "有登录的客户按活跃时段分布 看push啥时候发合适"])
def test_when_to_push_said_after_a_breakdown_is_its_purpose(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert [g.field for g in query.group_by] == ["active_period"]


def test_the_product_a_push_is_for_said_first_is_scene(assistant: Assistant) -> None:
    query = _read(assistant, "想push消费贷,贷款意向高 且近30天在app上登录过的客户有多少")
    assert {(f.field, f.value) for f in query.filters} >= {("loan_intent", ("high",)), ("event_type", ("login",))}
    assert not any(f.field == "product_type" for f in query.filters)


@pytest.mark.parametrize("question", ["请统计同时满足以下条件的客户数：1）归属华东区域；2）女性；3）风险等级为R4或R5。",
                                      "Count of customers meeting all of the following: (1) region East China; (2) female; (3) risk level R4 or R5."])
def test_numbered_conditions_are_each_a_condition(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, """SELECT count(*) FROM customers c JOIN branches b USING (branch_id)
        WHERE b.region = '华东' AND c.gender = 'female' AND c.risk_level IN ('R4', 'R5')""")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == expected


def test_every_status_in_scope_is_no_breakdown(assistant: Assistant) -> None:
    """hj009's reading once "in scope" was known: "every status" was a breakdown by status."""
    query = _read(assistant, "How many loan applications came in during Q3 2025? Go by application date, every status in scope.")
    assert query.group_by == () and query.filters == ()


@pytest.mark.parametrize("question", ["Deposit-to-loan conversion rate for each month of Q4 2025 (Oct, Nov, Dec), listed in month order.",
                                      "2025年四季度（10、11、12月）每个月的存转贷转化率，按月份先后排列"])
def test_a_quarters_months_restated_in_brackets(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert (query.time_range.start, query.time_range.end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert [(g.field, g.grain) for g in query.group_by] == [("time", "month")]


def test_months_that_are_not_the_quarters_are_kept_and_asked(assistant: Assistant) -> None:
    understanding = assistant.parser.understand("loan applications in Q3 2025 (Jul, Aug, Oct)", Conversation(), _D)
    assert understanding.status != "query"


@pytest.mark.parametrize("question", ["上季度被拒绝的贷款一共多少笔？以决策日期为准。", "近30天的交易总笔数和总金额分别是多少？金额不分收付方向直接加总。"])
def test_how_a_figure_is_counted_said_as_the_definition_does(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert query.group_by == () and query.filters == ()


def test_the_amount_whatever_the_direction_is_no_split(assistant: Assistant) -> None:
    query = _read(assistant, "2025年各交易渠道的交易笔数和交易金额（金额不分方向直接加总）")
    assert [g.field for g in query.group_by] == ["channel"]


def test_dau_undefined_is_never_guessed(assistant: Assistant) -> None:
    """"dau" / "MAU" are the asker's own terms: read when the question says what they mean, else asked about."""
    assert assistant.ask("dau last 7 days", session="dau-undefined").status != "answered"
    assert assistant.ask("MAU by month for 2025", session="mau-undefined").status != "answered"


def test_like_mau_said_beside_the_question(assistant: Assistant) -> None:
    query = _read(assistant, "上个月app端登录过的客户数 类似MAU")
    assert {(f.field, f.value) for f in query.filters} == {("platform", ("app",)), ("event_type", ("login",))}


def test_how_many_loans_outstanding_counts_them(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, "how many loans outstanding")
    assert answer.semantic_query["metrics"] == ["outstanding_loans"]
    assert answer.rows[0][0] == expected


def test_a_bound_per_transaction_is_each_rows_amount(assistant: Assistant) -> None:
    query = _read(assistant, "December 2025 transfer-outs above CNY 50,000 per transaction: count and total amount.")
    assert ("amount", ">", 50000.0) in {(f.field, f.op, f.value) for f in query.filters}


def test_customers_got_through_the_app_are_acquired_there(assistant: Assistant) -> None:
    query = _read(assistant, "how many new custs did we get thru the app this yr?")
    assert query.metrics == ("new_customers",)
    assert [(f.field, f.value) for f in query.filters] == [("acquisition_channel", ("app",))]


def test_never_rejected_is_no_rejected_loan_ever(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM loans WHERE status = 'rejected')")
    answer = ask(assistant, "从没被拒过贷款的客户有多少人")
    assert answer.rows[0][0] == expected


def test_numbers_in_a_question_that_are_no_list_stay(assistant: Assistant) -> None:
    query = _read(assistant, "top 3 branches by new customers in 2025")
    assert query.limit == 3


# What set hm (a customer-insight analyst's own words, written after hj/hk's fixes) found.

@pytest.mark.parametrize("question", ["Of all the loan decisions we made in 2025, what share were approvals?",
                                      "what share of loan decisions in 2025 were approvals"])
def test_a_share_every_row_of_the_figure_has_is_the_models_rate(assistant: Assistant, question: str) -> None:
    """hm014: the share of approvals among the approvals (100 %) was answered."""
    (approved, decided), = rows(assistant, """SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')), count(*)
        FROM loans WHERE decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["loan_approval_rate"]
    assert answer.rows[0][0] == pytest.approx(approved / decided)


def test_holding_some_wealth_products_is_the_holding(assistant: Assistant) -> None:
    """hm061: "hold some wealth products" counted app events about wealth products."""
    (expected,), = rows(assistant, "SELECT count(*) FROM balances_monthly WHERE month = DATE '2025-12-01' AND wealth_balance > 0")
    answer = ask(assistant, "how many customers hold some wealth products")
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert answer.rows[0][0] == expected


def test_this_group_said_in_a_follow_up_keeps_its_conditions(assistant: Assistant) -> None:
    session = "this-group-follow-up"
    ask(assistant, "只有存款、没有贷款、而且年龄在55岁及以上的这群客户有多少人？", session=session)
    answer = ask(assistant, "这群人平均每人的管理资产是多少？", session=session)
    assert {f["field"] for f in answer.semantic_query["filters"]} == {"holding_structure", "age_band"}


@pytest.mark.parametrize("question", ["目前持有生效中大额存单的客户有多少人？", "how many custs hold an active large cd rn"])
def test_a_product_in_force_held(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert [(r.metric, r.filters[0].value) for r in query.customer_rows] == [("held_deposit_accounts", ("large_cd",))]


def test_loans_overdue_right_now(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    answer = ask(assistant, "现在有多少位客户名下有正在逾期的贷款？")
    assert answer.rows[0][0] == expected


@pytest.mark.parametrize("question", ["How does median AUM compare between payroll customers and everyone else?",
                                      "median AUM: payroll customers vs the rest", "代发客户和其他客户的AUM中位数对比"])
def test_everyone_else_is_the_customers_who_are_not(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert [g.field for g in query.group_by] == ["is_payroll"] and query.filters == ()


def test_one_figure_per_unit_of_another_is_the_models_ratio(assistant: Assistant) -> None:
    query = _read(assistant, "For the campaigns we launched in 2025, what was the overall return — total converted amount per yuan of campaign cost?")
    assert query.metrics == ("roi",)


def test_a_rate_minus_another_rate_is_no_rows_left_out(assistant: Assistant) -> None:
    query = _read(assistant, "overall uplift across all campaigns pooled (treatment conv rate minus control conv rate)?")
    assert set(query.metrics) == {"uplift", "campaign_conversion_rate", "control_conversion_rate"} and query.filters == ()


def test_an_active_time_deposit_is_no_active_period(assistant: Assistant) -> None:
    (expected,), = rows(assistant, """SELECT count(DISTINCT a.customer_id) FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE a.status = 'active' AND p.product_type = 'time_deposit'""")
    answer = ask(assistant, "How many customers currently hold an active time deposit? (plain 定期, not large CDs)")
    assert answer.rows[0][0] == expected


def test_an_age_profile_is_the_customers_by_age_band(assistant: Assistant) -> None:
    query = _read(assistant, "Could you give me the age profile of our customer base — how many customers in each age bracket?")
    assert [g.field for g in query.group_by] == ["age_band"]


@pytest.mark.parametrize("question", ["Loan applications in 2025: how many, and total amount requested?",
                                      "Loan applications in 2025 that ended up rejected: how many, and total amount?"])
def test_how_many_said_after_the_rows_is_their_count_beside_the_total(assistant: Assistant, question: str) -> None:
    """hl052's kin: the count was dropped, and "amount requested" became a condition of an amount of at least 1."""
    rejected = "rejected" in question
    (count, total), = rows(assistant, f"""SELECT count(*), sum(amount) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01'
        AND DATE '2025-12-31' {"AND status = 'rejected'" if rejected else ""}""")
    answer = ask(assistant, question)
    assert answer.semantic_query.get("filters", []) == ([{"field": "loan_status", "op": "in", "value": ["rejected"]}] if rejected else [])
    assert answer.rows[0][:2] == [count, pytest.approx(float(total))]


@pytest.mark.parametrize(("question", "fractions"), [("年收入的第75百分位数是多少", [0.75]), ("高价值客户的年收入，第25和第75百分位数分别是多少？", [0.25, 0.75]),
                                                     ("25th and 75th percentile of annual income", [0.25, 0.75])])
def test_percentiles_said_with_their_ordinals(assistant: Assistant, question: str, fractions: list[float]) -> None:
    """hm062: "第25和第75百分位数" was not read."""
    query = _read(assistant, question)
    assert [(m.func, m.field, m.percentile) for m in query.metrics] == [("percentile", "annual_income", f) for f in fractions]


@pytest.mark.parametrize("question", ["收入5万以下、5-10万、10-30万、30万以上的客户各多少",
                                      "how many customers in each income band: under 50k, 50k to 100k, 100k to 300k and 300k plus"])
def test_every_income_band_listed_with_its_bounds(assistant: Assistant, question: str) -> None:
    """Both were answered with contradictory or missing bands."""
    expected = dict(rows(assistant, """SELECT CASE WHEN annual_income < 50000 THEN '<50k' WHEN annual_income < 100000 THEN '50k-100k'
        WHEN annual_income < 300000 THEN '100k-300k' ELSE '300k+' END, count(*) FROM customers GROUP BY 1"""))
    answer = ask(assistant, question)
    assert {r[0]: r[1] for r in answer.rows} == expected


# What sets hn (a loan-operations supervisor's dates) and ho (a marketing analyst's purpose said first) found.

@pytest.mark.parametrize("question", ["上个月批了多少笔贷款？", "how many loans got approved last month"])
def test_loans_approved_are_the_approvals_by_their_decision_date(assistant: Assistant, question: str) -> None:
    """hn001: the applications made last month that were approved were counted, not the approvals made last month."""
    (expected,), = rows(assistant, """SELECT count(*) FROM loans WHERE decision_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'
        AND status IN ('approved', 'disbursed', 'settled')""")
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["loan_approvals"]
    assert answer.rows[0][0] == expected


def test_applications_of_a_period_that_were_approved_stay_applications(assistant: Assistant) -> None:
    query = _read(assistant, "上个月申请的贷款里批了多少笔")
    assert query.metrics == ("loan_applications",)


@pytest.mark.parametrize(("question", "start", "end"), [("Q3 25 放款金额多少", date(2025, 7, 1), date(2025, 9, 30)),
                                                        ("median requested amount on loan applications in Q3 25?", date(2025, 7, 1), date(2025, 9, 30)),
                                                        ("H2 25 disbursements", date(2025, 7, 1), date(2025, 12, 31)),
                                                        ("10/1-12/31 一共放了几笔款？", date(2025, 10, 1), date(2025, 12, 31)),
                                                        ("loan disbursements 10/1-12/31", date(2025, 10, 1), date(2025, 12, 31)),
                                                        ("disbursements from 2025/7/1 to 2025/9/30", date(2025, 7, 1), date(2025, 9, 30))])
def test_periods_written_short(assistant: Assistant, question: str, start: date, end: date) -> None:
    query = _read(assistant, question)
    assert (query.time_range.start, query.time_range.end) == (start, end)


@pytest.mark.parametrize("question", ["为筹备年末代发客户专项营销活动，请统计截至2025年末我行代发工资客户的总人数。",
                                      "我们考虑对存款波动较大的客户开展稳存营销，请问目前被标记为“存款波动大”的客户共有多少位？",
                                      "Before we budget the reactivation programme, how many customers are payroll customers?"])
def test_what_the_answer_is_for_said_first_is_scene(assistant: Assistant, question: str) -> None:
    query = _read(assistant, question)
    assert query.metrics == ("customer_count",) and len(query.filters) == 1


def test_whom_a_plan_said_first_names_is_asked_when_not_said_again(assistant: Assistant) -> None:
    """The purpose's own customers may be those counted: asked about, never dropped."""
    understanding = assistant.parser.understand("为年末沉睡客户激活做准备，请统计高价值客户有多少人", Conversation(), _D)
    assert understanding.status != "query"


def test_the_same_figure_said_again_of_the_whole_customer_base(assistant: Assistant) -> None:
    """ho040: the payroll customers' average was given beside the number of customers, with no overall average."""
    query = _read(assistant, "how does the average AUM per customer of our payroll customers compare with the average AUM per customer "
                             "across the whole customer base, as of the end of December 2025?")
    assert query.benchmark is not None and [(f.field, f.value) for f in query.benchmark.part] == [("is_payroll", True)]


def test_a_second_function_asked_after_the_first_in_a_clause_of_its_own(assistant: Assistant) -> None:
    """hn031: "最长逾期了多少天？平均逾期多少天？" — the longest was not placed."""
    (longest, average), = rows(assistant, "SELECT max(overdue_days), avg(overdue_days) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    answer = ask(assistant, "逾期的那些贷款，最长逾期了多少天？平均逾期多少天？")
    assert answer.rows[0][:2] == [longest, pytest.approx(average)]


# What sets hp (a wealth product manager) and hq (a junior analyst's short questions) found.

def test_how_much_money_is_that_after_a_count_of_loans(assistant: Assistant) -> None:
    """hq016: "money … in" was read as the inflowing transactions, then refused beside the loans' status."""
    (expected,), = rows(assistant, "SELECT sum(amount) FROM loans WHERE status = 'rejected'")
    session = "money-is-that"
    ask(assistant, "how many loan applications were rejected", session=session)
    answer = ask(assistant, "how much money is that in total", session=session)
    assert answer.rows[0][0] == pytest.approx(float(expected))


@pytest.mark.parametrize(("question", "direction"), [("how much money came in last month", "in"), ("how much money went out last month", "out")])
def test_money_coming_in_or_going_out(assistant: Assistant, question: str, direction: str) -> None:
    query = _read(assistant, question)
    assert [(f.field, f.value) for f in query.filters] == [("direction", (direction,))]


def test_a_wealth_or_fund_position_is_the_holding(assistant: Assistant) -> None:
    query = _read(assistant, "how many clients are holding any wealth / fund position right now?")
    assert [(f.field, f.value) for f in query.filters] == [("has_wealth", True)]


@pytest.mark.parametrize("question", ["For the 2025 review deck, how many new customers by region?", "为2025年复盘做准备，请统计各区域的客户数"])
def test_a_period_said_only_in_the_scene_is_asked_about(assistant: Assistant, question: str) -> None:
    """The period of "the 2025 review deck" was dropped with the scene and the question answered over all the data."""
    understanding = assistant.parser.understand(question, Conversation(), _D)
    assert understanding.status == "clarify" and "2025" in understanding.message_en + understanding.message_zh


def test_a_period_said_again_in_the_question_is_read(assistant: Assistant) -> None:
    query = _read(assistant, "For the 2025 review deck, how many new customers by region in 2025?")
    assert (query.time_range.start, query.time_range.end) == (date(2025, 1, 1), date(2025, 12, 31))
