"""``wenshu data generate`` and ``wenshu data check``: thin shells with bilingual messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_generate_then_check(tmp_path: Path) -> None:
    out = tmp_path / "demo.duckdb"
    out.write_text("stale")
    result = runner.invoke(app, ["data", "generate", "--out", str(out), "--customers", "300", "--months", "6",
                                 "--end-date", "2025-06-30", "--seed", "9"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "customers" in result.output and "300" in result.output
    checked = runner.invoke(app, ["data", "check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "passed" in checked.output and "通过" in checked.output
    # the tag history target segments read: the last day and every month-end before it
    assert "stored the tags at 6 month-ends" in result.output
    with duckdb.connect(str(out), read_only=True) as con:
        dates = con.execute("SELECT DISTINCT as_of FROM wenshu_customer_tags ORDER BY 1").fetchall()
    assert [str(d) for (d,) in dates] == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"
    ]  # fmt: skip


def test_generate_without_tags(tmp_path: Path) -> None:
    out = tmp_path / "plain.duckdb"
    result = runner.invoke(app, ["data", "generate", "--out", str(out), "--customers", "100",
                                 "--months", "2", "--end-date", "2025-06-30", "--no-tags"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(out), read_only=True) as con:
        tables = {t for (t,) in con.execute("SHOW TABLES").fetchall()}
    assert "wenshu_customer_tags" not in tables


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        (["--customers", "0"], "customers must be between", "客户数"),
        (["--customers", "-5"], "customers must be between", "客户数"),
        (["--months", "0"], "months must be between", "月份数"),
        (["--end-date", "2025-02-30"], "End date must be YYYY-MM-DD", "结束日期"),
    ],
)
def test_generate_rejects_bad_arguments_in_both_languages(
    tmp_path: Path, args: list[str], en: str, zh: str
) -> None:
    result = runner.invoke(app, ["data", "generate", "--out", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code == 2
    assert en in result.output and zh in result.output
    assert not (tmp_path / "x.duckdb").exists()


def test_check_reports_violations_and_exits_1(tiny_mart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(tiny_mart, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE customers SET phone = '000' WHERE customer_id <= 3")
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("WENSHU_AUDIT_LOG", str(log))
    monkeypatch.setenv("WENSHU_USER", "dq-steward")
    result = runner.invoke(app, ["data", "check", str(broken)])
    assert result.exit_code == 1
    assert (
        "phone_format" in result.output and "手机号" in result.output and "failed" in result.output
    )
    # the check reads the file's rows itself: each run is in the audit log, like every question
    (entry,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (entry["route"], entry["user"], entry["role"], entry["status"]) == ("cli:data-check", "dq-steward", "default", "answered")
    assert entry["rows"] >= 1 and str(broken) in entry["question"]


@pytest.mark.parametrize("content", [None, "not a database"])
def test_check_of_a_missing_or_foreign_file_exits_2(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "nothing.duckdb"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["data", "check", str(path)])
    assert result.exit_code == 2
    assert str(path.name) in result.output


ROLES = """
roles:
  - name: steward
    may_inspect_data: true
  - name: east_manager
    scope: [{field: region, op: in, value: [华东]}]
    may_inspect_data: true
  - name: analyst
users:
  - {username: dq, role: steward}
  - {username: east, role: east_manager}
  - {username: ana, role: analyst}
"""


@pytest.mark.parametrize(("user", "refused", "why"), [
    ("dq", False, None),
    ("ana", True, "may_inspect_data"),  # not granted
    ("east", True, "scope"),  # granted, but a row scope cannot bound a raw read
])
def test_reading_the_file_itself_needs_a_role_that_may(
    tiny_mart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str, refused: bool, why: str | None
) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES, encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("WENSHU_AUDIT_LOG", str(log))
    result = runner.invoke(app, ["data", "check", str(tiny_mart), "--roles", str(roles), "--user", user])
    drafted = runner.invoke(app, ["model", "init", "--table", "customers", "--db", str(tiny_mart),
                                  "--out", str(tmp_path / "draft"), "--roles", str(roles), "--user", user])
    checked = runner.invoke(app, ["model", "check", "--db", str(tiny_mart), "--roles", str(roles), "--user", user])
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["route"], e["user"]) for e in entries] == [
        ("cli:data-check", user), ("cli:model-init", user), ("cli:model-check", user)]
    if refused:
        assert result.exit_code == drafted.exit_code == checked.exit_code == 2
        for out in (result.output, drafted.output, checked.output):
            assert "may not read the database file" in out and "不能直接读取数据库文件" in out
        assert "passed" not in result.output and not (tmp_path / "draft").exists() and "OK" not in checked.output
        assert all(e["status"] == "refused" and why in e["notes"] for e in entries)
    else:
        assert result.exit_code in (0, 1) and drafted.exit_code == checked.exit_code == 0, \
            result.output + drafted.output + checked.output
        assert "OK" in checked.output
        assert all(e["status"] == "answered" and e["role"] == "steward" for e in entries)


def test_an_unknown_user_may_not_read_the_file_either(tiny_mart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("WENSHU_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    result = runner.invoke(app, ["data", "check", str(tiny_mart), "--roles", str(roles), "--user", "mallory"])
    assert result.exit_code == 2 and "mallory" in result.output and "未知用户" in result.output
