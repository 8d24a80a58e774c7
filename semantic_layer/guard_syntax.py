"""Which SQL constructs validated SQL may contain: an allow-list of sqlglot node types.

sqlglot knows far more syntax than analytic questions need, and DuckDB has constructs
that read data in ways name resolution cannot follow (``SELECT #1`` is the first column
of the FROM clause, ``x.upper()`` a method call). Anything not listed here is refused;
function calls are judged by the function allow-list in ``guard_functions``.
"""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.errors import UnsafeSQLError

QUERY_STRUCTURE: tuple[type[exp.Expr], ...] = (
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Subquery, exp.With, exp.CTE,
    exp.From, exp.Join, exp.Lateral, exp.Table, exp.TableAlias, exp.Values, exp.TableSample,
    exp.Where, exp.Group, exp.Rollup, exp.Cube, exp.GroupingSets, exp.Having, exp.Qualify,
    exp.Order, exp.Ordered, exp.Limit, exp.LimitOptions, exp.Offset, exp.Fetch,
    exp.Distinct, exp.Alias, exp.Star,
)  # fmt: skip
WINDOWS_AND_AGGREGATES: tuple[type[exp.Expr], ...] = (
    exp.Window, exp.WindowSpec, exp.Filter, exp.WithinGroup, exp.IgnoreNulls, exp.RespectNulls,
)  # fmt: skip
OPERATORS: tuple[type[exp.Expr], ...] = (
    exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ,
    exp.Add, exp.Sub, exp.Mul, exp.Div, exp.IntDiv, exp.Mod, exp.Neg, exp.DPipe,
    exp.Not, exp.Is, exp.In, exp.Between, exp.Any, exp.All,
    exp.Like, exp.ILike, exp.SimilarTo, exp.Escape, exp.Paren, exp.Tuple, exp.Bracket,
)  # fmt: skip
VALUES_AND_NAMES: tuple[type[exp.Expr], ...] = (
    exp.Column, exp.Identifier, exp.Literal, exp.Boolean, exp.Null, exp.Var,
    exp.Interval, exp.IntervalSpan, exp.DataType, exp.DataTypeParam, exp.PropertyEQ,
)  # fmt: skip

ALLOWED_SYNTAX: frozenset[type[exp.Expr]] = frozenset(
    QUERY_STRUCTURE + WINDOWS_AND_AGGREGATES + OPERATORS + VALUES_AND_NAMES
)


def check_syntax(tree: exp.Expr) -> None:
    """Raise ``UnsafeSQLError`` at the first node that is neither allowed nor a function."""
    for node in tree.walk():
        if isinstance(node, exp.Func) or type(node) in ALLOWED_SYNTAX:
            continue
        shown = node.sql(dialect="duckdb")[:60]
        raise UnsafeSQLError(
            zh=f"不支持这种 SQL 写法（{node.key}：{shown}）。请只用普通的列、函数和运算符。",
            en=f"the SQL construct {node.key} ({shown}) is not supported; use plain columns, "
            "functions and operators.",
        )
