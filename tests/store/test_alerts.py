"""Alert rules against figures computed by hand: a saved answer saved on October's data
(the older mart) and checked on November's (the fresher one). Thresholds are chosen
from the hand-computed figures so each rule's verdict is known before it runs."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.store.deliver import RecordingDeliver
from assistant.store.due import run_due
from assistant.store.records import Condition
from assistant.store.saved import save_answer
from assistant.store.schedules import add_alert, add_schedule
from semantic_layer.access import Access
from semantic_layer.errors import QueryError

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPEN = Access()
OCT = (date(2025, 10, 1), date(2025, 10, 31))
NOV = (date(2025, 11, 1), date(2025, 11, 30))
MONDAY_8, MONDAY_9, TUESDAY_9 = (datetime(2026, 1, d, h, tzinfo=SHANGHAI) for d, h in ((5, 8), (5, 9), (6, 9)))


@pytest.fixture
def saved(store, old_assistant):
    asked = old_assistant.ask("上个月的交易笔数和贷款审批通过率", session="alerts")
    return save_answer(store, old_assistant, asked, "交易与审批", None, now=MONDAY_8)


def crossed_below(t: float, before: float, after: float) -> bool:
    return after < t <= before


def crossed_above(t: float, before: float, after: float) -> bool:
    return before <= t < after


def test_rules_fire_exactly_when_the_hand_computed_figures_say(store, saved, assistant, marts):
    x, y = marts.txn_count(marts.old, *OCT), marts.txn_count(marts.new, *NOV)
    rx, ry = (100 * marts.approval_rate(m, *p) for m, p in ((marts.old, OCT), (marts.new, NOV)))  # in percent
    assert x != y and rx != ry
    mid, rmid = (x + y) / 2, (rx + ry) / 2
    pct, pp = abs(y - x) / x * 100, abs(ry - rx)
    rules: list[tuple[str, Condition, float, bool]] = [  # metric, condition, threshold, fires?
        ("txn_count", "below", mid, crossed_below(mid, x, y)),
        ("txn_count", "above", mid, crossed_above(mid, x, y)),
        ("txn_count", "below", min(x, y) - 1, False),  # stays above: no crossing
        ("txn_count", "change_pct", pct * 0.9, True),
        ("txn_count", "change_pct", pct * 1.1, False),
        ("loan_approval_rate", "below", rmid, crossed_below(rmid, rx, ry)),
        ("loan_approval_rate", "above", rmid, crossed_above(rmid, rx, ry)),
        ("loan_approval_rate", "change_pp", pp * 0.9, True),
        ("loan_approval_rate", "change_pp", pp * 1.1, False),
        ("loan_approval_rate", "change_pct", abs(ry - rx) / rx * 100 * 0.9, True),
    ]
    made = [add_alert(store, OPEN, None, saved.id, metric, condition, threshold, f"C{i}", "0 9 * * *", now=MONDAY_8)
            for i, (metric, condition, threshold, _) in enumerate(rules)]
    schedule = add_schedule(store, OPEN, None, saved.id, "0 9 * * *", "C_REPORT", now=MONDAY_8)  # runs first
    sent = RecordingDeliver()

    runs = run_due(assistant, store, sent, MONDAY_9)

    assert [(r.schedule_id, r.alert_id) for r in runs] == [(schedule.id, None), *((None, a.id) for a in made)]
    assert [r.fired for r in runs[1:]] == [fires for *_, fires in rules]
    assert [r.delivered for r in runs[1:]] == [fires for *_, fires in rules]
    assert sorted(d.destination for d in sent.sent) == sorted(["C_REPORT", *(f"C{i}" for i, r in enumerate(rules) if r[3])])
    by_to = {d.destination: d.text for d in sent.sent}
    assert f"{x:,} → {y:,}" in by_to["C3"] and by_to["C3"].startswith("⚠ 预警:【交易与审批】txn_count 变动超过")
    assert f"{(ry - rx):+.2f} 个百分点" in by_to["C7"]
    # the same data again the next day: nothing crosses or moves, nothing is sent
    again = run_due(assistant, store, sent, TUESDAY_9)
    assert [r.fired for r in again[1:]] == [False] * len(rules)
    assert len(sent.sent) == 1 + sum(r[3] for r in rules) + 1  # only Tuesday's report was added


@pytest.mark.parametrize("metric, condition, threshold, zh, en", [
    ("txn_cnt", "below", 10, "没有指标 “txn_cnt”", "Did you mean: txn_count?"),
    ("customer_count", "above", 10, "可以监控的有:txn_count、loan_approval_rate", "no figure 'customer_count'"),
    ("txn_count", "change_pp", 5, "不是比率", "percentage points do not apply"),
    ("txn_count", "change_pct", -5, "变动幅度必须大于 0", "must be more than 0"),
    ("loan_approval_rate", "change_pp", 0, "变动幅度必须大于 0", "must be more than 0"),
    ("loan_approval_rate", "below", 150, "应在 0 到 100 之间", "from 0 to 100"),
    ("loan_approval_rate", "above", -1, "应在 0 到 100 之间", "from 0 to 100"),
    ("txn_count", "below", float("nan"), "有限的数字", "finite number"),
])
def test_meaningless_rules_are_refused_and_nothing_is_written(store, saved, metric, condition, threshold, zh, en):
    with pytest.raises(QueryError) as refused:
        add_alert(store, OPEN, None, saved.id, metric, condition, threshold, "C1", "0 9 * * *")
    assert zh in refused.value.message("zh") and en in refused.value.message("en")
    assert store.alerts() == []
