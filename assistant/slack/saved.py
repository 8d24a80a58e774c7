"""The team store in Slack: the Save button's hook, and ``/wenshu saved`` — list the
saved answers you may use, or run one again and post it in this conversation.

Who may see or run a saved answer, and as which role it runs, is decided by
``assistant.store.saved``: the same rules as ``wenshu saved`` (its owner; anyone for an
answer saved without a user, or when there is no users file). This module maps the
Slack user to a wenshu user and renders; a re-run is posted through ``post_answer``,
so a channel gets aggregates only, as for a question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from assistant.answer import Answer, Assistant
from assistant.slack.blocks import escape
from assistant.slack.bot import Asker, SaveAnswerHook, SaveRequest, SlackBot, Thread
from assistant.slack.post import post_answer
from assistant.slack.texts import both, t
from assistant.store.records import SavedAnswer
from assistant.store.saved import (
    TITLE_MAX,
    Rerun,
    run_saved,
    save_answer,
    saved_for,
    since_lines,
    visible_saved,
)
from assistant.store.store import Store
from semantic_layer.errors import WenshuError

log = logging.getLogger("wenshu.slack")
LISTED = 50  # the newest ones; a reply stays readable

Reply = Callable[[str], None]  # a note only the person who typed the command sees


def save_hook(store: Store, assistant: Assistant) -> SaveAnswerHook:
    """``SlackBot``'s Save: the answer into ``store`` as the clicker's wenshu user and role,
    titled by its question, as the chat page's Save does; the reply in the answer's language."""

    def save(request: SaveRequest) -> str:
        lang = request.answer.lang
        try:
            saved = save_answer(store, assistant, request.answer, request.title[:TITLE_MAX], request.user)
        except WenshuError as err:
            return err.message(lang)
        except SQLAlchemyError:
            log.exception("saving to the team store failed")
            return t("store_down", lang)
        return t("saved_ok", lang, id=saved.id, title=escape(saved.title))

    return save


@dataclass(frozen=True)
class Invocation:
    """One ``/wenshu saved …``: where it was typed, by whom, and how to answer them alone."""

    client: WebClient
    channel: str
    slack_id: str
    asker: Asker
    reply: Reply


def saved_id(word: str) -> int | None:
    """``3`` or ``#3`` (as the list shows it)."""
    digits = word.removeprefix("#")
    return int(digits) if digits.isdigit() and int(digits) > 0 else None


def refused(saved: SavedAnswer, err: WenshuError) -> Rerun:
    answer = Answer(status="refused", lang=saved.lang, question=saved.question, message=err.message(saved.lang))
    return Rerun(saved, answer, model_changed=False)


class SavedCommand:
    """``/wenshu saved [list]`` and ``/wenshu saved run ID`` for one bot and one team store."""

    def __init__(self, bot: SlackBot, store: Store):
        self.bot, self.store = bot, store
        self.actions: dict[tuple[str, int], Callable[..., None]] = {("list", 0): self.listing, ("run", 1): self.rerun}

    def __call__(self, invocation: Invocation, args: list[str]) -> None:
        """``args``: the words after ``saved``; anything but a listing or ``run ID`` gets the usage."""
        name, *rest = args or ["list"]
        action = self.actions.get((name.lower(), len(rest)))
        try:
            if action is None:
                invocation.reply(both("saved_usage"))
            else:
                action(invocation, *rest)
        except WenshuError as err:  # no such id, someone else's
            invocation.reply(err.bilingual())
        except SQLAlchemyError:
            log.exception("the team store failed")
            invocation.reply(both("store_down"))

    def listing(self, invocation: Invocation) -> None:
        """The saved answers this user may use, with the data date of their last run."""
        items = visible_saved(self.store, self.bot.assistant.access, invocation.asker.name)
        if not items:
            invocation.reply(both("saved_none"))
            return
        lines = [both("saved_head")]
        if len(items) > LISTED:
            lines.append(both("saved_more", count=len(items) - LISTED))
        lines += [f"• #{s.id} {escape(s.title)} ({(s.last_result.as_of if s.last_result else None) or '-'})"
                  for s in items[-LISTED:]]
        invocation.reply("\n".join(lines))

    def rerun(self, invocation: Invocation, word: str) -> None:
        """Re-run a saved answer (``run_saved``: as its owner's role, the run recorded) and
        post it in a new thread of this conversation, with what changed since its last run.
        Whether it may be used is checked before anything is posted."""
        number = saved_id(word)
        if number is None:
            invocation.reply(both("saved_usage"))
            return
        bot, client = self.bot, invocation.client
        saved = saved_for(self.store, bot.assistant.access, number, invocation.asker.name)
        heading = t("rerun_asked", saved.lang, user=invocation.slack_id, id=saved.id, title=escape(saved.title))
        try:
            root = client.chat_postMessage(channel=invocation.channel, text=heading)
        except SlackApiError:
            invocation.reply(both("invite_me"))
            return
        thread = Thread(invocation.channel, root["ts"])
        with bot.lock:
            try:
                done = run_saved(bot.assistant, self.store, saved.id, invocation.asker.name)
            except WenshuError as err:  # e.g. its owner is no longer a known user
                done = refused(saved, err)
            if done.answer.status == "answered" and done.answer.semantic_query is not None:
                bot.continue_from(thread, invocation.asker, done.answer)  # follow-ups in the thread build on it
        post_answer(client, thread.channel, done.answer, thread.ts, text="\n".join(since_lines(done)) or None,
                    may_export=invocation.asker.may_export, identifying=bot.identifying)
