"""Fixtures for the segment finder: one generated mart large enough for the planted
effects to show, and the searches the tests share (each pulls its data once)."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from assistant.segments import SegmentSearch, find_segments

SEG_CUSTOMERS = 20_000
SEG_SEED = 7
END = date(2025, 12, 31)
# Pool a full year of month-ends: the weakest planted driver (high wealth activity, ~2 % of
# deposit-only customers, odds ratio 1.8) needs it to clear Bonferroni on 20,000 customers.
YEAR = {"months": 12, "min_conversions": 10**9}


@pytest.fixture(scope="session")
def seg_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deterministic 20,000-customer, 24-month mart (about 5 s to generate)."""
    from demo_mart.generate import generate_mart

    path = tmp_path_factory.mktemp("segments") / "bank.duckdb"
    generate_mart(path, customers=SEG_CUSTOMERS, seed=SEG_SEED, end_date=END, months=24)
    return path


@pytest.fixture(scope="session")
def seg_warehouse(seg_mart: Path) -> Iterator[object]:
    from semantic_layer.warehouse import Warehouse

    wh = Warehouse(seg_mart)
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def loan_search(seg_warehouse) -> SegmentSearch:
    """deposit_to_loan over a year of month-ends."""
    return find_segments(seg_warehouse, "deposit_to_loan", **YEAR)


@pytest.fixture(scope="session")
def campaign_search(seg_warehouse) -> SegmentSearch:
    """The deposit-to-loan campaigns, treated against hold-out control."""
    return find_segments(seg_warehouse, "campaign:deposit_to_loan")


@pytest.fixture(scope="session")
def reference(
    seg_mart: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A plain read-only connection to a copy of the mart, for hand-written SQL."""
    copy = tmp_path_factory.mktemp("segments_ref") / "bank.duckdb"
    shutil.copy(seg_mart, copy)
    con = duckdb.connect(str(copy), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def mart_sql() -> ModuleType:
    """``tests/mart/mart_sql.py``: the spec's tags in hand-written SQL, independent of wenshu."""
    path = Path(__file__).parents[1] / "mart" / "mart_sql.py"
    spec = importlib.util.spec_from_file_location("segments_mart_sql", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
