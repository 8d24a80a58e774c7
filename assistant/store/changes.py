"""What changed between two runs of a saved answer: rows added and removed (by their
dimension and time values), and every figure that moved — rates in percentage points,
other figures as a difference and a relative change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.formatting import format_value
from assistant.store.records import Result

KEY_ROLES = frozenset({"dimension", "time"})
RATE_FORMATS = frozenset({"percent", "pp", "percent_change"})  # fractions: their changes are points
Key = tuple[Any, ...]


@dataclass(frozen=True)
class CellChange:
    """One figure of one row, before and after (``None``: hidden or missing), with how
    each was shown ("<5" for a hidden small group)."""

    row: str  # the row's dimension values as shown, "" for a single-row answer
    column: str
    label: str
    fmt: str
    before: float | None
    after: float | None
    before_shown: str = "—"
    after_shown: str = "—"
    currency: dict[str, str] | None = None  # the answer's currency, for amounts

    @property
    def is_rate(self) -> bool:
        return self.fmt in RATE_FORMATS

    @property
    def delta(self) -> float | None:
        """After minus before, in the column's own units (a fraction for rates)."""
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def relative(self) -> float | None:
        """The change as a fraction of the old value; not for rates (they move in points)."""
        if self.delta is None or self.is_rate or not self.before:
            return None
        return self.delta / abs(self.before)


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    cells: tuple[CellChange, ...]
    unchanged: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.cells)


def as_number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


Row = tuple[tuple[Any, ...], tuple[str, ...]]  # raw values, and as shown


def keyed_rows(result: Result) -> dict[Key, Row]:
    """Each row under its key: the values of its dimension and time columns."""
    keys = [i for i, role in enumerate(result.roles) if role in KEY_ROLES]
    return {tuple(row[i] for i in keys): (row, shown) for row, shown in zip(result.rows, result.display, strict=True)}


def row_label(result: Result, shown: tuple[str, ...]) -> str:
    return " / ".join(shown[i] for i, role in enumerate(result.roles) if role in KEY_ROLES)


def cell_change(before: Result, old: Row | None, after: Result, new: Row, column: str) -> CellChange:
    """The figure ``column`` of one row in two results (``old`` None: the row is new)."""
    i = after.columns.index(column)
    j = before.columns.index(column) if column in before.columns else None
    was = as_number(old[0][j]) if old is not None and j is not None else None
    was_shown = old[1][j] if old is not None and j is not None else "—"
    return CellChange(row_label(after, new[1]), column, after.labels[i], after.formats[i],
                      was, as_number(new[0][i]), was_shown, new[1][i], after.currency)


def compare_results(before: Result, after: Result) -> Changes:
    """Rows matched on their key columns; figures compared in the columns both results have."""
    old, new = keyed_rows(before), keyed_rows(after)
    figures = [name for name, role in zip(after.columns, after.roles, strict=True)  # a rate moves, not its parts
               if role not in KEY_ROLES and role != "operand" and name in before.columns]
    cells = [cell_change(before, old[key], after, row, name) for key, row in new.items() if key in old for name in figures]
    return Changes(added=tuple(row_label(after, new[k][1]) for k in new if k not in old),
                   removed=tuple(row_label(before, old[k][1]) for k in old if k not in new),
                   cells=tuple(c for c in cells if c.before != c.after or c.before_shown != c.after_shown),
                   unchanged=sum(1 for c in cells if c.before == c.after and c.before_shown == c.after_shown))


def _signed(value: float, fmt: str, lang: str, currency: dict[str, str] | None = None) -> str:
    """"+30.90万元", "-¥6.36M": the sign first, wherever the currency would put it."""
    from semantic_layer.model import Currency

    text = format_value(abs(value), fmt, lang, currency=Currency(**currency) if currency else None)
    return f"{'-' if value < 0 else '+'}{text}"


def describe_cell(cell: CellChange, lang: str) -> str:
    """"华东 · 贷款发放金额: 389.10万元 → 420.00万元(+30.90万元,+7.94%)"; rates in points."""
    shown = f"{cell.before_shown} → {cell.after_shown}"
    parts = []
    if cell.delta is not None:
        parts.append(format_value(cell.delta, "pp", lang) if cell.is_rate else _signed(cell.delta, cell.fmt, lang, cell.currency))
    if cell.relative is not None:
        parts.append(format_value(cell.relative, "percent_change", lang))
    where = f"{cell.row} · {cell.label}" if cell.row else cell.label
    if not parts:
        return f"{where}: {shown}"
    return f"{where}: {shown}({','.join(parts)})" if lang == "zh" else f"{where}: {shown} ({', '.join(parts)})"


def describe_changes(changes: Changes, lang: str) -> list[str]:
    """One line per added/removed row and per moved figure, in ``lang``."""
    zh = lang == "zh"
    if not changes.any:
        return ["与上次运行相比没有变化。" if zh else "No change since the last run."]
    total = "(合计)" if zh else "(total)"
    lines = [f"新增:{row or total}" if zh else f"new row: {row or total}" for row in changes.added]
    lines += [f"消失:{row or total}" if zh else f"row gone: {row or total}" for row in changes.removed]
    lines += [describe_cell(c, lang) for c in changes.cells]
    if changes.unchanged:
        lines.append(f"其余 {changes.unchanged} 个数字未变。" if zh else f"{changes.unchanged} other figures unchanged.")
    return lines
