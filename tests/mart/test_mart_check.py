"""check_mart: a generated mart is clean; each deliberate breakage is caught by the right rule."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from assistant.audit import inspected
from assistant.datacheck.check import Violation, check_mart
from assistant.datacheck.declared_rules import domains
from assistant.datacheck.errors import NotAMartError
from demo_mart.codes import DOMAINS
from semantic_layer.load import load_model

BANK_TABLES = tuple(load_model(None).tables)


@contextmanager
def _opened(path: Path, tables: tuple[str, ...] = ()) -> Iterator[duckdb.DuckDBPyConnection]:
    """The file opened as ``wenshu data check`` opens it: past the audited role check."""
    with inspected(user="tester", roles=None, model=lambda: load_model(None), route="test:check",
                   question=str(path), db=path, tables=tables) as seen:
        yield seen.con


def _check(path: Path) -> list[Violation]:
    """The bank model's checks on the file at ``path``, opened as ``wenshu data check`` opens it."""
    with _opened(path, BANK_TABLES) as con:
        return check_mart(con)


def test_generated_mart_passes_every_check(bank_mart: Path) -> None:
    assert _check(bank_mart) == []


def test_the_bank_model_declares_the_codes_the_generator_writes() -> None:
    declared = {k: set(v) for k, v in domains(load_model(None)).items()}
    assert declared == {k: set(v) for k, v in DOMAINS.items()}


# (breakage SQL run on a copy of the tiny mart, the check that must report it)
BREAKAGES = [
    ("UPDATE customers SET customer_id = 1 WHERE customer_id = 2", "primary_key_unique"),
    ("UPDATE transactions SET txn_id = 1 WHERE txn_id = 2", "primary_key_unique"),
    ("UPDATE loans SET customer_id = 99999999 WHERE loan_id = 1", "foreign_key"),
    ("UPDATE customers SET branch_id = 'B999' WHERE customer_id = 3", "foreign_key"),
    ("UPDATE campaign_touches SET campaign_id = 'NOPE' WHERE touch_id = 1", "foreign_key"),
    ("UPDATE customers SET gender = 'unknown' WHERE customer_id = 4", "code_domain"),
    ("UPDATE transactions SET channel = 'fax' WHERE txn_id = 5", "code_domain"),
    ("UPDATE loans SET status = 'written_off' WHERE loan_id = 2", "code_domain"),
    (
        "UPDATE campaigns SET objective = 'cross_sell' WHERE campaign_id = (SELECT min(campaign_id) FROM campaigns)",
        "code_domain",
    ),
    ("UPDATE customers SET open_date = NULL WHERE customer_id = 5", "required_value"),
    (
        "UPDATE balances_monthly SET wealth_balance = -1 WHERE customer_id = 6",
        "value_range",
    ),
    ("UPDATE transactions SET amount = 0 WHERE txn_id = 7", "value_range"),
    (
        "UPDATE transactions SET direction = 'out' WHERE txn_type = 'salary'",
        "direction_matches_type",
    ),
    (
        "UPDATE loans SET decision_date = apply_date - 3 WHERE decision_date IS NOT NULL",
        "loan_dates_order",
    ),
    ("UPDATE loans SET disburse_date = NULL WHERE status = 'settled'", "loan_status_dates"),
    ("UPDATE loans SET overdue_days = 12 WHERE status = 'settled'", "overdue_only_outstanding"),
    ("UPDATE loans SET product_id = 'D001' WHERE loan_id = 3", "product_category"),
    (
        "UPDATE deposit_accounts SET close_date = open_date - 1 WHERE account_id = 1",
        "account_dates_order",
    ),
    (
        "UPDATE deposit_accounts SET maturity_date = DATE '2030-01-01' WHERE product_id = 'D001'",
        "maturity_matches_type",
    ),
    (
        "UPDATE deposit_accounts SET status = 'closed' WHERE close_date IS NULL",
        "account_status_dates",
    ),
    (
        "UPDATE campaign_touches SET opened_at = sent_at - INTERVAL 1 HOUR WHERE opened_at IS NOT NULL",
        "touch_times_order",
    ),
    ("UPDATE campaign_touches SET delivered = false WHERE opened_at IS NOT NULL", "touch_funnel"),
    (
        "UPDATE campaign_touches SET cost = 0.05 WHERE group_type = 'control'",
        "control_not_contacted",
    ),
    (
        "UPDATE campaign_touches SET converted_at = TIMESTAMP '2030-01-01', conversion_amount = 1 "
        "WHERE touch_id = 1",
        "conversion_window",
    ),
    ("UPDATE campaigns SET end_date = start_date - 1", "campaign_dates_order"),
    ("UPDATE survey_responses SET satisfaction = 6 WHERE response_id = 1", "value_range"),
    ("UPDATE loans SET term_months = 0 WHERE loan_id = 4", "value_range"),
    (
        "UPDATE balances_monthly SET month = month + 1 WHERE customer_id = 8",
        "balance_month_first_day",
    ),
    (
        "UPDATE customers SET open_date = DATE '2025-06-01' WHERE customer_id = 9",
        "balance_before_open",
    ),
    (
        "DELETE FROM balances_monthly WHERE customer_id = 10 AND month = DATE '2025-03-01'",
        "balance_rows_complete",
    ),
    (
        "UPDATE balances_monthly SET loan_balance = 1000 WHERE customer_id NOT IN "
        "(SELECT customer_id FROM loans) AND customer_id = (SELECT min(customer_id) FROM customers "
        "WHERE customer_id NOT IN (SELECT customer_id FROM loans))",
        "loan_balance_without_loan",
    ),
    (
        "UPDATE balances_monthly SET loan_balance = 0 WHERE customer_id IN "
        "(SELECT customer_id FROM loans WHERE status = 'disbursed')",
        "outstanding_loan_without_balance",
    ),
    (
        "DELETE FROM deposit_accounts WHERE customer_id = (SELECT min(customer_id) FROM balances_monthly "
        "WHERE deposit_balance > 0)",
        "deposit_balance_without_account",
    ),
    (
        "UPDATE customers SET id_number = substr(id_number, 1, 17) || CASE WHEN substr(id_number, 18, 1) = '1' "
        "THEN '2' ELSE '1' END WHERE customer_id = 11",
        "id_number_check_digit",
    ),
    (
        "UPDATE customers SET birth_date = birth_date + 1 WHERE customer_id = 12",
        "id_number_birth_date",
    ),
    (
        "UPDATE customers SET gender = CASE gender WHEN 'male' THEN 'female' ELSE 'male' END "
        "WHERE customer_id = 13",
        "id_number_gender",
    ),
    ("UPDATE customers SET id_number = 'ABC' WHERE customer_id = 14", "id_number_format"),
    ("UPDATE customers SET phone = '12345' WHERE customer_id = 15", "phone_format"),
    (
        "UPDATE transactions SET txn_time = TIMESTAMP '2031-01-01' WHERE txn_id = 9",
        "event_after_window",
    ),
    (
        "UPDATE products SET product_type = 'fund' WHERE product_id = 'D001'",
        "product_type_matches_category",
    ),
]


@pytest.mark.parametrize(
    ("breakage", "check"), BREAKAGES, ids=[f"{c}:{i}" for i, (_, c) in enumerate(BREAKAGES)]
)
def test_breakage_is_reported_by_the_right_check(
    tiny_mart: Path, tmp_path: Path, breakage: str, check: str
) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(tiny_mart, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute(breakage)
    found = {v.check for v in _check(broken)}
    assert check in found


def test_violation_names_table_count_messages_and_examples(tiny_mart: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(tiny_mart, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE survey_responses SET satisfaction = 9 WHERE response_id IN (1, 2, 3)")
    assert _check(broken) == [
        Violation(
            check="value_range",
            table="survey_responses",
            count=3,
            message_en="satisfaction outside 1-5",
            message_zh="satisfaction 不在 1–5 之间",
            examples=("1", "2", "3"),
        )
    ]


def test_missing_file_is_not_a_mart(tmp_path: Path) -> None:
    with pytest.raises(NotAMartError) as err, _opened(tmp_path / "missing.duckdb", BANK_TABLES):
        pass
    assert "wenshu data generate" in err.value.en and "找不到" in err.value.zh


def test_text_file_is_not_a_mart(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello")
    with pytest.raises(NotAMartError), _opened(path, BANK_TABLES):
        pass


def test_duckdb_without_mart_tables_is_not_a_mart(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(NotAMartError) as err, _opened(path, BANK_TABLES):
        pass
    assert "customers" in err.value.en
