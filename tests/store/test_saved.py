"""Saved answers on SQLite and PostgreSQL: saved on the older mart (as of 2025-11-30),
re-run on the fresher one (as of 2025-12-31). Every figure and every change is checked
against hand-written SQL on the two marts, not against the assistant's own output."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.store.saved import (
    delete_saved,
    rerun_text,
    run_saved,
    save_answer,
    saved_for,
    visible_saved,
)
from assistant.store.store import Store
from semantic_layer.access import Access
from semantic_layer.errors import QueryError, RefusedError
from semantic_layer.fingerprint import model_fingerprint
from semantic_layer.load import BANK_MODEL_DIR, load_model
from semantic_layer.warehouse import Warehouse

SEP = (date(2025, 9, 1), date(2025, 9, 30))
OCT = (date(2025, 10, 1), date(2025, 10, 31))
NOV = (date(2025, 11, 1), date(2025, 11, 30))
DEC = (date(2025, 12, 1), date(2025, 12, 31))

ROLES = """
roles:
  - name: analyst
  - name: east_manager
    scope: [{{field: region, op: in, value: [华东]}}]
users:
{users}
"""


def with_roles(base: Assistant, tmp_path: Path, users: str) -> Assistant:
    """``base``'s data and parser under a roles file naming ``users``."""
    path = tmp_path / f"roles{len(list(tmp_path.glob('roles*')))}.yaml"
    path.write_text(ROLES.format(users=users), encoding="utf-8")
    return Assistant(base.warehouse, base.parser, access=Access.load(path, base.warehouse.model))


def test_rerun_on_fresher_data_re_resolves_the_period_and_reports_changes(store, old_assistant, assistant, marts):
    asked = old_assistant.ask("上个月的交易笔数和贷款审批通过率", session="kpi")
    assert (asked.status, asked.columns) == ("answered", ["txn_count", "loan_approval_rate", "loan_approvals", "loan_decisions"])
    saved = save_answer(store, old_assistant, asked, "月度交易与审批", None)
    assert saved.query.time_range is not None and saved.query.time_range.relative == "上个月"

    done = run_saved(assistant, store, saved.id, None)

    assert done.answer.semantic_query is not None
    assert done.answer.semantic_query["time_range"] == {"start": "2025-11-01", "end": "2025-11-30", "relative": "上个月"}
    txn_before, txn_after = marts.txn_count(marts.old, *OCT), marts.txn_count(marts.new, *NOV)
    rate_before, rate_after = marts.approval_rate(marts.old, *OCT), marts.approval_rate(marts.new, *NOV)
    assert done.answer.rows[0][:2] == [txn_after, pytest.approx(rate_after, rel=1e-12)]
    assert done.answer.rows[0][2] / done.answer.rows[0][3] == pytest.approx(rate_after)  # approvals over decisions
    assert done.changes is not None and (done.changes.added, done.changes.removed) == ((), ())
    cells = {c.column: c for c in done.changes.cells}
    assert cells["txn_count"].delta == txn_after - txn_before
    assert cells["txn_count"].relative == pytest.approx((txn_after - txn_before) / txn_before)
    assert cells["loan_approval_rate"].delta == pytest.approx(rate_after - rate_before)
    assert cells["loan_approval_rate"].relative is None  # a rate moves in points, not percent
    text = rerun_text(done).splitlines()
    delta = txn_after - txn_before
    assert f"- 交易笔数: {txn_before:,} → {txn_after:,}({delta:+,},{delta / txn_before * 100:+.2f}%)" in text
    assert (f"- 贷款审批通过率: {rate_before * 100:.2f}% → {rate_after * 100:.2f}%"
            f"({(rate_after - rate_before) * 100:+.2f} 个百分点)") in text
    assert not done.model_changed and not any("语义模型" in line for line in text)
    kept = store.saved(saved.id)
    assert kept is not None and kept.last_result is not None and kept.last_result.as_of == "2025-12-31"
    assert kept.last_result.rows[0][0] == txn_after
    assert kept.query == saved.query  # still relative: the next run dates it again
    assert [(r.kind, r.status) for r in store.runs(saved.id)] == [("manual", "answered")]


def test_changes_by_region_match_hand_computed_deltas(store, old_assistant, assistant, marts):
    asked = old_assistant.ask("上个月各区域的交易笔数", session="regions")
    saved = save_answer(store, old_assistant, asked, "各区域交易", None)
    done = run_saved(assistant, store, saved.id, None)
    before, after = marts.txn_by_region(marts.old, *OCT), marts.txn_by_region(marts.new, *NOV)
    assert {r[0]: r[1] for r in done.answer.rows} == after
    assert done.changes is not None
    assert {c.row: c.delta for c in done.changes.cells} == {k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert done.changes.unchanged == sum(after[k] == before[k] for k in after)


def test_rows_added_and_removed_by_their_key(store, old_assistant, assistant, marts):
    asked = old_assistant.ask("近三个月每月的交易笔数", session="trend")
    saved = save_answer(store, old_assistant, asked, "近三月趋势", None)
    done = run_saved(assistant, store, saved.id, None)
    before = marts.txn_by_month(marts.old, SEP[0], NOV[1])
    after = marts.txn_by_month(marts.new, OCT[0], DEC[1])
    assert [r[1] for r in done.answer.rows] == [after[m] for m in sorted(after)]
    assert done.changes is not None
    assert [label[:7] for label in done.changes.added] == ["2025-12"]
    assert [label[:7] for label in done.changes.removed] == ["2025-09"]
    both = sorted(set(before) & set(after))
    assert {c.row[:7]: c.delta for c in done.changes.cells} == {m: after[m] - before[m] for m in both if after[m] != before[m]}
    assert done.changes.unchanged == sum(after[m] == before[m] for m in both)


def test_the_owners_current_role_applies_and_an_unknown_owner_is_refused(store, old_assistant, assistant, marts, tmp_path):
    analyst = with_roles(old_assistant, tmp_path, "  - {username: alice, role: analyst}")
    asked = analyst.ask("上个月各区域的交易笔数", session="role", user="alice")
    saved = save_answer(store, analyst, asked, "各区域交易", "alice")
    assert (saved.owner, saved.role, len(saved.last_result.rows)) == ("alice", "analyst", 7)  # type: ignore[union-attr]

    promoted = with_roles(assistant, tmp_path, "  - {username: alice, role: east_manager}")
    done = run_saved(promoted, store, saved.id, "alice")
    assert done.answer.rows == [["华东", marts.txn_by_region(marts.new, *NOV)["华东"]]]
    assert done.changes is not None and len(done.changes.removed) == 6 and "华东" not in done.changes.removed

    gone = with_roles(assistant, tmp_path, "  - {username: bob, role: analyst}")
    with pytest.raises(QueryError) as refused:
        run_saved(gone, store, saved.id, "alice")
    assert "alice" in refused.value.zh and "未知用户" in refused.value.zh and "Unknown user" in refused.value.en
    assert [(r.kind, r.status) for r in store.runs(saved.id)] == [("manual", "refused"), ("manual", "answered")]


def test_only_the_owner_may_see_run_or_delete(store, old_assistant, assistant, tmp_path):
    team = with_roles(assistant, tmp_path, "  - {username: alice, role: analyst}\n  - {username: bob, role: analyst}")
    asked = assistant.ask("上个月的交易笔数", session="own")
    mine = save_answer(store, team, asked, "alice 的", "alice")
    shared = save_answer(store, team, asked, "无主的", None)
    assert [s.id for s in visible_saved(store, team.access, "bob")] == [shared.id]
    assert [s.id for s in visible_saved(store, team.access, "alice")] == [mine.id, shared.id]
    for attempt in (lambda: saved_for(store, team.access, mine.id, "bob"),
                    lambda: run_saved(team, store, mine.id, "bob"),
                    lambda: delete_saved(store, team.access, mine.id, "bob")):
        with pytest.raises(RefusedError) as refused:
            attempt()
        assert "属于其他用户" in refused.value.zh and "belongs to another user" in refused.value.en
    assert store.saved(mine.id) is not None and store.runs(mine.id) == []
    with pytest.raises(QueryError) as missing:
        saved_for(store, team.access, 999, "alice")
    assert "999" in missing.value.zh and "no saved answer with id 999" in missing.value.en
    # without a users file, everyone is the one person on their own machine
    assert [s.id for s in visible_saved(store, Access(), "bob")] == [mine.id, shared.id]
    delete_saved(store, team.access, mine.id, "alice")
    assert store.saved(mine.id) is None


def test_a_changed_model_is_reported(store, assistant, mart_path, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(BANK_MODEL_DIR, model_dir)
    metrics = model_dir / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    assert text.count("期间内的交易笔数(按交易时间)。") == 1
    metrics.write_text(text.replace("期间内的交易笔数(按交易时间)。", "期间内全部交易的笔数(按交易时间)。"), encoding="utf-8")
    saved = save_answer(store, assistant, assistant.ask("上个月的交易笔数", session="model"), "交易笔数", None)

    assert not run_saved(assistant, store, saved.id, None).model_changed
    warehouse = Warehouse(mart_path, model_dir)
    try:
        done = run_saved(Assistant(warehouse), store, saved.id, None)
    finally:
        warehouse.close()
    assert done.model_changed and done.answer.status == "answered"
    assert "语义模型(指标口径)自保存以来已修改" in rerun_text(done)


def test_the_model_fingerprint_follows_content_not_loading(tmp_path):
    assert model_fingerprint(load_model()) == model_fingerprint(load_model())
    model_dir = tmp_path / "model"
    shutil.copytree(BANK_MODEL_DIR, model_dir)
    tags = model_dir / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8").replace("{zh: 区域, en: region}", "{zh: 大区, en: region}"), encoding="utf-8")
    assert model_fingerprint(load_model(model_dir)) != model_fingerprint(load_model())


@pytest.mark.parametrize("question, title, message", [
    ("存款规模", "存款", "只能保存查到数据的回答"),  # a question back (时点 or 日均?)
    ("drop table customers", "x", "只能保存查到数据的回答"),  # a refusal
    ("上个月的交易笔数", "   ", "标题不能为空"),
    ("上个月的交易笔数", "长" * 201, "标题不能为空"),
])
def test_what_cannot_be_saved_is_said_and_nothing_is_written(store: Store, assistant, question, title, message):
    with pytest.raises(QueryError) as refused:
        save_answer(store, assistant, assistant.ask(question, session=f"bad:{question}"), title, None)
    assert message in refused.value.zh and refused.value.en
    assert store.all_saved() == []


def test_a_moved_amount_is_signed_once_in_its_currency() -> None:
    """"-¥6.36M", never "+¥-6.36M"; a euro answer's change reads in euros."""
    from dataclasses import replace

    from assistant.store.changes import CellChange, describe_cell

    cell = CellChange("", "aum", "AUM", "currency", 2_500_000_000.0, 2_493_640_000.0, "¥2.50B", "¥2.49B")
    assert "(-¥6.36M, -0.25%)" in describe_cell(cell, "en")
    assert "(-636.00万元,-0.25%)" in describe_cell(cell, "zh")
    euros = replace(cell, currency={"symbol": "€", "zh": "欧元"})
    assert "(-€6.36M" in describe_cell(euros, "en") and "-636.00万欧元" in describe_cell(euros, "zh")
    assert "+¥6.36M" in describe_cell(replace(cell, before=2_493_640_000.0, after=2_500_000_000.0), "en")
