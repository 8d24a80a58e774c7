"""Number mentions: the token patterns and the decomposer for one mention.

A *number mention* is a core numeral (Arabic, Chinese, mixed or English words)
with an optional multiplier (万, 亿, k, m, million …) and an optional percent
marker (%, percent, 百分之 …). Patterns run on :func:`normalize`-d text (ASCII
lower case). :func:`read_number` splits a mention into :class:`NumberParts` so
that callers can, for instance, let ``1到5万`` share the 万.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from assistant import patterns
from assistant.recognise.numbers.numerals import (
    CN_DIGIT_CLASS,
    EN_NUMBER_WORDS,
    cn_to_number,
    en_words_to_number,
)
from assistant.recognise.text import guard, select_spans, words

_CN_ALL = CN_DIGIT_CLASS + "十拾百佰千仟万萬亿億"
_CN_LEAD = CN_DIGIT_CLASS + "十拾"  # 万达, 千万别, 百度 are not numbers
_CN_CORE = rf"[{_CN_ALL}]*(?:点[{CN_DIGIT_CLASS}]+[万萬亿億]*)?"
_ARABIC_TAIL = r"(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?"
_CN_UNIT_TAIL = r"(?:[十百千万萬亿億]+(?:[0-9](?![0-9.,])[十百千]?)?)?"  # 1.5万, 3千万, 1万5
_MULT = r"(?:(?:mn|mm|bn|k|w|m|b)(?![a-z])|\s{0,3}(?:thousand|million|billion)(?![a-z]))?"
_PERCENT = r"(?:\s{0,3}(?:%|‰|percent(?![a-z])|per\s{1,3}cent(?![a-z])|pct(?![a-z])))?"

#: token patterns; each begins with a character class or literal (see assistant.recognise.text)
TOKEN_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    patterns.compile(p)
    for p in (
        guard("0-9", "0-9.,") + _ARABIC_TAIL + _CN_UNIT_TAIL + _MULT + _PERCENT,
        f"[{_CN_LEAD}]" + _CN_CORE + _MULT + _PERCENT,
        rf"(?:百分之|千分之)(?:[0-9]+(?:\.[0-9]+)?|[{_CN_LEAD}]{_CN_CORE})",
        EN_NUMBER_WORDS + r"(?:\s{1,3}(?:thousand|million|billion)(?![a-z]))?" + _PERCENT,
    )
)

_PARTS = patterns.compile(
    rf"\s*(?P<prefix>百分之|千分之)?\s*"
    rf"(?P<core>[0-9][0-9,]*(?:\.[0-9]+)?{_CN_UNIT_TAIL}|\.[0-9]+|[{_CN_LEAD}]{_CN_CORE}|[a-z][a-z\s-]*?)"
    rf"\s*(?P<mult>mn|mm|bn|k|w|m|b|thousand|million|billion)?"
    rf"\s*(?P<pct>%|‰|percent|per\s+cent|pct)?\s*"
)
_PERCENT_SCALE = {
    "百分之": 0.01,
    "%": 0.01,
    "percent": 0.01,
    "pct": 0.01,
    "千分之": 0.001,
    "‰": 0.001,
}


@dataclass(frozen=True)
class NumberParts:
    """A number mention split into its core value, multiplier and percent scale."""

    core: float  # 万/亿 written inside a Chinese or mixed numeral are part of core
    multiplier: float  # k, m, million …; 1 when absent
    percent: float  # 1, 0.01 (%) or 0.001 (‰)

    @property
    def value(self) -> float:
        return self.core * self.multiplier * self.percent


def _core_value(core: str) -> float | None:
    plain = core.replace(",", "")
    try:
        return float(plain)
    except ValueError:
        pass
    if plain[:1].isalpha() and plain.isascii():
        words = en_words_to_number(plain)
        return float(words) if words is not None else None
    return cn_to_number(plain)


@lru_cache(maxsize=8192)
def read_number(text: str) -> NumberParts | None:
    """Decompose a whole (normalized) string that is one number mention, else ``None``."""
    if len(text) > 80:
        return None
    match = _PARTS.fullmatch(text)
    if match is None or (match["prefix"] and match["pct"]):
        return None
    core = _core_value(match["core"].strip())
    if core is None:
        return None
    multiplier = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "w": 1e4}.get(
        match["mult"] or "", 1e6 if match["mult"] in ("m", "mn", "mm") else 1.0
    )
    if match["mult"] in ("b", "bn"):
        multiplier = 1e9
    marker = match["prefix"] or re.sub(r"\s+", "", match["pct"] or "").replace("percent", "%")
    marker = "%" if marker == "percent" or marker.startswith("per") else marker
    return NumberParts(core, multiplier, _PERCENT_SCALE.get(marker, 1.0))


class Mention(NamedTuple):
    """A number mention found in normalized text."""

    span: tuple[int, int]
    raw: str
    parts: NumberParts


def iter_mentions(norm: str) -> Iterator[Mention]:
    """Non-overlapping number mentions (longest first), in text order."""
    candidates = [
        (m.span(), m.group()) for pattern in TOKEN_PATTERNS for m in pattern.finditer(norm)
    ]
    for span, raw in select_spans(candidates, lambda c: c[0]):
        parts = read_number(raw)
        if parts is not None:
            yield Mention(span, raw, parts)


# Words that contain numeral characters but are not numbers (一些, 统一, 十分 …).
_NOT_NUMBERS: tuple[re.Pattern[str], ...] = tuple(
    patterns.compile(p)
    for p in (
        r"一(?:些|下|般|起|直|样|定|致|切|旦|律|体|同|共|向|再|边|方面|点儿?|块儿|会儿|概|贯|味|面|齐|带|一)",
        r"[统唯万同之单逐专划均]一",
        r"十分|万万|三农|千万(?=不|别|要)",
        words("no one", "any one", "some one", "every one", "which one", "this one", "that one"),
    )
)


def numbers_said(norm: str) -> list[Mention]:
    """The number mentions of ``norm`` that are numbers: a numeral character borrowed by a word
    (一起, 一些, 统一, 十分, "which one") is none — for a number found and a comparison alike
    ("营销活动加在一起" holds no "from 1")."""
    blocked = sorted(m.span() for pattern in _NOT_NUMBERS for m in pattern.finditer(norm))
    found: list[Mention] = []
    b = 0
    for mention in iter_mentions(norm):
        start, end = mention.span
        while b < len(blocked) and blocked[b][1] <= start:
            b += 1
        if b < len(blocked) and blocked[b][0] < end and not mention.raw[:1].isdigit():
            continue
        found.append(mention)
    return found
