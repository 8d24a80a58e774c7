"""Benchmark the segment finder: the data pull, and the search step on its own.

    python benchmarks/bench_segments.py [--customers N] [--db PATH] [--goal GOAL]
                                        [--tile K] [--repeat R] [--keep] [--no-tags]
                                        [--profile N]

Generates a mart of N customers with its tag history (or uses --db), runs ``find_segments`` once (pull +
search), times a whole answer searched, then kept (in the process, and on disk as a later
process finds it), then
times the search step alone R times on the pulled frames, and again on
the frames repeated K times (``--tile``): the search costs the same per row whatever
the rows hold, so tiling measures a K-times larger bank without generating one.
``--profile N`` runs ``find_segments`` once more under cProfile and prints its N most
expensive calls (cumulative and own time): where a segment answer's time goes.
Prints figures only; never fails on timings.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from assistant.segments import find_segments
from assistant.segments.goals import load_goals
from assistant.segments.pull import Frames
from assistant.segments.suggest import SegmentSearch, search_frames


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def _tiled(frames: Frames, k: int) -> Frames:
    if k == 1:
        return frames
    return replace(
        frames,
        history=pd.concat([frames.history] * k, ignore_index=True),
        current=pd.concat([frames.current] * k, ignore_index=True),
    )


def _time_search(
    search: SegmentSearch, frames: Frames, repeat: int
) -> tuple[list[float], dict[str, float], SegmentSearch]:
    book = load_goals()
    seconds, last, result = [], {}, search
    for _ in range(repeat):
        timings: dict[str, float] = {}
        started = time.perf_counter()
        result = search_frames(
            search.model, book, search.target, search.settings, frames, 5, timings
        )
        seconds.append(time.perf_counter() - started)
        last = timings
    return seconds, last, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--db", type=Path, default=None, help="an existing mart (skips generation)")
    parser.add_argument("--goal", default="deposit_to_loan")
    parser.add_argument(
        "--tile", type=int, default=1, help="also time the search on the frames repeated K times"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-tags", action="store_true", help="generate without the stored tag history"
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the N costliest calls"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="generate into this path and keep it"
    )
    args = parser.parse_args(argv)

    from semantic_layer.warehouse import Warehouse

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from demo_mart.generate import generate_mart

            db = args.keep or Path(tmp) / "bench.duckdb"
            started = time.perf_counter()
            generate_mart(db, customers=args.customers, seed=args.seed)
            print(f"generate (s)           {time.perf_counter() - started:>12.1f}")
            if not args.no_tags:  # as `wenshu data generate` does: the stored tag history
                from semantic_layer.load import load_model
                from semantic_layer.tags_build import build_tag_history

                report = build_tag_history(db, load_model(None), 24)
                print(f"tag history (s)        {report.seconds:>12.1f}")
        wh = Warehouse(db)
        started = time.perf_counter()
        search = find_segments(wh, args.goal)
        total = time.perf_counter() - started
        frames = search.frames
        fields = len(search.book.fields)
        print(f"goal                   {search.target.key:>12}")
        print(
            f"history rows           {len(frames.history):>12,}  ({len(frames.history_dates) or len(frames.campaigns)} month-ends / campaigns)"
        )
        print(f"current population     {len(frames.current):>12,}")
        print(f"fields / conditions    {fields:>5} / {len(search.book.conditions):<5}")
        print(f"segments counted       {len(search.scored.n):>12,}")
        print(f"segments tested (m)    {search.scored.m:>12,}")
        print(f"significant            {int(search.scored.significant.sum()):>12,}")
        print(f"find_segments (s)      {total:>12.2f}")
        for step, secs in search.timings.items():
            print(f"  {step:<20} {secs:>12.2f}")
        for k in sorted({1, args.tile}):
            tiled = _tiled(frames, k)
            rows = len(tiled.history) + len(tiled.current)
            seconds, timings, _ = _time_search(search, tiled, args.repeat)
            best = min(seconds)
            print(
                f"search x{k:<3} rows {rows:>10,}: best {best:6.2f} s, median {statistics.median(seconds):6.2f} s, "
                f"{best / rows * 1e6:5.2f} s per million rows "
                f"(encode {timings['encode']:.2f}, count {timings['count']:.2f})"
            )
        _time_answers(wh, args.goal)
        print(f"peak RSS (MB)          {_peak_rss_mb():>12,.0f}")
        if args.profile:
            _profile(wh, args.goal, args.profile)
        wh.close()


def _time_answers(wh: object, goal: str) -> None:
    """The whole answer (search, describe, text) as the pipeline asks for it: the first
    time, again from the search kept in the process, and from the search kept on disk by
    an earlier process (a new cache, as after a restart)."""
    import os

    from assistant.segments import reply
    from semantic_layer.access import Role

    with tempfile.TemporaryDirectory() as kept_dir:
        saved, cache_dir = reply.CACHE, os.environ.get("WENSHU_CACHE_DIR")
        os.environ["WENSHU_CACHE_DIR"] = kept_dir  # nothing kept from an earlier benchmark
        try:
            reply.CACHE = reply.SearchCache(kept=reply.KEPT)
            for name in ("answer, searched (s)", "answer, kept (s)", "answer, from disk (s)"):
                if name.endswith("disk (s)"):
                    reply.CACHE = reply.SearchCache(kept=reply.KEPT)  # a new process: nothing in memory
                started = time.perf_counter()
                reply.answer_segments(wh, "", goal, "zh", wh.default_as_of, Role(name="default"))  # type: ignore[arg-type]
                print(f"{name:<22} {time.perf_counter() - started:>12.3f}")
        finally:
            reply.CACHE = saved
            if cache_dir is None:
                os.environ.pop("WENSHU_CACHE_DIR", None)
            else:
                os.environ["WENSHU_CACHE_DIR"] = cache_dir


def _profile(wh: object, goal: str, top: int) -> None:
    """``find_segments`` once more under cProfile: the calls that cost the most."""
    profile = cProfile.Profile()
    profile.runcall(find_segments, wh, goal)
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    for key in ("cumulative", "tottime"):
        print(f"\n--- profile, by {key} ---")
        stats.sort_stats(key).print_stats(top)


if __name__ == "__main__":
    main()
