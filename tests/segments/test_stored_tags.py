"""Target segments read the stored tag history (``wenshu data generate`` builds it) when
it was built with today's tag definitions, and give exactly the answer computed inline."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from assistant.segments import find_segments
from assistant.segments.pull import tags_table
from semantic_layer.load import load_model
from semantic_layer.tags_build import build_tag_history
from semantic_layer.warehouse import TAGS_TABLE, Warehouse

pytestmark = pytest.mark.slow  # tag history built and read back on the test mart

GOAL = "deposit_to_loan"
MONTHS = {"months": 3, "min_conversions": 10**9}  # three month-ends: enough to compare


@pytest.fixture
def mart_copy(mart_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bank.duckdb"
    shutil.copy(mart_path, copy)
    return copy


def _search(db: Path) -> tuple[dict, list[date | None]]:
    wh = Warehouse(db)
    try:
        search = find_segments(wh, GOAL, **MONTHS)
        dates = [search.frames.as_of, *search.frames.history_dates]
        sources = [tags_table(wh, d) for d in dates]
        frames = search.frames
        seen = {
            "history": frames.history.to_dict("list"),
            "current": frames.current.to_dict("list"),
            "m": search.scored.m,
            "segments": search.segments("zh"),
        }
        return seen, sources
    finally:
        wh.close()


def test_stored_tags_give_the_inline_answer(mart_copy: Path) -> None:
    inline, sources = _search(mart_copy)
    assert sources == [None] * len(sources)  # nothing stored yet: computed inline

    build_tag_history(mart_copy, load_model(None), months=5)
    stored, sources = _search(mart_copy)

    assert sources == [TAGS_TABLE] * len(sources)  # today and every pooled month-end
    assert stored == inline


def test_tags_built_with_other_definitions_are_not_read(mart_copy: Path, tmp_path: Path) -> None:
    model_dir = Path(__file__).parents[2] / "semantic_layer" / "models" / "bank"
    changed = tmp_path / "model"
    shutil.copytree(model_dir, changed)
    tags = changed / "tags.yaml"
    text = tags.read_text(encoding="utf-8")
    tags.write_text(text.replace("when: aum >= 500000", "when: aum >= 400000"), encoding="utf-8")

    build_tag_history(mart_copy, load_model(None), months=1)

    assert _tags_read(mart_copy) == TAGS_TABLE
    assert _tags_read(mart_copy, changed) is None  # stale: built with other definitions


def test_a_tag_table_from_before_the_stamp_is_not_read_and_is_rebuilt(mart_copy: Path) -> None:
    with duckdb.connect(str(mart_copy)) as con:  # what `wenshu tags build` wrote before
        con.execute(
            f"CREATE TABLE {TAGS_TABLE} AS SELECT DATE '2025-12-31' AS as_of, customer_id "
            "FROM customers"
        )

    assert _tags_read(mart_copy) is None

    build_tag_history(mart_copy, load_model(None), months=1)
    assert _tags_read(mart_copy) == TAGS_TABLE


def _tags_read(db: Path, model: Path | None = None) -> str | None:
    """The tag table a query at the data's as-of date would read (None: inline)."""
    wh = Warehouse(db, model)
    try:
        return wh.context().tags_table
    finally:
        wh.close()
