"""The LLM path: an OpenAI-compatible chat model behind the ``QuestionParser`` interface.

``llm_settings_from_env()`` reads ``WENSHU_LLM_*``; ``make_chat_model()`` builds the
client; ``LLMParser`` turns questions into ``SemanticQuery`` objects and falls back
to the offline parser when the model fails. See docs/llm.md.
"""

from __future__ import annotations

from assistant.language import detect_lang
from assistant.llm.catalog import build_catalog
from assistant.llm.parser import LLMParser
from assistant.llm.prompts import load_prompt
from assistant.llm.reply import LLMReply, ReplyError, extract_json, parse_reply
from assistant.llm.settings import (
    LLMConfigError,
    LLMSettings,
    llm_settings_from_env,
    make_chat_model,
)

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
