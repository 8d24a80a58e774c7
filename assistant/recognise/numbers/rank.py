"""Rank requests: ``前五``, ``排名前三``, ``最低的3个``, ``倒数前三``, ``top 10``, ``5 largest``.

Each cue is one row of :data:`_CUES` (regex → how to read it). A question may hold
several cues (``AUM最低的前5个城市``): the count comes from the first cue that has
one, the direction from the first cue that states one (倒数/bottom/最低/lowest …),
and ``desc`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant import patterns
from assistant.recognise.numbers.numerals import CN_DIGIT_CLASS, EN_NUMBER_WORDS, to_int
from assistant.recognise.text import guard, normalize, select_spans, words


@dataclass(frozen=True)
class RankRequest:
    """``n`` items ordered ``desc`` (top/highest) or ``asc`` (bottom/lowest)."""

    n: int
    direction: str
    span: tuple[int, int]
    text: str


#: superlatives and the order they ask for
SUPERLATIVES: dict[str, str] = {
    "最高": "desc", "最多": "desc", "最大": "desc", "最好": "desc", "最强": "desc", "最划算": "desc", "最不划算": "asc",
    "最低": "asc", "最少": "asc", "最小": "asc", "最差": "asc", "最弱": "asc",
    "highest": "desc", "largest": "desc", "biggest": "desc", "greatest": "desc", "best": "desc",
    "most": "desc", "lowest": "asc", "smallest": "asc", "least": "asc", "fewest": "asc",
    "worst": "asc", "weakest": "asc", "strongest": "desc",
}  # fmt: skip

_WS = r"\s{0,3}"
_CN_COUNT = f"{CN_DIGIT_CLASS}十百"
_N = rf"(?P<n>[0-9]{{1,4}}(?![0-9.])|[{_CN_COUNT}]{{1,4}}|{EN_NUMBER_WORDS})"
_CL = r"(?:个|名|位|家|只|款|类|种|项|条|户|支|座|所|大|间)?"
_NOT_TIME = r"(?!\s{0,3}个?(?:月|天|日|周|年|季|小时|星期|礼拜|期)|\s{0,3}(?:%|‰|百分|成|percent))"
_ZH_SUP = "|".join(sorted((w for w in SUPERLATIVES if not w.isascii()), key=len, reverse=True))
_EN_SUP = words(*(w for w in SUPERLATIVES if w.isascii()))
_NOT_AT = r"(?<!at\smost)(?<!at\sleast)"
_DIGIT_LEAD = guard("0-9", "0-9.")
_CN_OR_DIGIT = rf"[0-9{CN_DIGIT_CLASS}十]"


@dataclass(frozen=True)
class _Cue:
    n: int | None
    direction: str | None
    span: tuple[int, int]


Reader = Callable[[re.Match[str]], tuple[int | None, str | None]]


def _count(match: re.Match[str]) -> int | None:
    n = to_int(match["n"]) if match["n"] else None
    return n if n is not None and 1 <= n <= 10000 else None


def _neutral(match: re.Match[str]) -> tuple[int | None, str | None]:
    return _count(match), None


def _ascending(match: re.Match[str]) -> tuple[int | None, str | None]:
    return (_count(match) if "n" in match.groupdict() else 1), "asc"


def _superlative(match: re.Match[str]) -> tuple[int | None, str | None]:
    n = _count(match) if match.groupdict().get("n") else None
    return n, SUPERLATIVES[match["sup"]]


def _first(_: re.Match[str]) -> tuple[int | None, str | None]:
    return 1, None


_CUES: tuple[tuple[re.Pattern[str], Reader], ...] = tuple(
    (patterns.compile(pattern), reader)
    for pattern, reader in (
        (rf"倒数{_WS}(?:前|第)?{_WS}{_N}{_NOT_TIME}{_CL}名?", _ascending),
        (rf"(?:排名|排行|排){_WS}(?:最后|后){_WS}{_N}{_NOT_TIME}{_CL}名?", _ascending),
        (rf"最后{_WS}{_N}{_WS}(?:名|位)", _ascending),  # "排名最后五位的支行"
        (rf"后(?<![之以然]后){_WS}{_N}{_WS}(?:名|位)", _ascending),
        (rf"(?:排名|排行|排在|排){_WS}前{_WS}{_N}{_NOT_TIME}{_CL}名?", _neutral),
        (rf"前(?<![目之以提当此先从眼年月日天周]前){_WS}{_N}{_NOT_TIME}{_CL}名?", _neutral),
        (rf"(?P<sup>{_ZH_SUP}){_WS}的{_WS}{_N}{_NOT_TIME}{_CL}", _superlative),
        (rf"哪{_WS}{_N}{_WS}(?:个|家|位|款|类|种|项|条|支|所|间)", _neutral),
        (rf"(?:垫底|末尾|靠后|排尾)(?:的)?{_WS}{_N}{_NOT_TIME}{_CL}", _ascending),  # "垫底的3家支行"
        (r"(?:排名|排行|排)\s{0,3}第(?:一|1)|第(?:一|1)(?:名|位)", _first),
        (r"#\s?1(?![0-9.])", _first),  # "just the #1"
        (r"n(?<![a-z]n)(?:o\.\s?1(?![0-9.])|umber\s+one\b)", _first),  # "the no. 1", "number one"
        (rf"(?P<sup>{_ZH_SUP})(?!{_WS}(?:的{_WS})?{_CN_OR_DIGIT})(?!的?(?:排|放)在?(?:最)?前)", _superlative),
        (rf"{words('top')}[\s-]{{0,3}}{_N}{_NOT_TIME}", _neutral),
        (rf"{words('bottom')}[\s-]{{0,3}}{_N}{_NOT_TIME}", _ascending),
        (rf"(?P<sup>{_EN_SUP}){_NOT_AT}[\s-]{{1,3}}{_N}{_NOT_TIME}", _superlative),
        (rf"(?P<n>{_DIGIT_LEAD}[0-9]{{0,3}})\s{{1,3}}(?P<sup>{_EN_SUP})", _superlative),
        (rf"(?P<n>{EN_NUMBER_WORDS})\s{{1,3}}(?P<sup>{_EN_SUP})", _superlative),
        (rf"{words('which')}\s{{1,3}}{_N}", _neutral),
        (
            rf"(?P<sup>{_EN_SUP}){_NOT_AT}"
            r"(?!\s{1,3}(?:recent|recently|likely|often|of|first|to\s+(?:best|worst))(?![a-z]))(?![\s-]{1,3}[0-9])",
            _superlative,
        ),
    )
)


#: the near end of an order said from one end to the other ("best to worst", "highest to lowest")
_ORDER_FROM = patterns.compile(rf"\b(?:{'|'.join(w for w in SUPERLATIVES if w.isascii())})\s+to\s+$", re.I)


def find_rank(text: str) -> RankRequest | None:
    """The rank request in ``text``, or ``None``.

    ``n`` is 1 for a bare superlative (``最高``, ``highest``, ``哪个…最低``).
    ``top``/``前`` alone (no count) is not a rank request. The span and text are
    those of the cue that gave the count (else the first superlative).
    """
    if not isinstance(text, str):
        return None
    norm = normalize(text)
    cues: list[_Cue] = []
    for pattern, reader in _CUES:
        for match in pattern.finditer(norm):
            if _ORDER_FROM.search(norm, 0, match.start()):
                continue  # "best to worst": the order's far end, not the worst one
            n, direction = reader(match)
            if n is None and direction is None:
                continue
            if "n" in match.groupdict() and match["n"] and n is None:
                continue  # a count was written but is not usable (前0, top 99999)
            cues.append(_Cue(n, direction, match.span()))
    cues = select_spans(cues, lambda c: c.span)
    if not cues:
        return None
    primary = next((c for c in cues if c.n is not None), cues[0])
    direction = primary.direction or next((c.direction for c in cues if c.direction), "desc")
    start, end = primary.span
    return RankRequest(primary.n or 1, direction, (start, end), text[start:end])
