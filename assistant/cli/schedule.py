"""``wenshu schedule``: push saved answers on a cron, and ``run-due`` for cron or Airflow
to run what is due once (schedules and alert rules alike)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.ask import DEFAULT_DB
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
from assistant.store.cron import DEFAULT_TZ, next_fire, zone

schedule_app = typer.Typer(help="Push saved answers on a schedule. 定时推送保存的回答。", no_args_is_help=True)
console = Console()

CronOption = Annotated[str, typer.Option("--cron", help='Five fields "minute hour day month weekday", e.g. "0 9 * * 1-5". 定时表达式')]
ToOption = Annotated[str, typer.Option("--to", help="Destination: a Slack channel id, e.g. C0123ABCD. 推送目标")]
TzOption = Annotated[str, typer.Option("--tz", help="Time zone of the cron expression. 时区")]


@schedule_app.command("add")
def add_command(saved_id: IdArgument, cron: CronOption, to: ToOption, tz: TzOption = DEFAULT_TZ,
                user: UserOption = None, roles: RolesOption = None, model: ModelOption = None,
                store: StoreOption = None) -> None:
    """Push a saved answer to a channel whenever the cron expression fires. 添加定时推送。"""
    from assistant.store.schedules import add_schedule

    with opened(store) as st:
        s = add_schedule(st, load_access(roles, model), user, saved_id, cron, to, tz)
    first = next_fire(s, s.created_at)
    when = f"{first.astimezone(zone(s.timezone)):%Y-%m-%d %H:%M %Z}" if first else "-"
    console.print(f"已添加定时推送 #{s.id}:保存的回答 #{saved_id},{s.cron}({s.timezone})→ {s.destination};首次 {when}。\n"
                  f"Schedule #{s.id} added: saved answer #{saved_id}, {s.cron} ({s.timezone}) → {s.destination}; first {when}.")


@schedule_app.command("list")
def list_command(user: UserOption = None, roles: RolesOption = None, model: ModelOption = None,
                 store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Schedules of the saved answers you may use. 定时推送列表。"""
    from assistant.store.schedules import visible_schedules

    with opened(store) as st:
        items = visible_schedules(st, load_access(roles, model), user)
    if as_json:
        for s in items:
            sys.stdout.write(s.model_dump_json() + "\n")
        return
    if not items:
        console.print("还没有定时推送。No schedules yet: wenshu schedule add ID --cron \"0 9 * * 1-5\" --to C0123ABCD")
        return
    table = Table(title="定时推送 Schedules")
    for name in ("id", "saved", "cron", "tz", "to", "last fired (UTC)"):
        table.add_column(name, overflow="fold")
    for s in items:
        table.add_row(str(s.id), f"#{s.saved_id}", s.cron, s.timezone, s.destination,
                      f"{s.last_fired_at:%Y-%m-%d %H:%M}" if s.last_fired_at else "-")
    console.print(table)


@schedule_app.command("delete")
def delete_command(schedule_id: IdArgument, user: UserOption = None, roles: RolesOption = None,
                   model: ModelOption = None, store: StoreOption = None) -> None:
    """Delete a schedule. 删除定时推送。"""
    from assistant.store.schedules import delete_schedule

    with opened(store) as st:
        gone = delete_schedule(st, load_access(roles, model), user, schedule_id)
    console.print(f"已删除定时推送 #{gone.id}。Deleted schedule #{gone.id}.")


def _now(text: str | None, tz: str) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a time like 2026-01-05T09:00 / 时间格式应为 2026-01-05T09:00") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone(tz))).astimezone(UTC)


@schedule_app.command("run-due")
def run_due_command(
    db: DbOption = DEFAULT_DB, model: ModelOption = None, roles: RolesOption = None, store: StoreOption = None,
    now: Annotated[str | None, typer.Option(help="Pretend it is this time (ISO; without a zone, --tz). 指定当前时间")] = None,
    tz: TzOption = DEFAULT_TZ, as_json: JsonOption = False,
) -> None:
    """Run every schedule and alert that is due, once; print what is sent. For cron: * * * * *. 运行到期的推送和预警。"""
    from assistant.answer import Assistant
    from assistant.store.deliver import console_deliver
    from assistant.store.due import run_due

    assistant = Assistant.open(db, model, roles=roles)
    with opened(store) as st:
        runs = run_due(assistant, st, console_deliver(Console(stderr=as_json)), _now(now, tz))
    if as_json:
        for run in runs:
            sys.stdout.write(json.dumps(run.model_dump(mode="json"), ensure_ascii=False) + "\n")
    else:
        console.print(f"运行了 {len(runs)} 项。Ran {len(runs)}.")
    if any(r.status != "answered" or (r.fired is not False and not r.delivered) for r in runs):
        raise typer.Exit(1)
