"""Words and pictures around a result: period, summary sentence, chart choice,
metric definitions (口径) and suggested follow-up questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.formatting import format_value
from semantic_layer.compile import CompiledQuery, OutputColumn
from semantic_layer.query import SemanticQuery
from semantic_layer.semantic_model import SemanticModel

if TYPE_CHECKING:
    from assistant.answer import Answer


def period_text(compiled: CompiledQuery, query: SemanticQuery, lang: str) -> str:
    """The period(s) the answer covers, e.g. "上个月(2025-11-01 至 2025-11-30)"."""
    seen: list[str] = []
    for p in compiled.periods.values():
        text = p.label(lang)
        if p.kind == "as_of" and p.end is not None and p.start is not None:
            text = (f"{p.end:%Y-%m} 月末快照(截至 {p.end})" if lang == "zh" else f"month-end snapshot of {p.end:%Y-%m} (as of {p.end})")
        if text not in seen:
            seen.append(text)
    out = "; ".join(seen)
    if query.time_range and query.time_range.relative:
        out = f"{query.time_range.relative}({out})" if lang == "zh" else f"{query.time_range.relative} ({out})"
    return out


SEGMENT_GOALS = {  # conversion metric → its segment goal's name (zh, en) as the finder knows it
    "deposit_to_loan_conversion_rate": ("存转贷", "deposit-to-loan conversion"),
    "loan_to_deposit_conversion_rate": ("贷转存", "loan-to-deposit conversion"),
    "dormant_wakeup_rate": ("沉睡唤醒", "dormant wake-up"),
    "wealth_repurchase_rate": ("理财复购", "wealth repurchase"),
}

CHART_KINDS = {
    # (has time, number of category columns) -> chart kind
    (True, 0): "line",
    (True, 1): "line",
    (False, 1): "bar",
    (False, 2): "grouped_bar",
}


def chart_for(columns: list[OutputColumn], rows: list[list[Any]]) -> dict[str, Any]:
    """time → line, categories → bar, one number → KPI, otherwise a table."""
    time = [c.name for c in columns if c.role == "time"]
    dims = [c.name for c in columns if c.role == "dimension"]
    metrics = [c.name for c in columns if c.role in ("metric", "share")]
    if not time and not dims:
        return {"kind": "kpi" if len(rows) == 1 else "table", "y": metrics}
    kind = CHART_KINDS.get((bool(time), len(dims)), "table")
    x = time[0] if time else dims[0]
    series = dims[0] if time and dims else (dims[1] if len(dims) > 1 else None)
    return {"kind": kind, "x": x, "y": [m for m in metrics if not m.endswith("_share")] or metrics, "series": series}


def definitions(model: SemanticModel, query: SemanticQuery, lang: str) -> list[dict[str, str]]:
    out = []
    for name in query.metrics:
        m = model.metric(name)
        out.append({"metric": name, "label": m.label.zh if lang == "zh" else m.label.en,
                    "definition": m.description.zh if lang == "zh" else m.description.en})
    return out


def summarize(answer: Answer, model: SemanticModel, query: SemanticQuery) -> str:
    """One sentence in the question's language: metric, period and the key figure."""
    zh = answer.lang == "zh"
    metric = query.metrics[0]
    label = answer.column_labels[answer.columns.index(metric)] if metric in answer.columns else metric
    m_idx = answer.columns.index(metric) if metric in answer.columns else len(answer.columns) - 1
    period = answer.period or ""
    if not answer.rows:
        return f"{period},没有符合条件的数据。" if zh else f"No data matches for {period}."
    dims = [i for i, f in enumerate(answer.column_formats) if f in ("text", "date") and i < m_idx]
    if not dims:
        value = answer.display[0][m_idx]
        return f"{period},{label}为 {value}。" if zh else f"{label} for {period}: {value}."
    key = dims[0]
    if answer.column_formats[key] == "date" and len(answer.rows) > 1:
        first, last = answer.display[0], answer.display[-1]
        return (f"{period},{label}从 {first[key]} 的 {first[m_idx]} 变为 {last[key]} 的 {last[m_idx]},共 {len(answer.rows)} 期。" if zh
                else f"{label} went from {first[m_idx]} in {first[key]} to {last[m_idx]} in {last[key]} ({len(answer.rows)} periods, {period}).")
    ranked = [r for r in zip(answer.rows, answer.display, strict=False) if isinstance(r[0][m_idx], int | float)]
    if not ranked:
        return f"{period},共 {len(answer.rows)} 组结果。" if zh else f"{len(answer.rows)} groups for {period}."
    desc = not any(o.direction == "asc" for o in query.order_by)
    top = max(ranked, key=lambda r: r[0][m_idx]) if desc else min(ranked, key=lambda r: r[0][m_idx])
    name = " / ".join(top[1][i] for i in dims)
    word_zh, word_en = ("最高", "highest") if desc else ("最低", "lowest")
    if len(answer.rows) == 1:
        share = _share_text(answer, 0, metric, zh)
        return f"{period},{name} 的{label}为 {top[1][m_idx]}{share}。" if zh else f"{label} for {name} ({period}): {top[1][m_idx]}{share}."
    return (f"{period},{label}{word_zh}的是 {name}({top[1][m_idx]}),共 {len(answer.rows)} 组。" if zh
            else f"{name} has the {word_en} {label} ({top[1][m_idx]}) of {len(answer.rows)} groups, {period}.")


def _share_text(answer: Answer, row: int, metric: str, zh: bool) -> str:
    name = f"{metric}_share"
    if name not in answer.columns:
        return ""
    value = answer.display[row][answer.columns.index(name)]
    return f",占全部的 {value}" if zh else f", {value} of the total"


def followups(model: SemanticModel, query: SemanticQuery, lang: str) -> list[str]:
    """Suggested next questions that the parser understands as follow-ups."""
    zh = lang == "zh"
    out: list[str] = []
    fields = {g.field for g in query.group_by}
    if "region" not in fields:
        out.append("按区域拆分呢?" if zh else "Split by region?")
    timed = all(model.metric(m).kind not in ("customers",) and (model.metric(m).time or model.metric(m).kind in ("ratio", "derived", "conversion"))
                for m in query.metrics)
    if "time" not in fields and timed and not any(model.metric(m).default_period == "as_of" for m in query.metrics):
        out.append("按月看趋势呢?" if zh else "What about the monthly trend?")
    if "value_tier" not in fields and len(out) < 3:
        out.append("按价值等级拆分呢?" if zh else "Split by value tier?")
    for m in query.metrics:  # a conversion rate invites "who should we contact next?"
        goal = SEGMENT_GOALS.get(m)
        if goal:
            out.insert(0, f"推荐{goal[0]}目标客群" if zh else f"Suggest target segments for {goal[1]}")
            break
    return out[:4]


__all__ = ["chart_for", "definitions", "followups", "format_value", "period_text", "summarize"]
