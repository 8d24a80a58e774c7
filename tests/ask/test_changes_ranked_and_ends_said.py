"""Words the sets of 6 December left wrong: "the increase from end of Dec 2024 to end of Dec 2025" takes the
period after "from" as the baseline, whatever other period is said beside them ("grew the most over 2025");
a comparison ranked by how much a figure moved ("哪个大区存款增长最多", "涨幅最大", "biggest drop") is ordered by
the change, not by the current value. Each number on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_DEC = "balances_monthly m JOIN customers c USING (customer_id) WHERE m.month = DATE '2025-12-01'"
_REGION_DEPOSITS = ("SELECT b.region, sum(m.deposit_balance) FILTER (WHERE m.month = DATE '{now}') "
                    "- sum(m.deposit_balance) FILTER (WHERE m.month = DATE '{before}') AS d "
                    "FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                    "GROUP BY 1 ORDER BY d {order}")


def _changes(assistant: Assistant, answer, suffix: str = "_change") -> list:
    at = next(i for i, c in enumerate(answer.columns) if c.endswith(suffix))
    return [(r[0], r[at]) for r in answer.rows]


def test_from_one_end_to_the_other_beside_a_year(assistant: Assistant) -> None:
    expected = rows(assistant, _REGION_DEPOSITS.format(now="2025-12-01", before="2024-12-01", order="DESC"))
    answer = ask(assistant, "Which region grew its month-end deposits the most over 2025? "
                            "Rank regions by the increase from end of Dec 2024 to end of Dec 2025")
    got = _changes(assistant, answer)
    assert [r for r, _ in got] == [r for r, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])


@pytest.mark.parametrize(("question", "order"), [
    ("哪个大区存款余额比上个月增长最多", "DESC"),
    ("which region's deposit balance fell the most vs last month?", "ASC"),
    ("各大区存款余额环比，降得最多的是哪个", "ASC"),
])
def test_the_most_grown_is_ranked_by_its_change(assistant: Assistant, question: str, order: str) -> None:
    expected = rows(assistant, _REGION_DEPOSITS.format(now="2025-12-01", before="2025-11-01", order=order))
    answer = ask(assistant, question)
    (region, change), = _changes(assistant, answer)
    assert (region, change) == (expected[0][0], pytest.approx(expected[0][1]))


def test_the_largest_rise_in_percent(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT b.city, sum(m.loan_balance) FILTER (WHERE m.month = DATE '2025-12-01') "
                               "/ sum(m.loan_balance) FILTER (WHERE m.month = DATE '2025-11-01') - 1 AS p "
                               "FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                               "GROUP BY 1 ORDER BY p DESC NULLS LAST LIMIT 1")
    answer = ask(assistant, "哪个城市贷款余额环比涨幅最大")
    (city, pct), = _changes(assistant, answer, "_change_pct")
    assert (city, pct) == (expected[0][0], pytest.approx(expected[0][1]))
    assert any("变化率" in a for a in answer.applied)


# --- sets ea (campaign operations lead) and eb (credit analyst) -------------------------------------------

def test_a_season_said_otherwise_is_not_the_campaign(assistant: Assistant) -> None:
    (spring,), = rows(assistant, "SELECT campaign_name FROM campaigns WHERE campaign_name LIKE '2024新春消费贷%'")
    assert ask(assistant, "CVR of the 2024 spring festival consumer loan campaign").applied  # the name told in other words
    answer = assistant.ask("treatment vs control conv rate for the 2024 autumn consumer loan promo", session="autumn")
    assert answer.status == "clarify" and "promo" in answer.message and spring not in answer.message  # (autumn: its months)


def test_the_figure_after_an_is_the_order(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT c.objective, sum(t.conversion_amount) AS s FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                               "WHERE t.group_type = 'treatment' AND t.delivered AND t.converted_at IS NOT NULL GROUP BY 1 ORDER BY s DESC")
    answer = ask(assistant, "按转化金额给活动目标排个序")
    assert [(r[0], r[1]) for r in answer.rows] == [(o, pytest.approx(s)) for o, s in expected]


@pytest.mark.parametrize("question", [
    "做贷转存的话，只贷不存的客户按年龄段分布是怎样的",
    "下季度想做贷转存，只贷不存的客户按年龄段分布是怎样的",
])
def test_a_kind_of_campaign_planned_is_the_scene(assistant: Assistant, question: str) -> None:
    expected = dict(rows(assistant, "SELECT CASE WHEN date_diff('year', c.birth_date, DATE '2025-12-31') < 25 THEN '<25' "
                                    "WHEN date_diff('year', c.birth_date, DATE '2025-12-31') < 35 THEN '25-34' "
                                    "WHEN date_diff('year', c.birth_date, DATE '2025-12-31') < 45 THEN '35-44' "
                                    "WHEN date_diff('year', c.birth_date, DATE '2025-12-31') < 55 THEN '45-54' ELSE '55+' END, count(*) "
                                    f"FROM {_DEC} AND m.loan_balance > 0 AND m.deposit_balance = 0 GROUP BY 1"))
    answer = ask(assistant, question)
    assert answer.columns == ["age_band", "customer_count"]
    got = {r[0]: r[1] for r in answer.rows}
    # (a group under the model's minimum size of 5 is shown without its figure, and one more beside it)
    assert set(got) == set(expected) and all(got[b] is None if n < 5 else got[b] in (n, None) for b, n in expected.items())
    assert sum(v is not None for v in got.values()) >= 3


@pytest.mark.parametrize("question", [
    "Which age band has the most 只存不贷 customers? give me counts for each band",
    "哪个年龄段的只存不贷客户最多？各段人数都列一下",
])
def test_counts_for_each_group_after_the_first_show_them_all(assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question)
    counts = [r[1] for r in answer.rows]
    assert len(counts) == 5 and counts == sorted(counts, reverse=True)


def test_two_values_named_show_both_in_order(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT apply_channel, avg(CASE WHEN status IN ('approved','disbursed','settled') THEN 1.0 ELSE 0 END) AS r "
                               "FROM loans WHERE decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' "
                               "AND apply_channel IN ('app','counter') GROUP BY 1 ORDER BY r DESC")
    answer = ask(assistant, "2025 approval rate: app vs counter applications — which one is higher?")
    rate = answer.columns.index("loan_approval_rate")
    assert [(r[0], r[rate]) for r in answer.rows] == [(c, pytest.approx(v)) for c, v in expected]


def test_values_in_brackets_after_the_base_say_the_base_again(assistant: Assistant) -> None:
    (share,), = rows(assistant, "SELECT avg(CASE WHEN status = 'settled' THEN 1.0 ELSE 0 END) FROM loans WHERE status IN ('disbursed','settled')")
    answer = ask(assistant, "放过款的贷款里(在贷+已结清),已经结清的比例是多少")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(share)


def test_a_term_said_right_after_its_name_and_denied_states_count_all_loans(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE term_months = 36 AND annual_rate > 0.04 AND status NOT IN ('settled','rejected')")
    answer = ask(assistant, "期限36个月、利率高于4%,而且状态既不是已结清也不是被拒的贷款有几笔?")
    assert answer.rows == [[n]]


def test_a_yearly_amount_said_a_year(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM {_DEC} AND c.annual_income >= 100000 "
                            "AND m.deposit_balance > 0 AND m.loan_balance = 0")
    assert ask(assistant, "how many customers are 只存不贷 and earn at least 100k a year?").rows == [[n]]


@pytest.mark.parametrize(("question", "second"), [
    ("有贷款余额的客户跟只存不贷的客户,平均年收入分别多少?", "只存不贷"),
    ("高价值客户和只存不贷客户的平均年收入分别多少", "只存不贷"),
])
def test_two_groups_of_different_fields_are_not_both_at_once(assistant: Assistant, question: str, second: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "clarify" and second in answer.message


@pytest.mark.parametrize("question", ["在贷的贷款,男女借款人的平均贷款金额差多少?", "在贷的贷款,男女借款人的平均贷款金额分别多少?"])
def test_the_gap_between_two_groups_shows_both(assistant: Assistant, question: str) -> None:
    expected = dict(rows(assistant, "SELECT c.gender, avg(l.amount) FROM loans l JOIN customers c USING (customer_id) "
                                    "WHERE l.status = 'disbursed' GROUP BY 1"))
    answer = ask(assistant, question)
    assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


def test_which_of_two_is_higher_without_a_superlative(assistant: Assistant) -> None:
    answer = ask(assistant, "男客户和女客户，谁的存转贷率高？")
    assert sorted(r[0] for r in answer.rows) == ["female", "male"]


def test_the_share_rejected_is_the_rejection_rate(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT p.product_name, avg(CASE WHEN l.status = 'rejected' THEN 1.0 ELSE 0 END) AS r FROM loans l "
                               "JOIN products p USING (product_id) WHERE l.decision_date IS NOT NULL GROUP BY 1 ORDER BY r DESC LIMIT 3")
    answer = ask(assistant, "哪几个贷款产品被拒的比例最高?给我前三名")
    rate = answer.columns.index("loan_rejection_rate")
    assert [r[rate] for r in answer.rows] == [pytest.approx(r) for _, r in expected]


def test_the_field_after_the_function_word_is_averaged(assistant: Assistant) -> None:
    (avg, longest), = rows(assistant, "SELECT avg(overdue_days), max(overdue_days) FROM loans WHERE status = 'disbursed' AND overdue_days > 0")
    answer = ask(assistant, "逾期贷款平均逾期多少天?最长的那笔逾期了多少天?")
    assert answer.rows[0][:2] == [pytest.approx(avg), longest]


def test_everyone_who_filled_in_a_survey_are_people(assistant: Assistant) -> None:
    (share,), = rows(assistant, """
        WITH last AS (SELECT customer_id, max(ts) AS ts FROM (SELECT customer_id, txn_time AS ts FROM transactions
                      UNION ALL SELECT customer_id, event_time FROM app_events) GROUP BY 1),
        stage AS (SELECT c.customer_id, CASE WHEN c.open_date > DATE '2025-12-31' - 90 THEN 'new'
                         WHEN l.ts IS NULL OR l.ts < DATE '2025-12-31' - 179 THEN 'churned'
                         WHEN l.ts < DATE '2025-12-31' - 89 THEN 'dormant' ELSE 'active' END AS s
                  FROM customers c LEFT JOIN last l USING (customer_id))
        SELECT avg(CASE WHEN s IN ('dormant', 'churned') THEN 1.0 ELSE 0 END) FROM stage
        WHERE customer_id IN (SELECT customer_id FROM survey_responses)""")
    answer = ask(assistant, "Out of everyone who has ever filled in a survey, what fraction is now dormant or churned?")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(share)


def test_deposits_maturing_are_one_condition(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """
        SELECT b.city, count(DISTINCT d.customer_id) FROM deposit_accounts d JOIN products p USING (product_id)
        JOIN customers c ON c.customer_id = d.customer_id JOIN branches b ON b.branch_id = c.branch_id
        WHERE p.product_type IN ('time_deposit', 'large_cd') AND d.maturity_date > DATE '2025-12-31'
          AND d.maturity_date <= DATE '2025-12-31' + 30 AND (d.close_date IS NULL OR d.close_date > DATE '2025-12-31')
        GROUP BY 1"""))
    answer = ask(assistant, "Which cities have the most customers with deposits maturing in the next 30 days? give me the count per city")
    assert answer.applied and not any("has deposits" in a or "有存款" in a for a in answer.applied)
    assert {r[0]: r[1] for r in answer.rows if r[1] is not None}.items() <= expected.items()


# --- sets ec (wealth and digital product manager) and ed (branch-network manager) ------------------------

_LIFECYCLE = """
    WITH last AS (SELECT customer_id, max(ts) AS ts FROM (SELECT customer_id, txn_time AS ts FROM transactions
                  UNION ALL SELECT customer_id, event_time FROM app_events) GROUP BY 1)
    SELECT c.customer_id, c.branch_id, CASE WHEN c.open_date > DATE '2025-12-31' - 90 THEN 'new'
           WHEN l.ts IS NULL OR l.ts < DATE '2025-12-31' - 179 THEN 'churned'
           WHEN l.ts < DATE '2025-12-31' - 89 THEN 'dormant' ELSE 'active' END AS stage
    FROM customers c LEFT JOIN last l USING (customer_id)"""


def test_each_of_a_citys_branches_is_a_row(assistant: Assistant) -> None:
    expected = {(b, s): n for b, s, n in rows(assistant, f"SELECT b.branch_name, x.stage, count(*) FROM ({_LIFECYCLE}) x "
                                                         "JOIN branches b USING (branch_id) WHERE b.city = '上海' GROUP BY 1, 2")}
    answer = ask(assistant, "Break down customers by lifecycle stage for each of the Shanghai branches.")
    branch, stage = answer.columns.index("branch"), answer.columns.index("lifecycle_stage")
    got = {(r[branch], r[stage]): r[-1] for r in answer.rows}
    assert len({b for b, _ in expected}) > 1 and got.keys() == expected.keys()
    assert all(v is None or v == expected[k] for k, v in got.items())


def test_all_of_a_citys_branches_counted_by_their_number(assistant: Assistant) -> None:
    (branches, n), = rows(assistant, "SELECT count(DISTINCT b.branch_id), count(*) FROM customers c JOIN branches b USING (branch_id) "
                                     "WHERE b.city = '上海'")
    said = "一二三四五六七八九"[branches - 1]
    assert ask(assistant, f"上海那{said}家支行加起来,现在一共有多少客户?").rows == [[n]]


def test_the_share_of_logins_coming_from_a_platform(assistant: Assistant) -> None:
    (share,), = rows(assistant, "SELECT avg(CASE WHEN platform = 'wechat_mini' THEN 1.0 ELSE 0 END) FROM app_events "
                                "WHERE event_type = 'login' AND event_time >= TIMESTAMP '2025-11-01' AND event_time < TIMESTAMP '2025-12-01'")
    answer = ask(assistant, "share of logins coming from the wechat mini program last month?")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(share)


def test_logged_in_typed_as_landed_counts_customers(assistant: Assistant) -> None:
    (share,), = rows(assistant, """SELECT avg(CASE WHEN customer_id IN (SELECT customer_id FROM app_events WHERE event_type = 'login'
        AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01') THEN 1.0 ELSE 0 END)
        FROM customers WHERE date_diff('year', birth_date, DATE '2025-12-31') >= 55""")
    answer = ask(assistant, "55岁以上的客户 近30天有登陆过的占比是多少")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(share)


def test_a_login_count_is_no_count_too(assistant: Assistant) -> None:
    expected = rows(assistant, "SELECT CAST(event_time AS DATE), count(*) FROM app_events WHERE event_type = 'login' "
                               "AND event_time >= TIMESTAMP '2025-12-25' AND event_time < TIMESTAMP '2026-01-01' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "daily login count for the last 7 days")
    assert [r[-1] for r in answer.rows] == [n for _, n in expected]


def test_two_fields_joined_by_a_plus_are_one_breakdown(assistant: Assistant) -> None:
    answer = ask(assistant, "which age band + value tier combo has the most dormant customers?")
    assert answer.columns[:2] == ["age_band", "value_tier"] and len(answer.rows) == 1


def test_ranked_by_a_share_said_排个名(assistant: Assistant) -> None:
    answer = ask(assistant, "各区域高活跃客户的占比排个名")
    shares = [r[answer.column_roles.index("share")] for r in answer.rows]
    assert len(shares) > 3 and shares == sorted(shares, reverse=True)


@pytest.mark.parametrize("question", ["把北京朝阳支行的客户全部划到海淀支行名下。", "move all customers of the Xihu branch to the Binjiang branch"])
def test_moving_customers_is_changing_data(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question[:20]).status == "refused"


def test_another_banks_figures_are_not_in_the_data(assistant: Assistant) -> None:
    assert assistant.ask("what's CMB's app MAU? want to benchmark our mini program against it", session="cmb").status == "refused"


@pytest.mark.parametrize("question", [
    "哪些网点的沉睡客户超过9个", "沉睡客户数超过9的网点有哪些", "Which branches have more than 9 dormant customers? I want the wake-up campaign to hit those first.",
])
def test_so_many_customers_in_a_group_is_a_condition_on_the_count(assistant: Assistant, question: str) -> None:
    expected = dict(rows(assistant, f"SELECT b.branch_name, count(*) FROM ({_LIFECYCLE}) x JOIN branches b USING (branch_id) "
                                    "WHERE x.stage = 'dormant' GROUP BY 1 HAVING count(*) > 9"))
    answer = ask(assistant, question)
    assert expected and {r[0]: r[1] for r in answer.rows} == expected


def test_sixty_customers_is_no_age(assistant: Assistant) -> None:
    answer = ask(assistant, "沉睡客户数超过60的网点有哪些")
    assert not any(f["field"] == "age" for f in answer.semantic_query.get("filters", []))


def test_whom_the_answer_is_sent_to_is_no_data_asked(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM {_DEC} AND m.deposit_balance + m.wealth_balance >= 500000")
    assert ask(assistant, "高价值客户有多少，我想安排理财经理回访").rows == [[n]]


def test_customers_who_used_a_feature_beside_a_tag_are_counted_once(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """
        WITH asked AS (SELECT customer_id, count(*) AS n FROM app_events WHERE event_type IN ('loan_inquiry', 'loan_calculator')
                       AND event_time >= TIMESTAMP '2025-12-02' AND event_time < TIMESTAMP '2026-01-01' GROUP BY 1),
             said AS (SELECT customer_id, arg_max(loan_intent, submitted_at) AS intent FROM survey_responses GROUP BY 1),
             high AS (SELECT c.customer_id FROM customers c LEFT JOIN asked a USING (customer_id) LEFT JOIN said s USING (customer_id)
                      WHERE coalesce(a.n, 0) >= 3 OR s.intent >= 4)
        SELECT b.region, count(DISTINCT e.customer_id) FROM app_events e JOIN high h ON h.customer_id = e.customer_id
        JOIN customers c ON c.customer_id = e.customer_id JOIN branches b ON b.branch_id = c.branch_id
        WHERE e.event_type = 'loan_calculator' AND e.event_time >= TIMESTAMP '2025-12-02' AND e.event_time < TIMESTAMP '2026-01-01'
        GROUP BY 1"""))
    answer = ask(assistant, "high loan intent customers who used the loan calculator in the past 30 days - count per region")
    got = {r[0]: r[1] for r in answer.rows}
    assert got.keys() == expected.keys() and all(v is None or v == expected[k] for k, v in got.items())


def test_the_app_after_logging_in_is_the_platform(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(DISTINCT customer_id) FROM app_events WHERE event_type = 'login' AND platform = 'app' "
                            "AND event_time >= TIMESTAMP '2025-11-01' AND event_time < TIMESTAMP '2025-12-01'")
    ask(assistant, "上个月小程序登录的客户有多少人？", session="app-after")
    assert ask(assistant, "那app呢", session="app-after").rows[0][0] == n


def test_a_city_in_pinyin_with_its_apostrophe(assistant: Assistant) -> None:
    (share,), = rows(assistant, f"SELECT avg(CASE WHEN x.stage = 'churned' THEN 1.0 ELSE 0 END) FROM ({_LIFECYCLE}) x "
                                "JOIN branches b USING (branch_id) WHERE b.city = '西安'")
    ask(assistant, "What share of our Chongqing customers have churned?", session="xian")
    answer = ask(assistant, "and Xi'an?", session="xian")
    assert answer.rows[0][answer.column_roles.index("share")] == pytest.approx(share)


# --- sets ee (data-governance analyst) and ef (head of retail) --------------------------------------------

def test_the_count_for_every_group_after_the_top_one(assistant: Assistant) -> None:
    expected = dict(rows(assistant, f"SELECT b.region, count(*) FROM ({_LIFECYCLE}) x JOIN branches b USING (branch_id) "
                                    "WHERE x.stage = 'dormant' GROUP BY 1"))
    answer = ask(assistant, "Which region has the most dormant customers? Give me the dormant count for every region.")
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_a_group_said_short_in_a_follow_up(assistant: Assistant) -> None:
    expected = dict(rows(assistant, "SELECT channel, avg(CASE WHEN converted_at IS NOT NULL THEN 1.0 ELSE 0 END) FROM campaign_touches "
                                    "WHERE group_type = 'control' GROUP BY 1"))
    ask(assistant, "campaign conversion rate by channel, all campaigns", session="grp")
    answer = ask(assistant, "what about the control grp?", session="grp")
    assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == {k: pytest.approx(v) for k, v in expected.items()}


@pytest.mark.parametrize("question", ["年龄大于30小于20的客户有多少", "理财余额大于50万且小于10万的客户有多少"])
def test_bounds_no_value_meets_are_asked_about(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question, session=question[:20]).status == "clarify"


def test_how_the_balance_is_read_said_again_is_no_condition(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM {_DEC} AND m.deposit_balance > 0 AND m.loan_balance = 0")
    assert ask(assistant, "只存不贷的客户一共有多少户？以12月末余额快照为准，存贷都没有的不要算进去。").rows == [[n]]


def test_values_of_one_field_listed_after_one_not_are_all_denied(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM ({_LIFECYCLE}) x JOIN balances_monthly m USING (customer_id) "
                            "WHERE m.month = DATE '2025-12-01' AND m.deposit_balance > 0 AND m.loan_balance = 0 "
                            "AND x.stage NOT IN ('dormant', 'churned')")
    assert ask(assistant, "想筛一批存转贷的营销对象：只存不贷，并且不属于流失或沉睡客户。符合条件的有多少人？").rows == [[n]]


def test_what_the_customers_can_be_used_for_afterwards_is_no_condition(assistant: Assistant) -> None:
    (n,), = rows(assistant, f"SELECT count(*) FROM {_DEC} AND m.wealth_balance = 0 AND c.is_payroll")
    assert ask(assistant, "代发客户里12月末理财余额为0的有多少？这批人可以作为理财首购的目标。").rows == [[n]]


@pytest.mark.parametrize("question", ["理财余额的中位数是多少？余额为0的不要算进去。", "理财余额的中位数是多少，理财余额为0的客户不算",
                                      "12月末理财余额大于0的客户，其理财余额的中位数是多少？余额为0的不要算进去。"])
def test_those_whose_figure_is_zero_left_out(assistant: Assistant, question: str) -> None:
    (median,), = rows(assistant, f"SELECT median(m.wealth_balance) FROM {_DEC} AND m.wealth_balance <> 0")
    assert ask(assistant, question).rows[0][0] == pytest.approx(median)


def test_a_number_is_never_inside_a_name_said_with_a_gap(assistant: Assistant) -> None:
    answer = assistant.ask("各城市平均存款余额，存款为0的客户不算", session="gap0")
    assert answer.status == "clarify" or not any(f["field"] == "has_deposit" and f.get("value") is False
                                                 for f in answer.semantic_query.get("filters", []))


def test_apps_after_a_loan_word_are_applications(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'mortgage' "
                            "AND l.status = 'rejected' AND l.amount > 1000000 AND l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert ask(assistant, "how many mortgage apps above 1 million got rejected this year?").rows == [[n]]


def test_a_percentage_is_never_a_count_of_customers(assistant: Assistant) -> None:
    answer = assistant.ask("which age bands have more than 16.5% of their customers churned?", session="pct")
    assert answer.status == "clarify"


def test_the_highest_of_all_is_one(assistant: Assistant) -> None:
    answer = ask(assistant, "Which campaign had the highest ROI of all campaigns? Just the campaign name.")
    assert len(answer.rows) == 1
