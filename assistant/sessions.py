"""Conversations saved between CLI invocations (``wenshu ask --session NAME``)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from assistant.understanding import ClarifyOption, Conversation, Understanding
from semantic_layer.query import SemanticQuery

SESSION_DIR = Path(".wenshu") / "sessions"


def _option(data: dict[str, Any]) -> ClarifyOption:
    q = data.get("query")
    remember = data.get("remember")
    return ClarifyOption(data["label_zh"], data["label_en"], SemanticQuery.model_validate(q) if q else None,
                         tuple(remember) if remember else None)


def to_json(conv: Conversation) -> dict[str, Any]:
    pending = None
    if conv.pending is not None:
        p = conv.pending
        pending = {"lang": p.lang, "message_zh": p.message_zh, "message_en": p.message_en,
                   "options": [{"label_zh": o.label_zh, "label_en": o.label_en,
                                "query": o.query.model_dump(mode="json") if o.query else None,
                                "remember": list(o.remember) if o.remember else None} for o in p.options]}
    return {"last_query": conv.last_query.model_dump(mode="json") if conv.last_query else None,
            "pending": pending, "choices": conv.choices,
            "as_of": conv.as_of.isoformat() if conv.as_of else None, "lang": conv.lang}


def from_json(data: dict[str, Any]) -> Conversation:
    conv = Conversation()
    if data.get("last_query"):
        conv.last_query = SemanticQuery.model_validate(data["last_query"])
    p = data.get("pending")
    if p:
        conv.pending = Understanding("clarify", p["lang"], message_zh=p["message_zh"], message_en=p["message_en"],
                                     options=tuple(_option(o) for o in p["options"]))
    conv.choices = dict(data.get("choices") or {})
    conv.as_of = date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    conv.lang = data.get("lang")
    return conv


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
    except (ValueError, KeyError, TypeError):
        return Conversation()  # a damaged session file starts a fresh conversation


def save_session(name: str, conv: Conversation, user: str | None = None, root: Path = SESSION_DIR) -> None:
    root.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(conv), ensure_ascii=False)
    _path(name, root, user).write_bytes(text.encode("utf-8", errors="replace"))
