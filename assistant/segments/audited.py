"""Target-segment commands (``wenshu segments find / export``) in the audit log and
through the same screening as a question: one record per run, answered, refused or
failed, with the asker's role — the record :func:`assistant.audit.record` writes for
every other route.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant import audit
from semantic_layer.errors import RefusedError

if TYPE_CHECKING:
    from assistant.answer import Answer


@dataclass
class Run:
    """What one audited command sets while it runs: the role once known, the answer
    when it has one, a note saying why it was refused, rows written by an export."""

    question: str
    lang: str
    role: str = "default"
    answer: Answer | None = None
    notes: list[str] = field(default_factory=list)
    rows: int | None = None  # customers written (an export); default: the answer's rows


def screened(run: Run) -> str:
    """The goal text as the finder may see it, or a refusal: the question screen of
    ``wenshu ask`` (length, unreadable characters, writes, personal data, SQL, injection)."""
    from assistant.parse.safety import screen

    text, refusal = screen(run.question)
    run.question = text
    if refusal is not None:
        run.notes.append(refusal.code)
        raise RefusedError(zh=refusal.zh, en=refusal.en)
    return text


@contextmanager
def audited(*, user: str | None, route: str, question: str, lang: str) -> Iterator[Run]:
    """Append one audit record for the command run in the ``with`` block, whatever happens
    in it; the exception (a refusal, a user error, a bug) goes on to the caller."""
    from assistant.answer import Answer

    run = Run(question=question if isinstance(question, str) else "", lang=lang)
    started = time.perf_counter()
    status: Literal["answered", "refused", "error"] = "error"
    try:
        yield run
        status = "answered"
    except RefusedError:
        status = "refused"
        raise
    finally:
        answer = run.answer
        if answer is None or status != "answered":
            answer = Answer(
                status=status,
                lang="en" if lang == "en" else "zh",
                question=run.question[:2000],
            )
        answer.notes = [*answer.notes, *run.notes]
        answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        entry = audit.record(
            user=user, role=run.role, route=route, question=run.question, answer=answer
        )
        if run.rows is not None:
            entry["rows"] = run.rows
        audit.append(entry)


__all__ = ["Run", "audited", "screened"]
