"""The answer pipeline: a tuple of stages applied in order to one turn of a conversation.

    screen → understand → resolve → run → describe

Each stage reads the :class:`Turn` and fills in its part; a stage that settles the
turn (a refusal, a question back, target segments) sets ``turn.answer`` and the rest
are skipped. Every front end goes through here via ``Assistant.ask`` / ``run_query``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from assistant.language import Lang
from assistant.understanding import Conversation, Understanding
from semantic_layer.access import Role
from semantic_layer.query import Filter, SemanticQuery, TimeRange

if TYPE_CHECKING:
    from assistant.answer import Answer, Assistant
    from assistant.segments.progress import Progress
    from semantic_layer.runner import QueryResult
    from semantic_layer.warehouse import Answered


@dataclass
class Turn:
    question: str
    lang: Lang
    conversation: Conversation
    as_of: date
    role: Role = field(default_factory=lambda: Role(name="default"))
    understanding: Understanding | None = None
    query: SemanticQuery | None = None
    answered: Answered | None = None
    answer: Answer | None = None
    progress: Progress | None = None  # hears the stages of a target-segment search


def screen(assistant: Assistant, turn: Turn) -> None:
    """Refuse before any parser or model sees the question: unreadable or oversized input,
    data changes, personal data, SQL, attempts to change the rules."""
    from assistant.answer import Answer
    from assistant.parse.safety import screen as screen_text

    text, refusal = screen_text(turn.question)
    turn.question = text
    if refusal is not None:
        lang = (turn.conversation.lang or turn.lang) if refusal.code == "too_long" else turn.lang
        turn.answer = Answer(status="refused", lang=lang, question=text[:2000], notes=[refusal.code],
                             message=refusal.zh if lang == "zh" else refusal.en)


def understand(assistant: Assistant, turn: Turn) -> None:
    """The parser (rules or LLM) decides what was asked: a query, a question back, a
    refusal, or target segments."""
    from assistant.answer import Answer, Option

    if turn.understanding is None:
        turn.understanding = assistant.parser.understand(turn.question, turn.conversation, turn.as_of)
    u, q = turn.understanding, turn.question[:2000]
    if u.status == "refused":
        turn.answer = Answer(status="refused", lang=u.lang, question=q, message=u.message(), notes=list(u.notes), parser=u.parser)
    elif u.status == "clarify":
        turn.conversation.pending = u
        options = [Option(number=i + 1, label=o.label(u.lang), semantic_query=o.query.model_dump(mode="json") if o.query else None)
                   for i, o in enumerate(u.options)]
        turn.answer = Answer(status="clarify", lang=u.lang, question=q, message=u.message(), options=options, parser=u.parser)
    elif u.status == "segments":
        assert u.goal is not None
        refused = turn.role.refusal("segments")  # the finder reads whole populations
        if refused is not None:
            turn.answer = Answer(status="refused", lang=u.lang, question=q, message=refused.error.message(u.lang),
                                 notes=[refused.reason], parser=u.parser)
        else:
            turn.answer = assistant.segments_answer(q, u.goal, u.lang, turn.as_of, role=turn.role,
                                                    progress=turn.progress)
    elif (clash := u.query.contradiction() if u.query is not None else None) is not None:
        # a reading that keeps no value of a field (asked for and left out at once) is a misreading, never an empty answer
        model, (field, values) = assistant.warehouse.model, clash
        zh = u.lang == "zh"
        ref = model.tags.get(field) or next((d[field] for d in model.dimensions.values()  # (the table whose values these are)
                                             if field in d and all(str(v) in d[field].values for v in values)), None)
        labels = model.field_values(field)
        name = (ref.label.zh if zh else ref.label.en) if ref is not None else field
        named = "、".join((labels[str(v)].zh if zh else labels[str(v)].en) if str(v) in labels else str(v) for v in values)
        turn.answer = Answer(status="clarify", lang=u.lang, question=q, parser=u.parser, notes=["contradiction"],
                             message=f"问题里“{name}”的条件互相矛盾({named or '没有哪个取值同时满足'}),不想答非所问。请换个说法确认要哪些。"
                             if zh else
                             f"The conditions on {name} contradict each other ({named or 'no value meets them all'}); I would "
                             "rather not answer a different question. Please rephrase which ones you mean.")
    else:
        assert u.query is not None
        turn.query = u.query


def resolve(assistant: Assistant, turn: Turn) -> None:
    """Remember a clarification's choice, and date a relative period against the as-of date."""
    u, conv = turn.understanding, turn.conversation
    assert u is not None and turn.query is not None
    if conv.pending is not None and "clarified" in u.notes:
        for o in conv.pending.options:
            if o.query == turn.query and o.remember:
                conv.choices[o.remember[0]] = o.remember[1]
    conv.pending = None
    turn.query = resolve_time(turn.query, turn.as_of)


def run(assistant: Assistant, turn: Turn) -> None:
    """Compile, validate and execute on the warehouse (read-only, role-scoped)."""
    assert turn.query is not None
    turn.answered = assistant.warehouse.run(turn.query, scope=turn.role.scope)
    turn.conversation.last_query = turn.query
    turn.conversation.last_groups = _groups_shown(turn.query, turn.answered.result)
    turn.conversation.lang = turn.understanding.lang if turn.understanding else turn.lang


def _groups_shown(query: SemanticQuery, result: QueryResult) -> Filter | None:
    """The groups of a ranking cut to its first few ("the 3 cities with the most …"), as the condition that keeps them."""
    groups = [g.field for g in query.group_by if g.field != "time"]
    if query.limit is None or len(groups) != 1 or groups[0] not in result.columns:
        return None
    at = result.columns.index(groups[0])
    values = tuple(dict.fromkeys(r[at] for r in result.rows if isinstance(r[at], str)))
    return Filter(field=groups[0], op="in", value=values) if values and len(values) == len(result.rows) else None


def describe(assistant: Assistant, turn: Turn) -> None:
    """Table, labels, period, summary, chart, definitions, follow-ups — from typed columns."""
    from assistant.describe import render_answer

    assert turn.query is not None and turn.answered is not None and turn.understanding is not None
    model = assistant.warehouse.model
    turn.answer = render_answer(model, turn.question[:2000], turn.understanding, turn.query, turn.answered,
                                min_group=turn.role.min_group_size or model.min_group_size)


Stage = Callable[["Assistant", Turn], None]
STAGES: tuple[Stage, ...] = (screen, understand, resolve, run, describe)


def resolve_time(query: SemanticQuery, as_of: date) -> SemanticQuery:
    """Re-resolve relative words ("上个月") against the as-of date (saved answers re-run fresh)."""
    tr = query.time_range
    if tr is None or not tr.relative:
        return query
    from assistant.recognise.time import find_time_ranges

    found = find_time_ranges(tr.relative, query.as_of or as_of)
    if not found:
        return query.with_changes(time_range=None) if tr.start is None else query
    return query.with_changes(time_range=TimeRange(start=found[0].start, end=found[0].end, relative=tr.relative).model_dump())
