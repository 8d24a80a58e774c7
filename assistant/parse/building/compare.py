"""Period comparison in a question: "12月放款金额比11月多了多少", "AUM同比增长",
"how much did X move from Oct to Nov 2025, in percentage points".

A comparison needs a change word (增长, 多了, grow, vs …) or a comparison word (同比,
环比, year over year). The baseline is the period right after a baseline marker (比,
较, 相比, vs, than, compared with, from …), else the earlier of two periods, else the
previous period or the same period a year earlier; the other named period is the
current one. The compiler fills in whatever the question leaves to the as-of date.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from assistant import patterns
from assistant.parse.reading.frame import Frame
from assistant.recognise.time import TimeMatch, find_time_ranges
from semantic_layer.query import Compare, TimeRange

YEAR_AGO = patterns.compile(
    r"同比|(?:去年|上年|上一年)(?:的)?(?:同期|同月|同季度|同季|同一(?:个)?(?:月|季度|时期|期间))|同期相比|year[\s-]+(?:over|on)[\s-]+year|(?<![a-z])yoy(?![a-z])|y-o-y|"
    r"(?:the\s+)?same\s+(?:period|month|quarter|time|week|day|point)\s+(?:of\s+|in\s+)?(?:last|a|the\s+previous|the\s+prior|previous|prior)\s+(?:year|yr)\b|"
    r"a\s+(?:year|yr)\s+(?:ago|earlier|before)|one\s+(?:year|yr)\s+(?:ago|earlier)", re.I)
PREVIOUS = patterns.compile(
    r"(?:月度?|季度?|周)?\s*环比|上期|上一期|较上期|比上期|month[\s-]+(?:over|on)[\s-]+month|quarter[\s-]+(?:over|on)[\s-]+quarter|week[\s-]+(?:over|on)[\s-]+week|"
    r"(?<![a-z])mom(?![a-z])|(?<![a-z])qoq(?![a-z])|\bwow\b|previous\s+period|prior\s+period|period[\s-]+over[\s-]+period|sequential(?:ly)?", re.I)
#: "versus the month before", "和前一个月比": the previous period, named beside a change word
PREVIOUS_NAMED = patterns.compile(
    r"(?<=vs\s)(?:the\s+)?(?:last|previous|prior)(?:\s+one)?\b(?!\s+(?:year|yr|month|quarter|week|day|\d))|"  # "this quarter vs last"
    r"(?<=vs\.\s)(?:the\s+)?(?:last|previous|prior)(?:\s+one)?\b(?!\s+(?:year|yr|month|quarter|week|day|\d))|"
    r"(?<=versus\s)(?:the\s+)?(?:last|previous|prior)(?:\s+one)?\b(?!\s+(?:year|yr|month|quarter|week|day|\d))|"
    r"(?:the\s+)?(?:month|quarter|year|week)\s+(?:before|prior)\b|(?:the\s+)?(?:previous|prior|preceding)\s+(?:one|month|quarter|year|week)\b|"
    r"(?:the\s+)?(?:\d+|thirty|seven|ninety)\s+days\s+(?:before|prior\s+to)\s+(?:that|it|those|then)\b|"  # "versus the 30 days before that"
    r"(?:再往前|往前|再前)一?(?:个月|月|个季度|季度|季|年|周)|前一(?:个月|月|个季度|季度|季|年|周)|"
    r"(?:再往前|往前|再前)\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:天|日)", re.I)
CHANGE = patterns.compile(
    r"增长|增加|增幅|涨幅|降幅|下降|下滑|减少|增减|上升|上涨|下跌|涨了|跌了|升了|降了|高了|低了|变化|变动|变了|多了|少了|多出|少了|差了|差额|差距|(?:相)?差(?:多少|几)|增速|增量|"
    # "比第三季度高多少", "高出几个点", "高（或低）多少": how much higher or lower
    r"[高低多少](?:出|了)?(?:\s*[(（]\s*或[高低多少]\s*[)）])?\s*(?:多少|几个|几|百分之几)|高出|低出|之差|"
    # "现在的AUM总额跟去年年底比": 比 ending the clause, a period set beside
    r"(?<=[底末初年月季度天周])比(?=\s*(?:一下|下|看看|呢|怎么样|如何)?\s*(?:[,，。？?!！]|$))|"
    # "比上个月多还是少", "是涨是跌": which way it went
    r"(?:多|高|涨|增加)(?:了)?还是(?:少|低|跌|掉|降|减少)(?:了)?|(?:是)?涨(?:了)?(?:还是|是)(?:跌|掉|降)|"
    r"\bgrow(?:th|n)?\b|\bgrew\b|\bincreas(?:e|ed|es)\b|\bdecreas(?:e|ed|es)\b|\brise\b|\brose\b|\bfall\b|\bfell\b|\bdrop(?:ped)?\b|"
    r"\bchange[sd]?\b|\bmove[sd]?\b|\bdelta\b|\bdifference\b|\bgo(?:ne)?\s+(?:up|down)\b|\bwent\s+(?:up|down)\b|\bgain(?:ed)?\b|"
    r"(?<![a-z])(?:vs\.?|versus)(?![a-z])|\bcompare[sd]?\b|\bcomparison\b|\b(?:more|fewer|less|higher|lower|bigger|smaller|better|worse)\b(?=.*\bthan\b)|"
    r"\bstack(?:s|ed)?\s+up\b|\bfare[sd]?\b", re.I)
BASELINE_BEFORE = patterns.compile(
    r"(?:比|较|相比于?|相较于?|对比|跟|和|与|同|vs\.?|versus|than|compared?\s+(?:with|to)|relative\s+to|against|from|over)\s*(?:the\s+)?"
    r"(?:(?:at|as\s+of)\s+(?:the\s+)?)?(?:(?:end|close)\s+of\s+(?:the\s+)?)?$",  # "now compared with the end of last year", "now vs at the end of …"
    re.I)
#: a word that only sets two periods side by side, saying neither is the baseline
_SIDE_BY_SIDE = patterns.compile(r"(?:vs\.?|versus)\s*(?:(?:at|as\s+of)\s+)?(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+)?)?", re.I)
SAME_PERIOD_AFTER = patterns.compile(r"\s*(?:的)?\s*同期")
SAME_PERIOD_BEFORE = patterns.compile(r"\bsame\s+(?:period|quarter|month|week|time|days)s?\s+(?:in|of)\s+$", re.I)
JOINED = patterns.compile(r"(?:和|跟|与|同)\s*", re.I)
_COMPARE_VERB = patterns.compile(r"(?:对比|比较)\s*(?:一下|下)?\s*", re.I)
SPLIT = patterns.compile(r"\s*(?:到|至|~|–|—|-|\bto\b|\bthrough\b|\buntil\b)\s*", re.I)


@dataclass(frozen=True)
class Comparison:
    compare: Compare
    current: TimeMatch | None
    spans: tuple[tuple[int, int], ...]


def _year_ago_or_previous(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans = [m.span() for m in YEAR_AGO.finditer(text)]
    if spans:
        return "year_ago", spans
    return "previous", [m.span() for m in PREVIOUS.finditer(text)]


def _split_range(t: TimeMatch, as_of: date) -> tuple[TimeMatch, TimeMatch] | None:
    """"from Oct to Nov 2025" in a comparison: the two ends, not the range between them."""
    parts = SPLIT.split(re.sub(r"^\s*(?:from|从|自|between)\s+", "", t.text, flags=re.I), maxsplit=1)
    if len(parts) != 2:
        return None
    right = find_time_ranges(parts[1], as_of)
    left = find_time_ranges(("in " if not re.search(r"[\u4e00-\u9fff]", parts[0]) else "") + parts[0], as_of)
    if not left or not right:
        return None
    lo, hi = left[0], right[0]
    if not re.search(r"(?:19|20)\d{2}", parts[0]) and lo.start.year != hi.start.year:
        try:  # "Oct to Nov 2025": the year is the right end's
            lo = TimeMatch(lo.start.replace(year=hi.start.year), lo.end.replace(year=hi.start.year), lo.span, lo.text, lo.label_zh, lo.label_en, lo.kind)
        except ValueError:
            return None
    return lo, hi


#: "from (the end of) Dec 2024 to (the end of) Dec 2025", "从去年底到今年底": two periods, the first the baseline
_FROM = patterns.compile(r"(?:\bfrom|从|自|由)\s*(?:the\s+)?(?:(?:end|close|start|beginning)\s+of\s+(?:the\s+)?)?$", re.I)
_TO = patterns.compile(r"\s*(?:的)?(?:月末|月底|年末|年底|末|底|初)?\s*(?:\bto|\buntil|\bthrough|到|至|~|–|—)\s*(?:the\s+)?"
                       r"(?:(?:end|close|start|beginning)\s+of\s+(?:the\s+)?)?", re.I)


def _from_to(text: str, times: list[TimeMatch]) -> tuple[TimeMatch, TimeMatch] | None:
    """Two periods said as "from A to B" (not one range found as one): A is the baseline, B the period asked."""
    ordered = sorted(times, key=lambda t: t.span[0])
    for lo, hi in itertools.pairwise(ordered):
        if _FROM.search(text[max(0, lo.span[0] - 24):lo.span[0]]) and _TO.fullmatch(text[lo.span[1]:hi.span[0]]):
            return lo, hi
    return None


#: the same figure asked again for a second period: "…, and what was it for 2024?", "…，2024年的呢"
_ASKED_AGAIN = patterns.compile(r"[,;，；?？]\s*(?:and\s+|but\s+)?(?:what\s+(?:was|is|were|about)\s+(?:it|that|the\s+same|they)?\s*(?:for|in|during|over)?|"
                                r"how\s+about|and\s+(?:for|in|during))\s*(?:the\s+)?$|[,，;；?？]\s*(?:那|那么|而|以及|还有)?\s*$", re.I)
_ASKED_AGAIN_AFTER_ZH = patterns.compile(r"\s*(?:的)?\s*(?:呢|又是多少|是多少|又如何)")


def _between_values(frame: Frame, span: tuple[int, int]) -> bool:
    """"funds vs wealth-management products": "vs" between two values compares groups, not periods."""
    if not re.fullmatch(r"vs\.?|versus", frame.text[span[0]:span[1]].strip(), re.I):
        return False
    before = any(0 <= span[0] - h.mention.end <= 2 for h in frame.values)
    after = any(0 <= h.mention.start - span[1] <= 9 and re.fullmatch(r"\s*(?:the\s+)?(?:non-?\s*|not\s+|非)?", frame.text[span[1]:h.mention.start], re.I)
                for h in frame.values)
    # ("Payroll vs non-payroll customers": one field's two sides, read as its breakdown)
    sides = [(a, b) for a in frame.mentions for b in frame.mentions if 0 <= span[0] - a.end <= 2 and 0 <= b.start - span[1] <= 2
             and {e.target for e in a.entries} & {e.target for e in b.entries}]
    return before and after or bool(sides)


def _figure_said_twice(frame: Frame, earlier: tuple[int, int], later: tuple[int, int]) -> str:
    """The words between two periods, less the figure's name when the same figure is named again after
    the second ("这个月放款笔数和上个月的放款笔数分别是多少": the two periods of one figure)."""
    text = frame.text
    gap = re.fullmatch(r"(.{2,12}?)\s*(和|跟|与|同|及|\band\b|\bvs\.?)\s*", text[earlier[1]:later[0]], re.I)
    if gap is not None and text.startswith(gap.group(1), later[1]):
        return gap.group(2)  # "2024年开始的活动和2025年开始的活动": the same words after each period — two periods of one thing
    between = [m for m in frame.mentions if earlier[1] <= m.start and m.end <= later[0]]
    after = [m for m in frame.mentions if m.start >= later[1]]
    said = {e.target for m in between for e in m.of_kind("metric")}
    if not between or not all(m.of_kind("metric") for m in between) or not said \
            or said != {e.target for m in after for e in m.of_kind("metric")}:
        return text[earlier[1]:later[0]]
    out = text[earlier[1]:later[0]]
    for m in sorted(between, key=lambda m: -m.start):
        out = out[:m.start - earlier[1]] + out[m.end - earlier[1]:]
    return out


def find_comparison(frame: Frame, as_of: date) -> Comparison | None:
    """The comparison the question asks for, if it asks for one."""
    text = frame.text
    to, cue_spans = _year_ago_or_previous(text)
    if to == "year_ago" and (both := PREVIOUS.search(text)):  # "环比、同比各是多少": two comparisons — one is answered per question
        frame.unread.append(both.group(0))
    change = [m.span() for m in CHANGE.finditer(text) if not _between_values(frame, m.span())]
    if not cue_spans and (change or re.search(r"[和跟与同较]\s*(?:前一|再往前|往前|再前).{0,6}(?:比|相比|对比|比较)", text)):
        cue_spans = [m.span() for m in PREVIOUS_NAMED.finditer(text)]
        change += [m.span() for m in re.finditer(r"(?<=[月季年周度天日])\s*(?:相比|对比|比较|比)", text)] if cue_spans else []
    if not (cue_spans or change) and len(frame.times) == 2:  # "本季度…和上季度比怎么样": a period set beside 比
        earlier, later = sorted(frame.times, key=lambda t: t.span[0])
        verb = re.match(r"\s*(?:相比|对比|比较|比)", text[later.span[1]:])
        gap = text[earlier.span[1]:later.span[0]]
        if verb and re.search(r"[和跟与同]\s*$", text[:later.span[0]]):
            change = [(later.span[1], later.span[1] + verb.end())]
        elif _ASKED_AGAIN.search(gap) and (not re.search(r"[\u4e00-\u9fff]", gap) or _ASKED_AGAIN_AFTER_ZH.match(text, later.span[1])):
            # "the approval rate for 2025, and what was it for 2024?", "2025年的通过率是多少，2024年的呢": one figure, two periods
            found = _ASKED_AGAIN.search(gap)
            assert found is not None
            change = [(earlier.span[1] + found.start(), earlier.span[1] + found.end())]
        elif re.fullmatch(r"\s*(?:和|跟|与|同|及|、|and)\s*", re.sub(r"[(（][^()（）]*[)）]", "", _figure_said_twice(frame, earlier.span, later.span)), re.I):
            # (a bracket telling the first period again stands between them: "H1 2025 (1 Jan–30 Jun) and H2 2025")
            # "这个季度和上个季度的放款笔数对比一下": two periods side by side, compared later on
            # "今年上半年跟下半年…各是多少": each of the two, side by side, is a comparison too
            change = [m.span() for m in re.finditer(r"对比|比较|相比|比一比|比比|比一下|比下|各是多少|各有多少|各多少|各(?=[\u4e00-\u9fff]{1,6}?(?:多少|几))|分别|"
                                                    r"\brespectively\b|\beach\b", text[later.span[1]:], re.I)]
            change = [(later.span[1] + a, later.span[1] + b) for a, b in change]
            # "请对比2025年第三季度与第四季度的…", "compare Q3 and Q4 …": the comparison said before the two
            # "请分别统计2024年和2025年的放款笔数": each of the two, said before them
            before = re.search(r"(?:对比|比较|比一比|比比|\bcompare|分别(?:统计|看看|看|算|计算|列出|列示|列明|列一下|给出|提供|展示|报告|报|查询|查|拉)?)\s*(?:一下|下)?\s*$",
                               text[:earlier.span[0]], re.I)
            change += [before.span()] if before else []
    if not (cue_spans or change):
        return None
    times = [t for t in frame.times if not any(s <= t.span[0] < e for s, e in cue_spans)]  # 去年 inside 去年同期
    # "2024年和2025年的…？2025年同比增长率": a period named again is the same period
    times = [t for i, t in enumerate(times) if not any((x.start, x.end) == (t.start, t.end) for x in times[:i])]
    # ("month over month, how did … move from November to December": the two ends are the months compared)
    if len(times) == 1 and times[0].kind == "range" and change and (not cue_spans or to == "previous"):
        ends = _split_range(times[0], as_of)
        if ends is not None:
            lo, hi = ends
            return Comparison(Compare(to="previous", baseline=TimeRange(start=lo.start, end=lo.end)), hi,
                              tuple(cue_spans) + tuple(change) + (times[0].span,))
    same = [t for t in times if SAME_PERIOD_AFTER.match(text[t.span[1]:]) or SAME_PERIOD_BEFORE.search(text[max(0, t.span[0] - 30):t.span[0]])]
    if len(times) == 2 and len(same) == 1 and same[0].start.month == 1 and same[0].end.month == 12 and same[0].start.year == same[0].end.year \
            and (to == "year_ago" or SAME_PERIOD_BEFORE.search(text[max(0, same[0].span[0] - 30):same[0].span[0]])):
        # ("Mar–May 2025 vs the same months in 2024": those months of 2024)
        # "2025年三季度…和2024年同期相比": the same quarter of 2024, not the whole year
        current = next(t for t in times if t is not same[0])
        years = current.start.year - same[0].start.year
        try:
            pinned = TimeRange(start=current.start.replace(year=current.start.year - years), end=current.end.replace(year=current.end.year - years))
        except ValueError:  # 29 February
            pinned = None
        if pinned is not None:
            return Comparison(Compare(to="year_ago", baseline=pinned), current, tuple(cue_spans) + tuple(change) + tuple(t.span for t in times))
    if (ends := _from_to(text, times)) is not None:
        # "the increase from end of Dec 2024 to end of Dec 2025": the period after "from" is the baseline, whatever
        # other period is said beside them ("grew the most over 2025")
        lo, hi = ends
        return Comparison(Compare(to=to, baseline=TimeRange(start=lo.start, end=lo.end)), hi,
                          tuple(cue_spans) + tuple(change) + tuple(t.span for t in times))
    marked = [(t, BASELINE_BEFORE.search(text[max(0, t.span[0] - 28):t.span[0]])) for t in times]
    baseline = next((t for t, m in marked if m), None)
    if len(times) == 2 and baseline is not None and all(m is None or JOINED.fullmatch(m.group(0)) or i == 0 and _COMPARE_VERB.fullmatch(m.group(0))
                                                        for i, (_, m) in enumerate(sorted(marked, key=lambda x: x[0].span[0]))):
        # "上个月和这个月比较一下": "and" only joins the two; "请对比2025年12月与11月": the verb before both —
        # the earlier one is the baseline
        baseline = None
    said = next((m for t, m in marked if t is baseline), None)
    if baseline is not None and len(times) == 2 and said is not None and _SIDE_BY_SIDE.fullmatch(said.group(0)):
        baseline = None  # "Nov 2025 vs Dec 2025", "end of June vs end of December": two periods set side by side, the earlier first
    if baseline is None and len(times) == 2 and (change or cue_spans):
        baseline = min(times, key=lambda t: t.start)
    current = next((t for t in times if t is not baseline), None)
    if baseline is None and not cue_spans:
        return None  # "增长" with one period and nothing to compare with is not a comparison
    pinned = TimeRange(start=baseline.start, end=baseline.end) if baseline is not None else None
    spans = tuple(cue_spans) + tuple(change) + tuple(t.span for t in times)
    return Comparison(Compare(to=to, baseline=pinned), current, spans)  # type: ignore[arg-type]
