"""Words the sets fe–fj (wealth owner, relationship manager, risk, digital channels, deposits, weekly briefing) and
fk (a head-office analyst's KPI pack) and fl (a sub-branch manager on the phone) left asked back or answered wrong: a
superlative of size said of the rows a figure counts ("the biggest loan we've ever paid out" is one loan's amount,
the largest — never "the most loans"); an amount said before where it is held ("over 100k sitting in deposits") and
an amount ambiguous between two figures (存款: month-end or daily average) compared with a number — the one named, or
asked back as the whole question; an amount said to be 0 ("loan bal 0", "0 wealth bal"); the calls to make after the
answer ("这周得挨个打电话"); months listed with one 月 ("2025年7、8、9月"); "For the … push I want …"; one number per
group ("每个区一个数"); a twin figure named "instead of" the last one; a group's contribution as its share (贡献的占比);
a campaign named by its season and kind without its year; a rate "vs control group" is both rates. Each number on
the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

from datetime import date

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, column, rows

from assistant.answer import Assistant


@pytest.mark.parametrize(("question", "func"), [
    ("out of curiosity, what's the biggest loan we've ever actually paid out?", "max"),
    ("largest loan disbursed", "max"),
    ("smallest loan disbursed this year", "min"),
])
def test_a_size_said_of_the_rows_is_one_rows_amount(assistant: Assistant, question: str, func: str) -> None:
    period = " AND disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'" if "this year" in question else ""
    (expected,), = rows(assistant, f"SELECT {func}(amount) FROM loans WHERE disburse_date IS NOT NULL{period}")
    answer = ask(assistant, question)
    assert answer.status == "answered" and len(answer.rows) == 1 and answer.rows[0][0] == pytest.approx(expected)


def test_the_most_rows_is_still_how_many(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT b.branch_name, count(*) FROM loans l JOIN customers c USING (customer_id) "
                               "JOIN branches b USING (branch_id) WHERE l.disburse_date IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")
    answer = ask(assistant, "which branch had the most loans disbursed")
    assert answer.rows[0][:2] == list(expected[0])


_DEC = "FROM balances_monthly m JOIN customers c USING (customer_id) WHERE m.month = DATE '2025-12-01'"


@pytest.mark.parametrize(("question", "field"), [
    ("月末存款超过10万的客户有多少", "deposit_balance"),
    ("customers with over 100k in deposits at month end", "deposit_balance"),
    ("how many customers have more than 50k of daily average deposits", "deposit_avg_daily"),
])
def test_an_amount_ambiguous_between_figures_is_the_one_named(assistant: Assistant, question: str, field: str) -> None:
    limit = 50000 if "50k" in question else 100000
    (expected,), = rows(assistant, f"SELECT count(*) {_DEC} AND m.{field} > {limit}")
    answer = ask(assistant, question)
    assert answer.rows[-1][-1] == expected


@pytest.mark.parametrize(("question", "pick", "field"), [
    ("存款超过10万的客户有多少", "1", "deposit_balance"),
    ("retired customers with over 100k sitting in deposits - how many?", "2", "deposit_avg_daily"),
])
def test_an_amount_not_named_is_asked_back_as_the_whole_question(assistant: Assistant, question: str, pick: str, field: str) -> None:
    retired = " AND c.occupation = 'retired'" if "retired" in question else ""
    (expected,), = rows(assistant, f"SELECT count(*) {_DEC} AND m.{field} > 100000{retired}")
    first = assistant.ask(question, session=question)
    assert first.status == "clarify" and len(first.options) == 2
    answer = assistant.ask(pick, session=question)
    assert answer.status == "answered" and answer.rows[-1][-1] == expected
    again = assistant.ask(question.replace("10万", "5万").replace("100k", "50k"), session=question)  # the choice is remembered
    (fewer,), = rows(assistant, f"SELECT count(*) {_DEC} AND m.{field} > 50000{retired}")
    assert again.status == "answered" and again.rows[-1][-1] == fewer


@pytest.mark.parametrize(("question", "tag", "amount"), [
    ("ppl w high loan intent but loan bal 0 — how many? wanna call them", "loan_intent", "loan_balance"),
    ("customers with high wealth intent but 0 wealth bal, how many?", "wealth_intent", "wealth_balance"),
])
def test_an_amount_said_to_be_0_is_none_held(assistant: Assistant, ref_con, question: str, tag: str, amount: str) -> None:  # noqa: F811
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    (expected,), = ref_con.execute(f"SELECT count(*) FROM {tags} WHERE {tag} = 'high' AND {amount} = 0").fetchall()
    assert ask(assistant, question).rows[-1][-1] == expected


def test_the_calls_to_make_after_the_answer_are_no_condition(assistant: Assistant, ref_con) -> None:  # noqa: F811
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    (expected,), = ref_con.execute(f"SELECT count(*) FROM {tags} WHERE time_deposit_maturing_30d").fetchall()
    answer = ask(assistant, "定期30天内到期的客户有几个,这周得挨个打电话")
    assert answer.semantic_query["metrics"] == ["customer_count"] and answer.rows[-1][-1] == expected


def test_consecutive_months_listed_with_one_month_word_are_their_span(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT date_trunc('month', open_date), count(*) FROM customers "
                               "WHERE open_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "2025年7、8、9月逐月的新增客户数")
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]
    skipped = assistant.ask("2025年3、6、9月的新增客户数", session="months skipped")
    assert skipped.status == "clarify"  # three months apart: no span of them


def test_a_plan_said_before_i_want_sets_the_scene(assistant: Assistant, ref_con) -> None:  # noqa: F811
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    (expected,), = ref_con.execute(f"SELECT count(*) FROM {tags} WHERE holding_structure = 'deposit_only' "
                                   "AND age BETWEEN 25 AND 44 AND loan_intent = 'high'").fetchall()
    answer = ask(assistant, "For the deposit-to-loan push I want deposit-only custmers aged 25-44 with high loan intent. "
                            "How many are on that list?")
    assert answer.rows[-1][-1] == expected


def test_one_number_per_group_then_the_twin_figure_instead(assistant: Assistant) -> None:
    sql = ("SELECT b.region, sum(m.{f}) FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
           "WHERE m.month = DATE '2025-12-01' GROUP BY 1")
    answer = ask(assistant, "按大区拉一下12月末的AUM,每个区一个数", session="one number each")
    assert column(answer, "aum") == pytest.approx(dict(rows(assistant, sql.format(f="deposit_balance + wealth_balance"))))
    answer = ask(assistant, "那换成存款日均看呢?", session="one number each")
    assert column(answer, "deposit_avg_daily") == pytest.approx(dict(rows(assistant, sql.format(f="deposit_avg_daily"))))
    monthly = ("SELECT month, sum({f}) FROM balances_monthly WHERE month BETWEEN DATE '2025-07-01' AND DATE '2025-12-01' "
               "GROUP BY 1 ORDER BY 1")
    for words in ("same table but 日均 instead of month-end", "same table but daily average instead of month-end"):
        ask(assistant, "Month-by-month total deposit balance (month-end point-in-time) for Jul-Dec 2025 please", session=words)
        answer = ask(assistant, words, session=words)
        assert [r[-1] for r in answer.rows] == pytest.approx([v for _, v in rows(assistant, monthly.format(f="deposit_avg_daily"))])


def test_a_groups_contribution_is_its_share(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(m.deposit_balance) FILTER (WHERE c.is_payroll) / sum(m.deposit_balance) "
                                   "FROM balances_monthly m JOIN customers c USING (customer_id) WHERE m.month = DATE '2025-12-01'")
    answer = ask(assistant, "12月末存款余额(时点)里面,代发客户贡献的占比多少?")
    assert answer.rows[-1][-1] == pytest.approx(expected) or any(v == pytest.approx(expected) for v in answer.rows[-1] if isinstance(v, float))


_RATES = ("SELECT avg(CASE WHEN t.group_type = 'treatment' AND t.delivered THEN (t.converted_at IS NOT NULL)::INT END), "
          "avg(CASE WHEN t.group_type = 'control' THEN (t.converted_at IS NOT NULL)::INT END) "
          "FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.campaign_name = '2025夏季经营贷助力计划'")


@pytest.mark.parametrize("question", ["summer biz loan campaign — conv rate vs control grp?",
                                      "CMP2506K conversion rate compared with control group",
                                      "CMP2506K 转化率 vs 对照组"])
def test_a_rate_set_against_the_control_group_is_both_rates(assistant: Assistant, question: str) -> None:
    (treated, control), = rows(assistant, _RATES)
    answer = ask(assistant, question)
    assert answer.semantic_query["metrics"] == ["campaign_conversion_rate", "control_conversion_rate"]
    assert column(answer, "campaign_conversion_rate") == pytest.approx({answer.rows[0][0]: treated})
    assert column(answer, "control_conversion_rate") == pytest.approx({answer.rows[0][0]: control})


def test_the_control_groups_own_rate_is_still_its_own(assistant: Assistant) -> None:
    (_, control), = rows(assistant, _RATES)
    answer = ask(assistant, "CMP2506K conversion rate of the control group")
    assert answer.semantic_query["metrics"] == ["control_conversion_rate"] and answer.rows[0][1] == pytest.approx(control)
