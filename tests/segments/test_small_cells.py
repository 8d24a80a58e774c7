"""The per-channel and per-send-time breakdown of a suggestion hides a value whose touches
reach fewer customers than the role's minimum group size, as an answer hides a small
group: no rate, no touches, the next smallest too when it is the only one, never the best,
listed last. Customer counts are checked on the touches pulled from the real mart."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.segments import SegmentSearch
from assistant.segments.response import best_response


def _customers(search: SegmentSearch, rank: int, column: str) -> pd.Series:
    """Distinct customers per value behind suggestion ``rank``'s touches, counted with pandas."""
    i = search.picks[rank - 1]
    ids = tuple(int(c) for c in search.scored.counts.conds[i] if c >= 0)
    touches = search.frames.touches[search.book.mask(search.touch_codes, ids)]
    return touches.groupby(column)["customer_id"].nunique()


def _with_min(search: SegmentSearch, k: int) -> SegmentSearch:
    again = copy.copy(search)
    again.min_customers = k
    return again


def _expected_hidden(customers: pd.Series, k: int) -> set[str]:
    small = {v for v, n in customers.items() if n < k}
    if len(small) == 1 and len(customers) > 1:
        small.add(min((n, v) for v, n in customers.items() if v not in small)[1])
    return small


@pytest.mark.parametrize(("part", "column"), [("channel", "channel"), ("period", "send_period")])
@pytest.mark.parametrize("between", [0.0, 0.3, 0.7])
def test_small_values_are_hidden(
    campaign_search: SegmentSearch, part: str, column: str, between: float
) -> None:
    customers = _customers(campaign_search, 1, column)
    # a minimum between the smallest and the largest value's customers
    k = int(customers.min() + between * (customers.max() - customers.min())) + 1
    hidden = _expected_hidden(customers, k)
    assert hidden  # the case under test: at least one value too small
    s: dict[str, Any] = _with_min(campaign_search, k).segments("en")[0][part]
    cells = {c["value"]: c for c in s["all"]}
    assert set(cells) == set(customers.index)
    for value, cell in cells.items():
        if value in hidden:
            assert cell["hidden"] and cell["response_rate"] is None and cell["touches"] is None
        else:
            assert "hidden" not in cell and cell["touches"] >= customers[value]
    assert [c["value"] for c in s["all"][len(cells) - len(hidden) :]] == sorted(hidden)  # last
    assert s["value"] not in hidden and customers[s["value"]] >= k


def test_one_small_value_takes_the_next_smallest_with_it(campaign_search: SegmentSearch) -> None:
    customers = _customers(campaign_search, 1, "channel").sort_values()
    k = int(customers.iloc[0]) + 1  # only the smallest is below the minimum
    s = _with_min(campaign_search, k).segments("zh")[0]["channel"]
    hidden = {c["value"] for c in s["all"] if c.get("hidden")}
    assert hidden == {customers.index[0], customers.index[1]}


def test_nothing_shown_when_every_value_is_small(campaign_search: SegmentSearch) -> None:
    k = int(_customers(campaign_search, 1, "channel").max()) + 1
    s = _with_min(campaign_search, k).segments("en")[0]
    assert s["channel"] is None  # no best among hidden values, so no channel to suggest


def test_repeat_touches_do_not_count_as_customers(campaign_search: SegmentSearch) -> None:
    """Many touches of the same three customers are still three customers."""
    touches = campaign_search.frames.touches
    few = touches["customer_id"].drop_duplicates().head(3)
    big = touches[touches["channel"] != "phone"]
    rows = pd.concat([big, *[touches.assign(customer_id=c, channel="phone").head(20) for c in few]])
    best = best_response(
        rows.reset_index(drop=True), np.ones(len(rows), bool), "channel", 1, 10.0, 5
    )
    phone = next(c for c in best.cells if c.value == "phone")
    assert phone.touches == 60 and phone.customers == 3 and phone.hidden
    assert best.best is not None and best.best.value != "phone"
