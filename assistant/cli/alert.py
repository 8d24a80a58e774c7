"""``wenshu alert``: tell a channel when a figure of a saved answer crosses a threshold
or moves more than a given % (or percentage points) between runs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.schedule import TzOption
from assistant.cli.store_options import (
    IdArgument,
    JsonOption,
    ModelOption,
    RolesOption,
    StoreOption,
    UserOption,
    load_access,
    opened,
)
from assistant.store.cron import DEFAULT_TZ
from semantic_layer.errors import QueryError

if TYPE_CHECKING:
    from assistant.store.records import Condition

alert_app = typer.Typer(help="Alerts on saved answers. 保存的回答上的预警。", no_args_is_help=True)
console = Console()
DAILY = "0 9 * * *"


def _condition(given: dict[Condition, float | None]) -> tuple[Condition, float]:
    chosen = [(c, v) for c, v in given.items() if v is not None]
    if len(chosen) != 1:
        raise QueryError(zh="请只给一个条件:--below、--above、--change-pct 或 --change-pp。",
                         en="Give exactly one condition: --below, --above, --change-pct or --change-pp.")
    return chosen[0]


@alert_app.command("add")
def add_command(
    saved_id: IdArgument,
    metric: Annotated[str, typer.Option(help="The figure to watch: a column name of the saved answer. 指标列名")],
    to: Annotated[str, typer.Option("--to", help="Destination: a Slack channel id. 推送目标")],
    below: Annotated[float | None, typer.Option(help="Fires when it falls below this (rates in %: 60 = 60%). 低于")] = None,
    above: Annotated[float | None, typer.Option(help="Fires when it rises above this. 高于")] = None,
    change_pct: Annotated[float | None, typer.Option("--change-pct", help="Fires when it moves more than this % between runs. 变动超过 %")] = None,
    change_pp: Annotated[float | None, typer.Option("--change-pp", help="Rates: fires when it moves more than this many points. 变动超过百分点")] = None,
    cron: Annotated[str, typer.Option(help="When to check (default daily 9:00). 检查时间")] = DAILY,
    tz: TzOption = DEFAULT_TZ,
    user: UserOption = None, roles: RolesOption = None, model: ModelOption = None, store: StoreOption = None,
) -> None:
    """Add an alert rule. 添加预警规则。"""
    from assistant.store.schedules import add_alert

    condition, threshold = _condition({"below": below, "above": above, "change_pct": change_pct, "change_pp": change_pp})
    with opened(store) as st:
        rule = add_alert(st, load_access(roles, model), user, saved_id, metric, condition, threshold, to, cron, tz)
    console.print(f"已添加预警 #{rule.id}:保存的回答 #{saved_id} 的 {metric} {condition} {threshold:g},"
                  f"{rule.cron}({rule.timezone})检查 → {rule.destination}。\n"
                  f"Alert #{rule.id} added: {metric} of saved answer #{saved_id} {condition} {threshold:g}, "
                  f"checked {rule.cron} ({rule.timezone}) → {rule.destination}.")


@alert_app.command("list")
def list_command(user: UserOption = None, roles: RolesOption = None, model: ModelOption = None,
                 store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Alert rules on the saved answers you may use. 预警规则列表。"""
    from assistant.store.alerts import threshold_text
    from assistant.store.schedules import visible_alerts

    with opened(store) as st:
        items = visible_alerts(st, load_access(roles, model), user)
        results = {s.id: s.last_result for s in st.all_saved()}
    if as_json:
        for a in items:
            sys.stdout.write(a.model_dump_json() + "\n")
        return
    if not items:
        console.print("还没有预警规则。No alert rules yet: wenshu alert add ID --metric NAME --below 60 --to C0123ABCD")
        return
    table = Table(title="预警规则 Alert rules")
    for name in ("id", "saved", "metric", "when 条件", "checked", "to", "last checked (UTC)"):
        table.add_column(name, overflow="fold")
    for a in items:
        result = results.get(a.saved_id)
        fmt = result.formats[result.columns.index(a.metric)] if result and a.metric in result.columns else ""
        table.add_row(str(a.id), f"#{a.saved_id}", a.metric,
                      " / ".join(threshold_text(a.condition, a.threshold, fmt, lang, result.currency if result else None) for lang in ("zh", "en")),
                      f"{a.cron} ({a.timezone})", a.destination, f"{a.last_fired_at:%Y-%m-%d %H:%M}" if a.last_fired_at else "-")
    console.print(table)


@alert_app.command("delete")
def delete_command(alert_id: IdArgument, user: UserOption = None, roles: RolesOption = None,
                   model: ModelOption = None, store: StoreOption = None) -> None:
    """Delete an alert rule. 删除预警规则。"""
    from assistant.store.schedules import delete_alert

    with opened(store) as st:
        gone = delete_alert(st, load_access(roles, model), user, alert_id)
    console.print(f"已删除预警 #{gone.id}。Deleted alert #{gone.id}.")
