"""Schedules and alert rules on saved answers: made, listed and deleted by the people
who may use the saved answer, each checked before anything is written."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.store.alerts import check_rule
from assistant.store.cron import DEFAULT_TZ, trigger
from assistant.store.errors import not_found, not_yours
from assistant.store.records import AlertRule, Condition, Schedule
from assistant.store.saved import may_use, saved_for
from assistant.store.store import Store
from semantic_layer.access import Access
from semantic_layer.errors import QueryError

DESTINATION_MAX = 200


def _destination(text: str) -> str:
    """A Slack channel id such as C0123ABCD: one word."""
    clean = text.strip()
    if not clean or len(clean) > DESTINATION_MAX or any(ch.isspace() for ch in clean):
        raise QueryError(zh=f"推送目标应为一个不含空格的频道 ID(例如 C0123ABCD),最多 {DESTINATION_MAX} 个字符。",
                         en=f"A destination is one channel id without spaces (e.g. C0123ABCD), at most {DESTINATION_MAX} characters.")
    return clean


def add_schedule(store: Store, access: Access, user: str | None, saved_id: int, cron: str, destination: str,
                 timezone: str = DEFAULT_TZ, now: datetime | None = None) -> Schedule:
    """Push saved answer ``saved_id`` to ``destination`` whenever ``cron`` fires in ``timezone``."""
    saved = saved_for(store, access, saved_id, user)
    trigger(cron, timezone)
    return store.add_schedule(saved_id=saved.id, cron=" ".join(cron.split()), timezone=timezone,
                              destination=_destination(destination), at=now or datetime.now(UTC))


def add_alert(store: Store, access: Access, user: str | None, saved_id: int, metric: str, condition: Condition,
              threshold: float, destination: str, cron: str, timezone: str = DEFAULT_TZ,
              now: datetime | None = None) -> AlertRule:
    """Check saved answer ``saved_id`` whenever ``cron`` fires; tell ``destination`` when
    ``metric`` meets ``condition`` (see ``assistant.store.alerts``)."""
    saved = saved_for(store, access, saved_id, user)
    check_rule(saved, metric, condition, threshold)
    trigger(cron, timezone)
    return store.add_alert(saved_id=saved.id, metric=metric, condition=condition, threshold=threshold,
                           cron=" ".join(cron.split()), timezone=timezone, destination=_destination(destination),
                           at=now or datetime.now(UTC))


def _usable(store: Store, access: Access, user: str | None) -> set[int]:
    return {s.id for s in store.all_saved() if may_use(access, s, user)}


def visible_schedules(store: Store, access: Access, user: str | None) -> list[Schedule]:
    usable = _usable(store, access, user)
    return [s for s in store.schedules() if s.saved_id in usable]


def visible_alerts(store: Store, access: Access, user: str | None) -> list[AlertRule]:
    usable = _usable(store, access, user)
    return [a for a in store.alerts() if a.saved_id in usable]


def delete_schedule(store: Store, access: Access, user: str | None, schedule_id: int) -> Schedule:
    schedule = store.schedule(schedule_id)
    if schedule is None:
        raise not_found("schedule", schedule_id)
    if schedule.saved_id not in _usable(store, access, user):
        raise not_yours("schedule", schedule_id)
    store.delete_schedule(schedule_id)
    return schedule


def delete_alert(store: Store, access: Access, user: str | None, alert_id: int) -> AlertRule:
    rule = store.alert(alert_id)
    if rule is None:
        raise not_found("alert", alert_id)
    if rule.saved_id not in _usable(store, access, user):
        raise not_yours("alert", alert_id)
    store.delete_alert(alert_id)
    return rule
