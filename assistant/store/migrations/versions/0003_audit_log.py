"""The audit log in the team database.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(200)),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("route", sa.String(20), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("semantic_query", sa.JSON),
        sa.Column("sql_fingerprint", sa.String(64)),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("suppressed", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.JSON),
        sa.Column("elapsed_ms", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_user", "audit_log", ["user"])


def downgrade() -> None:
    op.drop_table("audit_log")
