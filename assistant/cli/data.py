"""``wenshu data``: generate, check and import data marts."""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.store_options import RolesOption, UserOption

data_app = typer.Typer(
    help="Demo data mart: generate, check, import. 演示数据集市:生成、检查、导入。"
)


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True).print(f"[red]{message}[/red]", highlight=False)
    return typer.Exit(code)


def _parse_date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise _fail(
            f"结束日期格式应为 YYYY-MM-DD,收到 {text!r}。\nEnd date must be YYYY-MM-DD, got {text!r}.",
            2,
        ) from None


@data_app.command("generate")
def generate(
    out: Annotated[
        Path, typer.Option("--out", help="DuckDB file to write (replaced if it exists). 输出文件。")
    ],
    customers: Annotated[
        int, typer.Option("--customers", help="Number of customers. 客户数。")
    ] = 20_000,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed; same seed, same data. 随机种子。")
    ] = 42,
    end_date: Annotated[
        str, typer.Option("--end-date", help="Last day of the data, YYYY-MM-DD. 数据截止日。")
    ] = "2025-12-31",
    months: Annotated[
        int, typer.Option("--months", help="Calendar months of history. 历史月份数。")
    ] = 24,
    tags: Annotated[
        bool,
        typer.Option(
            help="Also store the customer tags at every month-end (what target segments read). "
            "同时物化每个月末的客户标签。"
        ),
    ] = True,
) -> None:
    """Generate the demo bank data mart. 生成演示银行数据集市。"""
    from assistant.datacheck.errors import MartError
    from demo_mart.generate import generate_mart

    end = _parse_date(end_date)
    console = Console()
    try:
        report = generate_mart(
            out, customers=customers, seed=seed, end_date=end, months=months, progress=True
        )
    except MartError as err:
        raise _fail(err.bilingual(), 2) from None
    table = Table(title=f"已生成 Generated {out} ({report.seconds:.1f} s)")
    table.add_column("表 table")
    table.add_column("行数 rows", justify="right")
    for name, rows in report.rows.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    if tags:
        build_tag_history(out, months, console)


def build_tag_history(db: Path, months: int, console: Console) -> None:
    """Store the tags at the data's last date and the month-ends before it, so that
    target segments read them instead of computing a population's tags per month-end."""
    from rich.progress import Progress

    from semantic_layer.load import load_model
    from semantic_layer.tags_build import build_tag_history as build

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("标签 tags", total=months)
        report = build(db, load_model(None), months, progress=lambda _: progress.advance(task))
    console.print(
        f"已物化 {len(report.dates)} 个月末的客户标签 · stored the tags at {len(report.dates)} "
        f"month-ends ({report.rows:,} rows, {report.seconds:.1f} s)",
        highlight=False,
    )


@data_app.command("check")
def check(
    path: Annotated[Path, typer.Argument(help="DuckDB file. 数据库文件。")],
    model: Annotated[
        Path | None,
        typer.Option(help="Model directory or file whose declarations to check (default: the bank model). 语义模型。"),
    ] = None,
    user: UserOption = None,
    roles: RolesOption = None,
) -> None:
    """Check data quality against the model's declarations; exit 1 on violations, 2 when the
    file or model is unusable or the role may not read the file. 按模型声明检查数据质量,有问题时退出码为 1。"""
    from assistant.audit import inspected
    from assistant.datacheck.check import check_mart
    from assistant.datacheck.errors import MartError
    from semantic_layer.errors import ModelDefinitionError, QueryError, RefusedError
    from semantic_layer.load import load_model

    console = Console()
    semantic_model = functools.cache(lambda: load_model(model))
    try:
        with inspected(user=user, roles=roles, model=semantic_model, route="cli:data-check",
                       question=f"data check {path}", db=path, tables=tuple(semantic_model().tables)) as seen:
            violations = check_mart(seen.con, semantic_model())
            seen.run.rows = len(violations)
    except (MartError, ModelDefinitionError, QueryError, RefusedError) as err:
        raise _fail(err.bilingual(), 2) from None
    if not violations:
        console.print(f"[green]✓ 数据质量检查通过 / all data-quality checks passed: {path}[/green]")
        return
    table = Table(title=f"数据质量问题 Data-quality violations: {path}")
    for column in ("检查 check", "表 table", "行数 rows", "说明 message", "示例 examples"):
        table.add_column(column)
    for v in violations:
        table.add_row(
            v.check,
            v.table,
            f"{v.count:,}",
            f"{v.message_zh}\n{v.message_en}",
            ", ".join(v.examples),
        )
    console.print(table)
    console.print(f"[red]发现 {len(violations)} 项问题 / {len(violations)} check(s) failed[/red]")
    raise typer.Exit(1)


@data_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file. 数据文件。")],
    table: Annotated[str, typer.Option(help="Table to create. 表名。")],
    db: Annotated[Path, typer.Option(help="DuckDB file (created if missing). 数据库文件。")] = Path("data/bank.duckdb"),
    replace: Annotated[bool, typer.Option(help="Replace the table if it exists. 覆盖已有表。")] = False,
) -> None:
    """Load your own file into a table. 导入自己的数据。"""
    from rich.console import Console

    from semantic_layer.errors import QueryError
    from semantic_layer.importer import import_file

    try:
        rows = import_file(file, table, db, replace=replace)
    except QueryError as err:
        raise _fail(err.bilingual(), 2) from None
    Console().print(f"[green]{rows:,} rows → {db}:{table} · 已导入 {rows:,} 行[/green]\n"
                    f"Next 下一步: wenshu model init --table {table} --db {db}")
