"""Feedback: JSON lines, appended safely, read back intact. (Saved answers live in the
team store: tests/store.)"""

from __future__ import annotations

import threading

from assistant.answer import Answer
from assistant.chat.store import JsonlStore, feedback, feedback_log

ANSWER = Answer(
    status="answered",
    lang="zh",
    question="各区域的客户数",
    summary="华东最高",
    semantic_query={"metrics": ["customer_count"], "group_by": [{"field": "region"}]},
)


def test_feedback_record(tmp_path):
    log = feedback_log(tmp_path)
    log.append(feedback(ANSWER, "down", None, at="t"))
    assert (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").count("\n") == 1
    (record,) = log.read()
    assert (record["rating"], record["user"], record["question"], record["summary"]) == (
        "down",
        None,
        "各区域的客户数",
        "华东最高",
    )


def test_chinese_is_stored_readably(tmp_path):
    store = JsonlStore(tmp_path / "x.jsonl")
    store.append({"q": "客户数"})
    assert "客户数" in store.path.read_text(encoding="utf-8")


def test_concurrent_appends_do_not_interleave(tmp_path):
    store = JsonlStore(tmp_path / "deep" / "x.jsonl")

    def write(n: int) -> None:
        for i in range(50):
            store.append({"n": n, "i": i, "pad": "x" * 500})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = store.read()
    assert len(records) == 400
    assert sorted((r["n"], r["i"]) for r in records) == [
        (n, i) for n in range(8) for i in range(50)
    ]


def test_damaged_line_is_skipped(tmp_path):
    store = JsonlStore(tmp_path / "x.jsonl")
    store.append({"a": 1})
    with store.path.open("a", encoding="utf-8") as f:
        f.write('{"broken": \n')
    store.append({"b": 2})
    assert store.read() == [{"a": 1}, {"b": 2}]


def test_missing_file_reads_empty(tmp_path):
    assert JsonlStore(tmp_path / "none.jsonl").read() == []
