"""Speed of understanding and answering questions.

Prints the median parse + compile time (no database) and the median end-to-end
``ask`` time on a demo mart after start-up, per language. Timing never fails CI.

    python benchmarks/bench_ask.py [--db data/bank.duckdb] [--customers 20000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

QUESTIONS = {
    "zh": ["上个月各区域的存贷转化率是多少?", "高价值客户在上海有多少", "2025年下半年放款金额按月趋势", "贷款审批通过率最低的三个区域",
           "还没有贷款的代发客户有多少?", "各渠道的营销转化率和增量转化率", "近三个月新开存款账户数按渠道", "男性客户占比",
           "各生命周期阶段客户的户均AUM", "今年一季度各产品类型的放款笔数"],
    "en": ["What was last month's deposit-to-loan conversion rate by region?", "How many high-value customers do we have in East China?",
           "Show me loan applications by month for 2025", "top 5 cities by AUM", "loan disbursement amount YTD",
           "open rate and click rate by channel last year", "cost per conversion for each campaign", "How many customers are dormant?",
           "average AUM per customer by region", "What percentage of customers are payroll customers?"],
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--customers", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from assistant.answer import Assistant
    from assistant.understanding import Conversation
    from demo_mart.generate import generate_mart

    db = args.db
    if db is None or not db.exists():
        db = Path(tempfile.mkdtemp()) / "bench.duckdb"
        print(f"generating {args.customers:,} customers → {db}")
        generate_mart(db, customers=args.customers, seed=42)
    t0 = time.perf_counter()
    assistant = Assistant.open(db)
    print(f"start-up (open database, read values, build lexicon): {(time.perf_counter() - t0) * 1000:.0f} ms")
    wh = assistant.warehouse
    as_of = wh.default_as_of
    for lang, questions in QUESTIONS.items():
        parse_ms, ask_ms = [], []
        for _ in range(args.repeat):
            for q in questions:
                t = time.perf_counter()
                u = assistant.parser.understand(q, Conversation(), as_of)
                if u.query is not None:
                    wh.compile(u.query)
                parse_ms.append((time.perf_counter() - t) * 1000)
        for i, q in enumerate(questions):
            t = time.perf_counter()
            assistant.ask(q, session=f"bench-{lang}-{i}")
            ask_ms.append((time.perf_counter() - t) * 1000)
        print(f"[{lang}] parse+compile median {statistics.median(parse_ms):.1f} ms (p90 {sorted(parse_ms)[int(len(parse_ms) * 0.9)]:.1f}); "
              f"ask median {statistics.median(ask_ms):.0f} ms, max {max(ask_ms):.0f} ms over {len(ask_ms)} questions")


if __name__ == "__main__":
    main()
