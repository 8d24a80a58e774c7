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

from semantic_layer.query import GroupBy, SemanticQuery

if TYPE_CHECKING:
    from semantic_layer.compile import CompiledQuery
    from semantic_layer.semantic_model import SemanticModel

ADDITIVE = ("count", "count_distinct", "sum")


def population_query(query: SemanticQuery, model: SemanticModel) -> SemanticQuery | None:
    """The query listing every group a bottom-N ranking should rank, or ``None`` when the
    query is no bottom-N of additive figures over one customer tag."""
    dims = [g.field for g in query.group_by]
    if len(dims) != 1 or dims[0] == "time" or dims[0] not in model.tags or query.limit is None:
        return None
    if not query.order_by or query.order_by[0].direction != "asc" or query.order_by[0].field not in query.metric_names:
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
