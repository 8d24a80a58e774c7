"""``Assistant.ask``: question → understanding → compiled, validated SQL → result → answer.

Every front end (CLI, chat page, Slack, saved answers) calls this and only renders
the :class:`Answer`.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.describe import chart_for, definitions, followups, period_text, summarize
from assistant.formatting import format_value, jsonable
from assistant.understanding import Conversation, Lang, QuestionParser, Understanding
from semantic_layer.errors import InternalError, WenshuError
from semantic_layer.query import SemanticQuery, TimeRange
from semantic_layer.warehouse import Warehouse

log = logging.getLogger("wenshu")


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
    segments: list[dict[str, Any]] = Field(default_factory=list)
    parser: str = "rules"
    elapsed_ms: float = 0.0


def load_data_values(warehouse: Warehouse) -> dict[str, list[str]]:
    """Values read from the data for fields marked ``values_from_data`` (the lexicon's)."""
    model = warehouse.model
    out: dict[str, list[str]] = {}
    for t in model.tag_list:
        if t.values_from_data and t.expr and model.customer:
            out[t.name] = warehouse.distinct_values(model.customer.table, t.expr)
    for d in model.dimension_list:
        if d.values_from_data:
            out[d.name] = sorted(set(out.get(d.name, [])) | set(warehouse.distinct_values(d.table, d.expr)))
    return out


class Assistant:
    """One database + model + parser; keeps conversations by session id."""

    def __init__(self, warehouse: Warehouse, parser: QuestionParser | None = None):
        self.warehouse = warehouse
        self.data_values = load_data_values(warehouse)
        if parser is None:
            parser = make_parser(warehouse, self.data_values)
        self.parser = parser
        self.sessions: dict[str, Conversation] = {}

    @classmethod
    def open(cls, db: Path | str, model: Path | str | None = None) -> Assistant:
        return cls(Warehouse(db, model))

    def conversation(self, session: str) -> Conversation:
        return self.sessions.setdefault(session, Conversation())

    def ask(self, question: str, session: str = "default", as_of: date | None = None) -> Answer:
        started = time.perf_counter()
        conv = self.conversation(session)
        lang: Lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in question[:2000]) else "en"
        try:
            d = as_of or conv.as_of or self.warehouse.default_as_of
            goal = _segment_goal(question)
            if goal is not None:
                answer = self._segments(question, goal, lang, d)
            else:
                understanding = self.parser.understand(question, conv, d)
                answer = self._answer(question, understanding, conv, d)
        except WenshuError as err:
            answer = Answer(status="error", lang=lang, question=question[:2000], message=err.message(lang))
        except Exception:  # a bug: log it, show a safe message
            log.exception("internal error answering %r", question[:200])
            bug = InternalError(zh="内部错误,问题已记录。请换个问法再试。", en="Internal error; it has been logged. Please try rephrasing.")
            answer = Answer(status="error", lang=lang, question=question[:2000], message=bug.message(lang))
        answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def _segments(self, question: str, goal: str, lang: Lang, as_of: date) -> Answer:
        """"下次贷款营销应该找哪些客户?": suggested target segments with their evidence."""
        from assistant.segments import suggest_segments, summarize_segments

        segments = suggest_segments(self.warehouse, goal, lang=lang, as_of=as_of)
        columns = ["segment", "size", "segment_rate", "lift", "best_channel", "best_period", "expected_conversions"]
        formats = ["text", "integer", "percent", "ratio", "text", "text", "number"]
        if segments and "uplift" in segments[0] and "lift" not in segments[0]:
            columns[3], formats[3] = "uplift", "percent"  # a difference of rates
        def pick(s: dict[str, Any], key: str) -> Any:
            part = s.get(key)
            return part.get("label") if isinstance(part, dict) else part

        rows = [[s.get("definition", ""), s.get("size"), s.get("rate", s.get("treated_rate")), s.get("lift", s.get("uplift")),
                 pick(s, "channel"), pick(s, "period"), s.get("expected_conversions")] for s in segments]
        summary = summarize_segments(segments, lang)
        labels = (["目标客群", "人数", "客群转化率", "提升倍数", "最佳渠道", "最佳时段", "预计转化"] if lang == "zh"
                  else ["segment", "size", "segment rate", "lift", "best channel", "best period", "expected conversions"])
        return Answer(status="answered", lang=lang, question=question[:2000], message=summary, summary=summary,
                      segments=segments, columns=columns, column_labels=labels,
                      column_formats=formats,
                      rows=[[jsonable(v) for v in r] for r in rows],
                      display=[[format_value(v, f, lang) for v, f in zip(r, formats, strict=False)] for r in rows],
                      chart={"kind": "table"}, notes=[f"segments:{goal}"])

    def run_query(self, query: SemanticQuery, lang: str = "zh", question: str = "") -> Answer:
        """Answer a ready ``SemanticQuery`` (saved answers, clarification buttons)."""
        u = Understanding("query", lang, query=query)  # type: ignore[arg-type]
        return self._answer(question, u, Conversation(), query.as_of or self.warehouse.default_as_of)

    def _answer(self, question: str, u: Understanding, conv: Conversation, as_of: date) -> Answer:
        lang = u.lang
        q = question[:2000]
        if u.status == "refused":
            return Answer(status="refused", lang=lang, question=q, message=u.message(), notes=list(u.notes), parser=u.parser)
        if u.status == "clarify":
            conv.pending = u
            options = [Option(number=i + 1, label=o.label(lang), semantic_query=o.query.model_dump(mode="json") if o.query else None)
                       for i, o in enumerate(u.options)]
            return Answer(status="clarify", lang=lang, question=q, message=u.message(), options=options, parser=u.parser)
        assert u.query is not None
        if conv.pending is not None and "clarified" in u.notes:
            for o in conv.pending.options:
                if o.query == u.query and o.remember:
                    conv.choices[o.remember[0]] = o.remember[1]
        conv.pending = None
        query = _resolve_time(u.query, as_of)
        answered = self.warehouse.run(query)
        conv.last_query = query
        conv.lang = lang
        return self._render(q, lang, query, answered, u)

    def _render(self, question: str, lang: str, query: SemanticQuery, answered: Any, u: Understanding) -> Answer:
        compiled, result = answered.compiled, answered.result
        model = self.warehouse.model
        cols = compiled.columns
        labels = {c.name: _value_labels(model, c.name, lang) for c in cols}
        rows = [[jsonable(v) for v in row] for row in result.rows]
        display = [[format_value(v, c.format, lang, labels[c.name]) for v, c in zip(row, cols, strict=False)] for row in result.rows]
        answer = Answer(
            status="answered", lang=lang, question=question,  # type: ignore[arg-type]
            semantic_query=query.model_dump(mode="json", exclude_defaults=True),
            sql=compiled.sql(), columns=[c.name for c in cols],
            column_labels=[c.label.zh if lang == "zh" else c.label.en for c in cols],
            column_formats=[c.format for c in cols], rows=rows, display=display,
            period=period_text(compiled, query, lang), as_of=compiled.as_of.isoformat(),
            chart=chart_for(cols, rows), definitions=definitions(model, query, lang),
            notes=list(u.notes), parser=u.parser,
        )
        answer.summary = summarize(answer, model, query)
        answer.message = answer.summary
        answer.followups = followups(model, query, lang)
        return answer


def _segment_goal(question: str) -> str | None:
    """The segment goal a question asks for, when the segment finder is installed."""
    try:
        from assistant.segments import match_goal
    except ImportError:
        return None
    try:
        return match_goal(question[:2000])
    except Exception:  # a broken goals file must not stop ordinary questions
        log.exception("segment goal matching failed")
        return None


def _value_labels(model: Any, field: str, lang: str) -> dict[str, str]:
    values = model.field_values(field)
    return {code: (v.zh if lang == "zh" else v.en) for code, v in values.items()}


def _resolve_time(query: SemanticQuery, as_of: date) -> SemanticQuery:
    """Re-resolve relative words ("上个月") against the as-of date (saved answers re-run fresh)."""
    tr = query.time_range
    if tr is None or not tr.relative:
        return query
    from assistant.parse.timeexpr import find_time_ranges

    found = find_time_ranges(tr.relative, query.as_of or as_of)
    if not found:
        if tr.start is None:
            return query.with_changes(time_range=None)
        return query
    return query.with_changes(time_range=TimeRange(start=found[0].start, end=found[0].end, relative=tr.relative).model_dump())


def make_parser(warehouse: Warehouse, data_values: dict[str, list[str]]) -> QuestionParser:
    """The LLM parser when one is configured by environment variables, else the rules."""
    from assistant.parse.rules import RuleParser

    rules = RuleParser(warehouse.model, data_values)
    try:
        from assistant.llm import LLMParser, llm_settings_from_env, make_chat_model
    except ImportError:
        return rules
    settings = llm_settings_from_env()
    if settings is None:
        return rules

    def validate(query: SemanticQuery) -> str | None:
        try:
            warehouse.compile(_resolve_time(query, warehouse.default_as_of))
        except WenshuError as err:
            return err.message("en")
        return None

    return LLMParser(make_chat_model(settings), warehouse.model, validate, rules, values=data_values)
