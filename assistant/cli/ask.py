"""``wenshu ask``: questions in, answers out (rich tables, or JSON lines)."""

from __future__ import annotations

import json
import sys
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from assistant.answer import Answer, Assistant

DEFAULT_DB = Path("data/bank.duckdb")


def print_answer(answer: Answer) -> None:
    from rich.console import Console  # here: ``--json`` and ``--batch`` print no table
    from rich.table import Table

    console = Console()
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
    user: Annotated[str | None, typer.Option(envvar="WENSHU_USER", help="Ask as this user (their role's scope and limits). 用户")] = None,
    roles: Annotated[Path | None, typer.Option(envvar="WENSHU_ROLES", help="Roles and users file (docs/governance.md). 角色文件")] = None,
    save: Annotated[str | None, typer.Option("--save", help="Save the answer under this title (wenshu saved). 保存为")] = None,
    store: Annotated[str | None, typer.Option("--store", envvar="WENSHU_STATE_URL", help="Team store URL for --save (default: SQLite in .wenshu/). 团队存储")] = None,
) -> None:
    """Ask a question. 提问。 Options end at ``--``: wenshu ask -- "-1 is a question too"."""
    d = _parse_date(as_of)
    if question is None and batch is None:
        raise typer.BadParameter("give a question or --batch FILE / 请提供问题或 --batch 文件")
    if save is not None and batch is not None:
        raise typer.BadParameter("--save takes one question, not --batch / --save 只能保存单个问题的回答")
    from assistant.answer import Assistant  # the parser and the warehouse: only for asking
    from assistant.sessions import load_session, save_session

    assistant = Assistant.open(db, model, roles=roles)
    with closing(assistant.warehouse):  # closed here, not at the process's end (``assistant.cli.run``)
        if batch is not None:
            _run_batch(assistant, batch, d, user)
            return
        assert question is not None
        name = session or "__single"
        conv = load_session(session, user) if session else assistant.conversation(name, user)
        assistant.sessions[f"{user or ''}\x00{name}"] = conv
        from assistant.cli.progress import stage_status

        with stage_status() as progress:  # the stages of a target-segment search, on stderr
            answer = assistant.ask(question, session=name, as_of=d, user=user, route="cli", progress=progress)
        if session:
            save_session(session, conv, user)
        if as_json:
            sys.stdout.write(answer.model_dump_json() + "\n")
        else:
            print_answer(answer)
        if answer.status == "error":
            raise typer.Exit(1)
        if save is not None:
            _save(assistant, answer, save, user, store)


def _save(assistant: Assistant, answer: Answer, title: str, user: str | None, url: str | None) -> None:
    from rich.console import Console

    from assistant.cli.store_options import opened
    from assistant.store.saved import save_answer

    with opened(url) as store:
        saved = save_answer(store, assistant, answer, title, user)
    Console(stderr=True).print(f"已保存为 #{saved.id} “{saved.title}”,重新运行:wenshu saved run {saved.id}\n"
                               f"Saved as #{saved.id} '{saved.title}'; re-run it with: wenshu saved run {saved.id}", highlight=False)


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2025-12-31 / 日期格式应为 2025-12-31") from None


def _run_batch(assistant: Assistant, path: Path, as_of: date | None, user: str | None = None) -> None:
    """One JSON line out for every line in, whatever a line holds (bad JSON, invalid UTF-8,
    lone surrogates): a broken line gets a bilingual error of its own. Sessions are this
    run's own: a line cannot join another line's conversation unless it names it."""
    if not path.exists():
        raise typer.BadParameter(f"{path} not found / 找不到文件")
    import secrets

    run = secrets.token_hex(4)
    out = sys.stdout.buffer
    for n, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
            question = item["question"]
            if not isinstance(question, str):
                raise TypeError
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            _write(out, {"id": None, "line": n, "status": "error",
                         "message": "该行不是有效的 UTF-8 JSON,需要 {\"id\", \"question\"} / "
                                    "bad line: needs UTF-8 JSON with {\"id\", \"question\"}"})
            continue
        named = item.get("session")
        session = f"batch:{run}:{named}" if named else f"batch:{run}:line:{n}"
        answer = assistant.ask(question, session=str(session), as_of=as_of, user=user, route="batch")
        _write(out, {"id": item.get("id"), **answer.model_dump(mode="json")})


def _write(out: Any, record: dict) -> None:
    """One JSON line; characters that cannot be written (a lone surrogate in an id) become U+FFFD."""
    out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", errors="replace"))
    out.flush()
