"""Read a question into a :class:`Frame`: the metrics, fields, values, comparisons,
time, rank and share it mentions, before any decision about the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.parse import cues
from assistant.parse.lexicon import Entry, Lexicon, Mention
from assistant.parse.numbers import Comparison, RankRequest, find_comparisons, find_rank
from assistant.parse.timeexpr import TimeMatch, find_as_of, find_time_grain, find_time_ranges
from semantic_layer.semantic_model import SemanticModel

# Units that tell which numeric field a comparison is about.
UNIT_FIELDS = {"岁": "age", "years old": "age", "周岁": "age"}


@dataclass
class ValueHit:
    mention: Mention
    entries: list[Entry]
    negated: bool


@dataclass
class Frame:
    text: str
    lang: str
    as_of: date | None = None
    time: TimeMatch | None = None
    grain: str | None = None
    rank: RankRequest | None = None
    share: bool = False
    metrics: list[str] = field(default_factory=list)
    ambiguous: list[Mention] = field(default_factory=list)
    group_fields: list[list[Entry]] = field(default_factory=list)  # each: candidate field entries
    values: list[ValueHit] = field(default_factory=list)
    field_filters: list[tuple[list[Entry], Comparison]] = field(default_factory=list)
    metric_filters: list[tuple[str, Comparison]] = field(default_factory=list)
    mentioned_fields: set[str] = field(default_factory=set)
    followup_cue: bool = False
    replace_cue: bool = False
    only_cue: bool = False
    customer_words: bool = False
    count_intent: bool = False
    each: bool = False
    off_topic: bool = False

    @property
    def recognized(self) -> bool:
        return bool(self.metrics or self.ambiguous or self.group_fields or self.values or self.field_filters
                    or self.metric_filters or self.time or self.grain)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


def _number_fields(model: SemanticModel, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.kind == "field" and e.target in model.tags and model.tags[e.target].type == "number"]


def read_frame(question: str, model: SemanticModel, lexicon: Lexicon, as_of: date) -> Frame:
    text = question
    frame = Frame(text=text, lang="zh" if cues.is_chinese(text) else "en")
    spans: list[tuple[int, int]] = []
    found_as_of = find_as_of(text)
    if found_as_of:
        frame.as_of, span = found_as_of
        spans.append(span)
    d = frame.as_of or as_of
    # a time phrase inside a name ("近30天登录天数") belongs to the name, not the question's period
    named = [(m.start, m.end) for m in lexicon.find(text) if any(e.kind in ("field", "metric") for e in m.entries)]
    times = [t for t in find_time_ranges(_mask(text, spans), d)
             if not any(s <= t.span[0] and t.span[1] <= e for s, e in named)]
    if times:
        frame.time = times[0]
        spans += [t.span for t in times]
    grain = find_time_grain(_mask(text, spans))
    if grain:
        frame.grain, span = grain
        spans.append(span)
    masked = _mask(text, spans)
    frame.rank = find_rank(masked)
    comparisons = find_comparisons(masked)
    if frame.rank is not None:
        masked = _mask(masked, [frame.rank.span])
    mentions = lexicon.find(masked)
    used: set[int] = set()

    for c in comparisons:
        unit_field = next((f for unit, f in UNIT_FIELDS.items() if unit in c.text.lower()), None)
        if unit_field:  # "30岁以下" is about age whatever word is next to it
            frame.field_filters.append(([Entry("field", unit_field)], c))
            for i, m in enumerate(mentions):
                if i not in used and any(e.target == unit_field for e in m.entries) and abs(m.end - c.span[0]) <= 8:
                    used.add(i)
            continue
        target = _comparison_target(model, masked, mentions, c, used)
        if target is None:
            continue
        idx, entries = target
        used.add(idx)
        numeric = _number_fields(model, entries)
        if numeric:
            frame.field_filters.append((numeric, c))
        else:
            metric = next(e.target for e in entries if e.kind == "metric")
            frame.metric_filters.append((metric, c))
            if metric not in frame.metrics:
                frame.metrics.append(metric)

    for i, m in enumerate(mentions):
        if i in used:
            continue
        metrics = m.of_kind("metric")
        fields = m.of_kind("field")
        values = m.of_kind("value")
        ambiguous = m.of_kind("ambiguous")
        if ambiguous and not metrics:
            frame.ambiguous.append(m)
        elif metrics and not (_category_fields(model, fields) and cues.cue_before(cues.GROUP_BEFORE, masked, m.start)):
            for e in metrics:
                if e.target not in frame.metrics:
                    frame.metrics.append(e.target)
                    break
        elif values and not (fields and cues.cue_before(cues.GROUP_BEFORE, masked, m.start)):
            negated = cues.cue_before(cues.NEGATION_BEFORE, masked, m.start, 6) or cues.cue_after(cues.NEGATION_AFTER, masked, m.end)
            frame.values.append(ValueHit(m, values, negated))
        elif fields:
            frame.mentioned_fields |= {e.target for e in fields}
            frame.group_fields.append(fields)
    frame.each = bool(cues.EACH.search(masked))
    frame.share = bool(cues.SHARE.search(_mask(masked, [(m.start, m.end) for m in mentions])))
    frame.followup_cue = bool(cues.FOLLOWUP_START.search(text) or cues.FOLLOWUP_END.search(text))
    frame.replace_cue = bool(cues.REPLACE.search(text))
    frame.only_cue = bool(cues.ONLY.search(text))
    frame.customer_words = bool(cues.CUSTOMER_WORDS.search(masked))
    frame.count_intent = frame.customer_words and bool(cues.COUNT_INTENT.search(masked))
    frame.off_topic = bool(cues.OFF_TOPIC.search(text))
    return frame


def _category_fields(model: SemanticModel, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not (e.target in model.tags and model.tags[e.target].type == "number")]


def _comparison_target(model: SemanticModel, text: str, mentions: list[Mention], c: Comparison, used: set[int]) -> tuple[int, list[Entry]] | None:
    """The metric or numeric field a comparison is about: the nearest mention before it
    (within a few characters), else the nearest after it."""
    start, end = c.span
    best: tuple[int, int] | None = None
    for i, m in enumerate(mentions):
        if i in used:
            continue
        entries = list(m.entries)
        if not (_number_fields(model, entries) or any(e.kind == "metric" for e in entries)):
            continue
        if m.end <= start and start - m.end <= 8:
            gap = start - m.end
        elif m.start >= end and m.start - end <= 6:
            gap = 100 + m.start - end
        else:
            continue
        if best is None or gap < best[0]:
            best = (gap, i)
    if best is None:
        return None
    return best[1], list(mentions[best[1]].entries)
