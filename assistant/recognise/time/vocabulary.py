"""Regex fragments and word tables for time expressions (Chinese and English).

Patterns run on :func:`~assistant.recognise.text.normalize`-d text (ASCII lower
case, full-width folded). Fragments that can start a pattern begin with a
character class or literal (see ``assistant.recognise.text.guard``); numbers are matched loosely
(``\\d{1,2}``) and validated by the builders. Whitespace is bounded (``\\s{0,3}``)
so that no pattern can backtrack over long runs.
"""

from __future__ import annotations

from assistant.recognise.numbers.numerals import EN_NUMBER_WORDS
from assistant.recognise.text import guard, words

WS = r"\s{0,3}"
SP = r"\s{1,3}"

_NUM_CN = "〇零一二三四五六七八九"
#: a 4-character year, Arabic or Chinese (二〇二五); builders check 1900–2100
_YEAR_LEAD = guard("12一二", "0-9.")
_YEAR4_LEAD = guard("12", "0-9./-")
_YEAR4_DASH_LEAD = guard("12", "0-9./")
YEAR = rf"(?P<y>{_YEAR_LEAD}[0-9{_NUM_CN}]{{3}})(?![0-9])"
#: a 4-digit Arabic year, not after a digit, dot, slash or dash
YEAR4 = rf"(?P<y>{_YEAR4_LEAD}[0-9]{{3}})(?![0-9])"
#: a 4-digit year that may follow a dash (the second year of 2024-2025)
YEAR4_AFTER_DASH = rf"(?P<y>{_YEAR4_DASH_LEAD}[0-9]{{3}})(?![0-9])"
_NOT_AFTER_NUM = r"0-9零〇一二两三四五六七八九十百个第"
_MONTH_CLASS = r"0-9一二三四五六七八九十"
#: month number (validated 1–12 by the builder); ``MONTH_LEAD`` may start a pattern
MONTH = rf"(?P<m>[{_MONTH_CLASS}]{{1,2}})"
#: more months listed after the first, before one shared 月: the "、8、9" of 7、8、9月 — or each with its own 月 but
#: the last ("10月、11月、12月": the 月 of the first rides in the run)
MONTH_RUN = rf"(?P<run>(?:月(?=\s{{0,3}}[、,，]))?(?:\s{{0,3}}[、,，]\s{{0,3}}[{_MONTH_CLASS}]{{1,2}}(?:月(?=\s{{0,3}}[、,，]))?){{1,11}})"
_MONTH_LEAD = guard(_MONTH_CLASS, _NOT_AFTER_NUM)
_DAY_LEAD = guard(_MONTH_CLASS, _NOT_AFTER_NUM + "月")
MONTH_LEAD = rf"(?P<m>{_MONTH_LEAD}[{_MONTH_CLASS}]?)"
#: where a Chinese month or day may start: a number followed by 月/日/号 or a range dash
NUMBER_BEFORE_DATE_WORD = rf"{_MONTH_LEAD}[{_MONTH_CLASS}]{{0,2}}(?=\s{{0,3}}[月日号\-~–—到至])"
MONTH2 = rf"(?P<m2>[{_MONTH_CLASS}]{{1,2}})"
DAY = rf"(?P<d>[{_MONTH_CLASS}]{{1,3}})"
DAY_LEAD = rf"(?P<d>{_DAY_LEAD}[{_MONTH_CLASS}]{{0,2}})"
COUNT = rf"(?:[0-9]{{1,3}}(?![0-9])|[零〇一二两三四五六七八九十百]{{1,4}}|{EN_NUMBER_WORDS})"

EN_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
EN_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: any English month name or abbreviation (optional dot)
MONTH_EN = rf"(?P<mn>{words(*EN_MONTHS)})\.?"
#: full month names that are safe alone ("may" is checked for a preposition separately)
_FULL_NAMES = [m for m in EN_MONTHS if len(m) > 3 and m != "sept"]
MONTH_EN_BARE = rf"(?P<mn>{words(*_FULL_NAMES)})"
MAY_BARE = rf"(?P<mn>{words('may')})"
#: abbreviations (oct, dec …) are months alone only after a preposition ("from Oct to Nov 2025")
#: "jan", "mar" are also words (a name, "to mar"): a month only after "in", "since" …
ABBR_BARE = rf"(?P<mn>{words('jan', 'mar')})\.?"
#: the other abbreviations are no English word: "Dec vs Nov" is two months
ABBR_SAFE = rf"(?P<mn>{words(*[m for m in EN_MONTHS if len(m) <= 4 and m not in ('may', 'jan', 'mar')])})\.?"
#: words after which a bare "may" is a month
MAY_AFTER = frozenset(
    {"in", "since", "from", "to", "and", "of", "during", "until", "through", "between", "by", "vs", "vs.", "versus", "with"}
)
EN_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
ORDINAL = words(*EN_ORDINALS)

#: relative year words → offset from the as-of year
YEAR_OFFSETS: dict[str, int] = {
    "今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1,
    "this year": 0, "the year": 0, "current year": 0, "last year": -1,
    "previous year": -1, "prior year": -1, "next year": 1,
}  # fmt: skip
YEAR_REL_ZH = r"(?P<yrel>今年|本年|去年|上年|前年|明年)"
YEAR_REL_EN = rf"(?P<yrel>(?:this|the|current|last|previous|prior|next){SP}year)(?![a-z])"
#: 上/下, first/second → half index
HALVES: dict[str, int] = {
    "上": 1,
    "下": 2,
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "1": 1,
    "2": 2,
}
