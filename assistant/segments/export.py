"""Write a suggested segment's customer list with personal data masked.

The list is read with the segment's own definition (base filters + conditions, as
semantic-layer filters on today's tags), so it holds exactly the customers counted in
its size. Customer ids are replaced by ``sha256(salt:customer_id)``; names, ID numbers
and phone numbers are never read. Rows are ordered by the masked key, not by id.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.segments.goals import load_goals
from assistant.segments.population import CUSTOMER_ID, population_select
from assistant.segments.pull import fetch, frame_runner, tags_table
from assistant.segments.suggest import SegmentSearch, find_segments
from semantic_layer.errors import InternalError, QueryError
from semantic_layer.query import Filter
from semantic_layer.warehouse import Warehouse

KEY = "customer_key"


@dataclass(frozen=True)
class ExportReport:
    path: Path
    rows: int
    columns: list[str]
    segment: dict[str, Any]


def mask_id(customer_id: object, salt: str) -> str:
    """The exported key of a customer: sha256 of ``salt:customer_id``, hex."""
    return hashlib.sha256(f"{salt}:{customer_id}".encode()).hexdigest()


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def export_segment(
    warehouse: Warehouse,
    goal: str,
    rank: int,
    out: Path | str,
    salt: str,
    lang: str = "zh",
    **options: Any,
) -> ExportReport:
    """Find ``goal``'s suggestions, then write suggestion ``rank`` (1 = best) to ``out`` as CSV."""
    if not salt:
        raise QueryError(zh="导出名单需要加盐(salt)。", en="Exporting a list needs a salt.")
    return write_segment(
        warehouse,
        find_segments(warehouse, goal, top=max(rank, 5), **options),
        rank,
        out,
        salt,
        lang,
    )


def write_segment(
    warehouse: Warehouse,
    search: SegmentSearch,
    rank: int,
    out: Path | str,
    salt: str,
    lang: str = "zh",
) -> ExportReport:
    """Write suggestion ``rank`` of a finished search to ``out`` as CSV."""
    if not salt:
        raise QueryError(zh="导出名单需要加盐(salt)。", en="Exporting a list needs a salt.")
    if not 1 <= rank <= len(search.picks):
        raise QueryError(
            zh=f"没有第 {rank} 个推荐客群(共 {len(search.picks)} 个)。请先运行 wenshu segments find。",
            en=f"There is no suggestion ranked {rank} ({len(search.picks)} found). Run `wenshu segments find` first.",
        )
    i = search.picks[rank - 1]
    segment = search.describe(i, rank, lang)
    conds = search.conditions(i)
    columns = list(dict.fromkeys([c.field for c in conds] + list(load_goals().export_tags)))
    filters = tuple(Filter(field=c.field, op=c.op, value=c.value) for c in conds)  # type: ignore[arg-type]
    d = search.frames.as_of
    select = population_select(
        warehouse.model,
        search.target.goal,
        [],
        d,
        outcome=False,
        filters=filters,
        extra=tuple(columns),
        tags_table=tags_table(warehouse, d),
    )
    with frame_runner(warehouse) as runner:
        frame = fetch(runner, select)
    if len(frame) != segment["size"]:
        raise InternalError(
            zh="导出名单人数与客群规模不一致。",
            en="The exported list does not match the segment's size.",
        )
    # labels in the list's language, as the answer shows them (电话 / phone, not a code)
    channel = (segment.get("channel") or {}).get("label", "")
    period = (segment.get("period") or {}).get("label", "")
    rows = sorted(
        [mask_id(r[CUSTOMER_ID], salt), *(_cell(r[c]) for c in columns), channel, period]
        for r in frame.to_dict("records")
    )
    header = [KEY, *columns, "suggested_channel", "suggested_period"]
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return ExportReport(path, len(rows), header, segment)
