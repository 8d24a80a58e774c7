"""Options for the semantic-layer tests: ``--update-snapshots`` rewrites the SQL snapshots.

Run as ``pytest tests/semantic --update-snapshots`` (pytest reads a sub-directory's
``pytest_addoption`` only when that directory, or a file in it, is on the command line).
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite tests/semantic/snapshots/*.sql from the compiler's current output",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))
