"""Suggested target segments (目标客群推荐): who to contact, through which channel, when."""

from __future__ import annotations

from assistant.segments.suggest import SegmentSearch, find_segments, suggest_segments

__all__ = ["SegmentSearch", "find_segments", "suggest_segments"]
