"""``SemanticQuery``: the one thing a parser or an LLM produces.

A frozen pydantic value: metrics (governed names, or ad-hoc aggregations of a numeric
field), group-bys (with time grain), filters, customers by their own rows (who never
applied, who spent over 10,000), a time range (absolute, or relative to
the as-of date), share of a base, period-over-period comparison, share-of-total, order,
limit and the unit amounts are shown in. It never contains SQL.
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Grain = Literal["day", "week", "month", "quarter", "year"]
AggFunc = Literal["avg", "median", "min", "max", "sum", "count_distinct", "percentile", "per_customer"]
Operator = Literal["=", "!=", "in", "not_in", ">", ">=", "<", "<=", "between", "is_null", "not_null"]
Scalar = str | int | float | bool


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupBy(Frozen):
    """A breakdown: a dimension or tag name, or ``time`` with a grain."""

    field: str
    grain: Grain | None = None

    @model_validator(mode="after")
    def _time_needs_grain(self) -> GroupBy:
        if self.field == "time" and self.grain is None:
            raise ValueError("grouping by time needs a grain (day, week, month, quarter, year)")
        return self


class Filter(Frozen):
    """``field op value``: equality, sets, ranges, comparisons, nulls; ``!=``/``not_in`` negate."""

    field: str
    op: Operator = "="
    value: Scalar | tuple[Scalar, ...] | None = None

    @model_validator(mode="after")
    def _value_shape(self) -> Filter:
        v = self.value
        if self.op in ("in", "not_in") and not isinstance(v, tuple):
            object.__setattr__(self, "value", (v,))
        elif self.op == "between" and not (isinstance(v, tuple) and len(v) == 2):
            raise ValueError("'between' needs two values")
        elif self.op in ("is_null", "not_null") and v is not None:
            raise ValueError(f"'{self.op}' takes no value")
        elif self.op not in ("in", "not_in", "between", "is_null", "not_null") and (v is None or isinstance(v, tuple)):
            raise ValueError(f"'{self.op}' needs one value")
        return self


class TimeRange(Frozen):
    """Inclusive dates. ``relative`` keeps the words (e.g. "上个月", "last quarter") so a
    saved answer re-resolves them against fresh data; ``start``/``end`` are then filled
    at run time."""

    start: date | None = None
    end: date | None = None
    relative: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.relative is None and (self.start is None or self.end is None):
            raise ValueError("a time range needs start and end, or a relative expression")
        if self.start and self.end and self.start > self.end:
            raise ValueError("time range start is after its end")
        return self


class OrderBy(Frozen):
    """Order by a metric's output column (its name, or a derived column such as
    ``<metric>_share`` / ``<metric>_change``), or by a breakdown field."""

    field: str
    direction: Literal["asc", "desc"] = "desc"


class Aggregate(Frozen):
    """An ad-hoc aggregation: ``func`` of a numeric field over the rows a metric counts.

    ``of`` names the metric whose rows are aggregated (its table, time column, period and
    conditions); ``None`` means the customer population as of the as-of date, where
    ``field`` is a numeric customer tag ("沉睡客户平均多大年纪" → avg of age). With
    ``count_distinct`` the field may be an entity: ``customer`` counts distinct customers
    of those rows ("how many customers made a transfer"); ``per_customer`` (field
    ``customer``) is those rows per customer who has any ("平均每人开了几个户").
    """

    func: AggFunc
    field: str
    of: str | None = None
    percentile: float | None = Field(default=None, gt=0, lt=1)

    @model_validator(mode="after")
    def _percentile_only_for_percentile(self) -> Aggregate:
        if (self.func == "percentile") != (self.percentile is not None):
            raise ValueError("'percentile' needs a fraction such as 0.9, and only it takes one")
        return self

    @property
    def name(self) -> str:
        """The output column: ``avg_age``, ``max_amount__loan_disbursements``, ``p90_aum``."""
        func = f"p{round(self.percentile * 100)}" if self.percentile is not None else self.func
        return f"{func}_{self.field}" + (f"__{self.of}" if self.of else "")


MetricRef = str | Aggregate


def metric_name(ref: MetricRef) -> str:
    """The output column name of a metric reference."""
    return ref if isinstance(ref, str) else ref.name


_COMPARE = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


class CustomerRows(Frozen):
    """Customers whose own rows of a metric meet a condition: "上个月交易金额超过1万的客户"
    (``txn_amount > 10000`` over the query's period), "从没申请过贷款的客户"
    (``loan_applications = 0`` over all the data), "used the loan calculator but did not
    apply in that window" (``loan_applications = 0`` over the query's period).

    ``metric`` is a count or sum over rows that have a customer key; ``filters`` are
    conditions on those rows (an event type, a product); a customer with no such rows has 0.
    """

    metric: str
    op: Literal["=", "!=", ">", ">=", "<", "<=", "between"] = ">"
    value: float | tuple[float, float] = 0
    filters: tuple[Filter, ...] = ()
    period: Literal["query", "all"] = "query"

    @model_validator(mode="after")
    def _value_shape(self) -> CustomerRows:
        if (self.op == "between") != isinstance(self.value, tuple):
            raise ValueError("'between' needs two values, and only it takes two")
        return self

    def holds_for_none(self) -> bool:
        """Does a customer with no such rows (value 0) meet the condition?"""
        v = self.value
        if isinstance(v, tuple):
            return v[0] <= 0 <= v[1]
        return bool(_COMPARE[self.op](0, v))


class Share(Frozen):
    """A ratio of a filtered measure to its base: the rows that also meet ``part`` (and, for a
    count of customers, whose own rows meet ``rows``), as a fraction of all rows of each group
    (``within="group"``) or of the whole population (``within="all"``). "理财客户里女性占几成":
    filters = wealth holders, part = female; "what % of customers made a transaction last month":
    rows = transactions > 0 over the period."""

    part: tuple[Filter, ...] = ()
    rows: tuple[CustomerRows, ...] = ()
    within: Literal["group", "all"] = "group"

    @model_validator(mode="after")
    def _some_part(self) -> Share:
        if not self.part and not self.rows:
            raise ValueError("a share needs a part: conditions on the rows, or customers' own rows")
        return self


class OwnCondition(Frozen):
    """Conditions that hold for one figure of the answer only: "按年龄段看贷款余额，各段有多少人有贷款余额"
    — the balance of every customer of the band beside the number of them holding a loan balance
    (``metric="customer_count"``, ``filters=(loan_balance > 0,)``). The query's own filters hold for
    every figure; these are added to them for this figure alone."""

    metric: str
    filters: tuple[Filter, ...] = Field(min_length=1)


class Compare(Frozen):
    """Period over period: each metric again over a baseline period, with the change.

    ``to="previous"``: the period of the same length just before (the previous month,
    quarter or year for a whole one); ``to="year_ago"``: the same period a year earlier.
    ``baseline`` pins it explicitly ("比2024年3月"). Without a time range the current
    period is the as-of date's month (or the period right after an explicit baseline).
    """

    to: Literal["previous", "year_ago"] = "previous"
    baseline: TimeRange | None = None


MoneyUnit = Literal["yuan", "thousand", "ten_thousand", "million", "hundred_million", "billion"]
#: what one of each money unit is, in the data's own currency unit
MONEY_UNITS: dict[str, float] = {"yuan": 1, "thousand": 1e3, "ten_thousand": 1e4, "million": 1e6, "hundred_million": 1e8, "billion": 1e9}


class Benchmark(Frozen):
    """The figures of the rows that also meet ``part`` beside the same figures over every row the
    query counts without it, and the difference: "杭州滨江支行的审批通过率跟全行比", "average AUM per
    customer at one branch vs the bank overall" (rates and averages too, unlike a share). With no
    ``part``, each group of the breakdown is set against the whole ("各区域的逾期率跟全行比")."""

    part: tuple[Filter, ...] = ()


class SemanticQuery(Frozen):
    """A validated analytic request over the semantic model."""

    metrics: tuple[MetricRef, ...] = Field(min_length=1)
    group_by: tuple[GroupBy, ...] = ()
    filters: tuple[Filter, ...] = ()
    customer_rows: tuple[CustomerRows, ...] = ()
    #: conditions of one figure only, beside figures without them
    own_conditions: tuple[OwnCondition, ...] = ()
    time_range: TimeRange | None = None
    as_of: date | None = None
    share_of_total: bool = False
    share: Share | None = None
    #: the first metric as a fraction of the second, beside both ("理财余额占AUM的比例", "wealth
    #: balance as a % of AUM"): for two figures the model has no ratio of
    ratio: bool = False
    compare: Compare | None = None
    benchmark: Benchmark | None = None
    order_by: tuple[OrderBy, ...] = ()
    limit: int | None = Field(default=None, ge=1, le=10_000)
    money_unit: MoneyUnit | None = None  # "用万元表示", "in millions": amounts divided by that unit

    @model_validator(mode="after")
    def _one_composite(self) -> SemanticQuery:
        if self.share is not None and self.compare is not None:
            raise ValueError("a query takes a share of a base or a period comparison, not both")
        if (self.share is not None or self.compare is not None) and self.share_of_total:
            raise ValueError("share_of_total cannot be combined with share or compare")
        if self.benchmark is not None and (self.share is not None or self.compare is not None or self.share_of_total
                                           or self.ratio or self.own_conditions):
            raise ValueError("a benchmark against the whole takes no share, comparison, ratio or own conditions")
        if self.benchmark is not None and not self.benchmark.part and not any(g.field != "time" for g in self.group_by):
            raise ValueError("a benchmark sets a part (or each group of a breakdown) against the whole")
        names = [metric_name(m) for m in self.metrics]
        if len(set(names)) != len(names):
            raise ValueError("a metric is listed twice")
        if self.ratio and (len(names) != 2 or self.share is not None or self.compare is not None or self.share_of_total):
            raise ValueError("a ratio takes exactly two metrics (part, then whole) and no share or comparison")
        own = [c.metric for c in self.own_conditions]
        if len(set(own)) != len(own) or not set(own) <= set(names):
            raise ValueError("own_conditions name figures of the query, each once")
        if own and (len(own) == len(names) or self.share is not None or self.compare is not None or self.share_of_total or self.ratio):
            raise ValueError("own_conditions need a figure without them beside, and no share, comparison or ratio")
        return self

    @property
    def ratio_column(self) -> str | None:
        """The output column of ``ratio``: the first metric over the second."""
        return f"{self.metric_names[0]}__of__{self.metric_names[1]}" if self.ratio else None

    @property
    def all_customer_rows(self) -> tuple[CustomerRows, ...]:
        """Customers' own rows the query asks about: its conditions, and the part of a share."""
        return self.customer_rows + (self.share.rows if self.share is not None else ())

    @property
    def metric_names(self) -> tuple[str, ...]:
        return tuple(metric_name(m) for m in self.metrics)

    def contradiction(self) -> tuple[str, tuple[Scalar, ...]] | None:
        """A field whose conditions keep no value: one both asked for and left out ("定期存款 …, 整存整取不算"
        read as time deposits and not time deposits) — ``(field, the values both kept and left out)``, else
        ``None``. Such a query answers nothing but an empty or zero figure."""
        kept: dict[str, set[Scalar]] = {}
        for f in self.filters:
            if f.op in ("in", "=") and f.value is not None:
                values = set(f.value) if isinstance(f.value, tuple) else {f.value}
                kept[f.field] = kept[f.field] & values if f.field in kept else values
        for f in self.filters:
            if f.op in ("not_in", "!=") and f.field in kept and f.value is not None:
                out = set(f.value) if isinstance(f.value, tuple) else {f.value}
                if kept[f.field] and kept[f.field] <= out:
                    return f.field, tuple(sorted(kept[f.field], key=str))
        return next(((name, ()) for name, values in kept.items() if not values), None)

    def with_changes(self, **changes: object) -> SemanticQuery:
        """A copy with some fields replaced, validated again."""
        data = self.model_dump()
        data.update(changes)
        return SemanticQuery.model_validate(data)
