"""Which language a person wrote in: the one detector every stage uses."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff21-\uff3a\uff41-\uff5a]")  # full-width letters: a Chinese IME
LATIN = re.compile(r"[A-Za-z]")


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
    cjk, words = len(CJK.findall(sample)), len(re.findall(r"[A-Za-z]+", sample))
    if cjk and cjk >= words:  # "customers outside 华南 (South China)" is English with a gloss
        return "zh"
    if LATIN.search(sample):
        return "en"
    return previous or "en"


def _fragment(text: str) -> bool:
    """Two Latin words or two Chinese characters at most, not both scripts: too short to
    be a question of its own ("deposits by city" is one)."""
    cjk, words = len(CJK.findall(text)), len(re.findall(r"[A-Za-z]+", text))
    return (cjk == 0 and words <= 2) or (words == 0 and cjk <= 2)
