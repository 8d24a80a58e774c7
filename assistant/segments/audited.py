"""Target-segment commands (``wenshu segments find / export``) through the same screening
as a question; their runs are audited with :func:`assistant.audit.audited`.
"""

from __future__ import annotations

from assistant.audit import Run
from semantic_layer.errors import RefusedError


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


__all__ = ["screened"]
