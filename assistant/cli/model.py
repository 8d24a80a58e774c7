"""``wenshu model``: draft a model for a table, and check a model against a database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.cli.store_options import RolesOption, UserOption

model_app = typer.Typer(help="Semantic models: draft and check. 语义模型:生成草稿与校验。")
console = Console()


@model_app.command("init")
def init_command(
    table: Annotated[str, typer.Option(help="Table to describe.")],
    db: Annotated[Path, typer.Option(help="DuckDB file.")] = Path("data/bank.duckdb"),
    out: Annotated[Path, typer.Option(help="Directory for the draft YAML.")] = Path("model"),
    user: UserOption = None,
    roles: RolesOption = None,
    model: Annotated[Path | None, typer.Option(help="The model the roles file refers to (default: the bank model).")] = None,
) -> None:
    """Write a draft YAML model for TABLE. 为表生成模型草稿。"""
    from assistant.audit import inspected
    from assistant.datacheck.errors import MartError
    from semantic_layer.errors import ModelDefinitionError, QueryError, RefusedError
    from semantic_layer.load import load_model
    from semantic_layer.scaffold import write_draft

    try:
        with inspected(user=user, roles=roles, model=lambda: load_model(model), route="cli:model-init",
                       question=f"model init {db} {table}", db=db) as seen:
            path, pii = write_draft(seen.con, table, out)  # samples the table's values from the file itself
    except (MartError, ModelDefinitionError, QueryError, RefusedError) as err:
        Console(stderr=True).print(f"[red]{err.bilingual()}[/red]", highlight=False)
        raise typer.Exit(2) from None
    console.print(f"[green]Draft written 已生成草稿: {path}[/green]")
    if pii:
        console.print(f"[yellow]Personal data, declared pii (no question reads it) 个人信息列,已声明为 pii:"
                      f" {', '.join(pii)}[/yellow]")
    console.print(f"Edit it, then: wenshu model check --model {out} --db {db}")


@model_app.command("check")
def check_command(
    model: Annotated[Path | None, typer.Option(help="Model directory or file (default: the bank model).")] = None,
    db: Annotated[Path | None, typer.Option(help="Also check tables and columns exist in this DuckDB file.")] = None,
    user: UserOption = None,
    roles: RolesOption = None,
) -> None:
    """Validate a model; report every problem at once. 校验模型,一次列出全部问题。
    With --db the file's schema is read as every raw-file command reads it: after the role
    check (a roles file refers to this model), recorded in the audit log."""
    from assistant.audit import inspected
    from assistant.datacheck.errors import MartError
    from semantic_layer.errors import ModelDefinitionError, RefusedError
    from semantic_layer.load import load_model

    try:
        m = load_model(model)
        if db is not None:
            with inspected(user=user, roles=roles, model=lambda: m, route="cli:model-check",
                           question=f"model check {db}", db=db) as seen:
                schema: dict[str, set[str]] = {}
                for table, column in seen.con.execute(
                        "SELECT table_name, column_name FROM information_schema.columns").fetchall():
                    schema.setdefault(table, set()).add(column)
            m = load_model(model, schema=schema)
    except ModelDefinitionError as err:
        console.print(f"[red]{len(err.problems)} problem(s) 处问题:[/red]")
        for p in err.problems:
            console.print(f"  • {p.render()}")
        raise typer.Exit(1) from None
    except (MartError, RefusedError) as err:
        Console(stderr=True).print(f"[red]{err.bilingual()}[/red]", highlight=False)
        raise typer.Exit(2) from None
    console.print(f"[green]OK: {len(m.metrics)} metrics 指标, {len(m.tags)} tags 标签, {len(m.dimension_list)} dimensions 维度[/green]")
