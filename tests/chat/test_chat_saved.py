"""The saved-answers panel of the chat page, in headless Chromium with login: the composer's
收藏 button opens it; it lists only the asker's own saved answers; Re-run answers again on
the data (numbers checked against hand-written SQL) through the same path as
``wenshu saved run``, the run recorded; Delete removes it from the team store."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from test_chat_page import AS_OF_SQL, CUSTOMERS_BY_REGION_SQL

from assistant.store.store import Store

pytestmark = pytest.mark.browser

QUESTION = "各区域的客户数"


def _open_panel(chat, label: str = "收藏"):
    """Press the composer's saved-answers button and send; returns the panel once drawn."""
    chat.page.locator(".command-buttons-container").get_by_role("button", name=label).click()
    chat.page.locator("#chat-submit:enabled").click()
    panel = chat.page.locator(".wenshu-saved, .wenshu-saved-empty").first
    panel.wait_for()
    return panel


def _store(server) -> Store:
    return Store.open(f"sqlite:///{server.state / 'wenshu.db'}")


def test_saved_answers_panel_lists_reruns_and_deletes_only_ones_own(open_chat, login_server, chat_mart, screenshots):
    with duckdb.connect(str(chat_mart), read_only=True) as con:
        (as_of,) = con.execute(AS_OF_SQL).fetchone()  # type: ignore[misc]
        assert isinstance(as_of, date)
        expected = dict(con.execute(CUSTOMERS_BY_REGION_SQL, [as_of]).fetchall())

    alice = open_chat(login_server.url, wait=False).login("alice")
    answer = alice.ask(QUESTION)
    alice.table(answer)
    answer.get_by_role("button", name="保存").click()
    alice.page.get_by_text("已保存这个问题").wait_for()

    store = _store(login_server)
    try:
        mine = [s for s in store.all_saved() if s.owner == "alice" and s.question == QUESTION][-1]
    finally:
        store.close()

    panel = _open_panel(alice)
    item = panel.locator(".wenshu-saved-item").filter(has_text=QUESTION)
    assert item.count() == 1
    alice.page.get_by_text("收藏的回答").wait_for()  # the panel's title
    assert f"保存于 {mine.created_at.date().isoformat()}" in item.inner_text()

    rerun = alice._after(alice.messages.count(), lambda: item.locator(".wenshu-saved-run").click())
    assert "重新运行「各区域的客户数」" in rerun.inner_text()
    table = alice.table(rerun)
    assert table[0] == ["区域", "客户数"]
    assert {r: int(c.replace(",", "")) for r, c in table[1:]} == expected
    store = _store(login_server)
    try:
        runs = store.runs(mine.id)
    finally:
        store.close()
    assert [(r.kind, r.status) for r in runs] == [("manual", "answered")]  # recorded as the CLI's run is

    assert f"上次数据截至 {as_of.isoformat()}" in item.inner_text()  # the panel stays open, with the run's date
    alice.page.wait_for_timeout(500)  # the panel's slide-in
    alice.shot(screenshots, "zh_saved_panel")

    bob = open_chat(login_server.url, locale="en-US", wait=False).login("bob")
    bobs = _open_panel(bob, "Saved")  # in the browser's language
    assert "No saved answers yet" in bobs.inner_text()  # alice's saved answer is hers alone

    item.locator(".wenshu-saved-delete").click()
    alice.page.get_by_text("已删除「各区域的客户数」").wait_for()
    store = _store(login_server)
    try:
        assert store.saved(mine.id) is None
    finally:
        store.close()
