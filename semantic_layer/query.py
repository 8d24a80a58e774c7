"""``SemanticQuery``: the one thing a parser or an LLM produces.

A frozen pydantic value: metrics, group-bys (with time grain), filters, a time
range (absolute, or relative to the as-of date), share-of-total, order and limit.
It never contains SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Grain = Literal["day", "week", "month", "quarter", "year"]
Operator = Literal["=", "!=", "in", "not_in", ">", ">=", "<", "<=", "between", "is_null", "not_null"]
Scalar = str | int | float | bool


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupBy(Frozen):
    """A breakdown: a dimension or tag name, or ``time`` with a grain."""

    field: str
    grain: Grain | None = None

    @model_validator(mode="after")
    def _time_needs_grain(self) -> GroupBy:
        if self.field == "time" and self.grain is None:
            raise ValueError("grouping by time needs a grain (day, week, month, quarter, year)")
        return self


class Filter(Frozen):
    """``field op value``: equality, sets, ranges, comparisons, nulls; ``!=``/``not_in`` negate."""

    field: str
    op: Operator = "="
    value: Scalar | tuple[Scalar, ...] | None = None

    @model_validator(mode="after")
    def _value_shape(self) -> Filter:
        v = self.value
        if self.op in ("in", "not_in") and not isinstance(v, tuple):
            object.__setattr__(self, "value", (v,))
        elif self.op == "between" and not (isinstance(v, tuple) and len(v) == 2):
            raise ValueError("'between' needs two values")
        elif self.op in ("is_null", "not_null") and v is not None:
            raise ValueError(f"'{self.op}' takes no value")
        elif self.op not in ("in", "not_in", "between", "is_null", "not_null") and (v is None or isinstance(v, tuple)):
            raise ValueError(f"'{self.op}' needs one value")
        return self


class TimeRange(Frozen):
    """Inclusive dates. ``relative`` keeps the words (e.g. "上个月", "last quarter") so a
    saved answer re-resolves them against fresh data; ``start``/``end`` are then filled
    at run time."""

    start: date | None = None
    end: date | None = None
    relative: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.relative is None and (self.start is None or self.end is None):
            raise ValueError("a time range needs start and end, or a relative expression")
        if self.start and self.end and self.start > self.end:
            raise ValueError("time range start is after its end")
        return self


class OrderBy(Frozen):
    field: str
    direction: Literal["asc", "desc"] = "desc"


class SemanticQuery(Frozen):
    """A validated analytic request over the semantic model."""

    metrics: tuple[str, ...] = Field(min_length=1)
    group_by: tuple[GroupBy, ...] = ()
    filters: tuple[Filter, ...] = ()
    time_range: TimeRange | None = None
    as_of: date | None = None
    share_of_total: bool = False
    order_by: tuple[OrderBy, ...] = ()
    limit: int | None = Field(default=None, ge=1, le=10_000)

    def with_changes(self, **changes: object) -> SemanticQuery:
        """A copy with some fields replaced, validated again."""
        data = self.model_dump()
        data.update(changes)
        return SemanticQuery.model_validate(data)
