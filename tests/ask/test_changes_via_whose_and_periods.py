"""Words the sets fa (a head-office analyst's long, exact questions), fb (a marketing specialist), fc (a loan product
manager) and fd (a branch president's fragments) left wrong or asked back: a value said after "via" ("loans applied via
app vs … at the counter" is no "loan app"), the region of the home branch ("按客户归属网点的区域算"), the customers a share
is of named by "whose" ("For customers whose home branch is in 华北, what percentage …"), a campaign's kind before
目标客群 with the figures asked after it, "growth" said after a figure (no risk level R4), the groups at one end of a
change ("bottom 3 regions on deposit bal growth yoy", "grew … the least"), rows named with their status ("loans still
pending"), an amount said to be none ("no wealth holdings"), "atm" for at the moment, the periods of a breakdown
counted ("all 8 quarters"), two years listed and split finer ("24年和25年每个季度"), a value said to be what they are
before a comma and another left out, a purpose said last ("想看看哪里值得推理财"), "excluding anyone whose home branch is
in …", at least one day, a campaign named by a piece of its Chinese name ("the 2024 autumn 薪易贷 rate promo"). Each
number on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_changes_ranked_and_ends_said import _LIFECYCLE
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from semantic_layer.access import Access, Role

_HOME = "JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)"
_APPROVED = "avg(CASE WHEN status IN ('approved', 'disbursed', 'settled') THEN 1.0 ELSE 0.0 END)"
_DECIDED_2025 = "decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"


def _by_first(answer, name: str) -> dict:
    at = answer.columns.index(name)
    return {r[0]: r[at] for r in answer.rows}


def test_a_value_said_after_via_is_no_piece_of_a_name(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT apply_channel, {_APPROVED} FROM loans WHERE {_DECIDED_2025} "
                                    "AND apply_channel IN ('app', 'counter') GROUP BY 1"))
    answer = ask(assistant, "Approval rate for decisions made in 2025: loans applied via app vs loans applied at the counter.")
    assert _by_first(answer, "loan_approval_rate") == pytest.approx(expected)


def test_the_region_of_the_home_branch_is_no_breakdown_by_branch(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers JOIN branches USING (branch_id) WHERE region = '华东' AND is_payroll")
    answer = ask(assistant, "截至2025年底,华东大区的代发工资客户一共多少户?(按客户归属网点的区域算)")
    assert "branch" not in answer.columns and answer.rows[-1][-1] == expected
    by_region = dict(rows(assistant, "SELECT region, count(*) FROM customers JOIN branches USING (branch_id) WHERE is_payroll GROUP BY 1"))
    answer = ask(assistant, "按客户归属网点的区域统计代发工资客户数")
    assert answer.columns[0] == "region" and {r[0]: r[-1] for r in answer.rows} == by_region


def test_the_customers_whose_field_is_named_are_the_base_of_the_share(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT x.stage, count(*) / sum(count(*)) OVER () FROM ({_LIFECYCLE}) x "
                                    "JOIN branches b USING (branch_id) WHERE b.region = '华北' GROUP BY 1"))
    answer = ask(assistant, "For customers whose home branch is in 华北, what percentage is in each lifecycle stage "
                            "(new / active / dormant / churned) as of D?")
    share = next(c for c in answer.columns if c.endswith("_share"))
    got = _by_first(answer, share)
    assert got.keys() == expected.keys() and all(v is None or v == pytest.approx(expected[k]) for k, v in got.items())


def test_a_campaigns_kind_before_its_audience_and_the_counts_asked_after(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT b.city, count(*) FROM balances_monthly m JOIN customers c USING (customer_id) "
                                    "JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND m.deposit_balance > 0 "
                                    "AND m.loan_balance = 0 AND date_sub('year', c.birth_date, DATE '2025-12-31') BETWEEN 25 AND 44 "
                                    "GROUP BY 1"))
    answer = ask(assistant, "帮我圈一下存转贷的目标客群:只存不贷、年龄25到44岁,按城市给我人数。")
    assert answer.semantic_query.get("filters") and not any(f["field"] == "objective" for f in answer.semantic_query["filters"])
    got = {r[0]: r[-1] for r in answer.rows}
    assert got.keys() == expected.keys() and all(v is None or v == expected[k] for k, v in got.items())


def test_growth_said_after_a_figure_is_its_change(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(deposit_balance + wealth_balance) FILTER (WHERE month = DATE '2025-12-01') "
                                   "/ sum(deposit_balance + wealth_balance) FILTER (WHERE month = DATE '2025-11-01') - 1 FROM balances_monthly")
    answer = ask(assistant, "AUM growth vs last month, %?")
    assert not answer.semantic_query.get("filters")
    assert answer.rows[0][answer.columns.index("aum_change_pct")] == pytest.approx(expected)


@pytest.mark.parametrize(("question", "column"), [("bottom 3 regions on deposit bal growth yoy", "deposit_balance_change_pct"),
                                                  ("which 3 regions grew deposit balance the least yoy", "deposit_balance_change")])
def test_the_groups_at_one_end_of_the_change(assistant: Assistant, question: str, column: str) -> None:
    change = "now / before - 1" if column.endswith("_pct") else "now - before"
    expected = rows(assistant, f"SELECT region, {change} AS v FROM (SELECT b.region, "
                               "sum(m.deposit_balance) FILTER (WHERE m.month = DATE '2025-12-01') AS now, "
                               f"sum(m.deposit_balance) FILTER (WHERE m.month = DATE '2024-12-01') AS before FROM balances_monthly m {_HOME} "
                               "GROUP BY 1) ORDER BY v LIMIT 3")
    answer = ask(assistant, question)
    at = answer.columns.index(column)
    assert [(r[0], r[at]) for r in answer.rows] == [(k, pytest.approx(v)) for k, v in expected]


@pytest.mark.parametrize("question", ["loans still pending?", "how many loans are pending", "number of pending loans"])
def test_rows_named_with_their_status(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'pending'")
    every_group = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))
    assert ask(every_group, question).rows[0][-1] == expected  # (a handful of loans: shown to this role only)


def test_an_amount_said_to_be_none(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, count(*) FROM balances_monthly m {_HOME} "
                                    "WHERE m.month = DATE '2025-12-01' AND m.wealth_balance = 0 GROUP BY 1"))
    answer = ask(assistant, "customers with no wealth holdings, by region")
    assert {r[0]: r[-1] for r in answer.rows} == expected


def test_atm_at_a_clauses_end_is_at_the_moment(assistant: Assistant) -> None:
    (new,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date > DATE '2025-12-31' - 90")
    assert ask(assistant, "how many new custs do we have atm? thinking about a welcome campaign").rows[0][-1] == new
    (atm,), = rows(assistant, "SELECT count(*) FROM transactions WHERE channel = 'atm'")
    assert ask(assistant, "how many txns at the atm?").rows[0][-1] == atm


def test_the_periods_of_a_breakdown_counted(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT date_trunc('quarter', decision_date), {_APPROVED} FROM loans "
                               "WHERE decision_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")
    for question in ("Quartely loan approval rate over 2024-2025, all 8 quarters please.", "2024到2025年每个季度的贷款审批通过率"):
        answer = ask(assistant, question)
        assert [r[answer.columns.index("loan_approval_rate")] for r in answer.rows] == pytest.approx([v for _, v in expected])
    # a number of periods the breakdown does not have is asked about
    assert assistant.ask("quarterly loan approval rate over 2024-2025, all 6 quarters please.", session="six").status == "clarify"


def test_two_years_listed_and_split_finer_are_one_span(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT date_trunc('quarter', disburse_date), count(*) FROM loans "
                               "WHERE disburse_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "24年和25年每个季度的放款笔数")
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]
    # two years set side by side are still compared
    assert ask(assistant, "2024年和2025年的放款笔数对比").semantic_query.get("compare")


def test_a_value_said_to_be_what_they_are_then_another_left_out(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) WHERE stage = 'dormant'")
    for question in ("how many customers are dormant, churned customers not included", "how many dormant customers, churned customers excluded",
                     "how many customers are dormant? churned customers are not included.", "沉睡客户,流失客户不算,有多少"):
        assert ask(assistant, question).rows[0][-1] == expected, question
    (outside,), = rows(assistant, "SELECT count(*) FROM customers JOIN branches USING (branch_id) WHERE region NOT IN ('华东', '华南')")
    assert ask(assistant, "华东、华南以外的客户有多少").rows[0][-1] == outside


def test_a_purpose_said_last_keeps_the_conditions_before(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, count(*) FROM balances_monthly m {_HOME} "
                                    "WHERE m.month = DATE '2025-12-01' AND m.wealth_balance = 0 AND m.deposit_balance > 0 GROUP BY 1"))
    answer = ask(assistant, "有存款、但12月末理财余额为0的客户,各大区分别有多少人?想看看哪里值得推理财。")
    assert {r[0]: r[-1] for r in answer.rows} == expected


def test_excluding_anyone_whose_home_branch_is_in(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT sum(m.deposit_balance) FROM balances_monthly m {_HOME} WHERE m.month = DATE '2025-12-01' "
                                   "AND c.occupation IN ('self_employed', 'business_owner') AND b.city NOT IN ('上海', '北京')")
    answer = ask(assistant, "Total point-in-time deposit balance at the Dec 2025 month end for customers who are self-employed or "
                            "business owners, excluding anyone whose home branch is in Shanghai or Beijing.")
    assert answer.rows[0][-1] == pytest.approx(expected)


def test_at_least_one_day(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' "
                                   "AND event_time >= DATE '2025-12-02' AND event_time < DATE '2026-01-01'")
    assert ask(assistant, "近30天至少有一天登录过的客户有多少个?").rows[0][-1] == expected


@pytest.mark.parametrize("question", ["What was the ROI on the 2024 autumn 薪易贷 rate promo?", "2024秋季薪易贷活动的ROI"])
def test_a_campaign_named_by_pieces_of_its_chinese_name(assistant: Assistant, question: str) -> None:
    (expected,), = rows(assistant, "SELECT sum(conversion_amount) FILTER (WHERE group_type = 'treatment' AND delivered "
                                   "AND converted_at IS NOT NULL) / sum(cost) FROM campaign_touches WHERE campaign_id = 'CMP2410F'")
    answer = ask(assistant, question)
    assert answer.rows[0][answer.columns.index("roi")] == pytest.approx(expected)


def test_the_same_figures_for_another_campaign(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FILTER (WHERE group_type = 'control' AND converted_at IS NOT NULL)::DOUBLE "
                                   "/ count(*) FILTER (WHERE group_type = 'control') FROM campaign_touches WHERE campaign_id = 'CMP2410F'")
    ask(assistant, "For campaign CMP2505J, give me the campaign conversion rate (treated), the control-group conversion rate, "
                   "and the uplift between them.", session="same-three")
    answer = ask(assistant, "Same three numbers for CMP2410F pls", session="same-three")
    assert answer.rows[0][answer.columns.index("control_conversion_rate")] == pytest.approx(expected)


def test_counts_said_in_the_plural_and_words_said_around(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT apply_date, count(*) FROM loans WHERE apply_date BETWEEN DATE '2025-12-02' AND DATE '2025-12-31' "
                               "GROUP BY 1 ORDER BY 1")
    every_group = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))
    answer = ask(every_group, "Daily application counts over the last 30 days?")
    assert len(answer.rows) == 30 and {str(r[0])[:10]: r[-1] for r in answer.rows if r[-1]} == {str(d): n for d, n in expected}
    (biggest,), = rows(assistant, "SELECT max(conversion_amount) FROM campaign_touches WHERE group_type = 'treatment' AND delivered "
                                  "AND converted_at IS NOT NULL")
    answer = ask(assistant, "among treated customers who converted, what's the biggest single conversion amount we've seen?")
    assert answer.rows[0][0] == pytest.approx(biggest)
    (only,), = rows(assistant, "SELECT count(*) FROM balances_monthly WHERE month = DATE '2025-12-01' AND deposit_balance > 0 "
                               "AND loan_balance = 0 AND deposit_balance + wealth_balance >= 500000")
    assert ask(assistant, "how many high-value customers only hold deposits with us?").rows[0][-1] == only


def test_levels_listed_in_english_after_a_chinese_word(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """
        SELECT CASE WHEN n >= 15 THEN 'high' WHEN n >= 4 THEN 'medium' WHEN n >= 1 THEN 'low' ELSE 'inactive' END, count(*)
        FROM (SELECT c.customer_id, count(DISTINCT CAST(e.event_time AS DATE)) AS n FROM customers c
              LEFT JOIN app_events e ON e.customer_id = c.customer_id AND e.event_type = 'login'
               AND e.event_time >= DATE '2025-12-02' AND e.event_time < DATE '2026-01-01' GROUP BY 1) GROUP BY 1"""))
    answer = ask(assistant, "客户活跃度分布:按近30天登录天数划的high/medium/low/inactive四档,每档各多少客户?")
    assert {r[0]: r[-1] for r in answer.rows} == expected


def test_the_only_value_counted_beside_one_left_out(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM deposit_accounts JOIN products USING (product_id) "
                                   "WHERE product_type = 'time_deposit' AND open_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'")
    answer = ask(assistant, "2025年三季度(7月1日到9月30日)新开了多少个定期存款账户?只算整存整取,大额存单不算在内。")
    assert answer.rows[0][-1] == expected


def test_a_reading_that_keeps_no_value_is_asked_back(assistant: Assistant) -> None:
    """Whatever reads the question (rules or a model), a query asking for and leaving out one value is never run."""
    from assistant.understanding import Understanding
    from semantic_layer.query import Filter, SemanticQuery

    class Contradicting:
        name = "stub"

        def understand(self, question, conversation, as_of):  # noqa: ANN001, ANN202
            return Understanding("query", "en", query=SemanticQuery(metrics=("new_deposit_accounts",), filters=(
                Filter(field="product_type", op="in", value=("time_deposit",)),
                Filter(field="product_type", op="not_in", value=("time_deposit", "large_cd")))))

    answer = Assistant(assistant.warehouse, Contradicting()).ask("time deposits, time deposits excluded")
    assert answer.status == "clarify" and "time deposit" in answer.message and not answer.rows


# Sets fe (the wealth-products owner) and ff (a relationship manager's everyday words)

_PURCHASE = "txn_type = 'wealth_purchase'"


def test_an_amount_of_rows_with_no_money_figure_is_never_their_count(assistant: Assistant) -> None:
    # "wealth products" are also the app events' product category: how much was put in is never how many views
    answer = assistant.ask("How much did payroll customers in 华东 put into wealth products in Q4 2025?", session="put-into")
    assert answer.status == "clarify" and not answer.rows
    (expected,), = rows(assistant, f"SELECT sum(t.amount) FROM transactions t {_HOME} WHERE t.{_PURCHASE} AND c.is_payroll "
                                   "AND b.region = '华东' AND t.txn_time >= DATE '2025-10-01' AND t.txn_time < DATE '2026-01-01'")
    answer = ask(assistant, "How much did payroll customers in 华东 invest in wealth products in Q4 2025?")
    assert answer.rows[0][0] == pytest.approx(expected)


def test_a_figure_over_its_groups_own_whole(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, sum(m.wealth_balance) / sum(m.deposit_balance + m.wealth_balance) "
                                    f"FROM balances_monthly m {_HOME} WHERE m.month = DATE '2025-12-01' GROUP BY 1"))
    answer = ask(assistant, "各区域理财余额占本区域AUM的比重分别是多少?")
    assert answer.semantic_query.get("ratio") is True
    got = {r[0]: r[-1] for r in answer.rows}
    assert got == pytest.approx(expected)


def test_a_purchase_denied_after_the_product(assistant: Assistant) -> None:
    (expected,), = rows(assistant, f"SELECT count(*) FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM transactions "
                                   f"WHERE {_PURCHASE} AND txn_time >= DATE '2025-10-03' AND txn_time < DATE '2026-01-01')")
    assert ask(assistant, "近90天一笔理财都没买的客户有多少").rows[0][-1] == expected
    (none,), = rows(assistant, "SELECT count(*) FROM balances_monthly WHERE month = DATE '2025-12-01' AND wealth_balance = 0")
    assert ask(assistant, "理财都没有的客户有多少").rows[0][-1] == none  # holding none, as before


def test_redemptions_of_months_said_short_against_the_same_months_a_year_before(assistant: Assistant) -> None:
    def redeemed(year: int) -> float:
        (v,), = rows(assistant, f"SELECT sum(amount) FROM transactions WHERE txn_type = 'wealth_redemption' "
                                f"AND txn_time >= DATE '{year}-03-01' AND txn_time < DATE '{year}-06-01'")
        return v

    answer = ask(assistant, "Wealth redemptions Mar–May 2025 vs the same months in 2024 — total amount for each")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["txn_amount"], row["txn_amount_previous"]) == (pytest.approx(redeemed(2025)), pytest.approx(redeemed(2024)))
    (customers,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM transactions WHERE txn_type = 'wealth_redemption' "
                                    "AND txn_time >= DATE '2025-03-01' AND txn_time < DATE '2025-06-01'")
    assert ask(assistant, "number of distinct customers who redeemed wealth between Mar and May 2025?").rows[0][0] == customers


def test_a_process_said_to_get_easier_is_its_rate(assistant: Assistant) -> None:
    answer = ask(assistant, "did loan approvals get any easier this quarter vs last quarter? give me both approval rates")
    assert answer.semantic_query["metrics"] == ["loan_approval_rate"]
    (now,), = rows(assistant, f"SELECT {_APPROVED} FROM loans WHERE decision_date BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'")
    assert answer.rows[0][answer.columns.index("loan_approval_rate")] == pytest.approx(now)


def test_everyday_words_for_aum_channels_and_approval(assistant: Assistant) -> None:
    (rich,), = rows(assistant, f"SELECT count(*) FROM balances_monthly m {_HOME} WHERE m.month = DATE '2025-12-01' AND c.gender = 'female' "
                               "AND c.occupation = 'business_owner' AND b.region = '华南' AND m.deposit_balance + m.wealth_balance > 500000")
    every_group = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))
    assert ask(every_group, "how many female business owners in 华南 have more than 500k with us (deposits + wealth)?").rows[0][-1] == rich
    channels = dict(rows(assistant, "SELECT acquisition_channel, count(*) FROM customers GROUP BY 1"))
    answer = ask(assistant, "can u break our customers down by how they first came to us?")
    assert {r[0]: r[-1] for r in answer.rows} == channels
    (rate,), = rows(assistant, f"SELECT {_APPROVED} FROM loans WHERE {_DECIDED_2025}")
    answer = ask(assistant, "今年贷款申请批下来的比例大概多少?客户老问我好不好批")
    assert answer.rows[0][answer.columns.index("loan_approval_rate")] == pytest.approx(rate)
    (payroll,), = rows(assistant, "SELECT count(*) FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b "
                                  "USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city = '上海' AND c.is_payroll "
                                  "AND m.deposit_balance > 0 AND m.loan_balance = 0")
    assert ask(every_group, "上海那边的带发客户里,只存款不贷款的有多少?").rows[0][-1] == payroll
    (new,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2025-10-03' AND DATE '2025-12-31'")
    assert ask(assistant, "how many new custmers did we pick up in the last 90 days?").rows[0][-1] == new


def test_those_left_out_are_never_read_as_the_condition(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT CASE WHEN aum >= 500000 THEN 'high' WHEN aum >= 50000 THEN 'medium' ELSE 'low' END, avg(aum) "
                                    "FROM (SELECT deposit_balance + wealth_balance AS aum FROM balances_monthly "
                                    "WHERE month = DATE '2025-12-01' AND loan_balance > 0) GROUP BY 1"))
    answer = ask(assistant, "Excluding customers with no loan balance, what is the average AUM per customer in each value tier?")
    at = answer.columns.index("avg_aum_per_customer")
    assert {r[0]: r[at] for r in answer.rows} == pytest.approx(expected)


def test_every_group_listed_in_brackets_after_a_pause(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT status, count(*) FROM loans GROUP BY 1"))
    every_group = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))
    answer = ask(every_group, "How many loan applications in each loan status right now (pending, rejected, approved, disbursed, settled)?")
    assert {r[0]: r[-1] for r in answer.rows} == expected
    # "loans" with a status word of two fields: asked back, never a status dropped
    assert assistant.ask("How many loans do we have in each status right now (pending, rejected, approved, disbursed, settled)?",
                         session="status-words").status == "clarify"


def test_the_top_groups_by_the_amount_of_rows_named_by_a_value(assistant: Assistant) -> None:
    expected = rows(assistant, f"SELECT b.branch_name, sum(t.amount) AS v FROM transactions t {_HOME} WHERE t.{_PURCHASE} "
                               "AND t.txn_time >= DATE '2025-01-01' AND t.txn_time < DATE '2026-01-01' GROUP BY 1 ORDER BY v DESC LIMIT 3")
    answer = ask(assistant, "Top 3 branches by wealth purchase amount in 2025")
    assert [(r[0], r[answer.columns.index("txn_amount")]) for r in answer.rows] == [(k, pytest.approx(v)) for k, v in expected]


def test_an_amount_per_buyer_is_asked_back_never_averaged_per_row(assistant: Assistant) -> None:
    for question in ("avg wealth purchase amount per buyer last quarter?", "average wealth purchase amount per customer last quarter"):
        assert assistant.ask(question, session=question[:30]).status == "clarify", question


def test_the_youngest_and_oldest_said_with_de(assistant: Assistant) -> None:
    (young, old), = rows(assistant, "SELECT min(date_sub('year', c.birth_date, DATE '2025-12-31')), max(date_sub('year', c.birth_date, "
                                    "DATE '2025-12-31')) FROM customers c JOIN balances_monthly m USING (customer_id) "
                                    "WHERE m.month = DATE '2025-12-01' AND m.deposit_balance + m.wealth_balance >= 500000")
    answer = ask(assistant, "高价值客户里年纪最小的和最大的分别几岁?")
    assert answer.rows[0][:2] == [young, old]


def test_a_yes_no_value_and_its_denial_are_its_two_groups(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT c.is_payroll, sum(m.loan_balance) FROM balances_monthly m JOIN customers c USING (customer_id) "
                                    "WHERE m.month = DATE '2025-12-01' GROUP BY 1"))
    answer = ask(assistant, "代发工资的客户和不是代发的客户,贷款余额各有多少?对比一下")
    assert {r[0]: r[-1] for r in answer.rows} == pytest.approx(expected)
    # a value of many and its denial are two groups no breakdown by the field gives: asked back
    assert assistant.ask("华东和非华东的客户数", session="east-or-not").status == "clarify"


def test_a_part_said_in_its_whole(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT sum(wealth_balance) / sum(deposit_balance + wealth_balance) FROM balances_monthly "
                                   "WHERE month = DATE '2025-12-01'")
    answer = ask(assistant, "目前理财余额在AUM里占多少比例")
    assert answer.semantic_query.get("ratio") is True and answer.rows[0][-1] == pytest.approx(expected)


def test_levels_listed_short_and_years_after_a_finer_grain(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT CASE WHEN m.deposit_balance + m.wealth_balance >= 500000 THEN 'high' "
                                    "WHEN m.deposit_balance + m.wealth_balance >= 50000 THEN 'medium' ELSE 'low' END, count(*) "
                                    "FROM balances_monthly m WHERE m.month = DATE '2025-12-01' GROUP BY 1"))
    answer = ask(assistant, "customers by value tier (hi/med/low)")
    assert {r[0]: r[-1] for r in answer.rows} == expected
    quarters = rows(assistant, "SELECT date_trunc('quarter', txn_time), sum(amount) FROM transactions WHERE txn_type = 'wealth_redemption' "
                               "AND txn_time >= DATE '2024-01-01' AND txn_time < DATE '2026-01-01' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "quarterly wealth redemption amounts across 2024 and 2025")
    assert [r[answer.columns.index("txn_amount")] for r in answer.rows] == pytest.approx([v for _, v in quarters])


# Sets fg (a risk and compliance officer) and fh (a digital-channel analyst)

def test_a_value_denied_is_never_its_figure(assistant: Assistant) -> None:
    (expected,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date <= DATE '2025-12-31' - 90 AND customer_id NOT IN "
                                   "(SELECT customer_id FROM transactions WHERE txn_time >= DATE '2025-07-05' AND txn_time < DATE '2026-01-01')")
    answer = ask(assistant, "how many customers have no transaction in the last 180 days and are not a new customer")
    assert answer.semantic_query["metrics"] == ["customer_count"] and answer.rows[0][-1] == expected


def test_rows_split_by_their_customers_top_part_of_the_day_are_asked_about(assistant: Assistant) -> None:
    # the data keeps no part of the day of each login: split by each customer's most active period, the logins would
    # answer a different question — asked; the customers by it, and a filter on it, are read
    answer = assistant.ask("近90天登录量在各时段的分布(早上/中午/下午/晚上/深夜)", session="logins-by-period")
    assert answer.status == "clarify" and "活跃时段" in answer.message
    expected = dict(rows(assistant, """
        WITH e AS (SELECT customer_id, CASE WHEN hour(event_time) >= 6 AND hour(event_time) < 11 THEN 0 WHEN hour(event_time) >= 11
                          AND hour(event_time) < 14 THEN 1 WHEN hour(event_time) >= 14 AND hour(event_time) < 18 THEN 2
                          WHEN hour(event_time) >= 18 AND hour(event_time) < 23 THEN 3 ELSE 4 END AS o
                   FROM app_events WHERE event_type = 'login' AND event_time >= DATE '2025-10-03' AND event_time < DATE '2026-01-01'),
             c AS (SELECT customer_id, o, count(*) AS n FROM e GROUP BY 1, 2),
             top AS (SELECT customer_id, o FROM c QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, o) = 1)
        SELECT ['morning', 'midday', 'afternoon', 'evening', 'night'][o + 1], count(*) FROM top GROUP BY 1"""))
    answer = ask(assistant, "按活跃时段看客户数")
    assert {r[0]: r[-1] for r in answer.rows if r[0] is not None} == expected
    assert ask(assistant, "各渠道偏好的交易笔数").semantic_query["group_by"] == [{"field": "preferred_channel"}]
    # the day of the week is no field: asked, never the total
    assert assistant.ask("logins by day of week, last 90 days", session="weekday").status == "clarify"


def test_an_amount_is_no_breakdown(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT date_trunc('quarter', txn_time), count(*), sum(amount) FROM transactions WHERE txn_type = 'cash_withdrawal' "
                               "AND txn_time >= DATE '2025-07-01' AND txn_time < DATE '2026-01-01' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "Compare cash withdrawals in Q3 vs Q4 2025 - number of withdrawals and total amount for each quarter.")
    assert len(answer.rows) == 2
    assert [(r[answer.columns.index("txn_count")], r[answer.columns.index("txn_amount")]) for r in answer.rows] == \
        [(n, pytest.approx(v)) for _, n, v in expected]


def test_the_rows_a_tag_is_measured_on_said_after_its_value(assistant: Assistant) -> None:
    every_group = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))
    answer = ask(every_group, "customers w/ high wealth intent who are inactive on login — how many per region?")
    assert answer.semantic_query["metrics"] == ["customer_count"]
    assert {f["field"] for f in answer.semantic_query["filters"]} == {"wealth_intent", "activity_level"}


def test_where_it_was_done_and_hits(assistant: Assistant) -> None:
    (users,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' AND platform = 'app' "
                                "AND event_time >= DATE '2025-11-01' AND event_time < DATE '2025-12-01'")
    assert ask(assistant, "上个月app上有多少人登录过?").rows[0][-1] == users
    (hits,), = rows(assistant, "SELECT count(*) FROM app_events WHERE event_type = 'loan_calculator' AND platform = 'wechat_mini' "
                               "AND event_time >= DATE '2025-07-01' AND event_time < DATE '2025-10-01'")
    assert ask(assistant, "how many loan calculator hits did the wechat mini program get last qtr?").rows[0][-1] == hits


def test_accounts_closed_said_with_a_count_between(assistant: Assistant) -> None:
    (closed,), = rows(assistant, "SELECT count(*) FROM deposit_accounts WHERE close_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'")
    assert ask(assistant, "上个月一共销户了几个存款账户?").rows[0][-1] == closed
    quarters = rows(assistant, "SELECT date_trunc('quarter', close_date), count(*) FROM deposit_accounts "
                               "WHERE close_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "2025年每个季度各销户多少个存款账户")
    assert [r[-1] for r in answer.rows] == [n for _, n in quarters]
