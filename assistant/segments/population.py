"""sqlglot SELECTs for the segment finder: a goal's base at a date with its tags and
outcome, and campaign touches with the touched customers' tags.

Everything is built from the semantic model and ``goals.yaml``: tags with
:func:`tag_ctes`, base filters with the compiler's own filter operators, outcome
events from the glossary metric's converted events.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlglot import exp

from assistant.segments.goals import Event, Goal, Outcome
from semantic_layer.compile.fields import filter_condition, resolve_field
from semantic_layer.compile.sqlparts import (
    add_months,
    and_all,
    col,
    date_lit,
    month_start,
    qualify,
    snippet,
)
from semantic_layer.compile.tags import tag_ctes
from semantic_layer.query import Filter
from semantic_layer.semantic_model import SemanticModel

CUSTOMER_ID = "customer_id"
TAGS = "customer_tags"
BASE = "segment_base"
CONVERTED = "segment_converted"
TOUCHES = "campaign_touches"
PERIOD_TAG = "active_period"  # send times are bucketed into this tag's periods


def outcome_window(outcome: Outcome, as_of: date) -> tuple[date, date]:
    """[start, next) of the outcome window after the base date ``as_of``."""
    if outcome.window == "next_month":
        start = add_months(month_start(as_of), 1)
        return start, add_months(start, 1)
    assert outcome.days is not None
    return as_of + timedelta(days=1), as_of + timedelta(days=outcome.days + 1)


def outcome_events(model: SemanticModel, outcome: Outcome) -> tuple[Event, ...]:
    """The events that count as converting: listed, or the glossary metric's."""
    if outcome.events:
        return outcome.events
    metric = model.metric(outcome.metric or "")
    assert metric.converted is not None, f"{metric.name} is not a conversion metric"
    return tuple(Event(table=e.table, time=e.time, where=e.where) for e in metric.converted.events)


def filter_where(
    model: SemanticModel, filters: tuple[Filter, ...] | list[Filter], table: str = TAGS
) -> exp.Expression | None:
    """Semantic-layer filters on tags, compiled exactly as a query's filters are."""
    parts = [
        filter_condition(resolve_field(model, f.field, None, "segments"), f, col(f.field, table))
        for f in filters
    ]
    return and_all(list(parts))  # type: ignore[return-value]


def _converted_select(model: SemanticModel, outcome: Outcome, as_of: date) -> exp.Select:
    start, nxt = outcome_window(outcome, as_of)
    parts: list[exp.Select] = []
    for ev in outcome_events(model, outcome):
        t = col(ev.time, ev.table)
        where = exp.and_(
            exp.GTE(this=t, expression=date_lit(start)),
            exp.LT(this=t.copy(), expression=date_lit(nxt)),
        )
        if ev.where:
            where = exp.and_(
                where, qualify(snippet(ev.where, as_of), ev.table, model.tables[ev.table].columns)
            )
        parts.append(
            exp.select(exp.alias_(col(CUSTOMER_ID, ev.table), CUSTOMER_ID))
            .from_(ev.table)
            .where(where)
        )
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    return exp.select(CUSTOMER_ID).from_(union.subquery("events")).distinct()


def tag_source(
    model: SemanticModel, names: list[str], as_of: date, tags_table: str | None
) -> list[tuple[str, exp.Select]]:
    """CTEs giving ``customer_tags`` as of ``as_of``: read from a materialised tag table when
    it holds that date (``wenshu tags build``), computed inline otherwise."""
    if tags_table:
        day = exp.EQ(this=col("as_of"), expression=exp.Literal.string(as_of.isoformat()))
        return [
            (
                TAGS,
                exp.select(col(CUSTOMER_ID), *(col(n) for n in names)).from_(tags_table).where(day),
            )
        ]
    return tag_ctes(model, names, as_of)


def base_filter_fields(goal: Goal) -> list[str]:
    return [f.field for f in goal.base.filters]


def population_select(
    model: SemanticModel,
    goal: Goal,
    fields: list[str],
    as_of: date,
    *,
    outcome: bool = True,
    filters: tuple[Filter, ...] = (),
    extra: tuple[str, ...] = (),
    tags_table: str | None = None,
) -> exp.Select:
    """One row per base customer at ``as_of``: customer_id, ``fields`` (+ ``extra``) and,
    when ``outcome``, ``converted`` (took the goal's outcome in the window after as_of).
    ``filters`` narrow the base further (a segment's conditions)."""
    columns = list(dict.fromkeys([*fields, *extra]))
    names = list(dict.fromkeys([*columns, *base_filter_fields(goal), *(f.field for f in filters)]))
    select = exp.select(col(CUSTOMER_ID, TAGS), *(col(f, TAGS) for f in columns)).from_(TAGS)
    if goal.base.sql:
        base = snippet(goal.base.sql, as_of)
        assert isinstance(base, exp.Query)
        select = select.join(
            base.subquery(BASE),
            on=exp.EQ(this=col(CUSTOMER_ID, BASE), expression=col(CUSTOMER_ID, TAGS)),
        )
    where = filter_where(model, (*goal.base.filters, *filters))
    if where is not None:
        select = select.where(where)
    if outcome:
        assert goal.outcome is not None
        select = select.join(
            _converted_select(model, goal.outcome, as_of).subquery(CONVERTED),
            join_type="left",
            on=exp.EQ(this=col(CUSTOMER_ID, CONVERTED), expression=col(CUSTOMER_ID, TAGS)),
        )
        flag = exp.Not(this=exp.Is(this=col(CUSTOMER_ID, CONVERTED), expression=exp.Null()))
        select = select.select(exp.alias_(flag, "converted"))
    select = select.order_by(col(CUSTOMER_ID, TAGS), copy=False)  # reproducible row order
    for name, cte in tag_source(model, names, as_of, tags_table):
        select = select.with_(name, as_=cte, copy=False)
    return select


def send_period(model: SemanticModel) -> exp.Expression:
    """The period of ``campaign_touches.sent_at``, bucketed like the active-period tag."""
    source = model.source_outputs[PERIOD_TAG]
    assert source.key is not None
    sent = col("sent_at", TOUCHES)

    def to_sent(node: exp.Expression) -> exp.Expression:
        return sent.copy() if isinstance(node, exp.Column) and node.name == source.time else node

    bucket = snippet(source.key, date.today()).transform(to_sent)
    return exp.Case(
        ifs=[exp.If(this=exp.Is(this=sent.copy(), expression=exp.Null()), true=exp.Null())],
        default=bucket,
    )


def touches_select(
    model: SemanticModel,
    fields: list[str],
    as_of: date,
    campaign_ids: list[str],
    tags_table: str | None = None,
) -> exp.Select:
    """Touches of ``campaign_ids`` with the customers' tags as of ``as_of``."""

    def flag(column: str) -> exp.Expression:
        return exp.Not(this=exp.Is(this=col(column, TOUCHES), expression=exp.Null()))

    select = (
        exp.select(
            col("campaign_id", TOUCHES),
            col(CUSTOMER_ID, TOUCHES),
            col("group_type", TOUCHES),
            exp.alias_(exp.func("COALESCE", col("delivered", TOUCHES), exp.false()), "delivered"),
            col("channel", TOUCHES),
            exp.alias_(flag("clicked_at"), "clicked"),
            exp.alias_(flag("converted_at"), "converted"),
            exp.alias_(send_period(model), "send_period"),
            *(col(f, TAGS) for f in fields),
        )
        .from_(TOUCHES)
        .join(TAGS, on=exp.EQ(this=col(CUSTOMER_ID, TAGS), expression=col(CUSTOMER_ID, TOUCHES)))
        .where(
            exp.In(
                this=col("campaign_id", TOUCHES),
                expressions=[exp.Literal.string(c) for c in campaign_ids],
            )
        )
    )
    select = select.order_by(col("campaign_id", TOUCHES), col(CUSTOMER_ID, TOUCHES), copy=False)
    for name, cte in tag_source(model, fields, as_of, tags_table):
        select = select.with_(name, as_=cte, copy=False)
    return select


def campaigns_select() -> exp.Select:
    return (
        exp.select("campaign_id", "campaign_name", "objective", "start_date")
        .from_("campaigns")
        .order_by("start_date", "campaign_id")
    )
