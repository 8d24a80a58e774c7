"""Ad-hoc aggregation in a question: "沉睡客户平均多大年纪" → avg(age),
"largest single loan disbursed last quarter" → max(amount) over disbursements,
"how many distinct customers bought wealth products" → distinct customers of those rows.

The aggregate's field comes from the question (a numeric tag or attribute next to the
function word), or from a named amount metric (放款金额 → the loan amount of the rows
放款笔数 counts). Which rows: the customer population for tags; for an attribute of a
table, the count metric of that table the question names, or the table's first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import patterns
from assistant.parse.reading.frame import Frame
from assistant.parse.vocabulary.lexicon import Entry, Mention
from semantic_layer.compile.adhoc import ENTITY_CUSTOMER
from semantic_layer.model import Metric
from semantic_layer.query import AggFunc, Aggregate, SemanticQuery, metric_name
from semantic_layer.semantic_model import SemanticModel

# Function words of the language, by aggregate.
FUNCTIONS: dict[str, str] = {
    "avg": r"平均数|平均值|平均|均值|户均|客均|笔均|件均|单笔平均|\baverage\b|\bavg\b|(?<!\bi\s)(?<!\byou\s)(?<!\bwe\s)(?<!\bthey\s)\bmean\b|\btypical\b|\bon average\b",  # ("I mean …": no average)
    "median": r"中位数|中位|\bmedian\b",
    "max": r"最大|最高|最多|最长|最久|最贵|\bmost\s+expensive\b|\blargest\b|\bbiggest\b|\bhighest\b|\bmaximum\b|\bmax\b|\btop\b|(?<!\bat\s)\bmost\b|\blongest\b",
    "min": r"最小|最低|最少|最短|最便宜|\bcheapest\b|\bsmallest\b|\blowest\b|\bminimum\b|\bmin\b|(?<!\bat\s)\bleast\b|\bfewest\b|\bshortest\b",
    # ("not distinct respondents", 不去重: every row counted)
    "count_distinct": r"(?<!不)(?<!不用)(?<!无需)(?:去重之后|去重后|去重)|不重复|(?<!not\s)(?<!non-)\bdistinct\b|(?<!not\s)(?<!non-)\bunique\b",
    # "申请总金额", "total application amount": a sum of a number field that no figure sums already
    "sum": r"总金额|总额|合计|总和|加总|求和|总计|加起来|加在一起|\btotal\b|\bsum\s+of\b|\bsummed\b|\badded\s+up\b",
    # "the 75th percentile", "P90", "90分位数", "百分之九十分位": the value is in the words
    # ("the 25th and 75th percentiles", "第25和第75百分位数": the first of two said before their one word)
    "percentile": r"\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+percentiles?\b|(?<![a-z0-9])p\d{1,2}(?![a-z0-9])|(?:第\s*)?\d{1,2}\s*%?\s*(?:百)?分位(?:数|点|值)?|"
                  r"\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?=\s*(?:and|&|,|or)\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+percentiles?\b)|"
                  r"第\s*\d{1,2}(?=\s*(?:和|、|与|及|跟)\s*第?\s*\d{1,2}\s*%?\s*(?:百)?分位)",
}
CUES = {func: patterns.compile(pattern, re.I) for func, pattern in FUNCTIONS.items()}
#: both extremes asked together: "smallest and largest", "最高和最低", "min/max"
BOTH_EXTREMES = patterns.compile(
    # ("年龄最小的和最大的分别几岁": each said with 的)
    r"(?:最大|最高|最多)(?P<zh1>值?的?[,，、/\s]*(?:哪个|哪家|哪一个|哪些|以及|和|与|及|跟)?[,，、\s]*)(?:最小|最低|最少)值?|"
    r"(?:最小|最低|最少)(?P<zh2>值?的?[,，、/\s]*(?:哪个|哪家|哪一个|哪些|以及|和|与|及|跟)?[,，、\s]*)(?:最大|最高|最多)值?|"
    r"\b(?:smallest|lowest|minimum|min)\s*(?:and|&|/|,|to)\s*(?:the\s+)?(?:largest|biggest|highest|maximum|max)\b|"
    r"\b(?:largest|biggest|highest|maximum|max)\s*(?:and|&|/|,|to)\s*(?:the\s+)?(?:smallest|lowest|minimum|min)\b", re.I)
PER_ROW = patterns.compile(r"单笔|单个|单一|单次|每笔|一笔|任何一笔|任意一笔|\bsingle\b|\bindividual\b|\bone\b|\bany\b|\bper (?:loan|transaction|account)\b", re.I)
NEAR = 12  # characters between a function word and its field
#: a function word denied right before: "not mean", "rather than the average", "不是平均数"
_DENIED_BEFORE = patterns.compile(r"(?:\b(?:not|rather\s+than|instead\s+of)\s+(?:the\s+|by\s+|a\s+)?|(?:而不是|不是|而非|不按|不用|不要)(?:按|用|算)?)$", re.I)
#: a superlative of size, said of one row ("the biggest loan"), never of how many ("the most loans")
SIZE_WORD = patterns.compile(r"最大|最小|\b(?:largest|biggest|smallest)\b", re.I)


@dataclass(frozen=True)
class Found:
    ref: Aggregate
    spans: tuple[tuple[int, int], ...]
    per_row: tuple[int, int] | None = None  # the per-row word ("single", "单笔"): no value of its own


def number_field(model: SemanticModel, m: Mention) -> tuple[str, str | None] | None:
    """(field, table) of a numeric tag (table None) or numeric attribute mention."""
    for e in m.entries:
        if e.kind != "field":
            continue
        tag = model.tags.get(e.target)
        if tag is not None and tag.type == "number":
            return e.target, None
        if e.table and (dim := model.dimensions.get(e.table, {}).get(e.target)) is not None and dim.type == "number":
            return e.target, e.table
    return None


def _same(a: str | None, b: str | None) -> bool:
    return re.sub(r"\s+", "", a or "").lower() == re.sub(r"\s+", "", b or "").lower()


def count_metric(model: SemanticModel, table: str, named: list[str], like: Metric | None = None) -> str | None:
    """The count metric over ``table``'s rows: one the question names, one counting the same
    rows as ``like`` (same time column and condition) or as a figure of the table the question
    names, else the table's first."""
    counts = [m for m in model.metric_list if m.kind == "simple" and m.measure and m.measure.table == table
              and m.measure.agg == "count" and (not m.hidden or like is not None)]
    if like is not None:
        want = like.measure.where if like.measure else None
        same = [m for m in counts if m.time == like.time and _same(m.measure.where if m.measure else None, want)]
        return same[0].name if same else None
    mentioned = [m.name for m in counts if m.name in named]
    if not mentioned:  # "放款的房贷 平均单笔金额": the rows a named amount of the table sums (放款金额 → 放款笔数)
        summed = [model.metrics[n] for n in named if n in model.metrics and model.metrics[n].kind == "simple"
                  and (measure := model.metrics[n].measure) is not None and measure.table == table]
        mentioned = [c for m in summed if (c := count_metric(model, table, [], like=m)) is not None][:1]
    visible = [m.name for m in counts if not m.hidden]
    return (mentioned or visible)[0] if mentioned or visible else None


def amount_rows(model: SemanticModel, metric: Metric) -> tuple[str, str | None] | None:
    """(field, of) for an amount metric: the attribute it sums and the count of its rows
    (放款金额 → loans.amount over 放款笔数); a balance sums a customer tag of its name."""
    m = metric.measure
    if m is None or m.agg != "sum":
        return None
    tag = model.tags.get(metric.name)
    if metric.kind == "snapshot" and tag is not None and tag.type == "number":
        return tag.name, None
    dim = next((d for d in model.dimensions.get(m.table, {}).values() if d.type == "number" and _same(d.expr, m.expr)), None)
    of = count_metric(model, m.table, [], like=metric)
    return (dim.name, of) if dim is not None and of is not None else None


def averaged_tag(model: SemanticModel, metric: Metric) -> str | None:
    """The customer tag a per-customer average averages (户均AUM → AUM): the number tag named
    like the model's total of the same expression on the same table."""
    own = metric.measure
    if own is None or own.agg != "avg":
        return None
    for m in model.metric_list:
        tag = model.tags.get(m.name)
        if m.measure and m.measure.agg == "sum" and (m.measure.table, m.measure.expr) == (own.table, own.expr) \
                and tag is not None and tag.type == "number":
            return tag.name
    return None


def currency_field(model: SemanticModel, table: str) -> str | None:
    """A table's one money field (loans → amount), if it has exactly one."""
    money = [d.name for d in model.dimensions.get(table, {}).values() if d.type == "number" and d.format == "currency"]
    return money[0] if len(money) == 1 else None


def per_customer(frame: Frame, metrics: list[str], model: SemanticModel, text: str) -> Found | None:
    """"开过存款账户的客户平均每人开了几个户", "loan applications per applicant": the rows a count
    metric counts, per customer who has any (``text`` is the masked question)."""
    from assistant.parse.building.rows import PER_CUSTOMER

    cue = PER_CUSTOMER.search(text) or PER_CUSTOMER.search(frame.text)  # "per active customer": a value inside
    counts = [n for n in metrics if n in model.metrics and model.metrics[n].kind == "simple" and model.metrics[n].measure
              and model.metrics[n].measure.agg == "count" and model.tables[model.metrics[n].measure.table].customer_key]
    if cue is None or len(counts) != 1:
        return None
    every = _EVERY_CUSTOMER.search(frame.text)
    if every:  # "所有客户平均每人几笔": over every customer, those with none too — not what per_customer divides by
        frame.unread.append(every.group(0))
    return Found(Aggregate(func="per_customer", field=ENTITY_CUSTOMER, of=counts[0]), (cue.span(),))


#: every customer, those without any of the rows too
_EVERY_CUSTOMER = patterns.compile(r"(?:所有|全部|全体|全行)(?:的)?(?:客户|用户)|包括没有[\u4e00-\u9fff]{0,6}的|"
                             r"\b(?:all|every)\s+(?:of\s+(?:our|the)\s+)?(?:customers?|clients?)\b|\bincluding\s+(?:those|customers|people|ones)\s+(?:with|who)\s+(?:no|none|zero|never)\b", re.I)


def amount_per_customer(frame: Frame, metrics: list[str], model: SemanticModel) -> Found | None:
    """"deposit balance per customer", "每个客户的存款余额": an amount of customers, averaged over
    them — the customer tag of the amount's name, when there is one."""
    from assistant.parse.building.rows import PER_CUSTOMER

    cue = PER_CUSTOMER.search(frame.text)
    if cue is None or len(metrics) != 1 or metrics[0] not in model.metrics or model.metrics[metrics[0]].format != "currency":
        return None
    tag = model.tags.get(metrics[0])
    if tag is None or tag.type != "number":
        return None
    return Found(Aggregate(func="avg", field=tag.name), (cue.span(),))


_TOTAL_AFTER = patterns.compile(r"\s*(?:(?:total|overall|combined|aggregate|cumulative)\b|(?:的)?(?:总|合计|累计))", re.I)


def find_aggregate(frame: Frame, metrics: list[str], model: SemanticModel, text: str) -> Found | None:
    """The ad-hoc aggregate the question asks for, if any (``text`` is the masked question)."""
    mentions = sorted(frame.mentions, key=lambda m: m.start)
    each = _in_each_group(frame)
    for func, cue in CUES.items():
        for hit in cue.finditer(text):
            if any(a <= hit.start() and hit.end() <= b and b - a > hit.end() - hit.start() for (a, b), kind in frame.attached if kind == "any"):
                continue  # inside a longer name read already: "daily average instead of month-end" names a figure
            if _DENIED_BEFORE.search(frame.text, max(0, hit.start() - 16), hit.start()):
                continue  # "Median, not mean.", "中位数，不是平均数": the function denied is not asked
            per_row = None
            if func in ("max", "min") and _TOTAL_AFTER.match(frame.text, hit.end()):
                continue  # "which five had the lowest total disbursement amount": an order of totals, no minimum
            if func in ("max", "min"):
                per_row = _per_row_extreme(frame, hit.span(), each)
                if per_row is None and not _value_asked(frame, text) and not _both_asked(frame, model, text) \
                        and not _extreme_of_field(frame, model, hit.span()) and not (each and CJK_FREE.fullmatch(frame.text)):
                    continue
            if func == "percentile":  # measured like a median, at the fraction said
                found = _for_cue("median", hit.span(), mentions, metrics, model, frame, text)
                if found is not None:
                    return Found(found.ref.model_copy(update={"func": "percentile", "percentile": percentile_of(hit.group())}),
                                 found.spans)
                continue
            # "largest and smallest loan amount": the pair stands together before its field
            span = next((p.span() for p in BOTH_EXTREMES.finditer(text) if p.start() <= hit.start() < p.end()), hit.span()) \
                if func in ("max", "min") else hit.span()
            found = _for_cue(func, span, mentions, metrics, model, frame, text)
            if found is not None and func == "avg" and found.ref.field != ENTITY_CUSTOMER and found.ref.field not in model.tags:
                from assistant.parse.building.rows import PER_CUSTOMER

                per = PER_CUSTOMER.search(frame.text)
                if per is not None:  # "avg purchase amount per buyer": the rows' amount per customer — no average per row
                    frame.unread.append(per.group(0))
            if found is not None:
                return Found(found.ref, found.spans + (per_row,), per_row) if per_row else found
    return None


def percentile_of(words: str) -> float | None:
    """0.75 of "the 75th percentile", 0.9 of "P90" or "90分位数"."""
    number = re.search(r"\d{1,2}", words)
    value = int(number.group()) / 100 if number else 0
    return value if 0 < value < 1 else None


def both_extremes(found: Found, text: str) -> tuple[Aggregate, ...] | None:
    """The minimum and the maximum, in the question's order, when both are asked for and
    ``found`` is one of them ("smallest and largest single-customer deposit balance")."""
    if found.ref.func not in ("max", "min"):
        return None
    pair = BOTH_EXTREMES.search(text)
    if pair is None or not any(a <= pair.start() < b or pair.start() <= a < pair.end() for a, b in found.spans if a is not None):
        return None
    first = "min" if CUES["min"].match(text, pair.start()) else "max"
    second = "max" if first == "min" else "min"
    return tuple(found.ref.model_copy(update={"func": f}) for f in (first, second))


#: what may stand between two function words of one list: "mean, median and max", "平均值、中位数和最大值"
_LIST_GAP = patterns.compile(r"(?:值|数|数值|分)?\s*(?:[,，、/&]|\band\b|以及|和|与|及|跟|还有)[\s,，、/&]*(?:and\s+|the\s+)*"
                            r"(?:单笔|每笔|单次|\bsingle\s+)?", re.I)  # ("单笔平均金额和单笔最高金额": each of one row)  # a separator, not "lowest average"
_NOT_LISTED = patterns.compile(r"top|most|least|最多|最少", re.I)  # "average and top 5 branches" is a ranking


def _field_said_between(plain: str, end: int, start: int, after: int) -> int:
    """Where the gap after a function word starts once the field's own name said right after that word is
    skipped — when the same name follows the next function word too ("单笔平均金额和单笔最高金额")."""
    word = re.match(r"[\u4e00-\u9fff]{2,8}?(?=[,，、和与及跟]|以及)", plain[end:start])
    return end + word.end() if word is not None and word.group() in plain[after:after + 8] else end


def listed_functions(found: Found, text: str, plain: str | None = None) -> tuple[tuple[Aggregate, ...], list[tuple[int, int]]] | None:
    """Several functions of the same field listed together ("mean, median and max of …",
    "平均值、中位数和最大值"), in the question's order, with their spans; ``None`` when the
    found aggregate's function word stands alone. (``plain``: the question unmasked, where the
    field's own name may be said after each function word.)"""
    if found.ref.func not in ("avg", "median", "max", "min", "percentile"):
        return None
    hits = sorted((h.start(), h.end() + text.startswith("值", h.end()), func) for func, cue in CUES.items()
                  if func != "count_distinct" for h in cue.finditer(text) if not _NOT_LISTED.fullmatch(h.group(0)))
    chains: list[list[tuple[int, int, str]]] = []
    for hit in hits:
        end = chains[-1][-1][1] if chains else 0
        if chains and plain is not None and hit[0] >= end:
            end = _field_said_between(plain, end, hit[0], hit[1])
        if chains and _LIST_GAP.fullmatch(text, end, hit[0]) and hit[0] >= chains[-1][-1][1]:
            chains[-1].append(hit)
        elif not chains or hit[0] >= chains[-1][-1][1]:
            chains.append([hit])
    # (or said again as a list of its own: "最高是多少？平均又是多少？请给出最大值和平均值")
    own = [c for c in chains if len(c) > 1 and any(a <= s < b or s <= a < e for s, e, _ in c for a, b in found.spans if a is not None)] \
        or [c for c in chains if len(c) > 1 and found.ref.func in {f for _, _, f in c}]
    if not own:
        return None
    funcs = list(dict.fromkeys((f, percentile_of(text[s:e]) if f == "percentile" else None) for s, e, f in own[0]))
    if len(funcs) < 2 or any(f == "percentile" and p is None for f, p in funcs):
        return None
    return tuple(found.ref.model_copy(update={"func": f, "percentile": p}) for f, p in funcs), [(s, e) for s, e, _ in own[0]]


#: a function word asked again of the found field in a clause of its own: "avg annual income? and the
#: median too pls", "贷款平均申请金额是多少万？最大的一笔呢？", "biggest single transaction and the smallest one?"
_AGAIN_BEFORE = patterns.compile(r"(?:[?？。!！,，;；]|\band\b|\bplus\b|还有|以及)\s{0,2}(?:\band\b\s*|\b(?:what|how)\s+about\s+|还有\s*|那\s*|"
                                 r"(?:顺便|顺带|另外|再|也)?(?:给个|给下|给一下|给出|算个|算下|看下|看看|带上)\s*)?"
                                 r"(?:(?:what|how\s+much)\s+(?:was|is|were|are)\s+)?(?:the\s+)?$", re.I)
_AGAIN_AFTER = patterns.compile(r"(?:值|数|的)?(?:\s|\bsingle\b|\bones?\b|一笔|一个|一位|那笔|那个|那场|那一场|一场|又|是多少|多少|呢|吗|用了|花了|要|需要|天|\btook\b|\btake\b|\bdays?\b|\btoo\b|\balso\b|\bas\s+well\b|"
                                r"\bpls\b|\bplease\b|\bplz\b|\bonly\b|\b(?:amounts?|values?|numbers?)\s+only\b|"
                                # ("…the largest single amount, and what was the average amount per loan?": the same field said again)
                                r"\b(?:amounts?|values?|sizes?)\b(?:\s+(?:per|of\s+a|of\s+one|for\s+a)\s+(?:loan|transaction|application|purchase|account|one))?|"
                                r"[?？.。!！])*", re.I)


def asked_again(found: Found, text: str) -> tuple[tuple[Aggregate, ...], tuple[int, int]] | None:
    """The found aggregate and a second function of the same field asked after it with nothing
    but the function word ("… and the median too?", "最大的一笔呢？"), with where that word is."""
    if found.ref.func not in ("avg", "median", "max", "min"):
        return None
    end = max((b for a, b in found.spans if a is not None), default=0)
    for func, cue in CUES.items():
        if func in ("count_distinct", "percentile", found.ref.func):
            continue
        for hit in cue.finditer(text, end):
            if _AGAIN_BEFORE.search(text, end, hit.start()) and _AGAIN_AFTER.fullmatch(text, hit.end()):
                tail = 1 if text[hit.end():hit.end() + 1] in ("值", "数") else 0  # "中位|数呢": the word whole
                return (found.ref, found.ref.model_copy(update={"func": func})), (hit.start(), hit.end() + tail)
    # "最长逾期了多少天？平均逾期多少天？": another function asked first, in a clause of its own, of the same field
    own = max((a for a, b in found.spans if a is not None), default=0)
    for func, cue in CUES.items():
        if func in ("count_distinct", "percentile", found.ref.func):
            continue
        for hit in cue.finditer(text, 0, own):
            gap = text[hit.end():own]
            clause_starts = (text[:hit.start()].strip()[-1:] or "?") in "?？。!！,，;；"
            if clause_starts and re.search(r"[?？。!！,，;；]", gap) and _AGAIN_AFTER.fullmatch(gap):
                return (found.ref.model_copy(update={"func": func}), found.ref), (hit.start(), hit.end())
    return None


#: what joins two aggregates asked in one breath: "the average annual rate and the average term", "平均利率和平均期限"
_JOINED = patterns.compile(r"\s*(?:[,，、]|\band\b|\bplus\b|以及|和|与|及|跟|还有)[\s,，、]*(?:(?:and|also|the|its|their)\s+)*", re.I)


def another_field(frame: Frame, metrics: list[str], model: SemanticModel, text: str, found: Found) -> Found | None:
    """"the average annual rate and the average term of the consumer loans": a second number field of the same
    rows, aggregated right after the first with its own function word."""
    if found.ref.func not in ("avg", "median", "max", "min", "sum"):
        return None
    end = max((b for a, b in found.spans if a is not None), default=0)
    joined = _JOINED.match(text, end)
    if joined is None:
        return _field_then_function(frame, metrics, model, text, found, end)
    mentions = [m for m in frame.mentions if m.start >= joined.end()]
    for func, cue in CUES.items():
        hit = cue.match(text, joined.end())
        if func in ("count_distinct", "percentile") or hit is None:
            continue
        second = _for_cue(func, hit.span(), mentions, metrics, model, frame, text)
        if second is not None and second.ref.field != found.ref.field and second.ref.of == found.ref.of \
                and all(a >= joined.end() for a, _ in second.spans if a is not None):
            return second
    return None


#: a clause of its own after the first aggregate: "高价值客户平均多少岁？年收入中位数呢？", "…, and the median income?"
_NEXT_CLAUSE = patterns.compile(r"[^?？。!！;；]{0,12}?[?？。!！;；,，]")
_CLAUSE_LEAD = patterns.compile(r"\s*(?:那|还有|另外|以及|顺便|\band\b|\bplus\b|\balso\b)?\s*(?:the\s+)?", re.I)
_ASKED_END = patterns.compile(r"\s*(?:值|数)?\s*(?:呢|是多少|多少|是几|几|也要|也给下|\?|？|$)", re.I)


def _field_then_function(frame: Frame, metrics: list[str], model: SemanticModel, text: str, found: Found, end: int) -> Found | None:
    """A second number field, named before its own function word in a clause of its own ("年收入中位数呢？")."""
    clause = _NEXT_CLAUSE.match(text, end)
    if clause is None:
        return None
    for m in frame.mentions:
        if m.start < clause.end() or not _CLAUSE_LEAD.fullmatch(text, clause.end(), m.start) or number_field(model, m) is None:
            continue
        for func, cue in CUES.items():
            hit = cue.match(text, m.end + (1 if text.startswith("的", m.end) else 0))
            if func in ("count_distinct", "percentile") or hit is None or not _ASKED_END.match(text, hit.end()):
                continue
            second = _for_cue(func, hit.span(), [m], metrics, model, frame, text)
            if second is not None and second.ref.field != found.ref.field and second.ref.of == found.ref.of:
                return second
    return None


def _per_row_extreme(frame: Frame, span: tuple[int, int], each: bool = False) -> tuple[int, int] | None:
    """The per-row word that makes "最大"/"largest" an aggregate ("单笔金额最大", "the most …
    on any loan", "biggest single transaction" — "single" is then no marital status), when
    no breakdown is asked for (otherwise it ranks groups: "放款金额最高的城市") or the
    breakdown is "for each" group (``each``: "各区域单笔最大的贷款")."""
    asked = frame.asked_groups()
    lo = max(0, span[0] - 8)
    hit = PER_ROW.search(frame.text[lo:span[1] + 40])
    return None if (asked and not each) or hit is None else (lo + hit.start(), lo + hit.end())


#: a breakdown said as "for each …", "per …", "各 …", "每个 …"
_EACH_BEFORE = patterns.compile(r"(?:\bfor\s+(?:each|every)|\beach|\bevery|\bper|\bin\s+each|各个|各|每个|每一个|每)\s*(?:the\s+)?$", re.I)
CJK_FREE = patterns.compile(r"[^\u3400-\u9fff]*")


def _in_each_group(frame: Frame) -> bool:
    """"largest transaction amount for each transaction type": the extreme within each group,
    not the group that comes out on top — when every breakdown is said with "each" and no
    number of groups or "which" is asked. (In Chinese "各区域存款最多" usually ranks, so
    there only a per-row word makes it an extreme: see :func:`_per_row_extreme`.)"""
    asked = frame.asked_groups()
    if not asked or (frame.rank is not None and frame.rank.n not in (None, 1)) or WHO_ASKED.search(frame.text):
        return False
    targets = {e.target for g in asked for e in g}
    spots = [m for m in frame.mentions if any(e.kind == "field" and e.target in targets for e in m.entries)]
    return bool(spots) and all(_EACH_BEFORE.search(frame.text[max(0, m.start - 14):m.start]) for m in spots)


#: the question asks for a figure ("几岁", "what's the …"), not for whom or which group
VALUE_ASKED = patterns.compile(r"几岁|多少岁|多大|是多少|有多少|多少钱|多少元|多少|几|\bwhat(?:'s|\s+is|\s+was|\s+are)\b|\bhow\s+(?:old|much|big|long|high|low)\b", re.I)
WHO_ASKED = patterns.compile(r"哪|谁|客户名单|名单|\bwho\b|\bwhich\b|\bwhose\b|\blist\b|\bcustomers?\s+with\s+the\b", re.I)


def _value_asked(frame: Frame, text: str) -> bool:
    """"流失客户里年龄最小的几岁", "what's the biggest loan amount anyone applied for": the
    extreme value itself, over rows or customers, when no breakdown or ranking is asked."""
    asked = frame.asked_groups()
    if asked or (frame.rank is not None and frame.rank.n != 1):
        return False
    return bool(VALUE_ASKED.search(frame.text)) and not WHO_ASKED.search(frame.text)


def _extreme_of_field(frame: Frame, model: SemanticModel, span: tuple[int, int]) -> bool:
    """"Largest mortgage amount applied for in 2025": the superlative right before a numeric
    field (values may stand between) asks for its extreme value — no breakdown by the amount.
    Not when anything could be ranked ("lowest rate across our loan products")."""
    if frame.group_fields or (frame.rank is not None and frame.rank.n != 1):
        return False
    after = sorted((m for m in frame.mentions if m.start >= span[1]), key=lambda m: m.start)
    at = span[1]
    for m in after:
        if frame.text[at:m.start].strip().strip("的"):  # "最高的年利率"
            return False
        if number_field(model, m) is not None:
            return True
        if m.of_kind("metric") and not WHO_ASKED.search(frame.text) \
                and any(amount_rows(model, model.metrics[e.target]) is not None for e in m.of_kind("metric") if e.target in model.metrics):
            return True  # "biggest campaign budget this year": the largest of what the figure sums, one row's
        if m.of_kind("metric") and not WHO_ASKED.search(frame.text) and SIZE_WORD.fullmatch(frame.text[span[0]:span[1]]) \
                and any(_rows_money(model, model.metrics[e.target]) for e in m.of_kind("metric") if e.target in model.metrics):
            return True  # "the biggest loan we've ever paid out": one row's amount, the largest
        if not m.of_kind("value"):
            return False
        at = m.end
    return False


def _both_asked(frame: Frame, model: SemanticModel, text: str) -> bool:
    """"max and min loan amount disbursed this year": both extremes are values, not an order."""
    def numeric(entries: list) -> bool:  # "lowest and highest age": the field measured, not a breakdown
        return any(number_field(model, Mention(0, 0, "", (e,))) for e in entries)

    both = BOTH_EXTREMES.search(text)
    if both is None:
        return False

    def of_the_figure(g: list) -> bool:  # ("lowest and highest interest rate on our time deposit products": no ranking of them)
        spots = [m for m in frame.mentions if {e.target for e in m.of_kind("field")} & {e.target for e in g}]
        return any(g is r for r in frame.rank_groups) and bool(spots) and all(
            any(numeric(list(x.entries)) and both.end() <= x.start and x.end <= m.start for x in frame.mentions) for m in spots)

    grouped = [g for g in frame.group_fields if not numeric(g) and not of_the_figure(g)]
    return not grouped and not WHO_ASKED.search(frame.text)


def _distance(span: tuple[int, int], m: Mention) -> int:
    return max(m.start - span[1], span[0] - m.end, 0)


def _for_cue(func: str, span: tuple[int, int], mentions: list[Mention], metrics: list[str], model: SemanticModel,
             frame: Frame, text: str) -> Found | None:
    # as near before as after: the name after the function word is what it governs ("逾期贷款平均逾期天数")
    near = sorted((m for m in mentions if _distance(span, m) <= NEAR), key=lambda m: (_distance(span, m), m.start < span[0]))
    named = list(frame.metrics) + metrics
    if func == "count_distinct":
        return _distinct_customers(span, near, named, model, frame)
    agg: AggFunc = func  # type: ignore[assignment]
    size = agg in ("max", "min") and SIZE_WORD.search(frame.text[span[0]:span[1]]) is not None
    valued = frozenset(e.table for h in frame.values for e in h.entries if e.table)
    if agg == "sum":  # only a field no figure of the model sums ("存款余额合计", "total txn amount" are the figures)
        if any(e.target in model.metrics and model.metrics[e.target].format == "currency" for m in near for e in m.of_kind("metric")):
            return None  # "total amount of loans outstanding": the amount is that figure's own
        for m in near:
            found = _from_mention(agg, span, m, named, model, valued) if all(e.kind == "field" for e in m.entries) else None
            if found is not None and not _summed_by_a_metric(model, found.ref):
                return found
        return None
    for m in near:
        found = _from_mention(agg, span, m, named, model, valued, size)
        if found is not None:
            return found
    filtered = {e.target for entries, _ in frame.field_filters for e in entries}
    numeric = [m for m in mentions if number_field(model, m) is not None and number_field(model, m)[0] not in filtered]  # type: ignore[index]
    if agg in ("avg", "median") and len(numeric) == 1 and not near:
        # "on average how many days did active customers log in": the question's one number field
        found = _from_mention(agg, span, numeric[0], named, model)
        if found is not None:
            return found
    # the metric came from the rows named ("average size of mortgages disbursed", "房贷申请的平均金额": the applications)
    for name in dict.fromkeys([*(n for n in frame.metrics if n not in metrics and _rows_money(model, model.metrics[n]) is not None), *metrics]):
        found = _from_metric(agg, span, model, model.metrics[name], None, size) if name in model.metrics else None
        if found is not None:
            return found
    return None


def _summed_by_a_metric(model: SemanticModel, ref: Aggregate) -> bool:
    """Does a figure of the model sum the field aggregated over the same rows (txn_amount sums the amount of
    every transaction, 存款日均 the tag; 放款金额 sums loans' amount over disbursed loans, not every application)?"""
    return any(amount_rows(model, m) == (ref.field, ref.of) for m in model.metric_list if not m.hidden)


def _from_mention(agg: AggFunc, span: tuple[int, int], m: Mention, named: list[str], model: SemanticModel,
                  valued: frozenset[str] = frozenset(), size: bool = False) -> Found | None:
    """A numeric tag or attribute named next to the function word, or an amount metric;
    ``valued`` are the tables whose values the question names (消费交易的单笔金额: transactions)."""
    fields = [f for e in m.entries if (f := number_field(model, Mention(m.start, m.end, m.text, (e,)))) is not None]
    rows = {model.metrics[n].measure.table for n in named
            if n in model.metrics and model.metrics[n].kind == "simple" and model.metrics[n].measure is not None}
    if rows and fields:  # "average term of deposit accounts opened": a field of the rows named, or none
        fields = [f for f in fields if f[1] is None or f[1] in rows]
    elif valued and len({f[1] for f in fields}) > 1:  # one name, several tables: the one whose values are named
        fields = [f for f in fields if f[1] in valued] or fields
    if fields:
        name, table = fields[0]
        of = None if table is None else count_metric(model, table, named)
        if table is None or of is not None:
            return Found(Aggregate(func=agg, field=name, of=of), (span, (m.start, m.end)))
    for e in m.entries:
        if e.kind == "metric":
            found = _from_metric(agg, span, model, model.metrics[e.target], (m.start, m.end), size)
            if found is not None:
                return found
    return None


def _from_metric(agg: AggFunc, span: tuple[int, int], model: SemanticModel, metric: Metric,
                 where: tuple[int, int] | None, size: bool = False) -> Found | None:
    """An amount metric aggregates the attribute it sums; a count metric (for an average, or
    an extreme said of size: ``size``) its table's one money attribute ("average size of
    mortgages disbursed", "the biggest loan paid out")."""
    spans = (span, where) if where else (span,)
    rows = amount_rows(model, metric)
    if rows is not None:
        return Found(Aggregate(func=agg, field=rows[0], of=rows[1]), spans)
    tag = averaged_tag(model, metric)
    if tag is not None and agg != "avg":  # "median AUM per customer": the median of the customers' AUM
        return Found(Aggregate(func=agg, field=tag), spans)
    money = _rows_money(model, metric)
    if money is not None and (agg in ("avg", "median") or size):  # ("the biggest loan": its amount, the largest)
        return Found(Aggregate(func=agg, field=money, of=metric.name), spans)
    return None


def _rows_money(model: SemanticModel, metric: Metric) -> str | None:
    """The one money attribute of the rows a count metric counts (放款笔数 → loans.amount)."""
    if metric.kind == "simple" and metric.measure and metric.measure.agg == "count":
        return currency_field(model, metric.measure.table)
    return None


def _distinct_customers(span: tuple[int, int], near: list[Mention], named: list[str], model: SemanticModel,
                        frame: Frame) -> Found | None:
    """"去重客户数" of the rows the question's values or metric pick out: the table that most of the values
    name ("在app上登录过的用户, 去重": app is also a channel of loan applications, 登录 only an event)."""
    tables = [[e.table for e in hit.entries if e.table and model.tables[e.table].customer_key] for hit in frame.values]
    order = list(dict.fromkeys(t for ts in tables for t in ts))
    table = max(order, key=lambda t: sum(t in ts for ts in tables), default=None)
    if table is None:
        table = next((model.metrics[n].measure.table for n in named if n in model.metrics and model.metrics[n].measure
                      and model.tables[model.metrics[n].measure.table].customer_key), None)
    if table is None:
        return None
    of = count_metric(model, table, named)
    return Found(Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=of), (span,)) if of else None


#: the customers the rows counted came from: "and from how many distinct customers?", "涉及多少个客户", "来自多少位客户"
_FROM_HOW_MANY = patterns.compile(r"\bfrom\s+how\s+many\s+(?:distinct\s+|unique\s+|different\s+)?(?:customers|clients|people)\b|"
                                  r"\bhow\s+many\s+(?:distinct|unique|different)\s+(?:customers|clients|people)\b|"
                                  r"(?:涉及|来自|覆盖|对应)(?:了)?(?:多少|几)(?:个|位|名)?(?:不同的?)?(?:客户|人)|(?:多少|几)(?:个|位|名)?不同(?:的)?客户|"
                                  # (said beside the rows counted: "交易笔数和去重客户数", "logins and the number of distinct users")
                                  r"(?:和|及|与|以及|[,，、]|\band\b)\s*(?:the\s+)?(?:"
                                  r"(?:distinct|unique|去重|不重复)\s*(?:的)?(?:客户|用户)(?:数|人数)|"
                                  r"(?:number|count)\s+of\s+(?:distinct|unique|different)\s+(?:customers|clients|users)\b|"
                                  r"(?:distinct|unique)\s+(?:customer|client|user)\s+count\b)", re.I)
#: the rows of a value counted: "number of logins", "登录次数"
_ROWS_COUNTED_BEFORE = patterns.compile(r"\b(?:number|count)\s+of\s+(?:the\s+)?$|\bhow\s+many\s+$|(?:多少|几)\s*(?:次|笔)\s*$", re.I)
_ROWS_COUNTED_AFTER = patterns.compile(r"^\s*(?:的)?(?:次数|笔数|数量|count\b|events?\b|records?\b)|(?:次数|笔数)$", re.I)


def rows_and_their_customers(frame: Frame, metrics: list[str], model: SemanticModel, default: str) -> list[str | Aggregate] | None:
    """"How many survey responses came in …, and from how many distinct customers?": the rows counted
    and the distinct customers they came from — not every customer."""
    if not _FROM_HOW_MANY.search(frame.text):
        return None
    rows = [m for m in metrics if m != default]
    if len(rows) == 1 and metrics[0] == rows[0] and counted_rows(model, rows[0]):  # "事件数和 distinct 用户数"
        return [rows[0], Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=rows[0])]
    if metrics in ([], [default]) and (of := rows_of_values(frame, [default], model, default)) is not None and any(
            _ROWS_COUNTED_BEFORE.search(frame.text, max(0, h.mention.start - 16), h.mention.start)
            or _ROWS_COUNTED_AFTER.match(frame.text[h.mention.end:]) or _ROWS_COUNTED_AFTER.search(h.mention.text) for h in frame.values):
        return [of, Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=of)]  # "number of logins and of distinct customers"
    return None


def customers_doing(frame: Frame, metrics: list[str], model: SemanticModel, default: str) -> Aggregate | None:
    """"有多少客户在12月买了理财": a count of customers whose condition is a value of one event
    table's attribute (not a customer tag) counts the distinct customers of those rows;
    "上个月有多少客户新开了存款账户": customers asked of a count of rows are those rows' customers."""
    if model.customer is None or ROWS_UNIT_ASKED.search(frame.text):
        return None  # "客户一共有多少次登录": the times are counted, not the customers (Builder reads the rows)
    # ("上个月有交易的客户数": the rows named first, then the customers counted — one phrase too)
    rows = [m for m in metrics if m != default]
    if len(metrics) == 2 and default in metrics and len(rows) == 1 and counted_rows(model, rows[0]) and one_phrase(frame, metrics) \
            and not whose_rows(frame, default, population_words(model)):
        return Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=rows[0])
    if len(metrics) == 1 and counted_rows(model, metrics[0]) and (_names_customers(frame, metrics[0]) or _counted_later(frame.text)
                                                                   or _PEOPLE_HOW_MANY.search(frame.text)):
        # ("有几个人在问卷里给过1分": the people, however many forms each filled in)
        # "有存款账户的客户有多少"; "近30天有交易但没在柜面办过交易的客户有多少": the customers are what is counted
        return Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=metrics[0])
    of = rows_of_values(frame, metrics, model, default)
    return Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=of) if of else None


#: the people asked for by number: "有几个人", "多少人" (not 人次, not 人均)
_PEOPLE_HOW_MANY = patterns.compile(r"(?:多少|几)\s*(?:个|位|名)?\s*人(?![次均数])|\bhow\s+many\s+(?:people|persons|individuals)\b", re.I)

#: "how many", "多少位": right before the people a customer value names
_HOW_MANY_BEFORE = patterns.compile(r"\bhow\s+many\s+$|(?:多少|几)\s*(?:个|位|名)?\s*$", re.I)
#: …and a verb of doing right after them ("women … applied", "女性申请了")
_DOING_AFTER = patterns.compile(r"^\s*(?:[\w–-]+\s+){0,12}?(?:applied|opened|bought|purchased|took|made|logged|transacted|clicked|used|got|had|did|"
                                r"completed|answered|responded|converted|borrowed|redeemed)\b|^[^，,。？?]{0,16}?(?:申请|开了|开立|购买|买了|办了|登录|交易|点击|转化|借了|赎回|答了|提交)",
                                re.I)


def people_counted(frame: Frame) -> bool:
    """"How many women aged 25–34 … applied for a loan", "多少女性申请了贷款": the customers a customer value names
    are counted, right after "how many", and what they did after them."""
    return any(not h.negated and h.entries and all(e.table is None for e in h.entries)
               and _HOW_MANY_BEFORE.search(frame.text[max(0, h.mention.start - 12):h.mention.start])
               and _DOING_AFTER.search(frame.text[h.mention.end:h.mention.end + 120]) for h in frame.values)


def population_words(model: SemanticModel) -> set[str]:
    """The model's words for its customers, lower case (客户, 用户, "customers", "clients", …)."""
    return {w.lower() for w in model.customer.words.all()} if model.customer else set()


def whose_rows(frame: Frame, default: str, population: set[str]) -> bool:
    """"杭州市的客户新开存款账户数", "login events of Shanghai customers": the customers named after 的, or
    after the rows and "of", say whose rows are counted, not what is (``population``: the model's words
    for the customers)."""
    def of_whom(m: Mention) -> bool:
        said = m.text.strip().lower()
        if said not in population:
            return False
        if not said.isascii():
            return frame.text[:m.start].endswith("的")
        return any(h.mention.end <= m.start and all(e.table for e in h.entries) and _OF_WHOM.fullmatch(frame.text[h.mention.end:m.start])
                   for h in frame.values)

    return any(any(e.kind == "metric" and e.target == default for e in m.entries) and of_whom(m) for m in frame.mentions)


#: "… of Shanghai customers", "… by our payroll clients": whose rows
_OF_WHOM = patterns.compile(r"\s+(?:of|by|from)\s+(?:(?:our|the|all)\s+)?(?:[\w\u4e00-\u9fff-]+\s+){0,2}", re.I)


def rows_of_values(frame: Frame, metrics: list[str], model: SemanticModel, default: str) -> str | None:
    """The count of the one table whose values the question names, when it names no figure but the
    customers ("有多少客户在12月买了理财": transactions; "客户一共有多少次登录": app events)."""
    if metrics != [default]:
        return None
    own = [hit for hit in frame.values if hit.entries and all(e.table for e in hit.entries)]
    tables = {e.table for hit in own for e in hit.entries if e.table and model.tables[e.table].customer_key}
    if len(tables) != 1:
        return None
    table = tables.pop()
    chosen = count_metric(model, table, list(frame.metrics))
    return _defined_on_a_value(model, table, chosen, [e for hit in own if not hit.negated for e in hit.entries]) or chosen


def _defined_on_a_value(model: SemanticModel, table: str, chosen: str | None, said: list[Entry]) -> str | None:
    """"how many customers are in the control group of CMP2512N": the rows counted are those of the value named when
    the table's count is defined on another value of it (touches are the treatment group's) and one count (shown or
    not) is defined on exactly that value — the control group's rows."""
    from semantic_layer.compile.plan import fixed_values

    if chosen is None:
        return None
    for e in said:
        fixed = fixed_values(model, model.metric(chosen), e.target) if e.code else None
        if fixed is None or e.code in fixed:
            continue
        on = [m.name for m in model.metric_list if m.kind == "simple" and m.measure is not None and m.measure.table == table
              and m.measure.agg == "count" and fixed_values(model, m, e.target) == {e.code}
              and " and " not in (m.measure.where or "").lower()]  # (that value alone: not its conversions too)
        if len(on) == 1:
            return on[0]
    return None


#: a count asked in units of rows: "多少次", "几笔", "how many times"
ROWS_UNIT_ASKED = patterns.compile(r"(?:多少|几)\s*(?:人次|次|笔|条|单|件)|人次|\bhow\s+many\s+times\b", re.I)  # (人次: visits, not people)
_CUSTOMERS_AFTER = patterns.compile(r"^\s*的?\s*(?:客户|用户|人)")


def _counted_later(text: str) -> bool:
    from assistant.parse.building.rows import CUSTOMERS_COUNTED_LATER

    return CUSTOMERS_COUNTED_LATER.search(text) is not None


#: "customers who completed a survey": the customers, then the rows they did
_CUSTOMERS_WHO_BEFORE = patterns.compile(r"\b(?:customers|clients|people|users|everyone|everybody|anyone|anybody|those)\s+(?:who|that)\s+(?:(?:have|has|had|ever|actually|currently|still|now|already)\s+)*"
                                          r"(?:(?:an?|any|at\s+least\s+one)\s+)?$|"
                                          # "what % of customers made a transaction": the customers, a verb of doing, the rows
                                          r"\b(?:customers|clients|people|users)\s+(?:(?:who|that)\s+)?(?:(?:have|has|had|ever|actually)\s+)*(?:made|did|had|completed|submitted|opened)\s+"
                                          r"(?:(?:an?|any|at\s+least\s+one)\s+)?$", re.I)


def _names_customers(frame: Frame, metric: str) -> bool:
    """The rows' name qualifies the customers counted: "有存款账户的客户", "customers who completed a survey"."""
    return any(any(e.kind == "metric" and e.target == metric for e in m.entries)
               and (_CUSTOMERS_AFTER.match(frame.text[m.end:m.end + 4]) or _CUSTOMERS_WHO_BEFORE.search(frame.text, max(0, m.start - 40), m.start))
               for m in frame.mentions)


def counted_rows(model: SemanticModel, name: str) -> bool:
    metric = model.metrics.get(name)
    return bool(metric and metric.kind == "simple" and metric.measure and metric.measure.agg == "count"
                and model.tables[metric.measure.table].customer_key)


def one_phrase(frame: Frame, metrics: list[str]) -> bool:
    """The customers and the rows are one phrase ("多少客户新开了存款账户"), not two figures
    listed ("客户数和新开户数")."""
    starts = {}
    for m in frame.mentions:
        for e in m.entries:
            if e.kind == "metric" and e.target in metrics and e.target not in starts:
                starts[e.target] = (m.start, m.end)
    if len(starts) != 2:
        return False
    (a, b) = sorted(starts.values())
    # ("customers aged 25-34 (age as of …) with income between 100k and 300k had a loan …": a range's
    # "and" and what brackets say list no second figure)
    between = _RANGE_AND.sub(" ", re.sub(r"[(（][^()（）]*[)）]", " ", frame.text[a[1]:b[0]]))
    return not re.search(r"[和与及、,，;；]|以及|\band\b|\bplus\b|\bas well as\b", between, re.I)


_RANGE_AND = patterns.compile(r"\bbetween\s+\S+\s+and\s+\S+|(?:在|介于)[^和与及]{1,12}(?:和|与|到|至)[^之间]{1,12}之间", re.I)


#: a follow-up that names only another function: "what about the mean?", "平均值呢", "and the max?"
_FUNCTION_ONLY = patterns.compile(r"\s*(?:那么?|\band\b|\bwhat\s+about\b|\bhow\s+about\b|\bok\b|换成|改成|看)?\s*(?:the\s+)?"
                                  r"([\u4e00-\u9fff]{1,4}?|[a-z]+(?:\s+[a-z]+)?)(?:值|数)?\s*(?:呢|\bthen\b|\binstead\b)?\s*[?？。.!！]*\s*", re.I)
_SWAPPABLE = ("avg", "median", "max", "min")


def function_swapped(text: str, base: SemanticQuery) -> SemanticQuery | None:
    """The last question with its one aggregate's function swapped for the one said alone ("median AUM of
    high-value customers" then "what about the mean?" → the mean), else nothing."""
    said = _FUNCTION_ONLY.fullmatch(text)
    aggregates = [m for m in base.metrics if isinstance(m, Aggregate)]
    if said is None or len(base.metrics) != 1 or len(aggregates) != 1 or aggregates[0].func not in _SWAPPABLE:
        return None
    funcs = [f for f in _SWAPPABLE if CUES[f].fullmatch(said.group(1).strip())]
    if len(funcs) != 1 or funcs[0] == aggregates[0].func:
        return None
    new = aggregates[0].model_copy(update={"func": funcs[0]})
    old = metric_name(aggregates[0])
    order = tuple(o.model_copy(update={"field": metric_name(new)}) if o.field == old else o for o in base.order_by)
    return base.model_copy(update={"metrics": (new,), "order_by": order})
