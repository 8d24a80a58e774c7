"""Fixtures for the mart tests: generated marts shared by the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from demo_mart.generate import generate_mart

EFFECTS_CUSTOMERS = 6_000
EFFECTS_SEED = 2024
END = date(2025, 12, 31)


@pytest.fixture(scope="session")
def bank_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6,000-customer, 24-month mart: large enough to show every planted effect."""
    path = tmp_path_factory.mktemp("mart_effects") / "bank.duckdb"
    generate_mart(path, customers=EFFECTS_CUSTOMERS, seed=EFFECTS_SEED, end_date=END, months=24)
    return path


@pytest.fixture(scope="session")
def bank(bank_mart: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to ``bank_mart``."""
    con = duckdb.connect(str(bank_mart), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def tiny_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-customer, 12-month mart to copy and break in the checker tests."""
    path = tmp_path_factory.mktemp("mart_tiny") / "tiny.duckdb"
    generate_mart(path, customers=600, seed=5, end_date=date(2025, 6, 30), months=12)
    return path


@pytest.fixture(scope="session")
def as_of() -> date:
    """The mart's last day D."""
    return END
