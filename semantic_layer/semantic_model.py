"""The loaded semantic model: lookups over tables, joins, dimensions, tags, metrics."""

from __future__ import annotations

import re
from collections import deque
from functools import cached_property
from typing import TYPE_CHECKING, Any

from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.model import (
    AsOf,
    Currency,
    Dimension,
    Entity,
    Join,
    Label,
    Metric,
    Starter,
    Synonyms,
    Table,
    Tag,
    TagSource,
    ValueLabel,
)

if TYPE_CHECKING:
    from semantic_layer.load import Located


class SemanticModel:
    """An immutable view of a merged model. Build it with :func:`load_model`."""

    def __init__(self, merged: dict[str, Any], located: dict[int, Located]):
        self.name: str = merged.get("name") or "model"
        self.description: Label | None = merged.get("description")
        self.as_of: AsOf | None = merged.get("as_of")
        self.customer: Entity | None = merged.get("customer")
        self.not_covered: Synonyms = merged.get("not_covered") or Synonyms()
        self.headline_metrics: tuple[str, ...] = tuple(merged.get("headline_metrics") or ())
        self.default_metric: str | None = merged.get("default_metric")
        self.min_group_size: int = merged.get("min_group_size") or 5
        self.currency: Currency = merged.get("currency") or Currency()
        self.suggested_breakdowns: tuple[str, ...] = tuple(merged.get("suggested_breakdowns") or ())
        self.starters: tuple[Starter, ...] = tuple(merged.get("starters") or ())
        self.table_list: list[Table] = merged["tables"]
        self.join_list: list[Join] = merged["joins"]
        self.dimension_list: list[Dimension] = merged["dimensions"]
        self.source_list: list[TagSource] = merged["tag_sources"]
        self.tag_list: list[Tag] = merged["tags"]
        self.metric_list: list[Metric] = merged["metrics"]
        self._located = located
        self.tables = {t.name: t for t in self.table_list}
        self.tags = {t.name: t for t in self.tag_list}
        self.metrics = {m.name: m for m in self.metric_list}
        self.sources = {s.name: s for s in self.source_list}
        self.dimensions: dict[str, dict[str, Dimension]] = {}
        for d in self.dimension_list:
            self.dimensions.setdefault(d.table, {})[d.name] = d

    def located(self, element: object) -> Located | None:
        return self._located.get(id(element))

    # -- lookups with "did you mean" -------------------------------------------------
    def metric(self, name: str) -> Metric:
        if name in self.metrics:
            return self.metrics[name]
        visible = [m.name for m in self.metric_list if not m.hidden]
        raise QueryError(
            zh=f"没有名为 “{name}” 的指标。",
            en=f"There is no metric named '{name}'.",
            suggestions=did_you_mean(name, visible),
        )

    def tag(self, name: str) -> Tag:
        if name in self.tags:
            return self.tags[name]
        raise QueryError(
            zh=f"没有名为 “{name}” 的客户标签。",
            en=f"There is no customer tag named '{name}'.",
            suggestions=did_you_mean(name, list(self.tags)),
        )

    @cached_property
    def source_outputs(self) -> dict[str, TagSource]:
        """Every name a tag source produces -> that source."""
        out: dict[str, TagSource] = {}
        for s in self.source_list:
            names = [s.name] if s.kind == "top" else list(s.measures)
            for n in names:
                out[n] = s
        return out

    def tag_window_days(self, name: str, counts_only: bool = False) -> int | None:
        """The days of the window a tag's source reads its rows over (近30天登录天数: 30), if it has one; with
        ``counts_only`` only for a figure the source counts (never the value it picks, as the most active period)."""
        tag = self.tags.get(name)
        expr = (tag.expr or "").strip() if tag is not None else name
        source = self.source_outputs.get(expr)
        if source is None or source.window is None or counts_only and expr not in source.measures:
            return None
        return source.window.days

    def tag_reads(self, tag: str, table: str | None, code: object) -> bool:
        """Is ``code`` (a value of a field of ``table``) among the rows customer tag ``tag`` is read from — its own source
        output, or those its expression reads ("activity level": the login days counted from the login events)?"""
        ref = self.tags.get(tag)
        if ref is None:
            return False
        said = " ".join([ref.expr or "", *(c.when for c in ref.cases or ())])  # (a banded tag reads its cases' columns)
        for name in {tag, *re.findall(r"[A-Za-z_][A-Za-z0-9_]*", said)}:
            source = self.source_outputs.get(name)
            if source is not None and source.table == table and f"'{code}'" in source.measures.get(name, "") + (source.where or ""):
                return True
        return False

    def field_values(self, name: str) -> dict[str, ValueLabel]:
        """The labelled values of a tag, or of every dimension of that name (product_type of
        loans and of deposit accounts: each code keeps the first table's label)."""
        if name in self.tags:
            return self.tags[name].values
        out: dict[str, ValueLabel] = {}
        for dims in self.dimensions.values():
            if name in dims:
                out = {**dims[name].values, **out}
        return out

    def field(self, name: str, table: str | None = None) -> Tag | Dimension | None:
        """The field a word names: the dimension ``name`` of ``table``, else the customer tag."""
        return self.dimensions.get(table, {}).get(name) if table else self.tags.get(name)

    def field_column(self, name: str, table: str | None = None) -> tuple[str, str] | None:
        """The ``(table, column)`` a field is when it is a plain column of a table
        (``loans.status``; ``branches.region`` of the region tag), else ``None``."""
        ref = self.field(name, table)
        column = re.fullmatch(r"([a-z_]+)\.([a-z_]+)", ref.expr or "") if ref is not None else None
        return (column.group(1), column.group(2)) if column else None

    def latest_of(self, name: str) -> str | None:
        """The table whose latest row per customer a tag is read off (最近一次问卷满意度:
        survey_responses), else ``None``."""
        tag = self.tags.get(name)
        source = self.source_outputs.get(tag.expr or "") if tag is not None else None
        return source.table if source is not None and source.kind == "latest" and source.table in self.tables else None

    def tag_table(self, name: str) -> str | None:
        """The table a customer tag's values are read from when the tag is a plain column of
        another table (branch, city, region → branches); ``None`` for any other field."""
        column = self.field_column(name) if name in self.tags else None
        return column[0] if column else None

    def field_names(self) -> set[str]:
        names = set(self.tags)
        for dims in self.dimensions.values():
            names |= set(dims)
        return names

    # -- joins ------------------------------------------------------------------------
    @cached_property
    def _edges(self) -> dict[str, list[Join]]:
        edges: dict[str, list[Join]] = {}
        for j in self.join_list:
            edges.setdefault(j.table, []).append(j)
        return edges

    def join_path(self, start: str, goal: str) -> list[Join]:
        """Many-to-one joins leading from ``start`` to ``goal`` (shortest), or raise."""
        if start == goal:
            return []
        seen = {start}
        queue: deque[tuple[str, list[Join]]] = deque([(start, [])])
        while queue:
            table, path = queue.popleft()
            for j in self._edges.get(table, []):
                if j.to in seen:
                    continue
                if j.to == goal:
                    return path + [j]
                seen.add(j.to)
                queue.append((j.to, path + [j]))
        raise QueryError(
            zh=f"模型中没有从 {start} 到 {goal} 的关联。",
            en=f"The model has no join from {start} to {goal}.",
        )

    def allowed_columns(self) -> dict[str, frozenset[str]]:
        return {t.name: frozenset(t.columns) for t in self.table_list}

    def pii_columns(self) -> dict[str, frozenset[str]]:
        return {t.name: frozenset(t.pii) for t in self.table_list if t.pii}
