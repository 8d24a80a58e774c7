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
    from semantic_layer.compile.adhoc import resolve_metric

    out = []
    for ref in query.metrics:
        m = resolve_metric(model, ref)
        out.append({"metric": m.name, "label": m.label.zh if lang == "zh" else m.label.en,
                    "definition": m.description.zh if lang == "zh" else m.description.en})
    return out


def summarize(answer: Answer, model: SemanticModel, query: SemanticQuery) -> str:
    """One sentence in the question's language: metric, period and the key figure."""
    zh = answer.lang == "zh"
    metric = query.metric_names[0]
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
    from semantic_layer.compile.adhoc import resolve_metric

    metrics = [resolve_metric(model, m) for m in query.metrics]
    timed = all(m.kind not in ("customers",) and (m.time or m.kind in ("ratio", "derived", "conversion")) for m in metrics)
    if "time" not in fields and timed and not any(m.default_period == "as_of" for m in metrics):
        out.append("按月看趋势呢?" if zh else "What about the monthly trend?")
    if "value_tier" not in fields and len(out) < 3:
        out.append("按价值等级拆分呢?" if zh else "Split by value tier?")
    for m in query.metric_names:  # a conversion rate invites "who should we contact next?"
        goal = SEGMENT_GOALS.get(m)
        if goal:
            out.insert(0, f"推荐{goal[0]}目标客群" if zh else f"Suggest target segments for {goal[1]}")
            break
    return out[:4]


__all__ = ["chart_for", "definitions", "followups", "format_value", "period_text", "summarize"]


# -- what a query applies, in words ------------------------------------------------------

OP_WORDS: dict[str, tuple[str, str]] = {
    "=": ("=", "="), "!=": ("≠", "≠"), "in": ("=", "="), "not_in": ("不是", "not"),
    ">": (">", ">"), ">=": ("≥", "≥"), "<": ("<", "<"), "<=": ("≤", "≤"),
    "between": ("介于", "between"), "is_null": ("为空", "is empty"), "not_null": ("不为空", "is known"),
}


def field_label(model: SemanticModel, name: str, lang: str) -> str:
    ref = model.tags.get(name) or next((dims[name] for dims in model.dimensions.values() if name in dims), None)
    if ref is None:
        return name
    return ref.label.zh if lang == "zh" else ref.label.en


def _value_text(model: SemanticModel, field: str, value: object, lang: str) -> str:
    labels = model.field_values(field)
    if isinstance(value, bool):
        key = "true" if value else "false"
        if key in labels:
            return labels[key].zh if lang == "zh" else labels[key].en
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, tuple):
        sep = "、" if lang == "zh" else ", "
        return sep.join(_value_text(model, field, v, lang) for v in value)
    text = str(value)
    if text in labels:
        return labels[text].zh if lang == "zh" else labels[text].en
    return text


def filter_text(model: SemanticModel, f: Any, lang: str) -> str:
    """"价值等级=高价值", "region not East China", "age ≥ 30"."""
    name = field_label(model, f.field, lang) if f.field not in model.metrics else (
        model.metrics[f.field].label.zh if lang == "zh" else model.metrics[f.field].label.en)
    zh_op, en_op = OP_WORDS[f.op]
    op = zh_op if lang == "zh" else en_op
    if f.op in ("is_null", "not_null"):
        return f"{name}{op}" if lang == "zh" else f"{name} {op}"
    if f.op == "between":
        low, high = f.value
        return f"{name}{op}{low}和{high}之间" if lang == "zh" else f"{name} {op} {low} and {high}"
    value = _value_text(model, f.field, f.value, lang)
    if isinstance(f.value, bool) and ("true" if f.value else "false") in model.field_values(f.field):
        return value  # "非代发客户", not "代发客户=非代发客户"
    if f.op in ("=", "in"):
        return f"{name}={value}"
    return f"{name}{op}{value}" if lang == "zh" else f"{name} {op} {value}"


def metric_label(model: SemanticModel, ref: Any, lang: str) -> str:
    from semantic_layer.compile.adhoc import resolve_metric

    metric = resolve_metric(model, ref)
    return metric.label.zh if lang == "zh" else metric.label.en


def applied(model: SemanticModel, query: SemanticQuery, lang: str) -> list[str]:
    """What the query applies, one phrase each: conditions, breakdown, share base, comparison, order."""
    zh = lang == "zh"
    out = [filter_text(model, f, lang) for f in query.filters]
    dims = [field_label(model, g.field, lang) if g.field != "time" else (f"按{g.grain}" if zh else f"by {g.grain}") for g in query.group_by]
    if dims:
        out.append(("按" + "、".join(dims) + "拆分") if zh else ("by " + ", ".join(dims)))
    if query.share is not None:
        part = "、".join(filter_text(model, f, lang) for f in query.share.part) if zh else ", ".join(filter_text(model, f, lang) for f in query.share.part)
        base = ("各组" if query.share.within == "group" else "全部") if zh else ("each group" if query.share.within == "group" else "the whole")
        out.append(f"占比:{part} 占{base}" if zh else f"share: {part} out of {base}")
    if query.share_of_total:
        out.append("占全部的比例" if zh else "share of the total")
    if query.compare is not None:
        words = {"previous": ("与上期对比", "vs the previous period"), "year_ago": ("与去年同期对比", "vs the same period a year earlier")}
        out.append(words[query.compare.to][0 if zh else 1])
    for o in query.order_by:
        name = o.field if o.field not in query.metric_names else metric_label(model, query.metrics[query.metric_names.index(o.field)], lang)
        if zh:
            out.append(f"按{name}{'从高到低' if o.direction == 'desc' else '从低到高'}")
        else:
            out.append(f"{name} {'highest' if o.direction == 'desc' else 'lowest'} first")
    if query.limit:
        out.append(f"取前 {query.limit} 条" if zh else f"first {query.limit}")
    return out


def query_phrase(model: SemanticModel, query: SemanticQuery, lang: str) -> str:
    """The whole reading in one line: metrics; conditions; period."""
    zh = lang == "zh"
    metrics = ("、" if zh else ", ").join(metric_label(model, m, lang) for m in query.metrics)
    parts = [metrics, *applied(model, query, lang)]
    tr = query.time_range
    if tr is not None and tr.start is not None:
        parts.append(f"{tr.start} 至 {tr.end}" if zh else f"{tr.start} to {tr.end}")
    elif tr is not None and tr.relative:
        parts.append(tr.relative)
    return (";" if zh else "; ").join(parts)
