"""The real chat page in headless Chromium: questions in both languages, chart, table,
numbers checked against independent SQL on the same DuckDB file, follow-up and
clarification buttons, CSV export, saving, feedback, and no request leaving localhost."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import duckdb
import pytest

from assistant.formatting import format_value

pytestmark = pytest.mark.browser

TIER_LABELS_EN = {"high": "high value", "medium": "medium value", "low": "low value"}

AS_OF_SQL = """
SELECT max(d) FROM (
  SELECT max(CAST(txn_time AS DATE)) AS d FROM transactions
  UNION ALL SELECT max(CAST(event_time AS DATE)) FROM app_events)
"""
CUSTOMERS_BY_REGION_SQL = """
SELECT b.region, count(DISTINCT c.customer_id)
FROM customers AS c JOIN branches AS b ON b.branch_id = c.branch_id
WHERE c.open_date <= ?
GROUP BY b.region
"""
CUSTOMERS_BY_TIER_SQL = """
WITH aum AS (
  SELECT customer_id, sum(deposit_balance) + sum(wealth_balance) AS aum
  FROM balances_monthly WHERE month = date_trunc('month', ?::DATE) GROUP BY customer_id)
SELECT CASE WHEN coalesce(aum.aum, 0) >= 500000 THEN 'high'
            WHEN coalesce(aum.aum, 0) >= 50000 THEN 'medium' ELSE 'low' END AS tier,
       count(*)
FROM customers AS c LEFT JOIN aum ON aum.customer_id = c.customer_id
WHERE c.open_date <= ?
GROUP BY tier
"""
DEPOSITS_BY_REGION_SQL = """
SELECT b.region, sum(m.deposit_balance)
FROM balances_monthly AS m
JOIN customers AS c ON c.customer_id = m.customer_id
JOIN branches AS b ON b.branch_id = c.branch_id
WHERE m.month = date_trunc('month', ?::DATE)
GROUP BY b.region
"""


@pytest.fixture(scope="module")
def expected(chat_mart: Path) -> dict[str, dict[str, float]]:
    """The numbers the page must show, from hand-written SQL (connection closed at once)."""
    with duckdb.connect(str(chat_mart), read_only=True) as con:
        (as_of,) = con.execute(AS_OF_SQL).fetchone()  # type: ignore[misc]
        assert isinstance(as_of, date)
        return {
            "customers_by_region": dict(con.execute(CUSTOMERS_BY_REGION_SQL, [as_of]).fetchall()),
            "customers_by_tier": dict(
                con.execute(CUSTOMERS_BY_TIER_SQL, [as_of, as_of]).fetchall()
            ),
            "deposits_by_region": {
                k: float(v) for k, v in con.execute(DEPOSITS_BY_REGION_SQL, [as_of]).fetchall()
            },
        }


def test_chinese_question_shows_steps_chart_table_and_definitions(chat, expected, screenshots):
    answer = chat.ask("各区域的客户数")
    table = chat.table(answer)
    assert table[0] == ["区域", "客户数"]
    shown = {region: int(count.replace(",", "")) for region, count in table[1:]}
    assert shown == expected["customers_by_region"]
    assert chat.chart_bars(answer) == len(expected["customers_by_region"])
    text = answer.inner_text()
    assert "口径" in text and "期间" in text and "开户日期不晚于统计日" in text
    steps = chat.page.locator(
        '[data-step-type="llm"], [data-step-type="tool"], [data-step-type="run"]'
    )
    assert " ".join(steps.all_inner_texts()).count("理解问题") == 1
    for name in ("查询", "运行"):
        assert name in " ".join(steps.all_inner_texts())
    chat.page.locator(
        '[id="step-查询"]'
    ).first.click()  # steps are collapsed; the SQL is inside 查询
    chat.page.locator('[id="step-SQL"]').first.click()
    chat.page.get_by_text("SELECT", exact=False).first.wait_for()
    chat.shot(screenshots, "zh_customers_by_region")


@pytest.mark.parametrize("chat", ["en-US"], indirect=True)
def test_english_question_is_answered_in_english(chat, expected, screenshots):
    answer = chat.ask("customer count by value tier")
    table = chat.table(answer)
    assert table[0] == ["value tier", "customer count"]
    want = {
        TIER_LABELS_EN[k]: format_value(v, "integer", "en")
        for k, v in expected["customers_by_tier"].items()
    }
    assert dict((r[0], r[1]) for r in table[1:]) == want
    assert chat.chart_bars(answer) == 3
    assert "Definitions" in answer.inner_text()
    assert chat.page.get_by_role("button", name="Split by region?").count() == 1
    chat.shot(screenshots, "en_customers_by_tier")


def test_follow_up_button_continues_the_conversation(chat, expected, screenshots):
    first = chat.ask("各区域的客户数")
    chat.table(first)
    followup = chat.click(first, "按价值等级拆分呢?")
    table = chat.table(followup)
    assert table[0] == ["区域", "价值等级", "客户数"]
    regions = {r[0] for r in table[1:]}
    assert regions <= set(expected["customers_by_region"])
    assert (
        chat.page.locator('[data-step-type="user_message"]').last.inner_text().strip()
        == "按价值等级拆分呢?"
    )
    chat.shot(screenshots, "zh_follow_up")


def test_clarification_is_answered_by_its_button(chat, expected, screenshots):
    question = chat.ask("各区域的存款规模")
    assert "口径" in question.inner_text()
    chat.shot(screenshots, "zh_clarification")
    answer = chat.click(question, re.compile(r"^\d\. 存款余额$"))  # the order is the parser's
    table = chat.table(answer)
    assert table[0] == ["区域", "存款余额"]
    want = {k: format_value(v, "currency", "zh") for k, v in expected["deposits_by_region"].items()}
    assert dict((r[0], r[1]) for r in table[1:]) == want
    assert (
        question.get_by_role("button", name=re.compile("存款日均")).count() == 0
    )  # options are gone once used
    chat.shot(screenshots, "zh_clarification_answered")


def test_csv_export_has_the_period_definitions_and_raw_rows(chat, expected, screenshots):
    answer = chat.ask("各区域的客户数")
    chat.table(answer)
    download = chat.click(answer, "导出 CSV")
    link = download.locator("a[download]")
    link.wait_for()
    assert link.get_attribute("download", timeout=5000).endswith(".csv")
    body = chat.page.request.get(urljoin(chat.url, link.get_attribute("href"))).body()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "期间" and "2025-12-31" in rows[0][1]  # what the numbers are, first
    assert rows[1][:2] == ["口径", "客户数"] and "开户日期不晚于统计日" in rows[1][2]
    assert rows[2] == [] and rows[3] == ["区域", "客户数"]
    assert {r[0]: int(r[1]) for r in rows[4:]} == expected["customers_by_region"]
    chat.shot(screenshots, "zh_csv_export")


def test_save_and_feedback_are_recorded(chat, chat_server, expected):
    answer = chat.ask("各区域的客户数")
    chat.table(answer)
    answer.get_by_role("button", name="保存").click()
    chat.page.get_by_text("已保存这个问题").wait_for()  # the toast comes after the line is written
    answer.locator("button.wenshu-up").click()
    chat.page.get_by_text("谢谢反馈").wait_for()
    from assistant.store.store import Store

    store = Store.open(f"sqlite:///{chat_server.state / 'wenshu.db'}")  # the team store's default place
    try:
        saved = store.all_saved()[-1]
    finally:
        store.close()
    assert (saved.question, saved.title, saved.owner) == ("各区域的客户数", "各区域的客户数", None)
    assert saved.query.metric_names == ("customer_count",)
    assert saved.last_result is not None
    assert {r[0]: r[1] for r in saved.last_result.rows} == expected["customers_by_region"]
    feedback_file = chat_server.state / "feedback.jsonl"
    rated = [json.loads(line) for line in feedback_file.read_text(encoding="utf-8").splitlines()]
    assert rated[-1]["rating"] == "up" and rated[-1]["question"] == "各区域的客户数"


def test_refusal_is_friendly_and_offers_examples(chat):
    answer = chat.ask("drop table customers")
    text = answer.inner_text()
    assert "I can't answer that" in text and "Traceback" not in text
    from assistant.suggest import starter_questions
    from semantic_layer.load import load_model

    first = starter_questions(load_model(), "en")[0]  # the model's own starters, in the answer's language
    assert answer.get_by_role("button", name=first, exact=True).count() == 1


def test_page_requests_nothing_outside_localhost(chat, screenshots):
    answer = chat.ask("各区域的客户数")
    chat.table(answer)
    chat.chart_bars(answer)
    chat.page.locator("#readme-button").click()
    chat.page.get_by_text("不能做什么", exact=False).first.wait_for()
    chat.shot(screenshots, "zh_readme")
    assert len(chat.requests) > 5
    assert chat.outside_requests() == []


def test_starters_are_the_models_own_in_the_browsers_language_first(chat):
    from assistant.suggest import page_starters
    from semantic_layer.load import load_model

    shown = chat.page.locator("#starters").inner_text()
    labels = [label for label, _ in page_starters(load_model(), "zh")]
    assert all(label in shown for label in labels), shown
    assert shown.index(labels[0]) < shown.index(labels[-1])  # 中文 first, then English
