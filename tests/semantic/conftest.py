"""Fixtures for the semantic-layer tests; ``--update-snapshots`` (defined in
tests/conftest.py) rewrites the SQL snapshots: ``python -m pytest --update-snapshots``."""

from __future__ import annotations

import pytest


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))
