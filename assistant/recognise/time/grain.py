"""Time grain words: 按月/每月/monthly → "month"; trend words default to "month".

``月均``/``日均`` (averages) are not grains. Grain words that qualify a metric
rather than the breakdown (``每月收入``, ``per month``) are a known gap, except
for the explicit ``… active`` (MAU/DAU) exclusion.
"""

from __future__ import annotations

import re

from assistant import patterns
from assistant.recognise.text import words

_ZH_PREFIXES = ("按", "每", "逐", "分", "各", "每个", "每一", "按照",
                "哪个", "哪一个", "哪几个", "哪些", "哪一", "哪两个", "哪三个", "哪四个", "哪五个", "哪2个", "哪3个", "哪4个", "哪5个")  # "哪个月放款最多": the months ranked


def _zh(*nouns: str) -> tuple[str, ...]:
    return tuple(prefix + noun for prefix in _ZH_PREFIXES for noun in nouns)


def _en(*phrases: str) -> str:
    return words(*phrases, sep=r"[\s-]{1,3}") + r"(?![\s-]{1,3}(?:active|end|ends|start)\b)"


#: grain → (Chinese words, extra Chinese regexes, English phrases)
GRAIN_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "day": (
        _zh("天", "日", "日期") + ("逐日", "日度"),
        (),
        ("daily", "by day", "per day", "each day", "which day", "which days", "what day", "for every day", "day by day", "by date", "day over day"),
    ),
    "week": (
        _zh("周", "星期") + ("周度",),
        (),
        ("weekly", "by week", "per week", "each week", "which week", "which weeks", "what week", "for every week", "week by week", "week over week"),
    ),
    "month": (
        tuple(w for w in _zh("月", "月份", "个月") if w not in ("按月", "按照月")),
        # "按月末时点余额算": the month-end basis of a figure, not a split by month ("每月末" still is one)
        ("月(?<![本上当这]月)度", "按(?:照)?月(?!末|底|初|均|日均)",
         "[十1][二2](?:(?<=[年\\s]十二)|(?<=[年\\s]12)|(?<=年的十二)|(?<=年的12))(?<![≥≤<>=]\\s12)\\s*个\\s*月(?=\\s{0,2}(?:的|分别|各|里|中|每))"),
        ("monthly", "by month", "per month", "each month", "which month", "which months", "what month", "for every month", "each month end", "every month end", "month by month", "month over month"),
    ),
    "quarter": (
        _zh("季", "季度", "个季度"),
        ("季(?<![本上当这第一二三四1-4]季)度(?=\\s{0,2}(?:趋势|走势|变化|分布|对比|环比|同比|数据|统计|报表))",
         # "今年四个季度的通过率分别是多少": each of the year's four quarters
         "[四4](?:(?<=[年\\s][四4])|(?<=年的[四4]))(?<![≥≤<>=]\\s[四4])\\s*个\\s*季度(?=\\s{0,2}(?:的|分别|各|里|中|每))"),
        ("quarterly", "by quarter", "per quarter", "each quarter", "which quarter", "which quarters", "what quarter", "for every quarter", "each quarter end", "every quarter end", "quarter by quarter",
         "quarter over quarter"),
    ),
    "year": (
        ("逐年",),
        (
            "(?:" + "|".join(_zh("年", "个年")) + ")(?!龄|均|化|利率|初|末|底|以来|至今)",
            "年(?<![\\d〇零一二三四五六七八九本今去上前明当]年)度(?=\\s{0,2}(?:趋势|走势|变化|分布|对比|数据|统计|报表))",
        ),
        ("yearly", "annually", "by year", "per year", "each year", "which year", "which years", "what year", "for every year", "each year end", "every year end", "year by year",
         "year over year"),
    ),
}  # fmt: skip
_TREND = (
    patterns.compile("趋势|走势|变化情况|变动情况"),
    patterns.compile(_en("trend", "trends", "trending", "trended", "over time")),
)


def _compile(grain: str) -> list[tuple[re.Pattern[str], str]]:
    chinese, extra, english = GRAIN_WORDS[grain]
    literal = "|".join(sorted(chinese, key=len, reverse=True))
    return [
        (patterns.compile(p), grain) for p in ((literal,) if literal else ()) + extra + (_en(*english),)
    ]


_GRAINS = tuple(pair for grain in GRAIN_WORDS for pair in _compile(grain))


#: "for the weekly deck", "月报要用": a grain word naming a report, not how to split the answer
_REPORT_AFTER = patterns.compile(r"^\s*(?:deck|report|meeting|review|update|sync|slides?|presentation|newsletter|email|stand-?up|call|huddle)\b|^(?:报|会|例会|汇报)", re.I)


#: the grain word and the report it names: said, but no breakdown
REPORT_NAME = patterns.compile(r"\b(?:daily|weekly|monthly|quarterly|yearly|annual)\s+(?:deck|report|meeting|review|update|sync|slides?|presentation|"
                         r"newsletter|email|stand-?up|call|huddle)\b|[日周月季年]报|[周月]会|周例会|月度汇报|季度汇报", re.I)


_EACH_OF = patterns.compile(r"each\s+of\s+(?:the\s+)?(?=(?:last|past|previous|prior|recent|first|final|next)\s+(?:[\w-]+\s+)?"
                      r"(day|week|month|quarter|year)s?\b)")


#: "over the last 6 month-ends", "近6个月月末": the ends of several units, each one a row
_ENDS_OF = patterns.compile(r"(?:last|past|previous|prior|recent)\s+(?:[\w-]+\s+)?(month|quarter|year)[\s-]*(ends)\b|"
                            r"(?:近|最近|过去)[\d一二三四五六七八九十两]+个?(月|季度)(?:的)?(月末|月底|季末|季度末)")
_ENDS_GRAIN = {"月": "month", "季度": "quarter"}


def find_each_of(norm: str) -> tuple[str, tuple[int, int]] | None:
    """"for each of the last 3 months", "in each of the past two quarters": one row per unit of
    the period that follows; the span covers "each of (the)" only, the period is read as a time.
    "over the last 6 month-ends": the ends said in the plural, one row each (the span: "ends")."""
    match = _EACH_OF.search(norm)
    if match:
        return match.group(1), match.span()
    ends = _ENDS_OF.search(norm)
    if ends is None:
        return None
    if ends.group(1):
        return ends.group(1), ends.span(2)
    return _ENDS_GRAIN[ends.group(3)], ends.span(4)


def find_grain(norm: str) -> tuple[str, tuple[int, int]] | None:
    """Leftmost explicit grain; else ``("month", span)`` of a trend word; else ``None``."""
    best: tuple[str, tuple[int, int]] | None = None
    for pattern, grain in _GRAINS:
        match = pattern.search(norm, 0, best[1][0] + 1 if best else len(norm))
        if match and _REPORT_AFTER.match(norm[match.end():]):
            continue
        if match and (best is None or match.start() < best[1][0]):
            best = (grain, match.span())
    if best is not None:
        return best
    trends = [m for p in _TREND if (m := p.search(norm))]
    return ("month", min(trends, key=lambda m: m.start()).span()) if trends else None
