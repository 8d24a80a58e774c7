"""User-facing errors of the data-mart commands (bilingual, see ``semantic_layer.errors``)."""

from __future__ import annotations

from semantic_layer.errors import WenshuError


class MartError(WenshuError):
    """A problem with a mart the user pointed us at, or with the demo generator's arguments
    (``demo_mart.generate.MartArgumentError``)."""


class NotAMartError(MartError):
    """The path does not exist or is not a DuckDB file with the mart's tables."""
