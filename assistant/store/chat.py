"""Chat history in the team store: a conversation is a row of ``chat_threads`` (its
owner and title), each turn two rows of ``chat_messages`` — the question as the person
typed it, then the answer kept whole (``Answer`` as JSON) together with the
conversation's memory after it (last query, pending clarification, choices), so that a
conversation resumed later continues exactly where it stopped.

Only the chat page writes here; who may read a thread is decided by its caller
(``owner`` is the login name; Chainlit shows a person only their own).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, delete, exists, func, insert, or_, select, update

from assistant.store import schema
from assistant.store.store import Store

Author = Literal["user", "assistant"]
TITLE_CHARS = 200
THREADS, MESSAGES = schema.chat_threads, schema.chat_messages


class ChatThread(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    owner: str | None
    title: str
    created_at: datetime
    updated_at: datetime  # its newest message (its creation while it has none)


class ChatMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    thread_id: int
    author: Author
    content: str
    answer: dict[str, Any] | None  # assistant rows: {"answer": Answer, "memory": Conversation}
    created_at: datetime


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as None, at any depth (PostgreSQL's JSON has none)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _now() -> datetime:
    return datetime.now(UTC)


class ChatHistory:
    """The conversations of the chat page, over one :class:`Store`."""

    def __init__(self, store: Store):
        self.engine = store.engine

    def open_thread(self, owner: str | None, title: str = "", at: datetime | None = None) -> int:
        """A new, empty conversation; returns its id."""
        values = {"owner": owner, "title": title[:TITLE_CHARS], "created_at": at or _now()}
        with self.engine.begin() as c:
            return int(c.execute(insert(THREADS).values(**values).returning(THREADS.c.id)).scalar_one())

    def add_turn(self, thread_id: int, question: str, answer: dict[str, Any], memory: dict[str, Any],
                 summary: str, at: datetime | None = None) -> tuple[int, int]:
        """The question and its answer (with the conversation's memory after it); the
        thread takes the question as its title if it has none. Returns the two row ids."""
        at = at or _now()
        with self.engine.begin() as c:
            asked = c.execute(insert(MESSAGES).values(
                thread_id=thread_id, author="user", content=question, answer=None, created_at=at,
            ).returning(MESSAGES.c.id)).scalar_one()
            answered = c.execute(insert(MESSAGES).values(
                thread_id=thread_id, author="assistant", content=summary,
                answer=json_safe({"answer": answer, "memory": memory}), created_at=at,
            ).returning(MESSAGES.c.id)).scalar_one()
            c.execute(update(THREADS).where(THREADS.c.id == thread_id, THREADS.c.title == "")
                      .values(title=question.strip()[:TITLE_CHARS] or "…"))
        return int(asked), int(answered)

    def _thread_rows(self, *where: Any, limit: int | None = None) -> list[Row[Any]]:
        newest = (select(MESSAGES.c.thread_id, func.max(MESSAGES.c.created_at).label("updated_at"))
                  .group_by(MESSAGES.c.thread_id).subquery())
        statement = (select(THREADS, func.coalesce(newest.c.updated_at, THREADS.c.created_at).label("updated_at"))
                     .outerjoin(newest, newest.c.thread_id == THREADS.c.id)
                     .where(*where).order_by(THREADS.c.id.desc()).limit(limit))
        with self.engine.connect() as c:
            return list(c.execute(statement))

    def thread(self, thread_id: int) -> ChatThread | None:
        rows = self._thread_rows(THREADS.c.id == thread_id)
        return _thread(rows[0]) if rows else None

    def threads(self, owner: str, *, limit: int = 20, before: int | None = None,
                search: str | None = None) -> list[ChatThread]:
        """``owner``'s conversations that have any message, newest first; ``before`` a
        thread id pages on, ``search`` matches the title or any question (case-insensitive)."""
        where: list[Any] = [THREADS.c.owner == owner,
                            exists().where(MESSAGES.c.thread_id == THREADS.c.id)]
        if before is not None:
            where.append(THREADS.c.id < before)
        if search:
            pattern = f"%{search.lower()}%"
            asked = exists().where(MESSAGES.c.thread_id == THREADS.c.id, MESSAGES.c.author == "user",
                                   func.lower(MESSAGES.c.content).like(pattern))
            where.append(or_(func.lower(THREADS.c.title).like(pattern), asked))
        return [_thread(r) for r in self._thread_rows(*where, limit=limit)]

    def messages(self, thread_id: int) -> list[ChatMessage]:
        statement = select(MESSAGES).where(MESSAGES.c.thread_id == thread_id).order_by(MESSAGES.c.id)
        with self.engine.connect() as c:
            return [ChatMessage.model_validate(r._asdict()) for r in c.execute(statement)]

    def message(self, message_id: int) -> ChatMessage | None:
        with self.engine.connect() as c:
            row = c.execute(select(MESSAGES).where(MESSAGES.c.id == message_id)).one_or_none()
        return ChatMessage.model_validate(row._asdict()) if row else None

    def memory(self, thread_id: int) -> dict[str, Any] | None:
        """The conversation's memory after its newest answer (None: nothing asked yet)."""
        statement = (select(MESSAGES.c.answer).where(MESSAGES.c.thread_id == thread_id,
                                                     MESSAGES.c.author == "assistant")
                     .order_by(MESSAGES.c.id.desc()).limit(1))
        with self.engine.connect() as c:
            stored = c.execute(statement).scalar_one_or_none()
        return stored.get("memory") if isinstance(stored, dict) else None

    def rename(self, thread_id: int, title: str) -> bool:
        """Give a conversation that has messages a new title (an empty one takes its first
        question's when it gets one); returns whether it was renamed."""
        used = exists().where(MESSAGES.c.thread_id == thread_id)
        with self.engine.begin() as c:
            statement = update(THREADS).where(THREADS.c.id == thread_id, used).values(title=title[:TITLE_CHARS])
            return c.execute(statement).rowcount == 1

    def delete(self, thread_id: int) -> bool:
        """Delete a conversation with its messages."""
        with self.engine.begin() as c:
            c.execute(delete(MESSAGES).where(MESSAGES.c.thread_id == thread_id))
            return c.execute(delete(THREADS).where(THREADS.c.id == thread_id)).rowcount == 1

    def delete_empty(self, before: datetime) -> int:
        """Delete conversations opened before ``before`` that nothing was asked in (a page
        opened and closed); returns how many."""
        empty = ~exists().where(MESSAGES.c.thread_id == THREADS.c.id)
        with self.engine.begin() as c:
            return int(c.execute(delete(THREADS).where(THREADS.c.created_at < before, empty)).rowcount)


def _thread(row: Row[Any]) -> ChatThread:
    return ChatThread.model_validate(row._asdict())
