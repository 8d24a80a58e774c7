"""Small sqlglot building blocks shared by the compiler: literals, snippets, windows."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import sqlglot
from sqlglot import exp

GRAINS = ("day", "week", "month", "quarter", "year")


def date_lit(d: date) -> exp.Expr:
    return exp.cast(exp.Literal.string(d.isoformat()), exp.DataType.build("DATE"))


@lru_cache(maxsize=4096)
def _parse(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read="duckdb")


def parsed(sql: str) -> exp.Expr:
    """A model SQL snippet parsed once and shared: read it, never change it (``snippet`` copies)."""
    return _parse(sql)


@lru_cache(maxsize=4096)
def columns_of(sql: str) -> tuple[exp.Column, ...]:
    """The columns a model SQL snippet reads."""
    return tuple(_parse(sql).find_all(exp.Column))


def snippet(sql: str, as_of: date) -> exp.Expr:
    """A model SQL snippet as a fresh tree, with ``:as_of`` bound to a DATE literal."""
    tree = _parse(sql).copy()

    def bind(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder) and node.name == "as_of":
            return date_lit(as_of)
        return node

    return tree.transform(bind)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=False)


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def bucket_start(d: date, grain: str) -> date:
    if grain == "day":
        return d
    if grain == "week":
        return d - timedelta(days=d.weekday())
    if grain == "month":
        return d.replace(day=1)
    if grain == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return date(d.year, 1, 1)


def bucket_next(d: date, grain: str) -> date:
    """The start of the bucket after the one starting at ``d``."""
    step = {"day": lambda: d + timedelta(days=1), "week": lambda: d + timedelta(days=7),
            "month": lambda: add_months(d, 1), "quarter": lambda: add_months(d, 3),
            "year": lambda: date(d.year + 1, 1, 1)}
    return step[grain]()


def buckets(start: date, end: date, grain: str) -> list[tuple[date, date]]:
    """Inclusive (start, end) pieces of [start, end] cut at ``grain`` boundaries."""
    out = []
    b = bucket_start(start, grain)
    while b <= end:
        nxt = bucket_next(b, grain)
        out.append((max(b, start), min(nxt - timedelta(days=1), end)))
        b = nxt
    return out


def in_dates(column: exp.Expr, start: date | None, end: date | None) -> exp.Expr | None:
    """``start <= column < end + 1 day`` (works for DATE and TIMESTAMP columns)."""
    parts: list[exp.Expr] = []
    if start is not None:
        parts.append(exp.GTE(this=column.copy(), expression=date_lit(start)))
    if end is not None:
        parts.append(exp.LT(this=column.copy(), expression=date_lit(end + timedelta(days=1))))
    return exp.and_(*parts) if parts else None


def trunc(grain: str, column: exp.Expr) -> exp.Expr:
    """``CAST(DATE_TRUNC(grain, column) AS DATE)``."""
    return exp.cast(exp.DateTrunc(this=column.copy(), unit=exp.Literal.string(grain.upper())), exp.DataType.build("DATE"))


def tables_in(tree: exp.Expr) -> set[str]:
    return {c.table for c in tree.find_all(exp.Column) if c.table}


def and_all(parts: list[exp.Expr | None]) -> exp.Expr | None:
    kept = [p for p in parts if p is not None]
    return exp.and_(*kept) if kept else None


def qualify(tree: exp.Expr, table: str, columns: tuple[str, ...] | frozenset[str]) -> exp.Expr:
    """Give unqualified columns of ``table`` their table name, so joins never make them ambiguous."""

    def fix(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in columns:
            return col(node.name, table)
        return node

    return tree.transform(fix)
