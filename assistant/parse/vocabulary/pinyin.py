"""The pinyin of names read from the data (上海 → shanghai), for English questions.

Importing pypinyin reads its dictionaries (0.3 s), so the pinyin of a mart's names is
kept between runs (``disk_cache``), keyed by the names and the installed pypinyin: a
warm start does not load it.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable

from semantic_layer import disk_cache


def _has_hanzi(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _joined(syllables: list[str]) -> str:
    """Syllables joined as pinyin is written: an apostrophe before one that starts with a vowel (西安 → xi'an)."""
    return "".join(("'" + s if i and s[:1].lower() in "aeo" else s) for i, s in enumerate(syllables))


def pinyin_of(texts: Iterable[str]) -> dict[str, str]:
    """Each text with Chinese characters → its pinyin, lower case, syllables joined (an apostrophe before a
    syllable that starts with a vowel: xi'an)."""
    names = sorted({t for t in texts if _has_hanzi(t)})
    spec = importlib.util.find_spec("pypinyin")
    if not names or spec is None or spec.origin is None:
        return {}
    installed = os.stat(spec.origin)  # a new pypinyin is a new key
    path = disk_cache.cache_path("pinyin", ["apostrophes", spec.origin, str(installed.st_size), str(installed.st_mtime_ns), *names])
    kept = disk_cache.load(path)
    if isinstance(kept, dict):
        return kept
    from pypinyin import lazy_pinyin

    sounds = {t: _joined(lazy_pinyin(t)).lower() for t in names}
    disk_cache.store(path, sounds)
    return sounds
