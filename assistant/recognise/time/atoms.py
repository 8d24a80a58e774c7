"""Time *atoms*: the smallest time mentions, before ranges are joined.

An atom is either already resolved (``上个月`` → a concrete period) or a
:class:`Partial` calendar reference whose year may still be missing (``3月``,
``March 15``); the year is filled in by a range partner (``2025年3月到6月``) or
by the default rule in :func:`resolve_partial`.

Builders turn a regex match into an atom; the pattern tables that use them live
in ``atoms_zh`` and ``atoms_en``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from assistant import patterns
from assistant.recognise.numbers.numerals import to_int
from assistant.recognise.text import words
from assistant.recognise.time.calendar import (
    Period,
    half_period,
    month_period,
    quarter_period,
    safe_date,
    year_period,
)
from assistant.recognise.time.vocabulary import EN_MONTHS, EN_ORDINALS, HALVES, YEAR_OFFSETS


@dataclass(frozen=True)
class Partial:
    """A calendar reference: ``unit`` plus whichever fields were written.

    ``upto`` extends a month or quarter reference to a later index of the same
    year (``1-5月``, ``前三季度``).
    """

    unit: str  # "day" | "month" | "quarter" | "half" | "year" | "dom" (day of month only)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    index: int | None = None  # quarter or half number
    upto: int | None = None


@dataclass(frozen=True)
class Atom:
    """One time mention; ``start``/``end`` are the natural (unclamped) bounds."""

    span: tuple[int, int]
    kind: str
    start: date | None = None
    end: date | None = None
    partial: Partial | None = None

    @property
    def resolved(self) -> bool:
        return self.start is not None


Builder = Callable[[re.Match[str], date], Atom | None]
#: kind of an atom that names an impossible date; it blocks its span and is dropped
INVALID = "invalid"
Row = tuple[str, Builder]


@dataclass(frozen=True)
class Led:
    """Rows that all start where ``lead`` matches (a year, 今年, a month number …).

    The lead is scanned once and the rows are only tried at its matches, which is
    much cheaper than scanning the whole text once per row.
    """

    lead: str
    rows: tuple[Row, ...]


PatternTable = tuple[Row | Led, ...]


# --------------------------------------------------------------------------- partials
@lru_cache(maxsize=4096)
def _bounds(partial: Partial) -> Period | None:
    """Calendar bounds of a partial whose year is known."""
    year = partial.year
    if year is None or not 1900 <= year <= 2100:
        return None
    if partial.unit == "day" and partial.month and partial.day:
        day = safe_date(year, partial.month, partial.day)
        return (day, day) if day else None
    if partial.unit == "month" and partial.month:
        return month_period(year, partial.month, partial.upto)
    if partial.unit == "quarter" and partial.index:
        return quarter_period(year, partial.index, partial.upto)
    if partial.unit == "half" and partial.index:
        return half_period(year, partial.index)
    if partial.unit == "year":
        return year_period(year)
    return None


def default_year(partial: Partial, as_of: date) -> int:
    """Year for a reference written without one.

    A month (or day) not after the as-of month (day) is this year's, a later one
    is last year's: with D = 2025-06-15, ``3月`` is 2025-03 and ``9月`` 2024-09.
    Quarters and halves without a year are in D's year.
    """
    if partial.unit == "month" and partial.month:
        return as_of.year if (partial.upto or partial.month) <= as_of.month else as_of.year - 1
    if partial.unit == "day" and partial.month and partial.day:
        later = (partial.month, partial.day) > (as_of.month, as_of.day)
        return as_of.year - 1 if later else as_of.year
    return as_of.year


def resolve_partial(atom: Atom, as_of: date) -> Atom | None:
    """Fill a missing year by the default rule and compute the bounds."""
    if atom.resolved or atom.partial is None:
        return atom
    partial = atom.partial
    if partial.unit == "dom":
        return None  # "15日" alone is not a period; only a range end
    if partial.year is None:
        partial = replace(partial, year=default_year(partial, as_of))
    bounds = _bounds(partial)
    if bounds is None:
        return None
    return Atom(atom.span, atom.kind, bounds[0], bounds[1], partial)


# --------------------------------------------------------------------------- builders
Groups = tuple[tuple[str, str], ...]


def _pick(groups: dict[str, str], *names: str) -> str | None:
    return next((groups[n] for n in names if groups.get(n)), None)


def _year(groups: dict[str, str], as_of: date) -> int | None | bool:
    """Year written in the match; ``None`` when absent, ``False`` when invalid."""
    raw = _pick(groups, "y")
    if raw is not None:
        value = to_int(raw)
        return value if value is not None and 1900 <= value <= 2100 else False
    short = _pick(groups, "y2")  # "25年三季度": this century
    if short is not None:
        return 2000 + int(short)
    rel = _pick(groups, "yrel")
    if rel is not None:
        offset = YEAR_OFFSETS.get(re.sub(r"\s+", " ", rel))
        return False if offset is None else as_of.year + offset
    return None


def _month(groups: dict[str, str]) -> int | None:
    name = _pick(groups, "mn")
    if name is not None:
        return EN_MONTHS.get(name.rstrip("."))
    raw = _pick(groups, "m")
    return to_int(raw) if raw is not None else None


def _index(groups: dict[str, str]) -> int | None:
    raw = _pick(groups, "q", "h", "ord")
    if raw is None:
        return None
    return EN_ORDINALS.get(raw) or HALVES.get(raw) or to_int(raw)


@lru_cache(maxsize=4096)
def _partial(unit: str, first: int | None, fields: Groups, as_of: date) -> Partial | None:
    """The (validated) partial for a match's non-empty groups; cached because long
    inputs repeat the same mentions."""
    groups = dict(fields)
    year = _year(groups, as_of)
    if year is False:
        return None
    raw_day, raw_upto = _pick(groups, "d"), _pick(groups, "m2", "q2")
    partial = Partial(
        unit=unit,
        year=year or None,
        month=_month(groups) or (first if unit == "month" else None),
        day=to_int(raw_day) if raw_day else None,
        index=_index(groups) or (first if unit != "month" else None),
        upto=to_int(raw_upto) if raw_upto else None,
    )
    return partial if _valid(partial) else None


def calendar(unit: str, kind: str | None = None, first: int | None = None) -> Builder:
    """Builder for an absolute reference of ``unit`` using named groups
    ``y``/``yrel`` (year), ``m``/``mn`` (month), ``d`` (day), ``q``/``h``/``ord``
    (quarter or half) and ``m2``/``q2`` (the ``upto`` end). ``first`` is the
    month or quarter to start from when none is written (``前三季度``)."""

    def build(match: re.Match[str], as_of: date) -> Atom | None:
        fields = tuple((k, v) for k, v in match.groupdict().items() if v)
        partial = _partial(unit, first, fields, as_of)
        resolved: Atom | None = None
        if partial is not None:
            resolved = Atom(match.span(), kind or unit, partial=partial)
            if partial.year is not None and unit != "dom":
                resolved = resolve_partial(resolved, as_of)
        if resolved is None and unit in ("day", "dom"):
            # 2025年2月29日, 1月32日: claim the span so that no shorter reading
            # (2025年2月) is offered, then drop it (an INVALID atom never resolves)
            return Atom(match.span(), INVALID)
        return resolved

    return build


def month_run() -> Builder:
    """Builder for consecutive months listed before one 月 (groups ``m`` and ``run``): "2025年7、8、9月",
    "今年10、11、12月" — the span from the first to the last; months that skip one are no span (not read)."""
    def run(match: re.Match[str], as_of: date) -> Atom | None:
        said = [to_int(x) for x in re.findall(r"[0-9一二三四五六七八九十]{1,2}", match.group("run"))]
        months = [to_int(match.group("m")), *said]
        if any(b != a + 1 for a, b in zip(months, months[1:], strict=False)):
            return None
        if "月" in match.group("run") and len(months) < 3:
            return None  # "2024年3月、4月": two months, each its own (three or more listed so are their span)
        fields = tuple((k, v) for k, v in match.groupdict().items() if v and k != "run") + (("m2", str(months[-1])),)
        partial = _partial("month", None, fields, as_of)
        if partial is None:
            return None
        atom = Atom(match.span(), "range", partial=partial)
        return resolve_partial(atom, as_of) if partial.year is not None else atom

    return run


#: a season's months in the year it is named with (winter runs into the next year: not read)
SEASONS: dict[str, tuple[int, int]] = {"春": (3, 5), "夏": (6, 8), "秋": (9, 11), "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def season() -> Builder:
    """Builder for a season of a year (group ``s``): "2025年春季", "25年夏天", "去年秋季", "spring 2025" — its
    three months ("2025春季沉睡客户唤醒行动" started in May 2025)."""
    def seasonal(match: re.Match[str], as_of: date) -> Atom | None:
        months = SEASONS.get((match.group("s") or "").lower())
        if months is None:
            return None
        fields = tuple((k, v) for k, v in match.groupdict().items() if v and k != "s") + (("m", str(months[0])), ("m2", str(months[1])))
        partial = _partial("month", None, fields, as_of)
        if partial is None or partial.year is None:
            return None
        return resolve_partial(Atom(match.span(), "range", partial=partial), as_of)

    return seasonal


def _valid(partial: Partial) -> bool:
    if partial.month is not None and not 1 <= partial.month <= 12:
        return False
    if partial.day is not None and not 1 <= partial.day <= 31:
        return False
    if partial.unit == "quarter" and not (partial.index and 1 <= partial.index <= 4):
        return False
    if partial.unit == "half" and partial.index not in (1, 2):
        return False
    if partial.upto is not None:
        low = partial.month if partial.unit == "month" else partial.index
        limit = 12 if partial.unit == "month" else 4
        if low is None or not low <= partial.upto <= limit:
            return False
    return partial.unit != "day" or (partial.month is not None and partial.day is not None)


def bare_year(match: re.Match[str], as_of: date) -> Atom | None:
    """A year written without 年: not after a comparison word (超过2000, over 2000)
    or a letter, and within 20 years before to 5 years after the as-of year."""
    before = match.string[max(0, match.start() - 14) : match.start()]
    if _NOT_YEAR_BEFORE.search(before):
        return None
    atom = calendar("year")(match, as_of)
    if atom is None or atom.start is None or not -20 <= atom.start.year - as_of.year <= 5:
        return None  # 2000 in "AUM 2000" is an amount, not a year
    return atom


_NOT_YEAR_BEFORE = patterns.compile(
    r"(?:超过|超出|大于|小于|低于|高于|至少|少于|多于|不足|不到|等于|达到|前|第|[<>=≥≤+*/×$¥￥#]"
    r"|(?<![a-z])(?:than|over|above|under|below|least|most|top|bottom|exceeding|exactly"
    r"|equals?|about|around|approximately|is|was|were|are))\s{0,3}$|[a-z]$"
)


#: a relative word's kind and period as a function of the as-of date
Fixed = tuple[str, Callable[[date], Period]]
#: a rolling unit's kind, window function and multiplier (周 = 7 days)
Counted = tuple[str, Callable[[date, int], Period], int]


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class FixedWords:
    """Builder for a table of fixed relative words (今天, last month, 年初至今 …);
    ``pattern`` is the regex for the table's words (English ones letter-bounded)."""

    def __init__(self, table: dict[str, Fixed]) -> None:
        self.table = table
        latin = [w for w in table if w.isascii()]
        other = sorted((w for w in table if not w.isascii()), key=len, reverse=True)
        self.pattern = "|".join(([words(*latin)] if latin else []) + other)

    def __call__(self, match: re.Match[str], as_of: date) -> Atom | None:
        kind, period = self.table[_key(match.group())]
        start, end = period(as_of)
        return Atom(match.span(), kind, start, end)


def counted_units(table: dict[str, Counted]) -> Builder:
    """Builder for rolling windows: group ``n`` (a count) and ``u`` (a key of ``table``)."""

    def build(match: re.Match[str], as_of: date) -> Atom | None:
        kind, window, per = table[_key(match["u"])]
        raw = match["n"]
        if raw is None and per == 1:
            return None  # 近日, 近年: "recently", not a window
        count = to_int(raw) if raw else 1
        if count is None or not 1 <= count <= 1000:
            return None
        start, end = window(as_of, count * per)
        return Atom(match.span(), kind, start, end)

    return build


#: words after which a bare "may" is a month when it comes first ("May vs June")
PAIRED = frozenset({"vs", "vs.", "versus", "and", "to", "through", "or", "compared"})


def after_word(allowed: frozenset[str], build: Builder) -> Builder:
    """Only accept the match when the previous word is in ``allowed`` (in May), or the
    next one pairs it with another period (May vs June)."""

    def guarded(match: re.Match[str], as_of: date) -> Atom | None:
        before = match.string[max(0, match.start() - 12) : match.start()].split()
        after = match.string[match.end() : match.end() + 12].split()
        beside = (before and before[-1] in allowed) or (after and after[0] in PAIRED)
        return build(match, as_of) if beside else None

    return guarded
