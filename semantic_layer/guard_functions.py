"""Which SQL functions validated SQL may call (an allow-list) and which it may never call.

The allow-list is made of sqlglot expression classes, matched by exact type so that a
subclass with a different meaning is not let in by accident, plus a few DuckDB
function names that sqlglot parses as ``exp.Anonymous``. The deny-list only sharpens
the message for names that read files, settings or the system: anything not allowed
is refused either way.
"""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.errors import UnsafeSQLError

AGGREGATES: tuple[type[exp.Func], ...] = (
    exp.Count, exp.CountIf, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Median, exp.Mode,
    exp.Stddev, exp.StddevSamp, exp.StddevPop, exp.Variance, exp.VariancePop,
    exp.PercentileCont, exp.PercentileDisc, exp.Quantile, exp.ApproxDistinct,
    exp.LogicalAnd, exp.LogicalOr, exp.AnyValue, exp.ArgMax, exp.ArgMin,
    exp.Corr, exp.CovarSamp, exp.CovarPop, exp.First, exp.Last,
    exp.GroupConcat, exp.ArrayAgg,
)  # fmt: skip
WINDOW_FUNCTIONS: tuple[type[exp.Func], ...] = (
    exp.RowNumber, exp.Rank, exp.DenseRank, exp.PercentRank, exp.CumeDist, exp.Ntile,
    exp.Lag, exp.Lead, exp.FirstValue, exp.LastValue, exp.NthValue,
)  # fmt: skip
DATE_TIME: tuple[type[exp.Func], ...] = (
    exp.DateTrunc, exp.TimestampTrunc, exp.TimeTrunc, exp.Extract, exp.Year, exp.Quarter,
    exp.Month, exp.Week, exp.Day, exp.DayOfMonth, exp.DayOfWeek, exp.DayOfWeekIso,
    exp.DayOfYear, exp.Hour, exp.Minute, exp.Second, exp.TimeToUnix, exp.UnixToTime,
    exp.DateDiff, exp.DateAdd, exp.DateSub, exp.TimestampAdd, exp.TimestampDiff,
    exp.TimeToStr, exp.StrToTime, exp.StrToDate, exp.TsOrDsToDate, exp.DateFromParts,
    exp.LastDay, exp.CurrentDate, exp.CurrentTimestamp, exp.DateBin, exp.Date,
)  # fmt: skip
CONDITIONAL_AND_CASTS: tuple[type[exp.Func], ...] = (
    exp.Case, exp.If, exp.Coalesce, exp.Nullif, exp.Greatest, exp.Least,
    exp.Cast, exp.TryCast,
)  # fmt: skip
MATH: tuple[type[exp.Func], ...] = (
    exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Trunc, exp.Sqrt, exp.Pow, exp.Ln,
    exp.Log, exp.Exp, exp.Sign, exp.SafeDivide,
)  # fmt: skip
STRINGS: tuple[type[exp.Func], ...] = (
    exp.Lower, exp.Upper, exp.Length, exp.Substring, exp.Left, exp.Right, exp.Concat,
    exp.ConcatWs, exp.Trim, exp.Replace, exp.Pad, exp.StartsWith, exp.Contains,
    exp.StrPosition, exp.RegexpLike, exp.RegexpReplace, exp.RegexpExtract, exp.SplitPart,
)  # fmt: skip
LISTS_AND_STRUCTS: tuple[type[exp.Func], ...] = (
    exp.Array, exp.ArraySize, exp.ArrayContains, exp.Struct,
)  # fmt: skip
# sqlglot models these operators as functions too.
OPERATORS: tuple[type[exp.Func], ...] = (exp.And, exp.Or, exp.Xor, exp.Exists, exp.RegexpILike)
# Hashes turn a PII value into an opaque key; see the PII rule in guard_columns.
MASKING: tuple[type[exp.Func], ...] = (exp.SHA2, exp.MD5, exp.SHA)

ALLOWED_FUNCTION_TYPES: frozenset[type[exp.Func]] = frozenset(
    AGGREGATES + WINDOW_FUNCTIONS + DATE_TIME + CONDITIONAL_AND_CASTS + MATH + STRINGS
    + LISTS_AND_STRUCTS + OPERATORS + MASKING
)  # fmt: skip

# DuckDB names that sqlglot may leave as exp.Anonymous (depending on arguments).
ALLOWED_ANONYMOUS: frozenset[str] = frozenset(
    {
        "date_trunc", "date_part", "datepart", "date_diff", "datediff", "date_sub",
        "strftime", "epoch", "hour", "dayofweek", "stddev_samp", "coalesce",
        "greatest", "least", "sha256", "md5",
    }
)  # fmt: skip
MASKING_ANONYMOUS: frozenset[str] = frozenset({"sha256", "md5"})

DENIED_NAMES: frozenset[str] = frozenset(
    {
        "glob", "getenv", "current_setting", "load_extension", "sql_auto_complete",
        "query", "query_table", "system", "shell", "copy", "export", "import",
        "getvariable", "nextval", "currval", "setseed", "current_query", "http_get",
        "http_post", "sniff_csv", "parquet_metadata", "parquet_schema", "st_read",
    }
)  # fmt: skip
DENIED_PREFIXES: tuple[str, ...] = ("read_", "duckdb_", "pragma_", "http", "iceberg_", "delta_")
DENIED_SUFFIXES: tuple[str, ...] = ("_scan", "_metadata")
# sqlglot classes for file readers and table generators; refused with the sharper message.
DENIED_TYPES: frozenset[type[exp.Func]] = frozenset(
    {exp.ReadCSV, exp.ReadParquet, exp.GenerateSeries, exp.CurrentSchema, exp.CurrentUser}
)


def function_name(node: exp.Func) -> str:
    """The SQL name of a function node, lower-case (``read_text``, ``sha256``...)."""
    if isinstance(node, exp.Anonymous | exp.AnonymousAggFunc):
        return str(node.name).lower()
    return node.sql_name().lower()


def is_denied(name: str) -> bool:
    return (
        name in DENIED_NAMES or name.startswith(DENIED_PREFIXES) or name.endswith(DENIED_SUFFIXES)
    )


def is_allowed(node: exp.Func) -> bool:
    if isinstance(node, exp.Anonymous | exp.AnonymousAggFunc):
        return function_name(node) in ALLOWED_ANONYMOUS
    return type(node) in ALLOWED_FUNCTION_TYPES


def is_masking(node: exp.Expr) -> bool:
    """True for a hash call (sha256, md5, sha1) that hides the value it is given."""
    if isinstance(node, exp.Anonymous):
        return function_name(node) in MASKING_ANONYMOUS
    return type(node) in MASKING


def check_function(node: exp.Func) -> None:
    """Raise ``UnsafeSQLError`` unless ``node`` calls an allow-listed function."""
    name = function_name(node)
    if type(node) in DENIED_TYPES or is_denied(name):
        raise UnsafeSQLError(
            zh=f"不允许调用函数 {name}：它会读取文件、配置或系统信息。请只查询数据集市中的表。",
            en=f"function {name} reads files, settings or the system and is not allowed; "
            "query the data mart tables instead.",
        )
    if not is_allowed(node):
        raise UnsafeSQLError(
            zh=f"函数 {name} 不在允许使用的函数清单中。请改用常见的聚合、日期、字符串或数学函数。",
            en=f"function {name} is not on the allow-list of functions; use a common "
            "aggregate, date, string or math function instead.",
        )
