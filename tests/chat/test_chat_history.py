"""Conversations kept in the team store (login only): the list, a reload, resuming one
with its memory (a two-word follow-up still means what it meant), and nobody else's
conversations shown or opened. The store itself is tested on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from serving import run_async

from assistant.store.chat import ChatHistory, json_safe
from assistant.store.store import Store

FIRST, FOLLOW_UP = "今年的放款金额", "按月看"  # 按月看 alone names no metric: it needs the memory


def _store_fixtures():
    """The team-store tests' SQLite/PostgreSQL fixtures (tests/store/conftest.py)."""
    path = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
    spec = importlib.util.spec_from_file_location("wenshu_store_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


_STORE = _store_fixtures()
postgres, store_url = _STORE.postgres, _STORE.store_url


def _thread_link(chat, title: str):
    return chat.page.locator('[id^="thread-"]').filter(has_text=title)


def _kept_address(chat, server) -> str:
    """The conversation's own address, /thread/<its number>, which the page moves to after the first
    answer. When it does not come, what the page showed (its address, its requests, the server's log)
    is written to test-output/ and named in the failure: once it was Chainlit's own UUID, because the
    history row was opened after the first question had already been announced."""
    try:
        chat.page.wait_for_url(re.compile(r"/thread/\d+$"), timeout=30_000)
    except PlaywrightTimeout:
        seen = [r for r in chat.requests if "/project/" in r or "/thread/" in r]
        note = Path(__file__).resolve().parents[2] / "test-output" / "chat_history_navigation.txt"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"url: {chat.page.url}\nrequests: {seen[-40:]}\n\nserver log:\n"
                        f"{server.log.read_text(errors='replace')[-6000:]}", encoding="utf-8")
        pytest.fail(f"the page stayed at {chat.page.url} after the first answer; see {note}")
    return chat.page.url


@pytest.mark.browser
def test_a_conversation_is_listed_resumed_and_continued(open_chat, login_server, screenshots):
    alice = open_chat(login_server.url, wait=False).login("alice")
    first = alice.ask(FIRST)
    assert alice.table(first)[0] == ["放款金额", "笔数"]  # the amount and how many loans it is over
    kept = _kept_address(alice, login_server)

    alice.page.reload()  # the same conversation, drawn again from the store
    alice.wait_for_messages(1)
    old = alice.messages.first
    assert alice.table(old)[0] == ["放款金额", "笔数"]
    assert "放款金额" in old.inner_text()
    old.locator("button.wenshu-down").click()  # an old answer can still be rated
    old.get_by_text("谢谢反馈").wait_for()
    rated = json.loads((login_server.state / "feedback.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (rated["user"], rated["rating"], rated["question"]) == ("alice", "down", FIRST)
    assert rated["answer_id"].startswith("history:")

    alice.page.goto(login_server.url)  # a new chat; the kept one is in the list
    alice.page.wait_for_selector("#starters")
    _thread_link(alice, FIRST).first.click()
    alice.page.wait_for_url(kept)
    alice.wait_for_messages(1)
    alice.shot(screenshots, "zh_history_resumed")

    monthly = alice.ask(FOLLOW_UP)
    assert alice.table(monthly)[0] == ["月份", "放款金额", "笔数"]
    assert "2025-01" in monthly.inner_text() and "2025-12" in monthly.inner_text()
    alice.shot(screenshots, "zh_history_follow_up")

    bob = open_chat(login_server.url, wait=False).login("bob")
    bob.page.wait_for_timeout(1000)  # the list has loaded
    assert _thread_link(bob, FIRST).count() == 0
    number = kept.rsplit("/", 1)[1]
    assert bob.page.request.get(f"{login_server.url}/project/thread/{number}").status == 401
    bob.page.goto(kept)
    bob.page.wait_for_timeout(2000)
    assert bob.messages.count() == 0 and FIRST not in bob.page.inner_text("body")


ANSWER = {"status": "answered", "lang": "zh", "question": FIRST, "rows": [[float("nan"), 1.5]]}
MEMORY = {"last_query": {"metrics": ["loan_amount"]}, "lang": "zh"}


def test_turns_are_kept_in_order_with_the_newest_memory(store_url):
    store = Store.open(store_url)
    try:
        history = ChatHistory(store)
        thread = history.open_thread("alice")
        assert history.memory(thread) is None and history.threads("alice") == []  # nothing asked yet
        history.add_turn(thread, FIRST, ANSWER, MEMORY, "今年放款金额为…")
        history.add_turn(thread, FOLLOW_UP, ANSWER, {**MEMORY, "lang": "en"}, "…by month")
        (listed,) = history.threads("alice")
        assert (listed.id, listed.title, listed.owner) == (thread, FIRST, "alice")
        messages = history.messages(thread)
        assert [(m.author, m.content) for m in messages] == [
            ("user", FIRST), ("assistant", "今年放款金额为…"), ("user", FOLLOW_UP), ("assistant", "…by month")]
        assert messages[1].answer == {"answer": json_safe(ANSWER), "memory": MEMORY}
        assert messages[1].answer["answer"]["rows"] == [[None, 1.5]]  # no NaN in JSON
        assert history.memory(thread) == {**MEMORY, "lang": "en"}
    finally:
        store.close()


def test_each_person_lists_only_their_own_newest_first(store_url):
    store = Store.open(store_url)
    try:
        history = ChatHistory(store)
        mine = [history.open_thread("alice") for _ in range(3)]
        theirs = history.open_thread("bob")
        for n, thread in enumerate([*mine, theirs]):
            history.add_turn(thread, f"问题{n}", ANSWER, MEMORY, "…")
        assert [t.id for t in history.threads("alice")] == mine[::-1]
        assert [t.id for t in history.threads("alice", limit=2)] == mine[:0:-1]
        assert [t.id for t in history.threads("alice", before=mine[1])] == [mine[0]]
        assert [t.id for t in history.threads("alice", search="问题2")] == [mine[2]]
        assert [t.id for t in history.threads("bob")] == [theirs]
        assert history.rename(mine[0], "改名") and history.thread(mine[0]).title == "改名"  # type: ignore[union-attr]
        empty = history.open_thread("alice")
        assert not history.rename(empty, "followup")  # Chainlit's first-interaction name
        history.add_turn(empty, "第一个问题", ANSWER, MEMORY, "…")
        assert history.thread(empty).title == "第一个问题"  # type: ignore[union-attr]
        assert history.delete(mine[0]) and history.messages(mine[0]) == []
        assert history.thread(mine[0]) is None
    finally:
        store.close()


def test_empty_conversations_are_forgotten_after_a_day(store_url):
    store = Store.open(store_url)
    try:
        history = ChatHistory(store)
        now = datetime.now(UTC)
        old_empty = history.open_thread("alice", at=now - timedelta(days=2))
        new_empty = history.open_thread("alice")
        old_used = history.open_thread("alice", at=now - timedelta(days=2))
        history.add_turn(old_used, FIRST, ANSWER, MEMORY, "…")
        assert history.delete_empty(now - timedelta(days=1)) == 1
        assert history.thread(old_empty) is None
        assert history.thread(new_empty) is not None and history.thread(old_used) is not None
    finally:
        store.close()


def _answered() -> dict:
    from assistant.answer import Answer

    return Answer(
        status="answered", lang="zh", question="各区域的客户数", summary="华东最高",
        sql="SELECT 1", columns=["region", "customer_count"], column_labels=["区域", "客户数"],
        column_formats=["text", "integer"], rows=[["east", 556], ["north", 282]],
        display=[["华东", "556"], ["华北", "282"]],
        chart={"kind": "bar", "x": "region", "y": ["customer_count"], "series": None},
    ).model_dump(mode="json")


def test_chainlit_sees_only_the_asking_persons_threads(tmp_path):
    from chainlit.types import Pagination, ThreadFilter

    from assistant.chat.history import StoreDataLayer

    store = Store.open(f"sqlite:///{tmp_path / 'wenshu.db'}")
    try:
        history = ChatHistory(store)
        thread = history.open_thread("alice")
        history.add_turn(thread, "各区域的客户数", _answered(), MEMORY, "华东最高")
        layer = StoreDataLayer(lambda: history)

        async def look() -> tuple:
            page = Pagination(first=20)
            return (
                await layer.list_threads(page, ThreadFilter(userId="alice")),
                await layer.list_threads(page, ThreadFilter(userId="bob")),
                await layer.list_threads(page, ThreadFilter()),
                await layer.get_thread_author(str(thread)),
                await layer.get_thread("9d3c1a4e-0000-4000-8000-000000000000"),
                await layer.get_thread(str(thread)),
            )

        alices, bobs, nobodys, author, stranger, kept = run_async(look())
        assert [t["id"] for t in alices.data] == [str(thread)] and bobs.data == nobodys.data == []
        assert author == "alice" and stranger is None
        assert [(s["type"], s["output"][:6]) for s in kept["steps"]] == [
            ("user_message", "各区域的客户"), ("tool", "SELECT"), ("assistant_message", "**华东最高")]
        chart, table, rating = kept["elements"]
        assert chart["type"] == "plotly" and chart["url"].startswith("data:application/json;")
        assert (table["type"], table["name"], table["props"]["rows"]) == (
            "custom", "WenshuTable", [["华东", "556"], ["华北", "282"]])
        assert (rating["name"], rating["props"]["answer"]) == (
            "WenshuFeedback", f"history:{history.messages(thread)[1].id}")
        assert {e["forId"] for e in kept["elements"]} == {kept["steps"][2]["id"]}
    finally:
        store.close()


def test_a_first_question_before_the_chats_start_still_keeps_the_conversation(tmp_path):
    """Chainlit names a conversation at its first question, just before telling the page its
    id: named by Chainlit's own UUID, it is not kept yet, so the layer keeps it then (the page
    then moves to /thread/<number>, not to a UUID no reload can find); a kept one is renamed
    only once it has a question (the history names it after its first)."""
    from assistant.chat.history import StoreDataLayer

    store = Store.open(f"sqlite:///{tmp_path / 'wenshu.db'}")
    try:
        history = ChatHistory(store)
        kept: list[int] = []
        layer = StoreDataLayer(lambda: history, keep=lambda: kept.append(history.open_thread("alice")))
        run_async(layer.update_thread("3367e77e-99eb-421b-8156-47ee0374c6de", name=FIRST))
        assert len(kept) == 1 and history.thread(kept[0]).owner == "alice"  # type: ignore[union-attr]
        run_async(layer.update_thread(str(kept[0]), name="改名"))
        assert len(kept) == 1 and history.thread(kept[0]).title != "改名"  # type: ignore[union-attr]
        history.add_turn(kept[0], FIRST, ANSWER, MEMORY, "…")
        run_async(layer.update_thread(str(kept[0]), name="改名"))
        assert history.thread(kept[0]).title == "改名"  # type: ignore[union-attr]
    finally:
        store.close()
