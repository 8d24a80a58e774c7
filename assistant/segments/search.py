"""Count every conjunction of 1-3 conditions on different fields, in a few numpy passes.

Rows carry a *slot* (e.g. history non-converted / converted / today's population). For a
pair of fields (i, j) and a *block* of later fields (l, m, ...), one ``np.bincount`` over
the combined code ``(c_i * k_j + c_j) * W + block_code * S + slot`` gives the full count
table over all of them; its margins are the tables of the triples (i, j, l), (i, j, m), ...
and those of pairs and single fields are margins again. Blocks group consecutive fields
whose code counts multiply to at most ``BLOCK_CELLS``, so each pass over the rows yields
several triples while the table stays small enough for the cache.

Multiplying a table by the fields' membership matrices turns counts per code into counts
per condition, for every combination of the fields' conditions at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from assistant.segments.encode import Codebook

BLOCK_CELLS = 64  # codes per block of tail fields: tables of at most 19 * 9 * 64 * slots cells


@dataclass(frozen=True)
class Counts:
    """``conds``: (m, depth) global condition ids, -1 padded; ``cells``: (m, slots) counts."""

    conds: np.ndarray
    cells: np.ndarray

    @property
    def order(self) -> np.ndarray:
        """Number of conditions of each candidate."""
        return (self.conds >= 0).sum(axis=1)


def _block_ends(sizes: list[int], limit: int) -> list[int]:
    """For each field, the end (exclusive) of its block of consecutive fields."""
    ends = [0] * len(sizes)
    start, product = 0, 1
    for f, k in enumerate(sizes):
        if f > start and product * k > limit:
            ends[start:f] = [f] * (f - start)
            start, product = f, 1
        product *= k
    ends[start:] = [len(sizes)] * (len(sizes) - start)
    return ends


def _tables(
    codes: np.ndarray, sizes: list[int], slots: np.ndarray, n_slots: int, depth: int
) -> dict[tuple[int, ...], np.ndarray]:
    """Count tables for every set of ``depth`` fields (and, as margins, every smaller set)."""
    n_rows, n_fields = codes.shape
    top = min(depth, n_fields)
    tables: dict[tuple[int, ...], np.ndarray] = {}
    if top == 0:
        return tables
    # contiguous columns: arithmetic on strided columns of the row-major matrix is ~10x slower
    columns = [np.ascontiguousarray(codes[:, f]) for f in range(n_fields)]
    ends = _block_ends(sizes, max(BLOCK_CELLS, max(sizes)))
    # code of the fields from `start` to the end of its block, with the slot folded in;
    # small ints mean less memory traffic in the one add per pass
    units = [int(np.prod(sizes[start : ends[start]])) * n_slots for start in range(n_fields)]
    width = max(units)
    small = np.int16 if width < 2**15 else np.int64
    suffix = []
    for start in range(n_fields):
        code = np.zeros(n_rows, dtype=np.int64)
        for f in range(start, ends[start]):
            code = code * sizes[f] + columns[f]
        suffix.append((code * n_slots + slots).astype(small))
    buffer = np.empty(n_rows, dtype=np.intp)
    for head in combinations(range(n_fields - 1), top - 1):
        prefix = np.zeros(n_rows, dtype=np.int64)
        for f in head:
            prefix = prefix * sizes[f] + columns[f]
        prefix *= width
        head_sizes = [sizes[f] for f in head]
        cells = int(np.prod(head_sizes)) * width
        last = (head[-1] + 1) if head else 0
        while last < n_fields:
            end = ends[last]
            np.add(prefix, suffix[last], out=buffer, casting="unsafe")
            table = np.bincount(buffer, minlength=cells).reshape(*head_sizes, width)
            block = table[..., : units[last]].reshape(*head_sizes, *sizes[last:end], n_slots)
            for f in range(last, end):
                others = tuple(len(head) + g - last for g in range(last, end) if g != f)
                tables[(*head, f)] = block.sum(axis=others) if others else block
            last = end
    for size in range(top - 1, 0, -1):  # margins: drop one field of a larger table
        for key in [k for k in tables if len(k) == size + 1]:
            for drop in range(size + 1):
                sub = key[:drop] + key[drop + 1 :]
                if sub not in tables:
                    tables[sub] = tables[key].sum(axis=drop)
    return tables


def count_conjunctions(
    book: Codebook, codes: np.ndarray, slots: np.ndarray, n_slots: int, depth: int = 3
) -> Counts:
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
