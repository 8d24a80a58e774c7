"""Each Slack request is handled once.

Slack re-sends an event it thinks was missed (``X-Slack-Retry-Num``: 1, 2, 3), and a
captured request stays correctly signed for five minutes. Both are recognised by the
request's own id — the event id, or a command's or click's trigger id — remembered
for as long as a signature is valid, and acknowledged without a second answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("wenshu.slack")
SIGNATURE_WINDOW_S = 5 * 60  # Bolt refuses older timestamps; an id need not be kept longer


def delivery_key(body: dict[str, Any]) -> str | None:
    """The id that stays the same when Slack re-sends a request."""
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


class Deliveries:
    """Ids seen in the last ``ttl`` seconds."""

    def __init__(self, ttl: float = SIGNATURE_WINDOW_S, clock: Callable[[], float] = time.monotonic):
        self.ttl, self.clock = ttl, clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen within the window."""
        now = self.clock()
        with self._lock:
            for old in [k for k, at in self._seen.items() if now - at > self.ttl]:
                del self._seen[old]
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


class SkipRepeats(Middleware):
    """Runs after Bolt's signature check, so a forged request cannot mark an id as seen."""

    def __init__(self, deliveries: Deliveries | None = None):
        self.deliveries = deliveries or Deliveries()

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        key = delivery_key(req.body)
        if key is None or self.deliveries.first(key):
            return next()
        retry = req.headers.get("x-slack-retry-num", ["-"])[0]
        log.info("not answering %s again (retry %s)", key, retry)
        return BoltResponse(status=200, body="")
