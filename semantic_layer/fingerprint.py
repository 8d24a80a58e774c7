"""A stable fingerprint of a semantic model's content.

A saved answer records the fingerprint of the model it was saved under, so a re-run
can say when the definitions (口径) behind its figures may have changed since. Two
loads of the same YAML give the same fingerprint, whatever the order of the elements
or the files; any change to a name, label, expression or option gives another.

``tags_fingerprint`` covers only what customer tags are computed from (tables, joins,
sources, tags): materialised tags carry it, so a changed definition makes them stale.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel

from semantic_layer.semantic_model import SemanticModel

SETTINGS = ("name", "description", "as_of", "customer", "not_covered", "headline_metrics",
            "default_metric", "min_group_size", "suggested_breakdowns")
SECTIONS = ("table_list", "join_list", "dimension_list", "source_list", "tag_list", "metric_list")
TAG_SETTINGS = ("customer",)
TAG_SECTIONS = ("table_list", "join_list", "source_list", "tag_list")


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _fingerprint(model: SemanticModel, settings: tuple[str, ...], sections: tuple[str, ...]) -> str:
    content = {key: _plain(getattr(model, key)) for key in settings}
    for section in sections:
        content[section] = sorted(_canonical(_plain(item)) for item in getattr(model, section))
    return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()[:16]


def model_fingerprint(model: SemanticModel) -> str:
    """16 hex digits of the sha256 of the model's canonical dump: its settings, and each
    section's elements sorted by their own canonical JSON (so reordering changes nothing)."""
    return _fingerprint(model, SETTINGS, SECTIONS)


def tags_fingerprint(model: SemanticModel) -> str:
    """Like :func:`model_fingerprint`, over what the customer tags are computed from."""
    return _fingerprint(model, TAG_SETTINGS, TAG_SECTIONS)
