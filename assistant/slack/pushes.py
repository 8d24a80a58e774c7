"""Scheduled pushes and alerts from ``wenshu slack``: the team store's scheduler runs in
the bot's process and posts to Slack through ``slack_deliver`` — so a push to a public
or shared channel shows aggregates only, and never comes with a CSV file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from assistant.slack.bot import SlackBot
from assistant.slack.post import slack_deliver
from assistant.store.scheduler import start_scheduler
from assistant.store.store import Store


@contextmanager
def scheduled_pushes(bot: SlackBot, store: Store, client: WebClient, every_s: float = 60.0) -> Iterator[BackgroundScheduler]:
    """While the block runs, run the schedules and alerts that are due — at once, then
    every ``every_s`` seconds — holding the bot's lock (they share its assistant), and post
    them with ``client``. On the way out, stop, after a run in progress has finished."""
    scheduler = start_scheduler(bot.assistant, store, slack_deliver(client, bot.identifying), every_s=every_s, lock=bot.lock)
    try:
        yield scheduler
    finally:
        scheduler.shutdown()
