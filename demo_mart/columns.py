"""Arrow column builders: generator arrays (codes, cents, day numbers, µs) to mart types."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa


def money(cents: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """DECIMAL(18,2) from integer cents, without a float round trip."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.zeros((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    validity = None
    if null is not None and null.any():
        validity = pa.array(~null).buffers()[1]
    return pa.Array.from_buffers(
        pa.decimal128(18, 2), len(cents), [validity, pa.py_buffer(words.tobytes())]
    )


def rate(values: np.ndarray) -> pa.Array:
    """DECIMAL(8,4) from floats rounded to four places."""
    scaled = np.round(np.asarray(values, dtype=float) * 10_000).astype(np.int64)
    words = np.zeros((len(scaled), 2), dtype=np.int64)
    words[:, 0] = scaled
    return pa.Array.from_buffers(
        pa.decimal128(8, 4), len(scaled), [None, pa.py_buffer(words.tobytes())]
    )


def dates(days: np.ndarray, nullable: bool = True) -> pa.Array:
    """DATE from day numbers; -1 is NULL when ``nullable`` (birth dates may precede 1970)."""
    days = np.asarray(days)
    mask = (days == -1) if nullable else np.zeros(len(days), dtype=bool)
    return pa.array(days.astype(np.int32), pa.date32(), mask=mask)


def timestamps(us: np.ndarray) -> pa.Array:
    """TIMESTAMP from microseconds since epoch; -1 is NULL."""
    us = np.asarray(us, dtype=np.int64)
    return pa.array(us, pa.timestamp("us"), mask=us < 0)


def codes(index: np.ndarray, labels: Sequence[str], null: np.ndarray | None = None) -> pa.Array:
    """VARCHAR (dictionary-encoded) from indexes into a code list; -1 is NULL."""
    index = np.asarray(index).astype(np.int32)
    mask = (index < 0) if null is None else null | (index < 0)
    idx = pa.array(np.where(mask, 0, index), pa.int32(), mask=mask)
    return pa.DictionaryArray.from_arrays(idx, pa.array(list(labels), pa.string()))


def ids(first: int, n: int) -> pa.Array:
    """BIGINT ids ``first`` … ``first + n - 1``."""
    return pa.array(np.arange(first, first + n, dtype=np.int64))


def table(columns: dict[str, pa.Array]) -> pa.Table:
    return pa.table(columns)
