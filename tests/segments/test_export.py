"""Exported lists hold exactly a segment's customers (checked against hand-written SQL),
with salted-hash keys and no personal data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from assistant.segments import SegmentSearch, mask_id, write_segment
from semantic_layer.errors import QueryError

SALT = "test-salt"
PII = ("name", "id_number", "phone")


def reference_members(
    reference: duckdb.DuckDBPyConnection, mart_sql, search: SegmentSearch, filters: list[dict]
) -> pd.DataFrame:
    """Customers meeting ``filters`` on tags from tests/mart/mart_sql.py (+ customer columns)."""
    sql = f"""
        WITH ref AS ({mart_sql.TAGS})
        SELECT ref.*, c.gender, c.occupation, c.education, c.marital_status, c.risk_level,
               b.region, b.city, c.phone, c.id_number
        FROM ref JOIN customers c USING (customer_id) JOIN branches b ON b.branch_id = c.branch_id
    """  # test-only reference SQL, written independently of the compiler
    tags = reference.execute(sql, {"d": search.frames.as_of}).df()
    keep = pd.Series(True, index=tags.index)
    for f in filters:
        column = tags[f["field"]]
        keep &= (column >= f["value"]) if f["op"] == ">=" else (column == f["value"])
    return tags[keep]


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


CASES = [("loan_search", 1), ("loan_search", 2), ("loan_search", 3), ("campaign_search", 1)]


@pytest.mark.slow
@pytest.mark.parametrize(("which", "rank"), CASES)
def test_export_matches_definition(
    request, seg_warehouse, reference, mart_sql, tmp_path: Path, which: str, rank: int
) -> None:
    search: SegmentSearch = request.getfixturevalue(which)
    report = write_segment(seg_warehouse, search, rank, tmp_path / "list.csv", SALT, "en")
    header, rows = read_csv(report.path)
    expected = reference_members(reference, mart_sql, search, report.segment["filters"])

    assert report.rows == len(rows) == report.segment["size"] == len(expected)
    assert {r[0] for r in rows} == {mask_id(int(i), SALT) for i in expected["customer_id"]}
    assert header[0] == "customer_key" and all(re.fullmatch(r"[0-9a-f]{64}", r[0]) for r in rows)
    for c in report.segment["conditions"]:  # the segment's own tags come first
        assert c["field"] in header
    assert not set(header) & {*PII, "customer_id"}
    text = report.path.read_text(encoding="utf-8")
    assert not any(p in text for p in expected["phone"]), "a phone number leaked"
    assert not any(n in text for n in expected["id_number"]), "an ID number leaked"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # ordered by key, not by id


def test_salt_changes_every_key(
    seg_warehouse, campaign_search: SegmentSearch, tmp_path: Path
) -> None:
    a = write_segment(seg_warehouse, campaign_search, 1, tmp_path / "a.csv", "one")
    b = write_segment(seg_warehouse, campaign_search, 1, tmp_path / "b.csv", "two")
    again = write_segment(seg_warehouse, campaign_search, 1, tmp_path / "c.csv", "one")
    keys = [{r[0] for r in read_csv(r.path)[1]} for r in (a, b, again)]
    assert keys[0] == keys[2] and not keys[0] & keys[1]


@pytest.mark.parametrize(("rank", "salt"), [(99, SALT), (1, "")])
def test_export_refuses(
    seg_warehouse, campaign_search: SegmentSearch, tmp_path: Path, rank: int, salt: str
) -> None:
    with pytest.raises(QueryError):
        write_segment(seg_warehouse, campaign_search, rank, tmp_path / "x.csv", salt)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_suggested_channel_and_time_are_labels_in_the_lists_language(
    seg_warehouse, campaign_search: SegmentSearch, tmp_path: Path, lang: str
) -> None:
    from assistant.segments.wording import PERIOD_TAG, channel_label, value_label

    model = seg_warehouse.model
    segment = campaign_search.segments(lang)[0]
    channel, period = segment["channel"]["value"], segment["period"]["value"]
    header, rows = read_csv(write_segment(seg_warehouse, campaign_search, 1, tmp_path / "l.csv", SALT, lang).path)
    written = {(r[header.index("suggested_channel")], r[header.index("suggested_period")]) for r in rows}
    expected = (channel_label(model, channel, lang), value_label(model, PERIOD_TAG, period, lang))
    assert written == {expected}
    if lang == "zh":  # the English labels of these codes happen to read like them
        assert expected != (channel, period)  # 电话 / 晚上, not phone / evening
