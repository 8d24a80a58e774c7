"""Same seed, same table contents; another seed, other data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from demo_mart.generate import generate_mart
from demo_mart.schema import PRIMARY_KEYS, TABLES


def _contents(path: Path) -> dict[str, pa.Table]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.table(t).to_arrow_table() for t in TABLES}


def _build(tmp_path: Path, name: str, seed: int) -> Path:
    path = tmp_path / name
    generate_mart(path, customers=900, seed=seed, end_date=date(2025, 3, 31), months=9)
    return path


def test_same_seed_gives_identical_tables(tmp_path: Path) -> None:
    first = _contents(_build(tmp_path, "a.duckdb", 3))
    second = _contents(_build(tmp_path, "b.duckdb", 3))
    for table in TABLES:
        assert first[table].equals(second[table]), table


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    first = _contents(_build(tmp_path, "a.duckdb", 3))
    other = _contents(_build(tmp_path, "c.duckdb", 4))
    assert not first["transactions"].equals(other["transactions"])
    assert first["products"].equals(other["products"])


def test_rows_are_stored_in_primary_key_order(tmp_path: Path) -> None:
    path = _build(tmp_path, "a.duckdb", 3)
    with duckdb.connect(str(path), read_only=True) as con:
        for table, key in PRIMARY_KEYS.items():
            rows = con.table(table).project(", ".join(key)).fetchall()
            assert rows == sorted(rows), table


def test_existing_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    path.write_text("not a database")
    report = generate_mart(path, customers=50, seed=1, end_date=date(2025, 3, 31), months=3)
    assert report.rows["customers"] == 50
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.table("customers").aggregate("count(*)").fetchall()[0][0] == 50


def test_window_is_the_months_ending_with_the_end_dates_month(tmp_path: Path) -> None:
    path = tmp_path / "mid.duckdb"
    generate_mart(path, customers=400, seed=8, end_date=date(2025, 6, 15), months=12)
    with duckdb.connect(str(path), read_only=True) as con:
        first, last = con.execute("SELECT min(month), max(month) FROM balances_monthly").fetchone()  # type: ignore[misc]
        assert (first, last) == (date(2024, 7, 1), date(2025, 6, 1))
        latest = con.execute(
            "SELECT max(x) FROM (SELECT max(txn_time)::DATE AS x FROM transactions "
            "UNION ALL SELECT max(event_time)::DATE FROM app_events "
            "UNION ALL SELECT max(submitted_at)::DATE FROM survey_responses "
            "UNION ALL SELECT max(greatest(apply_date, decision_date, disburse_date)) FROM loans "
            "UNION ALL SELECT max(greatest(open_date, close_date)) FROM deposit_accounts "
            "UNION ALL SELECT max(converted_at)::DATE FROM campaign_touches "
            "UNION ALL SELECT max(end_date) FROM campaigns)"
        ).fetchone()[0]  # type: ignore[index]
        assert latest <= date(2025, 6, 15)
        earliest = con.execute("SELECT min(txn_time)::DATE FROM transactions").fetchone()[0]  # type: ignore[index]
        assert earliest >= date(2024, 7, 1)
