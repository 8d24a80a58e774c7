"""``post_answer``: one :class:`Answer` into a Slack conversation — the message, then
its chart (PNG) and, where allowed, its full result (CSV) as files in the thread.

The bot's replies and scheduled pushes both come through here, so the channel-aware
disclosure (``disclosure.py``) is applied to every message the product posts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from assistant.answer import Answer
from assistant.chat.render import csv_bytes, csv_filename
from assistant.slack.blocks import answer_blocks, escape, fallback_text, section
from assistant.slack.disclosure import Disclosure, channel_audience, disclose
from assistant.slack.png import render_png
from assistant.slack.texts import t

log = logging.getLogger("wenshu.slack")

Deliver = Callable[[str, Answer, str], bool]


def attachments(answer: Answer, disclosure: Disclosure) -> list[dict[str, Any]]:
    """The files for the thread: the chart wherever the answer is shown, the CSV only
    where the disclosure allows it."""
    if not disclosure.show:
        return []
    files: list[dict[str, Any]] = []
    png = render_png(answer)
    if png is not None:
        title = t("chart_title", answer.lang)
        files.append({"content": png, "filename": "wenshu-chart.png", "title": title, "alt_txt": answer.summary[:1000] or title})
    if disclosure.csv:
        files.append({"content": csv_bytes(answer), "filename": csv_filename(answer),
                      "title": t("csv_title", answer.lang, rows=len(answer.rows))})
    return files


def lead_text(text: str | None, disclosure: Disclosure) -> str | None:
    """The text before an answer, as far as this audience may read it: where the answer
    is held back, only its first line (a heading such as a schedule's title) — the rest
    of a push or an alert describes the rows (row labels, figures) it must not show."""
    if not text or disclosure.show:
        return text
    return text.partition("\n")[0]


def post_answer(client: WebClient, channel: str, answer: Answer, thread_ts: str | None = None,
                text: str | None = None, *, identifying: frozenset[str], may_export: bool = False,
                examples: Sequence[str] = ()) -> bool:
    """Post ``answer`` to ``channel`` (in ``thread_ts`` when given) and its files in the
    message's thread; ``text`` leads the message (e.g. a schedule's title, then what
    changed since its last run). The audience is looked up each time; ``may_export`` is
    the asker's role's right to files and customer lists, ``identifying`` the columns
    that make an answer customer-level (``disclosure.customer_columns(model)``);
    ``examples`` are questions offered after a refusal or an error (the model's starters).
    Returns whether everything was posted."""
    try:
        disclosure = disclose(answer, channel_audience(client, channel), may_export, identifying)
        blocks = answer_blocks(answer, disclosure, examples)
        fallback = fallback_text(answer, disclosure)
        lead = lead_text(text, disclosure)
        if lead:
            blocks.insert(0, section(escape(lead)))
            fallback = f"{lead}\n{fallback}"[:3000]
        posted = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback, blocks=blocks,
                                         unfurl_links=False, unfurl_media=False)
        files = attachments(answer, disclosure)
        if files:
            client.files_upload_v2(file_uploads=files, channel=channel, thread_ts=thread_ts or posted["ts"])
    except (SlackApiError, SlackRequestError, OSError) as err:  # refused by Slack, or Slack not reached
        log.warning("posting an answer to %s failed: %s", channel, err)
        return False
    return True


def slack_deliver(client: WebClient, identifying: frozenset[str]) -> Deliver:
    """``post_answer`` as a scheduled push's delivery: ``deliver(channel_id, answer, text)``;
    ``identifying`` is ``disclosure.customer_columns(model)``. A schedule posts at the top
    level of the channel, without export rights: a CSV or a customer list is never pushed
    unasked."""

    def deliver(destination: str, answer: Answer, text: str) -> bool:
        return post_answer(client, destination, answer, text=text or None, identifying=identifying)

    return deliver
