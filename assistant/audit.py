"""The audit log (审计): one JSON line per question or query, on every route.

Append-only JSONL at ``WENSHU_AUDIT_LOG`` (default ``.wenshu/audit.jsonl``; ``off``
turns it off), or the ``audit_log`` table of the team database when one is configured
(``WENSHU_STATE_URL``, e.g. PostgreSQL): rows are only ever inserted. Each record: time,
user, role, route, question, semantic query, SQL fingerprint (sha256 of the SQL, not the
SQL), rows returned, suppressed groups, status, elapsed milliseconds. ``wenshu audit``
shows and filters it, from wherever it is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from semantic_layer.errors import RefusedError

if TYPE_CHECKING:
    import duckdb

    from assistant.answer import Answer
    from semantic_layer.access import Action, Role
    from semantic_layer.semantic_model import SemanticModel

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(".wenshu") / "audit.jsonl"
_LOCK = threading.Lock()


def team_url() -> str | None:
    """The team database the audit goes to, when one is configured and the log is not off."""
    if os.environ.get("WENSHU_AUDIT_LOG", "").strip().lower() in ("off", "none", "0"):
        return None
    return os.environ.get("WENSHU_STATE_URL", "").strip() or None


_ENGINES: dict[str, Any] = {}


def _engine(url: str) -> Any:
    """One engine per team database, its schema brought up to date once."""
    with _LOCK:
        if url not in _ENGINES:
            from assistant.store.store import Store

            _ENGINES[url] = Store.open(url).engine
        return _ENGINES[url]


def audit_path() -> Path | None:
    where = os.environ.get("WENSHU_AUDIT_LOG", "").strip()
    if where.lower() in ("off", "none", "0"):
        return None
    return Path(where) if where else DEFAULT_PATH


def operator() -> str:
    """Who runs a command on the database file itself (``wenshu data check``, ``model init``):
    ``WENSHU_USER``, else the login name."""
    import getpass

    return os.environ.get("WENSHU_USER", "").strip() or getpass.getuser()


def permitted(run: Run, role: Role, action: Action) -> Role:
    """``role``, when it may do ``action``; otherwise its refusal is raised. ``run`` (the audit
    record) learns the role, and the permission it lacks when refused."""
    run.role = role.name
    refused = role.refusal(action)
    if refused is not None:
        run.notes.append(refused.reason)
        raise refused.error
    return role


@dataclass
class Inspection:
    """A raw-file command past its role check: the audit record of the run, and the database
    opened read-only for it (closed when the ``with`` ends)."""

    run: Run
    con: duckdb.DuckDBPyConnection


@contextmanager
def inspected(*, user: str | None, roles: Path | None, model: Callable[[], SemanticModel], route: str,
              question: str, db: Path, tables: Sequence[str] = ()) -> Iterator[Inspection]:
    """The audited run of a command that reads the database file itself (every row, outside the
    semantic layer: ``wenshu data check``, ``wenshu model init``, ``wenshu model check --db``):
    with a roles file only a role that may inspect data and has no row scope gets past the
    ``with``; without one the person running it owns the file. Only then is ``db`` opened
    (read-only; ``NotAMartError`` when it is missing, not DuckDB, or lacks one of ``tables``).
    The user is ``--user``, else the login name (``operator``); ``model`` is loaded only when a
    roles file needs it."""
    from semantic_layer.access import Access

    who = user or operator()
    with audited(user=who, route=route, question=question, lang="zh") as run:
        access = Access.load(roles, model()) if roles is not None else Access()
        permitted(run, access.role_of(who), "inspect")
        con = _open_mart(db, tuple(tables))
        try:
            yield Inspection(run, con)
        finally:
            con.close()


def _open_mart(path: Path, tables: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """Open a database read-only; ``NotAMartError`` if it is missing, is not DuckDB, or lacks
    one of ``tables``. Only ``inspected`` calls it, after the role check."""
    import duckdb

    from assistant.datacheck.errors import NotAMartError
    from semantic_layer.runner import open_read_only

    path = Path(path)
    if not path.is_file():
        raise NotAMartError(
            zh=f"找不到数据库文件:{path}。演示数据请先运行 `wenshu data generate --out {path}`,"
            "自己的数据请先 `wenshu data import`。",
            en=f"No database file at {path}. Run `wenshu data generate --out {path}` (the demo data) "
            "or `wenshu data import` (your own) first.",
        )
    try:
        con = open_read_only(path)
        present = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    except duckdb.Error as err:
        raise NotAMartError(
            zh=f"{path} 不是 DuckDB 数据库文件({err.__class__.__name__})。请检查路径。",
            en=f"{path} is not a DuckDB database ({err.__class__.__name__}). Check the path.",
        ) from err
    missing = sorted(set(tables) - present)
    if missing:
        con.close()
        raise NotAMartError(
            zh=f"{path} 缺少模型中的表 {', '.join(missing)}。请检查文件或用 --model 指定它的模型。",
            en=f"{path} lacks the model's tables {', '.join(missing)}. "
            "Check the file, or name its model with --model.",
        )
    return con


def fingerprint(sql: str | None) -> str | None:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16] if sql else None


def record(*, user: str | None, role: str, route: str, question: str, answer: Any) -> dict[str, Any]:
    """The audit record of one answer (no result values, no personal data beyond the question)."""
    hidden = next((n for n in answer.notes if ("少于" in n or "fewer than" in n) and ("隐藏" in n or "hidden" in n)), None)
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user, "role": role, "route": route, "question": question[:2000],
        "semantic_query": answer.semantic_query, "sql_fingerprint": fingerprint(answer.sql),
        "rows": len(answer.rows), "suppressed": hidden is not None, "status": answer.status,
        "notes": [n for n in answer.notes if ":" in n or n.isidentifier()][:5], "elapsed_ms": answer.elapsed_ms,
    }


def append(entry: dict[str, Any], path: Path | None = None) -> None:
    """Append one record; an unwritable log is reported in the log, never to the asker."""
    url = team_url() if path is None else None
    if url is not None:
        try:
            _insert(url, entry)
            return
        except Exception:  # noqa: BLE001 - an unreachable team database must not lose the record
            log.exception("cannot write the audit log to the team database; writing the file instead")
    target = path if path is not None else audit_path()
    if target is None:
        return
    line = json.dumps(entry, ensure_ascii=False, default=str)
    try:
        with _LOCK:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8", errors="replace") as f:
                f.write(line + "\n")
    except OSError:
        log.exception("cannot write the audit log at %s", target)


def _insert(url: str, entry: dict[str, Any]) -> None:
    from sqlalchemy import insert

    from assistant.store.schema import audit_log

    row = {k: v for k, v in entry.items() if k != "time"}
    row["at"] = datetime.fromisoformat(entry["time"]) if entry.get("time") else datetime.now(UTC)
    row["semantic_query"] = json.loads(json.dumps(row.get("semantic_query"), ensure_ascii=False, default=str))
    with _engine(url).begin() as c:
        c.execute(insert(audit_log).values(**{col.name: row.get(col.name) for col in audit_log.columns if col.name != "id"}))


def _rows(url: str) -> Iterator[dict[str, Any]]:
    from sqlalchemy import select

    from assistant.store.schema import audit_log

    with _engine(url).connect() as c:
        for row in c.execute(select(audit_log).order_by(audit_log.c.id)):
            data = row._asdict()
            data.pop("id")
            yield {"time": data.pop("at").isoformat(timespec="seconds"), **data}


def read(path: Path | None = None) -> Iterator[dict[str, Any]]:
    url = team_url() if path is None else None
    if url is not None:
        yield from _rows(url)
        return
    target = path if path is not None else audit_path()
    if target is None or not target.exists():
        return
    with target.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                continue


@dataclass
class Run:
    """What one audited command sets while it runs: the role once known, the answer
    when it has one, a note saying why it was refused, rows written by an export."""

    question: str
    lang: str
    role: str = "default"
    answer: Answer | None = None
    notes: list[str] = field(default_factory=list)
    rows: int | None = None  # customers written (an export); default: the answer's rows


@contextmanager
def audited(*, user: str | None, route: str, question: str, lang: str) -> Iterator[Run]:
    """Append one audit record for the command run in the ``with`` block, whatever happens
    in it; the exception (a refusal, a user error, a bug) goes on to the caller."""
    from assistant.answer import Answer

    run = Run(question=question if isinstance(question, str) else "", lang=lang)
    started = time.perf_counter()
    status: Literal["answered", "refused", "error"] = "error"
    try:
        yield run
        status = "answered"
    except RefusedError:
        status = "refused"
        raise
    finally:
        answer = run.answer
        if answer is None or status != "answered":
            answer = Answer(
                status=status,
                lang="en" if lang == "en" else "zh",
                question=run.question[:2000],
            )
        answer.notes = [*answer.notes, *run.notes]
        answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        entry = record(
            user=user, role=run.role, route=route, question=run.question, answer=answer
        )
        if run.rows is not None:
            entry["rows"] = run.rows
        append(entry)
