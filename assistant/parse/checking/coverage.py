"""No silent drops: which words of a question the chosen query did not use.

After the rules build a query, every span of the question must be accounted for: a
mention the query uses (its metric, a filtered value, a broken-down field, the period,
the order …), or a word of the language that is safe to leave out (``words.yaml``):
filler always, cue words only when the query carries what they signal ("比" only with
a comparison, "不" only with a negated condition). What is left is content the query
ignored; the parser then asks instead of answering a different question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from assistant import patterns
from assistant.parse.checking.words import words_data
from assistant.parse.reading import cues
from assistant.parse.reading.cues import ALL_TIME
from assistant.parse.reading.frame import Frame, mask
from assistant.parse.vocabulary.lexicon import Entry, Mention
from assistant.recognise.time import TimeMatch
from semantic_layer.compile.adhoc import resolve_metric
from semantic_layer.compile.plan import metric_tables
from semantic_layer.compile.sqlparts import columns_of
from semantic_layer.query import Aggregate, Filter, SemanticQuery
from semantic_layer.semantic_model import SemanticModel

NEGATIVE_OPS = frozenset({"!=", "not_in", "is_null", "not_null"})
LATIN_WORD = patterns.compile(r"[a-z0-9%]+(?:['’][a-z]+)?")
CJK = patterns.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Reading:
    """What a question was turned into, for deciding which cue words it explains."""

    query: SemanticQuery
    followup: bool
    averaged: bool = False  # a metric that is itself an average ("cost per conversion", "AUM per customer")
    distinct: bool = False  # a metric that counts each customer once ("how many distinct customers logged in")
    amount: bool = False  # a figure in money ("loan money we paid out" is no count of loans)
    rate: bool = False  # a figure with a base: a rate, a conversion or a share (基数为…, "the denominator is …")

    @property
    def filters(self) -> tuple[Filter, ...]:
        part = (self.query.share.part if self.query.share else ()) + (self.query.benchmark.part if self.query.benchmark else ())
        own = tuple(f for r in self.query.all_customer_rows for f in (Filter(field=r.metric, op=r.op, value=r.value), *r.filters))
        return self.query.filters + part + own

    @property
    def fields(self) -> set[str]:
        out = {f.field for f in self.filters} | {g.field for g in self.query.group_by}
        out |= {m.field for m in self.query.metrics if isinstance(m, Aggregate)}
        return out

    def fields_with_sources(self, model: SemanticModel) -> set[str]:
        """The fields used, plus the numeric tags that banded ones are cut from (income_band → annual_income)."""
        out = set(self.fields)
        for name in list(out):
            tag = model.tags.get(name)
            if tag is not None and tag.cases:
                out |= {c.name for case in tag.cases for c in columns_of(case.when) if c.name in model.tags}
        return out


def _negative(f: Filter) -> bool:
    """A condition that says "not" or "none": 非/不是 a value, no such rows (a count = 0 or < 1), a flag
    false. "Holds at least one" (> 0) is no negation: it must not place a "not" said elsewhere."""
    if f.op in NEGATIVE_OPS:
        return True
    if f.op in ("=", "<=") and (f.value is False or f.value == 0):
        return True
    return f.op == "<" and f.value in (0, 1) and f.value is not True


# class of cue words → does the query carry what they signal?
def _aggregates(reading: Reading, *funcs: str) -> bool:
    return any(isinstance(m, Aggregate) and m.func in funcs for m in reading.query.metrics)


CONDITIONS: dict[str, Callable[[Reading], bool]] = {
    "filler": lambda r: True,
    "content": lambda r: False,
    "group": lambda r: bool(r.query.group_by) or r.query.share_of_total,
    "negation": lambda r: any(_negative(f) for f in r.filters),
    "share": lambda r: r.query.share is not None or r.query.share_of_total,
    "compare": lambda r: r.query.compare is not None or r.query.benchmark is not None,
    # "how did the treatment group's rate stack up against the control group's": figures or groups side by side
    "contrast": lambda r: r.query.compare is not None or r.query.benchmark is not None or len(r.query.metrics) >= 2 or bool(r.query.group_by) and r.query.limit is None,
    # "compare the treatment rate with the control rate": figures side by side (never groups: "X campaigns compared with Y campaigns")
    "figures": lambda r: len(r.query.metrics) >= 2 or r.query.compare is not None or r.query.benchmark is not None,
    # "both high activity and high wealth activity", "give both rates": two conditions or two figures
    # ("male vs female …, give me both numbers": two groups side by side)
    "pair": lambda r: len(r.filters) + len(r.query.all_customer_rows) >= 2 or len(r.query.metrics) >= 2 or r.query.compare is not None
    or any(g.field != "time" for g in r.query.group_by),
    "rank": lambda r: bool(r.query.order_by) or r.query.limit is not None,
    "aggregate": lambda r: r.averaged or any(isinstance(m, Aggregate) for m in r.query.metrics),
    "aggregate_avg": lambda r: r.averaged or _aggregates(r, "avg", "per_customer"),
    "aggregate_median": lambda r: r.averaged or _aggregates(r, "median"),
    "aggregate_max": lambda r: _aggregates(r, "max", "range"),
    # "放款金额合计多少？单笔平均放款金额是多少？": a total said is among the figures (a plain figure or a sum), never an
    # average alone
    "aggregate_sum": lambda r: any(not isinstance(m, Aggregate) or m.func in ("sum", "count_distinct") for m in r.query.metrics)
    or r.query.share is not None or r.query.share_of_total,
    "aggregate_min": lambda r: _aggregates(r, "min", "range"),
    "distinct": lambda r: r.distinct or any(isinstance(m, Aggregate) for m in r.query.metrics),
    "amount": lambda r: r.amount,
    "base": lambda r: r.rate,
    # "counted by number of loans", 按笔数算: how a count counts, never said of an amount or an average
    "counted": lambda r: not r.amount and not r.averaged and not any(isinstance(m, Aggregate) and m.func != "count_distinct" for m in r.query.metrics),
    # "per customer … only customers with at least 1 txn": an average per customer is over those with rows
    "at_least_one": lambda r: any(f.op == ">=" and f.value == 1 or f.op == ">" and f.value == 0 or f.value is True for f in r.filters)
    or _aggregates(r, "per_customer")
    # "customers who logged in at least once": the customers of those rows, or those holding one or more
    or any(isinstance(m, Aggregate) and m.func == "count_distinct" and m.field == "customer" for m in r.query.metrics)
    or any(c.op == ">" and c.value == 0 or c.op == ">=" and c.value == 1 for c in r.query.all_customer_rows),
    # "ever": over all the rows, never a state on the as-of date
    "ever": lambda r: any(c.period == "all" for c in r.query.all_customer_rows) or r.query.time_range is None and r.query.compare is None
    and any(isinstance(m, Aggregate) and m.func == "count_distinct" and m.field == "customer" for m in r.query.metrics),
    "followup": lambda r: r.followup,
    # ("excluding customers with no login": those with some are kept, a count above zero)
    "exclude": lambda r: any(f.op in ("not_null", "not_in", "!=") for f in r.filters) or any(f.op == ">" and f.value == 0 for f in r.query.filters),
    "period": lambda r: r.query.time_range is not None or r.query.compare is not None
    or any(g.field == "time" for g in r.query.group_by),
    # "按月份升序", "in date order": a series over time is shown in time order already
    "time_order": lambda r: any(g.field == "time" for g in r.query.group_by) and not r.query.order_by,
}


@cache
def word_classes() -> dict[str, dict[str, frozenset[str]]]:
    data = words_data()
    return {lang: {cls: frozenset(str(w).lower() for w in words) for cls, words in data[lang].items()} for lang in ("zh", "en")}


def allowed_words(reading: Reading, extra: frozenset[str] = frozenset()) -> tuple[frozenset[str], frozenset[str]]:
    """(Chinese, English) words that may stay unused for this reading."""
    out = []
    for lang in ("zh", "en"):
        classes = word_classes()[lang]
        words = set(extra)
        for cls, members in classes.items():
            if CONDITIONS[cls](reading):
                words |= members
        out.append(frozenset(words))
    return out[0], out[1]


def tokens(text: str) -> set[str]:
    """Words of a name: Latin words, and Chinese words as jieba cuts them (plus the whole)."""
    text = text.lower()
    out = set(re.findall(r"[a-z0-9]+", text))
    for chunk in re.findall(r"[\u3400-\u9fff]+", text):
        out.add(chunk)
        out |= {w for w in _cut(chunk) if w.strip()}
    return out


@cache
def _cut(chunk: str) -> tuple[str, ...]:
    from assistant.parse.vocabulary import chinese_words

    return tuple(chinese_words.base().lcut_for_search(chunk))  # the finer cut too: 风险承受能力 → 风险, 承受, 能力


def model_words(model: SemanticModel, reading: Reading) -> frozenset[str]:
    """Words the model explains for this reading: its population's nouns, the words of the
    used metrics' tables, and the words inside the names of what the query uses."""
    from semantic_layer.compile.adhoc import resolve_metric

    words: set[str] = set()
    if model.customer:
        words |= {w.lower() for w in model.customer.words.all()}
        words |= {w.lower() for w in model.tables[model.customer.table].words.all()}
    for ref in (*reading.query.metrics, *(r.metric for r in reading.query.all_customer_rows)):
        metric = resolve_metric(model, ref)
        own: set[str] = set()
        for name in (metric.label.zh, metric.label.en, *metric.synonyms.all()):
            own |= tokens(name)
        used = {metric.name}
        if isinstance(ref, Aggregate) and ref.of:
            base = model.metric(ref.of)
            used.add(base.name)
            for name in (base.label.zh, base.label.en, *base.synonyms.all()):
                own |= tokens(name)
        words |= own
        own_stems = {_stem(w) for w in own}
        for table in metric_tables(model, metric):
            rivals = _rival_words(model, table)
            words |= {w.lower() for w in model.tables[table].words.all()
                      if not (rivals.get(_stem(w.lower()), frozenset()) - used) or _stem(w.lower()) in own_stems}
            label = model.tables[table].label
            if label:
                words |= tokens(label.zh) | tokens(label.en)
    for field in reading.fields_with_sources(model):
        ref_ = model.field(field) or next((d[field] for d in model.dimensions.values() if field in d), None)
        if ref_ is None:
            continue
        if (latest := model.latest_of(field)) is not None:  # "each customer's latest survey response"
            words |= {w.lower() for w in model.tables[latest].words.all()}
        for name in (ref_.label.zh, ref_.label.en, *ref_.synonyms.all()):
            words |= tokens(name)
        for value in _used_values(reading, field):
            label = model.field_values(field).get(value)
            if label is not None:
                for name in (label.zh, label.en, *label.synonyms):
                    words |= tokens(name)
    return frozenset(words)


def _stem(word: str) -> str:
    """A word without its English ending, to match "disbursed" with "disbursements"."""
    return re.sub(r"e?(?:ments?|ed|s)?$", "", word) if word.isascii() and len(word) > 5 else word


@cache
def _rival_words(model: SemanticModel, table: str) -> dict[str, frozenset[str]]:
    """The words of ``table`` that name a part of its rows (放款 in 放款笔数/放款金额, 审批 in
    贷款审批通过数, "disbursed" in "loan disbursements"), each with the figures named by it —
    figures that count the same narrowed rows by the same date, which the table's other
    figures do not. Beside another figure of the table ("2025年放款的房贷 平均单笔金额" read
    as the applications' amount) such a word names rows or a date the query does not use, so it
    is explained only by the query's own names; otherwise the parser asks. The table's own name
    (贷款, loans) and single characters stay neutral."""
    tab = model.tables[table]
    neutral = {_stem(w) for w in (tokens(tab.label.zh) | tokens(tab.label.en) if tab.label else set())}
    table_words = {_stem(w.lower()) for w in tab.words.all()} - neutral
    figures = [m for m in model.metrics.values() if not m.hidden and m.measure is not None and m.measure.table == table]
    named: dict[str, set[str]] = {}
    for metric in figures:
        for word in tokens(metric.label.zh) | tokens(metric.label.en):
            if _stem(word) in table_words and not (len(word) == 1 and CJK.match(word)):
                named.setdefault(_stem(word), set()).add(metric.name)

    def rows(name: str) -> tuple[str | None, ...]:
        m = model.metrics[name]
        return (m.measure.where if m.measure else None, m.time, m.default_period)

    return {w: frozenset(names) for w, names in named.items()
            if len(kinds := {rows(n) for n in names}) == 1 and next(iter(kinds))[0] and len(names) < len(figures)}


def _used_values(reading: Reading, field: str) -> set[str]:
    out: set[str] = set()
    for f in reading.filters:
        if f.field != field:
            continue
        values = f.value if isinstance(f.value, tuple) else (f.value,)
        out |= {("true" if v else "false") if isinstance(v, bool) else str(v) for v in values if v is not None}
    return out


def _mention_used(m: Mention, reading: Reading, model: SemanticModel) -> bool:
    names = set(reading.query.metric_names) | {r.metric for r in reading.query.all_customer_rows}
    aggregates = [x for x in reading.query.metrics if isinstance(x, Aggregate)]
    fields = reading.fields_with_sources(model)
    rows = [*(n for n in reading.query.metrics if isinstance(n, str)), *(a.of for a in aggregates if a.of)]  # 实验组 beside 营销转化率
    implied = {f for name in rows if name in model.metrics for f in model.metric(name).implies}
    word = m.text.strip().lower().rstrip("s")
    for e in m.entries:
        if e.kind == "metric" and (e.target in names or any(e.target in (a.of, a.field) for a in aggregates)):
            return True
        if e.kind == "ambiguous" and names & set(e.options):
            return True
        if e.kind in ("field", "value") and e.target in fields:
            return True
        if e.kind in ("field", "value") and e.target in implied and not _against_definition(model, rows, e):
            return True
        if e.kind == "field" and len(word) >= 2 and any(word in f or word in _labels(model, f) for f in fields):
            return True  # "channel" → preferred_channel
    return False


#: words that add nothing of their own beside a name they run into ("any loan" of "any loan applied for")
_LIGHT = patterns.compile(r"\b(?:any|a|an|the|our|all|each|every|some|of|in|for|with|per|got|get|gets|took|take|takes|had|have|has|"
                          r"hold|holds|held|their|its)\b|[的有各每]")


_PEOPLE_AT_THE_EXTREME = patterns.compile(r"(?:人数|客户数|户数|用户数|人次)\s*(?:最高|最多|最大|最少|最低)|"
                                           r"\b(?:most|fewest|max(?:imum)?|min(?:imum)?)\s+(?:number\s+of\s+)?(?:people|customers|users|clients)\b", re.I)


def _the_figures_own_value(m: Mention, frame: Frame, reading: Reading, model: SemanticModel) -> bool:
    """"开户的新客户": a value inside the name of a figure read whose own definition is that value (新客户 of 新增客户:
    the lifecycle stage new) is that figure said, no condition of its own."""
    fields = {e.target for e in m.of_kind("value")}
    for x in frame.mentions:
        if x is m or not (m.start < x.end and x.start < m.end):
            continue
        for k in x.of_kind("metric"):
            figure = model.metrics.get(k.target)
            if k.target in reading.query.metric_names and figure is not None and figure.without_period is not None \
                    and figure.without_period.field in fields:
                return True
    return False


def _named_unused(frame: Frame, reading: Reading, model: SemanticModel, spans: list[tuple[int, int]], found: list[str]) -> list[str]:
    """"近30天查过贷款的客户里，只存不贷的占多少": a customer tag the lexicon found ("查过贷款", the loan inquiries) that the reading
    neither uses nor overlaps with what it uses is a condition left out — its words are asked about, even when each of
    them alone ("查", "贷款") may be said in passing."""
    out: list[str] = []
    for m in frame.mentions:
        if not m.of_kind("field") or len(m.of_kind("field")) != len(m.entries) or not all(e.target in model.tags for e in m.entries) \
                or _mention_used(m, reading, model) or m.text in found \
                or any(_kin(e.target, f) for e in m.of_kind("field") for f in reading.fields) \
                or _names_a_figure_read(m.text, reading, model):
            continue  # (a tag of the customers: an attribute of rows, "amount", may be what a figure of them is in; and
            # a tag of the same kind as a field read may be that field said again: "by the channel they came in through")
        if any(a < m.end and m.start < b for a, b in spans):
            continue
        out.append(m.text)
    return out


def _names_a_figure_read(said: str, reading: Reading, model: SemanticModel) -> bool:
    """Is ``said`` ("拉新的") a name of a figure the reading computes (新增客户, 拉新)?"""
    word = re.sub(r"[的了过]$", "", said.strip().lower())
    names = [n.lower() for m in reading.query.metric_names if m in model.metrics
             for n in (model.metrics[m].label.zh, model.metrics[m].label.en, *model.metrics[m].synonyms.all())]
    return len(word) >= 2 and any(word in n or n in word for n in names if len(n) >= 2)


def _kin(a: str, b: str) -> bool:
    """Do two field names share a word of what they are (acquisition_channel, channel)?"""
    generic = {"is", "has", "was", "of", "the", "30d", "90d", "days", "count", "type"}
    return bool((set(a.split("_")) - generic) & (set(b.split("_")) - generic))


def _numeric(model: SemanticModel, e: Entry) -> bool:
    """Is the entry a number field ("by total amount" orders, it does not split)?"""
    ref = model.dimensions.get(e.table or "", {}).get(e.target) if e.table else model.tags.get(e.target)
    return ref is not None and ref.type == "number"


def _against_definition(model: SemanticModel, names: list[str], e: Entry) -> bool:
    """A value of the figure's own rows that its definition does not say ("已批准未放款的贷款" beside the loans
    disbursed, whose rows are those with a disburse date): another condition, not the figure's own words."""
    if e.kind != "value" or not e.code or e.table is None:
        return False
    parts = [p for n in names if n in model.metrics for p in (n, model.metric(n).numerator, model.metric(n).denominator) if p]  # a rate's rows
    wheres = [m.measure.where or "" for n in parts if n in model.metrics and (m := model.metric(n)).measure is not None
              and m.measure.table == e.table and e.target in m.implies]
    said = " ".join(wheres).lower()
    code = str(e.code).lower()
    return bool(said) and code[:max(4, len(code) - 2)] not in said


def _labels(model: SemanticModel, field: str) -> str:
    ref = model.field(field) or next((d[field] for d in model.dimensions.values() if field in d), None)
    return f"{ref.label.zh} {ref.label.en}".lower() if ref is not None else ""




def _end_said_again(frame: Frame, q: SemanticQuery, t: TimeMatch) -> bool:
    """A date said as where the answer's period ends, the day it is read as of already: "in the last 30 days
    (through 2025-12-31)", "at the December 2025 month-end" of a snapshot read as of 2025-12-31."""
    today = q.as_of or frame.today
    if today is None or t.end != today and not (t.kind == "month" and cues.ENDING_AFTER.match(frame.text[t.span[1]:])):
        return False
    ends = q.time_range.end if q.time_range is not None else today
    if ends != today or t.end < today and not (t.start <= today <= t.end or t.kind == "month" and t.end.replace(day=1) == today.replace(day=1)):
        return False
    return bool(cues.ENDING_BEFORE.search(frame.text[:t.span[0]]) or cues.ENDING_AFTER.match(frame.text[t.span[1]:]))


#: the periods of the answer counted: "all 8 quarters", "12个月都要"
_PERIODS_COUNTED = patterns.compile(r"\b(?:all\s+(?:the\s+)?)?(\d{1,2})\s+(month|quarter|year|day)s\b|(?:全部|所有|共)?(\d{1,2})个(月|季度|年|天)", re.I)
_GRAIN_WORD = {"month": "month", "quarter": "quarter", "year": "year", "day": "day", "月": "month", "季度": "quarter", "年": "year", "天": "day"}


def _periods_in(start: date, end: date, grain: str) -> int:
    if grain == "day":
        return (end - start).days + 1
    if grain == "year":
        return end.year - start.year + 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if grain == "month" else (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1


def _periods_counted(text: str, q: SemanticQuery) -> list[tuple[int, int]]:
    """"Quarterly approval rate over 2024-2025, all 8 quarters": the number of periods the breakdown by time has —
    a count of the answer's rows, no condition."""
    grains = {g.grain for g in q.group_by if g.field == "time"}
    if not grains or q.time_range is None or q.time_range.start is None or q.time_range.end is None:
        return []
    out = []
    for m in _PERIODS_COUNTED.finditer(text):
        n, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        grain = _GRAIN_WORD[unit.lower()]
        if grain in grains and int(n) == _periods_in(q.time_range.start, q.time_range.end, grain):
            out.append(m.span())
    return out


_RIVAL_KINDS = (("mean", r"mean|average|avg|平均数|平均值|均值|平均"), ("median", r"median|中位数"),
                ("people", r"customers|people|persons|heads|客户数|人数|人头|户数|人|户"),
                ("rows", r"loans|applications|accounts|transactions|rows|records|touches|events|number\s+of\s+[a-z]+|counts?|笔数|账户数|条数|次数|笔|账户"),
                ("money", r"amounts?|balances?|金额|余额"), ("daily", r"daily\s+average|日均"),
                ("snapshot", r"month[- ]end|point[- ]in[- ]time|月末时点|时点|月末"))


def rivals_denied(frame: Frame, reading: Reading, model: SemanticModel) -> list[tuple[int, int]]:
    """"Median, not mean", "按笔不按人", "counted by number of loans not by balance", "注意是日均，不是月末时点": another way
    of measuring, denied — said, when the reading does not measure that way (asked back when it does). Never a value that
    could be a condition ("deposits, not loans" is left to the reading)."""
    q = reading.query
    metrics = [model.metrics[m] for m in q.metrics if isinstance(m, str) and m in model.metrics]
    funcs = {m.func for m in q.metrics if isinstance(m, Aggregate)}
    customers = reading.distinct or "count_distinct" in funcs or any(m.kind in ("customers", "conversion") or m.counts_customers for m in metrics)
    counted = any(m.kind == "simple" and m.measure is not None and m.measure.agg == "count" and not m.counts_customers for m in metrics) \
        or any(m.kind == "ratio" and (n := model.metrics.get(m.numerator or "")) is not None and n.measure is not None
               and n.measure.agg == "count" and not n.counts_customers for m in metrics)
    daily = any("日均" in m.label.zh for m in metrics) or any(isinstance(x, Aggregate) and "avg_daily" in x.field for x in q.metrics)
    used = {"mean": reading.averaged or "avg" in funcs, "median": "median" in funcs, "people": customers, "rows": counted,
            "money": reading.amount, "daily": daily, "snapshot": any(m.kind == "snapshot" for m in metrics) and not daily}
    out = []
    for said in cues.RIVAL_DENIED.finditer(frame.text):
        kind = next(k for k, words in _RIVAL_KINDS if re.fullmatch(words, said["rival"], re.I))
        # ("number of loans", "by balance": a way of counting, whatever its noun could also be)
        measured = re.match(r"number\s+of\b", said["rival"], re.I) or re.search(r"\bby\s+(?:the\s+)?$|[按用看算]$", frame.text[said.start():said.start("rival")], re.I)
        conditions = [m for m in frame.mentions if m.start < said.end() and said.start() < m.end and (m.of_kind("value") or m.of_kind("field"))]
        if not used[kind] and (measured or not conditions):
            out.append(said.span())
    return out


def used_spans(frame: Frame, reading: Reading, model: SemanticModel) -> list[tuple[int, int]]:
    q = reading.query
    spans = [s for m in frame.mentions if _mention_used(m, reading, model) for s in (m.parts or ((m.start, m.end),))]
    ranges = set()
    if q.time_range and q.time_range.start:
        ranges.add((q.time_range.start, q.time_range.end))
    if q.compare and q.compare.baseline and q.compare.baseline.start:
        ranges.add((q.compare.baseline.start, q.compare.baseline.end))
    for t in frame.times:
        if (t.start, t.end) in ranges or reading.followup and q.time_range is not None or _end_said_again(frame, q, t):
            spans.append(t.span)
    spans += _conversion_said_again(frame, q, model)
    if frame.grain_span and any(g.field == "time" for g in q.group_by):
        spans.append(frame.grain_span)
    spans += _periods_counted(frame.text, q)
    if frame.rank and (q.order_by or q.limit):
        spans.append(frame.rank.span)
    if frame.as_of_span and q.as_of:
        spans.append(frame.as_of_span)
    values = {float(f.value) for f in reading.filters if isinstance(f.value, int | float) and not isinstance(f.value, bool)}
    values |= {float(v) for f in reading.filters if isinstance(f.value, tuple) for v in f.value
               if isinstance(v, int | float) and not isinstance(v, bool)}
    used = {(c.span, c.value) for _, c in frame.field_filters} | {(c.span, c.value) for _, c in frame.metric_filters}
    per_customer = any(isinstance(m, Aggregate) and m.func == "per_customer" for m in q.metrics)
    for c in frame.comparisons:  # a filter may hold it converted ("三年期" → 36 months)
        converted = {v for span, v in used if span == c.span}
        if c.value in values or c.value2 in values or converted & values \
                or per_customer and (c.op == ">=" and c.value == 1 or c.op == ">" and c.value == 0):  # "at least 1 txn"
            spans.append(c.span)
    fields = reading.fields
    for span, kind in frame.attached:
        if kind == "any" or kind == "rank" and (q.order_by or q.limit) or kind.startswith("field:") and kind[6:] in fields \
                or kind == "aggregate" and any(isinstance(m, Aggregate) for m in q.metrics) \
                or kind == "compare" and q.compare is not None \
                or kind == "exclude" and CONDITIONS["exclude"](reading) \
                or kind == "every_customer" and not any(isinstance(m, Aggregate) and m.func == "per_customer" for m in q.metrics) \
                or kind == "ever" and _read_over_all_data(model, q):
            spans.append(span)
    return spans


def _said_and_kept_out(frame: Frame, reading: Reading, model: SemanticModel) -> bool:
    """A value named of a field the query keeps to other values of the same rows ("有定期存款的客户(不含大额存单)",
    "time deposits only, not CDs"): that condition already leaves it out, so the words saying so are placed.
    A value of other rows ("a large CD but not a fund": funds are no deposit accounts) is another condition."""
    q = reading.query
    own = {t for n in q.metrics if not isinstance(n, Aggregate) or n.of for t in metric_tables(model, resolve_metric(model, n))}
    scoped = [(f, own) for f in (*q.filters, *(q.share.part if q.share else ()), *(q.benchmark.part if q.benchmark else ()))]
    scoped += [(f, {model.metric(r.metric).measure.table}) for r in q.all_customer_rows if model.metric(r.metric).measure  # type: ignore[union-attr]
               for f in r.filters]
    kept: dict[tuple[str, str], set[str]] = {}
    for f, tables in scoped:
        if f.op in ("=", "in"):
            for t in tables:
                kept.setdefault((f.field, t), set()).update(
                    str(v).lower() for v in (f.value if isinstance(f.value, tuple | list) else (f.value,)))
    return any((e.target, e.table) in kept and e.code is not None and e.code.lower() not in kept[(e.target, e.table or "")]
               for m in frame.mentions for e in m.of_kind("value"))


def _another_date_named(frame: Frame, reading: Reading, model: SemanticModel) -> list[str]:
    q = reading.query
    if q.time_range is None and q.compare is None:
        return []
    names = [n for n in q.metric_names if n in model.metrics] + [m.of for m in q.metrics if isinstance(m, Aggregate) and m.of]
    out = []
    for n in names:
        metric = model.metric(n)
        own = (metric.time or "").split(".")[-1]
        table = metric.measure.table if metric.measure else None
        if not own or table not in model.tables:
            continue
        for column in model.tables[table].columns:
            if column == own or not re.search(r"_(?:date|time|at)$", column):
                continue
            stem = column.rsplit("_", 1)[0].replace("_", " ")
            text = frame.said or frame.text
            for said in re.finditer(rf"\b{re.escape(stem[:7])}[a-z]*\s+(?:date|time|day)s?\b", text, re.I):
                # the period is said of that date ("with a decision date in 2025", "by decision date, Q3"); a date
                # said missing ("skip the ones with no decision date") is no period
                dated = any(0 <= t.span[0] - said.end() <= 24 and not re.search(r"[,;，；]", text[said.end():t.span[0]])
                            for t in frame.times) or re.search(r"\b(?:by|on|using|per)\s+(?:the\s+|their\s+|its\s+)?$", text[:said.start()], re.I)
                if dated and said.group(0).lower() not in out:
                    out.append(said.group(0).lower())
            # the date's own verb before a period: "mortgage apps decided in 2025" (a figure of the question dated by
            # that column says it of its own rows: "the loans we disbursed this year")
            owned = {(model.metric(x).time or "").split(".")[-1] for x in names}
            for said in () if column in owned else re.finditer(rf"\b{re.escape(stem.split()[0][:4])}[a-z]*ed\b", text, re.I) if len(stem.split()[0]) >= 4 else ():
                if any(0 <= t.span[0] - said.end() <= 12 and not re.search(r"[,;，；]", text[said.end():t.span[0]]) for t in frame.times) \
                        and said.group(0).lower() not in out:
                    out.append(said.group(0).lower())
        # "以申请日期统计" of rejections (dated by their decision): another date column of the rows named as the basis
        out += [w for w, column in cues.basis_columns(frame.said or frame.text, model, table) if column != own and w not in out]
    return out


def _conversion_said_again(frame: Frame, q: SemanticQuery, model: SemanticModel) -> list[tuple[int, int]]:
    """A conversion rate's definition said again: "customers who were deposit-only at the end of October 2025
    that had a loan disbursed during November 2025", 基数为2025年10月末只贷不存的客户. The month-end before the
    period is the base's own date, and a value of the converted rows naming their event (disbursed: the
    disburse date) is what converts — both placed. Any other date or value stays a condition to place."""
    rates = [model.metric(n) for n in q.metric_names if n in model.metrics and model.metric(n).kind == "conversion"]
    if not rates or q.time_range is None or q.time_range.start is None:
        return []
    out = []
    before = q.time_range.start - timedelta(days=1)
    if any(r.base is not None and (r.base.snapshot_before or r.base.tag_before) for r in rates):
        out += [t.span for t in frame.times if t.end == before and t.start in (before, before.replace(day=1))]
    events = [e for r in rates if r.converted is not None for e in r.converted.events]
    for m in frame.mentions:
        if any(v.code and len(v.code) >= 5 and any(v.table == e.table and v.code[:-2].lower() in f"{e.time} {e.where or ''}".lower() for e in events)
               for v in m.of_kind("value")):
            out.append((m.start, m.end))
        # "that had a loan disbursed during November": the rows converting, named by the figure counting them
        if any(x.target in model.metrics and (f := model.metric(x.target)).measure is not None
               and any(f.measure.table == e.table and (f.time or "").split(".")[-1] == e.time for e in events) for x in m.of_kind("metric")):
            out.append((m.start, m.end))
    return out


def _over_all_data(model: SemanticModel, q: SemanticQuery) -> bool:
    """"all time": no period, and no figure that falls back to one of its own (a rate of a month)."""
    names = [*(m for m in q.metrics if isinstance(m, str)), *(m.of for m in q.metrics if isinstance(m, Aggregate) and m.of)]
    # (the population as of the data's last day is everyone who ever joined: "customers acquired through the app, all
    # time" — when every condition is a fixed attribute of the customer or of where they bank, not a state on that day)
    fixed = q.as_of is None and not q.all_customer_rows and not q.group_by and all(_fixed_attribute(model, f.field) for f in q.filters)
    return q.time_range is None and q.compare is None and all(
        n in model.metrics and (model.metric(n).default_period == "all" or model.metric(n).kind == "customers" and fixed)
        for n in names)


def _fixed_attribute(model: SemanticModel, name: str) -> bool:
    """A customer tag read straight off a column of the customers' or a place's table (gender, acquisition channel,
    region), never computed for a day."""
    from semantic_layer.compile.sqlparts import columns_of

    tag = model.tags.get(name)
    if tag is None or not tag.expr or ":as_of" in tag.expr:
        return False
    population = model.customer.table if model.customer else None
    tables = {c.table for c in columns_of(tag.expr)}
    return bool(tables) and all(t == population or t in model.tables and not model.tables[t].customer_key for t in tables)


def _read_over_all_data(model: SemanticModel, q: SemanticQuery) -> bool:
    """All the data is what is read: no period at all, or customers counted by their rows over all of it
    ("never logged in … anywhere in the data")."""
    return _over_all_data(model, q) or q.time_range is None and any(c.period == "all" for c in q.all_customer_rows)


def _cjk_leftovers(chunk: str, allowed: frozenset[str], longest: int, content: frozenset[str] = frozenset()) -> list[str]:
    """Strip allowed words from a run of Chinese text (longest first); the rest is unknown.
    A ``content`` word is unknown whole, even where allowed pieces spell it (大额 is no 大 + 额; 人数 is no 人 + 数),
    unless the reading allows it whole (人数 beside customers counted)."""
    out: list[str] = []
    unknown = ""
    i = 0
    while i < len(chunk):
        whole = next((w for w in content if chunk.startswith(w, i) and w not in allowed), None)
        if whole is not None:
            out += [unknown, whole] if unknown else [whole]
            unknown = ""
            i += len(whole)
            continue
        for size in range(min(longest, len(chunk) - i), 0, -1):
            if chunk[i:i + size] in allowed:
                if unknown:
                    out.append(unknown)
                    unknown = ""
                i += size
                break
        else:
            unknown += chunk[i]
            i += 1
    if unknown:
        out.append(unknown)
    return out


def _averages(model: SemanticModel, ref: object) -> bool:
    """Is the metric an average: a mean or median measure, or a ratio that is not a rate?"""
    if not isinstance(ref, str) or ref not in model.metrics:
        return False
    metric = model.metric(ref)
    if metric.kind == "ratio":
        return metric.format != "percent"
    return metric.measure is not None and metric.measure.agg in ("avg", "median")


def _in_money(model: SemanticModel, ref: object) -> bool:
    try:
        return resolve_metric(model, ref).format == "currency"  # type: ignore[arg-type]
    except (KeyError, ValueError, TypeError):
        return False


def _counted_by_a_tag_read(model: SemanticModel, reading: Reading, e: Entry) -> bool:
    """Is the value one of the rows a tag the query reads is made of ("3 or more loan inquiries / loan calculator
    runs": the calculator runs are inside loan_inquiry_30d's own count)?"""
    # ("time deposit or large CD maturing …": maturing_deposits_30d counts those accounts; "active period (most logins by
    # time of day)": the logins the tag is read from)
    return any(model.tag_reads(tag, e.table, e.code) for tag in reading.fields)


def _values_a_tag_reads(frame: Frame, reading: Reading, model: SemanticModel,
                        spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[str]]:
    """The values a tag the query reads is made of (maturing deposits: time deposits and large CDs), named beside it:
    (the spans of those naming all of them — "time deposit or large-denomination CD coming due" says the tag again —,
    the words of those naming only some — "大额存单即将到期的客户" asks for fewer rows than the tag counts, asked about)."""
    named: dict[tuple[str, str | None, str], list[Mention]] = {}
    for m in frame.mentions:
        values = m.of_kind("value")
        if not values or len(values) != len(m.entries):
            continue
        for e in values:
            for tag in reading.fields:
                if e.code is not None and model.tag_reads(tag, e.table, e.code):
                    named.setdefault((tag, e.table, e.target), []).append(m)
    out: list[str] = []
    restated: list[tuple[int, int]] = []
    for (tag, table, field), mentions in named.items():
        codes = {str(e.code) for m in mentions for e in m.of_kind("value") if e.target == field and e.table == table}
        every = {str(code) for code in model.field_values(field) if model.tag_reads(tag, table, code)}
        # ("30天内即将到期的定期存款或者大额存单": the tag's own words, 即将到期的定期, name the time deposits)
        said = " ".join(x.text.lower() for x in frame.mentions if any(e.target == tag for e in x.entries))
        codes |= {code for code in every if any(len(n) >= 2 and n.lower() in said for n in _value_names(model, field, code))}
        own = model.tags[tag].label if tag in model.tags else None  # ("30天内要到期的定期": 定期 is of the tag's own name)
        if codes < every:  # (a name read, or said inside another read, names its value too — it is never asked about)
            out += [m.text for m in mentions if m.text not in out and not _mention_used(m, reading, model)
                    and not any(a <= m.start and m.end <= b for a, b in spans)
                    and not (own is not None and m.text.strip().lower() in f"{own.zh} {own.en}".lower())]
        elif codes == every:
            restated += [(m.start, m.end) for m in mentions]
    return restated, out


def _value_names(model: SemanticModel, field: str, code: str) -> tuple[str, ...]:
    label = model.field_values(field).get(code)
    return (label.zh, label.en, *label.synonyms) if label is not None else ()


def _of_customers(model: SemanticModel, query: SemanticQuery) -> bool:
    """Does the query count or measure the customers themselves (not rows of theirs)?"""
    return bool(query.metrics) and all(isinstance(m, str) and m in model.metrics and model.metrics[m].kind == "customers" for m in query.metrics)


#: a term of the asker's own, then what it means in brackets: "私行潜客（理财意向高、目前中价值）",
#: "high-potential clients (medium value tier with high wealth intent)"
_TERM_THEN_BRACKET = patterns.compile(r"(?:([\u3400-\u9fff]{1,8})|([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s*(?:[\u4e00-\u9fff]{1,4})?)\s*[(（]([^()（）]{3,80})[)）]")


def _defined_in_brackets(frame: Frame, residual: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """A term the model does not know, said right before brackets that say what it means by conditions (values and
    fields of the model, no figure): the term's span and the brackets' — the term is set aside when nothing in the
    brackets is left over and every condition in them is applied."""
    out = []
    for m in _TERM_THEN_BRACKET.finditer(residual):
        inside = [x for x in frame.mentions if m.start(3) <= x.start and x.end <= m.end(3)]
        fields = [{e.target for e in x.of_kind("value")} for x in inside if x.of_kind("value")]
        if not inside or any(x.of_kind("metric") for x in inside) or re.search(r"[:：,，;；0-9]", m.group(3)) \
                or any(a & b for i, a in enumerate(fields) for b in fields[i + 1:]):
            continue  # ("线上(app+微信+网银)": values of one field listed make a set of our own; "(two columns: ours, …)": a
            # layout, a list or a number; "active users (any app event)": a figure — asked, never a definition)
        term = m.span(1) if m.group(1) else m.span(2)
        if any(x.start < term[1] and term[0] < x.end for x in frame.mentions):
            continue  # ("only hold deposits right now (no loans)": a name of the model is never a term of one's own)
        out.append((term, m.span(3)))
    return out


#: a term's definition said right after it: "日活就按当天有登录的客户数算", "日活指…", "DAU = …", "MAU means …"
_DEFINED_AS = patterns.compile(r"\s*(?:就|则|即)?\s*(?:按照?|是指|指的是|指|定义为|口径为|=|：|:)")
#: …in English ("MAU means …", "DAU = …"; never a colon: "beijing chaoyang: how many …" names a place)
_DEFINED_AS_EN = patterns.compile(r"\s*=|\s+(?:means|is\s+defined\s+as|defined\s+as|is\s+counted\s+as|counts?\s+as)\b", re.I)
#: an acronym of one's own, then its definition after a dash or colon: "MAU by month for 2025 - customers with at least one login"
_ACRONYM_THEN_DEFINITION = patterns.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?![A-Za-z])[^-–—:：?？]{0,40}?\s(?:-|–|—|:|：)\s+\S")


#: a name of one's own for some people, then who they are after a dash: "heavy online users do we have - people who logged in …"
_NAMED_THEN_WHO = patterns.compile(r"([a-z][a-z\s'-]{0,40}?)\s+[-–—:]\s+(?:i\.e\.?\s+)?(?:people|customers|clients|users|those|ones|anyone|everyone)\s+"
                                   r"(?:who|that|with|having)\b", re.I)


def _term_defined(text: str, word: str) -> bool:
    """A word of a term of the asker's own that the question defines ("近30天每天的日活是多少？日活就按当天有登录的客户数算",
    "MAU by month for 2025 - customers with at least one login in the month"): what it means is read, the term is its name."""
    if re.fullmatch(r"[\u3400-\u9fff]+", word):
        terms = {text[i - k:i + len(word) + j] for w in re.finditer(re.escape(word), text) for i in (w.start(),)
                 for k in range(0, 4) for j in range(0, 4) if 2 <= k + len(word) + j <= 4 and i - k >= 0}
        terms = {t for t in terms if re.fullmatch(r"[\u3400-\u9fff]+", t) and text.count(t) >= 2}
        return any(_DEFINED_AS.match(text, m.end()) for t in terms for m in re.finditer(re.escape(t), text))
    if any(word.lower() in re.findall(r"[a-z']+", t.group(1).lower()) for t in _NAMED_THEN_WHO.finditer(text)):
        return True  # "How many heavy online users do we have - people who logged in on 15 or more days …": the name of those
    common = frozenset().union(*word_classes()["en"].values())  # ("did NOT get turned down - how many": a word said loud)
    return word.lower() not in common and any(a.group(1).lower() == word.lower() for a in _ACRONYM_THEN_DEFINITION.finditer(text)) \
        or any(_DEFINED_AS_EN.match(text, m.end()) for m in re.finditer(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text, re.I))


def _period_beside_a_window(frame: Frame, reading: Reading, model: SemanticModel) -> list[str]:
    """"今年平均每人登录了几天", "average login days per customer in 2025": a tag counting its own window (the last 30
    days) averaged over a period of another length answers a different question — the period is asked about, unless
    the tag is named with its window ("近30天登录天数")."""

    period = reading.query.time_range
    if period is None or period.start is None or period.end is None or frame.time is None:
        return []
    days = (period.end - period.start).days + 1
    for m in reading.query.metrics:
        window = model.tag_window_days(m.field) if isinstance(m, Aggregate) and m.field in model.tags else None
        if window is None or window == days:
            continue
        named = [x for x in frame.mentions if any(e.target == m.field for e in x.entries)]
        if not any(re.search(rf"{window}\s*(?:天|日|days?)", x.text, re.I) for x in named):
            return [frame.time.text]
    return []


def unplaced_words(frame: Frame, reading: Reading, model: SemanticModel) -> list[str]:
    """Words of the question that the reading neither uses nor may leave out, in order."""
    reading = replace(reading, averaged=any(_averages(model, m) for m in reading.query.metrics),
                      distinct=any(isinstance(m, str) and m in model.metrics and (model.metrics[m].kind == "customers" or model.metrics[m].counts_customers)
                                   for m in reading.query.metrics),
                      amount=any(_in_money(model, m) for m in reading.query.metrics),
                      rate=reading.query.share is not None or reading.query.share_of_total or any(
                          isinstance(m, str) and m in model.metrics and model.metric(m).kind in ("ratio", "conversion") for m in reading.query.metrics))
    zh_ok, en_ok = allowed_words(reading, model_words(model, reading))
    if _over_all_data(model, reading.query):  # "every response we've ever received": all the data is what is read
        zh_ok, en_ok = zh_ok | {"曾经", "历来", "有史以来", "以来", "历史", "全部历史", "全历史", "所有历史", "历史数据", "全量", "全量历史"}, en_ok | {"ever", "history", "historical"}
    if any(isinstance(m, str) and m in model.metrics and model.metric(m).kind == "derived" and "-" in (model.metric(m).expr or "")
           for m in reading.query.metrics):  # "the uplift between them": a difference is between two figures
        zh_ok, en_ok = zh_ok | {"之间", "两者之间", "减去", "减", "差"}, en_ok | {"between", "minus", "less"}
    # "有定期存款(不含大额存单)": the "not" is the condition's; "没有交易的客户不算": who is left out
    # is placed by the condition keeping the others (customers with such rows)
    if _said_and_kept_out(frame, reading, model) or frame.left_out and (any(r.op == ">" and r.value == 0 for r in reading.query.all_customer_rows)
                                                                       or any(f.op == ">" and f.value == 0 for f in reading.query.filters)):
        classes = word_classes()
        zh_ok, en_ok = zh_ok | classes["zh"]["negation"] | classes["zh"]["exclude"], en_ok | classes["en"]["negation"] | classes["en"]["exclude"]
    spans = used_spans(frame, reading, model) + rivals_denied(frame, reading, model)
    restated, narrower = _values_a_tag_reads(frame, reading, model, spans)
    spans += restated
    residual = mask(frame.text.lower(), spans)
    # phrases of several words ("at the moment", "head count") are read whole before single words
    phrases = tuple(sorted((w for w in en_ok if " " in w or "-" in w), key=lambda w: (-len(w), w)))
    if phrases:
        # (each start tried, overlapping: "of those three" holds "of those" and "those three")
        whole = patterns.compile(rf"(?<![a-z])(?=((?:{'|'.join(map(re.escape, phrases))})(?![a-z])))")
        residual = mask(residual, [m.span(1) for m in whole.finditer(residual)])
    longest = max((len(w) for w in zh_ok), default=1)
    found: list[str] = []
    left: list[tuple[int, list[str]]] = []  # each stretch's start and the words of it not placed
    for said in re.finditer(r"[\u3400-\u9fff]+|[a-z0-9%]+(?:['’][a-z]+)?", residual):
        chunk = said.group()
        if CJK.match(chunk):
            left.append((said.start(), _cjk_leftovers(chunk, zh_ok, longest, word_classes()["zh"].get("content", frozenset()))))
        elif chunk not in en_ok and chunk.rstrip("s") not in en_ok:
            left.append((said.start(), [chunk]))
    for term, (a, b) in _defined_in_brackets(frame, residual):
        applied = all(_mention_used(x, reading, model) for x in frame.mentions if a <= x.start and x.end <= b)
        if applied and not any(a <= at < b and words for at, words in left):  # the brackets read whole: the term is their name
            left = [(at, words) for at, words in left if not term[0] <= at < term[1]]
    found += [w for _, words in left for w in words]
    found += _named_unused(frame, reading, model, spans, found)
    # "campaign cost per conversion" read as two figures: "per" between two metric names asks
    # for one divided by the other — a figure the model may not define, asked about
    named = sorted((m for m in frame.mentions if m.of_kind("metric")), key=lambda m: m.start)
    for left, right in zip(named, named[1:], strict=False):
        between = frame.text[left.end:right.start]
        placed = any(a <= left.end and right.start <= b for (a, b), kind in frame.attached if kind == "any") \
            or any(isinstance(x, Aggregate) and x.func == "avg" and x.of in {e.target for e in right.of_kind("metric")}
                   for x in reading.query.metrics)  # "avg conversion amount per converted touch": the rows averaged over
        if not placed and re.fullmatch(r"\s*(?:per|/|divided\s+by|每|除以)\s*", between, re.I):
            found.append(between.strip())
    # "campaigns that ended in 2025": a period on another date than the figure's own ("ended up
    # rejected" is only a way of speaking)
    for m in re.finditer(r"\b(?:ended|ending|finished|closed)\s+(?:in|during|by|before|after|last|this|on|[0-9])", frame.text.lower()):
        if residual[m.start():m.start() + 3] == m.group()[:3]:  # the word itself left unused
            found.append(m.group().split()[0])
    # "mortgage applications with a decision date in 2025": a period on another date column of the rows than the
    # figure's own (applications are dated by apply_date) — asked about, never read on the own date
    found += _another_date_named(frame, reading, model)
    # "loan applications last month, all time": a period said and denied — asked about
    if not _read_over_all_data(model, reading.query):
        found += [m.group() for m in ALL_TIME.finditer(frame.text) if m.group() not in found]  # (a count of who never … counts over it all)
    # "large loans", "big deposit accounts": a size word on the rows named is a condition the
    # model does not define ("how big is the loan book" is only a question)
    sized = word_classes()["en"].get("content", frozenset())
    for m in frame.mentions:
        before = re.search(r"([a-z]+)[\s-]+$", residual[:m.start])
        if before is not None and before.group(1) in sized:
            found.append(before.group(1))
    # "avg satisfaction … based on each customer's latest survey": a numeric tag named beside
    # another field aggregated is a second reading of the figure, asked about, never dropped
    # "among customers who received salary credits, … average total salary": a value named
    # but applied nowhere is a condition dropped — asked about, whatever its words
    from semantic_layer.compile.adhoc import resolve_metric

    q = reading.query
    rows = [n for n in q.metric_names if n in model.metrics] + [x.of for x in q.metrics if isinstance(x, Aggregate) and x.of]
    rows += [r.metric for r in q.all_customer_rows]
    implied = {f for n in rows if n in model.metrics for f in model.metric(n).implies}
    tables = {t for n in q.metrics if not isinstance(n, Aggregate) or n.of for t in metric_tables(model, resolve_metric(model, n))}
    for m in frame.mentions:
        values = m.of_kind("value")
        unused = bool(values) and len(values) == len(m.entries) and not _mention_used(m, reading, model) \
            and not any(a <= m.start and m.end <= b for a, b in spans)
        # (a value of rows customers have, beside a figure of the customers: "high loan intent customers who used the loan
        # calculator" — a condition on them, never a restated definition of the tag)
        of_the_rows = any((e.table in tables or e.table is not None and bool(model.tables[e.table].customer_key) and _of_customers(model, q))
                          and e.target not in implied for e in values) \
            and not any(_counted_by_a_tag_read(model, reading, e) for e in values) \
            and not cues.left_out_at(frame.left_out, m.start, frame.text)  # (who is left out: "leaving out anyone with no logins")
        # "the term deposit balance": a value whose words run into a figure's name read ("deposit balance") and are
        # applied nowhere is a condition the figure cannot take — asked about, never the whole figure answered
        into_a_name = any(a < m.end and m.start < b for a, b in spans) and all(e.target not in implied for e in values) \
            and not _the_figures_own_value(m, frame, reading, model) \
            and bool(re.search(r"[a-z\u4e00-\u9fff]", _LIGHT.sub("", mask(frame.text[m.start:m.end].lower(), [(max(a, m.start) - m.start, min(b, m.end) - m.start)
                                                                                                   for a, b in spans if a < m.end and m.start < b]))))
        if unused and (of_the_rows or into_a_name):
            found.append(m.text)
    found += [w for w in narrower if w not in found]
    # "customers who prefer the app, by transaction channel": a breakdown asked but not made (the field is
    # not one of the figure's rows) is asked about, whatever its words
    for said in frame.mentions:
        if said.entries and all(e.kind == "field" and not _numeric(model, e) for e in said.entries) \
                and cues.cue_before(cues.GROUP_BEFORE, frame.text, said.start) \
                and not _mention_used(said, reading, model) and not any(a <= said.start and said.end <= b for a, b in spans):
            found.append(said.text)
    # "customers who applied for a loan in 2025 but had no loan disbursed": a count of rows named as a condition
    # on the customers beside another one read — applied nowhere, whatever its words, is asked about
    read = set(rows) | {x.of for x in q.metrics if isinstance(x, Aggregate) and x.of} | set(q.metric_names)
    if q.all_customer_rows:
        for named_count in frame.mentions:
            counts = [e.target for e in named_count.of_kind("metric") if e.target in model.metrics and model.metric(e.target).kind == "simple"
                      and (measure := model.metric(e.target).measure) is not None and measure.agg == "count"]
            if counts and len(counts) == len(named_count.entries) and not set(counts) & read \
                    and not any(a <= named_count.start and named_count.end <= b for a, b in spans) \
                    and any(metric_tables(model, model.metric(c)) == metric_tables(model, model.metric(r.metric)) for c in counts for r in q.all_customer_rows):
                found.append(named_count.text)
    found += _period_beside_a_window(frame, reading, model)
    # "11月单日登录人数最高是多少人": the most people on one day, never the most days one customer logged in — a count of
    # people said at the superlative is no extreme of a field of each customer
    from semantic_layer.compile.adhoc import ENTITY_CUSTOMER

    if any(isinstance(m, Aggregate) and m.func in ("max", "min") and m.field != ENTITY_CUSTOMER for m in reading.query.metrics):
        found += [c.group(0) for c in _PEOPLE_AT_THE_EXTREME.finditer(frame.text)]
    found = [w for w in found if not _term_defined(frame.text, w)]
    aggregated = {m.field for m in reading.query.metrics if isinstance(m, Aggregate)}
    for m in frame.mentions:
        tags = {e.target for e in m.entries if e.kind == "field" and _numeric(model, e)}  # a tag or a column of rows
        if tags and all(e.kind == "field" and e.target in tags for e in m.entries) and aggregated and not tags & aggregated and not _mention_used(m, reading, model):
            found.append(m.text)
    return list(dict.fromkeys(found))
