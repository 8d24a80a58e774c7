"""Words the sets fs (a loan-campaign planner) and ft (an internal auditor re-checking last month's report) answered
wrong or asked back on their first run, and two readings of set fr left from the last sitting: the customers who did
something, said as a deed ("申请过贷款的客户", "the customers we rejected for a loan") with an average of theirs asked — those
customers' average, never everyone's average beside a count of the deeds; a field the lexicon found and the reading
left out ("近30天查过贷款的客户里…") is asked about, never dropped; two values joined by "+" ("贷款查询+贷款试算的次数");
a value saying the rows are not so ("尚未放款的贷款") names no figure of the rows that are; "approved but not yet
disbursed" says more than "approved"; a figure said to be so, to be checked ("报告称…逾期率约为4.9%，请帮我复核一下") is
the figure asked, never a condition on it; a value read through a field in brackets after its own word ("上海地区（按客户
归属网点）"); a plan named as the occasion ("for the Q1 plan"); a gapped name never spans a grain word ("log each month"
is no login); "把所有职业排一下" ranks every group. Each number on the small generated mart is checked against
hand-written SQL."""

from __future__ import annotations

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, column, rows

from assistant.answer import Assistant

#: a campaign's conversion rate (delivered treatment rows) and its control group's, over campaign_touches aliased t
_TREATED = ("count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL) * 1.0 "
            "/ count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered)")
_CONTROL = ("count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL) * 1.0 "
            "/ count(*) FILTER (WHERE t.group_type = 'control')")

_APPLIED_2025 = "SELECT customer_id FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"
_REJECTED_2025 = "SELECT customer_id FROM loans WHERE status = 'rejected' AND decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"


@pytest.mark.parametrize(("question", "who"), [
    ("2025年申请过贷款的客户平均年收入", _APPLIED_2025),
    ("average annual income of customers who applied for a loan in 2025", _APPLIED_2025),
    ("What's the average declared annual income of the customers we rejected for a loan in 2025?", _REJECTED_2025),
])
def test_an_average_of_the_customers_who_did_something_is_theirs(assistant: Assistant, question: str, who: str) -> None:
    (expected,), = rows(assistant, f"SELECT avg(annual_income) FROM customers WHERE customer_id IN ({who})")
    answer = ask(assistant, question)
    assert len(answer.rows) == 1 and len(answer.rows[0]) <= 3  # the average (and what it is over), no count of the deeds
    assert answer.rows[0][0] == pytest.approx(expected)


def test_a_count_of_the_customers_who_did_something_keeps_what_they_did_it_on(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM loans JOIN products USING (product_id) "
                                   "WHERE product_type = 'consumer_loan' AND apply_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'")
    answer = ask(assistant, "Quick one for the Q1 plan: how many customers applied for a consumer loan in Q3 2025?")
    assert answer.rows[0][-1] == expected


_INQUIRED = ("SELECT customer_id FROM app_events WHERE event_type IN ('loan_inquiry', 'loan_calculator') "
             "AND CAST(event_time AS DATE) BETWEEN DATE '2025-12-02' AND DATE '2025-12-31'")


def test_customers_who_did_what_a_count_tag_counts_are_those_with_one_or_more(assistant: Assistant) -> None:
    (part, base), = rows(assistant, "SELECT count(*) FILTER (WHERE deposit_balance > 0 AND loan_balance = 0), count(*) "
                                    f"FROM balances_monthly WHERE month = DATE '2025-12-01' AND customer_id IN ({_INQUIRED})")
    answer = ask(assistant, "近30天查过贷款的客户里(查询、试算都算),只存不贷的占多少?")
    assert answer.rows[0][-2:] == [part, base]


def test_a_field_found_and_left_out_is_asked_about(assistant: Assistant) -> None:
    from assistant.parse.checking.coverage import Reading, unplaced_words
    from assistant.parse.reading.frame import read_frame
    from semantic_layer.query import SemanticQuery

    parser = assistant.parser
    while not hasattr(parser, "lexicon"):
        parser = parser.rules
    text = "近30天查过贷款的客户里,只存不贷的占多少?"
    frame = read_frame(text, parser.model, parser.lexicon, None)
    share_only = SemanticQuery.model_validate({"metrics": ["customer_count"],
                                               "share": {"part": [{"field": "holding_structure", "op": "in", "value": ["deposit_only"]}]}})
    assert "查过贷款" in unplaced_words(frame, Reading(share_only, False), parser.model)


def test_two_values_joined_by_plus_are_both_counted(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT date_trunc('month', event_time)::DATE, count(*) FROM app_events WHERE event_type IN "
                               "('loan_inquiry', 'loan_calculator') AND event_time >= TIMESTAMP '2025-01-01' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "今年每个月贷款查询+贷款试算的次数,按月列一下")
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]


@pytest.mark.parametrize("question", ["目前已审批通过但尚未放款的贷款还有几笔？", "approved but not yet disbursed loans, how many?"])
def test_rows_said_not_to_be_so_name_no_figure_of_those_that_are(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'approved'")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == expected > 0


def test_a_figure_said_to_be_so_is_checked_not_filtered_on(assistant: Assistant) -> None:
    (overdue, outstanding), = rows(assistant, "SELECT count(*) FILTER (WHERE overdue_days > 0), count(*) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, "管理报告称截至2025年12月31日全行贷款逾期率约为4.9%，请按在贷笔数口径帮我复核一下实际是多少。")
    assert answer.rows[0][0] == pytest.approx(overdue / outstanding)
    assert not answer.semantic_query.get("filters")


def test_a_condition_on_a_rate_is_still_a_condition(assistant: Assistant) -> None:
    answer = ask(assistant, "逾期率超过5%的网点有哪些")
    assert answer.semantic_query["filters"] == [{"field": "overdue_rate", "op": ">", "value": 0.05}]
    assert all(r[1] > 0.05 for r in answer.rows)
    checked = ask(assistant, "帮我确认一下逾期率为0的网点有哪些")  # a check asked of groups with a figure: still their condition
    assert checked.semantic_query["filters"] == [{"field": "overdue_rate", "value": 0.0}] and all(r[1] == 0 for r in checked.rows)


def test_a_value_read_through_a_field_in_brackets_after_its_word_is_no_breakdown(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, "SELECT sum(m.deposit_balance) FILTER (WHERE b.city = '上海'), sum(m.deposit_balance) "
                                     "FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                                     "WHERE m.month = DATE '2025-11-01'")
    answer = ask(assistant, "2025年11月末存款时点余额中，上海地区（按客户归属网点）占全行的比重是多少？")
    assert len(answer.rows) == 1 and column(answer, "deposit_balance_share")[None] == pytest.approx(float(part) / float(whole))


def test_a_plan_named_as_the_occasion_sets_no_period(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT count(*) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' "
                               "GROUP BY date_trunc('month', apply_date) ORDER BY date_trunc('month', apply_date)")
    answer = ask(assistant, "For the Q1 plan I want to see seasonality - number of loan applications month by month for 2025, please.")
    assert [r[-1] for r in answer.rows] == [n for n, in expected]


def test_a_gapped_name_never_spans_a_grain_word(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT count(*) FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-07-01' "
                               "GROUP BY date_trunc('month', event_time) ORDER BY date_trunc('month', event_time)")
    answer = ask(assistant, "How many login events did we log each month in H2 2025")
    assert [r[-1] for r in answer.rows] == [n for n, in expected]


def test_ranking_them_all_lists_every_group(assistant: Assistant) -> None:
    (groups,), = rows(assistant, "SELECT count(DISTINCT occupation) FROM customers c JOIN loans l USING (customer_id) WHERE l.status = 'disbursed'")
    answer = ask(assistant, "哪个职业的逾期率最高?把所有职业排一下")
    assert len(answer.rows) == groups > 1
    rates = [r[1] for r in answer.rows]
    assert rates == sorted(rates, reverse=True)


def test_a_value_said_of_its_own_rows_is_no_piece_of_a_figures_name(assistant: Assistant) -> None:
    """"the deposit-to-loan campaigns … the conversion rate": the campaigns' objective, not 存贷转化率 split in two."""
    expected = dict(rows(assistant, f"SELECT t.channel, {_TREATED} FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                                    "WHERE c.objective = 'deposit_to_loan' GROUP BY 1"))
    answer = ask(assistant, "Looking at the deposit-to-loan campaigns overall, how did the conversion rate look for each touch channel?")
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)


@pytest.mark.parametrize("question", ["how many customers had a loan rejected in 2025?",
                                      "Of the customers who had a loan rejected in 2025, what percentage are payroll customers?"])
def test_a_holding_said_right_before_a_value_of_its_rows_is_those_rows(assistant: Assistant, question: str) -> None:
    """"had *a loan* rejected": the loan rejected, not customers who hold a loan today."""
    (payroll, rejected), = rows(assistant, "SELECT count(*) FILTER (WHERE is_payroll), count(*) FROM customers WHERE customer_id IN "
                                           f"({_REJECTED_2025})")
    answer = ask(assistant, question)
    assert answer.rows[0][-1] == rejected
    if "percentage" in question:
        assert answer.rows[0][-2] == payroll


@pytest.mark.parametrize("question", ["How many married customers aged 35 to 44 with at least a bachelor's degree are payroll customers?",
                                      "35到44岁、至少本科学历的已婚代发客户有多少"])
def test_a_bound_said_before_an_ordered_value_takes_the_values_above_it(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE marital_status = 'married' AND is_payroll "
                                   "AND 2025 - year(birth_date) BETWEEN 35 AND 44 "  # (every birthday has passed by 31 December)
                                   "AND education IN ('bachelor', 'master_or_above')")
    answer = ask(assistant, question)
    assert answer.rows[0][-1] == expected


def test_a_negation_spreads_over_values_listed_with_their_glosses(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers JOIN branches USING (branch_id) WHERE region NOT IN ('华东', '华南')")
    answer = ask(assistant, "How many customers do we have outside East China (华东) and South China (华南)?")
    assert answer.rows[0][-1] == expected


def test_a_part_counted_after_an_average_of_all_the_rows_is_asked_about(assistant: Assistant) -> None:
    """The average of all December purchases and the count of those over 10k are two sets of rows: asked back, never the
    average of the big ones."""
    answer = assistant.ask("12月的消费类交易，平均一笔多少钱？单笔超过1万的有多少笔？", session="part-after-average")
    assert answer.status == "clarify" and "单笔超过1万的有多少笔" in answer.message
    shared = ask(assistant, "12月的消费类交易一共多少笔，其中单笔超过1万的有多少笔")  # a part of the same rows: still answered
    (part, whole), = rows(assistant, "SELECT count(*) FILTER (WHERE amount > 10000), count(*) FROM transactions WHERE txn_type = 'consumption' "
                                     "AND txn_time >= TIMESTAMP '2025-12-01'")
    assert shared.rows[0][-2:] == [part, whole]


def test_a_breakdown_named_before_stays_when_a_place_names_its_rows_again(assistant: Assistant) -> None:
    """"Top 5 branches …, excluding the Shanghai branches": the branches ranked, Shanghai's left out."""
    expected = rows(assistant, "SELECT b.branch_name, sum(m.deposit_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                               "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city <> '上海' GROUP BY 1 ORDER BY 2 DESC LIMIT 5")
    answer = ask(assistant, "Top 5 branches by deposit balance at the end of 2025, excluding the Shanghai branches.")
    assert [(r[0], pytest.approx(r[-1])) for r in answer.rows] == [(n, pytest.approx(float(v))) for n, v in expected]


def test_which_n_before_a_counts_name_asks_for_the_things_themselves(assistant: Assistant) -> None:
    """"Which 3 campaigns launched in 2025 …": the campaigns ranked, never the number of campaigns."""
    uplift = rows(assistant, f"SELECT c.campaign_name, {_TREATED} - {_CONTROL} AS u FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                             "WHERE c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY u DESC LIMIT 3")
    answer = ask(assistant, "Which 3 campaigns launched in 2025 had the highest uplift over their control groups?")
    assert [(r[0], r[1]) for r in answer.rows] == [(n, pytest.approx(u)) for n, u in uplift]
    (launched,), = rows(assistant, "SELECT count(*) FROM campaigns WHERE start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert launched >= 3
    counted = ask(assistant, "how many campaigns launched in 2025?")
    assert counted.rows[0][0] == launched


def test_a_rate_put_next_to_the_control_groups_is_both_rates(assistant: Assistant) -> None:
    (name,), = rows(assistant, "SELECT campaign_name FROM campaigns WHERE objective = 'dormant_wakeup' ORDER BY start_date LIMIT 1")
    (treated, control), = rows(assistant, f"SELECT {_TREATED}, {_CONTROL} FROM campaign_touches t JOIN campaigns USING (campaign_id) "
                                          f"WHERE campaign_name = '{name}'")
    answer = ask(assistant, f"For {name}, put the conversion rate of the people we actually reached next to the hold-out (control) group's.")
    assert answer.semantic_query["metrics"] == ["campaign_conversion_rate", "control_conversion_rate"]
    assert answer.rows[0][1:3] == [pytest.approx(treated), pytest.approx(control)]


@pytest.mark.parametrize("question", ["How many customers have WeChat as their go-to channel for transactions?",
                                      "How many customers have WeChat as their preferred channel for transactions?",
                                      "有多少客户把微信作为交易偏好渠道"])
def test_a_value_said_to_be_a_customers_tag_is_that_tags_value(assistant: Assistant, question: str) -> None:
    """The preferred channel (the channel of most transactions over the last 90 days), never everyone who ever transacted there."""
    (expected,), = rows(assistant, "WITH c AS (SELECT customer_id, channel, count(*) AS n FROM transactions "
                                   "WHERE CAST(txn_time AS DATE) BETWEEN DATE '2025-10-03' AND DATE '2025-12-31' GROUP BY 1, 2), "
                                   "top AS (SELECT customer_id, channel AS ch FROM c QUALIFY row_number() OVER (PARTITION BY customer_id "
                                   "ORDER BY n DESC, channel) = 1) SELECT count(*) FROM top WHERE ch = 'wechat'")
    answer = ask(assistant, question)
    assert answer.rows[0][-1] == expected


@pytest.mark.parametrize(("said", "span"), [("今年10月、11月、12月，每个月的", ("2025-10-01", "2025-12-31")),
                                           ("2025年7月、8月、9月", ("2025-07-01", "2025-09-30"))])
def test_months_listed_each_with_its_own_month_word_are_their_span(said: str, span: tuple[str, str]) -> None:
    from datetime import date

    from assistant.recognise.time import find_time_ranges

    found = find_time_ranges(said, date(2025, 12, 31))
    assert [(str(t.start), str(t.end)) for t in found] == [span]
    skipped = find_time_ranges("今年10月、12月", date(2025, 12, 31))  # months that skip one are two months, no span
    assert [(str(t.start), str(t.end)) for t in skipped] == [("2025-10-01", "2025-10-31"), ("2025-12-01", "2025-12-31")]


def test_a_single_amount_is_one_rows_amount_never_a_marital_status(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(amount) FROM transactions WHERE direction = 'out' AND channel = 'counter' AND amount > 50000 "
                                   "AND txn_time >= TIMESTAMP '2025-01-01'")
    answer = ask(assistant, "sum of amount for outgoing transactions at the counter, single amount over 50,000, in 2025")
    assert answer.rows[0][0] == pytest.approx(float(expected))
    married = ask(assistant, "how many single customers have a mortgage")  # a person said single is still unmarried
    assert {"field": "marital_status", "op": "in", "value": ["single"]} in married.semantic_query["filters"]


@pytest.mark.parametrize(("question", "where", "n"), [
    ("top 5 branches by deposit balance, sorted desc", "", 5),
    ("rank our chengdu branches by AUM, biggest first", "AND b.city = '成都'", None),
])
def test_a_ranking_said_first_keeps_the_groups_it_ranks(assistant: Assistant, question: str, where: str, n: int | None) -> None:
    figure = "m.deposit_balance" if "deposit" in question else "m.deposit_balance + m.wealth_balance"
    expected = rows(assistant, f"SELECT b.branch_name, sum({figure}) AS v FROM balances_monthly m JOIN customers c USING (customer_id) "
                               f"JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' {where} GROUP BY 1 ORDER BY v DESC, 1"
                               + (f" LIMIT {n}" if n else ""))
    answer = ask(assistant, question)
    assert [r[0] for r in answer.rows] == [name for name, _ in expected]


def test_the_metric_switched_keeps_the_rest_of_the_question(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT b.region, sum(m.deposit_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                               "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1 ORDER BY 2 DESC")
    ask(assistant, "维度:区域;指标:本月末贷款余额汇总,按金额降序出一下", session="switch-metric")
    answer = ask(assistant, "指标换成存款时点余额,其他不变", session="switch-metric")
    assert [(r[0], pytest.approx(r[1])) for r in answer.rows] == [(name, pytest.approx(float(v))) for name, v in expected]


def test_comparison_and_order_words_of_a_breakdown_are_placed(assistant: Assistant) -> None:
    rates = rows(assistant, "SELECT c.is_payroll, count(*) FILTER (WHERE l.overdue_days > 0) * 1.0 / count(*) FROM loans l JOIN customers c "
                            "USING (customer_id) WHERE l.status = 'disbursed' GROUP BY 1")
    answer = ask(assistant, "Overdue rate for payroll customers compared with non-payroll customers")
    assert sorted(r[1] for r in answer.rows) == pytest.approx(sorted(r for _, r in rates))
    quarters = rows(assistant, "SELECT count(*) FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-01-01' "
                               "GROUP BY date_trunc('quarter', event_time) ORDER BY date_trunc('quarter', event_time)")
    answer = ask(assistant, "Login event count for each quarter of 2025, in quarter order")
    assert [r[-1] for r in answer.rows] == [n for n, in quarters]


def test_values_listed_then_their_fields_name_are_examples_of_every_group(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT region, count(*) FROM customers JOIN branches USING (branch_id) GROUP BY 1"))
    answer = ask(assistant, "华东、华北等大区各有多少客户")
    assert {r[0]: r[-1] for r in answer.rows} == expected
    these = assistant.ask("华东、华北、华南这些大区，现在各有多少客户？", session="these-regions")  # these three, or examples of all seven?
    assert these.status == "clarify" and "这些大区" in these.message


@pytest.mark.parametrize("question", ["Top 10 branches by amount disbursed in 2025 (borrower's home branch).",
                                      "Which 5 cities have the highest overdue rate on outstanding loans? Use the borrower's home-branch city."])
def test_the_borrower_named_as_whose_branch_is_no_condition(assistant: Assistant, question: str) -> None:
    if "disbursed" in question:
        sql = ("SELECT b.branch_name, sum(l.amount) AS v FROM loans l JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
               "WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY v DESC, 1 LIMIT 10")
    else:
        sql = ("SELECT b.city, count(*) FILTER (WHERE l.overdue_days > 0) * 1.0 / count(*) AS v FROM loans l JOIN customers c USING (customer_id) "
               "JOIN branches b USING (branch_id) WHERE l.status = 'disbursed' GROUP BY 1 ORDER BY v DESC, 1 LIMIT 5")
    expected = rows(assistant, sql)
    answer = ask(assistant, question)
    assert [(r[0], pytest.approx(float(r[1]))) for r in answer.rows] == [(n, pytest.approx(float(v))) for n, v in expected]
    borrowers = ask(assistant, "how many borrowers in Shanghai?")  # borrowers counted are still those with a loan
    assert {"field": "has_loan", "value": True} in borrowers.semantic_query["filters"]


def test_a_part_counted_before_what_it_is_keeps_the_whole(assistant: Assistant) -> None:
    (outstanding, overdue), = rows(assistant, "SELECT count(*), count(*) FILTER (WHERE overdue_days > 0) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, "在贷的贷款有多少笔，其中多少笔逾期？")
    assert answer.rows[0][:2] == [outstanding, overdue]


@pytest.mark.parametrize("question", ["定期(含大额存单)账户有多少个", "time deposits (incl. large CDs) opened in 2025, how many?"])
def test_a_value_included_in_brackets_widens_the_value_before_it(assistant: Assistant, question: str) -> None:
    opened = " AND open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'" if "2025" in question else ""
    (expected,), = rows(assistant, f"SELECT count(*) FROM deposit_accounts JOIN products USING (product_id) "
                                   f"WHERE product_type IN ('time_deposit', 'large_cd'){opened}")
    answer = ask(assistant, question)
    assert answer.rows[0][-1] == expected


def test_a_tables_noun_after_a_value_of_its_rows_is_no_breakdown(assistant: Assistant) -> None:
    """"uplift of deposit-to-loan campaigns compared with wealth repurchase campaigns": one row an objective."""
    expected = dict(rows(assistant, f"SELECT c.objective, {_TREATED} - {_CONTROL} FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                                    "WHERE c.objective IN ('deposit_to_loan', 'wealth_repurchase') GROUP BY 1"))
    answer = ask(assistant, "uplift of deposit-to-loan campaigns compared with wealth repurchase campaigns")
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)
    each = ask(assistant, "uplift of each deposit-to-loan campaign")  # "each … campaign": one row a campaign
    assert each.semantic_query["group_by"] == [{"field": "campaign"}]


@pytest.mark.parametrize("question", ["how many branches in Shanghai?", "上海的网点有多少个"])
def test_branches_counted_are_never_the_customers_of_that_place(assistant: Assistant, question: str) -> None:
    """The model counts no branches: asked back, never the number of Shanghai's customers."""
    answer = assistant.ask(question, session=question)
    assert answer.status == "clarify"
    kept = ask(assistant, "成都那几个网点的代发客户有多少")  # "那几个网点": whose customers, still answered
    (expected,), = rows(assistant, "SELECT count(*) FROM customers JOIN branches USING (branch_id) WHERE city = '成都' AND is_payroll")
    assert kept.rows[0][-1] == expected


def test_a_count_asked_of_a_singular_noun_counts_the_people(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM survey_responses")
    answer = ask(assistant, "how many customer have fill in our survey?")
    assert answer.rows[0][-1] == expected


def test_two_states_listed_as_counting_too_leave_no_condition(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT avg(amount) FROM loans WHERE status IN ('disbursed', 'settled')")
    answer = ask(assistant, "放了款的贷款，平均一笔借了多少钱？现在还在还的和已经还清的都算上。")
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_every_value_of_a_field_listed_in_a_how_many_is_one_row_each(assistant: Assistant) -> None:
    answer = ask(assistant, "How many customer is very active, medium, low or not active at all in logging in? Base on the last 30 days.")
    assert answer.semantic_query["group_by"] == [{"field": "activity_level"}] and len(answer.rows) == 4
    (total,), = rows(assistant, "SELECT count(*) FROM customers")
    assert sum(r[-1] for r in answer.rows) == total


def test_a_part_asked_among_those_just_counted_keeps_the_whole(assistant: Assistant) -> None:
    """"很久没来的客户…现在有多少人？里面代发的又有多少？": the dormant customers and, of them, the payroll ones — both numbers."""
    answer = ask(assistant, "很久没来的客户（系统里算沉睡的那种，已经流失的不算），现在有多少人？里面工资在我们这儿代发的又有多少？")
    assert answer.semantic_query["share"]["part"] == [{"field": "is_payroll", "value": True}]
    assert {"field": "lifecycle_stage", "op": "in", "value": ["dormant"]} in answer.semantic_query["filters"]
    part, whole = answer.rows[0][-2:]
    assert 0 < part < whole


@pytest.mark.parametrize(("question", "where"), [("How many female customer younger than 25 who came to us through wechat?",
                                                  "gender = 'female' AND acquisition_channel = 'wechat' AND 2025 - year(birth_date) < 25"),
                                                 ("不是代发的客户有多少", "NOT is_payroll")])
def test_everyday_words_for_tags(assistant: Assistant, question: str, where: str) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM customers WHERE {where}")
    answer = ask(assistant, question)
    assert answer.rows[0][-1] == expected


def test_every_value_listed_with_these_is_the_breakdown_and_a_few_branches_are_no_count(assistant: Assistant) -> None:
    answer = ask(assistant, "现在新客、活跃、沉睡、流失这几个生命周期阶段各有多少客户？")  # all four listed: no "these only" to ask about
    assert len(answer.rows) == 4
    (expected,), = rows(assistant, "SELECT sum(m.loan_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                                   "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city = '成都'")
    several = ask(assistant, "成都几个支行加起来，12月末贷款余额多少")  # "几个支行" are Chengdu's branches, not a count asked
    assert several.rows[0][-1] == pytest.approx(float(expected))
