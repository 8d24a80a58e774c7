"""``wenshu demo``: build the demo mart on first run, then start the chat page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()

SAMPLE_QUESTIONS = (
    "上个月各区域的存贷转化率是多少?",
    "高价值客户有多少?按城市看前五名",
    "What is the loan approval rate by channel this year?",
    "Which campaign channel has the highest uplift?",
)


def ensure_demo_mart(db: Path, customers: int = 20_000, seed: int = 42) -> None:
    """Generate the demo mart at ``db``, with its tag history, unless it already exists
    (with progress bars)."""
    if db.exists():
        return
    from assistant.cli.data import build_tag_history
    from demo_mart.generate import generate_mart

    db.parent.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]Building the demo data mart 正在生成演示数据集市 → {db}[/bold]")
    report = generate_mart(db, customers=customers, seed=seed, progress=True)
    build_tag_history(db, report.months, console)


def demo_command(
    db: Annotated[Path, typer.Option(help="Where the demo DuckDB file lives.")] = Path("data/bank.duckdb"),
    chat: Annotated[bool, typer.Option(help="Start the chat page after preparing the data.")] = True,
    host: Annotated[str, typer.Option(help="Chat page host.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Chat page port.")] = 8000,
) -> None:
    """Prepare the demo data and open the assistant. 准备演示数据并启动问数。"""
    ensure_demo_mart(db)
    if chat:
        from assistant.chat.server import serve

        code = serve(db=db, host=host, port=port)
        if code:
            raise typer.Exit(code)
        return
    from assistant.answer import Assistant
    from assistant.cli.ask import print_answer

    assistant = Assistant.open(db)
    for q in SAMPLE_QUESTIONS:
        console.rule(q)
        print_answer(assistant.ask(q, session=q))
    console.print('\nAsk your own 试试自己的问题: wenshu ask "上个月的贷款审批通过率是多少?"')
