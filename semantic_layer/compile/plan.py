"""Planning: which leaf computations a query needs, their periods and fields.

Metrics form a tree: ratios and derived metrics combine other metrics; leaves are
``simple``/``snapshot`` aggregations over one table, ``conversion`` rates over a
customer base, and ``customers`` counts over the customer population.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlglot
from sqlglot import exp

from semantic_layer.compile.sqlparts import add_months, buckets, month_start
from semantic_layer.errors import QueryError
from semantic_layer.model import Metric, Table
from semantic_layer.query import Filter, SemanticQuery
from semantic_layer.semantic_model import SemanticModel


@dataclass(frozen=True)
class Period:
    """Inclusive dates a metric covers; ``None`` bounds mean all the data."""

    start: date | None
    end: date | None
    kind: str  # "range" | "all" | "as_of"

    def label(self, lang: str) -> str:
        if self.kind == "as_of":
            return f"截至 {self.end}" if lang == "zh" else f"as of {self.end}"
        if self.kind == "all":
            return "全部数据" if lang == "zh" else "all data"
        return f"{self.start} 至 {self.end}" if lang == "zh" else f"{self.start} to {self.end}"


@dataclass
class Context:
    """Everything the compiler knows besides the query itself."""

    model: SemanticModel
    as_of: date
    data_start: date | None = None
    tags_table: str | None = None  # a fresh materialised tag table to read instead of computing
    role_filters: tuple = ()


@dataclass
class Plan:
    query: SemanticQuery
    defs: dict[str, Metric] = field(default_factory=dict)  # output name → metric (governed or ad hoc)
    leaves: list[Metric] = field(default_factory=list)
    periods: dict[str, Period] = field(default_factory=dict)
    grain: str | None = None
    dims: list[str] = field(default_factory=list)
    post_filters: list = field(default_factory=list)  # filters applied after share-of-total
    left_out: list = field(default_factory=list)  # breakdowns' "has none" groups (see ``empty_groups_left_out``)

    def leaf_filters(self) -> list:
        return [f for f in self.query.filters if f not in self.post_filters] + self.left_out


def on_result(field: str, query: SemanticQuery, model: SemanticModel) -> bool:
    """Does a filter on ``field`` filter the result's rows? A figure the query asks for does when there are groups
    ("cities with AUM over 1亿": each city's figure); with none, a figure that is also a customer tag filters the
    customers ("AUM >= 500k — how many, and their combined AUM?"), never the one total."""
    return field in query.metric_names and (any(g.field != "time" for g in query.group_by) or field not in model.tags)


def empty_groups_left_out(model: SemanticModel, query: SemanticQuery) -> list[str]:
    """Tags a breakdown is by whose empty value means "has none" (``none_means``: no
    transactions, no logins): those customers are left out of the breakdown unless the
    question puts a condition on the tag itself."""
    conditioned = {f.field for f in query.filters}
    return [g.field for g in query.group_by
            if g.field in model.tags and model.tags[g.field].none_means is not None and g.field not in conditioned]


def metric_leaves(model: SemanticModel, metric: Metric, trail: tuple[str, ...] = ()) -> list[Metric]:
    if metric.name in trail:
        raise QueryError(zh=f"指标循环引用: {metric.name}", en=f"Metric cycle at {metric.name}")
    if metric.kind == "ratio":
        assert metric.numerator and metric.denominator
        refs = [metric.numerator, metric.denominator]
    elif metric.kind == "derived":
        assert metric.expr
        refs = [c.name for c in sqlglot.parse_one(metric.expr).find_all(exp.Column)]
    else:
        return [metric]
    out: list[Metric] = []
    for r in refs:
        for leaf in metric_leaves(model, model.metric(r), trail + (metric.name,)):
            if leaf not in out:
                out.append(leaf)
    return out



def metric_tables(model: SemanticModel, metric: object) -> set[str]:
    """Tables whose rows a metric reads (leaves, their joins, conversion events)."""
    out: set[str] = set()
    for leaf in metric_leaves(model, metric):  # type: ignore[arg-type]
        if leaf.measure:
            out.add(leaf.measure.table)
            out |= {c.split(".")[0] for c in re.findall(r"[a-z_]+\.[a-z_]+", f"{leaf.measure.expr} {leaf.measure.where or ''} {leaf.time or ''}")}
        if leaf.base:
            for part in (leaf.base.snapshot_before, leaf.base.event_in_period):
                if part is not None:
                    out.add(part.table)
        if leaf.converted:
            out |= {e.table for e in leaf.converted.events}
        if leaf.kind == "customers" and model.customer:
            out.add(model.customer.table)
    return out & set(model.tables)


def fixed_values(model: SemanticModel, metric: Metric, field: str) -> set[str] | None:
    """The values ``metric``'s own definition fixes ``field`` to, read from its leaves'
    ``where`` (``group_type = 'treatment'``); ``None`` when a leaf leaves it open."""
    columns = {d.expr.lower() for dims in model.dimensions.values() for name, d in dims.items() if name == field}
    out: set[str] = set()
    for leaf in metric_leaves(model, metric):
        found = literal_codes(leaf.measure.where if leaf.measure else None, lambda c: c.sql().lower() in columns)
        if not found:
            return None
        out |= found
    return out


def event_words(metric: Metric, table: Table) -> list[str]:
    """The event a figure of some rows counts, said as its label without the rows' own name and the counting word:
    贷款申请数 → 申请, 放款笔数 → 放款, "loan applications" → appli (the stem of applied, application)."""
    zh = re.sub(r"(?:笔数|客户数|数量|金额|数|量)$", "", metric.label.zh.replace(table.label.zh, "") if table.label else metric.label.zh)
    rows = {w.lower() for w in (table.label.en.split() if table.label else ())} | {w.lower().rstrip("s") for w in (table.label.en.split() if table.label else ())}
    en = [w for w in metric.label.en.lower().split() if w not in rows and w.rstrip("s") not in rows
          and w not in {"amount", "count", "number", "customers", "with", "a", "of", "new"}]
    return [w for w in (zh, *(w[:5] for w in en[:1])) if len(w) >= 2]


def date_words(model: SemanticModel, table: str) -> dict[str, str]:
    """Each date column of ``table`` with its Chinese word, as the governed definitions of the
    metrics dated by it say it ("期间内提交的贷款申请笔数(按申请日期)": apply_date → 申请)."""
    out: dict[str, str] = {}
    for m in model.metric_list:
        said = re.search(r"按([\u4e00-\u9fff]{2,3}?)日期", m.description.zh) if m.measure and m.measure.table == table and m.time else None
        if said:
            out.setdefault(m.time.split(".")[-1], said.group(1))  # type: ignore[union-attr]
    return out


def row_values(model: SemanticModel, metric: Metric, field: str) -> set[str] | None:
    """The values of ``field`` that ``metric``'s rows can have: those its definition declares
    (``row_values``) or fixes in its condition; ``None`` when any may be counted."""
    declared = metric.row_values.get(field)
    return set(declared) if declared else fixed_values(model, metric, field)


def literal_codes(where: str | None, is_column: Callable[[exp.Column], bool]) -> set[str]:
    """The string values a condition sets a column to (``= 'x'``, ``IN ('x', 'y')``), for the columns ``is_column`` picks."""
    found: set[str] = set()
    for node in sqlglot.parse_one(where).find_all(exp.EQ, exp.In) if where else ():
        column = node.this if isinstance(node.this, exp.Column) else node.expression
        if not isinstance(column, exp.Column) or not is_column(column):
            continue
        literals = node.expressions if isinstance(node, exp.In) else [node.expression]
        found |= {lit.this for lit in literals if isinstance(lit, exp.Literal) and lit.is_string}
    return found

def conjuncts(where: str | None) -> list[exp.Expr]:
    """The parts of a condition joined by AND (none for no condition)."""
    if not where:
        return []
    tree = sqlglot.parse_one(where)
    return list(tree.flatten()) if isinstance(tree, exp.And) else [tree]


def counted_by(model: SemanticModel, table: str, flag: str) -> str | None:
    """The number dimension a yes/no dimension tests as "number > 0" (is_overdue:
    overdue_days > 0 → overdue_days), when exactly one dimension of the table is that number; for a
    customer tag (no table), the number tag it tests (has_deposit: deposit_balance > 0)."""
    dim = model.dimensions.get(table, {}).get(flag) if table else model.tags.get(flag)
    if dim is None or dim.type != "boolean" or not dim.expr:
        return None
    tree = sqlglot.parse_one(dim.expr)
    if not (isinstance(tree, exp.GT) and isinstance(tree.this, exp.Column) and tree.expression == exp.Literal.number(0)):
        return None
    column = tree.this.sql().lower()
    if not table:
        number = model.tags.get(column)
        return column if number is not None and number.type == "number" else None
    numbers = [n for n, d in model.dimensions[table].items() if d.type == "number" and d.expr.lower() == column]
    return numbers[0] if len(numbers) == 1 else None


def where_as_filters(model: SemanticModel, metric: Metric) -> list[Filter] | None:
    """A count's own row condition as filters on its table's dimensions ("loans.status =
    'disbursed' AND loans.overdue_days > 0" → loan_status in [disbursed], overdue_days > 0);
    ``None`` when a part of it is not such a condition or the metric is no count with one."""
    m = metric.measure
    if metric.kind != "simple" or m is None or m.agg != "count" or not m.where:
        return None
    by_expr = {d.expr.lower(): name for name, d in model.dimensions.get(m.table, {}).items()}
    ops = {exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=", exp.NEQ: "!="}
    out: list[Filter] = []
    for part in conjuncts(m.where):
        field = by_expr.get(part.this.sql().lower()) if isinstance(part.this, exp.Column) else None
        if field is None:
            return None
        literals = part.expressions if isinstance(part, exp.In) else [part.expression]
        if isinstance(part, (exp.EQ, exp.In)) and all(isinstance(v, exp.Literal) and v.is_string for v in literals):
            out.append(Filter(field=field, op="in", value=tuple(v.this for v in literals)))
        elif type(part) in ops and isinstance(part.expression, exp.Literal) and not part.expression.is_string:
            number = float(part.expression.this)
            out.append(Filter(field=field, op=ops[type(part)], value=int(number) if number.is_integer() else number))  # type: ignore[index, arg-type]
        else:
            return None
    return out


def period_for(leaf: Metric, query: SemanticQuery, ctx: Context, grain: str | None) -> Period:
    """The period a leaf covers: the query's range, else the metric's default."""
    rng = query.time_range
    if leaf.kind == "simple" and leaf.time is None and rng is not None and rng.end is not None and rng.end < ctx.as_of:
        # "上个月的逾期率": the metric exists only as of D; never claim a period it did not use
        raise QueryError(
            zh=f"“{leaf.label.zh}”只有截至统计日({ctx.as_of})的口径,没有历史时点,不能按 {rng.start} 至 {rng.end} 统计。",
            en=f"'{leaf.label.en}' exists only as of the as-of date ({ctx.as_of}); it has no history for {rng.start} to {rng.end}.",
        )
    if leaf.kind == "customers" or leaf.default_period == "as_of" and leaf.time is None:
        return Period(None, ctx.as_of, "as_of")
    if rng is not None and rng.start and rng.end:
        return Period(rng.start, rng.end, "range")
    if grain is not None:
        if leaf.kind in ("snapshot", "conversion"):  # buckets need a start: the data's first date
            return Period(ctx.data_start, ctx.as_of, "range" if ctx.data_start else "all")
        return Period(None, None, "all")
    if leaf.default_period == "as_of_month":
        if leaf.kind == "snapshot":
            return Period(month_start(ctx.as_of), ctx.as_of, "as_of")
        return Period(month_start(ctx.as_of), ctx.as_of, "range")
    return Period(None, None, "all")


def snapshot_months(period: Period, grain: str | None, as_of: date) -> list[date]:
    """The month each bucket of a snapshot metric is read at: its last month, not after D."""
    end = min(period.end or as_of, as_of)
    if grain is None or period.start is None:
        return [month_start(end)]
    if grain in ("day", "week"):
        grain = "month"
    return sorted({month_start(b_end) for _, b_end in buckets(period.start, end, grain)})


def conversion_periods(period: Period, grain: str | None) -> list[tuple[date, date]]:
    if period.start is None or period.end is None:
        raise QueryError(zh="转化类指标需要明确的期间。", en="Conversion metrics need a definite period.")
    if grain is None:
        return [(period.start, period.end)]
    return buckets(period.start, period.end, grain)


def base_month(period_start: date) -> date:
    """The month whose month-end precedes the period (the base snapshot month)."""
    return add_months(month_start(period_start), -1)


def build_plan(query: SemanticQuery, ctx: Context) -> Plan:
    from semantic_layer.compile.adhoc import resolve_metric

    model = ctx.model
    plan = Plan(query)
    for ref in query.metrics:
        metric = resolve_metric(model, ref)
        plan.defs[metric.name] = metric
        for leaf in metric_leaves(model, metric):
            if leaf not in plan.leaves:
                plan.leaves.append(leaf)
    for g in query.group_by:
        if g.field == "time":
            if plan.grain is not None:
                raise QueryError(zh="只能按一种时间粒度拆分。", en="Only one time grain can be used at once.")
            plan.grain = g.grain
        elif g.field not in plan.dims:
            plan.dims.append(g.field)
    for leaf in plan.leaves:
        if plan.grain is not None and (leaf.kind == "customers" or leaf.kind == "simple" and leaf.time is None):
            raise QueryError(
                zh=f"“{leaf.label.zh}”是截至统计日的时点数,不能按时间拆分。可以改问按月的新增或流量类指标。",
                en=f"'{leaf.label.en}' is a point-in-time figure as of the as-of date and cannot be split by time; "
                   "ask for a flow metric (e.g. new customers) by month instead.",
            )
        plan.periods[leaf.name] = period_for(leaf, query, ctx, plan.grain)
    if query.ratio:
        part, whole = (plan.defs[name] for name in query.metric_names)
        if "percent" in (part.format, whole.format) or part.format != whole.format:
            raise QueryError(zh=f"“{part.label.zh}”和“{whole.label.zh}”不是同一种数(金额、笔数或人数),不能求一个占另一个的比例。",
                             en=f"'{part.label.en}' and '{whole.label.en}' are not the same kind of figure (amounts, counts or "
                                "customers), so one cannot be a share of the other.")
    plan.left_out = [Filter(field=name, op="not_null") for name in empty_groups_left_out(model, query)]
    if query.share_of_total:
        # "高价值客户占比": the share is taken over every value, then the row is picked; a group left
        # out ("leave out 'other'", 不含未知) is left out of the base too
        plan.post_filters = [f for f in query.filters if f.field in plan.dims and f.op not in ("not_in", "!=", "not_null")]
    return plan
