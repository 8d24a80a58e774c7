"""Compile customer tags as of a date into CTEs: one per tag source, one for the tags.

Tag expressions are inlined: a name in a tag expression is a tag source's output,
another tag (substituted recursively), or a column of the customer table (or a
table it joins). Only the tags a query needs, and the sources they use, are built.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlglot import exp

from semantic_layer.compile.sqlparts import (
    add_months,
    and_all,
    col,
    date_lit,
    month_start,
    qualify,
    snippet,
    tables_in,
)
from semantic_layer.errors import QueryError
from semantic_layer.model import Tag, TagSource, Window
from semantic_layer.semantic_model import SemanticModel

CUSTOMER_ID = "customer_id"


def window_condition(column: exp.Expr, window: Window, as_of: date) -> exp.Expr:
    """The time condition for a window relative to ``as_of``."""
    nxt = as_of + timedelta(days=1)
    if window.days is not None:
        lo, hi = as_of - timedelta(days=window.days - 1), nxt
    elif window.months is not None:
        lo, hi = add_months(month_start(as_of), -(window.months - 1)), add_months(month_start(as_of), 1)
    elif window.days_after is not None:
        lo, hi = nxt, as_of + timedelta(days=window.days_after + 1)
    else:
        return exp.LT(this=column, expression=date_lit(nxt))
    return exp.and_(exp.GTE(this=column.copy(), expression=date_lit(lo)), exp.LT(this=column.copy(), expression=date_lit(hi)))


def from_with_joins(model: SemanticModel, table: str, used: set[str]) -> exp.Select:
    select = exp.select().from_(table)
    joined = {table}
    for target in sorted(used - {table}):
        for j in model.join_path(table, target):
            if j.to in joined:
                continue
            joined.add(j.to)
            select = select.join(j.to, on=exp.EQ(this=col(j.keys[0], j.table), expression=col(j.keys[1], j.to)), join_type="left", copy=False)
    return select


def source_cte(model: SemanticModel, source: TagSource, as_of: date) -> exp.Select:
    """Per-customer aggregates of one source (kinds: aggregate, top, latest)."""
    table = model.tables[source.table]
    key = col(table.customer_key or CUSTOMER_ID, source.table)

    def snip(sql: str) -> exp.Expr:
        return qualify(snippet(sql, as_of), source.table, table.columns)

    parts = [snip(s) for s in (source.where, source.key, *source.measures.values()) if s]
    select = from_with_joins(model, source.table, set(source.joins) | {t for p in parts for t in tables_in(p)})
    where = and_all([window_condition(col(source.time, source.table), source.window, as_of),
                     snip(source.where) if source.where else None])
    if source.kind == "aggregate":
        measures = [exp.alias_(snip(sql), name) for name, sql in source.measures.items()]
        return select.select(exp.alias_(key, CUSTOMER_ID), *measures).where(where).group_by(key)
    if source.kind == "top":
        assert source.key is not None
        k = snip(source.key)
        counted = select.select(exp.alias_(key, CUSTOMER_ID), exp.alias_(k, "k"), exp.alias_(snip(source.rank_by), "n")).where(where).group_by(key, k)
        tie: exp.Expr = col("k")
        if source.tie_order:
            tie = exp.Case(ifs=[exp.If(this=exp.EQ(this=col("k"), expression=exp.Literal.string(v)), true=exp.Literal.number(i)) for i, v in enumerate(source.tie_order)])
        rank = exp.Window(this=exp.RowNumber(), partition_by=[col(CUSTOMER_ID)],
                          order=exp.Order(expressions=[exp.Ordered(this=col("n"), desc=True), exp.Ordered(this=tie)]))
        ranked = exp.select(CUSTOMER_ID, "k", exp.alias_(rank, "rn")).from_(counted.subquery("counted"))
        return exp.select(CUSTOMER_ID, exp.alias_(col("k"), source.name)).from_(ranked.subquery("ranked")).where("rn = 1")
    # latest
    order = [exp.Ordered(this=col(source.time, source.table), desc=True)]
    if table.primary_key:
        order.append(exp.Ordered(this=col(table.primary_key, source.table), desc=True))
    rank = exp.Window(this=exp.RowNumber(), partition_by=[key.copy()], order=exp.Order(expressions=order))
    values = [exp.alias_(snip(sql), name) for name, sql in source.measures.items()]
    inner = select.select(exp.alias_(key, CUSTOMER_ID), *values, exp.alias_(rank, "rn")).where(where)
    return exp.select(CUSTOMER_ID, *source.measures).from_(inner.subquery("latest")).where("rn = 1")


class TagCompiler:
    """Inlines tag expressions and records which sources they need."""

    def __init__(self, model: SemanticModel, as_of: date, prefix: str = ""):
        if model.customer is None:
            raise QueryError(zh="模型没有定义客户实体,无法使用客户标签。", en="The model defines no customer entity, so tags are unavailable.")
        self.model = model
        self.as_of = as_of
        self.entity = model.customer
        self.sources: dict[str, TagSource] = {}
        self.prefix = prefix
        self._cache: dict[str, exp.Expr] = {}

    def source_alias(self, source: TagSource) -> str:
        return f"{self.prefix}tag_src_{source.name}"

    def expression(self, name: str, trail: tuple[str, ...] = ()) -> exp.Expr:
        if name in trail:
            raise QueryError(zh=f"标签循环引用: {name}", en=f"Tag cycle at {name}")
        if name not in self._cache:
            self._cache[name] = self._build(self.model.tag(name), trail + (name,))
        return self._cache[name].copy()

    def _build(self, tag: Tag, trail: tuple[str, ...]) -> exp.Expr:
        if tag.expr is not None:
            tree = self._resolve(snippet(tag.expr, self.as_of), trail)
        else:
            ifs = [exp.If(this=self._resolve(snippet(c.when, self.as_of), trail), true=exp.Literal.string(c.value)) for c in tag.cases]
            default = exp.Literal.string(tag.else_) if tag.else_ is not None else None
            tree = exp.Case(ifs=ifs, default=default)
        return tree

    def _resolve(self, tree: exp.Expr, trail: tuple[str, ...]) -> exp.Expr:
        outputs = self.model.source_outputs
        home = self.model.tables[self.entity.table]

        def sub(node: exp.Expr) -> exp.Expr:
            if not isinstance(node, exp.Column) or node.table:
                return node
            name = node.name
            if name in outputs:
                source = outputs[name]
                self.sources[source.name] = source
                ref: exp.Expr = col(name, self.source_alias(source))
                if name in source.defaults:
                    ref = exp.func("COALESCE", ref, exp.Literal.number(source.defaults[name]))
                return ref
            if name in self.model.tags:
                return exp.Paren(this=self.expression(name, trail))
            if name in home.columns:
                return col(name, home.name)
            return node

        return tree.transform(sub)

    def ctes(self, names: list[str], cte_name: str = "customer_tags") -> list[tuple[str, exp.Select]]:
        """[(name, select)] for the sources used, then the tag CTE itself."""
        columns = [exp.alias_(self.expression(n), n) for n in names]
        home = self.entity.table
        key = col(self.entity.key, home)
        used = set().union(*(tables_in(c) for c in columns)) if columns else set()
        used -= {self.source_alias(s) for s in self.sources.values()}
        select = from_with_joins(self.model, home, used)
        for source in sorted(self.sources.values(), key=lambda s: s.name):
            alias = self.source_alias(source)
            select = select.join(alias, on=exp.EQ(this=col(CUSTOMER_ID, alias), expression=key.copy()), join_type="left", copy=False)
        select = select.select(exp.alias_(key.copy(), CUSTOMER_ID), *columns, copy=False)
        if self.entity.where:
            select = select.where(snippet(self.entity.where, self.as_of), copy=False)
        out = [(self.source_alias(s), source_cte(self.model, s, self.as_of)) for s in sorted(self.sources.values(), key=lambda s: s.name)]
        return out + [(cte_name, select)]


def tag_ctes(model: SemanticModel, names: list[str], as_of: date, cte_name: str = "customer_tags", prefix: str = "") -> list[tuple[str, exp.Select]]:
    """CTEs computing ``names`` per customer as of ``as_of``; source CTE names get ``prefix``."""
    return TagCompiler(model, as_of, prefix).ctes(names, cte_name)


def tags_select(model: SemanticModel, names: list[str], as_of: date) -> exp.Select:
    """One SELECT computing the tags (used by ``wenshu tags build`` and tests)."""
    ctes = tag_ctes(model, names, as_of)
    final = exp.select("*").from_("customer_tags")
    for name, cte in ctes:
        final = final.with_(name, as_=cte, copy=False)
    return final
