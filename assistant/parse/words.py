"""The language words of the offline parser (``words.yaml``), read once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from semantic_layer.load import read_yaml

WORDS_FILE = Path(__file__).with_name("words.yaml")


@cache
def words_data() -> dict[str, Any]:
    """The parsed ``words.yaml``: word classes per language, and the English shorthand."""
    return read_yaml(WORDS_FILE.read_text(encoding="utf-8"))
