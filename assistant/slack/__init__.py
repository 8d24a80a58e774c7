"""The Slack bot (``wenshu slack``): app mentions, direct messages and ``/wenshu``,
answered in the thread with Block Kit, a PNG chart and — in a DM, for a role that
may export — the full result as CSV; Save, ``/wenshu saved`` and scheduled pushes
and alerts through the team store. Every answer comes from ``Assistant.ask`` /
``run_query``; this package only renders and posts.

Public pieces:

- ``post_answer(client, channel, answer, thread_ts=None, text=None, *, identifying)`` —
  post one answer (channel-aware disclosure applied; ``identifying`` is
  ``customer_columns(model)``); ``slack_deliver(client, identifying)`` — the same as a
  scheduled push's ``deliver(destination, answer, text) -> bool``.
- ``SlackBot(assistant, save_answer_hook=None)`` and ``build_app(bot, settings, store=None)``
  — the Bolt app; ``SaveAnswerHook`` receives a ``SaveRequest`` when Save is clicked,
  ``save_hook(store, assistant)`` is the one that saves into the team store, and
  ``store`` answers ``/wenshu saved``.
- ``scheduled_pushes(bot, store, client)`` — a context manager that runs the store's due
  schedules and alerts every minute and posts them with ``slack_deliver``.
"""

from assistant.slack.app import build_app
from assistant.slack.bot import SaveAnswerHook, SaveRequest, SlackBot
from assistant.slack.disclosure import customer_columns
from assistant.slack.post import Deliver, post_answer, slack_deliver
from assistant.slack.pushes import scheduled_pushes
from assistant.slack.saved import save_hook
from assistant.slack.settings import SlackConfigError, SlackSettings

__all__ = [
    "Deliver",
    "SaveAnswerHook",
    "SaveRequest",
    "SlackBot",
    "SlackConfigError",
    "SlackSettings",
    "build_app",
    "customer_columns",
    "post_answer",
    "save_hook",
    "scheduled_pushes",
    "slack_deliver",
]
