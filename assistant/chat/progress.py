"""The stages of a long search (target segments) as one step on the page that changes
while it runs: its name is the current stage ("目标客群搜索 · 读取历史月末样本 3/8", shown
as "使用中 …"), its output the stages so far with their seconds.

Stages arrive on the worker thread that answers; ``report`` hands them to the event
loop, which alone talks to the page. A question without stages shows nothing extra.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from assistant.chat.texts import Lang, t

if TYPE_CHECKING:
    import chainlit as cl

    from assistant.segments.progress import Stage

DONE = None  # put on the queue when the answer is in


@dataclass
class StageLog:
    """The stages heard so far, as the step's name and output (no Chainlit here)."""

    lang: Lang
    started: float = field(default_factory=time.perf_counter)
    lines: list[tuple[str, str, float]] = field(default_factory=list)  # (key, label, start)

    def add(self, stage: Stage, at: float) -> None:
        if self.lines and self.lines[-1][0] == stage.key:  # 3/8 → 4/8: the same line
            self.lines[-1] = (stage.key, stage.label(self.lang), self.lines[-1][2])
        else:
            self.lines.append((stage.key, stage.label(self.lang), at))

    def name(self, running: bool) -> str:
        title = t("step_segments", self.lang)
        return f"{title} · {self.lines[-1][1]}" if running and self.lines else title

    def output(self, now: float) -> str:
        ends = [start for _, _, start in self.lines[1:]] + [now]
        rows = [
            f"- {label} · {end - start:.1f} s"
            for (_, label, start), end in zip(self.lines, ends, strict=True)
        ]
        return "\n".join([*rows, t("stages_total", self.lang, s=f"{now - self.started:.1f}")])


class StageStep:
    """``async with StageStep(lang, step) as stages: await ask(..., progress=stages.report)``;
    the stages' step is shown beside ``step`` (理解问题), in the same run of the page."""

    def __init__(self, lang: Lang, beside: cl.Step | None = None) -> None:
        self.log = StageLog(lang)
        self._parent = beside.parent_id if beside is not None else None
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[tuple[Stage, float] | None] = asyncio.Queue()
        self._step: cl.Step | None = None
        self._task: asyncio.Task[None] | None = None

    def report(self, stage: Stage) -> None:
        """Called from the worker thread as each stage starts."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (stage, time.perf_counter()))

    async def __aenter__(self) -> StageStep:
        self._task = asyncio.create_task(self._show())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._queue.put_nowait(DONE)
        if self._task is not None:
            await self._task

    async def _show(self) -> None:
        import chainlit as cl
        from chainlit.utils import utc_now

        while (item := await self._queue.get()) is not DONE:
            stage, at = item
            self.log.add(stage, at)
            if self._step is None:
                # sent, not entered: a step of its own beside 理解问题 (same parent, the
                # page's run of on_message), not folded inside it
                self._step = cl.Step(
                    name=self.log.name(True), type="tool", show_input=False, parent_id=self._parent
                )
                self._step.start = utc_now()
                await self._step.send()
            self._step.name = self.log.name(True)
            self._step.output = self.log.output(time.perf_counter())
            await self._step.update()
        if self._step is not None:
            self._step.name = self.log.name(False)
            self._step.output = self.log.output(time.perf_counter())
            self._step.end = utc_now()
            await self._step.update()
