"""Pull the finder's data once: history rows with outcomes, today's population, past touches.

Every query is a validated SELECT run by a :class:`SafeRunner` on the warehouse's file
(read-only, locked down), with the row cap raised to fit a whole population, and
fetched straight into a DataFrame (``SafeRunner.run_frame``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd
from sqlglot import exp

from assistant.segments.goals import Settings, Target
from assistant.segments.population import (
    campaigns_select,
    outcome_window,
    population_select,
    touches_select,
)
from assistant.segments.progress import Progress, Stage, ignore
from semantic_layer.compile.sqlparts import add_months, month_start
from semantic_layer.runner import SafeRunner
from semantic_layer.warehouse import Warehouse

ROW_CAP = 100_000_000
PULL_TIMEOUT_S = (
    600.0  # a population's tags at a date is batch work: minutes on a million customers
)


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str
    objective: str
    start: date

    @property
    def tag_date(self) -> date:
        """Customers were selected on the month-end before the campaign's month."""
        return month_start(self.start) - timedelta(days=1)


@dataclass
class Frames:
    """``history``: one row per base customer-month (goals) or per touch (campaigns), with
    the tag fields, ``converted`` and, for campaigns, ``treated``. ``current``: today's
    population. ``touches``: delivered treatment touches with channel, clicked, send_period."""

    history: pd.DataFrame
    current: pd.DataFrame
    touches: pd.DataFrame
    as_of: date
    history_dates: list[date] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)


@contextmanager
def frame_runner(warehouse: Warehouse) -> Iterator[SafeRunner]:
    """A runner on the warehouse's file with the same SQL policy and a population-sized row cap."""
    runner = SafeRunner(
        warehouse.db_path,
        replace(warehouse.runner.policy, max_rows=ROW_CAP),
        timeout_s=PULL_TIMEOUT_S,
    )
    try:
        yield runner
    finally:
        runner.close()


def fetch(runner: SafeRunner, select: exp.Expr) -> pd.DataFrame:
    """The rows of a validated SELECT, fetched column by column (no Python tuple per row)."""
    return runner.run_frame(select)


def tags_table(warehouse: Warehouse, as_of: date) -> str | None:
    """The materialised tag table when it holds ``as_of`` (``wenshu tags build``)."""
    return warehouse.context(as_of).tags_table


def list_campaigns(runner: SafeRunner) -> list[Campaign]:
    return [
        Campaign(str(r[0]), str(r[1]), str(r[2]), r[3]) for r in runner.run(campaigns_select()).rows
    ]


def history_dates(target: Target, as_of: date, months: int) -> list[date]:
    """Month-ends, newest first, whose whole outcome window ends by ``as_of``."""
    assert target.goal.outcome is not None
    ends = [add_months(month_start(as_of), -k) - timedelta(days=1) for k in range(months + 2)]
    fits = [
        m for m in ends if outcome_window(target.goal.outcome, m)[1] <= as_of + timedelta(days=1)
    ]
    return fits[:months]


def load_frames(
    runner: SafeRunner,
    warehouse: Warehouse,
    target: Target,
    fields: list[str],
    settings: Settings,
    campaigns: list[Campaign],
    as_of: date,
    progress: Progress = ignore,
) -> Frames:
    """History and today's population for ``target`` (for campaigns, their touches too)."""
    model = warehouse.model
    progress(Stage("population"))
    current = fetch(
        runner,
        population_select(
            model,
            target.goal,
            fields,
            as_of,
            outcome=False,
            tags_table=tags_table(warehouse, as_of),
        ),
    )
    dates: list[date] = []
    touches = _empty_touches(fields)
    if target.is_campaign:
        progress(Stage("touches"))
        touches = load_touches(runner, warehouse, fields, campaigns)
        history = touches[(touches["group_type"] == "control") | touches["delivered"]].copy()
        history["treated"] = history["group_type"] == "treatment"
    else:
        parts: list[pd.DataFrame] = []
        rows = conversions = 0
        months = history_dates(target, as_of, settings.months)
        for k, m in enumerate(months, start=1):
            if rows and rows + len(current) > settings.max_rows:  # today's size: a month's proxy
                break
            progress(Stage("history", k, len(months)))
            part = fetch(
                runner,
                population_select(
                    model, target.goal, fields, m, tags_table=tags_table(warehouse, m)
                ),
            )
            parts.append(part)
            dates.append(m)
            rows += len(part)
            conversions += int(part["converted"].sum())
            # a rate's precision is set by the rarer of the two outcomes
            if (
                rows >= settings.max_rows
                or min(conversions, rows - conversions) >= settings.min_conversions
            ):
                break
        history = (
            pd.concat(parts, ignore_index=True)
            if parts
            else current.assign(converted=False).iloc[:0]
        )
    return Frames(
        history.reset_index(drop=True), current, treated_only(touches), as_of, dates, campaigns
    )


def campaigns_for(target: Target, campaigns: list[Campaign], as_of: date) -> list[Campaign]:
    """Past campaigns of the target's objective (or the one named) that started by ``as_of``."""
    objective = target.objective or target.goal.objective
    return [
        c
        for c in campaigns
        if c.start <= as_of
        and c.objective == objective
        and (target.campaign_name is None or c.name == target.campaign_name)
    ]


def treated_only(touches: pd.DataFrame) -> pd.DataFrame:
    if touches.empty:
        return touches
    return touches[
        (touches["group_type"] == "treatment") & touches["delivered"].astype(bool)
    ].reset_index(drop=True)


def load_touches(
    runner: SafeRunner, warehouse: Warehouse, fields: list[str], campaigns: list[Campaign]
) -> pd.DataFrame:
    """Touches of ``campaigns`` with each customer's tags on the month-end before the campaign."""
    by_date: dict[date, list[str]] = {}
    for c in campaigns:
        by_date.setdefault(c.tag_date, []).append(c.campaign_id)
    parts = [
        fetch(runner, touches_select(warehouse.model, fields, d, ids, tags_table(warehouse, d)))
        for d, ids in sorted(by_date.items())
    ]
    return pd.concat(parts, ignore_index=True) if parts else _empty_touches(fields)


def _empty_touches(fields: list[str]) -> pd.DataFrame:
    columns = [
        "campaign_id",
        "customer_id",
        "group_type",
        "delivered",
        "channel",
        "clicked",
        "converted",
        "send_period",
        *fields,
    ]
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
