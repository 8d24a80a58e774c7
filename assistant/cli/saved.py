"""``wenshu saved``: the team's saved answers — list, show, re-run (with what changed since
the last run) and delete. Save one with ``wenshu ask "…" --save "标题"``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.ask import DEFAULT_DB, print_answer
from assistant.cli.store_options import (
    DbOption,
    IdArgument,
    JsonOption,
    ModelOption,
    RolesOption,
    StoreOption,
    UserOption,
    load_access,
    opened,
)

if TYPE_CHECKING:
    from assistant.store.records import Result, SavedAnswer
    from assistant.store.saved import Rerun
    from assistant.store.store import Store
    from semantic_layer.access import Access

saved_app = typer.Typer(help="Saved answers: list, show, re-run, delete. 保存的回答:列表、查看、重新运行、删除。",
                        no_args_is_help=True)
console = Console()


def _when(saved: SavedAnswer) -> str:
    return f"{saved.created_at:%Y-%m-%d %H:%M} UTC"


@saved_app.command("list")
def list_command(user: UserOption = None, roles: RolesOption = None, model: ModelOption = None,
                 store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Saved answers you may use. 您可以使用的保存的回答。"""
    from assistant.store.saved import visible_saved

    with opened(store) as st:
        items = visible_saved(st, load_access(roles, model), user)
    if as_json:
        for s in items:
            sys.stdout.write(s.model_dump_json(exclude={"last_result"}) + "\n")
        return
    if not items:
        console.print("还没有保存的回答。用 wenshu ask \"…\" --save \"标题\" 保存。\n"
                      "No saved answers yet. Save one with wenshu ask \"…\" --save \"title\".")
        return
    table = Table(title="保存的回答 Saved answers")
    for name in ("id", "标题 title", "问题 question", "用户 owner", "角色 role", "保存于 saved", "上次数据 last as-of"):
        table.add_column(name, overflow="fold")
    for s in items:
        table.add_row(str(s.id), s.title, s.question[:60], s.owner or "-", s.role, _when(s),
                      (s.last_result.as_of if s.last_result else None) or "-")
    console.print(table)


def _result_table(title: str, result: Result) -> Table:
    table = Table(title=title)
    for label in result.labels:
        table.add_column(label, overflow="fold")
    for row in result.display[:50]:
        table.add_row(*row)
    return table


def _show(st: Store, access: Access, saved: SavedAnswer, user: str | None, model: ModelOption) -> None:
    from assistant.store.schedules import visible_alerts, visible_schedules
    from semantic_layer.fingerprint import model_fingerprint
    from semantic_layer.load import load_model

    console.print(f"[bold]#{saved.id} {saved.title}[/bold]")
    console.print(f"问题 question: {saved.question}\n用户 owner: {saved.owner or '-'} · 角色 role: {saved.role} · "
                  f"保存于 saved: {_when(saved)} · 语言 lang: {saved.lang}")
    console.print(f"模型版本 model version: {saved.model_version} · SQL 指纹 fingerprint: {saved.sql_fingerprint or '-'}")
    if model_fingerprint(load_model(model)) != saved.model_version:
        console.print("[yellow]语义模型自保存以来已修改。The semantic model changed since this was saved.[/yellow]")
    console.print_json(json.dumps(saved.query.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False))
    if saved.last_result is not None:
        r = saved.last_result
        console.print(_result_table(f"上次结果 last result · {r.period or ''} · as of {r.as_of or '-'}", r))
    for s in visible_schedules(st, access, user):
        if s.saved_id == saved.id:
            console.print(f"定时 schedule #{s.id}: {s.cron} ({s.timezone}) → {s.destination}")
    for a in visible_alerts(st, access, user):
        if a.saved_id == saved.id:
            console.print(f"预警 alert #{a.id}: {a.metric} {a.condition} {a.threshold:g} → {a.destination}")
    runs = st.runs(saved.id, limit=10)
    if runs:
        table = Table(title="最近运行 recent runs")
        for name in ("time (UTC)", "kind", "status", "fired", "delivered", "error"):
            table.add_column(name, overflow="fold")
        for run in runs:
            table.add_row(f"{run.at:%Y-%m-%d %H:%M}", run.kind, run.status, "-" if run.fired is None else str(run.fired),
                          str(run.delivered), (run.error or "")[:80])
        console.print(table)


@saved_app.command("show")
def show_command(saved_id: IdArgument, user: UserOption = None, roles: RolesOption = None,
                 model: ModelOption = None, store: StoreOption = None) -> None:
    """One saved answer: its query, last result, schedules, alerts and recent runs. 查看详情。"""
    from assistant.store.saved import saved_for

    access = load_access(roles, model)
    with opened(store) as st:
        _show(st, access, saved_for(st, access, saved_id, user), user, model)


def _changes_json(done: Rerun) -> dict[str, object]:
    changes = done.changes
    return {
        "model_changed": done.model_changed,
        "previous_as_of": done.previous.as_of if done.previous else None,
        "added": list(changes.added) if changes else [],
        "removed": list(changes.removed) if changes else [],
        "cells": [{**asdict(c), "delta": c.delta, "relative": c.relative, "is_rate": c.is_rate}
                  for c in (changes.cells if changes else ())],
    }


@saved_app.command("run")
def run_command(saved_id: IdArgument, as_json: JsonOption = False, db: DbOption = DEFAULT_DB,
                model: ModelOption = None, user: UserOption = None, roles: RolesOption = None,
                store: StoreOption = None) -> None:
    """Run a saved answer on the current data and show what changed since its last run. 重新运行。"""
    from assistant.answer import Assistant
    from assistant.store.changes import describe_changes
    from assistant.store.saved import run_saved

    assistant = Assistant.open(db, model, roles=roles)
    with opened(store) as st:
        done = run_saved(assistant, st, saved_id, user)
    if as_json:
        sys.stdout.write(json.dumps({"saved_id": saved_id, "title": done.saved.title,
                                     "answer": done.answer.model_dump(mode="json"), "changes": _changes_json(done)},
                                    ensure_ascii=False) + "\n")
    else:
        console.print(f"[bold]#{saved_id} {done.saved.title}[/bold]")
        print_answer(done.answer)
        if done.changes is not None and done.previous is not None:
            zh = done.saved.lang == "zh"
            console.print(f"[bold]{'与上次运行相比' if zh else 'Since the last run'}(as of {done.previous.as_of or '-'}):[/bold]")
            for line in describe_changes(done.changes, done.saved.lang):
                console.print(f"  {line}", highlight=False)
        if done.model_changed:
            console.print("[yellow]语义模型自保存以来已修改,数字可能按新口径计算。\n"
                          "The semantic model changed since this was saved; figures may follow new definitions.[/yellow]")
    if done.answer.status != "answered":
        raise typer.Exit(1)


@saved_app.command("delete")
def delete_command(saved_id: IdArgument, user: UserOption = None, roles: RolesOption = None,
                   model: ModelOption = None, store: StoreOption = None) -> None:
    """Delete a saved answer with its schedules, alerts and runs. 删除(连同定时推送和预警)。"""
    from assistant.store.saved import delete_saved

    with opened(store) as st:
        gone = delete_saved(st, load_access(roles, model), saved_id, user)
    console.print(f"已删除 #{gone.id} “{gone.title}”。Deleted #{gone.id} '{gone.title}'.")
