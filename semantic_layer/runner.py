"""Run validated SQL on DuckDB through a locked-down, read-only connection.

Two walls, either one enough for writes and files: ``validate_sql`` refuses anything
but a safe SELECT, and the engine itself is opened read-only with external access,
extension loading and configuration changes switched off.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
from sqlglot import exp

from semantic_layer import disk_cache
from semantic_layer.errors import InternalError, QueryError, QueryTimeoutError, UnsafeSQLError
from semantic_layer.guard import SqlPolicy, validate_sql

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)
T = TypeVar("T")

# Applied when the database is opened, together with memory_limit, threads and
# lock_configuration (which stops any later SET, RESET or PRAGMA from undoing them).
Setting = str | bool | int | float | list[str]
LOCKED_SETTINGS: dict[str, Setting] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
}
_KNOWN_COLUMNS_SQL = (
    "SELECT table_name, column_name FROM duckdb_columns() "
    "WHERE database_name = current_database() AND schema_name = 'main'"
)
_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s\"']+")


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query; DECIMAL values are floats, dates stay ``datetime.date``."""

    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]
    elapsed_ms: float
    sql: str


def _plain_sequence(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [to_plain(v) for v in values]


# Python type -> conversion; types not listed are returned unchanged.
_CONVERSIONS: dict[type, Callable[[Any], Any]] = {
    Decimal: float,
    list: _plain_sequence,
    tuple: lambda t: tuple(_plain_sequence(t)),
    dict: lambda d: {k: to_plain(v) for k, v in d.items()},
}


def to_plain(value: Any) -> Any:
    """A JSON-friendly value: DECIMAL becomes float, also inside lists and structs."""
    convert = _CONVERSIONS.get(type(value))
    return convert(value) if convert else value


def open_read_only(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """The one way tools open a database file outside the answer path (its schema for a
    model check or a draft model, the data check): read-only, external access off, settings
    locked — as the runner's own connection, with its default limits."""
    return open_locked(Path(db_path), memory_limit="2GB", threads=2)


def open_locked(db_path: Path, *, memory_limit: str, threads: int) -> duckdb.DuckDBPyConnection:
    """Open ``db_path`` read-only with external access off and the configuration locked."""
    config: dict[str, Setting] = {
        **LOCKED_SETTINGS,
        "memory_limit": memory_limit,
        "threads": threads,
        "lock_configuration": True,
    }
    return duckdb.connect(str(db_path), read_only=True, config=config)


def database_state(db_path: Path) -> list[str] | None:
    """The database file and its write-ahead log as they are now (``disk_cache.file_state``),
    with the file's path: what is read from the file once and kept between runs is named
    by it, so a write to the file is a new name. None if the file cannot be read."""
    db = db_path.resolve()
    state = disk_cache.file_state(db, db.with_name(db.name + ".wal"))
    return None if state is None else [str(db), *state]


class SafeRunner:
    """Validates, then runs, queries on one read-only DuckDB file; safe to share between
    threads (each query gets its own cursor, and its own timeout)."""

    def __init__(
        self,
        db_path: Path,
        policy: SqlPolicy,
        *,
        memory_limit: str = "2GB",
        threads: int = 2,
        timeout_s: float = 30.0,
    ) -> None:
        self._connection = open_locked(Path(db_path), memory_limit=memory_limit, threads=threads)
        self.state = database_state(Path(db_path))  # open read-only, the file is not written meanwhile
        self._lock = threading.Lock()
        self._timeout_s = timeout_s
        self.policy = replace(policy, known_columns=self._known_columns())

    def run(self, sql: str | exp.Expr) -> QueryResult:
        """Validate ``sql`` (``UnsafeSQLError`` if refused), then run it."""
        tree = validate_sql(sql, self.policy)
        return self._execute_unchecked(tree.sql(dialect=self.policy.dialect))

    def run_frame(self, sql: str | exp.Expr) -> pd.DataFrame:
        """Validate ``sql`` exactly as :meth:`run` does, then fetch the rows column by
        column into a pandas DataFrame, without a Python tuple per row: for pulls of
        whole populations (the segment finder). DECIMAL columns arrive as float64."""
        tree = validate_sql(sql, self.policy)
        return self._guarded(tree.sql(dialect=self.policy.dialect), _fetch_frame)

    def run_reference(self, sql: str) -> QueryResult:
        """Run a trusted reference query — an evaluation set's gold SQL — on the same
        read-only, locked connection, without the column and function allow-list that
        user and model SQL pass. It must still be one SELECT. Never for text from a user
        or a model: those go through :meth:`run`."""
        return self._execute_unchecked(sql)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> SafeRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _execute_unchecked(self, sql: str) -> QueryResult:
        """Run SQL that skipped ``validate_sql``; it must still be one SELECT statement."""
        started = time.perf_counter()
        rows, description = self._guarded(sql, _fetch_rows)
        return QueryResult(
            columns=[d[0] for d in description],
            types=[str(d[1]).strip('"') for d in description],
            rows=rows,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            sql=sql,
        )

    def _guarded(self, sql: str, fetch: Callable[[duckdb.DuckDBPyConnection, str], T]) -> T:
        """Run one SELECT with ``fetch`` on a cursor of its own, under the timeout;
        engine errors become fixed, user-safe messages."""
        cursor = self._cursor()
        timer = threading.Timer(self._timeout_s, _interrupt, args=(cursor,))
        try:
            _require_one_select(cursor, sql)
            timer.start()
            return fetch(cursor, sql)
        except duckdb.InterruptException:
            raise self._timeout_error() from None
        except duckdb.Error as error:
            raise _engine_error(error) from None
        finally:
            timer.cancel()
            cursor.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            try:
                return self._connection.cursor()
            except duckdb.Error:
                raise InternalError(
                    zh="查询服务已关闭，请重新打开后再试。",
                    en="the query runner has been closed; open a new one and try again.",
                ) from None

    def _known_columns(self) -> dict[str, frozenset[str]]:
        """Every column of the database's tables, so names resolve as the engine does (kept
        between runs for the file as it is: the engine's catalogue query is a fiftieth of a
        second of every start)."""
        return disk_cache.kept("columns", self.state, dict, self._read_known_columns)

    def _read_known_columns(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for table, column in self._connection.execute(_KNOWN_COLUMNS_SQL).fetchall():
            found.setdefault(table.lower(), set()).add(column.lower())
        return {table: frozenset(columns) for table, columns in found.items()}

    def _timeout_error(self) -> QueryTimeoutError:
        seconds = f"{self._timeout_s:g}"
        return QueryTimeoutError(
            zh=f"查询超过 {seconds} 秒仍未完成，已被中止。请缩短时间范围或减少分组维度后再试。",
            en=f"the query ran longer than {seconds} s and was stopped; try a shorter period "
            "or fewer breakdowns.",
        )


def _fetch_rows(
    cursor: duckdb.DuckDBPyConnection, sql: str
) -> tuple[list[tuple[Any, ...]], list[Any]]:
    cursor.execute(sql)
    description = list(cursor.description or [])
    return [tuple(_plain_sequence(row)) for row in cursor.fetchall()], description


def _fetch_frame(cursor: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Arrow columns into pandas (strings stay Arrow-backed); DECIMAL becomes float64,
    as ``to_plain`` makes it a float for row results."""
    import pyarrow as pa

    table = cursor.sql(sql).to_arrow_table()
    columns = [c.cast(pa.float64()) if pa.types.is_decimal(c.type) else c for c in table.columns]
    return pa.table(columns, names=table.column_names).to_pandas()


def _interrupt(cursor: duckdb.DuckDBPyConnection) -> None:
    """Stop the cursor's running query (from the timer thread)."""
    try:
        cursor.interrupt()
    except duckdb.Error:  # the query finished and the cursor closed in the meantime
        log.debug("interrupt after the query ended", exc_info=True)


def _require_one_select(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
    """The engine's own reading of the text: exactly one SELECT statement."""
    statements = cursor.extract_statements(sql)
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise UnsafeSQLError(
            zh="只能执行恰好一条只读的 SELECT 语句。",
            en="exactly one read-only SELECT statement can be run.",
        )


def _engine_error(error: duckdb.Error) -> QueryError:
    """A fixed, user-safe message: the engine's own text (which may quote a value from the
    data) goes to the log only, with file paths removed."""
    detail = _PATH.sub("<path>", str(error).splitlines()[0] if str(error) else type(error).__name__)
    log.info("the database could not run a query (%s): %s", type(error).__name__, detail[:300])
    return QueryError(
        zh="数据库无法执行这条查询。请检查字段和筛选条件,或换一种问法。",
        en="the database could not run this query. Check the fields and filters, or rephrase the question.",
    )
