"""The real ``wenshu slack`` server over HTTP, against the fake Slack Web API: signed
events, slash commands and button clicks in; threads, Block Kit, PNG and CSV out.
Numbers are checked against hand-written SQL on the same mart."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import time
from typing import Any

import pytest
from fake_slack_api import FakeSlack
from slack_requests import SlackRequest, click, command, direct_message, mention
from slack_setup import END, Bot

from assistant.slack.texts import both

pytestmark = pytest.mark.slow  # the bot and a fake Slack Web API as servers

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BY_REGION = f"""SELECT b.region, count(DISTINCT c.customer_id) FROM customers c JOIN branches b USING (branch_id)
                WHERE c.open_date <= DATE '{END}' {{where}} GROUP BY 1"""


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in a Block Kit message, one per line."""
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [e["text"] if isinstance(e["text"], str) else e["text"]["text"] for e in block.get("elements", []) if "text" in e]
    return "\n".join(out)


def table_rows(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """The code-block table's rows as first cell → last cell."""
    code = next(b["text"]["text"] for b in blocks if b["type"] == "section" and b["text"]["text"].startswith("```"))
    lines = code.strip("`\n").splitlines()[2:]  # header and rule
    return {line.split()[0]: line.split()[-1] for line in lines}


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def reply(fake: FakeSlack, channel: str, thread_ts: str, count: int = 1) -> dict[str, Any]:
    """The ``count``-th message the bot posted in a thread (its Block Kit as a list)."""
    call = fake.wait_for("chat.postMessage", count, channel=channel, thread_ts=thread_ts)[count - 1]
    args = dict(call.args)
    args["blocks"] = args["blocks"] if isinstance(args.get("blocks"), list) else json.loads(args.get("blocks") or "[]")
    return args


def counts(rows: dict[str, str]) -> dict[str, int]:
    return {k: int(v.replace(",", "")) for k, v in rows.items()}


def test_mention_in_a_public_channel_answers_in_thread_with_checked_numbers(bot: Bot, fake_slack: FakeSlack, expected) -> None:
    request, thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    sent = request.send(bot.url)
    assert sent.status == 200 and sent.seconds < 3
    message = reply(fake_slack, "C_PUBLIC", thread)
    text = texts(message["blocks"])
    assert "期间" in text and "口径" in text and "客户数" in text
    assert counts(table_rows(message["blocks"])) == expected(BY_REGION.format(where=""))
    files = fake_slack.wait_for("files.completeUploadExternal", channel_id="C_PUBLIC", thread_ts=thread)
    assert len(files) == 1
    (chart,) = fake_slack.uploads_in("C_PUBLIC", thread)
    assert chart.content.startswith(PNG_MAGIC) and chart.filename.endswith(".png")  # no CSV in a channel


def test_follow_up_in_the_thread_builds_on_the_question(bot: Bot, fake_slack: FakeSlack, expected) -> None:
    first, thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    first.send(bot.url)
    reply(fake_slack, "C_PUBLIC", thread)
    follow, _ = mention("C_PUBLIC", "U_ALICE", "只看女性", thread_ts=thread)
    follow.send(bot.url)
    message = reply(fake_slack, "C_PUBLIC", thread, count=2)
    assert counts(table_rows(message["blocks"])) == expected(BY_REGION.format(where="AND c.gender = 'female'"))


def test_a_direct_message_from_a_role_that_may_export_gets_the_csv(bot: Bot, fake_slack: FakeSlack, expected) -> None:
    request, thread = direct_message("D_ALICE", "U_ALICE", "customer count by region")
    request.send(bot.url)
    message = reply(fake_slack, "D_ALICE", thread)
    assert "Period" in texts(message["blocks"])  # answered in the question's language
    fake_slack.wait_for("files.completeUploadExternal", channel_id="D_ALICE", thread_ts=thread)
    names = {u.filename: u for u in fake_slack.uploads_in("D_ALICE", thread)}
    assert set(names) == {"wenshu-chart.png", "wenshu-region-customer_count.csv"}
    rows = list(csv.reader(io.StringIO(names["wenshu-region-customer_count.csv"].content.decode("utf-8-sig"))))
    table = rows[rows.index([]) + 1:]  # the period and 口径 come first, then a blank line
    assert rows[0][0] == "Period"
    assert table[0] == ["region", "customer count"]
    assert {r[0]: int(r[1]) for r in table[1:]} == expected(BY_REGION.format(where=""))


def test_a_direct_message_from_a_role_that_may_not_export_gets_no_csv(bot: Bot, fake_slack: FakeSlack) -> None:
    request, thread = direct_message("D_BOB", "U_BOB", "各区域的客户数")
    request.send(bot.url)
    message = reply(fake_slack, "D_BOB", thread)
    assert "may_export" in texts(message["blocks"])
    fake_slack.wait_for("files.completeUploadExternal", channel_id="D_BOB", thread_ts=thread)
    assert [u.filename for u in fake_slack.uploads_in("D_BOB", thread)] == ["wenshu-chart.png"]


def settle(bot: Bot, fake: FakeSlack) -> None:
    """Wait until the bot has answered a later question too: whatever it was going to
    post for the earlier ones (files come right after their message) has been posted."""
    request, thread = direct_message("D_ALICE", "U_ALICE", "客户数")
    request.send(bot.url)
    reply(fake, "D_ALICE", thread)


@pytest.mark.parametrize("channel", ["C_PUBLIC", "C_SHARED", "G_PRIVATE"])
def test_a_customer_list_asked_in_a_channel_gets_aggregates_only(bot: Bot, fake_slack: FakeSlack, channel: str) -> None:
    request, thread = mention(channel, "U_ALICE", "列出高价值客户名单")
    request.send(bot.url)
    message = reply(fake_slack, channel, thread)
    # refused with the reason (answers are aggregates) and what to ask instead: no table, nobody named
    assert table_rows_or_none(message["blocks"]) is None
    assert "汇总" in texts(message["blocks"]) or "汇总" in message.get("text", "")
    assert not re.search(r"C\d{6,}", texts(message["blocks"]))  # no customer ids
    settle(bot, fake_slack)
    assert all(not u.filename.endswith(".csv") for u in fake_slack.uploads_in(channel, thread))


def test_an_unknown_slack_user_gets_a_bilingual_note_and_nothing_runs(bot: Bot, fake_slack: FakeSlack) -> None:
    request, thread = mention("C_PUBLIC", "U_EVE", "各区域的存款余额 unknown-user-check")
    request.send(bot.url)
    (note,) = fake_slack.wait_for("chat.postEphemeral", channel="C_PUBLIC", thread_ts=thread)
    assert note.args["user"] == "U_EVE"
    assert "问数用户" in note.args["text"] and "not linked to a wenshu user" in note.args["text"]
    dm, dm_thread = direct_message("D_EVE", "U_EVE", "hello")
    dm.send(bot.url)
    fake_slack.wait_for("chat.postEphemeral", channel="D_EVE", thread_ts=dm_thread)
    assert not fake_slack.named("chat.postMessage", thread_ts=thread) and not fake_slack.named("chat.postMessage", thread_ts=dm_thread)
    assert not bot.audit_log.exists() or "unknown-user-check" not in bot.audit_log.read_text(encoding="utf-8")


def test_a_slash_command_posts_the_question_and_answers_in_its_thread(bot: Bot, fake_slack: FakeSlack, expected) -> None:
    sent = command("C_PUBLIC", "U_ALICE", "各区域的客户数", f"{fake_slack.url}/response/1").send(bot.url)
    assert sent.status == 200 and sent.seconds < 3
    (root,) = fake_slack.wait_for("chat.postMessage", channel="C_PUBLIC", text="<@U_ALICE> 问:各区域的客户数")
    assert "thread_ts" not in root.args or root.args["thread_ts"] is None  # the question starts a thread
    message = reply(fake_slack, "C_PUBLIC", root.reply["ts"])
    assert counts(table_rows(message["blocks"])) == expected(BY_REGION.format(where=""))


def test_a_clarification_button_answers_in_the_thread_and_follow_ups_build_on_it(bot: Bot, fake_slack: FakeSlack) -> None:
    request, thread = mention("C_PUBLIC", "U_ALICE", "存款规模")
    request.send(bot.url)
    question = reply(fake_slack, "C_PUBLIC", thread)
    options = [b for b in buttons(question["blocks"]) if b["action_id"].startswith("wenshu_option")]
    assert [b["text"]["text"] for b in options] == ["1. 存款余额", "2. 存款日均"]
    message_ts = fake_slack.named("chat.postMessage", channel="C_PUBLIC", thread_ts=thread)[0].reply["ts"]
    sent = click("C_PUBLIC", "U_ALICE", message_ts, thread, options[1], f"{fake_slack.url}/response/2").send(bot.url)
    assert sent.status == 200 and sent.seconds < 3
    picked = reply(fake_slack, "C_PUBLIC", thread, count=2)
    assert "存款日均" in texts(picked["blocks"])
    follow, _ = mention("C_PUBLIC", "U_ALICE", "按区域拆分呢?", thread_ts=thread)
    follow.send(bot.url)
    split = reply(fake_slack, "C_PUBLIC", thread, count=3)
    assert "存款日均" in texts(split["blocks"]) and set(table_rows(split["blocks"])) >= {"华东", "华北"}


def test_a_follow_up_button_asks_in_the_same_thread(bot: Bot, fake_slack: FakeSlack, expected) -> None:
    request, thread = mention("C_PUBLIC", "U_ALICE", "客户数")
    request.send(bot.url)
    first = reply(fake_slack, "C_PUBLIC", thread)
    by_region = next(b for b in buttons(first["blocks"]) if b["value"] == "按区域拆分呢?")
    message_ts = fake_slack.named("chat.postMessage", channel="C_PUBLIC", thread_ts=thread)[0].reply["ts"]
    click("C_PUBLIC", "U_ALICE", message_ts, thread, by_region, f"{fake_slack.url}/response/3").send(bot.url)
    second = reply(fake_slack, "C_PUBLIC", thread, count=2)
    assert counts(table_rows(second["blocks"])) == expected(BY_REGION.format(where=""))


def test_forged_and_stale_requests_are_refused_and_nothing_is_posted(bot: Bot, fake_slack: FakeSlack) -> None:
    forged, forged_thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    assert forged.send(bot.url, forged=True).status == 401
    stale, stale_thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    assert stale.send(bot.url, timestamp=int(time.time()) - 6 * 60).status == 401
    slash = command("C_PUBLIC", "U_ALICE", "forged-command-check", f"{fake_slack.url}/response/5")
    assert slash.send(bot.url, forged=True).status == 401
    settle(bot, fake_slack)
    posted = {c.args.get("thread_ts") for c in fake_slack.calls}
    assert forged_thread not in posted and stale_thread not in posted
    assert not [c for c in fake_slack.calls if "forged-command-check" in str(c.args)]


def test_a_retried_or_replayed_event_is_answered_once(bot: Bot, fake_slack: FakeSlack) -> None:
    request, thread = mention("C_PUBLIC", "U_ALICE", "各区域的客户数")
    assert request.send(bot.url).status == 200
    retry = request.send(bot.url, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status == 200
    assert request.send(bot.url).status == 200  # the same signed request again
    slash = command("C_PUBLIC", "U_ALICE", "客户数", f"{fake_slack.url}/response/6")
    slash.send(bot.url)
    slash.send(bot.url)
    reply(fake_slack, "C_PUBLIC", thread)
    settle(bot, fake_slack)
    assert len(fake_slack.named("chat.postMessage", channel="C_PUBLIC", thread_ts=thread)) == 1
    assert len(fake_slack.named("chat.postMessage", channel="C_PUBLIC", text="<@U_ALICE> 问:客户数")) == 1


@pytest.mark.parametrize(("question", "says"), [
    ("delete all customers", "only reads data"),
    ("删除所有客户", "只读"),
    ("'; DROP TABLE customers; --", "SQL"),
    ("各区域客户数" * 700_000, "太长"),  # about 12 MB of request
])
def test_bad_input_gets_the_assistants_own_refusal(bot: Bot, fake_slack: FakeSlack, question: str, says: str) -> None:
    request, thread = direct_message("D_ALICE", "U_ALICE", question)
    assert request.send(bot.url).status == 200
    message = reply(fake_slack, "D_ALICE", thread)
    assert says in texts(message["blocks"])
    assert not table_rows_or_none(message["blocks"])


def table_rows_or_none(blocks: list[dict[str, Any]]) -> dict[str, str] | None:
    try:
        return table_rows(blocks)
    except StopIteration:
        return None


def test_a_command_from_an_unknown_user_is_told_privately_and_nothing_is_posted(bot: Bot, fake_slack: FakeSlack) -> None:
    command("C_PUBLIC", "U_EVE", "unknown-command-check", f"{fake_slack.url}/response/8").send(bot.url)
    (told,) = fake_slack.wait_for("response_url", text=both("unknown_user"))
    assert told.args["response_type"] == "ephemeral"
    assert not [c for c in fake_slack.calls if c.method != "response_url" and "unknown-command-check" in str(c.args)]


def test_a_command_where_the_bot_is_not_a_member_says_how_to_invite_it(bot: Bot, fake_slack: FakeSlack) -> None:
    command("C_OUTSIDE", "U_ALICE", "各区域的客户数", f"{fake_slack.url}/response/7").send(bot.url)
    (told,) = fake_slack.wait_for("response_url", text=both("invite_me"))
    assert "/invite" in told.args["text"] and told.args["response_type"] == "ephemeral"


def test_event_to_reply_latency(bot: Bot, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]) -> None:
    """How long from Slack's request to the answer posted in the thread (printed; never fails on speed)."""
    questions = ["各区域的客户数", "2025年放款金额按月趋势", "loan approval rate by channel this year",
                 "各渠道的营销转化率", "高价值客户在华东有多少"]
    settle(bot, fake_slack)  # the first answer after start-up also pays one-time loading: not measured
    acks, replies = [], []
    for q in questions:
        request, thread = mention("C_PUBLIC", "U_ALICE", q)
        started = time.monotonic()
        acks.append(request.send(bot.url).seconds)
        replies.append(reply_call(fake_slack, "C_PUBLIC", thread).at - started)
    with capsys.disabled():
        print(f"\nSlack event → acknowledged: median {statistics.median(acks) * 1000:.0f} ms; "
              f"→ answer posted in thread: median {statistics.median(replies) * 1000:.0f} ms, "
              f"max {max(replies) * 1000:.0f} ms ({len(questions)} questions, 3,000-customer mart)")
    assert max(acks) < 3


def reply_call(fake: FakeSlack, channel: str, thread_ts: str):
    return fake.wait_for("chat.postMessage", channel=channel, thread_ts=thread_ts)[0]


def test_slack_can_verify_the_request_url(bot: Bot) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    sent = SlackRequest(body, "application/json").send(bot.url)
    assert sent.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in sent.body


def test_an_empty_mention_gets_help_in_both_languages(bot: Bot, fake_slack: FakeSlack) -> None:
    request, thread = mention("C_PUBLIC", "U_ALICE", "")
    request.send(bot.url)
    message = reply(fake_slack, "C_PUBLIC", thread)
    assert "问数" in message["text"] and "wenshu" in message["text"] and buttons(message["blocks"])
