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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
