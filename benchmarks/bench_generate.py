"""Benchmark the demo mart generator: seconds, rows per second per table, file size, peak RSS.

    python benchmarks/bench_generate.py [--customers N] [--out PATH] [--keep]

Prints figures only; never fails on timings.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

from demo_mart.generate import generate_mart


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main(argv: list[str] | None = None) -> None:
    """Generate one mart and print its build figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--out", type=Path, default=None, help="mart path (default: a temporary file)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "bench.duckdb"
        done = {"chunks": 0}

        def tick(i: int, total: int) -> None:
            done["chunks"] = i
            print(f"  chunk {i}/{total}", file=sys.stderr, flush=True)

        report = generate_mart(
            out, customers=args.customers, seed=args.seed, months=args.months, on_chunk=tick
        )
        size_mb = out.stat().st_size / 1024**2
        print(f"customers            {args.customers:>14,}")
        print(f"months               {args.months:>14}")
        print(f"total seconds        {report.seconds:>14.1f}")
        print(f"total rows           {report.total_rows:>14,}")
        print(f"rows / second        {report.total_rows / report.seconds:>14,.0f}")
        print(f"file size (MB)       {size_mb:>14,.1f}")
        print(f"peak RSS (MB)        {_peak_rss_mb():>14,.0f}")
        print("per table:                  rows      rows/s")
        for table, rows in report.rows.items():
            print(f"  {table:<18} {rows:>14,} {rows / report.seconds:>11,.0f}")
        if not args.keep and args.out is not None:
            out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
