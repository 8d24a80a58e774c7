"""A compact text catalogue of the semantic model, for the LLM's system prompt.

It lists what a ``SemanticQuery`` may name: visible metrics (label, format, 口径,
a few synonyms, the table whose dimensions apply), dimensions per table, customer
tags with their codes, time grains and filter operators. Everything comes from the
YAML model, so a new metric or code reaches the prompt without a code change.
"""

from __future__ import annotations

from typing import get_args

from semantic_layer.compile.plan import metric_leaves
from semantic_layer.model import Dimension, Label, Metric, Synonyms, Tag
from semantic_layer.query import Grain, Operator
from semantic_layer.semantic_model import SemanticModel

MAX_SYNONYMS = 2  # per language
MAX_DATA_VALUES = 30
MAX_DATA_CHARS = 300


def _label(label: Label, lang: str) -> str:
    return {"zh": label.zh, "en": label.en}.get(lang, f"{label.zh} / {label.en}")


def _synonyms(synonyms: Synonyms, lang: str) -> str:
    words: list[str] = []
    if lang in ("zh", "both"):
        words += synonyms.zh[:MAX_SYNONYMS]
    if lang in ("en", "both"):
        words += synonyms.en[:MAX_SYNONYMS]
    return f"; aka {', '.join(words)}" if words else ""


def _metric_table(model: SemanticModel, metric: Metric) -> str:
    tables = {
        leaf.measure.table if leaf.measure else "customers" for leaf in metric_leaves(model, metric)
    }
    return ",".join(sorted(tables))


def _metric_line(model: SemanticModel, metric: Metric, lang: str) -> str:
    description = metric.description.en if lang == "en" else metric.description.zh
    line = (
        f"- {metric.name} [{_metric_table(model, metric)}] {_label(metric.label, lang)}"
        f" ({metric.format}): {description}{_synonyms(metric.synonyms, lang)}"
    )
    if metric.ambiguous_with:
        line += f"; AMBIGUOUS with {', '.join(metric.ambiguous_with)}"
    return line


def _data_values(found: list[str]) -> str:
    shown: list[str] = []
    for raw in found[:MAX_DATA_VALUES]:
        value = " ".join(str(raw).split())  # one line per field, whatever the data holds
        if sum(len(v) + 2 for v in shown) + len(value) > MAX_DATA_CHARS:
            break
        shown.append(value)
    more = len(found) - len(shown)
    return ", ".join(shown) + (f", … (+{more} more)" if more else "")


def _code(code: str, label: str) -> str:
    return code if code == label else f"{code}={label}"


def _field_line(field: Dimension | Tag, lang: str, values: dict[str, list[str]]) -> str:
    kind = "" if field.type == "category" else f" ({field.type}{', ' + field.format if field.format else ''})"
    line = f"- {field.name} {_label(field.label, lang)}{kind}"
    if field.values:
        codes = (
            _code(code, label.en if lang == "en" else label.zh)
            for code, label in field.values.items()
        )
        line += ": " + ", ".join(codes)
    elif field.values_from_data and values.get(field.name):
        line += ": " + _data_values(values[field.name])
    elif field.values_from_data:
        line += ": values from data"
    return line


def build_catalog(
    model: SemanticModel, values: dict[str, list[str]] | None = None, lang: str = "both"
) -> str:
    """The model as prompt text. ``values`` adds data values (cities, branches,
    campaign names...) of value-from-data fields, keyed by field name; ``lang`` is
    ``zh``, ``en`` or ``both`` (labels in both languages, 口径 in Chinese)."""
    values = values or {}
    lines = ["## Metrics 指标 — name [table] label (format): 口径; aka synonyms"]
    lines += [_metric_line(model, m, lang) for m in model.metric_list if not m.hidden]
    lines += [
        "",
        "## Dimensions 维度 — only for metrics of the same [table]; name label (type, when not a category): code=label",
    ]
    for table, dims in model.dimensions.items():
        label = model.tables[table].label
        lines.append(
            f"### {table}" + (f" {label.en if lang == 'en' else label.zh}" if label else "")
        )
        lines += [_field_line(d, lang, values) for d in dims.values()]
    lines += [
        "",
        "## Customer tags 客户标签 — per customer as of D; for any metric whose table has customers",
    ]
    lines += [_field_line(t, lang, values) for t in model.tag_list]
    lines += [
        "",
        f"## Time grains 时间粒度: {', '.join(get_args(Grain))}",
        f"## Filter operators 筛选运算: {', '.join(get_args(Operator))}",
    ]
    return "\n".join(lines)
