"""An answer's first rows as a monospaced text table, for a Block Kit code block.

Slack has no table block; a code block keeps columns aligned if every cell is padded
to its display width (a Chinese character takes two columns).
"""

from __future__ import annotations

import unicodedata

NUMERIC = frozenset({"integer", "currency", "percent", "number", "ratio", "pp", "percent_change"})
CELL_WIDTH = 24


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int = CELL_WIDTH) -> str:
    """``text`` cut to ``width`` display columns, with an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def text_table(labels: list[str], formats: list[str], rows: list[list[str]]) -> str:
    """Header, rule and rows; numbers right-aligned, text left-aligned."""
    cells = [[clip(c.replace("`", "'").replace("\n", " ")) for c in row] for row in [labels, *rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(labels))]
    right = [f in NUMERIC for f in formats]
    lines = ["  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right, strict=False)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
