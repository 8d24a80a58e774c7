"""Saved answers, schedules, alert rules and runs.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer)  # the key is the named constraint below


def _saved_id(table: str) -> sa.Column:
    return sa.Column("saved_id", sa.Integer, sa.ForeignKey("saved_answers.id", name=f"fk_{table}_saved_id_saved_answers",
                                                           ondelete="CASCADE"), nullable=False)


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "saved_answers", _id(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("semantic_query", sa.JSON, nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("sql_fingerprint", sa.String(64)),
        _when("created_at", nullable=False),
        sa.Column("last_result", sa.JSON),
        _when("last_run_at"),
        sa.PrimaryKeyConstraint("id", name="pk_saved_answers"),
    )
    op.create_index("ix_saved_answers_owner", "saved_answers", ["owner"])
    for table, columns in (
        ("schedules", []),
        ("alert_rules", [sa.Column("metric", sa.String(200), nullable=False),
                         sa.Column("condition", sa.String(20), nullable=False),
                         sa.Column("threshold", sa.Float, nullable=False)]),
    ):
        op.create_table(
            table, _id(), _saved_id(table), *columns,
            sa.Column("cron", sa.String(100), nullable=False),
            sa.Column("timezone", sa.String(64), nullable=False),
            sa.Column("destination", sa.String(200), nullable=False),
            _when("created_at", nullable=False),
            _when("last_fired_at"),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_saved_id", table, ["saved_id"])
    op.create_table(
        "runs", _id(), _saved_id("runs"),
        sa.Column("schedule_id", sa.Integer, sa.ForeignKey("schedules.id", name="fk_runs_schedule_id_schedules",
                                                           ondelete="SET NULL")),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alert_rules.id", name="fk_runs_alert_id_alert_rules",
                                                        ondelete="SET NULL")),
        sa.Column("kind", sa.String(20), nullable=False),
        _when("at", nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("fired", sa.Boolean),
        sa.Column("delivered", sa.Boolean, nullable=False),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_index("ix_runs_saved_id", "runs", ["saved_id"])


def downgrade() -> None:
    for table in ("runs", "alert_rules", "schedules", "saved_answers"):
        op.drop_table(table)
