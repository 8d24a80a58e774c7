"""Append-only JSON-lines files for saved answers and 👍/👎 feedback.

Kept deliberately simple: one record per line, UTF-8, appended under a lock so two
sessions of the same process never interleave a line. The directory defaults to
``.wenshu/`` in the working directory (``WENSHU_STATE_DIR`` overrides it).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from assistant.answer import Answer

Rating = Literal["up", "down"]
SAVED_ANSWERS = "saved_answers.jsonl"
FEEDBACK = "feedback.jsonl"


def state_dir() -> Path:
    return Path(os.environ.get("WENSHU_STATE_DIR") or ".wenshu")


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def saved_answer(answer: Answer, user: str | None, at: str | None = None) -> dict[str, Any]:
    """What re-runs the answer later: the question, its semantic query and when."""
    return {
        "time": at or _now(),
        "user": user,
        "lang": answer.lang,
        "question": answer.question,
        "semantic_query": answer.semantic_query,
        "summary": answer.summary,
    }


def feedback(
    answer: Answer, rating: Rating, user: str | None, at: str | None = None
) -> dict[str, Any]:
    return {
        "time": at or _now(),
        "user": user,
        "rating": rating,
        "question": answer.question,
        "status": answer.status,
        "summary": answer.summary or answer.message,
        "semantic_query": answer.semantic_query,
    }


@dataclass
class ChatStores:
    saved: JsonlStore
    feedback: JsonlStore

    @classmethod
    def at(cls, root: Path | None = None) -> ChatStores:
        root = root or state_dir()
        return cls(JsonlStore(root / SAVED_ANSWERS), JsonlStore(root / FEEDBACK))
