"""What the chat process shares: its settings (from the environment) and one Assistant.

``wenshu chat`` passes its options to the Chainlit process as environment variables;
``SharedAssistant`` opens the database once and serialises questions, because the
read-only DuckDB connection and the conversation table are shared by every session.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Answer, Assistant
from assistant.store.records import SavedAnswer
from assistant.store.saved import save_answer
from assistant.store.store import Store

ENV_DB, ENV_MODEL, ENV_USERS = "WENSHU_DB", "WENSHU_MODEL", "WENSHU_USERS"
DEFAULT_DB = Path("data/bank.duckdb")


@dataclass(frozen=True)
class ChatSettings:
    db: Path
    model: Path | None = None
    users: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> ChatSettings:
        def path(name: str) -> Path | None:
            return Path(env[name]) if env.get(name) else None

        return cls(path(ENV_DB) or DEFAULT_DB, path(ENV_MODEL), path(ENV_USERS))

    def to_env(self) -> dict[str, str]:
        """The variables that carry these settings to the Chainlit process (absolute paths)."""
        pairs = ((ENV_DB, self.db), (ENV_MODEL, self.model), (ENV_USERS, self.users))
        return {name: str(Path(p).resolve()) for name, p in pairs if p is not None}


class SharedAssistant:
    """One :class:`Assistant` and one team store per process, each opened on first use;
    ``ask`` and ``save`` hold a lock."""

    def __init__(self, settings: ChatSettings):
        self.settings = settings
        self._assistant: Assistant | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()

    def _open(self) -> Assistant:
        if self._assistant is None:
            # the users file of the login is also the roles file: each user asks as their role
            self._assistant = Assistant.open(self.settings.db, self.settings.model, roles=self.settings.users)
        return self._assistant

    def warm(self) -> None:
        """Open the database and build the parser before the first question arrives."""
        with self._lock:
            assert self._open().parser is not None

    def ask(self, question: str, session: str, user: str | None = None) -> Answer:
        with self._lock:
            return self._open().ask(question, session=session, user=user, route="chat")

    def save(self, answer: Answer, user: str | None) -> SavedAnswer:
        """The Save button: ``answer`` into the team store, titled by its question."""
        with self._lock:
            if self._store is None:
                self._store = Store.open()
            return save_answer(self._store, self._open(), answer, answer.question[:200], user)
