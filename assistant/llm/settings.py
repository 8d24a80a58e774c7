"""LLM settings read from ``WENSHU_LLM_*`` environment variables, and the chat model.

Any OpenAI-compatible endpoint works (OpenAI, DeepSeek, Qwen/DashScope compatible
mode, vLLM, Ollama at ``http://localhost:11434/v1``). With no model configured
:func:`llm_settings_from_env` returns ``None`` and the offline parser is used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from semantic_layer.errors import WenshuError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

# Local servers (Ollama, vLLM) accept any key, but the OpenAI client insists on one.
NO_KEY_NEEDED = "not-needed"


class LLMConfigError(WenshuError):
    """A ``WENSHU_LLM_*`` variable is malformed or a required one is missing."""


@dataclass(frozen=True)
class LLMSettings:
    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    temperature: float = 0.0
    timeout: float = 20.0


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for nan
        raise LLMConfigError(
            zh=f"环境变量 {name}={raw!r} 无效:应为 {low:g} 到 {high:g} 之间的数字。",
            en=f"{name}={raw!r} is invalid: use a number from {low:g} to {high:g}.",
        )
    return value


def llm_settings_from_env(env: Mapping[str, str] | None = None) -> LLMSettings | None:
    """Settings from the environment (or ``env``), or ``None`` when no model is set.

    ``WENSHU_LLM_MODEL`` (required to enable the LLM), ``WENSHU_LLM_BASE_URL``,
    ``WENSHU_LLM_API_KEY`` (falls back to ``OPENAI_API_KEY``), ``WENSHU_LLM_TEMPERATURE``
    (default 0) and ``WENSHU_LLM_TIMEOUT`` in seconds (default 20).
    """
    env = os.environ if env is None else env

    def text(name: str) -> str | None:
        return env.get(name, "").strip() or None

    model = text("WENSHU_LLM_MODEL")
    if model is None:
        return None
    base_url = text("WENSHU_LLM_BASE_URL")
    api_key = text("WENSHU_LLM_API_KEY") or text("OPENAI_API_KEY")
    if api_key is None and base_url is None:
        raise LLMConfigError(
            zh="已设置 WENSHU_LLM_MODEL,但没有 API 密钥:请设置 WENSHU_LLM_API_KEY,"
            "或用 WENSHU_LLM_BASE_URL 指向无需密钥的本地服务。",
            en="WENSHU_LLM_MODEL is set but there is no API key: set WENSHU_LLM_API_KEY, "
            "or point WENSHU_LLM_BASE_URL at a local server that needs none.",
        )
    return LLMSettings(
        model=model,
        base_url=base_url,
        api_key=api_key,
        temperature=_number(env, "WENSHU_LLM_TEMPERATURE", 0.0, 0.0, 2.0),
        timeout=_number(env, "WENSHU_LLM_TIMEOUT", 20.0, 0.1, 600.0),
    )


def make_chat_model(settings: LLMSettings) -> BaseChatModel:
    """A ``ChatOpenAI`` for ``settings``; building it opens no connection."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        base_url=settings.base_url,
        model=settings.model,
        api_key=SecretStr(settings.api_key or NO_KEY_NEEDED),
        temperature=settings.temperature,
        timeout=settings.timeout,
        max_retries=0,  # one retry is ours, within the question's time budget
    )
