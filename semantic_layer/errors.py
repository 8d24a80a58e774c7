"""Typed errors shared by every part of wenshu.

One base class, four families (STYLE.md §5): model-definition errors found at load
time, query errors caused by the user's request, refusals of unsafe or out-of-scope
requests, and internal errors. Every message is bilingual, safe to show, and says
what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WenshuError(Exception):
    """Base class. ``zh`` and ``en`` carry the same user-facing message."""

    zh: str
    en: str
    suggestions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.en)

    def message(self, lang: str = "en") -> str:
        text = self.zh if lang == "zh" else self.en
        if self.suggestions:
            label = "您是不是要找" if lang == "zh" else "Did you mean"
            text += f" {label}: {', '.join(self.suggestions)}?"
        return text

    def bilingual(self) -> str:
        return f"{self.message('zh')}\n{self.message('en')}"

    def __str__(self) -> str:
        return self.bilingual()


@dataclass
class ModelProblem:
    """One problem found while loading a semantic model."""

    file: str
    line: int | None
    element: str
    en: str
    zh: str
    suggestions: list[str] = field(default_factory=list)

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"{where}: [{self.element}] {self.en} / {self.zh}{hint}"


class ModelDefinitionError(WenshuError):
    """The semantic model (YAML) is invalid; carries every problem found."""

    def __init__(self, problems: list[ModelProblem]):
        self.problems = problems
        body = "\n".join(p.render() for p in problems)
        super().__init__(
            zh=f"语义模型有 {len(problems)} 处问题:\n{body}",
            en=f"The semantic model has {len(problems)} problem(s):\n{body}",
        )

    def __str__(self) -> str:
        return self.en


class QueryError(WenshuError):
    """The request names something the model does not have, or cannot be answered."""


class NotInDataError(QueryError):
    """The question is understood, but the data cannot answer it (a history the mart does not
    keep): declined like a question about data that is not there, never an error."""


class RefusedError(WenshuError):
    """The request is unsafe or outside what wenshu does; nothing was executed."""


class UnsafeSQLError(RefusedError):
    """SQL failed validation (writes, files, unknown tables, several statements...)."""


class QueryTimeoutError(QueryError):
    """The database query took longer than the configured limit and was interrupted."""


class InternalError(WenshuError):
    """A bug in wenshu; the message is generic and the details go to the log."""


def did_you_mean(word: str, candidates: list[str] | set[str], n: int = 3) -> list[str]:
    """Closest candidate names for a misspelt ``word`` (difflib ratio, case-insensitive)."""
    import difflib

    lowered = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]
