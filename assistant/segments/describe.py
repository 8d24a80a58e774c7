"""Segments in words and in data: value labels, sentences (zh/en), plain JSON dicts."""

from __future__ import annotations

from typing import Any

from assistant.segments.encode import Condition
from assistant.segments.goals import Target
from assistant.segments.rank import Scored
from assistant.segments.response import Best
from semantic_layer.semantic_model import SemanticModel

CHANNEL_DIMENSION = ("campaign_touches", "channel")
PERIOD_TAG = "active_period"


def _pick(label: Any, lang: str) -> str:
    return str(label.zh if lang == "zh" else label.en)


def value_label(model: SemanticModel, field: str, value: object, lang: str) -> str:
    """A tag value's label in ``lang`` (the code itself when the model has none)."""
    tag = model.tag(field)
    key = str(value).lower() if isinstance(value, bool) else str(value)
    label = tag.values.get(key)
    return _pick(label, lang) if label else str(value)


def condition_label(model: SemanticModel, cond: Condition, lang: str) -> str:
    """``年龄段为25-34岁`` / ``age band 25-34``; boolean tags read as their value label."""
    tag = model.tag(cond.field)
    field = _pick(tag.label, lang)
    if cond.op != "=":
        return (
            f"{field}{cond.op}{cond.value}" if lang == "zh" else f"{field} {cond.op} {cond.value}"
        )
    value = value_label(model, cond.field, cond.value, lang)
    if tag.type == "boolean" or field.lower() in value.lower():
        return value
    return f"{field}为{value}" if lang == "zh" else f"{field} {value}"


def sentence(population: str, parts: list[str], lang: str) -> str:
    if lang == "zh":
        return f"{population}中{'、'.join(parts)}的客户"
    return f"{population}: {'; '.join(parts)}"


def channel_label(model: SemanticModel, code: str, lang: str) -> str:
    table, name = CHANNEL_DIMENSION
    dim = model.dimensions.get(table, {}).get(name)
    label = dim.values.get(code) if dim else None
    return _pick(label, lang) if label else code


def _response(best: Best, label: Any) -> dict[str, Any] | None:
    if best.best is None:
        return None
    b = best.best
    return {
        "value": b.value,
        "label": label(b.value),
        "response_rate": round(b.rate, 4),
        "touches": b.touches,
        "all": [
            {
                "value": c.value,
                "label": label(c.value),
                "response_rate": round(c.rate, 4),
                "touches": c.touches,
            }
            for c in best.cells
        ],
    }


def segment_dict(
    model: SemanticModel,
    target: Target,
    scored: Scored,
    i: int,
    conds: list[Condition],
    rank: int,
    lang: str,
    channel: Best,
    period: Best,
    as_of: str,
) -> dict[str, Any]:
    """One suggestion as plain JSON-able values."""
    goal = target.goal
    parts = [condition_label(model, c, lang) for c in conds]
    base_filters = [f.model_dump(include={"field", "op", "value"}) for f in goal.base.filters]
    size = int(scored.size[i])
    out: dict[str, Any] = {
        "rank": rank,
        "goal": target.key,
        "goal_label": _pick(goal.label, lang)
        if not target.is_campaign
        else (target.campaign_name or _pick(goal.label, lang)),
        "as_of": as_of,
        "population": _pick(goal.population, lang),
        "conditions": [{**c.as_filter(), "label": p} for c, p in zip(conds, parts, strict=True)],
        "filters": base_filters + [c.as_filter() for c in conds],
        "definition": sentence(_pick(goal.population, lang), parts, lang),
        "size": size,
        "history_rows": int(scored.n[i]),
        "confidence": round(scored.level, 6),
        "p_value": float(scored.p[i]),
        "segments_tested": scored.m,
    }
    if scored.kind == "rate":
        rate = float(scored.rate[i])
        out |= {
            "measure": "lift",
            "base_rate": round(scored.base_rate, 6),
            "rate": round(rate, 6),
            "lift": round(float(scored.effect[i]), 4),
            "lift_low": round(float(scored.low[i]), 4),
            "lift_high": round(float(scored.high[i]), 4),
            "expected_conversions": round(size * rate, 1),
            "expected_incremental": round(size * (rate - scored.base_rate), 1),
        }
    else:
        uplift = float(scored.effect[i])
        out |= {
            "measure": "uplift",
            "treated": int(scored.n_treated[i]),
            "control": int(scored.n_control[i]),
            "treated_rate": round(float(scored.rate[i]), 6),
            "control_rate": round(float(scored.control_rate[i]), 6),
            "base_uplift": round(scored.base_rate - scored.base_control_rate, 6),
            "uplift": round(uplift, 6),
            "uplift_low": round(float(scored.low[i]), 6),
            "uplift_high": round(float(scored.high[i]), 6),
            "expected_conversions": round(size * uplift, 1),
            "expected_incremental": round(size * (uplift - scored.base_effect), 1),
        }
    out["channel"] = _response(channel, lambda v: channel_label(model, v, lang))
    out["period"] = _response(period, lambda v: value_label(model, PERIOD_TAG, v, lang))
    return out


def _pct(v: float) -> str:
    return f"{v * 100:.2f}%"


def summarize_segments(segments: list[dict[str, Any]], lang: str, goal_label: str = "") -> str:
    """A short answer text for a list of suggestions (the chat and ``wenshu ask``)."""
    if not segments:
        if lang == "zh":
            return f"没有找到显著优于平均水平的{goal_label}目标客群(已控制多重检验的误报率)。"
        return f"No {goal_label} target segment stands out from the average once multiple testing is accounted for."
    lines = []
    for s in segments:
        ch = s["channel"]["label"] if s.get("channel") else ("—")
        per = s["period"]["label"] if s.get("period") else ("—")
        if s["measure"] == "lift":
            effect = (
                f"转化率{_pct(s['rate'])},是平均的{s['lift']:.2f}倍"
                if lang == "zh"
                else f"converts at {_pct(s['rate'])}, {s['lift']:.2f}x the average"
            )
        else:
            effect = (
                f"增量转化率{_pct(s['uplift'])}" if lang == "zh" else f"uplift {_pct(s['uplift'])}"
            )
        if lang == "zh":
            lines.append(
                f"{s['rank']}. {s['definition']}({s['size']:,}人,{effect};预计转化{s['expected_conversions']:,.0f}人;渠道:{ch};时段:{per})"
            )
        else:
            lines.append(
                f"{s['rank']}. {s['definition']} ({s['size']:,} customers, {effect}; "
                f"expected conversions {s['expected_conversions']:,.0f}; channel: {ch}; time: {per})"
            )
    head = (
        f"推荐的{segments[0]['goal_label']}目标客群:"
        if lang == "zh"
        else f"Suggested {segments[0]['goal_label']} target segments:"
    )
    return "\n".join([head, *lines])
