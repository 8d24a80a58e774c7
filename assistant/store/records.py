"""What the store hands out: frozen records of saved answers, their results, schedules,
alert rules and runs. Rows of the tables become these, never the other way round."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from assistant.audit import fingerprint
from semantic_layer.query import SemanticQuery

if TYPE_CHECKING:
    from assistant.answer import Answer

Condition = Literal["below", "above", "change_pct", "change_pp"]
RunKind = Literal["manual", "schedule", "alert"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity (PostgreSQL refuses them): such a cell is unknown."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


class Result(Record):
    """One run's table, kept to compare with the next: raw rows, their display, and each
    column's name, label, format and role (``dimension``/``time`` columns key a row)."""

    columns: tuple[str, ...]
    labels: tuple[str, ...]
    formats: tuple[str, ...]
    roles: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    display: tuple[tuple[str, ...], ...]
    as_of: str | None = None
    period: str | None = None
    sql_fingerprint: str | None = None
    currency: dict[str, str] | None = None  # how its amounts read (the model's currency); None: yuan

    @classmethod
    def of(cls, answer: Answer) -> Result:
        from assistant.describe import answer_roles

        return cls(columns=tuple(answer.columns), labels=tuple(answer.column_labels),
                   formats=tuple(answer.column_formats), roles=tuple(answer_roles(answer)),
                   rows=tuple(tuple(_finite(v) for v in row) for row in answer.rows),
                   display=tuple(tuple(row) for row in answer.display),
                   as_of=answer.as_of, period=answer.period, sql_fingerprint=fingerprint(answer.sql),
                   currency=answer.currency)


class SavedAnswer(Record):
    id: int
    title: str
    question: str
    lang: Literal["zh", "en"]
    owner: str | None
    role: str
    query: SemanticQuery
    model_version: str
    sql_fingerprint: str | None
    created_at: datetime
    last_result: Result | None = None
    last_run_at: datetime | None = None


class Schedule(Record):
    """Push a saved answer to ``destination`` (a Slack channel id) on a cron."""

    id: int
    saved_id: int
    cron: str
    timezone: str
    destination: str
    created_at: datetime
    last_fired_at: datetime | None = None


class AlertRule(Record):
    """Check a saved answer on a cron; tell ``destination`` when ``metric`` crosses
    ``threshold`` (below/above) or moves more than it between runs (% or pp)."""

    id: int
    saved_id: int
    metric: str
    condition: Condition
    threshold: float
    cron: str
    timezone: str
    destination: str
    created_at: datetime
    last_fired_at: datetime | None = None


class Run(Record):
    """One run of a saved answer: by hand, by a schedule, or to check an alert."""

    id: int
    saved_id: int
    kind: RunKind
    at: datetime
    status: str
    delivered: bool
    schedule_id: int | None = None
    alert_id: int | None = None
    fired: bool | None = None
    error: str | None = None
