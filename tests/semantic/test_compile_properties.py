"""Property tests: any valid ``SemanticQuery`` compiles to SQL that sqlglot reads back,
that transpiles to the other target engines, and that runs on the small mart.

Queries are drawn from the bank model itself: metrics of one leaf-table family (or two
families broken down by customer tags only), group-bys and filters valid for them with
codes from the model's ``values``, optional time ranges inside the data window, grains,
share of total, order and limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.errors import ErrorLevel

from semantic_layer.compile import Context, compile_query
from semantic_layer.compile.plan import metric_leaves
from semantic_layer.load import load_model
from semantic_layer.query import Filter, Grain, GroupBy, Operator, OrderBy, SemanticQuery, TimeRange
from semantic_layer.semantic_model import SemanticModel

AS_OF = date(2025, 12, 31)
DATA_START = date(2024, 1, 1)
DIALECTS = ("postgres", "spark", "trino", "snowflake")
GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year")
CONVERSION_GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
EQUALITY: tuple[Operator, ...] = ("=", "!=")
NUMBER_OPS: tuple[Operator, ...] = (">", ">=", "<", "<=", "=", "between", "not_null", "is_null")
CATEGORY_OPS: tuple[Operator, ...] = ("=", "!=", "in", "not_in")
MAX_CONVERSION_SPAN = timedelta(days=190)  # a tag set per period for dormant_wakeup: keep it small

# plausible ranges for numeric tags; anything else draws from 0..1000
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "age": (18, 80),
    "annual_income": (0, 1_000_000),
    "tenure_days": (0, 6000),
    "deposit_balance": (0, 1_000_000),
    "deposit_avg_daily": (0, 1_000_000),
    "wealth_balance": (0, 1_000_000),
    "loan_balance": (0, 1_000_000),
    "aum": (0, 1_000_000),
    "deposit_volatility": (0, 2),
    "login_days_30d": (0, 30),
    "txn_count_90d": (0, 120),
    "wealth_activity_count": (0, 10),
    "loan_inquiry_30d": (0, 10),
}


@dataclass(frozen=True)
class Family:
    """Metrics that share their leaf computations' shape (one table, conversions, customers)."""

    name: str
    metrics: tuple[str, ...]
    table: str | None  # the leaf table whose dimensions are usable, if any
    timed: bool  # every leaf has a time column (so a time grain is allowed)

    @property
    def customers(self) -> bool:
        """Rows tied to customers, so customer tags apply (the campaigns themselves are not)."""
        return self.table is None or model().tables[self.table].customer_key is not None


@cache
def model() -> SemanticModel:
    return load_model()


@cache
def families() -> tuple[Family, ...]:
    m = model()
    groups: dict[tuple[str, str | None, bool], list[str]] = {}
    for metric in m.metric_list:
        if metric.hidden:
            continue
        key: tuple[str, str | None, bool]
        leaves = metric_leaves(m, metric)
        kinds = {leaf.kind for leaf in leaves}
        if kinds == {"customers"}:
            key = ("population", None, False)
        elif kinds == {"conversion"}:
            key = ("conversion", None, True)
        else:
            tables = {leaf.measure.table for leaf in leaves if leaf.measure}
            assert len(tables) == 1, metric.name
            table = tables.pop()
            timed = all(leaf.time is not None for leaf in leaves)
            key = (f"table:{table}{'' if timed else '@as_of'}", table, timed)
        groups.setdefault(key, []).append(metric.name)
    return tuple(
        Family(name, tuple(ms), table, timed)
        for (name, table, timed), ms in sorted(groups.items(), key=lambda kv: kv[0][0])
    )


def tag_fields() -> list[str]:
    return [t.name for t in model().tag_list]


def dimension_fields(table: str | None) -> list[str]:
    return list(model().dimensions.get(table, {})) if table else []


def field_values(name: str, table: str | None) -> tuple[str, list[str]]:
    """(type, codes) of a dimension of ``table`` or a tag."""
    dims = model().dimensions.get(table, {}) if table else {}
    item = dims.get(name) or model().tags[name]
    return item.type, list(item.values)


@st.composite
def filters_for(draw: st.DrawFn, field: str, table: str | None) -> Filter:
    kind, codes = field_values(field, table)
    if kind == "boolean":
        return Filter(field=field, op=draw(st.sampled_from(EQUALITY)), value=draw(st.booleans()))
    if kind == "number":
        lo, hi = NUMBER_RANGES.get(field, (0, 1000))
        number = (
            st.integers(int(lo), int(hi))
            if hi > 2
            else st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 2))
        )
        op = draw(st.sampled_from(NUMBER_OPS))
        if op == "between":
            a, b = sorted((draw(number), draw(number)))
            return Filter(field=field, op=op, value=(a, b))
        if op in ("is_null", "not_null"):
            return Filter(field=field, op=op)
        return Filter(field=field, op=op, value=draw(number))
    op = draw(st.sampled_from(CATEGORY_OPS))
    if op in ("in", "not_in"):
        chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))
        return Filter(field=field, op=op, value=tuple(chosen))
    return Filter(field=field, op=op, value=draw(st.sampled_from(codes)))


@st.composite
def time_ranges(draw: st.DrawFn, max_span: timedelta | None = None) -> TimeRange:
    start = draw(st.dates(DATA_START, AS_OF))
    longest = (AS_OF - start).days if max_span is None else min((AS_OF - start).days, max_span.days)
    end = start + timedelta(days=draw(st.integers(0, longest)))
    return TimeRange(start=start, end=end)


@st.composite
def semantic_queries(draw: st.DrawFn) -> SemanticQuery:
    fams = families()
    first = draw(st.sampled_from(fams))
    chosen = [first]
    if first.customers and draw(st.integers(0, 4)) == 0:  # now and then, a second family: tags only then
        chosen.append(draw(st.sampled_from([f for f in fams if f != first and f.customers])))
    metrics: list[str] = []
    for fam in chosen:
        metrics += draw(st.lists(st.sampled_from(fam.metrics), min_size=1, max_size=2, unique=True))
    metrics = list(dict.fromkeys(metrics))
    table = first.table if len(chosen) == 1 else None
    fields = (tag_fields() if first.customers else []) + dimension_fields(table)
    categorical = [f for f in fields if field_values(f, table)[0] != "number"]

    dims = draw(st.lists(st.sampled_from(categorical), max_size=2, unique=True))
    conversion = any(f.name == "conversion" for f in chosen)
    grain = None
    if all(f.timed for f in chosen) and draw(st.booleans()):
        grain = draw(st.sampled_from(CONVERSION_GRAINS if conversion else GRAINS))
    time_range = None
    if (grain and conversion) or draw(st.booleans()):
        time_range = draw(time_ranges(MAX_CONVERSION_SPAN if grain and conversion else None))
        if any(f.table and not f.timed for f in chosen):  # status-as-of-D metrics: a period must reach D
            time_range = TimeRange(start=time_range.start, end=AS_OF)

    filterable = [
        f for f in fields if field_values(f, table)[1] or field_values(f, table)[0] == "number"
    ]
    filter_fields = draw(st.lists(st.sampled_from(filterable), max_size=3, unique=True))
    filters = [draw(filters_for(f, table)) for f in filter_fields]
    if draw(st.integers(0, 5)) == 0:  # a filter on a metric's own value (applied to the result)
        filters.append(Filter(field=draw(st.sampled_from(metrics)), op=">=", value=0))

    order_by: tuple[OrderBy, ...] = ()
    if draw(st.booleans()):
        target = draw(st.sampled_from(metrics + dims + (["time"] if grain else [])))
        order_by = (OrderBy(field=target, direction=draw(st.sampled_from(["asc", "desc"]))),)
    group_by = tuple(GroupBy(field=d) for d in dims)
    if grain:
        group_by = (GroupBy(field="time", grain=grain), *group_by)
    return SemanticQuery(
        metrics=tuple(metrics),
        group_by=group_by,
        filters=tuple(filters),
        time_range=time_range,
        share_of_total=draw(st.booleans()),
        order_by=order_by,
        limit=draw(st.none() | st.integers(1, 50)),
    )


CONTEXT = Context(model(), AS_OF, DATA_START)
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assert_portable(tree: sqlglot.exp.Expression) -> None:
    text = tree.sql(dialect="duckdb", pretty=True)
    assert sqlglot.parse_one(text, read="duckdb").sql(dialect="duckdb", pretty=True) == text
    for dialect in DIALECTS:
        sqlglot.parse_one(
            tree.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE), read=dialect
        )


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(query=semantic_queries())
def test_compiles_parses_back_and_transpiles(query: SemanticQuery) -> None:
    compiled = compile_query(query, CONTEXT)
    assert_portable(compiled.tree)
    names = [c.name for c in compiled.columns]
    assert len(names) == len(set(names)), names
    assert [c.name for c in compiled.columns if c.role == "metric"] == list(query.metrics)


@PROPERTY_SETTINGS
@given(query=semantic_queries())
def test_runs_on_the_small_mart(warehouse, query: SemanticQuery) -> None:
    compiled = warehouse.compile(query)
    result = warehouse.runner.run(compiled.tree)
    assert result.columns == [c.name for c in compiled.columns]
    if query.limit:
        assert len(result.rows) <= query.limit
    has_metric_filter = any(f.field in query.metrics for f in query.filters)
    if not query.group_by and not has_metric_filter:
        assert len(result.rows) == 1


@pytest.mark.parametrize("family", families(), ids=lambda f: f.name)
def test_every_family_is_drawn_from_real_metrics(family: Family) -> None:
    """The strategy's families cover every visible metric, once."""
    assert family.metrics
    visible = {m.name for m in model().metric_list if not m.hidden}
    assert set(family.metrics) <= visible
    assert sum(len(f.metrics) for f in families()) == len(visible)
