"""Data-quality rules read from a semantic model: each rule finds the key of every bad row.

Nothing here knows the bank. From the model come, in this order:

- ``primary_key_unique``: a table's ``primary_key`` (or ``checks.key``) is unique;
- ``foreign_key``: every join's key, and every table's ``customer_key``, is found in the
  table it points to;
- ``code_domain``: a column is within the ``values`` declared by the fields (dimensions and
  customer tags) that read it plainly on its own table, or by ``checks.values``;
- ``required_value``: ``checks.not_null``;
- ``value_range``: ``checks.range`` (``min``, ``max``, ``above``);
- then each table's ``checks.rules`` as written (a bad-row ``where`` or a ``sql`` query).

Row predicates are run in one scan per table (see ``check.py``); a query rule yields one
column, ``key``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from semantic_layer.model import Range, Table
from semantic_layer.semantic_model import SemanticModel


@dataclass(frozen=True)
class Rule:
    """A named check: either a row predicate on ``table`` (``where``) or a full ``sql`` query."""

    name: str
    table: str
    en: str
    zh: str
    where: str = ""  # bad rows of ``table``; rules with a predicate are run in one scan per table
    sql: str = ""  # a query returning ``key`` for each bad row


def row_key(table: Table) -> tuple[str, ...]:
    """The columns that identify a row of ``table`` (empty when the model declares none)."""
    if table.checks.key:
        return table.checks.key
    return (table.primary_key,) if table.primary_key else ()


def key_expression(table: Table) -> exp.Expr:
    """The row key of ``table`` as one VARCHAR named ``key`` (``rowid`` when it has none)."""
    cols = [exp.cast(exp.column(c), "VARCHAR") for c in row_key(table)]
    if not cols:
        return exp.cast(exp.column("rowid"), "VARCHAR").as_("key")
    key = cols[0] if len(cols) == 1 else exp.func("concat_ws", exp.Literal.string("/"), *cols)
    return key.as_("key")


def _query(name: str, table: Table, query: exp.Select, en: str, zh: str) -> Rule:
    """A query rule over ``table`` whose ``query`` lacks only its select list (the key)."""
    return Rule(name, table.name, en, zh, sql=query.select(key_expression(table)).sql(dialect="duckdb"))


def _row(name: str, table: str, cond: exp.Expr, en: str, zh: str) -> Rule:
    return Rule(name, table, en, zh, where=cond.sql(dialect="duckdb"))


def _present_and_not_in(column: str, within: exp.Expr | list[exp.Expr]) -> exp.Expr:
    col = exp.column(column)
    found = col.isin(query=within) if isinstance(within, exp.Expr) else col.isin(*within)
    return exp.and_(col.is_(exp.null()).not_(), found.not_())


def unique_keys(model: SemanticModel) -> Iterator[Rule]:
    for t in model.table_list:
        if cols := row_key(t):
            names = "/".join(cols)
            query = exp.select().from_(t.name).group_by(*cols).having("count(*) > 1")
            yield _query("primary_key_unique", t, query, f"duplicate {names}", f"{names} 重复")


def references(model: SemanticModel) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column): the joins, then customer keys."""
    refs = [(j.table, j.keys[0], j.to, j.keys[1]) for j in model.join_list]
    if model.customer is not None:
        home = model.customer
        refs += [
            (t.name, t.customer_key, home.table, home.key)
            for t in model.table_list
            if t.customer_key and t.name != home.table
        ]
    return sorted(set(refs), key=refs.index)


def foreign_keys(model: SemanticModel) -> Iterator[Rule]:
    for table, col, ref, ref_col in references(model):
        within = exp.select(exp.column(ref_col)).from_(ref)
        query = exp.select().from_(table).where(_present_and_not_in(col, within))
        yield _query("foreign_key", model.tables[table], query,
                     f"{col} not found in {ref}.{ref_col}", f"{col} 在 {ref}.{ref_col} 中不存在")  # fmt: skip


def _plain_column(model: SemanticModel, expr: str, home: str) -> tuple[str, str] | None:
    """``(table, column)`` when ``expr`` is just a column of a model table, else None."""
    tree = sqlglot.parse_one(expr, read="duckdb")
    if not isinstance(tree, exp.Column):
        return None
    table = model.tables.get(tree.table or home)
    return (table.name, tree.name) if table and tree.name in table.columns else None


def domains(model: SemanticModel) -> dict[tuple[str, str], tuple[str, ...]]:
    """Allowed codes per (table, column): the ``values`` declared by every category field
    (dimension or customer tag) that is just that column, and ``checks.values``. A column's
    domain is the union of its declarations: a field on loans may list only loan products."""
    fields: list[tuple[str, str, dict[str, object]]] = [
        (d.table, d.expr, dict(d.values)) for d in model.dimension_list if d.type == "category"
    ]
    if model.customer is not None:
        fields += [(model.customer.table, t.expr, dict(t.values)) for t in model.tag_list
                   if t.type == "category" and t.expr]  # fmt: skip
    found: dict[tuple[str, str], list[str]] = {}
    for home, expr, values in fields:
        if values and (where := _plain_column(model, expr, home)):
            found.setdefault(where, []).extend(values)
    for t in model.table_list:
        for col, codes in t.checks.values.items():
            found.setdefault((t.name, col), []).extend(codes)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def code_domains(model: SemanticModel) -> Iterator[Rule]:
    for (table, col), values in domains(model).items():
        cond = _present_and_not_in(col, [exp.Literal.string(v) for v in values])
        yield _row("code_domain", table, cond, f"{col} outside its documented codes",
                   f"{col} 取值不在口径定义的代码表内")  # fmt: skip


def required_values(model: SemanticModel) -> Iterator[Rule]:
    for t in model.table_list:
        for col in t.checks.not_null:
            yield _row("required_value", t.name, exp.column(col).is_(exp.null()), f"{col} is NULL", f"{col} 为空")


def _number(x: float) -> exp.Expr:
    return exp.Literal.number(int(x) if float(x).is_integer() else x)


def _text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _outside(col: str, r: Range) -> tuple[exp.Expr, str, str]:
    """The bad-row condition of a range and its English and Chinese description."""
    c = exp.column(col)
    bad: list[exp.Expr] = []
    if r.min is not None:
        bad.append(c < _number(r.min))
    if r.above is not None:
        bad.append(c <= _number(r.above))
    if r.max is not None:
        bad.append(c > _number(r.max))
    low = r.min if r.min is not None else r.above
    if low is not None and r.max is not None:
        en, zh = f"{col} outside {_text(low)}-{_text(r.max)}", f"{col} 不在 {_text(low)}–{_text(r.max)} 之间"
        if r.above is not None:
            en, zh = f"{col} not above {_text(low)} or above {_text(r.max)}", f"{col} 不大于 {_text(low)} 或大于 {_text(r.max)}"
    elif r.min is not None:
        en, zh = f"{col} is below {_text(r.min)}", f"{col} 小于 {_text(r.min)}"
    elif r.above is not None:
        en, zh = f"{col} is not above {_text(r.above)}", f"{col} 不大于 {_text(r.above)}"
    else:
        assert r.max is not None
        en, zh = f"{col} is above {_text(r.max)}", f"{col} 大于 {_text(r.max)}"
    return exp.or_(*bad), en, zh


def value_ranges(model: SemanticModel) -> Iterator[Rule]:
    for t in model.table_list:
        for col, r in t.checks.range.items():
            cond, en, zh = _outside(col, r)
            yield _row("value_range", t.name, cond, en, zh)


def declared_rules(model: SemanticModel) -> Iterator[Rule]:
    for t in model.table_list:
        for r in t.checks.rules:
            yield Rule(r.name, t.name, r.message.en, r.message.zh, where=r.where or "", sql=r.sql or "")


RULE_SOURCES: tuple[Callable[[SemanticModel], Iterator[Rule]], ...] = (
    unique_keys,
    foreign_keys,
    code_domains,
    required_values,
    value_ranges,
    declared_rules,
)


def all_rules(model: SemanticModel) -> list[Rule]:
    """Every rule the model declares, structural first."""
    return [rule for source in RULE_SOURCES for rule in source(model)]
