"""Ad-hoc aggregations as metrics: ``avg(age)`` of the customer population, ``max(amount)``
of the loans a metric counts. Each :class:`Aggregate` becomes a synthetic :class:`Metric`
with the rows (table, time column, conditions) of the metric it is ``of``, so planning,
periods and leaves treat it like any governed metric.
"""

from __future__ import annotations

from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.model import Dimension, Format, Label, Measure, Metric, Tag
from semantic_layer.query import Aggregate, MetricRef
from semantic_layer.semantic_model import SemanticModel

ENTITY_CUSTOMER = "customer"

# func → (zh, en) words for labels and definitions
FUNC_WORDS: dict[str, tuple[str, str]] = {
    "avg": ("平均", "average"),
    "median": ("中位数", "median"),
    "min": ("最小", "smallest"),
    "max": ("最大", "largest"),
    "sum": ("合计", "total"),
    "count_distinct": ("去重数", "distinct count of"),
    "percentile": ("分位数", "percentile of"),
    "per_customer": ("每客户", "per customer"),
}


def resolve_metric(model: SemanticModel, ref: MetricRef) -> Metric:
    """The governed metric of a name, or the synthetic metric of an :class:`Aggregate`."""
    if isinstance(ref, str):
        return model.metric(ref)
    if ref.of is None:
        return _over_customers(model, ref)
    return _over_metric_rows(model, ref)


def _label(ref: Aggregate, field_label: Label) -> Label:
    zh, en = FUNC_WORDS[ref.func]
    if ref.func == "percentile":
        assert ref.percentile is not None
        n = round(ref.percentile * 100)
        return Label(zh=f"{field_label.zh}{n}分位数", en=f"{field_label.en} (p{n})")
    if ref.func == "count_distinct":
        return Label(zh=f"{field_label.zh}数(去重)", en=f"distinct {field_label.en}")
    return Label(zh=f"{zh}{field_label.zh}", en=f"{en} {field_label.en}")


def _format(ref: Aggregate, field_format: Format | None) -> Format:
    if ref.func == "count_distinct":
        return "integer"
    if field_format == "integer" and ref.func in ("avg", "median", "percentile"):
        return "number"  # an average of whole numbers (login days: 2.64) is no whole number
    return field_format or "number"


def _numeric_fields(model: SemanticModel, table: str | None) -> list[str]:
    if table is None:
        return [t.name for t in model.tag_list if t.type == "number"]
    return [d.name for d in model.dimensions.get(table, {}).values() if d.type == "number"]


def _over_customers(model: SemanticModel, ref: Aggregate) -> Metric:
    """``func`` of a numeric tag over the customer population as of D."""
    if model.customer is None:
        raise QueryError(zh="这个模型没有客户主体,不能按客户汇总。", en="This model has no customer entity to aggregate over.")
    if ref.func == "count_distinct" and ref.field == ENTITY_CUSTOMER:
        label = Label(zh="客户数", en="customers")
        expr = ENTITY_CUSTOMER
    else:
        tag = model.tags.get(ref.field)
        if tag is None or tag.type != "number":
            raise QueryError(
                zh=f"“{ref.field}” 不是可以汇总的客户数值标签。",
                en=f"'{ref.field}' is not a numeric customer tag that can be aggregated.",
                suggestions=did_you_mean(ref.field, _numeric_fields(model, None)),
            )
        label = _label(ref, tag.label)
        expr = tag.name
    return Metric(
        name=ref.name, kind="customers", label=label, format=_format(ref, _field_format(model.tags.get(ref.field))),
        description=_description(ref, label, None),
        measure=Measure(table=model.customer.table, agg=ref.func, expr=expr, percentile=ref.percentile),
        default_period="as_of", counts_customers=ref.func == "count_distinct",
    )


def _over_metric_rows(model: SemanticModel, ref: Aggregate) -> Metric:
    """``func`` of a field of the rows that metric ``of`` counts (same table, time, where)."""
    assert ref.of is not None
    base = model.metric(ref.of)
    if base.kind not in ("simple", "snapshot") or base.measure is None:
        raise QueryError(
            zh=f"“{base.label.zh}” 是比率或转化类指标,不能对其明细记录做汇总;请对计数或金额类指标提问。",
            en=f"'{base.label.en}' is a rate; ad-hoc aggregation needs a count or amount metric's rows.",
        )
    table = base.measure.table
    if ref.field == ENTITY_CUSTOMER:
        key = model.tables[table].customer_key
        if key is None or ref.func not in ("count_distinct", "per_customer") \
                or ref.func == "per_customer" and (base.kind != "simple" or base.measure.agg != "count"):
            raise QueryError(zh=f"“{base.label.zh}” 的记录不能按客户去重。", en=f"Rows of '{base.label.en}' cannot be counted by customer.")
        if ref.func == "per_customer":  # "平均每人开了几个户": the rows per customer who has any
            label = Label(zh=f"人均{base.label.zh}", en=f"{base.label.en} per customer")
            fmt: Format | None = "number"
        else:
            label = Label(zh=f"{base.label.zh}涉及客户数", en=f"customers with {base.label.en}")
            fmt = "integer"
        expr = f"{table}.{key}"
    else:
        dim = model.dimensions.get(table, {}).get(ref.field)
        if dim is None or (dim.type != "number" and ref.func != "count_distinct"):
            raise QueryError(
                zh=f"“{base.label.zh}” 的记录上没有可汇总的数值字段 “{ref.field}”。",
                en=f"Rows of '{base.label.en}' have no numeric field '{ref.field}' to aggregate.",
                suggestions=did_you_mean(ref.field, _numeric_fields(model, table)),
            )
        label = _label(ref, dim.label)
        expr = dim.expr
        fmt = _field_format(dim)
    return Metric(
        name=ref.name, kind=base.kind, label=label, format=_format(ref, fmt),
        description=_description(ref, label, base),
        time=base.time, default_period=base.default_period, implies=base.implies,
        measure=Measure(table=table, agg=ref.func, expr=expr, where=base.measure.where, percentile=ref.percentile),
        counts_customers=ref.field == ENTITY_CUSTOMER and ref.func == "count_distinct",
    )


def _field_format(field: Dimension | Tag | None) -> Format | None:
    return field.format if field is not None else None


def _description(ref: Aggregate, label: Label, base: Metric | None) -> Label:
    """The 口径 shown beside the figure (the label is shown before it, so not repeated)."""
    if base is None:
        return Label(zh="在统计日的客户范围内(按客户标签口径)计算。",
                     en="computed over the customer population as of the as-of date (customer tag definitions).")
    if ref.func == "per_customer":
        return Label(zh=f"“{base.label.zh}”的记录数 ÷ 有这些记录的去重客户数({base.description.zh})",
                     en=f"rows of '{base.label.en}' ÷ distinct customers with any such row ({base.description.en})")
    return Label(zh=f"取“{base.label.zh}”口径下的记录计算({base.description.zh})",
                 en=f"computed over the rows of '{base.label.en}' ({base.description.en})")
