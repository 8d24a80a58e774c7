"""The lexicon's Latin-script matcher (a trie) against the regex alternation it replaced.

The reference below is that regex, kept as it was: every surface, longest first, a space
matching any run of [\\s_-], word boundaries, an optional s/es ending.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parse.vocabulary.lexicon import Entry, Lexicon
from assistant.parse.vocabulary.surface_trie import SurfaceTrie


class RegexMatcher:
    """The matcher ``Lexicon.compile`` built before the trie (and the rule for a number glued on since)."""

    def __init__(self, surfaces: Iterable[str]) -> None:
        parts = []
        for s in sorted(surfaces, key=len, reverse=True):
            escaped = re.escape(s).replace(r"\ ", r"[\s_-]*")
            before = r"(?<![a-z0-9])" if re.match(r"[a-z0-9]", s) else ""
            after = r"(?:s|es)?(?![a-z0-9])" if re.search(r"[a-z0-9]$", s) else ""
            if re.search(r"[a-z]$", s):  # "AUM50万": a number glued on before Chinese
                after = r"(?:(?:s|es)?(?![a-z0-9])|(?=[0-9]+[\u4e00-\u9fff]))"
            parts.append(before + escaped + after)
        self.pattern = re.compile("|".join(parts)) if parts else re.compile(r"(?!x)x")

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        return ((m.start(), m.end()) for m in self.pattern.finditer(text))


SURFACES = [
    "loan", "loan balance", "balance", "deposit", "deposit to loan", "deposit-to-loan",
    "loan conversion rate", "conversion rate", "credit card", "card", "bus", "class", "grocery",
    "groceries", "aum", "户均aum", "手机银行app", "r1谨慎型", "top10", "25-34", "25-34岁", "55+",
    "<25", "300k+", "a -", "x  y", "e-mail", "mail", "wake-up rate", "wake up", "s", "es",
]

TEXTS = [
    "",
    "loans and credit cards",  # plurals
    "buses, classes, bus, busses",  # s before es; "busses" is bus + "ses", not a word
    "groceries vs grocerys",
    "loan_balance loan-balance loan  balance loan _- balance loanbalance loan\tbalance",  # gaps
    "loan__balances",
    "overloan loaner loan1 1loan loan_ _loan",  # a surface inside a longer word
    "aum50万以上 loan1 loan2中 loans3中",  # a number glued on before Chinese
    "top10 cities, top 10, top100, atop10",  # digits
    "25-34岁客户 and 25-34 year olds, 125-34, 25-345",
    "55+ customers, 55+5, <25s, 300k+x",
    "户均aum是多少 aum户均 户均aums 户均aumx",  # Chinese + Latin
    "手机银行app用户 手机银行apps",
    "r1谨慎型 xr1谨慎型",
    "deposit to loan conversion rate",  # overlapping surfaces: longest at the leftmost start
    "deposit-to-loan conversion rates; deposit_to_loan; deposittoloan",
    "a--b a - b a-",  # a gap before a literal hyphen: the longest run that still matches
    "x  y x y xy x_-_y",
    "e-mail e mail email e--mail mails",
    "wake-up rate, wake up rates, wakeup",
    "ss es ses sess",
]


@pytest.mark.parametrize("text", TEXTS)
def test_trie_finds_what_the_regex_found(text: str) -> None:
    assert list(SurfaceTrie(SURFACES).finditer(text)) == list(RegexMatcher(SURFACES).finditer(text))


def test_no_surfaces_find_nothing() -> None:
    assert list(SurfaceTrie([]).finditer("loan balance")) == []


def test_a_surface_of_spaces_is_refused() -> None:
    with pytest.raises(ValueError, match="spaces only"):
        SurfaceTrie(["loan", "  "])


_CHARS = "abes1 _-\t+中"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(_CHARS, min_size=1, max_size=5).filter(lambda s: s.strip(" ")), max_size=8), st.text(_CHARS, max_size=30))
def test_trie_matches_the_regex_on_any_text(surfaces: list[str], text: str) -> None:
    assert list(SurfaceTrie(surfaces).finditer(text)) == list(RegexMatcher(surfaces).finditer(text))


@pytest.mark.parametrize("text", [t for t in TEXTS if not re.search(r"[\u4e00-\u9fff]", t)])
def test_lexicon_mentions_unchanged(text: str) -> None:
    lex = Lexicon()
    for i, surface in enumerate(SURFACES):
        if not re.search(r"[\u4e00-\u9fff]", surface):  # Latin only: no segmenter needed
            lex.add(surface, Entry("value", f"field{i % 3}", surface))
    lex.compile()
    found = lex.find(text.upper())  # mentions keep the question's own text
    lex._latin = RegexMatcher(s for s in lex.surfaces if s not in lex._cjk)  # type: ignore[assignment]
    assert found == lex.find(text.upper())
