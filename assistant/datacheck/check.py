"""``check_mart``: run every data-quality rule a semantic model declares against a database.

The rules come from the model (``assistant.datacheck.declared_rules``): the bank model by default, or
any user's model, so the same check governs the demo mart and imported data alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
from sqlglot import exp

from assistant.datacheck.declared_rules import Rule, all_rules, key_expression
from assistant.datacheck.errors import NotAMartError

if TYPE_CHECKING:
    from semantic_layer.semantic_model import SemanticModel

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


def _table_job(key: exp.Expr, table: str, rules: list[Rule]) -> _Job:
    """All row-predicate rules of one table, answered by a single scan."""
    inner = exp.select(key, "*").from_(table)
    columns: list[exp.Expr] = []
    for i, rule in enumerate(rules):
        cond = exp.condition(rule.where, dialect="duckdb")
        columns.append(exp.func("count_if", exp.func("coalesce", cond, exp.false())).as_(f"n{i}"))
        columns.append(_examples(cond).as_(f"k{i}"))
    query = exp.select(*columns).from_(exp.paren(inner).as_("t"))
    return _Job(query.sql(dialect="duckdb"), tuple(rules))


def _jobs(model: SemanticModel, rules: list[Rule]) -> tuple[_Job, ...]:
    by_table: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.where:
            by_table.setdefault(rule.table, []).append(rule)
    scans = [_table_job(key_expression(model.tables[t]), t, rs) for t, rs in by_table.items()]
    return tuple([_query_job(r) for r in rules if r.sql] + scans)


def _violation(rule: Rule, count: int, keys: list[str] | None) -> Violation | None:
    if not count:
        return None
    return Violation(
        rule.name, rule.table, int(count), rule.en, rule.zh, tuple(keys or ())[:EXAMPLES]
    )


def _run(con: duckdb.DuckDBPyConnection, job: _Job) -> tuple[Any, ...]:
    try:
        row = con.execute(job.sql).fetchone()
    except duckdb.Error as err:  # a column the model names is missing or of another type
        first = str(err).splitlines()[0]
        names = ", ".join(sorted({f"{r.table}.{r.name}" for r in job.rules}))
        raise NotAMartError(
            zh=f"无法执行数据检查 {names}:{first}。请让模型与数据库一致(wenshu model check --db …)。",
            en=f"Cannot run the check {names}: {first}. Make the model match the database "
            "(wenshu model check --db …).",
        ) from err
    assert row is not None
    return tuple(row)


def check_mart(con: duckdb.DuckDBPyConnection, model: SemanticModel | None = None) -> list[Violation]:
    """Every violated rule of ``model`` (the bank model by default) in the database ``con``
    (opened by ``assistant.audit.inspected`` with the model's tables); empty when the data is clean. Raises
    ``NotAMartError`` when a rule cannot run on it."""
    if model is None:
        from semantic_layer.load import load_model

        model = load_model(None)
    rules = all_rules(model)
    found: list[Violation] = []
    for job in _jobs(model, rules):
        row = _run(con, job)
        for i, rule in enumerate(job.rules):
            if (v := _violation(rule, row[2 * i], row[2 * i + 1])) is not None:
                found.append(v)
    rank = {(r.name, r.table, r.en): i for i, r in reversed(list(enumerate(rules)))}
    return sorted(found, key=lambda v: rank[(v.check, v.table, v.message_en)])
