"""Answers the sets fm (campaign operations) and fn (the owner of the metric definitions) found wrong on their first run:
"clicked at least one of our messages" is a message's link clicked, never a product clicked in the app; "same thing but
ROI, best first" after a ranking cheapest first orders by its own words; "2025 campaigns only" and "2024年的活动，…" are
the campaigns of that year, no breakdown by campaign; "哪个年龄段转化最好" is judged by the conversion rate; "(incl. ones
already settled since)" is no condition, and "all loans that were paid out" beside their amount is those rows said
again, no count; "营销活动合在一起看" is every campaign as one; "A跟B比，X" is each of them; "holdout conv", 自然转化率; rows
deleted from a table are refused, rows removed from a count are left out of it; people counted "按客户号去重" are no
customer number asked for; another way of measuring denied ("Median, not mean", "By amount, not number of loans", "注意是
日均，不是月末时点") is said, not asked — and asked back when it is the way read. Each number on the small generated mart is checked against
hand-written SQL."""

from __future__ import annotations

from datetime import date

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, column, rows

from assistant.answer import Assistant

_TREATED = "t.group_type = 'treatment' AND t.delivered"
_RATE = f"count(*) FILTER (WHERE {_TREATED} AND t.converted_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE {_TREATED})"
_CONTROL = ("count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL)::DOUBLE "
            "/ count(*) FILTER (WHERE t.group_type = 'control')")
_OF_YEAR = "FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.start_date BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31'"


def test_clicking_a_message_is_its_link_clicked(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(DISTINCT t.customer_id) {_OF_YEAR.format(y=2025)} AND {_TREATED} AND t.clicked_at IS NOT NULL")
    answer = ask(assistant, "How many customers clicked at least one of our messages this year?")
    assert answer.rows[0][0] == expected


def test_a_same_ranking_by_another_figure_keeps_its_own_order_words(assistant: Assistant) -> None:
    roi = rows(assistant, f"SELECT t.channel, sum(t.conversion_amount) FILTER (WHERE {_TREATED} AND t.converted_at IS NOT NULL) / sum(t.cost) AS r "
                          "FROM campaign_touches t GROUP BY 1 ORDER BY r DESC")
    ask(assistant, "rank the channels by CPA, cheapest first", session="cpa then roi")
    answer = ask(assistant, "same thing but ROI, best first", session="cpa then roi")
    assert [r[0] for r in answer.rows] == [c for c, _ in roi]


def test_the_campaigns_of_a_year_are_no_breakdown_by_campaign(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT c.objective, {_RATE} {_OF_YEAR.format(y=2025)} GROUP BY 1"))
    answer = ask(assistant, "conversion rate by campaign objective, 2025 campaigns only pls")
    assert "campaign" not in answer.columns and column(answer, "campaign_conversion_rate") == pytest.approx(expected)
    (treated, control), = rows(assistant, f"SELECT {_RATE}, {_CONTROL} {_OF_YEAR.format(y=2024)}")
    answer = ask(assistant, "2024年的活动，实验组和对照组的转化率分别是多少？对比下")
    assert len(answer.rows) == 1 and answer.rows[0][:2] == pytest.approx([treated, control])
    (treated, control), = rows(assistant, f"SELECT {_RATE}, {_CONTROL} {_OF_YEAR.format(y=2025)}")
    answer = ask(assistant, "2025年启动的营销活动合在一起看：实验组转化率和对照组转化率各是多少？")
    assert len(answer.rows) == 1 and answer.rows[0][:2] == pytest.approx([treated, control])


def test_converting_best_is_judged_by_the_rate(assistant: Assistant) -> None:
    (channel, rate), = rows(assistant, f"SELECT t.channel, {_RATE} AS r FROM campaign_touches t GROUP BY 1 ORDER BY r DESC LIMIT 1")
    answer = ask(assistant, "哪个渠道转化最好")
    assert answer.semantic_query["metrics"] == ["campaign_conversion_rate"] and answer.rows[0][:2] == [channel, pytest.approx(rate)]


def test_rows_said_to_be_included_are_no_condition(assistant: Assistant) -> None:
    expected = [v for _, v in rows(assistant, "SELECT quarter(disburse_date), sum(amount) FROM loans "
                                              "WHERE disburse_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")]
    answer = ask(assistant, "Disbursement amount Q3 vs Q4 2025 — give me both quarters side by side, all loans that were paid out "
                            "in the quarter (incl. ones already settled since).")
    assert answer.semantic_query["metrics"] == ["loan_disbursement_amount"] and not answer.semantic_query.get("filters")
    assert [answer.rows[0][1], answer.rows[0][0]] == pytest.approx(expected)
    (count,), = rows(assistant, "SELECT count(*) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert ask(assistant, "今年放款笔数（含已结清的）").rows[0][0] == count


def test_two_values_set_side_by_side_before_a_pause_are_each_their_own(assistant: Assistant) -> None:
    sql = ("SELECT b.city, avg(m.deposit_balance + m.wealth_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
           "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city IN ('上海', '北京') GROUP BY 1")
    for question in ("上海跟北京比，户均AUM", "上海跟北京比，户均AUM哪个高"):
        answer = ask(assistant, question)
        assert column(answer, "avg_aum_per_customer") == pytest.approx(dict(rows(assistant, sql)))


def test_the_control_groups_rate_in_other_words(assistant: Assistant) -> None:
    (uplift,), = rows(assistant, f"SELECT {_RATE} - {_CONTROL} FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                                 "WHERE c.campaign_name = '2025夏季经营贷助力计划'")
    answer = ask(assistant, "whats the uplift on the 2025 summer business loan campaign (经营贷助力计划)? treatment conv minus holdout conv")
    assert answer.rows[0][1] == pytest.approx(uplift)
    (control,), = rows(assistant, f"SELECT {_CONTROL} FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.objective = 'dormant_wakeup'")
    assert ask(assistant, "沉睡唤醒那几个活动，对照组自然转化率大概多少").rows[0][0] == pytest.approx(control)


def test_rows_deleted_from_a_table_not_left_out_of_a_count(assistant: Assistant, ref_con) -> None:  # noqa: F811
    assert assistant.ask("the email control rows are useless, please delete them from campaign_touches", session="delete").status == "refused"
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    (kept,), = ref_con.execute(f"SELECT count(*) FROM {tags} WHERE lifecycle_stage <> 'churned'").fetchall()
    assert ask(assistant, "remove the churned customers from the count — how many customers do we have?").rows[0][0] == kept


def test_counting_by_customer_number_is_each_person_once(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE is_payroll")
    answer = ask(assistant, "帮我核个数：截至2025年12月31日，代发工资客户一共有多少人？按客户号去重算人数，不是按账户数。")
    assert answer.rows[0][0] == expected
    assert assistant.ask("列出高价值客户的客户号", session="ids").status == "refused"


@pytest.mark.parametrize(("question", "sql"), [
    ("What's the median declared annual income of our payroll customers? Median, not mean.",
     "SELECT median(annual_income) FROM customers WHERE is_payroll"),
    ("代发客户年收入的中位数，不是平均数", "SELECT median(annual_income) FROM customers WHERE is_payroll"),
    ("Of everything we disbursed in 2025 (by disburse date), what share went to mortgages? By amount, not number of loans.",
     "SELECT sum(l.amount) FILTER (WHERE p.product_type = 'mortgage') / sum(l.amount) FROM loans l JOIN products p USING (product_id) "
     "WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"),
])
def test_another_way_of_measuring_denied_is_said_not_asked(assistant: Assistant, question: str, sql: str) -> None:
    (expected,), = rows(assistant, sql)
    answer = ask(assistant, question)
    assert expected in [pytest.approx(v) for v in answer.rows[0] if isinstance(v, float)]


def test_a_way_of_measuring_denied_but_read_is_asked_back(assistant: Assistant) -> None:
    answer = assistant.ask("What's the median income of payroll customers? mean, not median.", session="contradiction")
    assert answer.status == "clarify"


def test_the_daily_average_said_with_its_rival_denied(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT b.branch_name, sum(m.deposit_avg_daily) AS s FROM balances_monthly m JOIN customers c USING (customer_id) "
                               "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1 ORDER BY s DESC LIMIT 3")
    answer = ask(assistant, "12月存款日均余额排前3的支行是哪些？注意是日均，不是月末时点，按客户归属支行汇总，从高到低。")
    assert [(r[0], pytest.approx(r[1])) for r in answer.rows] == [(b, pytest.approx(v)) for b, v in expected]


def test_a_place_said_with_how_it_is_read_is_no_breakdown(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers c JOIN branches b USING (branch_id) WHERE c.gender = 'female' "
                                   "AND c.is_payroll AND b.region = '华东' AND date_sub('year', c.birth_date, DATE '2025-12-31') BETWEEN 25 AND 34")
    answer = ask(assistant, "Headcount please: female payroll customers in 华东 (East China region, by home branch) who are 25-34 "
                            "years old in completed years as of 2025-12-31.")
    assert answer.columns == ["customer_count"] and answer.rows[0][0] == expected


def test_two_ways_of_a_figure_given_separately(assistant: Assistant) -> None:
    (month_end, daily), = rows(assistant, "SELECT sum(deposit_balance), sum(deposit_avg_daily) FROM balances_monthly WHERE month = DATE '2025-12-01'")
    answer = ask(assistant, "12月末全行存款时点余额是多少？再给我12月的存款日均余额，两个口径分开给，我对比一下。")
    assert answer.rows[0][:2] == [pytest.approx(month_end), pytest.approx(daily)]


@pytest.mark.parametrize(("question", "where"), [
    ("Looking for prospects: how many deposit-only customers have high loan intent?", "holding_structure = 'deposit_only' AND loan_intent = 'high'"),
    ("looking for leads - customers with high wealth intent, how many?", "wealth_intent = 'high'"),
])
def test_whom_the_answer_is_for_named_first_sets_the_scene(assistant: Assistant, ref_con, question: str, where: str) -> None:  # noqa: F811
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    (expected,), = ref_con.execute(f"SELECT count(*) FROM {tags} WHERE {where}").fetchall()
    assert ask(assistant, question).rows[0][0] == expected
