"""The mart's tables, columns and types: spec section 1, mirrored exactly.

The schema is data: one tuple per table, one ``(column, type)`` pair per column, in
the spec's column order. ``create_tables`` renders the DDL with sqlglot.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp

MONEY = "DECIMAL(18,2)"
RATE = "DECIMAL(8,4)"

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "branches": (
        ("branch_id", "VARCHAR"),
        ("branch_name", "VARCHAR"),
        ("city", "VARCHAR"),
        ("province", "VARCHAR"),
        ("region", "VARCHAR"),
    ),
    "customers": (
        ("customer_id", "BIGINT"),
        ("name", "VARCHAR"),
        ("gender", "VARCHAR"),
        ("birth_date", "DATE"),
        ("id_number", "VARCHAR"),
        ("phone", "VARCHAR"),
        ("branch_id", "VARCHAR"),
        ("occupation", "VARCHAR"),
        ("education", "VARCHAR"),
        ("marital_status", "VARCHAR"),
        ("annual_income", MONEY),
        ("acquisition_channel", "VARCHAR"),
        ("open_date", "DATE"),
        ("risk_level", "VARCHAR"),
        ("is_payroll", "BOOLEAN"),
    ),
    "products": (
        ("product_id", "VARCHAR"),
        ("product_name", "VARCHAR"),
        ("category", "VARCHAR"),
        ("product_type", "VARCHAR"),
        ("term_months", "INTEGER"),
        ("annual_rate", RATE),
    ),
    "deposit_accounts": (
        ("account_id", "BIGINT"),
        ("customer_id", "BIGINT"),
        ("product_id", "VARCHAR"),
        ("open_date", "DATE"),
        ("open_channel", "VARCHAR"),
        ("maturity_date", "DATE"),
        ("close_date", "DATE"),
        ("status", "VARCHAR"),
    ),
    "loans": (
        ("loan_id", "BIGINT"),
        ("customer_id", "BIGINT"),
        ("product_id", "VARCHAR"),
        ("apply_date", "DATE"),
        ("apply_channel", "VARCHAR"),
        ("decision_date", "DATE"),
        ("disburse_date", "DATE"),
        ("status", "VARCHAR"),
        ("amount", MONEY),
        ("term_months", "INTEGER"),
        ("annual_rate", RATE),
        ("overdue_days", "INTEGER"),
    ),
    "balances_monthly": (
        ("month", "DATE"),
        ("customer_id", "BIGINT"),
        ("deposit_balance", MONEY),
        ("deposit_avg_daily", MONEY),
        ("wealth_balance", MONEY),
        ("loan_balance", MONEY),
    ),
    "transactions": (
        ("txn_id", "BIGINT"),
        ("customer_id", "BIGINT"),
        ("txn_time", "TIMESTAMP"),
        ("amount", MONEY),
        ("direction", "VARCHAR"),
        ("txn_type", "VARCHAR"),
        ("channel", "VARCHAR"),
    ),
    "app_events": (
        ("event_id", "BIGINT"),
        ("customer_id", "BIGINT"),
        ("event_time", "TIMESTAMP"),
        ("event_type", "VARCHAR"),
        ("platform", "VARCHAR"),
        ("product_id", "VARCHAR"),
    ),
    "survey_responses": (
        ("response_id", "BIGINT"),
        ("customer_id", "BIGINT"),
        ("submitted_at", "TIMESTAMP"),
        ("loan_intent", "SMALLINT"),
        ("wealth_intent", "SMALLINT"),
        ("satisfaction", "SMALLINT"),
    ),
    "campaigns": (
        ("campaign_id", "VARCHAR"),
        ("campaign_name", "VARCHAR"),
        ("objective", "VARCHAR"),
        ("target_product_type", "VARCHAR"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("budget", MONEY),
    ),
    "campaign_touches": (
        ("touch_id", "BIGINT"),
        ("campaign_id", "VARCHAR"),
        ("customer_id", "BIGINT"),
        ("group_type", "VARCHAR"),
        ("channel", "VARCHAR"),
        ("sent_at", "TIMESTAMP"),
        ("delivered", "BOOLEAN"),
        ("opened_at", "TIMESTAMP"),
        ("clicked_at", "TIMESTAMP"),
        ("converted_at", "TIMESTAMP"),
        ("conversion_amount", MONEY),
        ("cost", MONEY),
    ),
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "branches": ("branch_id",),
    "customers": ("customer_id",),
    "products": ("product_id",),
    "deposit_accounts": ("account_id",),
    "loans": ("loan_id",),
    "balances_monthly": ("customer_id", "month"),
    "transactions": ("txn_id",),
    "app_events": ("event_id",),
    "survey_responses": ("response_id",),
    "campaigns": ("campaign_id",),
    "campaign_touches": ("touch_id",),
}


def create_table_sql(table: str) -> str:
    """The DuckDB ``CREATE TABLE`` statement for one mart table."""
    columns = [
        exp.ColumnDef(this=exp.to_identifier(name), kind=exp.DataType.build(kind, dialect="duckdb"))
        for name, kind in TABLES[table]
    ]
    schema = exp.Schema(this=exp.to_table(table), expressions=columns)
    return exp.Create(this=schema, kind="TABLE").sql(dialect="duckdb")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every (empty) mart table on ``con``."""
    for table in TABLES:
        con.execute(create_table_sql(table))
