"""Questions wenshu offers: the starters of an empty page and the breakdowns a follow-up
suggests. Every business word comes from the semantic model: its ``starters`` and
``suggested_breakdowns`` when it declares them, otherwise questions put together from
its own metric and dimension labels (a model with no bank words offers none)."""

from __future__ import annotations

from semantic_layer.model import Dimension, Label, Metric, Starter
from semantic_layer.semantic_model import SemanticModel

GENERIC_STARTERS = 3  # how many starters a model without its own gets
OTHER_LANGUAGE = 2  # starters also shown in the language the browser does not ask for

# How a generic question reads: (zh, en), filled with the labels of the model's fields.
BY_FIELD = ("各{field}的{metric}", "{metric} by {field}")
SPLIT = ("按{field}拆分呢?", "Split by {field}?")


def starters(model: SemanticModel) -> tuple[Starter, ...]:
    """The model's own starters, or: its first headline metric as a plain figure, then
    headline metrics broken down by the fields it suggests (or its labelled categories)."""
    if model.starters:
        return model.starters
    metrics = _offered_metrics(model)
    if not metrics:
        return ()
    out = [Starter(zh=metrics[0].label.zh, en=metrics[0].label.en)]
    pairs = [(m, f) for m in metrics for f in breakdown_fields(model, (m.name,))]
    for metric, field in _spread(pairs):
        if len(out) >= GENERIC_STARTERS:
            break
        label = _field_label(model, field)
        out.append(Starter(zh=BY_FIELD[0].format(field=label.zh, metric=metric.label.zh),
                           en=BY_FIELD[1].format(field=label.en, metric=metric.label.en)))
    return tuple(out)


def starter_questions(model: SemanticModel, lang: str) -> list[str]:
    """The starter questions in one language (``zh`` or ``en``)."""
    return [s.zh if lang == "zh" else s.en for s in starters(model)]


def page_starters(model: SemanticModel, first: str) -> list[tuple[str, str]]:
    """(label, question) buttons for an empty page: every starter in the ``first``
    language, then the first few in the other, so that both languages are offered."""
    other = "en" if first == "zh" else "zh"
    found = starters(model)

    def button(s: Starter, lang: str) -> tuple[str, str]:
        question = s.zh if lang == "zh" else s.en
        label = (s.label.zh if lang == "zh" else s.label.en) if s.label else question
        return label, question

    return [button(s, first) for s in found] + [button(s, other) for s in found[:OTHER_LANGUAGE]]


def breakdown_fields(model: SemanticModel, metrics: tuple[str, ...]) -> list[str]:
    """Fields to offer as "split by …": the model's ``suggested_breakdowns``, or else the
    labelled category dimensions of the table the (first) metric is measured on."""
    if model.suggested_breakdowns:
        return list(model.suggested_breakdowns)
    table = next((t for t in (_home_table(model, model.metrics.get(m)) for m in metrics) if t), None)
    if table is None:
        return []
    return [d.name for d in model.dimensions.get(table, {}).values() if _groups_well(d)]


def split_question(model: SemanticModel, field: str, lang: str) -> str:
    """"按区域拆分呢?" / "Split by region?" with the field's label."""
    label = _field_label(model, field)
    return SPLIT[0].format(field=label.zh) if lang == "zh" else SPLIT[1].format(field=label.en)


def _offered_metrics(model: SemanticModel) -> list[Metric]:
    named = [model.metrics[n] for n in model.headline_metrics if n in model.metrics]
    return named or [m for m in model.metric_list if not m.hidden]


def _spread(pairs: list[tuple[Metric, str]]) -> list[tuple[Metric, str]]:
    """Pairs reordered so that consecutive ones differ in metric and field where they can."""
    out: list[tuple[Metric, str]] = []
    rest = list(pairs)
    while rest:
        last = out[-1] if out else None
        pick = next((p for p in rest if last is None or (p[0] is not last[0] and p[1] != last[1])), rest[0])
        out.append(pick)
        rest.remove(pick)
    return out


def _groups_well(d: Dimension) -> bool:
    """A category with labelled (or data-read) values: a breakdown with a handful of rows."""
    return d.type == "category" and bool(d.values or d.values_from_data)


def _home_table(model: SemanticModel, metric: Metric | None, depth: int = 0) -> str | None:
    """The table a metric is measured on, following ratios to their numerator."""
    if metric is None or depth > 5:
        return None
    if metric.measure is not None:
        return metric.measure.table
    if metric.numerator is not None:
        return _home_table(model, model.metrics.get(metric.numerator), depth + 1)
    if metric.kind == "customers" and model.customer is not None:
        return model.customer.table
    return None


def _field_label(model: SemanticModel, name: str) -> Label:
    ref = model.tags.get(name) or next((dims[name] for dims in model.dimensions.values() if name in dims), None)
    return ref.label if ref is not None else Label(zh=name, en=name)


__all__ = ["breakdown_fields", "page_starters", "split_question", "starter_questions", "starters"]
