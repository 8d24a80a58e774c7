"""What the chat process shares: its settings (from the environment) and one Assistant.

``wenshu chat`` passes its options to the Chainlit process as environment variables.
``SharedAssistant`` opens the database once and answers many people at once: questions
run off the event loop on a bounded pool of threads (each query gets its own DuckDB
cursor from the warehouse's runner), and only the turns of one conversation wait for
each other, so that its memory (the last query, a pending clarification) moves one turn
at a time.

Target-segment searches are seconds of Python work each (they hold the interpreter
lock); several at once finish no sooner than one after another, but they would take
the interpreter from everyone's quick questions. So at most ``heavy_workers`` of them
run at a time (``ChatAssistant``); the others wait their turn without using the CPU.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from assistant.answer import Answer, Assistant
from assistant.segments.progress import Progress
from assistant.sessions import from_json, to_json
from assistant.store.chat import ChatHistory
from assistant.store.records import SavedAnswer
from assistant.store.saved import Rerun, delete_saved, run_saved, save_answer, visible_saved
from assistant.store.store import Store
from assistant.understanding import Conversation

log = logging.getLogger("wenshu.chat")

ENV_DB, ENV_MODEL, ENV_USERS = "WENSHU_DB", "WENSHU_MODEL", "WENSHU_USERS"
ENV_WORKERS = "WENSHU_CHAT_WORKERS"
ENV_WARM = "WENSHU_CHAT_WARM"  # "0": no target-segment searches worked out in the background at start
DEFAULT_DB = Path("data/bank.duckdb")
DEFAULT_WORKERS = 8
HEAVY_WORKERS = 1  # target-segment searches at once
WARM_QUESTION = "各区域的客户数"  # builds the Chinese word index before the first person asks
EMPTY_THREADS_KEPT = timedelta(days=1)  # a conversation page opened but never used

T = TypeVar("T")


@dataclass(frozen=True)
class ChatSettings:
    db: Path
    model: Path | None = None
    users: Path | None = None
    workers: int = DEFAULT_WORKERS  # questions answered at the same time
    warm: bool = True  # work out every goal's target segments in the background at start

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> ChatSettings:
        def path(name: str) -> Path | None:
            return Path(env[name]) if env.get(name) else None

        workers = env.get(ENV_WORKERS, "")
        return cls(
            path(ENV_DB) or DEFAULT_DB,
            path(ENV_MODEL),
            path(ENV_USERS),
            max(1, int(workers)) if workers.isdigit() else DEFAULT_WORKERS,
            env.get(ENV_WARM, "1").strip() != "0",
        )

    def to_env(self) -> dict[str, str]:
        """The variables that carry these settings to the Chainlit process (absolute paths)."""
        pairs = ((ENV_DB, self.db), (ENV_MODEL, self.model), (ENV_USERS, self.users))
        env = {name: str(Path(p).resolve()) for name, p in pairs if p is not None}
        if self.workers != DEFAULT_WORKERS:
            env[ENV_WORKERS] = str(self.workers)
        if not self.warm:
            env[ENV_WARM] = "0"
        return env


class ChatAssistant(Assistant):
    """The assistant of the chat page: target-segment searches take turns (at most
    ``HEAVY_WORKERS`` at once) so that they leave the CPU to quick questions; one already
    answered in this process is not searched again and never waits."""

    segment_gate = threading.BoundedSemaphore(HEAVY_WORKERS)


class SharedAssistant:
    """One :class:`Assistant` and one team store per process, each opened on first use.

    ``ask`` and ``save`` are coroutines for the chat page: the work runs on a pool of
    ``settings.workers`` threads, never on the event loop."""

    def __init__(self, settings: ChatSettings):
        self.settings = settings
        self._assistant: Assistant | None = None
        self._store: Store | None = None
        self._history: ChatHistory | None = None
        self._opening = threading.Lock()  # opening only; questions never take it
        self._pool = ThreadPoolExecutor(settings.workers, thread_name_prefix="wenshu-ask")
        self._turns: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            with self._opening:
                if self._assistant is None:
                    # the users file of the login is also the roles file: each user asks as their role
                    self._assistant = ChatAssistant.open(
                        self.settings.db, self.settings.model, roles=self.settings.users
                    )
        return self._assistant

    def warm_segments(self) -> threading.Thread:
        """Work out every goal's target segments for every role that may ask for them, in the
        background, one search at a time through the same gate as a person's (so a quick
        question never waits for it, and a person's search only for the one under way).
        Finished searches are kept on disk too: after the first start of a database, a
        segment answer takes no search at all. Nobody asked, so nothing is audited."""
        def warm() -> None:
            from assistant.segments.goals import load_goals

            try:
                assistant = self.assistant
                roles = [r for r in assistant.access.roles.values() if r.refusal("segments") is None]
                for goal in load_goals().goals:
                    if goal.outcome is None:  # a campaign population only
                        continue
                    for role in roles:
                        assistant.segments_answer(goal.label.zh, goal.name, "zh", assistant.warehouse.default_as_of, role=role)
            except Exception:  # a warm-up never stops the page; the person asking gets the error instead
                log.exception("warming the target-segment searches failed")

        thread = threading.Thread(target=warm, name="wenshu-warm-segments", daemon=True)
        thread.start()
        return thread

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._opening:
                if self._store is None:
                    self._store = Store.open()
        return self._store

    @property
    def history(self) -> ChatHistory:
        if self._history is None:
            self._history = ChatHistory(self.store)
        return self._history

    def warm(self) -> None:
        """Open the database and build the parser before the first question arrives; the
        offline parser also builds its word index then, so that the first few people
        asking at once do not each build it (a model is never called here)."""
        assistant = self.assistant
        if assistant.parser.name == "rules":
            assistant.parser.understand(WARM_QUESTION, Conversation(), assistant.warehouse.default_as_of)

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    def _turn_lock(self, key: str) -> asyncio.Lock:
        lock = self._turns.get(key)
        if lock is None:
            lock = self._turns[key] = asyncio.Lock()
        return lock

    async def ask(
        self,
        question: str,
        session: str,
        user: str | None = None,
        thread: int | None = None,
        progress: Progress | None = None,
    ) -> Answer:
        """One turn of ``user``'s conversation ``session``, after any turn of it still
        running; recorded in the history as conversation ``thread`` if one is given.
        ``progress`` is called from the worker thread with each stage of a long search."""
        async with self._turn_lock(f"{user or ''}\x00{session}"):
            return await self._run(lambda: self._turn(question, session, user, thread, progress))

    def _turn(
        self,
        question: str,
        session: str,
        user: str | None,
        thread: int | None,
        progress: Progress | None = None,
    ) -> Answer:
        answer = self.assistant.ask(
            question, session=session, user=user, route="chat", progress=progress
        )
        if thread is not None:
            memory = to_json(self.assistant.conversation(session, user))
            try:
                self.history.add_turn(
                    thread,
                    question,
                    answer.model_dump(mode="json"),
                    memory,
                    answer.summary or answer.message,
                )
            except Exception:  # the answer still reaches the page; the log says why it was not kept
                log.exception("could not record a turn of conversation %s", thread)
        return answer

    async def resume(self, session: str, user: str | None, thread: int) -> Conversation:
        """Give ``user``'s conversation ``session`` the memory stored with ``thread``'s
        newest answer, so that a follow-up after a reload means what it meant before."""
        async with self._turn_lock(f"{user or ''}\x00{session}"):
            return await self._run(lambda: self._restore(session, user, thread))

    def _restore(self, session: str, user: str | None, thread: int) -> Conversation:
        conversation = self.assistant.conversation(session, user)
        memory = self.history.memory(thread)
        if memory is not None:
            try:
                stored = from_json(memory)
            except ValueError:  # a kept memory that is not a conversation (damaged, or another version's)
                return conversation
            for f in fields(Conversation):
                setattr(conversation, f.name, getattr(stored, f.name))
        return conversation

    async def kept_answer(self, message: int, owner: str) -> Answer | None:
        """A kept answer (its ``chat_messages`` id), if it is in ``owner``'s conversation."""
        return await self._run(lambda: self._kept_answer(message, owner))

    def _kept_answer(self, message: int, owner: str) -> Answer | None:
        found = self.history.message(message)
        if found is None or not found.answer or found.author != "assistant":
            return None
        thread = self.history.thread(found.thread_id)
        if thread is None or thread.owner != owner:
            return None
        return Answer.model_validate(found.answer["answer"])

    def open_thread(self, owner: str) -> int:
        """A new conversation in the history; returns its id (at once: see ``app.start``)."""
        return self.history.open_thread(owner)

    def forget_empty_threads(self, now: datetime | None = None) -> int:
        """Delete conversations nobody asked anything in, opened over a day ago."""
        before = (now or datetime.now(UTC)) - EMPTY_THREADS_KEPT
        return self.history.delete_empty(before)

    async def save(self, answer: Answer, user: str | None) -> SavedAnswer:
        """The Save button: ``answer`` into the team store, titled by its question."""
        return await self._run(
            lambda: save_answer(self.store, self.assistant, answer, answer.question[:200], user)
        )

    async def saved(self, user: str | None) -> list[SavedAnswer]:
        """The saved answers ``user`` may see (the panel), newest first."""
        return await self._run(lambda: visible_saved(self.store, self.assistant.access, user)[::-1])

    async def run_saved(self, saved_id: int, user: str | None) -> Rerun:
        """The panel's Re-run: the same ``run_saved`` as ``wenshu saved run`` and Slack
        (its owner's current role, guard, small groups, audit; the run recorded)."""
        return await self._run(lambda: run_saved(self.assistant, self.store, saved_id, user))

    async def delete_saved(self, saved_id: int, user: str | None) -> SavedAnswer:
        return await self._run(lambda: delete_saved(self.store, self.assistant.access, saved_id, user))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
