"""Compile a ``SemanticQuery`` into one sqlglot SELECT with named CTEs.

Pipeline: plan (leaves, periods) → tag CTEs → leaf CTEs → final SELECT joining the
leaves on the breakdown columns and computing ratios, derived metrics and shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlglot
from sqlglot import exp

from semantic_layer.compile.fields import TAGS, literal, resolve_field
from semantic_layer.compile.leaves import (
    ROWS_BEHIND,
    TOTAL_BEHIND,
    Leaf,
    build_leaves,
    counts_rows_behind,
    totals_behind,
)
from semantic_layer.compile.plan import Context, Period, Plan, build_plan, on_result
from semantic_layer.compile.sqlparts import col
from semantic_layer.compile.tags import tag_ctes
from semantic_layer.errors import QueryError
from semantic_layer.model import Currency, Label, Metric
from semantic_layer.query import SemanticQuery

__all__ = ["SUPPORT", "CompiledQuery", "Context", "OutputColumn", "compile_query"]

SUPPORT = "customers_behind"  # hidden column: distinct customers behind each row's figures


@dataclass(frozen=True)
class OutputColumn:
    name: str
    role: str  # "time" | "dimension" | "metric" | "operand" (a rate's numerator or denominator) | "share" | "ratio" | "base" | "baseline" | "change" | "change_pct" | "overall" | "difference" | "support"
    label: Label
    format: str = "text"


@dataclass(frozen=True)
class CompiledQuery:
    tree: exp.Select
    columns: list[OutputColumn]
    periods: dict[str, Period]
    as_of: date
    baseline_periods: dict[str, Period] = field(default_factory=dict)  # the compared-with period, if any

    def sql(self, dialect: str = "duckdb", pretty: bool = True) -> str:
        return self.tree.sql(dialect=dialect, pretty=pretty)


def _metric_expr(metric: Metric, ctx: Context, multi: bool) -> exp.Expr:
    model = ctx.model
    if metric.kind == "ratio":
        assert metric.numerator and metric.denominator
        num = _metric_expr(model.metric(metric.numerator), ctx, multi)
        den = _metric_expr(model.metric(metric.denominator), ctx, multi)
        return exp.Div(this=exp.cast(num, exp.DataType.build("DOUBLE")), expression=exp.func("NULLIF", den, exp.Literal.number(0)))
    if metric.kind == "derived":
        assert metric.expr
        tree = sqlglot.parse_one(metric.expr)
        return tree.transform(lambda n: exp.Paren(this=_metric_expr(model.metric(n.name), ctx, multi)) if isinstance(n, exp.Column) else n)
    if metric.kind == "conversion":
        return exp.Div(this=exp.cast(col(f"{metric.name}__converted"), exp.DataType.build("DOUBLE")),
                       expression=exp.func("NULLIF", col(f"{metric.name}__base"), exp.Literal.number(0)))
    ref: exp.Expr = col(metric.name)
    counts = metric.measure is None or metric.measure.agg in ("count", "count_distinct", "sum")
    if metric.kind != "customers" and metric.measure and counts or multi and metric.kind == "customers" and counts:
        ref = exp.func("COALESCE", ref, exp.Literal.number(0))  # an empty group counts 0
    return ref


def _label(plan: Plan, ctx: Context, name: str) -> Label:
    grain_labels = {"day": ("日期", "day"), "week": ("周", "week"), "month": ("月份", "month"), "quarter": ("季度", "quarter"), "year": ("年份", "year")}
    if name in grain_labels:
        zh, en = grain_labels[name]
        return Label(zh=zh, en=en)
    ref = resolve_field(ctx.model, name, None, plan.query.metric_names[0]) if name in ctx.model.tags else None
    if ref and ref.tag:
        return ref.tag.label
    for dims in ctx.model.dimensions.values():
        if name in dims:
            return dims[name].label
    return Label(zh=name, en=name)


def _final(plan: Plan, ctx: Context, leaves: list[Leaf]) -> tuple[exp.Select, list[OutputColumn]]:
    keys = ([plan.grain] if plan.grain else []) + plan.dims
    select = exp.select().from_(leaves[0].name)
    for leaf in leaves[1:]:
        if keys:
            select = select.join(leaf.name, using=tuple(keys), join_type="full outer", copy=False)
        else:
            select = select.join(leaf.name, join_type="cross", copy=False)
    columns: list[OutputColumn] = []
    for k in keys:
        select = select.select(col(k), append=True, copy=False)
        columns.append(OutputColumn(k, "time" if k == plan.grain else "dimension", _label(plan, ctx, k), "date" if k == plan.grain else "text"))
    multi = len(leaves) > 1
    exprs: dict[str, exp.Expr] = {}
    for name, m in plan.defs.items():
        exprs[name] = _metric_expr(m, ctx, multi)
        select = select.select(exp.alias_(exprs[name].copy(), name), append=True, copy=False)
        columns.append(OutputColumn(name, "metric", m.label, m.format))
    _parts(select, columns, plan, ctx, multi, {leaf.support for leaf in leaves if leaf.support})
    supports = [col(leaf.support) for leaf in leaves if leaf.support]
    if supports:  # the fewest customers behind any figure of the row (NULLs ignored)
        support = supports[0] if len(supports) == 1 else exp.func("LEAST", *supports)
        select = select.select(exp.alias_(support, SUPPORT), append=True, copy=False)
        columns.append(OutputColumn(SUPPORT, "support", Label(zh="客户数下限", en="customers behind"), "integer"))
    if plan.query.ratio_column:  # "理财余额占AUM的比例": the part over the whole, beside both
        part, whole = plan.query.metric_names
        ratio = exp.Div(this=exp.cast(exprs[part].copy(), exp.DataType.build("DOUBLE")),
                        expression=exp.func("NULLIF", exprs[whole].copy(), exp.Literal.number(0)))
        select = select.select(exp.alias_(ratio, plan.query.ratio_column), append=True, copy=False)
        a, b = plan.defs[part].label, plan.defs[whole].label
        columns.append(OutputColumn(plan.query.ratio_column, "ratio", Label(zh=f"{a.zh}占{b.zh}比例", en=f"{a.en} as a share of {b.en}"), "percent"))
    if plan.query.share_of_total:
        for name, m in plan.defs.items():
            if m.format == "percent" or m.kind in ("ratio", "conversion", "derived"):
                continue
            total = exp.Window(this=exp.Sum(this=exprs[name].copy()), over="OVER")
            share = exp.Div(this=exp.cast(exprs[name].copy(), exp.DataType.build("DOUBLE")), expression=exp.func("NULLIF", total, exp.Literal.number(0)))
            select = select.select(exp.alias_(share, f"{name}_share"), append=True, copy=False)
            columns.append(OutputColumn(f"{name}_share", "share", Label(zh=f"{m.label.zh}占比", en=f"share of {m.label.en}"), "percent"))
    return select, columns


_ROWS_LABEL = Label(zh="笔数", en="rows")
_CUSTOMERS_LABEL = Label(zh="客户数", en="customers")
_TOTAL_LABEL = Label(zh="合计(分子)", en="total (numerator)")
_CONVERSION_PARTS = (("converted", Label(zh="转化客户数", en="converted customers")),
                     ("base", Label(zh="基数客户数", en="base customers")))


def _total_of(name: str, m: Metric) -> list:
    """The total an average divides, as one more part shown beside it."""
    if not totals_behind(m):
        return []
    return [(f"{name}_total", exp.func("COALESCE", col(f"{name}{TOTAL_BEHIND}"), exp.Literal.number(0)), _TOTAL_LABEL, m.format, f"total of {name}")]


def _parts(select: exp.Select, columns: list[OutputColumn], plan: Plan, ctx: Context, multi: bool, supports: set[str]) -> None:
    """Beside each rate, what it divides: its numerator and denominator (the overdue loans
    and the outstanding loans behind 逾期率), so a rate is never shown without its base; beside
    each sum or average, the rows (or customers) it is taken over."""
    shown = {c.name for c in columns}
    # "how many … and their total amount": the count asked already says how many rows the total is over
    counted = {f"rows of {m.measure.table} {m.measure.where}" for m in plan.defs.values()
               if m.kind == "simple" and m.measure is not None and m.measure.agg == "count"}
    for name, m in plan.defs.items():
        if m.kind == "ratio":
            assert m.numerator and m.denominator
            parts = [(p, ctx.model.metric(p)) for p in (m.numerator, m.denominator)]
            named = [(p, _metric_expr(pm, ctx, multi), pm.label, pm.format, p) for p, pm in parts if pm.kind != "ratio"]
        elif counts_rows_behind(m):  # "平均每笔多少、合计多少": over how many rows
            assert m.measure
            rows = f"rows of {m.measure.table} {m.measure.where}"
            named = [(f"{name}_n", exp.func("COALESCE", col(f"{name}{ROWS_BEHIND}"), exp.Literal.number(0)), _ROWS_LABEL, "integer", rows)]
        elif m.kind == "customers" and m.measure is not None and m.measure.agg in ("avg", "median", "min", "max", "percentile", "sum") \
                and f"m_{name}__n" in supports:  # an average over customers: how many customers (and their total)
            named = [(f"{name}_n", col(f"m_{name}__n"), _CUSTOMERS_LABEL, "integer", "customers")] + _total_of(name, m)
        elif m.kind == "snapshot" and m.measure is not None and m.measure.agg in ("avg", "median") \
                and f"m_{m.measure.table}__n" in supports and ctx.model.tables[m.measure.table].customer_key:
            # "户均AUM": an average of the customers' month-end rows — over how many customers, and their total
            named = [(f"{name}_n", col(f"m_{m.measure.table}__n"), _CUSTOMERS_LABEL, "integer", "customers")] + _total_of(name, m)
        elif m.kind == "derived" and m.format == "percent":
            # "比对照组高多少" (uplift = campaign rate − control rate): the two rates it is the difference of
            assert m.expr
            parts = [(p, ctx.model.metric(p)) for p in dict.fromkeys(c.name for c in sqlglot.parse_one(m.expr).find_all(exp.Column))]
            named = [(p, _metric_expr(pm, ctx, multi), pm.label, pm.format, p) for p, pm in parts]
        elif m.kind == "conversion":
            named = [(f"{name}_{suffix}", exp.func("COALESCE", col(f"{name}__{suffix}"), exp.Literal.number(0)), label, "integer", f"{name} {suffix}")
                     for suffix, label in _CONVERSION_PARTS]
        else:
            continue
        for alias, expr, label, fmt, what in named:
            if alias in shown or what in counted:
                continue  # one count of the same rows or customers, beside the first figure over them
            shown.add(alias)
            counted.add(what)
            select.select(exp.alias_(expr, alias), append=True, copy=False)
            columns.append(OutputColumn(alias, "operand", label, fmt))


def _metric_filters(select: exp.Select, plan: Plan, ctx: Context) -> exp.Select:
    from semantic_layer.compile.fields import OPERATORS, filter_condition

    conds = []
    for f in plan.query.filters:
        if f in plan.post_filters:
            ref = resolve_field(ctx.model, f.field, None if f.field in ctx.model.tags else _table_of(plan, f.field), plan.query.metric_names[0])
            conds.append(filter_condition(ref, f, col(f.field)))
        elif is_metric_filter(f.field, plan.query, ctx):
            conds.append(OPERATORS[f.op](col(f.field), f.value))
    if not conds:
        return select
    return exp.select("*").from_(select.subquery("result")).where(exp.and_(*conds))


def _table_of(plan: Plan, field: str) -> str | None:
    return next((leaf.measure.table for leaf in plan.leaves if leaf.measure), None)


def is_metric_filter(field: str, query: SemanticQuery, ctx: Context) -> bool:
    """A filter on a requested metric applies to the result; otherwise to a field."""
    if field in query.metric_names:
        return on_result(field, query, ctx.model)
    if field in ctx.model.metrics and not ctx.model.field_names() & {field}:
        raise QueryError(zh=f"按指标 “{field}” 筛选时,需要同时查询该指标。", en=f"To filter on metric '{field}', ask for it too.")
    return False


def _order_limit(select: exp.Select, plan: Plan) -> exp.Select:
    q = plan.query
    order: list[exp.Ordered] = []
    keys = ([plan.grain] if plan.grain else []) + plan.dims
    allowed = set(q.metric_names) | set(keys) | ({"time"} if plan.grain else set())
    if q.share_of_total:
        allowed |= {f"{name}_share" for name in q.metric_names}
    if q.ratio_column:
        allowed.add(q.ratio_column)
    for o in q.order_by:
        if o.field not in allowed:  # only what the answer shows can order it, never a bare column name
            raise QueryError(zh=f"不能按 “{o.field}” 排序:它不在结果中。", en=f"Cannot order by '{o.field}': it is not in the result.",
                             suggestions=sorted(allowed))
        field = plan.grain if o.field == "time" and plan.grain else o.field
        order.append(exp.Ordered(this=col(field), desc=o.direction == "desc", nulls_first=False))
    if order:  # ties broken by the breakdown, so top-N is deterministic
        named = {o.field for o in q.order_by}
        order += [exp.Ordered(this=col(k)) for k in ([plan.grain] if plan.grain else []) + plan.dims if k not in named]
    if not order:
        if plan.grain:
            order.append(exp.Ordered(this=col(plan.grain)))
        if plan.dims:
            if plan.grain:
                order += [exp.Ordered(this=col(d)) for d in plan.dims]
            else:
                order.append(exp.Ordered(this=col(q.ratio_column or q.metric_names[0]), desc=True, nulls_first=False))
                order += [exp.Ordered(this=col(d)) for d in plan.dims]
    if order:
        select = select.order_by(*order, copy=False)
    if q.limit:
        select = select.limit(q.limit, copy=False)
    return select


def compile_query(query: SemanticQuery, ctx: Context) -> CompiledQuery:
    """Compile ``query`` against ``ctx.model`` as of ``ctx.as_of``; raises ``QueryError``."""
    from semantic_layer.compile.empty_groups import (
        none_of_them,
        population_query,
        with_empty_groups,
        with_empty_periods,
        with_named_groups,
        with_none,
    )

    none = none_of_them(query, ctx.model)
    if none is not None:  # "which cities had no business-loan disbursements": every city, those at 0
        rest, every, zero = none
        return with_none(_compile(rest, ctx), _compile(every, ctx), query.group_by[0].field, zero)
    compiled = _compile(query, ctx)
    population = population_query(query, ctx.model)
    if population is not None:  # "the 3 branches with the fewest …": branches with none count 0
        compiled = with_empty_groups(compiled, _compile(population, ctx), query.group_by[0].field)
    compiled = with_empty_periods(compiled, query, ctx.model)  # "按月看…": a month with none is 0
    if not ctx.role_filters:  # (a role sees only its own rows: a group it cannot see is not 0 for it)
        compiled = with_named_groups(compiled, query, ctx.model)  # "上海和北京分别…": a city named with none is 0
    return in_money_unit(compiled, query.money_unit, ctx.model.currency) if query.money_unit else compiled


MONEY_ROLES = ("metric", "baseline", "change", "base", "operand", "overall", "difference")
_UNIT_SIZES = {"yuan": ("", ""), "thousand": ("千", "thousand"), "ten_thousand": ("万", "10k"),
               "million": ("百万", "million"), "hundred_million": ("亿", "100M"), "billion": ("十亿", "billion")}


def unit_label(unit: str, currency: Currency) -> tuple[str, str]:
    """"万元" / "10k yuan" in the model's currency ("万欧元" / "10k euros")."""
    zh, en = _UNIT_SIZES[unit]
    return zh + currency.zh, f"{en} {currency.en}".strip()


def in_money_unit(compiled: CompiledQuery, unit: str, currency: Currency) -> CompiledQuery:
    """"用万元表示": every amount column divided by the unit (in SQL, so the figures, the
    table and the SQL shown agree), labelled with it."""
    from dataclasses import replace

    from semantic_layer.query import MONEY_UNITS

    money = {c.name for c in compiled.columns if c.format == "currency" and c.role in MONEY_ROLES}
    if not money:
        return compiled
    factor = exp.Literal.number(MONEY_UNITS[unit])
    tree = compiled.tree.copy()
    tree.set("expressions", [exp.alias_(exp.Div(this=exp.Paren(this=e.this), expression=factor.copy()), e.alias)
                             if isinstance(e, exp.Alias) and e.alias in money else e for e in tree.expressions])
    zh, en = unit_label(unit, currency)
    columns = [replace(c, format="number", label=Label(zh=f"{c.label.zh}({zh})", en=f"{c.label.en} ({en})")) if c.name in money else c
               for c in compiled.columns]
    return replace(compiled, tree=tree, columns=columns)


def _compile(query: SemanticQuery, ctx: Context) -> CompiledQuery:
    if query.as_of is not None and query.as_of != ctx.as_of:
        ctx = Context(ctx.model, query.as_of, ctx.data_start, None, ctx.role_filters)
    if query.time_range is not None and query.time_range.start is None:
        raise QueryError(zh="相对时间尚未换算成日期。", en="The relative time range has not been resolved to dates.")
    if query.own_conditions:
        from semantic_layer.compile.composite import compile_own_conditions

        return compile_own_conditions(query, ctx)
    if query.share is not None:
        from semantic_layer.compile.composite import compile_share

        return compile_share(query, ctx)
    if query.compare is not None:
        from semantic_layer.compile.composite import compile_compare

        return compile_compare(query, ctx)
    if query.benchmark is not None:
        from semantic_layer.compile.composite import compile_benchmark

        return compile_benchmark(query, ctx)
    ctx = _point_in_time_as_of(query, ctx)
    plan = build_plan(query, ctx)
    leaves = build_leaves(plan, ctx)
    ctes: list[tuple[str, exp.Select]] = []
    if any(leaf.needs_tags for leaf in leaves):
        tag_names = [d for d in plan.dims if d in ctx.model.tags and not _is_dimension_everywhere(plan, ctx, d)]
        tag_names += [f.field for f in (*plan.leaf_filters(), *ctx.role_filters)
                      if f.field in ctx.model.tags and f.field not in tag_names and not on_result(f.field, query, ctx.model)]
        tag_names += [leaf.measure.expr for leaf in plan.leaves
                      if leaf.kind == "customers" and leaf.measure and leaf.measure.expr in ctx.model.tags and leaf.measure.expr not in tag_names]
        if ctx.tags_table:
            cols = [col("customer_id"), *[col(t) for t in tag_names]]
            ctes.append((TAGS, exp.select(*cols).from_(ctx.tags_table).where(exp.EQ(this=col("as_of"), expression=literal(ctx.as_of.isoformat())))))
        else:
            ctes += tag_ctes(ctx.model, tag_names, ctx.as_of)
    for leaf in leaves:
        ctes += leaf.extra_ctes
        ctes.append((leaf.name, leaf.select))
    final, columns = _final(plan, ctx, leaves)
    final = _order_limit(_metric_filters(final, plan, ctx), plan)
    for name, cte in ctes:
        final = final.with_(name, as_=cte, copy=False)
    return CompiledQuery(final, columns, plan.periods, ctx.as_of)


def _point_in_time_as_of(query: SemanticQuery, ctx: Context) -> Context:
    """"2025年6月末的高价值客户数": a period on point-in-time metrics moves the as-of date
    to the period's end (never past D), so tags and the population are read then."""
    from semantic_layer.compile.plan import metric_leaves

    rng = query.time_range
    if rng is None or rng.end is None or any(g.field == "time" for g in query.group_by):
        return ctx
    from semantic_layer.compile.adhoc import resolve_metric

    leaves = [leaf for ref in query.metrics for leaf in metric_leaves(ctx.model, resolve_metric(ctx.model, ref))]
    if not any(leaf.kind == "customers" for leaf in leaves) or not all(leaf.kind in ("customers", "snapshot") for leaf in leaves):
        return ctx
    end = min(rng.end, ctx.as_of)
    if end == ctx.as_of:
        return ctx
    return Context(ctx.model, end, ctx.data_start, None, ctx.role_filters)


def _is_dimension_everywhere(plan: Plan, ctx: Context, name: str) -> bool:
    """True when every table leaf has its own dimension of this name (no tag needed)."""
    tables = [leaf.measure.table for leaf in plan.leaves if leaf.measure]
    return bool(tables) and len(tables) == len(plan.leaves) and all(name in ctx.model.dimensions.get(t, {}) for t in tables)
