"""How long a Slack answer takes: from Slack's signed event to the answer posted in
the thread, on the demo mart, through the real HTTP server and Bolt app against the
tests' local fake Slack Web API (no network). Prints medians; never fails on speed.

    python benchmarks/slack_latency.py [--db data/bank.duckdb] [--customers 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "slack"))

from fake_slack_api import FakeSlack  # noqa: E402 (the tests' fake, found through the path above)
from slack_requests import SECRET, mention  # noqa: E402

QUESTIONS = ["各区域的客户数", "2025年放款金额按月趋势", "上个月各区域的存贷转化率是多少?", "高价值客户在华东有多少",
             "top 5 cities by AUM", "loan approval rate by channel this year", "open rate and click rate by channel last year"]
CHANNELS = {"C_PUBLIC": {"is_channel": True}}


def answer_seconds(fake: FakeSlack, url: str, question: str) -> float:
    request, thread = mention("C_PUBLIC", "U_BENCH", question)
    sent_at = time.monotonic()
    request.send(url)
    return fake.wait_for("chat.postMessage", channel="C_PUBLIC", thread_ts=thread, timeout=60)[0].at - sent_at


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=Path("data/bank.duckdb"))
    ap.add_argument("--customers", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from assistant.answer import Assistant
    from assistant.slack import SlackBot, SlackSettings, build_app
    from assistant.slack.server import http_server
    from demo_mart.generate import generate_mart

    db = args.db
    if not db.exists():
        db = Path(tempfile.mkdtemp()) / "bench.duckdb"
        print(f"generating {args.customers:,} customers → {db}")
        generate_mart(db, customers=args.customers, seed=42)
    with FakeSlack(CHANNELS) as fake:
        settings = SlackSettings(bot_token="xoxb-bench", signing_secret=SECRET, api_url=f"{fake.url}/api/")
        started = time.perf_counter()
        bot = SlackBot(Assistant.open(db))
        app = build_app(bot, settings)
        bot.warm()
        print(f"start-up (database, Bolt app, question parser): {(time.perf_counter() - started) * 1000:.0f} ms")
        server = http_server(app, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        first = answer_seconds(fake, url, "客户数")
        print(f"first answer after start-up: {first * 1000:.0f} ms")
        acks, replies = [], []
        for _ in range(args.repeat):
            for question in QUESTIONS:
                request, thread = mention("C_PUBLIC", "U_BENCH", question)
                sent_at = time.monotonic()
                acks.append(request.send(url).seconds)
                posted = fake.wait_for("chat.postMessage", channel="C_PUBLIC", thread_ts=thread, timeout=60)[0]
                replies.append(posted.at - sent_at)
        app.listener_runner.listener_executor.shutdown(wait=True)  # the last files are still uploading
        server.shutdown()
    ms = [r * 1000 for r in replies]
    print(f"event → 200 acknowledged: median {statistics.median(acks) * 1000:.0f} ms, max {max(acks) * 1000:.0f} ms")
    print(f"event → answer posted in thread: median {statistics.median(ms):.0f} ms, "
          f"p90 {statistics.quantiles(ms, n=10)[-1]:.0f} ms, max {max(ms):.0f} ms "
          f"({len(ms)} questions on {db})")


if __name__ == "__main__":
    main()
