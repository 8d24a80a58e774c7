"""Groups with no rows, for a ranking from the bottom ("which 3 branches have the fewest …").

A breakdown is computed from the rows that match: a branch none of whose customers match
has no row, so "the fewest" would be the fewest among branches that have any — a wrong
answer stated as fact. For a bottom-N of figures that count or add up (an empty group is
0, not unknown), the groups are taken from the population instead: every group of the
customer tag that the question's conditions on the group itself allow (its own values,
and attributes of the same rows — the branch's region or city), each with its figure or 0.

The population is compiled like any question (the asking role's row scope included), so
the SQL shown is the SQL run, and a group the role cannot see never appears.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlglot import exp

from semantic_layer.query import Filter, GroupBy, SemanticQuery

if TYPE_CHECKING:
    from semantic_layer.compile import CompiledQuery
    from semantic_layer.semantic_model import SemanticModel

ADDITIVE = ("count", "count_distinct", "sum")


def population_query(query: SemanticQuery, model: SemanticModel) -> SemanticQuery | None:
    """The query listing every group a bottom-N ranking should rank, or ``None`` when the
    query is no bottom-N of additive figures over one customer tag."""
    if query.limit is None or not query.order_by or query.order_by[0].direction != "asc" or query.order_by[0].field not in query.metric_names:
        return None
    if any(f.field in query.metric_names for f in query.filters):
        return None  # "among branches with at least one …": the groups with rows, as the figure's own condition says
    return _every_group(query, model)


def none_of_them(query: SemanticQuery, model: SemanticModel) -> tuple[SemanticQuery, SemanticQuery, Filter] | None:
    """"Which cities had no business-loan disbursements in 2025": the groups whose figure is 0 — the query without
    that condition, the query listing every group, and the condition; ``None`` for any other query."""
    zero = [f for f in query.filters if f.field in query.metric_names and f.op == "=" and f.value == 0]
    if len(zero) != 1 or len(query.metrics) != 1:
        return None
    rest = query.with_changes(filters=tuple(f for f in query.filters if f != zero[0]), order_by=(), limit=None)
    population = _every_group(rest, model)
    return (rest, population, zero[0]) if population is not None else None


def with_none(compiled: CompiledQuery, population: CompiledQuery, field: str, zero: Filter) -> CompiledQuery:
    """The groups of ``population`` for which ``compiled`` has no rows, or a figure of 0, in the group's order."""
    every = with_empty_groups(compiled, population, field)
    if every is compiled:
        return compiled
    outer = exp.select("*").from_(every.tree.subquery("every_group")).where(
        exp.EQ(this=exp.column(zero.field), expression=exp.Literal.number(0))).order_by(exp.column(field))
    return replace(compiled, tree=outer)


def _every_group(query: SemanticQuery, model: SemanticModel) -> SemanticQuery | None:
    """The population counted by the one customer tag ``query`` breaks down by, under the conditions on the group
    itself — when every figure of ``query`` counts or adds up (an empty group is 0, not unknown)."""
    dims = [g.field for g in query.group_by]
    if len(dims) != 1 or dims[0] == "time" or dims[0] not in model.tags:
        return None
    if query.share is not None or query.compare is not None or query.share_of_total or query.ratio:
        return None
    for ref in query.metrics:
        metric = model.metrics.get(ref) if isinstance(ref, str) else None
        if metric is None or metric.kind not in ("simple", "customers"):
            return None
        if metric.measure is None and metric.kind != "customers" or metric.measure is not None and metric.measure.agg not in ADDITIVE:
            return None
    population = next((m.name for m in model.metric_list if m.kind == "customers"), None)
    if population is None:
        return None
    field = dims[0]
    home = model.tag_table(field)
    own = tuple(f for f in query.filters if f.field == field or (home is not None and model.tag_table(f.field) == home))
    return SemanticQuery(metrics=(population,), group_by=(GroupBy(field=field),), filters=own, as_of=query.as_of)


def with_empty_groups(compiled: CompiledQuery, population: CompiledQuery, field: str) -> CompiledQuery:
    """``compiled`` ranked over every group of ``population``: the groups it has no row for
    count 0. The order and the limit are the original ones, applied after the join."""
    main = compiled.tree.copy()
    order, limit = main.args.get("order"), main.args.get("limit")
    main.set("order", None)
    main.set("limit", None)
    groups = population.tree.copy()
    groups.set("order", None)
    groups.set("limit", None)
    names = [e.alias_or_name for e in main.expressions]
    if field not in names or any(not n or n == "*" for n in names):  # a shape it cannot rank over (SELECT * of a wrapped query)
        return compiled
    outer = exp.select(*[
        exp.alias_(exp.column(n, table="p"), n) if n == field
        else exp.alias_(exp.func("COALESCE", exp.column(n, table="q"), exp.Literal.number(0)), n)
        for n in names
    ]).from_(groups.subquery("p"))
    outer = outer.join(main.subquery("q"), on=exp.NullSafeEQ(this=exp.column(field, table="p"), expression=exp.column(field, table="q")),
                       join_type="left")
    if order is not None:
        outer.set("order", order)
    if limit is not None:
        outer.set("limit", limit)
    return replace(compiled, tree=outer)


def with_empty_periods(compiled: CompiledQuery, query: SemanticQuery, model: SemanticModel) -> CompiledQuery:
    """A trend of figures that count or add up ("按月看经营贷放款金额") over every period of its range: a month
    with no rows is 0, not missing — a gap in the line would read as no data. Rates (nothing to divide) and
    month-end balances (no snapshot) are left as they are."""
    from semantic_layer.compile.sqlparts import bucket_start, buckets, date_lit

    if len(query.group_by) != 1 or query.group_by[0].field != "time" or query.limit or query.compare is not None \
            or query.share is not None or query.share_of_total or query.ratio or not compiled.columns or compiled.columns[0].role != "time":
        return compiled
    for ref in query.metrics:
        metric = model.metrics.get(ref) if isinstance(ref, str) else None
        if metric is None or metric.kind != "simple" or metric.measure is None or metric.measure.agg not in ADDITIVE:
            return compiled
    periods = {(p.start, p.end) for p in compiled.periods.values() if p.kind == "range"}
    if len(periods) != 1 or len(compiled.periods) != len(query.metrics) or None in next(iter(periods)):
        return compiled
    start, end = next(iter(periods))
    grain, key = query.group_by[0].grain or "month", compiled.columns[0].name
    starts = list(dict.fromkeys(bucket_start(a, grain) for a, _ in buckets(start, end, grain)))  # type: ignore[arg-type]
    if len(starts) > 400:  # a daily line over years: as it is
        return compiled
    main = compiled.tree.copy()
    main.set("order", None)
    names = [e.alias_or_name for e in main.expressions]
    if key not in names or any(not n or n == "*" for n in names):
        return compiled
    outer = _every_key(main, names, key, [date_lit(s) for s in starts], compiled)
    outer = outer.order_by(exp.Ordered(this=exp.column(key, table="b")), copy=False)
    return replace(compiled, tree=outer)


def _every_key(main: exp.Select, names: list[str], key: str, keys: list[exp.Expr], compiled: CompiledQuery) -> exp.Select:
    """``main`` (ordered by nothing) on every one of ``keys``: its figures that count or add up are 0 where it has no row."""
    additive = {c.name for c in compiled.columns if c.role in ("metric", "operand")}
    table = exp.Values(expressions=[exp.Tuple(expressions=[k]) for k in keys],
                       alias=exp.TableAlias(this=exp.to_identifier("b"), columns=[exp.to_identifier(key)]))
    outer = exp.select(*[
        exp.alias_(exp.column(n, table="b"), n) if n == key
        else exp.alias_(exp.func("COALESCE", exp.column(n, table="q"), exp.Literal.number(0)), n) if n in additive
        else exp.alias_(exp.column(n, table="q"), n)
        for n in names
    ]).from_(table)
    return outer.join(main.subquery("q"), on=exp.EQ(this=exp.column(key, table="b"), expression=exp.column(key, table="q")), join_type="left")


def with_named_groups(compiled: CompiledQuery, query: SemanticQuery, model: SemanticModel) -> CompiledQuery:
    """A breakdown over the values the question names ("上海和北京分别…", "the 2025 autumn deposit-gift
    campaign", shown as its row) has a row for each of them: one with no rows counts 0, never a missing row
    (an empty answer would read as "no such campaign"). Figures that count or add up only."""
    if len(query.group_by) != 1 or query.group_by[0].field == "time" or query.limit or query.compare is not None \
            or query.share is not None or query.share_of_total or query.ratio or query.own_conditions:
        return compiled
    field = query.group_by[0].field
    named = [f for f in query.filters if f.field == field and f.op in ("=", "in")]
    codes = [v for f in named for v in (f.value if isinstance(f.value, tuple) else (f.value,))]
    if len(named) != 1 or not codes or len(codes) > 20 or not all(isinstance(v, str) for v in codes):
        return compiled
    for ref in query.metrics:
        metric = model.metrics.get(ref) if isinstance(ref, str) else None
        if metric is None or metric.kind not in ("simple", "customers") or metric.measure is not None and metric.measure.agg not in ADDITIVE:
            return compiled
    main = compiled.tree.copy()
    order = main.args.get("order")
    main.set("order", None)
    names = [e.alias_or_name for e in main.expressions]
    if field not in names or any(not n or n == "*" for n in names):
        return compiled
    outer = _every_key(main, names, field, [exp.Literal.string(v) for v in dict.fromkeys(codes)], compiled)
    if order is not None:
        outer.set("order", order)
    return replace(compiled, tree=outer)
