"""How an answer is judged against gold rows: every gold column in the answer, rows paired —
except a key column the gold shows beside its name."""

from __future__ import annotations

from assistant.evaluate import columns_match, judge

GOLD = [["B042", "B045"], ["兰州七里河支行", "大连中山支行"], [211, 213]]  # id, name, count


def test_a_key_shown_beside_its_name_need_not_be_repeated() -> None:
    assert columns_match(GOLD, [["大连中山支行", "兰州七里河支行"], [213, 211]], ordered=False)


def test_the_rows_must_still_pair_up() -> None:
    assert not columns_match(GOLD, [["兰州七里河支行", "大连中山支行"], [213, 211]], ordered=False)


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
