"""``wenshu data check --model``: the same governance on a user's own data and model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from assistant.audit import inspected
from assistant.cli import app
from assistant.datacheck.check import check_mart
from semantic_layer.load import load_model

ROOT = Path(__file__).resolve().parents[2]
CARDS = ROOT / "docs/examples/card_spend"
MODEL = CARDS / "model"
HEADER = "txn_id,card_id,spend_date,city,category,amount,is_online\n"
runner = CliRunner()


@contextmanager
def _opened(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The file opened as ``wenshu data check`` opens it: past the audited role check."""
    with inspected(user="tester", roles=None, model=lambda: load_model(MODEL), route="test:check",
                   question=str(path), db=path) as seen:
        yield seen.con


def _import(tmp_path: Path, csv: Path) -> Path:
    db = tmp_path / "cards.duckdb"
    result = runner.invoke(app, ["data", "import", str(csv), "--table", "card_spend", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_the_example_data_passes_its_own_model(tmp_path: Path) -> None:
    db = _import(tmp_path, CARDS / "card_spend.csv")
    result = runner.invoke(app, ["data", "check", str(db), "--model", str(MODEL)])
    assert result.exit_code == 0, result.output
    assert "passed" in result.output and "通过" in result.output


# (a row appended to a clean file, the violation it must cause)
BAD_ROWS = [
    ("1,104,2025-12-30,成都,dining,10.00,False", ("primary_key_unique", 1, ("1",))),
    ("41,104,2025-12-30,成都,gambling,10.00,False", ("code_domain", 1, ("41",))),
    ("41,,2025-12-30,成都,dining,10.00,False", ("required_value", 1, ("41",))),
    ("41,104,2025-12-30,成都,dining,-5.00,False", ("value_range", 1, ("41",))),
]


@pytest.mark.parametrize(("row", "expected"), BAD_ROWS, ids=[e[0] for _, e in BAD_ROWS])
def test_a_bad_row_is_reported_with_its_key(
    tmp_path: Path, row: str, expected: tuple[str, int, tuple[str, ...]]
) -> None:
    csv = tmp_path / "cards.csv"
    csv.write_text((CARDS / "card_spend.csv").read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    db = _import(tmp_path, csv)
    with _opened(db) as con:
        found = check_mart(con, load_model(MODEL))
    assert [(v.check, v.count, v.examples) for v in found] == [expected]
    assert all(v.table == "card_spend" and v.message_en and v.message_zh for v in found)


def test_cli_reports_and_exits_1(tmp_path: Path) -> None:
    csv = tmp_path / "cards.csv"
    csv.write_text(HEADER + "1,104,2025-12-01,成都,dining,0,False\n", encoding="utf-8")
    db = _import(tmp_path, csv)
    result = runner.invoke(app, ["data", "check", str(db), "--model", str(MODEL)])
    assert result.exit_code == 1, result.output
    assert "value_range" in result.output and "amount is not above 0" in result.output
    assert "amount 不大于 0" in result.output


def test_a_table_without_a_key_names_bad_rows_by_position(tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(
        "name: t\ntables:\n  - name: card_spend\n"
        "    columns: [txn_id, card_id, spend_date, city, category, amount, is_online]\n"
        "    checks: {values: {city: [北京, 上海]}}\n",
        encoding="utf-8",
    )
    db = _import(tmp_path, CARDS / "card_spend.csv")
    with _opened(db) as con:
        [v] = check_mart(con, load_model(model))
    assert v.check == "code_domain" and v.count > 0 and len(v.examples) == 5


def test_the_bank_model_on_other_data_exits_2_naming_the_model_option(tmp_path: Path) -> None:
    db = _import(tmp_path, CARDS / "card_spend.csv")
    result = runner.invoke(app, ["data", "check", str(db)])
    assert result.exit_code == 2
    assert "--model" in result.output and "customers" in result.output


def test_a_model_naming_a_missing_column_exits_2(tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(
        "name: t\ntables:\n  - name: card_spend\n    columns: [txn_id, mcc]\n    primary_key: txn_id\n"
        "    checks: {not_null: [mcc]}\n",
        encoding="utf-8",
    )
    db = _import(tmp_path, CARDS / "card_spend.csv")
    result = runner.invoke(app, ["data", "check", str(db), "--model", str(model)])
    assert result.exit_code == 2
    assert "mcc" in result.output


def test_a_check_on_a_column_the_table_lacks_is_a_model_error(tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(
        "name: t\ntables:\n  - name: card_spend\n    columns: [txn_id, amount]\n"
        "    checks: {range: {amout: {min: 0}}}\n",
        encoding="utf-8",
    )
    db = _import(tmp_path, CARDS / "card_spend.csv")
    result = runner.invoke(app, ["data", "check", str(db), "--model", str(model)])
    assert result.exit_code == 2
    assert "unknown column 'amout'" in result.output and "amount" in result.output
