"""Bring a store's schema up to date with the Alembic migrations shipped in this package.

``Store.open`` calls :func:`upgrade` every time: on a store already at the head it only
reads the version table, on an empty database it creates every table.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` in one transaction on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
