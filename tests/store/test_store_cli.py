"""``wenshu ask --save``, ``wenshu saved``, ``wenshu schedule`` and ``wenshu alert`` as a
person types them: the first through ``python -m assistant.cli``, the rest through the
same ``main()`` in this process. User mistakes end with a bilingual message and exit
code 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from assistant.cli import main

ROLES = "users:\n  - {username: alice}\n  - {username: bob}\n"
QUESTION = "上个月各区域的交易笔数"


@dataclass(frozen=True)
class Team:
    url: str
    roles: Path
    saved_id: int


def flat(text: str) -> str:
    """Without whitespace: rich wraps long lines (between any two Chinese characters)."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory, old_mart: Path) -> Team:
    """Alice saved the answer to ``QUESTION`` on the older mart, as a person would."""
    root = tmp_path_factory.mktemp("cli")
    roles = root / "roles.yaml"
    roles.write_text(ROLES, encoding="utf-8")
    url = f"sqlite:///{root / 'wenshu.db'}"
    env = {**os.environ, "COLUMNS": "400", "WENSHU_STATE_URL": url}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", QUESTION, "--db", str(old_mart), "--user", "alice",
                           "--roles", str(roles), "--save", "各区域交易", "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "answered"  # stdout stays JSON; the receipt goes to stderr
    assert "已保存为 #1 “各区域交易”" in done.stderr and "Saved as #1" in done.stderr
    return Team(url, roles, 1)


def wenshu(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["wenshu", *args])
    monkeypatch.setenv("COLUMNS", "400")  # rich reads it when it measures: tables keep their rows whole
    with pytest.raises(SystemExit) as ended:
        main()
    out = capsys.readouterr()
    code = ended.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture
def run(team: Team, capsys, monkeypatch):
    def run(*args: str, user: str | None = "alice") -> tuple[int, str, str]:
        who = ("--user", user) if user else ()
        return wenshu(capsys, monkeypatch, *args, "--store", team.url, "--roles", str(team.roles), *who)
    return run


def test_saved_list_and_show_are_the_owners(run, team):
    code, out, _ = run("saved", "list")
    assert code == 0 and "各区域交易" in flat(out) and "alice" in out
    code, out, _ = run("saved", "list", "--json")
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["各区域交易"]
    code, out, _ = run("saved", "show", str(team.saved_id))
    assert code == 0 and "上个月" in flat(out) and "华东" in out
    code, out, _ = run("saved", "list", user="bob")
    assert code == 0 and "Nosavedanswersyet" in flat(out)


@pytest.mark.parametrize("args, zh, en", [
    (("saved", "show", "99"), "没有编号为99的保存的回答", "Thereisnosavedanswerwithid99"),
    (("saved", "run", "99", "--db", "{db}"), "没有编号为99的保存的回答", "Thereisnosavedanswerwithid99"),
    (("saved", "delete", "99"), "没有编号为99的保存的回答", "Thereisnosavedanswerwithid99"),
    (("schedule", "delete", "99"), "没有编号为99的定时推送", "Thereisnoschedulewithid99"),
    (("alert", "delete", "99"), "没有编号为99的预警规则", "Thereisnoalertrulewithid99"),
    (("schedule", "add", "99", "--cron", "0 9 * * *", "--to", "C1"), "没有编号为99的保存的回答", "savedanswerwithid99"),
    (("saved", "show", "1"), "属于其他用户", "belongstoanotheruser"),
    (("saved", "delete", "1"), "属于其他用户", "belongstoanotheruser"),
    (("schedule", "add", "1", "--cron", "0 9 * * 1-5", "--to", "C1"), "属于其他用户", "belongstoanotheruser"),
])
def test_unknown_ids_and_other_peoples_answers_are_bilingual_errors(run, mart_path, args, zh, en):
    code, out, err = run(*(a.format(db=mart_path) for a in args), user="bob")
    assert code == 2 and zh in flat(err) and en in flat(err)
    assert "Traceback" not in out + err


def test_saved_run_reports_changes_against_hand_written_sql(run, team, mart_path, marts):
    code, out, _ = run("saved", "run", str(team.saved_id), "--db", str(mart_path), "--json")
    assert code == 0
    report = json.loads(out)
    before = marts.txn_by_region(marts.old, date(2025, 10, 1), date(2025, 10, 31))
    after = marts.txn_by_region(marts.new, date(2025, 11, 1), date(2025, 11, 30))
    assert {r[0]: r[1] for r in report["answer"]["rows"]} == after
    assert {c["row"]: c["delta"] for c in report["changes"]["cells"]} == {
        k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert report["changes"]["previous_as_of"] == "2025-11-30" and report["changes"]["model_changed"] is False


def test_schedules_and_alerts_from_the_command_line(run, team, mart_path, old_mart):
    code, _, err = run("schedule", "add", str(team.saved_id), "--cron", "0 9 * *", "--to", "C1")
    assert code == 2 and "定时表达式“09**”无效" in flat(err) and "Invalidcronexpression'09**'" in flat(err)
    code, out, _ = run("schedule", "add", str(team.saved_id), "--cron", "0 9 * * 1-5", "--to", "C0PUSH1")
    assert code == 0 and "已添加定时推送#1" in flat(out) and "Schedule#1added" in flat(out)
    code, _, err = run("alert", "add", str(team.saved_id), "--metric", "txn_cont", "--below", "100", "--to", "C1")
    assert code == 2 and "Didyoumean:txn_count?" in flat(err) and "没有指标“txn_cont”" in flat(err)
    code, _, err = run("alert", "add", str(team.saved_id), "--metric", "txn_count", "--below", "1", "--above", "2", "--to", "C1")
    assert code == 2 and "请只给一个条件" in flat(err) and "exactlyonecondition" in flat(err)
    code, out, _ = run("alert", "add", str(team.saved_id), "--metric", "txn_count", "--change-pct", "0.001", "--to", "C_ALERT")
    assert code == 0 and "Alert#1added" in flat(out)
    code, out, _ = run("alert", "list")
    assert code == 0 and "变动超过0.001%/movesmorethan0.001%" in flat(out)
    assert "C0PUSH1" in flat(run("schedule", "list")[1])
    assert "C0PUSH1" not in flat(run("schedule", "list", user="bob")[1])

    # the last result is November's (fresher mart); the older mart's October differs from it
    assert run("saved", "run", str(team.saved_id), "--db", str(mart_path))[0] == 0
    code, out, err = run("schedule", "run-due", "--db", str(old_mart), "--now", "2099-01-05T09:00", "--json", user=None)
    assert code == 0, err
    runs = [json.loads(line) for line in out.splitlines()]
    assert [(r["kind"], r["status"], r["fired"], r["delivered"]) for r in runs] == [
        ("schedule", "answered", None, True), ("alert", "answered", True, True)]
    assert "→ C_ALERT" in err and "⚠ 预警:【各区域交易】txn_count 变动超过 0.001%" in err  # --json: messages on stderr
    code, out, _ = run("schedule", "run-due", "--db", str(old_mart), "--now", "2099-01-05T09:00:30", user=None)
    assert code == 0 and "Ran0." in flat(out)

    code, out, _ = run("saved", "delete", str(team.saved_id))
    assert code == 0 and "Deleted#1" in flat(out)
    assert "Noschedulesyet" in flat(run("schedule", "list")[1]) and "Noalertrulesyet" in flat(run("alert", "list")[1])
