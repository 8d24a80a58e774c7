"""Refused when it should be, answered when it should be: data the model declares it lacks (``not_covered``)
is refused, not asked back; English sentences that only start like SQL or mention a change are answered
(each against hand-written SQL); SQL, writes and actions (send a push, issue a coupon) are still refused,
while counting the pushes sent is answered."""

from __future__ import annotations

import pytest

from assistant.answer import Assistant


@pytest.mark.parametrize("question", [
    "每个活动的广告曝光量 impressions 和 CPM 是多少？",
    "帮我拉一下客户在抖音和小红书上的广告点击数据",
    "what's the bounce rate on the landing pages for each campaign?",
    "25年被拒的贷款 拒绝原因分布看下",
    "How many collection calls did we make to overdue borrowers last month?",
    "各网点的ATM机上个月分别出了几次故障？",
    "我们app在应用商店这个月的下载量和评分怎么样？",
    "how many app downloads did we get from the app store in December?",
])
def test_data_the_model_lacks_is_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "refused" and "not_in_data" in answer.notes, (answer.status, answer.message)


def test_the_click_rate_is_still_answered(assistant: Assistant) -> None:
    assert assistant.ask("各渠道的CTR", session="ctr").status == "answered"


def _one(assistant: Assistant, sql: str) -> object:
    return assistant.warehouse.runner._execute_unchecked(sql).rows[0][0]


@pytest.mark.parametrize("question", [
    "With the as-of date 2025-12-31, how many loan applications were submitted last month (by application date)?",
    "As of 2025-12-31, how many loan applications were submitted last month?",  # an as-of date, not "in 2025"
])
def test_a_sentence_starting_with_with_is_no_sql(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "answered", answer.message
    assert answer.rows == [[_one(assistant, "SELECT count(*) FROM loans WHERE apply_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'")]]


def test_a_month_over_month_change_is_no_write(assistant: Assistant) -> None:
    answer = assistant.ask("Compare the total month-end loan balance of December 2025 with November 2025: give the absolute "
                           "month-over-month change and the month-over-month growth rate as two columns.", session="mom-change")
    assert answer.status == "answered", answer.message
    dec = float(_one(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'"))
    nov = float(_one(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-11-01'"))
    row = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert row["loan_balance_change"] == pytest.approx(dec - nov)
    assert row["loan_balance_change_pct"] == pytest.approx(dec / nov - 1)


@pytest.mark.parametrize("question", ["For December, how much higher (or lower) is the total average daily deposit balance than the "
                                      "month end balance?", "is the approval rate higher or lower than last year?"])
def test_higher_or_lower_is_a_comparison_never_a_write(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status != "refused" and "write" not in answer.notes, (answer.status, answer.message)


@pytest.mark.parametrize(("question", "note"), [
    ("SELECT * FROM customers", "sql"),
    ("please lower their risk level to R1", "write"),
    ("WITH t AS (SELECT 1) SELECT * FROM t", "sql"),
    ("describe customers", "sql"),
    ("change the balance of customer 1 to 0", "write"),
    ("please change the status of those loans to settled", "write"),
    ("send an app push to all dormant users right now with a 50 RMB coupon", "action"),
    ("给上海的沉睡客户发一条短信，送50元优惠券", "action"),
    ("群发推送给所有高价值客户", "action"),
])
def test_sql_writes_and_actions_are_still_refused(assistant: Assistant, question: str, note: str) -> None:
    answer = assistant.ask(question, session=question[:30])
    assert answer.status == "refused" and note in answer.notes, (answer.status, answer.notes)


def test_counting_what_was_sent_is_no_action(assistant: Assistant) -> None:
    answer = assistant.ask("how many app push messages did we send in 2025?", session="pushes-sent")
    assert answer.status == "answered", answer.message
    expected = _one(assistant, """SELECT count(*) FROM campaign_touches t JOIN campaigns c USING (campaign_id)
        WHERE t.channel = 'app_push' AND t.group_type = 'treatment' AND t.delivered AND c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""")
    assert answer.rows[0][0] == expected
