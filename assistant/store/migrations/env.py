"""Alembic's entry point: migrate over the connection that ``assistant.store.migrate``
passes in ``config.attributes`` (the store's own engine, SQLite or PostgreSQL)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
