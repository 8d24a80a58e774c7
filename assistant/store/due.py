"""Run what is due, once: every schedule and alert rule whose cron time has passed.

``wenshu schedule run-due`` calls this from cron or Airflow; ``start_scheduler`` calls it
every minute inside a server. Each schedule or rule is claimed in the store before it
runs, so two processes never run the same firing twice; each run is recorded. A saved
answer with a schedule and an alert due together runs once for both.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from assistant.answer import Answer, Assistant
from assistant.store.alerts import fired_rows, threshold_text
from assistant.store.cron import is_due
from assistant.store.deliver import Deliver
from assistant.store.records import AlertRule, Run, SavedAnswer, Schedule
from assistant.store.saved import Rerun, rerun, rerun_text
from assistant.store.store import Store
from semantic_layer.errors import WenshuError

log = logging.getLogger("wenshu.store")


class _Reruns:
    """Each saved answer run at most once per pass, shared by its schedules and rules."""

    def __init__(self, assistant: Assistant, store: Store, now: datetime):
        self.assistant, self.store, self.now = assistant, store, now
        self.done: dict[int, Rerun] = {}

    def get(self, saved: SavedAnswer) -> Rerun:
        if saved.id not in self.done:
            try:
                self.done[saved.id] = rerun(self.assistant, self.store, saved, self.now)
            except WenshuError as err:  # e.g. the owner is no longer a known user
                refused = Answer(status="refused", lang=saved.lang, question=saved.question, message=err.message(saved.lang))
                self.done[saved.id] = Rerun(saved, refused, model_changed=False)
        return self.done[saved.id]


def _send(deliver: Deliver, destination: str, answer: Answer, text: str) -> tuple[bool, str | None]:
    """Deliver, turning a deliverer's crash into a recorded failure instead of a lost pass."""
    try:
        return deliver(destination, answer, text), None
    except Exception as exc:
        log.exception("delivery to %s failed", destination)
        return False, f"{type(exc).__name__}: {exc}"


def _push(store: Store, reruns: _Reruns, deliver: Deliver, schedule: Schedule, saved: SavedAnswer) -> Run:
    """A schedule sends whatever came back, a failure too: the people waiting learn why."""
    done = reruns.get(saved)
    delivered, error = _send(deliver, schedule.destination, done.answer, rerun_text(done))
    status = done.answer.status
    if status != "answered":
        error = done.answer.message
    return store.add_run(saved_id=saved.id, schedule_id=schedule.id, kind="schedule", at=reruns.now,
                         status=status, delivered=delivered, error=error)


def alert_text(rule: AlertRule, done: Rerun, rows: list[str]) -> str:
    zh = done.saved.lang == "zh"
    fmt = done.result.formats[done.result.columns.index(rule.metric)] if done.result else ""
    when = threshold_text(rule.condition, rule.threshold, fmt, done.saved.lang, done.result.currency if done.result else None)
    head = f"⚠ 预警:【{done.saved.title}】{rule.metric} {when}" if zh else f"⚠ Alert: *{done.saved.title}* {rule.metric} {when}"
    period = done.answer.period or "-"
    return "\n".join([head, *(f"- {r}" for r in rows), f"期间:{period}" if zh else f"Period: {period}"])


def _check(store: Store, reruns: _Reruns, deliver: Deliver, rule: AlertRule, saved: SavedAnswer) -> Run:
    """An alert tells only when it fires; a run that failed is recorded, not sent."""
    done = reruns.get(saved)

    def record(**outcome: Any) -> Run:
        return store.add_run(saved_id=saved.id, alert_id=rule.id, kind="alert", at=reruns.now,
                             status=done.answer.status, **outcome)

    if done.result is None:
        return record(delivered=False, error=done.answer.message)
    rows = fired_rows(rule, done.previous, done.result, saved.lang)
    if not rows:
        return record(fired=False, delivered=False)
    delivered, error = _send(deliver, rule.destination, done.answer, alert_text(rule, done, rows))
    return record(fired=True, delivered=delivered, error=error)


def run_due(assistant: Assistant, store: Store, deliver: Deliver, now: datetime) -> list[Run]:
    """Run every schedule and alert rule due at ``now`` (aware), once; the runs recorded."""
    reruns = _Reruns(assistant, store, now)
    runs: list[Run] = []
    items: list[Schedule | AlertRule] = [*store.schedules(), *store.alerts()]
    for item in items:
        saved = store.saved(item.saved_id)
        if saved is None or not is_due(item, now) or not store.claim(item, now):
            continue
        if isinstance(item, Schedule):
            runs.append(_push(store, reruns, deliver, item, saved))
        else:
            runs.append(_check(store, reruns, deliver, item, saved))
    return runs
