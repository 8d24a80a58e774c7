"""How a scheduled answer or an alert reaches people.

A deliverer is any callable ``(destination, answer, text) -> bool``: ``destination`` is
a Slack channel id (or whatever the deliverer understands), ``answer`` the structured
answer to render, ``text`` a plain-text version in the answer's language; it returns
whether the message went out. The Slack bot provides one; here are the console one for
``wenshu schedule run-due`` and a recording one for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from assistant.answer import Answer

Deliver = Callable[[str, "Answer", str], bool]


def console_deliver(console: Console | None = None) -> Deliver:
    """Print each message with its destination (for cron jobs whose output is mailed or logged)."""
    out = console or Console()

    def deliver(destination: str, answer: Answer, text: str) -> bool:
        out.rule(f"→ {destination}")
        out.print(text, highlight=False, markup=False)
        return True

    return deliver


@dataclass(frozen=True)
class Delivery:
    destination: str
    answer: Answer
    text: str


@dataclass
class RecordingDeliver:
    """Keeps what it is given; ``working=False`` plays a destination that cannot be reached."""

    sent: list[Delivery] = field(default_factory=list)
    working: bool = True

    def __call__(self, destination: str, answer: Answer, text: str) -> bool:
        if self.working:
            self.sent.append(Delivery(destination, answer, text))
        return self.working
