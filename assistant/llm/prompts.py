"""Prompt files from the repo-root ``prompts/`` folder, loaded by name and filled.

The folder is the data-only package ``prompts`` (it has an ``__init__.py``: Python 3.11's
importlib.resources cannot read a namespace package under an editable install), so the
files are read with ``importlib.resources`` from a checkout and from an installed wheel alike.

Placeholders are ``{{name}}``. Filling is one pass over the template, so text put
into a placeholder (a question, a catalogue) is never itself scanned for more
placeholders, and the JSON braces in the prompts need no escaping.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from semantic_layer.errors import InternalError
from semantic_layer.query import SemanticQuery

PROMPT_PACKAGE = "prompts"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def prompt_dir() -> Traversable:
    """The ``prompts/`` folder, wherever the package is installed."""
    try:
        return files(PROMPT_PACKAGE)
    except ModuleNotFoundError:
        raise InternalError(
            zh="找不到提示词目录 prompts/,请重新安装 wenshu。",
            en="The prompts/ folder is not installed; reinstall wenshu (pip install -e . in a checkout).",
        ) from None


@cache
def load_prompt(name: str) -> str:
    """The text of ``prompts/<name>.md``."""
    path = prompt_dir() / f"{name}.md"
    if not re.fullmatch(r"\w+", name) or not path.is_file():
        raise InternalError(
            zh=f"找不到提示词文件 {name}。", en=f"Prompt file '{name}' not found in prompts/."
        )
    return path.read_text(encoding="utf-8")


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def fill(template: str, **values: str) -> str:
    """Replace every ``{{name}}``; a placeholder without a value is a bug."""
    missing = placeholders(template) - set(values)
    if missing:
        raise InternalError(
            zh="提示词缺少参数。", en=f"Prompt values missing: {', '.join(sorted(missing))}."
        )
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def query_json(query: SemanticQuery | None) -> str:
    return "none" if query is None else query.model_dump_json(exclude_defaults=True)


def choices_text(choices: dict[str, str]) -> str:
    return "; ".join(f"{term} → {metric}" for term, metric in choices.items()) or "none"


def understanding_messages(
    system: str, question: str, as_of: date, previous: SemanticQuery | None, choices: dict[str, str]
) -> list[BaseMessage]:
    """The first request: the filled system prompt and the question with its context."""
    user = fill(
        load_prompt("understand_user"),
        as_of=as_of.isoformat(),
        previous_query=query_json(previous),
        choices=choices_text(choices),
        question=question,
    )
    return [SystemMessage(content=system), HumanMessage(content=user)]


def retry_messages(first: list[BaseMessage], output: str | None, error: str) -> list[BaseMessage]:
    """The one retry: the first request, the model's unusable answer, and the error."""
    answer = [AIMessage(content=output)] if output is not None else []
    return [
        *first,
        *answer,
        HumanMessage(content=fill(load_prompt("understand_retry"), error=error)),
    ]
