"""Conversations saved between CLI invocations (``wenshu ask --session NAME``)."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assistant.understanding import Conversation

SESSION_DIR = Path(".wenshu") / "sessions"


@cache
def _adapter() -> TypeAdapter[Conversation]:
    return TypeAdapter(Conversation)


def to_json(conv: Conversation) -> dict[str, Any]:
    """The conversation as JSON-ready data (pydantic, from the dataclasses' own types)."""
    return _adapter().dump_python(conv, mode="json")


def from_json(data: dict[str, Any]) -> Conversation:
    """A conversation read back; raises ``ValueError`` on data that is not one."""
    pending = data.get("pending")
    if isinstance(pending, dict) and "status" not in pending:  # kept before the status was stored: always a question back
        data = {**data, "pending": {**pending, "status": "clarify"}}
    return _adapter().validate_python(data)


def _path(name: str, root: Path, user: str | None = None) -> Path:
    """A readable prefix plus a hash of (user, name): "team/a" and "team_a" never share a
    file, nor do two users' sessions of one name."""
    safe = re.sub(r"[^\w.-]", "_", name)[:40] or "default"
    key = hashlib.sha256(f"{user or ''}\x00{name}".encode("utf-8", errors="replace")).hexdigest()[:16]
    return root / f"{safe}-{key}.json"


def load_session(name: str, user: str | None = None, root: Path = SESSION_DIR) -> Conversation:
    path = _path(name, root, user)
    if not path.exists():
        return Conversation()
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError):
        return Conversation()  # a damaged session file starts a fresh conversation


def save_session(name: str, conv: Conversation, user: str | None = None, root: Path = SESSION_DIR) -> None:
    root.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(conv), ensure_ascii=False)
    _path(name, root, user).write_bytes(text.encode("utf-8", errors="replace"))
