"""One group set against the whole: "杭州滨江支行2025年的贷款审批通过率跟全行比，高还是低？", "how does
average AUM per customer at one branch stack up against the bank overall?", "华东和全行的户均AUM".

The value said right beside the words for the whole (全行, 整体, "the bank overall") is the part: its
field's conditions move from the query's filters to ``benchmark.part``, so the answer shows the
figure for the part, the same figure for everyone, and the difference — not the part's figure alone
(which answered a different question) and not a share (which a rate or an average has none of).
"""

from __future__ import annotations

import re

from assistant import patterns
from assistant.parse.reading.frame import Frame, ValueHit
from semantic_layer.query import Benchmark, SemanticQuery

#: the whole, in the words people use for it (the population's, read in share.TOTAL too)
_WHOLE_ZH = (r"(?:全行|整个银行|全银行|全部客户|所有客户|全体客户|整体|总体|全国)(?:的?平均水平|的?平均值|的?平均|的?整体水平|的?水平|整体)?"
             r"(?!的?(?:其他|其它|其余|别的|剩下|剩余|另外))")  # ("全行其他地区": the rest, not the whole)
_WHOLE_EN = (r"(?:that\s+of\s+|those\s+of\s+)?(?:the\s+)?(?:whole\s+|entire\s+)?(?:bank(?:\s+(?:overall|as\s+a\s+whole|average|wide|total))?|"
             r"bank-wide|bankwide|overall(?:\s+(?:bank|average|figure|number|rate|level))?|all\s+(?:customers|clients|branches|regions|cities)|"
             r"everyone(?!\s+else)|(?:company|firm)[-\s]?wide|(?:whole|entire)\s+customer\s+base|all\s+(?:of\s+)?our\s+(?:customers|clients))\b")
# (not "everyone else": the rest, not the whole)
AGAINST_WHOLE = patterns.compile(
    r"(?:跟|和|与|同|比|对比|相比|比较|较|\bvs\.?|\bVS\.?)\s*" + _WHOLE_ZH + r"(?:比(?:一比|较|一下|下)?|相比|对比)?|"
    r"\b(?:vs\.?|versus|against|compared\s+(?:to|with)|relative\s+to|than|and|with)\s+" + _WHOLE_EN + "|"
    # "… compare with the average AUM per customer across the whole customer base": the same figure, said again of the whole
    r"\b(?:vs\.?|versus|against|compared?\s+(?:to|with)|relative\s+to|than|with)\s+(?:the\s+)?(?:same\s+(?:figure|number|average)\s+|"
    r"(?:overall\s+)?average\s+(?:[\w-]+\s+){0,4}?)?(?:across|for|over|among|of)\s+" + _WHOLE_EN, re.I)


#: the whole asked about in a follow-up ("全行的呢？", "what about the whole bank?"): where customers bank no longer kept
WHOLE_ASKED = patterns.compile(r"(?:^|[^\u4e00-\u9fff])" + _WHOLE_ZH + r"(?=的?(?:呢|怎么样|如何|情况|是多少|[?？,，。!！]|\s*$))|"
                               r"\b(?:what|how)\s+about\s+" + _WHOLE_EN + r"|\b(?:for|across)\s+the\s+(?:whole|entire)\s+bank\b", re.I)


def _nearest(frame: Frame, start: int, end: int) -> ValueHit | None:
    """The value said right before the whole (or, with none before, right after it)."""
    hits = [h for h in frame.values if not h.negated]
    before = [h for h in hits if h.mention.end <= start]
    if before:
        return max(before, key=lambda h: h.mention.end)
    after = [h for h in hits if h.mention.start >= end]
    return min(after, key=lambda h: h.mention.start) if after else None


def set_against_whole(frame: Frame, query: SemanticQuery) -> SemanticQuery:
    """The query with the part beside the whole, when the question sets a value against the whole."""
    said = AGAINST_WHOLE.search(frame.text)
    if said is None or query.share is not None or query.compare is not None or query.ratio or query.share_of_total \
            or query.own_conditions or query.benchmark is not None:
        return query
    hit = _nearest(frame, *said.span())
    fields = {e.target for e in hit.entries} if hit is not None else set()
    part = tuple(f for f in query.filters if f.field in fields and f.op in ("=", "in"))
    if not part and not any(g.field != "time" for g in query.group_by):
        return query  # (each group of a breakdown is set against the whole: "各区域的逾期率跟全行比")
    frame.attached.append((said.span(), "any"))
    # ("… across the whole customer base": the whole's own words name no figure of their own)
    inside = {e.target for m in frame.mentions if said.start() <= m.start and m.end <= said.end() for e in m.of_kind("metric")}
    metrics = tuple(m for m in query.metrics if not (isinstance(m, str) and m in inside)) or query.metrics
    return query.with_changes(metrics=metrics, filters=tuple(f for f in query.filters if f not in part), benchmark=Benchmark(part=part))
