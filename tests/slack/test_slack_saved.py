"""The team store from Slack: Save keeps the answer in the store as the clicker's wenshu
user; ``/wenshu saved`` lists and re-runs saved answers with the command line's rules
(the owner's, as the owner's role); schedules and alerts fire at a controlled time and
are posted to the channel, aggregates only. Numbers are checked against hand-written
SQL on the bot's mart."""

from __future__ import annotations

import itertools
import json
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fake_slack_api import Call, FakeSlack
from slack_requests import click, command, mention
from slack_sdk import WebClient
from slack_setup import Bot
from test_slack_http import BY_REGION, buttons, counts, reply, table_rows, texts

from assistant.slack import SlackBot, customer_columns, scheduled_pushes, slack_deliver
from assistant.slack.texts import both
from assistant.store.due import run_due
from assistant.store.records import Result
from assistant.store.saved import save_answer
from assistant.store.schedules import add_alert, add_schedule
from assistant.store.store import Store
from semantic_layer.query import SemanticQuery

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_8, MONDAY_9 = (datetime(2026, 1, 5, h, tzinfo=SHANGHAI) for h in (8, 9))
OCT, NOV = (date(2025, 10, 1), date(2025, 10, 31)), (date(2025, 11, 1), date(2025, 11, 30))
TXN_BY_REGION = """SELECT b.region, count(*) FROM transactions t JOIN customers c USING (customer_id)
                   JOIN branches b USING (branch_id)
                   WHERE CAST(t.txn_time AS DATE) BETWEEN DATE '{0}' AND DATE '{1}' GROUP BY 1"""
LAST_MONTH_BY_REGION = SemanticQuery.model_validate(
    {"metrics": ["txn_count"], "group_by": [{"field": "region"}], "time_range": {"relative": "上个月"}})
_responses = itertools.count(1)


def slash(bot: Bot, fake: FakeSlack, channel: str, user: str, text: str) -> str:
    """Send ``/wenshu text``; the path of its response URL, to find what the typist was told."""
    path = f"/response/saved-{next(_responses)}"
    sent = command(channel, user, text, f"{fake.url}{path}").send(bot.url)
    assert sent.status == 200 and sent.seconds < 3
    return path


def told(fake: FakeSlack, path: str) -> dict[str, Any]:
    """What only the typist saw: the reply posted to the command's response URL."""
    (call,) = fake.wait_for("response_url", path=path)
    assert call.args["response_type"] == "ephemeral"
    return call.args


def has_text(part: str):
    return lambda call: part in str(call.args.get("text", ""))


@pytest.fixture(scope="module")
def alices(bot: Bot, fake_slack: FakeSlack) -> tuple[int, str]:
    """Alice asks in the public channel and presses Save: the id she is told, and the note."""
    request, thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    request.send(bot.url)
    message = reply(fake_slack, "C_PUBLIC", thread)
    save = next(b for b in buttons(message["blocks"]) if b["action_id"] == "wenshu_save")
    message_ts = fake_slack.named("chat.postMessage", channel="C_PUBLIC", thread_ts=thread)[0].reply["ts"]
    sent = click("C_PUBLIC", "U_ALICE", message_ts, thread, save, f"{fake_slack.url}/response/save").send(bot.url)
    assert sent.status == 200 and sent.seconds < 3
    (note,) = fake_slack.wait_for("chat.postEphemeral", channel="C_PUBLIC", thread_ts=thread)
    assert note.args["user"] == "U_ALICE"
    found = re.match(r"已保存为 #(\d+)「各区域的客户数」", note.args["text"])
    assert found, note.args["text"]
    return int(found[1]), note.args["text"]


def test_save_in_slack_keeps_the_query_and_owner_in_the_team_store(alices: tuple[int, str], bot_store: Store, expected) -> None:
    saved_id, note = alices
    saved = bot_store.saved(saved_id)
    assert saved is not None
    assert saved.query == SemanticQuery.model_validate({"metrics": ["customer_count"], "group_by": [{"field": "region"}]})
    assert (saved.owner, saved.role, saved.title, saved.lang) == ("alice", "analyst", "各区域的客户数", "zh")
    assert saved.last_result is not None and dict(saved.last_result.rows) == expected(BY_REGION.format(where=""))
    assert f"/wenshu saved run {saved_id}" in note


def test_saved_lists_only_your_own(alices: tuple[int, str], bot: Bot, fake_slack: FakeSlack) -> None:
    saved_id, _ = alices
    for text in ("saved", "saved list", "SAVED  list"):
        mine = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_ALICE", text))["text"]
        assert mine.startswith(both("saved_head")) and f"• #{saved_id} 各区域的客户数 (2025-12-31)" in mine.splitlines()
    theirs = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_BOB", "saved"))["text"]
    assert f"#{saved_id} " not in theirs


def test_saved_run_posts_the_rerun_in_a_thread_with_checked_numbers(alices: tuple[int, str], bot: Bot, fake_slack: FakeSlack,
                                                                     bot_store: Store, expected) -> None:
    saved_id, _ = alices
    before = len(bot_store.runs(saved_id))
    slash(bot, fake_slack, "C_PUBLIC", "U_ALICE", f"saved run #{saved_id}")
    (root,) = fake_slack.wait_for("chat.postMessage", channel="C_PUBLIC",
                                  text=f"<@U_ALICE> 重新运行保存的回答 #{saved_id}「各区域的客户数」")
    thread = root.reply["ts"]
    message = reply(fake_slack, "C_PUBLIC", thread)
    assert counts(table_rows(message["blocks"])) == expected(BY_REGION.format(where=""))
    assert "与上次运行(截至 2025-12-31)相比:\n- 与上次运行相比没有变化。" in texts(message["blocks"])
    runs = bot_store.runs(saved_id)
    assert len(runs) == before + 1 and (runs[0].kind, runs[0].status) == ("manual", "answered")
    follow, _ = mention("C_PUBLIC", "U_ALICE", "只看女性", thread_ts=thread)  # the thread continues from the re-run
    follow.send(bot.url)
    female = reply(fake_slack, "C_PUBLIC", thread, count=2)
    assert counts(table_rows(female["blocks"])) == expected(BY_REGION.format(where="AND c.gender = 'female'"))
    assert all(not u.filename.endswith(".csv") for u in fake_slack.uploads_in("C_PUBLIC", thread))  # a channel: no CSV


def test_saved_run_in_a_dm_of_a_role_that_may_export_comes_with_the_csv(alices: tuple[int, str], bot: Bot,
                                                                        fake_slack: FakeSlack) -> None:
    saved_id, _ = alices
    slash(bot, fake_slack, "D_ALICE", "U_ALICE", f"saved run {saved_id}")
    (root,) = fake_slack.wait_for("chat.postMessage", channel="D_ALICE", where=has_text(f"重新运行保存的回答 #{saved_id}"))
    uploads = fake_slack.wait_for("files.completeUploadExternal", channel_id="D_ALICE", thread_ts=root.reply["ts"])
    assert len(uploads) == 1
    assert {u.filename for u in fake_slack.uploads_in("D_ALICE", root.reply["ts"])} == {
        "wenshu-chart.png", "wenshu-region-customer_count.csv"}


def test_someone_elses_saved_answer_is_refused_and_nothing_is_posted(alices: tuple[int, str], bot: Bot,
                                                                     fake_slack: FakeSlack) -> None:
    saved_id, _ = alices
    refusal = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_BOB", f"saved run {saved_id}"))["text"]
    assert "属于其他用户" in refusal and "belongs to another user" in refusal
    missing = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_BOB", "saved run 99999"))["text"]
    assert "没有编号为 99999" in missing and "no saved answer with id 99999" in missing
    assert not fake_slack.named("chat.postMessage", where=has_text("<@U_BOB> 重新运行"))


@pytest.mark.parametrize("text", ["saved frobnicate", "saved run", "saved run abc", "saved run 0", "saved list all"])
def test_anything_else_after_saved_gets_the_usage_in_both_languages(bot: Bot, fake_slack: FakeSlack, text: str) -> None:
    usage = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_ALICE", text))["text"]
    assert usage == both("saved_usage") and "/wenshu saved run" in usage and "/wenshu saved run ID" in usage


@pytest.mark.parametrize("text", ["saved", "saved run 1"])
def test_an_unknown_slack_user_gets_the_bilingual_refusal_for_saved(bot: Bot, fake_slack: FakeSlack, text: str) -> None:
    refusal = told(fake_slack, slash(bot, fake_slack, "C_PUBLIC", "U_EVE", text))["text"]
    assert refusal == both("unknown_user") and "问数用户" in refusal and "not linked to a wenshu user" in refusal
    assert not fake_slack.named("chat.postMessage", where=has_text("<@U_EVE>"))


def test_the_bot_serves_with_its_team_store_and_scheduler(bot: Bot) -> None:
    assert f"team store: {bot.store_url}" in bot.log.read_text(encoding="utf-8")


# ---------------------------------------------------------------- schedules and alerts


@pytest.fixture
def store(tmp_path: Path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=f"{fake_slack.url}/api/")


def top_level(fake: FakeSlack, channel: str, title: str) -> list[Call]:
    """Messages at the top of ``channel`` that lead with ``title`` (a push or an alert)."""
    return fake.named("chat.postMessage", channel=channel, thread_ts=None, where=has_text(title))


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.args["blocks"]
    return blocks if isinstance(blocks, list) else json.loads(blocks)


def test_a_schedule_and_an_alert_fire_at_a_controlled_time_and_post_to_the_channel(
        mart_assistant, store: Store, fake_slack: FakeSlack, client: WebClient, expected) -> None:
    title = "各区域交易笔数 · 推送测试"
    assistant, access = mart_assistant, mart_assistant.access
    answer = assistant.run_query(LAST_MONTH_BY_REGION, "zh", "上个月各区域的交易笔数", user="alice", route="test")
    saved = save_answer(store, assistant, answer, title, "alice", now=MONDAY_8)
    # the run before, a month ago when the data ended on 2025-11-30, kept October's figures
    october = assistant.run_query(LAST_MONTH_BY_REGION.with_changes(as_of=NOV[1]), "zh", "上个月各区域的交易笔数", user="alice")
    store.set_result(saved.id, Result.of(october), MONDAY_8 - timedelta(days=28))
    oct_, nov = expected(TXN_BY_REGION.format(*OCT)), expected(TXN_BY_REGION.format(*NOV))
    moved = {region: abs(nov[region] - oct_[region]) / oct_[region] * 100 for region in nov}
    threshold = sorted(moved.values())[len(moved) // 2]  # about half the regions moved more
    firing = {region for region, pct in moved.items() if pct > threshold}
    assert firing and firing != set(nov)
    add_schedule(store, access, "alice", saved.id, "0 9 * * 1-5", "C_PUBLIC", now=MONDAY_8)
    add_alert(store, access, "alice", saved.id, "txn_count", "change_pct", threshold, "C_PUBLIC", "0 9 * * *", now=MONDAY_8)
    deliver = slack_deliver(client, customer_columns(assistant.warehouse.model))

    assert run_due(assistant, store, deliver, MONDAY_9 - timedelta(seconds=1)) == []
    assert top_level(fake_slack, "C_PUBLIC", title) == []
    runs = run_due(assistant, store, deliver, MONDAY_9)
    assert [(r.kind, r.status, r.delivered, r.fired) for r in runs] == [
        ("schedule", "answered", True, None), ("alert", "answered", True, True)]
    push, alert = top_level(fake_slack, "C_PUBLIC", title)

    lead = blocks_of(push)[0]["text"]["text"]
    assert lead.startswith(f"【{title}】") and "与上次运行" in lead
    for region in nov:
        assert f"{region} · 交易笔数: {oct_[region]:,} → {nov[region]:,}" in lead
    assert counts(table_rows(blocks_of(push))) == nov

    warning = blocks_of(alert)[0]["text"]["text"]
    assert warning.startswith(f"⚠ 预警:【{title}】txn_count 变动超过")
    assert {region for region in nov if f"- {region} · 交易笔数: {oct_[region]:,} → {nov[region]:,}" in warning} == firing
    for call in (push, alert):  # a public channel: the chart, never a CSV
        fake_slack.wait_for("files.completeUploadExternal", channel_id="C_PUBLIC", thread_ts=call.reply["ts"])
        assert [u.filename for u in fake_slack.uploads_in("C_PUBLIC", call.reply["ts"])] == ["wenshu-chart.png"]

    assert run_due(assistant, store, deliver, MONDAY_9 + timedelta(seconds=30)) == []  # the same firing: not again
    assert len(top_level(fake_slack, "C_PUBLIC", title)) == 2


def test_the_bots_scheduler_pushes_what_is_due_holding_the_bots_lock_and_stops(
        mart_assistant, store: Store, fake_slack: FakeSlack, client: WebClient, expected) -> None:
    title = "后台推送测试"
    answer = mart_assistant.run_query(SemanticQuery.model_validate({"metrics": ["customer_count"], "group_by": [{"field": "region"}]}),
                                      "zh", "各区域的客户数", user="alice")
    saved = save_answer(store, mart_assistant, answer, title, "alice")
    hour_ago = datetime.now(SHANGHAI) - timedelta(hours=1)  # fired once a day at that minute: due once, now
    add_schedule(store, mart_assistant.access, "alice", saved.id, f"{hour_ago.minute} {hour_ago.hour} * * *", "C_PUBLIC",
                 now=hour_ago - timedelta(minutes=1))
    bot = SlackBot(mart_assistant)
    bot.lock.acquire()  # the bot is answering a question
    try:
        with scheduled_pushes(bot, store, client, every_s=0.2) as scheduler:
            time.sleep(0.6)
            assert top_level(fake_slack, "C_PUBLIC", title) == []  # waits for the question to be answered
            bot.lock.release()
            (push,) = fake_slack.wait_for("chat.postMessage", channel="C_PUBLIC", thread_ts=None, where=has_text(title), timeout=20)
            time.sleep(0.6)  # more ticks: the firing is not run twice
    finally:
        if bot.lock.locked():
            bot.lock.release()
    assert not scheduler.running
    assert counts(table_rows(blocks_of(push))) == expected(BY_REGION.format(where=""))
    assert len(top_level(fake_slack, "C_PUBLIC", title)) == 1
    assert [(r.kind, r.delivered) for r in store.runs(saved.id)] == [("schedule", True)]
