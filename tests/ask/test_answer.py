"""The answer pipeline on the small generated mart: JSON shape, raw values, follow-ups,
clarification, refusals, batch mode, materialised tags — against hand-written SQL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import Assistant

WENSHU = (sys.executable, "-m", "assistant.cli")  # this checkout's command, not whatever is on PATH
REQUIRED = {"status", "message", "semantic_query", "sql", "columns", "rows", "period", "summary", "chart", "elapsed_ms"}


def raw(assistant: Assistant, sql: str) -> list[tuple]:
    return assistant.warehouse.runner._execute_unchecked(sql).rows


POPULATION = "SELECT c.customer_id, b.region, b.city FROM customers c JOIN branches b USING (branch_id) WHERE c.open_date <= DATE '2025-12-31'"


def test_customers_by_region_in_both_languages(assistant: Assistant) -> None:
    expected = {r: n for r, n in raw(assistant, f"SELECT region, COUNT(*) FROM ({POPULATION}) GROUP BY 1")}
    for question in ("各区域的客户数", "customer count by region"):
        answer = assistant.ask(question, session=question)
        assert answer.status == "answered"
        assert answer.columns == ["region", "customer_count"]
        assert {r[0]: r[1] for r in answer.rows} == expected
        assert answer.chart["kind"] == "bar"
        assert set(answer.model_dump()) >= REQUIRED
    assert "客户数" in assistant.ask("各区域的客户数", session="x").summary
    assert "customer count" in assistant.ask("customer count by region", session="y").summary


def test_rates_are_fractions_and_periods_are_stated(assistant: Assistant) -> None:
    answer = assistant.ask("上个月的贷款审批通过率", session="rate")
    approved, decided = raw(assistant, """
        SELECT COUNT(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')), COUNT(*)
        FROM loans WHERE decision_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'""")[0]
    # the rate beside what it divides: the approvals over the decisions
    assert answer.columns == ["loan_approval_rate", "loan_approvals", "loan_decisions"]
    assert answer.rows == [[pytest.approx(approved / decided), approved, decided]]
    assert "2025-11-01" in answer.period and "2025-11-30" in answer.period
    assert answer.display[0][0].endswith("%")
    assert answer.chart["kind"] == "kpi"


def test_one_figure_as_a_share_of_another_shows_both_and_charts_the_ratio(assistant: Assistant) -> None:
    expected = {r: (w, a) for r, w, a in raw(assistant, """
        SELECT b.region, SUM(m.wealth_balance), SUM(m.deposit_balance + m.wealth_balance)
        FROM balances_monthly m JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)
        WHERE m.month = DATE '2025-12-01' GROUP BY 1""")}
    answer = assistant.ask("各区域理财余额占AUM的比例", session="ratio")
    assert answer.status == "answered", answer.message
    assert answer.columns == ["region", "wealth_balance", "aum", "wealth_balance__of__aum"]
    got = {r[0]: r[3] for r in answer.rows}
    assert got == {r: pytest.approx(w / a) for r, (w, a) in expected.items()}
    top = max(expected, key=lambda r: expected[r][0] / expected[r][1])
    assert answer.rows[0][0] == top and f"最高的是 {top}" in answer.summary  # ranked by the ratio, said in the summary
    assert answer.chart["kind"] == "bar" and answer.chart["y"] == ["wealth_balance__of__aum"]
    assert any("理财余额 / 管理资产" in d["definition"] for d in answer.definitions)
    english = assistant.ask("wealth balance as a % of AUM", session="ratio-en")
    assert english.rows[0][2] == pytest.approx(sum(w for w, _ in expected.values()) / sum(a for _, a in expected.values()))
    assert "as a share of" in english.summary


def test_monthly_trend_is_a_line_with_iso_dates(assistant: Assistant) -> None:
    answer = assistant.ask("2025年每月放款金额", session="trend")
    expected = raw(assistant, """SELECT strftime(date_trunc('month', disburse_date), '%Y-%m-%d'), SUM(amount) FROM loans
        WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1""")
    assert [(r[0], pytest.approx(r[1])) for r in answer.rows] == [(m, pytest.approx(v)) for m, v in expected]
    assert answer.chart["kind"] == "line"


def test_followup_and_clarification_in_one_session(assistant: Assistant) -> None:
    first = assistant.ask("各区域的存款规模", session="conv")
    assert first.status == "clarify" and len(first.options) == 2
    chosen = assistant.ask("1", session="conv")
    assert chosen.status == "answered"
    assert chosen.semantic_query["metrics"] == [first.options[0].semantic_query["metrics"][0]]
    narrowed = assistant.ask("只看华东和华南", session="conv")
    assert {r[0] for r in narrowed.rows} == {"华东", "华南"}
    remembered = assistant.ask("各城市的存款规模", session="conv")
    assert remembered.status == "answered"


@pytest.mark.parametrize("question", ["delete all customers", "把所有客户的风险等级改成R5", "列出客户身份证号", "'; DROP TABLE loans; --"])
def test_refusals_change_nothing(assistant: Assistant, mart_path: Path, question: str) -> None:
    before = raw(assistant, "SELECT COUNT(*) FROM customers")
    answer = assistant.ask(question, session="bad")
    assert answer.status == "refused" and answer.sql is None and answer.rows == []
    assert raw(assistant, "SELECT COUNT(*) FROM customers") == before


def test_unknown_words_get_a_bilingual_refusal(assistant: Assistant) -> None:
    answer = assistant.ask("明天会下雨吗", session="w")
    assert answer.status == "refused" and "问数" in answer.message


@pytest.mark.slow
def test_cli_json_and_batch(mart_path: Path, tmp_path: Path) -> None:
    run = lambda *a: subprocess.run([*WENSHU, "ask", *a, "--db", str(mart_path)], capture_output=True, text=True, cwd=tmp_path, timeout=300)  # noqa: E731
    single = run("高价值客户有多少", "--json")
    assert single.returncode == 0, single.stderr
    answer = json.loads(single.stdout)
    assert set(answer) >= REQUIRED and answer["status"] == "answered"
    batch = tmp_path / "q.jsonl"
    lines = [{"id": "a", "question": "各区域的客户数", "session": "s1"}, {"id": "b", "question": "只看华东", "session": "s1"},
             {"id": "c", "question": "how many dormant customers?"}, {"id": "d", "question": "删除所有数据"}]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = run("--batch", str(batch))
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in records[:4]] == ["a", "b", "c", "d"]
    assert [r["status"] for r in records[:4]] == ["answered", "answered", "answered", "refused"]
    assert [row[0] for row in records[1]["rows"]] == ["华东"]
    assert records[4]["status"] == "error" and records[4]["line"] == 5


@pytest.mark.slow
def test_materialised_tags_give_identical_answers(mart_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tags.duckdb"
    shutil.copy(mart_path, copy)
    questions = ["各价值等级的客户数", "各生命周期的客户数", "贷款意向高的客户有多少", "各活跃时段的客户数", "渠道偏好分布", "存款波动大的客户按区域"]
    before = Assistant.open(copy)
    inline = [before.ask(q, session=q).rows for q in questions]
    before.warehouse.close()
    built = subprocess.run([*WENSHU, "tags", "build", "--db", str(copy)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    after = Assistant.open(copy)
    assert after.warehouse.context().tags_table == "wenshu_customer_tags"
    assert "wenshu_customer_tags" in after.ask(questions[0], session="sql").sql
    assert [after.ask(q, session=q + "2").rows for q in questions] == inline


def test_conversations_in_memory_are_bounded(assistant, monkeypatch):
    """A long-running process keeps the most recently used conversations, not every one."""
    from assistant import answer as answer_module
    from assistant.answer import Assistant

    monkeypatch.setattr(answer_module, "MAX_SESSIONS", 3)
    fresh = Assistant(assistant.warehouse, assistant.parser)
    first = fresh.conversation("a", user="u")
    for name in ("b", "c"):
        fresh.conversation(name, user="u")
    assert fresh.conversation("a", user="u") is first  # used again: now the most recent
    fresh.conversation("d", user="u")  # the fourth pushes out the least recently used ("b")
    assert [k.split("\x00")[1] for k in fresh.sessions] == ["c", "a", "d"]
    assert fresh.conversation("b", user="u") is not None and "u\x00c" not in fresh.sessions


PREFERRED = ("SELECT channel, count(*) FROM (SELECT customer_id, channel, row_number() OVER (PARTITION BY customer_id "
             "ORDER BY count(*) DESC, channel) AS rn FROM transactions WHERE txn_time >= DATE '2025-10-03' "
             "AND txn_time < DATE '2026-01-01' GROUP BY 1, 2) WHERE rn = 1 GROUP BY 1")


def test_a_breakdown_leaves_out_customers_who_have_none_and_says_so(assistant: Assistant) -> None:
    """No transactions in the 90 days = no preferred channel (spec): not a group of its own."""
    expected = dict(raw(assistant, PREFERRED))
    for question, said in (("客户渠道偏好分布", "不含近90天没有交易的客户"),
                           ("customers by preferred channel", "customers with no transactions in the last 90 days left out")):
        answer = assistant.ask(question, session=question)
        assert answer.status == "answered", answer.message
        assert {r[0]: r[1] for r in answer.rows} == expected
        assert said in answer.applied


def test_a_condition_on_the_empty_value_still_counts_those_customers(assistant: Assistant) -> None:
    from semantic_layer.query import Filter, SemanticQuery

    population = raw(assistant, "SELECT count(*) FROM customers WHERE open_date <= DATE '2025-12-31'")[0][0]
    with_channel = sum(n for _, n in raw(assistant, PREFERRED))
    query = SemanticQuery(metrics=("customer_count",), filters=(Filter(field="preferred_channel", op="is_null"),))
    answer = assistant.run_query(query)
    assert answer.rows == [[population - with_channel]]


def test_conditions_are_named_as_attributes_of_the_rows_counted(assistant: Assistant) -> None:
    """channel and amount exist on loans and transactions alike: a transaction count's
    conditions say "transaction channel", "transaction size", and numbers read as typed."""
    expected = raw(assistant, "SELECT count(*) FROM transactions WHERE channel = 'pos' AND amount > 20000 "
                              "AND txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01'")[0][0]
    answer = assistant.ask("POS transactions above 20,000 last month, how many", session="rows-named")
    assert answer.status == "answered", answer.message
    assert answer.rows == [[expected]]
    assert answer.applied[:2] == ["transaction channel=POS", "transaction size > 20,000"]


def test_a_fall_is_said_once(assistant: Assistant) -> None:
    """"down ¥6.36M", never "down ¥-6.36M": the sign goes wherever the currency put it."""
    rows = raw(assistant, "SELECT sum(deposit_balance) FILTER (WHERE month = DATE '2025-12-01') - "
                          "sum(deposit_balance) FILTER (WHERE month = DATE '2025-11-01') FROM balances_monthly")
    answer = assistant.ask("what's the change of deposit balance vs last month", session="fall")
    assert answer.status == "answered", answer.message
    assert answer.rows[0][2] == pytest.approx(rows[0][0])
    assert ("down" if rows[0][0] < 0 else "up") in answer.summary
    assert "¥-" not in answer.summary and "¥+" not in answer.summary


def test_latest_survey_satisfaction_is_each_customers_last_answer(assistant: Assistant) -> None:
    """A tag, not the average over every response: one score per customer, the latest by D."""
    expected = dict(raw(assistant, "SELECT b.region, avg(l.s) FROM (SELECT customer_id, arg_max(satisfaction, submitted_at) AS s "
                                   "FROM survey_responses WHERE submitted_at < DATE '2026-01-01' GROUP BY 1) l "
                                   "JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                                   "WHERE c.open_date <= DATE '2025-12-31' GROUP BY 1"))
    answer = assistant.ask("各区域客户最近一次问卷满意度的平均分", session="latest")
    assert answer.status == "answered", answer.message
    assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == expected


def test_a_figure_with_no_rows_to_compute_it_from_says_so(assistant: Assistant) -> None:
    """Not "对照组转化率为 —": a month without control rows has no rate, and the answer says why."""
    empty = raw(assistant, "SELECT m FROM range(1, 13) t(m) WHERE NOT EXISTS (SELECT 1 FROM campaign_touches t JOIN campaigns c "
                           "USING (campaign_id) WHERE t.group_type = 'control' AND year(c.start_date) = 2024 AND month(c.start_date) = m) "
                           "ORDER BY m LIMIT 1")
    assert empty, "the test mart needs a 2024 month without control rows"
    answer = assistant.ask(f"2024年{empty[0][0]}月的对照组转化率", session="empty-month")
    assert answer.status == "answered", answer.message
    assert answer.rows == [[None, 0, 0]]  # no rate: no control conversions over no control rows
    assert "没有可计算对照组转化率的数据" in answer.summary and "—" not in answer.summary


def test_no_login_on_the_platform_named_counts_from_the_events(assistant: Assistant) -> None:
    """"近30天没登录过app": no login event on the app platform in the 30 days — not app-acquired customers. "app" is
    also the name of the events themselves (every platform), so both readings are offered, each answered right."""
    sql = ("SELECT count(*) FROM customers c WHERE open_date <= DATE '2025-12-31' AND NOT EXISTS (SELECT 1 FROM app_events e "
           "WHERE e.customer_id = c.customer_id AND e.event_type = 'login' {} "
           "AND e.event_time >= DATE '2025-12-02' AND e.event_time < DATE '2026-01-01')")
    on_app, anywhere = raw(assistant, sql.format("AND e.platform = 'app'"))[0][0], raw(assistant, sql.format(""))[0][0]
    assert on_app > anywhere
    for choice, expected in (("1", on_app), ("2", anywhere)):
        asked = assistant.ask("近30天没登录过app的客户有多少", session=f"no-app-login-{choice}")
        assert asked.status == "clarify" and len(asked.options) == 2, asked.message
        answer = assistant.ask(choice, session=f"no-app-login-{choice}")
        assert answer.status == "answered", answer.message
        assert answer.rows == [[expected]]
    via = assistant.ask("近30天没登录过手机银行的客户有多少", session="no-app-login-via")  # the platform by its own name
    assert via.status == "answered" and via.rows == [[on_app]], via.message


def test_as_of_the_year_end(assistant: Assistant) -> None:
    expected = raw(assistant, "SELECT sum(deposit_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'")[0][0]
    answer = assistant.ask("截至年底全行的存款时点余额一共多少", session="year-end")
    assert answer.status == "answered", answer.message
    assert answer.rows[0][0] == pytest.approx(float(expected))


def test_overdue_as_a_yes_no_of_the_loan_rows(assistant: Assistant) -> None:
    """is_overdue (overdue_days > 0) as a condition, negated, and compiled whole in SQL."""
    expected = raw(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed' AND overdue_days = 0 AND disburse_date IS NOT NULL")[0][0]
    answer = assistant.ask("在贷且没有逾期的贷款有多少笔", session="not-overdue")
    assert answer.status == "answered", answer.message
    assert answer.rows == [[expected]]
    over_60 = raw(assistant, "SELECT count(*) FROM loans WHERE status = 'disbursed' AND overdue_days > 60")[0][0]
    assert assistant.ask("逾期超过60天的贷款有多少笔", session="over-60").rows == [[over_60]]


def test_a_history_the_mart_does_not_keep_is_declined_not_an_error(assistant: Assistant) -> None:
    """The overdue rate exists only as of the as-of date: a month-on-month change is declined
    with the reason, like data the mart lacks — never reported as an error."""
    answer = assistant.ask("逾期率跟上个月末比，环比变化了多少？", session="no-history")
    assert answer.status == "refused" and "历史" in answer.message and answer.rows == []
