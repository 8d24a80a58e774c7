"""Words and pictures around a result: period, summary sentence, chart choice,
metric definitions (口径) and suggested follow-up questions."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from assistant.formatting import format_bucket, format_value, jsonable
from semantic_layer.compile import CompiledQuery, OutputColumn
from semantic_layer.compile.plan import empty_groups_left_out, metric_tables
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
    baseline = [p.label(lang) if p.kind != "as_of" else (f"截至 {p.end}" if lang == "zh" else f"as of {p.end}")
                for p in compiled.baseline_periods.values()]
    if baseline:
        out += (f";对比期 {baseline[0]}" if lang == "zh" else f"; compared with {baseline[0]}")
    return out



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
    constant = {c.name for c in columns if c.role == "dimension"} if len(rows) <= 1 else set()
    dims = [c.name for c in columns if c.role == "dimension" and c.name not in constant]
    shares = [c.name for c in columns if c.role == "share"]
    metrics = [c.name for c in columns if c.role == "metric"]
    ratios = [c.name for c in columns if c.role == "ratio"]
    if ratios:
        metrics = ratios  # one figure as a share of another: the ratio is the answer
    elif any(c.role == "share" for c in columns) and any(c.role == "base" for c in columns):
        metrics = shares  # a share of a base: the share is the answer
    elif any(c.role == "overall" for c in columns):
        metrics = [c.name for c in columns if c.role in ("metric", "overall")]  # the part beside the whole
    elif any(c.role == "baseline" for c in columns):
        metrics = [c.name for c in columns if c.role in ("metric", "baseline")]  # current beside baseline
    if not time and not dims:
        return {"kind": "kpi" if len(rows) == 1 else "table", "y": metrics}
    kind = CHART_KINDS.get((bool(time), len(dims)), "table")
    x = time[0] if time else dims[0]
    series = dims[0] if time and dims else (dims[1] if len(dims) > 1 else None)
    return {"kind": kind, "x": x, "y": metrics or shares, "series": series}


def definitions(model: SemanticModel, query: SemanticQuery, lang: str) -> list[dict[str, str]]:
    from semantic_layer.compile.adhoc import resolve_metric

    out = []
    for ref in query.metrics:
        m = resolve_metric(model, ref)
        out.append({"metric": m.name, "label": m.label.zh if lang == "zh" else m.label.en,
                    "definition": m.description.zh if lang == "zh" else m.description.en})
    return out


def _col(answer: Answer, role: str) -> int | None:
    roles = answer_roles(answer)
    return next((i for i, r in enumerate(roles) if r == role), None)


def answer_roles(answer: Answer) -> list[str]:
    """Each column's role (time, dimension, metric, operand, share …): as compiled, or read back from
    its name and format for an answer stored before roles were kept."""
    if len(answer.column_roles) == len(answer.columns):
        return list(answer.column_roles)
    roles = []
    for name, fmt in zip(answer.columns, answer.column_formats, strict=False):
        if fmt == "date":
            roles.append("time")
        elif name.endswith("_share") and fmt == "percent":
            roles.append("share")
        elif "__of__" in name and fmt == "percent":
            roles.append("ratio")
        elif name.endswith("_base"):
            roles.append("base")
        elif name.endswith("_previous"):
            roles.append("baseline")
        elif name.endswith("_vs_overall"):
            roles.append("difference")
        elif name.endswith("_overall"):
            roles.append("overall")
        elif name.endswith("_change_pct"):
            roles.append("change_pct")
        elif name.endswith("_change"):
            roles.append("change")
        elif fmt == "text":
            roles.append("dimension")
        else:
            roles.append("metric")
    return roles


def summarize(answer: Answer, model: SemanticModel, query: SemanticQuery) -> str:
    """One sentence in the question's language: metric, period and the key figure."""
    zh = answer.lang == "zh"
    period = answer.period or ""
    if not answer.rows:
        return f"{period},没有符合条件的数据。" if zh else f"No data matches {_for(period)}."
    if query.compare is not None:
        return _compare_sentence(answer, zh, period)
    if query.share is not None:
        return _share_sentence(answer, model, query, zh, period)
    if query.benchmark is not None:
        return _benchmark_sentence(answer, model, query, zh, period)
    if query.ratio_column in answer.columns:
        return _ratio_sentence(answer, query, zh, period)
    metric = query.metric_names[0]
    label = answer.column_labels[answer.columns.index(metric)] if metric in answer.columns else metric
    m_idx = answer.columns.index(metric) if metric in answer.columns else len(answer.columns) - 1
    dims = [i for i, f in enumerate(answer.column_formats) if f in ("text", "date") and i < m_idx]
    if dims and any(f.field == metric and f.op == "=" and f.value == 0 for f in query.filters):
        # "which cities had no business-loan disbursements": the groups named, not the highest of zeros
        names = ("、" if zh else ", ").join(d[dims[0]] for d in answer.display[:12])
        more = ("等" if zh else ", …") if len(answer.rows) > 12 else ""
        group = answer.column_labels[dims[0]]
        return (f"{period},没有{label}的{group}共 {len(answer.rows)} 个:{names}{more}。" if zh
                else f"{group} with no {label}, {period} ({len(answer.rows)}): {names}{more}.")
    if not dims:  # one row: every metric asked, in the question's order ("mean, median and max")
        shown = [answer.columns.index(n) for n in query.metric_names if n in answer.columns] or [m_idx]
        if all(answer.rows[0][i] is None for i in shown):  # "这个月的营销转化率" with no campaign this month
            return (f"{period},没有可计算{label}的数据(期间内没有相应记录)。" if zh
                    else f"No {label} {_for(period)}: there are no records to compute it from.")
        values = [(answer.column_labels[i], answer.display[0][i]) for i in shown]
        if zh:
            return f"{period}," + ",".join(f"{lab}为 {v}" for lab, v in values) + "。"
        return "; ".join(f"{lab} {_for(period)}: {v}" if n == 0 else f"{lab}: {v}" for n, (lab, v) in enumerate(values)) + "."
    key = dims[0]
    if answer.column_formats[key] == "date" and len(dims) > 1 and len(answer.rows) > 1:
        # a trend per group: the latest period's highest group
        latest = max(r[key] for r in answer.rows)
        rows = [(r, d) for r, d in zip(answer.rows, answer.display, strict=False)
                if r[key] == latest and isinstance(r[m_idx], int | float)]
        if rows:
            top = max(rows, key=lambda x: x[0][m_idx])
            name = " / ".join(top[1][i] for i in dims[1:])
            return (f"{period},最近一期({top[1][key]}){label}最高的是 {name}({top[1][m_idx]})。" if zh
                    else f"In the latest period ({top[1][key]}), {name} has the highest {label} ({top[1][m_idx]}); {period}.")
    if answer.column_formats[key] == "date" and len(answer.rows) > 1:
        first, last = answer.display[0], answer.display[-1]
        return (f"{period},{label}从 {first[key]} 的 {first[m_idx]} 变为 {last[key]} 的 {last[m_idx]},共 {len(answer.rows)} 期。" if zh
                else f"{label} went from {first[m_idx]} in {first[key]} to {last[m_idx]} in {last[key]} ({len(answer.rows)} periods, {period}).")
    ranked = [r for r in zip(answer.rows, answer.display, strict=False) if isinstance(r[0][m_idx], int | float)]
    if not ranked:
        return f"{period},共 {len(answer.rows)} 组结果。" if zh else f"{len(answer.rows)} groups {_for(period)}."
    desc = not any(o.direction == "asc" and o.field in query.metric_names for o in query.order_by)  # an order by a field says nothing
    top = max(ranked, key=lambda r: r[0][m_idx]) if desc else min(ranked, key=lambda r: r[0][m_idx])
    name = " / ".join(top[1][i] for i in dims)
    word_zh, word_en = ("最高", "highest") if desc else ("最低", "lowest")
    if len(answer.rows) == 1:  # one group: every metric asked, as for one row ("the Dec activation campaign: cost per conversion and ROI")
        share = _share_text(answer, 0, metric, zh)
        shown = [answer.columns.index(n) for n in query.metric_names if n in answer.columns] or [m_idx]
        values = [(answer.column_labels[i], answer.display[0][i]) for i in shown]
        if zh:
            return f"{period},{name} 的" + ",".join(f"{lab}为 {v}" for lab, v in values) + f"{share}。"
        return "; ".join(f"{lab} for {name} ({period}): {v}" if n == 0 else f"{lab}: {v}" for n, (lab, v) in enumerate(values)) + f"{share}."
    return (f"{period},{label}{word_zh}的是 {name}({top[1][m_idx]}),共 {len(answer.rows)} 组。" if zh
            else f"{name} has the {word_en} {label} ({top[1][m_idx]}) of {len(answer.rows)} groups, {period}.")


def _unsigned(shown: str) -> str:
    """"¥-6.36M" after "down" reads "¥6.36M": the sign, wherever the unit put it, goes."""
    return re.sub(r"^([^\d+-]*)[+-]", r"\1", shown)


def _compare_sentence(answer: Answer, zh: bool, period: str) -> str:
    """"贷款余额 17.95亿元,较对比期 17.56亿元增加 3,973.01万元(+2.26%)"."""
    roles = answer_roles(answer)
    dims = [i for i, r in enumerate(roles) if r in ("dimension", "time")]
    now, before, change, pct = (roles.index(r) for r in ("metric", "baseline", "change", "change_pct"))
    label = answer.column_labels[now]
    parts = []
    for row, shown in list(zip(answer.rows, answer.display, strict=False))[:3]:
        who = " / ".join(shown[i] for i in dims)
        up = (row[change] or 0) >= 0
        if zh:
            verb = "增加" if up else "减少"
            parts.append(f"{who + ' ' if who else ''}{label} {shown[now]},较对比期 {shown[before]}{verb} {_unsigned(shown[change])}(变化率 {shown[pct]})")
        else:
            verb = "up" if up else "down"
            parts.append(f"{who + ': ' if who else ''}{label} {shown[now]} vs {shown[before]}, {verb} {_unsigned(shown[change])} ({shown[pct]})")
    more = (f"等 {len(answer.rows)} 组" if zh else f" and {len(answer.rows) - 3} more") if len(answer.rows) > 3 else ""
    return (f"{period}:" + ";".join(parts) + more + "。") if zh else (f"{period}: " + "; ".join(parts) + more + ".")


def _read_tables(model: SemanticModel, query: SemanticQuery) -> set[str]:
    """The tables the query's figures read (the channel of transactions, not of loans, in "channel=app")."""
    from semantic_layer.compile.adhoc import resolve_metric

    return set().union(*(metric_tables(model, resolve_metric(model, m)) for m in query.metrics))


def _benchmark_sentence(answer: Answer, model: SemanticModel, query: SemanticQuery, zh: bool, period: str) -> str:
    """"华东 的贷款审批通过率 82.86%,整体 83.65%,低 0.80 个百分点"."""
    assert query.benchmark is not None
    roles = answer_roles(answer)
    part, whole, diff = roles.index("metric"), roles.index("overall"), roles.index("difference")
    label = answer.column_labels[part]
    fields = {f.field for f in query.benchmark.part}
    groups = [i for i, r in enumerate(roles) if r in ("dimension", "time") and answer.columns[i] not in fields]
    what = ("、" if zh else ", ").join(filter_text(model, f, answer.lang, _read_tables(model, query)) for f in query.benchmark.part)
    out = []
    for row, shown in list(zip(answer.rows, answer.display, strict=False))[:3]:
        who = " / ".join(x for x in (what, *(shown[i] for i in groups)) if x)
        if row[diff] is None:
            out.append(f"{who} 的{label} {shown[part]},整体 {shown[whole]}" if zh else f"{label} for {who}: {shown[part]} vs {shown[whole]} overall")
            continue
        higher = row[diff] >= 0
        if zh:
            out.append(f"{who} 的{label} {shown[part]},整体 {shown[whole]},{'高' if higher else '低'} {_unsigned(shown[diff])}")
        else:
            out.append(f"{label} for {who}: {shown[part]} vs {shown[whole]} overall, {_unsigned(shown[diff])} {'higher' if higher else 'lower'}")
    more = (f"等 {len(answer.rows)} 组" if zh else f" and {len(answer.rows) - 3} more") if len(answer.rows) > 3 else ""
    return (f"{period}," + ";".join(out) + more + "。") if zh else ("; ".join(out) + more + f", {period}.")


def _share_sentence(answer: Answer, model: SemanticModel, query: SemanticQuery, zh: bool, period: str) -> str:
    """"高价值客户中 性别=女 占 48.92%(773 / 1,580)"."""
    assert query.share is not None
    roles = answer_roles(answer)
    share, part, base = roles.index("share"), roles.index("metric"), roles.index("base")
    parts = {f.field for f in query.share.part}
    groups = [i for i, r in enumerate(roles) if r in ("dimension", "time") and answer.columns[i] not in parts]
    what = _share_part_text(model, query, answer.lang)
    if not groups or len(answer.rows) == 1:
        row = answer.display[0]
        return (f"{period},{what} 占 {row[share]}({row[part]} / {row[base]})。" if zh
                else f"{what}: {row[share]} ({row[part]} of {row[base]}), {period}.")
    top = max(zip(answer.rows, answer.display, strict=False), key=lambda r: r[0][share] or 0)
    name = " / ".join(top[1][i] for i in groups)
    return (f"{period},{what} 的占比最高的是 {name}({top[1][share]},{top[1][part]} / {top[1][base]}),共 {len(answer.rows)} 组。" if zh
            else f"{what}: highest share in {name} ({top[1][share]}, {top[1][part]} of {top[1][base]}) of {len(answer.rows)} groups, {period}.")


def _share_part_text(model: SemanticModel, query: SemanticQuery, lang: str) -> str:
    """The part of a share in words: its conditions, and the customers' own rows it asks for."""
    assert query.share is not None
    tables = _read_tables(model, query)
    window = query.time_range
    during = "" if window is None or window.start is None or window.end is None else \
        (f"({window.start} 至 {window.end})" if lang == "zh" else f" ({window.start} to {window.end})")
    said = [filter_text(model, f, lang, tables) for f in query.share.part] + \
        [customer_rows_text(model, r, lang) + (during if r.period == "query" else "") for r in query.share.rows]
    return ("、" if lang == "zh" else ", ").join(said)


def _ratio_sentence(answer: Answer, query: SemanticQuery, zh: bool, period: str) -> str:
    """"理财余额占AUM比例为 21.35%(4.27亿元 / 20.00亿元)", or the group where it is highest (lowest)."""
    assert query.ratio_column is not None
    roles = answer_roles(answer)
    at, (part, whole) = answer.columns.index(query.ratio_column), (answer.columns.index(n) for n in query.metric_names)
    label = answer.column_labels[at]
    groups = [i for i, r in enumerate(roles) if r in ("dimension", "time")]
    rows = list(zip(answer.rows, answer.display, strict=False))
    if not groups or len(rows) == 1:
        shown = rows[0][1]
        who = " / ".join(shown[i] for i in groups)
        return (f"{period},{who + ' ' if who else ''}{label}为 {shown[at]}({shown[part]} / {shown[whole]})。" if zh
                else f"{label}{' for ' + who if who else ''}: {shown[at]} ({shown[part]} of {shown[whole]}), {period}.")
    known = [r for r in rows if isinstance(r[0][at], int | float)]
    if not known:
        return f"{period},共 {len(rows)} 组结果。" if zh else f"{len(rows)} groups {_for(period)}."
    desc = not any(o.direction == "asc" and o.field == query.ratio_column for o in query.order_by)
    top = (max if desc else min)(known, key=lambda r: r[0][at])[1]
    name = " / ".join(top[i] for i in groups)
    word_zh, word_en = ("最高", "highest") if desc else ("最低", "lowest")
    return (f"{period},{label}{word_zh}的是 {name}({top[at]},{top[part]} / {top[whole]}),共 {len(rows)} 组。" if zh
            else f"{name} has the {word_en} {label} ({top[at]}, {top[part]} of {top[whole]}) of {len(rows)} groups, {period}.")


def _share_text(answer: Answer, row: int, metric: str, zh: bool) -> str:
    name = f"{metric}_share"
    if name not in answer.columns:
        return ""
    value = answer.display[row][answer.columns.index(name)]
    return f",占全部的 {value}" if zh else f", {value} of the total"


def followups(model: SemanticModel, query: SemanticQuery, lang: str) -> list[str]:
    """Suggested next questions that the parser understands as follow-ups: the model's
    breakdowns (``suggested_breakdowns``, or its labelled categories), a monthly trend for
    flows, and target segments for a metric a segment goal explains."""
    from assistant.suggest import breakdown_fields, split_question
    from semantic_layer.compile.adhoc import resolve_metric

    zh = lang == "zh"
    fields = {g.field for g in query.group_by}
    breakdowns = [f for f in breakdown_fields(model, query.metric_names) if f not in fields]
    out = [split_question(model, f, lang) for f in breakdowns[:1]]
    metrics = [resolve_metric(model, m) for m in query.metrics]
    timed = all(m.kind not in ("customers",) and (m.time or m.kind in ("ratio", "derived", "conversion")) for m in metrics)
    if "time" not in fields and timed and not any(m.default_period == "as_of" for m in metrics) and query.compare is None:
        out.append("按月看趋势呢?" if zh else "What about the monthly trend?")
    out += [split_question(model, f, lang) for f in breakdowns[1:] if len(out) < 3]
    goal = _segment_goal_label(query.metric_names, lang)
    if goal:  # a conversion rate invites "who should we contact next?"
        out.insert(0, f"推荐{goal}目标客群" if zh else f"Suggest target segments for {goal}")
    return out[:4]


def _segment_goal_label(metrics: tuple[str, ...], lang: str) -> str | None:
    """The label of the segment goal that explains one of ``metrics``, if the finder is installed."""
    try:
        from assistant.segments.goals import load_goals
    except ImportError:
        return None
    for goal in load_goals().goals:
        if goal.metric in metrics:
            return goal.label.zh if lang == "zh" else goal.label.en
    return None


__all__ = ["chart_for", "definitions", "followups", "format_value", "period_text", "summarize"]


# -- what a query applies, in words ------------------------------------------------------

OP_WORDS: dict[str, tuple[str, str]] = {
    "=": ("=", "="), "!=": ("≠", "≠"), "in": ("=", "="), "not_in": ("不是", "not"),
    ">": (">", ">"), ">=": ("≥", "≥"), "<": ("<", "<"), "<=": ("≤", "≤"),
    "between": ("介于", "between"), "is_null": ("为空", "is empty"), "not_null": ("不为空", "is known"),
}


def field_label(model: SemanticModel, name: str, lang: str, tables: Collection[str] = ()) -> str:
    """A tag's or attribute's label; of several same-named attributes (channel of loans, of
    transactions), the one of ``tables`` — the rows the answer's metrics read."""
    ordered = sorted(model.dimensions.items(), key=lambda item: item[0] not in tables)
    ref = model.tags.get(name) or next((dims[name] for _, dims in ordered if name in dims), None)
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
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)
    if text in labels:
        return labels[text].zh if lang == "zh" else labels[text].en
    return text


def filter_text(model: SemanticModel, f: Any, lang: str, tables: Collection[str] = ()) -> str:
    """"价值等级=高价值", "region not East China", "age ≥ 30"."""
    name = field_label(model, f.field, lang, tables) if f.field not in model.metrics else (
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


def customer_rows_text(model: SemanticModel, rows: Any, lang: str) -> str:
    """"客户自己的贷款申请笔数(全部数据)=0", "customers' own transaction amount > 10000"."""
    zh = lang == "zh"
    name = metric_label(model, rows.metric, lang)
    where = ("、" if zh else ", ").join(filter_text(model, f, lang) for f in rows.filters)
    if where:
        name = f"{name}({where})" if zh else f"{name} ({where})"
    if rows.period == "all":
        name += "(全部数据)" if zh else " (all data)"
    zh_op, en_op = OP_WORDS[rows.op]
    if rows.op == "between":
        low, high = rows.value
        return f"客户自己的{name}{zh_op}{low:g}和{high:g}之间" if zh else f"customers' own {name} {en_op} {low:g} and {high:g}"
    if rows.op == "=" and rows.value == 0:
        return f"没有{name}的客户" if zh else f"customers with no {name}"
    return f"客户自己的{name}{zh_op}{rows.value:g}" if zh else f"customers' own {name} {en_op} {rows.value:g}"


def metric_label(model: SemanticModel, ref: Any, lang: str) -> str:
    from semantic_layer.compile.adhoc import resolve_metric

    metric = resolve_metric(model, ref)
    return metric.label.zh if lang == "zh" else metric.label.en


def applied(model: SemanticModel, query: SemanticQuery, lang: str) -> list[str]:
    """What the query applies, one phrase each: conditions, breakdown, share base, comparison, order."""

    zh = lang == "zh"
    tables = _read_tables(model, query)
    out = [filter_text(model, f, lang, tables) for f in query.filters]
    out += [customer_rows_text(model, rows, lang) for rows in query.customer_rows]
    grains = {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年"}
    dims = [field_label(model, g.field, lang, tables) if g.field != "time" else (grains.get(g.grain or "", "") if zh else str(g.grain))
            for g in query.group_by]
    if dims:
        out.append(("按" + "、".join(dims) + "拆分") if zh else ("by " + ", ".join(dims)))
    for name in empty_groups_left_out(model, query):
        none = model.tags[name].none_means
        assert none is not None
        out.append(f"不含{none.zh}的客户" if zh else f"customers with {none.en} left out")
    if query.share is not None:
        part = _share_part_text(model, query, lang)
        base = ("各组" if query.share.within == "group" else "全部") if zh else ("each group" if query.share.within == "group" else "the whole")
        out.append(f"占比:{part} 占{base}" if zh else f"share: {part} out of {base}")
    if query.benchmark is not None:
        part = ("、" if zh else ", ").join(filter_text(model, f, lang, tables) for f in query.benchmark.part) or ("各组" if zh else "each group")
        out.append(f"与整体对比:{part} 对比全部" if zh else f"set against the whole: {part} vs all")
    if query.share_of_total:
        out.append("占全部的比例" if zh else "share of the total")
    if query.ratio:
        part, whole = (metric_label(model, m, lang) for m in query.metrics)
        out.append(f"比例:{part} / {whole}" if zh else f"ratio: {part} / {whole}")
    if query.compare is not None:
        words = {"previous": ("与上期对比", "vs the previous period"), "year_ago": ("与去年同期对比", "vs the same period a year earlier")}
        out.append(words[query.compare.to][0 if zh else 1])
    for o in query.order_by:
        name = o.field if o.field not in query.metric_names else metric_label(model, query.metrics[query.metric_names.index(o.field)], lang)
        for suffix, zh_word, en_word in (("_change_pct", "变化率", "% change in "), ("_change", "变化", "change in ")):
            if o.field.endswith(suffix) and o.field[:-len(suffix)] in query.metric_names:
                label = metric_label(model, query.metrics[query.metric_names.index(o.field[:-len(suffix)])], lang)
                name = f"{label}{zh_word}" if zh else f"{en_word}{label}"
                break
        if o.field == query.ratio_column:
            part, whole = (metric_label(model, m, lang) for m in query.metrics)
            name = f"{part}占{whole}比例" if zh else f"{part} as a share of {whole}"
        if zh:
            out.append(f"按{name}{'从高到低' if o.direction == 'desc' else '从低到高'}")
        else:
            out.append(f"{name} {'highest' if o.direction == 'desc' else 'lowest'} first")
    if query.limit:
        out.append(f"取前 {query.limit} 条" if zh else f"first {query.limit}")
    if query.money_unit:
        from semantic_layer.compile import unit_label

        unit_zh, unit_en = unit_label(query.money_unit, model.currency)
        out.append(f"金额单位:{unit_zh}" if zh else f"amounts in {unit_en}")
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


# -- the whole answer --------------------------------------------------------------------

UNKNOWN = {"zh": "(无/未知)", "en": "(none/unknown)"}


def _value_labels(model: SemanticModel, field: str, lang: str) -> dict[str, str]:
    values = model.field_values(field)
    return {code: (v.zh if lang == "zh" else v.en) for code, v in values.items()}


FIGURES = ("metric", "operand", "share", "ratio", "base", "baseline", "change", "change_pct", "overall", "difference")


def suppressed_rows(supports: list[int | None], k: int) -> set[int]:
    """Rows whose figures cover fewer than ``k`` customers (but some), plus — when exactly
    one is hidden among several — the next smallest, so no total reveals it by subtraction."""
    small = {i for i, s in enumerate(supports) if s is not None and 0 < s < k}
    if len(small) == 1 and len(supports) > 1:
        others = sorted((s, i) for i, s in enumerate(supports) if i not in small and s is not None and s > 0)
        if others:
            small.add(others[0][1])
    return small


def render_answer(model: SemanticModel, question: str, u: Any, query: SemanticQuery, answered: Any,
                  min_group: int = 1) -> Answer:
    """The answer every front end renders: raw rows, display strings, labels, period,
    what was applied, summary, chart, definitions and follow-ups. Figures that cover
    fewer than ``min_group`` customers are hidden; an answer that would show nothing
    else is refused."""
    from assistant.answer import Answer
    from semantic_layer.compile import SUPPORT

    lang = u.lang
    compiled, result = answered.compiled, answered.result
    supports: list[int | None] = [None] * len(result.rows)
    if any(c.name == SUPPORT for c in compiled.columns):
        at = [c.name for c in compiled.columns].index(SUPPORT)
        supports = [row[at] for row in result.rows]
    hidden = suppressed_rows(supports, min_group)
    if hidden and len(hidden) == len(result.rows):
        zh = f"结果涉及的客户少于 {min_group} 位,为保护客户隐私不予显示。可以放宽筛选条件或改看更大的分组。"
        en = f"The result covers fewer than {min_group} customers, so it is not shown to protect their privacy. Widen the filters or use larger groups."
        return Answer(status="refused", lang=lang, question=question, message=zh if lang == "zh" else en,
                      notes=["min_group_size"], parser=u.parser)
    keep = [i for i, c in enumerate(compiled.columns) if c.role != "support"]
    cols = [compiled.columns[i] for i in keep]
    labels = {c.name: _value_labels(model, c.name, lang) for c in cols}
    keys = {c.name for c in cols if c.role in ("time", "dimension")}
    raw = [[row[i] for i in keep] for row in result.rows]
    rows = [[None if r in hidden and c.role in FIGURES else jsonable(v) for v, c in zip(row, cols, strict=False)]
            for r, row in enumerate(raw)]
    display = [[f"<{min_group}" if r in hidden and c.role in FIGURES
                else UNKNOWN[lang] if v is None and c.name in keys
                else format_bucket(v, c.name, lang) if c.role == "time" else format_value(v, c.format, lang, labels[c.name], model.currency)
                for v, c in zip(row, cols, strict=False)] for r, row in enumerate(raw)]
    notes = list(u.notes)
    if hidden:
        notes.append(f"{len(hidden)} 组涉及的客户少于 {min_group} 位,数值已隐藏。" if lang == "zh"
                     else f"{len(hidden)} group(s) cover fewer than {min_group} customers; their figures are hidden.")
    answer = Answer(
        status="answered", lang=lang, question=question,
        semantic_query=query.model_dump(mode="json", exclude_defaults=True),
        sql=compiled.sql(), columns=[c.name for c in cols],
        column_labels=[c.label.zh if lang == "zh" else c.label.en for c in cols],
        column_formats=[c.format for c in cols], column_roles=[c.role for c in cols], rows=rows, display=display,
        period=period_text(compiled, query, lang), as_of=compiled.as_of.isoformat(),
        chart=chart_for(cols, rows), definitions=definitions(model, query, lang) + _shape_definitions(model, query, lang),
        applied=applied(model, query, lang), notes=notes, parser=u.parser,
        currency={"symbol": model.currency.symbol, "zh": model.currency.zh},
    )
    answer.summary = summarize(answer, model, query)
    answer.message = answer.summary
    answer.followups = followups(model, query, lang)
    return answer


def _shape_definitions(model: SemanticModel, query: SemanticQuery, lang: str) -> list[dict[str, str]]:
    zh = lang == "zh"
    out = []
    if query.ratio_column:
        part, whole = (metric_label(model, m, lang) for m in query.metrics)
        out.append({"metric": query.ratio_column, "label": f"{part}占{whole}比例" if zh else f"{part} as a share of {whole}",
                    "definition": f"{part}占{whole}比例 = {part} / {whole}(同一期间、同一组内)。" if zh
                    else f"{part} as a share of {whole} = {part} / {whole} (same period, same group)."})
    if query.share is not None:
        out.append({"metric": "share", "label": "占比" if zh else "share",
                    "definition": ("占比 = 同时满足占比条件的部分 / 基数(" + ("各组" if query.share.within == "group" else "全部") + ")。") if zh
                    else ("share = the part that also meets the share's condition / the base (" + ("each group" if query.share.within == "group" else "the whole") + ").")})
    for own in query.own_conditions:  # "各段有多少人有贷款余额": this figure alone counts under its conditions
        label = metric_label(model, own.metric, lang)
        cond = ("、" if zh else ", ").join(filter_text(model, f, lang) for f in own.filters)
        out.append({"metric": own.metric, "label": label,
                    "definition": f"{label}只计{cond}的部分;其他指标不受此条件限制。" if zh
                    else f"{label} counts only where {cond}; the other figures are not limited by it."})
    if query.benchmark is not None:
        out.append({"metric": "overall", "label": "整体" if zh else "overall",
                    "definition": "整体 = 去掉对比条件后的同一指标(其他条件不变);差值 = 对比对象 − 整体,比率类以百分点表示。" if zh
                    else "overall = the same figure without the compared condition (other conditions kept); difference = the compared part − overall, "
                         "in percentage points for rates."})
    if query.compare is not None:
        out.append({"metric": "change", "label": "变化" if zh else "change",
                    "definition": "变化 = 本期 − 对比期;比率类指标的变化以百分点表示;变化率 = 变化 / 对比期。" if zh
                    else "change = current period − baseline; for rates the change is in percentage points; % change = change / baseline."})
    return out


def _for(period: str) -> str:
    """"for March 2025", but "as of 2025-12-31" (never "for as of …")."""
    return period if period.startswith("as of") else f"for {period}"
