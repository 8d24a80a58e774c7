"""Which counted segments are real, how big their effect is, and which to suggest.

Rate goals compare a segment's conversion rate with the base rate (lift); campaign
goals compare treated with hold-out control inside the segment (uplift), so customers
who convert anyway ("sure things") score nothing. Every segment large enough is a
one-sided exact test (is the effect above none?). Bonferroni (default) keeps the chance
of any false suggestion at ``alpha``; Benjamini-Hochberg (``correction: bh``) keeps the
false discovery rate there instead. Interval bounds are at the matching level (alpha/m,
or alpha*R/m for BH, Benjamini-Yekutieli), so a significant segment's lower bound
clears the null.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from assistant.segments.goals import Settings
from assistant.segments.search import Counts
from assistant.segments.stats import CORRECTIONS, newcombe, rate_above_p, uplift_above_p, wilson

# Slots of the counted rows.
RATE_SLOTS = {"history_no": 0, "history_yes": 1, "current": 2}
UPLIFT_SLOTS = {"control_no": 0, "control_yes": 1, "treated_no": 2, "treated_yes": 3, "current": 4}


@dataclass
class Scored:
    """Per-candidate statistics (arrays aligned with ``counts``)."""

    kind: str  # "rate" | "uplift"
    counts: Counts
    n: np.ndarray  # history rows (treated + control for uplift)
    size: np.ndarray  # customers in today's population
    rate: np.ndarray  # conversion rate (treated rate for uplift)
    control_rate: np.ndarray  # uplift only (zeros otherwise)
    n_treated: np.ndarray
    n_control: np.ndarray
    x: np.ndarray  # converted history rows (treated rows for uplift)
    x_control: np.ndarray  # uplift only (zeros otherwise)
    effect: np.ndarray  # lift (rate / base rate) or uplift (treated - control)
    low: np.ndarray
    high: np.ndarray
    p: np.ndarray
    tested: np.ndarray
    significant: np.ndarray
    score: np.ndarray  # expected conversions beyond contacting as many customers at random
    base_rate: float  # overall conversion rate (treated rate for uplift)
    base_control_rate: float
    base_n: int
    # (rows, converted); for uplift (treated, converted, control, converted)
    base_counts: tuple[int, ...]
    population: int  # customers in today's population
    level: float  # confidence level of low/high
    m: int  # segments tested

    @property
    def null(self) -> float:
        return 1.0 if self.kind == "rate" else 0.0

    @property
    def base_effect(self) -> float:
        """The effect of picking customers at random: base rate, or the average uplift."""
        return self.base_rate if self.kind == "rate" else self.base_rate - self.base_control_rate

    def excess(self, i: int | np.ndarray) -> np.ndarray:
        """What targeting the segment gains per customer over a random pick:
        rate - base rate, or uplift - average uplift."""
        if self.kind == "rate":
            return self.rate[i] - self.base_rate
        return self.effect[i] - self.base_effect


def _min_rows(settings: Settings, total: int) -> int:
    return max(settings.min_size, int(np.ceil(settings.min_share * total)))


def _reject(p: np.ndarray, settings: Settings) -> tuple[np.ndarray, float, float]:
    """(rejected mask, z, two-sided confidence) of the chosen multiple-testing correction."""
    reject, level = CORRECTIONS[settings.correction]
    rejected = reject(p, settings.alpha)
    one_sided = max(
        level(settings.alpha, int(rejected.sum()), p.size), 1e-15
    )  # stays below 1 in floats
    return rejected, NormalDist().inv_cdf(1 - one_sided), 1 - 2 * one_sided


def score_rates(
    counts: Counts, settings: Settings, total_n: int, total_x: int, population: int
) -> Scored:
    c = counts.cells
    n = c[:, 0] + c[:, 1]
    x = c[:, 1]
    size = c[:, 2]
    p0 = total_x / total_n if total_n else 0.0
    tested = n >= _min_rows(settings, total_n)
    rate = np.divide(x, n, out=np.zeros(len(n)), where=n > 0)
    p = np.ones(len(n))
    if 0 < p0 < 1:
        p[tested] = rate_above_p(x[tested], n[tested], p0)
    rejected = np.zeros(len(n), dtype=bool)
    rejected[tested], z, level = _reject(p[tested], settings)
    if not 0 < p0 < 1:
        rejected[:] = False
    m = int(tested.sum())
    lo, hi = wilson(x, np.maximum(n, 1), z)
    safe = p0 if p0 > 0 else 1.0
    effect, low, high = rate / safe, lo / safe, hi / safe
    significant = rejected & (low > 1)
    zeros = np.zeros(len(n))
    return Scored(
        kind="rate",
        counts=counts,
        n=n,
        size=size,
        rate=rate,
        control_rate=zeros,
        n_treated=n,
        n_control=zeros,
        x=x,
        x_control=zeros,
        effect=effect,
        low=low,
        high=high,
        p=p,
        tested=tested,
        significant=significant,
        score=size * (rate - p0),
        base_rate=p0,
        base_control_rate=0.0,
        base_n=total_n,
        base_counts=(total_n, total_x),
        population=population,
        level=level,
        m=m,
    )


def score_uplift(counts: Counts, settings: Settings, totals: np.ndarray, population: int) -> Scored:
    c = counts.cells
    n_c, x_c = c[:, 0] + c[:, 1], c[:, 1]
    n_t, x_t = c[:, 2] + c[:, 3], c[:, 3]
    size = c[:, 4]
    tested = (
        (n_t + n_c >= _min_rows(settings, int(totals[:4].sum())))
        & (n_t >= settings.min_group)
        & (n_c >= settings.min_group)
    )
    rate_t = np.divide(x_t, n_t, out=np.zeros(len(n_t)), where=n_t > 0)
    rate_c = np.divide(x_c, n_c, out=np.zeros(len(n_c)), where=n_c > 0)
    p = np.ones(len(n_t))
    p[tested] = uplift_above_p(x_t[tested], n_t[tested], x_c[tested], n_c[tested])
    rejected = np.zeros(len(n_t), dtype=bool)
    rejected[tested], z, level = _reject(p[tested], settings)
    m = int(tested.sum())
    low, high = newcombe(x_t, np.maximum(n_t, 1), x_c, np.maximum(n_c, 1), z)
    uplift = rate_t - rate_c
    significant = rejected & (low > 0)
    bt = totals[3] / max(totals[2] + totals[3], 1)
    bc = totals[1] / max(totals[0] + totals[1], 1)
    return Scored(
        kind="uplift",
        counts=counts,
        n=n_t + n_c,
        size=size,
        rate=rate_t,
        control_rate=rate_c,
        n_treated=n_t,
        n_control=n_c,
        x=x_t,
        x_control=x_c,
        effect=uplift,
        low=low,
        high=high,
        p=p,
        tested=tested,
        significant=significant,
        score=size * (uplift - (bt - bc)),
        base_rate=float(bt),
        base_control_rate=float(bc),
        base_n=int(totals[:4].sum()),
        base_counts=(
            int(totals[2] + totals[3]),
            int(totals[3]),
            int(totals[0] + totals[1]),
            int(totals[1]),
        ),
        population=population,
        level=level,
        m=m,
    )


def pick(
    scored: Scored, settings: Settings, top: int, current_mask: object, min_customers: int = 1
) -> list[int]:
    """Greedy choice by expected incremental conversions *beyond the suggestions already
    made*: a customer counts once, at the best effect among the chosen segments holding
    them. Candidates are significant, cover at most ``max_share`` of the base (a segment,
    not everyone) and at least ``min_customers`` today (the minimum group size: a smaller
    group is never shown), and every condition clearly raises the effect (``_productive``); a candidate is
    dropped once less than ``min_new`` of its own gain is new. Lazy evaluation: gains only
    shrink as segments are chosen. ``current_mask(conds) -> bool array`` gives a
    segment's customers today."""
    conds = scored.counts.conds
    order = scored.counts.order
    index = {
        tuple(int(c) for c in conds[i, : order[i]]): int(i)
        for i in np.nonzero(order < conds.shape[1])[0]
    }

    def key(i: int) -> tuple[int, ...]:
        return tuple(int(c) for c in conds[i, : order[i]])

    narrow = (
        (scored.n <= settings.max_share * scored.base_n)
        & (scored.size <= settings.max_share * scored.population)
        & (scored.size >= min_customers)
    )
    candidates = np.nonzero(scored.significant & narrow & (scored.score > 0))[0]
    heap = [
        (-float(scored.score[i]), int(i))
        for i in candidates
        if _productive(scored, int(i), key(int(i)), index, settings.min_gain)
    ]
    heapq.heapify(heap)
    effect = scored.rate if scored.kind == "rate" else scored.effect
    best: np.ndarray | None = None  # per customer today: best effect among chosen segments
    chosen: list[int] = []
    fresh: dict[int, int] = {}  # candidate -> number chosen when its gain was computed
    while heap and len(chosen) < top:
        _, i = heapq.heappop(heap)
        members = current_mask(key(i))  # type: ignore[operator]
        if best is None:
            best = np.full(len(members), scored.base_effect)
        if fresh.get(i) == len(chosen):  # its gain is current and beats every other bound
            chosen.append(i)
            best[members] = np.maximum(best[members], effect[i])
            continue
        gain = float(np.maximum(effect[i] - best[members], 0).sum())
        if gain <= 0 or gain < settings.min_new * float(scored.score[i]):
            continue
        fresh[i] = len(chosen)
        heapq.heappush(heap, (-gain, i))
    return chosen


def _productive(
    scored: Scored, i: int, key: tuple[int, ...], index: dict[tuple[int, ...], int], gain: float
) -> bool:
    """Each condition earns its place: the segment's effect is at least ``gain`` times that
    of every parent (the segment minus one condition), and its lower bound clears the
    parent's estimate, so a condition that only narrows the segment by chance is refused."""
    if len(key) == 1:
        return True
    mine = float(scored.excess(i))
    for drop in range(len(key)):
        parent = index.get(key[:drop] + key[drop + 1 :])
        if parent is None:
            continue
        theirs = float(scored.excess(parent))
        if theirs > 0 and mine < gain * theirs:
            return False
        if scored.low[i] <= scored.effect[parent]:
            return False
    return True
