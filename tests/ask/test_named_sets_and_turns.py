"""Words that set sets ch (a regional head) and ci (a campaign specialist) answering another question: "同比，跟去年12月比"
after a month-on-month change compared January with December, "广州占华南…的比重" took the share of all deposits, "华南区
排除掉新客以后" left South China out, "北京户均AUM多少？顺便把天津的也拉下" gave one figure for both cities, a list of
objectives ending in "这些" kept two of them; and a name of our own defined by the values in a bracket ("数字渠道（app、微信、
网银）", "线上（app+微信+网银）"). Each answer on the small generated mart is checked against hand-written SQL, or must be asked
back."""

from __future__ import annotations

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_REGION_AUM = """SELECT sum(m.deposit_balance + m.wealth_balance) FROM balances_monthly m JOIN customers c USING (customer_id)
                 JOIN branches b USING (branch_id) WHERE b.region = '华南' AND m.month = DATE '{month}'"""


def test_year_on_year_against_a_month_named_is_the_same_month_this_year(assistant: Assistant) -> None:
    """"那同比呢？跟去年12月比" after "华南AUM环比上月变了多少": December 2025 against December 2024, not January 2025."""
    (now,), = rows(assistant, _REGION_AUM.format(month="2025-12-01"))
    (before,), = rows(assistant, _REGION_AUM.format(month="2024-12-01"))
    ask(assistant, "华南AUM环比上月变了多少？金额和%都给下", session="yoy-after-mom")
    answer = ask(assistant, "那同比呢？跟去年12月比", session="yoy-after-mom")
    assert answer.rows[0][:2] == [pytest.approx(float(now)), pytest.approx(float(before))]


def test_the_value_after_zhan_is_the_base_of_the_share(assistant: Assistant) -> None:
    (share,), = rows(assistant, """SELECT sum(m.deposit_balance) FILTER (WHERE b.city = '广州') / sum(m.deposit_balance)
        FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
        WHERE b.region = '华南' AND m.month = DATE '2025-12-01'""")
    answer = ask(assistant, "广州占华南存款余额（时点）的比重是多少？")
    assert answer.rows[0][answer.columns.index("deposit_balance_share")] == pytest.approx(share)


@pytest.mark.parametrize("question", ["华南区排除掉新客以后，户均AUM是多少", "华南区剔除掉新客以后的户均AUM"])
def test_a_leave_out_word_before_a_value_leaves_that_value_out(assistant: Assistant, question: str) -> None:
    (avg,), = rows(assistant, """SELECT avg(coalesce(m.deposit_balance + m.wealth_balance, 0)) FROM customers c JOIN branches b USING (branch_id)
        LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE b.region = '华南' AND c.open_date <= DATE '2025-12-31' - 90""")
    assert ask(assistant, question).rows[0][0] == pytest.approx(avg)


def test_a_place_before_yiwai_is_still_left_out(assistant: Assistant) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
                               WHERE m.month = DATE '2025-12-01' AND b.city <> '上海' AND m.deposit_balance + m.wealth_balance >= 500000""")
    assert ask(assistant, "上海以外的高价值客户有多少？").rows[0][0] == n


@pytest.mark.parametrize("question", ["北京户均AMU多少？顺便把天津的也拉下", "avg AUM per customer in Beijing? and Tianjin too"])
def test_a_second_group_asked_for_too_is_a_row_of_its_own(assistant: Assistant, question: str) -> None:
    expected = rows(assistant, """SELECT b.city, avg(coalesce(m.deposit_balance + m.wealth_balance, 0)) FROM customers c JOIN branches b USING (branch_id)
        LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE b.city IN ('北京', '天津') AND c.open_date <= DATE '2025-12-31' GROUP BY 1""")
    answer = ask(assistant, question)
    assert sorted((r[0], r[answer.columns.index("avg_aum_per_customer")]) for r in answer.rows) == \
        sorted((c, pytest.approx(float(v))) for c, v in expected)


def test_values_listed_as_examples_keep_every_group(assistant: Assistant) -> None:
    """"存转贷、贷转存、理财复购这些各是多少": examples of the breakdown (贷转存 is also a figure's name), every objective shown."""
    expected = rows(assistant, """SELECT c.objective, count(t.converted_at) / count(*) FROM campaign_touches t JOIN campaigns c USING (campaign_id)
                                  WHERE t.group_type = 'treatment' AND t.delivered GROUP BY 1""")
    answer = ask(assistant, "按活动目标看营销转化率，存转贷、贷转存、理财复购这些各是多少")
    assert sorted((r[0], r[1]) for r in answer.rows) == sorted((o, pytest.approx(v)) for o, v in expected)


@pytest.mark.parametrize(("question", "channels"), [
    ("2025年数字渠道（app、微信、网银）的交易金额合计", "'app', 'wechat', 'online_banking'"),
    ("2025年线上（app+微信）交易金额合计是多少", "'app', 'wechat'"),
])
def test_a_name_defined_by_the_values_in_its_bracket(assistant: Assistant, question: str, channels: str) -> None:
    (amount,), = rows(assistant, f"""SELECT sum(amount) FROM transactions WHERE channel IN ({channels})
                                     AND txn_time >= DATE '2025-01-01' AND txn_time < DATE '2026-01-01'""")
    assert ask(assistant, question).rows[0][0] == pytest.approx(float(amount))


def test_a_named_set_beside_another_group_is_asked_back(assistant: Assistant) -> None:
    """"线上(app+微信+网银)和柜面渠道分别多少": a bucket of three channels against one — no query says it; asked, not split."""
    assert assistant.ask("今年新开存款账户里，线上(app+微信+网银)和柜面渠道分别多少？", session="bucket").status == "clarify"


def test_a_breakdown_with_its_values_told_is_still_every_group(assistant: Assistant) -> None:
    """"per product type (mortgage / consumer loan / business loan)": the groups told, no name of our own."""
    answer = ask(assistant, "overdue rate per product type (mortgage / consumer loan / business loan), outstanding loans only")
    assert answer.columns[0] == "product_type" and len(answer.rows) == 3
