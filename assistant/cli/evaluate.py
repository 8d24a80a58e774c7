"""``wenshu eval FILE``: execution accuracy by category and language."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

console = Console()


def eval_command(
    file: Annotated[Path, typer.Argument(help="JSON lines of questions with gold answers.")],
    db: Annotated[Path, typer.Option(help="DuckDB file.")] = Path("data/bank.duckdb"),
    model: Annotated[Path | None, typer.Option(help="Semantic model directory.")] = None,
    show_failures: Annotated[bool, typer.Option(help="List failed cases.")] = True,
    min_accuracy: Annotated[float, typer.Option(help="Exit 1 when overall accuracy is below this.")] = 0.0,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the report as JSON to this file.")] = None,
) -> None:
    """Score the assistant on an evaluation set. 评测问数的准确率。"""
    from assistant.answer import Assistant
    from assistant.evaluate import evaluate

    if not file.exists():
        raise typer.BadParameter(f"{file} not found / 找不到文件")
    assistant = Assistant.open(db, model)
    total = sum(1 for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Evaluating 评测中", total=total)
        report = evaluate(assistant, file, progress=lambda: progress.advance(task))
    for key, title in (("lang", "Language 语言"), ("category", "Category 类别")):
        table = Table(title=title)
        table.add_column(title)
        table.add_column("correct 正确")
        table.add_column("total 总数")
        table.add_column("accuracy 准确率")
        for k, (ok, n) in report.accuracy(key).items():
            table.add_row(k, str(ok), str(n), f"{ok / n:.1%}")
        console.print(table)
    console.print(f"[bold]Overall 总体: {report.overall:.1%} ({sum(r.ok for r in report.results)}/{len(report.results)})[/bold]")
    out = report.outcomes()
    console.print(f"answered but wrong 答错: {out['answered_wrong']} · not answered 未作答(澄清/拒答/出错): {out['not_answered']}")
    if json_out is not None:
        import json

        json_out.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    if show_failures:
        for r in report.results:
            if not r.ok:
                console.print(f"[red]✗ {r.id} [{r.category}/{r.lang}] {r.detail}[/red]", highlight=False)
    if report.overall < min_accuracy:
        raise typer.Exit(1)
