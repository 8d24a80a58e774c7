"""The buttons under an answer and what each carries back when clicked.

A button carries everything its click needs (a question, a semantic query), not a
key into this process's memory: answers posted by the scheduler, or before a restart,
keep working. Slack limits a button's value to 2,000 characters; what does not fit
falls back to something that does (an option's number, answered by the thread's
conversation), or the button is left out (Save).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.answer import Answer, Option
from assistant.language import Lang

FOLLOWUP, OPTION, SAVE = "wenshu_followup", "wenshu_option", "wenshu_save"
VALUE_LIMIT = 2000
QUESTION_KEPT = 500  # of a saved question: enough to recognise it in a list


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def encode(self) -> str:
        return self.model_dump_json(exclude_none=True)


class OptionPayload(Payload):
    """A clarification option: its query when it fits, else its number."""

    number: int
    lang: Lang
    query: dict[str, Any] | None = None


class SavePayload(Payload):
    question: str
    lang: Lang
    query: dict[str, Any]


P = TypeVar("P", bound=Payload)


def compact_query(query: dict[str, Any]) -> dict[str, Any]:
    """A semantic query without its default fields (the same query, far fewer characters)."""
    from semantic_layer.query import SemanticQuery

    return SemanticQuery.model_validate(query).model_dump(mode="json", exclude_defaults=True)


def option_value(option: Option, lang: Lang) -> str:
    if option.semantic_query is not None:
        value = OptionPayload(number=option.number, lang=lang, query=compact_query(option.semantic_query)).encode()
        if len(value) <= VALUE_LIMIT:
            return value
    return OptionPayload(number=option.number, lang=lang).encode()


def save_value(answer: Answer) -> str | None:
    """The Save button's value, or ``None`` when the answer cannot be saved (no query:
    a refusal, target segments) or its query is too long for a button."""
    if answer.status != "answered" or answer.semantic_query is None:
        return None
    value = SavePayload(question=answer.question[:QUESTION_KEPT], lang=answer.lang,
                        query=compact_query(answer.semantic_query)).encode()
    return value if len(value) <= VALUE_LIMIT else None


def decode(kind: type[P], value: str) -> P | None:
    """A clicked button's payload, or ``None`` when it is not one of ours."""
    try:
        return kind.model_validate(json.loads(value))
    except (ValueError, ValidationError):
        return None
