"""Many people at once: a slow question (target segments, seconds) does not hold up
another person's quick one, and one conversation still answers its turns in order."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import pytest
from serving import run_async

from assistant.answer import Answer
from assistant.chat.runtime import ChatSettings, SharedAssistant

SLOW = "哪些客户适合营销贷款?"  # target segments: seconds on the chat mart
FAST = "各区域的客户数"  # one small query: well under a second
SLOW_TIMEOUT_MS = 120_000


@pytest.mark.browser
def test_a_slow_question_does_not_delay_another_users_fast_one(open_chat, chat_server, screenshots):
    slow, fast = open_chat(chat_server.url), open_chat(chat_server.url)
    slow.send(SLOW)
    slow.page.locator('[data-step-type="llm"]').first.wait_for()  # the server has started on it
    answer = fast.ask(FAST)
    assert slow.messages.count() == 0, "the quick answer came only after the slow one"
    assert fast.table(answer)[0] == ["区域", "客户数"]
    slow.wait_for_messages(1, SLOW_TIMEOUT_MS)
    assert "客群" in slow.messages.first.inner_text()
    slow.shot(screenshots, "zh_segments_beside_another_user")


@dataclass
class RecordingAssistant:
    """Stands in for ``Assistant``: each question takes ``seconds``; records what overlapped."""

    seconds: float = 0.2
    running: set[str] = field(default_factory=set)
    overlaps: list[tuple[str, str]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    peak: int = 0  # most questions running at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ask(
        self, question: str, *, session: str, user: str | None, route: str, progress: object = None
    ) -> Answer:
        with self.lock:
            self.overlaps += [(question, other) for other in self.running]
            self.running.add(question)
            self.peak = max(self.peak, len(self.running))
        time.sleep(self.seconds)
        with self.lock:
            self.running.discard(question)
            self.order.append(question)
        return Answer(status="answered", lang="zh", question=question)


def _shared(fake: RecordingAssistant, workers: int = 4) -> SharedAssistant:
    shared = SharedAssistant(ChatSettings(db=None, workers=workers))  # type: ignore[arg-type]
    shared._assistant = fake  # type: ignore[assignment]
    return shared


def test_two_conversations_run_at_the_same_time():
    fake = RecordingAssistant()
    shared = _shared(fake)

    async def both() -> list[Answer]:
        return await asyncio.gather(shared.ask("a", "s1", "alice"), shared.ask("b", "s2", "bob"))

    assert [a.question for a in run_async(both())] == ["a", "b"]
    assert fake.overlaps, "the second conversation waited for the first"


def test_one_conversation_answers_its_turns_in_order():
    fake = RecordingAssistant(seconds=0.05)
    shared = _shared(fake)
    turns = [f"q{i}" for i in range(6)]

    async def all_turns() -> list[Answer]:
        return await asyncio.gather(*(shared.ask(q, "s1", "alice") for q in turns))

    assert [a.question for a in run_async(all_turns())] == turns
    assert fake.overlaps == [] and fake.order == turns


def test_the_pool_is_bounded():
    fake = RecordingAssistant(seconds=0.1)
    shared = _shared(fake, workers=2)

    async def many() -> None:
        await asyncio.gather(*(shared.ask(f"q{i}", f"s{i}") for i in range(6)))

    run_async(many())
    assert fake.peak == 2 and len(fake.order) == 6


def test_target_segment_searches_take_turns(monkeypatch):
    """``ChatAssistant`` runs one search at a time (they hold the interpreter lock for
    seconds); the others wait without using the CPU, and hear that they wait."""
    from datetime import date

    from assistant.chat.runtime import ChatAssistant
    from assistant.segments import reply
    from assistant.segments.cache import SearchCache, SearchKey, find_cached

    fake = RecordingAssistant(seconds=0.1)
    cache: SearchCache[Answer] = SearchCache()
    heard: list[str] = []

    def answer(warehouse, question, goal, lang, as_of, role, progress, gate):  # type: ignore[no-untyped-def]
        key = SearchKey("db", 1, question, date(2025, 12, 31), "model", role.name, 5)
        search = lambda: fake.ask(question, session="", user=None, route="chat")  # noqa: E731
        return find_cached(key, search, cache, progress, gate)

    monkeypatch.setattr(reply, "answer_segments", answer)
    chat = object.__new__(ChatAssistant)  # no database needed for the lane itself
    chat.warehouse = None  # type: ignore[assignment]
    threads = [
        threading.Thread(
            target=chat.segments_answer,
            args=(f"s{i}", "goal", "zh", None),
            kwargs={"progress": lambda stage: heard.append(stage.key)},
        )
        for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fake.peak == 1 and sorted(fake.order) == ["s0", "s1", "s2"]
    assert heard.count("waiting") == 2
