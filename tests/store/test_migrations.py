"""The schema comes from the Alembic migrations shipped in the package: an empty
database is brought to the head, an older store keeps its data, and the migrations
create exactly the tables the code uses."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from assistant.store import schema
from assistant.store.engine import make_engine
from assistant.store.migrate import MIGRATIONS, upgrade
from assistant.store.store import Store

HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_an_empty_database_is_migrated_to_the_head_and_matches_the_code(store_url):
    store = Store.open(store_url)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == HEAD == "0003"
            assert compare_metadata(context, schema.metadata) == []
    finally:
        store.close()


def test_an_older_store_keeps_its_data(store_url):
    engine = make_engine(store_url)
    upgrade(engine, "0001")
    assert "chat_threads" not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.execute(schema.saved_answers.insert().values(
            title="旧的", question="上个月的交易笔数", lang="zh", owner="alice", role="analyst",
            semantic_query={"metrics": ["txn_count"]}, model_version="0123456789abcdef",
            created_at=datetime(2026, 1, 5, 1, 2, 3, tzinfo=UTC)))
    engine.dispose()

    store = Store.open(store_url)
    try:
        (saved,) = store.all_saved()
        assert (saved.title, saved.owner, saved.query.metrics) == ("旧的", "alice", ("txn_count",))
        assert saved.created_at == datetime(2026, 1, 5, 1, 2, 3, tzinfo=UTC)
        assert {"chat_threads", "chat_messages"} <= set(sa.inspect(store.engine).get_table_names())
    finally:
        store.close()


def test_opening_again_changes_nothing(store_url):
    Store.open(store_url).close()
    store = Store.open(store_url)
    try:
        with store.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == HEAD
            assert connection.execute(sa.select(sa.func.count()).select_from(schema.saved_answers)).scalar() == 0
    finally:
        store.close()
