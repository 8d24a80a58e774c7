"""Pure pieces of the Slack bot: disclosure rules, Block Kit within its limits, the text
table, button payloads, repeated deliveries, settings. No Slack, no database."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.answer import Answer, Option
from assistant.slack.actions import (
    VALUE_LIMIT,
    OptionPayload,
    SavePayload,
    decode,
    option_value,
    save_value,
)
from assistant.slack.blocks import answer_blocks, escape
from assistant.slack.bot import question_text
from assistant.slack.deliveries import Deliveries, delivery_key
from assistant.slack.disclosure import Disclosure, audience_of, disclose
from assistant.slack.settings import SlackConfigError, SlackSettings
from assistant.slack.table import display_width, text_table

IDS = frozenset({"customer_id"})


def answer(**fields: Any) -> Answer:
    base: dict[str, Any] = {
        "status": "answered", "lang": "zh", "question": "各区域的客户数", "summary": "华东最多",
        "columns": ["region", "customer_count"], "column_labels": ["区域", "客户数"],
        "column_formats": ["text", "integer"], "rows": [["华东", 824], ["华南", 3]],
        "display": [["华东", "824"], ["华南", "<5"]], "period": "截至 2025-12-31",
        "semantic_query": {"metrics": ["customer_count"], "group_by": [{"field": "region"}]},
        "definitions": [{"metric": "customer_count", "label": "客户数", "definition": "去重客户数"}],
        "followups": ["按价值等级拆分呢?"], "chart": {"kind": "bar", "x": "region", "y": ["customer_count"]},
    }
    return Answer(**{**base, **fields})


CUSTOMER_LIST = {"columns": ["customer_id", "aum"], "column_labels": ["客户", "AUM"], "column_formats": ["text", "currency"],
                 "rows": [["C000001", 1.0]], "display": [["C000001", "1.00元"]]}


@pytest.mark.parametrize(("channel", "audience"), [
    ({"is_im": True}, "direct"),
    ({"is_im": True, "is_ext_shared": True}, "shared"),  # a DM with someone outside the bank
    ({"is_channel": True, "is_private": False}, "public"),
    ({"is_channel": True, "is_private": True}, "private"),
    ({"is_mpim": True}, "private"),
    ({"is_channel": True, "is_shared": True}, "shared"),
    ({"is_channel": True, "is_org_shared": True}, "shared"),
    ({}, "public"),
])
def test_audience_of_a_channel(channel: dict[str, Any], audience: str) -> None:
    assert audience_of(channel) == audience


@pytest.mark.parametrize(("audience", "may_export", "fields", "show", "csv", "note"), [
    ("direct", True, {}, True, True, None),
    ("direct", False, {}, True, False, "may_export"),
    ("public", True, {}, True, False, None),
    ("shared", True, {}, True, False, None),
    ("private", True, {}, True, False, None),
    ("direct", True, CUSTOMER_LIST, True, True, None),
    ("direct", False, CUSTOMER_LIST, False, False, "may_export"),
    ("public", True, CUSTOMER_LIST, False, False, "私信"),
    ("shared", True, CUSTOMER_LIST, False, False, "私信"),
    ("direct", True, {"status": "refused", "message": "不行", "rows": [], "display": []}, True, False, None),
])
def test_disclosure(audience: Any, may_export: bool, fields: dict[str, Any], show: bool, csv: bool, note: str | None) -> None:
    got = disclose(answer(**fields), audience, may_export, IDS)
    assert (got.show, got.csv) == (show, csv)
    assert (got.note is None) if note is None else (note in (got.note or ""))


def test_a_customer_level_answer_in_a_channel_shows_only_the_note() -> None:
    blocks = answer_blocks(answer(**CUSTOMER_LIST), disclose(answer(**CUSTOMER_LIST), "public", True, IDS))
    assert len(blocks) == 1 and "C000001" not in json.dumps(blocks, ensure_ascii=False)


def test_values_are_escaped_so_nothing_pings_and_small_groups_read_as_written() -> None:
    shown = json.dumps(answer_blocks(answer(summary="<!channel> & <@U1>"), Disclosure(True, False)), ensure_ascii=False)
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in shown and "<!channel>" not in shown
    assert "&lt;5" in shown
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    out = [b["text"]["text"] for b in blocks if "text" in b]
    out += [e["text"] if isinstance(e["text"], str) else e["text"]["text"] for b in blocks for e in b.get("elements", [])]
    return out


def test_a_big_answer_stays_within_block_kit_limits() -> None:
    wide = "很长的标签" * 40
    rows = [[f"{wide}{i}", i * 1000] for i in range(500)]
    big = answer(rows=rows, display=[[r[0], f"{r[1]:,}"] for r in rows], summary="总结" * 3000,
                 definitions=[{"metric": f"m{i}", "label": wide, "definition": wide * 5} for i in range(40)],
                 followups=[wide + str(i) for i in range(40)], question="问" * 5000)
    blocks = answer_blocks(big, Disclosure(True, True))
    assert len(blocks) <= 50
    assert all(len(text) <= 3000 for text in block_texts(blocks))
    elements = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(elements) <= 25
    assert all(len(e["text"]["text"]) <= 75 and len(e["value"]) <= VALUE_LIMIT for e in elements)
    assert any("显示前" in text for text in block_texts(blocks))


def test_text_table_aligns_chinese_and_numbers() -> None:
    table = text_table(["区域", "客户数"], ["text", "integer"], [["华东", "824"], ["西北", "5"]])
    lines = table.splitlines()
    assert lines[0] == "区域  客户数" and lines[1] == "----  ------"
    assert lines[3] == "西北       5"
    assert len({display_width(line) for line in lines}) == 1


@pytest.mark.parametrize(("text", "question"), [
    ("<@UBOT> 各区域的客户数", "各区域的客户数"),
    ("<@UBOT|wenshu> top 5 cities by AUM", "top 5 cities by AUM"),
    ("<@UBOT> 余额 &gt; 100万 &amp; 女性 &lt;30岁", "余额 > 100万 & 女性 <30岁"),
    ("<@UBOT> ask <@U_BOB> too", "ask <@U_BOB> too"),
    ("<@UBOT>", ""),
])
def test_question_text(text: str, question: str) -> None:
    assert question_text(text, "UBOT") == question


def test_an_option_button_carries_its_query_or_else_its_number() -> None:
    small = Option(number=1, label="存款余额", semantic_query={"metrics": ["deposit_balance"], "limit": None})
    assert decode(OptionPayload, option_value(small, "zh")) == OptionPayload(number=1, lang="zh", query={"metrics": ["deposit_balance"]})
    many = [{"field": "city", "op": "=", "value": "城市" * 50}] * 20
    big = Option(number=2, label="x", semantic_query={"metrics": ["deposit_balance"], "filters": many})
    assert decode(OptionPayload, option_value(big, "en")) == OptionPayload(number=2, lang="en")


def test_save_value_round_trips_and_is_left_out_when_nothing_can_be_saved() -> None:
    value = save_value(answer())
    assert value is not None
    saved = decode(SavePayload, value)
    assert saved is not None and saved.query == {"metrics": ["customer_count"], "group_by": [{"field": "region"}]}
    assert save_value(answer(status="clarify")) is None and save_value(answer(semantic_query=None)) is None
    assert decode(SavePayload, "not json") is None and decode(SavePayload, '{"question": 1}') is None


def test_deliveries_are_remembered_for_the_signature_window() -> None:
    now = [0.0]
    seen = Deliveries(ttl=300, clock=lambda: now[0])
    assert seen.first("event:Ev1") and not seen.first("event:Ev1")
    now[0] = 301
    assert seen.first("event:Ev1")
    assert delivery_key({"event_id": "Ev9", "trigger_id": "t"}) == "event:Ev9"
    assert delivery_key({"trigger_id": "t1"}) == "trigger:t1" and delivery_key({"type": "url_verification"}) is None


@pytest.mark.parametrize(("env", "socket", "missing"), [
    ({}, False, "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb"}, False, "SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb", "SLACK_SIGNING_SECRET": "s"}, True, "SLACK_APP_TOKEN"),
])
def test_missing_settings_are_all_named(env: dict[str, str], socket: bool, missing: str) -> None:
    with pytest.raises(SlackConfigError) as err:
        SlackSettings.from_env(socket=socket, env=env)
    assert missing in err.value.en and missing in err.value.zh


def test_settings_point_the_client_at_the_configured_api() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb", "SLACK_APP_TOKEN": "xapp", "WENSHU_SLACK_API_URL": "http://relay.bank:8080/api"}
    settings = SlackSettings.from_env(socket=True, env=env)
    assert settings.api_url == "http://relay.bank:8080/api/" and settings.signing_secret is None
    assert SlackSettings.from_env(socket=False, env={"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "s"}).api_url == "https://slack.com/api/"


def test_a_refusal_offers_the_examples_it_is_given() -> None:
    refused = answer(status="refused", message="不行", rows=[], display=[], followups=[])
    blocks = answer_blocks(refused, Disclosure(True, False), ["各区域的客户数", "上个月存转贷转化率"])
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["各区域的客户数", "上个月存转贷转化率"]
    assert not [b for b in answer_blocks(refused, Disclosure(True, False)) if b["type"] in ("actions", "context")]
