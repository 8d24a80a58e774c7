"""``build_app``: the Bolt app — Slack's events, the ``/wenshu`` command (and, with a
team store, ``/wenshu saved``) and the buttons, wired to :class:`SlackBot`.

Bolt checks every HTTP request's signature and refuses timestamps older than five
minutes (401); ``SkipRepeats`` drops re-sent ones. Listeners acknowledge at once and
answer on Bolt's worker threads (``process_before_response=False``), so Slack gets its
acknowledgement well within three seconds however long a question takes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.language import detect_lang
from assistant.slack.actions import FOLLOWUP, OPTION, SAVE, OptionPayload, SavePayload, decode
from assistant.slack.blocks import escape
from assistant.slack.bot import Asker, SlackBot, Thread, question_text
from assistant.slack.deliveries import SkipRepeats
from assistant.slack.saved import Invocation, SavedCommand
from assistant.slack.settings import SlackSettings
from assistant.slack.texts import both, t

if TYPE_CHECKING:
    from assistant.store.store import Store

COMMAND = "/wenshu"
SAVED = "saved"  # /wenshu saved …: the team store's saved answers, not a question


def build_app(bot: SlackBot, settings: SlackSettings, store: Store | None = None) -> App:
    """The Bolt app for ``bot``; its Web API client talks to ``settings.api_url``.
    ``/wenshu saved`` works on ``store`` (without one it says the store is not set up).
    Checks the bot token with ``auth.test`` before returning."""
    client = WebClient(token=settings.bot_token, base_url=settings.api_url)
    app = App(client=client, signing_secret=settings.signing_secret or "",
              request_verification_enabled=settings.signing_secret is not None, process_before_response=False)
    app.use(SkipRepeats())
    listeners = Listeners(bot, SavedCommand(bot, store) if store is not None else None)
    app.event("app_mention")(listeners.mention)
    app.event({"type": "message", "subtype": None})(listeners.message)
    app.command(COMMAND)(listeners.command)
    app.action(re.compile(f"^{FOLLOWUP}"))(listeners.followup)
    app.action(re.compile(f"^{OPTION}"))(listeners.option)
    app.action(SAVE)(listeners.save)
    return app


def action_thread(body: dict[str, Any]) -> Thread:
    """The thread a clicked message belongs to (or starts, for a top-level push)."""
    message, container = body.get("message") or {}, body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container["channel_id"]
    return Thread(channel, message.get("thread_ts") or message.get("ts") or container["message_ts"])


class Listeners:
    """Bolt's callbacks: each reads Slack's payload and hands a plain request to the bot."""

    def __init__(self, bot: SlackBot, saved: SavedCommand | None = None):
        self.bot, self.saved = bot, saved

    def mention(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """@wenshu in a channel: answered in the mention's thread (a new one if it has none).
        Slack sends no mentions from direct messages: those come as message events."""
        if not event.get("user"):  # another app's message
            return
        thread = Thread(event["channel"], event.get("thread_ts") or event["ts"])
        self.bot.ask(client, thread, event["user"], question_text(event.get("text", ""), context.bot_user_id))

    def message(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """Every plain message in a direct conversation with the bot; channels need a mention."""
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("user"):
            return
        thread = Thread(event["channel"], event.get("thread_ts") or event["ts"])
        self.bot.ask(client, thread, event["user"], question_text(event.get("text", ""), context.bot_user_id))

    def command(self, ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """``/wenshu 问题``: the question is posted as a message, answered in its thread;
        ``/wenshu saved …`` lists or re-runs saved answers."""
        question = question_text(command.get("text", ""), None)
        if not question:
            ack(text=both("help"))  # only the typist sees it
            return
        ack()
        channel, user = command["channel_id"], command["user_id"]
        asker = self.bot.asker(user)
        if asker is None:
            respond(text=both("unknown_user"), response_type="ephemeral")
            return
        first, *rest = question.split()
        if first.lower() == SAVED:
            self.saved_command(client, respond, channel, user, asker, rest)
            return
        lang = detect_lang(question)
        try:
            root = client.chat_postMessage(channel=channel, text=t("asked", lang, user=user, question=escape(question[:2000])))
        except SlackApiError:
            respond(text=both("invite_me"), response_type="ephemeral")
            return
        self.bot.ask(client, Thread(channel, root["ts"]), user, question)

    def saved_command(self, client: WebClient, respond: Respond, channel: str, user: str, asker: Asker,
                      args: list[str]) -> None:
        """``/wenshu saved …``: every reply goes to the typist alone."""

        def reply(text: str) -> None:
            respond(text=text, response_type="ephemeral")

        if self.saved is None:
            reply(both("no_store"))
            return
        self.saved(Invocation(client, channel, user, asker, reply), args)

    def followup(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        self.bot.ask(client, action_thread(body), body["user"]["id"], str(action.get("value", "")))

    def option(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        picked = decode(OptionPayload, str(action.get("value", "")))
        if picked is not None:
            label = (action.get("text") or {}).get("text", str(picked.number))
            self.bot.pick_option(client, action_thread(body), body["user"]["id"], picked, label)

    def save(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        saved = decode(SavePayload, str(action.get("value", "")))
        if saved is not None:
            self.bot.save(client, action_thread(body), body["user"]["id"], saved)
