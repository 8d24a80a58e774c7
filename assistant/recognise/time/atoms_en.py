"""English time patterns → atom builders (on lower-cased text).

"the" and plurals are accepted: "in the past three months", "last 30 days",
"the first quarter of 2025", "H2 2025", "March 15, 2025". A bare "May" is a month
only after a preposition ("in May"). Every regex starts with a literal or class.
"""

from __future__ import annotations

from assistant.recognise.text import guard, words
from assistant.recognise.time.atoms import (
    FixedWords,
    Led,
    PatternTable,
    after_word,
    calendar,
    counted_units,
    season,
)
from assistant.recognise.time.phrases import EN_COUNT_UNITS, EN_FIXED
from assistant.recognise.time.vocabulary import (
    ABBR_BARE,
    ABBR_SAFE,
    COUNT,
    MAY_AFTER,
    MAY_BARE,
    MONTH_EN,
    MONTH_EN_BARE,
    ORDINAL,
    SP,
    WS,
    YEAR4,
    YEAR4_AFTER_DASH,
    YEAR_REL_EN,
)

_SUFFIX = r"(?:st|nd|rd|th)?(?![a-z])"
_DAY = rf"(?P<d>[0-9]{{1,2}}){_SUFFIX}"
_D_LEAD = guard("0-9", "0-9.,/-")
_D_FIRST = rf"(?P<d>{_D_LEAD}[0-9]?){_SUFFIX}"
_YEAR_TAIL = rf"(?:,?{WS}(?:of{SP})?(?:{YEAR4}|{YEAR_REL_EN}))"
_ROLL = words("last", "past", "previous", "prior", "trailing", "recent")
_UNITS = "|".join(sorted(EN_COUNT_UNITS, key=len, reverse=True))

_FIXED = FixedWords(EN_FIXED)

EN_PATTERNS: PatternTable = (
    Led(
        MONTH_EN.replace("(?P<mn>", "(?:"),
        (
            # March 15, 2025 / March 15 / March 2025 / Mar. 2025 / March of last year / March
            (rf"{MONTH_EN}{WS}{_DAY}{_YEAR_TAIL}", calendar("day")),
            (rf"{MONTH_EN}{WS}{_DAY}(?!,?{WS}[0-9])", calendar("day")),
            (rf"{MONTH_EN}{_YEAR_TAIL}", calendar("month")),
            (rf"{MONTH_EN}-{YEAR4_AFTER_DASH}", calendar("month")),  # "Dec-2025": the month, its year hyphened on
            (MONTH_EN_BARE, calendar("month")),
            (MAY_BARE, after_word(MAY_AFTER, calendar("month"))),
            (ABBR_BARE, after_word(MAY_AFTER, calendar("month"))),
            # "Mar–May 2025", "Jan-Mar": a range's first month, a dash and another month after it
            (rf"{ABBR_BARE}(?={WS}[-–—~]{WS}{MONTH_EN.replace('(?P<mn>', '(?:')})", calendar("month")),
            (ABBR_SAFE, calendar("month")),
        ),
    ),
    Led(
        rf"{_D_LEAD}[0-9]?{_SUFFIX}{SP}(?:of{SP})?[adfjmnos]",
        (
            # 15 March 2025 / 15th of March / 1st Jan
            (rf"{_D_FIRST}{SP}(?:of{SP})?{MONTH_EN}{_YEAR_TAIL}", calendar("day")),
            (rf"{_D_FIRST}{SP}(?:of{SP})?{MONTH_EN}", calendar("day")),
        ),
    ),
    # ---- quarters, halves, years in words: the first quarter of 2025, second half, year 2025
    (rf"(?P<ord>{ORDINAL}){SP}quarter(?![a-z]){_YEAR_TAIL}?", calendar("quarter")),
    (rf"q(?<![a-z]q)(?P<q>[1-4]){SP}(?:of{SP})?{YEAR_REL_EN}", calendar("quarter")),
    # "Q3 25", "Q3'25", "H2-25": a quarter or half of this century's year said with two digits
    (r"q(?<![a-z]q)(?P<q>[1-4])(?:\s+|\s*['’-]\s*)(?P<y2>2[0-9])(?![0-9%a-z.,:])", calendar("quarter")),
    (r"h(?<![a-z]h)(?P<h>[12])(?:\s+|\s*['’-]\s*)(?P<y2>2[0-9])(?![0-9%a-z.,:])", calendar("half")),
    (
        rf"(?P<ord>{words('first', 'second', '1st', '2nd')}){SP}half(?![a-z]){_YEAR_TAIL}?",
        calendar("half"),
    ),
    (rf"h(?<![a-z]h)(?P<h>[12]){SP}(?:of{SP})?{YEAR_REL_EN}", calendar("half")),
    (rf"{words('year', 'full year', 'fiscal year')}{SP}{YEAR4}", calendar("year")),
    # ---- seasons of a year: spring 2025, the summer of last year, 2025 autumn (never a bare "fall")
    (rf"(?P<s>spring|summer|autumn|fall)(?![a-z]){_YEAR_TAIL}", season()),
    (rf"{YEAR4}{SP}(?P<s>spring|summer|autumn|fall)(?![a-z])", season()),
    # "this year's summer", "last year's spring campaign": the season of the year said first
    (rf"{YEAR_REL_EN}['’]s{SP}(?P<s>spring|summer|autumn|fall)(?![a-z])", season()),
    # ---- relative words (today, last month, ytd …) and rolling windows (last 30 days)
    (_FIXED.pattern, _FIXED),
    (rf"{_ROLL}{SP}(?P<n>{COUNT}){SP}(?P<u>{_UNITS})(?![a-z])", counted_units(EN_COUNT_UNITS)),
    # shorthand, the unit right after the number: "last 90d", "past 6mo"
    (rf"{_ROLL}{SP}(?P<n>[0-9]{{1,3}})(?P<u>d|w|wk|wks|mo|mos|mth|mths|yr|yrs)(?![a-z0-9])", counted_units(EN_COUNT_UNITS)),
)
