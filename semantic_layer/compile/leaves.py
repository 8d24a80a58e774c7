"""Leaf CTEs: one aggregation per (table, time column, period) group of simple and
snapshot metrics, one per conversion metric, one for customer counts.

Every leaf groups by the query's dimensions (and time bucket) on its own, so
measures from tables of different grain never fan out when combined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlglot import exp

from semantic_layer.compile.adhoc import ENTITY_CUSTOMER
from semantic_layer.compile.fields import OPERATORS, TAGS, FieldRef, filter_condition, resolve_field
from semantic_layer.compile.plan import (
    Context,
    Period,
    Plan,
    base_month,
    conversion_periods,
    on_result,
    snapshot_months,
)
from semantic_layer.compile.sqlparts import (
    col,
    date_lit,
    in_dates,
    qualify,
    snippet,
    tables_in,
    trunc,
)
from semantic_layer.compile.tags import CUSTOMER_ID, from_with_joins
from semantic_layer.errors import QueryError
from semantic_layer.model import Measure, Metric
from semantic_layer.query import CustomerRows, Filter

AGGREGATES = {
    "count": lambda e, p: exp.Count(this=e),
    "count_distinct": lambda e, p: exp.Count(this=exp.Distinct(expressions=[e])),
    "sum": lambda e, p: exp.Sum(this=e),
    "avg": lambda e, p: exp.Avg(this=e),
    "min": lambda e, p: exp.Min(this=e),
    "max": lambda e, p: exp.Max(this=e),
    "median": lambda e, p: exp.Median(this=e),
    "percentile": lambda e, p: exp.PercentileCont(this=e, expression=exp.Literal.number(p)),
    # rows per customer who has any: count(*) / count(distinct customer key)
    "per_customer": lambda e, p: exp.Div(this=exp.Cast(this=exp.Count(this=exp.Star()), to=exp.DataType.build("DOUBLE")),
                                         expression=exp.Nullif(this=exp.Count(this=exp.Distinct(expressions=[e])),
                                                               expression=exp.Literal.number(0))),
}


def aggregate(measure: Measure, target: exp.Expr) -> exp.Expr:
    """The aggregate call of a measure over ``target``."""
    return AGGREGATES[measure.agg](target, measure.percentile)


@dataclass
class Leaf:
    """A CTE and the metric columns it provides."""

    name: str
    select: exp.Select
    columns: list[str]
    needs_tags: bool = False
    extra_ctes: list[tuple[str, exp.Select]] = field(default_factory=list)
    support: str | None = None  # column: distinct customers behind each group (minimum group size)


def _snip(ctx: Context, sql: str, table: str) -> exp.Expr:
    """A snippet with the unqualified columns of ``table`` qualified."""
    return qualify(snippet(sql, ctx.as_of), table, ctx.model.tables[table].columns)


def _time_column(metric: Metric, table: str) -> exp.Expr:
    assert metric.time
    t, _, c = metric.time.rpartition(".")
    return col(c, t or table)


def _fields(plan: Plan, ctx: Context, table: str | None, metric: str) -> tuple[list[FieldRef], list[tuple[FieldRef, object]]]:
    dims = [resolve_field(ctx.model, d, table, metric) for d in plan.dims]
    filters = [(resolve_field(ctx.model, f.field, table, metric), f) for f in plan.leaf_filters()
               if not on_result(f.field, plan.query, ctx.model)]
    if ctx.role_filters:  # the asking role's row scope: always customer tags, never a same-named column
        if table is not None and ctx.model.tables[table].customer_key is None:
            raise QueryError(zh=f"“{metric}”的数据无法按您的数据范围限定,不能查询。",
                             en=f"'{metric}' cannot be limited to your data scope, so it cannot be queried.")
        filters += [(FieldRef(f.field, tag=ctx.model.tag(f.field)), f) for f in ctx.role_filters]
    return dims, filters


def customer_rows_condition(rows: CustomerRows, plan: Plan, ctx: Context, key: exp.Expr) -> exp.Expr:
    """``key`` is a customer whose own rows of ``rows.metric`` meet the condition: ``IN`` the
    customers whose total does, or — when a customer with no rows (0) meets it too —
    ``NOT IN`` the customers whose total does not."""
    from semantic_layer.compile.plan import period_for

    model = ctx.model
    metric = model.metric(rows.metric)
    m = metric.measure
    if metric.kind != "simple" or m is None or m.agg not in ("count", "count_distinct", "sum"):
        raise QueryError(zh=f"“{metric.label.zh}”不是按明细行计数或求和的指标,不能用来筛选客户。",
                         en=f"'{metric.label.en}' is not a count or sum over rows, so it cannot select customers.")
    table = m.table
    customer_key = model.tables[table].customer_key
    if customer_key is None:
        raise QueryError(zh=f"“{metric.label.zh}”的数据没有客户号,不能用来筛选客户。",
                         en=f"'{metric.label.en}' has no customer key, so it cannot select customers.")
    refs = [(resolve_field(model, f.field, table, metric.name), f) for f in rows.filters]
    if any(r.tag for r, _ in refs):
        raise QueryError(zh="按明细行筛选客户时,条件只能是这些明细行自己的字段。",
                         en="Conditions on the rows that select customers must be fields of those rows.")
    conds = [filter_condition(r, f, r.expression(ctx.as_of)) for r, f in refs]
    if m.where:
        conds.append(_snip(ctx, m.where, table))
    if rows.period == "query" and metric.time is not None:
        period = period_for(metric, plan.query, ctx, None)
        within = in_dates(_time_column(metric, table), period.start, period.end) if period.kind == "range" else None
        if within is not None:
            conds.append(within)
        elif period.kind != "range" and period.end is not None:
            conds.append(exp.LT(this=_time_column(metric, table), expression=date_lit(period.end + timedelta(days=1))))
    parts = [c for c in conds if c is not None]
    if m.expr != "*":
        parts.append(_snip(ctx, m.expr, table))
    own = col(customer_key, table)
    select = from_with_joins(model, table, set().union(*(tables_in(x) for x in parts)) if parts else set())
    select = select.select(own.copy(), copy=False).where(exp.Not(this=exp.Is(this=own.copy(), expression=exp.Null())), copy=False)
    for c in conds:
        if c is not None:
            select = select.where(c, copy=False)
    total = aggregate(m, exp.Star() if m.expr == "*" else _snip(ctx, m.expr, table))
    test = Filter(field=rows.metric, op=rows.op, value=rows.value)
    holds = OPERATORS[test.op](total, test.value)
    none_meets = rows.holds_for_none()
    select = select.group_by(own.copy(), copy=False).having(exp.Not(this=exp.Paren(this=holds)) if none_meets else holds, copy=False)
    inside = exp.In(this=key.copy(), query=select.subquery())
    return exp.Not(this=inside) if none_meets else inside


def _apply_fields(select: exp.Select, dims: list[FieldRef], filters: list, ctx: Context, key: exp.Expr | None,
                  plan: Plan | None = None, customer: exp.Expr | None = None) -> tuple[exp.Select, bool]:
    """Add dimension columns, filter conditions and the tag join (on ``key``, the rows'
    customer key); ``customer`` is that key where the rows are the customers themselves;
    return (select, used tags)."""
    used_tags = any(r.tag for r in dims) or any(r.tag for r, _ in filters)
    if used_tags and key is not None:
        select = select.join(TAGS, on=exp.EQ(this=col(CUSTOMER_ID, TAGS), expression=key.copy()), join_type="inner", copy=False)
    for r in dims:
        select = select.select(exp.alias_(r.expression(ctx.as_of), r.name), append=True, copy=False).group_by(r.expression(ctx.as_of))
    conds = [filter_condition(r, f, r.expression(ctx.as_of)) for r, f in filters]
    customer = customer if customer is not None else key
    if plan is not None and plan.query.customer_rows:
        if customer is None:
            raise QueryError(zh="这个指标的数据没有客户号,不能按客户的明细行筛选。",
                             en="This metric's rows have no customer key, so they cannot be limited by customers' own rows.")
        conds += [customer_rows_condition(rows, plan, ctx, customer) for rows in plan.query.customer_rows]
    if conds:
        select = select.where(exp.and_(*conds), copy=False)
    return select, used_tags


ROWS_BEHIND = "__rows"  # a leaf column: the rows a sum or an average is taken over
_OVER_ROWS = ("sum", "avg", "median", "min", "max", "percentile")


def counts_rows_behind(m: Metric) -> bool:
    """A sum or an average of a table's rows (not a month-end snapshot): how many rows it is over is shown too."""
    return m.kind == "simple" and m.measure is not None and m.measure.agg in _OVER_ROWS and m.measure.expr != "*"


TOTAL_BEHIND = "__total"  # a leaf column: the total an average of month-end rows divides


def totals_behind(m: Metric) -> bool:
    """An average of month-end rows (户均AUM = AUM / customers) or of the customers' own figures ("average
    deposit balance per customer"): its total is shown beside it — an amount's, not an age's."""
    return m.kind in ("snapshot", "customers") and m.measure is not None and m.measure.agg == "avg" and m.measure.where is None \
        and m.measure.expr != ENTITY_CUSTOMER and m.format == "currency"


def measure_leaf(name: str, metrics: list[Metric], plan: Plan, ctx: Context) -> Leaf:
    """Simple and snapshot metrics sharing a table, time column and period."""
    model = ctx.model
    first = metrics[0]
    assert first.measure
    table = first.measure.table
    period = plan.periods[first.name]
    parts = [_snip(ctx, m.measure.expr, table) for m in metrics if m.measure and m.measure.expr != "*"]
    parts += [_snip(ctx, m.measure.where, table) for m in metrics if m.measure and m.measure.where]
    dims, filters = _fields(plan, ctx, table, first.name)
    parts += [r.expression(ctx.as_of) for r in dims if r.dimension] + [r.expression(ctx.as_of) for r, _ in filters if r.dimension]
    time = _time_column(first, table) if first.time else None
    if time is not None:
        parts.append(time)
    select = from_with_joins(model, table, set().union(*(tables_in(p) for p in parts)) if parts else set())
    if plan.grain is not None:
        if time is None:
            raise QueryError(zh=f"指标 “{first.label.zh}” 是时点指标,不能按时间拆分。", en=f"'{first.label.en}' is a point-in-time figure and cannot be split by time.")
        # month-end figures alone by quarter or year ("total AUM at the end of each quarter"): each bucket is labelled by
        # the month it is read at (2025-03 for Q1), not the bucket's first month — beside flows, the buckets' starts join them
        read_at = first.kind == "snapshot" and plan.grain in ("quarter", "year") and all(m.kind == "snapshot" for m in plan.leaves)
        bucket = time.copy() if read_at else trunc(plan.grain, time)
        select = select.select(exp.alias_(bucket, plan.grain), copy=False).group_by(bucket.copy())
        select = select.where(exp.Not(this=exp.Is(this=time.copy(), expression=exp.Null())), copy=False)
    if first.kind == "snapshot":
        assert time is not None
        months = snapshot_months(period, plan.grain, ctx.as_of)
        select = select.where(exp.In(this=time.copy(), expressions=[date_lit(m) for m in months]), copy=False)
    elif time is not None and period.kind == "range":
        cond = in_dates(time, period.start, period.end)
        if cond is not None:
            select = select.where(cond, copy=False)
    customer_key = model.tables[table].customer_key
    key = col(customer_key, table) if customer_key else None
    select, used_tags = _apply_fields(select, dims, filters, ctx, key, plan)
    for m in metrics:
        assert m.measure
        target: exp.Expr = exp.Star() if m.measure.expr == "*" else _snip(ctx, m.measure.expr, table)
        agg: exp.Expr = aggregate(m.measure, target)
        counted: exp.Expr | None = exp.Count(this=target.copy()) if counts_rows_behind(m) else None
        if m.measure.where:  # FILTER, not WHERE: a group with no matching rows shows 0, not nothing
            agg = exp.Filter(this=agg, expression=exp.Where(this=_snip(ctx, m.measure.where, table)))
            counted = exp.Filter(this=counted, expression=exp.Where(this=_snip(ctx, m.measure.where, table))) if counted else None
        select = select.select(exp.alias_(agg, m.name), append=True, copy=False)
        if counted is not None:  # the rows a sum or an average is taken over, shown beside it
            select = select.select(exp.alias_(counted, f"{m.name}{ROWS_BEHIND}"), append=True, copy=False)
        if totals_behind(m):  # "户均AUM": the month-end total it divides, shown beside it
            select = select.select(exp.alias_(exp.Sum(this=target.copy()), f"{m.name}{TOTAL_BEHIND}"), append=True, copy=False)
    support = None
    if key is not None:  # the customers behind each group, for the minimum group size
        support = f"{name}__n"
        select = select.select(exp.alias_(exp.Count(this=exp.Distinct(expressions=[key.copy()])), support), append=True, copy=False)
    return Leaf(name, select, [m.name for m in metrics], used_tags, support=support)


def customers_leaf(metric: Metric, plan: Plan, ctx: Context) -> Leaf:
    """Distinct customers of the population as of D (the tag CTE is the population), or
    an ad-hoc aggregate of one of their numeric tags."""
    select = exp.select().from_(TAGS)
    dims, filters = _fields(plan, ctx, None, metric.name)
    select, _ = _apply_fields(select, dims, filters, ctx, None, plan, customer=col(CUSTOMER_ID, TAGS))
    m = metric.measure
    value: exp.Expr
    if m is None or m.expr == ENTITY_CUSTOMER:
        value = exp.Count(this=exp.Distinct(expressions=[col(CUSTOMER_ID, TAGS)]))
    else:
        value = aggregate(m, col(m.expr, TAGS))
    select = select.select(exp.alias_(value, metric.name), append=True, copy=False)
    if totals_behind(metric):
        assert m is not None
        select = select.select(exp.alias_(exp.Sum(this=col(m.expr, TAGS)), f"{metric.name}{TOTAL_BEHIND}"), append=True, copy=False)
    support = f"m_{metric.name}__n"
    select = select.select(exp.alias_(exp.Count(this=exp.Distinct(expressions=[col(CUSTOMER_ID, TAGS)])), support), append=True, copy=False)
    return Leaf(f"m_{metric.name}", select, [metric.name], needs_tags=True, support=support)


def _periods_cte(periods: list[tuple[date, date]]) -> exp.Select:
    rows = [exp.Tuple(expressions=[date_lit(s), date_lit(e + timedelta(days=1)), date_lit(base_month(s)), date_lit(s - timedelta(days=1))]) for s, e in periods]
    values = exp.Values(expressions=rows, alias=exp.TableAlias(this=exp.to_identifier("p"), columns=[exp.to_identifier(c) for c in ("period_start", "period_next", "base_month", "base_as_of")]))
    return exp.select("period_start", "period_next", "base_month", "base_as_of").from_(values)


def conversion_leaf(metric: Metric, plan: Plan, ctx: Context) -> Leaf:
    """Base population per period and the base customers who converted in it."""
    from semantic_layer.compile.tags import tag_ctes

    model = ctx.model
    assert metric.base and metric.converted
    period: Period = plan.periods[metric.name]
    periods = conversion_periods(period, plan.grain)
    n = metric.name
    p_cte, base_cte, conv_cte = f"{n}_periods", f"{n}_base", f"{n}_converted"
    extra: list[tuple[str, exp.Select]] = [(p_cte, _periods_cte(periods))]
    pcol = lambda c: col(c, p_cte)  # noqa: E731
    base = metric.base
    if base.snapshot_before:
        s = base.snapshot_before
        base_sel = (exp.select(exp.alias_(pcol("period_start"), "period_start"), exp.alias_(col(CUSTOMER_ID, s.table), CUSTOMER_ID))
                    .from_(p_cte).join(s.table, on=exp.EQ(this=col(s.time, s.table), expression=pcol("base_month")))
                    .where(_snip(ctx, s.where, s.table)))
    elif base.event_in_period:
        e = base.event_in_period
        t = col(e.time, e.table)
        on = exp.and_(exp.GTE(this=t.copy(), expression=pcol("period_start")), exp.LT(this=t.copy(), expression=pcol("period_next")))
        base_sel = (exp.select(exp.alias_(pcol("period_start"), "period_start"), exp.alias_(col(CUSTOMER_ID, e.table), CUSTOMER_ID), exp.alias_(exp.Min(this=t.copy()), "anchor"))
                    .from_(p_cte).join(e.table, on=on))
        if e.where:
            base_sel = base_sel.where(_snip(ctx, e.where, e.table), copy=False)
        base_sel = base_sel.group_by(pcol("period_start"), col(CUSTOMER_ID, e.table), copy=False)
    else:
        assert base.tag_before
        needed = [c.name for c in snippet(base.tag_before.where, ctx.as_of).find_all(exp.Column) if c.name in model.tags]
        selects = []
        for i, (start, _) in enumerate(periods):
            cte_name = f"{n}_tags_{i}"
            extra += tag_ctes(model, needed, start - timedelta(days=1), cte_name=cte_name, prefix=f"{n}_{i}_")
            cond = snippet(base.tag_before.where, ctx.as_of).transform(lambda node, c=cte_name: col(node.name, c) if isinstance(node, exp.Column) and not node.table else node)
            selects.append(exp.select(exp.alias_(date_lit(start), "period_start"), col(CUSTOMER_ID, cte_name)).from_(cte_name).where(cond))
        base_sel = selects[0]
        for s_ in selects[1:]:
            base_sel = exp.union(base_sel, s_, distinct=False)  # type: ignore[assignment]
    extra.append((base_cte, base_sel))
    conv_parts = []
    for ev in metric.converted.events:
        t = col(ev.time, ev.table)
        if metric.converted.within == "period":
            sel = exp.select(exp.alias_(pcol("period_start"), "period_start"), exp.alias_(col(CUSTOMER_ID, ev.table), CUSTOMER_ID)).from_(p_cte).join(
                ev.table, on=exp.and_(exp.GTE(this=t.copy(), expression=pcol("period_start")), exp.LT(this=t.copy(), expression=pcol("period_next"))))
        else:
            days = int(metric.converted.within)
            anchor = col("anchor", base_cte)
            on = exp.and_(
                exp.EQ(this=col(CUSTOMER_ID, ev.table), expression=col(CUSTOMER_ID, base_cte)),
                exp.GT(this=t.copy(), expression=anchor.copy()),
                exp.LTE(this=t.copy(), expression=exp.Add(this=anchor.copy(), expression=exp.Interval(this=exp.Literal.string(str(days)), unit=exp.Var(this="DAY")))),
            )
            sel = exp.select(exp.alias_(col("period_start", base_cte), "period_start"), exp.alias_(col(CUSTOMER_ID, base_cte), CUSTOMER_ID)).from_(base_cte).join(ev.table, on=on)
        if ev.where:
            sel = sel.where(_snip(ctx, ev.where, ev.table), copy=False)
        conv_parts.append(sel)
    conv_sel = conv_parts[0]
    for part in conv_parts[1:]:
        conv_sel = exp.union(conv_sel, part, distinct=False)  # type: ignore[assignment]
    conv_sel = exp.select("period_start", CUSTOMER_ID).from_(conv_sel.subquery("events")).distinct()
    extra.append((conv_cte, conv_sel))

    key = col(CUSTOMER_ID, base_cte)
    select = exp.select().from_(base_cte).join(
        conv_cte, on=exp.and_(exp.EQ(this=col("period_start", conv_cte), expression=col("period_start", base_cte)),
                              exp.EQ(this=col(CUSTOMER_ID, conv_cte), expression=key.copy())), join_type="left")
    if plan.grain is not None:
        select = select.select(exp.alias_(col("period_start", base_cte), plan.grain), copy=False).group_by(col("period_start", base_cte))
    dims, filters = _fields(plan, ctx, None, metric.name)
    select, used = _apply_fields(select, dims, filters, ctx, key, plan)
    select = select.select(
        exp.alias_(exp.Count(this=exp.Distinct(expressions=[key.copy()])), f"{n}__base"),
        exp.alias_(exp.Count(this=exp.Distinct(expressions=[col(CUSTOMER_ID, conv_cte)])), f"{n}__converted"),
        append=True,
    )
    return Leaf(f"m_{n}", select, [f"{n}__base", f"{n}__converted"], used, extra, support=f"{n}__base")


def build_leaves(plan: Plan, ctx: Context) -> list[Leaf]:
    groups: dict[tuple, list[Metric]] = {}
    leaves: list[Leaf] = []
    for leaf in plan.leaves:
        if leaf.kind in ("simple", "snapshot"):
            assert leaf.measure
            key = (leaf.measure.table, leaf.time, leaf.kind, plan.periods[leaf.name])
            groups.setdefault(key, []).append(leaf)
        elif leaf.kind == "customers":
            leaves.append(customers_leaf(leaf, plan, ctx))
        else:
            leaves.append(conversion_leaf(leaf, plan, ctx))
    for i, ((table, *_), metrics) in enumerate(groups.items()):
        name = f"m_{table}" if sum(1 for k in groups if k[0] == table) == 1 else f"m_{table}_{i}"
        leaves.append(measure_leaf(name, metrics, plan, ctx))
    return leaves

