"""Roles: row scope injected by the compiler, minimum group size, unknown users — with
exact counts on a tiny hand-written mart (tests/fixtures/tiny_bank.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))
from tiny_bank import build_tiny_bank  # noqa: E402

from assistant.answer import Assistant  # noqa: E402
from semantic_layer.access import Access, Role  # noqa: E402
from semantic_layer.errors import ModelDefinitionError  # noqa: E402
from semantic_layer.load import load_model  # noqa: E402

ROLES = {
    "roles": [
        {"name": "east", "scope": [{"field": "region", "op": "in", "value": ["华东"]}], "min_group_size": 5},
        {"name": "strict", "min_group_size": 7},
    ],
    "users": [{"username": "alice", "role": "east"}, {"username": "bob", "role": "strict"}, {"username": "carol"}],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("tiny")
    db = build_tiny_bank(folder / "tiny.duckdb")
    roles = folder / "roles.yaml"
    roles.write_text(yaml.safe_dump(ROLES, allow_unicode=True), encoding="utf-8")
    return Assistant.open(db, roles=roles)


def rows(answer) -> list[list]:
    return [r for r in answer.rows]


def test_default_role_hides_small_groups_and_the_next_smallest(tiny: Assistant) -> None:
    """华东 8, 华北 6, 西南 2: 西南 is under 5; hiding it alone would let 华北 + 华东 reveal it
    from the total, so 华北 (the next smallest) is hidden too."""
    answer = tiny.ask("各区域的客户数", user="carol", session="a")
    shown = {r[0]: r[1] for r in answer.rows}
    assert shown == {"华东": 8, "华北": None, "西南": None}
    assert {r[0]: r[1] for r in answer.display}["西南"] == "<5"
    assert any("少于 5" in n for n in answer.notes)


def test_a_single_small_group_is_refused(tiny: Assistant) -> None:
    answer = tiny.ask("西南的客户数", user="carol", session="b")
    assert answer.status == "refused" and "min_group_size" in answer.notes
    assert tiny.ask("西南客户的存款余额", user="carol", session="c").status == "refused"  # 100,000 of 2 people


def test_scope_is_applied_to_every_query_of_the_role(tiny: Assistant) -> None:
    assert tiny.ask("各区域的客户数", user="alice", session="d").rows == [["华东", 8]]
    assert tiny.ask("客户数", user="alice", session="e").rows == [[8]]
    total = tiny.ask("存款余额一共多少", user="alice", session="f")
    assert total.status in ("answered", "clarify")
    balance = tiny.ask("存款时点余额", user="alice", session="g")
    assert balance.rows == [[360_000.0]]  # 10,000 × (1+…+8), 华东 only
    share = tiny.ask("存款余额超过2万的客户占比", user="alice", session="h")  # 30k…80k: 6 of the 8 in scope
    assert share.rows == [[0.75, 6, 8]]
    assert tiny.ask("女性客户占比", user="alice", session="h2").status == "refused"  # a part of 4: under 5


def test_role_minimum_group_size(tiny: Assistant) -> None:
    """bob's groups need 7 customers: 华北 (6) is hidden, 华东 (8) shown."""
    shown = {r[0]: r[1] for r in tiny.ask("各区域的客户数", user="bob", session="i").rows}
    assert shown["华东"] == 8 and shown["华北"] is None and shown["西南"] is None


def test_unknown_user_gets_a_bilingual_message_and_no_data(tiny: Assistant) -> None:
    answer = tiny.ask("客户数", user="mallory", session="j")
    assert answer.status == "error" and not answer.rows
    assert "mallory" in answer.message


def test_scoped_role_gets_no_target_segments(tiny: Assistant) -> None:
    answer = tiny.ask("下次贷款营销应该找哪些客户?", user="alice", session="k")
    assert answer.status == "refused" and "scope" in answer.notes


SCOPED = ({"field": "region", "op": "in", "value": ["华东"]},)


@pytest.mark.parametrize(("role", "action", "lacking"), [
    (Role(name="r"), "segments", None),
    (Role(name="r"), "export", "may_export"),
    (Role(name="r"), "inspect", "may_inspect_data"),
    (Role(name="r", may_export=True, may_inspect_data=True), "export", None),
    (Role(name="r", may_export=True, may_inspect_data=True), "inspect", None),
    # a row scope bounds no whole population and no raw read: granted or not, refused
    (Role(name="r", scope=SCOPED, may_export=True, may_inspect_data=True), "segments", "scope"),
    (Role(name="r", scope=SCOPED, may_export=True, may_inspect_data=True), "export", "scope"),
    (Role(name="r", scope=SCOPED, may_export=True, may_inspect_data=True), "inspect", "scope"),
])
def test_what_a_role_is_refused_and_why(role: Role, action: str, lacking: str | None) -> None:
    refused = role.refusal(action)  # type: ignore[arg-type]
    assert (refused and refused.reason) == lacking
    if refused is not None:
        zh, en = refused.error.message("zh"), refused.error.message("en")
        assert zh != en and any("\u4e00" <= c <= "\u9fff" for c in zh) and en.isascii()


@pytest.mark.parametrize(("roles", "words"), [
    ({"roles": [{"name": "x", "scope": [{"field": "regoin", "value": "华东"}]}]}, "not a customer tag"),
    ({"roles": [{"name": "x", "scope": [{"field": "region", "value": "火星"}]}]}, "has no value"),
    ({"users": [{"username": "a", "role": "boss"}]}, "unknown role"),
    ({"users": [{"username": "a", "password_hash": "hunter2"}]}, "never a password"),
    ({"roles": [{"name": "x", "min_group_size": 0}]}, "greater than or equal to 1"),
])
def test_a_bad_roles_file_reports_every_problem(tmp_path: Path, roles: dict, words: str) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(roles, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelDefinitionError) as err:
        Access.load(path, load_model())
    assert words in str(err.value)


@pytest.mark.parametrize(("user", "words"), [("alice", "whole customer base"), ("carol", "may not export")])
def test_customer_lists_only_for_roles_that_may_export(tmp_path: Path, user: str, words: str) -> None:
    import subprocess

    db = build_tiny_bank(tmp_path / "tiny.duckdb")
    roles = tmp_path / "roles.yaml"
    roles.write_text(yaml.safe_dump(ROLES, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "list.csv"
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "segments", "export", "--goal", "deposit_to_loan", "--out", str(out),
                          "--db", str(db), "--user", user, "--roles", str(roles)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and words in run.stderr
    assert not out.exists()
