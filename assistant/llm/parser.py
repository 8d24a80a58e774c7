"""``LLMParser``: the LLM behind the ``QuestionParser`` interface.

One question is at most two model calls: the prompt, then — if the answer is not
usable (no JSON, wrong shape, SQL, a query the caller's ``validate`` rejects, or
the call itself failed) — one retry carrying the previous answer and the exact
error. If the retry fails too, the offline parser answers and says so in the notes.
The model's output only ever becomes a ``SemanticQuery``; it is never run as SQL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from assistant.llm.catalog import build_catalog
from assistant.llm.prompts import fill, load_prompt, retry_messages, understanding_messages
from assistant.llm.reply import LLMReply, ReplyError, ReplyOption, parse_reply
from assistant.understanding import ClarifyOption, Conversation, Lang, QuestionParser, Understanding
from semantic_layer.errors import WenshuError
from semantic_layer.query import SemanticQuery
from semantic_layer.semantic_model import SemanticModel

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")

# Said in the other language when the model wrote its message in only one.
GENERIC_MESSAGE: dict[str, dict[Lang, str]] = {
    "clarify": {
        "zh": "这个问题有几种理解,请选择一项:",
        "en": "The question can be read in more than one way; please choose one:",
    },
    "refused": {
        "zh": "抱歉,这个问题我不能回答。可以问我指标和客户标签相关的统计问题。",
        "en": "Sorry, I can't answer that. You can ask about metrics and customer segments.",
    },
    "query": {"zh": "", "en": ""},
}
FALLBACK_NOTE: dict[Lang, str] = {
    "zh": "大模型未能给出可用的解析,本次由离线解析器回答。",
    "en": "The language model gave no usable answer, so the offline parser answered.",
}


def detect_lang(text: str, previous: Lang | None = None) -> Lang:
    """``zh`` if ``text`` has any CJK character, ``en`` if it has Latin letters,
    else the conversation's language (a bare "2" or "?" keeps it)."""
    if CJK.search(text):
        return "zh"
    if LATIN.search(text):
        return "en"
    return previous or "en"


def _bilingual(text: str, status: str) -> dict[Lang, str]:
    """``text`` in its own language's slot, the generic message for ``status`` in the other."""
    out = dict(GENERIC_MESSAGE[status])
    if text.strip():
        out[detect_lang(text)] = text.strip()
    return out


class LLMParser:
    """Understand questions with a chat model; fall back to ``fallback`` when it fails.

    ``validate`` compiles a query against the model and returns an error message,
    or ``None`` when the query is fine. ``values`` adds data values (cities,
    branches, campaign names...) to the catalogue.
    """

    name = "llm"

    def __init__(
        self,
        chat_model: BaseChatModel,
        model: SemanticModel,
        validate: Callable[[SemanticQuery], str | None],
        fallback: QuestionParser,
        values: dict[str, list[str]] | None = None,
    ):
        self.chat_model = chat_model
        self.model = model
        self.validate = validate
        self.fallback = fallback
        about = model.description
        self.system_prompt = fill(
            load_prompt("understand_system"), catalog=build_catalog(model, values),
            domain=f"{about.en} ({about.zh})" if about else model.name,
        )

    def understand(self, question: str, conversation: Conversation, as_of: date) -> Understanding:
        lang = detect_lang(question, conversation.lang)
        first = understanding_messages(
            self.system_prompt, question, as_of, conversation.last_query, conversation.choices
        )
        reply, output, error = self._attempt(first)
        if error is not None:
            log.warning("LLM answer unusable, retrying once: %s", error)
            reply, _, error = self._attempt(retry_messages(first, output, error))
        if error is not None or reply is None:
            log.warning(
                "LLM answer unusable after a retry, using the %s parser: %s",
                self.fallback.name,
                error,
            )
            result = self.fallback.understand(question, conversation, as_of)
            return replace(result, notes=(*result.notes, FALLBACK_NOTE[result.lang]))
        return self._understanding(reply, lang)

    def _attempt(
        self, messages: list[BaseMessage]
    ) -> tuple[LLMReply | None, str | None, str | None]:
        """(reply, raw output, error): exactly one of reply and error is set."""
        try:
            output = self.chat_model.invoke(messages).text
        except Exception as exc:  # endpoint down, timeout, auth...: all end in the fallback
            return None, None, f"The model call failed ({type(exc).__name__}: {str(exc)[:300]})."
        try:
            reply = parse_reply(output)
        except ReplyError as err:
            return None, output, str(err)
        for where, query in reply.queries():
            try:
                problem = self.validate(query)
            except WenshuError as err:
                problem = err.message("en")
            if problem:
                return None, output, f"{where} was rejected: {problem}"
        return reply, output, None

    def _understanding(self, reply: LLMReply, lang: Lang) -> Understanding:
        message = _bilingual(reply.message, reply.status)
        notes = (
            (reply.message.strip(),) if reply.status == "query" and reply.message.strip() else ()
        )
        return Understanding(
            status=reply.status,
            lang=lang,
            query=reply.query,
            message_zh=message["zh"],
            message_en=message["en"],
            options=tuple(self._option(o) for o in reply.options),
            notes=notes,
            parser=self.name,
        )

    def _option(self, option: ReplyOption) -> ClarifyOption:
        metrics = [self.model.metrics.get(m) for m in option.query.metrics]
        labels: dict[Lang, str] = {
            "zh": "、".join(m.label.zh if m else "?" for m in metrics),
            "en": ", ".join(m.label.en if m else "?" for m in metrics),
        }
        labels[detect_lang(option.label)] = option.label.strip()
        return ClarifyOption(labels["zh"], labels["en"], option.query, option.remember)
