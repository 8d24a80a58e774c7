"""The semantic model: strict, frozen pydantic types parsed from YAML.

A model has tables (with joins and PII columns), dimensions (attributes of a fact
table), customer tags (per-customer values as of the as-of date, built from window
sources), and metrics of several kinds. Business meaning lives in the YAML; these
types only say what shapes are allowed. Expressions are SQL snippets that sqlglot
parses into trees; ``:as_of`` inside a snippet is the as-of date.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(Strict):
    zh: str
    en: str


class Synonyms(Strict):
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.zh + self.en


class ValueLabel(Strict):
    """A code's display labels and the words people use for it (any language)."""

    zh: str
    en: str
    synonyms: tuple[str, ...] = ()


class Join(Strict):
    """``table.keys[0] = to.keys[1]``; cardinality as seen from ``table``."""

    table: str
    to: str
    keys: tuple[str, str]
    cardinality: Literal["many_to_one", "one_to_one"] = "many_to_one"


class Range(Strict):
    """Allowed numbers of a column: ``min``/``max`` inclusive, ``above`` a strict lower bound."""

    min: float | None = None
    max: float | None = None
    above: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Range:
        if self.min is not None and self.above is not None:
            raise ValueError("a range has min or above, not both")
        if self.min is None and self.max is None and self.above is None:
            raise ValueError("a range needs min, max or above")
        return self


class DataRule(Strict):
    """A rule on a table's data: ``where`` holds for each bad row of the table, or ``sql``
    is a query returning one column ``key`` for each bad row."""

    name: str
    message: Label
    where: str | None = None
    sql: str | None = None

    @model_validator(mode="after")
    def _where_or_sql(self) -> DataRule:
        if (self.where is None) == (self.sql is None):
            raise ValueError("a data rule needs exactly one of where or sql")
        return self


class TableChecks(Strict):
    """What ``wenshu data check`` verifies on a table beyond its key, its joins and the
    ``values`` of fields on its columns. ``key`` names the columns identifying a row
    when ``primary_key`` is not one column (checked unique, shown as example keys)."""

    key: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    values: dict[str, tuple[str, ...]] = {}  # allowed codes of columns no field declares
    range: dict[str, Range] = {}
    rules: tuple[DataRule, ...] = ()


class Table(Strict):
    """A table of the data. ``words`` are the nouns and verbs people use for its rows
    ("贷款", "放款", "campaigns", "launched"): a question about a metric of this table may
    use them without them meaning anything more."""

    name: str
    columns: tuple[str, ...]
    primary_key: str | None = None
    label: Label | None = None
    words: Synonyms = Synonyms()
    customer_key: str | None = None  # column linking rows to a customer, if any
    # the count metric of the rows a customer holds now (loans: 在贷笔数): "有房贷的客户",
    # "customers who hold a large CD" are the customers with one or more of them
    held_by: str | None = None
    pii: dict[str, Literal["hash", "hide"]] = {}
    checks: TableChecks = TableChecks()  # data-quality declarations, see docs/semantic-model.md


Format = Literal["integer", "currency", "percent", "number", "ratio"]


class Dimension(Strict):
    """An attribute of a table. ``expr`` may use columns of joined tables as ``t.col``.
    A ``number`` dimension can be filtered by comparison and aggregated ad hoc
    (average, median, largest …); ``format`` says how its values read."""

    name: str
    table: str
    expr: str
    label: Label
    synonyms: Synonyms = Synonyms()
    type: Literal["category", "number", "boolean", "date"] = "category"
    format: Format | None = None
    units: Synonyms = Synonyms()  # words after a number that make it this attribute ("三年期" → term)
    values: dict[str, ValueLabel] = {}
    values_from_data: bool = False  # read distinct values from the database for the lexicon
    #: pieces of the values read from the data and the words people use for them in the other language
    #: (新春 → spring festival, 存款礼 → deposit gift): "the 2025 autumn deposit-gift campaign" names 2025秋季…存款礼
    value_words: dict[str, tuple[str, ...]] = {}
    order: Literal["ascending", "descending"] | None = None  # values are listed low→high or high→low
    description: Label | None = None


class Window(Strict):
    """A window relative to the as-of date D.

    ``days: N`` is [D-N+1, D]; ``months: N`` is the N calendar months ending with D's
    month; ``days_after: N`` is (D, D+N]; ``until_as_of`` is everything up to D.
    """

    days: int | None = None
    months: int | None = None
    days_after: int | None = None
    until_as_of: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> Window:
        chosen = [self.days, self.months, self.days_after, self.until_as_of or None]
        if sum(v is not None for v in chosen) != 1:
            raise ValueError("a window needs exactly one of days, months, days_after, until_as_of")
        return self


class TagSource(Strict):
    """Per-customer aggregates of one table over a window, feeding tags.

    kind ``aggregate``: ``measures`` maps a name to an aggregate expression.
    kind ``top``: the value of ``key`` with the largest ``rank_by`` (ties by ``tie_order``
    or alphabetically), exposed under ``name``.
    kind ``latest``: the latest row by ``time`` (ties by the table's key), ``measures``
    maps a name to a plain column expression of that row.
    """

    name: str
    kind: Literal["aggregate", "top", "latest"] = "aggregate"
    table: str
    time: str
    window: Window
    joins: tuple[str, ...] = ()
    where: str | None = None
    measures: dict[str, str] = {}
    defaults: dict[str, float] = {}
    key: str | None = None
    rank_by: str = "COUNT(*)"
    tie_order: tuple[str, ...] = ()


class Case(Strict):
    when: str
    value: str


class Tag(Strict):
    """A per-customer value as of D: an expression over customer columns, source
    measures and other tags, or a list of cases (first that holds wins)."""

    name: str
    label: Label
    group: Literal["basic", "asset", "behaviour", "demand", "lifecycle"]
    synonyms: Synonyms = Synonyms()
    type: Literal["category", "number", "boolean"] = "category"
    format: Format | None = None  # for number tags: how values read (currency, integer …)
    units: Synonyms = Synonyms()  # words after a number that make it this tag ("30岁以下", "60 or older")
    expr: str | None = None
    cases: tuple[Case, ...] = ()
    else_: str | None = Field(default=None, alias="else")
    values: dict[str, ValueLabel] = {}
    values_from_data: bool = False
    order: Literal["ascending", "descending"] | None = None  # values are listed low→high or high→low
    description: Label | None = None
    # what no value means ("no transactions in the last 90 days"): a breakdown by the tag
    # then leaves those customers out, and the answer says so
    none_means: Label | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _expr_or_cases(self) -> Tag:
        if (self.expr is None) == (not self.cases):
            raise ValueError("a tag needs exactly one of expr or cases")
        return self


class Measure(Strict):
    """An aggregation over a table, optionally filtered; the building block of metrics."""

    table: str
    agg: Literal["count", "count_distinct", "sum", "avg", "min", "max", "median", "percentile", "per_customer"]
    expr: str = "*"
    where: str | None = None
    percentile: float | None = None  # for agg percentile: the fraction, e.g. 0.9


class BaseSnapshot(Strict):
    table: str
    time: str
    where: str


class BaseEvent(Strict):
    table: str
    time: str
    where: str | None = None


class BaseTag(Strict):
    where: str


class ConversionBase(Strict):
    """Who is in the base population of a period P (exactly one of the three)."""

    snapshot_before: BaseSnapshot | None = None  # at the month-end before P starts
    event_in_period: BaseEvent | None = None  # had such an event in P; first one is the anchor
    tag_before: BaseTag | None = None  # tags as of the day before P starts

    @model_validator(mode="after")
    def _one(self) -> ConversionBase:
        if sum(x is not None for x in (self.snapshot_before, self.event_in_period, self.tag_before)) != 1:
            raise ValueError("a conversion base needs exactly one of snapshot_before, event_in_period, tag_before")
        return self


class ConversionEvent(Strict):
    events: tuple[BaseEvent, ...]
    within: Literal["period"] | int = "period"  # "period", or N days after the base anchor


class Reading(Strict):
    """Another reading of a metric's words: ``metric`` filtered by ``field = value``."""

    metric: str
    field: str
    value: str


class Metric(Strict):
    """A governed metric (指标) with its 口径 in ``description``.

    kinds: ``simple`` (one measure), ``snapshot`` (a measure read at a month-end, the last
    month of each period), ``ratio`` (numerator / denominator metrics), ``derived`` (an
    expression over other metrics), ``conversion`` (base at the start of a period,
    converted within it), ``customers`` (distinct customers of the population as of D).
    """

    name: str
    kind: Literal["simple", "snapshot", "ratio", "derived", "conversion", "customers"]
    label: Label
    description: Label
    synonyms: Synonyms = Synonyms()
    format: Format = "number"
    hidden: bool = False
    higher_is: Literal["better", "worse"] | None = None  # "best"/"worst"/最好/最差 order by it (overdue rate: worse)
    time: str | None = None  # the time column of the measure's table (or joined table)
    default_period: Literal["all", "as_of_month", "as_of"] = "all"
    measure: Measure | None = None
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = None
    base: ConversionBase | None = None
    converted: ConversionEvent | None = None
    ambiguous_with: tuple[str, ...] = ()  # metrics a bare mention could equally mean
    ambiguous_terms: Synonyms = Synonyms()  # bare words that could mean this metric or those it is ambiguous with
    implies: tuple[str, ...] = ()  # fields its definition already fixes (a question's filter on them is redundant)
    # the values its rows can have of an implied field its condition fixes through another column (放款: a
    # disburse_date is set only on loans disbursed or settled): a value outside them names rows it never counts
    row_values: dict[str, tuple[str, ...]] = {}
    counts_customers: bool = False  # answers "how many customers …" (e.g. touches, new customers)
    without_period: Reading | None = None  # what the words mean when the question names no period

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Metric:
        need = {
            "simple": ("measure",),
            "snapshot": ("measure", "time"),
            "ratio": ("numerator", "denominator"),
            "derived": ("expr",),
            "conversion": ("base", "converted"),
            "customers": (),
        }[self.kind]
        missing = [f for f in need if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind} metric needs {', '.join(missing)}")
        return self


class AsOf(Strict):
    """How the default as-of date D is found: the latest date in these columns."""

    max_of: tuple[str, ...]


class Entity(Strict):
    """The population that tags describe: one row per key, present when ``where`` holds.
    ``words`` are the nouns people use for its members ("客户", "customers")."""

    table: str
    key: str
    where: str | None = None
    words: Synonyms = Synonyms()


class Starter(Strict):
    """A question offered on an empty chat page, asked in either language; ``label`` is
    the button's short text (the question itself when omitted). The offline parser must
    answer both questions (tests/ask/test_starters.py asks them)."""

    zh: str = Field(min_length=1, max_length=200)
    en: str = Field(min_length=1, max_length=200)
    label: Label | None = None


class Currency(Strict):
    """How amounts read: ¥1.20M / 1.20万元, or €1.20M / 1.20万欧元."""

    symbol: str = "¥"
    zh: str = "元"  # after 万/亿 in Chinese: 万元, 万欧元
    en: str = "yuan"  # in unit labels: "in millions of yuan"


class ModelFile(Strict):
    """What one YAML file may hold; a model is the union of its files."""

    name: str | None = None
    description: Label | None = None
    as_of: AsOf | None = None
    customer: Entity | None = None
    not_covered: Synonyms | None = None  # kinds of data people ask for that the model does not have (信用卡, insurance)
    headline_metrics: tuple[str, ...] | None = None  # offered when a question names the data but no figure ("客户情况咋样")
    default_metric: str | None = None  # what "how many …" counts when no figure is named (the population's count)
    min_group_size: int | None = Field(default=None, ge=1)  # figures covering fewer customers are hidden (default 5)
    currency: Currency | None = None  # the currency of every amount (default yuan)
    suggested_breakdowns: tuple[str, ...] | None = None  # offered as follow-ups ("按区域拆分呢?")
    starters: tuple[Starter, ...] | None = None  # questions offered on an empty page (built from labels when absent)
    tables: tuple[Table, ...] = ()
    joins: tuple[Join, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    tag_sources: tuple[TagSource, ...] = ()
    tags: tuple[Tag, ...] = ()
    metrics: tuple[Metric, ...] = ()


Kind = Annotated[str, "tables|dimensions|tags|metrics|tag_sources"]
