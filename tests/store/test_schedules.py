"""Schedules fire at a controlled time, once, and every run is recorded; bad input
changes nothing. The in-process APScheduler fires a due schedule on its own."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.store.deliver import RecordingDeliver
from assistant.store.due import run_due
from assistant.store.saved import save_answer
from assistant.store.scheduler import start_scheduler
from assistant.store.schedules import add_schedule, delete_schedule, visible_schedules
from assistant.store.store import Store
from semantic_layer.access import Access
from semantic_layer.errors import QueryError, RefusedError

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPEN = Access()


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment of January 2026 in Shanghai (the 5th is a Monday)."""
    return datetime(2026, 1, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def saved(store, old_assistant):
    return save_answer(store, old_assistant, old_assistant.ask("上个月的交易笔数", session="sched"), "每日交易", None,
                       now=at(5, 8))


def test_a_schedule_fires_once_when_due_and_every_run_is_recorded(store, saved, assistant, marts):
    from datetime import date

    schedule = add_schedule(store, OPEN, None, saved.id, "0 9 * * 1-5", "C0123ABCD", now=at(5, 8))
    sent = RecordingDeliver()
    assert run_due(assistant, store, sent, at(5, 8, 59, 59)) == []
    runs = run_due(assistant, store, sent, at(5, 9))
    assert [(r.kind, r.schedule_id, r.status, r.delivered, r.error) for r in runs] == [
        ("schedule", schedule.id, "answered", True, None)]
    (message,) = sent.sent
    nov = marts.txn_count(marts.new, date(2025, 11, 1), date(2025, 11, 30))
    assert message.destination == "C0123ABCD" and message.answer.rows == [[nov]]
    assert message.text.splitlines()[0] == "【每日交易】" and f"{nov:,}" in message.text
    assert run_due(assistant, store, sent, at(5, 9, 0, 30)) == []  # the same firing: not again
    assert run_due(assistant, store, sent, at(5, 23)) == []
    assert len(run_due(assistant, store, sent, at(6, 9))) == 1  # Tuesday's firing
    assert [(r.kind, r.delivered) for r in store.runs(saved.id)] == [("schedule", True), ("schedule", True)]
    assert store.schedule(schedule.id).last_fired_at == at(6, 9)


def test_missed_firings_run_once_and_weekends_are_skipped(store, saved, assistant):
    add_schedule(store, OPEN, None, saved.id, "0 9 * * 1-5", "C1", now=at(9, 18))  # Friday evening
    sent = RecordingDeliver()
    assert run_due(assistant, store, sent, at(11, 23)) == []  # Saturday and Sunday: nothing
    assert len(run_due(assistant, store, sent, at(14, 10))) == 1  # Monday, Tuesday, Wednesday missed: one run
    assert run_due(assistant, store, sent, at(14, 11)) == []


@pytest.mark.parametrize("cron, days", [
    ("0 9 * * 1-5", ["Mon", "Tue", "Wed", "Thu", "Fri"]),  # standard cron: 1 is Monday
    ("0 9 * * 0", ["Sun"]),
    ("0 9 * * 7", ["Sun"]),
    ("0 9 * * 5-7", ["Fri", "Sat", "Sun"]),
    ("0 9 * * sat,sun", ["Sat", "Sun"]),
    ("0 9 * * */2", ["Tue", "Thu", "Sat", "Sun"]),
    ("0 9 * * *", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
])
def test_weekdays_count_from_sunday_as_in_cron(cron, days):
    from assistant.store.cron import next_fire
    from assistant.store.records import Schedule

    fired, moment = [], at(4, 23)  # Sunday night
    for _ in range(7):
        schedule = Schedule(id=1, saved_id=1, cron=cron, timezone="Asia/Shanghai", destination="C1", created_at=moment)
        nxt = next_fire(schedule, moment)
        assert nxt is not None and nxt.astimezone(SHANGHAI).hour == 9
        if nxt > at(11, 23):
            break
        fired.append(f"{nxt.astimezone(SHANGHAI):%a}")
        moment = nxt
    assert sorted(fired) == sorted(days)


def test_a_firing_claimed_by_another_process_is_not_run_again(store, saved):
    schedule = add_schedule(store, OPEN, None, saved.id, "0 9 * * *", "C1", now=at(5, 8))
    assert store.claim(schedule, at(5, 9))
    assert not store.claim(schedule, at(5, 9))  # a second process read the same row: it loses


def test_a_failed_delivery_is_recorded(store, saved, assistant):
    add_schedule(store, OPEN, None, saved.id, "0 9 * * *", "C_DOWN", now=at(5, 8))
    add_schedule(store, OPEN, None, saved.id, "0 9 * * *", "C_CRASH", now=at(5, 8))

    def crash(destination, answer, text):
        raise ConnectionError("slack is down")

    down = RecordingDeliver(working=False)
    first = run_due(assistant, store, lambda d, a, t: down(d, a, t) if d == "C_DOWN" else crash(d, a, t), at(5, 9))
    assert [(r.status, r.delivered, r.error) for r in first] == [
        ("answered", False, None), ("answered", False, "ConnectionError: slack is down")]


@pytest.mark.parametrize("cron, tz, destination, zh, en", [
    ("0 9 * *", "Asia/Shanghai", "C1", "定时表达式 “0 9 * *” 无效", "Invalid cron expression '0 9 * *'"),
    ("61 9 * * *", "Asia/Shanghai", "C1", "定时表达式", "Invalid cron expression"),
    ("every day", "Asia/Shanghai", "C1", "定时表达式", "Invalid cron expression"),
    ("0 9 * * 8", "Asia/Shanghai", "C1", "定时表达式", "'8' is not a weekday"),
    ("0 9 * * 5-1", "Asia/Shanghai", "C1", "定时表达式", "not a range of weekdays"),
    ("0 9 * * *", "Mars/Olympus", "C1", "未知时区 “Mars/Olympus”", "Unknown time zone 'Mars/Olympus'"),
    ("0 9 * * *", "Asia/Shanghai", "", "推送目标", "A destination is one channel id"),
    ("0 9 * * *", "Asia/Shanghai", "two words", "推送目标", "A destination is one channel id"),
])
def test_bad_schedules_are_refused_and_nothing_is_written(store, saved, cron, tz, destination, zh, en):
    with pytest.raises(QueryError) as refused:
        add_schedule(store, OPEN, None, saved.id, cron, destination, tz)
    assert zh in refused.value.zh and en in refused.value.en
    assert store.schedules() == []


def test_schedules_belong_to_the_saved_answers_owner(store, old_assistant, tmp_path):
    roles = tmp_path / "roles.yaml"
    roles.write_text("users:\n  - {username: alice}\n  - {username: bob}\n", encoding="utf-8")
    team = Access.load(roles, old_assistant.warehouse.model)
    asked = old_assistant.ask("上个月的交易笔数", session="owner")
    mine = save_answer(store, old_assistant, asked, "alice 的", "alice")
    schedule = add_schedule(store, team, "alice", mine.id, "0 9 * * *", "C1")
    with pytest.raises(RefusedError):
        add_schedule(store, team, "bob", mine.id, "0 9 * * *", "C2")
    assert visible_schedules(store, team, "bob") == [] and visible_schedules(store, team, "alice") == [schedule]
    with pytest.raises(RefusedError) as refused:
        delete_schedule(store, team, "bob", schedule.id)
    assert "属于其他用户" in refused.value.zh and store.schedules() == [schedule]
    with pytest.raises(QueryError) as missing:
        delete_schedule(store, team, "alice", 999)
    assert "no schedule with id 999" in missing.value.en
    store.delete_saved(mine.id)
    assert store.schedules() == []  # a saved answer's schedules go with it


def test_the_in_process_scheduler_fires_a_due_schedule(tmp_path, old_assistant, assistant):
    store = Store.open(f"sqlite:///{tmp_path / 'wenshu.db'}")
    saved = save_answer(store, old_assistant, old_assistant.ask("上个月的交易笔数", session="bg"), "后台", None)
    add_schedule(store, OPEN, None, saved.id, "* * * * *", "C1", now=datetime.now(SHANGHAI) - timedelta(minutes=2))
    minutes: list[datetime] = []

    class Timed(RecordingDeliver):  # when each delivery came: an every-minute schedule fires once a minute
        def __call__(self, destination, answer, text):
            minutes.append(datetime.now(SHANGHAI).replace(second=0, microsecond=0))
            return super().__call__(destination, answer, text)

    sent = Timed()
    scheduler = start_scheduler(assistant, store, sent, every_s=0.2)
    try:
        deadline = time.monotonic() + 20
        while not sent.sent and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.6)  # a few more ticks (on a loaded machine they may cross into the next minute: one more is due then)
    finally:
        scheduler.shutdown()
        store.close()
    assert sent.sent and {d.destination for d in sent.sent} == {"C1"}
    assert len(minutes) == len(set(minutes))  # never twice in one minute
