"""Stages of a segment search, reported while it runs (the CLI's status line, the chat
page's steps). A search calls ``progress(Stage(...))`` as each stage starts; front ends
only render ``stage.label()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

# key -> (zh, en); {done}/{total} are filled in for stages that count
LABELS: dict[str, tuple[str, str]] = {
    "waiting": ("等待另一个客群搜索完成", "waiting for another segment search to finish"),
    "cached": ("使用刚算好的结果", "using the result computed a moment ago"),
    "campaigns": ("读取营销活动", "reading past campaigns"),
    "population": ("读取今天的客群", "reading today's population"),
    "history": ("读取历史月末样本 {done}/{total}", "reading past month-ends {done}/{total}"),
    "touches": ("读取营销触达记录", "reading campaign touches"),
    "count": ("统计所有条件组合", "counting every combination of conditions"),
    "rank": ("检验并排序", "testing and ranking"),
    "channels": ("挑选渠道和时段", "choosing channel and timing"),
}


@dataclass(frozen=True)
class Stage:
    """One stage starting; ``done``/``total`` count its parts (month-ends) when it has them."""

    key: str
    done: int = 0
    total: int = 0
    lang: str = "zh"

    def label(self, lang: str | None = None) -> str:
        zh, en = LABELS[self.key]
        text = zh if (lang or self.lang) == "zh" else en
        return text.format(done=self.done, total=self.total)

    def in_lang(self, lang: str) -> Stage:
        return replace(self, lang=lang)


Progress = Callable[[Stage], None]


def ignore(stage: Stage) -> None:
    """The progress of a caller that shows none."""
