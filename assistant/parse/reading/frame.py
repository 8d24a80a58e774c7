"""Read a question into a :class:`Frame`: the metrics, fields, values, comparisons,
time, rank and share it mentions, before any decision about the query.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from assistant import patterns
from assistant.parse.reading import cues
from assistant.parse.reading.context import (
    ASKED_BY,
    PURPOSE,
    PURPOSE_LEAD,
    aside_spans,
    background_sentences,
    clauses,
    courtesy_spans,
    scene_spans,
)
from assistant.parse.reading.glosses import definition_glosses
from assistant.parse.vocabulary.lexicon import Entry, Lexicon, Mention, normalize
from assistant.recognise.numbers import Comparison, RankRequest, find_comparisons, find_rank
from assistant.recognise.numbers.numerals import to_int
from assistant.recognise.time import TimeMatch, find_as_of, find_time_grain, find_time_ranges
from assistant.understanding import Lang
from semantic_layer.compile.plan import counted_by
from semantic_layer.compile.sqlparts import columns_of
from semantic_layer.model import Metric, Tag
from semantic_layer.query import CustomerRows, TimeRange
from semantic_layer.semantic_model import SemanticModel


@dataclass
class ValueHit:
    mention: Mention
    entries: list[Entry]
    negated: bool
    bound: str | None = None  # ">=" for "R4及以上", "<=" for "中价值及以下" (ordered values)


@dataclass
class Frame:
    text: str
    lang: Lang
    said: str = ""  # the question as written, before what is said again ("by decision date") was masked
    as_of: date | None = None  # the as-of date the question states
    today: date | None = None  # the date the question's relative words were resolved against
    time: TimeMatch | None = None
    grain: str | None = None
    rank: RankRequest | None = None
    share: bool = False
    ratio: bool = False  # the first figure named as a share of the second ("理财余额占AUM的比例")
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
    each_of_two: bool = False  # 各 said by "which of the two values": a row for each of them, no other breakdown
    each_of_breakdown: bool = False  # 各 said right after a breakdown ("按年龄段分各有多少"): a row for each of its groups only
    how_many: bool = False
    add_metric: bool = False
    counts_customers_too: bool = False
    ranking_only: bool = False
    dual: list[ValueHit] = field(default_factory=list)
    loose_fields: list[list[Entry]] = field(default_factory=list)  # named without a breakdown cue  # mentions that are a metric's name and a value
    metric_mentions: dict[str, str] = field(default_factory=dict)
    off_topic: bool = False
    # everything found, with spans, for the coverage check (no word silently dropped)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeMatch] = field(default_factory=list)
    grain_span: tuple[int, int] | None = None
    as_of_span: tuple[int, int] | None = None
    comparisons: list[Comparison] = field(default_factory=list)
    attached: list[tuple[tuple[int, int], str]] = field(default_factory=list)  # (span, "rank" | "field:<name>")
    unread: list[str] = field(default_factory=list)  # words read but not answerable: always asked about
    only: list[tuple[ValueHit, str]] = field(default_factory=list)  # values of rows said as the only ones ("只在微信小程序登录")
    never: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # "never …" before values of these tags
    everyday: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # a value of these tags and of other rows' fields
    customer_rows: list[CustomerRows] = field(default_factory=list)  # customers chosen by their own rows (没有还款的客户)
    left_out: list[tuple[int, int]] = field(default_factory=list)  # groups said to be left out (cues.exclusion_spans)
    versus: list[str] = field(default_factory=list)  # fields whose values were set against each other ("A vs B")
    each_groups: set[str] = field(default_factory=set)  # breakdowns read only from 各/分别/compared
    rank_groups: list[list[Entry]] = field(default_factory=list)  # breakdowns read only from a superlative

    @property
    def recognized(self) -> bool:
        """Something of the model was named (a period or rank alone is not enough)."""
        return bool(self.metrics or self.ambiguous or self.group_fields or self.values or self.field_filters
                    or self.metric_filters or self.mentioned_fields)

    def asked_groups(self) -> list[list[Entry]]:
        """The breakdowns asked for: not those read only because of a superlative."""
        return [g for g in self.group_fields if not any(g is r for r in self.rank_groups)]

    def drop_rank(self) -> None:
        """The superlative was no ranking ("the most days past due on any loan", "最高和最低
        分别是多少"): no order, and no breakdown read only because of it."""
        self.rank = None
        self.group_fields = self.asked_groups()

    @property
    def edits(self) -> bool:
        """Anything a follow-up could change ("and the amount?", "per customer?" switch the figure)."""
        from assistant.parse.building.compare import PREVIOUS, YEAR_AGO
        from assistant.parse.building.rows import AMOUNT, COUNT, PER_CUSTOMER

        # ("同比呢?", "and YoY?": the comparison switched)
        switch = any(p.search(self.text) for p in (AMOUNT, COUNT, PER_CUSTOMER, YEAR_AGO, PREVIOUS))
        return self.recognized or switch or bool(self.time or self.grain or self.rank or self.as_of)


def word_spans(mentions: list[Mention]) -> list[tuple[int, int]]:
    """The spans of the mentions' own words: a word masked before they were read ("单笔最大金额":
    最大 is the superlative, the name 单笔金额 stretches over it) is not theirs."""
    return [(m.start + w.start(), m.start + w.end()) for m in mentions for w in re.finditer(r"\S+", m.text)]


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` blanked (same length, so positions hold)."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


#: between an amount and the band that bounds it: "deposits but under 50k", "存款在5万以下", "balance is under 50k"
_AMOUNT_TO_BAND = patterns.compile(r"^(?:\s|[,，]|\b(?:but|is|are|of|only|just|still|balances?|amounts?)\b|在|是|都|只有|仅|余额|金额|的)*$", re.I)


def _band_of_another_amount(model: SemanticModel, text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Is ``m`` a band's value said with a number ("under 50k", "5万以下" of the income band) right after
    another amount ("deposits but under 50k"), its own amount not named? The number bounds that amount;
    the band would answer about another one."""
    bands = [t for e in m.of_kind("value") if (t := model.tags.get(e.target)) is not None and t.type == "category" and t.cases]
    if not bands or len(bands) != len(m.entries) or not re.search(r"\d|[一二三四五六七八九十]", m.text):
        return False
    own = {t.name for t in bands} | _bands_of(model, m)
    if any(e.target in own for x in mentions for e in x.entries if e.kind == "field"):
        return False
    amount = next((x for x in reversed(mentions) if x.end <= m.start), None)
    flags = [e for e in amount.of_kind("value") if (t := model.tags.get(e.target)) is not None and t.type == "boolean"] if amount else []
    return amount is not None and _AMOUNT_TO_BAND.match(text[amount.end:m.start]) is not None and bool(
        amount.of_kind("metric") or amount.of_kind("ambiguous") or _number_fields(model, list(amount.entries)) or flags)


def _bands_of(model: SemanticModel, m: Mention) -> set[str]:
    """The numeric fields ``m``'s band values band ("5万以下" of the income band: annual income)."""
    return {c.name for e in m.of_kind("value") if (t := model.tags.get(e.target)) is not None and t.type == "category"
            for case in t.cases for c in columns_of(case.when)}


def _banded_next(model: SemanticModel, text: str, m: Mention, fields: list[Entry], mentions: list[Mention]) -> bool:
    """Is ``m`` followed by a band of one of its numeric ``fields`` ("收入|5万以下", "income under 50k")?"""
    after = next((x for x in mentions if x.start >= m.end), None)
    return after is not None and _AMOUNT_TO_BAND.match(text[m.end:after.start]) is not None \
        and bool({e.target for e in fields} & _bands_of(model, after))


def _number_fields(model: SemanticModel, entries: list[Entry]) -> list[Entry]:
    """Entries naming a numeric tag or a numeric attribute of a table."""
    return [e for e in entries if e.kind == "field" and (ref := model.field(e.target, e.table)) is not None and ref.type == "number"]


_YEAR_AFTER_WORD = patterns.compile(
    r"(?<!\bhalf )(?<!\bquarter )(?<!\bend )(?<!\bstart )(?<!\bbeginning )(?<!\bmiddle )(?<!\bpart )(?<!\bas )(?<!\bas-)"  # "as of 2025-12-31" is an as-of date
    r"\b(?:over|throughout|across|during|for|about|of)\s+(?=(?:19|20)\d{2}\b(?!\s*(?:k|m|元|%|customers|accounts)))", re.I)


#: a field's name, maybe the last word of it ("active time| period"), then an opening bracket
_BRACKET_AFTER_NAME = patterns.compile(r"(?:\s*[a-z]{1,8}|分层|分组|分档|分类|等级|分布|构成|情况|分)?\s*[（(]", re.I)
#: "(when they log in most)", "(即最常登录的时段)" right after a field's name explains it
_GLOSS = patterns.compile(r"[(（]\s*(?:[a-z]{1,8}\s*[,，、]\s*)?(?:when|where|which|what|how|i\.?e\.?|meaning|that\s+is|aka|即|也就是|就是|指)[^()（）]{0,60}[)）]|"
                    # "(the time of day they log in most)": what the field is, told about the customers
                    r"[(（]\s*(?:the\s+)?(?:[a-z-]+\s+){1,5}?(?:they|he|she)\s[^()（）]{0,50}[)）]", re.I)
#: "each value tier (high / medium / low)": the field's own values listed after it, every one of them
_BRACKETED_LIST = patterns.compile(r"[(（][^()（）]{1,80}[)）]")
_LIST_GAP = patterns.compile(r"(?:[\s,，、/|;；.]|\band\b|\bor\b|和|或|及|等|(?<=[^\d])[一二三四五六七八九十两\d]\s*(?:档|类|种|级|组|个)$)+", re.I)
#: "(deposits plus wealth holdings)", "（存款加理财）": the figure named before it, told as the sum of others
_SUM_GAP = patterns.compile(r"\s*(?:\bplus\b|\+|加上|加|与|和|\band\b|,|，|、)\s*", re.I)
_SUM_SAID = patterns.compile(r"\bplus\b|\+|加上|加|之和|合计|\bsum\s+of\b|\btotal\s+of\b", re.I)
#: "(amount, not number of loans)", "(point-in-time, not the daily average)", "（时点，不是日均）": the
#: reading said, then the one it is not — only the contrast is set aside, what is said is read
_CONTRAST = patterns.compile(r"(?<=[^()（）])[,，;；]\s*(?:but\s+)?(?:not|而不是|不是|并非|非)(?:\s+just)?\s*[^()（）]{1,60}(?=[)）])", re.I)


def _field_glosses(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """Parentheses that explain the field named just before them: their words are not conditions
    or orders ("each active time period (when they log in most)" is no top-1)."""
    out = []
    read_by = {id(m): _read_by(model, m) for m in found}
    for m in found:
        opened = _BRACKET_AFTER_NAME.match(text, m.end) if m.of_kind("field") or m.of_kind("metric") else None
        gloss = _GLOSS.match(text, opened.end() - 1) if opened else None
        if gloss:  # "(when they log in most)", "（AUM，即存款时点余额与理财余额之和）"
            out.append(gloss.span())
            continue
        basis = _BRACKETED_LIST.match(text, opened.end() - 1) if opened and m.of_kind("field") else None
        inner = [x for x in found if basis is not None and basis.start() < x.start and x.end < basis.end()]
        if basis is not None and _window_restated(model, m, text[basis.start() + 1:basis.end() - 1], inner):
            out.append(basis.span())  # "deposit volatility (coefficient of variation over the 6 months to December 2025)"
            continue
        if inner and all(e.kind in ("metric", "field") and e.target in read_by[id(m)] for x in inner for e in x.entries):
            out += [(x.start, x.end) for x in inner]  # "value tier (as of Dec 2025 AUM)": what the tier is read from
            continue
        scale = _SCALE_ASIDE.match(text, opened.end() - 1) if opened and m.of_kind("field") else None
        if scale is not None and _whole_scale(model, m, scale.group()):
            out.append(scale.span())  # "per satisfaction score (1-5)": the field's own scale, no condition
            continue
        most = _BRACKETED_LIST.match(text, opened.end() - 1) if opened and _is_top_of_rows(model, m) else None
        if most is not None and _MOST_SAID.search(most.group()):
            out.append(most.span())  # "渠道偏好（近90天交易笔数最多的渠道）": how the most-used value is found
            continue
        listed = _BRACKETED_LIST.match(text, opened.end() - 1) if opened else None
        if listed is None:
            continue
        inside = text[listed.start() + 1:listed.end() - 1]
        # ("线上渠道(app+微信)": values of the field joined by +, a set of them named — no sum told)
        values_joined = m.of_kind("field") and _all_values_of(model, [e.target for e in m.of_kind("field")],
                                                              [w.lower().strip() for w in re.split(r"[+＋]|加", inside) if w.strip()])
        if _SUM_SAID.search(inside) and _all_named(inside, listed.start() + 1, found) and not values_joined:
            out.append(listed.span())  # "AUM (deposits plus wealth holdings)": what the figure adds up
            continue
        summed = re.split(r"[,，;；]", inside, maxsplit=1)[0]
        if summed != inside and _SUM_SAID.search(summed) and _all_named(summed, listed.start() + 1, found):
            out.append((listed.start() + 1, listed.start() + 1 + len(summed)))  # "(deposit + wealth, month-end December 2025)"
            continue
        if not m.of_kind("field"):
            continue
        said = [w.lower() for w in _LIST_GAP.split(text[listed.start() + 1:listed.end() - 1]) if w and w.strip()]
        if len(said) >= 2 and _all_values_of(model, [e.target for e in m.of_kind("field")], said) \
                and not (_COMPOUND_HEAD.search(text, max(0, m.start - 2), m.start) and _some_values_of(model, m, said)):
            out.append(listed.span())  # "(high / medium / low)", "（只存不贷、存贷都有、只贷不存）"
            # ("数字渠道（app、微信、网银）": a name of our own for some channels, defined by them)
    out += [c.span() for c in _CONTRAST.finditer(text) if _inside_brackets(text, c.start())]
    # "high-value customers (December 2025 month-end AUM)", "… high value tier, based on month-end AUM": a figure
    # a tag named in the question is read from, said as its basis — no figure asked
    readers = {name for m in found for name in read_by[id(m)]}
    for x in found:
        named = {e.target for e in x.of_kind("metric")}
        if named and named & readers and cues.BASIS_BEFORE.search(text, max(0, x.start - 40), x.start) \
                and re.match(r"\s*(?:[)）,，.。?？;；!！]|$)", text[x.end:]) \
                and not any(m is not x and m.of_kind("metric") and not named & read_by[id(m)] and not m.of_kind("field")
                            and {e.target for e in m.of_kind("metric")} & readers for m in found):
            out.append((x.start, x.end))
    return out



#: a window said as a length: "over the 6 months to December 2025", "近6个月", "past 90 days"
_WINDOW_LENGTH = patterns.compile(r"(\d+)\s*(?:个)?\s*(months?|days?|月|天|日)(?![a-z])", re.I)


def _window_restated(model: SemanticModel, m: Mention, inside: str, inner: list[Mention]) -> bool:
    """A bracket after a tag naming only the tag again (or nothing of the model) and the window its source
    reads over: its definition told, no condition and no period of the question's own."""
    fields = {e.target for e in m.of_kind("field")}
    if any(not fields & {e.target for e in x.entries} for x in inner):
        return False
    lengths = [(int(n), "month" if unit.lower().startswith(("month", "月")) else "day") for n, unit in _WINDOW_LENGTH.findall(inside)]
    if len(lengths) != 1:
        return False
    n, unit = lengths[0]
    for name in fields:
        tag = model.tags.get(name)
        source = model.source_outputs.get(tag.expr or "") if tag is not None else None
        if source is not None and (source.window.months if unit == "month" else source.window.days) == n:
            return True
    return False


def _read_by(model: SemanticModel, m: Mention) -> set[str]:
    """The names the definitions of the tags ``m`` names read (价值分层 reads aum)."""
    out: set[str] = set()
    for e in (*m.of_kind("field"), *m.of_kind("value")):
        tag = model.tags.get(e.target)
        if tag is not None:
            for sql in [tag.expr or "", *(case.when for case in tag.cases or ())]:
                out |= {c.name for c in columns_of(sql)} if sql else set()
    return out


def _value_restated(frame: Frame) -> None:
    """"acquired through the app (acquisition channel = app)": a value said again in brackets right after it, with
    its field, is that one value — of the field the brackets name, never a second condition on another field."""
    text = frame.text
    drop = []
    for h in frame.values:
        after = text[h.mention.end:]
        bracket = _BRACKETS.match(text, h.mention.end + len(after) - len(after.lstrip()))
        if bracket is None:
            continue
        close = bracket.end() - 1
        codes = {str(e.code).lower() for e in h.entries}
        if any(o is not h and h.mention.end < o.mention.start < close and {str(e.code).lower() for e in o.entries} & codes
               for o in frame.values):
            drop.append(h)
    frame.values = [h for h in frame.values if h not in drop]


def _restated_in_brackets(frame: Frame) -> None:
    """"our walk-in customers at Xihu (the ones we got at the counter)": a value in brackets later in the sentence
    that one said before it already is (the same field and code) says it again — read, no second condition."""
    text = frame.text
    for o in list(frame.values):
        if o.negated or not _inside_brackets(text, o.mention.start):
            continue
        opened = max(text.rfind("(", 0, o.mention.start), text.rfind("（", 0, o.mention.start))
        pairs = {(e.target, str(e.code)) for e in (*o.entries, *o.mention.entries)}  # (as the words were read, before any was set aside)
        said = [h for h in frame.values if h is not o and not h.negated and h.mention.end <= opened
                and {(e.target, str(e.code)) for e in h.entries} & pairs]
        if said:
            frame.values.remove(o)
            frame.attached.append(((o.mention.start, o.mention.end), "any"))


def _value_cut_from_figure(frame: Frame, model: SemanticModel) -> None:
    """"had a loan disbursed": a customer tag's value whose words run into the name of a count of rows
    ("a loan" of has_loan, "loan disbursed") is that count's word — who had such rows, not who holds a
    loan today."""
    def counts_rows(m: Mention) -> bool:
        return any((metric := model.metrics.get(e.target)) is not None and metric.kind == "simple" and metric.measure is not None
                   and metric.measure.agg in ("count", "count_distinct") for e in m.of_kind("metric"))

    figures = [m for m in frame.mentions if counts_rows(m)]
    frame.values = [h for h in frame.values if not (all(e.table is None for e in h.entries) and any(
        h.mention.start < x.start < h.mention.end < x.end for x in figures))]


def _whole_scale(model: SemanticModel, m: Mention, said: str) -> bool:
    """Do the two numbers said span the whole declared range of the field's column (checks.range)?"""
    low, high = (float(x) for x in re.findall(r"\d+", said)[:2])
    for e in m.of_kind("field"):
        column = model.field_column(e.target, e.table)
        bounds = model.tables[column[0]].checks.range.get(column[1]) if column and column[0] in model.tables else None
        if bounds is not None and (bounds.min, bounds.max) == (low, high):
            return True
    return False


_SCALE_ASIDE = patterns.compile(r"[(（]\s*\d{1,2}\s*(?:-|–|~|～|到|至|to)\s*\d{1,2}\s*(?:分|points?|stars?)?\s*[)）]", re.I)
_MOST_SAID = patterns.compile(r"最多|最常|最频繁|次数最多|笔数最多|\bmost\b|\bmostly\b|\busually\b", re.I)


def _is_top_of_rows(model: SemanticModel, m: Mention) -> bool:
    """A tag holding the value its customer's rows have most often (渠道偏好, 活跃时段)."""
    for e in m.of_kind("field"):
        tag = model.tags.get(e.target)
        source = model.source_outputs.get(tag.expr or "") if tag is not None else None
        if source is not None and source.kind == "top":
            return True
    return False


#: words listed with "/" or "、": "high / mid / low", "new / active / dormant / churned"
_SLASH_LIST = patterns.compile(r"[a-z\u4e00-\u9fff][a-z\u4e00-\u9fff_-]*(?:\s*[/、]\s*[a-z\u4e00-\u9fff][a-z\u4e00-\u9fff_-]*)+", re.I)


#: "3 or more loan inquiries", "试算3次以上": a count said right beside the names
_COUNT_BEFORE = patterns.compile(r"(?:at\s+least|more\s+than|over|fewer\s+than|under)?\s*\d+\s*(?:or\s+(?:more|fewer|less)|\+)?\s*$", re.I)
_COUNT_AFTER = patterns.compile(r"\s*(?:的次数|次数)?\s*(?:超过|大于|不少于|至少|不低于|>=|≥|>)?\s*\d")
_LISTED_WITH = patterns.compile(r"\s*(?:/|、|,|，|\+|＋|\bor\b|\band\b|或|或者|和|及|加)\s*", re.I)


def _one_tag_said_twice(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"3 or more loan inquiries / loan calculator runs", "贷款查询或试算": two names of one count tag side by side
    (the kinds of rows it counts, each also a value of their own) — the tag said twice, the second set aside."""
    out = []
    for a, b in zip(found, found[1:], strict=False):
        gap = _LISTED_WITH.fullmatch(text, a.end, b.start)
        same = {e.target for e in a.of_kind("field")} & {e.target for e in b.of_kind("field")}
        if gap is not None and any(t in model.tags and model.tags[t].type == "number" for t in same) \
                and (a.of_kind("value") or b.of_kind("value")) and (_COUNT_BEFORE.search(text, max(0, a.start - 24), a.start)
                                                                   or _COUNT_AFTER.match(text, b.end)):
            # (the tag compared with a number; "贷款查询和贷款试算的次数": the rows of both kinds, counted)
            out.append((a.end, b.end))
    return out


#: "— i.e. the channel they transacted through most over the past 90 days": a definition said after a name
_IE_AFTER = patterns.compile(r"\s*(?:[—–-]+|,)?\s*(?:i\.\s?e\.?|ie,|that\s+is,|namely,?)\s+[^?？。;；!！]*", re.I)  # ("a loan that is 30 days past due": no gloss)


def _tag_restated(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"have the app as their preferred transaction channel — i.e. the channel they transacted through most over
    the past 90 days": a customer tag named, then its definition restated — the tag's own words, nothing more to read."""
    out = []
    for m in found:
        if any(e.kind == "field" and e.target in model.tags for e in m.entries):
            said = _IE_AFTER.match(text, m.end)
            if said is not None and said.end() > m.end:
                out.append(said.span())
    return out


def _values_listed(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """Every word of a list naming a value (or a value's first word: "mid" of mid-value) of a field the
    question splits by ("value tier split - # of custs in high / mid / low", "split by lifecycle stage?
    like how many new / active / dormant / churned"): the breakdown's own groups, said again."""
    out = []
    split_by = {e.target for m in found for e in m.of_kind("field")
                if cues.cue_before(cues.GROUP_BEFORE, text, m.start) or cues.cue_after(cues.GROUP_AFTER, text, m.end, 16)}
    for listed in _SLASH_LIST.finditer(text):
        if any(m.start < listed.end() and listed.start() < m.end and (m.of_kind("field") or m.of_kind("metric")) for m in found):
            continue  # "deposit/loan holding mix": the list is inside a name
        said = [w.strip().lower() for w in re.split(r"[/、]", listed.group()) if w.strip()]
        if _all_values_of(model, split_by, said):
            out.append(listed.span())
    for listed in _COMMA_LIST.finditer(text):  # "by activity level — high, medium, low and inactive": every one of them
        said = [w.strip().lower() for w in _COMMA_GAP.split(listed.group()) if w.strip()]
        if any({c for w in said for c in _codes_named(model, f, w)} == set(model.field_values(f)) for f in split_by):
            out.append(listed.span())
    return out


# ("in each status right now (pending, rejected, approved, disbursed, settled)": every one of them, in brackets)
_COMMA_LIST = patterns.compile(r"(?<![\w-])[a-z][a-z-]*(?:\s*,\s*[a-z][a-z-]*)+,?\s+(?:and|or)\s+[a-z][a-z-]*(?![\w-])|"
                               r"(?<=[(（])\s*[a-z][a-z-]*(?:\s*[,，、]\s*[a-z][a-z-]*)+\s*(?=[)）])", re.I)
_COMMA_GAP = patterns.compile(r"\s*[,，、]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.I)


#: "high-value, i.e. AUM of 500k or more", "高价值(即AUM五十万以上)": a value, then what it means
_VALUE_GLOSS = patterns.compile(r"\s*[,，(（]?\s*(?:i\.?e\.?|that\s+is|meaning|namely|defined\s+as|即|也就是|就是|指)[,，:：]?\s*"
                                r"[^,，。;；?？!！()（）]*(?:[(（][^()（）]*[)）][^,，。;；?？!！()（）]*)*[)）]?", re.I)


def _value_definitions(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """A value told again by its governed definition ("high-value, i.e. AUM (deposits plus wealth
    holdings) of 500k or more"): set aside when every number it says is one of the thresholds the
    tag's cases declare for that value; a different threshold stays to be read (or asked about)."""
    from assistant.recognise.numbers import find_numbers

    out = []
    for m in found:
        gloss = _VALUE_GLOSS.match(text, m.end)
        if gloss is None or not gloss.group().strip():
            continue
        said = [v for v, _, _ in find_numbers(gloss.group())]
        for e in m.of_kind("value"):
            tag = model.tags.get(e.target)
            if tag is None or not tag.cases or not said:
                continue
            declared = _declared_numbers(tag)
            if all(v in declared for v in said):
                out.append(gloss.span())
                break
    return out


#: a value's threshold said right before it: "AUM过50万的高价值客户", "AUM 50万以上的高价值客户", "500k+ AUM high-value clients"
_THRESHOLD_BEFORE = patterns.compile(r"(?:[A-Za-z\u4e00-\u9fff]{1,8}\s*)?(?:过|超过|大于等于|不低于|不少于|至少|≥|>=|达到|满)?\s*\d[\d,.]*\s*(?:万|千|k|w|元|块)*\s*"
                                 r"(?:以上|及以上|\+)?\s*(?:的)?\s*$", re.I)


def _threshold_before_value(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"咱们行现在AUM过50万的高价值客户一共多少户": the field and the threshold the value's own case declares, said
    before the value — its definition said again, set aside; another number or field stays to be read."""
    from assistant.recognise.numbers import find_numbers

    out = []
    for m in found:
        for e in m.of_kind("value"):
            tag = model.tags.get(e.target)
            said = _THRESHOLD_BEFORE.search(text, max(0, m.start - 24), m.start) if tag is not None and tag.cases else None
            own = [c.when for c in tag.cases if c.value == str(e.code)] if said else []
            numbers = [v for v, _, _ in find_numbers(said.group())] if said else []
            if not own or len(numbers) != 1 or numbers[0] not in {v for v, _, _ in find_numbers(own[0])}:
                continue
            names = [x for x in found if said.start() <= x.start and x.end <= said.end()]
            columns = {c.lower() for c in re.findall(r"[A-Za-z_]+", own[0])}
            if all(any(t.target.lower() in columns for t in x.entries) for x in names):
                out.append((said.start() + len(said.group()) - len(said.group().lstrip()), said.end()))
                break
    return out


_BRACKET_AFTER = patterns.compile(r"\s*[(（]([^()（）]{3,80})[)）]")


_BRACKET = patterns.compile(r"[(（][^()（）]{3,80}[)）]")


def _declared_numbers(tag: Tag) -> set[float]:
    """The thresholds a tag's own definition says (its cases' conditions, or its expression)."""
    from assistant.recognise.numbers import find_numbers

    # (and the numbers of its groups' own names: "25-34" says 34, the last age of the band below 35)
    names = " ; ".join(f"{code} ; {label.zh} ; {label.en}" for code, label in tag.values.items())
    # (and the windows of the tags it reads: loan_inquiry_30d counts 30 days)
    windows = {float(d) for case in tag.cases for d in re.findall(r"_(\d+)d\b", case.when)}
    return {v for case in tag.cases for v, _, _ in find_numbers(case.when)} | {v for v, _, _ in find_numbers(tag.expr or "")} \
        | {v for v, _, _ in find_numbers(names)} | windows


_LATEST_ONE = patterns.compile(r"(?:最近|最新|最后|上)一(?:次|份|条|笔)")


def _definitions_in_brackets(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"高价值客户的客户数（价值等级口径：AUM，即存款时点余额+理财余额，不低于50万元）": a bracket whose every number
    is a threshold the cases of a value named in the question declare tells that value's definition again."""
    from assistant.recognise.numbers import find_numbers

    tags = [model.tags[e.target] for m in found for e in m.of_kind("value") if e.target in model.tags and model.tags[e.target].cases]
    # ("有存款的客户（余额>0）": a tag of one condition says its number in its expression — when the bracket names nothing
    # the model knows; "(loan_balance = 0)" is read)
    plain = [model.tags[e.target] for m in found for e in m.of_kind("value") if e.target in model.tags and model.tags[e.target].type == "boolean"]
    out = []
    for bracket in _BRACKET.finditer(text):
        said = [v for v, _, _ in find_numbers(_LATEST_ONE.sub("", bracket.group()))]  # ("最近一次问卷": which one, no threshold)
        named = any(bracket.start() <= m.start < bracket.end() for m in found)
        if said and any(all(v in _declared_numbers(tag) for v in said) for tag in tags + ([] if named else plain)):
            out.append(bracket.span())
    return out


def _name_glossed(text: str, found: list[Mention]) -> list[tuple[int, int]]:
    """"payroll clients (代发)", "East China (华东)": a bracket holding only another name of what a word just before
    it names — one of that word's readings, which it tells, not a second condition (代发 is no salary transaction here)."""
    out = []
    for b in found:
        opened = re.search(r"[(（]\s*(?:(?:their|his|her|its|i\.e\.?,?|ie|即|也就是)\s*)?$", text[:b.start], re.I)  # ("(their salary is paid through us)")
        if opened is None or not re.match(r"\s*[)）]", text[b.end:]) or not b.entries:
            continue
        said = {(e.kind, e.target, str(getattr(e, "code", None))) for e in b.entries}
        before = [a for a in found if a.end <= opened.start() and not re.search(r"[,，。;；?？!！()（）]", text[a.end:opened.start()])
                  and opened.start() - a.start <= 40]
        if any(said <= {(e.kind, e.target, str(getattr(e, "code", None))) for e in a.entries} for a in before):
            out.append((b.start, b.end))
    return out


_BASE_MARK = patterns.compile(r"\s*(?:的)?[\u4e00-\u9fff]{0,4}?(?:里面|里头|当中|之中|里|中)$")


def _base_glossed(text: str, found: list[Mention]) -> list[tuple[int, int]]:
    """"放过款的贷款里(在贷+已结清)，已经结清的比例": values listed in brackets right after a base named by a value
    tell what that base holds — said again, not the part the share asks about."""
    out = []
    for bracket in _BRACKET.finditer(text):
        inside = [m for m in found if bracket.start() < m.start and m.end < bracket.end()]
        said = any(m.of_kind("value") and _BASE_MARK.match(text, m.end, bracket.start()) for m in found if m.end <= bracket.start())
        rest = text[bracket.start() + 1:bracket.end() - 1]
        for m in sorted(inside, key=lambda m: -m.start):
            rest = rest[:m.start - bracket.start() - 1] + rest[m.end - bracket.start() - 1:]
        if said and len(inside) >= 2 and all(m.of_kind("value") for m in inside) and re.fullmatch(r"[\s+＋、,，/和及或与]*", rest):
            out.append(bracket.span())
    return out


def _groups_glossed(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"按收入段（年收入<5万、5万-10万、10万-30万、30万以上）": a banded tag's groups listed in brackets
    right after its name, by the thresholds its cases declare — the breakdown said again, no condition."""
    from assistant.recognise.numbers import find_numbers

    out = []
    for m in found:
        bracket = _BRACKET_AFTER.match(text, m.end)
        if bracket is None or len(re.findall(r"[、,，/;；]", bracket.group(1))) < 1:
            continue
        said = [v for v, _, _ in find_numbers(bracket.group(1))]
        for e in m.of_kind("field"):
            tag = model.tags.get(e.target)
            items = len(re.findall(r"[、,，/;；]", bracket.group(1))) + 1
            if tag is None or not tag.cases or len(said) < 2 or items < len(tag.cases) + (tag.else_ is not None):
                continue  # every group, not some of them ("（<5万、5万-10万）" asks for those two)
            declared = _declared_numbers(tag)
            if all(v in declared for v in said):
                out.append(bracket.span())
                break
    return out


_NAME_BEFORE = patterns.compile(r"\b(?:the|our|for|of|on|about|in)\s+((?:[a-z0-9\u4e00-\u9fff][\w'-]*\s+){1,9}?)\s*[(（]\s*$", re.I)


#: "(not daily average)", "（不是日均）" right after a figure's name: which of two readings it is not
_NOT_IN_BRACKETS = patterns.compile(r"[a-z\s-]{0,16}?[(（]\s*(?:not|rather\s+than|instead\s+of|非|不是|而非|不按|不用|不要)\s*([^()（）]{1,30}?)\s*(?:口径)?\s*[)）]", re.I)


def _rival_denied(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"the point-in-time deposit balance (not daily average)": a bracket denying a rival reading of
    the figure (a metric it is ambiguous with) only says which one is meant — its words ask nothing."""
    out = []
    for m in found:
        said = _NOT_IN_BRACKETS.match(text, m.end)
        if said is None:
            continue
        denied = said.group(1).strip().lower()
        rivals = [model.metric(r) for e in m.of_kind("metric") for r in model.metric(e.target).ambiguous_with]
        if any(denied in n.lower() for r in rivals for n in (r.label.zh, r.label.en, *r.synonyms.all())):
            out.append((said.start() + re.search(r"[(（]", said.group(0)).start(), said.end()))  # type: ignore[union-attr]
    return out


def _names_in_other_words(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """"the 2025 summer wealth-repurchase campaign (2025夏季理财复购季)": a data value in brackets
    right after words of another language names the same thing — those words are its
    translation, not conditions (words naming no figure)."""
    out = []
    for m in found:
        values = m.of_kind("value")
        named = [model.tags.get(e.target) or model.dimensions.get(e.table or "", {}).get(e.target) for e in values]
        if not values or len(values) != len(m.entries) or not re.fullmatch(r"\s*[)）]", text[m.end:m.end + 1] or " ") \
                or not all(n is not None and n.values_from_data for n in named):  # names of things (campaigns), not codes
            continue
        before = _NAME_BEFORE.search(text[:m.start])
        # Chinese words among them are pieces of the name ("the 2024 autumn 薪易贷 campaign (2024秋季薪易贷专享利率)")
        if before is None or any(w not in m.text for w in CJK_RUN.findall(before.group(1))) or any(  # "for November (…)" is a period, no name
                len(t.text.strip()) >= len(before.group(1).strip()) for t in find_time_ranges(before.group(1), date(2000, 1, 1))):
            continue
        a, b = before.span(1)
        own = {(e.target, e.code) for e in values}
        inside = [x for x in found if x is not m and x.start < b and a < x.end]
        figures_elsewhere = any(x.of_kind("metric") and not (x.start < b and a < x.end) for x in found)
        if not any(own & {(e.target, e.code) for e in x.of_kind("value")} or x.of_kind("metric") and not figures_elsewhere
                   for x in inside):  # a figure's name inside is the name's word only when the question asks another
            out.append((a, b))
    return out


def _said_once(text: str, times: list[TimeMatch], frame: Frame) -> list[TimeMatch]:
    """"H1 2025 (1 Jan–30 Jun)": a period told again in brackets right after it is one period,
    the bracket its gloss (read, no second period); so is a year in brackets after periods inside it."""
    out: list[TimeMatch] = []
    for t in times:
        before = out[-1] if out else None
        if before is not None and (before.start, before.end) == (t.start, t.end) \
                and re.fullmatch(r"\s*[(（]\s*", text[before.span[1]:t.span[0]]) and re.match(r"\s*[)）]", text[t.span[1]:]):
            frame.attached.append((t.span, "any"))
            continue
        if out and t.kind == "year" and re.search(r"[(（]\s*$", text[:t.span[0]]) and re.match(r"\s*[)）]", text[t.span[1]:]) \
                and all(t.start <= o.start and o.end <= t.end and o.kind != "year" for o in out):
            frame.attached.append((t.span, "any"))  # "Q3 和 Q4 对比(2025)": the year of the periods said before it
            continue
        out.append(t)
    return out


def _inside_brackets(text: str, at: int) -> bool:
    opened = max(text.rfind("(", 0, at), text.rfind("（", 0, at))
    return opened >= 0 and max(text.rfind(")", 0, at), text.rfind("）", 0, at)) < opened


def _all_named(inside: str, start: int, found: list[Mention]) -> bool:
    """Is every part of ``inside`` (between sum words) a name the lexicon found?"""
    pos = start
    for part in _SUM_GAP.split(inside):
        if not part.strip():
            pos += len(part)
            continue
        at = inside.find(part, pos - start) + start
        if not any(m.start <= at and at + len(part.strip()) <= m.end + 1 for m in found):
            return False
        pos = at + len(part)
    return True


CJK_WORD = patterns.compile(r"[\u4e00-\u9fff]{1,3}")
CJK_RUN = patterns.compile(r"[\u4e00-\u9fff]+")


def _codes_named(model: SemanticModel, field: str, word: str) -> list[str]:
    """The field's values ``word`` names — by its code, a label, a synonym, or a label's first
    word ("high", 高 of 高活跃, "mid" of "mid-value")."""
    out, said = [], _chinese_names(model, field)
    for code, label in model.field_values(field).items():
        names = {code.lower(), label.zh.lower(), label.en.lower(), *(x.lower() for x in label.synonyms)}
        heads = {re.split(r"[\s-]", n, maxsplit=1)[0] for n in names if n.isascii()}
        if word in names or word in heads or CJK_WORD.fullmatch(word) and (label.zh.startswith(word) or label.zh.endswith(word) and label.zh[:-len(word)] in said):
            out.append(code)  # (高 of 贷款意向高: the field's own name, then the word)
    return out


def _chinese_names(model: SemanticModel, field: str) -> set[str]:
    """The Chinese names of a tag (its label and synonyms)."""
    tag = model.tags.get(field)
    return {tag.label.zh, *tag.synonyms.zh} if tag is not None else set()


def _all_values_of(model: SemanticModel, fields: Iterable[str], words: list[str]) -> bool:
    """Does every word listed name a value of one of ``fields`` ("high / medium / low" of the value tier)?"""
    return any(all(_names_a_value(model, field, w) for w in words) for field in fields)


def _some_values_of(model: SemanticModel, m: Mention, words: list[str]) -> bool:
    """Do ``words`` name only some of the values of the field ``m`` names (not its whole scale)?"""
    for name in dict.fromkeys(e.target for e in m.of_kind("field")):
        codes = {c for w in words for c in _codes_named(model, name, w)}
        every = model.field_values(name)
        if codes and every and len(codes) < len(every):
            return True
    return False


def _names_a_value(model: SemanticModel, field: str, word: str) -> bool:
    return bool(_codes_named(model, field, word))


#: "applications that came in through …", "loans which were applied for via …": what follows says how the rows came
_ROWS_THAT = patterns.compile(r"\b(?:applications|loans|transactions|txns|events|logins|accounts|touches|purchases|orders)\s+"
                              r"(?:that|which)\s+(?:were\s+|was\s+|have\s+|had\s+)?$", re.I)


def _inside_its_field(m: Mention, mentions: list[Mention], fields: list) -> bool:
    """"平均登录了几天": the 登录了 of 登录了几天 is the field named, not a condition on it."""
    targets = {e.target for e in fields}
    return any(o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
               and {e.target for e in o.of_kind("field")} & targets for o in mentions)


#: "each of the …", "every one of our …": the words between "each" and the group named
_OF_THEM = r"(?:(?:one\s+)?of\s+(?:the|our|its|their)\s+)?"

#: "做贷转存的话，…", "下一波想做存转贷，…": a kind of campaign planned, said before the question
_PLAN_BEFORE = patterns.compile(r"(?:^|[，,。；;\s])(?:下一波|下一轮|下波|下轮|接下来|下阶段|下季度|下个季度|下个月|下半年|明年)?(?:我们|咱们|我)?(?:准备|打算|计划|要|想)?(?:做|搞|推|开展|启动)\s*$")
_PLAN_AFTER = patterns.compile(r"\s*(?:活动|营销)?\s*(?:的话|[，,:：])")


#: "how many loan calculator events did we log in the last 30 days": the bank records ("we log"), no one logs in
_WE_BEFORE = patterns.compile(r"\b(?:we|we've|we\s+have|we\s+had)\s+(?:ever\s+|actually\s+)?$", re.I)
_LOG_THEN_IN = patterns.compile(r"(log(?:ged)?)\s+in\b", re.I)


def _we_logged(mentions: list[Mention], text: str, frame: Frame) -> list[Mention]:
    """"…events did we log in the last 30 days": "log" said by the bank of its own records is the recording,
    and the "in" after it the period's — no login read there."""
    out = []
    for m in mentions:
        verb = _LOG_THEN_IN.fullmatch(m.text.strip())
        if verb is not None and _WE_BEFORE.search(text, max(0, m.start - 12), m.start):
            frame.attached.append(((m.start, m.start + len(verb.group(1))), "any"))
            continue
        out.append(m)
    return out


_MONTHS_JOINED = patterns.compile(r"\s*(?:,|，|、|/|\band\b|和|与|及)\s*(?:\band\s+)?", re.I)


def _months_listed_as_one(frame: Frame, text: str) -> None:
    """"approval rate month by month for Oct, Nov and Dec 2025": months that follow each other, listed, with each
    month asked — one period from the first to the last, shown month by month."""
    times = frame.times
    if frame.grain != "month" or len(times) < 2 or any(t.kind != "month" for t in times):
        return
    if any(b.start != a.end + timedelta(days=1) or not _MONTHS_JOINED.fullmatch(text, a.span[1], b.span[0]) for a, b in itertools.pairwise(times)):
        return
    first, last = times[0], times[-1]
    frame.time = TimeMatch(start=first.start, end=last.end, span=(first.span[0], last.span[1]), text=text[first.span[0]:last.span[1]],
                           label_zh=f"{first.start} 至 {last.end}", label_en=f"{first.start} to {last.end}", kind="range")
    frame.times = [frame.time]


def _rows_named_after_value(frame: Frame, model: SemanticModel, text: str) -> None:
    """"房贷申请的平均金额", "消费贷申请 平均金额": the event a count of a value's rows is named by (申请: the
    applications), said right after the value as a noun whose amounts are asked — those rows, when the question
    names no figure."""
    from semantic_layer.compile.plan import event_words

    if frame.metrics or frame.lang != "zh":
        return
    for h in frame.values:
        tables = {e.table for e in h.entries if e.table}
        named = [(m, word) for m in model.metric_list if m.kind == "simple" and m.measure and m.measure.table in tables
                 and m.measure.agg == "count" and not m.measure.where and not m.hidden
                 for word in event_words(m, model.tables[m.measure.table])[:1]
                 if not word.isascii() and text.startswith(word, h.mention.end) and _NOUN_AFTER_EVENT.match(text, h.mention.end + len(word))]
        if len(named) == 1:
            metric, word = named[0]
            said = Mention(h.mention.end, h.mention.end + len(word), word, (Entry("metric", metric.name),))
            frame.mentions = sorted([*frame.mentions, said], key=lambda m: m.start)
            frame.metrics.append(metric.name)
            frame.metric_mentions[metric.name] = word
            frame.values[frame.values.index(h)] = replace(h, entries=[e for e in h.entries if e.table == metric.measure.table])  # type: ignore[union-attr]
            return


#: after an event said as a noun whose amounts are asked ("房贷申请的平均金额", "房贷申请 平均金额") — never its verb
#: ("房贷申请过"), nor the rows of whom customers are counted ("柜面申请的贷款", "App交易的客户": their own readings)
_NOUN_AFTER_EVENT = patterns.compile(r"\s*[，,]?\s*(?:的)?\s*(?:平均|中位|最大|最高|最小|最低|金额|合计|总额|总金额|单笔)")


def _planned(text: str, m: Mention) -> bool:
    """Is a name that is both a figure and a value (贷转存: a conversion rate, a campaign objective) said as
    the kind of campaign planned ("做贷转存的话，只贷不存的客户按年龄段分布"): the scene, not the figure asked?"""
    return bool(m.of_kind("value")) and _PLAN_BEFORE.search(text[:m.start]) is not None and _PLAN_AFTER.match(text, m.end) is not None


#: a space between two Chinese words, typed for a comma ("平均一笔多少钱 最大的一笔多少")
_CJK_SPACE = patterns.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def read_frame(question: str, model: SemanticModel, lexicon: Lexicon, as_of: date) -> Frame:
    names = [(m.start, m.end) for m in lexicon.find(question)] if _CJK_SPACE.search(question) else []
    question = _CJK_SPACE.sub(lambda m: m.group(0) if any(a < m.start() and m.end() < b for a, b in names)  # "对照组 转化率": one name
                              else "，" + m.group(0)[1:], question)  # the same length: spans stay where they were
    said = question
    # "over 2025" is a period, not a comparison with 2025
    text = _YEAR_AFTER_WORD.sub(lambda m: "in" + " " * (len(m.group(0)) - 2), question)
    text = re.sub(r"[.?!。？！\s]+$", lambda m: " " * len(m.group(0)), text)  # "top 10." is not a decimal
    # "准备推消费贷，…", "we're planning a campaign outside East China - …": the scene is not the question
    found = lexicon.find(text)
    leading = scene_spans(text, [(m.start, m.end, bool(m.of_kind("metric")) and not _planned(text, m)) for m in found])
    leading = [_asking_only(text, a, b, as_of) for a, b in leading]  # "想了解一下2025年下半年，…": the period is the question's
    # "有同事说今年满意度一路往下走，我有点怀疑。麻烦按月列一下2025年…满意度的平均分": a sentence that only tells the story
    leading += background_sentences(text, [(m.start, m.end, bool(m.of_kind("metric")),
                                            frozenset((e.target, str(e.code) if e.kind == "value" else None) for e in m.entries), bool(m.of_kind("value")))
                                           for m in found],
                                    lambda said: [(t.start, t.end) for t in find_time_ranges(said, as_of) if t.start <= as_of])
    # "想给APP拉新来的客户推消费贷：…有多少人": whom the scene names may be whom the question counts — asked, never dropped
    audience = [text[m.start:m.end] for a, b in leading for m in found if a <= m.start and m.end <= b and m.of_kind("value")
                and any(e.table is None for e in m.of_kind("value")) and (_AUDIENCE_AFTER.match(text, m.end, b)
                                                                           or _AUDIENCE_BEFORE.search(text, a, m.start)
                                                                           or PURPOSE_LEAD.match(text[a:b].strip()) is not None)
                # ("为年末沉睡客户活动做准备，…": whom the plan is for, a customer's own tag)
                and text[m.start:m.end] not in mask(text, leading)  # ("准备在晚上推…，活跃时段在晚上的客户": said again in the question)
                and not any({(e.target, e.code) for e in x.of_kind("value")} & {(e.target, e.code) for e in m.of_kind("value")}
                            and not any(a2 <= x.start < b2 for a2, b2 in leading) for x in found)]  # (or in other words)
    # "For the 2025 review deck, how many new customers by region?": a period said only in the scene may be the question's —
    # asked about, never dropped
    if leading and not find_time_ranges(mask(text, leading), as_of):
        audience += [said for a, b in leading for t in find_time_ranges(text[a:b], as_of)
                     if t.start <= as_of and _DATED.search(said := text[a + t.span[0]:a + t.span[1]])]
        # (a bare "Q1" of a plan is the one to come: "Planning a wake-up campaign for Q1")
    scene = leading + courtesy_spans(text, [(m.start, m.end, bool(m.of_kind("metric"))) for m in found]) \
        + aside_spans(text, [(m.start, m.end, bool(m.of_kind("metric")), frozenset((e.target, str(e.code) if e.kind == "value" else None) for e in m.entries))
                             for m in found]) \
        + _field_glosses(text, found, model) + _value_definitions(text, found, model) + _threshold_before_value(text, found, model) + _groups_glossed(text, found, model) \
        + _definitions_in_brackets(text, found, model) + _base_glossed(text, found) + _name_glossed(text, found) \
        + _names_in_other_words(text, found, model) + _rival_denied(text, found, model) \
        + [r.span() for r in cues.DEFINITION_SAID.finditer(text)] \
        + [r.span() for r in cues.AMOUNT_BEFORE_UNIT.finditer(text)] + [r.span(1) for r in cues.EVEN_ONE.finditer(text)] \
        + [r.span(1 if r.group(1) else 2) for r in cues.SINGLE_ADJECTIVE.finditer(text)] \
        + [r.span(1) for r in cues.PER_ROW_BOUND.finditer(text)] \
        + [r.span() for r in cues.INCLUSIVE_SAID.finditer(text)] + [r.span() for r in cues.DATE_BASIS.finditer(text)] \
        + [r.span(n) for r in cues.SEND_TO.finditer(text) for n in (1, 2)] \
        + [r.span() for r in cues.CAMPAIGN_AIM.finditer(text)] \
        + [r.span() for r in cues.ON_THE_BOOK.finditer(text) if any(m.of_kind("metric") and m.end == r.start() for m in found)] \
        + [r.span() for r in cues.LATEST_SNAPSHOT.finditer(text)] + [r.span() for r in cues.MONTH_ORDER.finditer(text)] + [r.span() for r in cues.ANY_OF_THEM.finditer(text)] + _values_listed(text, found, model) + _one_tag_said_twice(text, found, model) \
        + _tag_restated(text, found, model) + definition_glosses(text, found, model)  # "Per the … definition, …", "金额按万元给", "最新月末": said again
    if scene:
        text, question = mask(text, scene), mask(question, scene)
    frame = Frame(text=question, lang="zh" if cues.is_chinese(text) else "en", today=as_of, said=said)
    frame.unread += audience
    frame.left_out = cues.exclusion_spans(question)
    spans: list[tuple[int, int]] = []
    found_as_of = find_as_of(text, as_of)
    if found_as_of:
        frame.as_of, span = found_as_of
        frame.as_of_span = span
        spans.append(span)
    d = frame.as_of or as_of
    # a time word inside a name ("近30天登录天数", "average daily balance") belongs to the name
    named = [(m.start, m.end) for m in lexicon.find(text)]
    inside_name = lambda span: any(s <= span[0] and span[1] <= e for s, e in named)  # noqa: E731
    times = _said_once(text, [t for t in find_time_ranges(mask(text, spans), d) if not inside_name(t.span)], frame)
    # "12月末理财余额为正、近30天没登录的": the month-end of the as-of date is the day the balance is read, the
    # window the period asked — the window first
    ends = [t for t in times if t.kind == "month" and t.end == d and cues.ENDING_AFTER.match(text[t.span[1]:])]
    if ends and len(ends) < len(times):
        times = [t for t in times if t not in ends] + ends
    if times:
        frame.time = times[0]
        frame.times = times
        spans += [t.span for t in times]
    from assistant.recognise.time.grain import REPORT_NAME, find_each_of

    frame.attached += [(r.span(), "any") for r in REPORT_NAME.finditer(text)]  # "for the weekly deck": no breakdown
    frame.attached += [(r.span(), "any") for r in cues.FAIRLY.finditer(text)]  # 比较激进: "fairly", no comparison
    frame.attached += [(r.span(), "any") for r in cues.BRANCHES_SUMMED.finditer(text)]
    frame.attached += [(r.span(1), "any") for r in cues.AFTER_REMOVING.finditer(text)]
    frame.attached += [(r.span(), "ever") for r in cues.ALL_TIME.finditer(text)]
    frame.attached += [(r.span(), "every_customer") for r in cues.EVERY_CUSTOMER_COUNTED.finditer(text)]
    grain = find_time_grain(mask(text, spans)) or find_each_of(text.lower())
    unsaid = list(spans)
    while grain and inside_name(grain[1]):  # ("deposit avg daily by month": the daily of the name, the month of the split)
        unsaid.append(grain[1])
        grain = find_time_grain(mask(text, unsaid))
    if grain and _average_word(text, grain[1]):
        grain = None
    if grain:
        frame.grain, span = grain
        frame.grain_span = span
        spans.append(span)
        _months_listed_as_one(frame, text)
    masked = mask(text, spans)
    frame.rank = find_rank(masked)
    if frame.rank is not None and inside_name(frame.rank.span):
        frame.rank = None  # "the part of the day they log in most" is a name, not an order
    if frame.rank is not None and frame.rank.n == 1 and frame.grain_span is not None:
        frame.rank = _periods_counted(frame.rank, text[frame.grain_span[0]:frame.grain_span[1]])
    if frame.rank is not None:
        masked = mask(masked, [frame.rank.span])
        frame.rank, size_span = _rank_size(frame.rank, masked)
        if size_span:
            frame.attached.append((size_span, "rank"))
        again = find_rank(masked)  # ("Which two branches …? top 2 pls.": the same number said twice)
        if again is not None and frame.rank is not None and again.n == frame.rank.n and again.n != 1:
            frame.attached.append((again.span, "rank"))
    # ("… by channel? Biggest channel first.": the superlative, read as the rank, orders — it asks for no top one)
    frame.ranking_only = bool(cues.RANKING.search(masked) or re.search(r"\bfirst\b", text, re.I) and cues.RANKING.search(text))
    for run in _LEVEL_RUN.finditer(masked):  # "高中低价值客户": every level — a breakdown by the field, not 高中 (school)
        masked = masked[:run.start()] + "各" + " " * (len(run.group()) - 1) + masked[run.end():]
        frame.attached.append((run.span(), "any"))
    mentions = _with_tag_fields(model, _everyday_codes(model, masked, _split_names(_which_ones(lexicon.find(masked), lexicon, text),
                                                                                    lexicon, frame, model)))
    mentions = _value_as_its_field(_joined_across_aside(mentions, lexicon, masked, frame), masked, frame, model)
    mentions = _field_defined_in_brackets(frame, _quoted_codes(model, masked, mentions, frame.left_out), masked)
    mentions = _figure_said_again(frame, model, mentions)
    # "在贷的笔数": a value inside a figure's name, read loosely around 的, is that name's word, no condition
    # (a value left out or denied there — "去掉被拒的有几笔" — stays: it is what the question leaves out)
    mentions = [m for m in mentions if not (m.entries and all(e.kind == "value" for e in m.entries) and any(
        x is not m and x.of_kind("metric") and any(a <= m.start and m.end <= b for a, b in x.parts) for x in mentions)
        and not any(a <= m.start < b for a, b in frame.left_out) and not cues.cue_before(cues.NEGATION_BEFORE, masked, m.start, 8))]
    mentions = _denied_after(mentions, lexicon, masked)
    mentions = _value_of_the_field_before(model, mentions, masked)
    mentions = _value_then_its_deed(lexicon, mentions, masked, frame)
    mentions = _group_then_metric(mentions, lexicon, masked)
    mentions = _head_of_the_next(model, mentions, masked)
    mentions = _two_levels(mentions, lexicon, masked, frame)
    mentions = _extreme_level(frame, model, text, mentions)
    mentions = [m for m in mentions if not _band_of_another_amount(model, masked, m, mentions)]
    mentions = _we_logged(mentions, masked, frame)
    frame.mentions = mentions
    # a number inside a value's own name ("100k-300k income band", "under 25") is not a filter
    comparisons = [c for c in find_comparisons(masked)
                   if not any(m.start <= c.span[0] < m.end and m.of_kind("value") for m in mentions)]
    comparisons += _either_of(masked, comparisons)
    comparisons += _unit_values(model, masked, comparisons)
    comparisons += _field_then_number(model, masked, mentions, comparisons)
    glosses = _threshold_glosses(model, mentions, masked, frame)
    inside_gloss = lambda span: any(a <= span[0] and span[1] <= b for a, b in glosses)  # noqa: E731
    comparisons = [c for c in comparisons if not inside_gloss(c.span)]
    mentions = frame.mentions = [m for m in mentions if not inside_gloss((m.start, m.end)) and not _one_row(text, m)]
    frame.comparisons = comparisons
    mentions = frame.mentions = _window_then_metric(model, lexicon, mentions, masked, frame, d)
    used: set[int] = set()
    last_group = 0
    frame.count_intent = bool(cues.CUSTOMER_WORDS.search(masked)) and bool(cues.COUNT_INTENT.search(masked))

    previous: tuple[Comparison, list[Entry] | str] | None = None  # the last comparison placed, and on what
    for c in comparisons:
        if previous is not None and _second_bound(masked, previous[0], c):
            # "逾期天数至少1天但不超过30天", "at least 1 day but no more than 30": the other end of the same range
            if isinstance(previous[1], str):
                frame.metric_filters.append((previous[1], c))
            else:
                frame.field_filters.append((previous[1], _in_months(model, previous[1], c)))
            continue
        previous = None
        # the words around it, up to the next comparison either side ("贷款余额大于10万且年龄小于30岁": 岁 is the second's)
        left = max([c.span[0] - 12, 0, *(o.span[1] for o in comparisons if o.span[1] <= c.span[0])])
        right = min([c.span[1] + 12, *(o.span[0] for o in comparisons if o.span[0] >= c.span[1])])
        context = masked[left:right].lower()
        unit_field = next((t.name for t in model.tag_list for unit in t.units.all()
                           if unit.lower() in c.text.lower() or unit.lower() in context), None)
        unit_dims = [Entry("field", name, table=table) for table, dims in model.dimensions.items() for name, dim in dims.items()
                     if any(u.lower() in c.text.lower() or u.lower() in context for u in dim.units.all())]
        flagged = _flag_then_number(model, mentions, c, masked)
        if flagged is not None:  # "逾期超过30天": the number the flag is about (overdue_days), not a count
            frame.field_filters.append(([flagged], c))
            previous = (c, [flagged])
            continue
        if unit_dims and not unit_field:  # "三年期及以上": a term, in months
            frame.field_filters.append((unit_dims, _in_months(model, unit_dims, c)))
            previous = (c, unit_dims)
            dims = {e.target for e in unit_dims}  # "满意度4分以上": the field said, no figure of it asked
            used |= {i for i, m in enumerate(mentions) if any(e.target in dims for e in m.entries) and 0 <= c.span[0] - m.end <= 8}
            continue
        if unit_field:  # "30岁以下", "60 or older" are about age whatever word is next to it
            frame.field_filters.append(([Entry("field", unit_field)], c))
            for i, m in enumerate(mentions):
                if i not in used and any(e.target == unit_field for e in m.entries) and abs(m.end - c.span[0]) <= 8:
                    used.add(i)
            continue
        target = _comparison_target(model, masked, mentions, c, used, frame.count_intent) or _named_by_its_tail(model, masked, mentions, c)
        if target is not None and all(e.kind == "metric" and e.target == model.default_metric for e in target[1]) \
                and _bare_age(model, masked, c) is not None:
            target = None  # "customers under 30": not a count under 30
        people = _so_many(masked, c, _PEOPLE_UNITS)
        named_after = _PEOPLE_AFTER.match(masked, c.span[1])  # "which branches have more than 60 dormant customers"
        if target is None and all(x == model.default_metric for x in frame.metrics) and model.default_metric \
                and (people is not None and cues.CUSTOMER_WORDS.search(masked[max(0, c.span[0] - 12):c.span[0]])
                     or named_after is not None and not _MONEY.search(c.text)) and not c.is_percent:
            people = people or named_after
            # "哪些网点的沉睡客户超过60个", "沉睡客户数超过60的网点": so many customers in each group, a condition on the count
            frame.metric_filters.append((model.default_metric, c))
            if people is not named_after:
                frame.attached.append((people.span(), "any"))
            continue
        if target is None:
            age = _bare_age(model, masked, c)
            if age is not None:  # "female customers in Shanghai over 50": years of age
                frame.field_filters.append(([Entry("field", age)], c))
            money = _rows_money(model, mentions, c, masked)
            if age is None and money is not None:  # "单笔超过2万元的转账": the amount of those rows
                frame.field_filters.append(([money], c))
            continue
        idx, entries = target
        used.add(idx)
        if c.op == "=" and any(e.kind == "metric" for e in entries) and _claimed(masked, c):
            # "报告称…逾期率约为4.9%，请帮我复核一下", "is it true the approval rate was about 80%?": the figure said to be
            # so is the one to check, never a condition on it
            frame.attached.append((c.span, "any"))
            metric = next(e.target for e in entries if e.kind == "metric")
            if metric not in frame.metrics:
                frame.metrics.append(metric)
            continue
        numeric = _number_fields(model, entries)
        if _MONEY.search(c.text):  # "单笔超过5万元的交易": yuan are an amount, never a count of days or rows
            numeric = [e for e in numeric if _format(model, e) not in ("integer", "percent", "ratio")]
        numeric = numeric or _money_field(model, entries, c)
        if _SCORE.search(c.text) and not any(_format(model, e) == "number" for e in numeric):
            frame.unread.append(c.text)  # "问卷里打1分或2分的份数": points are a score, never a count of the rows — which score? asked
            continue
        if numeric and _rows_then_number(masked, mentions[idx], c):
            numeric = _money_field(model, entries, c, bare=True) or numeric
        if numeric:
            frame.field_filters.append((numeric, _in_months(model, numeric, c)))
            previous = (c, numeric)
        else:
            metric = next(e.target for e in entries if e.kind == "metric")
            frame.metric_filters.append((metric, c))
            previous = (c, metric)
            if metric not in frame.metrics:
                frame.metrics.append(metric)

    for entries, c in frame.field_filters:  # "earn at least 100k a year": the year is the yearly field's own
        per_year = _PER_YEAR.match(masked, c.span[1])
        if per_year and any((ref := model.field(e.target, e.table)) is not None and ("年" in ref.label.zh or "annual" in ref.label.en.lower())
                            for e in entries):
            frame.attached.append((per_year.span(), "any"))

    for i, m in enumerate(mentions):
        if i in used:
            continue
        if m.of_kind("field") and _inside_its_field(m, mentions, m.of_kind("field")):
            continue  # "平均登录了几天": the 登录了 of 登录了几天 is the field said whole, neither a condition nor an event
        metrics = m.of_kind("metric")
        fields = m.of_kind("field")
        values = m.of_kind("value")
        ambiguous = m.of_kind("ambiguous")
        if fields and values and _listed_with_its_kin(masked, m, mentions):
            fields = []  # "按收入和支出方向": 收入 listed with 支出, another value of its field — that value, no income field
        group_cue = cues.cue_before(cues.GROUP_BEFORE, masked, m.start) or (
            cues.cue_after(cues.GROUP_AFTER, masked, m.end, 16) and not _each_of_next(masked, m, mentions)) \
            or frame.rank is None and _WHICH_ONES_AFTER.match(masked, m.end) is not None \
            or any(x.of_kind("value") and x.end <= m.start and not text[x.end:m.start].strip()  # "for each Hangzhou branch"
                   and re.search(rf"\b(?:each|every)\s+{_OF_THEM}$", text[:x.start], re.I) for x in mentions)
        per_one = bool(values) and (_PER_ONE_OF.match(masked, m.end) is not None or _PER_ONE_OF.search(m.text.split()[-1]) is not None) \
            and re.search(r"\bper\s+$", masked[:m.start], re.I) is not None
        if per_one:
            group_cue = False  # "per payroll customer": an average over the payroll customers, no breakdown by payroll
        if group_cue and _number_fields(model, fields) and _AGGREGATED_BEFORE.search(masked, max(0, m.start - 6), m.start) \
                and _EACH_ASKED_AFTER.match(masked, m.end):
            group_cue = False  # "男女客户的平均贷款金额分别多少": the figure of each group named before, no breakdown by an amount
        if fields and _EVERY_ONE_COUNTED.search(masked, max(0, m.start - 24), m.start):
            group_cue = False  # "Include every status", "包括所有状态": each counted, no breakdown by it
        if group_cue and frame.rank is not None and _number_fields(model, fields) and not metrics \
                and re.search(r"\bby\s+(?:[\w/-]+\s+){1,2}$", masked[max(0, m.start - 40):m.start], re.I):
            group_cue = False  # "top 10 branches by wealth purchase amount": the amount ranked, no breakdown by it
        numeric_fields = _number_fields(model, fields) or (_listed_before_its_tail(model, lexicon, masked, m, mentions) if ambiguous and not metrics else [])
        if values and numeric_fields and _banded_next(model, masked, m, numeric_fields, mentions):
            values = []  # "收入5万以下": the income, in its band — not the incoming side of transactions
        except_value = bool(values) and cues.EXCEPT_BEFORE.search(masked, max(0, m.start - 16), m.start) is not None
        # ("by number of transactions, not amount": a way of measuring denied, no amount of zero)
        rival = any(r.start("rival") <= m.start < r.end() for r in cues.RIVAL_DENIED.finditer(masked, max(0, m.start - 24), m.end))
        if numeric_fields and not metrics and _denied(masked, m.start, mentions) and not rival \
                and not (cues.left_out_at(frame.left_out, m.start, text) and cues.LEAVE_OUT_VERB.search(masked, max(0, m.start - 8), m.start)) \
                and not except_value:
            # ("去掉存款波动算不出来的客户": the verb leaves those customers out, it denies nothing of the field)
            # "did not log in in the last 30 days" / "没有登录": the count is zero
            frame.field_filters.append((numeric_fields, Comparison(op="=", value=0.0, value2=None, span=(m.start, m.end), text=m.text, is_percent=False)))
            continue
        events = [e for e in values if e.table and model.tables[e.table].customer_key]
        same_table = {e.table for e in events}
        narrowed = any(x.table in same_table for other in mentions if other is not m
                       and not (other.of_kind("field") and _inside_its_field(other, mentions, other.of_kind("field"))) for x in other.of_kind("value"))
        # "loan calculator events in the last 30 days": the value, then its field's own name — those rows, counted
        own_rows = any(o.start >= m.end and not masked[m.end:o.start].strip() and {e.target for e in o.of_kind("field")} & {e.target for e in events}
                       for o in mentions)
        if numeric_fields and events and frame.time is not None and (narrowed or not covers_tag_window(model, numeric_fields, frame.time, d)) \
                and cues.SHARE.search(masked) and not narrowed:
            # "近7天登录过的客户占全部客户多少": a share of all customers cannot count events of
            # another window, and the tag counts its own 30 days: leave the period unread (asked back)
            frame.time, frame.times = None, []
        elif numeric_fields and events and (frame.time is not None and (narrowed or own_rows or not covers_tag_window(model, numeric_fields, frame.time, d))
                                            or frame.time is None and frame.grain is not None) \
                and not _denied(masked, m.start, mentions):
            # "上个月在app上登录过的客户": events of that period (or of one platform), not the
            # last-30-days count the tag keeps as of today; "每个月有多少客户登录过": the events of each month
            frame.values.append(ValueHit(m, events, False))
            continue
        if numeric_fields and events and frame.time is not None and not except_value:  # "over the last 30 days": the tag's own window
            values = [v for v in values if v not in events]
        shared_none = not values and cues.SHARE.search(masked) and cues.CUSTOMER_WORDS.search(masked) \
            and cues.cue_before(HAVE_NONE_BEFORE, masked, m.start, 16)  # "what fraction of customers … but zero loan balance"
        holders_out = _HOLDERS_LEFT_OUT.search(masked, max(0, m.start - 60), m.start) is not None
        none_before = (cues.cue_before(HAVE_NONE_BEFORE, masked, m.start, 16) or holders_out) and not rival
        # (an amount said to be none is never the figure asked: "high wealth intent but no wealth holdings, by region" —
        # unless those are left out: "excluding customers with no loan balance")
        said_none = none_before and not cues.SHARE.search(masked) and (holders_out or not _LEFT_OUT_BEFORE.search(masked, max(0, m.start - 40), m.start)) \
            and not _LEFT_OUT_LATER.match(masked, m.end)  # ("没有任何登录记录、无法判断时段的客户剔除": those are left out)
        # ("customers who have an outstanding loan more than 30 days overdue": a condition on those rows follows — the rows held)
        rows_said_after = any(c.span[0] >= m.end and any(e.table in _tables_of(model, m) for e in entries) for entries, c in frame.field_filters)
        if numeric_fields and (frame.count_intent or _customers_shared(masked, m.end) or shared_none or said_none) \
                and (cues.cue_before(HAVE_BEFORE, masked, m.start, 16) or none_before) and not (rows_said_after and not none_before):
            # "还有贷款余额的客户有多少", "customers with a loan balance": the amount is above zero;
            # "没有贷款余额的客户", "customers without a loan balance": it is zero
            op = "=" if none_before else ">"
            frame.field_filters.append((numeric_fields, Comparison(op=op, value=0.0, value2=None, span=(m.start, m.end), text=m.text, is_percent=False)))
            continue
        if numeric_fields and not metrics and (DONE.search(m.text) or _HAD_BEFORE.search(masked, 0, m.start)) \
                and not _MONEY_WORD.search(m.text) and not any(
                e.target in model.tags and model.tags[e.target].units.all() for e in numeric_fields):  # "aged 35-44" is no count
            # "近30天登录过的客户", "customers who logged in": the count is at least one
            frame.field_filters.append((numeric_fields, Comparison(op=">=", value=1.0, value2=None, span=(m.start, m.end), text=m.text, is_percent=False)))
            continue
        if ambiguous and not metrics:
            frame.ambiguous.append(m)
        elif metrics and values and (re.search(r"(?:\bnot\s+(?:a\s+|an\s+)?|\bnon-?|不是|并非|非)$", masked[max(0, m.start - 12):m.start], re.I)
                                     or _excluded_right_before(masked, m, mentions)):
            frame.values.append(ValueHit(m, values, True))  # "… and are not a new customer", "leave out new customers": the value denied, never its figure
        elif metrics and values:  # "wealth repurchase": the metric, or the campaign objective? decided below
            frame.dual.append(ValueHit(m, values, False))
            frame.metric_mentions.setdefault(metrics[0].target, m.text)
        elif metrics and not values and frame.metrics and (out := cues.NEGATION_AFTER.search(masked[m.end:m.end + 16])) is not None:
            frame.attached.append(((m.start, m.end + out.end()), "any"))  # "Base is treatment rows …; control rows excluded": the figure's own definition
        elif metrics and not values and _excluded_right_before(masked, m, mentions) and (left := _rows_of_metric(model, metrics[0].target, m)) is not None:
            # "loans excluding settled and rejected loans": a figure's rows left out are a value denied, never the figure asked
            frame.values.append(ValueHit(left, list(left.entries), True))
            frame.attached += [((m.start, m.end), f"field:{e.target}") for e in left.entries[:1]]
        elif metrics and (denied := _NOT_YET_BEFORE.search(masked, max(0, m.start - 12), m.start)) is not None:
            frame.unread.append(masked[denied.start():m.end].strip())
            # ("approved but not yet disbursed": a state of the rows denied, never the figure asked — asked about)
        elif metrics and not (_category_fields(model, fields) and cues.cue_before(cues.GROUP_BEFORE, masked, m.start)):
            for e in _by_cue(model, metrics, masked):
                if e.target not in frame.metrics:
                    frame.metrics.append(e.target)
                    frame.metric_mentions[e.target] = m.text
                    break
        elif values and (per_one or not (fields and cues.cue_before(cues.GROUP_BEFORE, masked, m.start))):
            negated = cues.cue_before(cues.NEGATION_BEFORE, masked, m.start, 48) or _left_out_after(masked, m, mentions) \
                or cues.cue_before(cues.NEGATED_VERB_BEFORE, masked, m.start, 40) \
                or cues.cue_before(cues.LEAVING_BEFORE, masked, m.start, 16) and cues.cue_after(cues.OUT_AFTER, masked, m.end, 12) \
                or _LEFT_OUT_ROWS.search(text, max(0, m.start - 40), m.start) is not None  # "ignore touches with no conversion"
            after = masked[m.end:m.end + 24]
            at_least = cues.ORDER_AT_LEAST.search(after)
            bound = at_least or cues.ORDER_AT_MOST.search(after)
            direction = None if not bound else (">=" if at_least else "<=")
            if bound:
                frame.attached += [((m.end + bound.start(), m.end + bound.end()), f"field:{e.target}") for e in values]
            elif (said := cues.ORDER_AT_LEAST_BEFORE.search(masked, max(0, m.start - 20), m.start)
                  or cues.ORDER_AT_MOST_BEFORE.search(masked, max(0, m.start - 20), m.start)) is not None \
                    and any(_in_order(model, e) for e in values):
                # "at least a bachelor's degree", "至少本科": the same bound, said before the value
                direction = ">=" if cues.ORDER_AT_LEAST_BEFORE.fullmatch(said.group(0)) else "<="
                frame.attached += [(said.span(), f"field:{e.target}") for e in values]
            tags = {e.target for e in values if e.table is None}
            others = {e.target for e in values if e.table is not None}
            shared = {e.code for e in values if e.table is None} & {e.code for e in values if e.table is not None}
            if tags - others and others - tags and shared:  # "use the app": the events' app, or the channel that acquired them?
                frame.everyday.append((m.text.strip(), frozenset(tags - others)))
            never = _NEVER_BEFORE.search(masked, max(0, m.start - 24), m.start) if negated else None
            if never:  # "never had a loan": asked about if a tag (a state on the as-of date, no history) answers it
                phrase = masked[never.start():m.end].strip()
                frame.never.append((phrase, frozenset(e.target for e in values if e.table is None and e.target in model.tags)))
            frame.values.append(ValueHit(m, values, negated, direction))
            gloss = _PLACE_GLOSS.match(masked, m.end)
            if gloss and not any(e.target == "region" or e.table is not None for e in values) and _PLACE_FIELDS & {e.target for e in values}:
                frame.attached.append((gloss.span(), "any"))  # "上海地区", "北京一带": the place itself, not a breakdown by region
        elif fields and not values and _rows_of_the_period(frame, masked, m) and _is_table_word(model, m.text):
            frame.attached.append(((m.start, m.end), "any"))  # "2025 campaigns only", "2024年的活动，…": whose rows, no breakdown
        elif fields and not values and (every := _EVERY_BEFORE.search(masked, max(0, m.start - 8), m.start)) is not None \
                and (kept := _ALL_KEPT_AFTER.match(masked, m.end)) is not None:
            frame.attached.append(((every.start(), kept.end()), "any"))  # "every status in scope", "all channels included": no condition, no split
        elif fields and cues.cue_before(ANY_BEFORE, masked, m.start, 28) and (not group_cue or re.search(r"不分\s*$", masked[max(0, m.start - 4):m.start])):
            # ("金额不分收付方向": 不分 is "whatever", no split by it)
            cue = ANY_BEFORE.search(masked[max(0, m.start - 28):m.start])
            start = m.start - (len(masked[max(0, m.start - 28):m.start]) - cue.start()) if cue else m.start
            frame.attached.append(((start, m.end), "any"))  # "any platform", "不限渠道": no condition on it
        elif fields and not group_cue and (whole := _ALL_TOGETHER.match(masked, m.start - 4 if m.start >= 4 else 0)) is not None \
                and whole.start(1) <= m.start and whole.end(1) >= m.end:
            frame.attached.append((whole.span(), "any"))  # "全部活动一起看", "all campaigns together": the whole, no breakdown
        elif fields and not values and (together := _taken_together(masked, m)) is not None:
            frame.attached.append((together, "any"))  # the whole, no breakdown
        elif fields and not values and _ROWS_THAT.search(masked[max(0, m.start - 40):m.start]):
            frame.attached.append(((m.start, m.end), "any"))  # "applications that came in through the app": the rows' own channel
        elif fields and not values and re.fullmatch(r"[a-z]+ed", m.text.strip().lower()) \
                and any(0 <= m.start - x.end <= 1 and x.of_kind("metric")
                        or x.start >= m.end and x.of_kind("metric") and _VERB_THEN_FIGURE.fullmatch(masked, m.end, x.start) for x in mentions):
            # "new customers acquired in 2025", "which three cities acquired the most new customers": the metric's own verb
            frame.attached.append(((m.start, m.end), "any"))
        elif fields:
            frame.mentioned_fields |= {e.target for e in fields}
            gap = masked[last_group:m.start]
            # "各区域和性别", "各大区男女客户": a field right after a breakdown breaks down too
            # — not an amount that just follows ("各交易类型单笔金额最大": the amount is measured)
            after_group = bool(last_group) and (cues.CONJUNCTION_ONLY.match(gap) is not None or not (gap or numeric_fields))
            if numeric_fields and _BY_AGGREGATE.search(masked[max(0, m.start - 30):m.start]):
                frame.loose_fields.append(fields)  # "top 3 occupations by average annual income": what ranks, not a breakdown
            elif numeric_fields and len(numeric_fields) == len(fields) and (not (group_cue or after_group) or _SPLIT_BY_NEXT.match(masked, m.end)
                                                                            or _EACH_FIGURE_AFTER.match(masked, m.end)):
                # ("transfer-out amounts split by channel": the split is by the field named next, the amounts summed)
                frame.loose_fields.append(fields)  # "largest mortgage amount": the amount is what is largest, no breakdown by it
            elif not (group_cue or after_group) and _ROWS_LEAD.search(masked[:m.start]) and _is_table_word(model, m.text) \
                    and re.search(r"[,，;；:：]", masked[m.end:]) and not re.search(r"\beach\b|各|分别|每个", masked[m.end:], re.I) \
                    and not re.search(r"\b(?:each|every|per)\s+(?:[\w-]+\s+){0,2}$|[各每](?:个|一个)?\s*[\u4e00-\u9fff]{0,4}$", masked[:m.start], re.I) \
                    and not (frame.rank is not None and _WHICH_OF_THEM.search(text, m.end)):  # "Among branches that …, which five had …"
                frame.attached.append(((m.start, m.end), "any"))  # "for campaigns started last year, …": whose rows, no breakdown
            elif len(frame.times) >= 2 and _is_table_word(model, m.text) and any(
                    0 <= m.start - t.span[1] <= 6 and _ROWS_OF_PERIOD.fullmatch(masked, t.span[1], m.start) for t in frame.times):
                frame.attached.append(((m.start, m.end), "any"))  # "2024年开始的活动和2025年开始的活动…分别": the rows of each period
            elif not (group_cue or after_group) and _after_own_value(text, m, fields, mentions):
                frame.attached.append(((m.start, m.end), "any"))  # "(wealth_view events)": the value's own field, no breakdown
            elif re.search(r"\b(?:across|over|for|on)\s+(?:(?:the|all|our)\s+)*[\d\s'’s-]*$", masked[:m.start], re.I) \
                    and _is_table_word(model, m.text) and _ROWS_PICKED_AFTER.match(masked, m.end) and not frame.rank_groups \
                    and not re.search(r"\b(?:each|every|per)\b|各|分别|每个", masked[m.end:], re.I):
                frame.attached.append(((m.start, m.end), "any"))  # "delivery rate across campaigns that kicked off in Q4": whose rows
            elif not (group_cue or after_group) and frame.group_fields and (frame.rank is not None or frame.ranking_only) \
                    and _SCOPE_BEFORE.search(masked[max(0, m.start - 30):m.start]) and _is_table_word(model, m.text):
                frame.attached.append(((m.start, m.end), "any"))  # "bottom 3 channels by open rate for 2025 campaigns": whose rows
            elif not (group_cue or after_group) and (frame.rank is None or frame.rank.span[0] >= m.end) and (frame.rank is not None or frame.ranking_only) \
                    and _is_table_word(model, m.text) and re.fullmatch(r"[\s的]*", masked[:m.start]) \
                    and any(x.start > m.end and x.of_kind("field") and not _is_table_word(model, x.text) for x in mentions):
                frame.attached.append(((m.start, m.end), "any"))  # "今年的活动，触达人次最多的是哪3个城市": whose rows, said first
            elif _KINDS_BEFORE.search(masked[max(0, m.start - 8):m.start]) and fields == _kind_of(model, masked, m, fields) \
                    and any({e.table for e in g} & {e.table for e in fields} - {None} for g in frame.group_fields):
                frame.attached.append(((m.start, m.end), "any"))  # "按活动目标分一下，各类营销活动的…": the kinds just named
            elif group_cue or after_group or frame.rank is not None or frame.ranking_only or _values_together(model, m, fields):
                fields = _kind_of(model, masked, m, fields)
                frame.group_fields.append(fields + _related_tags(model, m.text, fields))
                last_group = m.end
                if not (group_cue or after_group):
                    frame.rank_groups.append(frame.group_fields[-1])  # a breakdown only because of "most"/"top"
            else:
                frame.loose_fields.append(fields)
                bare = _bare_codes(model, masked, m, fields, mentions)
                frame.values += bare
                frame.mentions += [hit.mention for hit in bare]
    frame.values = _once_each(frame.values)
    _said_in_both_languages(frame, text)
    _denied_together(frame, masked)
    _the_rest(frame, model)
    _only_there(frame, model, text)
    _value_range(frame, model, text)
    _where_it_is(frame, model, masked, lexicon)
    _latest_of_each(frame, model, text)
    _examples_of_breakdown(frame, model, text)
    _glossed_left_out(frame, text)
    _where_they_are_active(frame, text)
    _status_after_value(frame, text)
    _also_counted(frame, text)
    _not_counted_as(frame, text)
    _customers_not_rows(frame, text)
    _whom_rows_are_for(frame, model, text)
    _defined_in_brackets(frame, text)
    _named_by_its_values(frame, text)
    _either_of_fields(frame, text)
    frame.each = any(not _of_the_figures(masked, e.start()) and not _after_two_figures(masked, e.start(), mentions)
                     and not _between_figures(masked, e, mentions) for e in cues.EACH.finditer(masked)) or any(  # "消费贷、房贷、经营贷各放了多少钱": each of the values listed
        m.of_kind("value") and _EACH_AFTER_VALUE.match(text, m.end) for m in mentions)
    # "放款笔数和放款金额各为多少": each of the figures named — read there
    frame.attached += [(e.span(), "any") for e in cues.EACH.finditer(masked) if _after_two_figures(masked, e.start(), mentions)]
    # "App开的存款账户跟柜台开的比，各开了多少个": the 比 of the two values set side by side is that each
    frame.attached += [(r.span(1), "any") for m in mentions if m.of_kind("value") and (r := _EACH_AFTER_VALUE.match(text, m.end)) and r.group(1)]
    frame.each = frame.each or _each_counted(frame, text) or _each_in_turn(frame, text)
    frame.each_of_breakdown = any(_each_of_breakdown(text, e.start(), mentions) for e in re.finditer(r"各|分别", text))
    frame.each = frame.each and not frame.each_of_breakdown
    frame.share = bool(cues.SHARE.search(mask(masked, [(m.start, m.end) for m in mentions]))) or _AMONG_THEM_HOW_MANY.search(text) is not None
    frame.followup_cue = bool(cues.FOLLOWUP_START.search(text) or cues.FOLLOWUP_END.search(text) or cues.FOLLOWUP_ANYWHERE.search(text) or cues.points_back(text))
    frame.how_many = bool(cues.HOW_MANY.search(masked))
    frame.add_metric = bool(cues.ADD_METRIC.search(masked))
    frame.counts_customers_too = _counts_customers_too(masked, mentions)
    _rest_in_brackets(frame, masked)
    _versus(frame, masked)
    _value_and_its_denial(frame, model, text)
    _tag_measured_on(frame, model, text)
    _which_of_two(frame, masked)
    _and_those_not(frame, masked)
    _shorthand_metrics(frame, model)
    _metric_or_value(frame, model)
    _metric_of_the_values_rows(frame, model)
    _restated_amount(frame, model)
    _restated_ratio(frame, model)
    _rate_defined_in_brackets(frame, model)
    _one_value_per_field(frame.values, masked, timed=frame.time is not None)
    _drop_glosses(frame.values, masked)
    _value_cut_from_figure(frame, model)
    _value_restated(frame)
    _restated_in_brackets(frame)
    _rows_named_after_value(frame, model, masked)
    _included_too(frame, masked)
    _not_there(frame, masked)
    accounts_not_holders(frame, model, frame.metrics)
    levels = _level_values(model, masked, mentions)
    frame.values += levels
    _spread_negation(frame.values, masked)
    _change_words(frame)
    _neither(frame, masked)
    _listed_then_negated(frame, masked)
    _every_value_counts(frame, model, masked)
    _negated_definitions(frame, model)
    frame.mentions += [hit.mention for hit in levels]
    frame.group_fields = [g for g in frame.group_fields if not any(h.entries[0].target in {e.target for e in g} for h in levels)]
    _named_groups(frame, model, masked)
    _rows_of_value(frame, model, masked)
    _read_through(frame, model)
    _value_read_through(frame, model)
    _field_is_word(frame, model)
    _most_used_of(frame, model)
    _each_of_those(frame)
    _rank_in_gloss(frame)
    _most_of_a_top_tag(frame, model)
    _rows_recorded(frame)
    _age_restated(frame, text)
    _own_qualifiers(frame, model)
    _most_of_its_own(frame, model)
    _ranked_noun(frame, lexicon, masked)
    _ranked_rows_named_as_count(frame, model, lexicon)
    _purpose_clauses(frame, model, text)
    _paraphrase_at_end(frame, text)
    _named_before_value(frame, text)
    _whose_field(frame, text)
    _located_in(frame, model, text)
    _said_again_shorter(frame)
    _instead_of(frame, text)
    _others_given_up(frame, model, text)
    _compared_not_asked(frame)
    _part_counted_after_an_aggregate(frame)
    _examples_listed(frame, model, text)
    _compound_field(frame, model, text)
    # ("which 5 branches disbursed the most last quarter, by amount?": an amount after a ranking is what it ranks by)
    explicit = [g for g in frame.asked_groups() if not (frame.rank_groups and _money_fields(model, g))]
    if explicit and frame.rank_groups:
        # "open rate per channel across all campaigns, worst first": the ranking orders the
        # named breakdown; it does not make "campaigns" a second one
        frame.group_fields, frame.rank_groups = explicit, []
    # ("沉睡唤醒类活动，实验组vs对照组转化率": "vs" sets two things side by side, not each campaign apart)
    said_each = [e.group().strip() for e in cues.EACH.finditer(text)]
    only_versus = bool(said_each) and all(re.fullmatch(r"vs\.?|versus", e, re.I) for e in said_each)
    if frame.each and not frame.group_fields and not frame.each_of_two and not only_versus:
        # "男女客户的户均AUM各是多少": a field named beside 各/分别 is a breakdown — unless the
        # question names its breakdown ("2025年的活动,各个渠道的打开率分别多少": by channel only)
        # (not a number of each customer's: "在各自平台登录过的用户，平均每人登录了几天" measures the days, by platform)
        split = [entries for entries in frame.loose_fields if len(_number_fields(model, entries)) < len(entries)
                 and not _rows_of_each_period(frame, entries)]
        frame.each_groups = {e.target for entries in split for e in entries}
        frame.group_fields += split
    # ("那按收入段再拆一下呢？" after a breakdown by age band: by income band instead — 再 alone there adds nothing; 也/同时/进一步 do)
    adding = [a.group() for a in cues.ADDING.finditer(text)]
    frame.replace_cue = bool(cues.REPLACE.search(text) or cues.WHAT_ABOUT_BY.search(text) and not (
        adding and not (adding == ["再"] * len(adding) and re.match(r"^\s*那", text))))
    frame.attached += [(m.span(), "any") for m in cues.SAME_BUT.finditer(text)]  # "same ranking but by AUM": the last one's shape
    if frame.rank is not None and (total := _TOTAL_BESIDE.search(text)) is not None:
        frame.unread.append(total.group(0).strip())  # "前5个支行…再给个全行理财余额合计": a total beside the top ones — asked
    if (position := _RANK_POSITION.search(text)) is not None:
        frame.unread.append(position.group(0).strip())  # "where does Xihu rank?": a place in a ranking, not a figure — asked
    # an amount of money is no breakdown (each distinct amount a group): "number of withdrawals and total amount for each
    # quarter" splits by quarter only
    frame.group_fields = [g for g in frame.group_fields if not _money_fields(model, g)]
    if (told := _CONVERSION_TOLD.search(text)) is not None and any(model.metric(n).kind == "conversion" for n in frame.metrics if n in model.metrics):
        # "…conversion rate for October: base = …, converted = those with a loan disbursed in October": the question's own
        # definition of the figure — asked about, never read as more figures or conditions beside the model's
        frame.unread.append(told.group(0).strip())
    told = _NUMERATOR_TOLD.search(text)
    if told is not None and any(n in model.metrics and model.metric(n).kind == "ratio" for n in frame.metrics):
        # "(…; approved = status approved, disbursed or settled)": the rate's own numerator said again — no condition
        end = told.end() + (_TOLD_UNTIL.search(text, told.end()) or re.compile("$").search(text)).start() - told.end()
        frame.values = [h for h in frame.values if not told.start() <= h.mention.start < end]
        frame.attached.append(((told.start(), end), "any"))
    if (weekday := _WEEKDAY.search(text)) is not None:
        frame.unread.append(weekday.group(0).strip())  # "logins by day of week": no field says which day of the week — asked
    frame.only_cue = bool(cues.ONLY.search(text))
    frame.customer_words = bool(cues.CUSTOMER_WORDS.search(masked))
    frame.off_topic = bool(cues.OFF_TOPIC.search(text))
    return frame


#: a conversion's parts defined in the question: "converted = those with …"
#: a rate's numerator said in so many words: "approved = status approved, disbursed or settled", "通过指…"
_NUMERATOR_TOLD = patterns.compile(r"(?<![\w-])(?:approved|approvals?|rejected|rejections?|overdue|converted|delivered|opened|clicked)\s*(?:=|:)\s*|"
                                   r"(?:通过|获批|被拒|逾期|转化)(?:的)?\s*(?:=|:|：|指|是指)\s*", re.I)
_TOLD_UNTIL = patterns.compile(r"[;；)）]|$")
_CONVERSION_TOLD = patterns.compile(r"\b(?:converted|conversions?)\s*(?:=|:)", re.I)  # ("分子是其中…": read as the base said, see words.yaml)


def _money_fields(model: SemanticModel, entries: list[Entry]) -> bool:
    """Are all the entries amounts of money (no breakdown: each distinct amount would be a group)?"""
    return all(e.kind == "field" and (ref := model.field(e.target, e.table)) is not None and ref.type == "number" and ref.format == "currency"
               for e in entries)


def _rows_of_each_period(frame: Frame, entries: list[Entry]) -> bool:
    """"2025年每个季度启动的活动，分别有多少触达数": the field is the rows each period holds (a clause of the period before
    it, then 的), and 分别 asks for each period — no breakdown by the field."""
    if frame.grain_span is None:
        return False
    return any(list(m.entries) == list(entries) and m.start >= frame.grain_span[1]
               and (re.fullmatch(r"[^，,。；;？?]{0,8}的\s*", frame.text[frame.grain_span[1]:m.start])
                    or _EACH_PERIOD_BEFORE.search(frame.text, max(0, m.start - 14), m.start))  # ("分季度看,每季度启动的活动")
               for m in frame.mentions)


#: "每季度启动的", "每个月开户的": a clause of each period right before the rows it holds
_EACH_PERIOD_BEFORE = patterns.compile(r"每(?:个|一个)?(?:季度|季|月|年|周)[^，,。；;？?]{0,8}的\s*$")


def _most_of_its_own(frame: Frame, model: SemanticModel) -> None:
    """"the channel they transact through most": a superlative right after a field that is
    itself a most (渠道偏好: the channel with the most transactions) says what the field is,
    and ranks nothing — unless a number of groups is asked for."""
    rank = frame.rank
    if rank is None or re.search(r"\d|[一二两三四五六七八九十]|\b(?:top|bottom|first|two|three|four|five|ten)\b", rank.text, re.I):
        return
    tops = {n for n, s in model.source_outputs.items() if s.kind == "top"}
    for m in frame.mentions:
        fields = {e.target for e in m.of_kind("field")}
        if 0 <= rank.span[0] - m.end <= 30 and any(model.tags[f].expr in tops for f in fields if f in model.tags) \
                and not re.search(r"[,，;；?？]", frame.text[m.end:rank.span[0]]) \
                and re.match(r"\s*(?:[,，;；.。?？!！-]|$)", frame.text[rank.span[1]:]):  # "… through most," — not "the most customers"
            frame.attached.append((rank.span, "any"))
            frame.drop_rank()
            return


#: a leading clause naming the rows the question is about: "for campaigns started last year, …"
_ROWS_LEAD = patterns.compile(rf"^\s*{cues.ROWS_FOR}", re.I)


def table_nouns(model: SemanticModel, table: str) -> list[str]:
    """A table's own words and its labels (贷款, loans, 营销活动, campaigns)."""
    t = model.tables[table]
    return [*t.words.all(), *((t.label.zh, t.label.en) if t.label else ())]


#: the rows a ranking is over, said after the breakdown: "… for 2025 campaigns", "… across all campaigns"
_SCOPE_BEFORE = patterns.compile(r"\b(?:for|of|in|on|from|across|among|over)\s+(?:(?:the|our|all|its|their)\s+)*[\d\s'’s-]*$", re.I)
#: rows said with what picks them out right after: "across campaigns that kicked off in Q4", "over the campaigns launched in 2025"
_ROWS_PICKED_AFTER = patterns.compile(r"\s+(?:that|which)\s+(?:\w+\s+){0,2}?(?:kicked|launched|started|ran|began|went|were|was|ended)\b|"
                                      r"\s+(?:launched|started|kicked\s+off|run|held|begun|ending|ended)\s+(?:in|during|since|from|between|this|last)\b", re.I)


#: the people a value describes, said right after it: "APP拉新来的客户", "高价值客户", "payroll customers"
#: …or where the scene happens: "planning a wealth push at Xihu: …", "准备在西湖支行做理财活动，…"
_AUDIENCE_BEFORE = patterns.compile(r"(?:\b(?:at|in|for|across|among)\s+(?:the\s+|our\s+)?|在|给|对|针对)$", re.I)
_AUDIENCE_AFTER = patterns.compile(r"\s*(?:拉新|获客|新拓|开户)?(?:来|进来)?的?\s*(?:客户|用户|客群)|\s+(?:customers|clients|users)\b", re.I)


#: an event denied right before a figure's name: "not yet disbursed", "还没放款的"
_NOT_YET_BEFORE = patterns.compile(r"\b(?:not\s+yet|yet\s+to\s+be|never\s+been|not\s+been)\s+$|(?:尚未|还未|还没有?|仍未)\s*$", re.I)


#: 各 after figures listed, each of them asked: "笔数和贷款金额各多少", "金额各是多少"
_EACH_FIGURE_AFTER = patterns.compile(r"\s*各(?:自)?(?:是|有|为)?(?:多少|几)")


#: a breakdown word right after a field, of the field named after it: "amounts split by channel"
_SPLIT_BY_NEXT = patterns.compile(r"\s*(?:breakdown|distribution|split|mix|composition)\s+(?:by|across|per)\b", re.I)


#: the people after a value said after "per": "per payroll customer", "per high-value client"
_PER_ONE_OF = patterns.compile(r"\s*(?:customers?|clients?|users?|persons?|people)\b", re.I)


#: every group taken as one: "全部活动一起看", "所有渠道合起来", "all campaigns together", "across all campaigns combined"
_ALL_TOGETHER = patterns.compile(r".{0,4}?(?:全部|所有|全体|\ball\s+(?:the\s+|our\s+)?)(\S+?)\s*(?:的)?\s*(?:一起看|放在一起看?|合在一起看?|合起来看?|加在一起|"
                                 r"together\b|combined\b|as\s+a\s+whole\b|pooled\b)", re.I)


def _left_out_after(masked: str, m: Mention, mentions: list[Mention]) -> bool:
    """A leave-out word right after a value ("其他那一类剔除掉") — unless another value follows the word, which is
    what it leaves out ("华南区排除掉新客以后": the new customers, not South China)."""
    after = m.end
    field = next((x for x in mentions if x.start == m.end and x.of_kind("field") and len(x.of_kind("field")) == len(x.entries)
                  and {e.target for e in x.entries} & {e.target for e in m.of_kind("value")}), None)
    if field is not None:
        after = field.end  # "柜面渠道的不算": the value's own field named after it, then the leave-out word
    hit = cues.NEGATION_AFTER.search(masked[after:after + 40])
    if hit is None:
        return False
    end = after + hit.end()
    if not re.search(r"剔除|排除|去掉|去除|拿掉|扔掉|剔掉", hit.group()):
        return True  # ("上海以外的高价值客户": 以外 says where it is, whatever follows)
    return not any(end <= x.start <= end + 2 and x.of_kind("value") and not re.search(r"[,，。;；?？!！的]", masked[end:x.start]) for x in mentions)


def _rows_of_the_period(frame: Frame, masked: str, m: Mention) -> bool:
    """"2025 campaigns only", "2024年的活动，实验组和对照组的转化率": a table's own noun said right after a period (its rows
    of that period), not after a word that breaks down ("each 2025 campaign", "各个2024年的活动")."""
    period = next((t for t in frame.times if t.span[1] <= m.start and re.fullmatch(r"[\s的]*", frame.text[t.span[1]:m.start])), None)
    return period is not None and not re.search(r"(?:\b(?:each|every|per|by|all)|[各每按])\s*(?:the\s+|of\s+the\s+)?$",
                                                  frame.text[max(0, period.span[0] - 12):period.span[0]], re.I) \
        and _PERIOD_ROWS_AFTER.match(masked, m.end) is not None \
        and frame.rank is None and not re.search(r"哪|\bwhich\b", frame.text, re.I)  # ("今年的营销活动里，转化率top3是哪几个": which ones)


#: what may follow rows named by their period: "only", a pause, "的", the end
_PERIOD_ROWS_AFTER = patterns.compile(r"\s*(?:only\b|alone\b|里|中|当中|里面|的|[,，;；:：?？。.]|pls\b|please\b|$)", re.I)


def _is_table_word(model: SemanticModel, said: str) -> bool:
    """Is ``said`` one of a table's own words (campaigns, loans, 活动)?"""
    w = said.strip().lower()
    return any(w == x.lower() for t in model.tables for x in table_nouns(model, t))


_NAMED_GAP = patterns.compile(r"\s*(?:(?:is|was|are|were|=|:|：|为|是)\s*)?(?:the\s+|an?\s+|our\s+)?", re.I)


#: "customers who …", "whose …", "客户的…": the field named next is the customers' own
_CUSTOMERS_BEFORE = patterns.compile(r"\b(?:customers?|clients?|people|users?)\s+(?:who|that|whose)\s+(?:\w+\s+)?$|\bwhose\s+$|"
                                     r"(?:客户|用户)(?:的)?\s*$", re.I)


def _said_again_shorter(frame: Frame) -> None:
    """"the 2025 wealth purchase amount … share of the total purchase amount": a value said again by the
    tail of its own words is that value again, not another one ("purchase" alone reads as consumption; "wealth purchase
    transactions … the number of purchases": in the plural too)."""
    for later in list(frame.values):
        said = later.mention.text.strip().lower()
        for earlier in frame.values:
            whole = earlier.mention.text.strip().lower()
            if earlier is not later and earlier.mention.end <= later.mention.start and whole != said \
                    and (whole.endswith(said) or re.sub(r"s$", "", whole).endswith(re.sub(r"s$", "", said))) \
                    and not earlier.negated and not later.negated \
                    and {e.target for e in earlier.entries} & {e.target for e in later.entries}:
                frame.values.remove(later)
                frame.attached.append(((later.mention.start, later.mention.end), "any"))
                break


#: what a figure is said in place of: "by AUM |instead of| headcount", "按贷款余额|而不是|笔数"
_INSTEAD_OF = patterns.compile(r"(?:\binstead\s+of|\brather\s+than|\bnot|而不是|而非|不再按|不按|不看|不要)\s*(?:the\s+|by\s+|按)?$", re.I)


def _instead_of(frame: Frame, text: str) -> None:
    """"what about by AUM instead of headcount?": a metric named after "instead of" is the one given up —
    read, and not asked for (one other metric is)."""
    for m in frame.mentions:
        names = [e.target for e in m.of_kind("metric") if e.target in frame.metrics]
        if len(names) == 1 and len(frame.metrics) > 1 and _INSTEAD_OF.search(text, max(0, m.start - 16), m.start):
            frame.metrics.remove(names[0])
            frame.metric_mentions.pop(names[0], None)
            frame.attached.append(((m.start, m.end), "any"))


def _compared_not_asked(frame: Frame) -> None:
    """"how many conversions … had a conversion amount over 10k?": a figure named only to be compared, right before the
    comparison, beside a count asked — a condition on each row, which no column of the rows holds here (the figure's
    total would be compared instead): asked about, never answered as two figures."""
    if not frame.how_many or len(frame.metrics) < 2:
        return
    for m in frame.mentions:
        names = [e.target for e in m.of_kind("metric") if e.target in frame.metrics]
        compared = [c for _, c in frame.metric_filters if 0 <= c.span[0] - m.end <= 3 and not frame.text[m.end:c.span[0]].strip()]
        if len(names) == 1 and compared:
            frame.unread += [c.text for c in compared]
            return


#: the other choices a value is said against: "through the WeChat mini program rather than the app or online banking",
#: "churned users instead of dormant" (the value of the question before, replaced)
_RATHER_THAN = patterns.compile(r"(?:\brather\s+than|\binstead\s+of|而不是|而非)\s*(?:through\s+|via\s+|on\s+|in\s+|from\s+|通过|走|在|用)?\s*(?:the\s+|our\s+)?$", re.I)


def _others_given_up(frame: Frame, model: SemanticModel, text: str) -> None:
    """"what share came through the WeChat mini program rather than the app or online banking": the values of the same
    field named after "rather than" are the others, the rest of the whole — read, no condition of their own."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for n, h in enumerate(hits):
        rather = _RATHER_THAN.search(text, max(0, h.mention.start - 24), h.mention.start)
        if rather is None:
            continue
        fields = {e.target for e in h.mention.of_kind("value")}
        if not any(fields & {e.target for e in o.mention.of_kind("value")} for o in hits[:n]):
            continue
        others = [h]
        for o in hits[n + 1:]:
            if not (fields & {e.target for e in o.mention.of_kind("value")}) or not _JOINED.fullmatch(text, others[-1].mention.end, o.mention.start):
                break
            others.append(o)
        prior = next(o for o in hits[:n] if fields & {e.target for e in o.mention.of_kind("value")})
        field = next(iter(fields & {e.target for e in prior.mention.of_kind("value")}), None)
        if cues.SHARE.search(text) and len(others) + 1 < len(model.field_values(field or "")):
            return  # ("通过小程序而不是手机银行的占比": of those two only, or of all? asked)
        for o in others:
            frame.values.remove(o)
            frame.attached.append(((o.mention.start, o.mention.end), "any"))
        frame.attached.append((rather.span(), "any"))
        return


def _said_in_both_languages(frame: Frame, text: str) -> None:
    """"代发 payroll clients", "沉睡 dormant 客户": one value said twice side by side, in each language, is said once
    (the value both name; the second words read)."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        shared = {(e.target, e.code) for e in a.entries} & {(e.target, e.code) for e in b.entries}
        mixed = bool(re.search(r"[\u4e00-\u9fff]", a.mention.text)) != bool(re.search(r"[\u4e00-\u9fff]", b.mention.text))
        if shared and mixed and a.negated == b.negated and not text[a.mention.end:b.mention.start].strip(" /()（）") and b in frame.values:
            a.entries = [e for e in a.entries if (e.target, e.code) in shared]
            frame.values.remove(b)
            frame.attached.append(((b.mention.start, b.mention.end), "any"))


def _located_in(frame: Frame, model: SemanticModel, text: str) -> None:
    """"按客户归属网点所在城市统计", "按客户归属网点的区域算": the city (region) the branch is in — one breakdown, by
    the city, not by branch and city."""
    for a in frame.mentions:
        for b in frame.mentions:
            if a.end > b.start or not a.of_kind("field") or not b.of_kind("field"):
                continue
            gap = text[a.end:b.start] + b.text[:2]  # "所在区域" may be the name itself
            located = re.fullmatch(r"\s*(?:的)?\s*所在(?:的)?\s*(?:所在)?", gap) is not None
            # a bare 的 between two fields of one table other than the customers': the second is the first's own
            # ("网点的区域"; never "职业的代发客户", two attributes of the customers)
            tables = {model.tag_table(e.target) for e in (*a.of_kind("field"), *b.of_kind("field"))}
            of_it = re.fullmatch(r"\s*的\s*", text[a.end:b.start]) is not None and len(tables) == 1 and None not in tables \
                and tables != {model.customer.table if model.customer else None} \
                and not {e.target for e in a.of_kind("field")} & {e.target for e in b.of_kind("field")}
            if not (located or of_it):
                continue
            named = {e.target for e in a.of_kind("field")}
            theirs = {e.target for e in b.of_kind("field")}
            kept = [g for g in frame.group_fields if not {e.target for e in g} <= named]
            if len(kept) == len(frame.group_fields):
                continue
            if any({e.target for e in g} & theirs for g in kept):
                frame.group_fields = kept
            elif of_it:
                frame.group_fields = [*kept, list(b.of_kind("field"))]
            else:
                continue
            frame.attached.append(((a.start, a.end), "any"))


_BY_BEFORE = patterns.compile(r"按照?\s*$|\bby\s+(?:the|their|each)\s+$", re.I)
_WHOSE_AFTER = patterns.compile(r"的|['’]s\s+|s['’]\s+", re.I)


def _whose_field(frame: Frame, text: str) -> None:
    """"按借款客户的归属网点", "go by the borrower's home branch": the customers named between 按 (by) and
    their field say whose field the breakdown reads (the borrowers of the loans counted), not a condition on them."""
    for hit in list(frame.values):
        m = hit.mention
        of = _WHOSE_AFTER.match(text[m.end:m.end + 4])  # ("go by the borrower's home branch")
        by = _BY_BEFORE.search(text[max(0, m.start - 16):m.start])
        if hit.negated or by is None or of is None:
            continue
        field = next((o for o in frame.mentions if o.start == m.end + of.end() and o.of_kind("field")), None)
        if field is not None:
            frame.values.remove(hit)
            frame.attached.append(((m.start, m.end), "any"))
            named = {e.target for e in field.of_kind("field")}
            if by.group(0).strip().startswith("按") \
                    and not any({e.target for e in g} & named for g in frame.group_fields):
                frame.group_fields.append(list(field.of_kind("field")))  # ("按借款客户的归属网点统计…": 按 reads past them)


_COPULA = patterns.compile(r"(?:\b(?:is|was|are|were)\b|=|:|：|为|是)")


def _named_before_value(frame: Frame, text: str) -> None:
    """"customers who came in through the app", "whose acquisition channel is app", "获客渠道为app": a
    field named right before a value its own says whose value it is, whatever table the figure reads."""
    for hit in frame.values:
        for m in frame.mentions:
            named = {e.target for e in m.of_kind("field")}
            if m.end <= hit.mention.start and named and _NAMED_GAP.fullmatch(text[m.end:hit.mention.start]) \
                    and len({e.target for e in hit.entries}) > 1 \
                    and (_CUSTOMERS_BEFORE.search(text[max(0, m.start - 30):m.start]) or _COPULA.search(text[m.end:hit.mention.start])):
                own = [e for e in hit.entries if e.target in named]
                if own:
                    hit.entries = own


def _after_own_value(text: str, m: Mention, fields: list[Entry], mentions: list[Mention]) -> bool:
    """"wealth_view events", "微信渠道": a field named right after one of its own values says what the value is;
    "(status disbursed)", "账户状态是active": one named right before its value says whose value it is."""
    targets = {e.target for e in fields}
    return any((0 <= m.start - x.end <= 1 and not text[x.end:m.start].strip()
                or 0 <= x.start - m.end <= 3 and not text[m.end:x.start].strip(" :：=为是")) and any(v.target in targets for v in x.of_kind("value"))
               for x in mentions)


#: "which five had the lowest …", "哪几个最高": the groups named before asked for again, with no noun of their own
_WHICH_OF_THEM = patterns.compile(r"\bwhich\s+(?:(?:one|ones|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?:had|have|has|were|are|was|is|did|do|saw|got|posted|show(?:ed)?|gave|give|delivered|brought|generated|produced|achieved|returned|drove|made|performed)\b|"
                                  r"哪(?:几|些|[一二三四五六七八九十两\d]+)个?(?=[^\u4e00-\u9fff]|最|的|是|排)", re.I)


def _another_of_its_field(a: ValueHit, b: ValueHit) -> bool:
    """Does ``b`` name another value of a field ``a`` names (天津 after 北京)?"""
    return any(x.target == e.target and x.code != e.code for e in a.entries for x in b.entries)


def _each_counted(frame: Frame, text: str) -> bool:
    """"how many churned customers and how many dormant ones?", "流失客户有多少，沉睡客户有多少": two values of one
    field, each with its own "how many" — one count each, not one count of both."""
    hits = sorted((h for h in frame.values if not h.negated), key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if not _another_of_its_field(a, b):
            continue
        how_many = cues.HOW_MANY
        first = how_many.search(text, max(0, a.mention.start - 16), a.mention.start) or how_many.search(text, a.mention.end, b.mention.start)
        second = how_many.search(text, first.end(), b.mention.start) if first is not None else None
        if second is not None or first is not None and how_many.search(text, b.mention.end, b.mention.end + 8):
            return True
    return False


#: a second value of the same field asked for in a clause after the first: "北京户均AUM多少？顺便把天津的也拉下",
#: "…? and Tianjin too", "…，天津的也要"
_ALSO_CLAUSE = patterns.compile(r"[?？。!！;；]\s*(?:顺便|另外|再|还有|以及|同时|也)?|[,，]\s*(?:顺便|另外|还有|以及|同时)|"
                                r"[?？.!;]\s*(?:and|also|plus|then)?\b", re.I)
_TOO_AFTER = patterns.compile(r"[^?？。!！;；,，]{0,12}?(?:也|一起|一并|同样|\btoo\b|\bas\s+well\b|\balso\b)", re.I)


def _asked_in_turn(frame: Frame, hit: ValueHit, text: str) -> bool:
    """Is ``hit`` another value of an earlier value's field, asked for in a clause of its own ("…in Beijing? and
    Tianjin too")?"""
    return any(h is not hit and not h.negated and h.mention.end <= hit.mention.start
               and _another_of_its_field(h, hit)
               and _ALSO_CLAUSE.search(text, h.mention.end, hit.mention.start) for h in frame.values)


def _each_in_turn(frame: Frame, text: str) -> bool:
    """Two values of one field, the second asked for "too" in a clause of its own after the first: one row
    each, not one figure of both."""
    hits = sorted((h for h in frame.values if not h.negated), key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if not _another_of_its_field(a, b):
            continue
        gap = text[a.mention.end:b.mention.start]
        if _ALSO_CLAUSE.search(gap) and (_TOO_AFTER.match(text, b.mention.end) or re.search(r"也|\balso\b", gap, re.I)):
            return True
    return False


def _ranked_noun(frame: Frame, lexicon: Lexicon, text: str) -> None:
    """"top 3 most viewed wealth products": a ranking with no breakdown, right before a value
    whose own words end in a field's name of the value's rows (products), ranks that field's groups."""
    rank = frame.rank
    if rank is None or frame.group_fields or frame.loose_fields:
        return
    for hit in frame.values:
        if hit.negated or not 0 <= hit.mention.start - rank.span[1] <= 2:
            continue
        tables = {e.table for e in hit.entries if e.table}
        words = hit.mention.text.split()
        for tail in (" ".join(words[-k:]) for k in (2, 1) if len(words) > k):
            found = [m for m in lexicon.find(tail) if m.start == 0 and m.end == len(tail)]
            fields = [e for m in found for e in m.of_kind("field") if e.table in tables]
            if len({e.target for e in fields}) == 1:
                frame.group_fields.append([fields[0]])
                frame.rank_groups.append(frame.group_fields[-1])
                frame.mentioned_fields.add(fields[0].target)
                return


_AMONG_BEFORE = patterns.compile(r"\b(?:among|of|out\s+of|across)\s+(?:all\s+)?(?:the|our|those)?\s*(?:[a-z]+\s+)?$", re.I)


def _listed_with_its_kin(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Is a name that is both a field and a value listed right beside another value of that value's field only ("收入和支出")?"""
    own = {e.target for e in m.of_kind("value")}
    join = _LIST_JOIN.match(text, m.end)
    after = next((x for x in mentions if join is not None and x.start == join.end()), None)
    return after is not None and not after.of_kind("field") and bool({e.target for e in after.of_kind("value")} & own)


def _ranked_rows_named_as_count(frame: Frame, model: SemanticModel, lexicon: Lexicon) -> None:
    """"Top 3 campaigns launched in 2025 by ROI": a count named right after a ranking, beside the other figure
    the ranking is by, whose words start with the name of the groups it counts, ranks those groups."""
    rank = frame.rank
    if rank is None or frame.group_fields or frame.loose_fields or len(frame.metrics) < 2:
        return
    for m in frame.mentions:
        counts = [e for e in m.of_kind("metric") if (metric := model.metrics.get(e.target)) is not None
                  and metric.measure is not None and metric.measure.agg == "count"]
        # (right after "top 3", or as the rows a "which three" is of: "Among the campaigns launched in 2025, which three …")
        among = _AMONG_BEFORE.search(frame.text, max(0, m.start - 40), m.start) is not None and m.end <= rank.span[0]
        if not counts or not (0 <= m.start - rank.span[1] <= 2 or among) or not m.text.isascii() or len(m.text.split()) < 2:
            continue
        words = m.text.split()
        heads = [" ".join(words[:k]) for k in range(len(words) - 1, 0, -1)]  # ("marketing campaigns launched": marketing campaigns)
        fields: list[Entry] = []
        for head in heads:
            fields = [e for x in lexicon.find(head) if x.start == 0 and x.end == len(head) for e in x.of_kind("field")]
            if len({e.target for e in fields}) == 1:
                break
            fields = []
        if not fields:
            continue
        frame.metrics = [x for x in frame.metrics if x not in {e.target for e in counts}]
        frame.mentions = [x if x is not m else Mention(m.start, m.end, m.text, tuple(fields)) for x in frame.mentions]
        frame.group_fields.append(fields[:1])
        frame.rank_groups.append(frame.group_fields[-1])
        frame.mentioned_fields.add(fields[0].target)
        return


_LIST_JOIN = patterns.compile(r"\s*(?:和|与|及|、|以及|\band\b|\bor\b|/)\s*", re.I)


def _listed_before_its_tail(model: SemanticModel, lexicon: Lexicon, text: str, m: Mention, mentions: list[Mention]) -> list[Entry]:
    """"持有存款和贷款余额": a word listed before a number field's name shares that name's tail (存款 + 余额 =
    存款余额) — the number field so named, when there is exactly one."""
    join = _LIST_JOIN.match(text, m.end)
    after = next((x for x in mentions if join is not None and x.start == join.end()), None)
    if after is None or not _number_fields(model, after.of_kind("field")):
        return []
    words = after.text.split()
    tails = [" " + " ".join(words[k:]) for k in range(1, len(words))] if after.text.isascii() else [after.text[k:] for k in range(1, len(after.text))]
    for name in (m.text + tail for tail in tails):
        found = [x for x in lexicon.find(name) if x.start == 0 and x.end == len(name)]
        fields = _number_fields(model, [e for x in found for e in x.of_kind("field")])
        if found:
            return fields if len({e.target for e in fields}) == 1 else []
    return []


def _customers_shared(text: str, end: int) -> bool:
    """"持有贷款余额的客户占全部客户的比例": the customers holding it are the part of a share."""
    rest = text[end:]
    return cues.CUSTOMER_WORDS.search(rest[:16]) is not None and cues.SHARE.search(rest) is not None


_AT_BEFORE = patterns.compile(r"在\s*$")


def _denied(text: str, start: int, mentions: list[Mention]) -> bool:
    """Is the word at ``start`` denied — right before it, or before where it was done ("没在APP上登录过")?"""
    if cues.cue_before(cues.NEGATION_BEFORE, text, start, 24):
        return True
    place = next((x for x in mentions if x.end <= start and cues.PLACE_GAP.fullmatch(text, x.end, start)
                  and _AT_BEFORE.search(text, max(0, x.start - 4), x.start)), None)
    return place is not None and cues.cue_before(cues.NEGATION_BEFORE, text, text.rindex("在", 0, place.start), 24)


#: "有/还有 X", "with a X": holding some of an amount (or the second of two: "持有存款和贷款余额")
HAVE_BEFORE = patterns.compile(r"(?<![没无])(?:有|持有|还有|仍有|带有|存在)\s*(?:[\u4e00-\u9fff]{1,4}(?:和|与|及|、))?\s*$|\b(?:with|having|has|have|holding|hold|still\s+(?:has|have|hold))\s+(?:an?\s+|any\s+|some\s+|outstanding\s+)?$", re.I)
#: "any platform", "whatever channel", "不限渠道": a field named to say it does not matter
#: every value of a field said to count: "Include every status", "counting all channels", "包括所有状态"
_EVERY_ONE_COUNTED = patterns.compile(r"\b(?:includ(?:e|es|ing)|count(?:ing)?)\s+(?:every|all|each|any)\s+(?:(?:of\s+)?the\s+)?$|"
                                      r"(?:包括|包含|算上)(?:所有|全部|各种|各个|各)(?:的)?\s*$", re.I)
ANY_BEFORE = patterns.compile(r"(?:不限|不分|任何|任意|无论|不管|不论)\s*(?:是)?(?:什么|哪种|哪个|哪类|何种)?\s*$|(?<![安完健齐周保])全$|"  # 全渠道: every channel
                              r"\b(?:includ(?:e|es|ing)|count(?:ing)?)\s+(?:every|all|each|any)\s+(?:(?:of\s+)?the\s+)?$|(?:包括|包含|算上)(?:所有|全部|各种|各个|各)(?:的)?\s*$|"
                             r"\b(?:any|whatever|whichever|regardless\s+of(?:\s+the)?)\s+(?:(?:their|its|the)\s+)?(?:current\s+|present\s+)?$", re.I)
#: "所有营销活动加在一起", "all campaigns combined": the whole of a field's groups, taken together
def _taken_together(text: str, m: Mention) -> tuple[int, int] | None:
    """"所有营销活动加在一起", "(all platforms)", "across all digital platforms": every group of the field
    taken together — the span saying so, or ``None``."""
    across = _ACROSS_ALL.search(text, max(0, m.start - 40), m.start)
    if across is not None:
        return across.start(), m.end
    if (overall := _OVERALL_AFTER.match(text, m.end) or _TOGETHER_RIGHT_AFTER.match(text, m.end)) is not None:
        return m.start, overall.end()  # "for our dormant wake-up campaigns overall", "…营销活动合在一起看": all of them as one
    cue = ALL_OF_BEFORE.search(text, max(0, m.start - 20), m.start)
    after = TOGETHER_AFTER.match(text, m.end) or _ALL_ASIDE.match(text, m.end) or _ALL_LOOKED_AT.match(text, m.end) if cue is not None else None
    if cue is not None and after is None and _ASIDE_BEFORE.search(text, 0, cue.start()):
        after = _ASIDE_END.match(text, m.end)  # "…, all campaigns", "，全部活动、全部时间。": the scope, said aside
    return (cue.start(), after.end()) if cue is not None and after is not None else None


_TOGETHER_RIGHT_AFTER = patterns.compile(r"\s*(?:都)?(?:合在一起|放在一起|加在一起|合起来|放一起|算在一起|一起)(?:算|计算|来算|看|来看)")
_OVERALL_AFTER = patterns.compile(r"\s+(?:overall|altogether|combined|as\s+a\s+whole|taken\s+together|pooled)\b", re.I)
_ASIDE_BEFORE = patterns.compile(r"[,，;；、(（–—?？]\s*$|\s-\s*$")  # ("…? all platforms": said after the question)
_ASIDE_END = patterns.compile(r"\s*(?=[,，;；、.?!。？！)）]|$)")
#: "(all platforms)": the whole of a field, said aside; "across all digital platforms": the whole, said before
_ALL_ASIDE = patterns.compile(r"\s*[)）]")
#: "全部活动看，…": the whole of them looked at, said as the clause's scope
_ALL_LOOKED_AT = patterns.compile(r"\s*(?:来)?看(?:的话)?\s*(?=[,，])")
_ACROSS_ALL = patterns.compile(r"\b(?:across|over|on)\s+(?:all|every)\s+(?:the\s+|our\s+)?(?:[a-z][a-z-]*\s+)?$", re.I)
ALL_OF_BEFORE = patterns.compile(r"(?:所有|全部|全体|整个)(?:的)?\s*$|\b(?:all|every)\s+(?:the\s+|our\s+|single\s+)?$|"
                                 r"把[^,，。;；?？!！把]{0,16}$", re.I)  # "把2025年启动的营销活动放在一起算": the ones taken together
#: … taken together, later in the same clause ("every campaign we've ever run together")
TOGETHER_AFTER = patterns.compile(r"\s*(?:的)?(?:都)?(?:加在一起|加起来|合在一起|合起来|放在一起|放一起|算在一起|合并起来|合并|合计|总计|一共|总共|汇总)(?:算|计算|来算|看|来看)?|"
                                  r"[^,，。;；?？!！]{0,40}?\b(?:combined|together|in\s+total|altogether)\b", re.I)
#: "没有 X", "without a X": holding none of an amount
HAVE_NONE_BEFORE = patterns.compile(r"(?:没有|没|无|不持有|未持有|并无)\s*(?:任何|一点|一分钱的?)?\s*$|\b(?:without|with\s+no|having\s+no|(?:has|have|had)\s+no|but\s+no|and\s+no|(?:with|has|have|having|but|and|w)\s+(?:a\s+)?(?:zero|0)|"
                              r"(?:do|does|did)\s*n[o']?t\s+(?:have|hold)|(?:has|have)\s*n[o']?t\s+got)\s+(?:an?\s+|any\s+|outstanding\s+)?$", re.I)
#: "exclude anyone with an outstanding loan balance", "excluding anyone who has a loan balance": its holders left out —
#: those kept have none of it
_HOLDERS_LEFT_OUT = patterns.compile(
    r"\b(?:exclud(?:e|ing)|except|leav(?:e|ing)\s+out|ignor(?:e|ing)|drop(?:ping)?|remov(?:e|ing)|skip(?:ping)?)\s+(?:all\s+)?"
    r"(?:customers|clients|people|users|those|ones|anyone|anybody|everyone)\s+(?:with|(?:who|that)\s+(?:(?:already|still|currently)\s+)?(?:has|have|had|holds?|held))"
    r"\s+(?:an?\s+|any\s+)?(?:(?:outstanding|existing|current|open)\s+)?$", re.I)
#: a field named by a verb of something done: 登录过, 登录了, logged in, 查过贷款 (过 after the verb, never 通过/超过/经过)
DONE = patterns.compile(r"[过了]$|[a-z]ed(?:\s+(?:in|on|up))?$|^[\u4e00-\u9fff]{1,3}(?<![通超经])过[\u4e00-\u9fff]+$", re.I)
#: "有过登录的客户": the thing done, said as had
_HAD_BEFORE = patterns.compile(r"(?<![没未])有过\s*$")


VERSUS_GAP = patterns.compile(r"^\s*(?:(?:[a-z]+|[\u4e00-\u9fff]{1,3})\s*)?"  # "deposit-to-loan campaigns compared with wealth repurchase ones"
                        r"(?:vs\.?|versus|v\.?s\.?|against|compared\s+(?:with|to)|对比|相比|对|比)\s*$", re.I)


#: "app, mini program, online banking - any of them counts", "手机银行、小程序、网银都算": the list is every way it can be
ANY_OF_THEM = patterns.compile(r"\bany\s+(?:one\s+)?of\s+(?:them|these|those|the\s+(?:three|two|four))\s+(?:counts?|will\s+do|is\s+fine|works)\b|"
                               r"\b(?:any|either)\s+(?:one\s+)?counts\b|\bwhichever\b|"
                               r"(?:哪个|哪一个|任何一个|任一个?|任意一个)?(?:平台|渠道|类型|种|类)?(?:都|均)算|任何一个都行|哪个都行|"
                               r"(?<=[\u4e00-\u9fffA-Za-z])(?:均可|都可以|都行|皆可)(?=[)）,，。;；?？\s]|$)", re.I)


def _every_value_counts(frame: Frame, model: SemanticModel, text: str) -> None:
    """Every value of a field listed and said to count alike ("haven't logged in … app, mini program, online
    banking - any of them counts"): no condition at all when the column is never empty — the list restates
    the figure's own scope. The names and the words saying so are placed."""
    cue = ANY_OF_THEM.search(text) or cues.ANY_OF_THEM.search(frame.said)  # (the second set aside already: "…网银哪个平台都算")
    if cue is None:
        return
    listed = [h for h in frame.values if not h.negated and h.bound is None and 0 <= cue.start() - h.mention.end <= 60]
    if listed and re.match(r"[\u4e00-\u9fff]", cue.group()) and cue.start() - max(h.mention.end for h in listed) > 3:
        return  # "代发客户和非代发客户…（每组全部客户都算）": 都算 said of something else, not of the values listed
    by_field: dict[tuple[str, str | None], list[ValueHit]] = {}
    for h in listed:
        # (each name's every reading: "APP" is the app platform too, whatever its hit was narrowed to)
        for e in {(e.target, e.table) for e in h.mention.entries if e.kind == "value" and e.code is not None}:
            by_field.setdefault(e, []).append(h)
    for (name, table), hits in by_field.items():
        codes = {str(e.code) for h in hits for e in h.mention.entries if (e.target, e.table) == (name, table)}
        ref, column = model.field(name, table), model.field_column(name, table)
        if ref is None or column is None or len(hits) < 2 or not set(ref.values) <= codes \
                or column[1] not in model.tables[column[0]].checks.not_null:
            continue
        frame.values = [h for h in frame.values if h not in hits]
        frame.attached += [((h.mention.start, h.mention.end), "any") for h in hits] + [(cue.span(), "any")]
        return


_REST_BRACKET = patterns.compile(r"[(（]\s*(?:vs\.?|versus|against|compared\s+(?:to|with)|not|rather\s+than|对比|相对于|而不是|不是|而非)\s*([^()（）]*)[)）]", re.I)


def _rest_in_brackets(frame: Frame, text: str) -> None:
    """"share of login events on the app platform (vs mini program + online banking)": the other values of the
    field, in brackets after the one asked about, name the rest of the base — no condition, no breakdown."""
    for said in _REST_BRACKET.finditer(text):
        before = [h for h in frame.values if h.mention.end <= said.start() and not re.search(r"[,，。;；?？]", text[h.mention.end:said.start()])]
        if not before:
            continue
        asked = max(before, key=lambda h: h.mention.end)
        fields = {(e.target, e.table) for e in asked.entries}
        inside = [h for h in frame.values if said.start() < h.mention.start and h.mention.end <= said.end()]
        if not inside or not all({(e.target, e.table) for e in h.entries} & fields for h in inside):
            continue
        rest = mask(text[said.start(1):said.end(1)], [(h.mention.start - said.start(1), h.mention.end - said.start(1)) for h in inside])
        if re.sub(r"\s|and|or|\+|&|/|,|，|、|和|或|及|以及|与", "", rest):
            continue  # something else in the brackets: not just the other values
        frame.values = [h for h in frame.values if h not in inside]
        frame.attached.append((said.span(), "any"))


def _versus(frame: Frame, text: str) -> None:
    """"overdue rate payroll vs non-payroll", "短信 vs 微信的打开率": two values of one field
    set against each other are a breakdown by that field (kept to those two values; a value
    against its own negation is the whole field)."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if not VERSUS_GAP.match(text[a.mention.end:b.mention.start]):
            continue
        shared = [e for e in a.entries if any(x.target == e.target and x.table == e.table for x in b.entries)]
        if not shared:
            continue
        field = shared[0]
        frame.group_fields.append([Entry("field", field.target, table=field.table)])
        frame.mentioned_fields.add(field.target)
        frame.versus.append(field.target)
        other = next(x for x in b.entries if x.target == field.target and x.table == field.table)
        if (a.negated != b.negated and field.code == other.code) or {str(field.code), str(other.code)} == {"true", "false"}:
            frame.values = [h for h in frame.values if h is not a and h is not b]  # X vs non-X: all of the field
        else:
            for h in (a, b):
                h.entries = [e for e in h.entries if e.target == field.target and e.table == field.table]
                h.negated = False


#: a value, then the same value denied, joined: "代发工资的客户和不是代发的客户", "payroll and non-payroll customers"
_AND_NOT_GAP = patterns.compile(r"\s*(?:和|与|跟|及|以及|还有|,|，|、|\band\b|\bvs\.?|\bversus\b)\s*(?:那些|those\s+)?(?:不是|并非|非|没有|\bnot\b|\bnon-?)\s*", re.I)


#: between a tag's value and what it is measured on: "inactive on login", "低活跃(按登录算)"
_MEASURED_ON = patterns.compile(r"\s+(?:on|in|by|for|with|at)\s+(?:the\s+|their\s+)?|\s*(?:的)?\s*[(（]?\s*(?:按|看|以)\s*", re.I)


def _tag_measured_on(frame: Frame, model: SemanticModel, text: str) -> None:
    """"customers w/ high wealth intent who are inactive on login": the rows a tag's value is read from, said after
    it, say how the tag is measured — no rows of their own to count."""
    for a in list(frame.values):
        tags = [e.target for e in a.entries if e.target in model.tags and e.table is None]
        for b in list(frame.values):
            if b is a or b.mention.start < a.mention.end or not _MEASURED_ON.fullmatch(text[a.mention.end:b.mention.start]):
                continue
            if tags and all(e.table for e in b.entries) and any(model.tag_reads(t, e.table, e.code) for t in tags for e in b.entries):
                frame.values = [h for h in frame.values if h is not b]
                frame.attached.append(((a.mention.end, b.mention.end), "any"))


def _value_and_its_denial(frame: Frame, model: SemanticModel, text: str) -> None:
    """"代发工资的客户和不是代发的客户，贷款余额各有多少？对比一下": a value and its denial set side by side are the two
    groups of the field — a breakdown by it, no condition."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a in hits:
        for b in hits:
            if b.mention.start < a.mention.end or a.negated or not b.negated or not _AND_NOT_GAP.fullmatch(text[a.mention.end:b.mention.start]):
                continue
            shared = {(e.target, e.code) for e in a.entries} & {(e.target, e.code) for e in b.entries}
            if len({t for t, _ in shared}) != 1 or getattr(model.tags.get(next(iter(shared))[0]), "type", None) != "boolean":
                continue  # (a yes/no field: "华东和非华东" is two groups no breakdown by region gives)
            field = next(iter(shared))[0]
            table = next(e.table for e in a.entries if e.target == field)
            frame.group_fields.append([Entry("field", field, table=table)])
            frame.mentioned_fields.add(field)
            frame.versus.append(field)
            drop = [h for h in hits if field in {e.target for e in h.entries} and a.mention.start <= h.mention.start < b.mention.end]
            frame.values = [h for h in frame.values if not any(h is x for x in (*drop, a, b))]
            frame.attached.append(((a.mention.end, b.mention.start), "any"))  # the denial names the second group
            return


#: "哪边高", "哪个多", "which one is higher", "who has more": which of the groups named comes out ahead
WHICH_AHEAD = patterns.compile(r"哪(?:边|个|一个|方|家|一方|一边)?(?:的)?(?:更|会)?(?:高|多|大|低|少|小|好|差)(?:一些|一点|些)?|"
                         # "短信和APP推送哪个转化率高": the figure said between (blanked: only a figure's name may stand there)
                         r"哪(?:边|个|一个|方|家|一方|一边)(?:渠道|组|边)?(?:的)?(?:客户|用户)?(?:的)?(?:平均|人均|户均)?\s{2,24}(?:更|会|最)?(?:高|多|大|低|少|小|好|差)(?:一些|一点|些)?|"
                         r"\bwhich\s+(?:one\s+|side\s+|group\s+|of\s+(?:the\s+)?(?:two|them)\s+|(?:[a-z-]+\s+){1,3}?)?"
                         r"(?:is\s+|has\s+|was\s+|gets\s+|got\s+|had\s+|shows\s+|sees\s+|comes\s+out\s+)?(?:the\s+|a\s+)?"
                         r"(?:higher|more|bigger|larger|lower|less|smaller|better|worse|ahead)\b|"
                         r"\bwho(?:'s|’s|\s+has|\s+is|\s+are)\s+(?:[a-z]+ing\s+)?(?:more|less|the\s+most|higher|lower|bigger|ahead)\b", re.I)
#: "was the rate higher on …", "…更高还是…": a comparative before two values joined by "or"
_COMPARED_BEFORE = patterns.compile(r"\b(?:higher|lower|bigger|larger|smaller|better|worse|more|less|fewer)\b(?:\s+(?:on|in|for|among|with|at))?|更(?:高|低|多|少|大|小|好|差)", re.I)
_OR_ONLY = patterns.compile(r"\s*(?:\bor\b|还是|或者|或)\s*", re.I)
#: "两地", "两个区域", "both cities": the two groups named, counted
_BOTH = patterns.compile(r"两(?:地|边|个|类|组|种|方)|\bboth\b|\bthe\s+two\b", re.I)


#: "新开了多少个存款账户？其中大额存单有几个？": how many of them, after the count of them all — a part beside its base
_AMONG_THEM_HOW_MANY = patterns.compile(r"(?:多少|几)[^？?。]*[？?。，,]\s*(?:那)?其中[^？?。，,]{1,16}?(?:有|占)?(?:多少|几)(?:个|笔|位|户|人|张)?\s*[？?。]?\s*$")


def _which_of_two(frame: Frame, text: str) -> None:
    """"上海和北京的AUM，哪边高", "sms or wechat: which one is higher?": two values of one field
    named together, then asked which comes out ahead — a breakdown by the field, kept to them."""
    # ("哪边客户平均年龄大一些": the figure said between — a metric, or a field averaged)
    ahead = WHICH_AHEAD.search(mask(frame.text, [(m.start, m.end) for m in frame.mentions if m.of_kind("metric") or m.of_kind("field")]))  # "which one" is also read as a rank of one
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        # "higher on app applications or counter applications": the rows' noun said after each of them
        gap = mask(text, [(m.start, m.end) for m in frame.mentions if a.mention.end <= m.start and m.end <= b.mention.start
                          and any(x.start >= b.mention.end and x.text.lower() == m.text.lower() for x in frame.mentions)])
        gap = gap[a.mention.end:b.mention.start]
        # "was the approval rate higher on app or counter": a comparative said before two values joined by "or"
        said = ahead or (_COMPARED_BEFORE.search(text, max(0, a.mention.start - 40), a.mention.start) if _OR_ONLY.fullmatch(gap) else None)
        if said is None or a.negated or b.negated or not cues.CONJUNCTION_ONLY.match(gap):
            continue
        shared = [e for e in a.entries if any(x.target == e.target and x.table == e.table and x.code != e.code for x in b.entries)]
        if not shared:
            continue
        field = shared[0]
        frame.each = frame.each_of_two = True  # one row for each of them, as with 分别 (see Builder.query)
        for h in (a, b):
            h.entries = [e for e in h.entries if e.target == field.target and e.table == field.table]
        frame.attached += [(said.span(), f"field:{field.target}")]
        frame.attached += [(m.span(), f"field:{field.target}") for m in _BOTH.finditer(text)]
        return
    if ahead is not None and frame.versus:  # "payroll vs non-payroll - which group has the higher overdue rate": the breakdown says it
        frame.attached.append((ahead.span(), f"field:{frame.versus[0]}"))


#: "… and how many don't?", "…的有多少，不是的有多少": the value asked, then its opposite
_AND_THOSE_NOT = patterns.compile(r"\b(?:and|vs\.?|versus)\s+how\s+many\s+(?:don't|do\s+not|doesn't|aren't|are\s+not|haven't|have\s+not|didn't|did\s+not|not|without)\b|"
                                  r"\band\s+(?:those|the\s+ones|customers|the\s+rest)\s+(?:who\s+)?(?:don't|do\s+not|aren't|are\s+not|haven't|without)\b|"
                                  r"(?:不是|没有|不)的(?:又)?(?:有)?多少|(?:其余|剩下|其他)的(?:又)?(?:有)?多少", re.I)


def _and_those_not(frame: Frame, text: str) -> None:
    """"How many customers have high deposit volatility and how many don't?": a yes/no value asked with its
    opposite is a breakdown by the field — both groups, each counted."""
    said = _AND_THOSE_NOT.search(text)
    if said is None:
        return
    hits = [h for h in frame.values if not h.negated and h.mention.end <= said.start()
            and any(str(e.code).lower() in ("true", "false") for e in h.entries)]
    if len(hits) != 1:
        return
    hit = hits[0]
    entries = [e for e in hit.entries if str(e.code).lower() in ("true", "false")]
    frame.values.remove(hit)
    frame.group_fields.append([Entry("field", e.target, table=e.table) for e in entries[:1]])
    frame.mentioned_fields.add(entries[0].target)
    frame.attached += [((hit.mention.start, hit.mention.end), f"field:{entries[0].target}"), (said.span(), f"field:{entries[0].target}")]


def _change_words(frame: Frame) -> None:
    """"YoY growth of the amount disbursed": beside 同比/YoY/MoM, a change word is the
    comparison, not a value that happens to share its name (risk level "R4 growth") — nor right after a figure's
    name ("AUM growth vs last month")."""
    from assistant.parse.building.compare import CHANGE, PREVIOUS, YEAR_AGO

    compared = YEAR_AGO.search(frame.text) or PREVIOUS.search(frame.text)
    frame.values = [h for h in frame.values if not CHANGE.fullmatch(h.mention.text.strip()) or not (
        compared or any(m.of_kind("metric") and m.end <= h.mention.start and not frame.text[m.end:h.mention.start].strip()
                        for m in frame.mentions))]


#: "平均多少？最高和最低分别是多少": two figures named, then 分别 — each of those figures, no breakdown
_FIGURES_BEFORE = patterns.compile(r"(?:平均|均值|最高|最低|最大|最小|最多|最少|合计|总和|中位数)(?:值|数)?\s*(?:和|与|及|跟|、)\s*"
                             r"(?:平均|均值|最高|最低|最大|最小|最多|最少|合计|总和|中位数)(?:值|数)?\s*(?:的)?\s*$")


_FIGURE_JOIN = patterns.compile(r"\s*(?:和|与|及|以及|跟|、|,|，|\band\b)\s*(?:the\s+)?(?:总|整体|合计|total\s+|overall\s+)?\s*", re.I)


def _each_of_breakdown(text: str, at: int, mentions: list[Mention]) -> bool:
    """"华中华南的流失客户，按年龄段分各有多少": 各 right after "按<field>分" is each of the breakdown's
    groups — the values listed before it are a condition, no second breakdown."""
    return any(m.of_kind("field") and m.end <= at and re.fullmatch(r"(?:来|去)?(?:分|拆分?|划分|分组|统计|看)?(?:一下)?\s*[，,]?\s*", text[m.end:at])
               and re.search(r"(?:按|按照)\s*$", text[max(0, m.start - 3):m.start]) for m in mentions) \
        or any(m.of_kind("field") and m.end <= at and re.fullmatch(r"\s*(?:的)?\s*", text[m.end:at])  # "…中高价值客户，各区域分别有多少"
               and re.search(r"(?:各个?|每个?|每一个)\s*$", text[max(0, m.start - 3):m.start]) for m in mentions)


def _after_two_figures(text: str, at: int, mentions: list[Mention]) -> bool:
    """"营销总成本和总转化金额各是多少": 各/分别 right after two figures named together is each of
    those figures, no breakdown."""
    figures = sorted((m for m in mentions if m.of_kind("metric") and m.end <= at), key=lambda m: m.end)
    if not figures or re.fullmatch(r"\s*(?:的)?(?:数据|数字|数|值)?\s*(?:合计|总计|一共|共计)?\s*(?:都)?\s*", text[figures[-1].end:at]) is None:
        return False
    if _SET_SIDE_BY_SIDE.match(text, at) and _one_fields_values_joined(text, [m for m in mentions if m.end <= figures[0].start]):
        return False  # ("A活动和B活动，送达率和打开率对比一下": the two campaigns set side by side, each with both figures)
    # ("实验组和对照组转化率分别多少": a group joined to the figure named with the other group — the two groups' figures)
    joined = [m for m in mentions if m.end <= figures[-1].start and (m.of_kind("metric") or m.of_kind("value"))]
    return bool(joined) and _FIGURE_JOIN.fullmatch(text, max(joined, key=lambda m: m.end).end, figures[-1].start) is not None \
        and (len(figures) >= 2 or any(e.kind == "value" for e in max(joined, key=lambda m: m.end).entries))


_SET_SIDE_BY_SIDE = patterns.compile(r"对比|比较|比一比|比一下")


def _one_fields_values_joined(text: str, mentions: list[Mention]) -> bool:
    """Two values of one field said one after the other with only a list word between: "华东和华北", "A活动、B活动"."""
    values = sorted((m for m in mentions if m.of_kind("value")), key=lambda m: m.start)
    return any({e.target for e in a.of_kind("value")} & {e.target for e in b.of_kind("value")}
               and _FIGURE_JOIN.fullmatch(text, a.end, b.start) is not None for a, b in zip(values, values[1:], strict=False))


def _between_figures(text: str, cue: re.Match[str], mentions: list[Mention]) -> bool:
    """"实验组转化率 vs 对照组转化率": "vs" between two figures sets the figures side by side, no breakdown."""
    before = any(m.of_kind("metric") and m.end <= cue.start() and not text[m.end:cue.start()].strip() for m in mentions)
    after = any(m.of_kind("metric") and m.start >= cue.end() and not text[cue.end():m.start].strip() for m in mentions)
    return before and after


def _of_the_figures(text: str, at: int) -> bool:
    return bool(_FIGURES_BEFORE.search(text[max(0, at - 16):at]))


def _values_together(model: SemanticModel, m: Mention, fields: list[Entry]) -> bool:
    """"男女客户的户均AUM": a field named by its values side by side (男 + 女) is split by them."""
    said = m.text.strip()
    for e in fields:
        labels = sorted({v.zh for v in model.field_values(e.target).values() if v.zh}, key=len, reverse=True)
        rest, used = said, 0
        while rest:
            label = next((x for x in labels if rest.startswith(x)), None)
            if label is None:
                break
            rest, used = rest[len(label):], used + 1
        if not rest and used >= 2:
            return True
    return False


#: "各类贷款产品", "不同类型的存款产品": the kinds of the thing named, not each one of them (每种 may be either)
_KINDS_BEFORE = patterns.compile(r"(?:各类|每类|哪类|哪几类|各种类型的?|不同类型的?|不同种类的?)\s*$")


def _kind_of(model: SemanticModel, text: str, m: Mention, fields: list[Entry]) -> list[Entry]:
    """"各类贷款产品": the field of the same table labelled as the type of the one named
    (贷款产品 → 贷款产品类型), if the model has one."""
    if not _KINDS_BEFORE.search(text[max(0, m.start - 8):m.start]):
        return fields
    said = m.text.strip()
    out = []
    for e in fields:
        kinds = [d for d in model.dimensions.get(e.table or "", {}).values() if d.name != e.target and any(
            n in (said + "类型", said + "类别", said + "种类") for n in (d.label.zh, *d.synonyms.zh))]
        out.append(Entry("field", kinds[0].name, table=e.table) if len(kinds) == 1 else e)
    return out


def _related_tags(model: SemanticModel, word: str, have: list[Entry]) -> list[Entry]:
    """Tags whose name or label contains ``word`` ("channel" → acquisition_channel,
    preferred_channel): fallbacks when the word's own fields don't fit the metric."""
    w = word.strip().lower().rstrip("s")
    if len(w) < 2:
        return []
    known = {e.target for e in have}
    return [Entry("field", t.name) for t in model.tag_list
            if t.name not in known and t.type != "number" and (w in t.name or w in t.label.en.lower() or w in t.label.zh)]


def _category_fields(model: SemanticModel, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not (e.target in model.tags and model.tags[e.target].type == "number")]


#: between the two ends of one range: "至少1天但不超过30天", "at least 1 day but no more than 30"
_BOUND_JOIN = patterns.compile(r"\s*(?:[,，、]\s*)?(?:但(?:是)?|且|并且|而且|而|又|同时|\b(?:and|but|yet)\b)?\s*(?:[,，]\s*)?", re.I)


def _second_bound(text: str, first: Comparison, second: Comparison) -> bool:
    """Is ``second`` the other end of ``first``'s range, said right after it with nothing named between
    ("至少1天但不超过30天"): a lower bound then an upper one, or the other way round?"""
    lower, upper = {">=", ">"}, {"<=", "<"}
    opposite = first.op in lower and second.op in upper or first.op in upper and second.op in lower
    return opposite and first.is_percent == second.is_percent and _BOUND_JOIN.fullmatch(text, first.span[1], second.span[0]) is not None


#: a comparison starting right after a name: the name is what that one compares
#: money said before where it is held: "over 100k sitting in deposits", "more than 50k of wealth"
_HELD_IN = patterns.compile(r"\s+(?:(?:sitting|kept|held|parked|left|saved|put|tied\s+up)\s+)?(?:in|of)\s+(?:(?:their|his|her|the|our)\s+)?", re.I)
_COMPARED_NEXT = patterns.compile(r"\s*(?:(?:less|more|fewer|greater|higher|lower)\s+than|over|under|above|below|at\s+(?:least|most)|[<>≥≤]|"
                                  r"超过|低于|高于|不到|少于|多于|大于|小于|不低于|不高于|不少于|不超过)", re.I)


#: a count said by its name, not only the people counted: "客户数", "number of customers", "customer count"
#: "客户数超过500的网点有哪些": the groups asked for, with no ranking
_WHICH_ONES_AFTER = patterns.compile(r"\s*(?:有哪些|是哪些|有哪几(?:个|家)|是哪几(?:个|家))")
_PEOPLE_UNITS = "个位名户人"
_COUNT_WORD_BEFORE = patterns.compile(r"(?:人数|户数|客户数|数量|数)\s*$")


def _so_many(text: str, c: Comparison, units: str) -> re.Match[str] | None:
    """Where a compared number is said to count things: a unit right after it or at its end ("超过60个"), or a count's
    name right before it ("客户数超过60")."""
    return re.compile(rf"\s*[{units}]").match(text, c.span[1]) or _COUNT_WORD_BEFORE.search(text[:c.span[0]]) \
        or re.compile(rf"[{units}]\s*$").search(text, c.span[0], c.span[1])
#: a figure said to be so, to be checked: a round number said loosely, or a claim ("报告称", "is it true")
_ROUGHLY_BEFORE = patterns.compile(r"(?:约|大约|大概|差不多|将近|接近|近|\b(?:about|around|roughly|approximately|approx\.?|nearly|almost)|~|≈)\s*(?:为|是|有|在)?\s*$", re.I)
_ROUGHLY_AFTER = patterns.compile(r"\s*(?:左右|上下|\b(?:or\s+so|ish)\b)", re.I)
_CLAIM = patterns.compile(r"报告|报表|称|据说|听说|核实|复核|核对|核一下|确认|对不对|是否属实|是不是真的|\bis\s+it\s+true\b|\bclaim(?:s|ed)?\b|"
                          r"\breport(?:s|ed)?\b|\bconfirm\b|\bverify\b|\bcheck\s+(?:whether|if|that)\b|\bsaid\s+to\s+be\b", re.I)


def _claimed(masked: str, c: Comparison) -> bool:
    """Is the figure compared said to be so, for checking — roughly ("约为4.9%", "about 80%") or in a claim ("报告称…为4.9%")?"""
    if re.match(r"\s*(?:的|\b(?:who|which|that)\b)", masked[c.span[1]:], re.I):
        return False  # "逾期率为0的网点": a condition on the groups, however the question is phrased
    return bool(_ROUGHLY_BEFORE.search(masked, max(0, c.span[0] - 8), c.span[0]) or _ROUGHLY_AFTER.match(masked, c.span[1])
                or _CLAIM.search(masked))


_PEOPLE_AFTER = patterns.compile(r"\s+(?:[a-z-]+\s+){0,2}?(?:customers|clients|people|users)\b", re.I)
_COUNT_NAMED = patterns.compile(r"数$|数量$|人数$|户数$|\bnumber\s+of\b|\bcount\b|#", re.I)


def _comparison_target(model: SemanticModel, text: str, mentions: list[Mention], c: Comparison, used: set[int],
                       counting_customers: bool) -> tuple[int, list[Entry]] | None:
    """The metric or numeric field a comparison is about: the nearest such mention before
    it (a parenthetical aside does not count as distance), else right after it. Numeric
    fields beat metrics; when the question counts customers, the count itself is never
    the target ("customers with more than 3 loan inquiries")."""
    start, end = c.span
    best: tuple[int, int] | None = None
    for i, m in enumerate(mentions):
        if i in used:
            continue
        entries = amounts_meant(model, list(m.entries)) or list(m.entries)
        numeric = bool(_number_fields(model, entries))
        metric = any(e.kind == "metric" for e in entries)
        if not (numeric or metric):
            continue
        if counting_customers and not numeric and all(e.target == model.default_metric for e in entries if e.kind == "metric") \
                and not _COUNT_NAMED.search(m.text):  # ("客户数超过500的网点": the count named is compared)
            continue
        if _is_money(c) and not _holds_money(model, entries):
            continue  # "customers holding 500k or more": an amount, never a count of customers
        if c.is_percent and not numeric and not any(e.kind == "metric" and e.target in model.metrics
                                                    and model.metrics[e.target].format in ("percent", "ratio") for e in entries):
            continue  # "more than 16.5% of their customers churned": a share, never a count of customers
        if m.end <= start:
            if re.match(r"[^()（）]*[)）]", text[m.end:start]):
                continue  # inside the aside: "AUM (deposits + wealth) of 500k or more" is about AUM
            # (an aside already read, blanked out, is no distance either)
            gap = len(re.sub(r"\s+", " ", re.sub(r"[（(][^()（）]*[)）]", "", text[m.end:start])))
            if gap > 10:
                continue
        elif start < m.start < end:  # the comparison's own unit word: "at least 20 transactions", "more than 30 days past due"
            gap = 0
        elif m.start >= end and (m.start - end <= 8 or _is_money(c) and _HELD_IN.fullmatch(text, end, m.start)) \
                and not re.search(r"\b(?:with|and|who|that|whose|having|but)\b|[,，、;；]|和|且", text[end:m.start], re.I) \
                and not _COMPARED_NEXT.match(text, m.end):  # ("under 35 earning less than 100k": the income is the second's)
            gap = 20 + min(m.start - end, 8)  # "at least 20 transactions", "over 100k sitting in deposits" (not "under 30 with AUM over 1m")
        else:
            continue
        score = gap + (0 if numeric else 40)
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return None
    return best[1], amounts_meant(model, list(mentions[best[1]].entries)) or list(mentions[best[1]].entries)


#: a figure's last word said bare before a comparison: "… customers whose balance is above 0", "with an amount over 50k"
_BARE_TAIL_BEFORE = patterns.compile(r"\b(?:whose|with\s+(?:a|an|the|their)?|their|its|the)\s*([a-z]+)\s+(?:is\s+|are\s+|was\s+|were\s+|of\s+)?$", re.I)


def _named_by_its_tail(model: SemanticModel, text: str, mentions: list[Mention], c: Comparison) -> tuple[int, list[Entry]] | None:
    """"median month-end deposit balance …, counting only customers whose balance is above zero": a figure named
    earlier in the question, said again by its last word alone right before the comparison — when one figure
    named ends so."""
    said = _BARE_TAIL_BEFORE.search(text, max(0, c.span[0] - 40), c.span[0])
    if said is None:
        return None
    tail = said.group(1).lower()
    named = [(i, m) for i, m in enumerate(mentions) if m.end <= said.start() and m.text.isascii() and len(m.text.split()) > 1
             and m.text.lower().split()[-1].rstrip("s") == tail.rstrip("s") and _number_fields(model, list(m.entries))]
    if len({m.text.lower() for _, m in named}) != 1:
        return None
    i, m = named[-1]
    return i, list(m.entries)


def amounts_meant(model: SemanticModel, entries: list[Entry]) -> list[Entry]:
    """"存款超过10万的客户": a word ambiguous between figures (月末余额 or 日均) compared with a number
    is a customer's amount — each option's number tag of the same name, still to be chosen (each keeps
    the options it is one of)."""
    options = tuple(o for e in entries if e.kind == "ambiguous" for o in e.options)
    fields = [Entry("field", o, options=options) for o in options if (t := model.tags.get(o)) is not None and t.type == "number"]
    return fields if options and len(fields) == len(options) else []


def _unit_values(model: SemanticModel, text: str, comparisons: list[Comparison]) -> list[Comparison]:
    """"三年期的定期存款", "5-year time deposits": a number with a dimension's unit is that
    value (an equality), converted to the dimension's own unit where it counts months."""
    from assistant.recognise.numbers.numerals import cn_to_number

    units = {u for dims in model.dimensions.values() for d in dims.values() for u in d.units.all()}
    out: list[Comparison] = []
    for unit in sorted(units, key=len, reverse=True):
        said = re.escape(unit.lstrip("-")).replace(r"\ ", r"[\s-]+")
        pattern = rf"(?<![0-9.])([0-9]{{1,3}}|[一二两三四五六七八九十]{{1,3}})\s*{said}" if not unit.isascii() \
            else rf"\b([0-9]{{1,3}})[\s-]*{said}\b"
        for m in re.finditer(pattern, text, re.I):
            if any(c.span[0] < m.end() and m.start() < c.span[1] for c in comparisons + out):
                continue
            value = cn_to_number(m.group(1)) if not m.group(1).isdigit() else float(m.group(1))
            if value:
                out.append(Comparison(op="=", value=float(value), value2=None, span=m.span(), text=m.group(0), is_percent=False))
    return out


_NUMBER_OF_TIME = patterns.compile(r"\s*(?:为|是|:|：|of|=)?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个月|月|年|[\s-]*(?:months?|years?|yrs?)\b)", re.I)


_AGGREGATED_BEFORE = patterns.compile(r"(?:平均|均|最大|最高|最小|最低|合计|总|中位数?|\b(?:avg|average|mean|median|max|min|total))\s*(?:的)?\s*$", re.I)
#: 各 after a value (and what was done with it, and a 比 setting it beside another): "柜台开的比，各开了多少个"
_EACH_AFTER_VALUE = patterns.compile(r"(?:[\u4e00-\u9fff]{0,3}的)?(比)?\s*[,，]?\s*各(?=[\u4e00-\u9fff]{0,4}(?:多少|几))")
_EACH_ASKED_AFTER = patterns.compile(r"\s*(?:分别|各自|各)")
_PER_YEAR = patterns.compile(r"\s*(?:a|per|each|/)\s*(?:year|yr|annum)\b|\s*annually\b|\s*p\.\s?a\.|\s*(?:每年|/年|一年)", re.I)


def _field_then_number(model: SemanticModel, text: str, mentions: list[Mention], comparisons: list[Comparison]) -> list[Comparison]:
    """"期限36个月", "term 36 months": a number of months or years right after the name of a field counted in them
    (one with units of its own) is its value, an equality."""
    from assistant.recognise.numbers.numerals import cn_to_number

    out: list[Comparison] = []
    for m in mentions:
        fields = [e for e in m.of_kind("field") if (ref := model.field(e.target, e.table)) is not None and ref.units.all()]
        said = _NUMBER_OF_TIME.match(text, m.end) if fields else None
        if said is None or any(c.span[0] < said.end() and said.start() < c.span[1] for c in comparisons + out):
            continue
        value = cn_to_number(said.group(1)) if not said.group(1).isdigit() else float(said.group(1))
        if value:
            start = said.start(1)
            out.append(Comparison(op="=", value=float(value), value2=None, span=(start, said.end()), text=text[start:said.end()], is_percent=False))
    for m in mentions:  # "loan bal 0", "贷款余额为0": an amount said to be nothing
        said = _ZERO_AFTER.match(text, m.end) if _holds_money(model, list(m.of_kind("field"))) else None
        if said is not None and not any(c.span[0] < said.end() and said.start() < c.span[1] for c in comparisons + out):
            out.append(Comparison(op="=", value=0.0, value2=None, span=said.span(1), text=said.group(1), is_percent=False))
    return out


#: nothing said right after an amount's name, with no comparison word
_ZERO_AFTER = patterns.compile(r"\s*(?:=|==|is|of|at|为|是|等于)?\s*(0|zero|零)(?![\w.,%])", re.I)


def _is_money(c: Comparison) -> bool:
    """A compared amount of money: yuan, or thousands and more (500k, 5万, 1.5 million)."""
    return bool(_MONEY.search(c.text) or re.search(r"\d\s*(?:k|m|w|万|千万|亿|million|thousand|mn)(?![a-z])|\d\s*(?:万|亿)", c.text, re.I))  # ("10w到50w": 到 is no letter)


def _holds_money(model: SemanticModel, entries: list[Entry]) -> bool:
    """Can the mention's metric or numeric field be an amount of money?"""
    for e in entries:
        if e.kind == "metric" and e.target in model.metrics and model.metrics[e.target].format == "currency":
            return True
        if e.kind == "field":
            tag = model.tags.get(e.target)
            dim = model.dimensions.get(e.table or "", {}).get(e.target)
            fmt = (tag.format if tag is not None else None) or (dim.format if dim is not None else None)
            if fmt == "currency" or fmt is None and (tag is not None and tag.type == "number" or dim is not None and dim.type == "number"):
                return True
    return False


def _average_word(text: str, span: tuple[int, int]) -> bool:
    """"日均"/"daily average" is a kind of balance, not a daily breakdown."""
    word = text[span[0]:span[1]].lower()
    if not re.search(r"日|day|daily", word):
        return False
    around = text[max(0, span[0] - 10):span[1] + 10].lower()
    return bool(re.search(r"日均|daily[\s-]+(?:average|avg)|(?:average|avg)[\s-]+daily|per\s+day\s+average", around))


def _restated_amount(frame: Frame, model: SemanticModel) -> None:
    """"have a loan outstanding": an amount's name overlapping a yes/no value defined by that
    amount (有贷款: loan_balance > 0) restates the value; it is no figure asked for."""
    for hit in frame.values:
        flags = [e for e in hit.entries if e.target in model.tags and model.tags[e.target].type == "boolean" and model.tags[e.target].expr]
        for m in frame.mentions:
            if not (m.start < hit.mention.end and hit.mention.start < m.end) or m is hit.mention:
                continue
            for e in m.of_kind("metric"):
                named = sum(1 for x in frame.mentions if any(y.kind == "metric" and y.target == e.target for y in x.entries))
                if named == 1 and any(re.search(rf"\b{re.escape(e.target)}\b", model.tags[f.target].expr or "") for f in flags):
                    frame.metrics = [x for x in frame.metrics if x != e.target]
                    frame.attached.append(((m.start, m.end), "any"))
                    # and what else its words named ("outstanding", a loan status) goes with it
                    frame.values = [h for h in frame.values if h is hit or not (m.start <= h.mention.start and h.mention.end <= m.end)]


#: one figure divided by another, said as a definition: "clicked touches divided by delivered touches", "A / B", 除以
_DIVIDED_BY = patterns.compile(r"\s*(?:divided\s+by|over|/|÷|除以|比上)\s*", re.I)


def _restated_ratio(frame: Frame, model: SemanticModel) -> None:
    """"click rate, defined as clicked delivered treatment touches divided by delivered treatment touches",
    "营销转化率，即已转化的送达实验组触达除以送达实验组触达": a rate named with its own numerator divided by its
    own denominator is its definition said again — neither part is a figure asked for, the words are placed,
    and the values saying what the parts are (已转化, treatment) are no conditions. Any other value said
    there stays a condition."""
    rates = [model.metric(n) for n in frame.metrics if n in model.metrics and model.metric(n).kind == "ratio"]
    named = sorted((m for m in frame.mentions if m.of_kind("metric")), key=lambda m: m.start)
    restated: list[tuple[int, int]] = []
    for left, right in zip(named, named[1:], strict=False):
        gap = _DIVIDED_BY.match(frame.text, left.end, right.start)  # then maybe words of the denominator's rows: 除以送达实验组触达
        if gap is None or right.start - gap.end() > 16 or re.search(r"[,，;；:：。?？!！()（）]", frame.text[gap.end():right.start]):
            continue
        tops, bottoms = {e.target for e in left.of_kind("metric")}, {e.target for e in right.of_kind("metric")}
        # "converted delivered treatment touches": the denominator's rows, said with the numerator's word before them
        opening = max((b.end() for b in _DEFINITION_START.finditer(frame.text, 0, left.start)), default=max(0, left.start - 24))
        said = frame.text[max(opening, left.start - 24):left.start]
        rate = next((r for r in rates if r.denominator in bottoms and (
            r.numerator in tops or r.denominator in tops and _names_word(model, r.numerator or "", said))), None)
        if rate is None:
            continue
        span = (left.start - len(said), right.end)
        restated.append(span)
        shown = [m for m in frame.mentions if span[0] <= m.start and m.end <= span[1]]
        own = [h for h in frame.values if span[0] <= h.mention.start and h.mention.end <= span[1]
               and (_defines(model, rate, h) or h.mention.end <= left.start and _names_word(model, rate.numerator or "", h.mention.text))]
        frame.values = [h for h in frame.values if h not in own]
        frame.attached += [((m.start, m.end), "any") for m in shown if m.of_kind("metric") or any(h.mention is m for h in own)]
        kept = [h.mention for h in frame.values if span[0] <= h.mention.start < span[1]]  # conditions said there stay
        frame.attached += [(s, "any") for s in ((span[0], left.start), (gap.end(), right.start)) if not any(s[0] <= k.start < s[1] for k in kept)]
        frame.attached.append((gap.span(), "any"))
    # the parts are no figures asked for — unless one is also named outside every definition said again
    inside = lambda m: any(a <= m.start and m.end <= b for a, b in restated)  # noqa: E731
    parts = {e.target for m in named if inside(m) for e in m.of_kind("metric")} - {r.name for r in rates}
    parts -= {e.target for m in named if not inside(m) for e in m.of_kind("metric")}
    frame.metrics = [x for x in frame.metrics if x not in parts]


def _defines(model: SemanticModel, rate: Metric, hit: ValueHit) -> bool:
    """Is the value one the rate's own parts say (treatment: implied; 已转化: the numerator's converted_at)?"""
    parts = [model.metric(n) for n in (rate.name, rate.numerator, rate.denominator) if n and n in model.metrics]
    implied = {f for m in parts for f in m.implies}
    defining = " ".join(m.measure.where or "" for m in parts if m.measure is not None)
    return all(e.target in implied or column_of(model, e) in defining for e in hit.entries)


def _parts_of(model: SemanticModel, metric: Metric) -> list[Metric]:
    """A figure and the figures it is made of, all the way down (uplift: the campaign's and the control's
    conversion rates, and their numerators and denominators)."""
    out, todo = [], [metric]
    while todo:
        m = todo.pop()
        if m in out:
            continue
        out.append(m)
        names = [m.numerator, m.denominator] + (re.findall(r"[a-z_]+", m.expr) if m.kind == "derived" and m.expr else [])
        todo += [model.metric(n) for n in names if n and n in model.metrics]
    return out


#: "(uplift = treated conversion rate minus control conversion rate)": a bracket that names a figure, then says what it is
_NAMED_THEN_DEFINED = patterns.compile(r"\s*(?:=|＝|:|：|\bis\b|\bmeans\b|\bequals\b|就是|是指|指|即|为)")


def _rate_defined_in_brackets(frame: Frame, model: SemanticModel) -> None:
    """"按营销转化率（已送达的实验组触达中已转化的比例）排序": a bracket right after a rate that says its own
    definition — the values inside are its parts (已转化 is the numerator's rows, not a condition that
    makes every rate 100 %), the parts named are no figures. Placed whole only when nothing else is said there.
    So too a bracket anywhere that names a figure asked and then defines it by its own parts ("uplift = treated
    conversion rate minus control conversion rate": treated is the campaign rate's own group, no condition)."""
    for m in frame.mentions:
        named = next((model.metric(e.target) for e in m.of_kind("metric") if e.target in frame.metrics), None)
        opened = re.search(r"[(（]\s*$", frame.text[:m.start])
        bracket = _BRACKETED_LIST.match(frame.text, opened.start()) if opened and named and _NAMED_THEN_DEFINED.match(frame.text, m.end) else None
        rate = named if bracket is not None else next((model.metric(e.target) for e in m.of_kind("metric")
                                                         if e.target in frame.metrics and model.metric(e.target).kind == "ratio"), None)
        if bracket is None:
            bracket = _BRACKETED_LIST.match(frame.text, m.end + len(frame.text[m.end:]) - len(frame.text[m.end:].lstrip())) if rate else None
        if rate is None or bracket is None:
            continue
        inside = [x for x in frame.mentions if bracket.start() < x.start and x.end < bracket.end()]
        hits = [h for h in frame.values if bracket.start() < h.mention.start < bracket.end()]
        every = _parts_of(model, rate)
        parts = {p.name for p in every} - {rate.name} if rate.kind != "ratio" else {rate.numerator, rate.denominator}
        if not (hits or opened) or not all(any(_defines(model, p, h) for p in every) for h in hits) \
                or any(x.of_kind("metric") and not {e.target for e in x.of_kind("metric")} & (parts | {rate.name}) for x in inside):
            continue
        frame.values = [h for h in frame.values if h not in hits]
        frame.metrics = [n for n in frame.metrics if n not in parts or any(
            x.start < bracket.start() or x.start > bracket.end() for x in frame.mentions if any(e.target == n for e in x.of_kind("metric")))]
        frame.attached.append((bracket.span(), "any"))


#: where a definition starts: "defined as", "i.e.", "where the rate is", 即, 定义为, a comma or bracket
_DEFINITION_START = patterns.compile(r"defined\s+as|i\.?e\.?|namely|that\s+is|the\s+rate\s+is|calculated\s+as|computed\s+as|即|定义为|口径为|口径是|[,，;；:：(（]", re.I)


def column_of(model: SemanticModel, e: Entry) -> str:
    """The column a value's field reads ("converted_at" of was_converted), or a name no condition holds."""
    ref = model.field(e.target, e.table)
    column = re.search(r"\.([a-z_]+)", ref.expr or "") if ref is not None else None
    return column.group(1) if column else "\0"


def _names_word(model: SemanticModel, metric: str, word: str) -> bool:
    """Do the words ``word`` say one of the metric's names ("clicked" of "clicked touches", 转化 of 转化数)?"""
    m = model.metrics.get(metric)
    if m is None:
        return False
    names = [s.lower() for s in (m.label.zh, m.label.en, *m.synonyms.all())]
    stem = lambda w: w[:6] if len(w) >= 6 else w  # noqa: E731  # "converted" of "control conversions"
    words = {stem(w) for w in re.findall(r"[a-z]+", word.lower())} - {"of", "the", "a", "and"}
    return any(words & {stem(w) for w in re.findall(r"[a-z]+", n)} or any(
        len(core) >= 2 and core in word for core in re.findall(r"[\u4e00-\u9fff]{2,}", n.rstrip("数")[:2])) for n in names)


#: ("total amount requested": a sum asked, never "at least one")
_MONEY_WORD = patterns.compile(r"\b(?:amounts?|balances?|sums?|values?)\b|金额|余额|额度", re.I)
#: words that only ask, said first in a clause ("想了解一下", "I'm wondering")
_ASKING_LEAD = patterns.compile(r"\s*(?:我|我们)?(?:想|希望)(?:了解|知道|问)(?:一下|下)?|\s*请问|\s*\bi(?:'|’)?d\s+like\s+to\s+know\b|\s*\bi(?:'m|’m|\s+am)\s+wondering\b", re.I)


def _asking_only(text: str, a: int, b: int, as_of: date) -> tuple[int, int]:
    """A scene clause that only asks, then names a period ("想了解一下2025年下半年，…"): the asking words alone are the
    scene — the period is the question's own."""
    asking = _ASKING_LEAD.match(text, a, b)
    if asking is None or not text[asking.end():b].strip():
        return a, b
    rest = mask(text[asking.end():b], [t.span for t in find_time_ranges(text[asking.end():b], as_of)])
    return (a, asking.end()) if not re.sub(r"[\s,，的]", "", rest) else (a, b)


#: a period that names its year or its place from today ("2025", "去年", "last month"), not a bare quarter of a plan
_DATED = patterns.compile(r"20\d\d|\d{2}年|去年|今年|前年|上个?月|本月|这个月|上季度|本季度|近\d|最近|\blast\b|\bthis\b|\bpast\b|\bprevious\b|\bprior\b", re.I)
_EVERY_BEFORE = patterns.compile(r"\b(?:every|all|any)\s+$", re.I)
_ALL_KEPT_AFTER = patterns.compile(r"(?:es|s)?\s+(?:(?:is|are)\s+)?(?:in\s+scope|included|counted)\b", re.I)


#: an exclusion said right before what it leaves out: "excluding settled and rejected loans", "不含被拒绝的贷款"
_EXCLUDED_BEFORE = patterns.compile(r"(?:\bexcluding|\bexclude|\bexcept(?:\s+for)?|\bnot\s+counting|\bleaving\s+out|\bleave\s+out|"
                                    r"除了|除去|不含|不包括|不算|剔除|排除)\s*(?:the\s+|any\s+|all\s+)?$", re.I)
_JOINED = patterns.compile(r"\s*(?:、|/|\band\b|\bor\b|和|或|及)\s*(?:the\s+)?", re.I)


def _excluded_right_before(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Is ``m`` what an exclusion right before it leaves out — said first after it, or listed after the values it
    leaves out ("excluding settled and rejected loans")?"""
    start = m.start
    while (x := next((x for x in mentions if x.of_kind("value") and x.end <= start and _JOINED.fullmatch(text, x.end, start)), None)) is not None:
        start = x.start
    return _EXCLUDED_BEFORE.search(text, max(0, start - 24), start) is not None


def _rows_of_metric(model: SemanticModel, name: str, m: Mention) -> Mention | None:
    """``m`` (a name of the metric ``name``) read as the value its definition fixes ("rejected loans": status rejected),
    when the definition fixes exactly one field it implies; ``None`` otherwise."""
    from semantic_layer.compile.plan import fixed_values

    metric = model.metrics.get(name)
    if metric is None or metric.kind != "simple":
        return None  # ("treatment conv rate minus control conv rate": a rate is no rows to leave out)
    fixed = [(f, codes) for f in metric.implies if (codes := fixed_values(model, metric, f))]
    if len(fixed) != 1:
        return None
    field, codes = fixed[0]
    table = next((t for t, dims in model.dimensions.items() if field in dims), None)
    return replace(m, entries=tuple(Entry("value", field, code, table) for code in sorted(codes)))


def _metric_of_the_values_rows(frame: Frame, model: SemanticModel) -> None:
    """"What percentage of our outstanding loans are past due": a name of two figures (the outstanding loans'
    number, their balance) is the one whose rows the question's values are values of (past due: the loans)."""
    def table(name: str) -> str | None:
        measure = model.metrics[name].measure if name in model.metrics else None
        return measure.table if measure is not None else None

    if not frame.share:
        return  # (a share of them is of the rows the values are of; otherwise the figures decide — "how many …, and their amount")
    valued = {e.table for h in frame.values for e in h.entries if e.table}
    for m in frame.mentions:
        named = [e.target for e in m.of_kind("metric")]
        if len(named) < 2 or named[0] not in frame.metrics or table(named[0]) in valued:
            continue
        fits = [n for n in named[1:] if table(n) in valued and n not in frame.metrics]
        if len(fits) == 1:
            frame.metrics[frame.metrics.index(named[0])] = fits[0]
            frame.metric_mentions[fits[0]] = m.text


def _metric_or_value(frame: Frame, model: SemanticModel) -> None:
    """A name that is both a metric and a value is the value when another metric is asked
    ("control-group conversion rate for the wealth repurchase campaigns"), else the metric."""
    for hit in frame.dual:
        metric = next(e.target for e in hit.mention.entries if e.kind == "metric")
        # ("How many dormant customers did we wake up in December?": only the people counted, and no word of the
        # value's own rows — no campaign named — the metric, whose converted customers are the count asked)
        only_people = set(frame.metrics) <= {model.default_metric} and any(e.kind == "value" and e.table for e in hit.entries) \
            and not _rows_said(frame, model, hit)
        if frame.metrics and not only_people:
            frame.values.append(hit)
        elif metric not in frame.metrics:
            frame.metrics.append(metric)


def _rows_said(frame: Frame, model: SemanticModel, hit: ValueHit) -> bool:
    """Does the question say a word of the tables ``hit``'s value lives in, outside the hit itself?"""
    tables = {e.table for e in hit.entries if e.kind == "value" and e.table}
    text = mask(frame.text, [(hit.mention.start, hit.mention.end)]).lower()
    words = set(re.findall(r"[a-z]+(?:[-'’][a-z]+)*", text))
    return any((w.lower() in text) if CJK_RUN.search(w) else w.lower() in words
               for t in tables for w in table_nouns(model, t) if len(w) > 1)


#: "哪三个月…最低": how many periods the ranking keeps, said with the grain
_PERIODS_COUNTED = patterns.compile(r"哪\s*([0-9两二三四五六七八九十]{1,3})\s*个?")


def _periods_counted(rank: RankRequest, grain: str) -> RankRequest:
    """"2025年哪三个月的贷转存率最低": the three lowest months, not the lowest one (the grain's words hold the count)."""
    said = _PERIODS_COUNTED.match(grain)
    n = to_int(said.group(1)) if said else None
    return RankRequest(n=n, direction=rank.direction, span=rank.span, text=rank.text) if n and n > 1 else rank


def _rank_size(rank: RankRequest, text: str) -> tuple[RankRequest, tuple[int, int] | None]:
    """"the five campaigns with the lowest …": a count word before the noun sets N
    (returned with the span of that word)."""
    if rank.n != 1:
        return rank, None
    from assistant.recognise.numbers import find_numbers

    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
    m = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten)\b", text, re.I)
    if m:
        return RankRequest(n=words[m.group(1).lower()], direction=rank.direction, span=rank.span, text=rank.text), m.span()
    for value, span, _raw in find_numbers(text):
        after = text[span[1]:span[1] + 3]
        if value == int(value) and 1 < value <= 100 and re.match(r"\s*(?:个|家|名|位|款|项|类)|\s+[a-z]", after) \
                and not re.match(r"\s*(?:days?|weeks?|months?|years?|yrs?|quarters?|hours?|d\b|天|日|周|个?月|年|季)", text[span[1]:], re.I) \
                and not re.search(r"[A-Za-z_]$", text[:span[0]]):  # ("login_days_30d": a name's digits, no count)
            return RankRequest(n=int(value), direction=rank.direction, span=rank.span, text=rank.text), span
    return rank, None


_IS_IN = patterns.compile(r"\s*(?:is|are|was|were)?\s*(?:located\s+|based\s+)?(?:in|at)\s+(?:the\s+)?|\s*(?:位于|在|设在|属于)\s*", re.I)


_OF_THE = patterns.compile(r"\s*(?:[(（][^()（）]{1,12}[)）])?\s*(?:的)?\s*")


#: how many of them are said between the place and the field: "上海那四家支行", "深圳三家支行"
_HOW_MANY_OF_THEM = patterns.compile(r"\s*(?:那|这)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:家|个)\s*")


#: a total asked beside a ranking: "再给个全行理财余额合计", "plus the bank-wide total"
_TOTAL_BESIDE = patterns.compile(r"(?:再|另外|顺便|同时)(?:给|加|来|算|列)?(?:个|一个|下|上)?[^,，。;；?？]{0,10}?(?:合计|总计|汇总|总额|总数|总量)|"
                                 r"\b(?:plus|and\s+also|also\s+give|along\s+with)\s+(?:the\s+)?(?:bank-?wide\s+|overall\s+|grand\s+)?total\b", re.I)
#: the place of one group in a ranking: "where does Xihu rank", "排第几", "排名多少", "what's our rank"
_RANK_POSITION = patterns.compile(r"排(?:名|在)?第几|排名(?:是)?(?:多少|几)|名次(?:是)?(?:多少|几)|第几名|"
                                  r"\bwhere\s+(?:do|does|did)\s+.{1,30}?\b(?:rank|place|stand)\b(?!\s+(?:from|out))|"
                                  r"\bwhat(?:'s|\s+is)\s+(?:our|its|their|the)\s+(?:rank|ranking|position)\b", re.I)
#: …asked for each of them after: "…的贷款余额各是多少", "分别多少"
_EACH_OF_THEM_AFTER = patterns.compile(r"[^,，。;；?？]*?(?:各(?:是|有|为|自|多少)|分别)")


def _where_it_is(frame: Frame, model: SemanticModel, text: str, lexicon: Lexicon | None = None) -> None:
    """"customers whose home branch is in Chengdu", "网点位于上海的客户", "customers of East China
    (华东) branches": a field named beside a value of another field of the same rows (the branch's
    city or region) — the value says where, the field whose it is; the field is no breakdown of its own."""
    for h in frame.values:
        home = {model.tag_table(e.target) for e in h.entries} - {None}
        for m in frame.mentions:
            gap = _IS_IN.fullmatch(text, m.end, h.mention.start) if m.end <= h.mention.start else \
                _OF_THE.fullmatch(text, h.mention.end, m.start) if h.mention.end <= m.start else None
            fields = m.of_kind("field")
            counted = _HOW_MANY_OF_THEM.fullmatch(text, h.mention.end, m.start) if gap is None and h.mention.end <= m.start else None
            if counted is not None and lexicon is not None and any(
                    lexicon.named_after.get((f.target, str(e.code))) == to_int(counted.group(1)) for f in fields for e in h.entries):
                # "上海那四家支行": all of the place's branches, counted — the number is theirs, no top four
                gap = counted
                frame.attached.append((counted.span(), "any"))
                if _EACH_OF_THEM_AFTER.match(text, m.end):
                    continue  # "杭州三个支行的贷款余额各是多少": each of them, one row a branch
            if gap is None or not fields or not all(model.tag_table(e.target) in home for e in fields):
                continue
            if _HOW_MANY_RIGHT_BEFORE.search(text, max(0, m.start - 24), m.start) or _HOW_MANY_RIGHT_AFTER.match(text, m.end):
                continue  # "how many branches in Shanghai?": the branches are what is counted — no customers' place
            if frame.rank is not None and frame.rank.span[1] <= h.mention.start and not text[frame.rank.span[1]:h.mention.start].strip():
                continue  # "bottom 3 East China branches": the branches of East China, ranked
            if _ranked_right_before(frame, text, min(m.start, h.mention.start)):
                # "top 3 branches in Shenzhen by AUM", "rank the cities in South China", "rank our chengdu branches": the
                # branches ranked, Shenzhen's
                continue
            if re.search(rf"\b(?:each|every|per)\s+{_OF_THEM}$|(?:各|每个|每一个)\s*$", text[:min(h.mention.start, m.start)], re.I):
                continue  # "for each Hangzhou branch", "for each of the Wuhan branches": Hangzhou's branches, one row each
            frame.attached += [((m.start, m.end), f"field:{e.target}") for e in h.entries]
            targets = {e.target for e in fields}
            if any(o is not m and (o.end <= min(m.start, h.mention.start) or o.start >= max(m.end, h.mention.end))
                   and {e.target for e in o.of_kind("field")} & targets for o in frame.mentions):
                continue  # "top 5 branches …, excluding the Shanghai branches": the breakdown named before (or after: "除了上海的网点
                # 以外，…最多的是哪5个网点"), on its own, stays
            frame.group_fields = [g for g in frame.group_fields if not {x.target for x in g} <= targets]
            frame.loose_fields = [g for g in frame.loose_fields if not {x.target for x in g} <= targets]


def _ranked_right_before(frame: Frame, text: str, start: int) -> bool:
    """A ranking said right before the field ("top 3 branches", "rank the cities", "sort all the branches")."""
    ends = [frame.rank.span[1]] if frame.rank is not None else []
    ends += [r.end() for r in cues.RANKING.finditer(text, 0, start)]
    return any(end <= start and _ARTICLE_ONLY.fullmatch(text, end, start) for end in ends)


_ARTICLE_ONLY = patterns.compile(r"\s*(?:(?:all\s+)?(?:the|our)\s+|all\s+)?", re.I)
_REST = patterns.compile(r"^(?:其他|其它|其余|别的|others?\b)", re.I)


def _the_rest(frame: Frame, model: SemanticModel) -> None:
    """"除了普通员工以外，其他职业的客户", "apart from employees, other occupations": after a value
    left out, a value named "other …" of the same field is the rest of the field — what leaving
    the first out already keeps — not the field's "other" code."""
    left_out = [h for h in frame.values if h.negated]
    for h in list(frame.values):
        if h.negated or not any(
                _REST.match(label) for e in h.entries if e.code is not None
                for v in (model.field_values(e.target).get(e.code),) if v is not None for label in (v.zh, v.en)):
            continue
        fields = {e.target for e in h.entries}
        if any(o.mention.end <= h.mention.start and h.mention.start - o.mention.end <= 24
               and fields & {e.target for e in o.entries} for o in left_out):
            frame.values.remove(h)
            frame.attached.append(((h.mention.start, h.mention.end), "any"))


#: only there, never elsewhere: "只在微信小程序登录", "仅通过网银", "only on the mini program", "only ever used the app"
_ONLY_THERE_BEFORE = patterns.compile(r"(?:只|仅|仅仅|只有)(?:在|用|通过|使用|用过|从|去|走)\s*$|"
                                      r"\bonly\s+(?:ever\s+)?(?:on|in|through|via|using|used|uses|use|at|from)\s+(?:the\s+|our\s+)?$", re.I)


#: between a period and its rows' noun: "2024年开始的|活动", "2025 |campaigns"
_ROWS_OF_PERIOD = patterns.compile(r"\s*(?:开始|启动|上线|发起|开展|做|办)?\s*的?\s*", re.I)
#: between a verb and the figure it is of: "acquired the most new customers", "acquired 300 new customers"
_VERB_THEN_FIGURE = patterns.compile(r"\s+(?:the\s+)?(?:most|more|fewest|fewer|least|\d[\d,]*|how\s+many)?\s*", re.I)


def _only_there(frame: Frame, model: SemanticModel, text: str) -> None:
    """"上个月有登录的客户里，只在微信小程序登录的占多少": customers whose rows are all of one value (none elsewhere),
    not those with some rows of it — noted for the builder (rows of the other values: none), never read as "some"."""
    for h in frame.values:
        rows = [e for e in h.entries if e.table is not None and (t := model.tables[e.table]).customer_key and t.customer_key != t.primary_key]
        said = _ONLY_THERE_BEFORE.search(text, max(0, h.mention.start - 16), h.mention.start)
        if re.fullmatch(r"\s*(?:的|呢|吗|的呢)?\s*[?？。.!！]?\s*", text[h.mention.end:]):
            continue  # ("And only on wechat mini?", "那只在app上的呢": a follow-up narrowing to it, nothing done only there)
        if not h.negated and rows and said is not None:
            frame.only.append((h, said.group().strip()))
            frame.attached.append((said.span(), "any"))


#: a list said to go on: "sms vs push vs wechat etc", "短信、APP推送等", "微信之类的"
_AND_SO_ON = patterns.compile(r"\s*(?:,\s*)?(?:etc\b\.?|et\s+cetera\b|and\s+so\s+on\b|and\s+(?:the\s+)?(?:rest|others)\b|等等|等(?!\s*[一二三四五六七八九十两\d几]+\s*(?:个|家|类|种|档|地|城))|之类的?|什么的|那些|这些|(?:那种|这种|那样的?)(?![\u4e00-\u9fff]))", re.I)  # "北京、上海等两个城市" is the whole list


#: a value said to be counted too: "已经结清的也算进去", "含已结清", "settled ones included", "including closed accounts"
_ALSO_AFTER = patterns.compile(r"\s*了?(?:的|ones?\b|loans?\b|accounts?\b|customers?\b)?\s*(?:(?:也|同样|一并)\s*(?:要|需要|得|应)?\s*"
                              r"(?:算|计|包括|包含|统计|纳入|计入)(?:进去|在内|进来|上|进)?|(?:\s+(?:are\s+|being\s+|are\s+to\s+be\s+|should\s+be\s+|must\s+be\s+|to\s+be\s+)?"
                              r"(?:included|counted\s+(?:too|as\s+well|in)|too|as\s+well(?!\s+as))\b))", re.I)
_ALSO_BEFORE = patterns.compile(r"(?:\bincluding|\bincl\.?|\binclusive\s+of|\bcounting|算上|连同|(?:包括|包含|含)(?=\s*(?:后来|之后|此后|后面)?\s*已))"
                                r"\s*(?:后来|之后|此后|后面)?\s*(?:the\s+|any\s+|已经|已)?\s*$", re.I)  # ("含后来已销户的")
_STATE_INCLUDED = patterns.compile(r"(?:包括|包含|含)\s*(?:后来|之后|此后|后面)?\s*$")  # "含已结清的", "含后来已销户的": a state said to be in


#: (in)activity said right after a value: "APP上完全不活跃", "active on the app"
_ACTIVE_AFTER = patterns.compile(r"\s*(?:上|里|端)\s*(?:完全|都|基本|一直|很|非常|比较)?\s*(?:不)?\s*活跃", re.I)
_ACTIVE_BEFORE = patterns.compile(r"\b(?:highly\s+|very\s+|not\s+)?(?:active|inactive)\s+(?:on|in)\s+(?:the\s+|our\s+)?$", re.I)


def _where_they_are_active(frame: Frame, text: str) -> None:
    """"学生客户里面，APP上完全不活跃的占多大比例", "highly active on the app": how active people are on the app is
    their activity level (their logins) — the app said there is that level's own place, never how they came to
    the bank (the acquisition channel)."""
    for h in list(frame.values):
        said = _ACTIVE_AFTER.match(text, h.mention.end) or _ACTIVE_BEFORE.search(text[max(0, h.mention.start - 30):h.mention.start])
        if said and any(e.table is None for e in h.entries) and any(e.table is not None for e in h.entries):
            frame.values.remove(h)
            frame.attached.append(((h.mention.start, h.mention.end), "any"))


def _also_counted(frame: Frame, text: str) -> None:
    """"2025年放了多少笔贷款？…已经结清的也算进去": a value said to be counted too keeps the rows it
    names in — no condition (the figure's rows hold them already). "理财和基金都算" is another thing:
    those values are all that counts."""
    for h in list(frame.values):
        if h.negated:
            continue
        lead = _clause_start(text, h.mention.start)
        clause = _COUNTED_CLAUSE.match(text, lead)
        if clause is not None and h.mention.end <= clause.end():  # "Count loans already settled as well as those still outstanding."
            frame.values.remove(h)
            frame.attached.append(((lead, clause.end()), "any"))
            continue
        after = _ALSO_AFTER.match(text, h.mention.end)
        before = _ALSO_BEFORE.search(text, max(0, h.mention.start - 16), h.mention.start) \
            or (_STATE_INCLUDED.search(text, max(0, h.mention.start - 6), h.mention.start) if h.mention.text.startswith("已") else None)
        if after is None and before is None or _asked_in_turn(frame, h, text) or _widens(frame, h, text):
            continue  # ("… in Beijing? and Tianjin too": another group asked for, one row each)
        frame.values.remove(h)
        frame.attached += [((h.mention.start, h.mention.end), "any")] + [(m.span(), "any") for m in (after, before) if m is not None]
        if after is not None:
            frame.attached.append(((_clause_lead(frame, text, h.mention.start), h.mention.start), "any"))


#: a sentence of its own saying which rows count too: "Count the ones settled since then too.", "Include every
#: status — pending and rejected ones too.", "Count loans already settled as well as those still outstanding."
_COUNTED_CLAUSE = patterns.compile(r"\s*(?:please\s+)?(?:count|include|including|counting)\b(?!\s+(?:of|the\s+number|how)\b)[^.;?!。；？！]*?"
                                   r"\b(?:too|as\s+well(?:\s+as\b[^.;?!。；？！]*)?)\b[^.;?!。；？！]*", re.I)


#: between values and another value of their field that they are said not to be: "微信、网银这些都不算App",
#: "已到期(matured)的不算销户", "WeChat and online banking don't count as app"
_NOT_COUNTED_AS = patterns.compile(r"[)）]?(?:[(（][^()（）]{0,20}[)）])?\s*(?:的)?(?:这些|这几个|这几种|这种|这类|等)?\s*(?:都|也)?\s*(?:不算|不属于|不计为|不当作|不算作)(?:是|作|为|成)?\s*|"
                                   r"\s+(?:(?:do|does|are|is)\s*n[o']?t|are\s+not|is\s+not)\s+(?:count(?:ed)?|considered|treated)\s+as\s+(?:an?\s+|the\s+)?", re.I)


def _not_counted_as(frame: Frame, text: str) -> None:
    """"微信、网银这些都不算App": values said not to be another value of their field explain what that value
    means — no condition, and that value is asked about as it was named elsewhere."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for i, h in enumerate(hits):
        if not h.negated:
            continue
        # (the values before may read as left out by the same 不算: "已到期(matured)的不算销户")
        said = [x for x in hits[:i] if {e.target for e in x.entries} & {e.target for e in h.entries}]
        if not said or not _NOT_COUNTED_AS.fullmatch(text, said[-1].mention.end, h.mention.start):
            continue
        listed = [said[-1]]
        for x in reversed(said[:-1]):  # "微信、网银": the whole list before
            gap = text[x.mention.end:listed[-1].mention.start]  # ("已到期(matured)": a value and its code in brackets)
            if not (cues.CONJUNCTION_ONLY.match(gap) or re.fullmatch(r"\s*[(（]\s*", gap)):
                break
            listed.append(x)
        for x in (*listed, h):
            frame.values.remove(x)
        frame.attached.append(((listed[-1].mention.start, h.mention.end), "any"))


#: "Count customers, not loans.", "按人数算，不是按笔数": how the count counts, said against the rows' own nouns
_CUSTOMERS_NOT_ROWS = patterns.compile(
    r"\bcount(?:ing)?\s+(?:(?:distinct|unique)\s+)?(?:customers|clients|people|borrowers)\s*[,，]?\s*(?:not|rather\s+than|instead\s+of)\s+"
    r"(?:the\s+)?(?:loans?|accounts?|transactions?|txns?|events?|rows|records|applications?|touches)\b|"
    r"(?:按|算)(?:客户数|人数|户数|客户)(?:算|计|统计)?\s*[,，]?\s*(?:不是|而不是|不按|别按)(?:按)?(?:笔数|贷款笔数|账户数|交易笔数|贷款数|次数)", re.I)


def _customers_not_rows(frame: Frame, text: str) -> None:
    """"How many … currently have a mortgage outstanding? Count customers, not loans.": the rows' noun said after
    "not" says how the count counts — no negated value (loans as a product category)."""
    for said in _CUSTOMERS_NOT_ROWS.finditer(text):
        frame.values = [h for h in frame.values if not (said.start() <= h.mention.start and h.mention.end <= said.end())]
        frame.attached.append((said.span(), "any"))


#: who the rows of a table are for, said after the table's noun: "campaigns for", "aimed at", "targeting"
_ROWS_FOR = patterns.compile(r"\s+(?:for|aimed\s+at|targeting|targeted\s+at)\s+(?:the\s+|our\s+)?$", re.I)


def _whom_rows_are_for(frame: Frame, model: SemanticModel, text: str) -> None:
    """"two wake-up campaigns for dormant customers": whom a campaign was for, said after its noun beside a value of
    its own (the objective) — it describes those campaigns, no condition on the customers as they are today."""
    for h in list(frame.values):
        if h.negated or not h.entries or any(e.table is not None for e in h.entries):
            continue
        lead = _ROWS_FOR.search(text, 0, h.mention.start)  # ("campaigns| for |dormant customers")
        if lead is None:
            continue
        for other in [*frame.values, *frame.dual]:  # ("wake-up": the objective, or the wake-up rate — decided later)
            # (only rows aimed at someone — a table with an objective or target: "salary credits for male customers" are theirs)
            tables = {e.table for e in other.entries if e.table is not None and e.kind == "value"
                      and any(re.search(r"objective|target", f) for f in model.dimensions.get(e.table, {}))}
            if other is h or not tables or other.mention.end > h.mention.start:
                continue
            nouns = [re.escape(w) for t in sorted(tables) for w in table_nouns(model, t) if w.isascii() and len(w) > 2]
            said = re.search(rf"\b(?:{'|'.join(nouns)})$", text[:lead.start()]) if nouns else None
            if said and not re.search(r"[,.;?!]", text[other.mention.end:said.start()]):
                frame.values.remove(h)
                frame.attached.append(((said.end(), h.mention.end), "any"))
                break


def _clause_start(text: str, start: int) -> int:
    return max((text.rfind(p, 0, start) for p in ",，。;；?？!！.") if not cues.is_chinese(text) else
               (text.rfind(p, 0, start) for p in ",，。;；?？!！"), default=-1) + 1


def _clause_lead(frame: Frame, text: str, start: int) -> int:
    """Where the clause a value said to count too begins, when nothing else is named in it before the value
    ("…,开了之后又销户的也算上": those words say only that) — else the value's own start."""
    lead = _clause_start(text, start)
    named = any(lead <= m.start < start and (m.of_kind("metric") or m.of_kind("value") or m.of_kind("field")) for m in frame.mentions)
    return start if named else lead


#: between two values of an ordered field: "R1到R5", "R2 to R4", "R2-R4", "从R1至R3"
_RANGE_BETWEEN = patterns.compile(r"\s*(?:到|至|~|–|—|-|\bto\b|\bthrough\b|\bthru\b)\s*", re.I)


def _value_range(frame: Frame, model: SemanticModel, text: str) -> None:
    """"按风险等级R1到R5", "risk levels R2 to R4": two values of a field whose values the model orders,
    joined by "to", are every value from one to the other (not the two ends)."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if a.negated != b.negated or not _RANGE_BETWEEN.fullmatch(text, a.mention.end, b.mention.start):
            continue
        fields = [t for t in {e.target for e in a.entries} & {e.target for e in b.entries}
                  if t in model.tags and model.tags[t].order is not None]
        if len(fields) != 1:
            continue
        codes = list(model.tags[fields[0]].values)
        ends = sorted(codes.index(str(e.code)) for h in (a, b) for e in h.entries if e.target == fields[0] and str(e.code) in codes)
        if len(ends) != 2:
            continue
        span = Mention(a.mention.start, b.mention.end, text[a.mention.start:b.mention.end],
                       tuple(Entry("value", fields[0], code) for code in codes[ends[0]:ends[1] + 1]))
        frame.values = [h for h in frame.values if h is not a and h is not b] + [ValueHit(span, list(span.entries), negated=a.negated)]
        frame.mentions = [m for m in frame.mentions if m is not a.mention and m is not b.mention] + [span]
        return


#: rows named as left out right before a value: "ignore touches with |no conversion|", "skip loans that are |overdue|"
_LEFT_OUT_ROWS = patterns.compile(r"\b(?:ignor(?:e|ing)|skip(?:ping)?|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?)\s+(?:the\s+|any\s+|all\s+)?"
                                  r"(?:touches|rows|records|events|loans|accounts|transactions|applications|customers|people|ones|those)\s+"
                                  r"(?:(?:with|that\s+(?:are|were|have|had)|which\s+(?:are|were|have|had)|who\s+(?:are|were|have|had))\s+)?$", re.I)


def _defined_in_brackets(frame: Frame, text: str) -> None:
    """"customers who still hold some wealth (wealth balance > 0)": a value followed by a bracket
    whose condition names it again is defined by that condition — the bracket is read, the word
    is no condition of its own (not "wealth" products' app events)."""
    for h in list(frame.values):
        opened = re.compile(r"\s*[(（]").match(text, h.mention.end)
        if h.negated or opened is None:
            continue
        close = re.compile(r"[)）]").search(text, opened.end())
        if close is None:
            continue
        inside = [m for m in frame.mentions if opened.end() <= m.start < close.start() and (m.of_kind("metric") or m.of_kind("field"))]
        compared = [c for _, c in [*frame.field_filters, *frame.metric_filters] if opened.end() <= c.span[0] < close.start()]
        word = h.mention.text.strip().lower()
        if compared and any(word and word in m.text.lower() for m in inside):
            frame.values.remove(h)
            frame.attached.append(((h.mention.start, h.mention.end), "any"))


_VALUE_LIST = patterns.compile(r"[(（]([^()（）]{1,80})[)）]")
#: "came in via digital, i.e. app or wechat?", "线上渠道，即app和微信": the values said after a name, told as what it is
_VALUES_GLOSSED = patterns.compile(r"\s*[,，]?\s*(?:i\.\s?e\.?|ie\b|that\s+is|namely|meaning|即|也就是)\s*[,，:：]?\s*([^,，?？;；。.!！]{1,60})", re.I)
_LIST_SEPARATORS = patterns.compile(r"(?:即|也就是|i\.\s?e\.?|[\s、,，+/&及和与或]|\band\b|\bor\b|加|以及|或者)*", re.I)
#: the name a bracket of values defines: "数字渠道", "线上", "digital channels" (never a denial: "非", "excluding")
_GROUP_NAME = patterns.compile(r"(?:[\u4e00-\u9fff]{1,6}|(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)\s*$")
_DENIED = patterns.compile(r"[非不没无除]|\b(?:not|non|no|except|excluding|without|other\s+than)\b", re.I)


def _named_by_its_values(frame: Frame, text: str) -> None:
    """"数字渠道（app、微信、网银）的交易金额", "线上（app+微信+网银）新开户数": a name of our own for a set of values, defined by
    the values listed in the bracket right after it — the values are the condition, the name before them is read."""
    for b in [*_VALUE_LIST.finditer(text), *_VALUES_GLOSSED.finditer(text)]:
        inside = [h for h in frame.values if b.start(1) <= h.mention.start and h.mention.end <= b.end(1) and not h.negated]
        shared = set.intersection(*({e.target for e in h.entries} for h in inside)) if len(inside) >= 2 else set()
        if not shared or any(h not in inside and {e.target for e in h.entries} & shared for h in frame.values):
            continue  # ("线上(app+微信+网银)和柜面分别多少": the named set beside another group of the field — no query says that)
        rest = mask(text[b.start(1):b.end(1)], [(h.mention.start - b.start(1), h.mention.end - b.start(1)) for h in inside])
        if not _LIST_SEPARATORS.fullmatch(rest):
            continue
        name = _GROUP_NAME.search(text, max(0, b.start() - 24), b.start())
        if name is None:
            continue
        start = max([name.start(), *(m.end for m in frame.mentions if name.start() < m.end <= b.start() and not m.of_kind("field"))])
        own = mask(text[start:b.start()], [(m.start - start, m.end - start) for m in frame.mentions if start <= m.start and m.end <= b.start()])
        if start >= b.start() or _DENIED.search(text, start, b.start()) or not own.strip() \
                or cues.cue_before(cues.GROUP_BEFORE, text, start):
            continue  # ("per product type (mortgage / consumer loan / …)": the groups of a breakdown, told)
        frame.attached.append(((start, b.start()), "any"))
        said = {e.target for m in frame.mentions if start <= m.start and m.end <= b.start() for e in m.of_kind("field")}
        frame.attached += [((start, b.start()), f"field:{f}") for f in sorted(said)]
        frame.group_fields = [g for g in frame.group_fields if not {e.target for e in g} <= said]
        frame.loose_fields = [g for g in frame.loose_fields if not {e.target for e in g} <= said]


#: "(city = the borrower's home branch city)", "（城市指客户归属网点所在城市）": a bracket saying what a field is
_FIELD_GLOSS = patterns.compile(r"[(（]\s*([^()（）=:：]{1,24}?)\s*(?:=|:|：|是指|指的是|指|means|refers\s+to)\s*[^()（）]{1,60}[)）]", re.I)


def _field_defined_in_brackets(frame: Frame, mentions: list[Mention], text: str) -> list[Mention]:
    """A bracket that opens with a field's name and says what it is ("(city = the borrower's home branch
    city)"): how the field is read — no condition, no breakdown. The names inside are its words, placed
    when the field is used; only the field's own name is kept."""
    for g in _FIELD_GLOSS.finditer(text):
        named = [m for m in mentions if g.start(1) <= m.start and m.end <= g.end(1)]
        fields = {e.target for m in named for e in m.of_kind("field")}
        if len(named) != 1 or not fields or text[g.start(1):g.end(1)].strip().lower() != named[0].text.strip().lower():
            continue
        mentions = [m for m in mentions if m is named[0] or not g.start() <= m.start < g.end()]
        frame.attached += [(g.span(), f"field:{f}") for f in sorted(fields)]
        # "of our new customers (lifecycle = new)": the words before name that field's value, not a figure
        before = next((m for m in mentions if m.end <= g.start() and not text[m.end:g.start()].strip()), None)
        own = tuple(e for e in before.entries if e.kind == "value" and e.target in fields) if before is not None else ()
        if own and len(own) < len(before.entries):
            mentions = [Mention(m.start, m.end, m.text, own, m.parts) if m is before else m for m in mentions]
    return mentions


#: two values joined by "or": "wealth/fund products", "理财或基金"
_OR_BETWEEN = patterns.compile(r"\s*(?:/|或者|或|\bor\b)\s*", re.I)
#: "or" and a few words of the condition after it ("or no", "或者近30天没"), or before it
_OR_THEN = patterns.compile(r"\s*(?:/|或者|或|\bor\b)[^,，。;；?？!！]{0,10}", re.I)
_THEN_OR = patterns.compile(r"[^,，。;；?？!！]{0,6}?(?:/|或者|或|\bor\b)\s*(?:是|为)?\s*", re.I)


def _either_of_fields(frame: Frame, text: str) -> None:
    """"wealth/fund products": values of two different fields joined by "or" are one group or the
    other — no query here says "or" across fields, so the words are asked about, never read as both."""
    hits = sorted((h for h in frame.values if not h.negated), key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if _OR_BETWEEN.fullmatch(text, a.mention.end, b.mention.start) and not {e.target for e in a.entries} & {e.target for e in b.entries} \
                and all(e.table for e in (*a.entries, *b.entries)):  # "time deposit or CD coming due": a tag says what of them
            frame.unread.append(text[a.mention.start:b.mention.end])
    # "low or no login activity", "高价值或者年龄大于60": a value, or a condition on another field — neither is both
    for h in hits:
        for entries, c in frame.field_filters:
            fields = {e.target for e in entries}
            if fields & {e.target for e in h.entries}:
                continue
            start = min([c.span[0], *(m.start for m in frame.mentions if {e.target for e in m.of_kind("field")} & fields
                                      and m.end <= c.span[0] and c.span[0] - m.end <= 6)])
            between = [m for m in frame.mentions if h.mention.end <= m.start < start or c.span[1] <= m.start < h.mention.start]
            if not between and (h.mention.end <= start and _OR_THEN.fullmatch(text, h.mention.end, start)
                                or c.span[1] <= h.mention.start and _THEN_OR.fullmatch(text, c.span[1], h.mention.start)):
                frame.unread.append(text[min(h.mention.start, start):max(h.mention.end, c.span[1])])
    # "年龄大于60或者年收入超过50万": two conditions on two fields, either one
    for (first, a), (second, b) in itertools.combinations(sorted(frame.field_filters, key=lambda x: x[1].span[0]), 2):
        fields = {e.target for e in second}
        if fields & {e.target for e in first}:
            continue
        start = min([b.span[0], *(m.start for m in frame.mentions if {e.target for e in m.of_kind("field")} & fields
                                  and m.end <= b.span[0] and b.span[0] - m.end <= 6)])
        if a.span[1] <= start and _OR_THEN.fullmatch(text, a.span[1], start) \
                and not any(a.span[1] <= m.start < start and not m.of_kind("field") for m in frame.mentions):
            frame.unread.append(text[a.span[0]:b.span[1]])


#: a last clause that only says again, in the asker's own words, what a value named before means:
#: "…有多少个 就是很久没动静那种", "what % are churned? like totally gone"
_PARAPHRASE_AT_END = patterns.compile(r"(?:[,，。?？!！\s]|^)\s*(?:就是|也就是|即|指)\s*([^,，。;；?？!！]{2,16}?)\s*(?:的)?(?:那种|那类|那些|这种|这类)(?:人|客户)?\s*[?？。!！.]*\s*$|"
                                r"[?？.!！,，]\s*(?:like|i\.?e\.?|meaning|as\s+in)\s+([a-z][a-z\s'’-]{2,30}?)\s*[?？.!！]*\s*$", re.I)


def _paraphrase_at_end(frame: Frame, text: str) -> None:
    """A paraphrase at the end of one value named before it, with no name of the model and no number of its
    own, restates that value ("dormant 客户…就是很久没动静那种"): read, no condition of its own."""
    said = _PARAPHRASE_AT_END.search(text)
    if said is None:
        return
    a, b = said.span(1) if said.group(1) else said.span(2)
    before = [h for h in frame.values if h.mention.end <= a]
    if any(a <= m.start < said.end() for m in frame.mentions) or re.search(r"\d", text[a:b]) or len(before) != 1 or before[0].negated \
            or frame.time is not None and frame.time.span[0] >= a:
        return
    frame.attached.append(((said.start(), said.end()), "any"))


def _glossed_left_out(frame: Frame, text: str) -> None:
    """"Ignore accounts with no term (demand deposits)": a value in brackets right after a group
    left out says which that group is — it is left out too, never the rows kept."""
    for i, h in enumerate(frame.values):
        opened = max(text.rfind("(", 0, h.mention.start), text.rfind("（", 0, h.mention.start))
        if h.negated or opened < 0 or not _inside_brackets(text, h.mention.start) or text[opened + 1:h.mention.start].strip() \
                or not any(a < opened <= b + cues.EXCLUSION_TAIL and not re.search(r"[,，。;；?？!！]", text[b:opened]) for a, b in frame.left_out):
            continue
        frame.values[i] = replace(h, negated=True)


_LISTED = patterns.compile(r"\s*(?:,|，|、|/|\bvs\.?|\bversus\b|\bor\b|\band\b|和|与|及|或|跟)\s*", re.I)


#: each customer's latest row of a table said: "using each customer's most recent survey", "每个客户取最近一次问卷"
_LATEST_OF_EACH = patterns.compile(r"(?:\b(?:from|using|use|in|on|based\s+on|per)\s+)?(?:(?:each|every)\s+(?:customer|person|client|respondent|individual)['’]s|their|the)?\s*"
                                   r"\b(?:latest|most\s+recent|last|newest)\s+(?:survey|questionnaire)(?:\s+(?:response|answer)s?)?\b|"
                                   r"(?:每(?:个|位)?客户)?(?:取|按|用)?(?:最近一次|最新一次|最新的?|最后一次)(?:的)?(?:问卷|调查|答卷)(?:结果|回答)?", re.I)


def _latest_of_each(frame: Frame, model: SemanticModel, text: str) -> None:
    """"average satisfaction using each customer's most recent survey", "每个客户取最近一次问卷，理财意向打分的
    平均数": a field of a table a ``latest`` tag source reads, said of each customer's latest row, is the
    customer tag holding it (最近一次问卷满意度) — not every row's value."""
    said = _LATEST_OF_EACH.search(text)
    if said is None:
        return
    latest = {output: (source.table, column) for source in model.source_list if source.kind == "latest"
              for output, column in source.measures.items()}
    tag_of = {t.expr: t.name for t in model.tag_list if t.type == "number" and t.expr in latest}
    changed = False
    for i, m in enumerate(frame.mentions):
        for e in m.of_kind("field"):
            dim = model.dimensions.get(e.table or "", {}).get(e.target)
            output = next((o for o, (table, column) in latest.items() if dim is not None and table == e.table
                           and dim.expr.lower() in (column.lower(), f"{table}.{column}".lower())), None)
            if output is not None and output in tag_of:
                frame.mentions[i] = Mention(m.start, m.end, m.text, (Entry("field", tag_of[output]),), m.parts)
                changed = True
                break
    if changed:  # the phrase says which value; its own words ("latest survey") name no other figure
        frame.mentions = [m for m in frame.mentions if not (said.start() <= m.start and m.end <= said.end())]
        frame.attached.append((said.span(), "any"))


#: a word glued before a field's name that makes a name of its own: 数字渠道, 线上渠道 (not 按渠道, 各渠道, 分渠道, 的渠道)
_COMPOUND_HEAD = patterns.compile(r"(?<![按各分每])[\u4e00-\u9fff](?<![按各分每的个])$")


#: a list told after a dash (or colon) runs to the end of the question: "by touch channel - sms, app push, email?"
_TOLD_AFTER_DASH = patterns.compile(r"\s*(?=[?？。.!！]|$)")
_DASH = patterns.compile(r"\s*(?:-|—|–|:|：)\s*")


def _examples_of_breakdown(frame: Frame, model: SemanticModel, text: str) -> None:
    """"open rate by channel … sms vs push vs wechat etc": values of a field asked as a breakdown,
    in a list said to go on, are examples of its groups — every group is shown, none kept out."""
    asked = {e.target for g in frame.asked_groups() for e in g}

    def targets(h: ValueHit) -> set[str]:  # (what the words can name: "wechat" is a touch channel too, read as another field's)
        return {e.target for e in (*h.entries, *h.mention.entries) if e.kind == "value"}

    # (a name that is also a figure's, "贷转存", is one of the list too when it stands in it)
    hits = sorted((h for h in [*frame.values, *frame.dual] if not h.negated and targets(h) & asked), key=lambda h: h.mention.start)
    for i, last in enumerate(hits):
        goes_on = _AND_SO_ON.match(text, last.mention.end)
        told = None if goes_on is not None else _TOLD_AFTER_DASH.match(text, last.mention.end)
        if told is not None:  # "by touch channel - sms, app push, wechat, phone, email?": the groups told after a dash
            goes_on = told
        elif goes_on is None:  # "by loan product type (consumer loan / mortgage / business loan)": the groups told
            goes_on = re.compile(r"\s*[)）]").match(text, last.mention.end)
            opened = max(text.rfind("(", 0, last.mention.start), text.rfind("（", 0, last.mention.start))
            if goes_on is None or opened < 0 or not any(
                    m.end <= opened and not text[m.end:opened].strip() and {e.target for e in m.of_kind("field")} & asked
                    and not _COMPOUND_HEAD.search(text, max(0, m.start - 2), m.start) for m in frame.mentions):
                continue  # ("数字渠道（app、微信、网银）": a name of our own for those values, no breakdown)
        chain, fields = [last], targets(last) & asked
        for before in reversed(hits[:i]):
            side_by_side = before.mention.end == chain[0].mention.start and CJK_RUN.match(text, before.mention.end)  # 华东华北那些
            if not ((side_by_side or _LISTED.fullmatch(text, before.mention.end, chain[0].mention.start)) and fields & targets(before)):
                break
            chain.insert(0, before)
            fields &= targets(before)
        # (after a dash, only every group told is a gloss: "by touch channel - sms and email" keeps those two)
        if told is not None and not any(_DASH.fullmatch(text, m.end, chain[0].mention.start) and len(chain) >= len(d.values)
                                        for m in frame.mentions for e in m.of_kind("field") if e.target in fields
                                        and (d := model.dimensions.get(e.table or "", {}).get(e.target)) is not None):
            continue
        for h in chain:
            (frame.values if h in frame.values else frame.dual).remove(h)
            frame.attached.append(((h.mention.start, h.mention.end), "any"))
        frame.attached.append((goes_on.span(), "any"))
        return


def _once_each(hits: list[ValueHit]) -> list[ValueHit]:
    """One hit per value said: a code found next to its field's name ("职业 … other") and the same
    word read as a value mention are one; the reading that found it negated ("“其他(other)”那一类
    剔除掉") wins over the bare code, which never looks for a negation."""
    kept: dict[tuple[int, int, tuple[str | None, ...]], ValueHit] = {}
    for h in hits:
        key = (h.mention.start, h.mention.end, tuple(e.code for e in h.entries))
        if key not in kept or h.negated and not kept[key].negated:
            kept[key] = h
    return list(kept.values())


def _bare_codes(model: SemanticModel, text: str, mention: Mention, fields: list[Entry], mentions: list[Mention]) -> list[ValueHit]:
    """"the high and medium tiers": everyday-word codes right next to their field's name
    (not words that belong to another name, like the "high" of "high wealth intent")."""
    hits: list[ValueHit] = []
    lo = max(0, mention.start - 24)
    others = [(m.start, m.end) for m in mentions if m is not mention]
    window = "".join(" " if any(a <= lo + i < b for a, b in others) else ch for i, ch in enumerate(text[lo:mention.end + 12].lower()))
    for e in fields:
        values = model.field_values(e.target)
        for code in values:
            found = re.search(rf"(?<![a-z]){code}(?![a-z])", window) if re.fullmatch(r"[a-z]+", code) else None
            if found:
                entry = Entry("value", e.target, code, e.table)
                hits.append(ValueHit(Mention(lo + found.start(), lo + found.end(), code, (entry,)), [entry], False))
    return hits


# Level words that name a value by its first word: "高活跃度", "活跃度低或者中等", "medium or high value".
LEVELS = {"较高": "高", "偏高": "高", "高": "高", "中等": "中", "中": "中", "一般": "中", "较低": "低", "偏低": "低", "低": "低",
          # an intent said strong or weak: "贷款意向又比较强"
          "比较强": "高", "较强": "高", "很强": "高", "强": "高", "比较弱": "低", "较弱": "低", "弱": "低",
          "high": "high", "medium": "medium", "mid": "medium", "moderate": "medium", "low": "low"}
_LEVEL = "(?:" + "|".join(sorted(map(re.escape, LEVELS), key=len, reverse=True)) + ")"
_JOIN = r"\s*(?:或者|或|和|及|与|、|/|\bor\b|\band\b|,)\s*"
LEVELS_AFTER = patterns.compile(rf"^\s*(?:的)?(?:又|也|都|还)?({_LEVEL})(?![a-z])((?:{_JOIN}{_LEVEL}(?![a-z]))*)", re.I)
LEVELS_BEFORE = patterns.compile(rf"(?<![a-z])({_LEVEL})((?:{_JOIN}{_LEVEL})*)\s*$", re.I)


def _level_code(model: SemanticModel, field: str, word: str) -> str | None:
    """The one value of ``field`` whose label starts with the level ``word`` stands for."""
    stem = LEVELS.get(word.lower())
    if stem is None:
        return None
    values = model.field_values(field)
    hits = [code for code, v in values.items()
            if code == stem or v.zh.startswith(stem) or v.en.lower().startswith(stem) or any(x.startswith(stem) for x in v.synonyms)]
    return hits[0] if len(hits) == 1 else None


#: the words between a superlative and the ordered field it picks the end of: "the highest value tier", "最高(的)价值等级"
_EXTREME_GAP = patterns.compile(r"\s*(?:的)?\s*")


def _extreme_level(frame: Frame, model: SemanticModel, text: str, mentions: list[Mention]) -> list[Mention]:
    """"How many customers are in the highest value tier", "最高风险等级的客户有多少": a superlative said of a field whose
    values are ordered names the field's end value — whom the count is of, no ranking of its groups by the count."""
    rank = frame.rank
    if rank is None or rank.n != 1 or not cues.COUNT_INTENT.search(text) or re.search(r"\bwhich\b|哪", text, re.I):
        return mentions
    for i, m in enumerate(mentions):
        tags = [model.tags.get(e.target) for e in m.entries]
        if m.start < rank.span[1] or not _EXTREME_GAP.fullmatch(text, rank.span[1], m.start) or not tags \
                or any(t is None or t.order is None or not t.values or e.kind != "field" for t, e in zip(tags, m.entries, strict=True)) \
                or len({t.name for t in tags if t is not None}) != 1:
            continue
        tag = tags[0]
        codes = list(tag.values)
        top = codes[-1] if tag.order == "ascending" else codes[0]
        code = top if rank.direction == "desc" else (codes[0] if top == codes[-1] else codes[-1])
        frame.rank = None
        frame.attached.append((rank.span, "any"))
        return [*mentions[:i], replace(m, entries=(Entry("value", tag.name, code, None),)), *mentions[i + 1:]]
    return mentions


def _level_values(model: SemanticModel, text: str, mentions: list[Mention]) -> list[ValueHit]:
    """Values named by a level word next to their field's name, or coordinated with a
    sibling value ("中高价值" is not handled; "medium or high value" is)."""
    hits: list[ValueHit] = []
    for m in mentions:
        fields = [e for e in m.entries if e.kind == "field" and model.field_values(e.target)]
        values = [e for e in m.entries if e.kind == "value"]
        spots: list[tuple[int, int, str]] = []
        if fields:
            after = LEVELS_AFTER.match(text[m.end:m.end + 16])
            if after:
                spots += [(m.end + x.start(), m.end + x.end(), x.group(0)) for x in re.finditer(_LEVEL, after.group(0), re.I)]
            before = LEVELS_BEFORE.search(text[max(0, m.start - 12):m.start]) if not re.match(r"[a-z]", m.text, re.I) else None
            if before:
                base = max(0, m.start - 12)
                spots += [(base + before.start() + x.start(), base + before.start() + x.end(), x.group(0))
                          for x in re.finditer(_LEVEL, before.group(0), re.I)]
            targets = fields
        elif values:
            at = m.start
            # ("high/medium/low/inactive四档": each level before the next, back to the list's start)
            while (before := re.search(rf"(?<![a-z])({_LEVEL}){_JOIN}$", text[max(0, at - 16):at], re.I)) is not None:
                base = max(0, at - 16)
                spots.append((base + before.start(1), base + before.end(1), before.group(1)))
                at = base + before.start(1)
            targets = values
        else:
            continue
        for start, end, word in spots:
            if any(x is not m and x.start <= start and end <= x.end for x in mentions):
                continue  # "理财意向高、中价值": the 高 ends another name, no level of value
            for e in targets:
                code = _level_code(model, e.target, word)
                if code is None or e.kind == "value" and code == e.code:
                    continue
                entry = Entry("value", e.target, code, e.table)
                negated = cues.cue_before(cues.NEGATION_BEFORE, text, m.start if e.kind == "value" else min(start, m.start), 16)
                hits.append(ValueHit(Mention(start, end, word, (entry,)), [entry], negated))
                break
    return hits


#: a place's gloss: "上海地区", "北京一带"
_PLACE_GLOSS = patterns.compile(r"\s*(?:地区|区域|一带|片区|这边|那边|地界)")
_PLACE_FIELDS = frozenset({"city", "province"})


#: "never", 从未: a negation about all time
_NEVER_BEFORE = patterns.compile(r"(?:\bnever\b|从未|从来没有?|从来不|从没有?|一直没有?)[^,，。;；]{0,20}$", re.I)


def _spread_negation(values: list[ValueHit], text: str) -> None:
    """"outside East China and North China", "非华东、华北": a value joined by and/or to a
    negated value of the same field is negated too."""
    ordered = sorted(values, key=lambda h: h.mention.start)
    for prev, hit in zip(ordered, ordered[1:], strict=False):
        same = {e.target for e in prev.entries} & {e.target for e in hit.entries}
        gap = _GLOSS_FIRST.sub("", text[prev.mention.end:hit.mention.start])  # "outside East China (华东) and South China"
        if prev.negated and not hit.negated and same and cues.CONJUNCTION_ONLY.match(gap):
            hit.negated = True


_GLOSS_FIRST = patterns.compile(r"^\s*[(（][^()（）]{0,20}[)）]")


NEITHER = patterns.compile(r"\bneither\b.+?\bnor\b|既不(?:是|算|属于)?.+?也不(?:是|算|属于)?", re.I)
INVERSE = {">=": "<", ">": "<=", "<": ">=", "<=": ">", "=": "!="}


_LIST_GAP_ONLY = patterns.compile(r"[)）]?\s*(?:[(（][^()（）]{0,20}[)）])?\s*的?\s*(?:和|与|及|以及|跟|或|或者|、|,|，|/|\band\b|\bor\b)\s*", re.I)  # ("已到期(matured)和…")


#: a value said to be what the customers are, or the only one counted: "how many customers are dormant, churned
#: customers not included", "只算整存整取，大额存单不算在内"
_SAID_TO_BE = patterns.compile(r"\b(?:are|is|were|was)\s+(?:in\s+(?:the\s+)?)?$|(?:是|为|属于|处于)\s*$|"
                               r"(?:只算|仅算|只看|仅看|只统计|只要|只含|仅含|只包括|仅包括)\s*$|\bonly\s+(?:count(?:ing)?\s+|include\s+)?(?:the\s+)?$", re.I)


#: those said next are left out: "excluding customers with no loan balance", "剔除没有贷款余额的客户"
_LEFT_OUT_BEFORE = patterns.compile(r"(?:\b(?:excluding|exclude|except|ignoring|ignore|leaving\s+out|leave\s+out|without\s+counting|not\s+counting|drop|dropping)\b"
                                    r"|剔除|排除|去掉|去除|除去|除了|不算|不含|不包括)[^,，。;；?？]*$", re.I)
#: …or left out at the clause's end
_LEFT_OUT_LATER = patterns.compile(r"[^,，。;；?？]*?(?:剔除|排除|去掉|去除|不算|除外|不要|\b(?:excluded|left\s+out|removed|dropped)\b)", re.I)
#: the day of the week, which no field of the model holds: "logins by day of week", "周末登录的人多吗"
_WEEKDAY = patterns.compile(r"\bday\s+of\s+(?:the\s+)?week\b|\bweekdays?\b|\bweekends?\b|星期几|周几|周末|工作日|礼拜几|按星期|按周几", re.I)
#: a value said with its own noun ("dormant customers, churned customers excluded"): a noun phrase of its own, no item
#: of the list left out after it
_PEOPLE_END = patterns.compile(r"(?:\b(?:customers|clients|users|people)|客户|用户|客群)$", re.I)


def _listed_then_negated(frame: Frame, text: str) -> None:
    """"华东和华南以外的地区", "sms and email excluded": a negation after a list of values of
    one field leaves out every value listed, not only the last one — not one said to be what they are before a
    comma ("customers are dormant, churned customers not included")."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    last = next((h for h in reversed(hits) if h.negated and cues.cue_after(cues.NEGATION_AFTER, text, h.mention.end, 32)), None)
    for i in range(len(hits) - 2, -1, -1):
        left, right = hits[i], hits[i + 1]
        if last is not None and right.negated and not left.negated and right.mention.start <= last.mention.start \
                and {e.target for e in left.entries} & {e.target for e in right.entries} \
                and _LIST_GAP_ONLY.fullmatch(text[left.mention.end:right.mention.start]) \
                and not (re.search(r"[,，]", text[left.mention.end:right.mention.start])
                         and (_SAID_TO_BE.search(text[:left.mention.start]) or _PEOPLE_END.search(left.mention.text))):
            hits[i] = replace(left, negated=True)
            frame.values[frame.values.index(left)] = hits[i]


def _neither(frame: Frame, text: str) -> None:
    """"neither married nor 55 or older", "既不是学生也不是退休人员的女性客户": the conditions
    between neither and nor, and the first one after nor, are negated — values excluded,
    comparisons turned round."""
    for m in NEITHER.finditer(text):
        lo, hi = m.span()
        after = [c.span[0] for _, c in frame.field_filters if c.span[0] >= hi]
        after += [h.mention.start for h in frame.values if h.mention.start >= hi]
        if not after:
            continue
        hi = min(after) + 1
        for hit in frame.values:
            if lo <= hit.mention.start < hi:
                hit.negated = True
        frame.field_filters = [(entries, replace(c, op=INVERSE[c.op]) if lo <= c.span[0] < hi and c.op in INVERSE else c)
                               for entries, c in frame.field_filters]


def _negated_definitions(frame: Frame, model: SemanticModel) -> None:
    """"没被拒的贷款申请": a metric named by the very words a negation excludes (被拒的 →
    拒绝数) is not asked for; the excluded value is."""
    for hit in frame.values:
        if not hit.negated:
            continue
        fields = {e.target for e in hit.entries}
        for m in frame.mentions:
            if m.start < hit.mention.end and hit.mention.start < m.end:
                for e in m.of_kind("metric"):
                    if e.target in frame.metrics and fields & set(model.metric(e.target).implies):
                        frame.metrics.remove(e.target)


_EITHER = patterns.compile(r"(?<![0-9.])([0-9]{1,3})\s*(?:分|points?)?\s*(?:or|或者|或|和|、|/|and)\s*([0-9]{1,3})(?![0-9.%])\s*(?:分|points?)?", re.I)


def _either_of(text: str, found: list[Comparison]) -> list[Comparison]:
    """"loan intent at 4 or 5", "满意度4分或5分": two whole numbers next to each other are a range of scores."""
    out = []
    for m in _EITHER.finditer(text):
        if any(c.span[0] < m.end() and m.start() < c.span[1] for c in found):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if b == a + 1:
            out.append(Comparison(op="between", value=float(a), value2=float(b), span=m.span(), text=m.group(0), is_percent=False))
    return out


def _by_cue(model: SemanticModel, entries: list[Entry], text: str) -> list[Entry]:
    """A name shared by several metrics ("outstanding loans": the balance, or the number of
    loans): "how many" prefers a count, "how much"/"amount" an amount."""
    if len(entries) < 2:
        return entries
    from assistant.parse.building.rows import AMOUNT, COUNT

    count, amount = bool(COUNT.search(text)), bool(AMOUNT.search(text))
    if count == amount:
        return entries

    def fits(e: Entry) -> bool:
        fmt = model.metrics[e.target].format if e.target in model.metrics else ""
        return (fmt == "integer") if count else (fmt == "currency")

    return sorted(entries, key=lambda e: not fits(e))


def _one_value_per_field(values: list[ValueHit], text: str, timed: bool = False) -> None:
    """"dining purchases made online": "online" is a category and the online flag; the
    category is already dining, so here it is the flag (unless the two are listed
    together: "短信和微信" are two values of one field). "代发工资的客户" read whole is the
    customer flag — but denied in a period ("近三个月没有代发工资的客户") it is the rows: a flag
    has no period, so the whole reading is dropped and the rows decide."""
    def listed(a: ValueHit, b: ValueHit) -> bool:
        lo, hi = sorted((a, b), key=lambda h: h.mention.start)
        gap = text[lo.mention.end:hi.mention.start]  # ("成都或者重庆": either one, of one field)
        return cues.CONJUNCTION_ONLY.match(gap) is not None or _OR_ONLY.fullmatch(gap) is not None

    def overlap(a: ValueHit, b: ValueHit) -> bool:
        return a.mention.start < b.mention.end and b.mention.start < a.mention.end

    def glossed(a: ValueHit, b: ValueHit) -> bool:  # "still active (not matured/closed)": b in the bracket that explains a
        opening = re.match(r"\s*[(（]", text[a.mention.end:])
        return opening is not None and b.mention.start >= a.mention.end + opening.end() and ")" not in text[a.mention.end:b.mention.start] \
            and "）" not in text[a.mention.end:b.mention.start]

    for hit in values:
        fields = {e.target for e in hit.entries}
        if len(fields) < 2:
            continue
        # "代发工资的客户" read whole says which of 代发工资's two fields is meant
        whole = [other for other in values if other is not hit and overlap(hit, other) and len({x.target for x in other.entries}) == 1]
        if timed and hit.negated and any(e.table is not None for e in hit.entries) and whole and all(o.negated and o.mention.start == hit.mention.start for o in whole):
            values[:] = [v for v in values if v not in whole]
            continue
        same_words = {e.target for other in whole for e in other.entries} & fields
        taken = {e.target for other in values if other is not hit and len({x.target for x in other.entries}) == 1
                 and not other.negated and not listed(hit, other) and not overlap(hit, other) and not glossed(hit, other) for e in other.entries}
        kept = [e for e in hit.entries if e.target in same_words] if len(same_words) == 1 else \
            [e for e in hit.entries if e.target not in taken]
        if kept and len(kept) < len(hit.entries):
            hit.entries = kept


def _with_tag_fields(model: SemanticModel, mentions: list[Mention]) -> list[Mention]:
    """"有理财持仓的客户": a metric that is also a numeric customer tag (理财余额) may be held,
    whichever of its names is used — the tag is read along with it, as its own name is."""
    out = []
    for m in mentions:
        metrics = [e.target for e in m.entries if e.kind == "metric"]
        fields = {e.target for e in m.entries if e.kind == "field"}
        extra = tuple(Entry("field", n) for n in metrics if n not in fields and (tag := model.tags.get(n)) is not None and tag.type == "number")
        out.append(replace(m, entries=m.entries + extra) if extra and len(metrics) == 1 else m)
    return out


def _shorthand_metrics(frame: Frame, model: SemanticModel) -> None:
    """"2025 surveys … what fraction of responses": a bare word that is part of the name of
    another metric the question names is that metric again (survey responses), not the
    metric the word means alone (campaign responses)."""
    if len(frame.metrics) < 2:
        return
    names = {n: {w.lower() for w in (model.metric(n).label.zh, model.metric(n).label.en, *model.metric(n).synonyms.all())}
             for n in frame.metrics if n in model.metrics}
    for name in list(frame.metrics):
        said = frame.metric_mentions.get(name, "").strip().lower()
        if not said or " " in said or not re.fullmatch(r"[a-z]+", said) or _listed_beside(frame, name):
            continue  # "customers and AUM by region": a figure listed beside another is itself
        singular = said.removesuffix("s")
        table = _table_of(model, name)
        others = [o for o, own in names.items() if o != name and _table_of(model, o) != table  # same rows: two figures of them
                  and any(re.search(rf"\b{re.escape(singular)}s?\b", n) for n in own)]
        if others and not any(m.text.strip().lower() != said for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)):
            # (only when the bare word is all the figure's names said: "headcount + total AUM" asks the count too)
            frame.metrics.remove(name)
            other = others[0]
            frame.metric_mentions.pop(name, None)
            frame.mentions = [m if not any(e.kind == "metric" and e.target == name for e in m.entries)
                              else Mention(m.start, m.end, m.text, (Entry("metric", other),)) for m in frame.mentions]


_LISTED_FIGURE = patterns.compile(r"\s*(?:and|&|,|plus|\+)\s*(?:the\s+|their\s+|total\s+)?", re.I)


def _listed_beside(frame: Frame, name: str) -> bool:
    said = sorted((m for m in frame.mentions if m.of_kind("metric")), key=lambda m: m.start)
    return any(_LISTED_FIGURE.fullmatch(frame.text, a.end, b.start) and name in {e.target for x in (a, b) for e in x.of_kind("metric")}
               for a, b in zip(said, said[1:], strict=False))


def _table_of(model: SemanticModel, name: str) -> str | None:
    measure = model.metric(name).measure
    return measure.table if measure is not None else None


# ("高、中、低、不活跃各有多少人": the levels, and the none beside them, listed before 各)
_LEVEL_RUN = patterns.compile(r"(?:高[、/,，]?中[、/,，]?低|低[、/,，]?中[、/,，]?高)"
                              # ("高中低和不活跃的客户各有多少": the level of none listed with them)
                              r"(?:[、/,，和及](?:不|无|没有)[\u4e00-\u9fff]{1,3}?(?=(?:的(?:客户|用户|人)?)?(?:各|分别|都))|(?=[\u4e00-\u9fff])|(?=[、/,，]?(?:各|分别)))")
_BY_AGGREGATE = patterns.compile(r"\bby\s+(?:the\s+|their\s+)?(?:average|avg|mean|median|total|highest|lowest|max(?:imum)?|min(?:imum)?)\s+$", re.I)
_WORD_BEFORE = patterns.compile(r"\b([a-z]+)\s+$", re.I)
_WORD_SAID_OF = patterns.compile(r"\s+(?:(?:that|which)\s+)?(?:are|is|were|was)\s+(?:not\s+|n't\s+)?(?:yet\s+|still\s+)?([a-z]+)\b", re.I)


_PREPOSITIONS = {"in", "out"}
_CLAUSE_GOES_ON = patterns.compile(r"\s*[^\s,.;:?!，。；：？！)）]")


def _everyday_codes(model: SemanticModel, text: str, mentions: list[Mention]) -> list[Mention]:
    """"active deposit accounts", "deposit accounts that are not closed": a code that is an
    everyday word (active, closed, new) is not matched alone, but right before a metric's
    name, or said of it after is/are, it is a value of that metric's rows."""
    from assistant.parse.vocabulary.lexicon import GENERIC_CODES

    added = []
    for m in mentions:
        metrics = [model.metrics[e.target] for e in m.entries if e.kind == "metric" and e.target in model.metrics]
        if len(metrics) != 1 or metrics[0].measure is None:
            continue
        before = _WORD_BEFORE.search(text[max(0, m.start - 16):m.start])
        after = _WORD_SAID_OF.match(text[m.end:m.end + 40])
        if before is not None and before.group(1).lower() in GENERIC_CODES - _PREPOSITIONS:  # "in 2025 transactions"
            start = m.start - (len(text[max(0, m.start - 16):m.start]) - before.start(1))
            code = before.group(1).lower()
        elif after is not None and after.group(1).lower() in GENERIC_CODES and not (
                after.group(1).lower() in _PREPOSITIONS and _CLAUSE_GOES_ON.match(text, m.end + after.end(1))):
            # ("transactions that were in", not "transactions were done in the app": a preposition)
            start, code = m.end + after.start(1), after.group(1).lower()
        else:
            continue
        if any(x is not m and x.start < start + len(code) and start < x.end for x in mentions):
            continue
        table = metrics[0].measure.table
        entries = tuple(Entry("value", d.name, code, table) for d in model.dimensions.get(table, {}).values() if code in d.values)
        if len(entries) == 1:
            added.append(Mention(start, start + len(code), text[start:start + len(code)], entries))
    return sorted([*mentions, *added], key=lambda x: x.start)


def _figure_said_again(frame: Frame, model: SemanticModel, mentions: list[Mention]) -> list[Mention]:
    """"was the approval rate higher on app or counter? Give me both rates": a field named by the last word
    of a metric the question names ("rates" of approval rate, not the loans' annual rate) is that figure
    said again — no breakdown, no field."""
    heads = {model.metric(e.target).label.en.lower().split()[-1] for m in mentions for e in m.of_kind("metric")
             if e.target in model.metrics and model.metric(e.target).label.en}
    out = []
    for m in mentions:
        word = m.text.strip().lower()
        if m.entries and all(e.kind == "field" for e in m.entries) and " " not in word and (word in heads or word.rstrip("s") in heads):
            frame.attached.append(((m.start, m.end), "any"))
            continue
        out.append(m)
    return out


#: a word in quotes: 'new', “dormant”, 「R3」
_QUOTED = patterns.compile(r"[\"'‘“「『]([^\"'’”」』]{1,24})[\"'’”」』]")


def _quoted_codes(model: SemanticModel, text: str, mentions: list[Mention], left_out: list[tuple[int, int]]) -> list[Mention]:
    """"whose lifecycle stage … is not 'new'", 生命周期为“新客”的: a value in quotes after its field's name
    is that value, even an everyday word the lexicon does not match alone (new, active)."""
    added: list[Mention] = []
    for m in mentions:
        for e in m.of_kind("field"):
            dim = model.field(e.target, e.table) if e.table else None
            values = dim.values if dim is not None else model.field_values(e.target)
            if not values:
                continue
            ref = dim or model.field(e.target)
            label = ref.label if ref is not None else None
            core = re.sub(r"(?:度|等级|程度|分层|层级|档位|阶段)$", "", label.zh) if label is not None else ""
            # after the field's name, or right before it ("in the 'new' lifecycle stage"); 活跃度算“高”: 高活跃 without 活跃
            quotes = [*_QUOTED.finditer(text, m.end, min(len(text), m.end + 48)),
                      *(q for q in _QUOTED.finditer(text, max(0, m.start - 24), m.start) if not text[q.end():m.start].strip(" 的"))]
            for q in quotes:
                if any(a <= q.start() < b for a, b in left_out):
                    continue  # "职业登记为“其他”的客户不计入": a value left out is read where what is left out is read
                said = q.group(1).strip().lower()
                code = next((c for c, v in values.items()
                             if said in (c.lower(), v.zh.lower(), v.en.lower()) or core and core in v.zh and said == v.zh.replace(core, "")), None)
                if code is None or any(x.start < q.end(1) and q.start(1) < x.end for x in [*mentions, *added]):
                    continue
                added.append(Mention(q.start(1), q.end(1), text[q.start(1):q.end(1)], (Entry("value", e.target, code, e.table),)))
    return sorted([*mentions, *added], key=lambda x: x.start)


_GLOSS_OPEN = patterns.compile(r"^\s*[(（]\s*$")


#: when the asking happens, inside a clause that says why: "下午要跟行长汇报" (no active period)
_WHEN_SAID = patterns.compile(r"(?:今天|明天|后天|下午|上午|中午|晚上|待会|等会|一会儿?|周[一二三四五])|\b(?:today|tomorrow|tonight|this\s+(?:morning|afternoon|evening))\b", re.I)
#: a first clause naming whom a campaign is for: "贷转存目标客群:", "存转贷营销对象 —"
_WHOM_FOR = patterns.compile(r"(?:的)?(?:目标客群|目标客户|目标人群|目标名单|营销对象|营销名单|潜客名单)\s*$")


def _names_no_condition(frame: Frame, model: SemanticModel, a: int, b: int) -> bool:
    """Does the span name only figures, fields or a campaign's kind ("存转贷的目标客群"), no value the customers could
    be chosen by?"""
    inside = [m for m in frame.mentions if a <= m.start < b]
    return bool(inside) and all(m.of_kind("metric") or all(e.kind == "field" or e.kind == "value" and e.target not in model.tags
                                                           for e in m.entries) for m in inside)


#: a last sentence after the question, saying what the customers counted are for: "这批想做理财首购", "存转贷想先拿他们试点"
_PLAN_FOR_THEM = patterns.compile(r"[?？]\s*(?P<s>(?=[^?？。!！]*(?:这批|这拨|这些人|这群|这部分人?|他们|她们))[^?？。!！]*?(?:想|打算|准备|计划|得|要|需要)(?:先|要)?(?:赶紧|尽快|马上|抓紧)?"
                                  r"(?:拿|用|给|对|做|搞|推|试|约|联系|打电话给|回访)[^?？。!！]*?)[。.!！]?\s*$")


def _purpose_clauses(frame: Frame, model: SemanticModel, text: str) -> None:
    """A clause that only says why the question is asked — a purpose word, no name of the
    model, no period, no number — is read as context (the rest carries the question)."""
    parts = clauses(text)
    for c in parts if len(parts) > 1 else ():
        a, b = c.span()
        when = [m for m in frame.mentions if a <= m.start < b and _WHEN_SAID.fullmatch(m.text.strip())]
        named = any(a <= m.start < b and m not in when for m in frame.mentions) or (frame.time is not None and a <= frame.time.span[0] < b) \
            or re.search(r"\d|[一二两三四五六七八九十百千万亿]+(?:个|笔|位|名|家|天|月|年)", c.group())
        if PURPOSE.search(c.group()) and not named:
            frame.attached.append(((a, b), "any"))
            frame.values = [h for h in frame.values if h.mention not in when]
        elif c is parts[0] and _WHOM_FOR.search(c.group()) and _names_no_condition(frame, model, a, b) and not cues.HOW_MANY.search(c.group()):
            # ("…有多少个不同的客户被选进过营销名单？": the question itself, about those lists)
            frame.attached.append(((a, b), "any"))  # (the campaign's kind named there chooses no customers)
            frame.values = [h for h in frame.values if not a <= h.mention.start < b]
    plan = _PLAN_FOR_THEM.search(text)
    if plan is not None and not re.search(r"\d|只|仅|排除|除了|除去|不含|不包括|剔除|去掉", plan.group("s")):
        # ("…有多少?这批想做理财首购": what the customers counted are for, said after the question)
        a, b = plan.span("s")
        frame.attached.append(((a, b), "any"))
        inside = [m for m in frame.mentions if a <= m.start < b]
        frame.values = [h for h in frame.values if h.mention not in inside]
        frame.metrics = [n for n in frame.metrics if any(e.kind == "metric" and e.target == n for m in frame.mentions if m not in inside
                                                         for e in m.entries) or not any(e.target == n for m in inside for e in m.entries)]
    asked_by = [m.span() for m in ASKED_BY.finditer(text)]
    frame.attached += [(span, "any") for span in asked_by]
    # "老板让我看一下": the boss who asks is no business owner
    frame.values = [h for h in frame.values if not any(a <= h.mention.start and h.mention.end <= b for a, b in asked_by)]


def _each_of_next(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """"营销活动各个触达渠道": 各 between two fields is the next one's breakdown, not this one's."""
    each = re.match(r"各(?:个|种|类)?", text[m.end:])
    return each is not None and any(x.start == m.end + each.end() and x.of_kind("field") for x in mentions)


#: a field said to be read through another row of its table, after it: "城市按借款人归属网点算"
_READ_THROUGH_AFTER = patterns.compile(r"\s*(?:的)?\s*(?:所在|所属)?\s*(?:的)?\s*(?:来|去)?(?:算|计算|统计|计|为准|划分|区分)(?![\u4e00-\u9fff])")
_READ_THROUGH_BEFORE = patterns.compile(r"(?:按|以|根据|依据|用)\s*(?:[\u4e00-\u9fff]{1,3}?)?\s*(?:的)?\s*$")
#: …or after the field it explains: "city of the borrower's home branch"
_OF_WHOSE = patterns.compile(r"\s+(?:of|from|per|based\s+on)\s+(?:the\s+|their\s+|its\s+)?(?:[a-z]+'s?\s+)?$", re.I)
_BRACKETS = patterns.compile(r"[(（][^()（）]{1,64}[)）]")


def _read_through(frame: Frame, model: SemanticModel) -> None:
    """A breakdown's field said to be read through another field of the same table — "今年放款金额
    top5 的城市（按客户归属网点所在城市）", "城市按借款人归属网点算", "by city (city of the borrower's
    home branch)": how the model reads the city already, no second breakdown (nor a condition on
    who is said to own that row)."""
    def table(field: str) -> str | None:
        column = model.field_column(field) if field in model.tags else None
        return column[0] if column else None

    asked = {e.target for g in frame.group_fields for e in g if e.kind == "field"}
    for group in list(frame.group_fields):
        fields = {e.target for e in group}
        if len(fields) != 1:
            continue
        (field,) = fields
        home = table(field)
        if home is None or not any(f != field and table(f) == home for f in asked):
            continue
        said = [m for m in frame.mentions if any(e.kind == "field" and e.target == field for e in m.entries)]
        spans = [_read_through_span(frame, m, {f for f in asked if f != field and table(f) == home}) for m in said]
        if not said or any(span is None for span in spans):
            continue
        frame.group_fields.remove(group)
        for span in spans:
            assert span is not None
            frame.values = [h for h in frame.values if not (span[0] <= h.mention.start and h.mention.end <= span[1])]
            frame.attached.append((span, "any"))


def _compound_field(frame: Frame, model: SemanticModel, text: str) -> None:
    """"the borrower's home-branch city", "归属网点城市": a field named right before another of the same rows (the
    branch, then its city) says whose that one is — the breakdown is by the last alone."""
    fields = sorted((m for m in frame.mentions if m.entries and all(e.kind == "field" for e in m.entries)), key=lambda m: m.start)
    for a, b in zip(fields, fields[1:], strict=False):
        home = {model.tag_table(e.target) for e in a.entries} & {model.tag_table(e.target) for e in b.entries} - {None}
        if not home or not re.fullmatch(r"[\s-]*(?:的)?\s*", text[a.end:b.start]) \
                or {e.target for e in a.entries} & {e.target for e in b.entries}:
            continue  # ("按性别 gender": one field said twice)
        targets = {e.target for e in a.entries}
        if not any({e.target for e in g} & {e.target for e in b.entries} for g in frame.group_fields):
            continue
        kept = [g for g in frame.group_fields if not {e.target for e in g} <= targets]
        if len(kept) < len(frame.group_fields):
            frame.group_fields = kept
            frame.attached.append(((a.start, a.end), "any"))


_EXAMPLES_AFTER = patterns.compile(r"\s*(?P<kind>等等?|之类的?|这些|这几个|这几|那些|these|those|and\s+(?:so\s+on|the\s+like|others|other))\s*(?:的)?\s*", re.I)


def _examples_listed(frame: Frame, model: SemanticModel, text: str) -> None:
    """"华东、华北等大区各有多少客户": values listed, then 等 and their field's name, are examples of its groups — every group,
    no condition. Said with 这些 ("华东、华北、华南这些大区") they may be the only ones asked about or examples of all:
    asked back."""
    hits = sorted((h for h in frame.values if not h.negated), key=lambda h: h.mention.start)
    run: list[ValueHit] = []
    for h in hits:
        if run and {e.target for e in h.entries} & {e.target for e in run[-1].entries} \
                and cues.CONJUNCTION_ONLY.match(text[run[-1].mention.end:h.mention.start]):
            run.append(h)
            continue
        _read_examples(frame, model, text, run)
        run = [h]
    _read_examples(frame, model, text, run)


def _read_examples(frame: Frame, model: SemanticModel, text: str, run: list[ValueHit]) -> None:
    if len(run) < 2:
        return
    said = _EXAMPLES_AFTER.match(text, run[-1].mention.end)
    fields = {e.target for e in run[-1].entries}
    named = next((m for m in frame.mentions if said is not None and m.start == said.end()
                  and {e.target for e in m.of_kind("field")} & fields), None)
    if said is None or named is None:
        return
    every = any({str(e.code) for h in run for e in h.entries if e.target == f} >= set(model.field_values(f)) for f in fields)
    if said.group("kind") in ("这些", "这几个", "这几", "那些", "these", "those") and not every:
        frame.unread.append(text[run[0].mention.start:named.end])  # (these only, or examples of all? — unless all are listed)
        return
    for h in run:
        frame.values.remove(h)
    frame.attached.append(((run[0].mention.start, said.end()), "any"))


_CLAUSES = patterns.compile(r"[^。;；?？!！]+")  # sentences: "On average, how many …" is one question
_AGGREGATE_SAID = patterns.compile(r"平均|均值|笔均|件均|户均|人均|中位|最高|最大|最低|最小|总额|合计|\b(?:average|avg|mean|median|max|maximum|min|minimum|total|sum)\b", re.I)
_ASKED_IN = patterns.compile(r"多少|几|\b(?:what|how|which)\b", re.I)
_COUNT_SAID = patterns.compile(r"多少[笔个位户件次条]|几[笔个位户件次条]|\bhow\s+many\b", re.I)


def _part_counted_after_an_aggregate(frame: Frame) -> None:
    """"12月的消费类交易，平均一笔多少钱？单笔超过1万的有多少笔？": a condition said in a later sentence that counts
    its own part, after a sentence asking an average of all the rows, is that count's alone — no condition of the
    average. One query holds one set of rows: the condition's sentence is asked about, never applied to both."""
    clauses = [m for m in _CLAUSES.finditer(frame.text) if m.group().strip()]
    for _, c in frame.field_filters:
        at = next((m for m in clauses if m.start() <= c.span[0] < m.end()), None)
        if at is None or not _COUNT_SAID.search(at.group()) or _AGGREGATE_SAID.search(at.group()):
            continue
        if any(m.end() <= at.start() and _AGGREGATE_SAID.search(m.group()) and _ASKED_IN.search(m.group()) for m in clauses):
            frame.unread.append(at.group().strip())


def _in_order(model: SemanticModel, e: Entry) -> bool:
    """Do the values of the entry's field have an order of their own (education, tiers, age bands)?"""
    ref = model.tags.get(e.target) or model.dimensions.get(e.table or "", {}).get(e.target)
    return bool(getattr(ref, "order", None))


def _nothing_unread_between(frame: Frame, a: int, b: int) -> bool:
    """Is ``text[a:b]`` blank or a word already placed ("上海地区（…）": 地区 is the value's own)?"""
    return all(ch.isspace() or any(x <= i < y for (x, y), _ in frame.attached) for i, ch in enumerate(frame.text[a:b], start=a))


def _value_read_through(frame: Frame, model: SemanticModel) -> None:
    """"female payroll customers in 华东 (East China region, by home branch)": a field in brackets right after a value
    of another field of its table says how that value is read (the region of the home branch) — no breakdown by it."""
    def table(field: str) -> str | None:
        column = model.field_column(field) if field in model.tags else None
        return column[0] if column else None

    for group in list(frame.group_fields):
        fields = {e.target for e in group}
        home = table(next(iter(fields))) if len(fields) == 1 else None
        for m in (x for x in frame.mentions if home is not None and any(e.kind == "field" and e.target in fields for e in x.entries)):
            inside = next((b for b in _BRACKETS.finditer(frame.text) if b.start() < m.start and m.end < b.end()), None)
            if inside is None or not any(h.mention.end <= inside.start() and _nothing_unread_between(frame, h.mention.end, inside.start())
                                         and any(e.target not in fields and table(e.target) == home for e in h.entries) for h in frame.values):
                continue
            by = re.search(r"\b(?:by|per|via|based\s+on|going\s+by)\s+(?:the\s+|their\s+|(?:the\s+)?customer['’]?s\s+)?$|[按以](?:客户)?(?:的)?$",
                           frame.text[inside.start():m.start], re.I)
            frame.group_fields.remove(group)
            frame.attached.append(((inside.start() + by.start() if by else m.start, m.end), "any"))
            break


_QUALIFIER_TOKEN = patterns.compile(r"[a-z][a-z-]*[a-z]|[()（）]", re.I)


def _own_qualifiers(frame: Frame, model: SemanticModel) -> None:
    """Words right before a figure's name that its own other names use — "average month-end
    (point-in-time) deposit balance" (month-end deposits, point-in-time deposits): the same figure,
    said more fully."""
    for m in frame.mentions:
        metrics = {e.target for e in m.of_kind("metric")}
        if len(metrics) != 1:
            continue
        metric = model.metrics.get(next(iter(metrics)))
        if metric is None:
            continue
        own = {w.lower() for name in (metric.label.en, *metric.synonyms.en) for w in name.split()}
        start = m.start
        for token in reversed(list(_QUALIFIER_TOKEN.finditer(frame.text, max(0, m.start - 40), m.start))):
            if frame.text[token.end():start].strip(" ()（）") or not (token.group() in "()（）" or token.group().lower() in own):
                break
            start = token.start()
        if start < m.start:
            frame.attached.append(((start, m.start), "any"))


_RECORDED = patterns.compile(r"logged(?:\s+in)?|recorded(?:\s+in)?", re.I)


#: people called young or old in so many words
_AGE_WORD = patterns.compile(r"年轻|年长|年纪大|老年|\b(?:young(?:er)?|elderly|seniors?)\b", re.I)


def _age_restated(frame: Frame, text: str) -> None:
    """"25-34岁、理财意向高…的年轻客群": young said beside the ages it means is no condition of its own."""
    def worded(h: ValueHit) -> bool:
        return _AGE_WORD.search(h.mention.text) is not None

    aged = any(e.target in ("age", "age_band") and not worded(h) for h in frame.values if not h.negated for e in h.entries) \
        or any(e.target == "age" for entries, _ in frame.field_filters for e in entries)
    if aged:  # ("how many young customers aged under 30": under 30, not the youngest band the word alone would name)
        frame.values = [h for h in frame.values if not (worded(h) and all(e.target in ("age", "age_band") for e in h.entries))]
        frame.attached += [(m.span(), "any") for m in _AGE_WORD.finditer(text)]


def _rows_recorded(frame: Frame) -> None:
    """"app events logged in 2025": rows said to be recorded in a period, right after the figure
    that counts them — "logged" is no login there (customers who logged in are)."""
    for hit in list(frame.values):
        m = hit.mention
        if not _RECORDED.fullmatch(m.text.strip()) or hit.negated:
            continue
        counted = any(x.of_kind("metric") and not frame.text[x.end:m.start].strip() and not cues.CUSTOMER_WORDS.search(x.text)
                      for x in frame.mentions if x.end <= m.start)
        if counted and any(0 <= t.span[0] - m.end <= 2 for t in frame.times):
            frame.values.remove(hit)
            frame.attached.append(((m.start, m.end), "any"))


_IS_SAID = patterns.compile(r"\s*(?:又|也|都|还|均)?(?:为|是|等于|=|:|：)\s*")
_OR_AND = patterns.compile(r"\s*(?:或者|或|和|及|、|/)\s*")


def _value_named(model: SemanticModel, field: str, word: str) -> str | None:
    codes = _codes_named(model, field, word)
    return codes[0] if len(codes) == 1 else None


def _field_is_word(frame: Frame, model: SemanticModel) -> None:
    """"活跃度为高", "活跃度为中或高": a field, then 为 and a word naming one of its values (a level's first
    character) — that value, as "高活跃" would be."""
    text = frame.text
    for m in list(frame.mentions):
        fields = {e.target for e in m.of_kind("field") if model.field_values(e.target)}
        said = _IS_SAID.match(text, m.end) if len(fields) == 1 and not m.of_kind("metric") else None
        if said is None:
            continue
        (field,) = fields
        pos, hits = said.end(), []
        negated = cues.cue_before(cues.NEGATION_BEFORE, text, pos, 48)  # "剔除职业为其他的客户"
        while pos < len(text) and not any(x.start <= pos < x.end for x in frame.mentions):
            found = next(((k, code) for k in (4, 3, 2, 1) if (code := _value_named(model, field, text[pos:pos + k])) is not None
                          and re.fullmatch(r"[\u4e00-\u9fff]+", text[pos:pos + k])), None)
            if found is None:
                break
            k, code = found
            entry = Entry("value", field, code)
            hits.append(ValueHit(Mention(pos, pos + k, text[pos:pos + k], (entry,)), [entry], negated))
            more = _OR_AND.match(text, pos + k)
            if more is None:
                break
            pos = more.end()
        if hits:
            frame.values += hits
            frame.mentions += [h.mention for h in hits]
            frame.attached.append(((m.end, said.end()), "any"))


_EACH_GROUP = patterns.compile(r"(?:\b(?:for\s+)?(?:each|every|per|both)\s+(?:of\s+the\s+|the\s+)?|各|每)$", re.I)


def _each_of_those(frame: Frame) -> None:
    """"Payroll vs non-payroll customers: … for each group": "group" there is the groups just set
    against each other, not a field of its own (the test group of campaign touches)."""
    if not frame.versus and not frame.each:
        return
    for m in frame.mentions:
        if m.text.strip().lower() not in ("group", "groups", "组", "segment", "segments") or not _EACH_GROUP.search(frame.text, max(0, m.start - 16), m.start):
            continue
        fields = {e.target for e in m.of_kind("field")}
        frame.group_fields = [g for g in frame.group_fields if not {e.target for e in g} <= fields]
        frame.mentioned_fields -= fields
        frame.attached.append(((m.start, m.end), "any"))


def _most_used_of(frame: Frame, model: SemanticModel) -> None:
    """"How many customers prefer each transaction channel": a breakdown by a field of some rows, beside a
    customer tag holding the value of that field each customer's rows have most (渠道偏好 = the top
    transactions.channel) — the customers split by the tag."""
    named = {e.target for m in frame.mentions for e in m.of_kind("field") if e.target in model.tags}
    for i, group in enumerate(frame.group_fields):
        for e in group:
            column = model.field_column(e.target, e.table) if e.table else None
            tops = [t for t in sorted(named) if column is not None and (source := model.source_outputs.get(model.tags[t].expr or "")) is not None
                    and source.kind == "top" and (source.table, source.key) == column]
            if len(tops) == 1:
                frame.group_fields[i] = [Entry("field", tops[0])]
                frame.attached += [((m.start, m.end), "any") for m in frame.mentions if e in m.entries]
                break


_MOST_WHAT = patterns.compile(r"\s*(?:active|used|frequent|frequently\s+used|common|often\s+used|preferred)?\s*$", re.I)


def _most_of_a_top_tag(frame: Frame, model: SemanticModel) -> None:
    """"by their most active login time of day", "按最常用的交易渠道": the superlative names a tag holding the value
    each customer's rows have most (活跃时段, 渠道偏好) — no ranking of groups."""
    rank = frame.rank
    if rank is None or rank.n != 1 or re.search(r"\d", rank.text):
        return
    for m in frame.mentions:
        gap = frame.text[rank.span[1]:m.start]
        if 0 <= m.start - rank.span[1] <= 16 and _MOST_WHAT.fullmatch(gap) and _is_top_of_rows(model, m):
            frame.drop_rank()
            frame.attached.append(((rank.span[0], m.start), "any"))
            return


def _rank_in_gloss(frame: Frame) -> None:
    """"active period split of custs (most logins by time of day, last 90d)": a superlative inside
    brackets that name again a field asked for before them says what the field is, not an order."""
    rank = frame.rank
    if rank is None or rank.n != 1:
        return
    bracket = next((b for b in _BRACKETS.finditer(frame.text) if b.start() < rank.span[0] and rank.span[1] <= b.end()), None)
    if bracket is None:
        return
    asked = {e.target for g in frame.asked_groups() for e in g}
    inside = {e.target for m in frame.mentions if bracket.start() < m.start < bracket.end() for e in m.of_kind("field")}
    before = {e.target for m in frame.mentions if m.end <= bracket.start() for e in m.of_kind("field")}
    if asked & inside & before:
        frame.drop_rank()
        frame.attached.append((rank.span, "any"))


def _read_through_span(frame: Frame, m: Mention, explained: set[str]) -> tuple[int, int] | None:
    text = frame.text
    for b in _BRACKETS.finditer(text):
        # (a figure named again inside says by which of its dates: "(by the account open_date, home branch city)")
        outside = {e.target for x in frame.mentions if not b.start() <= x.start < b.end() for e in x.of_kind("metric")}
        if b.start() < m.start and m.end < b.end() \
                and not any(b.start() <= x.start < b.end() and {e.target for e in x.of_kind("metric")} - outside for x in frame.mentions):
            return b.span()
    before = _READ_THROUGH_BEFORE.search(text, max(0, m.start - 8), m.start)
    after = _READ_THROUGH_AFTER.match(text, m.end)
    if before is not None and after is not None:
        return before.start(), after.end()
    of = _OF_WHOSE.search(text, max(0, m.start - 30), m.start)
    if of is not None and any(x.end == of.start() and any(e.target in explained for e in x.entries) for x in frame.mentions):
        return of.start(), m.end
    return None


#: between a value and the name of the rows it is a value of: "成都那几个网点", "上海的网点"
_THOSE_ROWS = patterns.compile(r"\s*(?:的|那几个|这几个|那些|这些|几个|那几家|这几家|那|这)\s*")


def _rows_of_value(frame: Frame, model: SemanticModel, text: str) -> None:
    """"成都那几个网点的代发客户": a field named right after a value read off the same table (the
    branches' city, then the branch) names that value's rows again — no breakdown, no condition."""
    def table_of(e: Entry) -> str | None:
        return e.table or model.tag_table(e.target)

    asked = {e.target for g in frame.asked_groups() for e in g}
    for m in frame.mentions:
        fields = m.of_kind("field")
        if _HOW_MANY_RIGHT_BEFORE.search(text, max(0, m.start - 24), m.start) or _HOW_MANY_RIGHT_AFTER.match(text, m.end):
            continue  # "上海的网点有多少个": the branches are what is counted
        if fields and not m.of_kind("metric") and any(
                not h.negated and not text[h.mention.end:m.start].strip() and h.mention.end <= m.start
                and {e.table for e in h.entries} & {e.table for e in fields} - {None}
                and any(m.text.strip().lower() in (w.lower() for w in table_nouns(model, t)) for t in {e.table for e in h.entries} - {None})
                and not cues.cue_before(cues.GROUP_BEFORE, text, h.mention.start) for h in frame.values) \
                and not re.search(r"\b(?:each|every|per|which)\b|各|每个|每一|分别|哪", frame.text, re.I) and frame.rank is None:  # ("For each one, …", "which one …": one row a campaign)
            # "uplift of deposit-to-loan campaigns compared with wealth repurchase campaigns": the campaigns of each
            # objective — the table's own noun after a value of its rows, no breakdown by campaign
            targets = {e.target for e in fields}
            frame.attached.append(((m.start, m.end), "any"))
            frame.group_fields = [g for g in frame.group_fields if not {e.target for e in g} <= targets]
            frame.loose_fields = [g for g in frame.loose_fields if not {e.target for e in g} <= targets]
            continue
        if not fields or m.of_kind("metric") or {e.target for e in fields} & asked:
            continue
        before = [h for h in frame.values if not h.negated and h.mention.end <= m.start and _THOSE_ROWS.fullmatch(text, h.mention.end, m.start)]
        homes = {table_of(e) for e in fields} - {None}
        if before and homes and all(any(table_of(e) in homes and e.target not in {f.target for f in fields} for e in h.entries) for h in before):
            frame.attached.append(((m.start, m.end), "any"))
            frame.loose_fields = [g for g in frame.loose_fields if not {e.target for e in g} & {e.target for e in fields}]


_LISTED_WORD = patterns.compile(r"[^/、,，;；\s]+")
_LIST_END = patterns.compile(r"等|等等|这些|这几档|这几类|etc\.?|and\s+so\s+on", re.I)


def _named_groups(frame: Frame, model: SemanticModel, text: str) -> None:
    """"各个营销目标(存转贷、贷转存、沉睡唤醒这些)", "各类贷款产品(消费贷、房贷、经营贷)": values
    listed in brackets right after a breakdown name its groups — examples, not a condition;
    values of another field of the same rows make that field the breakdown. Its codes listed
    ("按活跃度分层（high/medium/low/inactive）") name them too, everyday words as they are."""
    for i, group in enumerate(list(frame.group_fields)):
        targets = {e.target for e in group}
        for m in frame.mentions:
            if not m.of_kind("field") or not {e.target for e in m.of_kind("field")} & targets:
                continue
            opened = _BRACKET_AFTER_NAME.match(text, m.end)  # "active time period (morning/midday/etc)"
            if opened is None:
                continue
            start = opened.end()
            close = re.search(r"[)）]", text[start:])
            end = start + close.start() if close else len(text)
            names = {n.lower() for t in targets for code, v in model.field_values(t).items() for n in (code, v.zh, v.en)}
            said = [w for w in _LISTED_WORD.finditer(text, start, end) if not _LIST_END.fullmatch(w.group())]
            if len(said) >= 2 and all(w.group().lower() in names for w in said):
                frame.values = [h for h in frame.values if not start <= h.mention.start < end]
                frame.attached.append(((start, end), "any"))
                break
            inside = [h for h in frame.values if start <= h.mention.start < end and not h.negated]
            fields = {e.target for h in inside for e in h.entries}
            if len(inside) < 2 or not all({e.target for e in h.entries} & (fields if len(fields) == 1 else targets) for h in inside):
                continue
            if not fields & targets:  # another field of the rows: it is the breakdown
                own = {e.target for h in inside for e in h.entries}
                if len(own) != 1:
                    continue
                frame.group_fields[i] = [Entry("field", e.target, table=e.table) for e in inside[0].entries]
            frame.values = [h for h in frame.values if h not in inside]
            frame.attached += [((h.mention.start, h.mention.end), "any") for h in inside]
            break


def _value_then_its_deed(lexicon: Lexicon, mentions: list[Mention], text: str, frame: Frame) -> list[Mention]:
    """"app获客 vs 柜面获客的客户": a value, then the deed whose channel is a customer's own field (获客: 获客渠道) — that
    field's value ("柜面申请": the applications' channel, read with the rows)."""
    out = list(mentions)
    for i, v in enumerate(mentions):
        deed = re.match(r"[\u4e00-\u9fff]{2}", text[v.end:v.end + 2])
        if deed is None or any(m.start < v.end + 2 and v.end < m.end for m in mentions):
            continue
        fields = {e.target for suffix in ("渠道", "方式") for e in lexicon.surfaces.get(deed.group() + suffix, []) if e.kind == "field"}
        own = tuple(e for e in v.entries if e.kind == "value" and e.target in fields and e.table is None)  # (a customer's own)
        if own and len(own) < len(v.entries):
            out[i] = Mention(v.start, v.end, v.text, own, v.parts)
            frame.attached.append(((v.end, v.end + 2), "any"))
    return out


_STATUS_AFTER = patterns.compile(r"\s+(?:status|state|stage|tier|bucket|segment)\b", re.I)


def _status_after_value(frame: Frame, text: str) -> None:
    """"clients in churned status", "customers in the dormant stage": the word after a value only says it is one."""
    frame.attached += [(said.span(), "any") for m in frame.mentions if m.of_kind("value") and not m.of_kind("field")
                       and (said := _STATUS_AFTER.match(text, m.end)) is not None]


_FIELD_TO_VALUE = patterns.compile(r"\s*(?:[:：=]|\bis\b|\bwas\b|\bof\b|是|为)?\s*(?:the\s+)?", re.I)


#: the customers said as whose rows another noun's are: "loan applications from Hangzhou customers", "transactions of our customers"
_WHOSE_ROWS_BEFORE = patterns.compile(r"\s+(?:from|of|by)\s+(?:(?:the|our|all)\s+)?(?:[\w-]+\s+){0,2}", re.I)


def _tables_of(model: SemanticModel, m: Mention) -> set[str]:
    """The tables whose rows the metrics ``m`` names count."""
    return {measure.table for e in m.of_kind("metric") if (measure := model.metric(e.target).measure) is not None}


def _value_of_the_field_before(model: SemanticModel, mentions: list[Mention], text: str) -> list[Mention]:
    """"customers acquired via app who made transactions": a value said right after a field's name is that field's
    value (the acquisition channel's app, not the transactions' channel), when the field has it — unless the rows
    of a figure named have that value of their own ("applications that came in through the app": the loans' channel)."""
    out = list(mentions)
    for i, (f, v) in enumerate(zip(mentions, mentions[1:], strict=False)):
        fields = {e.target for e in f.entries if e.kind == "field"}
        if not fields or len(fields) != len({e.target for e in f.entries}) or not _FIELD_TO_VALUE.fullmatch(text, f.end, v.start):
            continue
        own = tuple(e for e in v.entries if e.kind == "value" and e.target in fields)
        # (whose field it is: the customers said just before — "and how many of those came in through partners?" are loans)
        subject = next((x for x in reversed(mentions[:i]) if x.end <= f.start and f.start - x.end <= 12), None)
        customers = subject is not None and any(e.target in model.metrics and model.metrics[e.target].kind == "customers"
                                                for e in subject.of_kind("metric")) \
            and not any(x.end <= subject.start and x.of_kind("metric") and _WHOSE_ROWS_BEFORE.fullmatch(text, x.end, subject.start)
                        for x in mentions[:i])  # ("loan applications from Hangzhou customers …": the applications' own channel)
        if own and len(own) < len(v.entries) and all(e.kind == "value" for e in v.entries) and customers:
            out[i + 1] = Mention(v.start, v.end, v.text, own, v.parts)
    # "app-acquired customers": the value, then its field's own word joined to it — that field's value
    for i, (v, f) in enumerate(zip(mentions, mentions[1:], strict=False)):
        fields = {e.target for e in f.entries if e.kind == "field"}
        own = tuple(e for e in v.entries if e.kind == "value" and e.target in fields)
        if fields and len(fields) == len({e.target for e in f.entries}) and own and len(own) < len(v.entries) \
                and all(e.kind == "value" for e in v.entries) and all(e.table is None for e in own) \
                and re.fullmatch(r"-|\s?-\s?", text[v.end:f.start]):  # (a customer's own tag: "app-channel transactions" stay ambiguous)
            out[i] = Mention(v.start, v.end, v.text, own, v.parts)
    return out


#: "（一分）理财都没有", "贷款也没有": a holding denied after its name
_DENIED_AFTER = patterns.compile(r"\s*(?:一点|一分钱?|一笔|一个|任何)?\s*(?:都|也)\s*(?:没有|没)(?!有?(?:登录|交易|活跃|逾期|申请|放款|购买|买过|到期))")
_ONE_BEFORE = patterns.compile(r"(?:一分钱?|一点|一笔|一个|任何)\s*$")


def _denied_after(mentions: list[Mention], lexicon: Lexicon, text: str) -> list[Mention]:
    """"手上一分理财都没有", "理财都没有的客户": a name, then 都没有 — the model's own name of not holding it
    (没有理财: no wealth holdings), when it has one; else as it was (the negation is read around it)."""
    out = []
    for m in mentions:
        denied = _DENIED_AFTER.match(text, m.end)
        said = [e for e in lexicon.surfaces.get("没有" + m.text.strip(), []) if e.kind == "value"] if denied else []
        if said:
            one = _ONE_BEFORE.search(text, 0, m.start)
            start = one.start() if one else m.start
            m = Mention(start, denied.end(), text[start:denied.end()], tuple(said))
        out.append(m)
    return out


def _two_levels(mentions: list[Mention], lexicon: Lexicon, text: str, frame: Frame) -> list[Mention]:
    """"中高价值客户", "中低风险": a level glued before a level value names both levels (高价值 and
    中价值) — never the second alone with 中 dropped; a level the field does not have ("中高贷款意向":
    high or low only) is asked about. 其中/当中/之中 are "among", no level."""
    out = []
    for m in mentions:
        first, glued = m.text[:1], text[m.start - 1] if m.start > 0 else ""
        among = glued == "中" and m.start > 1 and text[m.start - 2] in "其当之途集空户里群"
        if glued and first in "高中低" and glued in "高中低" and glued != first and not among:
            fields = {e.target for e in m.entries if e.kind == "value"}
            other = [e for e in lexicon.surfaces.get(glued + m.text[1:], []) if e.kind == "value" and e.target in fields]
            if other:
                m = Mention(m.start - 1, m.end, text[m.start - 1:m.end], tuple(dict.fromkeys((*other, *m.entries))))
            elif fields:
                frame.unread.append(text[m.start - 1:m.end])
        out.append(m)
    return out


_HAVING = patterns.compile(r"^(?:with|has|have|having|holding|hold|holds)\s+(?:any\s+|a\s+|an\s+)?", re.I)


def _head_of_the_next(model: SemanticModel, mentions: list[Mention], text: str) -> list[Mention]:
    """"customers with |deposits| |maturing in the next 30 days|": a value whose noun the next value's name
    holds ("time deposit maturing within 30 days") is that value's head, said once — no condition of its own."""
    out = []
    for m in mentions:
        noun = _HAVING.sub("", m.text.strip().lower()).rstrip("s")
        following = next((x for x in mentions if x.start > m.end and not text[m.end:x.start].strip()), None)
        if noun and following is not None and m.entries and all(e.kind == "value" for e in m.entries) \
                and following.entries and all(e.kind == "value" for e in following.entries) \
                and {e.target for e in m.entries}.isdisjoint(e.target for e in following.entries) \
                and all((label := model.field_values(e.target).get(str(e.code))) is not None and noun in label.en.lower() for e in following.entries):
            continue
        out.append(m)
    return out


_OR_JOINED = patterns.compile(r"\s*(?:或者|或|和|及|、|/|,|，|\bor\b|\bnor\b)\s*", re.I)


def _denied_together(frame: Frame, text: str) -> None:
    """"不属于流失或沉睡客户", "not dormant or churned": values of one field listed after one "not" are all denied."""
    hits = sorted(frame.values, key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if a.negated and not b.negated and _OR_JOINED.fullmatch(text, a.mention.end, b.mention.start) \
                and {e.target for e in a.entries} & {e.target for e in b.entries}:
            b.negated = True


def _group_then_metric(mentions: list[Mention], lexicon: Lexicon, text: str) -> list[Mention]:
    """"哪几个营销活动转化率垫底": after a breakdown word, a metric name that starts with a
    field's name (营销活动 + 转化率) is the field broken down by and the metric that remains."""
    out: list[Mention] = []
    for m in mentions:
        if m.of_kind("metric") and not m.parts and cues.is_chinese(m.text) and re.search(r"(?:各个|各|每个|哪几个|哪个|哪些|哪)\s*$", text[max(0, m.start - 4):m.start]):
            for cut in range(2, len(m.text) - 1):
                head, rest = normalize(m.text[:cut]), normalize(m.text[cut:])
                fields = [e for e in lexicon.surfaces.get(head, []) if e.kind == "field"]
                metrics = [e for e in lexicon.surfaces.get(rest, []) if e.kind == "metric"]
                if fields and metrics:
                    out += [Mention(m.start, m.start + cut, m.text[:cut], tuple(fields)),
                            Mention(m.start + cut, m.end, m.text[cut:], tuple(metrics))]
                    break
            else:
                out.append(m)
        else:
            out.append(m)
    return out


_FIGURE_OF_EACH_BEFORE = patterns.compile(r"(?:平均|人均|中位数?|最高|最低|最多|最少|按|每个客户|\b(?:average|avg|mean|median|by|per\s+customer))\s*(?:的\s*)?$", re.I)


def _window_then_metric(model: SemanticModel, lexicon: Lexicon, mentions: list[Mention], text: str, frame: Frame,
                        day: date) -> list[Mention]:
    """"近90天交易笔数 各渠道占比多少": a customer's number tag whose name is a window and a
    figure ("近90天" + "交易笔数"), said with no condition, average or breakdown on it, is that
    figure over that window — the rows' figure, which a breakdown can split (a tag cannot)."""
    if frame.time is not None:
        return mentions
    out = list(mentions)
    for m in mentions:
        if not m.entries or any(e.kind != "field" or e.target not in model.tags or model.tags[e.target].type != "number"
                                for e in m.entries):
            continue
        if any(m.start <= c.span[0] <= m.end + 6 for c in frame.comparisons) \
                or _FIGURE_OF_EACH_BEFORE.search(text[max(0, m.start - 12):m.start]):
            continue  # "近90天交易笔数超过10笔的客户", "平均近90天交易笔数": the tag itself
        window = next(iter(find_time_ranges(m.text, day)), None)
        if window is None or window.span[0] != 0 and window.span[1] < len(m.text.rstrip()):
            continue  # the window first ("近90天…") or last ("… in the last 90 days")
        lo, hi = (m.start + window.span[1], m.end) if window.span[0] == 0 else (m.start, m.start + window.span[0])
        if window.span[0] != 0:  # "transactions in the last 90 days": the figure's words, then how the window is joined
            hi = lo + len(re.sub(r"\s+(?:in|over|during|for|from|within)(?:\s+the)?\s*$", "", text[lo:hi], flags=re.I))
        named = [Mention(x.start + lo, x.end + lo, x.text, tuple(x.of_kind("metric"))) for x in lexicon.find(text[lo:hi])
                 if x.of_kind("metric")]
        if len(named) != 1 or text[lo:hi].strip("的 ") != named[0].text.strip():
            continue
        out[out.index(m)] = named[0]
        frame.time = replace(window, span=(m.start + window.span[0], m.start + window.span[1]))
        frame.times = [frame.time]
        return out
    return out


_SET_AGAINST_BETWEEN = patterns.compile(r"\b(?:vs\.?|versus|against|compared?|than|relative\s+to|next\s+to|alongside|beside|side\s+by\s+side)\b|对比|相比|比|跟|和|与", re.I)


_ASIDE = patterns.compile(r"\s*[(（][^()（）]{1,24}[)）]\s*")


def _joined_across_aside(mentions: list[Mention], lexicon: Lexicon, text: str, frame: Frame) -> list[Mention]:
    """"有定期(含大额存单)到期的客户": a name whose two halves stand either side of a bracketed aside (定期 + 到期: the
    time deposits coming due) is that name, read in its two parts — the aside says what it holds."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out = list(ordered)
    for a in ordered:
        b = next((x for x in ordered if x.start >= a.end and _ASIDE.fullmatch(text, a.end, x.start)), None)
        if b is None or a not in out or b not in out:
            continue
        named = lexicon.surfaces.get(normalize(a.text + b.text), [])
        if named:
            out[out.index(a)] = Mention(a.start, b.end, text[a.start:b.end], tuple(named), parts=((a.start, a.end), (b.start, b.end)))
            out = [m for m in out if m is not b and not (a.end <= m.start and m.end <= b.start)]  # (and what the aside names)
            frame.attached.append(((a.end, b.start), "any"))
    return out


_HOW_MANY_RIGHT_BEFORE = patterns.compile(r"\bhow\s+many\s+(?:of\s+(?:our|the)\s+)?$|(?:多少|有几)(?:个|家|间)?\s*$", re.I)
_HOW_MANY_RIGHT_AFTER = patterns.compile(r"\s*(?:有|一共有|共有|总共有|一共|总共)?(?:多少|几)(?:个|家|间)|\s+(?:are\s+there|do\s+we\s+have)\b", re.I)
_AS_THEIR = patterns.compile(r"\s+as\s+(?:(?:their|his|her|its|the|a)\s+)?|\s*(?:作为|当作|当成)(?:他们的|其|自己的)?\s*", re.I)
_FOR_ITS_ROWS = patterns.compile(r"\s+(?:for|of|in)\s+(?:their\s+|the\s+)?", re.I)


def _value_as_its_field(mentions: list[Mention], text: str, frame: Frame, model: SemanticModel) -> list[Mention]:
    """"customers who have WeChat as their go-to channel for transactions": a value said to be what a customer tag
    is ("as their …") is that tag's value — and the rows the tag is read from, said after it, are the tag's own words."""
    out = list(mentions)
    for v in mentions:
        f = next((m for m in mentions if m.start > v.end and _AS_THEIR.fullmatch(text, v.end, m.start)), None)
        tags = {e.target for e in f.of_kind("field") if e.target in model.tags} if f is not None else set()
        own = [e for e in v.of_kind("value") if e.target in tags]
        if not own or v not in out:
            continue
        out[out.index(v)] = Mention(v.start, v.end, v.text, tuple(own))
        rows = next((m for m in mentions if m.start > f.end and _FOR_ITS_ROWS.fullmatch(text, f.end, m.start) and m.of_kind("metric")), None)
        if rows is not None and rows in out:
            out.remove(rows)  # ("… for transactions": the rows the preferred channel is read from)
            frame.attached.append(((f.end, rows.end), "any"))
    return out


_WHICH_N_BEFORE = patterns.compile(r"\bwhich\s+(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?$|哪\s*[0-9一二两三四五六七八九十]*\s*[个场家款项]\s*$", re.I)


def _which_ones(mentions: list[Mention], lexicon: Lexicon, text: str) -> list[Mention]:
    """"Which 3 campaigns launched in 2025 had the highest uplift": a count's name ("campaigns launched") right after
    "which (N)" names the things asked for — its first word the field of their names, the rest how they are picked."""
    out = []
    for m in mentions:
        if m.of_kind("metric") and not m.of_kind("field") and _WHICH_N_BEFORE.search(text, max(0, m.start - 16), m.start):
            ends = [w.end() for w in re.finditer(r"[a-z0-9-]+|[\u4e00-\u9fff]", m.text, re.I)][:-1]
            head = next((x for end in reversed(ends) for x in lexicon.find(m.text[:end]) if x.start == 0 and x.end == end
                         and x.of_kind("field") and len(x.of_kind("field")) == len(x.entries)), None)
            if head is not None:
                out.append(Mention(m.start, m.start + head.end, head.text, head.entries))
                continue
        out.append(m)
    return out


def _split_names(mentions: list[Mention], lexicon: Lexicon, frame: Frame, model: SemanticModel) -> list[Mention]:
    """"conversion rate of borrow-only customers into depositors (loan-to-deposit)": a value
    whose words, put before a metric's, make another metric's name is that name split in two
    — also across languages ("存转贷conversion rate": 存转贷 + 转化率)."""
    out = list(mentions)
    for m in mentions:
        if not m.of_kind("metric"):
            continue
        for v in mentions:
            if v is m or not v.of_kind("value") or (v.start < m.end and m.start < v.end) or abs(v.start - m.start) > 60:
                continue
            lo, hi = min(m.end, v.end), max(m.start, v.start)
            if any(u is not v and lo <= u.start and u.end <= hi and {e.target for e in u.of_kind("value")} & {e.target for e in v.of_kind("value")}
                   for u in mentions):
                continue  # "the conversion rate of contacted customers against the hold-out group": the nearer value is the figure's
            if v.start >= m.end and _SET_AGAINST_BETWEEN.search(frame.text, m.end, v.start):
                continue  # "conv rate vs control grp": the value the figure is set against, no piece of its name
            tables = {e.table for e in v.of_kind("value") if e.table}
            if any(u.start >= v.end and not frame.text[v.end:u.start].strip() and any(e.kind == "field" and e.table in tables for e in u.entries)
                   for u in mentions):
                continue  # "the deposit-to-loan campaigns … the conversion rate": the value said of its own rows, no piece of a name
            said = [normalize(x) for x in (f"{v.text} {m.text}", f"{v.text}{m.text}")]
            if cues.is_chinese(v.text) and not cues.is_chinese(m.text):
                said += [normalize(v.text + n) for e in m.of_kind("metric") if e.target in model.metrics
                         for n in (model.metrics[e.target].label.zh, *model.metrics[e.target].synonyms.zh)]
            said += [x.replace("-", " ") for x in said]
            named = next((e for x in said for e in lexicon.surfaces.get(x, []) if e.kind == "metric"), None)
            if named is not None and named.target not in {e.target for e in m.of_kind("metric")} and m in out and v in out:
                out[out.index(m)] = Mention(m.start, m.end, m.text, (named,))
                out.remove(v)
                frame.attached.append(((v.start, v.end), "any"))
    return out


def _threshold_glosses(model: SemanticModel, mentions: list[Mention], text: str, frame: Frame) -> list[tuple[int, int]]:
    """"high-value (500k+) customers", "低价值(<5万)客户", "high deposit volatility (coefficient of variation
    of at least 0.30)": a bracketed threshold right after a value of a tag defined by thresholds restates
    its definition; it is no second condition. Returns the brackets' spans (their words are accounted for
    by the value's field)."""
    out = []
    for v in mentions:
        tags = [e.target for e in v.of_kind("value") if e.target in model.tags
                and (model.tags[e.target].cases or _THRESHOLD.search(model.tags[e.target].expr or ""))]
        said = _BRACKETED.match(text, v.end)
        if tags and said and re.search(r"[0-9一二三四五六七八九十百千万]", said.group(1)) and _thresholds_declared(model, tags[0], said.group(1)):
            out.append(said.span())
            frame.attached.append((said.span(), f"field:{tags[0]}"))
        # "not overdue (zero days past due)", "逾期（逾期天数大于0）": a yes/no of "a number > 0", said again by that number
        numbers = {n for e in v.of_kind("value") if e.table and (n := counted_by(model, e.table, e.target))}
        inner = [m for m in mentions if said is not None and said.start() < m.start and m.end <= said.end()]
        if numbers and said and _ZERO_SAID.search(said.group(1)) and inner \
                and all(numbers & {e.target for e in m.of_kind("field")} for m in inner):
            out.append(said.span())
            frame.attached.append((said.span(), "any"))
    return out


_ZERO_SAID = patterns.compile(r"\b(?:zero|0|none)\b|[0零]", re.I)


def _thresholds_declared(model: SemanticModel, tag: str, said: str) -> bool:
    """Is every number in ``said`` a threshold the tag declares (as said, or as a percentage of it)? "高价值客户
    （AUM 100万以上）" moves the line: a condition of its own, not the definition said again."""
    from assistant.recognise.numbers import find_numbers

    t = model.tags[tag]
    declared = _declared_numbers(t)
    numbers = [v for v, _, _ in find_numbers(said)]
    return all(v in declared or v / 100 in declared or any(abs(v / 100 - d) < 1e-9 for d in declared) for v in numbers)


_BRACKETED = patterns.compile(r"\s?[(（]([^()（）]{1,48})[)）]")
#: a tag defined by a threshold on a number: "deposit_volatility >= 0.30"
_THRESHOLD = patterns.compile(r"[<>]=?\s*-?[0-9]")


#: "（基金也算）", "基金也包括在内", "(funds count too)", "funds included": the group is in, not the only one
#: ("对照组成本是0也算在内": a few words of the value's own between)
_INCLUDED_TOO = patterns.compile(r"^[^,，。;；?？!！()（）\s]{0,6}?(?:也|都)(?:要)?(?:算|算上|算进去|算在内|包括|包括在内|包含|包含在内|计入|在内)|"
                           # ("login count": no "counts too")
                           r"^\s*(?:(?:counts?|count\s+in)\s+(?:too|as\s+well|also)|(?:included|are\s+included|is\s+included)(?:\s+(?:too|as\s+well|also))?)\b|"
                           r"^\s*(?:too|as\s+well)\b", re.I)
def _widens(frame: Frame, hit: ValueHit, text: str) -> bool:
    """"有定期(含大额存单)的客户", "time deposits (incl. large CDs)": a value included in brackets right after another value
    of the same field widens that one to hold it too — both are the condition, the inclusion word said."""
    fields = {e.target for e in hit.entries}
    widened = next((o for o in frame.values if o is not hit and not o.negated and {e.target for e in o.entries} & fields
                    and _WIDENED_BY.fullmatch(text, o.mention.end, hit.mention.start)), None)
    if widened is not None:
        frame.attached.append(((widened.mention.end, hit.mention.start), "any"))
    return widened is not None


_WIDENED_BY = patterns.compile(r"\s*[(（]\s*(?:包括|包含|含|including|incl\.?|inc\.?)\s*", re.I)
_INCLUDING_CLAUSE = patterns.compile(r"\b(?:including|incl\.?|counting)\s+(?:the\s+|any\s+|those\s+)?(?:[a-z]+\s+){0,2}?(?:that|which|who)\s+"
                                     r"(?:(?:have|has|had)\s+)?(?:since\s+)?(?:been\s+|were\s+|are\s+|was\s+|is\s+|got\s+)?(?:fully\s+|already\s+)?$", re.I)
_INCLUDING_BEFORE = patterns.compile(r"(?:包括|包含|含)\s*$|\b(?:including|incl\.?|inc\.?)\s*$", re.I)


#: "没在网银上", "从来没在APP里": a place said right after the negation, before what was not done there
_NOT_AT_BEFORE = patterns.compile(r"(?:没有?|从没|从未|从来没有?|未曾?|不)\s*在\s*$")


def _not_there(frame: Frame, text: str) -> None:
    """"近30天没在网银上登录过的客户": the negation is of the logging in there, not of the place
    (customers who logged in elsewhere). Not read as a condition yet: asked about, named."""
    for hit in frame.values:
        said = _NOT_AT_BEFORE.search(text[max(0, hit.mention.start - 6):hit.mention.start])
        if not hit.negated or said is None:
            continue
        gap = re.match(r"\s*(?:上面|里面|上|里|中|端)?\s*", text[hit.mention.end:])
        after = hit.mention.end + (gap.end() if gap else 0)
        verb = next((m for m in frame.mentions if m.start == after and m is not hit.mention), None)
        rows = {e.table for e in hit.entries if e.table} & {e.table for e in verb.entries if e.table} if verb else set()
        if verb is not None and any(c.span == (verb.start, verb.end) and c.op == "=" and c.value == 0 for _, c in frame.field_filters):
            continue  # "从来没在APP上登录过": no login on the app — the rows a count tag counts, read with their place
        if verb is not None and rows:  # the place is a value of the rows the verb names (the platform of app events)
            frame.unread.append(frame.text[hit.mention.start - len(said.group()):verb.end].strip())


def _included_too(frame: Frame, text: str) -> None:
    """"理财浏览次数最多的3个产品（基金也算）": a group said to count as well is inside what
    is asked about, not a condition that keeps only it."""
    for hit in list(frame.values):
        after = _INCLUDED_TOO.match(text[hit.mention.end:])
        including = _INCLUDING_BEFORE.search(text[max(0, hit.mention.start - 12):hit.mention.start])
        bracketed = including is not None and re.match(r"\s*[)）]", text[hit.mention.end:])
        # "… in 2024, including loans that have since been fully repaid": rows of that value kept in, never the only ones
        clause = _INCLUDING_CLAUSE.search(text, max(0, hit.mention.start - 60), hit.mention.start)
        if hit.negated or not (after or bracketed or clause) or _asked_in_turn(frame, hit, text):
            continue
        if bracketed and _widens(frame, hit, text):
            continue
        frame.values.remove(hit)
        if after:
            start, end = hit.mention.end, hit.mention.end + after.end()
            frame.attached.append(((_clause_lead(frame, text, hit.mention.start), end), "any"))
            # ("成本是0也算在内": the words between make no condition of their own)
            frame.metric_filters = [(x, c) for x, c in frame.metric_filters if not start <= c.span[0] <= c.span[1] <= end]
            frame.field_filters = [(x, c) for x, c in frame.field_filters if not start <= c.span[0] <= c.span[1] <= end]
        elif including is not None and bracketed:
            frame.attached.append(((hit.mention.start - len(including.group()), hit.mention.end), "any"))
        elif clause is not None:
            frame.attached.append(((clause.start(), hit.mention.end), "any"))
        # "理财和基金都算": the groups listed with it count too
        listed = hit
        for other in sorted((h for h in frame.values if h.mention.end <= listed.mention.start), key=lambda h: -h.mention.start):
            if other.negated or not cues.CONJUNCTION_ONLY.match(re.sub(r"^\s*的", "", text[other.mention.end:listed.mention.start])):
                break  # ("还在还的和已经还清的都算上": both listed count too)
            frame.values.remove(other)
            frame.attached.append(((other.mention.start, listed.mention.start), "any"))
            listed = other


def _drop_glosses(values: list[ValueHit], text: str) -> None:
    """"outside the East China (华东) region": a value repeated in brackets right after
    itself is a translation, not a second condition."""
    codes = lambda h: {(e.target, str(e.code)) for e in h.entries}  # noqa: E731
    for a, b in zip(list(values), list(values)[1:], strict=False):
        if b.mention.start > a.mention.end and _GLOSS_OPEN.match(text[a.mention.end:b.mention.start]) and codes(a) & codes(b):
            values.remove(b)


_YEARS = patterns.compile(r"年期|年|\byears?\b(?!\s+old)", re.I)


def _in_months(model: SemanticModel, entries: list[Entry], c: Comparison) -> Comparison:
    """"三年期及以上", "longer than 2 years" on a term counted in months: 36, 24."""
    if not _YEARS.search(c.text) or re.search(r"个月|months?", c.text, re.I):
        return c
    for e in entries:
        ref = model.field(e.target, e.table)
        if ref is not None and ("月" in ref.label.zh or "month" in ref.label.en.lower()):
            return replace(c, value=c.value * 12, value2=c.value2 * 12 if c.value2 is not None else None)
    return c


def _rows_money(model: SemanticModel, mentions: list[Mention], c: Comparison, text: str = "") -> Entry | None:
    """Yuan compared in a question whose values all name rows of one table (or, of several,
    the table whose rows it counts): that table's one money attribute."""
    if not _is_money(c):
        return None
    homes = [{e.table for e in m.of_kind("value") if e.table} for m in mentions if m.of_kind("value")]
    homes = [h for h in homes if h]
    shared = set.intersection(*homes) if homes else set()  # "在柜台办的…取现": 柜台 is of several tables, 取现 of one
    tables = shared if len(shared) == 1 else {t for h in homes for t in h}
    counted = {model.metrics[e.target].measure.table for m in mentions for e in m.of_kind("metric")  # type: ignore[union-attr]
               if e.target in model.metrics and model.metrics[e.target].measure is not None and model.metrics[e.target].format == "integer"}
    if len(tables) != 1 and len(counted) == 1:  # "mortgage applications … for more than 1 million": the counted rows'
        tables = (tables & counted) or (counted if not tables else set())
    if len(tables) > 1:  # "走微信渠道申请、金额超过20万的贷款": the table the question's own nouns name
        from assistant.parse.building.rows import spoken_of

        spoken = {t for t in tables if spoken_of(model, t, text)}
        tables = spoken if len(spoken) == 1 else tables
    if len(tables) != 1:
        return None
    table = tables.pop()
    money = [name for name, d in model.dimensions.get(table, {}).items() if d.type == "number" and d.format == "currency"]
    return Entry("field", money[0], table=table) if len(money) == 1 else None


@cache
def _people_named(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The model's words for its customers and the generic ones, anywhere and right before a number (compiled once per model)."""
    named = "|".join([*map(re.escape, sorted(words, key=len, reverse=True)), r"customers?", r"clients?", "people", r"persons?", r"users?",
                      "ones", "those", "客户", "用户", "人"])
    return re.compile(rf"\b(?:{named})\b", re.I), re.compile(rf"(?:{named})[\w\s]{{0,25}}$", re.I)


def _bare_age(model: SemanticModel, text: str, c: Comparison) -> str | None:
    """A bare whole number of years (16–100) compared right after people ("customers over
    50", "clients under 30") is an age: the tag measured in years old / 岁."""
    # (the people named as the model names its customers: "borrowers under 35", "depositors over 60")
    named, right_before = _people_named(tuple(sorted(w.lower() for w in model.customer.words.all())) if model.customer else ())
    if c.is_percent or c.op == "=" or _MONEY.search(c.text) or not (cues.CUSTOMER_WORDS.search(text) or named.search(text)):
        return None
    if not all(v is not None and float(v).is_integer() and 16 <= v <= 100 for v in (c.value, c.value2 if c.op == "between" else c.value)):
        return None
    if not right_before.search(text[max(0, c.span[0] - 40):c.span[0]]):
        return None
    if _so_many(text, c, _PEOPLE_UNITS + "家"):
        return None  # "沉睡客户超过60个", "沉睡客户数超过60的网点": so many customers, no age
    ages = [t.name for t in model.tag_list if t.type == "number"
            and any(u.lower() in ("years old", "岁") for u in t.units.all())]
    return ages[0] if len(ages) == 1 else None


def covers_tag_window(model: SemanticModel, fields: list[Entry], time: TimeMatch | TimeRange, as_of: date) -> bool:
    """The period is exactly the window a tag already counts over ("近30天登录过"): the tag
    answers it, as of the as-of date."""
    if time.start is None or time.end is None:
        return False
    days = (time.end - time.start).days + 1
    return time.end == as_of and any(e.target in model.tags and model.tag_window_days(e.target, counts_only=True) == days for e in fields)


def accounts_not_holders(frame: Frame, model: SemanticModel, metrics: list[str]) -> None:
    """"这个月新开了几个存款户": beside a count of deposit accounts, 存款户 names those
    accounts, not customers who hold a deposit today (has_deposit = true)."""
    counted = [model.metrics[n] for n in metrics if n in model.metrics]
    counted = [m for m in counted if m.kind == "simple" and m.measure is not None and m.measure.agg == "count"]
    if len(counted) != 1 or len(metrics) != 1:
        return
    for hit in list(frame.values):
        word = hit.mention.text
        if hit.negated or "户" not in word or "客户" in word or len(hit.entries) != 1:
            continue
        entry = hit.entries[0]
        tag = model.tags.get(entry.target)
        if tag is None or tag.type != "boolean" or str(entry.code) != "true" or "true" not in tag.values:
            continue
        subject = tag.values["true"].zh.removeprefix("有")
        if subject and any(subject in m.label.zh for m in counted):
            frame.values.remove(hit)


_MONEY = patterns.compile(r"[元块¥￥]|yuan|rmb|cny|\$", re.I)
#: points of a score: "打了1分或2分", "4 stars" (never 分钟, 分行)
_SCORE = patterns.compile(r"\d\s*分(?![钟行支期])|\d\s*stars?\b", re.I)


def _format(model: SemanticModel, e: Entry) -> str | None:
    if e.table is not None:
        dim = model.dimensions.get(e.table, {}).get(e.target)
        return dim.format if dim is not None else None
    tag = model.tags.get(e.target)
    return tag.format if tag is not None else None


_SENTENCE_END = patterns.compile(r"[？?。!！]")


def _counts_customers_too(masked: str, mentions: list[Mention]) -> bool:
    """"…的客户有多少，这些客户的存款余额合计多少": customers counted in one clause, another
    figure named in another — not a clause that only says why ("周会要用，本月新增客户有多少")."""
    asked = [m.start() for m in cues.CUSTOMER_HOW_MANY.finditer(masked)]
    # ("杭州的客户一共有多少个？他们…的存款余额是多少？": a sentence of its own is a clause too)
    breaks = [m.start() for m in cues.CLAUSE_BREAK.finditer(masked)] + [m.start() for m in _SENTENCE_END.finditer(masked.rstrip(" ？?。!！"))]
    named = [m.start for m in mentions if m.of_kind("metric")]
    return any(min(a, n) < b < max(a, n) for a in asked for n in named for b in breaks)


def _flag_then_number(model: SemanticModel, mentions: list[Mention], c: Comparison, text: str) -> Entry | None:
    """A yes/no attribute defined as "a number > 0" (is_overdue: overdue_days > 0) named right
    before a comparison: the comparison is about that number ("逾期超过30天", "overdue by more than 30 days")."""
    for m in mentions:
        if not (0 <= c.span[0] - m.end <= 5 and re.fullmatch(r"\s*(?:by|for|but|又|还|已经|已|都)?\s*", text[m.end:c.span[0]], re.I)):
            continue
        for e in m.of_kind("value"):
            number = counted_by(model, e.table or "", e.target) if e.code == "true" else None
            if number is not None and (e.table or _is_money(c) and _holds_money(model, [Entry("field", number)])):
                # (a customer's flag bounds its amount only in money: "borrowers under 35" are young)
                return Entry("field", number, table=e.table)
        if not _DAYS.search(c.text):
            continue
        for e in m.of_kind("metric"):  # "loans overdue at least 1 day": a count of the flagged rows, then days
            metric = model.metrics.get(e.target)
            table = metric.measure.table if metric is not None and metric.measure is not None else ""
            numbers = {n for flag in (metric.implies if metric is not None else ()) if (n := counted_by(model, table, flag))}
            if len(numbers) == 1:
                return Entry("field", numbers.pop(), table=table)
    return None


_DAYS = patterns.compile(r"[天日]|\bdays?\b", re.I)


def _one_row(text: str, mention: Mention) -> bool:
    """"a single wealth purchase over 100k", "the biggest single purchase": after "a"/"any" or
    a superlative, single means one row — it is no marital status."""
    from assistant.parse.building.aggregate import PER_ROW

    return bool(mention.of_kind("value")) and PER_ROW.fullmatch(text[mention.start:mention.end].strip()) is not None \
        and re.search(r"\b(?:a|one|any|every|each|biggest|largest|highest|smallest|lowest|max(?:imum)?|min(?:imum)?)\s+$",
                      text[:mention.start], re.I) is not None


def _rows_then_number(text: str, mention: Mention, c: Comparison) -> bool:
    """"POS transactions above 5,000", "超过5000的交易": a bare number compared right after
    (in Chinese: right before 的 and) the rows' own noun is those rows' amount, not a count."""
    if c.is_percent or c.op == "=":
        return False
    if mention.end <= c.span[0]:
        return not cues.is_chinese(text) and re.fullmatch(r"\s*", text[mention.end:c.span[0]]) is not None
    return c.span[1] <= mention.start and re.fullmatch(r"\s*的\s*", text[c.span[1]:mention.start]) is not None


def _money_field(model: SemanticModel, entries: list[Entry], c: Comparison, bare: bool = False) -> list[Entry]:
    """"purchases over 1,000 yuan", "单笔超过1500块": money compared beside a count is the
    rows' one money attribute, not the count (``bare``: a number the wording already made money)."""
    if not bare and not _MONEY.search(c.text):
        return []
    for e in entries:
        metric = model.metrics.get(e.target) if e.kind == "metric" else None
        if metric is None or metric.format != "integer" or metric.measure is None:
            continue
        table = metric.measure.table
        money = [d for d in model.dimensions.get(table, {}).values() if d.type == "number" and d.format == "currency"]
        if len(money) == 1:
            return [Entry("field", money[0].name, table=table)]
    return []
