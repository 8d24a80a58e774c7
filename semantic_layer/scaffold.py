"""Draft a YAML model for a table that was just imported (``wenshu model init``).

Text and boolean columns become dimensions (values read from the data), dates and
timestamps become the time column, numeric columns get a sum metric, and every
table gets a row-count metric. The draft is a starting point to edit: add Chinese
names, synonyms and the 口径 descriptions your bank uses.

Personal data is never drafted as a dimension: a column whose name says it holds a
name, an identity-document number, a phone number, an e-mail or an address — or whose
values look like ID numbers, phone numbers or e-mails — is declared ``pii`` instead
(identifiers ``hash``, names and addresses ``hide``), so no question can read it and
its values never enter the parser's vocabulary.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import yaml

NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DECIMAL", "DOUBLE", "FLOAT", "REAL", "UBIGINT", "UINTEGER")
TEXT = ("VARCHAR", "BOOLEAN")
TIME = ("DATE", "TIMESTAMP")


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [(str(n), str(t).upper()) for n, t in rows]


#: column-name words of personal data → how the model treats the column
_PII_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(^|_)(id_?(number|no|card|num)|idcard|ssn|national_id|passport|tax_id|身份证|证件)"), "hash"),
    (re.compile(r"(^|_)(phone|mobile|tel|cell|手机|电话)"), "hash"),
    (re.compile(r"(^|_)(e_?mail|邮箱)"), "hash"),
    (re.compile(r"(^|_)((full_|first_|last_|customer_|cust_|client_)?name|姓名|客户名)$"), "hide"),
    (re.compile(r"(^|_)(address|addr|street|住址|地址)"), "hide"),
)
#: value shapes of personal data; a column most of whose sampled values match is personal
_PII_VALUES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\d{17}[\dXx]|\d{15}"),  # 居民身份证号
    re.compile(r"\+?(86)?[ -]?1[3-9]\d[ -]?\d{4}[ -]?\d{4}"),  # mainland mobile number
    re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"),  # e-mail
)
_SAMPLE = 200


def _pii_by_name(column: str) -> str | None:
    low = column.lower()
    return next((how for pattern, how in _PII_NAMES if pattern.search(low)), None)


def _looks_personal(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether most of a sample of the column's values look like ID numbers, phones or e-mails."""
    sample = [str(v).strip() for (v,) in con.execute(
        f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT {_SAMPLE}').fetchall()]
    if not sample:
        return False
    hits = sum(any(p.fullmatch(v) for p in _PII_VALUES) for v in sample)
    return hits >= 0.8 * len(sample)


def personal_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Columns of ``table`` that hold personal data, each with ``hash`` or ``hide``."""
    found: dict[str, str] = {}
    for column, kind in _columns_of(con, table):
        how = _pii_by_name(column)
        if how is None and kind.startswith("VARCHAR") and _looks_personal(con, table, column):
            how = "hash"
        if how:
            found[column] = how
    return found


def draft_model(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """A model dictionary (ready for ``yaml.safe_dump``) describing ``table`` of the database
    ``con`` (opened read-only by the command, after its role check)."""
    cols = _columns_of(con, table)
    if not cols:
        from semantic_layer.errors import QueryError

        raise QueryError(zh=f"数据库中没有表 {table}。", en=f"The database has no table {table}.")
    pii = personal_columns(con, table)
    names = [c for c, _ in cols]
    cols = [(c, t) for c, t in cols if c not in pii]  # personal data: neither dimension nor metric
    time_col = next((c for c, t in cols if t.startswith(TIME)), None)
    key = next((c for c in names if c.endswith("_id")), None)
    label = {"zh": table, "en": table.replace("_", " ")}
    dims = [
        {"name": c, "table": table, "expr": f"{table}.{c}", "label": {"zh": c, "en": c.replace("_", " ")},
         "type": "boolean" if t == "BOOLEAN" else "category", "values_from_data": t != "BOOLEAN"}
        for c, t in cols if t.startswith(TEXT) and c != key
    ]
    metrics = [{
        "name": f"{table}_count", "kind": "simple", "format": "integer",
        "label": {"zh": f"{table}记录数", "en": f"{label['en']} count"},
        "synonyms": {"zh": ["多少", "数量", "笔数"], "en": ["how many", "number of", "count"]},
        "description": {"zh": f"{table} 的记录数。", "en": f"Number of rows of {table}."},
        "measure": {"table": table, "agg": "count"},
        **({"time": f"{table}.{time_col}"} if time_col else {}),
    }]
    for c, t in cols:
        if t.startswith(NUMERIC) and not c.endswith("_id"):
            metrics.append({
                "name": f"total_{c}", "kind": "simple", "format": "number",
                "label": {"zh": f"{c}合计", "en": f"total {c.replace('_', ' ')}"},
                "description": {"zh": f"{table}.{c} 之和。", "en": f"Sum of {table}.{c}."},
                "measure": {"table": table, "agg": "sum", "expr": f"{table}.{c}"},
                **({"time": f"{table}.{time_col}"} if time_col else {}),
            })
    model = {
        "name": table,
        "description": dict(label),
        "tables": [{"name": table, "columns": names, "label": dict(label), **({"primary_key": key} if key else {}),
                    **({"pii": pii} if pii else {})}],
        "dimensions": dims,
        "metrics": metrics,
    }
    if time_col:
        model["as_of"] = {"max_of": [f"{table}.{time_col}"]}
    return model


def write_draft(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path) -> tuple[Path, dict[str, str]]:
    """Write the draft; return its path and the personal-data columns it declared."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{table}.yaml"
    model = draft_model(con, table)
    header = f"# Draft model for {table}: edit names, synonyms and 口径 descriptions. 请补充中文名、同义词与口径。\n"
    pii = model["tables"][0].get("pii")
    if pii:
        header += (f"# Personal data found, declared pii (never read by a question) 识别为个人信息的列:"
                   f" {', '.join(pii)}. Check the list. 请核对。\n")
    path.write_text(header + yaml.safe_dump(model, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, dict(pii or {})
