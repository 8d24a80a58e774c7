"""Running schedules and alerts inside a long-lived process (``wenshu serve``, the Slack
bot): an APScheduler background job that runs what is due every minute.

The store stays the one source of truth, so schedules added from the command line are
picked up without a restart, and a ``run-due`` cron job beside it never doubles a run.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from assistant.answer import Assistant
from assistant.store.deliver import Deliver
from assistant.store.due import run_due
from assistant.store.store import Store

log = logging.getLogger("wenshu.store")


def _tick(assistant: Assistant, store: Store, deliver: Deliver, lock: AbstractContextManager[object]) -> None:
    with lock:
        runs = run_due(assistant, store, deliver, datetime.now(UTC))
    if runs:
        log.info("ran %d schedules and alerts", len(runs))


def start_scheduler(assistant: Assistant, store: Store, deliver: Deliver, *, every_s: float = 60.0,
                    lock: AbstractContextManager[object] | None = None) -> BackgroundScheduler:
    """Start checking for due schedules and alerts now and every ``every_s`` seconds, in a
    background thread; ``.shutdown()`` the returned scheduler to stop (it waits for a
    run in progress). ``lock`` is held during each pass: the one the process already
    holds while ``assistant`` answers, because its connection is not shared safely."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(_tick, IntervalTrigger(seconds=every_s, timezone=UTC),
                      args=(assistant, store, deliver, lock or contextlib.nullcontext()),
                      id="wenshu-run-due", max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
    scheduler.start()
    return scheduler
