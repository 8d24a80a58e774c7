"""Shares of a base: "理财客户里女性占几成", "each branch: what fraction of its customers
are dormant", "What % of total AUM sits with high-value customers?".

Which conditions define the base and which the part comes from the words around
them: in Chinese the base comes before 里/中/当中 ("高价值客户里…"), in English after
among/within/"of customers who …"; every other condition is the part. 全部/全行/total
makes the base the whole population even for a breakdown.
"""

from __future__ import annotations

import re

from assistant.parse import cues
from assistant.parse.frame import Frame
from semantic_layer.query import Filter, GroupBy

ZH_BASE_AFTER = re.compile(r"(?:里面|里头|当中|之中|里|中)")  # "高价值客户里", "每个区域中"
EN_BASE_CLAUSE = re.compile(
    r"\b(?:among|within|amongst|of\s+(?:those|the\s+ones|customers|clients|people)\s+(?:who|that|with)|"
    r"out\s+of|for)\b((?:(?!\b(?:are|is|were|was)\b)[^,?;])*)|"  # up to the verb: "… with high intent are female"
    r"^\W*(?:of|out\s+of)\s+((?:the|those|our|all)\s+[^,?;]*)|"  # "Of the clients we got through referrals, …"
    # "pct of logins last month that came through …": the rows before the relative clause
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+([^,?;]*?)\s+(?:that|which|who|were|was)\b|"
    # "what % of our payroll customers also have a loan": the customers named, then what they also do
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion|many)|%)\s+of\s+((?:(?:our|the|all)\s+)?[^,?;]*?)\s+(?:also\s+|too\s+)?"
    r"(?:have|has|hold|holds|had|use|uses|are|were|own|owns)\b", re.I)
#: "share of customers with …": the clause names the part when nothing else does
SHARE_OF_WHO = re.compile(r"(?:\bshare|\bpercent(?:age)?|\bpct|\bproportion|\bfraction|\bportion|%|\bratio|\brate)\s+of\s+(?:the\s+|our\s+)?"
                          r"(?:customers|clients|people)\s+(?:who|that|with)\b", re.I)
TOTAL = re.compile(r"全部|全行|所有|总体|整体|全体|总数|总额|总量|\btotal\b|\boverall\b|\bwhole\b|\bentire\b|\ball\s+(?:customers|clients)\b", re.I)
#: "占这个城市客户总数的比例", "of its own total": each group's total, not the whole
OWN_TOTAL = re.compile(r"(?:这个|该|本|各自的?|自己的?|每个)[\u4e00-\u9fff]{0,6}?(?:总数|总额|总量|全部|所有)|\b(?:its|their)\s+(?:own\s+)?(?:\w+\s+)?(?:total|whole)\b", re.I)
SPLIT_WORDS = re.compile(r"分布|构成|结构|\bsplit\b|\bdistribution\b|\bmix\b|\bbreakdown\b|\bcomposition\b", re.I)


def _starts(frame: Frame, field: str) -> list[int]:
    starts = [m.start for m in frame.mentions if any(e.target == field for e in m.entries)]
    starts += [c.span[0] for entries, c in frame.field_filters if any(e.target == field for e in entries)]
    return starts


def _masked(frame: Frame) -> str:
    chars = list(frame.text)
    for m in frame.mentions:
        for i in range(m.start, min(m.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def split_share(frame: Frame, filters: tuple[Filter, ...], group: tuple[GroupBy, ...]) -> tuple[list[Filter], list[Filter], str]:
    """(base filters, part filters, within) for a share question."""
    masked = _masked(frame)
    base_fields: set[str] = set()
    zh_marks = [m.start() for m in ZH_BASE_AFTER.finditer(masked)  # soon after something named: "通过app获客的客户当中"
                if any(0 <= m.start() - x.end <= 6 and not re.search(r"[,，。;；?？]", frame.text[x.end:m.start()])
                       and not TOTAL.search(frame.text[x.end:m.start()]) for x in frame.mentions)]  # "在所有客户中" is the total
    if not zh_marks:  # "在贷的逾期占比": of the outstanding loans, the overdue share
        zh_marks = [m.start() for m in re.finditer("的", masked)
                    if any(x.end == m.start() for x in frame.mentions)
                    and any(y.start == m.end() and not y.of_kind("metric")  # "华东的存款余额占比": a figure's share, base all
                            and cues.SHARE.match(frame.text, y.end + frame.text.startswith("的", y.end)) for y in frame.mentions)]
    if zh_marks:
        cut = zh_marks[0]
        base_fields = {f.field for f in filters if _starts(frame, f.field) and min(_starts(frame, f.field)) < cut}
    else:
        for clause in EN_BASE_CLAUSE.finditer(frame.text):
            lo, hi = next(clause.span(i) for i in (1, 2, 3, 4) if clause.group(i) is not None)
            base_fields |= {f.field for f in filters if any(lo <= s < hi for s in _starts(frame, f.field))}
    base = [f for f in filters if f.field in base_fields or f.op == "not_null"]  # "only those who have one": the base
    part = [f for f in filters if f.field not in base_fields and f.op != "not_null"]
    if base and not part and not zh_marks and SHARE_OF_WHO.search(frame.text):
        base, part = [], base  # "share of customers with high loan intent, by occupation": those are the part
    breakdown = any(g.field != "time" for g in group)
    within = "all" if breakdown and TOTAL.search(frame.text) and not OWN_TOTAL.search(frame.text) else "group"
    return base, part, within


def is_split(frame: Frame) -> bool:
    """"gender split, as shares", "活跃度分布": the share of each group in the total."""
    return bool(SPLIT_WORDS.search(frame.text))


# "没有偏好的不算", "没登录过的剔除掉", "leave out the ones with no preferred channel"
EXCLUDE_ZH = re.compile(
    r"(?:没有|没|无|未|空|缺失|未知|算不出|算不了|无法计算|计算不出)[^,，。;；]{0,12}?(?:的)?(?:就)?(?:都)?"
    r"(?:别算进(?:分母)?|不算进(?:分母)?|不进分母|不计入分母|不算|不计|不统计|不计入|剔除|剔掉|排除|去掉|去除|拿掉|扔掉|除外|不要|不含|不包括|过滤|别算|别统计|不用算|不要算|别计入|不用列|别列|不列|不用看|不看)|"
    r"(?:剔除|排除|去掉|去除|不含|不包括|过滤掉?)(?:掉)?[^,，。;；]{0,8}?(?:没有|无|为空|空值|未知|缺失)|"
    # “其他”那一类不要算进来, 把“其他”剔掉: a value named in quotes
    r"[“\"'‘「『][^”\"'’」』]{1,16}[”\"'’」』](?:的)?(?:那|这)?(?:一)?(?:类|项|组|档|种|部分|个)?(?:的)?(?:就|也)?(?:都)?(?:先)?"
    r"(?:不要算进来|不算进来|别算进来|不要算进去|别算进去|不算进去|不要算|别算进(?:分母)?|不算进(?:分母)?|不算|不计|不统计|剔除|剔掉|排除|去掉|去除|拿掉|除外|不要|不含|不包括|不用列|别列|不列|不用看|不看)(?:掉)?|"
    r"(?:剔除|剔掉|排除|去掉|去除|拿掉|不含|不包括|不算)(?:掉)?[“\"'‘「『][^”\"'’」』]{1,16}[”\"'’」』](?:那|这)?(?:一)?(?:类|项|组|档|种|部分)?")
EXCLUDE_EN = re.compile(
    # "leave out the 'other' bucket": a value named in quotes
    r"\b(?:leav(?:e|ing)\s+out|exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing))\s+(?:the\s+)?[\"'‘“][^\"'’”]{1,24}[\"'’”]"
    r"(?:\s+(?:bucket|group|category|ones?|value))?(?:\s+(?:completely|entirely|altogether|as\s+well|too))?"
    r"(?:\s*\(?\s*(?:from|in|out\s+of)\s+the\s+(?:base|denominator|total)(?:\s+(?:too|as\s+well))?\s*\)?)?|"
    r"\b(?:leave|leaving|left|filter(?:ing)?)\s+out\b[^,.;?]{0,40}?\b(?:no|without|missing|unknown|blank|null|empty|none|never)\b|"
    # "only count people who actually have a preferred channel"
    r"\b(?:only\s+(?:count(?:ing)?|include|including|consider(?:ing)?)|count(?:ing)?\s+only)\s+(?:people|customers|clients|those|the\s+ones|ones)\s+(?:who|that|with)\s+"
    r"(?:actually\s+|really\s+)?(?:have|has|had|hold|holds|held)\b[^,.;?]{0,40}|"
    # "among customers whose deposit volatility can (actually) be computed": only those that have one
    r"\b(?:whose|with|where)\b[^,.;?]{0,40}?\b(?:can|could)\s+(?:actually\s+|really\s+)?be\s+(?:computed|calculated|known|determined)\b|"
    r"\b(?:exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing)|not\s+counting|without\s+counting)\b[^,.;?]{0,40}?"
    r"\b(?:no|without|missing|unknown|blank|null|empty|none|never)\b|"
    r"\b(?:no|without|missing|unknown)\s+[a-z ]{0,30}?\b(?:excluded|left\s+out|ignored|dropped)\b|"
    # "skip anyone who hasn't logged in", "ignore customers who never answered one"
    r"\b(?:skip(?:ping)?|ignor(?:e|ing)|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?|remov(?:e|ing))\s+(?:anyone|anybody|everyone|those|people|customers|clients|the\s+ones|ones)\s+"
    r"(?:who|that)\s+(?:(?:has|have)\s+)?(?:hasn'?t|haven'?t|never|didn'?t|don'?t|doesn'?t|not)\b[^,.;?]{0,30}|"
    r"\b(?:ignor(?:e|ing)|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?|skip(?:ping)?)\b[^,.;?]{0,40}?"
    r"\b(?:can'?t|cannot|could\s*n[o']?t|isn'?t|is\s+not)\s+(?:be\s+)?(?:computed|calculated|known|available|defined)\b|"
    r"\b(?:leav(?:e|ing)\s+out|exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing))\b[^,.;?]{0,40}?"
    r"\b(?:aren'?t|isn'?t|not|never)\s+(?:tied|linked|attached|associated|related|assigned|mapped)\s+to\s+(?:any|an?)\b", re.I)


def exclusion_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in (*EXCLUDE_ZH.finditer(text), *EXCLUDE_EN.finditer(text))]


#: how far past an exclusion's cue its group is still named ("leave out people with no |logins|")
EXCLUSION_TAIL = 12


def left_out_at(spans: list[tuple[int, int]], position: int) -> bool:
    """Is the word at ``position`` part of a group said to be left out (see :func:`exclusion_spans`)?"""
    return any(start <= position < end + EXCLUSION_TAIL for start, end in spans)
