"""Second pass over atoms: ranges (``A到B``), open ranges (``A以来``) and as-of phrases.

Each rule looks only at the short text between or around neighbouring atoms, so
the pass is linear in the number of atoms.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from assistant import patterns
from assistant.recognise.time.atoms import Atom, Partial, default_year, resolve_partial

_CONNECTOR = patterns.compile(
    r"\s{0,3}(?P<c>一直到|直到|到|至|~|-|–|—|和|与|(?<![a-z])(?:to|through|thru|until|till|and)"
    r"(?![a-z]))\s{0,3}",
)
_PAIR_WORDS = {"和", "与", "and"}  # only a range with 介于/between … (之间)
_RANGE_PREFIX = patterns.compile(
    r"(?:从|自|由|介于|在|(?<![a-z])(?:between|from)\s{1,3}(?:the\s{1,3})?)\s{0,3}$"
)
_BETWEEN_PREFIX = patterns.compile(r"(?:介于|在|between\s{1,3}(?:the\s{1,3})?)\s{0,3}$")
_COMPARED_BEFORE = patterns.compile(r"(?<![a-z])(?:compare|compared|comparing|comparison|difference|change)(?![a-z])|对比|比较|相比|变化")
_RANGE_SUFFIX = patterns.compile(r"\s{0,3}(?:之间|期间|这段时间|为止|止)")
_SINCE_PREFIX = patterns.compile(
    r"(?:(?<![a-z])(?:since|starting(?:\s{1,3}from)?|beginning(?:\s{1,3}from)?|from)"
    r"\s{1,3}(?:the\s{1,3})?|自|从)\s{0,3}$",
)
_SINCE_WORDS = patterns.compile(r"^(?:since|starting|beginning)")
_SINCE_SUFFIX = patterns.compile(
    r"\s{0,3}(?:以来|至今|到现在|到今天|迄今|开始至今|起至今|起|开始"
    r"|(?:onwards?|to\s{1,3}date|to\s{1,3}now|until\s{1,3}now|till\s{1,3}now|so\s{1,3}far"
    r"|to\s{1,3}present|until\s{1,3}today)(?![a-z]))",
)
_ASOF_PREFIX = patterns.compile(
    r"(?:截至|截止|(?<![a-z])as[\s-]{1,3}(?:of|at)(?:[\s-]{1,3}date(?:\s{1,3}(?:is|of)|\s{0,3}[:=])?)?)(?:到|至)?\s{0,3}"  # "the as-of date 2025-12-31"
    r"(?:(?:the\s{1,3})?end\s{1,3}of\s{1,3}(?:the\s{1,3})?)?"
    # "as of the latest data (31 December 2025)", "截至最新数据日(2025-12-31)": the day named again in brackets
    r"(?:(?:the\s{1,3})?(?:latest|most\s{1,3}recent|last)\s{1,3}(?:available\s{1,3})?(?:data|date|snapshot)(?:\s{1,3}date)?\s{0,3}[(（]\s{0,3}|"
    r"(?:最新|数据最新|数据截止)(?:数据)?(?:日期|日)?\s{0,3}[(（]\s{0,3})?$",
)
_ASOF_SUFFIX = patterns.compile(
    r"(?:\s{0,3}(?:的\s{0,3})?(?:月底|月末|年底|年末|季末|季度末|期末|底|末))?"
)
_WINDOW = 48


def _before(norm: str, atom: Atom, pattern: re.Pattern[str]) -> re.Match[str] | None:
    start = atom.span[0]
    return pattern.search(norm, max(0, start - _WINDOW), start)


def _with_year(atom: Atom, year: int) -> Atom:
    assert atom.partial is not None
    return replace(atom, partial=replace(atom.partial, year=year))


def _needs_year(atom: Atom) -> bool:
    return not atom.resolved and atom.partial is not None and atom.partial.year is None


def _fill_years(a: Atom, b: Atom, as_of: date) -> tuple[Atom, Atom]:
    """Let a range borrow a year across its ends: 2025年3月到6月, March to June 2025."""
    if b.partial is not None and b.partial.unit == "dom":
        if a.partial is None or a.partial.unit != "day":
            return a, b
        b = replace(b, partial=Partial("day", a.partial.year, a.partial.month, b.partial.day))
    if _needs_year(a) and _needs_year(b):
        b = _with_year(b, default_year(b.partial or Partial("year"), as_of))
    if _needs_year(a) and b.partial is not None and b.partial.year is not None:
        a = _with_year(a, b.partial.year)
        first, second = resolve_partial(a, as_of), resolve_partial(b, as_of)
        if first and second and first.start and second.start and first.start > second.start:
            a = _with_year(a, b.partial.year - 1)  # Nov to Feb 2025 → Nov 2024
    elif _needs_year(b) and a.partial is not None and a.partial.year is not None:
        b = _with_year(b, a.partial.year)
        first, second = resolve_partial(a, as_of), resolve_partial(b, as_of)
        if first and second and first.start and second.start and first.start > second.start:
            b = _with_year(b, a.partial.year + 1)  # 2024年11月到2月 → Feb 2025
    elif _needs_year(b) and a.resolved and a.start is not None:
        b = _with_year(b, a.start.year)
    return a, b


def _join(norm: str, a: Atom, b: Atom, as_of: date) -> Atom | None:
    connector = _CONNECTOR.fullmatch(norm, a.span[1], b.span[0])
    if connector is None:
        return None
    suffix = _RANGE_SUFFIX.match(norm, b.span[1])
    if connector["c"].lower() in _PAIR_WORDS and not (
        _before(norm, a, _BETWEEN_PREFIX) or (suffix and suffix.group().strip() == "之间") or _years_split_finer(norm, a, b, as_of)
    ):
        return None
    if connector["c"].lower() in _PAIR_WORDS and _COMPARED_BEFORE.search(norm, max(0, a.span[0] - 40), a.span[0]):
        return None  # "compare … between Q1 and Q2": two periods set against each other, not one span
    a, b = _fill_years(a, b, as_of)
    first, second = resolve_partial(a, as_of), resolve_partial(b, as_of)
    if first is None or second is None or first.start is None or second.end is None:
        return None
    if first.start > second.end:
        return None
    prefix = _before(norm, a, _RANGE_PREFIX)
    start = prefix.start() if prefix else a.span[0]
    end = suffix.end() if suffix else b.span[1]
    return Atom((start, end), "range", first.start, second.end)


#: a breakdown finer than a year said right after: "24年和25年每个季度…", "2024 and 2025 by quarter"
_EACH_PERIOD_AFTER = patterns.compile(r"[^，,。？?；;]{0,30}?(?:每个?(?:季度|月)|按(?:季度|月)|分(?:季度|月)|"
                                      r"(?<![a-z])(?:quarterly|monthly|(?:by|each|per|every)\s{1,3}(?:quarter|month))(?![a-z]))")


#: …or before: "quarterly wealth redemption amounts across 2024 and 2025", "每个季度的放款笔数，2024和2025年"
_EACH_PERIOD_BEFORE = patterns.compile(r"(?:每个?(?:季度|月)|按(?:季度|月)|分(?:季度|月)|(?<![a-z])(?:quarterly|monthly|(?:by|each|per|every)\s{1,3}(?:quarter|month))(?![a-z]))"
                                       r"[^，,。？?；;]{0,40}$")


def _years_split_finer(norm: str, a: Atom, b: Atom, as_of: date) -> bool:
    """Two years in a row listed ("24年和25年每个季度上线的活动"), split into quarters or months: one span of both."""
    first, second = resolve_partial(a, as_of), resolve_partial(b, as_of)
    if first is None or second is None or None in (first.start, first.end, second.start, second.end):
        return False
    whole_years = all(x.start.month == 1 and x.start.day == 1 and x.end.month == 12 and x.end.day == 31 and x.start.year == x.end.year
                      for x in (first, second))
    return whole_years and second.start.year == first.start.year + 1 and (
        _EACH_PERIOD_AFTER.match(norm, b.span[1]) is not None or _EACH_PERIOD_BEFORE.search(norm, max(0, a.span[0] - 60), a.span[0]) is not None)


def _since(norm: str, atom: Atom, as_of: date) -> Atom | None:
    """``A以来`` / ``since A`` / ``from A onwards`` → [start of A, as_of]."""
    prefix = _before(norm, atom, _SINCE_PREFIX)
    suffix = _SINCE_SUFFIX.match(norm, atom.span[1])
    has_suffix = bool(suffix and suffix.group().strip())
    if has_suffix and prefix is None and suffix.group().strip() == "开始" and norm.startswith("的", suffix.end()):
        return None  # "上季度开始的营销活动": those that started in that quarter — "since" only with 从/自 before
    if not has_suffix and not (prefix and _SINCE_WORDS.match(prefix.group())):
        return None
    resolved = resolve_partial(atom, as_of)
    if resolved is None or resolved.start is None or resolved.start > as_of:
        return None
    start = prefix.start() if prefix else atom.span[0]
    end = suffix.end() if (suffix and has_suffix) else atom.span[1]
    return Atom((start, end), "range", resolved.start, as_of)


#: between periods listed together: "去年上半年和下半年", "Q1 and Q2 of last year"
_LIST = patterns.compile(r"\s{0,3}(?:和|与|跟|及|以及|、|,|，|/|对比|比|(?<![a-z])(?:vs\.?|versus|and|or)(?![a-z]))\s{0,3}")


def _listed_years(norm: str, atoms: list[Atom]) -> list[Atom]:
    """Halves, quarters or months of one kind listed together share the year one of them
    names, when they follow each other: 去年上半年和下半年 is 2024's second half (not this
    year's), "Q1 and Q2 of last year" both 2024's."""
    out = list(atoms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.partial is None or b.partial is None or a.partial.unit != b.partial.unit or not _LIST.fullmatch(norm, a.span[1], b.span[0]):
            continue
        order = (lambda p: p.index) if a.partial.unit in ("half", "quarter") else (lambda p: p.month)
        first, second = order(a.partial), order(b.partial)
        if first is None or second is None or second <= first:
            continue
        if _needs_year(b) and a.partial.year is not None:
            out[i + 1] = _with_year(b, a.partial.year)
        elif _needs_year(a) and b.partial.year is not None:
            out[i] = _with_year(a, b.partial.year)
    return out


def join_ranges(norm: str, atoms: list[Atom], as_of: date) -> list[Atom]:
    """Merge neighbouring atoms into ranges and open ranges, in text order."""
    atoms = _listed_years(norm, atoms)
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        if i + 1 < len(atoms):
            joined = _join(norm, atoms[i], atoms[i + 1], as_of)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(_since(norm, atoms[i], as_of) or atoms[i])
        i += 1
    return out


def as_of_phrases(norm: str, atoms: list[Atom]) -> list[tuple[Atom, tuple[int, int]]]:
    """Atoms introduced by 截至/截止/as of/as at, with the whole phrase's span."""
    found = []
    for atom in atoms:
        prefix = _before(norm, atom, _ASOF_PREFIX)
        if prefix is None:
            continue
        suffix = _ASOF_SUFFIX.match(norm, atom.span[1])
        end = suffix.end() if suffix and suffix.group().strip() else atom.span[1]
        found.append((atom, (prefix.start(), end)))
    return found
