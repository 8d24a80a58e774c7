"""The team store's tables (SQLAlchemy Core), one per thing the team keeps.

The migrations under ``migrations/versions`` create exactly these tables; a test
compares the two (``tests/store/test_migrations.py``). Times are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out, on every engine (SQLite keeps no
    time zone, so values are turned to UTC before they are written)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store takes aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


saved_answers = Table(
    "saved_answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("question", Text, nullable=False),
    Column("lang", String(2), nullable=False),
    Column("owner", String(200), index=True),  # None: saved without a user, anyone may use it
    Column("role", String(100), nullable=False),  # the owner's role when saved
    Column("semantic_query", JSON, nullable=False),  # relative periods stay relative
    Column("model_version", String(64), nullable=False),
    Column("sql_fingerprint", String(64)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_result", JSON),
    Column("last_run_at", UTCDateTime),
)

# schedules and alert rules are both "run this saved answer on a cron": last_fired_at
# is the claim that makes one firing happen once, whichever process gets there first
schedules = Table(
    "schedules", metadata,
    Column("id", Integer, primary_key=True),
    Column("saved_id", ForeignKey("saved_answers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("cron", String(100), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("destination", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_fired_at", UTCDateTime),
)

alert_rules = Table(
    "alert_rules", metadata,
    Column("id", Integer, primary_key=True),
    Column("saved_id", ForeignKey("saved_answers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("metric", String(200), nullable=False),
    Column("condition", String(20), nullable=False),  # below | above | change_pct | change_pp
    Column("threshold", Float, nullable=False),
    Column("cron", String(100), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("destination", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_fired_at", UTCDateTime),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("saved_id", ForeignKey("saved_answers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("schedule_id", ForeignKey("schedules.id", ondelete="SET NULL")),
    Column("alert_id", ForeignKey("alert_rules.id", ondelete="SET NULL")),
    Column("kind", String(20), nullable=False),  # manual | schedule | alert
    Column("at", UTCDateTime, nullable=False),
    Column("status", String(20), nullable=False),  # the answer's status, or "failed"
    Column("fired", Boolean),  # alerts only: did the rule fire
    Column("delivered", Boolean, nullable=False),
    Column("error", Text),
)

# room for the chat history of a later issue: threads of messages, each answer kept whole
chat_threads = Table(
    "chat_threads", metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(200), index=True),
    Column("title", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

chat_messages = Table(
    "chat_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("thread_id", ForeignKey("chat_threads.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("author", String(20), nullable=False),  # user | assistant
    Column("content", Text, nullable=False),
    Column("answer", JSON),
    Column("created_at", UTCDateTime, nullable=False),
)

# the audit log (审计) when a team database is configured: one row per question or query
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("user", String(200), index=True),
    Column("role", String(100), nullable=False),
    Column("route", String(20), nullable=False),
    Column("question", Text, nullable=False),
    Column("semantic_query", JSON),
    Column("sql_fingerprint", String(64)),
    Column("rows", Integer, nullable=False),
    Column("suppressed", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("notes", JSON),
    Column("elapsed_ms", Integer),
)
