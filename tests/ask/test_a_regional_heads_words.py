"""Words of sets ds to dv (a regional head for South China, a strategy analyst who asks for tables, a campaign
manager, an operations analyst): "深圳客户里高价值客户占比" takes 深圳's customers as the base (客户价值 was read
across the 里); "给个数就行" asks for the figure (给 is no survey's score); customers who transacted, split by a
field, are counted once each; "best to worst" ranks from the best; "哪三个月…最低" keeps three months; "For the
存转贷 push:" and "下一波想做存转贷," say what the answer is for; CVR and SC are the model's names; a wish for two
decimals or one row per month is no condition; and "把…余额改高一点" is refused. Each number on the small
generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_BRANCH = "JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)"
_DEC = "balances_monthly m WHERE m.month = DATE '2025-12-01'"


def test_a_share_within_a_city_takes_the_city_as_base(assistant: Assistant) -> None:
    (high, everyone), = rows(assistant, f"SELECT count(*) FILTER (WHERE m.deposit_balance + m.wealth_balance >= 500000), count(*) "
                                        f"FROM balances_monthly m {_BRANCH} WHERE m.month = DATE '2025-12-01' AND b.city = '上海'")
    answer = ask(assistant, "上海客户里高价值客户占比?")
    share = answer.rows[0][answer.column_roles.index("share")]
    assert share == pytest.approx(high / everyone)


def test_asking_for_the_figure_is_no_survey(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM customers WHERE is_payroll")
    answer = ask(assistant, "帮我拉一下目前代发工资客户一共多少户，给个数就行")
    assert answer.rows == [[n]]


@pytest.mark.parametrize("question", [
    "Among 华东 customers who transacted in the last 90 days, how do they split by gender?",
    "华东近90天有交易的客户按性别分布",
])
def test_customers_split_by_a_field_are_counted_once(assistant: Assistant, question: str) -> None:
    expected = dict(rows(assistant, f"SELECT c.gender, count(DISTINCT t.customer_id) FROM transactions t {_BRANCH} "
                                    "WHERE b.region = '华东' AND t.txn_time >= TIMESTAMP '2025-10-03' AND t.txn_time < TIMESTAMP '2026-01-01' "
                                    "GROUP BY 1"))
    answer = ask(assistant, question)
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_best_to_worst_ranks_from_the_best(assistant: Assistant) -> None:
    answer = ask(assistant, "rank every campaign by uplift, best to worst")
    uplift = [r[answer.columns.index("uplift")] for r in answer.rows]
    assert len(uplift) > 2 and uplift == sorted(uplift, reverse=True)


def test_which_three_months_keeps_three(assistant: Assistant) -> None:
    monthly = rows(assistant, "SELECT date_trunc('month', apply_date), count(*) FROM loans WHERE apply_date >= DATE '2025-01-01' "
                              "AND apply_date < DATE '2026-01-01' GROUP BY 1 ORDER BY 2, 1")
    answer = ask(assistant, "2025年哪三个月的贷款申请笔数最少？")
    assert [r[1] for r in answer.rows] == [n for _, n in monthly[:3]]


@pytest.mark.parametrize("question", [
    "For the 存转贷 push: how many deposit-only customers are there in 华东?",
    "下一波想做存转贷, 现在华东只存不贷的客户有多少人?",
])
def test_what_the_answer_is_for_sets_no_condition(assistant: Assistant, question: str) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM {_DEC} AND m.deposit_balance > 0 AND m.loan_balance = 0 "
                            "AND m.customer_id IN (SELECT customer_id FROM customers JOIN branches USING (branch_id) WHERE region = '华东')")
    assert ask(assistant, question).rows == [[n]]


def test_a_campaign_named_after_for_the_is_still_asked_about(assistant: Assistant) -> None:
    (name,), = rows(assistant, "SELECT campaign_name FROM campaigns ORDER BY campaign_id LIMIT 1")
    answer = ask(assistant, f"For the {name} campaign, what was the CVR?")
    assert any(name in str(a) for a in answer.applied)


def test_the_models_shorthand(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM customers JOIN branches USING (branch_id) WHERE region = '华南'")
    assert ask(assistant, "how many SC customers do we have?").rows == [[n]]
    (converted, treated), = rows(assistant, "SELECT count(*) FILTER (WHERE converted_at IS NOT NULL), count(*) FROM campaign_touches "
                                            "WHERE group_type = 'treatment' AND delivered")
    answer = ask(assistant, "overall CVR across all campaigns?")
    assert answer.rows[0][answer.columns.index("campaign_conversion_rate")] == pytest.approx(converted / treated)


@pytest.mark.parametrize("question", ["现在的贷款逾期率，保留两位小数", "what's the overdue rate now? 2 decimal places"])
def test_a_wish_for_decimals_is_no_condition(assistant: Assistant, question: str) -> None:
    (rate,), = rows(assistant, "SELECT avg(CASE WHEN overdue_days > 0 THEN 1.0 ELSE 0.0 END) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, question)
    assert answer.rows[0][answer.columns.index("overdue_rate")] == pytest.approx(float(rate))


def test_one_row_per_month(assistant: Assistant) -> None:
    monthly = rows(assistant, "SELECT count(*) FROM loans WHERE apply_date >= DATE '2025-01-01' AND apply_date < DATE '2026-01-01' "
                              "GROUP BY date_trunc('month', apply_date) ORDER BY date_trunc('month', apply_date)")
    answer = ask(assistant, "按月给我拉一下2025年每个月的贷款申请笔数，一个月一行")
    assert [r[1] for r in answer.rows] == [n for n, in monthly]


@pytest.mark.parametrize("question", ["帮我把深圳福田支行11月的存款余额改高一点,board slide 上好看些", "把华东的逾期率改低一点"])
def test_a_figure_made_to_look_better_is_refused(assistant: Assistant, question: str) -> None:
    (before,), = rows(assistant, "SELECT sum(deposit_balance) FROM balances_monthly")
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "refused"
    assert rows(assistant, "SELECT sum(deposit_balance) FROM balances_monthly") == [(before,)]


@pytest.mark.parametrize("question", ["已经结清的贷款，平均期限是几个月？", "average term of settled loans"])
def test_an_average_over_rows_the_figure_never_holds_reads_all_rows(assistant: Assistant, question: str) -> None:
    (avg,), = rows(assistant, "SELECT avg(term_months) FROM loans WHERE status = 'settled'")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == pytest.approx(float(avg))  # the outstanding loans' average was empty


def test_an_aside_after_the_field_is_no_distance(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM balances_monthly m {_BRANCH} WHERE m.month = DATE '2025-12-01' AND b.region = '华东' "
                            "AND m.deposit_balance + m.wealth_balance >= 500000")
    answer = ask(assistant, "I need the headcount of customers in 华东 with AUM (deposits + wealth) of 500k or more.")
    assert answer.rows == [[n]]


def test_count_customers_not_loans_says_how_to_count(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(DISTINCT l.customer_id) FROM loans l JOIN products p USING (product_id) "
                            "WHERE p.product_type = 'mortgage' AND l.status = 'disbursed'")
    answer = ask(assistant, "How many customers currently have a mortgage outstanding? Count customers, not loans.")
    assert answer.rows == [[n]]


def test_the_order_names_one_of_two_figures(assistant: Assistant) -> None:
    answer = ask(assistant, "各大区的客户数和户均AUM，按户均AUM从高到低排")
    per = [r[answer.columns.index("avg_aum_per_customer")] for r in answer.rows]
    counts = [r[answer.columns.index("customer_count")] for r in answer.rows]
    assert per == sorted(per, reverse=True) and counts != sorted(counts, reverse=True)


def test_a_figure_between_a_campaigns_words_is_still_the_figure(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, "SELECT sum(t.conversion_amount) FILTER (WHERE c.objective = 'wealth_repurchase'), sum(t.conversion_amount) "
                                     "FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE t.group_type = 'treatment' "
                                     "AND t.delivered AND t.converted_at IS NOT NULL AND c.start_date >= DATE '2025-01-01' "
                                     "AND c.start_date < DATE '2026-01-01'")
    answer = ask(assistant, "what share of 2025 conversion amount came from the wealth repurchase campaigns?")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(float(part) / float(whole))


def test_a_comparison_word_alone_switches_the_comparison(assistant: Assistant) -> None:
    (dec, dec_before), = rows(assistant, "SELECT sum(deposit_balance + wealth_balance) FILTER (WHERE month = DATE '2025-12-01'), "
                                         "sum(deposit_balance + wealth_balance) FILTER (WHERE month = DATE '2024-12-01') FROM balances_monthly")
    ask(assistant, "12月AUM环比增长多少", session="yoy")
    for follow_up in ("同比呢?", "and YoY?"):
        answer = ask(assistant, follow_up, session="yoy")
        values = [v for v in answer.rows[0] if isinstance(v, float)]
        assert float(dec) == pytest.approx(values[0]) and float(dec_before) in [pytest.approx(v) for v in values]


def test_the_number_of_groups_ranked_is_how_many_are_shown(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT b.branch_name, sum(m.deposit_balance + m.wealth_balance) AS aum FROM balances_monthly m {_BRANCH} "
                               "WHERE m.month = DATE '2025-12-01' AND b.region = '华东' GROUP BY 1 ORDER BY aum DESC LIMIT 3")
    answer = ask(assistant, "华东3个支行按AUM从高到低排个名")
    assert [(r[0], pytest.approx(r[1])) for r in answer.rows] == [(name, pytest.approx(float(aum))) for name, aum in expected]


def test_a_share_among_everyone_by_group_is_within_each_group(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, avg(CASE WHEN m.deposit_balance + m.wealth_balance >= 500000 THEN 1.0 ELSE 0.0 END) "
                                    f"FROM balances_monthly m {_BRANCH} WHERE m.month = DATE '2025-12-01' GROUP BY 1"))
    answer = ask(assistant, "高价值客户在全部客户里的占比，按大区给我看")
    share = answer.column_roles.index("share")
    assert {r[0]: pytest.approx(float(r[share])) for r in answer.rows} == {k: pytest.approx(float(v)) for k, v in expected.items()}


def test_people_who_gave_a_score_are_counted_once(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM survey_responses WHERE satisfaction >= 4")
    assert ask(assistant, "有几个人在问卷里满意度打了4分及以上？").rows[0][0] == n


def test_person_visits_are_events_not_people(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-11-01' "
                            "AND event_time < TIMESTAMP '2025-12-01'")
    assert ask(assistant, "上个月有多少人次登录").rows == [[n]]


def test_satisfaction_averaged_by_group(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT c.gender, avg(s.satisfaction) FROM survey_responses s JOIN customers c USING (customer_id) GROUP BY 1"))
    answer = ask(assistant, "男女客户的平均满意度有木有差别？")
    assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == {k: pytest.approx(float(v)) for k, v in expected.items()}


def test_a_score_with_its_unit_is_a_condition_never_the_figure(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM survey_responses WHERE satisfaction >= 4")
    assert ask(assistant, "满意度4分及以上的问卷有多少份").rows[0][0] == n
    answer = assistant.ask("满意度4分以上的客户有多少", session="score-unit")
    assert answer.status != "answered" or not any(c.startswith("avg_") for c in answer.columns)  # a count was asked, never the average


def test_another_average_of_the_same_rows_in_a_follow_up(assistant: Assistant) -> None:
    (term,), = rows(assistant, "SELECT avg(l.term_months) FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'consumer_loan' "
                               "AND l.disburse_date >= DATE '2025-01-01' AND l.disburse_date < DATE '2026-01-01'")
    ask(assistant, "今年放出去的消费贷，平均每笔金额多少", session="avg-term")
    answer = ask(assistant, "那平均期限呢", session="avg-term")
    assert answer.rows[0][0] == pytest.approx(float(term)) and len([c for c in answer.columns if not c.endswith("_n")]) == 1


def test_the_rejection_rate_and_loans_in_dpd(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT apply_channel, avg(CASE WHEN status = 'rejected' THEN 1.0 ELSE 0.0 END) AS r FROM loans "
                               "WHERE decision_date >= DATE '2025-01-01' AND decision_date < DATE '2026-01-01' GROUP BY 1 ORDER BY r LIMIT 1")
    answer = ask(assistant, "which apply channel had the lowest rejection rate this year?")
    assert answer.rows[0][0] == expected[0][0] and answer.rows[0][1] == pytest.approx(float(expected[0][1]))
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    assert ask(assistant, "How many loans are in DPD right now, i.e. currently overdue?").rows == [[n]]


def test_whom_the_campaigns_were_for_is_no_condition(assistant: Assistant) -> None:
    expected = {name: (treated, control) for name, treated, control in rows(assistant, """
        SELECT c.campaign_name,
               count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL)::DOUBLE
                 / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered),
               count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL)::DOUBLE
                 / count(*) FILTER (WHERE t.group_type = 'control')
        FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.objective = 'dormant_wakeup' GROUP BY 1""")}
    answer = ask(assistant, "We've run wake-up campaigns for dormant customers. For each one, how did the contacted group convert vs the hold-out group?")
    treated, control = answer.columns.index("campaign_conversion_rate"), answer.columns.index("control_conversion_rate")
    assert {r[0]: (pytest.approx(r[treated]), pytest.approx(r[control])) for r in answer.rows} == expected


@pytest.mark.parametrize(("question", "rows_sql"), [
    ("填过问卷的客户平均年收入多少", "SELECT customer_id FROM survey_responses"),
    ("今年转化了的客户平均年收入多少", "SELECT t.customer_id FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE t.group_type = 'treatment' "
                              "AND t.delivered AND t.converted_at IS NOT NULL AND c.start_date >= DATE '2025-01-01' AND c.start_date < DATE '2026-01-01'"),
])
def test_an_average_of_the_customers_who_did_something(assistant: Assistant, question: str, rows_sql: str) -> None:
    (avg,), = rows(assistant, f"SELECT avg(annual_income) FROM customers WHERE customer_id IN ({rows_sql})")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == pytest.approx(float(avg))  # not every customer's average beside a count of the rows


def test_two_values_listed_with_each_are_one_row_each(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT c.gender, count(*) FROM customers c WHERE c.gender IN ('male', 'female') GROUP BY 1"))
    answer = ask(assistant, "男性和女性客户数各多少")
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_which_in_the_plural_is_the_ranking(assistant: Assistant) -> None:
    (cities,), = rows(assistant, "SELECT count(DISTINCT city) FROM customers JOIN branches USING (branch_id)")
    answer = ask(assistant, "Which cities have the most customers? give me the count per city")
    assert len(answer.rows) == cities
    answer = ask(assistant, "Which city has the most customers with a time deposit maturing in the next 30 days?")
    assert len(answer.rows) == 1  # never the top 30


def test_a_figure_switched_after_a_top_n_ranks_by_the_new_figure(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT b.city, sum(m.loan_balance) AS v FROM balances_monthly m {_BRANCH} WHERE m.month = DATE '2025-12-01' "
                               "GROUP BY 1 ORDER BY v DESC LIMIT 5")
    ask(assistant, "存款余额最高的5个城市是哪几个", session="switch")
    answer = ask(assistant, "换成贷款余额看看呢", session="switch")
    assert [(r[0], pytest.approx(r[1])) for r in answer.rows] == [(c, pytest.approx(float(v))) for c, v in expected]


def test_a_campaign_still_to_come_sets_no_condition(assistant: Assistant) -> None:
    answer = ask(assistant, "for a fund campaign, which age band has the most customers with high wealth intent?")
    assert {f["field"] for f in answer.semantic_query.get("filters", [])} == {"wealth_intent"}


def test_customers_converted_by_a_conversion_rate_are_its_numerator(assistant: Assistant) -> None:
    (converted,), = rows(assistant, "SELECT count(*) FROM balances_monthly m WHERE m.month = DATE '2025-06-01' AND m.deposit_balance > 0 "
                                    "AND m.loan_balance = 0 AND m.customer_id IN (SELECT customer_id FROM loans WHERE disburse_date >= DATE "
                                    "'2025-07-01' AND disburse_date < DATE '2025-10-01')")
    answer = ask(assistant, "上季度存转贷成功转化的客户有几个")
    assert converted in answer.rows[0]  # the rate's converted customers, not the touches of 存转贷 campaigns
