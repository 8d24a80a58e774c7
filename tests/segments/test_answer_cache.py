"""A segment answer through the pipeline: stages reported while it runs, kept per
(database, goal, as-of, model, role) so that asking again is instant, and still refused
for a scoped role and audited every time."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.answer import Assistant
from assistant.segments import reply
from assistant.segments.cache import SearchCache, SearchKey, find_cached
from assistant.segments.progress import Stage
from semantic_layer.access import Access, Role

pytestmark = pytest.mark.slow  # full segment searches, each role and goal its own

QUESTION = "哪些客户适合营销贷款?"  # deposit_to_loan: rates over pooled month-ends


@dataclass
class Heard:
    stages: list[Stage] = field(default_factory=list)

    def __call__(self, stage: Stage) -> None:
        self.stages.append(stage)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.stages]


@pytest.fixture(scope="module")
def fresh_cache() -> SearchCache[Any]:
    cache: SearchCache[Any] = SearchCache()
    saved, reply.CACHE = reply.CACHE, cache
    yield cache
    reply.CACHE = saved


@pytest.fixture(scope="module")
def first(assistant: Assistant, fresh_cache: SearchCache[Any]) -> tuple[Any, Heard]:
    heard = Heard()
    return assistant.ask(QUESTION, session="segments-first", progress=heard), heard


def test_stages_are_reported_in_order_while_it_runs(first) -> None:
    answer, heard = first
    assert answer.status == "answered" and answer.notes == ["segments:deposit_to_loan"]
    keys = heard.keys
    assert keys[:2] == ["campaigns", "population"]
    months = [s for s in heard.stages if s.key == "history"]
    assert [(s.done, s.total) for s in months] == [
        (k, months[0].total) for k in range(1, len(months) + 1)
    ]
    assert keys[2 + len(months) : 4 + len(months)] == ["count", "rank"]
    assert {s.lang for s in heard.stages} == {"zh"}
    assert months[0].label() == f"读取历史月末样本 1/{months[0].total}"
    assert months[0].label("en") == f"reading past month-ends 1/{months[0].total}"


def test_asking_again_is_answered_from_the_cache_and_audited(first, assistant, monkeypatch) -> None:
    answer, _ = first
    audited: list[dict[str, Any]] = []
    monkeypatch.setattr("assistant.answer.audit.append", lambda entry: audited.append(entry))

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("searched again")

    monkeypatch.setattr("assistant.segments.suggest.find_segments", no_search)
    heard = Heard()
    again = assistant.ask(QUESTION, session="segments-again", progress=heard)  # no search (timings: the benchmark)
    assert heard.keys == ["cached"]
    assert again.model_dump(exclude={"elapsed_ms"}) == answer.model_dump(exclude={"elapsed_ms"})
    assert [e["question"] for e in audited] == [QUESTION]


def test_another_role_is_another_search(first, assistant, monkeypatch) -> None:
    calls: list[int | None] = []
    from assistant.segments import suggest

    real = suggest.find_segments

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("min_customers"))
        return real(*args, **kwargs)

    monkeypatch.setattr(suggest, "find_segments", counted)
    answer, _ = first
    smallest = min(s["size"] for s in answer.segments)
    as_of = assistant.warehouse.default_as_of
    strict = Role(name="strict", min_group_size=smallest + 1)
    other = assistant.segments_answer(QUESTION, "deposit_to_loan", "zh", as_of, role=strict)
    assert calls == [smallest + 1]
    assert all(s["size"] > smallest for s in other.segments)  # the role's minimum group size


def test_a_scoped_role_is_refused_even_with_a_cached_answer(
    first, assistant, tmp_path: Path
) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text(
        yaml.safe_dump(
            {
                "roles": [{"name": "east", "scope": [{"field": "region", "value": "华东"}]}],
                "users": [{"username": "eve", "role": "east"}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    scoped = Assistant(
        assistant.warehouse, assistant.parser, Access.load(roles, assistant.warehouse.model)
    )
    heard = Heard()
    answer = scoped.ask(QUESTION, session="segments-scoped", user="eve", progress=heard)
    assert answer.status == "refused" and answer.notes == ["scope"] and not answer.segments
    assert heard.keys == []


# -- the cache on its own: hits never wait for a running search; misses take turns ----


def _key(goal: str) -> SearchKey:
    from datetime import date

    return SearchKey("db", 1, goal, date(2025, 12, 31), "model", "default", 5)


def test_a_hit_does_not_wait_for_a_running_search() -> None:
    cache: SearchCache[str] = SearchCache()
    gate = threading.BoundedSemaphore(1)
    cache.put(_key("kept"), "kept answer")
    release = threading.Event()
    slow = threading.Thread(
        target=find_cached, args=(_key("slow"), release.wait, cache), kwargs={"gate": gate}
    )
    slow.start()
    try:
        heard = Heard()
        assert find_cached(_key("kept"), lambda: "searched", cache, heard, gate) == "kept answer"
        assert heard.keys == ["cached"]
    finally:
        release.set()
        slow.join()


def test_misses_take_turns_and_say_they_wait() -> None:
    cache: SearchCache[str] = SearchCache()
    gate = threading.BoundedSemaphore(1)
    running: list[str] = []
    peak = [0]
    lock = threading.Lock()
    heard = {g: Heard() for g in ("a", "b", "c")}

    def search(goal: str) -> str:
        with lock:
            running.append(goal)
            peak[0] = max(peak[0], len(running))
        time.sleep(0.1)
        with lock:
            running.remove(goal)
        return goal

    threads = [
        threading.Thread(
            target=find_cached, args=(_key(g), lambda g=g: search(g), cache, heard[g], gate)
        )
        for g in heard
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1
    assert sum(h.keys == ["waiting"] for h in heard.values()) == 2
    assert [cache.get(_key(g)) for g in heard] == ["a", "b", "c"]


def test_the_cache_keeps_the_most_recently_used() -> None:
    cache: SearchCache[str] = SearchCache(size=2)
    for goal in ("a", "b"):
        cache.put(_key(goal), goal)
    assert cache.get(_key("a")) == "a"  # now the most recent
    cache.put(_key("c"), "c")
    assert [cache.get(_key(g)) for g in ("a", "b", "c")] == ["a", None, "c"]


# -- kept on disk: a search one process finished, the next answers at once --------------


def test_a_search_finished_in_one_process_is_answered_by_the_next(assistant, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WENSHU_CACHE_DIR", str(tmp_path))
    kept = reply.KEPT
    monkeypatch.setattr(reply, "CACHE", SearchCache(kept=kept))
    answer = assistant.ask(QUESTION, session="disk-first")
    assert answer.status == "answered" and answer.segments
    assert [p.name for p in tmp_path.glob("wenshu-segments-*")], "the finished search is kept on disk"

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("searched again")

    monkeypatch.setattr("assistant.segments.suggest.find_segments", no_search)
    monkeypatch.setattr(reply, "CACHE", SearchCache(kept=kept))  # a new process: nothing in memory
    again = assistant.ask(QUESTION, session="disk-again")
    assert again.model_dump(exclude={"elapsed_ms"}) == answer.model_dump(exclude={"elapsed_ms"})


def test_the_chat_page_works_out_every_goal_before_anyone_asks(mart_path: Path, tmp_path: Path, monkeypatch) -> None:
    from assistant.chat.runtime import ChatSettings, SharedAssistant
    from assistant.segments.goals import load_goals

    monkeypatch.setenv("WENSHU_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(reply, "CACHE", SearchCache(kept=reply.KEPT))
    shared = SharedAssistant(ChatSettings(mart_path))
    shared.warm_segments().join(timeout=600)

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("searched again")

    monkeypatch.setattr("assistant.segments.suggest.find_segments", no_search)
    assistant = shared.assistant
    goals = [g for g in load_goals().goals if g.outcome is not None]
    assert goals
    for goal in goals:
        answer = assistant.segments_answer(goal.label.en, goal.name, "en", assistant.warehouse.default_as_of)
        assert answer.status == "answered", (goal.name, answer.message)
