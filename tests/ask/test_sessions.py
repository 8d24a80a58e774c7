"""Conversations kept between CLI runs (``wenshu ask --session``): what is saved is read back
the same, a damaged file starts afresh, a file kept before the status was stored still reads."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.sessions import _path, from_json, load_session, save_session, to_json
from assistant.understanding import Conversation


def test_a_pending_question_back_survives_the_round_trip(assistant, tmp_path: Path) -> None:
    answer = assistant.ask("存款有多少", session="kept-1")  # 存款: balance or daily average — asked back
    assert answer.status == "clarify"
    conversation = assistant.conversation("kept-1")
    conversation.as_of = date(2025, 12, 31)
    save_session("kept-1", conversation, user="u", root=tmp_path)
    back = load_session("kept-1", user="u", root=tmp_path)
    assert back == conversation
    assert back.pending is not None and back.pending.options and back.pending.options[0].query is not None
    assert load_session("kept-1", user="someone else", root=tmp_path) == Conversation()


def test_a_damaged_file_starts_a_fresh_conversation(tmp_path: Path) -> None:
    save_session("kept-2", Conversation(lang="en"), root=tmp_path)
    _path("kept-2", tmp_path).write_text('{"last_query": {"metrics": 7}}', encoding="utf-8")
    assert load_session("kept-2", root=tmp_path) == Conversation()


def test_a_file_kept_before_the_status_was_stored_still_reads(assistant) -> None:
    assistant.ask("存款有多少", session="kept-3")
    data = to_json(assistant.conversation("kept-3"))
    del data["pending"]["status"]
    back = from_json(json.loads(json.dumps(data)))
    assert back.pending is not None and back.pending.status == "clarify"
    assert back.pending.options == assistant.conversation("kept-3").pending.options
