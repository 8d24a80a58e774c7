"""The stages of a target-segment search as the chat page's step shows them: the
current stage in its name while it runs, every stage with its seconds in its output."""

from __future__ import annotations

from assistant.chat.progress import StageLog
from assistant.segments.progress import Stage


def test_the_step_names_the_current_stage_and_lists_the_stages_with_seconds():
    log = StageLog("zh", started=100.0)
    log.add(Stage("population"), 100.0)
    log.add(Stage("history", 1, 3), 100.5)
    assert log.name(running=True) == "目标客群搜索 · 读取历史月末样本 1/3"
    log.add(Stage("history", 2, 3), 101.0)  # the same line, counted on
    log.add(Stage("count"), 102.0)
    assert log.name(running=True) == "目标客群搜索 · 统计所有条件组合"
    assert log.name(running=False) == "目标客群搜索"
    assert log.output(now=102.25).splitlines() == [
        "- 读取今天的客群 · 0.5 s",
        "- 读取历史月末样本 2/3 · 1.5 s",
        "- 统计所有条件组合 · 0.2 s",
        "共 2.2 秒",
    ]


def test_english_stages():
    log = StageLog("en", started=0.0)
    log.add(Stage("cached", lang="zh"), 0.0)  # the page's language wins over the stage's
    assert log.name(running=True) == "Target-segment search · using the result computed a moment ago"
    assert log.output(now=0.01).splitlines()[-1] == "0.0 s in all"
