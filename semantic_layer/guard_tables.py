"""Table rules of the SQL guard: what a FROM may name, and what ``*`` may expand over.

A table reference is fine when it names a CTE visible at that point of the query, or an
allow-listed table of this database. Table functions, files and URLs, other databases
and positional column renames of base tables are refused.
"""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.errors import UnsafeSQLError, did_you_mean
from semantic_layer.guard_columns import ancestry
from semantic_layer.guard_functions import function_name

# Characters that make DuckDB read a table name as a file or URL (replacement scans).
PATH_CHARACTERS = frozenset("/\\.:*?~")
SAME_DATABASE = "main"


def check_table(table: exp.Table, allowed_tables: frozenset[str]) -> None:
    """Raise ``UnsafeSQLError`` unless ``table`` is a visible CTE or an allowed table."""
    source = table.this
    if not isinstance(source, exp.Identifier):
        name = function_name(source) if isinstance(source, exp.Func) else source.sql()
        raise UnsafeSQLError(
            zh=f"不允许使用表函数 {name}，请只查询数据集市中的表。",
            en=f"table function {name} is not allowed; query the data mart tables instead.",
        )
    name = table.name.lower()
    if table.catalog or (table.db and table.db.lower() != SAME_DATABASE):
        raise UnsafeSQLError(
            zh=f"不允许查询其他数据库中的表 {table.sql()}。",
            en=f"table {table.sql()} belongs to another database and is not allowed.",
        )
    if PATH_CHARACTERS & set(name):
        raise UnsafeSQLError(
            zh=f"不允许把文件或网址当作表读取：{name}。",
            en=f"reading a file or URL as a table is not allowed: {name}.",
        )
    if is_cte_reference(table):
        return
    alias = table.args.get("alias")
    if alias is not None and alias.columns:
        # DuckDB renames the table's real columns in order, which name resolution
        # (knowing only column names) cannot follow.
        raise UnsafeSQLError(
            zh=f"不允许按位置给表 {name} 的列改名（如 {name} AS t(a, b)），请在 SELECT 中逐列起别名。",
            en=f"renaming the columns of table {name} by position (AS t(a, b)) is not allowed; "
            "alias the columns one by one in the SELECT list.",
        )
    if name not in allowed_tables:
        raise UnsafeSQLError(
            zh=f"表 {name} 不在允许查询的表清单中。",
            en=f"table {name} is not on the allow-list of tables.",
            suggestions=did_you_mean(name, set(allowed_tables)),
        )


def check_star(star: exp.Star, pii_tables: frozenset[str]) -> None:
    """Refuse a ``*`` or ``t.*`` that would expand over a base table's columns."""
    for table in star_base_tables(star):
        name = table.name.lower()
        if name in pii_tables:
            raise UnsafeSQLError(
                zh=f"不能对含个人敏感信息的表 {name} 使用 SELECT *，请写明需要的列。",
                en=f"SELECT * over table {name} would show personal data (PII); "
                "name the columns you need.",
            )
        raise UnsafeSQLError(
            zh=f"不能对表 {name} 使用 SELECT *（可能带出未授权的列），请写明需要的列。",
            en=f"SELECT * over table {name} may show columns outside the allow-list; "
            "name the columns you need.",
        )


def is_cte_reference(table: exp.Table) -> bool:
    """True when ``table`` names a CTE (a schema-qualified name never does)."""
    return not table.db and table.name.lower() in visible_ctes(table)


def visible_ctes(node: exp.Expr) -> set[str]:
    """Names of the CTEs visible at ``node``: all CTEs of every enclosing query, except
    that inside a CTE's own body only the earlier ones are (and itself, if RECURSIVE)."""
    names: set[str] = set()
    for child, parent in ancestry(node):
        if isinstance(parent, exp.With) and isinstance(child, exp.CTE):
            position = child.index or 0
            end = position + 1 if parent.args.get("recursive") else position
            names |= {cte.alias_or_name.lower() for cte in parent.expressions[:end]}
        elif isinstance(parent, exp.Query) and not isinstance(child, exp.With):
            with_ = parent.args.get("with_")
            names |= {cte.alias_or_name.lower() for cte in with_.expressions} if with_ else set()
    return names


def star_base_tables(star: exp.Star) -> list[exp.Table]:
    """Base tables (not CTEs) whose columns a ``*`` or ``t.*`` would show (none for COUNT(*))."""
    select = star.find_ancestor(exp.Select)
    if select is None or isinstance(star.parent, exp.Count):
        return []
    from_ = select.args.get("from_")
    sources = [from_.this] if from_ else []
    sources += [join.this for join in select.args.get("joins") or []]
    qualifier = star.parent.table if isinstance(star.parent, exp.Column) else ""
    named = [s for s in sources if qualifier and s.alias_or_name.lower() == qualifier.lower()]
    return [s for s in named or sources if isinstance(s, exp.Table) and not is_cte_reference(s)]
