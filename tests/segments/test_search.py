"""Encoding and conjunction counting against brute force on a small random frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.segments.encode import Codebook, Condition, FieldCode
from assistant.segments.search import count_conjunctions

FIELDS = [
    FieldCode("band", "category", values=("x", "y", "z")),
    FieldCode("flag", "boolean", values=(True, False)),
    FieldCode("count", "number", thresholds=(1, 3)),
    FieldCode("tier", "category", values=("p", "q")),
]


def codebook(fields: list[FieldCode]) -> Codebook:
    conditions: list[Condition] = []
    members, ids, owner = [], [], []
    for i, f in enumerate(fields):
        conds, member = f.conditions()
        ids.append(np.arange(len(conditions), len(conditions) + len(conds)))
        conditions += conds
        members.append(member)
        owner += [i] * len(conds)
    return Codebook(fields, conditions, members, ids, np.asarray(owner))


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 3000
    return pd.DataFrame(
        {
            "band": rng.choice(np.array(["x", "y", "z", None], dtype=object), n),
            "flag": rng.choice(np.array([True, False, None], dtype=object), n),
            "count": rng.choice(np.array([0, 1, 2, 3, 7, np.nan]), n),
            "tier": rng.choice(["p", "q"], n),
        }
    )


@pytest.mark.parametrize(
    ("field", "values", "expected"),
    [
        (FIELDS[0], ["x", "z", None, "w"], [0, 2, 3, 3]),  # unknown and missing -> missing code
        (FIELDS[1], [False, True, None], [1, 0, 2]),
        (FIELDS[2], [0, 1, 2, 3, 9, None], [0, 1, 1, 2, 2, 3]),
    ],
)
def test_encode(field: FieldCode, values: list[object], expected: list[int]) -> None:
    assert field.encode(pd.Series(values, dtype=object)).tolist() == expected


def holds(frame: pd.DataFrame, c: Condition) -> np.ndarray:
    column = frame[c.field]
    if c.op == ">=":
        return (pd.to_numeric(column) >= c.value).to_numpy()
    return np.array([v is not None and v == c.value for v in column.tolist()])


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_counts_equal_brute_force(frame: pd.DataFrame, depth: int) -> None:
    book = codebook(FIELDS)
    slots = np.random.default_rng(4).integers(0, 3, len(frame))
    counts = count_conjunctions(book, book.encode(frame), slots, 3, depth)
    # conditions per field 3, 2, 2, 2: 9 singles, 30 pairs, 44 triples
    assert len(counts.conds) == {1: 9, 2: 9 + 30, 3: 9 + 30 + 44}[depth]
    for row, cells in zip(counts.conds, counts.cells, strict=True):
        ids = tuple(int(c) for c in row if c >= 0)
        mask = np.ones(len(frame), dtype=bool)
        for c in ids:
            mask &= holds(frame, book.conditions[c])
        assert cells.tolist() == [int((mask & (slots == s)).sum()) for s in range(3)], ids
        assert (book.mask(book.encode(frame), ids) == mask).all()
