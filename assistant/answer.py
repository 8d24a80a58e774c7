"""``Assistant.ask``: one turn through the pipeline (``assistant.pipeline.STAGES``):
screen → understand → resolve → run → describe.

Every front end (CLI, chat page, Slack, saved answers) calls this and only renders
the :class:`Answer`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from assistant import audit
from assistant.language import Lang, detect_lang
from assistant.pipeline import STAGES, Turn, resolve_time
from assistant.understanding import Conversation, QuestionParser, Understanding
from semantic_layer.access import Access, Role
from semantic_layer.errors import InternalError, NotInDataError, UnsafeSQLError, WenshuError
from semantic_layer.query import SemanticQuery
from semantic_layer.warehouse import Warehouse

if TYPE_CHECKING:
    from assistant.segments.progress import Progress

log = logging.getLogger("wenshu")
GUARDED = ("这个查询没有通过数据安全检查,已被拦截。请换个问法,只问汇总统计。",
           "This query did not pass the data safety checks and was stopped. Please rephrase and ask for aggregates only.")


class Option(BaseModel):
    number: int
    label: str
    semantic_query: dict[str, Any] | None = None


class Answer(BaseModel):
    """What every front end renders. ``rows`` hold raw values (codes, fractions, ISO dates)."""

    status: Literal["answered", "clarify", "refused", "error"]
    lang: Literal["zh", "en"]
    question: str
    message: str = ""
    semantic_query: dict[str, Any] | None = None
    sql: str | None = None
    columns: list[str] = Field(default_factory=list)
    column_labels: list[str] = Field(default_factory=list)
    column_formats: list[str] = Field(default_factory=list)
    column_roles: list[str] = Field(default_factory=list)  # time, dimension, metric, operand (a rate's parts), share …
    rows: list[list[Any]] = Field(default_factory=list)
    display: list[list[str]] = Field(default_factory=list)
    period: str | None = None
    as_of: str | None = None
    summary: str = ""
    chart: dict[str, Any] = Field(default_factory=lambda: {"kind": "none"})
    definitions: list[dict[str, str]] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    followups: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    applied: list[str] = Field(default_factory=list)  # what the query applied: conditions, base, comparison, order
    currency: dict[str, str] = Field(default_factory=lambda: {"symbol": "¥", "zh": "元"})  # how the model's amounts read
    segments: list[dict[str, Any]] = Field(default_factory=list)
    parser: str = "rules"
    elapsed_ms: float = 0.0


def load_data_values(warehouse: Warehouse) -> dict[str, list[str]]:
    """Values read from the data for fields marked ``values_from_data`` (the lexicon's),
    kept between runs (``disk_cache``) for the same database file (and its write-ahead log)
    as it is now, model and row limit."""
    from semantic_layer import disk_cache
    from semantic_layer.fingerprint import model_fingerprint

    state = warehouse.runner.state
    key = None if state is None else [*state, model_fingerprint(warehouse.model), str(warehouse.runner.policy.max_rows)]
    return disk_cache.kept("values", key, dict, lambda: _read_data_values(warehouse))


def _read_data_values(warehouse: Warehouse) -> dict[str, list[str]]:
    model = warehouse.model
    out: dict[str, list[str]] = {}
    for t in model.tag_list:
        if t.values_from_data and t.expr and model.customer:
            out[t.name] = warehouse.distinct_values(model.customer.table, t.expr)
    for d in model.dimension_list:
        if d.values_from_data:
            out[d.name] = sorted(set(out.get(d.name, [])) | set(warehouse.distinct_values(d.table, d.expr)))
    return out


MAX_SESSIONS = 10_000  # conversations kept in memory per process


class Assistant:
    """One database + model + parser; keeps conversations by session id."""

    segment_gate: threading.Semaphore | None = None  # target-segment searches that may run at once

    def __init__(self, warehouse: Warehouse, parser: QuestionParser | None = None, access: Access | None = None):
        self.warehouse = warehouse
        self.data_values = load_data_values(warehouse)
        self._parser = parser
        self.access = access or Access()
        self.sessions: OrderedDict[str, Conversation] = OrderedDict()  # least recently used first
        self._sessions_lock = threading.Lock()

    @property
    def parser(self) -> QuestionParser:
        """Built on the first question: saved answers and schedules run ready queries
        (``run_query``) and never need one, so ``wenshu schedule run-due`` stays cheap."""
        if self._parser is None:
            self._parser = make_parser(self.warehouse, self.data_values)
        return self._parser

    @classmethod
    def open(cls, db: Path | str, model: Path | str | None = None, roles: Path | str | None = None) -> Assistant:
        """The assistant on a database file, with the roles file (or ``WENSHU_ROLES``) if any."""
        warehouse = Warehouse(db, model)
        roles = roles or os.environ.get("WENSHU_ROLES") or None
        return cls(warehouse, access=Access.load(roles, warehouse.model) if roles else None)

    def conversation(self, session: str, user: str | None = None) -> Conversation:
        """A user's conversation: keyed by user and session id together, never by a name alone.
        The ``MAX_SESSIONS`` most recently used are kept; an older one starts afresh (a
        long-running chat or Slack process does not grow without bound)."""
        key = f"{user or ''}\x00{session}"
        with self._sessions_lock:
            conversation = self.sessions.pop(key, None) or Conversation()
            self.sessions[key] = conversation
            while len(self.sessions) > MAX_SESSIONS:
                self.sessions.popitem(last=False)
            return conversation

    def ask(self, question: str, session: str = "default", as_of: date | None = None, *,
            user: str | None = None, route: str = "api", progress: Progress | None = None) -> Answer:
        """One turn of a conversation through every stage of the pipeline, as ``user``'s role;
        ``progress`` hears the stages of a long search (target segments) as they start."""
        conv = self.conversation(session, user)
        text = question if isinstance(question, str) else ""
        turn = Turn(text, detect_lang(text, conv.lang), conv, as_of or conv.as_of or self.warehouse.default_as_of,
                    progress=progress)
        return self._through(turn, STAGES, user, route)

    def run_query(self, query: SemanticQuery, lang: str = "zh", question: str = "", *,
                  user: str | None = None, route: str = "query") -> Answer:
        """Answer a ready ``SemanticQuery`` (saved answers, clarification buttons): the
        stages after understanding, the same checks, scope and audit as a question."""
        u = Understanding("query", lang, query=query)  # type: ignore[arg-type]
        turn = Turn(question, lang, Conversation(), query.as_of or self.warehouse.default_as_of, understanding=u)  # type: ignore[arg-type]
        return self._through(turn, STAGES[1:], user, route)

    def _through(self, turn: Turn, stages: tuple, user: str | None, route: str) -> Answer:
        started = time.perf_counter()
        try:
            turn.role = self.access.role_of(user)
            for stage in stages:
                stage(self, turn)
                if turn.answer is not None:
                    break
            answer = turn.answer
            assert answer is not None
        except UnsafeSQLError as err:  # a query the guard stopped: the reason is for the log, not the asker
            log.warning("guard refused a query for %r: %s", turn.question[:200], err.en)
            answer = Answer(status="refused", lang=turn.lang, question=turn.question[:2000], notes=["guard"],
                            message=GUARDED[0] if turn.lang == "zh" else GUARDED[1])
        except NotInDataError as err:  # understood, but the mart keeps no such data: declined, as data it lacks
            answer = Answer(status="refused", lang=turn.lang, question=turn.question[:2000], notes=["not_in_data"],
                            message=err.message(turn.lang))
        except WenshuError as err:
            answer = Answer(status="error", lang=turn.lang, question=turn.question[:2000], message=err.message(turn.lang))
        except Exception:  # a bug: log it, show a safe message
            log.exception("internal error answering %r", turn.question[:200])
            bug = InternalError(zh="内部错误,问题已记录。请换个问法再试。", en="Internal error; it has been logged. Please try rephrasing.")
            answer = Answer(status="error", lang=turn.lang, question=turn.question[:2000], message=bug.message(turn.lang))
        answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        audit.append(audit.record(user=user, role=turn.role.name, route=route, question=turn.question, answer=answer))
        return answer

    def segments_answer(self, question: str, goal: str, lang: Lang, as_of: date, *,
                        role: Role | None = None, progress: Progress | None = None) -> Answer:
        """"下次贷款营销应该找哪些客户?": suggested target segments with their evidence, kept
        per (database, goal, as-of, model, role) in this process; ``progress`` hears each
        stage of a search as it starts."""
        from assistant.segments.progress import ignore
        from assistant.segments.reply import answer_segments

        return answer_segments(self.warehouse, question, goal, lang, as_of, role or Role(name="default"),
                               progress or ignore, self.segment_gate)


def make_parser(warehouse: Warehouse, data_values: dict[str, list[str]]) -> QuestionParser:
    """The LLM parser when one is configured by environment variables, else the rules."""
    from assistant.parse.parser import RuleParser

    rules = RuleParser(warehouse.model, data_values)
    from assistant.llm import llm_settings_from_env

    settings = llm_settings_from_env()
    if settings is None:
        return rules  # LangChain is not even imported
    try:
        from assistant.llm import LLMParser, make_chat_model
    except ImportError:
        return rules

    def validate(query: SemanticQuery) -> str | None:
        try:
            warehouse.compile(resolve_time(query, warehouse.default_as_of))
        except WenshuError as err:
            return err.message("en")
        return None

    return LLMParser(make_chat_model(settings), warehouse.model, validate, rules, values=data_values)
