"""Time to materialise every customer tag (``wenshu tags build``) and to compile queries.

    python benchmarks/bench_tags.py [--customers 1000000] [--db PATH]

Prints seconds for the tag build and the median compile time of a few queries.
Timing never fails CI.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=20_000)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()

    from demo_mart.generate import generate_mart
    from semantic_layer.compile import Context, compile_query
    from semantic_layer.load import load_model
    from semantic_layer.query import GroupBy, SemanticQuery, TimeRange
    from semantic_layer.tags_build import build_tags

    work = Path(tempfile.mkdtemp())
    db = work / "tags.duckdb"
    if args.db:
        shutil.copy(args.db, db)
    else:
        t = time.perf_counter()
        generate_mart(db, customers=args.customers, seed=42)
        print(f"generated {args.customers:,} customers in {time.perf_counter() - t:.1f} s")
    model = load_model()
    report = build_tags(db, model, [date(2025, 12, 31)])
    print(f"tags build: {report.rows:,} customers × {len(model.tags)} tags in {report.seconds:.1f} s "
          f"({report.rows / max(report.seconds, 1e-9):,.0f} customers/s)")
    ctx = Context(model, date(2025, 12, 31), date(2024, 1, 1))
    queries = [
        SemanticQuery(metrics=("deposit_to_loan_conversion_rate",), group_by=(GroupBy(field="region"),)),
        SemanticQuery(metrics=("customer_count", "aum"), group_by=(GroupBy(field="value_tier"),)),
        SemanticQuery(metrics=("uplift", "roi"), group_by=(GroupBy(field="channel"),)),
        SemanticQuery(metrics=("loan_disbursement_amount",), group_by=(GroupBy(field="time", grain="month"),),
                      time_range=TimeRange(start=date(2025, 1, 1), end=date(2025, 12, 31))),
    ]
    times = []
    for _ in range(20):
        for q in queries:
            t = time.perf_counter()
            compile_query(q, ctx)
            times.append((time.perf_counter() - t) * 1000)
    print(f"compile: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} compilations")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
