"""Words that set the first blind sets of the session (cf: a wealth team lead, cg: an app growth owner)
answering another question: a condition said before "how many and their combined AUM" (dropped, and the
AUM threshold applied to the total), "去重按人算" counting the customers of loan applications, "环比涨了
百分之多少" read as a share, "有登录的用户里 … 占多少" counting events, "for 2025 campaigns" made a
breakdown, "这里面 …" after a question that was asked back, "the same period last year" after a YTD
figure, "holding any wealth product" read as app events. Each answer on the small generated mart is
checked against hand-written SQL, or must be asked back."""

from __future__ import annotations

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant


def test_a_threshold_said_before_both_figures_filters_the_customers(assistant: Assistant) -> None:
    """"female, East China, AUM >= 500k — how many and what's their combined AUM?": both figures of those customers."""
    (n, aum), = rows(assistant, """
        SELECT count(*), sum(m.deposit_balance + m.wealth_balance) FROM balances_monthly m JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id)
        WHERE m.month = DATE '2025-12-01' AND c.gender = 'female' AND b.region = '华东' AND m.deposit_balance + m.wealth_balance >= 500000""")
    answer = ask(assistant, "female, East China (华东), AUM >= 500k — how many and what's their combined AUM?")
    assert answer.columns[:2] == ["customer_count", "aum"]
    assert answer.rows[0][:2] == [n, pytest.approx(float(aum))]


def test_a_threshold_on_the_one_figure_asked_filters_the_customers(assistant: Assistant) -> None:
    """With no breakdown, "AUM >= 500k" is each customer's AUM, never the one total's."""
    (aum,), = rows(assistant, """SELECT sum(deposit_balance + wealth_balance) FROM balances_monthly
                                 WHERE month = DATE '2025-12-01' AND deposit_balance + wealth_balance >= 500000""")
    answer = ask(assistant, "customers with AUM >= 500k: what's their combined AUM?")
    assert answer.rows[0][-1] == pytest.approx(float(aum))


def test_a_threshold_on_a_groups_figure_still_filters_the_groups(assistant: Assistant) -> None:
    """With a breakdown, a condition on the figure asked is each group's figure ("cities with AUM over 2000万")."""
    from semantic_layer.query import Filter, GroupBy, SemanticQuery

    expected = rows(assistant, """
        SELECT b.city, sum(m.deposit_balance + m.wealth_balance) AS aum FROM balances_monthly m JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1 HAVING aum > 20000000 ORDER BY 2 DESC""")
    query = SemanticQuery(metrics=("aum",), group_by=(GroupBy(field="city"),), filters=(Filter(field="aum", op=">", value=20000000.0),))
    answer = assistant.run_query(query)
    assert sorted((r[0], r[-1]) for r in answer.rows) == sorted((c, pytest.approx(float(v))) for c, v in expected)


@pytest.mark.parametrize("question", ["华东的女性客户有多少人，AUM合计多少", "华东女性客户有几个？AUM加起来多少"])
def test_how_many_beside_a_held_sum_in_chinese(assistant: Assistant, question: str) -> None:
    (n, aum), = rows(assistant, """
        SELECT count(*), sum(m.deposit_balance + m.wealth_balance) FROM customers c JOIN branches b USING (branch_id)
        LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE c.gender = 'female' AND b.region = '华东' AND c.open_date <= DATE '2025-12-31'""")
    answer = ask(assistant, question)
    assert answer.columns[:2] == ["customer_count", "aum"] and answer.rows[0][:2] == [n, pytest.approx(float(aum))]


def test_which_five_is_no_count(assistant: Assistant) -> None:
    """"最高的5个网点是哪几个": 哪几个 asks which, not how many."""
    answer = ask(assistant, "存款余额最高的5个网点是哪几个？")
    assert answer.columns[-1] == "deposit_balance" and "customer_count" not in answer.columns


def test_distinct_people_of_the_rows_most_values_name(assistant: Assistant) -> None:
    """"12月份在app上登录过的用户有多少人？去重按人算": app is also a loan application channel; 登录 only an app event."""
    (n,), = rows(assistant, """SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' AND platform = 'app'
                               AND event_time >= TIMESTAMP '2025-12-01' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, "12月份在app上登录过的用户有多少人？去重按人算")
    assert answer.rows[0][0] == n


@pytest.mark.parametrize("question", ["本月app登录人数环比涨了百分之多少？", "本月app登录人数 vs 上月，环比涨了还是跌了，百分之多少？"])
def test_a_percentage_of_the_change_is_no_share(assistant: Assistant, question: str) -> None:
    (now, before), = rows(assistant, """
        SELECT count(DISTINCT customer_id) FILTER (WHERE event_time >= TIMESTAMP '2025-12-01'),
               count(DISTINCT customer_id) FILTER (WHERE event_time < TIMESTAMP '2025-12-01')
        FROM app_events WHERE event_type = 'login' AND platform = 'app'
        AND event_time >= TIMESTAMP '2025-11-01' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, question)
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert [v for k, v in row.items() if k.endswith("_previous")] == [before]
    assert [v for k, v in row.items() if k.endswith("_change_pct")] == [pytest.approx(now / before - 1)]


def test_a_share_of_a_share_said_as_a_change_is_still_asked_back(assistant: Assistant) -> None:
    """"高价值客户占比比上月涨了几个点": a share compared is not the count compared."""
    assert assistant.ask("高价值客户占比比上月涨了几个点", session="share-compared").status == "clarify"


def test_users_among_whom_a_share_is_taken_are_people(assistant: Assistant) -> None:
    """"本月有登录的用户里，在微信小程序登录过的人占多少？": distinct customers, not login events."""
    (share,), = rows(assistant, """
        SELECT count(DISTINCT customer_id) FILTER (WHERE platform = 'wechat_mini') / count(DISTINCT customer_id)
        FROM app_events WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-12-01' AND event_time < TIMESTAMP '2026-01-01'""")
    answer = ask(assistant, "本月有登录的用户里，在微信小程序登录过的人占多少？")
    assert [v for c, v in zip(answer.columns, answer.rows[0], strict=True) if c.endswith("_share")] == [pytest.approx(share)]


def test_the_campaigns_a_ranking_is_over_are_no_breakdown(assistant: Assistant) -> None:
    """"bottom 3 touch channels by open rate for 2025 campaigns": by channel only, over campaigns started in 2025."""
    expected = rows(assistant, """
        SELECT t.channel, count(*) FILTER (WHERE t.opened_at IS NOT NULL) / count(*) AS r
        FROM campaign_touches t JOIN campaigns c USING (campaign_id)
        WHERE t.group_type = 'treatment' AND t.delivered AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        GROUP BY 1 ORDER BY 2 ASC LIMIT 3""")
    answer = ask(assistant, "bottom 3 touch channels by open rate for 2025 campaigns")
    assert "campaign" not in answer.columns
    assert [(r[0], r[answer.columns.index("open_rate")]) for r in answer.rows] == [(c, pytest.approx(v)) for c, v in expected]


def test_among_these_after_a_question_asked_back_is_asked_back(assistant: Assistant) -> None:
    """"这里面代发工资的有多少？" after a question that was not answered: among which customers? asked, never all of them."""
    first = assistant.ask("现在AUM 50w以上的客户一共多少个？就是存款+理财加起来过50万的那种，存款按日均算还是时点我也不清楚", session="among-these")
    assert first.status != "answered"
    assert assistant.ask("这里面代发工资的有多少？", session="among-these").status == "clarify"


def test_among_these_after_an_answer_narrows_it(assistant: Assistant) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM balances_monthly m JOIN customers c USING (customer_id)
                               WHERE m.month = DATE '2025-12-01' AND m.deposit_balance + m.wealth_balance >= 500000 AND c.is_payroll""")
    ask(assistant, "AUM 50万以上的客户有多少", session="among-these-answered")
    answer = ask(assistant, "这里面代发工资的有多少？", session="among-these-answered")
    assert answer.rows[0][0] == n


def test_the_same_period_last_year_after_a_year_to_date_figure(assistant: Assistant) -> None:
    """"Wealth redemptions YTD — total amount?" then "and the same period last year?": 2024 against 2025, not December."""
    (now, before), = rows(assistant, """
        SELECT sum(amount) FILTER (WHERE txn_time >= DATE '2025-01-01'), sum(amount) FILTER (WHERE txn_time < DATE '2025-01-01')
        FROM transactions WHERE txn_type = 'wealth_redemption' AND txn_time >= DATE '2024-01-01' AND txn_time < DATE '2026-01-01'""")
    ask(assistant, "Wealth redemptions YTD — total amount?", session="ytd")
    answer = ask(assistant, "and the same period last year?", session="ytd")
    assert answer.rows[0][:2] == [pytest.approx(float(now)), pytest.approx(float(before))]


def test_a_comparison_with_last_month_end_is_of_this_month(assistant: Assistant) -> None:
    """"理财余额跟上月末比变化了多少" (no earlier question): this month-end against the last."""
    (now, before), = rows(assistant, """SELECT sum(wealth_balance) FILTER (WHERE month = DATE '2025-12-01'),
                                               sum(wealth_balance) FILTER (WHERE month = DATE '2025-11-01') FROM balances_monthly""")
    answer = ask(assistant, "理财余额跟上月末比变化了多少")
    assert answer.rows[0][:2] == [pytest.approx(float(now)), pytest.approx(float(before))]


@pytest.mark.parametrize("question", ["How many Hangzhou customers are currently holding any wealth product, i.e. wealth balance > 0?",
                                      "杭州持有理财产品的客户有多少"])
def test_holding_a_wealth_product_is_a_wealth_balance(assistant: Assistant, question: str) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
                               WHERE m.month = DATE '2025-12-01' AND b.city = '杭州' AND m.wealth_balance > 0""")
    answer = ask(assistant, question)
    assert answer.rows[0][0] == n


def test_a_tag_restated_beside_a_share_is_not_its_base(assistant: Assistant) -> None:
    """"… sits with high-value customers — the ones whose own AUM is 500k or more": the share of all AUM."""
    (share,), = rows(assistant, """SELECT sum(deposit_balance + wealth_balance) FILTER (WHERE deposit_balance + wealth_balance >= 500000)
                                          / sum(deposit_balance + wealth_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'""")
    answer = ask(assistant, "What percentage of our total AUM sits with high-value customers — the ones whose own AUM is 500k or more?")
    assert answer.rows[0][answer.columns.index("aum_share")] == pytest.approx(share)


def test_the_branches_ranked_are_those_of_the_city_named_after_them(assistant: Assistant) -> None:
    """"top 3 brnaches in Shenzen by AUM?": Shenzhen's branches ranked (the typos corrected), not asked back."""
    expected = rows(assistant, """
        SELECT b.branch_name, sum(m.deposit_balance + m.wealth_balance) FROM balances_monthly m JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' AND b.city = '深圳' GROUP BY 1 ORDER BY 2 DESC LIMIT 3""")
    for question in ("top 3 branches in Shenzhen by AUM?", "top 3 brnaches in Shenzen by AUM?"):
        answer = ask(assistant, question)
        assert [(r[0], r[-1]) for r in answer.rows] == [(n, pytest.approx(float(v))) for n, v in expected]


def test_an_input_slip_before_a_count_is_read_as_meant(assistant: Assistant) -> None:
    """"杭州的高价直客户有多小个": 高价直 sounds like 高价值, 多小个 is 多少个 mistyped."""
    (n,), = rows(assistant, """SELECT count(*) FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
                               WHERE m.month = DATE '2025-12-01' AND b.city = '杭州' AND m.deposit_balance + m.wealth_balance >= 500000""")
    assert ask(assistant, "杭州的高价直客户有多小个").rows[0][0] == n


def test_rose_or_dropped_and_both_the_absolute_and_the_percentage(assistant: Assistant) -> None:
    """"是涨还是掉了", "绝对值和百分比都要", "去年一整年": words of the comparison and the period."""
    (now, before), = rows(assistant, """SELECT sum(m.deposit_balance) FILTER (WHERE m.month = DATE '2025-12-01'),
        sum(m.deposit_balance) FILTER (WHERE m.month = DATE '2024-12-01')
        FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) WHERE b.city = '深圳'""")
    answer = ask(assistant, "深圳的存款时点余额跟去年底比变了多少钱？是涨还是掉了")
    assert answer.rows[0][:3] == [pytest.approx(float(now)), pytest.approx(float(before)), pytest.approx(float(now - before))]
    (w_now, w_before), = rows(assistant, """SELECT sum(wealth_balance) FILTER (WHERE month = DATE '2025-12-01'),
                                                   sum(wealth_balance) FILTER (WHERE month = DATE '2025-11-01') FROM balances_monthly""")
    answer = ask(assistant, "理财余额MoM涨了多少？绝对值和百分比都要")
    assert answer.rows[0][2:4] == [pytest.approx(float(w_now - w_before)), pytest.approx(float(w_now / w_before - 1))]
    (n,), = rows(assistant, """SELECT count(*) FROM deposit_accounts a JOIN products p USING (product_id)
                               WHERE p.product_type = 'large_cd' AND a.open_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'""")
    assert ask(assistant, "去年一整年新开了多少个大额存单账户？").rows[0][0] == n
