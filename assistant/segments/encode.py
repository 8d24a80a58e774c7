"""Encode tag columns as small integer codes and list the conditions a segment may use.

Each field gets codes ``0 .. k-1`` (the last one for a missing value). A condition is a
set of codes of one field: ``tag = value`` for category and boolean tags, ``tag >= t``
for number tags (codes are then bands between thresholds). A field's conditions are the
rows of a 0/1 membership matrix over its codes, so counts per condition are counts per
code multiplied by that matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assistant.segments.goals import FieldSpec
from semantic_layer.semantic_model import SemanticModel

Value = str | bool | float


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # "=" or ">="
    value: Value

    def as_filter(self) -> dict[str, Value]:
        return {"field": self.field, "op": self.op, "value": self.value}


@dataclass(frozen=True)
class FieldCode:
    """How one field is encoded: ``values`` per code (categories) or ``thresholds`` (numbers)."""

    name: str
    kind: str  # "category" | "boolean" | "number"
    values: tuple[Value, ...] = ()
    thresholds: tuple[float, ...] = ()

    @property
    def size(self) -> int:
        """Number of codes, the missing-value code included."""
        return (len(self.thresholds) + 1 if self.kind == "number" else len(self.values)) + 1

    def encode(self, column: pd.Series) -> np.ndarray:
        missing = self.size - 1
        if self.kind == "number":
            x = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
            codes = np.searchsorted(
                np.asarray(self.thresholds), np.nan_to_num(x, nan=-np.inf), side="right"
            )
            return np.where(np.isnan(x), missing, codes).astype(np.int64)
        raw, uniques = pd.factorize(column)  # fast on strings; then map the few uniques
        lookup: dict[object, int] = {v: i for i, v in enumerate(self.values)}
        table = np.array(
            [lookup.get(_key(u), missing) for u in uniques.tolist()] + [missing], dtype=np.int64
        )
        return table[raw]  # raw == -1 (missing) picks the appended last entry

    def conditions(self) -> tuple[list[Condition], np.ndarray]:
        """The field's conditions and their membership matrix (conditions × codes)."""
        if self.kind == "number":
            conds = [Condition(self.name, ">=", _plain_number(t)) for t in self.thresholds]
            member = np.zeros((len(conds), self.size), dtype=np.int64)
            for i in range(len(conds)):
                member[i, i + 1 : self.size - 1] = 1
            return conds, member
        conds = [Condition(self.name, "=", v) for v in self.values]
        member = np.zeros((len(conds), self.size), dtype=np.int64)
        member[np.arange(len(conds)), np.arange(len(conds))] = 1
        return conds, member


def _key(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _plain_number(t: float) -> float | int:
    return int(t) if float(t).is_integer() else float(t)


def _varies(fc: FieldCode, column: pd.Series, seen: set[object]) -> bool:
    """Does the field split ``column`` at all (two codes or more, missing included)?"""
    if fc.kind == "number":
        return len(np.unique(fc.encode(column))) >= 2
    return len(seen) + bool(column.isna().any()) >= 2


@dataclass
class Codebook:
    """Encodings of the fields that vary, and every condition in one global numbering."""

    fields: list[FieldCode]
    conditions: list[Condition]
    members: list[np.ndarray]  # per field: conditions × codes
    condition_ids: list[np.ndarray]  # per field: global ids of its conditions
    field_of: np.ndarray  # condition id -> field index

    @property
    def sizes(self) -> list[int]:
        return [f.size for f in self.fields]

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        """(rows × fields) codes; a field missing from ``frame`` gets its missing-value code."""
        out = np.empty(
            (len(frame), len(self.fields)), dtype=np.int64, order="F"
        )  # columns contiguous
        for i, f in enumerate(self.fields):
            out[:, i] = f.encode(frame[f.name]) if f.name in frame.columns else f.size - 1
        return out

    def mask(self, codes: np.ndarray, conds: tuple[int, ...]) -> np.ndarray:
        """Rows of ``codes`` meeting every condition in ``conds`` (global ids)."""
        keep = np.ones(len(codes), dtype=bool)
        for c in conds:
            f = int(self.field_of[c])
            row = self.members[f][int(np.nonzero(self.condition_ids[f] == c)[0][0])]
            keep &= row[codes[:, f]].astype(bool)
        return keep

    def find(self, field: str, op: str, value: Value) -> int:
        """Global id of a condition (KeyError if the finder never considered it)."""
        for i, c in enumerate(self.conditions):
            if c.field == field and c.op == op and c.value == value:
                return i
        raise KeyError(f"{field} {op} {value!r}")


def build_codebook(
    model: SemanticModel, specs: tuple[FieldSpec, ...], history: pd.DataFrame, *others: pd.DataFrame
) -> Codebook:
    """Codes for every candidate field that takes at least two values in ``history``."""
    fields: list[FieldCode] = []
    for spec in specs:
        if spec.name not in history.columns:
            continue
        tag = model.tag(spec.name)
        seen = {
            _key(v)
            for frame in (history, *others)
            if spec.name in frame
            for v in frame[spec.name].dropna().unique().tolist()
        } - {None}
        if tag.type == "number":
            fc = FieldCode(spec.name, "number", thresholds=tuple(sorted(spec.at_least)))
        else:
            order: list[Value] = [True, False] if tag.type == "boolean" else list(tag.values)
            known = [v for v in order if v in seen]
            unlabelled = sorted((v for v in seen if v not in known), key=str)
            fc = FieldCode(
                spec.name,
                tag.type,
                values=tuple(known + unlabelled),  # type: ignore[operator]
            )
        if _varies(fc, history[spec.name], seen):
            fields.append(fc)
    conditions: list[Condition] = []
    members, ids, owner = [], [], []
    for i, fc in enumerate(fields):
        conds, member = fc.conditions()
        ids.append(np.arange(len(conditions), len(conditions) + len(conds)))
        conditions += conds
        members.append(member)
        owner += [i] * len(conds)
    return Codebook(fields, conditions, members, ids, np.asarray(owner, dtype=np.int64))
