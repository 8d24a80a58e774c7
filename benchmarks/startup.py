"""Start-up: the wall time of one ``wenshu ask`` process, as a ratio to ``python -c pass``.

    python benchmarks/startup.py [--db data/bank.duckdb] [--question Q] [--repeat 5]

Runs ``python -m assistant.cli`` (what the ``wenshu`` script runs) from a scratch
directory, once to warm the disk cache and jieba's dictionary cache, then ``--repeat``
times, and prints medians: the interpreter alone, ``wenshu --help`` (the command shell),
``wenshu ask`` (wall) and the time the answer itself reports (``elapsed_ms``: building the
parser and answering). Without ``--db`` (or if it is missing) the demo mart (20,000
customers) is generated in a temporary directory first. Timing never fails CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "上个月各区域的存贷转化率是多少?"


def timed(args: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of one process, and its standard output."""
    started = time.perf_counter()
    done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", check=True)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "data" / "bank.duckdb")
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="wenshu-startup-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's code, whatever is installed
    env.pop("WENSHU_LLM_MODEL", None)  # the offline parser: start-up, not a network call
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as a pip-installed package has it
    cli = [sys.executable, "-m", "assistant.cli"]
    try:
        db = args.db.resolve()
        if not db.exists():
            db = scratch / "bank.duckdb"
            print(f"generating the demo mart (20,000 customers) → {db}", flush=True)
            timed([*cli, "data", "generate", "--out", str(db)], scratch, env)
        ask = [*cli, "ask", args.question, "--db", str(db), "--json"]
        cold, _ = timed(ask, scratch, env)

        python, shell, wall, answer_ms = [], [], [], []
        for _ in range(args.repeat):
            python.append(timed([sys.executable, "-c", "pass"], scratch, env)[0])
            shell.append(timed([*cli, "--help"], scratch, env)[0])
            seconds, out = timed(ask, scratch, env)
            wall.append(seconds)
            answer_ms.append(json.loads(out)["elapsed_ms"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    base = statistics.median(python)
    ask_s = statistics.median(wall)
    print(f"question: {args.question}  ·  mart: {args.db}  ·  median of {args.repeat}")
    print(f"python -c pass        {base * 1000:8.0f} ms")
    print(f"wenshu --help         {statistics.median(shell) * 1000:8.0f} ms  ({statistics.median(shell) / base:.1f}× python)")
    print(f"wenshu ask (wall)     {ask_s * 1000:8.0f} ms  ({ask_s / base:.1f}× python)  first run {cold * 1000:.0f} ms")
    print(f"  of which the answer {statistics.median(answer_ms):8.0f} ms  (parser build + answer, as reported)")
    print(f"  imports and the rest{(ask_s - statistics.median(answer_ms) / 1000) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
