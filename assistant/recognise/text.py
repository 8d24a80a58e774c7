"""Text helpers shared by the number and time parsers.

* :func:`normalize` folds full-width forms to ASCII and ASCII letters to lower
  case **one character for one character**, so offsets found in the normalized
  text are offsets in the original text, and patterns need no ``re.IGNORECASE``.
* :func:`select_spans` keeps non-overlapping candidates, longest first, in
  O(n log n).
* :func:`guard` and :func:`words` build patterns whose first element is a plain
  character class or literal. The regex engine then skips quickly to possible
  starts; a leading look-behind, an optional group or ``re.IGNORECASE`` would
  make it try every position, about 20x slower on long input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # full-width ASCII
_FOLD.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
_FOLD.update({code: code + 32 - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ → a-z
_FOLD.update(
    {
        0x3000: ord(" "),  # ideographic space
        0x00A0: ord(" "),
        0x2002: ord(" "),
        0x2003: ord(" "),
        0x2212: ord("-"),  # minus sign
        0x301C: ord("~"),  # wave dash
    }
)

T = TypeVar("T")


def normalize(text: str) -> str:
    """Full-width → half-width, ASCII upper → lower; same length as ``text``."""
    return text.translate(_FOLD)


def guard(first: str, not_before: str) -> str:
    """One character of class ``first`` that does not follow a ``not_before`` character.

    Written as the class followed by a two-character look-behind, which is
    equivalent to a leading look-behind but keeps the class first.
    """
    return f"[{first}](?<![{not_before}][{first}])"


def words(*phrases: str, sep: str = r"\s{1,3}") -> str:
    """Letter-bounded alternation of lower-case phrases, compiled as a prefix tree.

    Spaces inside a phrase match ``sep``. Sharing prefixes (``t(?:op|oday|wenty…)``)
    keeps the alternation cheap, every branch starts with a literal, and the
    greedy optional tails make the longest phrase win.
    """
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict], top: bool = False) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if not char:
                continue
            head = sep if char == " " else re.escape(char)
            if top and char.isalpha():
                head = f"{head}(?<![a-z]{head})"
            branches.append(head + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(tree, top=True) + ")(?![a-z])"


def select_spans(
    items: Iterable[T],
    span_of: Callable[[T], tuple[int, int]],
    priority_of: Callable[[T], int] | None = None,
) -> list[T]:
    """Keep non-overlapping items, longest first; ties go to the earlier start.

    ``priority_of`` (lower is better) breaks remaining ties. The result is in
    text order. Occupied offsets are kept in a byte map, so the cost is the sort
    plus the total length of the candidates.
    """

    def key(item: T) -> tuple[int, int, int]:
        start, end = span_of(item)
        return (start - end, start, priority_of(item) if priority_of else 0)

    ordered = sorted(items, key=lambda item: span_of(item)[0])
    if all(span_of(a)[1] <= span_of(b)[0] for a, b in zip(ordered, ordered[1:], strict=False)):
        return [item for item in ordered if span_of(item)[1] > span_of(item)[0]]
    ordered.sort(key=key)
    taken = bytearray(max(span_of(item)[1] for item in ordered))
    chosen: list[tuple[int, T]] = []
    for item in ordered:
        start, end = span_of(item)
        if end <= start or taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, item))
    chosen.sort(key=lambda pair: pair[0])
    return [item for _, item in chosen]
