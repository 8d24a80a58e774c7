"""``wenshu tags build``: materialise every customer tag as of a date into a table.

Queries read the table when it holds rows for their as-of date built under the
model's current tag definitions (``tags_version``, :func:`tags_fingerprint`) and
compute tags inline otherwise; both give identical results (tested).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
from sqlglot import exp

from semantic_layer.compile.sqlparts import add_months, date_lit, month_start
from semantic_layer.compile.tags import tags_select
from semantic_layer.fingerprint import tags_fingerprint
from semantic_layer.semantic_model import SemanticModel
from semantic_layer.warehouse import TAGS_TABLE, TAGS_VERSION


@dataclass(frozen=True)
class TagBuildReport:
    dates: list[date]
    rows: int
    seconds: float


def month_ends(as_of: date, months: int) -> list[date]:
    """``as_of`` and the ``months - 1`` month-ends before it, oldest first."""
    out = [as_of]
    for i in range(1, months):
        out.append(add_months(month_start(as_of), -i + 1) - timedelta(days=1))
    return sorted(out)


def build_tag_history(db_path: Path, model: SemanticModel, months: int, as_of: date | None = None,
                      progress: Callable[[date], None] | None = None) -> TagBuildReport:
    """Tags as of ``as_of`` (default: the data's last date) and the ``months - 1``
    month-ends before it: what the segment finder reads for its history and for the
    customers' tags before past campaigns."""
    from semantic_layer.warehouse import Warehouse

    if as_of is None:
        wh = Warehouse(db_path, model)
        try:
            as_of = wh.default_as_of
        finally:
            wh.close()
    return build_tags(db_path, model, month_ends(as_of, months), progress)


def build_tags(db_path: Path, model: SemanticModel, dates: list[date], progress: Callable[[date], None] | None = None) -> TagBuildReport:
    """Replace the tag table's rows for ``dates`` with freshly computed tags, stamped with
    the model's tag fingerprint. A table from before the stamp is dropped first: nothing
    says which definitions its rows were computed with."""
    started = time.perf_counter()
    names = [t.name for t in model.tag_list]
    version = exp.alias_(exp.Literal.string(tags_fingerprint(model)), TAGS_VERSION)
    con = duckdb.connect(str(db_path))
    try:
        _drop_unstamped(con)
        rows = 0
        for d in dates:
            select = tags_select(model, names, d)
            with_date = exp.select(exp.alias_(date_lit(d), "as_of"), version.copy(), exp.Star()).from_(select.subquery("t"))
            if not _columns(con):
                create = exp.Create(this=exp.to_table(TAGS_TABLE), kind="TABLE", expression=with_date)
                con.execute(create.sql("duckdb"))
            else:
                delete = exp.delete(TAGS_TABLE, where=exp.EQ(this=exp.column("as_of"), expression=date_lit(d)))
                con.execute(delete.sql("duckdb"))
                con.execute(exp.insert(with_date, TAGS_TABLE).sql("duckdb"))
            count = con.execute(exp.select(exp.Count(this=exp.Star())).from_(TAGS_TABLE).where(
                exp.EQ(this=exp.column("as_of"), expression=date_lit(d))).sql("duckdb")).fetchone()
            rows += int(count[0]) if count else 0
            if progress:
                progress(d)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return TagBuildReport(dates, rows, time.perf_counter() - started)


def _columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tag table's columns (empty when there is no table)."""
    found = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [TAGS_TABLE]).fetchall()
    return {str(r[0]) for r in found}


def _drop_unstamped(con: duckdb.DuckDBPyConnection) -> None:
    columns = _columns(con)
    if columns and TAGS_VERSION not in columns:
        con.execute(exp.Drop(tables=[exp.to_table(TAGS_TABLE)], kind="TABLE").sql("duckdb"))
