"""What a parser (offline rules or an LLM) makes of one question.

Both parsers implement :class:`QuestionParser`; the rest of the pipeline only ever
sees an :class:`Understanding` — a ``SemanticQuery`` to run, options to clarify, or
a refusal — never SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from assistant.language import Lang
from semantic_layer.query import Filter, SemanticQuery


@dataclass(frozen=True)
class ClarifyOption:
    """One numbered choice; picking it applies ``query`` (and remembers ``remember``)."""

    label_zh: str
    label_en: str
    query: SemanticQuery | None = None
    remember: tuple[str, str] | None = None  # (ambiguous term, chosen metric) kept for the session

    def label(self, lang: Lang) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Understanding:
    status: Literal["query", "clarify", "refused", "segments"]
    lang: Lang
    query: SemanticQuery | None = None
    goal: str | None = None  # for "segments": the segment finder's goal
    message_zh: str = ""
    message_en: str = ""
    options: tuple[ClarifyOption, ...] = ()
    notes: tuple[str, ...] = ()  # assumptions stated to the user, in ``lang``
    parser: str = "rules"

    def message(self) -> str:
        return self.message_zh if self.lang == "zh" else self.message_en


@dataclass
class Conversation:
    """A session's memory: the previous query, pending clarification and choices."""

    last_query: SemanticQuery | None = None
    pending: Understanding | None = None
    choices: dict[str, str] = field(default_factory=dict)  # ambiguous term -> chosen metric
    as_of: date | None = None
    lang: Lang | None = None
    # the groups a ranking just showed ("city in 广州, 上海, 北京"): what "those three cities" points back at
    last_groups: Filter | None = None


class QuestionParser(Protocol):
    name: str

    def understand(self, question: str, conversation: Conversation, as_of: date) -> Understanding:
        """Turn a question (possibly a follow-up) into an Understanding."""
        ...
