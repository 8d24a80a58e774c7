"""Time expressions in bilingual analytics questions, resolved against an as-of date D.

Public API::

    find_time_ranges("上个月各区域的存贷转化率", date(2025, 12, 31))
        → [TimeMatch(start=2025-11-01, end=2025-11-30, text="上个月", kind="month", …)]
    find_time_grain("2025年下半年放款金额按月趋势") → ("month", (12, 14))
    find_as_of("截至2025年6月30日的存款余额") → (date(2025, 6, 30), (0, 12))

Resolution rules (D = as-of date; all bounds inclusive):

* 本月/this month = [first of D's month, D]; a past month is the whole month.
  Likewise 本季度 = [quarter start, D], 今年/this year = [Jan 1, D]; YTD, QTD, MTD
  are the same periods under their own kinds.
* Any period that contains D ends at D (``2025年`` with D = 2025-06-15 is
  2025-01-01 … 2025-06-15); its label then names the dates. Periods wholly after D
  are returned as written.
* 上个月/上季度/去年/前年/上周: the previous calendar month/quarter/year/Monday–Sunday week.
* 近N天/last N days = [D − (N − 1), D]; 近N周/last N weeks = 7N days;
  "past week" = 7 days, whereas "last week" is the previous calendar week.
* 近N个月/last N months = [first day of (D's month − (N − 1)), D]: N calendar months
  ending with D's (possibly partial) month. 近半年 = 6 months; 近一年/past year/last 12
  months = 12 months; 近N个季度 = N quarters ending with D's quarter.
* A month without a year is the latest such month not after D's month (D's year if
  month ≤ D's month, else the year before); a day likewise; a quarter or half
  without a year is in D's year.
* Ranges (2025年3月到6月, between March and June 2025) borrow a missing year from
  the other end; ``since A``/``A以来`` = [start of A, D].
* ``截至…``/``as of…`` phrases are as-of overrides (see :func:`find_as_of`) and are
  not returned as time ranges.

Functions never raise on arbitrary text, and every scan is linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from assistant import patterns
from assistant.recognise.text import normalize, select_spans
from assistant.recognise.time.atoms import Atom, Builder, Led, PatternTable, resolve_partial
from assistant.recognise.time.atoms_en import EN_PATTERNS
from assistant.recognise.time.atoms_zh import ZH_PATTERNS
from assistant.recognise.time.calendar import add_months
from assistant.recognise.time.grain import find_grain
from assistant.recognise.time.join import as_of_phrases, join_ranges
from assistant.recognise.time.labels import label

__all__ = ["TimeMatch", "find_as_of", "find_time_grain", "find_time_ranges"]


@dataclass(frozen=True)
class TimeMatch:
    """One resolved time expression."""

    start: date  # inclusive
    end: date  # inclusive
    span: tuple[int, int]  # character offsets in the original text
    text: str  # the matched text
    label_zh: str  # e.g. "2025年11月", "2025-12-02 至 2025-12-31"
    label_en: str  # e.g. "Nov 2025", "2025-12-02 to 2025-12-31"
    kind: str  # month|quarter|half|year|week|day|days|months|range|ytd|qtd|mtd


_Row = tuple[re.Pattern[str] | str, Builder]  # a led row keeps its source until its lead matches
_Group = tuple[re.Pattern[str] | None, tuple[_Row, ...]]


def _compile(table: PatternTable) -> tuple[_Group, ...]:
    """Rows become ``(None, (row,))``; a :class:`Led` group keeps its lead regex, and its
    rows are compiled when the lead first matches (most leads match no given question)."""
    out: list[_Group] = []
    for entry in table:
        if isinstance(entry, Led):
            out.append((patterns.compile(entry.lead), entry.rows))
        else:
            out.append((None, ((patterns.compile(entry[0]), entry[1]),)))
    return tuple(out)


@cache
def _compiled(pattern: re.Pattern[str] | str) -> re.Pattern[str]:
    return patterns.compile(pattern)


_PATTERNS = _compile(ZH_PATTERNS + EN_PATTERNS)


def _matches(norm: str) -> Iterator[tuple[re.Match[str], Builder]]:
    for lead, rows in _PATTERNS:
        if lead is None:
            pattern, build = rows[0]
            for match in _compiled(pattern).finditer(norm):
                yield match, build
            continue
        for start in (m.start() for m in lead.finditer(norm)):
            for pattern, build in rows:
                found = _compiled(pattern).match(norm, start)
                if found is not None:
                    yield found, build


def _scan(norm: str, as_of: date) -> list[Atom]:
    """All atoms, longest first wins, in text order."""
    candidates: list[Atom] = []
    for match, build in _matches(norm):
        try:
            atom = build(match, as_of)
        except (ValueError, OverflowError, KeyError, TypeError):
            atom = None  # an impossible date such as year 0; skip the candidate
        if atom is not None:
            candidates.append(atom)
    return select_spans(candidates, lambda atom: atom.span)


def _to_match(text: str, atom: Atom, as_of: date) -> TimeMatch | None:
    resolved = resolve_partial(atom, as_of)
    if resolved is None or resolved.start is None or resolved.end is None:
        return None
    start, end = resolved.start, resolved.end
    clamped = start <= as_of < end
    if clamped:
        end = as_of
    label_zh, label_en = label(resolved.kind, start, end, clamped)
    a, b = resolved.span
    return TimeMatch(start, end, (a, b), text[a:b], label_zh, label_en, resolved.kind)


def find_time_ranges(text: str, as_of: date) -> list[TimeMatch]:
    """Every time expression in ``text`` resolved against ``as_of``.

    Matches do not overlap, come in text order, and the longest reading wins
    (``2025年3月15日`` is one day, not a year, a month and a day). Rolling windows
    follow the module rules: 近N个月 = [first day of (D's month − (N − 1)), D].
    An impossible date (2025年2月29日) yields no match rather than a shorter one.
    """
    if not isinstance(text, str) or not text:
        return []
    norm = normalize(text)
    atoms = _scan(norm, as_of)
    skipped = {id(atom) for atom, _ in as_of_phrases(norm, atoms)}
    atoms = [atom for atom in atoms if id(atom) not in skipped]
    matches = (_to_match(text, atom, as_of) for atom in join_ranges(norm, atoms, as_of))
    return [m for m in matches if m is not None]


#: the period one unit before the one just asked about: "and the quarter before (that)?", "the previous month",
#: "再往前一个季度呢", "前一个月呢" — said in a follow-up, counted from that period, not from today
_BEFORE_THAT = patterns.compile(
    r"\b(?:the\s+)?(?P<en>month|quarter|year|week)\s+before(?:\s+(?:that|it|this|then))?\b|"
    r"\b(?:the\s+)?(?:previous|prior|preceding)\s+(?P<en2>month|quarter|year|week)\b|"
    r"(?:再)?往前(?:推)?(?:一个|1个|一)?(?P<zh>月|季度|年|周)|(?<![上这本])前一(?:个)?(?P<zh2>月|季度|年|周)", re.I)
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12, "月": 1, "季度": 3, "年": 12}
_UNIT_KIND = {1: "month", 3: "quarter", 12: "year"}


def period_before(text: str, start: date, end: date) -> TimeMatch | None:
    """The period of the same length right before ``start``–``end`` when ``text`` asks for it ("and the
    quarter before that?" after last quarter: the quarter before it) — only after a whole month, quarter or
    year of that unit."""
    said = _BEFORE_THAT.search(text)
    if said is None:
        return None
    unit = next(g for g in said.groups() if g).lower()
    months = _UNIT_MONTHS.get(unit)
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1 \
        and (end.year - start.year) * 12 + end.month - start.month + 1 == months if months else False
    if not whole or months is None or (months == 3 and (start.month - 1) % 3) or (months == 12 and start.month != 1):
        return None
    y, m = add_months(start.year, start.month, -months)
    first = date(y, m, 1)
    last = start - timedelta(days=1)
    zh, en = label(_UNIT_KIND[months], first, last, False)
    return TimeMatch(first, last, said.span(), said.group(0), zh, en, _UNIT_KIND[months])


def find_time_grain(text: str) -> tuple[str, tuple[int, int]] | None:
    """The requested time grain: ``"day"|"week"|"month"|"quarter"|"year"`` and its span.

    按月/每月/逐月/月度/各月(份)/monthly/by month → month, and so on per grain; a
    trend word (趋势, 走势, trend, over time) means "month" unless a grain word is
    present. ``月均``/``日均`` are averages, not grains.
    """
    if not isinstance(text, str) or not text:
        return None
    return find_grain(normalize(text))


_YEAR_END = patterns.compile(r"(?:截至|截止)(?:到|至)?\s*(?:年底|年末)|\bas\s+(?:of|at)\s+(?:the\s+)?(?:year[\s-]end|end\s+of\s+(?:the\s+)?year)\b")
#: "年末的存款余额", "year-end deposit balance": the last year end reached, said with no year
_BARE_YEAR_END = patterns.compile(r"(?<![\d〇零一二三四五六七八九十今去前明本上年])(?:年底|年末)(?!\d)|"
                                  r"\b(?:at\s+)?(?:the\s+)?year[\s-]end\b|\b(?:at\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?year\b", re.I)


def find_as_of(text: str, as_of: date | None = None) -> tuple[date, tuple[int, int]] | None:
    """The as-of override in ``text`` and the span of its whole phrase, or ``None``.

    ``截至2025年6月30日`` → 2025-06-30; ``截至2025年6月底``/``as at end of June 2025``
    → 2025-06-30; ``截至2025年`` → 2025-12-31. Without ``as_of``, only phrases that
    name their year are resolved; with it, ``截至上月末`` and ``截至6月底`` work too.
    """
    if not isinstance(text, str) or not text:
        return None
    norm = normalize(text)
    reference = as_of or date.today()  # only bare-year plausibility depends on it
    bare = _YEAR_END.search(norm)
    if bare is not None and as_of is not None:  # "截至年底", "as of year end": this year's end, not after D
        return min(date(as_of.year, 12, 31), as_of), bare.span()
    bare = _BARE_YEAR_END.search(norm)
    if bare is not None and as_of is not None:
        return date(as_of.year - (as_of < date(as_of.year, 12, 31)), 12, 31), bare.span()
    for atom, span in as_of_phrases(norm, _scan(norm, reference)):
        if as_of is None and not (atom.resolved and atom.partial is not None):
            continue  # relative or year-less: needs the session's as-of date
        resolved = resolve_partial(atom, reference)
        if resolved is not None and resolved.end is not None:
            relative = atom.partial is None  # 截至本月 means up to D, not to the month's end
            return (min(resolved.end, reference) if relative else resolved.end), span
    return None
