"""Fixtures for the team store: every store test runs on SQLite and on a real
PostgreSQL server that this session starts (Debian's package, as the postgres user,
on a Unix socket in a temporary directory) and stops at the end.

PostgreSQL is required, not optional: without it these tests fail with a message
saying how to install it (CI installs it in ``.ci/run``).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

TXN_COUNT = "SELECT count(*) FROM transactions WHERE CAST(txn_time AS DATE) BETWEEN ? AND ?"
APPROVAL_RATE = """
SELECT count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')) / count(*)
FROM loans WHERE decision_date BETWEEN ? AND ?
"""
TXN_BY_REGION = """
SELECT b.region, count(*)
FROM transactions AS t JOIN customers AS c ON c.customer_id = t.customer_id
JOIN branches AS b ON b.branch_id = c.branch_id
WHERE CAST(t.txn_time AS DATE) BETWEEN ? AND ?
GROUP BY b.region
"""
TXN_BY_MONTH = """
SELECT date_trunc('month', txn_time) AS m, count(*)
FROM transactions WHERE CAST(txn_time AS DATE) BETWEEN ? AND ?
GROUP BY m
"""
PG_PORT = 5432  # names the socket file only: the server listens on no TCP address
OLD_END = date(2025, 11, 30)  # the "older data": one month before the session mart


@dataclass(frozen=True)
class PostgresServer:
    socket_dir: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={PG_PORT}"


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        pytest.fail("PostgreSQL is needed for the team-store tests and was not found. "
                    "Install Debian's: `apt-get update && apt-get install -y postgresql`.", pytrace=False)
    return Path(found[-1]).parent


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as anyone else it runs as that user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bin_dir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="wenshu-pg-"))  # under /tmp, which postgres can reach
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                                     "--auth=trust", "--no-sync", "-E", "UTF8"]), **run)  # type: ignore[call-overload]
        options = f"-c listen_addresses='' -k {root} -p {PG_PORT} -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                     "-l", str(root / "server.log"), "-w", "start"]), **run)  # type: ignore[call-overload]
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        pytest.fail(f"could not start PostgreSQL: {exc.stderr}\n{log.read_text() if log.exists() else ''}", pytrace=False)
    try:
        yield PostgresServer(root)
    finally:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _postgres_database(server: PostgresServer) -> Iterator[str]:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = f"host={server.socket_dir} port={PG_PORT} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')  # a fresh, empty database per test
    yield server.url(name)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])  # slow: a server
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wenshu.db'}"
    else:
        yield from _postgres_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(store_url: str):
    from assistant.store.store import Store

    st = Store.open(store_url)
    yield st
    st.close()


@pytest.fixture(scope="session")
def old_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session mart's twin one month older (as of 2025-11-30, same size and seed as
    ``tests/conftest.py``): the data a saved answer was saved on, before the fresher
    month of the session mart arrived."""
    from demo_mart.generate import generate_mart

    path = tmp_path_factory.mktemp("old_mart") / "bank.duckdb"
    generate_mart(path, customers=3000, seed=7, end_date=OLD_END, months=24)
    return path


@pytest.fixture(scope="session")
def old_assistant(old_mart: Path, assistant):
    """An assistant on the older data, sharing the session assistant's parser."""
    from assistant.answer import Assistant
    from semantic_layer.warehouse import Warehouse

    warehouse = Warehouse(old_mart)
    yield Assistant(warehouse, parser=assistant.parser)
    warehouse.close()


class Reference:
    """Hand-written SQL on copies of the two marts (DuckDB refuses a second in-process
    connection with another configuration to a file the assistants hold open)."""

    def __init__(self, old: Path, new: Path, where: Path):
        import duckdb

        self.old = duckdb.connect(str(shutil.copy(old, where / "old.duckdb")), read_only=True)
        self.new = duckdb.connect(str(shutil.copy(new, where / "new.duckdb")), read_only=True)

    def close(self) -> None:
        self.old.close()
        self.new.close()

    @staticmethod
    def txn_count(con: Any, start: date, end: date) -> int:
        return con.execute(TXN_COUNT, [start, end]).fetchone()[0]

    @staticmethod
    def approval_rate(con: Any, start: date, end: date) -> float:
        return con.execute(APPROVAL_RATE, [start, end]).fetchone()[0]

    @staticmethod
    def txn_by_region(con: Any, start: date, end: date) -> dict[str, int]:
        return dict(con.execute(TXN_BY_REGION, [start, end]).fetchall())

    @staticmethod
    def txn_by_month(con: Any, start: date, end: date) -> dict[str, int]:
        """Keyed "2025-10"."""
        return {f"{m:%Y-%m}": n for m, n in con.execute(TXN_BY_MONTH, [start, end]).fetchall()}


@pytest.fixture(scope="session")
def marts(old_mart: Path, mart_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    ref = Reference(old_mart, mart_path, tmp_path_factory.mktemp("reference"))
    yield ref
    ref.close()
