"""Alembic migrations of the team store, shipped in the package so an installed wheel
can upgrade its own store (``assistant.store.migrate``). A new migration is a new file
in ``versions/`` whose ``down_revision`` is the current head."""
