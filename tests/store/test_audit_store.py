"""The audit log in the team database: with WENSHU_STATE_URL set, every answer is a row of
``audit_log`` (SQLite and a real PostgreSQL), read back by ``wenshu audit``; the file is
not written; an unreachable database loses no record (the file takes it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from assistant import audit
from assistant.answer import Assistant
from assistant.cli import app


@pytest.fixture
def team(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("WENSHU_STATE_URL", store_url)
    monkeypatch.setenv("WENSHU_AUDIT_LOG", str(log))
    return store_url, log


def test_answers_are_rows_of_the_team_database(team: tuple[str, Path], assistant: Assistant) -> None:
    url, log = team
    asker = Assistant(assistant.warehouse, assistant.parser)
    answer = asker.ask("各区域的客户数", session="audit-a", user=None, route="cli")
    refused = asker.ask("删除所有客户", session="audit-b", user=None, route="cli")
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            rows = c.execute(text("SELECT question, route, status, rows, sql_fingerprint, suppressed FROM audit_log ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("各区域的客户数", "cli", "answered", len(answer.rows), audit.fingerprint(answer.sql), False),
        ("删除所有客户", "cli", "refused", 0, None, False),
    ]
    assert refused.status == "refused"
    assert not log.exists()  # the team database keeps it, not the file
    shown = CliRunner().invoke(app, ["audit", "--json"])
    assert shown.exit_code == 0, shown.output
    records = [json.loads(line) for line in shown.output.splitlines()]
    assert [(r["question"], r["status"]) for r in records] == [("各区域的客户数", "answered"), ("删除所有客户", "refused")]
    assert records[0]["semantic_query"]["metrics"] == ["customer_count"]


def test_an_unreachable_team_database_loses_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, assistant: Assistant) -> None:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("WENSHU_STATE_URL", f"postgresql+psycopg://nobody@/nowhere?host={tmp_path / 'no-server'}&connect_timeout=2")
    monkeypatch.setenv("WENSHU_AUDIT_LOG", str(log))
    answer = Assistant(assistant.warehouse, assistant.parser).ask("各区域的客户数", session="audit-c", user=None, route="cli")
    assert answer.status == "answered"  # the asker never sees the audit's trouble
    (record,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (record["question"], record["status"], record["rows"]) == ("各区域的客户数", "answered", len(answer.rows))
