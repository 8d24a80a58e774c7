"""Queries made of two plain queries joined on their breakdown: a share of a base
(part / base), a period-over-period comparison (current vs baseline) and a part set
against the whole (benchmark).

Each side is compiled by :func:`compile_query` on its own, so each is exactly the
plain answer to its own question; this module only joins them and derives the
ratio or the change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlglot import exp

from semantic_layer.compile.fields import literal, normalize_value, resolve_field
from semantic_layer.compile.plan import Context
from semantic_layer.compile.sqlparts import add_months, col, month_start
from semantic_layer.errors import NotInDataError, QueryError
from semantic_layer.model import Label
from semantic_layer.query import SemanticQuery, TimeRange, metric_name

DOUBLE = exp.DataType.build("DOUBLE")


def _ratio(num: exp.Expr, den: exp.Expr) -> exp.Expr:
    return exp.Div(this=exp.cast(num, DOUBLE), expression=exp.func("NULLIF", den, exp.Literal.number(0)))


def _leaf_table(query: SemanticQuery, ctx: Context) -> str | None:
    """The table of the query's first metric's rows (None: the customer population)."""
    from semantic_layer.compile.adhoc import resolve_metric
    from semantic_layer.compile.plan import metric_leaves

    leaf = metric_leaves(ctx.model, resolve_metric(ctx.model, query.metrics[0]))[0]
    return leaf.measure.table if leaf.measure and leaf.kind != "customers" else None


def _keys(columns: list) -> list[str]:
    return [c.name for c in columns if c.role in ("time", "dimension")]


def _join(select: exp.Select, left: str, right: exp.Expr, alias: str, keys: list[str], kind: str) -> exp.Select:
    """Join subquery ``right`` (aliased ``alias``) on the breakdown keys, NULL matching NULL."""
    if not keys:
        return select.join(right, join_type="cross", copy=False)
    on = exp.and_(*[exp.NullSafeEQ(this=col(k, left), expression=col(k, alias)) for k in keys])
    return select.join(right, on=on, join_type=kind, copy=False)


def _plain(query: SemanticQuery) -> SemanticQuery:
    return query.with_changes(share=None, compare=None, order_by=(), limit=None)


def _sharable(query: SemanticQuery, ctx: Context) -> None:
    from semantic_layer.compile.adhoc import resolve_metric

    for ref in query.metrics:
        metric = resolve_metric(ctx.model, ref)
        adds_up = metric.kind == "customers" and (metric.measure is None or metric.measure.agg == "count_distinct") or (
            metric.kind in ("simple", "snapshot") and metric.measure is not None and metric.measure.agg in ("count", "count_distinct", "sum"))
        if not adds_up:
            raise QueryError(
                zh=f"“{metric.label.zh}”本身是比率或平均数,不能再算“占比”;占比适用于人数、笔数和金额。",
                en=f"'{metric.label.en}' is already a rate or an average; a share applies to counts and amounts.",
            )


def compile_share(query: SemanticQuery, ctx: Context):  # -> CompiledQuery
    """part / base for every metric: "理财客户里女性占几成", "each branch's share of dormant customers"."""
    from semantic_layer.compile import CompiledQuery, OutputColumn, compile_query

    assert query.share is not None
    _sharable(query, ctx)
    plain = _plain(query)
    base_q = plain if query.share.within == "group" else plain.with_changes(group_by=())
    part_q = plain.with_changes(filters=plain.filters + query.share.part, customer_rows=plain.customer_rows + query.share.rows)
    base, part = compile_query(base_q, ctx), compile_query(part_q, ctx)
    keys = _keys(part.columns)
    if query.share.within == "group":  # every group of the base, 0 where no row is in the part
        select = _join(exp.select().from_(base.tree.subquery("base")), "base", part.tree.subquery("part"), "part", keys, "left")
        key_side = "base"
    else:  # each part group over the one total
        select = _join(exp.select().from_(part.tree.subquery("part")), "part", base.tree.subquery("base"), "base", [], "cross")
        key_side = "part"
    columns = [c for c in part.columns if c.role in ("time", "dimension")]
    for k in keys:
        select = select.select(exp.alias_(col(k, key_side), k), append=True, copy=False)
    for f in query.share.part:  # "高价值客户占比": the part's one value, as a column of its own
        values = f.value if isinstance(f.value, tuple) else (f.value,)
        if f.op in ("=", "in") and len(values) == 1 and values[0] is not None and f.field not in keys:
            ref = resolve_field(ctx.model, f.field, _leaf_table(part_q, ctx), part_q.metric_names[0])
            code = normalize_value(ref, values[0])
            select = select.select(exp.alias_(literal(code), f.field), append=True, copy=False)
            columns.append(OutputColumn(f.field, "part", ref.label, "text"))
    _support(select, columns, [("base", base), ("part", part)])
    for name in query.metric_names:
        label = next(c.label for c in part.columns if c.name == name)
        fmt = next(c.format for c in part.columns if c.name == name)
        part_value = exp.func("COALESCE", col(name, "part"), exp.Literal.number(0))
        select = select.select(
            exp.alias_(_ratio(part_value, col(name, "base")), f"{name}_share"),
            exp.alias_(part_value.copy(), name),
            exp.alias_(col(name, "base"), f"{name}_base"),
            append=True, copy=False)
        columns += [
            OutputColumn(f"{name}_share", "share", Label(zh=f"{label.zh}占比", en=f"share of {label.en}"), "percent"),
            OutputColumn(name, "metric", label, fmt),
            OutputColumn(f"{name}_base", "base", Label(zh=f"{label.zh}(基数)", en=f"{label.en} (base)"), fmt),
        ]
    select = _order_limit(select, query, columns, default=f"{query.metric_names[0]}_share")
    return CompiledQuery(select, columns, part.periods, part.as_of, baseline_periods={})


# -- figures with conditions of their own --------------------------------------------

_OP_WORDS = {"=": "=", "!=": "≠", ">": ">", ">=": "≥", "<": "<", "<=": "≤", "in": "=", "not_in": "≠", "between": "∈",
             "is_null": "=∅", "not_null": "≠∅"}


def _number(v: object) -> str:
    return f"{v:,.10g}" if isinstance(v, float) else str(v)


def _condition_label(ctx: Context, query: SemanticQuery, filters: tuple) -> Label:
    """"贷款余额>0" / "loan balance > 0": the conditions a figure alone is counted under."""
    zh, en = [], []
    table = _leaf_table(query, ctx)
    for f in filters:
        ref = resolve_field(ctx.model, f.field, table, query.metric_names[0])
        values = f.value if isinstance(f.value, tuple) else (() if f.value is None else (f.value,))
        shown = [ref.values.get(str(v)) for v in values]
        vz = "/".join(x.zh if x else _number(v) for x, v in zip(shown, values, strict=True))
        ve = "/".join(x.en if x else _number(v) for x, v in zip(shown, values, strict=True))
        if f.op == "between":
            vz = ve = f"{_number(values[0])}–{_number(values[1])}"
        if isinstance(f.value, bool):
            zh.append(ref.label.zh if f.value else f"非{ref.label.zh}")
            en.append(ref.label.en if f.value else f"not {ref.label.en}")
            continue
        op = _OP_WORDS[f.op]
        zh.append(f"{ref.label.zh}{op}{vz}")
        en.append(f"{ref.label.en} {op} {ve}".strip())
    return Label(zh="、".join(zh), en=", ".join(en))


def compile_own_conditions(query: SemanticQuery, ctx: Context):  # -> CompiledQuery
    """Figures counted under conditions of their own beside figures without them: "按年龄段看贷款余额，
    各段有多少人有贷款余额". The figures without are one plain query; each figure with is the plain
    query of that figure with its conditions added; they are joined on the breakdown, every group
    of the first kept (a group where none meets the condition counts 0)."""
    from semantic_layer.compile import CompiledQuery, OutputColumn, compile_query

    own = {c.metric: c.filters for c in query.own_conditions}
    plain = query.with_changes(own_conditions=(), order_by=(), limit=None)
    rest = plain.with_changes(metrics=tuple(m for m in query.metrics if metric_name(m) not in own))
    main = compile_query(rest, ctx)
    sides = {name: compile_query(plain.with_changes(metrics=tuple(m for m in query.metrics if metric_name(m) == name),
                                                    filters=plain.filters + own[name]), ctx) for name in own}
    keys = _keys(main.columns)
    select = exp.select().from_(main.tree.subquery("main"))
    for i, name in enumerate(sides):
        select = _join(select, "main", sides[name].tree.subquery(f"own{i}"), f"own{i}", keys, "left")
    columns = [c for c in main.columns if c.role in ("time", "dimension")]
    for k in keys:
        select = select.select(exp.alias_(col(k, "main"), k), append=True, copy=False)
    _support(select, columns, [("main", main)] + [(f"own{i}", side) for i, side in enumerate(sides.values())])
    side_alias = {name: f"own{i}" for i, name in enumerate(sides)}
    for name in query.metric_names:
        if name not in own:
            select = select.select(exp.alias_(col(name, "main"), name), append=True, copy=False)
            columns.append(next(c for c in main.columns if c.name == name))
            continue
        c = next(c for c in sides[name].columns if c.name == name)
        value: exp.Expr = col(name, side_alias[name])
        if c.format != "percent":
            value = exp.func("COALESCE", value, exp.Literal.number(0))
        cond = _condition_label(ctx, plain.with_changes(metrics=(name,)), own[name])
        select = select.select(exp.alias_(value, name), append=True, copy=False)
        columns.append(OutputColumn(name, "metric", Label(zh=f"{c.label.zh}({cond.zh})", en=f"{c.label.en} ({cond.en})"), c.format))
    for alias, side in [("main", main)] + [(side_alias[n], s) for n, s in sides.items()]:
        for c in side.columns:  # what a rate divides, the customers behind an average: beside their figure
            if c.role == "operand" and all(c.name != x.name for x in columns):
                select = select.select(exp.alias_(col(c.name, alias), c.name), append=True, copy=False)
                columns.append(c)
    select = _order_limit(select, query, columns, default=query.metric_names[0])
    periods = {**main.periods, **{n: side.periods[n] for n, side in sides.items() if n in side.periods}}
    return CompiledQuery(select, columns, periods, main.as_of, baseline_periods={})


# -- period over period -------------------------------------------------------------

def _shift_months(d: date, months: int, month_end: bool) -> date:
    first = add_months(month_start(d), months)
    if month_end:
        return add_months(first, 1) - timedelta(days=1)
    last = add_months(first, 1) - timedelta(days=1)
    return min(first.replace(day=d.day) if d.day <= last.day else last, last)


def _is_month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before: whole months shift by whole months."""
    if start.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return _shift_months(start, -months, False), _shift_months(end, -months, _is_month_end(end))
    days = (end - start).days + 1
    return start - timedelta(days=days), end - timedelta(days=days)


def next_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just after (the current one, when only the baseline is named)."""
    if start.day == 1 and _is_month_end(end):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return _shift_months(start, months, False), _shift_months(end, months, True)
    days = (end - start).days + 1
    return start + timedelta(days=days), end + timedelta(days=days)


def year_ago(start: date, end: date) -> tuple[date, date]:
    return _years_later(start, end, -1)


def _years_later(start: date, end: date, years: int) -> tuple[date, date]:
    """The same period ``years`` later (earlier when negative); a month-end stays a month-end."""
    return _shift_months(start, 12 * years, False), _shift_months(end, 12 * years, _is_month_end(end))


def comparison_periods(query: SemanticQuery, as_of: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(current, baseline) date ranges of a comparison query."""
    assert query.compare is not None
    pinned = query.compare.baseline
    if query.time_range is not None and query.time_range.start and query.time_range.end:
        current = (query.time_range.start, query.time_range.end)
    elif pinned is not None and pinned.start and pinned.end:
        # only the baseline named: the period after it, or a year after it for a year-on-year one ("同比，跟去年12月比")
        current = next_period(pinned.start, pinned.end) if query.compare.to == "previous" else _years_later(pinned.start, pinned.end, 1)
        if current[0] > as_of:
            raise QueryError(zh="对比的基准期之后没有数据。", en="There is no data after the baseline period to compare with it.")
        current = (current[0], min(current[1], as_of))
    else:
        current = (month_start(as_of), as_of)
    if pinned is not None and pinned.start and pinned.end:
        return current, (pinned.start, pinned.end)
    shift = previous_period if query.compare.to == "previous" else year_ago
    return current, shift(*current)


def _timeless(query: SemanticQuery, ctx: Context) -> None:
    """Metrics read only as of the last day (loan status today) have no earlier value."""
    from semantic_layer.compile.adhoc import resolve_metric
    from semantic_layer.compile.plan import metric_leaves

    for ref in query.metrics:
        for leaf in metric_leaves(ctx.model, resolve_metric(ctx.model, ref)):
            if leaf.kind in ("simple",) and leaf.time is None:
                raise NotInDataError(
                    zh=f"“{leaf.label.zh}”只有截至统计日的口径(没有历史时点),不能做期间对比。",
                    en=f"'{leaf.label.en}' exists only as of the as-of date (no history), so periods cannot be compared.",
                )


def compile_compare(query: SemanticQuery, ctx: Context):  # -> CompiledQuery
    """Current vs baseline for every metric: value, baseline value, change and % change."""
    from semantic_layer.compile import CompiledQuery, OutputColumn, compile_query

    assert query.compare is not None
    grain = next((g.grain for g in query.group_by if g.field == "time"), None)
    if any(g.field == "time" for g in query.group_by) and (query.compare.to != "year_ago" or grain not in ("month", "quarter", "year")
                                                           or query.compare.baseline is not None):
        raise QueryError(zh="按时间拆分的同时做这种期间对比暂不支持:按月/季/年拆分时只能逐期与去年同期对比(同比);请去掉拆分,或只问一个期间。",
                         en="This period comparison is not supported while splitting by time: with a monthly, quarterly or yearly breakdown "
                            "only year-over-year (each period against the same one a year earlier) can be compared; drop the breakdown or ask for one period.")
    _timeless(query, ctx)
    (cs, ce), (bs, be) = comparison_periods(query, ctx.as_of)
    if ctx.data_start is not None and be < ctx.data_start:
        raise QueryError(zh=f"对比期 {bs} 至 {be} 早于数据起始日 {ctx.data_start},没有可对比的数据。",
                         en=f"The baseline {bs} to {be} is before the data starts ({ctx.data_start}); there is nothing to compare with.")
    plain = _plain(query)
    cur = compile_query(plain.with_changes(time_range=TimeRange(start=cs, end=ce)), ctx)
    prev = compile_query(plain.with_changes(time_range=TimeRange(start=bs, end=be)), ctx)
    keys = _keys(cur.columns)
    if grain is None:
        select = _join(exp.select().from_(cur.tree.subquery("cur")), "cur", prev.tree.subquery("prev"), "prev", keys, "full outer")
    else:  # each period of the current range against the same period a year earlier: its time key a year on
        times = {c.name for c in cur.columns if c.role == "time"}
        on = exp.and_(*[exp.EQ(this=col(k, "cur"), expression=exp.DateAdd(this=col(k, "prev"), expression=exp.Literal.number(1),
                                                                             unit=exp.var("YEAR")))
                        if k in times else exp.NullSafeEQ(this=col(k, "cur"), expression=col(k, "prev")) for k in keys])
        select = exp.select().from_(cur.tree.subquery("cur")).join(prev.tree.subquery("prev"), on=on, join_type="left", copy=False)
    columns = [c for c in cur.columns if c.role in ("time", "dimension")]
    for k in keys:
        select = select.select(exp.alias_(exp.func("COALESCE", col(k, "cur"), col(k, "prev")), k), append=True, copy=False)
    _support(select, columns, [("cur", cur), ("prev", prev)])
    for name in query.metric_names:
        c = next(c for c in cur.columns if c.name == name)
        now, before = col(name, "cur"), col(name, "prev")
        change = exp.Sub(this=now.copy(), expression=before.copy())
        select = select.select(
            exp.alias_(now, name), exp.alias_(before, f"{name}_previous"),
            exp.alias_(change, f"{name}_change"),
            exp.alias_(_ratio(change.copy(), before.copy()), f"{name}_change_pct"),
            append=True, copy=False)
        rate = c.format == "percent"
        columns += [
            OutputColumn(name, "metric", c.label, c.format),
            OutputColumn(f"{name}_previous", "baseline", Label(zh=f"{c.label.zh}(对比期)", en=f"{c.label.en} (baseline)"), c.format),
            OutputColumn(f"{name}_change", "change",
                         Label(zh=f"{c.label.zh}变化" + ("(百分点)" if rate else ""), en=f"change in {c.label.en}" + (" (pp)" if rate else "")),
                         "pp" if rate else c.format),
            OutputColumn(f"{name}_change_pct", "change_pct", Label(zh=f"{c.label.zh}变化率", en=f"% change in {c.label.en}"), "percent_change"),
        ]
    select = _order_limit(select, query, columns, default=None)
    baseline = {name: replace(p, start=bs if p.kind == "range" else p.start, end=be) for name, p in prev.periods.items()}
    return CompiledQuery(select, columns, cur.periods, cur.as_of, baseline_periods=baseline)


def compile_benchmark(query: SemanticQuery, ctx: Context):  # -> CompiledQuery
    """The part's figures beside the whole's and the difference (part − whole; for rates in
    percentage points): "杭州滨江支行的审批通过率跟全行比". The whole is the plain query without the
    part's conditions and without a breakdown; each group of the part is set against it."""
    from semantic_layer.compile import CompiledQuery, OutputColumn, compile_query

    assert query.benchmark is not None
    plain = query.with_changes(benchmark=None, order_by=(), limit=None)
    part = compile_query(plain.with_changes(filters=plain.filters + query.benchmark.part), ctx)
    whole = compile_query(plain.with_changes(group_by=tuple(g for g in plain.group_by if g.field == "time")), ctx)
    keys = _keys(part.columns)
    times = [c.name for c in part.columns if c.role == "time"]  # a trend: each period against the whole of that period
    select = _join(exp.select().from_(part.tree.subquery("part")), "part", whole.tree.subquery("whole"), "whole", times, "left")
    columns = [c for c in part.columns if c.role in ("time", "dimension")]
    for k in keys:
        select = select.select(exp.alias_(col(k, "part"), k), append=True, copy=False)
    for f in query.benchmark.part:  # "杭州滨江支行": the part's one value, as a column of its own
        values = f.value if isinstance(f.value, tuple) else (f.value,)
        if f.op in ("=", "in") and len(values) == 1 and values[0] is not None and f.field not in keys:
            ref = resolve_field(ctx.model, f.field, _leaf_table(plain, ctx), plain.metric_names[0])
            select = select.select(exp.alias_(literal(normalize_value(ref, values[0])), f.field), append=True, copy=False)
            columns.append(OutputColumn(f.field, "part", ref.label, "text"))
    _support(select, columns, [("part", part), ("whole", whole)])
    for name in query.metric_names:
        c = next(c for c in part.columns if c.name == name)
        rate = c.format == "percent"
        select = select.select(
            exp.alias_(col(name, "part"), name), exp.alias_(col(name, "whole"), f"{name}_overall"),
            exp.alias_(exp.Sub(this=col(name, "part"), expression=col(name, "whole")), f"{name}_vs_overall"),
            append=True, copy=False)
        columns += [
            OutputColumn(name, "metric", c.label, c.format),
            OutputColumn(f"{name}_overall", "overall", Label(zh=f"{c.label.zh}(整体)", en=f"{c.label.en} (overall)"), c.format),
            OutputColumn(f"{name}_vs_overall", "difference",
                         Label(zh=f"{c.label.zh}与整体之差" + ("(百分点)" if rate else ""),
                               en=f"{c.label.en} minus overall" + (" (pp)" if rate else "")),
                         "pp" if rate else c.format),
        ]
    select = _order_limit(select, query, columns, default=None)
    return CompiledQuery(select, columns, part.periods, part.as_of, baseline_periods={})


def _support(select: exp.Select, columns: list, sides: list) -> None:
    """The fewest customers behind any figure of the row, over both sides."""
    from semantic_layer.compile import SUPPORT, OutputColumn

    parts = [col(SUPPORT, alias) for alias, compiled in sides if any(c.name == SUPPORT for c in compiled.columns)]
    if not parts:
        return
    select.select(exp.alias_(parts[0] if len(parts) == 1 else exp.func("LEAST", *parts), SUPPORT), append=True, copy=False)
    columns.append(OutputColumn(SUPPORT, "support", Label(zh="客户数下限", en="customers behind"), "integer"))


def _order_limit(select: exp.Select, query: SemanticQuery, columns: list, default: str | None) -> exp.Select:
    names = [c.name for c in columns]
    keys = [c.name for c in columns if c.role in ("time", "dimension")]
    order: list[exp.Ordered] = []
    for o in query.order_by:
        # a share answer is ranked by its share ("the three occupations with the highest share of …"), never
        # by the share's numerator beside it
        field = f"{o.field}_share" if f"{o.field}_share" in names else o.field
        if field not in names:
            raise QueryError(zh=f"不能按 “{o.field}” 排序:它不在结果中。", en=f"Cannot order by '{o.field}': it is not in the result.")
        order.append(exp.Ordered(this=col(field), desc=o.direction == "desc", nulls_first=False))
    if not order and default and keys:
        order.append(exp.Ordered(this=col(default), desc=True, nulls_first=False))
    order += [exp.Ordered(this=col(k)) for k in keys]
    if order:
        select = select.order_by(*order, copy=False)
    if query.limit:
        select = select.limit(query.limit, copy=False)
    return select
