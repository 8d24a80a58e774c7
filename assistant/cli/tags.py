"""``wenshu tags build``: materialise customer tags into the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

tags_app = typer.Typer(help="Customer tags: materialise them as of a date. 客户标签:按统计日物化。")
console = Console()


@tags_app.command("build")
def build_command(
    db: Annotated[Path, typer.Option(help="DuckDB file (written to).")] = Path("data/bank.duckdb"),
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD; default: last date in the data.")] = None,
    history_months: Annotated[int, typer.Option(help="Also build the N-1 previous month-ends.")] = 1,
    model: Annotated[Path | None, typer.Option(help="Semantic model directory.")] = None,
) -> None:
    """Build the tag table (wenshu_customer_tags) as of a date. 物化客户标签表。"""
    from semantic_layer.tags_build import build_tags, month_ends
    from semantic_layer.warehouse import Warehouse

    if history_months < 1:
        raise typer.BadParameter("--history-months must be at least 1 / 至少为 1")
    wh = Warehouse(db, model)
    try:
        d = date.fromisoformat(as_of) if as_of else wh.default_as_of
    except ValueError:
        raise typer.BadParameter(f"'{as_of}' is not a date like 2025-12-31 / 日期格式应为 2025-12-31") from None
    model_obj = wh.model
    wh.close()
    dates = month_ends(d, history_months)
    with Progress(console=console) as progress:
        task = progress.add_task("Building tags 构建标签", total=len(dates))
        report = build_tags(db, model_obj, dates, progress=lambda _: progress.advance(task))
    console.print(f"[green]{report.rows:,} tag rows for {len(dates)} date(s) in {report.seconds:.1f}s · 已生成标签[/green]")
