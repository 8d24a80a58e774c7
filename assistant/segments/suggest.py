"""``suggest_segments``: who to contact for a goal, through which channel, and when.

Pipeline: resolve the target → pull history, today's population and past touches once
→ encode tags → count every conjunction of 1-3 conditions → test, rank by expected
incremental conversions, prune → describe. :func:`find_segments` returns the whole
search (every segment's statistics) for tests, the CLI and the benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from assistant.segments.encode import Codebook, Condition, Value, build_codebook
from assistant.segments.goals import GoalBook, Settings, Target, load_goals, resolve_target
from assistant.segments.progress import Progress, Stage, ignore
from assistant.segments.pull import (
    Frames,
    campaigns_for,
    frame_runner,
    list_campaigns,
    load_frames,
    load_touches,
    treated_only,
)
from assistant.segments.rank import Scored, pick, score_rates, score_uplift
from assistant.segments.response import best_response
from assistant.segments.search import count_conjunctions
from assistant.segments.wording import segment_dict
from semantic_layer.errors import QueryError
from semantic_layer.warehouse import Warehouse


@dataclass
class SegmentSearch:
    """Everything one search computed; ``picks`` index the suggested segments in ``scored``."""

    target: Target
    settings: Settings
    frames: Frames
    book: Codebook
    scored: Scored
    picks: list[int]
    current_codes: np.ndarray
    touch_codes: np.ndarray
    model: Any
    timings: dict[str, float] = field(default_factory=dict)
    min_customers: int = 1  # no suggestion is smaller today

    def conditions(self, i: int) -> list[Condition]:
        return [self.book.conditions[int(c)] for c in self.scored.counts.conds[i] if c >= 0]

    def index(self, *conditions: tuple[str, str, Value]) -> int | None:
        """Row of the segment ``(field, op, value), …`` in ``scored`` (None if never counted)."""
        try:
            ids = sorted(self.book.find(*c) for c in conditions)
        except KeyError:
            return None
        width = self.scored.counts.conds.shape[1]
        if len(ids) > width:
            return None
        key = np.array(ids + [-1] * (width - len(ids)), dtype=np.int32)
        hit = np.nonzero((self.scored.counts.conds == key).all(axis=1))[0]
        return int(hit[0]) if len(hit) else None

    def describe(self, i: int, rank: int, lang: str) -> dict[str, Any]:
        conds = self.conditions(i)
        ids = tuple(int(c) for c in self.scored.counts.conds[i] if c >= 0)
        mask = (
            self.book.mask(self.touch_codes, ids)
            if len(self.touch_codes)
            else np.zeros(0, dtype=bool)
        )
        s = self.settings
        touches, k = self.frames.touches, self.min_customers
        channel = best_response(touches, mask, "channel", s.min_touches, s.smoothing, k)
        period = best_response(touches, mask, "send_period", s.min_touches, s.smoothing, k)
        return segment_dict(
            self.model,
            self.target,
            self.scored,
            i,
            conds,
            rank,
            lang,
            channel,
            period,
            self.frames.as_of.isoformat(),
        )

    def segments(self, lang: str = "zh") -> list[dict[str, Any]]:
        return [self.describe(i, rank, lang) for rank, i in enumerate(self.picks, start=1)]

    def rerun(self, top: int | None = None, **options: Any) -> SegmentSearch:
        """The search step again on the same pulled data with some settings changed
        (e.g. ``shuffle_outcome=1``); channel and timing keep using the pulled touches."""
        settings = Settings.model_validate({**self.settings.model_dump(), **options})
        again = search_frames(
            self.model,
            load_goals(),
            self.target,
            settings,
            self.frames,
            top or max(len(self.picks), 5),
            min_customers=self.min_customers,
        )
        again.touch_codes = again.book.encode(self.frames.touches)
        return again


def settings_for(book: GoalBook, options: dict[str, Any]) -> Settings:
    unknown = set(options) - set(Settings.model_fields)
    if unknown:
        raise QueryError(
            zh=f"未知的客群搜索参数: {', '.join(sorted(unknown))}。",
            en=f"Unknown segment-search option(s): {', '.join(sorted(unknown))}.",
        )
    return Settings.model_validate({**book.defaults.model_dump(), **options})


def find_segments(
    warehouse: Warehouse,
    goal: str,
    *,
    top: int = 5,
    as_of: date | None = None,
    progress: Progress = ignore,
    min_customers: int | None = None,
    **options: Any,
) -> SegmentSearch:
    """Search every segment of 1-3 tag conditions for ``goal``; options override goals.yaml
    defaults. ``progress`` hears of each stage as it starts. No suggestion has fewer than
    ``min_customers`` customers today (default: the model's minimum group size)."""
    book = load_goals()
    settings = settings_for(book, options)
    model = warehouse.model
    smallest = min_customers or model.min_group_size
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with frame_runner(warehouse) as runner:
        progress(Stage("campaigns"))
        known = list_campaigns(runner)
        target = resolve_target(book, model, goal, {c.name: c.objective for c in known})
        if not target.is_campaign and target.goal.outcome is None:
            raise QueryError(
                zh=f"“{goal}” 只能作为营销活动目标使用,请用 campaign:{goal}。",
                en=f"'{goal}' is only a campaign population; use campaign:{goal}.",
            )
        d = as_of or warehouse.default_as_of
        campaigns = campaigns_for(target, known, d)
        fields = [f.name for f in book.fields]
        frames = load_frames(runner, warehouse, target, fields, settings, campaigns, d, progress)
        if target.is_campaign and frames.history.empty:
            raise QueryError(
                zh=f"在 {d} 之前没有 {target.key} 的营销活动记录。",
                en=f"There are no {target.key} campaigns before {d}.",
            )
        timings["pull"] = time.perf_counter() - started
        search = search_frames(
            model, book, target, settings, frames, top, timings, progress, smallest
        )
        if not target.is_campaign and search.picks and campaigns:
            # channel and timing come from past campaigns: pull only the tags the picks use
            progress(Stage("channels"))
            started = time.perf_counter()
            used = sorted({c.field for i in search.picks for c in search.conditions(i)})
            frames.touches = treated_only(load_touches(runner, warehouse, used, campaigns))
            search.touch_codes = search.book.encode(frames.touches)
            timings["touches"] = time.perf_counter() - started
    return search


def search_frames(
    model: Any,
    book: GoalBook,
    target: Target,
    settings: Settings,
    frames: Frames,
    top: int,
    timings: dict[str, float] | None = None,
    progress: Progress = ignore,
    min_customers: int = 1,
) -> SegmentSearch:
    """The search proper, on frames already pulled (the benchmark times this)."""
    timings = {} if timings is None else timings
    progress(Stage("count"))
    started = time.perf_counter()
    codebook = build_codebook(model, book.fields, frames.history, frames.current, frames.touches)
    history, current = codebook.encode(frames.history), codebook.encode(frames.current)
    converted = frames.history["converted"].to_numpy(dtype=bool).astype(np.int64)
    if settings.shuffle_outcome is not None:  # a null check: outcomes permuted across history rows
        converted = np.random.default_rng(settings.shuffle_outcome).permutation(converted)
    if target.is_campaign:
        treated = frames.history["treated"].to_numpy(dtype=bool).astype(np.int64)
        slots, n_slots = treated * 2 + converted, 5
    else:
        slots, n_slots = converted, 3
    all_slots = np.concatenate([slots, np.full(len(current), n_slots - 1, dtype=np.int64)])
    timings["encode"] = time.perf_counter() - started
    counts = count_conjunctions(
        codebook, np.concatenate([history, current]), all_slots, n_slots, settings.max_conditions
    )
    timings["count"] = time.perf_counter() - started - timings["encode"]
    progress(Stage("rank"))
    if target.is_campaign:
        totals = np.bincount(slots, minlength=4)[:4].astype(np.int64)
        scored = score_uplift(counts, settings, totals, len(current))
    else:
        scored = score_rates(counts, settings, len(slots), int(converted.sum()), len(current))
    picks = pick(scored, settings, top, lambda key: codebook.mask(current, key), min_customers)
    timings["search"] = time.perf_counter() - started
    touch_codes = codebook.encode(frames.touches)
    return SegmentSearch(
        target,
        settings,
        frames,
        codebook,
        scored,
        picks,
        current,
        touch_codes,
        model,
        timings,
        min_customers,
    )


def suggest_segments(
    warehouse: Warehouse, goal: str, lang: str = "zh", top: int = 5, **options: Any
) -> list[dict[str, Any]]:
    """Up to ``top`` target segments for ``goal`` as plain JSON-able dicts, best first.

    ``goal``: ``deposit_to_loan``, ``loan_to_deposit``, ``dormant_wakeup``,
    ``wealth_repurchase`` (or their Chinese names), or ``campaign:<objective or campaign
    name>``. An empty list means no segment beat the noise.
    """
    return find_segments(warehouse, goal, top=top, **options).segments(lang)
