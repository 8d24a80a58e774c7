"""Customers chosen by their own rows of a metric (``SemanticQuery.customer_rows``).

"从来没申请过贷款的客户有多少" counts customers with *no* loan applications at all;
"上个月交易金额超过1万的客户有多少个" counts customers whose own transaction amount last
month is over 10,000; "used the calculator but didn't apply in that window" keeps the
calculator users with no application in the period. Without this reading the first is
the count of applications, the second the bank's total amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

import sqlglot
from sqlglot import exp

from assistant import patterns
from assistant.parse.building.rows import asks_for_customers
from assistant.parse.reading import cues
from assistant.parse.reading.cues import left_out_at
from assistant.parse.reading.frame import Frame, ValueHit
from assistant.parse.vocabulary.lexicon import Mention
from semantic_layer.model import Metric
from semantic_layer.query import CustomerRows, Filter
from semantic_layer.semantic_model import SemanticModel

OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "=": "=", "between": "between"}
#: all the data, not the tags' recent window: "从来没登录过", "never logged in at all"
EVER = patterns.compile(r"从来|从未|从没|历来|一直没|至今没|\bnever\b|\bever\b|\bat all\b", re.I)


def selects_customers(model: SemanticModel, metric: Metric) -> bool:
    """A count or sum over rows with a customer key: each customer has a total of their own."""
    m = metric.measure
    return (metric.kind == "simple" and m is not None and m.agg in ("count", "count_distinct", "sum")
            and model.tables[m.table].customer_key is not None)


def own_rows(frame: Frame, model: SemanticModel, metrics: list[str], default: str) -> tuple[list[str], tuple[CustomerRows, ...]]:
    """The metrics still asked for, and the customer conditions read off the question's
    metric words; ``frame`` loses what they used."""
    # ("填过问卷的客户平均年收入多少": the 多少 asks the average, not how many customers)
    counted = (asks_for_customers(frame.text) or frame.customer_words and frame.how_many) and not _AVERAGED.search(frame.text)
    holders = _holders_named(frame)  # "average age of customers with an outstanding loan"
    if counted and not (default in metrics and holders & set(metrics)):
        holders = set()  # "有贷款申请的客户数": the customers holding them counted — not the rows and the customers apart
    if not (counted or holders):
        return metrics, ()
    left_out = frame.left_out  # "没有交易的客户不算": who is left out, not who is counted
    rows = [*_over_totals(frame, model), *_absent(frame, model, left_out), *_outside_window(frame, model, left_out)]
    rows += _absent_table_rows(frame, model, {model.metric(r.metric).measure.table for r in rows}, left_out)  # type: ignore[union-attr]
    if not rows and not holders:
        return metrics, ()
    used = {r.metric for r in rows}
    left = [m for m in metrics if m not in used]
    # "有存款账户但从来没申请过贷款的客户": the rows they do have choose them too (at least one)
    period: Literal["query", "all"] = "query" if frame.time else "all"
    held = [m for m in left if m != default and selects_customers(model, model.metric(m))
            and model.metric(m).measure.agg in ("count", "count_distinct")  # type: ignore[union-attr]
            and (not holders or rows or m in holders)]
    rows += [CustomerRows(metric=m, op=">", value=0, period=period) for m in held]
    left = [m for m in left if m not in held]
    # "no outstanding loan (no loan in status disbursed)": a value the rows have by definition says them again;
    # "the customers we rejected *for a loan*": what the deed was for, no holding of theirs today
    deeds = [m for m in frame.mentions if any(e.kind == "metric" and e.target in {r.metric for r in rows} for e in m.entries)]
    for h in list(frame.values):
        if any(_fixed_by(model, r.metric, h) for r in rows) or any(
                _FOR_WHAT.fullmatch(frame.text, d.end, h.mention.start) and all(e.kind == "value" and e.code in (None, "true") for e in h.entries)
                for d in deeds):
            frame.values.remove(h)
            frame.attached.append(((h.mention.start, h.mention.end), "any"))
    return left or [default], tuple(rows)


_FOR_WHAT = patterns.compile(r"\s+(?:for|on)\s+", re.I)
#: "customers with an outstanding loan", "clients holding a mortgage", "有在贷贷款的客户": the holders of rows
_HOLDERS_BEFORE = patterns.compile(r"\b(?:customers|clients|borrowers|people|those|ones)\s+(?:(?:who|that)\s+(?:(?:currently|still|now|already|also|actually)\s+)?"
                                   r"(?:have|has|hold|holds|had|carry)|with|holding|having)\s+(?:an?\s+|any\s+|at\s+least\s+one\s+|one\s+or\s+more\s+)?$|"
                                   r"(?:有|持有|名下有)\s*$", re.I)
#: "average income of the customers we rejected for a loan", "… of clients who applied for a loan": those who did it
_DOERS_BEFORE = patterns.compile(r"\b(?:customers|clients|borrowers|people|applicants)\s+(?:(?:who|that|whom)\s+)?(?:(?:ever|already|recently|once|actually)\s+)?$", re.I)
_HOLDERS_AFTER_ZH = patterns.compile(r"\s*的(?:那些|这些|那批|这批|那部分)?(?:客户|人|借款人)")
#: an average of something of theirs ("平均年收入"), not rows per customer ("平均每人开了几个户", "average number of …")
_AVERAGED = patterns.compile(r"平均(?!每|下来每|一人|一个人)|均值|中位数|\b(?:average|mean|median|avg)\b(?!\s+(?:number|count|no\.)\b)", re.I)
#: a deed said with the rows' name, then the customers: "填过问卷的客户", "今年转化了的客户"
_DONE_BEFORE_ZH = patterns.compile(r"[\u4e00-\u9fff](?:过|了)\s*$")
_DONE_INSIDE_ZH = patterns.compile(r"^[\u4e00-\u9fff]{1,3}(?<![通超经])[过了][\u4e00-\u9fff]+$")  # "申请过贷款的客户"
_DONE_AFTER_ZH = patterns.compile(r"\s*(?:了|过)的(?:那些|这些)?(?:客户|人|借款人)")


def _holders_named(frame: Frame) -> set[str]:
    """Counts of rows said of the customers who hold them ("median income of customers with an outstanding
    loan"): the customers are chosen by them, whatever else is asked of them."""
    out: set[str] = set()
    for m in frame.mentions:
        if not m.of_kind("metric"):
            continue
        before = _HOLDERS_BEFORE.search(frame.text, max(0, m.start - 40), m.start) \
            or (_DOERS_BEFORE.search(frame.text, max(0, m.start - 40), m.start) if _AVERAGED.search(frame.text) else None)
        if before is not None and (before.group(0)[0].isascii() or _HOLDERS_AFTER_ZH.match(frame.text, m.end)) or _DONE_AFTER_ZH.match(frame.text, m.end) or (_DONE_BEFORE_ZH.search(frame.text, max(0, m.start - 4), m.start)
                                                          or m.text.endswith(("了", "过")) or _DONE_INSIDE_ZH.search(m.text)) and _HOLDERS_AFTER_ZH.match(frame.text, m.end) \
                or re.search(r"(?:了|过)的(?:客户|人)$", m.text):
            out |= {e.target for e in m.of_kind("metric")}
    return out


CONTRAST = patterns.compile(r"但是|但|却|可是|不过|\bbut\b|\byet\b|\bhowever\b", re.I)


def absence_period(frame: Frame, at: int) -> Literal["query", "all"]:
    """None of the rows over the question's period — or over all the data when it says
    never/从来 right there ("近30天用过试算、但从来没申请过贷款")."""
    if EVER.search(frame.text[max(0, at - 12):at]) or not frame.time:
        return "all"
    return "query"


def _unread_contrast(frame: Frame, at: int) -> None:
    """"营销触达到了但一次都没转化": what they did do, before "但"/"but", must be read as
    something too — when no name stands there, it is asked about, not dropped."""
    cut = None
    for c in CONTRAST.finditer(frame.text, 0, at):
        cut = c
    if cut is None:
        return
    start = max((p.end() for p in re.finditer(r"[,，;；。、]", frame.text[:cut.start()])), default=0)
    clause = frame.text[start:cut.start()]
    named = any(start <= x.start < cut.start() for x in frame.mentions) or any(start <= t.span[0] < cut.start() for t in frame.times)
    if clause.strip() and not named and re.search(r"[\u4e00-\u9fff]{2,}|[a-z]{4,}", clause, re.I):
        frame.unread.append(clause.strip())


def _over_totals(frame: Frame, model: SemanticModel) -> list[CustomerRows]:
    """"交易金额超过1万的客户": a comparison on a metric, with customers counted, is each
    customer's own total (not the bank's)."""
    out, kept = [], []
    for name, c in frame.metric_filters:
        if selects_customers(model, model.metric(name)):
            value = (c.value, c.value2 if c.value2 is not None else c.value) if c.op == "between" else c.value
            out.append(CustomerRows(metric=name, op=OPS.get(c.op, ">="), value=value))  # type: ignore[arg-type]
        else:
            kept.append((name, c))
    frame.metric_filters = kept
    return out


def _absent(frame: Frame, model: SemanticModel, left_out: list[tuple[int, int]]) -> list[CustomerRows]:
    """"从来没申请过贷款", "didn't submit any loan application": a metric's rows denied; over
    the question's period when it names one, else over all the data."""
    out: list[CustomerRows] = []
    said: list[tuple[Mention, str]] = []
    for m in frame.mentions:
        names = [e.target for e in m.entries if e.kind == "metric" and selects_customers(model, model.metric(e.target))]
        if len(names) != 1 or left_out_at(left_out, m.start, frame.text) or not (cues.cue_before(cues.ABSENCE_BEFORE, frame.text, m.start, 40)
                                   or cues.cue_after(cues.ABSENCE_AFTER, frame.text, m.end)):
            continue
        table = model.metric(names[0]).measure.table  # type: ignore[union-attr]
        if any(not frame.text[x.end:m.start].strip() and model.metric(n).measure.table == table for x, n in said):  # type: ignore[union-attr]
            frame.attached.append(((m.start, m.end), "any"))
            continue  # "no rejected loan applications": the rows' own noun after the rows denied, no second absence
        said.append((m, names[0]))
        out.append(CustomerRows(metric=names[0], op="=", value=0, filters=_where_after(frame, model, names[0], m),
                                period=absence_period(frame, m.start)))
        _unread_contrast(frame, m.start)
        # "没申请过贷款的客户", "any loan application": the rows' own words, not customers holding a loan
        frame.values = [h for h in frame.values if not (h.mention.start < m.end and m.start < h.mention.end)]
    return out


#: between the rows denied and where they were not done: "no transaction |through the| counter"
_WHERE_AFTER = patterns.compile(r"\s*(?:through|via|at|in|on|using|from|with)\s+(?:the\s+|a\s+|an\s+|our\s+)?", re.I)


def _where_after(frame: Frame, model: SemanticModel, metric: str, m: Mention) -> tuple[Filter, ...]:
    """"no transaction through the counter", "not a single login via the app": a value of the denied rows'
    own table said right after them is where none was done — a condition on those rows (it leaves the frame)."""
    table = model.metric(metric).measure.table if model.metric(metric).measure else None  # type: ignore[union-attr]
    hit = next((h for h in frame.values if h.mention.start >= m.end and _WHERE_AFTER.fullmatch(frame.text, m.end, h.mention.start)), None)
    own = [e for e in hit.entries if e.table == table] if hit is not None else []
    if not own or len({e.target for e in own}) != 1:
        return ()
    frame.values.remove(hit)  # type: ignore[arg-type]
    codes = tuple(dict.fromkeys(str(e.code) for e in own))
    return (Filter(field=own[0].target, op="in", value=codes),)


def absent_values(frame: Frame, model: SemanticModel, value_filter: Callable[[ValueHit, list, Frame], Filter | None],
                  table: str | None = None) -> list[ValueHit]:
    """Values of a table's rows said to be absent ("近90天没有还款的"): the customers are
    chosen by their own rows (none of them, in the question's period or ever), added to
    ``frame.customer_rows``; the values leave ``frame.values``. ``value_filter`` reads a
    value as a condition on a metric's rows (the builder's own reading). With ``table``, only
    values of that table's rows ("customers who transacted but didn't use the counter": the
    transactions' channel, not the loans'). Returns the values so read."""
    from assistant.parse.building.aggregate import count_metric
    left_out = frame.left_out  # "leave out people with no logins" says who is left out
    found: list[ValueHit] = []
    for said in list(frame.values):
        tables = {e.table for e in said.entries if e.table and model.tables[e.table].customer_key and table in (None, e.table)}
        h = replace(said, entries=[e for e in said.entries if e.table == table]) if table is not None and tables else said
        # "一笔都没逾期": a flag's "no" said of every one of the rows — none of them has it
        if frame.time is None and any(e.target in model.tags and model.tags[e.target].type == "boolean" for e in said.entries):
            continue  # "没有代发工资、…的客户": a customer flag of the same name is what they are not (the flag's other value;
            # "近三个月没有代发工资": in a period, the rows; "没有通过柜面申请过贷款": the applications' channel, no flag)
        none_has = not h.negated and len(tables) == 1 and all(e.code == "false" for e in h.entries) \
            and _EVERY_ONE_BEFORE.search(frame.text, max(0, h.mention.start - 8), h.mention.start) is not None
        if not none_has and not (h.negated and len(tables) == 1 and not left_out_at(left_out, h.mention.start, frame.text)
                                 and (cues.cue_before(cues.ABSENCE_BEFORE, frame.text, h.mention.start, 28)
                                      or cues.cue_after(cues.ABSENCE_AFTER, frame.text, h.mention.end))):
            continue
        count = count_metric(model, tables.pop(), [])
        condition = value_filter(replace(h, negated=False), [count], frame) if count else None
        if count is None or condition is None:
            continue
        if none_has:
            condition = condition.model_copy(update={"value": True})
        frame.values.remove(said)
        # "no loan inquiry or loan calculator": the values listed after it are denied with it (neither)
        for other in _listed_after(frame, h):
            more = value_filter(replace(other, negated=False), [count], frame)
            if more is None or more.field != condition.field or more.op != condition.op:
                break
            frame.values.remove(other)
            condition = condition.model_copy(update={"value": tuple(dict.fromkeys((*codes_of(condition), *codes_of(more))))})
        frame.customer_rows.append(CustomerRows(metric=count, op="=", value=0, filters=(condition,), period=absence_period(frame, h.mention.start)))
        found.append(said)
    return found


_LIST_GAP = patterns.compile(r"\s*(?:,|，|、|/|\bor\b|\bnor\b|\band\b|或者|或|和|及|与)\s*(?:\b(?:any|a|an)\s+)?", re.I)
#: "一笔都没逾期", "一个也没…": every one of the rows, before a flag's no
_EVERY_ONE_BEFORE = patterns.compile(r"(?:一笔|一个|一次|一条|任何一笔)\s*(?:都|也)\s*$")


def _listed_after(frame: Frame, first: ValueHit) -> list[ValueHit]:
    """The value hits listed right after ``first`` ("A, B or C"), in order."""
    out, end = [], first.mention.end
    for h in sorted(frame.values, key=lambda h: h.mention.start):
        if h.mention.start >= end and _LIST_GAP.fullmatch(frame.text, end, h.mention.start):
            out.append(h)
            end = h.mention.end
    return out


def codes_of(f: Filter) -> tuple:
    """The filter's values, one or several, as a tuple."""
    return f.value if isinstance(f.value, tuple) else (f.value,)


def _fixed_by(model: SemanticModel, metric: str, hit: ValueHit) -> bool:
    """Is the value of ``hit`` one the rows of ``metric`` all have (在贷笔数: status disbursed)?"""
    from semantic_layer.compile.plan import fixed_values

    m = model.metric(metric)
    return any(m.measure is not None and e.table == m.measure.table and str(e.code) in (fixed_values(model, m, e.target) or ())
               for e in hit.entries)


def _tag_sources(model: SemanticModel, tag: str) -> list:
    """The tag sources whose outputs a customer tag's expression reads."""
    t = model.tags[tag]
    words = set(re.findall(r"[a-z_][a-z0-9_]*", " ".join([t.expr or "", *(c.when for c in t.cases)]), re.I))
    return [model.source_outputs[w] for w in words if w in model.source_outputs]


#: a second product said not to be held after a first one held: "a mortgage but not a consumer loan", "有房贷但没有经营贷"
_BUT_NOT = patterns.compile(r"(?:,\s*)?\b(?:but|and|yet)\s+(?:do\s+not|don['’]t|does\s+not|doesn['’]t|not|no)\s+(?:have\s+|hold\s+)?(?:an?\s+|any\s+)?$|"
                            r"(?:但|却|而|但是)(?:没有|没|并没有|不持有|无)$", re.I)


def held_values(frame: Frame, model: SemanticModel, value_filter: Callable[[ValueHit, list, Frame], Filter | None]) -> bool:
    """Products said to be held by the customers counted ("有房贷的客户", "customers who hold a large
    CD", "among customers with an outstanding mortgage"): the customers with one or more of the rows
    their table's ``held_by`` metric counts now (outstanding loans, active deposit accounts), of that
    value — not the rows of every table the value names (an app page about mortgages, a campaign
    for them). Added to ``frame.customer_rows``; the values leave ``frame.values``."""
    if not (asks_for_customers(frame.text) or frame.customer_words):
        return False
    # "customers with a time deposit or large CD coming due": a tag read off the same rows says
    # what about them is asked — the product words describe that tag, no holding of their own
    about = {source.table for h in frame.values for e in h.entries if e.target in model.tags
             for source in _tag_sources(model, e.target)}
    found = False
    for h in list(frame.values):
        held = {e.table for e in h.entries if e.table and model.tables[e.table].held_by} - about
        # "没有任何存续定期", "no active time deposit": the denial said before a value every held row has
        # ("存续", "active") is said of the holding
        said_of = _denied_before(frame, model, h, held)
        if said_of is not None:
            h = replace(h, negated=True)
        holding = cues.cue_before(cues.HOLDING_BEFORE, frame.text, (said_of or h).mention.start, 24) \
            or h.negated and found and _BUT_NOT.search(frame.text, 0, h.mention.start) is not None  # "have a mortgage but not a consumer loan"
        if not any(h.mention is v.mention for v in frame.values) or len(held) != 1 or left_out_at(frame.left_out, h.mention.start, frame.text) or not holding \
                or cues.cue_after(cues.HOLDING_NOT_AFTER, frame.text, h.mention.end, 16):
            continue
        metric = model.tables[held.pop()].held_by or ""
        condition = value_filter(replace(h, negated=False), [metric], frame)
        if condition is None or _fixed_by(model, metric, h):
            continue
        frame.values = [v for v in frame.values if v.mention is not h.mention]
        # "don't hold any active time deposit or large CD": the values listed with it, held or not held together
        for other in _listed_after(frame, h):
            more = value_filter(replace(other, negated=False), [metric], frame) if other.negated == h.negated or h.negated else None
            if more is None or more.field != condition.field:
                break
            frame.values.remove(other)
            condition = condition.model_copy(update={"value": tuple(dict.fromkeys((*codes_of(condition), *codes_of(more))))})
        frame.customer_rows.append(CustomerRows(metric=metric, op="=" if h.negated else ">", value=0, filters=(condition,), period="all"))
        start = (said_of or h).mention.start
        frame.attached += [((start - len(w.group()), start), "any") for w in [cues.HOLDING_BEFORE.search(frame.text[max(0, start - 24):start])] if w]
        # ("hold an active large CD": the holding's own words, "active" of every held row among them)
        # "an outstanding mortgage", "房贷在还(放款未结清)": a value the held rows have by definition says it again
        for other in list(frame.values):
            # ("没有存续的定期": denied with the holding itself)
            if (not other.negated or h.negated) and abs(other.mention.start - h.mention.start) <= 32 and _fixed_by(model, metric, other):
                frame.values.remove(other)
                # "(account status active)": the value's own field named before it goes with it
                named = [m for m in frame.mentions if m.end <= other.mention.start and not frame.text[m.end:other.mention.start].strip(" :：=为是")
                         and {e.target for e in m.of_kind("field")} & {e.target for e in other.entries}]
                frame.attached += [((m.start, m.end), "any") for m in [other.mention, *named]]
        # "still have a mortgage outstanding", "房贷在还": the held metric's own words say it again
        if metric in frame.metrics and sum(1 for m in frame.mentions if any(e.target == metric for e in m.of_kind("metric"))) == 1:
            said = next(m for m in frame.mentions if any(e.target == metric for e in m.of_kind("metric")))
            frame.metrics.remove(metric)
            frame.attached.append(((said.start, said.end), "any"))
        found = True
    return found


def _denied_before(frame: Frame, model: SemanticModel, h: ValueHit, held: set[str]) -> ValueHit | None:
    """The denied value right before ``h`` ("没有存续|定期", "no active| time deposit") that every row
    of the one table holding ``h`` has (its ``held_by`` metric fixes it), when ``h`` itself is not denied."""
    if h.negated or len(held) != 1:
        return None
    metric = model.tables[next(iter(held))].held_by or ""
    return next((v for v in frame.values if v.negated and v.mention.end <= h.mention.start
                 and not frame.text[v.mention.end:h.mention.start].strip(" 的") and _fixed_by(model, metric, v)), None)


def _outside_window(frame: Frame, model: SemanticModel, left_out: list[tuple[int, int]] = ()) -> list[CustomerRows]:  # type: ignore[assignment]
    """"近90天没有登录过的客户", "never logged in at all": a tag counted over its own recent
    window (近30天登录天数) cannot say "none in another period". The rows it counts are
    read from its definition (``event_type = 'login'``) and asked over the question's
    period; what cannot be read that way is asked back, named."""
    out, kept = [], []
    for entries, c in frame.field_filters:
        output = next((o for e in entries if (o := _source_output(model, e.target)) is not None), None)
        source = model.source_outputs[output] if output is not None else None
        window = source.window.days if source is not None else None
        own_window = frame.time is not None and (frame.time.end - frame.time.start).days + 1 == window
        # "近30天没登录过app": the value right after the verb is a value of the rows it counts (their platform)
        # ("没在APP上登录过", "never logged in on the app": said as where the verb was not done)
        said_of = [(h, e) for h in frame.values for e in h.entries
                   if source is not None and e.table == source.table and e.code and (
                       0 <= h.mention.start - c.span[1] <= 2 or _PLACE_AFTER.fullmatch(frame.text, c.span[1], h.mention.start)
                       or cues.PLACE_GAP.fullmatch(frame.text, h.mention.end, c.span[0]) and cues.cue_before(cues.THROUGH_BEFORE, frame.text, h.mention.start, 8))]
        if source is None or window is None or (own_window and not said_of) or not (frame.time or EVER.search(frame.text) or said_of) \
                or left_out_at(left_out, c.span[0], frame.text):  # "没登录过的就别算进来了": who is left out
            kept.append((entries, c))
            continue
        rows = _rows_of(model, source.table, source.measures.get(output or "", ""))
        if c.op == "=" and c.value == 0 and rows is not None:
            extra = tuple(Filter(field=e.target, op="in", value=(e.code,)) for _, e in said_of[:1])
            frame.values = [h for h in frame.values if all(h is not x for x, _ in said_of[:1])]
            frame.attached += [((h.mention.start, h.mention.end), "any") for h, _ in said_of[:1]]
            out.append(CustomerRows(metric=rows[0], op="=", value=0, filters=rows[1] + extra, period="query" if frame.time else "all"))
        else:
            frame.unread.append(c.text or str(output))
    frame.field_filters = kept
    return out


#: "logged in |on the| app": where the rows a verb names were done, said after it
_PLACE_AFTER = patterns.compile(r"\s*(?:through|via|at|in|on|using|from|into|to)\s+(?:the\s+|a\s+|an\s+|our\s+)?", re.I)


def rows_of_tag(model: SemanticModel, field: str) -> tuple[str, tuple[Filter, ...]] | None:
    """The count metric and row conditions of the rows a windowed numeric tag counts (近30天登录天数 → app
    events, event_type = login), if it is one."""
    output = _source_output(model, field)
    source = model.source_outputs[output] if output is not None else None
    if source is None or source.window is None:
        return None
    return _rows_of(model, source.table, source.measures.get(output or "", ""))


def _source_output(model: SemanticModel, field: str) -> str | None:
    """The tag-source output a numeric tag is (近30天登录天数 → its source's login-day count)."""
    tag = model.tags.get(field)
    expr = (tag.expr or "").strip() if tag is not None else field
    return expr if expr in model.source_outputs else None


def _rows_of(model: SemanticModel, table: str, measure: str) -> tuple[str, tuple[Filter, ...]] | None:
    """The table's count metric and the row conditions of a tag measure
    (``COUNT(...) FILTER (WHERE event_type = 'login')`` → app events, event_type = login)."""
    from assistant.parse.building.aggregate import count_metric

    count = count_metric(model, table, [])
    if count is None or not measure:
        return None
    tree = sqlglot.parse_one(measure, read="duckdb")
    where = tree.find(exp.Filter)
    conditions = list(where.expression.this.flatten() if isinstance(where.expression.this, exp.And) else [where.expression.this]) if where else []
    filters = []
    for cond in conditions:
        if isinstance(cond, exp.EQ) and isinstance(cond.this, exp.Column) and isinstance(cond.expression, exp.Literal):
            filters.append(Filter(field=cond.this.name, op="=", value=cond.expression.this))
        elif isinstance(cond, exp.In) and isinstance(cond.this, exp.Column) and all(isinstance(x, exp.Literal) for x in cond.expressions):
            filters.append(Filter(field=cond.this.name, op="in", value=tuple(x.this for x in cond.expressions)))
        else:
            return None
    if any(f.field not in model.dimensions.get(table, {}) for f in filters):
        return None
    return count, tuple(filters)


def _absent_table_rows(frame: Frame, model: SemanticModel, covered: set[str], left_out: list[tuple[int, int]]) -> list[CustomerRows]:
    """"上个月一笔交易都没有的客户": a table named by its own noun (its label, or the first of
    its words) with its rows denied — every row of it, none in the period."""
    from assistant.parse.building.aggregate import count_metric

    out = []
    population = model.customer.table if model.customer else None
    for name, table in model.tables.items():
        if name == population or name in covered or table.customer_key is None:
            continue
        # "haven't made a single transaction": a field of the table's own rows named with them is no field here
        own_fields = [m for m in frame.mentions if m.entries and all(e.kind == "field" and e.table == name for e in m.entries)]
        taken = [(m.start, m.end) for m in frame.mentions if m not in own_fields]
        nouns = {w for w in (table.label.zh, table.label.en, *table.words.zh[:1], *table.words.en[:1]) if w and len(w) >= 2}
        for noun in sorted(nouns, key=len, reverse=True):
            hit = next((h for h in re.finditer(re.escape(noun), frame.text, re.I)
                        if not any(a < h.end() and h.start() < b for a, b in taken) and not left_out_at(left_out, h.start(), frame.text)
                        and (cues.cue_before(cues.ABSENCE_BEFORE, frame.text, h.start(), 24)
                             or cues.cue_after(cues.ABSENCE_AFTER, frame.text, h.end()))), None)
            count = count_metric(model, name, []) if hit else None
            if hit and count:
                # "no login event at all": a value of those rows said right before their noun says which rows
                kind = next((m for m in frame.mentions if m.end <= hit.start() and not frame.text[m.end:hit.start()].strip(" -")
                             and any(e.kind == "value" and e.table == name and e.code for e in m.entries)), None)
                said = [e for e in kind.entries if e.kind == "value" and e.table == name and e.code] if kind else []
                which = (Filter(field=said[0].target, op="in", value=tuple(dict.fromkeys(str(e.code) for e in said))),) \
                    if said and len({e.target for e in said}) == 1 else ()
                out.append(CustomerRows(metric=count, op="=", value=0, filters=which, period=absence_period(frame, hit.start())))
                frame.attached.append((hit.span(), "any"))
                frame.attached += [((m.start, m.end), "any") for m in own_fields if m.start <= hit.start() < m.end]
                frame.mentions = [m for m in frame.mentions if not (m in own_fields and m.start <= hit.start() < m.end)]
                break
    return out


#: "既买了理财又赎回过理财的客户": the same customers did each of two things
_BOTH_BEFORE = patterns.compile(r"既\s*(?:有|在|用|通过)?\s*$|\bboth\s+(?:on\s+|in\s+|through\s+|via\s+)?(?:the\s+)?$", re.I)
_BOTH_BETWEEN = patterns.compile(r"\s*(?:又|也|还)\s*(?:有|在|用|通过)?\s*(?:过)?\s*|\s*and\s+(?:also\s+)?(?:on\s+|in\s+|through\s+|via\s+)?(?:the\s+)?", re.I)
#: "App和小程序都登录过": two values joined, then 都 — each of them (never either)
_JOINED = patterns.compile(r"\s*(?:和|与|跟|及|、)\s*")
_ALL_OF_THEM_AFTER = patterns.compile(r"\s*(?:上|里|中)?\s*都")
#: "同时在App和网银上登录过": at once, two values joined
_AT_ONCE_BEFORE = patterns.compile(r"同时\s*(?:在|用|通过|有)?\s*$")
_OBJECT_GAP = patterns.compile(r"\s*(?:过|了)?\s*")


def both_done(frame: Frame, model: SemanticModel, value_filter: Callable[[ValueHit, list, Frame], Filter | None]) -> bool:
    """Customers who did both of two things named by values of one field of the same rows ("既买了理财又赎回过理财",
    "both purchased and redeemed"): each is a row condition of its own — not one condition on rows of either kind."""
    from assistant.parse.building.aggregate import count_metric

    hits = sorted((h for h in frame.values if not h.negated), key=lambda h: h.mention.start)
    for a, b in zip(hits, hits[1:], strict=False):
        if not (_BOTH_BEFORE.search(frame.text[max(0, a.mention.start - 12):a.mention.start])
                and _BOTH_BETWEEN.fullmatch(frame.text[a.mention.end:b.mention.start])
                or _JOINED.fullmatch(frame.text[a.mention.end:b.mention.start])
                and (_ALL_OF_THEM_AFTER.match(frame.text, b.mention.end) or _AT_ONCE_BEFORE.search(frame.text[max(0, a.mention.start - 8):a.mention.start]))):
            continue
        shared = {(e.table, e.target) for e in a.entries if e.table} & {(e.table, e.target) for e in b.entries if e.table}
        if len({table for table, _ in shared}) != 1:
            continue
        table = next(iter(shared))[0]
        count = count_metric(model, table, list(frame.metrics))
        conditions = [value_filter(h, [count], frame) for h in (a, b)] if count else []
        if count is None or not conditions or any(c is None for c in conditions):
            continue
        period: Literal["query", "all"] = "query" if frame.time else "all"
        # ("App和小程序都登录过": the deed said of both — logins on each platform)
        fields = {c.field for c in conditions if c}
        deed = [h for h in frame.values if h not in (a, b) and not h.negated and any(e.table == table for e in h.entries)]
        common = [f for h in deed if (f := value_filter(h, [count], frame)) is not None and f.field not in fields]
        frame.customer_rows += [CustomerRows(metric=count, op=">", value=0, filters=(c, *common), period=period) for c in conditions if c]
        frame.values = [h for h in frame.values if h not in deed or value_filter(h, [count], frame) is None]
        # ("赎回过理财": what was redeemed, said after the verb — the value's own object, no condition of its own)
        said_after = [h for h in frame.values if h not in (a, b) and _OBJECT_GAP.fullmatch(frame.text[b.mention.end:h.mention.start])
                      and not {e.table for e in h.entries} & {table}]
        frame.values = [h for h in frame.values if h not in (a, b, *said_after)]
        frame.attached += [((a.mention.start - 1, a.mention.start), "any"), ((a.mention.end, b.mention.start), "any")]
        frame.attached += [((h.mention.start, h.mention.end), "any") for h in said_after]
        return True
    return False
