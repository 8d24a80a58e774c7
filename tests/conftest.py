"""Shared fixtures: one small generated demo mart per test session (real DuckDB)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

# the audit log of everything the tests ask goes to a temporary file, not into the checkout
os.environ.setdefault("WENSHU_AUDIT_LOG", str(Path(tempfile.mkdtemp(prefix="wenshu-audit-")) / "audit.jsonl"))
# command-line output is read by the tests: one wide console, whatever runs them (a terminal, CI, a worker)
os.environ["COLUMNS"] = "240"


def _quick(config: pytest.Config) -> bool:
    """A bare ``python -m pytest``: no ``--all``, no ``-m``, no files named."""
    return not (config.getoption("--all") or config.getoption("markexpr") or config.option.file_or_dir)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The quick suite runs on every core (pytest-xdist), unless told otherwise (``-n``, ``-p no:xdist``);
    the whole suite (``--all``: browsers and servers on fixed resources) runs in one process."""
    if _quick(config) and config.pluginmanager.hasplugin("xdist") and not getattr(config.option, "numprocesses", None) \
            and not os.environ.get("PYTEST_XDIST_WORKER"):
        config.option.numprocesses = "auto"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite tests/semantic/snapshots/*.sql from the compiler's current output",
    )
    parser.addoption(
        "--all",
        action="store_true",
        default=False,
        help="the whole suite, slow and browser tests too (what the README and .ci/run run)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A bare ``python -m pytest`` is the quick suite: tests marked ``slow`` (larger data,
    servers) or ``browser`` (Chromium) run with ``--all``, with ``-m``, or when their files
    are named on the command line."""
    if not _quick(config):
        return
    later = [item for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")]
    if later:
        config.hook.pytest_deselected(items=later)
        postponed = set(later)
        items[:] = [item for item in items if item not in postponed]


SMALL_CUSTOMERS = 3000
SEED = 7
END = date(2025, 12, 31)


@pytest.fixture(scope="session")
def mart_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deterministic small mart (3,000 customers, 24 months ending 2025-12-31)."""
    from demo_mart.generate import generate_mart

    path = tmp_path_factory.mktemp("mart") / "bank.duckdb"
    generate_mart(path, customers=SMALL_CUSTOMERS, seed=SEED, end_date=END, months=24)
    return path


@pytest.fixture(scope="session")
def warehouse(mart_path: Path):
    from semantic_layer.warehouse import Warehouse

    wh = Warehouse(mart_path)
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def assistant(warehouse):
    from assistant.answer import Assistant

    return Assistant(warehouse)
