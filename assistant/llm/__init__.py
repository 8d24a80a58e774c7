"""The LLM path: an OpenAI-compatible chat model behind the ``QuestionParser`` interface.

``llm_settings_from_env()`` reads ``WENSHU_LLM_*``; ``make_chat_model()`` builds the
client; ``LLMParser`` turns questions into ``SemanticQuery`` objects and falls back
to the offline parser when the model fails. See docs/llm.md.

The settings are imported eagerly (they are light); everything that needs LangChain is
imported on first use, so a process with no model configured never loads it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from assistant.language import detect_lang
from assistant.llm.settings import (
    LLMConfigError,
    LLMSettings,
    llm_settings_from_env,
    make_chat_model,
)

if TYPE_CHECKING:
    from assistant.llm.catalog import build_catalog
    from assistant.llm.parser import LLMParser
    from assistant.llm.prompts import load_prompt
    from assistant.llm.reply import LLMReply, ReplyError, extract_json, parse_reply

# name → the module that defines it, imported when the name is first used
_LAZY = {
    "build_catalog": "assistant.llm.catalog",
    "LLMParser": "assistant.llm.parser",
    "load_prompt": "assistant.llm.prompts",
    "LLMReply": "assistant.llm.reply",
    "ReplyError": "assistant.llm.reply",
    "extract_json": "assistant.llm.reply",
    "parse_reply": "assistant.llm.reply",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LLMConfigError",
    "LLMParser",
    "LLMReply",
    "LLMSettings",
    "ReplyError",
    "build_catalog",
    "detect_lang",
    "extract_json",
    "llm_settings_from_env",
    "load_prompt",
    "make_chat_model",
    "parse_reply",
]
