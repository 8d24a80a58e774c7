"""``wenshu audit``: who asked what, as which role, on which route — and what happened."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant import audit

console = Console()


def audit_command(
    user: Annotated[str | None, typer.Option(help="Only this user. 只看该用户")] = None,
    status: Annotated[str | None, typer.Option(help="answered | clarify | refused | error")] = None,
    route: Annotated[str | None, typer.Option(help="cli | batch | chat | slack | saved | eval …")] = None,
    since: Annotated[str | None, typer.Option(help="From this time on, e.g. 2026-12-01. 起始时间")] = None,
    limit: Annotated[int, typer.Option(help="Newest N records. 最近 N 条")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Show the audit log. 查看审计日志(团队数据库 WENSHU_STATE_URL 的 audit_log 表,否则 WENSHU_AUDIT_LOG,默认 .wenshu/audit.jsonl)。"""
    wanted = [r for r in audit.read() if (user is None or r.get("user") == user) and (status is None or r.get("status") == status)
              and (route is None or r.get("route") == route) and (since is None or str(r.get("time", "")) >= since)]
    wanted = wanted[-limit:] if limit > 0 else wanted
    if as_json:
        for r in wanted:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    if not wanted:
        console.print("No audit records match. 没有符合条件的审计记录。")
        return
    table = Table(title="Audit 审计")
    for name in ("time", "user", "role", "route", "status", "rows", "question"):
        table.add_column(name)
    for r in wanted:
        table.add_row(str(r.get("time", ""))[:19], str(r.get("user") or "-"), str(r.get("role", "")), str(r.get("route", "")),
                      str(r.get("status", "")), str(r.get("rows", "")), str(r.get("question", ""))[:60])
    console.print(table)
