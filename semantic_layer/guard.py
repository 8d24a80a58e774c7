"""The SQL guard: nothing reaches the database unless ``validate_sql`` accepts it.

``validate_sql`` parses one statement with sqlglot and runs ``RULES`` over it in order,
each a small function that raises ``UnsafeSQLError`` with a bilingual reason. The last
rule caps the row count with a LIMIT. A tree given instead of text is rendered and
parsed again, so what is checked is exactly the text the engine will see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError

from semantic_layer.errors import UnsafeSQLError
from semantic_layer.guard_columns import (
    ColumnRef,
    check_allowed_columns,
    check_identifiers,
    check_pii,
    qualified_copy,
    resolve_columns,
)
from semantic_layer.guard_functions import check_function
from semantic_layer.guard_syntax import check_syntax
from semantic_layer.guard_tables import check_star, check_table

log = logging.getLogger(__name__)

# Statements and clauses that write, change settings or leave the database.
FORBIDDEN_NODES: tuple[type[exp.Expr], ...] = (
    exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Alter,
    exp.TruncateTable, exp.Copy, exp.Export, exp.Attach, exp.Detach, exp.Install,
    exp.Command, exp.Pragma, exp.Set, exp.Use, exp.Transaction, exp.Commit, exp.Rollback,
    exp.Describe, exp.Summarize, exp.Show, exp.Analyze, exp.Cache, exp.Uncache,
    exp.Refresh, exp.LoadData, exp.Grant, exp.Revoke, exp.Kill, exp.Into, exp.Returning,
    exp.Lock,
)  # fmt: skip
STATEMENT_NAMES: dict[type[exp.Expr], str] = {exp.TruncateTable: "TRUNCATE"}
QUERY_ROOTS: tuple[type[exp.Expr], ...] = (exp.Select, exp.SetOperation)


def _frozen(mapping: Mapping[str, frozenset[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType(
        {table.lower(): frozenset(c.lower() for c in columns) for table, columns in mapping.items()}
    )


@dataclass(frozen=True)
class SqlPolicy:
    """What validated SQL may read. Names are compared lower-case, as DuckDB does.

    ``allowed_columns`` lists the tables that may be read and their columns; tables not
    listed are forbidden. ``pii_columns`` are readable too (they need not be repeated in
    ``allowed_columns``) but only to filter, group or count, or inside sha256()/md5().
    ``known_columns`` is every column the tables really have, allowed or not; it only
    makes name resolution match the engine's (``SafeRunner`` fills it in from the file).
    """

    allowed_columns: Mapping[str, frozenset[str]]
    pii_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    max_rows: int = 10_000
    dialect: str = "duckdb"
    pii_masked: bool = False  # a role whose column class allows hashed personal data
    known_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("allowed_columns", "pii_columns", "known_columns"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if self.max_rows < 1:
            raise ValueError("max_rows must be at least 1")

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.allowed_columns) | frozenset(self.pii_columns)

    def readable_columns(self) -> dict[str, frozenset[str]]:
        """Table -> columns a query may name (PII included; their use is checked apart)."""
        return {
            t: self.allowed_columns.get(t, frozenset()) | self.pii_columns.get(t, frozenset())
            for t in self.tables
        }

    def resolution_schema(self) -> dict[str, dict[str, str]]:
        """The schema sqlglot resolves names against (types are not needed)."""
        readable = self.readable_columns()
        return {
            t: dict.fromkeys(
                sorted(readable[t] | self.known_columns.get(t, frozenset())), "UNKNOWN"
            )
            for t in sorted(self.tables)
        }


@dataclass
class _Check:
    """One query under validation; the qualified copy is built once, when first needed."""

    tree: exp.Expr
    policy: SqlPolicy

    @cached_property
    def base_columns(self) -> list[ColumnRef]:
        schema = self.policy.resolution_schema()
        return resolve_columns(qualified_copy(self.tree, schema, self.policy.dialect))


def validate_sql(sql: str | exp.Expr, policy: SqlPolicy) -> exp.Query:
    """Return the query tree, LIMIT-capped, or raise ``UnsafeSQLError`` saying why not.

    The result is a SELECT or a set operation (UNION/INTERSECT/EXCEPT) of SELECTs.
    """
    text = _render(sql, policy.dialect) if isinstance(sql, exp.Expr) else sql
    check = _Check(_parse_one(text, policy.dialect), policy)
    for rule in RULES:
        try:
            rule(check)
        except UnsafeSQLError:
            raise
        except Exception:  # noqa: BLE001 - a rule that cannot decide must refuse
            log.warning("SQL guard rule %s failed", rule.__name__, exc_info=True)
            raise UnsafeSQLError(
                zh="无法完成这条 SQL 的安全检查，因此不会执行。",
                en=f"the safety check ({rule.__name__}) could not be completed, so the SQL "
                "was not run.",
            ) from None
    return cast(exp.Query, check.tree)  # check_read_only let only a query through


def _render(tree: exp.Expr, dialect: str) -> str:
    try:
        return tree.sql(dialect=dialect)
    except Exception:  # noqa: BLE001 - a tree sqlglot cannot render is refused
        raise UnsafeSQLError(
            zh="无法把这个查询树转换成 SQL 文本，因此不会执行。",
            en="could not render the query tree as SQL, so it was not run.",
        ) from None


def _parse_one(sql: str, dialect: str) -> exp.Expr:
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except Exception as exc:  # noqa: BLE001 - sqlglot can fail on odd input with any error
        reason = _parse_problem(exc)
        raise UnsafeSQLError(
            zh=f"无法解析这条 SQL（{reason}），因此不会执行。",
            en=f"could not parse the SQL ({reason}), so it was not run.",
        ) from None
    if len(statements) != 1:
        raise UnsafeSQLError(
            zh=f"只能提交恰好一条 SQL 语句，这里有 {len(statements)} 条。",
            en=f"exactly one SQL statement is allowed; found {len(statements)}.",
        )
    tree = statements[0]
    for node in tree.walk():
        node.pop_comments()  # comments are never needed and are re-rendered as text
    return tree


def check_read_only(check: _Check) -> None:
    """The statement is a query, and nothing inside it writes or changes settings."""
    offending = next(
        (node for node in check.tree.walk() if isinstance(node, FORBIDDEN_NODES)), None
    )
    if offending is None and isinstance(check.tree, QUERY_ROOTS):
        return
    kind = _statement_name(offending if offending is not None else check.tree)
    raise UnsafeSQLError(
        zh=f"只允许只读的 SELECT 查询，这里出现了 {kind}。",
        en=f"only read-only SELECT queries are allowed; found {kind}.",
    )


def check_tables(check: _Check) -> None:
    """Every table is a CTE in scope or an allow-listed table of this database."""
    for table in check.tree.find_all(exp.Table):
        check_table(table, check.policy.tables)


def check_stars(check: _Check) -> None:
    """``*`` may only expand over CTEs and subqueries, whose columns are explicit."""
    pii_tables = frozenset(t for t, columns in check.policy.pii_columns.items() if columns)
    for star in check.tree.find_all(exp.Star):
        check_star(star, pii_tables)


def check_functions(check: _Check) -> None:
    for node in check.tree.find_all(exp.Func):
        check_function(node)


def check_constructs(check: _Check) -> None:
    check_syntax(check.tree)


def check_names(check: _Check) -> None:
    check_identifiers(check.tree)


def check_columns(check: _Check) -> None:
    check_allowed_columns(check.base_columns, check.policy.readable_columns())


def check_personal_data(check: _Check) -> None:
    check_pii(check.base_columns, check.policy.pii_columns, check.policy.pii_masked)


def cap_rows(check: _Check) -> None:
    """Add ``LIMIT max_rows`` when missing; lower a larger one."""
    limit = check.tree.args.get("limit")
    rows = check.policy.max_rows
    if limit is not None:
        requested = _literal_row_count(limit)
        if requested is None:
            raise UnsafeSQLError(
                zh="LIMIT 必须是一个非负整数常量。",
                en="LIMIT must be a whole number (a non-negative integer constant).",
            )
        rows = min(requested, rows)
    check.tree.set("limit", exp.Limit(expression=exp.Literal.number(rows)))


Rule = Callable[[_Check], None]
RULES: tuple[Rule, ...] = (
    check_read_only,
    check_tables,
    check_stars,
    check_functions,
    check_constructs,
    check_names,
    check_columns,
    check_personal_data,
    cap_rows,
)


def _literal_row_count(limit: exp.Expr | None) -> int | None:
    if not isinstance(limit, exp.Limit | exp.Fetch):
        return None
    count = limit.args.get("expression") or limit.args.get("count")
    options = limit.args.get("limit_options")
    if options is not None and (options.args.get("percent") or options.args.get("with_ties")):
        return None
    if isinstance(count, exp.Literal) and not count.is_string and str(count.this).isdigit():
        return int(count.this)
    return None


def _parse_problem(error: Exception) -> str:
    """Where parsing stopped, without sqlglot's token dumps."""
    if isinstance(error, ParseError) and error.errors:
        first = error.errors[0]
        near = first.get("highlight") or ""
        return f"unexpected {near!r} at line {first.get('line')}, column {first.get('col')}"
    if isinstance(error, SqlglotError):
        return str(error).splitlines()[0][:120]
    return "the SQL parser failed on this text"


def _statement_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, exp.Column):  # a bare keyword such as CHECKPOINT
        return node.name.upper()
    return STATEMENT_NAMES.get(type(node), node.key.upper())
