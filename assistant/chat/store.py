"""👍/👎 feedback: an append-only JSON-lines file, ``<state dir>/feedback.jsonl``.

Kept deliberately simple: one record per line, UTF-8, appended under a lock so two
sessions of the same process never interleave a line. (Saved answers live in the team
store, :mod:`assistant.store`.)
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.store.engine import state_dir

if TYPE_CHECKING:
    from assistant.answer import Answer

Rating = Literal["up", "down"]
FEEDBACK = "feedback.jsonl"


@dataclass
class JsonlStore:
    """One JSON-lines file; ``append`` is safe to call from several threads."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")

    def read(self) -> list[dict[str, Any]]:
        """Every record; a damaged line (e.g. a crash mid-write) is skipped."""
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out


def current_ratings(records: list[dict[str, Any]]) -> dict[tuple[str | None, str], dict[str, Any]]:
    """The rating that counts for each (user, answer): the last one given."""
    latest: dict[tuple[str | None, str], dict[str, Any]] = {}
    for record in records:
        if record.get("answer_id"):
            latest[(record.get("user"), record["answer_id"])] = record
    return latest


def feedback_log(root: Path | None = None) -> JsonlStore:
    """The feedback file in ``root`` (default: the state directory)."""
    return JsonlStore((root or state_dir()) / FEEDBACK)


def feedback(
    answer: Answer,
    rating: Rating,
    user: str | None,
    at: str | None = None,
    *,
    comment: str = "",
    answer_id: str | None = None,
) -> dict[str, Any]:
    """One 👍/👎 (with its comment, if any) on one answer; ``answer_id`` names the answer
    on the page, so that a changed mind is a later record for the same answer."""
    return {
        "time": at or datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "answer_id": answer_id,
        "rating": rating,
        "comment": comment,
        "question": answer.question,
        "status": answer.status,
        "summary": answer.summary or answer.message,
        "semantic_query": answer.semantic_query,
    }
