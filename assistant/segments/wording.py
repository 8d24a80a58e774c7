"""Segments in words and in data: value labels, sentences (zh/en), plain JSON dicts."""

from __future__ import annotations

import math
from typing import Any

from assistant.formatting import fmt_percent, fmt_points
from assistant.segments.encode import Condition
from assistant.segments.goals import Target
from assistant.segments.rank import Scored
from assistant.segments.response import Best, Response
from semantic_layer.semantic_model import SemanticModel

CHANNEL_DIMENSION = ("campaign_touches", "channel")
PERIOD_TAG = "active_period"


def whole(value: float) -> int:
    """A count to show, rounded half up: the table and the sentence show this one number."""
    return math.floor(value + 0.5)


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
        "all": [_cell(c, label) for c in best.cells],
    }


def _cell(c: Response, label: Any) -> dict[str, Any]:
    """One value of the breakdown; a small one (too few customers) without its figures."""
    if c.hidden:
        return {"value": c.value, "label": label(c.value), "response_rate": None, "touches": None, "hidden": True}
    return {"value": c.value, "label": label(c.value), "response_rate": round(c.rate, 4), "touches": c.touches}


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
            "converted": int(scored.x[i]),
            "base_rows": scored.base_counts[0],
            "base_converted": scored.base_counts[1],
            "base_rate": round(scored.base_rate, 6),
            "rate": round(rate, 6),
            "lift": round(float(scored.effect[i]), 4),
            "lift_low": round(float(scored.low[i]), 4),
            "lift_high": round(float(scored.high[i]), 4),
            "expected_conversions": whole(size * rate),
            "expected_incremental": round(size * (rate - scored.base_rate), 1),
        }
    else:
        uplift = float(scored.effect[i])
        treated, treated_x, control, control_x = scored.base_counts
        out |= {
            "measure": "uplift",
            "treated": int(scored.n_treated[i]),
            "treated_converted": int(scored.x[i]),
            "control": int(scored.n_control[i]),
            "control_converted": int(scored.x_control[i]),
            "treated_rate": round(float(scored.rate[i]), 6),
            "control_rate": round(float(scored.control_rate[i]), 6),
            "base_treated": treated,
            "base_treated_converted": treated_x,
            "base_control": control,
            "base_control_converted": control_x,
            "base_uplift": round(scored.base_rate - scored.base_control_rate, 6),
            "uplift": round(uplift, 6),
            "uplift_low": round(float(scored.low[i]), 6),
            "uplift_high": round(float(scored.high[i]), 6),
            "expected_conversions": whole(size * uplift),
            "expected_incremental": round(size * (uplift - scored.base_effect), 1),
        }
    out["channel"] = _response(channel, lambda v: channel_label(model, v, lang))
    out["period"] = _response(period, lambda v: value_label(model, PERIOD_TAG, v, lang))
    return out


def channel_name(model: SemanticModel, lang: str) -> str:
    """What the suggested channel is called: the best of the campaign touch channel
    (最佳触达渠道), named by the model's dimension, never another channel's (申请渠道)."""
    table, name = CHANNEL_DIMENSION
    dim = model.dimensions.get(table, {}).get(name)
    label = _pick(dim.label, lang) if dim else ("渠道" if lang == "zh" else "channel")
    return TEXT[lang]["best"].format(label)


# Sentences of a segment answer; numbers arrive formatted (rates, pp, counts).
TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "best": "最佳{}",
        "period": "最佳发送时段",
        "counts": "转化 {x:,} / 样本 {n:,}",
        "head_lift": "推荐的{goal}目标客群,平均转化率 {base}:",
        "head_uplift": "推荐的{goal}目标客群,营销活动整体实验组转化率 {treated}、对照组 {control},"
        "平均增量 {uplift}:",
        "lift": "{rank}. {definition}:{size:,}人;转化率 {rate}({counts}),是平均的 {lift:.2f} 倍;"
        "预计转化 {expected:,}人;{channel_name}:{channel};{period_name}:{period}",
        "uplift": "{rank}. {definition}:{size:,}人;实验组转化率 {treated}({treated_counts}),"
        "对照组 {control}({control_counts}),增量 {uplift};预计增量转化 {expected:,}人;"
        "{channel_name}:{channel};{period_name}:{period}",
        "none": "没有找到显著优于平均水平的{goal}目标客群(已控制多重检验的误报率)。",
    },
    "en": {
        "best": "best {}",
        "period": "best send time",
        "counts": "{x:,} of {n:,} converted",
        "head_lift": "Suggested {goal} target segments; the average conversion rate is {base}:",
        "head_uplift": "Suggested {goal} target segments; over the campaigns treated {treated} "
        "vs control {control}, average uplift {uplift}:",
        "lift": "{rank}. {definition} — {size:,} customers; converts at {rate} ({counts}), "
        "{lift:.2f}x the average; expected conversions {expected:,}; {channel_name}: {channel}; "
        "{period_name}: {period}",
        "uplift": "{rank}. {definition} — {size:,} customers; treated {treated} ({treated_counts}) "
        "vs control {control} ({control_counts}), uplift {uplift}; expected extra conversions "
        "{expected:,}; {channel_name}: {channel}; {period_name}: {period}",
        "none": "No {goal} target segment stands out from the average once multiple testing "
        "is accounted for.",
    },
}


def rate_text(rate: float, converted: int, rows: int, lang: str) -> str:
    """``10.31%(转化 210 / 样本 2,037)``: a rate with the counts it is made of."""
    counts = TEXT[lang]["counts"].format(x=converted, n=rows)
    return (
        f"{fmt_percent(rate, lang)}({counts})"
        if lang == "zh"
        else f"{fmt_percent(rate, lang)} ({counts})"
    )


def _rates(s: dict[str, Any], lang: str) -> dict[str, str]:
    """The formatted figures of one suggestion (and of its whole base) for ``TEXT``."""
    if s["measure"] == "lift":
        return {
            "rate": fmt_percent(s["rate"], lang),
            "counts": TEXT[lang]["counts"].format(x=s["converted"], n=s["history_rows"]),
        }
    return {
        "treated": fmt_percent(s["treated_rate"], lang),
        "treated_counts": TEXT[lang]["counts"].format(x=s["treated_converted"], n=s["treated"]),
        "control": fmt_percent(s["control_rate"], lang),
        "control_counts": TEXT[lang]["counts"].format(x=s["control_converted"], n=s["control"]),
        "uplift": fmt_points(s["uplift"], lang),
    }


def _base(s: dict[str, Any], lang: str) -> dict[str, str]:
    if s["measure"] == "lift":
        return {"base": rate_text(s["base_rate"], s["base_converted"], s["base_rows"], lang)}
    treated_rate = s["base_treated_converted"] / max(s["base_treated"], 1)
    control_rate = s["base_control_converted"] / max(s["base_control"], 1)
    return {
        "treated": rate_text(treated_rate, s["base_treated_converted"], s["base_treated"], lang),
        "control": rate_text(control_rate, s["base_control_converted"], s["base_control"], lang),
        "uplift": fmt_points(s["base_uplift"], lang),
    }


def summarize_segments(
    segments: list[dict[str, Any]],
    lang: str,
    goal_label: str = "",
    channel: str | None = None,
) -> str:
    """A short answer text for a list of suggestions (the chat and ``wenshu ask``): a head
    line with the whole base's rates, then one numbered line per suggestion. Every code
    is shown by its label in ``lang``; ``channel`` names the channel column."""
    text = TEXT["zh" if lang == "zh" else "en"]
    if not segments:
        return text["none"].format(goal=goal_label)
    first = segments[0]
    kind = first["measure"]
    lines = [text[f"head_{kind}"].format(goal=first["goal_label"], **_base(first, lang))]
    for s in segments:
        lines.append(
            text[kind].format(
                rank=s["rank"],
                definition=s["definition"],
                size=s["size"],
                lift=s.get("lift", 0.0),
                expected=s["expected_conversions"],
                channel_name=channel or text["best"].format("渠道" if lang == "zh" else "channel"),
                channel=s["channel"]["label"] if s.get("channel") else "—",
                period_name=text["period"],
                period=s["period"]["label"] if s.get("period") else "—",
                **_rates(s, lang),
            )
        )
    return "\n".join(lines)
