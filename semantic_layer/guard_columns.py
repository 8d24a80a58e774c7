"""Column rules of the SQL guard: every name resolves, to an allowed column, and PII stays masked.

Names are resolved with sqlglot's ``qualify`` and ``traverse_scope`` on a copy of the
tree. Anything that cannot be resolved is refused rather than let through: a bare name
DuckDB might read as a whole row (``SELECT c FROM customers c``), a dotted method call,
a column of a source that is not in scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from semantic_layer.errors import UnsafeSQLError, did_you_mean
from semantic_layer.guard_functions import is_masking

# Where a bare identifier may sit: node type -> argument names (None: any argument).
IDENTIFIER_SLOTS: dict[type[exp.Expr], frozenset[str] | None] = {
    exp.Column: None,
    exp.Table: None,
    exp.TableAlias: None,
    exp.Alias: frozenset({"alias"}),
    exp.Join: frozenset({"using"}),
    exp.PropertyEQ: frozenset({"this"}),
    exp.Window: frozenset({"this", "alias"}),
}
# A PII column may appear under these clauses (it filters or groups, it is not shown) ...
PII_SAFE_CLAUSES: tuple[type[exp.Expr], ...] = (exp.Where, exp.Group, exp.Having)
# ... or as what these aggregates count.
PII_SAFE_AGGREGATES: tuple[type[exp.Expr], ...] = (exp.Count, exp.ApproxDistinct)


@dataclass(frozen=True)
class ColumnRef:
    """A column reference resolved to a base (allow-listed) table."""

    table: str
    column: str
    node: exp.Column


def check_identifiers(tree: exp.Expr) -> None:
    """Refuse bare names in places where DuckDB could read them as a column or a row."""
    for ident in tree.find_all(exp.Identifier):
        parent = ident.parent
        slots = IDENTIFIER_SLOTS.get(type(parent), frozenset()) if parent else frozenset()
        if slots is None or ident.arg_key in slots:
            continue
        raise _unresolved(ident.name, "dotted")


def qualified_copy(
    tree: exp.Expr, schema: Mapping[str, Mapping[str, str]], dialect: str
) -> exp.Expr:
    """``tree`` with every column qualified by its source; refuse when that fails."""
    try:
        return qualify(
            tree.copy(),
            schema=dict(schema),
            dialect=dialect,
            quote_identifiers=False,
            validate_qualify_columns=True,
        )
    except Exception as exc:  # noqa: BLE001 - any failure to resolve names is a refusal
        text = str(exc).split(". Line")[0]
        match = re.search(r"Column '([^']+)'|Unknown column: (\w+)", text)
        if match is None:
            raise _unresolved("", "unknown", detail=text) from None
        name = next(g for g in match.groups() if g)
        known = {c for columns in schema.values() for c in columns}
        raise _unresolved(name, "missing", suggestions=did_you_mean(name, known)) from None


def resolve_columns(qualified: exp.Expr) -> list[ColumnRef]:
    """Every column that reads a base table; refuse any column that resolves nowhere."""
    row = next(qualified.find_all(exp.TableColumn), None)
    if row is not None:
        raise _unresolved(row.name, "whole_row")
    resolved: dict[int, ColumnRef | None] = {}
    for scope in traverse_scope(qualified):
        correlated = {id(column) for column in scope.external_columns}
        for column in scope.columns:
            source = scope.sources.get(column.table)
            if source is None:
                if id(column) in correlated:
                    continue  # resolved by an enclosing scope
                raise _unresolved(column.sql(), "out_of_scope")
            resolved[id(column)] = (
                ColumnRef(source.name.lower(), column.name.lower(), column)
                if isinstance(source, exp.Table)
                else None
            )
    for column in qualified.find_all(exp.Column):
        if id(column) not in resolved and not _is_alias_reference(column):
            raise _unresolved(column.sql(), "out_of_scope")
    return [ref for ref in resolved.values() if ref is not None]


def check_allowed_columns(refs: list[ColumnRef], allowed: Mapping[str, frozenset[str]]) -> None:
    for ref in refs:
        permitted = allowed.get(ref.table, frozenset())
        if ref.column not in permitted:
            raise UnsafeSQLError(
                zh=f"列 {ref.table}.{ref.column} 不在允许查询的列清单中。",
                en=f"column {ref.table}.{ref.column} is not on the allow-list of columns.",
                suggestions=did_you_mean(ref.column, set(permitted)),
            )


def check_pii(refs: list[ColumnRef], pii: Mapping[str, frozenset[str]], masked: bool = False) -> None:
    """Personal-data columns are read nowhere — not in SELECT, WHERE, HAVING, ORDER BY, a
    join or inside any function (a filter or a hash of a phone number still reveals it) —
    unless the policy allows a masked form, and then only as the argument of a hash."""
    for ref in refs:
        if ref.column in pii.get(ref.table, frozenset()) and not (masked and _hashed(ref.node)):
            raise UnsafeSQLError(
                zh=f"列 {ref.table}.{ref.column} 是个人敏感信息(PII),任何查询都不能读取它。请改问汇总统计。",
                en=f"column {ref.table}.{ref.column} is personal data (PII) and no query may read it; "
                "ask for aggregates instead.",
            )


def _hashed(column: exp.Column) -> bool:
    """True when the column is directly the value a hash function masks."""
    parent = column.parent
    return parent is not None and is_masking(parent) and column.arg_key == "this"


def ancestry(node: exp.Expr) -> Iterator[tuple[exp.Expr, exp.Expr]]:
    while node.parent is not None:
        yield node, node.parent
        node = node.parent


def _is_alias_reference(column: exp.Column) -> bool:
    """``ORDER BY n`` naming an output column of the query it orders."""
    if column.table:
        return False
    order = column.find_ancestor(exp.Order, exp.Query)
    return (
        isinstance(order, exp.Order)
        and isinstance(order.parent, exp.Query)
        and column.name in order.parent.named_selects
    )


# Why a name could not be resolved: key -> (zh, en).
UNRESOLVED_REASONS: dict[str, tuple[str, str]] = {
    "missing": ("范围内没有哪张允许的表有这个列", "no allowed table in scope has it"),
    "whole_row": (
        "它指向整行数据，会带出所有列",
        "it names a whole row, which would show every column",
    ),
    "dotted": ("点号方法调用或字段访问无法确认", "a dotted method call or field access"),
    "out_of_scope": (
        "它既不是范围内表的列，也不是别名",
        "it is neither a column of a table in scope nor an alias",
    ),
    "unknown": ("名称解析失败", "name resolution failed"),
}


def _unresolved(
    name: str, reason: str, *, detail: str = "", suggestions: list[str] | None = None
) -> UnsafeSQLError:
    zh_why, en_why = UNRESOLVED_REASONS[reason]
    if detail:
        zh_why, en_why = f"{zh_why}: {detail}", f"{en_why}: {detail}"
    zh_subject = f"名称 {name} " if name else "某个列名"
    en_subject = f"column {name}" if name else "a column"
    return UnsafeSQLError(
        zh=f"无法确认{zh_subject}指向允许查询的列（{zh_why}）。请写明 表.列 并只使用允许的列。",
        en=f"could not resolve {en_subject} to an allowed column ({en_why}); "
        "qualify it as table.column and use only allowed columns.",
        suggestions=suggestions or [],
    )
