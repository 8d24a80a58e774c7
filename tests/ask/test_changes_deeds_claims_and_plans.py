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
