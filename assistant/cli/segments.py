"""``wenshu segments``: suggested target segments, and their masked customer lists."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.store_options import DbOption, ModelOption, RolesOption, UserOption

if TYPE_CHECKING:
    from assistant.audit import Run
    from semantic_layer.access import Role

segments_app = typer.Typer(
    help="Suggested target segments: who to contact, through which channel, when. 目标客群推荐。",
    no_args_is_help=True,
)
console = Console()
err_console = Console(stderr=True)

DEFAULT_DB = Path("data/bank.duckdb")
SALT_ENV = "WENSHU_EXPORT_SALT"
GoalOption = Annotated[
    str,
    typer.Option(
        "--goal",
        help="deposit_to_loan, loan_to_deposit, dormant_wakeup, wealth_repurchase, "
        "or campaign:<objective|campaign name>. 目标",
    ),
]
CampaignOption = Annotated[
    str | None, typer.Option(help="With --goal campaign: an objective or campaign name. 营销活动")
]
LangOption = Annotated[str, typer.Option(help="zh or en.")]
MonthsOption = Annotated[
    int | None,
    typer.Option(help="Pool at most this many past month-ends (default from goals.yaml)."),
]

TEXT = {
    "zh": {
        "rank": "排名",
        "segment": "客群定义",
        "size": "人数",
        "rate": "转化率(转化/样本)(基准)",
        "effect": "提升倍数 [区间]",
        "uplift": "增量(个百分点)[区间]",
        "treated": "实验组/对照组转化率(转化/样本)",
        "expected": "预计转化(人)",
        "period": "最佳发送时段",
        "none": "没有找到显著的目标客群。",
        "footer": "统计日 {as_of};检验了 {m:,} 个客群,{corr} 校正,α={alpha};区间置信度 {level}。",
        "saved": "已导出 {rows:,} 位客户到 {path}(客户号已加盐哈希,不含姓名/证件号/手机号)。",
        "salt": "未提供盐值,已随机生成: {salt}  (匹配名单需要它;可用 --salt 或环境变量 {env} 指定)",
    },
    "en": {
        "rank": "#",
        "segment": "segment",
        "size": "customers",
        "rate": "rate (converted/rows) (base)",
        "effect": "lift [interval]",
        "uplift": "uplift (pp) [interval]",
        "treated": "treated / control (converted/rows)",
        "expected": "expected conv.",
        "period": "best send time",
        "none": "No significant target segment found.",
        "footer": "As of {as_of}; {m:,} segments tested, {corr} correction, alpha={alpha}; intervals at {level} confidence.",
        "saved": "Exported {rows:,} customers to {path} (salted-hash keys; no name, ID number or phone).",
        "salt": "No salt given; generated one: {salt}  (needed to match the list; set --salt or {env})",
    },
}


def _goal(goal: str, campaign: str | None) -> str:
    if campaign:
        return f"campaign:{campaign}"
    return goal


def _pct(v: float) -> str:
    return f"{v * 100:.2f}%"


def _points(v: float) -> str:
    """A difference of rates in percentage points (the unit is in the column's name)."""
    return f"{v * 100:+.2f}"


def _options(months: int | None) -> dict[str, Any]:
    return {"months": months} if months is not None else {}


def _table(segments: list[dict[str, Any]], lang: str, channel: str) -> Table:
    """Rates with their counts (converted/rows), uplift in percentage points, the best
    touch channel and send time by their labels."""
    t = TEXT[lang]
    uplift = bool(segments) and segments[0]["measure"] == "uplift"
    title = f"{segments[0]['goal_label']} · {segments[0]['population']}" if segments else None
    table = Table(title=title, show_lines=True)
    for col in (
        "rank",
        "segment",
        "size",
        "treated" if uplift else "rate",
        "uplift" if uplift else "effect",
        "expected",
        "channel",
        "period",
    ):
        label = channel if col == "channel" else t[col]
        table.add_column(label, overflow="fold", min_width=14 if col == "segment" else None)
    joiner = "、" if lang == "zh" else "; "
    for s in segments:
        if uplift:
            rates = (
                f"{_pct(s['treated_rate'])} ({s['treated_converted']:,}/{s['treated']:,})\n"
                f"{_pct(s['control_rate'])} ({s['control_converted']:,}/{s['control']:,})"
            )
            effect = (
                f"{_points(s['uplift'])}\n[{_points(s['uplift_low'])}, {_points(s['uplift_high'])}]"
            )
        else:
            rates = (
                f"{_pct(s['rate'])} ({s['converted']:,}/{s['history_rows']:,})\n"
                f"({_pct(s['base_rate'])})"
            )
            effect = f"{s['lift']:.2f}\n[{s['lift_low']:.2f}, {s['lift_high']:.2f}]"
        channel_cell = (
            f"{s['channel']['label']}\n{_pct(s['channel']['response_rate'])}"
            if s.get("channel")
            else "—"
        )
        period = (
            f"{s['period']['label']}\n{_pct(s['period']['response_rate'])}"
            if s.get("period")
            else "—"
        )
        segment = joiner.join(c["label"] for c in s["conditions"])
        table.add_row(
            str(s["rank"]),
            segment,
            f"{s['size']:,}",
            rates,
            effect,
            f"{s['expected_conversions']:,}",
            channel_cell,
            period,
        )
    return table


def _allowed(wh: object, user: str | None, roles: Path | None, export: bool, run: Run) -> Role:
    """The user's role, when it may have target segments (a customer list too, with ``export``);
    refused with a bilingual message otherwise. Its minimum group size bounds the suggestions."""
    from assistant.audit import permitted
    from semantic_layer.access import Access

    access = Access.load(roles, wh.model) if roles else Access()  # type: ignore[attr-defined]
    return permitted(run, access.role_of(user), "export" if export else "segments")


@segments_app.command("find")
def find_command(
    goal: GoalOption,
    campaign: CampaignOption = None,
    db: DbOption = DEFAULT_DB,
    top: Annotated[int, typer.Option(min=1, max=50, help="How many segments.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the segments as JSON.")] = False,
    lang: LangOption = "zh",
    months: MonthsOption = None,
    model: ModelOption = None,
    user: UserOption = None,
    roles: RolesOption = None,
) -> None:
    """Suggest target segments for a goal. 推荐目标客群。"""
    from assistant.audit import audited
    from assistant.cli.progress import stage_status
    from assistant.segments import find_segments
    from assistant.segments.audited import screened
    from assistant.segments.reply import Found, segments_reply
    from assistant.segments.wording import channel_name
    from semantic_layer.warehouse import Warehouse

    lang = "en" if lang == "en" else "zh"
    with audited(user=user, route="segments-find", question=_goal(goal, campaign), lang=lang) as run:
        target = screened(run)
        wh = Warehouse(db, model)
        try:
            role = _allowed(wh, user, roles, export=False, run=run)
            with stage_status() as progress:
                search = find_segments(wh, target, top=top, min_customers=role.min_group_size,
                                       progress=lambda stage: progress(stage.in_lang(lang)), **_options(months))
            run.answer = segments_reply(wh.model, Found.of(search), target, lang)  # type: ignore[arg-type]
        finally:
            wh.close()
    segments = run.answer.segments
    if as_json:
        sys.stdout.write(json.dumps(segments, ensure_ascii=False, indent=2) + "\n")
        return
    t = TEXT[lang]
    if segments:
        console.print(_table(segments, lang, channel_name(wh.model, lang)))
    else:
        console.print(f"[yellow]{t['none']}[/yellow]")
    s = search.settings
    console.print(
        f"[dim]{t['footer'].format(as_of=search.frames.as_of, m=search.scored.m, corr=s.correction, alpha=s.alpha, level=f'{search.scored.level:.6f}')}[/dim]"
    )


@segments_app.command("export")
def export_command(
    goal: GoalOption,
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    rank: Annotated[int, typer.Option(min=1, help="Which suggestion (1 = best).")] = 1,
    campaign: CampaignOption = None,
    salt: Annotated[
        str | None, typer.Option(help=f"Salt for the customer key hash (or ${SALT_ENV}).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    lang: LangOption = "zh",
    months: MonthsOption = None,
    model: ModelOption = None,
    user: UserOption = None,
    roles: RolesOption = None,
) -> None:
    """Write one suggested segment's customer list, personal data masked. 导出客群名单(脱敏)。"""
    from assistant.audit import audited
    from assistant.segments import export_segment
    from assistant.segments.audited import screened
    from semantic_layer.warehouse import Warehouse

    lang = "en" if lang == "en" else "zh"
    t = TEXT[lang]
    with audited(user=user, route="segments-export", question=_goal(goal, campaign), lang=lang) as run:
        target = screened(run)
        run.notes.append(f"rank:{rank}")
        wh = Warehouse(db, model)
        try:
            role = _allowed(wh, user, roles, export=True, run=run)
            salt = salt or os.environ.get(SALT_ENV)
            if not salt:
                salt = secrets.token_hex(16)
                err_console.print(f"[yellow]{t['salt'].format(salt=salt, env=SALT_ENV)}[/yellow]")
            report = export_segment(wh, target, rank, out, salt, lang, min_customers=role.min_group_size,
                                    **_options(months))
            run.rows = report.rows
            run.notes.append(f"segments:{report.segment['goal']}")
        finally:
            wh.close()
    console.print(f"[green]{t['saved'].format(rows=report.rows, path=report.path)}[/green]")
    console.print(f"[dim]{report.segment['definition']}[/dim]")
