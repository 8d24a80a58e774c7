"""Numbers, comparisons and rank requests in bilingual questions.

Public API::

    parse_number("1.5万") == 15000.0
    find_numbers("近30天至少10次") == [(30.0, (1, 3), "30"), (10.0, (6, 8), "10")]
    find_comparisons("AUM超过50万")[0].op == ">"
    find_rank("top 5 cities").n == 5

Every function accepts arbitrary text and never raises; all scans are linear.
"""

from __future__ import annotations

import re

from assistant.recognise.numbers.comparisons import Comparison, find_comparisons
from assistant.recognise.numbers.mentions import numbers_said, read_number
from assistant.recognise.numbers.rank import RankRequest, find_rank
from assistant.recognise.text import normalize

__all__ = [
    "Comparison",
    "RankRequest",
    "find_comparisons",
    "find_numbers",
    "find_rank",
    "parse_number",
]

def parse_number(text: str) -> float | None:
    """Parse a string that is exactly one number mention.

    ``"30"`` → 30, ``"三十"`` → 30, ``"1.5万"`` → 15000, ``"2亿"`` → 2e8,
    ``"500k"`` → 5e5, ``"10%"`` → 0.1, ``"百分之十"`` → 0.1, ``"1,000,000"`` → 1e6.
    A leading ¥/$ and a trailing currency unit (元, 块, yuan, rmb) are ignored.
    Returns ``None`` for anything else; never raises.
    """
    if not isinstance(text, str) or len(text) > 80:
        return None
    cleaned = normalize(text).strip()
    cleaned = re.sub(r"^(?:[¥￥$]|rmb|cny)\s*", "", cleaned)
    cleaned = re.sub(r"\s*(?:元|块钱|块|人民币|yuan|rmb|cny)$", "", cleaned)
    parts = read_number(cleaned)
    return parts.value if parts is not None else None


def find_numbers(text: str) -> list[tuple[float, tuple[int, int], str]]:
    """Every number mention in ``text``: ``(value, (start, end), matched_text)``.

    Values are in base units (万 and k applied, percentages as fractions).
    Numeral characters inside ordinary words (一些, 统一, 十分, "which one") are skipped.
    """
    if not isinstance(text, str):
        return []
    norm = normalize(text)
    return [(m.parts.value, m.span, text[m.span[0]:m.span[1]]) for m in numbers_said(norm)]
