"""Whose field, who is counted and which turn a question builds on — each answer on the small generated
mart checked against hand-written SQL: "go by the borrower's home branch", "leaving mortgages out",
"now" against a month named, "how many women … applied", "那按大区看呢" after a breakdown, a region
pinned by a follow-up, and words that point back at an answer that is not there."""

from __future__ import annotations

from datetime import date

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, rows  # one way to ask and to run the hand-written SQL

from assistant.answer import Assistant

YEAR_2025 = "BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"


def figures(answer) -> list:
    return [answer.rows[0][i] for i, role in enumerate(answer.column_roles) if role == "metric"]


@pytest.mark.parametrize("question", ["Which 3 branches disbursed the most loan money this year? Go by the borrower's home branch.",
                                      "按借款客户的归属网点统计今年放款金额最高的3家网点"])
def test_the_borrowers_branch_is_whose_field(assistant: Assistant, question: str) -> None:
    """Borrowers named before their branch say whose branch — not customers who still have a loan today."""
    expected = rows(assistant, f"""SELECT b.branch_name, sum(l.amount) FROM loans l JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE l.disburse_date {YEAR_2025} GROUP BY 1 ORDER BY 2 DESC LIMIT 3""")
    answer = ask(assistant, question)
    assert [(r[0], r[1]) for r in answer.rows] == [(name, pytest.approx(float(amount))) for name, amount in expected]


def test_leaving_a_value_out(assistant: Assistant) -> None:
    ((expected,),) = rows(assistant, """SELECT count(*) FROM loans l JOIN products p USING (product_id)
        WHERE l.status = 'disbursed' AND l.overdue_days = 0 AND p.product_type <> 'mortgage'""")
    answer = ask(assistant, "How many outstanding loans are current — not past due at all — leaving mortgages out?")
    assert figures(answer) == [expected]


@pytest.mark.parametrize("question", ["跟去年12月末比，现在全行贷款余额涨了多少？",
                                      "How much has the loan balance grown now compared with the end of December 2024?"])
def test_now_against_a_month_named_is_the_latest_month(assistant: Assistant, question: str) -> None:
    ((now, then),) = rows(assistant, """SELECT sum(loan_balance) FILTER (WHERE month = DATE '2025-12-01'),
        sum(loan_balance) FILTER (WHERE month = DATE '2024-12-01') FROM balances_monthly""")
    answer = ask(assistant, question)
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["loan_balance"], row["loan_balance_previous"]) == (pytest.approx(float(now)), pytest.approx(float(then)))


@pytest.mark.parametrize("question", ["How many women applied for a loan in 2025?", "2025年有多少女性申请了贷款"])
def test_people_counted_by_a_value_are_the_customers_who_did_it(assistant: Assistant, question: str) -> None:
    ((expected,),) = rows(assistant, f"""SELECT count(DISTINCT l.customer_id) FROM loans l JOIN customers c USING (customer_id)
        WHERE c.gender = 'female' AND l.apply_date {YEAR_2025}""")
    assert figures(ask(assistant, question)) == [expected]


def test_loan_applications_taken_in_then_those_through_partners(assistant: Assistant) -> None:
    ((count, partner),) = rows(assistant, f"""SELECT count(*), count(*) FILTER (WHERE apply_channel = 'partner')
        FROM loans WHERE apply_date {YEAR_2025}""")
    assert figures(ask(assistant, "How many loan applications did we take in during 2025?", session="taken")) == [count]
    assert figures(ask(assistant, "and how many of those came in through partners?", session="taken")) == [partner]


@pytest.mark.parametrize("follow_up", ["那按大区看呢？", "what about by region?"])
def test_what_about_another_breakdown_replaces_the_last(assistant: Assistant, follow_up: str) -> None:
    expected = dict(rows(assistant, """SELECT b.region, count(*) FILTER (WHERE l.overdue_days > 0) / count(*)
        FROM loans l JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) WHERE l.status = 'disbursed' GROUP BY 1"""))
    ask(assistant, "各城市的逾期率", session=follow_up)
    answer = ask(assistant, follow_up, session=follow_up)
    assert answer.columns[0] == "region" and "city" not in answer.columns
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_a_breakdown_added_keeps_the_last(assistant: Assistant) -> None:
    ask(assistant, "各城市的逾期率", session="added")
    assert ask(assistant, "再按区域拆一下", session="added").columns[:2] == ["city", "region"]


def test_a_region_pinned_by_a_follow_up_is_no_breakdown(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """SELECT br.city, sum(b.loan_balance) FROM balances_monthly b JOIN customers c USING (customer_id)
        JOIN branches br USING (branch_id) WHERE b.month = DATE '2025-12-01' AND br.region = '华东' GROUP BY 1"""))
    ask(assistant, "分区域看一下现在的贷款余额。", session="pinned")
    answer = ask(assistant, "只看华东的话，按城市再拆一下？", session="pinned")
    assert answer.columns[0] == "city" and "region" not in answer.columns
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(float(v)) for k, v in expected.items()}


@pytest.mark.parametrize(("question", "named"), [("and how many of those came in through partners?", "of those"),
                                                  ("其中女性有多少", "其中"), ("Among those, how many are women?", "Among those"),
                                                  ("那按大区看呢？", "那按大区看呢")])
def test_words_pointing_back_at_no_answer_are_asked_about(assistant: Assistant, question: str, named: str) -> None:
    """First in a conversation, "of those" / 其中 point at nothing: asked back, not answered over everyone."""
    answer = assistant.ask(question, session=f"first {question}")
    assert answer.status == "clarify" and named in answer.message


def test_those_with_a_clause_of_their_own_point_nowhere_back(assistant: Assistant) -> None:
    ((expected,),) = rows(assistant, """SELECT count(*) FROM customers c JOIN balances_monthly b USING (customer_id)
        WHERE b.month = DATE '2025-12-01' AND b.loan_balance > 0 AND c.gender = 'female'""")
    assert figures(ask(assistant, "How many of those customers who have a loan are women?")) == [expected]


def test_a_share_of_those_is_within_the_last_answers_customers(assistant: Assistant) -> None:
    """"and what % of those are payroll customers?": the referral customers asked about are the base."""
    ((part, base),) = rows(assistant, """SELECT count(*) FILTER (WHERE is_payroll), count(*) FROM customers
        WHERE acquisition_channel = 'referral'""")
    ask(assistant, "how many customers did we get through referrals?", session="those")
    answer = ask(assistant, "and what % of those are payroll customers?", session="those")
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("share", "metric", "base")] == [pytest.approx(part / base), part, base]


def test_the_top_few_of_one_breakdown_are_not_kept_for_another(assistant: Assistant) -> None:
    ((regions,),) = rows(assistant, """SELECT count(DISTINCT b.region) FROM loans l JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE l.status = 'disbursed'""")
    ask(assistant, "哪5个城市的在贷逾期率最高？", session="top five")
    assert len(ask(assistant, "那按大区看呢？", session="top five").rows) == regions > 5


@pytest.mark.parametrize("question", ["sms vs app push - which converted better in this year's campaigns?", "短信和APP推送哪个转化率高"])
def test_which_converted_better_is_judged_by_the_rate(assistant: Assistant, question: str) -> None:
    period = "AND k.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'" if "year" in question else ""
    expected = {channel: converted / treated for channel, converted, treated in rows(assistant, f"""
        SELECT t.channel, count(*) FILTER (WHERE t.converted_at IS NOT NULL), count(*) FROM campaign_touches t
        JOIN campaigns k USING (campaign_id) WHERE t.group_type = 'treatment' AND t.delivered AND t.channel IN ('sms', 'app_push') {period}
        GROUP BY 1""")}
    answer = ask(assistant, question)
    assert answer.columns[:2] == ["channel", "campaign_conversion_rate"]
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_which_of_two_converts_better_is_judged_by_the_conversion_rate(assistant: Assistant) -> None:
    """"哪个转化更好": converting judged better, with no figure named, is judged by the conversion rate (set fm) —
    never swallowed by "which is better" with no figure at all."""
    expected = dict(rows(assistant, "SELECT t.channel, count(*) FILTER (WHERE t.converted_at IS NOT NULL)::DOUBLE / count(*) "
                                    "FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE t.group_type = 'treatment' AND t.delivered "
                                    "AND t.channel IN ('sms', 'app_push') AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1"))
    answer = ask(assistant, "今年的活动里短信和APP推送哪个转化更好", session="converts better")
    assert answer.semantic_query["metrics"] == ["campaign_conversion_rate"]
    assert {r[0]: r[1] for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_an_average_per_customer_shows_how_many_customers_and_their_total(assistant: Assistant) -> None:
    """户均AUM = AUM / customers: both shown beside it (sets bx and by: the gold shows the AUM it divides)."""
    expected = {g: (avg, n, total) for g, avg, n, total in rows(assistant, """SELECT c.gender, avg(b.deposit_balance + b.wealth_balance), count(*),
        sum(b.deposit_balance + b.wealth_balance) FROM balances_monthly b JOIN customers c USING (customer_id)
        WHERE b.month = DATE '2025-12-01' GROUP BY 1""")}
    answer = ask(assistant, "男女客户户均AUM对比下")
    assert answer.columns == ["gender", "avg_aum_per_customer", "avg_aum_per_customer_n", "avg_aum_per_customer_total"]
    assert {r[0]: (r[1], r[2], r[3]) for r in answer.rows} == {
        g: (pytest.approx(a), n, pytest.approx(float(t))) for g, (a, n, t) in expected.items()}


def test_an_average_of_an_age_shows_no_total(assistant: Assistant) -> None:
    """A sum of ages means nothing: only an amount's average shows the total it divides."""
    assert ask(assistant, "按性别看平均年龄").columns == ["gender", "avg_age", "avg_age_n"]


@pytest.mark.parametrize("question", ["今年开始的那些营销活动，整体营销转化率比对照组高多少？",
                                      "For campaigns that started this year, how much higher is the campaign conversion rate than the control group?"])
def test_uplift_shows_the_two_rates_it_is_the_difference_of(assistant: Assistant, question: str) -> None:
    ((treated, control),) = rows(assistant, """SELECT
        count(*) FILTER (WHERE group_type = 'treatment' AND delivered AND converted_at IS NOT NULL)::DOUBLE
            / count(*) FILTER (WHERE group_type = 'treatment' AND delivered),
        count(*) FILTER (WHERE group_type = 'control' AND converted_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE group_type = 'control')
        FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, question)
    assert answer.columns == ["uplift", "campaign_conversion_rate", "control_conversion_rate"]
    assert answer.rows == [[pytest.approx(treated - control), pytest.approx(treated), pytest.approx(control)]]


def test_a_follow_up_keeps_the_share_it_follows(assistant: Assistant, ref_con) -> None:  # noqa: F811
    """"高价值客户里存款波动大的占比" then "中价值的呢？": the same share among the medium tier, not a count of them."""
    tags = ensure_ref_tags(ref_con, date(2025, 12, 31))
    ((part, base),) = ref_con.execute(f"""SELECT count(*) FILTER (WHERE high_deposit_volatility), count(*) FROM {tags}
        WHERE value_tier = 'medium'""").fetchall()
    ask(assistant, "高价值客户里，存款波动大的占多少？", session="kept share")
    answer = ask(assistant, "中价值的呢？", session="kept share")
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("share", "metric", "base")] == [pytest.approx(part / base), part, base]


def test_a_percentage_of_clients_that_fall_in_a_tier_is_within_those_clients(assistant: Assistant) -> None:
    ((part, base),) = rows(assistant, """SELECT count(*) FILTER (WHERE b.deposit_balance + b.wealth_balance >= 500000), count(*)
        FROM customers c JOIN balances_monthly b USING (customer_id) WHERE b.month = DATE '2025-12-01' AND c.is_payroll""")
    answer = ask(assistant, "What percentage of our payroll clients fall in the high-value tier?")
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("share", "metric", "base")] == [pytest.approx(part / base), part, base]


def test_month_over_month_from_one_month_to_the_next(assistant: Assistant) -> None:
    ((dec, nov),) = rows(assistant, """SELECT count(*) FILTER (WHERE month = DATE '2025-12-01' AND deposit_balance + wealth_balance >= 500000),
        count(*) FILTER (WHERE month = DATE '2025-11-01' AND deposit_balance + wealth_balance >= 500000) FROM balances_monthly""")
    answer = ask(assistant, "Month over month, how did the number of high-value clients move from November to December?")
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert (row["customer_count"], row["customer_count_previous"], row["customer_count_change"]) == (dec, nov, dec - nov)


def test_a_list_of_values_ends_with_an_everyday_one(assistant: Assistant) -> None:
    """"只存不贷、只贷不存、存贷双持、都没有的各占多少": 都没有 is the fourth group (none), not a word left over."""
    answer = ask(assistant, "现在客户的存贷结构是怎样的？只存不贷、只贷不存、存贷双持、都没有的各占多少比例？")
    expected = dict(rows(assistant, """SELECT CASE WHEN deposit_balance > 0 AND loan_balance = 0 THEN 'deposit_only'
        WHEN loan_balance > 0 AND deposit_balance = 0 THEN 'loan_only' WHEN deposit_balance > 0 THEN 'both' ELSE 'none' END, count(*)
        FROM balances_monthly WHERE month = DATE '2025-12-01' GROUP BY 1"""))
    assert {r[0]: r[answer.column_roles.index("metric")] for r in answer.rows} == expected


def test_how_many_of_them_after_a_count_is_a_part_beside_its_base(assistant: Assistant) -> None:
    ((part, base),) = rows(assistant, """SELECT count(*) FILTER (WHERE p.product_type = 'large_cd'), count(*) FROM deposit_accounts a
        JOIN products p USING (product_id) WHERE a.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "年初至今新开了多少个存款账户？其中大额存单有几个？")
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("metric", "base")] == [part, base]


def test_customers_who_did_both_things(assistant: Assistant) -> None:
    """"既买了理财又赎回过理财": customers with rows of each kind this month — not of either kind."""
    ((expected,),) = rows(assistant, """SELECT count(*) FROM (SELECT customer_id FROM transactions
        WHERE txn_time >= DATE '2025-12-01' AND txn_time < DATE '2026-01-01' AND txn_type IN ('wealth_purchase', 'wealth_redemption')
        GROUP BY customer_id HAVING count(DISTINCT txn_type) = 2)""")
    assert figures(ask(assistant, "这个月既买了理财又赎回过理财的客户有多少个？")) == [expected]


def test_a_rate_of_one_group_against_another_named_apart(assistant: Assistant) -> None:
    """"the conversion rate of contacted customers against the hold-out group": both groups' rates — the hold-out
    group, said after the treated customers, does not turn the figure into the control rate alone."""
    expected = {name: (treated, control) for name, treated, control in rows(assistant, """
        SELECT k.campaign_name,
               count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL)
                 / count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered),
               count(*) FILTER (WHERE t.group_type = 'control' AND t.converted_at IS NOT NULL) / count(*) FILTER (WHERE t.group_type = 'control')
        FROM campaign_touches t JOIN campaigns k USING (campaign_id)
        WHERE k.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1""")}
    answer = ask(assistant, "For each campaign launched in 2025, compare the conversion rate of contacted customers against the hold-out group, "
                            "and give me the uplift.")
    at = [answer.columns.index(c) for c in ("campaign_conversion_rate", "control_conversion_rate", "uplift")]
    got = {r[0]: tuple(r[i] for i in at) for r in answer.rows}
    assert got == {k: (pytest.approx(a), pytest.approx(b), pytest.approx(a - b)) for k, (a, b) in expected.items()}


def test_a_monthly_trend_shows_months_with_none_as_zero(assistant: Assistant) -> None:
    """"2025年成都客户的经营贷每月放款金额": a month with no disbursement is 0, not left out of the line."""
    spent = dict(rows(assistant, """SELECT date_trunc('month', l.disburse_date)::DATE, sum(l.amount) FROM loans l
        JOIN products p USING (product_id) JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
        WHERE p.product_type = 'business_loan' AND b.city = '成都' AND l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
        GROUP BY 1"""))
    from semantic_layer.access import Access, Role

    every = Assistant(assistant.warehouse, assistant.parser, access=Access((Role(name="default", min_group_size=1),)))  # one loan a month shows
    answer = ask(every, "2025年成都客户的经营贷每月放款金额")
    assert len(spent) < 12 and len(answer.rows) == 12
    assert {str(r[0]): r[1] for r in answer.rows} == {f"2025-{m:02d}-01": pytest.approx(float(spent.get(_month(m), 0))) for m in range(1, 13)}


def _month(m: int):
    from datetime import date as day

    return day(2025, m, 1)


def test_the_event_a_conversion_base_is_made_of_is_no_condition(assistant: Assistant) -> None:
    """"Of the customers who redeemed wealth products last month, what percentage bought back in within 30 days?":
    the repurchase rate — the redemption says who its base is."""
    ((converted, base),) = rows(assistant, """WITH r AS (SELECT customer_id, min(txn_time) AS first FROM transactions
            WHERE txn_type = 'wealth_redemption' AND txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01' GROUP BY 1)
        SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = r.customer_id
            AND t.txn_type = 'wealth_purchase' AND t.txn_time > r.first AND t.txn_time <= r.first + INTERVAL 30 DAY)), count(*) FROM r""")
    answer = ask(assistant, "Of the customers who redeemed wealth products last month, what percentage bought back in within 30 days?")
    assert answer.columns[0] == "wealth_repurchase_rate" and answer.rows[0][:3] == [pytest.approx(converted / base), converted, base]


@pytest.mark.parametrize(("question", "tier"), [("ok and the mid-tier ones?", "medium")])
def test_shorthand_and_a_mid_tier_follow_up(assistant: Assistant, question: str, tier: str) -> None:
    ((high, medium),) = rows(assistant, """SELECT count(*) FILTER (WHERE deposit_balance + wealth_balance >= 500000),
        count(*) FILTER (WHERE deposit_balance + wealth_balance >= 50000 AND deposit_balance + wealth_balance < 500000)
        FROM balances_monthly WHERE month = DATE '2025-12-01'""")
    assert figures(ask(assistant, "hw many custmers r high valeu?", session="tiers")) == [high]
    assert figures(ask(assistant, question, session="tiers")) == [medium]


def test_a_count_and_an_amount_by_a_breakdown(assistant: Assistant) -> None:
    expected = {t: (n, float(a)) for t, n, a in rows(assistant, f"""SELECT p.product_type, count(*), sum(l.amount) FROM loans l
        JOIN products p USING (product_id) WHERE l.disburse_date {YEAR_2025} GROUP BY 1""")}
    answer = ask(assistant, "Loan disbursements so far this year by product type - number of loans and amount, please.")
    assert answer.columns == ["product_type", "loan_disbursements", "loan_disbursement_amount"]
    assert {r[0]: (r[1], r[2]) for r in answer.rows} == {t: (n, pytest.approx(a)) for t, (n, a) in expected.items()}


@pytest.mark.parametrize(("question", "sql"), [
    ("how many customers have deposits but zero wealth holdings right now?",
     "deposit_balance > 0 AND wealth_balance = 0"),
    ("female customers with zero loan balance, how many?", "c.gender = 'female' AND loan_balance = 0"),
])
def test_zero_of_a_holding_is_none_of_it(assistant: Assistant, question: str, sql: str) -> None:
    ((expected,),) = rows(assistant, f"""SELECT count(*) FROM balances_monthly b JOIN customers c USING (customer_id)
        WHERE b.month = DATE '2025-12-01' AND {sql}""")
    assert figures(ask(assistant, question)) == [expected]


@pytest.mark.parametrize("question", ["What percentage of our outstanding loans are past due right now?",
                                      "What percentage of outstanding loans are overdue?"])
def test_a_name_of_two_figures_is_the_one_of_the_values_rows(assistant: Assistant, question: str) -> None:
    """"outstanding loans" names their number and their balance; "past due" is a value of the loans — their number."""
    ((part, base),) = rows(assistant, "SELECT count(*) FILTER (WHERE overdue_days > 0), count(*) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, question)
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("share", "metric", "base")] == [pytest.approx(part / base), part, base]


@pytest.mark.parametrize(("question", "where"), [
    ("How many customers currently have money on deposit but hold no wealth products at all?", "deposit_balance > 0 AND wealth_balance = 0"),
])
def test_everyday_words_for_holdings(assistant: Assistant, question: str, where: str) -> None:
    ((expected,),) = rows(assistant, f"SELECT count(*) FROM balances_monthly WHERE month = DATE '2025-12-01' AND {where}")
    assert figures(ask(assistant, question)) == [expected]


def test_a_breakdown_asked_then_which_is_lowest_shows_every_group(assistant: Assistant) -> None:
    """"按大区拆开看呢？哪个区最低？": the breakdown asked in its own sentence, lowest first — not the lowest alone."""
    expected = rows(assistant, """SELECT b.region, avg(s.satisfaction) FROM survey_responses s JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE s.submitted_at >= DATE '2025-01-01' AND s.submitted_at < DATE '2026-01-01'
        GROUP BY 1 ORDER BY 2, 1""")
    ask(assistant, "今年问卷的平均满意度是多少？", session="satisfaction")
    answer = ask(assistant, "按大区拆开看呢？哪个区最低？", session="satisfaction")
    assert [(r[0], r[1]) for r in answer.rows] == [(region, pytest.approx(avg)) for region, avg in expected]


def test_who_is_before_among_them_is_the_base(assistant: Assistant) -> None:
    """"代发客户有多少，其中女性多少": the payroll customers, and the women among them."""
    ((part, base),) = rows(assistant, "SELECT count(*) FILTER (WHERE gender = 'female'), count(*) FROM customers WHERE is_payroll")
    answer = ask(assistant, "代发客户有多少，其中女性多少")
    assert [answer.rows[0][answer.column_roles.index(r)] for r in ("metric", "base")] == [part, base]


def test_what_about_a_figure_first_in_a_conversation_is_that_figure(assistant: Assistant) -> None:
    ((approved, decided),) = rows(assistant, """SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')),
        count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled', 'rejected')) FROM loans
        WHERE decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "What about the loan approval rate in 2025?", session="what about, first")
    assert answer.rows[0][:3] == [pytest.approx(approved / decided), approved, decided]


def test_people_the_model_names_before_a_bare_age(assistant: Assistant) -> None:
    """"borrowers under 35": borrowers are one of the model's words for its customers; a bare 35 after them is an age."""
    expected = {g: (o, n) for g, o, n in rows(assistant, """SELECT c.gender, count(*) FILTER (WHERE l.overdue_days > 0), count(*)
        FROM loans l JOIN customers c USING (customer_id) WHERE l.status = 'disbursed'
          AND (2025 - year(c.birth_date) - CASE WHEN month(c.birth_date) * 100 + day(c.birth_date) > 1231 THEN 1 ELSE 0 END) < 35
        GROUP BY 1""")}
    ask(assistant, "Compare the overdue rate for male vs female borrowers.", session="borrowers")
    answer = ask(assistant, "and just for borrowers under 35?", session="borrowers")
    assert {r[0]: (r[2], r[3]) for r in answer.rows} == expected


def test_a_large_denomination_cd_coming_due(assistant: Assistant) -> None:
    """The maturing tag said with the CD's full name: no word of it left over."""
    expected = figures(ask(assistant, "How many customers have a time deposit or large CD coming due in the next 30 days?"))
    assert figures(ask(assistant, "How many customers have a time deposit or large-denomination CD coming due in the next 30 days?")) == expected
    ((held,),) = rows(assistant, """SELECT count(DISTINCT a.customer_id) FROM deposit_accounts a JOIN products p USING (product_id)
        WHERE a.status = 'active' AND p.product_type IN ('time_deposit', 'large_cd')
          AND a.maturity_date BETWEEN DATE '2026-01-01' AND DATE '2026-01-30'""")
    assert expected == [held]


@pytest.mark.parametrize("question", ["How many payroll customers did 3 or more loan inquiries / loan calculator runs in the last 30 days?",
                                      "近30天贷款查询或试算3次以上的代发客户有多少"])
def test_the_rows_a_count_tag_counts_said_beside_its_name_are_its_definition(assistant: Assistant, question: str) -> None:
    """"loan inquiries / loan calculator runs": both kinds are what the 30-day inquiry count counts — not the calculator alone (set by)."""
    ((expected,),) = rows(assistant, """SELECT count(*) FROM (SELECT e.customer_id FROM app_events e JOIN customers c USING (customer_id)
        WHERE c.is_payroll AND e.event_type IN ('loan_inquiry', 'loan_calculator')
        AND e.event_time >= DATE '2025-12-02' AND e.event_time < DATE '2026-01-01' GROUP BY 1 HAVING count(*) >= 3)""")
    assert figures(ask(assistant, question)) == [expected]


def test_a_follow_up_keeps_the_comparison_it_follows(assistant: Assistant) -> None:
    """"本月APP渠道的交易笔数环比上月变化多少？" then "what about wechat?": wechat's month against the one before; then
    "上个季度呢": that quarter against the one before it (set bx: the comparison had been dropped)."""
    def counts(channel: str, start: str, middle: str, end: str) -> tuple:
        ((now, before),) = rows(assistant, f"""SELECT count(*) FILTER (WHERE txn_time >= DATE '{middle}' AND txn_time < DATE '{end}'),
            count(*) FILTER (WHERE txn_time >= DATE '{start}' AND txn_time < DATE '{middle}') FROM transactions WHERE channel = '{channel}'""")
        return now, before, now - before

    def shown(answer) -> tuple:
        row = dict(zip(answer.columns, answer.rows[0], strict=True))
        return row["txn_count"], row["txn_count_previous"], row["txn_count_change"]

    ask(assistant, "本月APP渠道的交易笔数环比上月变化多少？", session="compare kept")
    assert shown(ask(assistant, "what about wechat?", session="compare kept")) == counts("wechat", "2025-11-01", "2025-12-01", "2026-01-01")
    assert shown(ask(assistant, "上个季度呢", session="compare kept")) == counts("wechat", "2025-04-01", "2025-07-01", "2025-10-01")


@pytest.mark.parametrize(("question", "platform", "window"), [
    ("有多少客户从来没在APP上登录过？", "app", None),
    ("how many customers have never logged in on the app", "app", None),
    ("近30天没在网银上登录过的客户有多少", "online_banking", "2025-12-02"),
    ("how many customers never logged in to the app in the last 30 days", "app", "2025-12-02"),  # the app logged in to: the platform
])
def test_not_done_there_is_no_such_row_there(assistant: Assistant, question: str, platform: str, window: str | None) -> None:
    """"没在APP上登录过": no login on the app — customers who logged in elsewhere only are counted too, never the
    customers who logged in somewhere else alone (set bx)."""
    since = f"AND e.event_time >= DATE '{window}'" if window else ""
    ((expected,),) = rows(assistant, f"""SELECT count(*) FROM customers c WHERE c.open_date <= DATE '2025-12-31' AND NOT EXISTS (
        SELECT 1 FROM app_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'login' AND e.platform = '{platform}'
        AND e.event_time < DATE '2026-01-01' {since})""")
    assert figures(ask(assistant, question)) == [expected]


def test_the_people_counted_by_a_follow_up_among_them_are_those_of_the_rows(assistant: Assistant) -> None:
    """"How many customers logged in to the app in the last 30 days?" then "其中代发客户有几个？" (set bx: an error)."""
    def logged_in(payroll: str) -> int:
        ((n,),) = rows(assistant, f"""SELECT count(DISTINCT e.customer_id) FROM app_events e JOIN customers c USING (customer_id)
            WHERE e.event_type = 'login' AND e.platform = 'app' AND e.event_time >= DATE '2025-12-02' AND e.event_time < DATE '2026-01-01'
            {payroll}""")
        return n
    assert figures(ask(assistant, "How many customers logged in to the app in the last 30 days?", session="among logins")) == [logged_in("")]
    assert figures(ask(assistant, "其中代发客户有几个？", session="among logins")) == [logged_in("AND c.is_payroll")]


@pytest.mark.parametrize(("question", "name"), [
    ("click rate for the 2024 spring festival consumer loan campaign?", "2024新春消费贷推广"),  # 推广 left unsaid
    ("click rate for the 2024 spring festval consumr loan campain?", "2024新春消费贷推广"),  # and misspelt
    ("What was the click rate of the 2025 autumn deposit-gift campaign for loan customers?", "2025秋季贷款客户存款礼"),
    ("click rate of the summer 2025 wealth repurchase season", "2025夏季理财复购季"),
])
def test_a_chinese_campaign_name_said_in_english(assistant: Assistant, question: str, name: str) -> None:
    """The campaign names are Chinese; their pieces' English (the campaign field's value_words) name them (set by)."""
    ((expected,),) = rows(assistant, f"""SELECT count(*) FILTER (WHERE t.delivered AND t.clicked_at IS NOT NULL)::DOUBLE / count(*) FILTER (WHERE t.delivered)
        FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE c.campaign_name = '{name}' AND t.group_type = 'treatment'""")
    assert figures(ask(assistant, question))[0] == pytest.approx(expected)


@pytest.mark.parametrize("question", ["new customers in spring 2025 with wealth products", "how many spring 2025 new customers bought wealth products"])
def test_pieces_of_a_campaign_name_without_a_campaign_are_no_campaign(assistant: Assistant, question: str) -> None:
    """Three of 2025春季新客理财体验's four pieces, and no campaign said: never that campaign."""
    answer = assistant.ask(question, session=question)
    assert answer.status != "answered" or all("2025春季新客理财体验" not in str(f) for f in (answer.sql or "",))


def test_a_named_group_with_no_rows_is_a_row_of_zero(assistant: Assistant) -> None:
    """The campaign read is the answer's row even when it sent nothing then: 0, never an empty answer."""
    answer = ask(assistant, "how many touches did the 2025 autumn deposit gift campaign for loan customers send in March 2024?")
    assert answer.rows == [["2025秋季贷款客户存款礼", 0]]


def test_these_people_keep_whom_the_last_answer_chose_by_their_rows(assistant: Assistant) -> None:
    """"…有多少客户近90天一笔交易都没有？" then "这些人里面，现在存款时点余额还大于0的有几个？" (set bz: every customer)."""
    ((expected,),) = rows(assistant, """SELECT count(*) FROM customers c JOIN balances_monthly b ON b.customer_id = c.customer_id
        AND b.month = DATE '2025-12-01' WHERE c.open_date <= DATE '2025-12-31' AND b.deposit_balance > 0 AND NOT EXISTS (
        SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.txn_time >= DATE '2025-10-03' AND t.txn_time < DATE '2026-01-01')""")
    ask(assistant, "有多少客户近90天一笔交易都没有？", session="these people")
    assert figures(ask(assistant, "这些人里面，现在存款时点余额还大于0的有几个？", session="these people")) == [expected]


def test_loans_disbursed_to_customers_are_the_loans(assistant: Assistant) -> None:
    """"How many loans were disbursed to Hangzhou customers …, and for how much in total?": the customers say whose loans (set bz)."""
    ((n, amount),) = rows(assistant, """SELECT count(*), sum(l.amount) FROM loans l JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE b.city = '杭州' AND l.disburse_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31'""")
    answer = ask(assistant, "How many loans were disbursed to 杭州 customers in H2 2025, and for how much in total?")
    assert answer.columns[:2] == ["loan_disbursements", "loan_disbursement_amount"]
    assert answer.rows[0][:2] == [n, pytest.approx(float(amount))]


@pytest.mark.parametrize("question", ["杭州的客户一共有多少个？他们2025年12月末的存款时点余额加起来是多少？",
                                      "How many customers are in 杭州? And what is their total deposit balance?"])
def test_how_many_then_a_figure_of_them_gives_both(assistant: Assistant, question: str) -> None:
    """How many, asked in its own sentence, then a figure of them: both figures (set ca: the count was dropped)."""
    ((n, balance),) = rows(assistant, """SELECT count(*), sum(m.deposit_balance) FROM customers c JOIN branches b USING (branch_id)
        LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id AND m.month = DATE '2025-12-01'
        WHERE b.city = '杭州' AND c.open_date <= DATE '2025-12-31'""")
    answer = ask(assistant, question)
    assert answer.columns[:2] == ["customer_count", "deposit_balance"] and answer.rows[0][:2] == [n, pytest.approx(float(balance))]


def test_by_the_month_end_figure_is_no_monthly_split(assistant: Assistant) -> None:
    """"（按月末时点余额算，不是日均）": the month-end basis, not 按月 (set ca: a trend of every month)."""
    expected = rows(assistant, """SELECT b.branch_name, sum(m.deposit_balance) FROM balances_monthly m JOIN customers c USING (customer_id)
        JOIN branches b USING (branch_id) WHERE m.month = DATE '2025-12-01' GROUP BY 1 ORDER BY 2 DESC LIMIT 5""")
    answer = ask(assistant, "截至2025年12月末，存款余额（按月末时点余额算，不是日均）最高的5个网点是哪几个？")
    assert [(r[0], r[-1]) for r in answer.rows] == [(name, pytest.approx(float(v))) for name, v in expected]


def test_a_tags_definition_restated_after_it_is_its_own(assistant: Assistant) -> None:
    """"…as their preferred transaction channel — i.e. the channel they transacted through most over the past 90 days":
    the tag, not a share of transactions (set ca)."""
    answer = ask(assistant, "What share of all our customers have the app as their preferred transaction channel — i.e. the channel "
                            "they transacted through most over the past 90 days? Give me the count too.")
    assert answer.columns[1:] == ["customer_count_share", "customer_count", "customer_count_base"]
    ((total,),) = rows(assistant, "SELECT count(*) FROM customers WHERE open_date <= DATE '2025-12-31'")
    assert answer.rows[0][3] == total


def test_a_denial_said_again_with_the_rows_noun_keeps_which_rows(assistant: Assistant) -> None:
    """"did not log in even once during the last 30 days — no login event at all in that window": no login, not no app
    event of any kind (set ca)."""
    ((expected,),) = rows(assistant, """SELECT count(*) FROM customers c WHERE c.open_date <= DATE '2025-12-31' AND NOT EXISTS (
        SELECT 1 FROM app_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'login'
        AND e.event_time >= DATE '2025-12-02' AND e.event_time < DATE '2026-01-01')""")
    answer = ask(assistant, "How many customers did not log in even once during the last 30 days — no login event at all in that window?")
    assert figures(answer) == [expected]


def test_a_new_question_that_ranks_is_no_pick_of_an_offered_reading(assistant: Assistant) -> None:
    """After a question asked back that offered the whole bank's ROI, "and which one has the best ROI?" ranks the campaigns
    — it is not the offered reading picked by its figure's name."""
    ask(assistant, "Which campaign has had the worst ROI so far?", session="offered")
    assert assistant.ask("which one has the zorbiest ROI?", session="offered").status == "clarify"
    answer = ask(assistant, "and which one has the best ROI?", session="offered")
    assert answer.columns[0] == "campaign" and len(answer.rows) == 1


def test_whom_a_campaign_targets_named_first_is_the_occasion(assistant: Assistant) -> None:
    """"deposit-to-loan targets, bank-wide: how many customers are …": the occasion, not campaign touches (set bz)."""
    said = "deposit-to-loan targets, bank-wide: how many customers are deposit-only (no loan) right now, medium or high value?"
    plain = "how many customers are deposit-only (no loan) right now, medium or high value?"
    assert figures(ask(assistant, said)) == figures(ask(assistant, plain))


def test_a_figure_then_a_head_count_in_a_second_sentence_gives_both(assistant: Assistant) -> None:
    """"Can you break down the month-end deposit balance by region …? I'd also like the number of customers in each region
    next to it." — both figures (set ca: the balance was dropped)."""
    expected = {r: (pytest.approx(float(b)), n) for r, b, n in rows(assistant, """SELECT br.region, sum(m.deposit_balance), count(*)
        FROM customers c JOIN branches br USING (branch_id) LEFT JOIN balances_monthly m ON m.customer_id = c.customer_id
        AND m.month = DATE '2025-12-01' WHERE c.open_date <= DATE '2025-12-31' GROUP BY 1""")}
    answer = ask(assistant, "Can you break down the month-end deposit balance by region as of December 2025? "
                            "I'd also like the number of customers in each region next to it.")
    assert answer.columns[:3] == ["region", "deposit_balance", "customer_count"]
    assert {r[0]: (r[1], r[2]) for r in answer.rows} == expected
