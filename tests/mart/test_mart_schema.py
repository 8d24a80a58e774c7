"""The generated file has exactly the tables, columns and types of spec section 1."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

# Mirrored by hand from /work/shared/spec/bank-mart.md section 1 (do not generate from code):
# (table, column, DuckDB type), in spec column order.
EXPECTED_SCHEMA = [
    ("branches", "branch_id", "VARCHAR"),
    ("branches", "branch_name", "VARCHAR"),
    ("branches", "city", "VARCHAR"),
    ("branches", "province", "VARCHAR"),
    ("branches", "region", "VARCHAR"),
    ("customers", "customer_id", "BIGINT"),
    ("customers", "name", "VARCHAR"),
    ("customers", "gender", "VARCHAR"),
    ("customers", "birth_date", "DATE"),
    ("customers", "id_number", "VARCHAR"),
    ("customers", "phone", "VARCHAR"),
    ("customers", "branch_id", "VARCHAR"),
    ("customers", "occupation", "VARCHAR"),
    ("customers", "education", "VARCHAR"),
    ("customers", "marital_status", "VARCHAR"),
    ("customers", "annual_income", "DECIMAL(18,2)"),
    ("customers", "acquisition_channel", "VARCHAR"),
    ("customers", "open_date", "DATE"),
    ("customers", "risk_level", "VARCHAR"),
    ("customers", "is_payroll", "BOOLEAN"),
    ("products", "product_id", "VARCHAR"),
    ("products", "product_name", "VARCHAR"),
    ("products", "category", "VARCHAR"),
    ("products", "product_type", "VARCHAR"),
    ("products", "term_months", "INTEGER"),
    ("products", "annual_rate", "DECIMAL(8,4)"),
    ("deposit_accounts", "account_id", "BIGINT"),
    ("deposit_accounts", "customer_id", "BIGINT"),
    ("deposit_accounts", "product_id", "VARCHAR"),
    ("deposit_accounts", "open_date", "DATE"),
    ("deposit_accounts", "open_channel", "VARCHAR"),
    ("deposit_accounts", "maturity_date", "DATE"),
    ("deposit_accounts", "close_date", "DATE"),
    ("deposit_accounts", "status", "VARCHAR"),
    ("loans", "loan_id", "BIGINT"),
    ("loans", "customer_id", "BIGINT"),
    ("loans", "product_id", "VARCHAR"),
    ("loans", "apply_date", "DATE"),
    ("loans", "apply_channel", "VARCHAR"),
    ("loans", "decision_date", "DATE"),
    ("loans", "disburse_date", "DATE"),
    ("loans", "status", "VARCHAR"),
    ("loans", "amount", "DECIMAL(18,2)"),
    ("loans", "term_months", "INTEGER"),
    ("loans", "annual_rate", "DECIMAL(8,4)"),
    ("loans", "overdue_days", "INTEGER"),
    ("balances_monthly", "month", "DATE"),
    ("balances_monthly", "customer_id", "BIGINT"),
    ("balances_monthly", "deposit_balance", "DECIMAL(18,2)"),
    ("balances_monthly", "deposit_avg_daily", "DECIMAL(18,2)"),
    ("balances_monthly", "wealth_balance", "DECIMAL(18,2)"),
    ("balances_monthly", "loan_balance", "DECIMAL(18,2)"),
    ("transactions", "txn_id", "BIGINT"),
    ("transactions", "customer_id", "BIGINT"),
    ("transactions", "txn_time", "TIMESTAMP"),
    ("transactions", "amount", "DECIMAL(18,2)"),
    ("transactions", "direction", "VARCHAR"),
    ("transactions", "txn_type", "VARCHAR"),
    ("transactions", "channel", "VARCHAR"),
    ("app_events", "event_id", "BIGINT"),
    ("app_events", "customer_id", "BIGINT"),
    ("app_events", "event_time", "TIMESTAMP"),
    ("app_events", "event_type", "VARCHAR"),
    ("app_events", "platform", "VARCHAR"),
    ("app_events", "product_id", "VARCHAR"),
    ("survey_responses", "response_id", "BIGINT"),
    ("survey_responses", "customer_id", "BIGINT"),
    ("survey_responses", "submitted_at", "TIMESTAMP"),
    ("survey_responses", "loan_intent", "SMALLINT"),
    ("survey_responses", "wealth_intent", "SMALLINT"),
    ("survey_responses", "satisfaction", "SMALLINT"),
    ("campaigns", "campaign_id", "VARCHAR"),
    ("campaigns", "campaign_name", "VARCHAR"),
    ("campaigns", "objective", "VARCHAR"),
    ("campaigns", "target_product_type", "VARCHAR"),
    ("campaigns", "start_date", "DATE"),
    ("campaigns", "end_date", "DATE"),
    ("campaigns", "budget", "DECIMAL(18,2)"),
    ("campaign_touches", "touch_id", "BIGINT"),
    ("campaign_touches", "campaign_id", "VARCHAR"),
    ("campaign_touches", "customer_id", "BIGINT"),
    ("campaign_touches", "group_type", "VARCHAR"),
    ("campaign_touches", "channel", "VARCHAR"),
    ("campaign_touches", "sent_at", "TIMESTAMP"),
    ("campaign_touches", "delivered", "BOOLEAN"),
    ("campaign_touches", "opened_at", "TIMESTAMP"),
    ("campaign_touches", "clicked_at", "TIMESTAMP"),
    ("campaign_touches", "converted_at", "TIMESTAMP"),
    ("campaign_touches", "conversion_amount", "DECIMAL(18,2)"),
    ("campaign_touches", "cost", "DECIMAL(18,2)"),
]
TABLE_ORDER = list(dict.fromkeys(t for t, _, _ in EXPECTED_SCHEMA))


def _actual(path: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
    order = {t: i for i, t in enumerate(TABLE_ORDER)}
    return sorted(rows, key=lambda r: order.get(r[0], len(order)))  # stable: keeps column order


def test_tables_columns_and_types_match_the_spec(bank_mart: Path) -> None:
    assert _actual(bank_mart) == EXPECTED_SCHEMA


def test_no_extra_tables_or_views(bank_mart: Path) -> None:
    with duckdb.connect(str(bank_mart), read_only=True) as con:
        names = [
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        ]
    assert sorted(names) == sorted(TABLE_ORDER)


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_every_table_has_rows(bank_mart: Path, table: str) -> None:
    with duckdb.connect(str(bank_mart), read_only=True) as con:
        assert con.table(table).aggregate("count(*)").fetchall()[0][0] > 0
