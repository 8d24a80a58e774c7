"""Chat history: threads and their messages (filled by a later issue).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_threads",
        sa.Column("id", sa.Integer),
        sa.Column("owner", sa.String(200)),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chat_threads"),
    )
    op.create_index("ix_chat_threads_owner", "chat_threads", ["owner"])
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer),
        sa.Column("thread_id", sa.Integer, sa.ForeignKey("chat_threads.id", name="fk_chat_messages_thread_id_chat_threads",
                                                         ondelete="CASCADE"), nullable=False),
        sa.Column("author", sa.String(20), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("answer", sa.JSON),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chat_messages"),
    )
    op.create_index("ix_chat_messages_thread_id", "chat_messages", ["thread_id"])


def downgrade() -> None:
    op.drop_table("chat_messages")
    op.drop_table("chat_threads")
