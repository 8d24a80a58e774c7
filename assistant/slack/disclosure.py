"""What a Slack audience may see: aggregates everywhere, customer-level rows and CSV
files only in a direct message, and only for a role that may export.

A channel's members are not the asker: they have not been checked against the roles
file, and a shared channel includes people from other organisations. So a channel
gets what the bank would put on a notice board — figures about groups — and anything
that could leave the bank as a file, or that lists customers, waits for a DM.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import Answer
from assistant.slack.texts import t
from semantic_layer.semantic_model import SemanticModel

log = logging.getLogger("wenshu.slack")

Audience = Literal["direct", "private", "public", "shared"]
SHARED_FLAGS = ("is_ext_shared", "is_org_shared", "is_shared", "is_pending_ext_shared")


@dataclass(frozen=True)
class Allowance:
    """What one kind of conversation may receive, before the asker's role is considered."""

    customer_rows: bool
    files: bool


ALLOWANCES: dict[Audience, Allowance] = {
    "direct": Allowance(customer_rows=True, files=True),
    "private": Allowance(customer_rows=False, files=False),  # members are not checked against the roles file
    "public": Allowance(customer_rows=False, files=False),
    "shared": Allowance(customer_rows=False, files=False),  # includes people outside the bank
}


@dataclass(frozen=True)
class Disclosure:
    """What to post for one answer in one conversation."""

    show: bool  # the answer's rows may be shown here
    csv: bool  # the full result may be attached as a CSV file
    note: str | None = None  # why something was held back, in the answer's language


def audience_of(channel: dict[str, Any]) -> Audience:
    """The audience of a ``conversations.info`` channel object; shared beats everything,
    a DM with someone from another organisation included."""
    if any(channel.get(flag) for flag in SHARED_FLAGS):
        return "shared"
    if channel.get("is_im"):
        return "direct"
    if channel.get("is_private") or channel.get("is_mpim") or channel.get("is_group"):
        return "private"
    return "public"


def channel_audience(client: WebClient, channel: str) -> Audience:
    """Asked of Slack every time (a channel can turn public or shared); when Slack does
    not say, the strictest audience."""
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as err:
        log.warning("conversations.info failed for %s: %s", channel, err.response.get("error"))
        return "shared"
    return audience_of(info.get("channel") or {})


def customer_columns(model: SemanticModel) -> frozenset[str]:
    """Columns that single out one customer: every table's customer key and its
    personal-data columns. An answer with one of them lists customers."""
    keys = {t.customer_key for t in model.table_list if t.customer_key}
    personal = {c for columns in model.pii_columns().values() for c in columns}
    return frozenset(keys | personal)


def is_customer_level(answer: Answer, identifying: frozenset[str]) -> bool:
    return bool(identifying.intersection(answer.columns))


def disclose(answer: Answer, audience: Audience, may_export: bool, identifying: frozenset[str]) -> Disclosure:
    """Aggregates anywhere; customer-level rows and CSV files only where the audience
    allows them and the asker's role may export."""
    allowed = ALLOWANCES[audience]
    if answer.status != "answered":
        return Disclosure(show=True, csv=False)
    if is_customer_level(answer, identifying):
        if not allowed.customer_rows:
            return Disclosure(show=False, csv=False, note=t("customer_rows_channel", answer.lang))
        if not may_export:
            return Disclosure(show=False, csv=False, note=t("customer_rows_role", answer.lang))
    wants_csv = allowed.files and bool(answer.rows)
    note = t("csv_needs_export", answer.lang) if wants_csv and not may_export else None
    return Disclosure(show=True, csv=wants_csv and may_export, note=note)
