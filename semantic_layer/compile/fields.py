"""Resolving a field name (dimension or tag) for a leaf, and compiling filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlglot import exp

from semantic_layer.compile.sqlparts import col, snippet
from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.model import Dimension, Label, Tag, ValueLabel
from semantic_layer.query import Filter, Scalar
from semantic_layer.semantic_model import SemanticModel

TAGS = "customer_tags"


@dataclass(frozen=True)
class FieldRef:
    name: str
    dimension: Dimension | None = None
    tag: Tag | None = None

    @property
    def values(self) -> dict[str, ValueLabel]:
        return (self.dimension or self.tag).values  # type: ignore[union-attr]

    @property
    def label(self) -> Label:
        return (self.dimension or self.tag).label  # type: ignore[union-attr]

    @property
    def type(self) -> str:
        return (self.dimension or self.tag).type  # type: ignore[union-attr]

    def expression(self, as_of: date, tags_alias: str = TAGS) -> exp.Expr:
        if self.dimension is not None:
            tree = snippet(self.dimension.expr, as_of)
            # "loans.overdue_days > 0" compared with TRUE, or grouped: kept whole
            return tree if isinstance(tree, (exp.Column, exp.Literal, exp.Func, exp.Paren)) else exp.Paren(this=tree)
        return col(self.name, tags_alias)


def resolve_field(model: SemanticModel, name: str, table: str | None, metric: str) -> FieldRef:
    """A field as seen from a leaf over ``table`` (``None``: rows are customers)."""
    if table is not None and name in model.dimensions.get(table, {}):
        return FieldRef(name, dimension=model.dimensions[table][name])
    customer_rows = table is None or model.tables[table].customer_key is not None
    if name in model.tags and customer_rows:
        return FieldRef(name, tag=model.tags[name])
    known = model.field_names()
    if name in known:
        raise QueryError(
            zh=f"指标 “{metric}” 不能按 “{name}” 拆分或筛选。",
            en=f"Metric '{metric}' cannot be broken down or filtered by '{name}'.",
        )
    raise QueryError(
        zh=f"没有名为 “{name}” 的维度或标签。",
        en=f"There is no dimension or tag named '{name}'.",
        suggestions=did_you_mean(name, known),
    )


def normalize_value(ref: FieldRef, value: Scalar) -> Scalar:
    """Map a label or synonym to the stored code; reject unknown codes with suggestions."""
    if ref.type == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        truth = {"true": True, "yes": True, "1": True, "是": True, "false": False, "no": False, "0": False, "否": False}
        if text in truth:
            return truth[text]
        raise QueryError(zh=f"“{ref.name}” 只能取 是/否。", en=f"'{ref.name}' takes true or false.")
    values = ref.values
    if not values or ref.type == "number" or not isinstance(value, str):
        return value
    if value in values:
        return value
    wanted = value.strip().lower()
    for code, label in values.items():
        names = [code, label.zh, label.en, *label.synonyms]
        if wanted in (n.lower() for n in names):
            return code
    raise QueryError(
        zh=f"“{ref.name}” 没有取值 “{value}”。",
        en=f"'{ref.name}' has no value '{value}'.",
        suggestions=did_you_mean(value, list(values)),
    )


def literal(value: Scalar) -> exp.Expr:
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


OPERATORS = {
    "=": lambda e, v: exp.EQ(this=e, expression=literal(v)),
    "!=": lambda e, v: exp.NEQ(this=e, expression=literal(v)),
    ">": lambda e, v: exp.GT(this=e, expression=literal(v)),
    ">=": lambda e, v: exp.GTE(this=e, expression=literal(v)),
    "<": lambda e, v: exp.LT(this=e, expression=literal(v)),
    "<=": lambda e, v: exp.LTE(this=e, expression=literal(v)),
    "in": lambda e, v: exp.In(this=e, expressions=[literal(x) for x in v]),
    "not_in": lambda e, v: exp.Not(this=exp.In(this=e, expressions=[literal(x) for x in v])),
    "between": lambda e, v: exp.Between(this=e, low=literal(v[0]), high=literal(v[1])),
    "is_null": lambda e, v: exp.Is(this=e, expression=exp.Null()),
    "not_null": lambda e, v: exp.Not(this=exp.Is(this=e, expression=exp.Null())),
}


def filter_condition(ref: FieldRef, f: Filter, target: exp.Expr) -> exp.Expr:
    value = f.value
    if isinstance(value, tuple):
        value = tuple(normalize_value(ref, v) for v in value)
    elif value is not None:
        value = normalize_value(ref, value)
    return OPERATORS[f.op](target, value)
