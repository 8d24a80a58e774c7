"""The LLM's answer: find the JSON object in its text and validate its shape.

The documented shape is ``{"status", "query", "message", "options"}`` where every
query is a ``SemanticQuery``. Anything that looks like SQL (a key mentioning
``sql``, or a query given as a string) makes the answer invalid: the model's
output is never executed as SQL.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from semantic_layer.query import SemanticQuery

FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)  # reasoning models (DeepSeek-R1, Qwen3)


class ReplyError(ValueError):
    """The answer is unusable; the message is sent back to the model on the retry."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReplyOption(Strict):
    label: str
    query: SemanticQuery
    remember: tuple[str, str] | None = None  # (ambiguous term, chosen metric)

    @model_validator(mode="after")
    def _remembers_own_metric(self) -> ReplyOption:
        if self.remember is not None and self.remember[1] not in self.query.metrics:
            raise ValueError("remember must name a metric of this option's query")
        return self


class LLMReply(Strict):
    status: Literal["query", "clarify", "refused"]
    query: SemanticQuery | None = None
    message: str = ""
    options: tuple[ReplyOption, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> LLMReply:
        if self.status == "query" and self.query is None:
            raise ValueError('status "query" needs a query object')
        if self.status == "clarify" and len(self.options) < 2:
            raise ValueError('status "clarify" needs at least two options, each with a query')
        if self.status == "refused" and (self.query is not None or self.options):
            raise ValueError('status "refused" takes no query and no options')
        return self

    def queries(self) -> list[tuple[str, SemanticQuery]]:
        """Every query in the answer, with where it sits (for error messages)."""
        found = [("query", self.query)] if self.query is not None else []
        return found + [(f"options[{i}].query", o.query) for i, o in enumerate(self.options)]


MAX_REPLY_CHARS = 50_000  # a semantic query is a few hundred characters; more is not an answer


def _objects(text: str) -> list[str]:
    """Top-level ``{…}`` spans of ``text`` in one pass (braces inside JSON strings skipped)."""
    spans, depth, start, in_string, escaped = [], 0, -1, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"' and depth > 0:
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append(text[start:i + 1])
    return spans


def extract_json(text: str) -> dict[str, Any]:
    """The first JSON object in ``text``: bare, inside a ```json fence, or amid prose.

    Linear in the length of ``text`` (one scan for candidate objects), which is capped;
    a reply nested too deeply to parse is refused, not a crash. Deliberately stricter
    than LangChain's ``parse_json_markdown``, which repairs truncated JSON: a cut-off
    answer should be retried, not half-used.
    """
    if len(text) > MAX_REPLY_CHARS:
        raise ReplyError(f"The answer is longer than {MAX_REPLY_CHARS} characters. Answer with one short JSON object.")
    text = THINKING.sub("", text).strip()
    candidates = [text, *FENCE.findall(text), *_objects(text)]
    for candidate in candidates:
        try:
            found = json.loads(candidate)
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(found, dict):
            return found
    raise ReplyError("The answer contains no JSON object. Answer with one JSON object only.")


def sql_like(data: Any, path: str = "") -> str | None:
    """Where ``data`` smuggles SQL: a key mentioning ``sql``, or a ``query`` string."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if "sql" in str(key).lower() or (key == "query" and isinstance(value, str)):
                return here
            if (deeper := sql_like(value, here)) is not None:
                return deeper
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if (deeper := sql_like(item, f"{path}[{i}]")) is not None:
                return deeper
    return None


def _pydantic_message(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(answer)"
        parts.append(f"{where}: {e['msg'].removeprefix('Value error, ')}")
    return "The answer does not have the documented shape: " + "; ".join(parts)


def parse_reply(text: str) -> LLMReply:
    """Validate the model's text into an :class:`LLMReply`, or raise ``ReplyError``."""
    data = extract_json(text)
    try:
        return _validated(data)
    except RecursionError:
        raise ReplyError("The answer is nested too deeply. Answer with one flat JSON object.") from None


def _validated(data: dict[str, Any]) -> LLMReply:
    if (where := sql_like(data)) is not None:
        raise ReplyError(
            f"The answer contains SQL at '{where}'. wenshu never runs SQL from the model: "
            "answer with a semantic query object built from catalogue names."
        )
    try:
        return LLMReply.model_validate(data)
    except ValidationError as err:
        raise ReplyError(_pydantic_message(err)) from err
