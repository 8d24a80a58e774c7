"""``wenshu ask``: questions in, answers out (rich tables, or JSON lines)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.answer import Answer, Assistant
from assistant.sessions import load_session, save_session

DEFAULT_DB = Path("data/bank.duckdb")
console = Console()


def _print(answer: Answer) -> None:
    style = {"answered": "green", "clarify": "yellow", "refused": "red", "error": "red"}[answer.status]
    console.print(f"[bold {style}]{answer.message}[/bold {style}]")
    if answer.status == "clarify":
        for o in answer.options:
            console.print(f"  {o.number}. {o.label}")
        return
    if answer.status != "answered":
        return
    table = Table(show_lines=False)
    for label in answer.column_labels:
        table.add_column(label)
    for row in answer.display[:50]:
        table.add_row(*row)
    console.print(table)
    if len(answer.display) > 50:
        console.print(f"… {len(answer.display) - 50} more rows")
    for d in answer.definitions:
        console.print(f"[dim]{d['label']}: {d['definition']}[/dim]")
    console.print(f"[dim]{'期间' if answer.lang == 'zh' else 'Period'}: {answer.period}  ·  {answer.elapsed_ms} ms[/dim]")


def ask_command(
    question: Annotated[str | None, typer.Argument(help="The question, in Chinese or English. 问题")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question.")] = False,
    session: Annotated[str | None, typer.Option(help="Conversation name; follow-ups continue it (kept in .wenshu/). 会话名")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As-of date YYYY-MM-DD (default: last date in the data).")] = None,
    db: Annotated[Path, typer.Option(help="DuckDB file.")] = DEFAULT_DB,
    model: Annotated[Path | None, typer.Option(help="Semantic model directory (default: the bank model).")] = None,
    batch: Annotated[Path | None, typer.Option(help='JSON lines {"id", "question", "session"?}; writes one JSON line each.')] = None,
) -> None:
    """Ask a question. 提问。"""
    d = _parse_date(as_of)
    if question is None and batch is None:
        raise typer.BadParameter("give a question or --batch FILE / 请提供问题或 --batch 文件")
    assistant = Assistant.open(db, model)
    if batch is not None:
        _run_batch(assistant, batch, d)
        return
    assert question is not None
    name = session or "__single"
    conv = load_session(session) if session else assistant.conversation(name)
    assistant.sessions[name] = conv
    answer = assistant.ask(question, session=name, as_of=d)
    if session:
        save_session(session, conv)
    if as_json:
        sys.stdout.write(answer.model_dump_json() + "\n")
    else:
        _print(answer)
    if answer.status == "error":
        raise typer.Exit(1)


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2025-12-31 / 日期格式应为 2025-12-31") from None


def _run_batch(assistant: Assistant, path: Path, as_of: date | None) -> None:
    if not path.exists():
        raise typer.BadParameter(f"{path} not found / 找不到文件")
    out = sys.stdout
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question = str(item["question"])
        except (ValueError, KeyError, TypeError):
            out.write(json.dumps({"id": None, "line": n, "status": "error",
                                  "message": "bad JSON line: needs {\"id\", \"question\"} / 该行不是有效的 JSON"}, ensure_ascii=False) + "\n")
            continue
        session = str(item.get("session") or f"__batch_{n}")
        answer = assistant.ask(question, session=session, as_of=as_of)
        record = {"id": item.get("id"), **answer.model_dump(mode="json")}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
