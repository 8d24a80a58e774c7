"""Alert rules: when a figure of a saved answer crosses a threshold, or moves more than
a given percentage (or, for rates, percentage points) between two runs.

Thresholds are in the units people read: a rate's ``below 60`` means 60%, a change of
``5`` means 5% (``change_pct``) or 5 percentage points (``change_pp``). A rule looks at
every row of the answer (each region, each month …) and fires for the rows that meet it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from assistant.formatting import format_value
from assistant.store.changes import KEY_ROLES, RATE_FORMATS, cell_change, describe_cell, keyed_rows
from assistant.store.records import AlertRule, Condition, Result, SavedAnswer
from semantic_layer.errors import QueryError, did_you_mean

Check = Callable[[float, float | None, float | None], bool]  # threshold, before, after (in units)


def _crossed_below(threshold: float, before: float | None, after: float | None) -> bool:
    """Below now and not below at the previous run: one alert per crossing, not one a day."""
    return after is not None and after < threshold and not (before is not None and before < threshold)


def _crossed_above(threshold: float, before: float | None, after: float | None) -> bool:
    return after is not None and after > threshold and not (before is not None and before > threshold)


def _moved_pct(threshold: float, before: float | None, after: float | None) -> bool:
    return before is not None and after is not None and before != 0 and abs(after - before) / abs(before) * 100 > threshold


def _moved_points(threshold: float, before: float | None, after: float | None) -> bool:
    return before is not None and after is not None and abs(after - before) > threshold


CHECKS: dict[Condition, Check] = {
    "below": _crossed_below,
    "above": _crossed_above,
    "change_pct": _moved_pct,
    "change_pp": _moved_points,
}
WORDS: dict[Condition, tuple[str, str]] = {
    "below": ("低于", "below"),
    "above": ("高于", "above"),
    "change_pct": ("变动超过", "moves more than"),
    "change_pp": ("变动超过", "moves more than"),
}


def _units(value: float | None, fmt: str) -> float | None:
    """A rate (a fraction) in percent, so thresholds and points read as people write them."""
    return value * 100 if value is not None and fmt in RATE_FORMATS else value


def threshold_text(condition: Condition, threshold: float, fmt: str, lang: str, currency: dict[str, str] | None = None) -> str:
    """"低于 60%", "moves more than 5 pp", "高于 100.00万元" (amounts in the answer's currency)."""
    from semantic_layer.model import Currency

    word = WORDS[condition][0 if lang == "zh" else 1]
    if condition == "change_pp":
        amount = f"{threshold:g} 个百分点" if lang == "zh" else f"{threshold:g} pp"
    elif condition == "change_pct" or fmt in RATE_FORMATS:
        amount = f"{threshold:g}%"
    else:
        amount = format_value(threshold, fmt, lang, currency=Currency(**currency) if currency else None)
    return f"{word} {amount}"


def figures(result: Result) -> list[str]:
    """The columns an alert can watch: every column that is not a row key."""
    return [name for name, role in zip(result.columns, result.roles, strict=True) if role not in KEY_ROLES]


def check_rule(saved: SavedAnswer, metric: str, condition: Condition, threshold: float) -> str:
    """Refuse a rule that cannot mean anything; returns the metric's format."""
    result = saved.last_result
    names = figures(result) if result is not None else []
    if metric not in names:
        raise QueryError(zh=f"保存的回答 {saved.id} 里没有指标 “{metric}”。可以监控的有:{'、'.join(names) or '无'}。",
                         en=f"Saved answer {saved.id} has no figure '{metric}'. Figures you can watch: {', '.join(names) or 'none'}.",
                         suggestions=did_you_mean(metric, names))
    assert result is not None
    fmt = result.formats[result.columns.index(metric)]
    if not math.isfinite(threshold):
        raise QueryError(zh="阈值必须是一个有限的数字。", en="The threshold must be a finite number.")
    if condition in ("change_pct", "change_pp") and threshold <= 0:
        raise QueryError(zh="变动幅度必须大于 0(不分涨跌,例如 5 表示变动超过 5%)。",
                         en="A change must be more than 0 (either direction: 5 means moves more than 5%).")
    if condition == "change_pp" and fmt not in RATE_FORMATS:
        raise QueryError(zh=f"“{metric}” 不是比率,百分点不适用;请用 --change-pct。",
                         en=f"'{metric}' is not a rate, so percentage points do not apply; use --change-pct.")
    if condition in ("below", "above") and fmt in RATE_FORMATS and not 0 <= threshold <= 100:
        raise QueryError(zh=f"“{metric}” 是比率,阈值按百分数给出,应在 0 到 100 之间(60 表示 60%)。",
                         en=f"'{metric}' is a rate: give the threshold in percent, from 0 to 100 (60 means 60%).")
    return fmt


def fired_rows(rule: AlertRule, previous: Result | None, current: Result, lang: str) -> list[str]:
    """The rows of ``current`` for which ``rule`` fires, one line each (empty: it does not)."""
    if rule.metric not in current.columns:
        return []
    old = keyed_rows(previous) if previous is not None else {}
    check, lines = CHECKS[rule.condition], []
    for key, row in keyed_rows(current).items():
        cell = cell_change(previous or current, old.get(key), current, row, rule.metric)
        if check(rule.threshold, _units(cell.before, cell.fmt), _units(cell.after, cell.fmt)):
            lines.append(f"{describe_cell(cell, lang)} — {threshold_text(rule.condition, rule.threshold, cell.fmt, lang, current.currency)}")
    return lines
