"""Suggested target segments (目标客群推荐): who to contact, through which channel, when.

``suggest_segments(warehouse, goal, lang, top)`` is the API every front end uses;
``match_goal(question)`` tells a parser that a question asks for segments;
``summarize_segments(segments, lang)`` is the answer text.

``match_goal`` runs for every question, so it is imported eagerly and needs no pandas;
the search itself (pandas, numpy) is imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from assistant.segments.goals import match_goal

if TYPE_CHECKING:
    from assistant.segments.export import ExportReport, export_segment, mask_id, write_segment
    from assistant.segments.suggest import SegmentSearch, find_segments, suggest_segments
    from assistant.segments.wording import summarize_segments

# name → the module that defines it, imported when the name is first used
_LAZY = {
    "summarize_segments": "assistant.segments.wording",
    "ExportReport": "assistant.segments.export",
    "export_segment": "assistant.segments.export",
    "mask_id": "assistant.segments.export",
    "write_segment": "assistant.segments.export",
    "SegmentSearch": "assistant.segments.suggest",
    "find_segments": "assistant.segments.suggest",
    "suggest_segments": "assistant.segments.suggest",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ExportReport",
    "SegmentSearch",
    "export_segment",
    "find_segments",
    "mask_id",
    "match_goal",
    "suggest_segments",
    "summarize_segments",
    "write_segment",
]
