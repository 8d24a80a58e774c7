"""Segment questions reach the segment finder from the same ``ask``; conversion answers
offer them as a follow-up that the finder understands."""

from __future__ import annotations

import pytest

from assistant.answer import Assistant


@pytest.mark.slow
@pytest.mark.parametrize("question", ["下次贷款营销应该找哪些客户?", "who should we target to turn deposit customers into borrowers?"])
def test_segment_questions_answer_with_segments(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, session=question)
    assert answer.status == "answered"
    assert any(n.startswith("segments:") and n.endswith("deposit_to_loan") for n in answer.notes)
    assert answer.summary
    assert len(answer.rows) == len(answer.segments)
    for seg in answer.segments:
        assert seg["size"] > 0 and seg["filters"]


def test_conversion_answer_offers_segments_as_followup(assistant: Assistant) -> None:
    answer = assistant.ask("上个月的存贷转化率", session="seg-followup")
    assert answer.followups[0] == "推荐存转贷目标客群"
    follow = assistant.ask(answer.followups[0], session="seg-followup")
    assert "segments:deposit_to_loan" in follow.notes


def test_ordinary_questions_are_not_segment_questions(assistant: Assistant) -> None:
    answer = assistant.ask("上个月各区域的存贷转化率", session="plain")
    assert answer.semantic_query is not None and not answer.segments
