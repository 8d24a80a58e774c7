"""``LLMParser``: the LLM behind the ``QuestionParser`` interface.

One question is at most two model calls: the prompt, then — if the answer is not
usable (no JSON, wrong shape, SQL, a query the caller's ``validate`` rejects, or
the call itself failed) — one retry carrying the previous answer and the exact
error. If the retry fails too, the offline parser answers and says so in the notes.
The model's output only ever becomes a ``SemanticQuery``; it is never run as SQL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from assistant.language import Lang, detect_lang
from assistant.llm.catalog import build_catalog
from assistant.llm.prompts import fill, load_prompt, retry_messages, understanding_messages
from assistant.llm.reply import LLMReply, ReplyError, ReplyOption, parse_reply
from assistant.understanding import ClarifyOption, Conversation, QuestionParser, Understanding
from semantic_layer.errors import WenshuError
from semantic_layer.query import SemanticQuery
from semantic_layer.semantic_model import SemanticModel

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
_CALLS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="wenshu-llm")  # calls we may stop waiting for

# What the user reads for each status of the model's answer (the model's own words are never shown).
GENERIC_MESSAGE: dict[str, dict[Lang, str]] = {
    "clarify": {
        "zh": "这个问题有几种理解,请选择一项:",
        "en": "The question can be read in more than one way; please choose one:",
    },
    "refused": {
        "zh": "抱歉,这个问题我不能回答。可以问数据里的指标和分布,例如某个指标是多少、按什么拆分。",
        "en": "Sorry, I can't answer that. You can ask about the data's figures, e.g. a total or a breakdown.",
    },
    "query": {"zh": "", "en": ""},
}
FALLBACK_NOTE: dict[Lang, str] = {
    "zh": "大模型未能给出可用的解析,本次由离线解析器回答。",
    "en": "The language model gave no usable answer, so the offline parser answered.",
}


class LLMParser:
    """Understand questions with a chat model; fall back to ``fallback`` when it fails.

    ``validate`` compiles a query against the model and returns an error message,
    or ``None`` when the query is fine. ``values`` adds data values (cities,
    branches, campaign names...) to the catalogue.
    """

    name = "llm"
    budget_s = 25.0  # the whole understanding of one question: first call and retry (the rules answer after)

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
        from assistant.parse.parser import segment_goal

        lang = detect_lang(question, conversation.lang)
        goal = segment_goal(question)  # whom to target is the segment finder's, not the model's
        if goal is not None:
            return Understanding("segments", lang, goal=goal, parser=self.name)
        deadline = time.monotonic() + self.budget_s
        first = understanding_messages(
            self.system_prompt, question, as_of, conversation.last_query, conversation.choices
        )
        reply, output, error = self._attempt(first, deadline)
        if error is not None and time.monotonic() < deadline - 1:
            log.warning("LLM answer unusable, retrying once: %s", error)
            reply, _, error = self._attempt(retry_messages(first, output, error), deadline)
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
        self, messages: list[BaseMessage], deadline: float
    ) -> tuple[LLMReply | None, str | None, str | None]:
        """(reply, raw output, error): exactly one of reply and error is set. The call
        gets what is left of the question's time; a slow model is abandoned, not waited for."""
        wait = max(0.1, deadline - time.monotonic())
        call = _CALLS.submit(self.chat_model.invoke, messages)
        try:
            output = call.result(timeout=wait).text
        except Exception as exc:  # endpoint down, timeout, auth...: all end in the fallback
            if isinstance(exc, FutureTimeout) and not call.done():
                return None, None, f"The model did not answer within {wait:.0f} s."
            return None, None, f"The model call failed ({type(exc).__name__})."
        if not isinstance(output, str):
            return None, None, "The model's answer is not text."
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
        """What the model said, as fields we render ourselves: its free text (messages,
        notes, option labels) is never shown, since it could carry links, markup or data."""
        message = GENERIC_MESSAGE[reply.status]
        return Understanding(
            status=reply.status,
            lang=lang,
            query=reply.query,
            message_zh=message["zh"],
            message_en=message["en"],
            options=tuple(self._option(o) for o in reply.options),
            notes=(),
            parser=self.name,
        )

    def _option(self, option: ReplyOption) -> ClarifyOption:
        from assistant.describe import query_phrase

        return ClarifyOption(query_phrase(self.model, option.query, "zh"), query_phrase(self.model, option.query, "en"),
                             option.query, option.remember)
