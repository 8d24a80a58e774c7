"""``wenshu tags build``: materialise every customer tag as of a date into a table.

Queries read the table when it holds rows for their as-of date and compute tags
inline otherwise; both give identical results (tested).
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
from semantic_layer.semantic_model import SemanticModel
from semantic_layer.warehouse import TAGS_TABLE


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


def build_tags(db_path: Path, model: SemanticModel, dates: list[date], progress: Callable[[date], None] | None = None) -> TagBuildReport:
    """Replace the tag table's rows for ``dates`` with freshly computed tags."""
    started = time.perf_counter()
    names = [t.name for t in model.tag_list]
    con = duckdb.connect(str(db_path))
    try:
        rows = 0
        for d in dates:
            select = tags_select(model, names, d)
            with_date = exp.select(exp.alias_(date_lit(d), "as_of"), exp.Star()).from_(select.subquery("t"))
            exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TAGS_TABLE]).fetchone()
            if not exists or exists[0] == 0:
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
