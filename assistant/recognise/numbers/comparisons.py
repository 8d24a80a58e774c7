"""Comparisons: ``至少10次``, ``AUM超过50万``, ``30岁以上``, ``between 10 and 20``.

Keywords live in tables (operator → phrases). The scan is anchored on number
mentions: for each number we look a few characters back for a keyword (超过 50万),
forward for a unit and keyword (30岁 以上), and to the next number for a range
(30 到 40岁). Values come back in base units (元; percentages as fractions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import patterns
from assistant.recognise.numbers.mentions import Mention, numbers_said
from assistant.recognise.text import normalize, select_spans, words


@dataclass(frozen=True)
class Comparison:
    """One comparison: ``op`` is ``>=``, ``>``, ``<=``, ``<``, ``=`` or ``between``."""

    op: str
    value: float
    value2: float | None
    span: tuple[int, int]
    text: str
    is_percent: bool


#: keyword placed before the number → operator
PREFIX_OPS: dict[str, tuple[str, ...]] = {
    ">=": (
        "大于等于", "大于或等于", "不少于", "不低于", "不小于", "至少", "起码", "最少", "最低", "满",
        "at least", "no less than", "not less than", "no fewer than", "not fewer than",
        "a minimum of", "minimum of", "minimum", "min", "≥", ">=", "=>",
    ),
    ">": (
        "超过", "超出", "多于", "大于", "高于", "不止", "逾",
        "more than", "greater than", "higher than", "larger than", "bigger than",
        "in excess of", "exceeding", "exceeds", "over", "above", "older than", "longer than", ">",
    ),
    "<=": (
        "小于等于", "小于或等于", "不超过", "不多于", "不高于", "不大于", "最多", "至多", "顶多",
        "最高", "at most", "no more than", "not more than", "no greater than",
        "not greater than", "no higher than", "up to", "a maximum of", "maximum of",
        "maximum", "max", "≤", "<=", "=<",
    ),
    "<": (
        "少于", "低于", "小于", "不到", "不足", "未满", "未达到", "未达",
        "less than", "fewer than", "lower than", "smaller than", "under", "below", "younger than", "shorter than", "<",
    ),
    "=": ("等于", "恰好", "正好", "equal to", "equals", "exactly", "==", "="),
}  # fmt: skip

#: keyword placed after the number and its unit → operator. 以上 is inclusive (60岁以上 = 60+);
#: a bare 以下 reads as "under" (30岁以下 = younger than 30), as analysts write it; 及以下 includes it.
SUFFIX_OPS: dict[str, tuple[str, ...]] = {
    ">": ("以上(不含)", "(不含)以上"),
    "<": ("以下(不含)", "(不含)以下", "以下", "不到", "未满"),
    ">=": (
        "及以上", "或以上", "以上(含)", "(含)以上", "以上", "起",
        "or more", "and more", "or above", "and above", "and up", "or higher", "and higher",
        "or greater", "or older", "and older", "or over", "and over", "plus", "+",
    ),
    "<=": (
        "及以下", "或以下", "以下(含)", "(含)以下", "以内", "之内",
        "or less", "or fewer", "and less", "and fewer", "and below", "or below",
        "and under", "or under", "or lower", "or younger", "and younger",
    ),
}  # fmt: skip

#: measure words that may follow the number
MEASURES: tuple[str, ...] = (
    "万元", "亿元", "元", "块钱", "块", "人民币", "周岁", "岁", "年期", "个月期", "月期", "个月", "人次", "人", "个", "户",
    "笔", "次", "天", "日", "名", "位", "家", "张", "单", "倍", "年", "分",
    "years old", "years", "year", "yrs", "days", "day", "times", "months", "month",
    "yuan", "rmb", "cny", "customers", "customer", "people", "accounts", "transactions", "logins",
    "points", "point", "stars", "star",
)  # fmt: skip


def _alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """Longest-first alternation; ASCII-letter phrases get letter boundaries. Ties keep a
    fixed order, so the pattern's text is the same every run (``patterns`` keys it by text)."""
    latin = [p for p in phrases if p[:1].isalpha() and p.isascii()]
    other = sorted({re.escape(p) for p in phrases if p not in latin}, key=lambda p: (-len(p), p))
    parts = ([words(*latin)] if latin else []) + other
    return "(?:" + "|".join(parts) + ")"


def _table(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {phrase: op for op, phrases in table.items() for phrase in phrases}


_PREFIX_OP = _table(PREFIX_OPS)
_SUFFIX_OP = _table(SUFFIX_OPS)
_WINDOW = 24
#: a currency written before the amount: "more than CNY 200,000", "超过¥5万"
_CURRENCY_BEFORE = r"(?:(?:cny|rmb|¥|￥|yuan|人民币)\s{0,2})?"
_PREFIX_RE = patterns.compile(
    rf"(?P<kw>{_alternation([p for ps in PREFIX_OPS.values() for p in ps])})"
    rf"\s{{0,3}}(?:了|是|为|:)?\s{{0,3}}{_CURRENCY_BEFORE}$"
)
_CURRENCY_TAIL = patterns.compile(r"(?:cny|rmb|¥|￥|yuan|人民币)\s{0,2}$")
_AFTER_RE = patterns.compile(
    rf"(?P<u>\s{{0,3}}{_alternation(MEASURES)})?"
    rf"(?:\s{{0,3}}(?P<kw>{_alternation([p for ps in SUFFIX_OPS.values() for p in ps])}))?"
)
_CONNECTOR_RE = patterns.compile(r"\s{0,3}(?P<c>到|至|和|与|-|~|–|—|" + words("and", "to") + r")\s{0,3}")
_BETWEEN_PRE_RE = patterns.compile(r"(?P<pre>介于|在|从|" + words("between", "from") + r")\s{0,3}$")
_BETWEEN_POST_RE = patterns.compile(r"\s{0,3}(?:之间|之内|范围内|区间内|区间)")
_DATE_AFTER = patterns.compile(r"[年月日号季周/]|[.:][0-9]")  # "10:30" is a time, "500k:" no date
_DATE_TAIL = patterns.compile(r"[-/.:][0-9]")
_DATE_BEFORE = patterns.compile(r"[0-9][-/.:]$")
_TRAILING_SCALE = patterns.compile(r"(千万|百万|万|萬|亿|億|千|百)$")
_SCALE = {
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "千": 1e3,
    "百": 100,
}


# Cheap one-character gates in front of the regexes (most numbers have no keyword).
_PREFIX_LAST = frozenset(p[-1] for ps in PREFIX_OPS.values() for p in ps)
_AFTER_FIRST = frozenset(p[0] for p in MEASURES) | frozenset(
    p[0] for ps in SUFFIX_OPS.values() for p in ps
)
_CONNECTOR_FIRST = frozenset("到至和与-~–—at")
_CONNECTOR_LAST = frozenset("到至和与-~–—do")


def _next_char(norm: str, pos: int) -> str:
    return norm[pos : pos + 4].lstrip()[:1]


def _prev_char(norm: str, pos: int) -> str:
    before = norm[max(0, pos - 12) : pos].rstrip()
    before = _CURRENCY_TAIL.sub("", before).rstrip()
    if before[-1:] in ("了", "是", "为", ":"):
        before = before[:-1].rstrip()
    return before[-1:]


@dataclass(frozen=True)
class _Anchor:
    """A number mention plus the unit and suffix keyword right after it."""

    mention: Mention
    unit: str
    unit_end: int  # end of number + unit
    suffix: re.Match[str] | None


def _looks_like_year(mention: Mention) -> bool:
    raw = mention.raw.strip()
    return raw.isdigit() and len(raw) == 4 and 1900 <= mention.parts.value <= 2100


def _anchor(norm: str, mention: Mention) -> _Anchor | None:
    """Attach unit and suffix; ``None`` if the number is part of a date (2025年, 3月, 03-15)."""
    start, end = mention.span
    after = _AFTER_RE.match(norm, end) if _next_char(norm, end) in _AFTER_FIRST else None
    unit = (after["u"] or "").strip() if after else ""
    if not unit and _DATE_AFTER.match(norm, end):
        return None
    if unit == "年" and _looks_like_year(mention):
        return None
    unit_end = after.end("u") if after and after["u"] else end
    return _Anchor(mention, unit, unit_end, after)


def _key(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase)


def _single(text: str, anchor: _Anchor, op: str, start: int, end: int) -> Comparison:
    parts = anchor.mention.parts
    return Comparison(op, parts.value, None, (start, end), text[start:end], parts.percent != 1)


#: "贷款余额为0", "登录天数是0": a number right after 为/是 is the value itself
_EQUALS_BEFORE = patterns.compile(r"(?<![以认因成作])(?:为|是)\s{0,2}$")


_ONCE = patterns.compile(r"(?:一|1)\s*(?:次|回|笔)")
#: "至少登录过1天", "超过买了3次": the bound said before the verb of what is counted
_PREFIX_BEFORE_VERB_RE = patterns.compile(r"(?P<kw>至少|起码|最少|不少于|超过|多于|不止|少于|不到|不足|不超过|最多|至多)\s{0,2}[\u4e00-\u9fff]{1,3}?[过了]\s{0,2}$")


def _prefixed(norm: str, text: str, anchor: _Anchor) -> Comparison | None:
    start = anchor.mention.span[0]
    if _prev_char(norm, start) in "过了" and not _ONCE.match(norm, start) \
            and (said := _PREFIX_BEFORE_VERB_RE.search(norm, max(0, start - 9), start)) is not None:  # ("至少登录过一次": once, read as such)
        return _single(text, anchor, _PREFIX_OP[_key(said["kw"])], start, anchor.unit_end)
    if _prev_char(norm, start) not in _PREFIX_LAST:
        equals = _EQUALS_BEFORE.search(norm, max(0, start - 3), start)
        return _single(text, anchor, "=", equals.start(), anchor.unit_end) if equals else None
    found = _PREFIX_RE.search(norm, max(0, start - _WINDOW), start)
    if found is None:
        return None
    return _single(text, anchor, _PREFIX_OP[_key(found["kw"])], found.start(), anchor.unit_end)


def _suffixed(norm: str, text: str, anchor: _Anchor) -> Comparison | None:
    keyword = anchor.suffix["kw"] if anchor.suffix else None
    if (
        anchor.suffix is None
        or keyword is None
        or (not anchor.unit and _looks_like_year(anchor.mention))
    ):
        return None
    if keyword == "+" and re.match(r"[0-9]", norm[anchor.suffix.end() : anchor.suffix.end() + 1]):
        return None  # 1+1
    if re.match(r"(?:and|or)\b", keyword) and _NUMBER_NEXT.match(norm, anchor.suffix.end()):
        return None  # "over 30 and under 50": "and under" starts the next bound, it is no "30 and under"
    return _single(
        text, anchor, _SUFFIX_OP[_key(keyword)], anchor.mention.span[0], anchor.suffix.end()
    )


_NUMBER_NEXT = patterns.compile(r"\s{0,3}(?:cny|rmb|¥|￥)?\s{0,2}[0-9一二三四五六七八九十两]")


def _scale_of(mention: Mention) -> float:
    """What ``1到5万`` lends its first number: trailing 万 × multiplier × percent."""
    found = _TRAILING_SCALE.search(mention.raw.strip())
    parts = mention.parts
    return (_SCALE[found.group(1)] if found else 1.0) * parts.multiplier * parts.percent


def _between(norm: str, text: str, first: _Anchor, second: _Anchor) -> Comparison | None:
    a, b = first.mention, second.mention
    if _next_char(norm, first.unit_end) not in _CONNECTOR_FIRST:
        return None
    connector = _CONNECTOR_RE.fullmatch(norm, first.unit_end, b.span[0])
    if connector is None or _looks_like_year(a) or _looks_like_year(b):
        return None
    if _DATE_BEFORE.search(norm, max(0, a.span[0] - 2), a.span[0]):
        return None  # 2025-03-15 is a date, not 03 to 15
    if not second.unit and _DATE_TAIL.match(norm, b.span[1]):
        return None
    pre = _BETWEEN_PRE_RE.search(norm, max(0, a.span[0] - _WINDOW), a.span[0])
    post = _BETWEEN_POST_RE.match(norm, second.unit_end)
    conn, pre_word = _key(connector["c"]), _key(pre["pre"]) if pre else ""
    if conn in ("和", "与", "and") and not (pre_word in ("介于", "在", "between") or post):
        return None
    if pre_word == "from" and conn != "to":
        pre = None
    low, high = a.parts.value, b.parts.value
    scale = _scale_of(b)
    if _scale_of(a) == 1.0 and scale != 1.0 and a.parts.core <= b.parts.value / scale:
        low = a.parts.core * scale  # 1到5万 → 1万到5万, 10-20% → 10%-20%
    if low > high:
        if not (pre or post) and conn in ("-", "~", "–", "—"):
            return None  # 2025-03, 10-5: not a range of values
        low, high = high, low
    start = pre.start() if pre else a.span[0]
    end = post.end() if post else second.unit_end
    percent = a.parts.percent != 1 or b.parts.percent != 1
    return Comparison("between", low, high, (start, end), text[start:end], percent)


def _bounds_each_said(norm: str, text: str, first: _Anchor, second: _Anchor) -> list[Comparison]:
    """"10万元(含)到30万元(不含)": a range whose ends each say whether they are in — one comparison per end
    (a range keeps both ends; a half-open one is two conditions)."""
    low_said = _BOUND_AFTER.match(norm, first.unit_end)
    if low_said is None or low_said["n"]:
        return []
    connector = _CONNECTOR_RE.match(norm, low_said.end())
    if connector is None or connector.end() != second.mention.span[0] or _key(connector["c"]) in ("和", "与", "and"):
        return []
    high_said = _BOUND_AFTER.match(norm, second.unit_end)
    low, high = first.mention.parts.value, second.mention.parts.value
    if _scale_of(first.mention) == 1.0 and (scale := _scale_of(second.mention)) != 1.0 and first.mention.parts.core <= high / scale:
        low = first.mention.parts.core * scale  # 10(含)到30万 → 10万
    if low > high:
        return []
    out = lambda said: bool(said) and said["kw"].lower().startswith(("不", "ex", "not"))  # noqa: E731
    pre = _BETWEEN_PRE_RE.search(norm, max(0, first.mention.span[0] - _WINDOW), first.mention.span[0])
    start = pre.start() if pre else first.mention.span[0]
    end = high_said.end() if high_said else second.unit_end
    percent = first.mention.parts.percent != 1 or second.mention.parts.percent != 1
    return [Comparison(">" if out(low_said) else ">=", low, None, (start, connector.end()), text[start:connector.end()], percent),
            Comparison("<" if out(high_said) else "<=", high, None, (second.mention.span[0], end), text[second.mention.span[0]:end], percent)]


def find_comparisons(text: str) -> list[Comparison]:
    """All comparisons in ``text``, non-overlapping (longest wins), in text order.

    >>> [(c.op, c.value) for c in find_comparisons("AUM超过50万")]
    [('>', 500000.0)]
    """
    if not isinstance(text, str):
        return []
    norm = normalize(text)
    mentions = [m for m in numbers_said(norm) if _may_compare(norm, m)]
    anchors = [a for m in mentions if (a := _anchor(norm, m)) is not None]
    found: list[Comparison] = []
    for i, anchor in enumerate(anchors):
        for candidate in (_prefixed(norm, text, anchor), _suffixed(norm, text, anchor)):
            if candidate is not None:
                found.append(candidate)
        if i + 1 < len(anchors):
            ranged = _between(norm, text, anchor, anchors[i + 1])
            if ranged is not None:
                found.append(ranged)
            found += _bounds_each_said(norm, text, anchor, anchors[i + 1])
    found += [Comparison(">", 0.0, None, m.span(), text[m.start():m.end()], False) for m in _POSITIVE.finditer(norm)]
    return [_bound_said(norm, text, c) for c in select_spans(found, lambda c: c.span, lambda c: 0 if c.op == "between" else 1)]


#: above zero with no number: "a positive wealth balance", "non-zero deposits", "理财余额为正"
_POSITIVE = patterns.compile(r"\b(?:positive|non-?zero)\b(?=\s+[a-z])|(?:为|是)正(?:数|值|的)?(?![\u4e00-\u9fff]{0,1}(?:常|确|式|在|好))")


#: the bound said again in brackets: "至少30万元（含30万）", "超过5笔(不含5笔)", "over 100k (inclusive)"
_BOUND_AFTER = patterns.compile(r"\s?[(（]\s*(?P<kw>含|包含|包括|包括在内|含本数|不含|不包含|不包括|"
                                r"inclusive|including|incl\.?|exclusive|excluding|excl\.?|not\s+included)\s*"
                                r"(?P<n>[0-9][0-9,.]*\s*(?:万元|万|亿元|亿|元|k|m|笔|次|天|岁|个|人|分)?)?\s*(?:在内|本数)?\s*[)）]", re.I)
_INCLUSIVE = {">": ">=", "<": "<="}
_EXCLUSIVE = {">=": ">", "<=": "<"}


def _bound_said(norm: str, text: str, c: Comparison) -> Comparison:
    """A bracket right after a one-sided comparison saying whether its number is in ("（含30万）") reads with it."""
    said = _BOUND_AFTER.match(norm, c.span[1]) if c.op in (">", ">=", "<", "<=") else None
    if said is None:
        return c
    if said["n"]:
        number = numbers_said(said["n"])
        if len(number) != 1 or number[0].parts.value != c.value and number[0].parts.core != c.value:
            return c  # another number: not this bound
    out = said["kw"].lower().startswith(("不", "ex", "not"))
    op = (_EXCLUSIVE if out else _INCLUSIVE).get(c.op, c.op)
    return Comparison(op, c.value, c.value2, (c.span[0], said.end()), text[c.span[0]:said.end()], c.is_percent)


def _may_compare(norm: str, mention: Mention) -> bool:
    """Cheap test: is there any keyword, unit or connector character next to the number?"""
    start, end = mention.span
    before = _prev_char(norm, start)
    if before in _PREFIX_LAST and not (
        before.isascii() and before.isalpha() and start and norm[start - 1].isalpha()
    ):
        return True
    if before in _CONNECTOR_LAST:
        return True  # the second number of a range
    if _EQUALS_BEFORE.search(norm, max(0, start - 3), start):
        return True  # 余额为0
    after = _next_char(norm, end)
    return after in _AFTER_FIRST or after in _CONNECTOR_FIRST
