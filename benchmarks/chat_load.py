"""Many people on the chat page at once: latency per question type under load.

Starts the chat page exactly as ``wenshu chat`` does (demo mode, its own port and state
directory), connects N simulated people over Chainlit's websocket — the same messages
the browser sends — and has each ask a few questions one after another, the way a
person waits for each answer (``--think`` seconds of reading before the next, 0 by
default: everyone asks again at once, the worst case). Prints p50/p95/max seconds per
question type, and the quick questions answered while a target-segment question was
running elsewhere (with a global lock they would wait for it). Timing never fails
anything.

    python benchmarks/chat_load.py [--db data/bank.duckdb] [--customers 20000] [--users 20] [--think 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

QUESTIONS: dict[str, tuple[str, ...]] = {
    "simple": ("各区域的客户数", "customer count by value tier", "男性客户占比"),
    "trend": ("2025年下半年放款金额按月趋势", "Show me loan applications by month for 2025"),
    "clarify": ("各区域的存款规模",),
    "segments": ("哪些客户适合营销贷款?",),
}
QUICK = ("simple", "clarify")
ANSWER_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Timing:
    kind: str
    user: int
    started: float
    ended: float

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def script(user: int, questions_each: int) -> list[tuple[str, str]]:
    """What one person asks, in order: every fifth person starts with a segment question."""
    kinds = ["simple", "trend", "clarify", "simple"]
    plan = (["segments"] if user % 5 == 0 else []) + [
        kinds[(user + i) % len(kinds)] for i in range(questions_each)
    ]
    return [(k, QUESTIONS[k][(user + i) % len(QUESTIONS[k])]) for i, k in enumerate(plan)]


async def person(url: str, user: int, questions_each: int, think: float, out: list[Timing]) -> None:
    import socketio

    answers: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    client = socketio.AsyncClient(reconnection=False)

    @client.on("new_message")
    async def new_message(step: dict[str, object]) -> None:
        if step.get("type") == "assistant_message":
            await answers.put(step)

    auth = {"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": None,
            "userEnv": "{}", "chatProfile": None}
    await client.connect(url, socketio_path="/ws/socket.io", auth=auth, transports=["websocket"])
    await client.emit("connection_successful")
    pause = random.Random(user)
    try:
        for kind, question in script(user, questions_each):
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))
            message = {"threadId": "", "id": str(uuid.uuid4()), "name": "User",
                       "type": "user_message", "output": question,
                       "createdAt": datetime.now(UTC).isoformat()}
            started = time.perf_counter()
            await client.emit("client_message", {"message": message, "fileReferences": None})
            await asyncio.wait_for(answers.get(), ANSWER_TIMEOUT_S)
            out.append(Timing(kind, user, started, time.perf_counter()))
    finally:
        await client.disconnect()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(timings: list[Timing], wall: float, users: int) -> None:
    print(f"\n{users} people, {len(timings)} answers in {wall:.1f} s\n")
    print(f"{'question type':<15}{'n':>4}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for kind in QUESTIONS:
        seconds = [t.seconds for t in timings if t.kind == kind]
        if seconds:
            print(f"{kind:<15}{len(seconds):>4}{percentile(seconds, 50):>9.2f}"
                  f"{percentile(seconds, 95):>9.2f}{max(seconds):>9.2f}")
    slow = [t for t in timings if t.kind == "segments"]
    beside = [t for t in timings if t.kind in QUICK and any(
        s.user != t.user and s.started < t.started and t.ended < s.ended for s in slow)]
    if beside:
        seconds = [t.seconds for t in beside]
        print(f"\nquick questions asked and answered while another person's segment question ran: "
              f"{len(beside)}, p50 {percentile(seconds, 50):.2f} s, max {max(seconds):.2f} s "
              f"(segment p50 {percentile([s.seconds for s in slow], 50):.2f} s)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the chat page did not start within {timeout_s:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--customers", type=int, default=20_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--questions", type=int, default=4, help="questions per person after the first")
    ap.add_argument("--workers", type=int, default=None, help="WENSHU_CHAT_WORKERS for the server")
    ap.add_argument("--think", type=float, default=0.0, help="seconds a person reads before asking again")
    args = ap.parse_args()

    from assistant.chat.runtime import ChatSettings
    from assistant.chat.server import start
    from demo_mart.generate import generate_mart

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None or not db.exists():
            db = db or Path(tmp) / "bank.duckdb"
            print(f"building a {args.customers:,}-customer demo mart at {db} …", flush=True)
            generate_mart(db, customers=args.customers)
        # no background segment searches: the figures are the questions' own
        settings = ChatSettings(db, warm=False) if args.workers is None else ChatSettings(db, workers=args.workers, warm=False)
        port = free_port()
        # a cache directory of its own: a segment search kept on disk by an earlier run on the same
        # file would make the segment questions cache hits, not searches
        env = {**os.environ, "WENSHU_STATE_DIR": str(Path(tmp) / "state"), "WENSHU_AUDIT_LOG": "off",
               "WENSHU_CACHE_DIR": str(Path(tmp) / "cache")}
        with (Path(tmp) / "server.log").open("wb") as log:
            server = start(settings, "127.0.0.1", port, base_env=env, output=log)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(url + "/")
            print(f"chat page on {url}, {settings.workers} workers; {args.users} people asking, "
                  f"{args.think:g} s between questions …", flush=True)
            timings: list[Timing] = []
            started = time.perf_counter()

            async def everyone() -> None:
                await asyncio.gather(*(person(url, u, args.questions, args.think, timings) for u in range(args.users)))

            asyncio.run(everyone())
            report(timings, time.perf_counter() - started, args.users)
            print(f"(median of all answers: {statistics.median(t.seconds for t in timings):.2f} s)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
