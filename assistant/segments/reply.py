"""Target segments as an :class:`~assistant.answer.Answer`: the table, the text, the
period the rates come from and their definitions (口径), in the asker's language.

:func:`answer_segments` is what the pipeline calls: one search per (database, goal,
as-of date, model, role) in this process (``cache``), with each stage reported to
``progress`` while it runs. Every code is shown by its label; rates carry the counts
they are made of; an uplift is in percentage points; the expected conversions are one
whole number, the same in the table and in the text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.formatting import format_value, jsonable
from assistant.language import Lang
from assistant.segments.cache import Kept, SearchCache, SearchKey, find_cached
from assistant.segments.goals import Goal
from assistant.segments.progress import Progress, Stage, ignore
from assistant.segments.wording import channel_name, summarize_segments

if TYPE_CHECKING:
    from assistant.answer import Answer
    from assistant.segments.suggest import SegmentSearch
    from semantic_layer.access import Role
    from semantic_layer.semantic_model import SemanticModel
    from semantic_layer.warehouse import Warehouse

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Found:
    """What a finished search leaves for answers in either language."""

    key: str  # the target: deposit_to_loan, campaign:deposit_to_loan, …
    goal: Goal
    kind: str  # "lift" | "uplift"
    as_of: date
    month_ends: tuple[date, ...]  # pooled history (lift)
    campaigns: tuple[tuple[str, date], ...]  # (name, start) of the campaigns judged (uplift)
    tested: int
    correction: str
    alpha: float
    segments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # lang -> suggestions

    @classmethod
    def of(cls, search: SegmentSearch) -> Found:
        frames = search.frames
        return cls(
            key=search.target.key,
            goal=search.target.goal,
            kind="lift" if search.scored.kind == "rate" else "uplift",
            as_of=frames.as_of,
            month_ends=tuple(sorted(frames.history_dates)),
            campaigns=tuple((c.name, c.start) for c in frames.campaigns),
            tested=search.scored.m,
            correction=search.settings.correction,
            alpha=search.settings.alpha,
            segments={lang: search.segments(lang) for lang in LANGS},
        )

    def to_plain(self) -> dict[str, Any]:
        """The search as plain values (kept on disk between runs)."""
        import json

        return {
            "key": self.key, "goal": self.goal.model_dump(mode="json"), "kind": self.kind, "as_of": self.as_of.isoformat(),
            "month_ends": [d.isoformat() for d in self.month_ends],
            "campaigns": [[name, start.isoformat()] for name, start in self.campaigns],
            "tested": self.tested, "correction": self.correction, "alpha": self.alpha,
            "segments": json.loads(json.dumps(self.segments, default=jsonable, ensure_ascii=False)),
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> Found:
        return cls(
            key=plain["key"], goal=Goal.model_validate(plain["goal"]), kind=plain["kind"], as_of=date.fromisoformat(plain["as_of"]),
            month_ends=tuple(date.fromisoformat(d) for d in plain["month_ends"]),
            campaigns=tuple((name, date.fromisoformat(start)) for name, start in plain["campaigns"]),
            tested=plain["tested"], correction=plain["correction"], alpha=plain["alpha"], segments=plain["segments"],
        )


@dataclass(frozen=True)
class Column:
    """One column of the segment table: its label (``{channel}`` is the model's channel
    name), format, raw value and, for a rate, the counts shown beside it."""

    name: str
    fmt: str
    zh: str
    en: str
    value: Callable[[dict[str, Any]], Any]
    counts: tuple[str, str] | None = None  # keys of (converted, rows)

    def label(self, lang: str, channel: str) -> str:
        label = (self.zh if lang == "zh" else self.en).format(channel=channel)
        if self.counts is None:
            return label
        return f"{label}(转化/样本)" if lang == "zh" else f"{label} (converted/rows)"

    def shown(self, s: dict[str, Any], lang: str) -> str:
        """The formatted value; a rate with its counts: ``10.31% (210/2,037)``."""
        text = format_value(self.value(s), self.fmt, lang)
        if self.counts is None:
            return text
        x, n = (s[k] for k in self.counts)
        return f"{text} ({x:,}/{n:,})"


def _label(part: str) -> Callable[[dict[str, Any]], Any]:
    return lambda s: (s.get(part) or {}).get("label")


SEGMENT = Column("segment", "text", "目标客群", "segment", lambda s: s["definition"])
SIZE = Column("size", "integer", "人数", "customers", lambda s: s["size"])
CHANNEL = Column("best_channel", "text", "{channel}", "{channel}", _label("channel"))
BEST_PERIOD = Column("best_period", "text", "最佳发送时段", "best send time", _label("period"))
COLUMNS: dict[str, tuple[Column, ...]] = {
    "lift": (
        SEGMENT,
        SIZE,
        Column("segment_rate", "percent", "客群转化率", "segment rate", lambda s: s["rate"],
               counts=("converted", "history_rows")),
        Column("lift", "ratio", "提升倍数", "lift", lambda s: s["lift"]),
        CHANNEL,
        BEST_PERIOD,
        Column("expected_conversions", "integer", "预计转化(人)", "expected conversions",
               lambda s: s["expected_conversions"]),
    ),
    "uplift": (
        SEGMENT,
        SIZE,
        Column("treated_rate", "percent", "实验组转化率", "treated rate", lambda s: s["treated_rate"],
               counts=("treated_converted", "treated")),
        Column("control_rate", "percent", "对照组转化率", "control rate", lambda s: s["control_rate"],
               counts=("control_converted", "control")),
        Column("uplift", "pp", "增量", "uplift", lambda s: s["uplift"]),
        CHANNEL,
        BEST_PERIOD,
        Column("expected_conversions", "integer", "预计增量转化(人)", "expected extra conversions",
               lambda s: s["expected_conversions"]),
    ),
}  # fmt: skip


# Where the rates come from, and what the columns mean (口径): (zh, en) templates.
HISTORY: dict[str, tuple[str, str]] = {
    "uplift": (
        "统计日 {as_of};历史样本:{k} 次营销活动({names})",
        "as of {as_of}; history: {k} campaign(s) ({names})",
    ),
    "lift": (
        "统计日 {as_of};历史样本:{first} 至 {last} 的 {k} 个月末",
        "as of {as_of}; history: {k} month-end(s) from {first} to {last}",
    ),
}
DEFINITIONS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "uplift": (
        (
            "增量",
            "实验组(已送达)转化率减对照组转化率,单位为个百分点",
            "uplift",
            "conversion rate of delivered treatment touches minus the hold-out control's, "
            "in percentage points",
        ),
        (
            "预计增量转化(人)",
            "今天的客群人数 × 增量,四舍五入到人",
            "expected extra conversions",
            "customers today × uplift, rounded to whole customers",
        ),
    ),
    "lift": (
        ("转化", "{population}{converts}", "conversion", "{population} who {converts}"),
        ("提升倍数", "客群转化率 ÷ 平均转化率", "lift", "segment rate ÷ average rate"),
        (
            "预计转化(人)",
            "今天的客群人数 × 客群转化率,四舍五入到人",
            "expected conversions",
            "customers today × segment rate, rounded to whole customers",
        ),
    ),
}
TESTING = ("检验", "共检验 {m:,} 个客群,{correction} 多重检验校正,α = {alpha}",
           "testing", "{m:,} segments tested, {correction} correction for multiple testing, "
           "alpha = {alpha}")  # fmt: skip


def _period(found: Found, lang: str) -> str:
    zh = lang == "zh"
    template = HISTORY[found.kind][0 if zh else 1]
    names = ("、" if zh else ", ").join(n for n, _ in found.campaigns)
    months = found.month_ends or (found.as_of,)
    return template.format(
        as_of=found.as_of,
        k=len(found.campaigns) if found.kind == "uplift" else len(found.month_ends),
        names=names,
        first=months[0],
        last=months[-1],
    )


def _definitions(found: Found, lang: str) -> list[dict[str, str]]:
    zh = lang == "zh"
    goal = found.goal
    words = {
        "population": goal.population.zh if zh else goal.population.en,
        "converts": (goal.converts.zh if zh else goal.converts.en) if goal.converts else "",
        "m": found.tested,
        "correction": found.correction,
        "alpha": found.alpha,
    }
    rows = (*DEFINITIONS[found.kind], TESTING)
    return [
        {"label": zl if zh else el, "definition": (zd if zh else ed).format(**words)}
        for zl, zd, el, ed in rows
    ]


def segments_reply(model: SemanticModel, found: Found, question: str, lang: Lang) -> Answer:
    """The answer to ``question`` from a finished search, in ``lang``."""
    from assistant.answer import Answer

    segments = found.segments[lang]
    goal_label = (
        segments[0]["goal_label"]
        if segments
        else (found.goal.label.zh if lang == "zh" else found.goal.label.en)
    )
    channel = channel_name(model, lang)
    columns = COLUMNS[found.kind]
    summary = summarize_segments(segments, lang, goal_label, channel)
    rows = [[c.value(s) for c in columns] for s in segments]
    return Answer(
        status="answered", lang=lang, question=question[:2000], message=summary, summary=summary,
        segments=segments, columns=[c.name for c in columns],
        column_labels=[c.label(lang, channel) for c in columns],
        column_formats=[c.fmt for c in columns],
        rows=[[jsonable(v) for v in r] for r in rows],
        display=[[c.shown(s, lang) for c in columns] for s in segments],
        period=_period(found, lang), as_of=found.as_of.isoformat(),
        definitions=_definitions(found, lang), chart={"kind": "table"}, notes=[f"segments:{found.key}"],
    )  # fmt: skip


def _goal_book() -> list[str]:
    """What a kept search also depends on: the goal book's text."""
    import hashlib

    from assistant.segments.goals import GOALS_FILE

    return [hashlib.sha1(GOALS_FILE.read_bytes()).hexdigest()]


#: finished searches, in this process and on disk (a later ``wenshu ask`` or chat start answers them at once)
KEPT: Kept[Found] = Kept("segments", Found.to_plain, Found.from_plain, _goal_book)
CACHE: SearchCache[Found] = SearchCache(kept=KEPT)


def search_key(warehouse: Warehouse, goal: str, as_of: date, role: Role) -> SearchKey:
    from semantic_layer.fingerprint import model_fingerprint

    model = warehouse.model
    return SearchKey(
        db=str(warehouse.db_path.resolve()),
        modified_ns=warehouse.db_path.stat().st_mtime_ns,
        goal=goal,
        as_of=as_of,
        model=model_fingerprint(model),
        role=role.name,
        min_customers=role.min_group_size or model.min_group_size,
    )


def answer_segments(
    warehouse: Warehouse,
    question: str,
    goal: str,
    lang: Lang,
    as_of: date,
    role: Role,
    progress: Progress = ignore,
    gate: threading.Semaphore | None = None,
) -> Answer:
    """Suggested target segments ("下次贷款营销应该找哪些客户?") with their evidence. The
    caller has already refused a role with a row scope (the finder reads whole bases)."""
    from assistant.segments.suggest import find_segments

    def tell(stage: Stage) -> None:
        progress(stage.in_lang(lang))

    key = search_key(warehouse, goal, as_of, role)

    def search() -> Found:
        return Found.of(
            find_segments(
                warehouse, goal, as_of=as_of, progress=tell, min_customers=key.min_customers
            )
        )

    found = find_cached(key, search, CACHE, tell, gate)
    return segments_reply(warehouse.model, found, question, lang)


__all__ = ["CACHE", "KEPT", "Found", "answer_segments", "segments_reply"]
