"""Suggested target segments (目标客群推荐): who to contact, through which channel, when.

``suggest_segments(warehouse, goal, lang, top)`` is the API every front end uses;
``match_goal(question)`` tells a parser that a question asks for segments;
``summarize_segments(segments, lang)`` is the answer text.
"""

from __future__ import annotations

from assistant.segments.describe import summarize_segments
from assistant.segments.export import ExportReport, export_segment, mask_id, write_segment
from assistant.segments.goals import match_goal
from assistant.segments.suggest import SegmentSearch, find_segments, suggest_segments

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
