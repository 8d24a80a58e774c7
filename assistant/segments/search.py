"""Count every conjunction of 1-3 conditions on different fields, in a few numpy passes.

Rows carry a *slot* (e.g. history non-converted / converted / today's population). For
each triple of fields, one ``np.bincount`` over the combined code
``((c_i * k_j + c_j) * K + c_l) * S + slot`` gives the full (k_i, k_j, k_l, S) table of
counts; pair and single tables are its margins. Multiplying a table by the fields'
membership matrices turns counts per code into counts per condition, for every
combination of the fields' conditions at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from assistant.segments.encode import Codebook


@dataclass(frozen=True)
class Counts:
    """``conds``: (m, depth) global condition ids, -1 padded; ``cells``: (m, slots) counts."""

    conds: np.ndarray
    cells: np.ndarray

    @property
    def order(self) -> np.ndarray:
        """Number of conditions of each candidate."""
        return (self.conds >= 0).sum(axis=1)


def _tables(codes: np.ndarray, sizes: list[int], slots: np.ndarray, n_slots: int, depth: int) -> dict[tuple[int, ...], np.ndarray]:
    """Count tables for every set of ``depth`` fields (and, as margins, every smaller set)."""
    n_fields = codes.shape[1]
    top = min(depth, n_fields)
    tables: dict[tuple[int, ...], np.ndarray] = {}
    if top == 0:
        return tables
    kmax = max(sizes)
    stride = kmax * n_slots
    # the last field of a combination enters through its code times the slot count plus the slot
    tail = [codes[:, f] * n_slots + slots for f in range(n_fields)]
    buffer = np.empty(len(codes), dtype=np.int64)
    for head in combinations(range(n_fields - 1), top - 1):
        prefix = np.zeros(len(codes), dtype=np.int64)
        for f in head:
            prefix = prefix * sizes[f] + codes[:, f]
        prefix *= stride
        cells = int(np.prod([sizes[f] for f in head])) * stride
        for last in range((head[-1] + 1) if head else 0, n_fields):
            np.add(prefix, tail[last], out=buffer)
            table = np.bincount(buffer, minlength=cells).reshape(*(sizes[f] for f in head), kmax, n_slots)
            tables[(*head, last)] = table[..., : sizes[last], :]
    for size in range(top - 1, 0, -1):  # margins: drop one field of a larger table
        for key in [k for k in tables if len(k) == size + 1]:
            for drop in range(size + 1):
                sub = key[:drop] + key[drop + 1 :]
                if sub not in tables:
                    tables[sub] = tables[key].sum(axis=drop)
    return tables


def count_conjunctions(book: Codebook, codes: np.ndarray, slots: np.ndarray, n_slots: int, depth: int = 3) -> Counts:
    """Counts per slot of every conjunction of up to ``depth`` conditions on distinct fields."""
    tables = _tables(codes, book.sizes, slots.astype(np.int64), n_slots, depth)
    all_conds: list[np.ndarray] = []
    all_cells: list[np.ndarray] = []
    for key in sorted(tables, key=lambda k: (len(k), k)):
        counts = tables[key]
        for axis, f in enumerate(key):  # codes -> conditions, one axis at a time
            counts = np.moveaxis(np.tensordot(book.members[f], counts, axes=([1], [axis])), 0, axis)
        grids = np.meshgrid(*(book.condition_ids[f] for f in key), indexing="ij")
        ids = np.full((counts[..., 0].size, depth), -1, dtype=np.int32)
        for a, g in enumerate(grids):
            ids[:, a] = g.ravel()
        all_conds.append(ids)
        all_cells.append(counts.reshape(-1, n_slots))
    if not all_conds:
        return Counts(np.zeros((0, depth), dtype=np.int32), np.zeros((0, n_slots), dtype=np.int64))
    return Counts(np.concatenate(all_conds), np.concatenate(all_cells))
