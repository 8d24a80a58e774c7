"""``check_mart``: run every data-quality rule against a mart and report violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
from sqlglot import exp

from assistant.mart.errors import NotAMartError
from assistant.mart.rules import Rule, all_rules, key_expression
from assistant.mart.schema import TABLES

EXAMPLES = 5


@dataclass(frozen=True)
class Violation:
    """One failed rule: how many rows break it, and a few of their keys."""

    check: str
    table: str
    count: int
    message_en: str
    message_zh: str
    examples: tuple[str, ...] = field(default_factory=tuple)


def open_mart(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a mart read-only; ``NotAMartError`` if it is missing or lacks the mart tables."""
    path = Path(path)
    if not path.is_file():
        raise NotAMartError(
            zh=f"找不到数据集市文件:{path}。请先运行 `wenshu data generate --out {path}`。",
            en=f"No mart file at {path}. Run `wenshu data generate --out {path}` first.",
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    except duckdb.Error as err:
        raise NotAMartError(
            zh=f"{path} 不是 DuckDB 数据库文件({err.__class__.__name__})。请检查路径。",
            en=f"{path} is not a DuckDB database ({err.__class__.__name__}). Check the path.",
        ) from err
    missing = sorted(set(TABLES) - tables)
    if missing:
        con.close()
        raise NotAMartError(
            zh=f"{path} 不是问数数据集市:缺少表 {', '.join(missing)}。",
            en=f"{path} is not a wenshu mart: tables missing: {', '.join(missing)}.",
        )
    return con


@dataclass(frozen=True)
class _Job:
    """One SQL statement and the rules whose counts and example keys it returns, in order."""

    sql: str
    rules: tuple[Rule, ...]


def _examples(cond: exp.Expr | None = None) -> exp.Expr:
    """The first few bad keys: ``list(key ORDER BY key) [FILTER (WHERE cond)][1:EXAMPLES]``."""
    keys: exp.Expr = exp.maybe_parse("list(key ORDER BY key)", dialect="duckdb")
    if cond is not None:
        keys = exp.Filter(this=keys, expression=exp.Where(this=cond))
    window = exp.Slice(this=exp.Literal.number(1), expression=exp.Literal.number(EXAMPLES))
    return exp.Bracket(this=keys, expressions=[window])


def _query_job(rule: Rule) -> _Job:
    bad = exp.paren(exp.maybe_parse(rule.sql, dialect="duckdb")).as_("bad")
    query = exp.select("count(*)", _examples()).from_(bad)
    return _Job(query.sql(dialect="duckdb"), (rule,))


def _table_job(table: str, rules: list[Rule]) -> _Job:
    """All row-predicate rules of one table, answered by a single scan."""
    inner = exp.select(key_expression(table), "*").from_(table)
    columns: list[exp.Expr] = []
    for i, rule in enumerate(rules):
        cond = exp.condition(rule.where, dialect="duckdb")
        columns.append(exp.func("count_if", exp.func("coalesce", cond, exp.false())).as_(f"n{i}"))
        columns.append(_examples(cond).as_(f"k{i}"))
    query = exp.select(*columns).from_(exp.paren(inner).as_("t"))
    return _Job(query.sql(dialect="duckdb"), tuple(rules))


@lru_cache(maxsize=1)
def _jobs() -> tuple[_Job, ...]:
    rules = all_rules()
    by_table: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.where:
            by_table.setdefault(rule.table, []).append(rule)
    return tuple(
        [_query_job(r) for r in rules if r.sql] + [_table_job(t, rs) for t, rs in by_table.items()]
    )


def _rule_order() -> dict[tuple[str, str, str], int]:
    return {(r.name, r.table, r.en): i for i, r in enumerate(all_rules())}


def _violation(rule: Rule, count: int, keys: list[str] | None) -> Violation | None:
    if not count:
        return None
    return Violation(
        rule.name, rule.table, int(count), rule.en, rule.zh, tuple(keys or ())[:EXAMPLES]
    )


def check_mart(path: Path) -> list[Violation]:
    """Every violated rule (empty when the mart is clean); raises ``NotAMartError`` for a non-mart."""
    con = open_mart(path)
    try:
        found: list[Violation] = []
        for job in _jobs():
            row = con.execute(job.sql).fetchone()
            assert row is not None
            for i, rule in enumerate(job.rules):
                if (v := _violation(rule, row[2 * i], row[2 * i + 1])) is not None:
                    found.append(v)
        order = _rule_order()
        return sorted(found, key=lambda v: order[(v.check, v.table, v.message_en)])
    finally:
        con.close()
