"""The bot's behaviour: who is asking, which thread is the conversation, and what to
post back. Slack specifics (events, signatures, HTTP) stay in ``app.py``/``server.py``;
meaning stays in :meth:`Assistant.ask` — this module only asks and renders.

A Slack thread is a conversation: its session id is ``channel:thread_ts``, so a
follow-up in the thread ("只看女性") builds on the question before it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from slack_sdk import WebClient

from assistant.answer import Answer, Assistant
from assistant.slack.actions import OptionPayload, SavePayload
from assistant.slack.blocks import help_blocks
from assistant.slack.disclosure import customer_columns
from assistant.slack.post import post_answer
from assistant.slack.texts import both, t
from assistant.suggest import starter_questions
from semantic_layer.query import SemanticQuery

log = logging.getLogger("wenshu.slack")
ROUTE = "slack"
MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Thread:
    """Where a conversation lives: a channel and the ``ts`` of the thread's first message."""

    channel: str
    ts: str

    @property
    def session(self) -> str:
        return f"{self.channel}:{self.ts}"


@dataclass(frozen=True)
class Asker:
    name: str  # the wenshu user; without a users file, the Slack id (so the audit log says who)
    may_export: bool


@dataclass(frozen=True)
class SaveRequest:
    """What the Save button hands to the team store: the answer, re-run from the
    button's query as the clicker (fresh figures under their role) — ready for
    ``assistant.store.saved.save_answer`` (``assistant.slack.saved.save_hook`` does that)."""

    answer: Answer
    title: str  # the question asked
    user: str  # the wenshu user
    slack_user: str
    channel: str
    thread_ts: str


SaveAnswerHook = Callable[[SaveRequest], str]  # saves; returns the confirmation to show, in request.lang


def question_text(text: str, bot_user_id: str | None) -> str:
    """A message's text as a question: the bot's own mention removed, Slack's escapes undone."""
    text = MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def semantic_query(data: dict[str, Any] | None) -> SemanticQuery | None:
    """A button's query, or ``None`` if it has none or no longer fits the model's query
    format (a button posted before an upgrade)."""
    try:
        return SemanticQuery.model_validate(data) if data is not None else None
    except ValidationError:
        return None


class SlackBot:
    """One :class:`Assistant` behind every conversation; questions are answered one at
    a time, because its read-only connection and conversation table are shared:
    whatever uses ``assistant`` (a saved answer's re-run, the scheduler) holds ``lock``."""

    def __init__(self, assistant: Assistant, save_answer_hook: SaveAnswerHook | None = None):
        self.assistant = assistant
        self.save_answer_hook = save_answer_hook
        self.identifying = customer_columns(assistant.warehouse.model)
        self.lock = threading.Lock()

    def warm(self) -> None:
        """Build the question parser now; the assistant otherwise builds it on the first
        question, and the first person to ask in Slack would wait seconds for it."""
        with self.lock:
            self.assistant.parser  # noqa: B018 (the property builds it)

    def asker(self, slack_id: str) -> Asker | None:
        """The wenshu user behind a Slack id; ``None`` when a users file does not list it.
        Without a users file everyone has the default role (a local demo)."""
        access = self.assistant.access
        if not access.users:
            return Asker(slack_id, access.role_of(None).may_export)
        user = access.by_slack.get(slack_id)
        if user is None:
            return None
        return Asker(user.username, access.role_of(user.username).may_export)

    def _known(self, client: WebClient, thread: Thread, slack_id: str) -> Asker | None:
        """The asker, or — for someone the roles file does not know — a note only they
        see, and nothing run."""
        asker = self.asker(slack_id)
        if asker is None:
            log.info("unknown Slack user %s in %s", slack_id, thread.channel)
            client.chat_postEphemeral(channel=thread.channel, user=slack_id, thread_ts=thread.ts, text=both("unknown_user"))
        return asker

    def _examples(self) -> list[str]:
        """The model's starter questions in both languages, for help."""
        model = self.assistant.warehouse.model
        return starter_questions(model, "zh") + starter_questions(model, "en")

    def _post(self, client: WebClient, thread: Thread, answer: Answer, asker: Asker) -> None:
        post_answer(client, thread.channel, answer, thread.ts, may_export=asker.may_export, identifying=self.identifying,
                    examples=starter_questions(self.assistant.warehouse.model, answer.lang))

    def ask(self, client: WebClient, thread: Thread, slack_id: str, question: str) -> None:
        """Answer ``question`` in ``thread`` as the asker's role; an empty one gets help."""
        asker = self._known(client, thread, slack_id)
        if asker is None:
            return
        if not question.strip():
            client.chat_postMessage(channel=thread.channel, thread_ts=thread.ts, text=both("help"), blocks=help_blocks(self._examples()))
            return
        with self.lock:
            answer = self.assistant.ask(question, session=thread.session, user=asker.name, route=ROUTE)
        self._post(client, thread, answer, asker)

    def pick_option(self, client: WebClient, thread: Thread, slack_id: str, option: OptionPayload, label: str) -> None:
        """A clarification button: its query runs as is (``Assistant.run_query``); an
        option whose query did not fit in the button is answered by its number."""
        asker = self._known(client, thread, slack_id)
        if asker is None:
            return
        query = semantic_query(option.query)
        if query is None:
            self.ask(client, thread, slack_id, str(option.number))
            return
        with self.lock:
            answer = self.assistant.run_query(query, option.lang, label, user=asker.name, route=ROUTE)
            if answer.status == "answered" and answer.semantic_query is not None:
                self.continue_from(thread, asker, answer)
        self._post(client, thread, answer, asker)

    def continue_from(self, thread: Thread, asker: Asker, answer: Answer) -> None:
        """``run_query`` answers outside any conversation; make its answer (an option
        picked, a saved answer re-run) the thread's last query, so a typed follow-up
        builds on it as after a typed question. Call it holding ``lock``."""
        conversation = self.assistant.conversation(thread.session, asker.name)
        conversation.pending = None
        conversation.last_query = SemanticQuery.model_validate(answer.semantic_query)
        conversation.lang = answer.lang

    def save(self, client: WebClient, thread: Thread, slack_id: str, saved: SavePayload) -> None:
        """The Save button: the answer re-run and handed to ``save_answer_hook``; the
        reply (or, with no hook, why saving is not possible) only the clicker sees."""
        asker = self._known(client, thread, slack_id)
        if asker is None:
            return
        query = semantic_query(saved.query)
        if self.save_answer_hook is None:
            reply = both("no_store")
        elif query is None:
            reply = t("stale_button", saved.lang)
        else:
            with self.lock:
                answer = self.assistant.run_query(query, saved.lang, saved.question, user=asker.name, route=ROUTE)
            reply = answer.message if answer.status != "answered" else self.save_answer_hook(
                SaveRequest(answer, saved.question, asker.name, slack_id, thread.channel, thread.ts))
        client.chat_postEphemeral(channel=thread.channel, user=slack_id, thread_ts=thread.ts, text=reply)
