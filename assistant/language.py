"""Which language a person wrote in: the one detector every stage uses."""

from __future__ import annotations

import re
from typing import Literal

from assistant import patterns

Lang = Literal["zh", "en"]

CJK = patterns.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff21-\uff3a\uff41-\uff5a]")  # full-width letters: a Chinese IME
LATIN = patterns.compile(r"[A-Za-z]")


def detect_lang(text: str, previous: Lang | None = None) -> Lang:
    """``zh`` if ``text`` has Chinese characters or full-width letters ("ＡＵＭ？"; but
    "What is the AUM by region？" is en: full-width punctuation alone is not Chinese) at
    least as many as its Latin words ("customers outside 华南" is en), ``en`` if it has
    Latin letters, else
    the conversation's language (a bare "2" keeps it). A fragment in the other language
    ("by month" in a Chinese conversation, "按月" in an English one) keeps the
    conversation's language too: it continues the conversation, it does not switch it."""
    sample = text[:2000] if isinstance(text, str) else ""
    if previous is not None and _fragment(sample):
        return previous
    cjk, latin = len(CJK.findall(sample)), re.findall(r"[A-Za-z]+", sample)
    words = len(latin)
    # "how many delivered touches in 2025春季沉睡客户唤醒行动 did NOT convert?": an English sentence
    # around a Chinese name — its grammar words say so, however long the name
    sentence = sum(w.lower() in _GRAMMAR for w in latin) >= 2 and 2 * words > cjk
    if cjk and cjk >= words and not sentence:  # "本月AUM vs 上月AUM" is Chinese with English terms
        return "zh"
    if LATIN.search(sample):
        return "en"
    return previous or "en"


#: English grammar and question words: a sentence written in English has several
_GRAMMAR = frozenset(["how", "many", "much", "what", "which", "who", "whose", "when", "where", "why", "the", "a", "an", "did", "does", "do", "is", "are", "was", "were", "of", "in", "on", "by", "for", "with", "and", "or", "not", "no", "per", "to", "from", "our", "we", "have", "has", "had", "last", "this", "that", "these", "those", "show", "me", "give", "than", "vs"])


def _fragment(text: str) -> bool:
    """Two Latin words or two Chinese characters at most, not both scripts: too short to
    be a question of its own ("deposits by city" is one)."""
    cjk, words = len(CJK.findall(text)), len(re.findall(r"[A-Za-z]+", text))
    return (cjk == 0 and words <= 2) or (words == 0 and cjk <= 2)
