"""Derived data kept between runs (semantic_layer.disk_cache): worked out once, read back
while its inputs are unchanged, never read from a file someone else may have written; and
the facts a warehouse reads from its database file (the as-of date, the columns, the fresh
tag dates), read again once the file is written."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from semantic_layer import disk_cache
from semantic_layer.warehouse import Warehouse


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    kept = tmp_path / "cache"
    kept.mkdir()
    monkeypatch.setenv("WENSHU_CACHE_DIR", str(kept))
    return kept


def test_an_item_is_worked_out_once_per_key_and_read_back(cache_dir: Path) -> None:
    calls: list[str] = []

    def work() -> dict[str, list[int]]:
        calls.append("work")
        return {"a": [1, 2]}

    assert disk_cache.kept("t", ["k"], dict, work) == {"a": [1, 2]}
    assert disk_cache.kept("t", ["k"], dict, work) == {"a": [1, 2]}
    assert len(calls) == 1
    disk_cache.kept("t", ["another"], dict, work)
    assert len(calls) == 2
    disk_cache.kept("t", None, dict, work)  # an input that cannot be read: nothing kept
    disk_cache.kept("t", None, dict, work)
    assert len(calls) == 4


def test_an_item_of_another_type_is_worked_out_again(cache_dir: Path) -> None:
    disk_cache.store(disk_cache.cache_path("t", ["k"]), ["a list"])
    assert disk_cache.kept("t", ["k"], dict, lambda: {"a": 1}) == {"a": 1}


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX's")
def test_a_file_others_may_write_is_not_read_back(cache_dir: Path) -> None:
    path = disk_cache.cache_path("t", ["k"])
    disk_cache.store(path, "kept")
    assert disk_cache.load(path) == "kept"
    os.chmod(path, 0o666)
    assert disk_cache.load(path) is None


def test_a_file_written_again_has_another_state(tmp_path: Path) -> None:
    db = tmp_path / "bank.duckdb"
    db.write_bytes(b"one")
    before = disk_cache.file_state(db, tmp_path / "bank.duckdb.wal")
    assert before is not None and before[-1] == "-"  # no write-ahead log
    db.write_bytes(b"two, longer")
    assert disk_cache.file_state(db, tmp_path / "bank.duckdb.wal") != before


def test_the_facts_of_a_database_file_are_read_once_and_again_when_it_is_written(
    mart_path: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "bank.duckdb"
    shutil.copy(mart_path, db)
    first = Warehouse(db)
    facts = (first.default_as_of, first.data_start, first._tag_dates, first.runner.policy.known_columns)
    first.close()

    def never(*_: object) -> None:
        raise AssertionError("read from the database although kept")

    with monkeypatch.context() as m:
        for name in ("_read_data_window", "_read_materialized_dates"):
            m.setattr(Warehouse, name, never)
        m.setattr("semantic_layer.runner.SafeRunner._read_known_columns", never)
        again = Warehouse(db)
        assert (again.default_as_of, again.data_start, again._tag_dates, again.runner.policy.known_columns) == facts
        again.close()

    next_day = date.fromordinal(facts[0].toordinal() + 1)
    with duckdb.connect(str(db)) as con:  # an event the day after: the data now end then
        con.execute("INSERT INTO app_events (event_id, customer_id, event_time) VALUES (-1, 1, ?)", [next_day])
    later = Warehouse(db)
    assert later.default_as_of == next_day
    later.close()
