"""``wenshu data import``: load a CSV or Parquet file into a DuckDB table."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from sqlglot import exp

from semantic_layer.errors import QueryError

READERS = {".csv": "read_csv_auto", ".tsv": "read_csv_auto", ".parquet": "read_parquet"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def import_file(file: Path, table: str, db: Path, replace: bool = False) -> int:
    """Create ``table`` in ``db`` from ``file``; returns the row count."""
    if not _IDENT.match(table):
        raise QueryError(zh=f"表名 “{table}” 不合法:只能用字母、数字和下划线,且不以数字开头。",
                         en=f"'{table}' is not a valid table name: use letters, digits and underscores, not starting with a digit.")
    if not file.exists():
        raise QueryError(zh=f"找不到文件 {file}。", en=f"File {file} not found.")
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise QueryError(zh="只支持 .csv、.tsv 和 .parquet 文件。", en="Only .csv, .tsv and .parquet files can be imported.")
    source = exp.select(exp.Star()).from_(exp.Table(this=exp.Anonymous(this=reader, expressions=[exp.Literal.string(str(file.resolve()))])))
    create = exp.Create(this=exp.to_table(table), kind="TABLE", expression=source, replace=replace)
    con = duckdb.connect(str(db))
    try:
        try:
            con.execute(create.sql("duckdb"))
        except duckdb.CatalogException:
            raise QueryError(zh=f"表 {table} 已存在;加 --replace 覆盖。", en=f"Table {table} already exists; add --replace to overwrite it.") from None
        except duckdb.Error as exc:
            raise QueryError(zh=f"无法读取文件:{str(exc).splitlines()[0]}", en=f"Could not read the file: {str(exc).splitlines()[0]}") from None
        count = con.execute(exp.select(exp.Count(this=exp.Star())).from_(table).sql("duckdb")).fetchone()
    finally:
        con.close()
    return int(count[0]) if count else 0
