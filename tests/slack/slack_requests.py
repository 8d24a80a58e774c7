"""Requests as Slack sends them: events (JSON), slash commands (form) and button clicks
(``payload=`` form field), signed with HMAC-SHA256 over ``v0:timestamp:body``."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: str) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sent:
    status: int
    body: str
    seconds: float


@dataclass(frozen=True)
class SlackRequest:
    body: str
    content_type: str

    def send(self, url: str, *, secret: str = SECRET, timestamp: int | None = None,
             headers: dict[str, str] | None = None, forged: bool = False) -> Sent:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature("not-the-secret" if forged else secret, ts, self.body)
        request = urllib.request.Request(url, data=self.body.encode(), method="POST", headers={
            "Content-Type": self.content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, **(headers or {})})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Sent(response.status, response.read().decode(), time.monotonic() - started)
        except urllib.error.HTTPError as err:
            return Sent(err.code, err.read().decode(), time.monotonic() - started)


def new_ts() -> str:
    return f"1710000000.{next(_ids):06d}"


def event(inner: dict[str, Any], event_id: str | None = None) -> SlackRequest:
    body = {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": inner,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}
    return SlackRequest(json.dumps(body, ensure_ascii=False), "application/json")


def mention(channel: str, user: str, text: str, thread_ts: str | None = None, event_id: str | None = None) -> tuple[SlackRequest, str]:
    """An ``app_mention`` and the ts of the thread it belongs to."""
    ts = new_ts()
    inner = {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "ts": ts, "channel": channel,
             "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {})}
    return event(inner, event_id), thread_ts or ts


def direct_message(channel: str, user: str, text: str, thread_ts: str | None = None) -> tuple[SlackRequest, str]:
    ts = new_ts()
    inner = {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts, "channel": channel,
             "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {})}
    return event(inner), thread_ts or ts


def command(channel: str, user: str, text: str, response_url: str) -> SlackRequest:
    fields = {"token": "legacy", "team_id": "T1", "channel_id": channel, "channel_name": "general", "user_id": user,
              "user_name": user.lower(), "command": "/wenshu", "text": text, "api_app_id": "A1",
              "response_url": response_url, "trigger_id": f"trig.{next(_ids)}"}
    return SlackRequest(urlencode(fields), "application/x-www-form-urlencoded")


def click(channel: str, user: str, message_ts: str, thread_ts: str | None, button: dict[str, Any], response_url: str) -> SlackRequest:
    """A click on ``button`` (a Block Kit button element as the bot posted it)."""
    message = {"type": "message", "ts": message_ts, **({"thread_ts": thread_ts} if thread_ts else {})}
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
               "channel": {"id": channel}, "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
               "message": message, "trigger_id": f"trig.{next(_ids)}", "response_url": response_url,
               "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b1", "value": button["value"],
                            "text": button["text"], "action_ts": str(time.time())}]}
    return SlackRequest(urlencode({"payload": json.dumps(payload, ensure_ascii=False)}), "application/x-www-form-urlencoded")
