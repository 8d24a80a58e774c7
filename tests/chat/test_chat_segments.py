"""A target-segment answer on the chat page: its stages show while it searches, the
answer reads as a list with labels (no codes), counts beside the rates and the touch
channel named, and asking again is answered at once from the kept search.

The page runs on a server of its own: the search it keeps would otherwise make the
shared server's slow question (``test_chat_concurrency``) instant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import ChatServer, running_server

from assistant.chat.runtime import ChatSettings

QUESTION = "哪些客户适合营销贷款?"  # deposit_to_loan: one segment on the chat mart
SEARCH_TIMEOUT_MS = 120_000
CODES = ("sms", "app_push", "wechat", "phone", "email", "morning", "midday", "afternoon",
         "evening", "night", "deposit_only")  # fmt: skip
# every text a step header shows, however briefly (React replaces them as stages change)
RECORD_STEPS = """() => {
  window.__steps = [];
  const seen = () => document.querySelectorAll('[id^="step-"]').forEach(
    e => { const s = e.innerText.trim(); if (!window.__steps.includes(s)) window.__steps.push(s); });
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def segments_server(chat_mart: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    # a cache directory of its own: the search is made here, not found kept on disk by an earlier test
    state = tmp_path_factory.mktemp("segments_state")
    with running_server(ChatSettings(chat_mart, warm=False), state, {"WENSHU_CACHE_DIR": str(state)}) as server:
        yield server


def _steps(chat) -> list[str]:
    return list(chat.page.evaluate("window.__steps"))


@pytest.mark.browser
def test_segment_answer_shows_stages_then_reads_as_a_list(open_chat, segments_server, screenshots):
    chat = open_chat(segments_server.url)
    chat.page.evaluate(RECORD_STEPS)
    answer = chat.ask(QUESTION, SEARCH_TIMEOUT_MS)

    seen = _steps(chat)
    assert any(re.match(r"使用中\s*目标客群搜索 · 读取历史月末样本 \d+/\d+", s) for s in seen), seen
    assert any(re.match(r"使用中\s*目标客群搜索 · 统计所有条件组合", s) for s in seen), seen
    finished = chat.page.locator('[id="step-目标客群搜索"]')
    assert finished.first.inner_text().strip().startswith("已使用")
    finished.first.click()  # the stages it went through, with their seconds
    chat.page.get_by_text("读取今天的客群 ·", exact=False).first.wait_for()

    assert answer.locator(".font-bold").first.inner_text().startswith("推荐的存转贷目标客群,平均转化率")
    items = answer.locator("ol > li")
    assert items.count() == 1 and "只存不贷客户中" in items.first.inner_text()
    header, *rows = chat.table(answer)
    assert header[2] == "客群转化率(转化/样本)" and header[4] == "最佳触达渠道"
    assert re.fullmatch(r"\d+\.\d{2}% \([\d,]+/[\d,]+\)", rows[0][2]), rows[0]
    text = answer.inner_text()
    assert "期间" in text and "历史样本" in text and "口径" in text
    assert not [c for c in CODES if re.search(rf"\b{c}\b", text)]
    # the expected conversions: one number in the list and the table
    assert f"预计转化 {rows[0][6]}人" in items.first.inner_text()
    chat.shot(screenshots, "zh_segments_list")


@pytest.mark.browser
def test_asking_again_is_answered_from_the_kept_search(open_chat, segments_server):
    first = open_chat(segments_server.url)
    first.ask(QUESTION, SEARCH_TIMEOUT_MS)  # searched (or already kept by the test above)
    chat = open_chat(segments_server.url)
    chat.page.evaluate(RECORD_STEPS)
    chat.ask(QUESTION, 15_000)
    assert any("使用刚算好的结果" in s for s in _steps(chat)), _steps(chat)
