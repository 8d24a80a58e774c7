"""How an answer is judged against gold rows: every gold column in the answer, rows paired —
except a key column the gold shows beside its name."""

from __future__ import annotations

from assistant.answer import Answer, Assistant
from assistant.evaluate import columns_match, judge
from semantic_layer.access import Access, Role

GOLD = [["B042", "B045"], ["兰州七里河支行", "大连中山支行"], [211, 213]]  # id, name, count


def test_a_key_shown_beside_its_name_need_not_be_repeated() -> None:
    assert columns_match(GOLD, [["大连中山支行", "兰州七里河支行"], [213, 211]], ordered=False)


def test_the_rows_must_still_pair_up() -> None:
    assert not columns_match(GOLD, [["兰州七里河支行", "大连中山支行"], [213, 211]], ordered=False)


def test_a_key_the_gold_shows_alone_may_be_shown_as_its_name() -> None:
    # "rank all the campaigns by uplift": the gold has the campaign ids, the answer their names
    gold = [["CMP2510M", "CMP2403B", "CMP2408E"], [0.128, 0.117, 0.078]]
    assert columns_match(gold, [["2025秋季贷款客户存款礼", "2024春季理财复购季", "2024夏季沉睡客户唤醒行动"], [0.128, 0.117, 0.078], [9, 8, 7]], ordered=True)
    # one name for two keys is no other name for them
    assert not columns_match(gold, [["2025秋季贷款客户存款礼", "2025秋季贷款客户存款礼", "2024夏季沉睡客户唤醒行动"], [0.128, 0.117, 0.078]], ordered=True)
    # rows the figures do not tell apart cannot be paired: not excused
    tied = [["CMP1", "CMP2"], [0.5, 0.5]]
    assert not columns_match(tied, [["活动甲", "活动乙"], [0.5, 0.5]], ordered=False)
    # …but in a ranking they pair by place (tied rows hold the same figures whichever comes first); one name for
    # two keys is still none
    ranked = [["CMP2503I", "CMP2403B", "CMP2501H"], [0.25, 0.2, 0.2]]
    assert columns_match(ranked, [["2025春季新客理财体验", "2024春季理财复购季", "2025新春大额存单专享"], [0.25, 0.2, 0.2]], ordered=True)
    assert not columns_match(ranked, [["2025春季新客理财体验", "2025春季新客理财体验", "2025新春大额存单专享"], [0.25, 0.2, 0.2]], ordered=True)


def test_a_missing_figure_is_never_excused() -> None:
    gold = [["兰州七里河支行", "大连中山支行"], [211, 213], [0.1, 0.2]]
    assert not columns_match(gold, [["兰州七里河支行", "大连中山支行"], [211, 213]], ordered=False)


def test_a_second_attribute_is_no_key() -> None:
    # two of the branches are in one region: the region is not another name for the branch
    gold = [["上海黄浦支行", "上海闵行支行", "北京海淀支行"], ["华东", "华东", "华北"], [3, 2, 1]]
    assert not columns_match(gold, [["上海黄浦支行", "上海闵行支行", "北京海淀支行"], [3, 2, 1]], ordered=False)


MONTHS_SQL = """
SELECT CAST(date_trunc('month', disburse_date) AS DATE) AS month, SUM(amount) AS disbursed
FROM loans WHERE disburse_date >= DATE '2025-11-01' AND disburse_date < DATE '2026-01-01'
GROUP BY 1 ORDER BY 1
"""


def test_a_period_comparison_in_one_row_matches_a_gold_of_one_row_per_period(assistant) -> None:
    question = "这个月放款金额跟上个月比怎么样"
    answer = assistant.ask(question, session="judge-periods")
    assert answer.status == "answered" and len(answer.rows) == 1
    assert judge(assistant, {"question": question, "gold_sql": MONTHS_SQL}, answer) == (True, "")


def test_a_period_comparison_with_another_figure_still_fails(assistant) -> None:
    question = "这个月放款金额跟上个月比怎么样"
    answer = assistant.ask(question, session="judge-periods-wrong")
    wrong = MONTHS_SQL.replace("SUM(amount)", "COUNT(*)")  # the number of loans, not their amount
    ok, detail = judge(assistant, {"question": question, "gold_sql": wrong}, answer)
    assert not ok and "one row per period" in detail


def test_a_year_may_be_given_as_its_first_day() -> None:
    assert columns_match([[2024, 2025], [7, 9]], [["2024-01-01", "2025-01-01"], [7, 9]], ordered=True)
    assert not columns_match([[2024, 2025], [7, 9]], [["2024-01-01", "2025-01-01"], [9, 7]], ordered=True)
    assert not columns_match([[2024, 2025], [7, 9]], [["2024-02-01", "2025-02-01"], [7, 9]], ordered=True)


def test_a_quarter_or_month_of_one_year_may_be_given_as_its_first_day() -> None:
    quarters = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"]
    assert columns_match([[1, 2, 3, 4], [5, 6, 7, 8]], [quarters, [5, 6, 7, 8]], ordered=True)  # quarter(d)
    assert columns_match([[1, 4, 7, 10], [5, 6, 7, 8]], [quarters, [5, 6, 7, 8]], ordered=True)  # month(d)
    assert not columns_match([[1, 2, 3, 4], [5, 6, 7, 8]], [quarters, [6, 5, 7, 8]], ordered=True)
    assert columns_match([[11, 12], [3, 4]], [["2025-11-01", "2025-12-01"], [3, 4]], ordered=True)
    two_years = ["2024-10-01", "2025-01-01"]  # Q4 2024 and Q1 2025 are not quarters 4 and 1 of one year
    assert not columns_match([[4, 1], [3, 4]], [two_years, [3, 4]], ordered=True)


def test_quarters_of_one_year_may_be_named_without_it() -> None:
    quarters = ["2025-07-01", "2025-10-01"]
    assert columns_match([["Q3", "Q4"], [5, 6]], [quarters, [5, 6]], ordered=True)
    assert not columns_match([["Q3", "Q4"], [5, 6]], [quarters, [6, 5]], ordered=True)
    assert not columns_match([["Q3", "Q4"], [5, 6]], [["2024-07-01", "2025-10-01"], [5, 6]], ordered=True)


def test_quarters_over_several_years_may_be_given_as_their_first_days() -> None:
    """A gold that splits each quarter into its year and its number (``year(d), quarter(d)``)."""
    days = ["2024-10-01", "2025-01-01", "2025-04-01"]
    assert columns_match([[2024, 2025, 2025], [4, 1, 2], [3, 4, 5]], [days, [3, 4, 5]], ordered=True)
    assert not columns_match([[2024, 2025, 2025], [4, 1, 2], [3, 4, 5]], [days, [4, 3, 5]], ordered=True)
    assert not columns_match([[2024, 2025, 2025], [1, 2, 3], [3, 4, 5]], [days, [3, 4, 5]], ordered=True)
    months = ["2024-12-01", "2025-01-01"]
    assert columns_match([[2024, 2025], [12, 1], [3, 4]], [months, [3, 4]], ordered=False)



def test_a_month_or_quarter_may_be_written_as_text() -> None:
    months = ["2025-06-01", "2025-11-01"]
    assert columns_match([["2025-11", "2025-06"], [4, 3]], [months, [3, 4]], ordered=False)
    assert not columns_match([["2025-06", "2025-11"], [4, 3]], [months, [3, 4]], ordered=False)  # paired with the wrong figures
    quarters = ["2025-07-01", "2025-10-01"]
    assert columns_match([["2025Q3", "2025Q4"], [5, 6]], [quarters, [5, 6]], ordered=True)
    assert columns_match([["2025-Q3", "2025-Q4"], [5, 6]], [quarters, [5, 6]], ordered=True)
    assert not columns_match([["2025Q4", "2025Q3"], [5, 6]], [quarters, [5, 6]], ordered=True)
    assert not columns_match([["2025-03-01", "2025-06-01"], [5, 6]], [["2025-01-01", "2025-04-01"], [5, 6]], ordered=True)  # quarter ends


TIED = "SELECT * FROM (VALUES ('a', 3), ('b', 2), ('c', 2), ('d', 1)) t(name, n) ORDER BY n DESC, name LIMIT 2"


def _answer(columns: list[str], rows: list[list], group_by: str | None = "name") -> Answer:
    query = {"metrics": ["n"], "group_by": [{"field": group_by}] if group_by else []}
    return Answer(status="answered", lang="en", question="q", columns=columns, rows=rows, semantic_query=query)


def test_any_of_the_rows_tied_at_a_top_n_cut_may_fill_it(assistant) -> None:
    case = {"question": "top 2", "gold_sql": TIED}
    assert judge(assistant, case, _answer(["name", "n"], [["a", 3], ["c", 2]])) == (True, "")
    assert judge(assistant, case, _answer(["name", "n"], [["a", 3], ["b", 2]])) == (True, "")
    assert not judge(assistant, case, _answer(["name", "n"], [["b", 2], ["c", 2]]))[0]  # the row above the tie is missing
    assert not judge(assistant, case, _answer(["name", "n"], [["a", 3], ["d", 2]]))[0]  # d is not tied
    untied = TIED.replace("('c', 2)", "('c', 1)")
    assert not judge(assistant, {"question": "top 2", "gold_sql": untied}, _answer(["name", "n"], [["a", 3], ["c", 1]]))[0]


def test_rows_tie_at_the_cut_on_what_orders_them_not_on_every_figure(assistant) -> None:
    """"the 2 cities with the worst wake-up rate": 0 of 5 and 0 of 3 dormant customers tie at a rate of 0."""
    gold = ("SELECT * FROM (VALUES ('a', 5, 0.0), ('b', 3, 0.0), ('c', 4, 0.0), ('d', 2, 0.5)) t(name, base, rate) "
            "ORDER BY rate ASC, name LIMIT 2")
    case = {"question": "worst 2", "gold_sql": gold}
    assert judge(assistant, case, _answer(["name", "base", "rate"], [["b", 3, 0.0], ["c", 4, 0.0]])) == (True, "")
    assert not judge(assistant, case, _answer(["name", "base", "rate"], [["b", 3, 0.0], ["c", 5, 0.0]]))[0]  # c's base is 4
    assert not judge(assistant, case, _answer(["name", "base", "rate"], [["b", 3, 0.0], ["d", 2, 0.5]]))[0]  # d is not tied
    by_position = gold.replace("ORDER BY rate ASC, name", "ORDER BY 3, 1")
    assert judge(assistant, {"question": "worst 2", "gold_sql": by_position},
                 _answer(["name", "base", "rate"], [["c", 4, 0.0], ["b", 3, 0.0]])) == (True, "")


def test_rows_tied_inside_a_ranking_may_come_either_way_round(assistant) -> None:
    case = {"question": "top 3", "ordered": True, "gold_sql": TIED.replace("LIMIT 2", "LIMIT 3")}
    assert judge(assistant, case, _answer(["name", "n"], [["a", 3], ["c", 2], ["b", 2]])) == (True, "")
    assert judge(assistant, case, _answer(["name", "n"], [["a", 3], ["b", 2], ["c", 2]])) == (True, "")
    assert not judge(assistant, case, _answer(["name", "n"], [["b", 2], ["a", 3], ["c", 2]]))[0]  # out of order
    assert not judge(assistant, case, _answer(["name", "n"], [["a", 3], ["c", 2], ["d", 2]]))[0]  # d is no 2


PIVOTED = "SELECT 0.25 AS male, 0.5 AS female"


def test_a_group_comparison_written_as_one_row_matches_one_row_per_group(assistant) -> None:
    case = {"question": "男女比一比", "gold_sql": PIVOTED}
    assert judge(assistant, case, _answer(["gender", "rate"], [["female", 0.5], ["male", 0.25]])) == (True, "")
    assert not judge(assistant, case, _answer(["gender", "rate"], [["female", 0.5], ["male", 0.3]]))[0]
    assert not judge(assistant, case, _answer(["gender", "rate"], [["female", 0.5], ["male", 0.25]], group_by=None))[0]


def test_two_periods_listed_as_rows_match_a_gold_of_one_row(assistant) -> None:
    """"本月的存转贷率与上月相比如何？请分别列出两个月的数值": one row a month, the gold's two columns."""
    case = {"question": "两个月分别列出", "gold_sql": "SELECT 0.008 AS dec_rate, 0.009 AS nov_rate"}
    assert judge(assistant, case, _answer(["month", "rate"], [["2025-11-01", 0.009], ["2025-12-01", 0.008]], group_by="time")) == (True, "")
    assert not judge(assistant, case, _answer(["month", "rate"], [["2025-11-01", 0.009], ["2025-12-01", 0.007]], group_by="time"))[0]


def test_a_pivoted_comparison_may_add_the_gap_between_the_groups(assistant) -> None:
    case = {"question": "男女比一比", "gold_sql": "SELECT 0.25 AS male, 0.5 AS female, 0.25 AS difference"}
    assert judge(assistant, case, _answer(["gender", "rate"], [["female", 0.5], ["male", 0.25]])) == (True, "")
    other = {"question": "男女比一比", "gold_sql": "SELECT 0.25 AS male, 0.5 AS female, 0.4 AS difference"}
    assert not judge(assistant, other, _answer(["gender", "rate"], [["female", 0.5], ["male", 0.25]]))[0]


def test_one_row_of_each_groups_figure_matches_a_gold_of_one_row_per_group(assistant) -> None:
    gold = "SELECT * FROM (VALUES ('control', 0.1), ('treatment', 0.2)) t(group_type, rate)"
    case = {"question": "treatment vs control", "gold_sql": gold}
    side_by_side = _answer(["campaign_conversion_rate", "control_conversion_rate"], [[0.2, 0.1]], group_by=None)
    assert judge(assistant, case, side_by_side) == (True, "")
    with_parts = _answer(["campaign_conversion_rate", "control_conversion_rate", "conversions", "touches"], [[0.2, 0.1, 2, 10]], group_by=None)
    with_parts.column_roles = ["metric", "metric", "operand", "operand"]  # each rate's numerator and denominator beside it
    assert judge(assistant, case, with_parts) == (True, "")
    with_parts.column_roles = ["metric", "metric", "metric", "metric"]  # four figures are no pair of groups
    assert not judge(assistant, case, with_parts)[0]
    wrong = _answer(["campaign_conversion_rate", "control_conversion_rate"], [[0.2, 0.3]], group_by=None)
    assert not judge(assistant, case, wrong)[0]


def test_a_period_comparison_in_one_row_matches_a_gold_of_one_row_a_period(assistant) -> None:
    """"new deposit accounts last quarter vs the quarter before": the answer's one row holds both periods' figures
    (and the change between them, which is no figure of the gold's); the gold lists one row a period."""
    gold = "SELECT * FROM (VALUES ('2025-07-01', 2571), ('2025-04-01', 2163)) t(quarter, n)"
    case = {"question": "last qtr vs the qtr before", "gold_sql": gold}
    compared = _answer(["n", "n_previous", "n_change", "n_change_pct"], [[2571, 2163, 408, 0.1886]], group_by=None)
    compared.column_roles = ["metric", "baseline", "change", "change_pct"]
    assert judge(assistant, case, compared) == (True, "")
    compared.rows = [[2571, 2100, 471, 0.2243]]
    assert not judge(assistant, case, compared)[0]


def test_the_one_group_of_a_breakdown_names_its_row(assistant) -> None:
    """"今年夏天那个活动，营销到的客户和对照组的转化率": one campaign came out, its two rates side by side."""
    gold = "SELECT * FROM (VALUES ('treatment', 0.52), ('control', 0.5)) t(group_type, rate)"
    case = {"question": "treatment and control", "gold_sql": gold}
    one = _answer(["campaign", "campaign_conversion_rate", "control_conversion_rate"], [["2025夏季理财复购季", 0.52, 0.5]], group_by="campaign")
    assert judge(assistant, case, one) == (True, "")
    one.rows = [["2025夏季理财复购季", 0.52, 0.4]]
    assert not judge(assistant, case, one)[0]


def test_a_sum_over_no_rows_is_zero(assistant) -> None:
    """SQL's SUM over no rows is NULL; the answer says 0 — the same figure. Any other value is still wrong."""
    case = {"question": "q", "gold_sql": "SELECT sum(amount) AS s FROM loans WHERE 1 = 0"}
    assert judge(assistant, case, _answer(["s"], [[0.0]], group_by=None)) == (True, "")
    assert not judge(assistant, case, _answer(["s"], [[5.0]], group_by=None))[0]
    assert not judge(assistant, {"question": "q", "gold_sql": "SELECT 3.0 AS s"}, _answer(["s"], [[0.0]], group_by=None))[0]


def test_float_noise_does_not_cross_a_rounding_edge() -> None:
    """The same average summed in another order (0.044317499999999996 for 0.0443175) is the same figure."""
    assert columns_match([[0.0443175, 0.0468]], [[0.044317499999999996, 0.0468]], ordered=False)
    assert not columns_match([[0.0443175]], [[0.0443215]], ordered=False)


def test_a_follow_up_continues_the_conversation_it_names(assistant, tmp_path) -> None:
    """A line with ``follow_up_of`` is asked in its parent's conversation, whatever lines stand between."""
    import json

    from assistant.evaluate import evaluate

    women = "SELECT count(*) FROM customers WHERE gender = 'female' AND acquisition_channel = 'referral'"
    cases = [{"id": "p", "question": "有多少客户是通过转介绍来的", "gold_sql": "SELECT count(*) FROM customers WHERE acquisition_channel = 'referral'"},
             {"id": "x", "question": "各区域的客户数", "gold_sql": "SELECT region, count(*) FROM customers JOIN branches USING (branch_id) GROUP BY 1"},
             {"id": "f", "question": "其中女性有多少", "follow_up_of": "p", "gold_sql": women}]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), encoding="utf-8")
    report = evaluate(assistant, path)
    assert [(r.id, r.ok) for r in report.results] == [("p", True), ("x", True), ("f", True)]


def test_an_amount_asked_in_wan_matches_a_gold_in_yuan() -> None:
    from assistant.evaluate import _in_yuan

    answer = Answer(status="answered", lang="zh", question="q", columns=["avg_aum", "n"], rows=[[17.2852837405, 20000]],
                    column_formats=["number", "integer"], semantic_query={"metrics": ["avg_aum"], "money_unit": "ten_thousand"})
    assert _in_yuan([[172852.837405]], answer, ordered=False)
    assert not _in_yuan([[17.2852837405 * 1e8]], answer, ordered=False)
    assert not _in_yuan([[172852.837405]], answer.model_copy(update={"semantic_query": {"metrics": ["avg_aum"]}}), ordered=False)


ZERO_MONTHS_SQL = ("SELECT date_trunc('month', d.open_date) AS m, count(*) FROM deposit_accounts d JOIN customers c USING (customer_id) "
                   "JOIN branches b USING (branch_id) WHERE b.branch_name = '{branch}' AND d.open_date BETWEEN DATE '2025-01-01' "
                   "AND DATE '2025-12-31' GROUP BY 1")


def test_periods_with_nothing_in_them_may_be_shown_as_zero(assistant) -> None:
    """A month with no accounts opened is 0 in the answer and missing from the gold's GROUP BY: the same figures."""
    branches = assistant.warehouse.runner._execute_unchecked(
        "SELECT b.branch_name, count(DISTINCT month(d.open_date)) AS n FROM deposit_accounts d JOIN customers c USING (customer_id) "
        "JOIN branches b USING (branch_id) WHERE d.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 "
        "HAVING count(DISTINCT month(d.open_date)) BETWEEN 3 AND 11 ORDER BY 1 LIMIT 1").rows
    (branch, _), = branches
    question = f"month by month this year, how many new deposit accounts did {branch} open?"
    every = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))  # small groups shown
    answer = every.ask(question, session="judge-zero-months")
    assert answer.status == "answered" and len(answer.rows) == 12 and any(r[-1] == 0 for r in answer.rows)
    assert judge(assistant, {"question": question, "gold_sql": ZERO_MONTHS_SQL.format(branch=branch)}, answer) == (True, "")
    wrong = ZERO_MONTHS_SQL.format(branch=branch).replace("count(*)", "count(*) + 1")  # other figures: never excused
    assert not judge(assistant, {"question": question, "gold_sql": wrong}, answer)[0]
