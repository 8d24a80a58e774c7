"""Hostile input on every route — the offline parser, the command line's batch, and the LLM
route with a local fake OpenAI-compatible server that answers with hostile output:
no personal value is shown, nothing is written, nothing crashes, and no answer waits for a
model slower than the question's budget.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from hostile import HOSTILE_REPLIES, QUESTIONS, SLOW_SECONDS, FakeOpenAI

from assistant.answer import Answer, Assistant
from semantic_layer.warehouse import Warehouse

INTERNAL = ("内部错误", "Internal error")


@pytest.fixture(scope="module")
def hostile_mart(mart_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("hostile") / "bank.duckdb"
    shutil.copy(mart_path, copy)
    return copy


@pytest.fixture(scope="module")
def personal_values(hostile_mart: Path) -> set[str]:
    copy = hostile_mart.with_name("read.duckdb")
    shutil.copy(hostile_mart, copy)
    con = duckdb.connect(str(copy), read_only=True)
    rows = con.execute("SELECT name, id_number, phone FROM customers").fetchall()
    con.close()
    return {str(v) for row in rows for v in row if v and len(str(v)) >= 3}  # three-character names and up


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown(answer: Answer) -> str:
    """Everything a person reads (the question itself is theirs, not ours)."""
    data = answer.model_dump(mode="json")
    data.pop("question", None)
    return json.dumps(data, ensure_ascii=False)


def check(answer: Answer, personal: set[str]) -> list[str]:
    problems = []
    text = shown(answer)
    leaked = [v for v in personal if v in text]
    if leaked:
        problems.append(f"personal values shown: {leaked[:3]}")
    if any(w in answer.message for w in INTERNAL) or "Traceback" in text:
        problems.append("crashed")
    if answer.status == "answered" and answer.sql and any(w in answer.sql.upper() for w in ("ID_NUMBER", "PHONE", ".NAME")):
        problems.append("personal column in SQL")
    return problems


def test_the_corpus_is_large_and_bilingual() -> None:
    assert len(QUESTIONS) >= 200
    zh = sum(1 for q in QUESTIONS if any("\u4e00" <= c <= "\u9fff" for c in q))
    assert zh >= 70 and len(QUESTIONS) - zh >= 70


def test_offline_route(hostile_mart: Path, personal_values: set[str]) -> None:
    before = digest(hostile_mart)
    assistant = Assistant(Warehouse(hostile_mart))
    failures = {}
    for i, question in enumerate(QUESTIONS):
        answer = assistant.ask(question, session=f"h{i}")
        problems = check(answer, personal_values)
        if problems:
            failures[question[:60]] = problems
    assistant.warehouse.close()
    assert not failures, failures
    assert digest(hostile_mart) == before  # nothing written


@pytest.mark.slow
def test_command_line_batch_answers_every_line(hostile_mart: Path, personal_values: set[str], tmp_path: Path) -> None:
    before = digest(hostile_mart)
    batch = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": i, "question": q}, ensure_ascii=False).encode("utf-8", errors="surrogatepass") for i, q in enumerate(QUESTIONS)]
    lines += [b"not json", b"\xff\xfe\x00 broken utf-8", b'{"id": "x"}', b'{"question": 42}']
    batch.write_bytes(b"\n".join(lines))
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--batch", str(batch), "--db", str(hostile_mart)],
                         capture_output=True, timeout=900, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    out = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert len(out) == len(lines)  # one line out for every line in
    assert "Traceback" not in run.stderr.decode("utf-8", errors="replace")
    for record in out:
        record.pop("question", None)
        text = json.dumps(record, ensure_ascii=False)
        assert not [v for v in personal_values if v in text], record.get("id")
    assert digest(hostile_mart) == before


@pytest.fixture(scope="module")
def fake_llm() -> FakeOpenAI:
    server = FakeOpenAI([*HOSTILE_REPLIES, "SLOW"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.mark.slow
def test_llm_route_with_hostile_model_output(hostile_mart: Path, personal_values: set[str], fake_llm: FakeOpenAI,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WENSHU_LLM_MODEL", "fake")
    monkeypatch.setenv("WENSHU_LLM_BASE_URL", fake_llm.url)
    monkeypatch.setenv("WENSHU_LLM_TIMEOUT", "60")
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    before = digest(hostile_mart)
    assistant = Assistant(Warehouse(hostile_mart))
    assert assistant.parser.name == "llm"
    failures = {}
    questions = ["各区域的客户数", "how many customers", "AUM by city", "贷款余额", "客户数"] * ((len(HOSTILE_REPLIES) + 1) // 2 + 1)
    for i, question in enumerate(questions):
        started = time.perf_counter()
        answer = assistant.ask(question, session=f"l{i}")
        problems = check(answer, personal_values)
        if time.perf_counter() - started >= SLOW_SECONDS:  # not a speed limit: the slow reply came first
            problems.append("waited for the slow model instead of answering within the budget")
        if answer.options and any(("http" in o.label or "<" in o.label or "张三" in o.label) for o in answer.options):
            problems.append("model text shown in an option")
        if "http" in answer.message or "13800000000" in answer.message:
            problems.append("model text shown in the message")
        if problems:
            failures[f"{i}:{question}"] = problems
    assistant.warehouse.close()
    assert fake_llm.calls >= len(HOSTILE_REPLIES)  # every hostile reply was served at least once
    assert not failures, failures
    assert digest(hostile_mart) == before
