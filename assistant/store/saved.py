"""Saved answers: save an answer's query, re-run it on fresh data under its owner's
current role, and tell what changed since the last run.

Who may use a saved answer: its owner; anyone when it was saved without a user; and
everyone when there is no users file (one person on their own machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from assistant.store.changes import Changes, compare_results, describe_changes
from assistant.store.errors import not_found, not_yours
from assistant.store.records import Result, SavedAnswer
from assistant.store.store import Store
from semantic_layer.access import Access
from semantic_layer.errors import QueryError, WenshuError
from semantic_layer.fingerprint import model_fingerprint
from semantic_layer.query import SemanticQuery

if TYPE_CHECKING:
    from assistant.answer import Answer, Assistant

TITLE_MAX = 200


def may_use(access: Access, saved: SavedAnswer, user: str | None) -> bool:
    return not access.users or saved.owner is None or saved.owner == user


def visible_saved(store: Store, access: Access, user: str | None) -> list[SavedAnswer]:
    """The saved answers ``user`` may see, oldest first."""
    return [s for s in store.all_saved() if may_use(access, s, user)]


def saved_for(store: Store, access: Access, saved_id: int, user: str | None) -> SavedAnswer:
    """The saved answer ``saved_id`` if ``user`` may use it; else a bilingual error."""
    saved = store.saved(saved_id)
    if saved is None:
        raise not_found("saved", saved_id)
    if not may_use(access, saved, user):
        raise not_yours("saved", saved_id)
    return saved


def _title(title: str) -> str:
    clean = " ".join(title.split())
    if not clean or len(clean) > TITLE_MAX:
        raise QueryError(zh=f"标题不能为空,最多 {TITLE_MAX} 个字符。", en=f"A title must be 1 to {TITLE_MAX} characters.")
    return clean


def save_answer(store: Store, assistant: Assistant, answer: Answer, title: str, user: str | None,
                now: datetime | None = None) -> SavedAnswer:
    """Keep ``answer``'s query (relative periods stay relative), the model version, the
    SQL fingerprint, ``user`` and their role, and the result to compare re-runs with."""
    if answer.status != "answered" or answer.semantic_query is None:
        raise QueryError(zh="只能保存查到数据的回答(不能保存澄清、拒绝、出错或目标客群推荐)。",
                         en="Only an answer with data can be saved (not a question back, a refusal, an error or target segments).")
    return store.add_saved(
        title=_title(title), question=answer.question, lang=answer.lang, owner=user,
        role=assistant.access.role_of(user).name, query=SemanticQuery.model_validate(answer.semantic_query),
        model_version=model_fingerprint(assistant.warehouse.model), result=Result.of(answer),
        at=now or datetime.now(UTC))


def delete_saved(store: Store, access: Access, saved_id: int, user: str | None) -> SavedAnswer:
    saved = saved_for(store, access, saved_id, user)
    store.delete_saved(saved.id)
    return saved


@dataclass(frozen=True)
class Rerun:
    """A saved answer run again: the answer, the result it replaced, and what changed."""

    saved: SavedAnswer  # as it was before this run
    answer: Answer
    model_changed: bool  # the semantic model differs from the one it was saved under
    result: Result | None = None  # None unless the answer has data
    changes: Changes | None = None  # None when there is nothing to compare

    @property
    def previous(self) -> Result | None:
        return self.saved.last_result


def rerun(assistant: Assistant, store: Store, saved: SavedAnswer, at: datetime, user: str | None = None) -> Rerun:
    """Run ``saved`` again through ``Assistant.run_query`` (guard, scope, small groups,
    audit): as its owner's current role, or ``user``'s for an answer saved without an
    owner, so running it never shows more than its runner could ask for. The relative
    period is dated against the data's current as-of date by the pipeline's resolve
    stage. An owner no longer known is refused (a bilingual error); a good result
    replaces the last one."""
    runner = saved.owner if saved.owner is not None else user
    assistant.access.role_of(runner)
    answer = assistant.run_query(saved.query, saved.lang, saved.question, user=runner, route="saved")
    changed = model_fingerprint(assistant.warehouse.model) != saved.model_version
    if answer.status != "answered":
        return Rerun(saved, answer, changed)
    result = Result.of(answer)
    store.set_result(saved.id, result, at)
    changes = compare_results(saved.last_result, result) if saved.last_result is not None else None
    return Rerun(saved, answer, changed, result, changes)


def run_saved(assistant: Assistant, store: Store, saved_id: int, user: str | None,
              now: datetime | None = None) -> Rerun:
    """``wenshu saved run``: re-run a saved answer ``user`` may use, and record the run."""
    saved = saved_for(store, assistant.access, saved_id, user)
    at = now or datetime.now(UTC)
    try:
        done = rerun(assistant, store, saved, at, user)
    except WenshuError as err:
        store.add_run(saved_id=saved.id, kind="manual", at=at, status="refused", delivered=False, error=err.bilingual())
        raise
    failed = done.answer.message if done.answer.status != "answered" else None
    store.add_run(saved_id=saved.id, kind="manual", at=at, status=done.answer.status, delivered=False, error=failed)
    return done


def since_lines(done: Rerun) -> list[str]:
    """What a re-run adds to its answer, in the saved answer's language: the changes
    since the last run under a heading line, and a note when the model changed."""
    zh = done.saved.lang == "zh"
    lines = []
    if done.changes is not None and done.previous is not None:
        since = done.previous.as_of or "-"
        lines.append(f"与上次运行(截至 {since})相比:" if zh else f"Since the last run (as of {since}):")
        lines += [f"- {line}" for line in describe_changes(done.changes, done.saved.lang)]
    if done.model_changed:
        lines.append("注意:语义模型(指标口径)自保存以来已修改,数字可能按新口径计算。" if zh
                     else "Note: the semantic model (metric definitions) changed since this answer was saved; figures may follow the new definitions.")
    return lines


def rerun_text(done: Rerun) -> str:
    """The plain text a schedule delivers: title, summary, period, what changed."""
    zh = done.saved.lang == "zh"
    answer = done.answer
    lines = [f"【{done.saved.title}】" if zh else f"*{done.saved.title}*", answer.summary or answer.message]
    if answer.period:
        lines.append(f"期间:{answer.period}" if zh else f"Period: {answer.period}")
    return "\n".join(lines + since_lines(done))
