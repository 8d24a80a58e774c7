"""Chinese word segmentation (jieba) with one dictionary load per process.

jieba's prefix dictionary (half a million entries) is the largest thing the parser reads.
jieba loads its cache with ``marshal.load`` on an open file, which reads item by item
(1.5 s here); read whole and decoded at once it takes a quarter of that. Every user of the
segmenter shares that one load: the default tokenizer cuts model names into words, and
the question tokenizer is a copy that also knows every model word.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from typing import Any


@cache
def base() -> Any:
    """jieba's default tokenizer, initialised (once) from jieba's own cache file."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.dt
    if not tok.initialized:
        cached = os.path.join(tok.tmp_dir or tempfile.gettempdir(), "jieba.cache")  # where jieba keeps it
        try:
            with open(cached, "rb") as f:
                tok.FREQ, tok.total = marshal.loads(f.read())
            tok.initialized = True
        except (OSError, ValueError, EOFError, TypeError):
            tok.initialize()  # no cache yet, or another Python's: jieba builds and writes it
    return tok


def knowing(words: Iterable[str]) -> Any:
    """A tokenizer that keeps each of ``words`` whole: a copy of the default dictionary
    with the words added, frequent enough to stay whole but not to split their neighbours."""
    import jieba

    default = base()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(default.FREQ), default.total, True
    for w in words:
        if len(w) >= 2:
            tok.add_word(w, freq=tok.suggest_freq(w, tune=False))
    return tok
