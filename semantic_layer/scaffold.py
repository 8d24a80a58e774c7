"""Draft a YAML model for a table that was just imported (``wenshu model init``).

Text and boolean columns become dimensions (values read from the data), dates and
timestamps become the time column, numeric columns get a sum metric, and every
table gets a row-count metric. The draft is a starting point to edit: add Chinese
names, synonyms and the 口径 descriptions your bank uses.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from semantic_layer.runner import open_read_only

NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DECIMAL", "DOUBLE", "FLOAT", "REAL", "UBIGINT", "UINTEGER")
TEXT = ("VARCHAR", "BOOLEAN")
TIME = ("DATE", "TIMESTAMP")


def _columns(db: Path, table: str) -> list[tuple[str, str]]:
    con = open_read_only(db)
    try:
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
        ).fetchall()
    finally:
        con.close()
    return [(str(n), str(t).upper()) for n, t in rows]


def draft_model(db: Path, table: str) -> dict:
    """A model dictionary (ready for ``yaml.safe_dump``) describing ``table``."""
    cols = _columns(db, table)
    if not cols:
        from semantic_layer.errors import QueryError

        raise QueryError(zh=f"数据库中没有表 {table}。", en=f"The database has no table {table}.")
    names = [c for c, _ in cols]
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
        "tables": [{"name": table, "columns": names, "label": dict(label), **({"primary_key": key} if key else {})}],
        "dimensions": dims,
        "metrics": metrics,
    }
    if time_col:
        model["as_of"] = {"max_of": [f"{table}.{time_col}"]}
    return model


def write_draft(db: Path, table: str, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{table}.yaml"
    header = f"# Draft model for {table}: edit names, synonyms and 口径 descriptions. 请补充中文名、同义词与口径。\n"
    path.write_text(header + yaml.safe_dump(draft_model(db, table), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
