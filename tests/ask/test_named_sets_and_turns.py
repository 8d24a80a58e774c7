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


@pytest.mark.parametrize("question", ["MoM change in total wealth balance held by female customers, Nov 2025 vs Dec 2025 — amount and %?",
                                      "total wealth balance of female customers, Dec 2025 vs Nov 2025: change?"])
def test_two_months_set_side_by_side_compare_the_later_with_the_earlier(assistant: Assistant, question: str) -> None:
    (nov, dec), = rows(assistant, """SELECT sum(m.wealth_balance) FILTER (WHERE m.month = DATE '2025-11-01'),
        sum(m.wealth_balance) FILTER (WHERE m.month = DATE '2025-12-01') FROM balances_monthly m JOIN customers c USING (customer_id)
        WHERE c.gender = 'female'""")
    answer = ask(assistant, question)
    assert answer.rows[0][:3] == [pytest.approx(float(dec)), pytest.approx(float(nov)), pytest.approx(float(dec - nov))]


def test_biggest_first_orders_every_group(assistant: Assistant) -> None:
    """"…, by acquisition channel? Biggest channel first.": every channel, largest first — not the top one."""
    expected = rows(assistant, """SELECT acquisition_channel, count(*) FROM customers WHERE open_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'
                                  GROUP BY 1 ORDER BY 2 DESC""")
    answer = ask(assistant, "How many new customers did we bring in during Q3 2025, by acquisition channel? Biggest channel first.")
    assert [tuple(r[:2]) for r in answer.rows] == [tuple(r) for r in expected]


def test_a_period_said_of_another_date_by_its_verb_is_asked_back(assistant: Assistant) -> None:
    """"mortgage apps decided in 2025": applications are dated by when they were applied for — asked, never read so."""
    assert assistant.ask("avg time to decision in days for mortgage applications decided in 2025?", session="decided").status == "clarify"


def test_a_verb_before_a_customer_tags_value_names_no_rows(assistant: Assistant) -> None:
    """"How many married men aged 45-54 are rated R4 or R5?": the risk level, never survey responses."""
    answer = assistant.ask("How many married men aged 45-54 with annual income of 300k or more are rated R4 or R5?", session="rated")
    assert answer.status == "clarify" or "survey_responses" not in answer.columns


def test_loan_apps_are_applications(assistant: Assistant) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM loans l JOIN products p USING (product_id)
                               WHERE p.product_type = 'mortgage' AND l.apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert ask(assistant, "how many mortgage apps came in during 2025?").rows[0][0] == n


def test_still_open_deposit_accounts(assistant: Assistant) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM deposit_accounts a JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
                               WHERE b.region = '华南' AND a.status = 'active'""")
    for question in ("how many deposit accts in 华南 are still active?", "how many deposit accounts in 华南 are still open?"):
        assert ask(assistant, question).rows[0][0] == n


def test_never_anywhere_in_the_data_is_over_all_of_it(assistant: Assistant) -> None:
    (n,), = rows(assistant, """SELECT count(*) FROM customers c WHERE c.open_date <= DATE '2025-12-31' AND NOT EXISTS
                               (SELECT 1 FROM app_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'login')""")
    answer = ask(assistant, "how many customers have never logged in at all (no login event anywhere in the data)?")
    assert answer.rows[0][0] == n


def test_a_gloss_of_the_figure_after_its_period(assistant: Assistant) -> None:
    """"华南 total AUM as of today (deposits + wealth, month-end)": the definition said again after the period."""
    (aum,), = rows(assistant, _REGION_AUM.format(month="2025-12-01"))
    assert ask(assistant, "what's 华南 total AUM as of today (deposits + wealth, month-end)?").rows[0][0] == pytest.approx(float(aum))


def test_a_number_before_a_field_compared_after_it_is_not_that_fields(assistant: Assistant) -> None:
    """"from customers under 35 earning less than 100k a year": under 35 is the age, the income is the second comparison's."""
    (rate,), = rows(assistant, """SELECT count(*) FILTER (WHERE l.status IN ('approved', 'disbursed', 'settled')) / count(*)
        FROM loans l JOIN products p USING (product_id) JOIN customers c USING (customer_id)
        WHERE p.product_type = 'consumer_loan' AND l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        AND date_diff('year', c.birth_date, DATE '2025-12-31') - CASE WHEN strftime(c.birth_date, '%m-%d') > '12-31' THEN 1 ELSE 0 END < 35
        AND c.annual_income < 100000""")
    answer = ask(assistant, "approval rate in 2025 for consumer loan applications from customers under 35 earning less than 100k a year?")
    assert answer.rows[0][answer.columns.index("loan_approval_rate")] == pytest.approx(rate)


def test_none_of_the_rows_in_a_state_is_said_once(assistant: Assistant) -> None:
    """"贷款余额为0（一笔贷款都没有在还）": no loan being repaid — not also no loan ever applied for."""
    (n,), = rows(assistant, """
        WITH q AS (SELECT customer_id, count(*) AS n FROM app_events WHERE event_type IN ('loan_inquiry', 'loan_calculator')
                   AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01' GROUP BY 1),
             s AS (SELECT customer_id, arg_max(loan_intent, submitted_at) AS li FROM survey_responses
                   WHERE submitted_at < TIMESTAMP '2026-01-01' GROUP BY 1)
        SELECT count(*) FROM customers c JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        LEFT JOIN q ON q.customer_id = c.customer_id LEFT JOIN s ON s.customer_id = c.customer_id
        WHERE (coalesce(q.n, 0) >= 3 OR coalesce(s.li, 0) >= 4) AND m.loan_balance = 0
        AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = c.customer_id AND l.status = 'disbursed')""")
    assert ask(assistant, "贷款意向高、但现在贷款余额为0（一笔贷款都没有在还）的客户有多少个？").rows[0][0] == n


def test_a_second_field_with_its_own_function_in_a_clause_of_its_own(assistant: Assistant) -> None:
    """"高价值客户平均多少岁？年收入中位数呢？": the average age and the median income — not the median age."""
    (age, income), = rows(assistant, """
        SELECT avg(date_diff('year', c.birth_date, DATE '2025-12-31') - CASE WHEN strftime(c.birth_date, '%m-%d') > '12-31' THEN 1 ELSE 0 END),
               median(c.annual_income)
        FROM customers c JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE m.deposit_balance + m.wealth_balance >= 500000""")
    answer = ask(assistant, "高价值客户平均多少岁？年收入中位数呢？")
    assert answer.rows[0][:2] == [pytest.approx(age, abs=0.5), pytest.approx(float(income))]


def test_the_median_asked_for_by_the_way(assistant: Assistant) -> None:
    (avg, med), = rows(assistant, "SELECT avg(annual_income), median(annual_income) FROM customers WHERE is_payroll AND open_date <= DATE '2025-12-31'")
    answer = ask(assistant, "代发工资客户的平均年收入是多少？顺便给个中位数")
    assert answer.rows[0][:2] == [pytest.approx(float(avg)), pytest.approx(float(med))]


def test_a_group_message_is_an_action(assistant: Assistant) -> None:
    answer = assistant.ask("帮我给所有沉睡客户群发一条唤醒短信，文案就写“好久不见，回来看看”", session="mass-sms")
    assert answer.status == "refused" and "action" in answer.notes


def test_who_is_excluded_then_how_they_came(assistant: Assistant) -> None:
    """"Excluding customers acquired via partners, …": the partner-acquired customers are left out."""
    (avg,), = rows(assistant, """SELECT avg(coalesce(m.deposit_balance + m.wealth_balance, 0)) FROM customers c
        LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE c.acquisition_channel <> 'partner' AND c.open_date <= DATE '2025-12-31'""")
    answer = ask(assistant, "Excluding customers acquired via partners, what's the average AUM per customer?")
    assert answer.rows[0][0] == pytest.approx(avg)


def test_the_amount_and_the_percentage_of_a_change_keep_its_condition(assistant: Assistant) -> None:
    """"代发客户的存款日均同比增长了多少？金额和百分比都要": the change's percentage — not a share of the payroll customers."""
    (now, before), = rows(assistant, """SELECT sum(m.deposit_avg_daily) FILTER (WHERE m.month = DATE '2025-12-01'),
        sum(m.deposit_avg_daily) FILTER (WHERE m.month = DATE '2024-12-01') FROM balances_monthly m JOIN customers c USING (customer_id)
        WHERE c.is_payroll""")
    answer = ask(assistant, "代发客户的存款日均，2025年12月比2024年12月同比增长了多少？金额和百分比都要")
    assert answer.rows[0][:4] == [pytest.approx(float(now)), pytest.approx(float(before)), pytest.approx(float(now - before)),
                                  pytest.approx(float(now / before - 1))]
