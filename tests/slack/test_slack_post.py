"""``post_answer`` / ``slack_deliver`` (the scheduled push's delivery), the Save hook and
the team store's, Socket Mode construction, the chart PNG and the command line — in
this process, against the fake Slack Web API."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from fake_slack_api import FakeSlack
from slack_sdk import WebClient
from slack_setup import CHANNELS, PROJECT
from test_slack_blocks import CUSTOMER_LIST, answer

from assistant.slack import (
    SaveRequest,
    SlackBot,
    SlackSettings,
    build_app,
    customer_columns,
    post_answer,
    save_hook,
    slack_deliver,
)
from assistant.slack.actions import SavePayload
from assistant.slack.bot import Thread
from assistant.slack.png import render_png
from assistant.slack.server import connect, socket_handler
from assistant.slack.settings import SlackConfigError
from assistant.slack.texts import both
from assistant.store.saved import TITLE_MAX

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IDS = frozenset({"customer_id"})


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(CHANNELS) as fake:
        yield fake


@pytest.fixture(scope="module")
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=f"{fake.url}/api/")


def test_a_dm_with_export_rights_gets_message_chart_and_csv(fake: FakeSlack, client: WebClient) -> None:
    assert post_answer(client, "D_ALICE", answer(), "1.0", may_export=True, identifying=IDS)
    files = {u.filename: u.content for u in fake.uploads_in("D_ALICE", "1.0")}
    assert files["wenshu-chart.png"].startswith(PNG_MAGIC)
    lines = files["wenshu-region-customer_count.csv"].decode("utf-8-sig").splitlines()
    assert lines[0].startswith("期间,") and lines[-4:] == ["", "区域,客户数", "华东,824", "华南,3"]  # period and 口径 first


@pytest.mark.parametrize("channel", ["C_PUBLIC", "C_SHARED", "G_PRIVATE", "C_NO_INFO"])
def test_channels_get_no_csv(fake: FakeSlack, client: WebClient, channel: str) -> None:
    post_answer(client, channel, answer(), "2.0", may_export=True, identifying=IDS)
    assert [u.filename for u in fake.uploads_in(channel, "2.0")] == ["wenshu-chart.png"]


def test_a_customer_list_is_never_posted_in_a_channel(fake: FakeSlack, client: WebClient) -> None:
    assert post_answer(client, "C_PUBLIC", answer(**CUSTOMER_LIST), "3.0", may_export=True, identifying=IDS)
    (posted,) = fake.named("chat.postMessage", channel="C_PUBLIC", thread_ts="3.0")
    assert "C000001" not in str(posted.args) and "私信" in posted.args["text"]
    assert fake.uploads_in("C_PUBLIC", "3.0") == []


def test_slack_deliver_posts_a_schedule_at_the_top_of_the_channel(fake: FakeSlack, client: WebClient) -> None:
    deliver = slack_deliver(client, IDS)
    assert deliver("D_ALICE", answer(), "【每周客户数】 <!channel>")
    posted = [c for c in fake.named("chat.postMessage", channel="D_ALICE") if "每周客户数" in c.args["text"]]
    assert len(posted) == 1 and posted[0].args.get("thread_ts") is None
    assert "&lt;!channel&gt;" in posted[0].args["blocks"][0]["text"]["text"]
    uploads = fake.uploads_in("D_ALICE", posted[0].reply["ts"])
    assert [u.filename for u in uploads] == ["wenshu-chart.png"]  # a schedule has no export rights
    assert deliver("C_OUTSIDE", answer(), "x") is False  # Slack refused: reported, not raised


def test_the_save_button_hands_a_fresh_answer_to_the_hook(fake: FakeSlack, client: WebClient, assistant) -> None:
    saved: list[SaveRequest] = []

    def hook(request: SaveRequest) -> str:
        saved.append(request)
        return "已保存 #1"

    bot = SlackBot(assistant, save_answer_hook=hook)
    payload = SavePayload(question="各区域的客户数", lang="zh", query={"metrics": ["customer_count"], "group_by": [{"field": "region"}]})
    bot.save(client, Thread("C_PUBLIC", "4.0"), "U_ANYONE", payload)
    (request,) = saved
    assert request.answer.status == "answered" and request.answer.columns == ["region", "customer_count"]
    assert (request.title, request.user, request.channel, request.thread_ts) == ("各区域的客户数", "U_ANYONE", "C_PUBLIC", "4.0")
    (note,) = fake.named("chat.postEphemeral", channel="C_PUBLIC", thread_ts="4.0")
    assert note.args["text"] == "已保存 #1" and note.args["user"] == "U_ANYONE"


def test_save_without_a_team_store_says_so_to_the_clicker_only(fake: FakeSlack, client: WebClient, assistant) -> None:
    payload = SavePayload(question="各区域的客户数", lang="zh", query={"metrics": ["customer_count"]})
    SlackBot(assistant).save(client, Thread("C_PUBLIC", "4.1"), "U_ANYONE", payload)
    (note,) = fake.named("chat.postEphemeral", channel="C_PUBLIC", thread_ts="4.1")
    assert note.args["text"] == both("no_store") and note.args["user"] == "U_ANYONE"


def test_saved_without_a_team_store_says_so_to_the_typist_only(client: WebClient, assistant) -> None:
    from assistant.slack.app import Listeners
    from assistant.slack.bot import Asker

    replies: list[dict] = []
    Listeners(SlackBot(assistant)).saved_command(client, lambda **reply: replies.append(reply), "C_PUBLIC", "U_ANYONE",
                                                 Asker("U_ANYONE", may_export=True), ["run", "1"])
    assert replies == [{"text": both("no_store"), "response_type": "ephemeral"}]


def test_the_store_hook_says_why_an_answer_cannot_be_saved_in_its_language(tmp_path, assistant) -> None:
    from assistant.store.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        hook = save_hook(store, assistant)
        unsaveable = answer(lang="en", semantic_query=None)  # e.g. target segments: nothing to re-run
        told = hook(SaveRequest(unsaveable, "x", "alice", "U_ALICE", "C_PUBLIC", "4.2"))
        assert told.startswith("Only an answer with data can be saved") and store.all_saved() == []
        long_title = hook(SaveRequest(answer(), "各区域的客户数" * 60, "alice", "U_ALICE", "C_PUBLIC", "4.3"))
        (saved,) = store.all_saved()
        assert long_title == f"已保存为 #{saved.id}「{saved.title}」。用 /wenshu saved run {saved.id} 在最新数据上重新运行。"
        assert len(saved.title) == TITLE_MAX and saved.owner == "alice"
    finally:
        store.close()


def test_a_customer_level_push_to_a_channel_shows_no_rows_even_in_its_text(fake: FakeSlack, client: WebClient) -> None:
    """A schedule's text lists what changed row by row: in a channel, only its title line stays."""
    deliver = slack_deliver(client, IDS)
    assert deliver("C_PUBLIC", answer(**CUSTOMER_LIST), "【高价值名单】\n与上次运行相比:\n- 新增:C000001")
    (posted,) = [c for c in fake.named("chat.postMessage", channel="C_PUBLIC") if "高价值名单" in c.args["text"]]
    assert "C000001" not in str(posted.args) and "新增" not in str(posted.args)
    assert posted.args["blocks"][0]["text"]["text"] == "【高价值名单】" and "私信" in posted.args["text"]
    assert fake.uploads_in("C_PUBLIC", posted.reply["ts"]) == []


def test_without_a_roles_file_everyone_asks_as_the_default_role(assistant) -> None:
    asker = SlackBot(assistant).asker("U_ANYONE")
    assert asker is not None and asker.name == "U_ANYONE" and asker.may_export  # one person's local demo


def test_socket_mode_is_built_on_the_app_token_and_the_configured_api(fake: FakeSlack, assistant) -> None:
    settings = SlackSettings(bot_token="xoxb-test", app_token="xapp-1-test", api_url=f"{fake.url}/api/")
    handler = socket_handler(build_app(SlackBot(assistant), settings), settings)
    try:
        assert handler.client.app_token == "xapp-1-test"
        assert handler.client.web_client.base_url == f"{fake.url}/api/"
        assert handler.app.client.token == "xoxb-test"
    finally:
        handler.client.close()


@pytest.mark.parametrize(("fields", "drawn"), [
    ({}, True),
    ({"chart": {"kind": "line", "x": "region", "y": ["customer_count"]}}, True),
    ({"chart": {"kind": "kpi", "y": ["customer_count"]}}, False),
    ({"chart": {"kind": "table"}}, False),
    ({"chart": {"kind": "bar", "x": "nonexistent", "y": ["customer_count"]}}, False),
    ({"rows": [], "display": []}, False),
])
def test_render_png(fields: dict, drawn: bool) -> None:
    png = render_png(answer(**fields))
    assert (png is not None and png.startswith(PNG_MAGIC)) if drawn else png is None


def test_a_missing_token_is_a_bilingual_error_without_a_traceback(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT), "WENSHU_AUDIT_LOG": "off"}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "slack", "--db", str(tmp_path / "none.duckdb")],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN" in done.stderr and "缺少环境变量" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none.duckdb").exists()  # it stopped before building anything


class RefusingSlack(FakeSlack):
    def api_auth_test(self, args: dict) -> dict:
        return {"ok": False, "error": "invalid_auth"}


def test_a_refused_token_or_an_unreachable_slack_is_said_plainly(assistant) -> None:
    bot = SlackBot(assistant)
    with RefusingSlack({}) as refusing:
        with pytest.raises(SlackConfigError) as refused:
            connect(bot, SlackSettings(bot_token="xoxb-wrong", signing_secret="s", api_url=f"{refusing.url}/api/"))
        closed = refusing.url
    assert "invalid_auth" in refused.value.en and "SLACK_BOT_TOKEN" in refused.value.zh
    with pytest.raises(SlackConfigError) as unreachable:
        connect(bot, SlackSettings(bot_token="xoxb", signing_secret="s", api_url=f"{closed}/api/"))
    assert "Cannot reach Slack" in unreachable.value.en and "WENSHU_SLACK_API_URL" in unreachable.value.en


def test_the_bank_models_identifying_columns(assistant) -> None:
    columns = customer_columns(assistant.warehouse.model)
    assert {"customer_id", "name", "id_number", "phone"} <= columns and "region" not in columns
