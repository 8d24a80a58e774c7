"""Segment goals, read from ``goals.yaml``: base population, outcome, candidate tags.

A question names a *target*: a goal (``deposit_to_loan`` …) or a campaign objective or
campaign name (``campaign:deposit_to_loan``, ``campaign:2024新春消费贷推广``). Campaign
targets are judged treated against hold-out control; their population (who would be
contacted today) is the goal with the same objective.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.load import read_yaml
from semantic_layer.model import Label, Synonyms
from semantic_layer.query import Filter
from semantic_layer.semantic_model import SemanticModel

GOALS_FILE = Path(__file__).with_name("goals.yaml")
CAMPAIGN = "campaign"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Settings(Strict):
    """Search settings; any of them can be overridden per call."""

    months: int = Field(12, ge=1, le=60)
    min_conversions: int = Field(1000, ge=1)
    max_rows: int = Field(1_000_000, ge=1)
    min_size: int = Field(200, ge=1)
    min_share: float = Field(0.005, ge=0, le=1)
    min_group: int = Field(30, ge=1)
    alpha: float = Field(0.05, gt=0, lt=1)
    correction: Literal["bonferroni", "bh"] = "bonferroni"
    max_conditions: int = Field(3, ge=1, le=3)
    min_gain: float = Field(1.1, ge=1)
    min_new: float = Field(0.5, ge=0, le=1)
    max_share: float = Field(0.5, gt=0, le=1)
    min_touches: int = Field(30, ge=1)
    smoothing: float = Field(20, ge=0)
    shuffle_outcome: int | None = (
        None  # seed: permute the outcome across history rows (a null check)
    )


class FieldSpec(Strict):
    name: str
    at_least: tuple[float, ...] = ()  # number tags: one `>= t` condition per threshold


class Base(Strict):
    filters: tuple[Filter, ...] = ()
    sql: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Base:
        if bool(self.filters) == bool(self.sql):
            raise ValueError("a base needs exactly one of filters or sql")
        return self


class Event(Strict):
    table: str
    time: str
    where: str | None = None


class Outcome(Strict):
    metric: str | None = None  # use the converted events of this glossary metric
    events: tuple[Event, ...] = ()
    window: Literal["next_month"] | None = None
    days: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _shape(self) -> Outcome:
        if bool(self.metric) == bool(self.events):
            raise ValueError("an outcome needs exactly one of metric or events")
        if (self.window is None) == (self.days is None):
            raise ValueError("an outcome needs exactly one of window: next_month or days")
        return self


class Goal(Strict):
    name: str
    label: Label
    synonyms: Synonyms = Synonyms()
    population: Label
    converts: Label | None = None
    base: Base
    outcome: Outcome | None = None  # None: usable only as a campaign population
    objective: str | None = None
    metric: str | None = None  # the model's metric this goal explains (its answers offer the segments)


class GoalBook(Strict):
    defaults: Settings
    fields: tuple[FieldSpec, ...]
    export_tags: tuple[str, ...] = ()
    cues: Synonyms
    campaign_cues: Synonyms = Synonyms()
    goals: tuple[Goal, ...]

    def goal(self, name: str) -> Goal:
        return next(g for g in self.goals if g.name == name)

    def for_objective(self, objective: str) -> Goal | None:
        return next((g for g in self.goals if g.objective == objective), None)


@lru_cache(maxsize=4)
def load_goals(path: Path = GOALS_FILE) -> GoalBook:
    """The goal book (cached)."""
    return GoalBook.model_validate(read_yaml(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Target:
    """What to search for: a goal, or the campaigns of an objective (optionally one campaign)."""

    goal: Goal  # the population; for campaigns, the goal sharing the objective
    objective: str | None = None  # set for campaign targets
    campaign_name: str | None = None

    @property
    def is_campaign(self) -> bool:
        return self.objective is not None

    @property
    def key(self) -> str:
        if not self.is_campaign:
            return self.goal.name
        return f"{CAMPAIGN}:{self.campaign_name or self.objective}"


def _names(label: Label, synonyms: Synonyms, code: str) -> list[str]:
    return [code, label.zh, label.en, *synonyms.all()]


def resolve_target(
    book: GoalBook, model: SemanticModel, text: str, campaign_names: dict[str, str]
) -> Target:
    """``text`` → Target; ``campaign_names`` maps campaign names in the data to objectives."""
    raw = text.strip()
    kind, _, rest = raw.partition(":")
    if kind.strip().lower() == CAMPAIGN:
        return _campaign_target(book, model, rest.strip(), campaign_names)
    wanted = raw.lower()
    for g in book.goals:
        if g.outcome is not None and wanted in (
            n.lower() for n in _names(g.label, g.synonyms, g.name)
        ):
            return Target(g)
    if raw in campaign_names:
        return _campaign_target(book, model, raw, campaign_names)
    choices = [g.name for g in book.goals if g.outcome is not None] + [
        f"{CAMPAIGN}:<objective|name>"
    ]
    raise QueryError(
        zh=f"不认识目标 “{raw}”。可选: {', '.join(choices)}。",
        en=f"Unknown goal '{raw}'. Choose one of: {', '.join(choices)}.",
        suggestions=did_you_mean(raw, choices[:-1]),
    )


def _campaign_target(
    book: GoalBook, model: SemanticModel, text: str, campaign_names: dict[str, str]
) -> Target:
    objectives = _objective_values(model)
    wanted = text.lower()
    for code, names in objectives.items():
        if wanted in (n.lower() for n in names):
            return Target(_population(book, code), objective=code)
    if text in campaign_names:
        code = campaign_names[text]
        return Target(_population(book, code), objective=code, campaign_name=text)
    known = list(objectives) + sorted(campaign_names)
    raise QueryError(
        zh=f"没有目标或名称为 “{text}” 的营销活动。请用活动目标(如 deposit_to_loan)或活动名称。",
        en=f"No campaign objective or campaign named '{text}'. Use an objective (e.g. deposit_to_loan) or a campaign name.",
        suggestions=did_you_mean(text, known),
    )


def _population(book: GoalBook, objective: str) -> Goal:
    goal = book.for_objective(objective)
    if goal is None:
        raise QueryError(
            zh=f"目标 {objective} 的营销活动没有定义目标客群,请在 goals.yaml 中补充。",
            en=f"No population is defined for {objective} campaigns; add one to goals.yaml.",
        )
    return goal


def _objective_values(model: SemanticModel) -> dict[str, list[str]]:
    """Objective code -> its code, labels and synonyms (from the model's dimension)."""
    for dims in model.dimensions.values():
        if "objective" in dims:
            return {
                code: [code, v.zh, v.en, *v.synonyms]
                for code, v in dims["objective"].values.items()
            }
    return {}


def match_goal(question: str, book: GoalBook | None = None) -> str | None:
    """The goal a question asks target segments for (``campaign:<objective>`` when it is
    about a campaign's uplift), or None when it does not ask for segments."""
    book = book or load_goals()
    text = question.lower()
    if not any(c.lower() in text for c in book.cues.all()):
        return None
    best: tuple[int, Goal] | None = None
    for g in book.goals:
        for name in _names(g.label, g.synonyms, g.name):
            if name.lower() in text and (best is None or len(name) > best[0]):
                best = (len(name), g)
    if best is None:
        return None
    goal = best[1]
    about_campaign = any(c.lower() in text for c in book.campaign_cues.all())
    if (about_campaign or goal.outcome is None) and goal.objective:
        return f"{CAMPAIGN}:{goal.objective}"
    return goal.name
