"""When a schedule or an alert rule is due: its cron expression in its time zone, read
by APScheduler's ``CronTrigger``, against a clock the caller passes (tests fire a
schedule by passing the time)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from semantic_layer.errors import QueryError

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

    from assistant.store.records import AlertRule, Schedule

DEFAULT_TZ = "Asia/Shanghai"
TICK = timedelta(microseconds=1)
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # standard cron: Sunday is 0 (and 7)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(zh=f"未知时区 “{name}”。请用 IANA 时区名,例如 Asia/Shanghai。",
                         en=f"Unknown time zone '{name}'. Use an IANA name such as Asia/Shanghai.") from None


def _day(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text in DAYS:
        return DAYS.index(text)
    raise ValueError(f"'{text}' is not a weekday (0-7 or sun-sat)")


def weekdays(field: str) -> str:
    """The weekday field of standard cron (Sunday = 0 or 7, so 1-5 is Monday to Friday)
    spelt out as day names, because APScheduler's crontab reader counts from Monday = 0
    and would read 1-5 as Tuesday to Saturday."""
    if field == "*":
        return field
    days: set[int] = set()
    for part in field.lower().split(","):
        span, _, step = part.partition("/")
        if step and not step.isdigit():
            raise ValueError(f"'{step}' is not a step")
        first, _, last = span.partition("-")
        low, high = (0, 6) if span == "*" else (_day(first), _day(last) if last else (6 if step else _day(first)))
        if low > high or (step and int(step) == 0):
            raise ValueError(f"'{part}' is not a range of weekdays")
        days.update(d % 7 for d in range(low, high + 1, int(step or 1)))
    return ",".join(DAYS[d] for d in sorted(days))


def trigger(cron: str, timezone: str = DEFAULT_TZ) -> CronTrigger:
    """The trigger of a five-field cron expression ("0 9 * * 1-5": weekdays at 9:00)."""
    # imported here, when a schedule is read, not by every wenshu command
    from apscheduler.triggers.cron import CronTrigger

    tz = zone(timezone)
    fields = cron.split()
    try:
        if len(fields) == 5:
            fields[4] = weekdays(fields[4])
        return CronTrigger.from_crontab(" ".join(fields), timezone=tz)
    except ValueError as exc:
        raise QueryError(zh=f"定时表达式 “{cron}” 无效:{exc}。格式为“分 时 日 月 周”,例如 “0 9 * * 1-5” 表示工作日 9:00。",
                         en=f"Invalid cron expression '{cron}': {exc}. Use 'minute hour day month weekday', "
                            "e.g. '0 9 * * 1-5' for weekdays at 9:00.") from None


def next_fire(item: Schedule | AlertRule, after: datetime) -> datetime | None:
    """The first time strictly after ``after`` at which ``item`` fires."""
    return trigger(item.cron, item.timezone).get_next_fire_time(None, after + TICK)


def is_due(item: Schedule | AlertRule, now: datetime) -> bool:
    """Due when a firing time has passed since it last fired (or since it was made).
    Firings missed while nothing ran count once, not once each."""
    fire = next_fire(item, item.last_fired_at or item.created_at)
    return fire is not None and fire <= now
