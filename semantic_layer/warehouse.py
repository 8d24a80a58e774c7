"""A database plus a semantic model: finds the as-of date, compiles and runs queries.

All SQL goes through :class:`semantic_layer.runner.SafeRunner`, which validates it
and runs it on a read-only, locked-down DuckDB connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from pathlib import Path
from typing import TypeVar

from sqlglot import exp

from semantic_layer import disk_cache
from semantic_layer.compile import CompiledQuery, Context, compile_query
from semantic_layer.errors import QueryError
from semantic_layer.fingerprint import tags_fingerprint
from semantic_layer.guard import SqlPolicy
from semantic_layer.load import load_model
from semantic_layer.query import Filter, SemanticQuery
from semantic_layer.runner import QueryResult, SafeRunner
from semantic_layer.semantic_model import SemanticModel

T = TypeVar("T")
TAGS_TABLE = "wenshu_customer_tags"
TAGS_VERSION = "tags_version"  # the tags_fingerprint of the model the rows were built with


@dataclass(frozen=True)
class Answered:
    compiled: CompiledQuery
    result: QueryResult


def _to_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


class Warehouse:
    """Open ``db_path`` read-only with ``model`` (the bank model by default)."""

    def __init__(self, db_path: Path | str, model: SemanticModel | Path | str | None = None, *,
                 max_rows: int = 10_000, timeout_s: float = 30.0, role_filters: tuple[Filter, ...] = ()):
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise QueryError(zh=f"找不到数据库文件 {self.db_path}。请先运行 wenshu data generate。",
                             en=f"Database file {self.db_path} not found. Run `wenshu data generate` first.")
        self.model = model if isinstance(model, SemanticModel) else load_model(model)
        self.role_filters = role_filters
        try:
            self.runner = SafeRunner(self.db_path, self._policy(max_rows), timeout_s=timeout_s)
        except Exception as exc:  # not a DuckDB file, locked by a writer, …
            first = str(exc).splitlines()[0].replace(str(self.db_path), "<db>")
            raise QueryError(zh=f"无法打开数据库 {self.db_path}:{first}", en=f"Cannot open database {self.db_path}: {first}") from None
        self.default_as_of, self.data_start = self._data_window()
        self._tag_dates = self._materialized_dates()

    def _policy(self, max_rows: int) -> SqlPolicy:
        allowed = dict(self.model.allowed_columns())
        allowed[TAGS_TABLE] = frozenset(["as_of", TAGS_VERSION, "customer_id", *self.model.tags])
        return SqlPolicy(allowed_columns=allowed, pii_columns=self.model.pii_columns(), max_rows=max_rows)

    def _read_once(self, name: str, key: list[str], work: Callable[[], T], kind: type[T]) -> T:
        """``work()``, a fact read from the database file, kept between runs for the file as
        it is now (``SafeRunner.state``) and ``key``: the queries behind the as-of date and
        the fresh tag dates are a tenth of a second of every start."""
        state = self.runner.state
        return disk_cache.kept(name, None if state is None else [*state, *key], kind, work)

    def _data_window(self) -> tuple[date, date | None]:
        if self.model.as_of is None:
            return date.today(), None
        refs = list(self.model.as_of.max_of)
        high, low = self._read_once("data-window", refs, lambda: self._read_data_window(refs), tuple)
        return date.fromisoformat(high), date.fromisoformat(low) if low else None

    def _read_data_window(self, refs: list[str]) -> tuple[str, str | None]:
        """The last and first dates of the data (ISO), over every ``table.column`` in ``refs``."""
        spans: list[exp.Query] = []
        for ref in refs:  # one query for every table: one check, one round trip
            table, _, column = ref.partition(".")
            as_date = exp.cast(exp.column(column), exp.DataType.build("DATE"))
            spans.append(exp.select(exp.Min(this=as_date), exp.Max(this=as_date.copy())).from_(table))
        rows = self.runner.run(reduce(lambda a, b: exp.union(a, b, distinct=False), spans)).rows if spans else []
        lows = [_to_date(row[0]) for row in rows]
        highs = [_to_date(row[1]) for row in rows]
        high = max((d for d in highs if d), default=None)
        low = min((d for d in lows if d), default=None)
        if high is None:
            raise QueryError(zh="数据库里没有数据,无法确定统计日。", en="The database has no data, so there is no as-of date.")
        return high.isoformat(), low.isoformat() if low else None

    def _materialized_dates(self) -> set[date]:
        """Dates whose materialised tags are fresh: built with today's tag definitions."""
        version = tags_fingerprint(self.model)
        kept = self._read_once("tag-dates", [version], lambda: self._read_materialized_dates(version), list)
        return {date.fromisoformat(d) for d in kept}

    def _read_materialized_dates(self, version: str) -> list[str]:
        fresh = exp.EQ(this=exp.column(TAGS_VERSION), expression=exp.Literal.string(version))
        try:
            rows = self.runner.run(exp.select(exp.column("as_of")).from_(TAGS_TABLE).where(fresh).distinct()).rows
        except Exception:  # no materialised tags, or unstamped ones: compute inline
            return []
        return sorted({d.isoformat() for d in (_to_date(r[0]) for r in rows) if d})

    def context(self, as_of: date | None = None, scope: tuple[Filter, ...] | None = None) -> Context:
        """What the compiler needs: the as-of date, a fresh tag table if any, and the row
        scope of the asking role (the warehouse's own when none is given)."""
        d = as_of or self.default_as_of
        tags_table = TAGS_TABLE if d in self._tag_dates else None
        return Context(self.model, d, self.data_start, tags_table, self.role_filters if scope is None else scope)

    def compile(self, query: SemanticQuery, scope: tuple[Filter, ...] | None = None) -> CompiledQuery:
        return compile_query(query, self.context(query.as_of, scope))

    def run(self, query: SemanticQuery, scope: tuple[Filter, ...] | None = None) -> Answered:
        """Compile under ``scope`` (a role's row filters), validate and run."""
        compiled = self.compile(query, scope)
        return Answered(compiled, self.runner.run(compiled.tree))

    def distinct_values(self, table: str, expression: str) -> list[str]:
        """Distinct values of a model expression (for the parser's lexicon)."""
        from semantic_layer.compile.sqlparts import snippet, tables_in
        from semantic_layer.compile.tags import from_with_joins

        tree = snippet(expression, self.default_as_of)
        select = from_with_joins(self.model, table, tables_in(tree)).select(exp.alias_(tree, "v")).distinct().limit(5000)
        return sorted(str(r[0]) for r in self.runner.run(select).rows if r[0] is not None)

    def close(self) -> None:
        self.runner.close()
