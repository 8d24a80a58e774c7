"""The team store: saved answers, schedules, alert rules and runs in one SQL database.

A thin layer of SQLAlchemy Core statements. It knows nothing of users or permissions
(``assistant.store.saved`` decides who may do what) and hands out frozen records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Row, Table, delete, insert, select, update
from sqlalchemy.exc import OperationalError

from assistant.store import schema
from assistant.store.engine import make_engine, store_url
from assistant.store.migrate import upgrade
from assistant.store.records import AlertRule, Record, Result, Run, SavedAnswer, Schedule
from semantic_layer.errors import QueryError
from semantic_layer.query import SemanticQuery

R = TypeVar("R", bound=Record)
Cron = Schedule | AlertRule
CRON_TABLES: dict[type[Record], Table] = {Schedule: schema.schedules, AlertRule: schema.alert_rules}


def _saved(row: Row[Any]) -> SavedAnswer:
    data = row._asdict()
    data["query"] = SemanticQuery.model_validate(data.pop("semantic_query"))
    if data["last_result"] is not None:
        data["last_result"] = Result.model_validate(data["last_result"])
    return SavedAnswer.model_validate(data)


class Store:
    """One database (SQLite or PostgreSQL), upgraded to the newest schema when opened."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """The store at ``url`` (else ``WENSHU_STATE_URL``, else SQLite in the state directory)."""
        engine = make_engine(store_url(url))
        try:
            upgrade(engine)
        except OperationalError as exc:  # unreachable server, wrong password, unwritable file
            where = engine.url.render_as_string(hide_password=True)
            engine.dispose()
            reason = " ".join(str(exc.orig).split())[:300]
            raise QueryError(zh=f"无法打开团队存储 {where}:{reason}。请检查 WENSHU_STATE_URL 或 --store。",
                             en=f"Cannot open the team store {where}: {reason}. Check WENSHU_STATE_URL or --store.") from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ plumbing
    def _insert(self, table: Table, values: dict[str, Any]) -> Row[Any]:
        with self.engine.begin() as c:
            return c.execute(insert(table).values(**values).returning(*table.c)).one()

    def _rows(self, table: Table, *where: Any, order: Any = None, limit: int | None = None) -> list[Row[Any]]:
        statement = select(table).where(*where).order_by(order if order is not None else table.c.id).limit(limit)
        with self.engine.connect() as c:
            return list(c.execute(statement))

    def _delete(self, table: Table, item_id: int) -> bool:
        with self.engine.begin() as c:
            return c.execute(delete(table).where(table.c.id == item_id)).rowcount == 1

    def _one(self, table: Table, record: type[R], item_id: int) -> R | None:
        rows = self._rows(table, table.c.id == item_id)
        return record.model_validate(rows[0]._asdict()) if rows else None

    def _all(self, table: Table, record: type[R], saved_id: int | None) -> list[R]:
        where = () if saved_id is None else (table.c.saved_id == saved_id,)
        return [record.model_validate(r._asdict()) for r in self._rows(table, *where)]

    # ------------------------------------------------------------------ saved answers
    def add_saved(self, *, title: str, question: str, lang: str, owner: str | None, role: str,
                  query: SemanticQuery, model_version: str, result: Result, at: datetime) -> SavedAnswer:
        return _saved(self._insert(schema.saved_answers, {
            "title": title, "question": question, "lang": lang, "owner": owner, "role": role,
            "semantic_query": query.model_dump(mode="json", exclude_defaults=True), "model_version": model_version,
            "sql_fingerprint": result.sql_fingerprint, "created_at": at,
            "last_result": result.model_dump(mode="json"), "last_run_at": at,
        }))

    def saved(self, saved_id: int) -> SavedAnswer | None:
        rows = self._rows(schema.saved_answers, schema.saved_answers.c.id == saved_id)
        return _saved(rows[0]) if rows else None

    def all_saved(self) -> list[SavedAnswer]:
        return [_saved(r) for r in self._rows(schema.saved_answers)]

    def set_result(self, saved_id: int, result: Result, at: datetime) -> None:
        """Keep ``result`` as the saved answer's last, to compare the next run with."""
        table = schema.saved_answers
        with self.engine.begin() as c:
            c.execute(update(table).where(table.c.id == saved_id)
                      .values(last_result=result.model_dump(mode="json"), last_run_at=at))

    def delete_saved(self, saved_id: int) -> bool:
        """Delete a saved answer with its schedules, alert rules and runs."""
        return self._delete(schema.saved_answers, saved_id)

    # ------------------------------------------------------------------ schedules and alerts
    def add_schedule(self, *, saved_id: int, cron: str, timezone: str, destination: str, at: datetime) -> Schedule:
        row = self._insert(schema.schedules, {"saved_id": saved_id, "cron": cron, "timezone": timezone,
                                              "destination": destination, "created_at": at})
        return Schedule.model_validate(row._asdict())

    def schedule(self, schedule_id: int) -> Schedule | None:
        return self._one(schema.schedules, Schedule, schedule_id)

    def schedules(self, saved_id: int | None = None) -> list[Schedule]:
        return self._all(schema.schedules, Schedule, saved_id)

    def delete_schedule(self, schedule_id: int) -> bool:
        return self._delete(schema.schedules, schedule_id)

    def add_alert(self, *, saved_id: int, metric: str, condition: str, threshold: float, cron: str,
                  timezone: str, destination: str, at: datetime) -> AlertRule:
        row = self._insert(schema.alert_rules, {
            "saved_id": saved_id, "metric": metric, "condition": condition, "threshold": threshold,
            "cron": cron, "timezone": timezone, "destination": destination, "created_at": at})
        return AlertRule.model_validate(row._asdict())

    def alert(self, alert_id: int) -> AlertRule | None:
        return self._one(schema.alert_rules, AlertRule, alert_id)

    def alerts(self, saved_id: int | None = None) -> list[AlertRule]:
        return self._all(schema.alert_rules, AlertRule, saved_id)

    def delete_alert(self, alert_id: int) -> bool:
        return self._delete(schema.alert_rules, alert_id)

    def claim(self, item: Cron, fired_at: datetime) -> bool:
        """Mark ``item`` fired at ``fired_at`` unless another process already did since we
        read it: only the process whose update matched the old value runs it."""
        table = CRON_TABLES[type(item)]
        statement = (update(table).where(table.c.id == item.id, table.c.last_fired_at.is_not_distinct_from(item.last_fired_at))
                     .values(last_fired_at=fired_at))
        with self.engine.begin() as c:
            return c.execute(statement).rowcount == 1

    # ------------------------------------------------------------------ runs
    def add_run(self, *, saved_id: int, kind: str, at: datetime, status: str, delivered: bool,
                schedule_id: int | None = None, alert_id: int | None = None, fired: bool | None = None,
                error: str | None = None) -> Run:
        row = self._insert(schema.runs, {
            "saved_id": saved_id, "kind": kind, "at": at, "status": status, "delivered": delivered,
            "schedule_id": schedule_id, "alert_id": alert_id, "fired": fired, "error": error})
        return Run.model_validate(row._asdict())

    def runs(self, saved_id: int, limit: int = 20) -> list[Run]:
        """The newest ``limit`` runs of a saved answer, newest first."""
        table = schema.runs
        rows = self._rows(table, table.c.saved_id == saved_id, order=table.c.id.desc(), limit=limit)
        return [Run.model_validate(r._asdict()) for r in rows]
