"""Turn a :class:`Frame` (plus the conversation) into an :class:`Understanding`."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal, cast

import sqlglot
from sqlglot import exp

from assistant import patterns
from assistant.parse.building.aggregate import (
    BOTH_EXTREMES,
    Found,
    count_metric,
    counted_rows,
    one_phrase,
    people_counted,
    population_words,
)
from assistant.parse.building.benchmark import WHOLE_ASKED, set_against_whole
from assistant.parse.building.own_rows import (
    absent_values,
    both_done,
    codes_of,
    held_values,
    own_rows,
    selects_customers,
)
from assistant.parse.building.rows import (
    PEOPLE_AFTER,
    ROW_COUNT,
    amount_beside,
    asks_for_customers,
    count_and_amount,
    metric_for_rows,
    names_rows_outside,
)
from assistant.parse.building.share import ZH_BASE_AFTER, figure_of_figure
from assistant.parse.reading import cues
from assistant.parse.reading.cues import EXCLUSION_TAIL, left_out_at
from assistant.parse.reading.frame import (
    Frame,
    ValueHit,
    accounts_not_holders,
    column_of,
    mask,
    table_nouns,
)
from assistant.parse.reading.glosses import definition_words
from assistant.parse.vocabulary.lexicon import Entry, Mention
from assistant.recognise.numbers import Comparison
from assistant.recognise.numbers.numerals import to_int
from assistant.recognise.time import TimeMatch
from assistant.understanding import ClarifyOption, Conversation, Understanding
from semantic_layer.compile.adhoc import ENTITY_CUSTOMER, resolve_metric
from semantic_layer.compile.plan import (
    conjuncts,
    event_words,
    fixed_values,
    literal_codes,
    metric_leaves,
    metric_tables,
)
from semantic_layer.compile.sqlparts import add_months, bucket_start, buckets, columns_of, parsed
from semantic_layer.model import Metric, ValueLabel
from semantic_layer.query import (
    Aggregate,
    Compare,
    CustomerRows,
    Filter,
    GroupBy,
    MetricRef,
    Operator,
    OrderBy,
    OwnCondition,
    SemanticQuery,
    TimeRange,
    metric_name,
)
from semantic_layer.semantic_model import SemanticModel

OPS: dict[str, Operator] = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "=": "="}


#: a breakdown asked for in so many words ("break down … by how people applied (counter, app, wechat, partners)")
_BREAKDOWN_WORD = patterns.compile(r"break\s*(?:it\s+|them\s+)?down|breakdown|\bsplit\b|\bby\b|按|拆分|分布|分别|各", re.I)
#: a base named before what is counted within it (在贷的贷款里, among outstanding loans): share.py's Chinese
#: base marker, or its English words
ZH_BASE_WITHIN = patterns.compile(ZH_BASE_AFTER.pattern + r"|\bamong\b|\bout\s+of\b|\bof\s+(?:the|all|our)\b", re.I)
#: a number of rows asked, before or after their name: "how many outstanding loans", "在贷贷款有多少笔"
_HOW_MANY_BEFORE = patterns.compile(r"\b(?:how\s+many|number\s+of|count\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_HOW_MANY_AFTER = patterns.compile(r"\s*(?:的)?\s*(?:有|共有|一共有|总共有)?\s*(?:多少|几)\s*(?:笔|个|条|单|件|次)")
#: a second question after the first: "…, and what is their total amount", "…，金额合计多少"
_ASKED_MORE = patterns.compile(r"(?:[,，;；]|\band\b)\s*(?:and\s+)?(?:what|how\s+much|their|the\s+total)|[,，;；]\s*(?:它们的|其|这些)?\s*(?:总)?(?:金额|总额|合计)", re.I)
_DENIAL = patterns.compile(r"没有|没|未|不|\b(?:did|do|does|has|have)\s*n[o'’]?t\b|\bnot\b|\bno\b|\bnever\b", re.I)
#: two groups listed side by side, each asked: "A和B…分别", "A vs B", "A and B, each"
_SIDES_JOINED = patterns.compile(r"和|与|跟|以及|及|对比|相比|\b(?:and|vs\.?|versus|compared\s+(?:with|to))\b", re.I)
#: the gap between two groups asked: "差多少", "相差几个点", "差距多大", "what's the difference"
_GAP_ASKED = patterns.compile(r"(?:相)?差(?:了|多少|几|距|别|异|额)(?:个点|多少|多大|大吗|大不大)?|\b(?:the\s+)?(?:difference|gap)\b", re.I)
#: between an event and where it happened: "登录过app", "logged in on the app"
_ON_IT = patterns.compile(r"\s*(?:过|了)?\s*(?:(?:on|in|into|to|via|through)\s+)?(?:the\s+|our\s+)?", re.I)


def _no_number_between(frame: Frame, filters: tuple[Filter, ...]) -> list[str]:
    """Bounds on one number that no value meets ("理财余额大于0" and "余额为0"): the words of the last bound said."""
    bounds: dict[str, list[Filter]] = {}
    for f in filters:
        if f.op in ("=", ">", ">=", "<", "<=") and isinstance(f.value, int | float) and not isinstance(f.value, bool):
            bounds.setdefault(f.field, []).append(f)
    for field, said in bounds.items():
        low = max(((float(f.value), f.op == ">") for f in said if f.op in ("=", ">", ">=")), default=None)  # type: ignore[arg-type]
        high = min(((float(f.value), f.op == "<") for f in said if f.op in ("=", "<", "<=")), default=None)  # type: ignore[arg-type]
        if low is not None and high is not None and (low[0] > high[0] or low[0] == high[0] and (low[1] or high[1])):
            spans = [c.span for entries, c in frame.field_filters if any(e.target == field for e in entries)]
            return [frame.text[a:b].strip() for a, b in spans[-1:]] or [field]
    return []


#: which of two is higher, said without a superlative: "谁的…高", "哪个…更多"
_WHICH_HIGHER = patterns.compile(r"谁|哪(?:个|一个|边|方)|(?:更|比较)?(?:高|低|多|少|大|小|好|差)(?:一些|一点|些)?(?=\s*[?？吗呢。!！]*\s*$)")
#: a group said whole, then joined to the next: "…的客户跟", "…客户和", " customers vs "
_GROUP_THEN_JOINER = patterns.compile(r"\s*(?:的)?\s*(?:客户|用户|人群|客群|人|customers|clients|people|users)?\s*(?:和|与|跟|以及|同|对比|相比|\b(?:and|vs\.?|versus|compared\s+(?:with|to))\b)"
                                      r"\s*(?:the\s+|those\s+)?(?:有|没有|是|为)?", re.I)
#: a follow-up asking for one figure, the breakdown dropped: "as a whole, just one number", "整体一个数"
_AS_ONE = patterns.compile(r"\bas\s+a\s+whole\b|\b(?:just\s+|only\s+)?(?:one|a\s+single|single)\s+(?:number|figure|total)\b|"
                           r"\ball\s+(?:together|combined)\b|(?:就|只)?(?:给)?一个(?:总)?数|整体(?:来看|看|一个数)?|合起来|合在一起", re.I)
#: one total asked of everything kept: "一共多少人", "in total"
_ONE_TOTAL = patterns.compile(r"一共|总共|合计|共计|加起来|\bin\s+total\b|\baltogether\b|\bcombined\b", re.I)
#: rows counted by their unit: "有多少笔", "几笔"
_ROWS_BY_UNIT = patterns.compile(r"(?:多少|几)\s*笔")
#: the values listed taken as one: "合并计算", "加在一起", "combined"
_COMBINED = patterns.compile(r"合并计算|合并起来|合并统计|合并算|合在一起|合起来|加在一起|加起来|\b(?:combined|pooled|together)\b", re.I)
#: "这两类", "these two kinds of": the values just listed, named by their kind
_THESE_KINDS = patterns.compile(r"(?:这|那)(?:两|几|三|四)(?:类|种)\s*$|\b(?:these|those)\s+(?:two|three|four)?\s*(?:kinds?|types?)\s+of\s*$", re.I)
#: the customers in two groups at once: "the overlap between …", "carrying both tags", "两个人群的交集"
_BOTH_AT_ONCE = patterns.compile(r"\b(?:overlap(?:ping)?|intersection)\b|\b(?:carry|carrying|have|having|with|hold|holding)\s+both\s+(?:tags|labels|flags)\b|"
                                 r"交集|重叠|两个标签都", re.I)
_EACH_SIDE = patterns.compile(r"分别|各自|各是|对比|相比|比较|\b(?:each|respectively|vs\.?|versus|compare[ds]?|both)\b", re.I)
#: right before a rate's rows: "the overdue rate of |outstanding loans|", "with that of |…|"
#: a season said of a year ("2025年夏天", "spring 2025"): see assistant.recognise.time.atoms.SEASONS
_SEASON = patterns.compile(r"[春夏秋](?:季|天)|\b(?:spring|summer|autumn|fall)\b", re.I)
#: a count said, then the noun of its rows as its unit: "销户了多少个|存款账户"
_UNIT_OF_COUNT = patterns.compile(r"\s*(?:了)?(?:多少|几)?(?:个|笔|张|户)?\s*")
#: the owner of an attribute named right before it: "定期产品的平均利率", "average rate of our TD products"
_PRODUCTS_SAID = patterns.compile(r"(产品|品种)的?(?:平均|均)|\b(products?)['’]?\s+(?:average|avg|mean|median)\b|"
                                  r"\b(?:average|avg|mean|median)\s+[a-z ]{0,20}?\b(?:of|across|on)\s+(?:our\s+|the\s+)?(?:[a-z-]+\s+){0,2}(products)\b", re.I)
#: a base named for a share ("有过贷款申请的客户中", "among those who …"): the customers of those rows are the base
_BASE_NAMED = patterns.compile(r"(?:客户|用户|人)(?:中|里|当中|里面|之中)|其中|\bamong\b|\bof\s+(?:those|them|these)\b|\bout\s+of\b|"
                               # "Of the customers who applied for a loan this year, what share …": who they are, said first
                               r"^\W*(?:of|for)\s+(?:the\s+|those\s+|our\s+|all\s+)?(?:customers|clients|people|users)\s+(?:who|that)\b[^,?;，？；]*[,;，；]|"
                               # "share of customers who submitted a survey this year rated …": who they are, then a verb of the part
                               # (never "share of customers who made a transaction": the clause is the part)
                               r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+(?:the\s+|our\s+|all\s+)?(?:customers|clients|people|users)\s+"
                               r"(?:who|that)\s+\w+\s+[^,?;]*?\b(?:rated|scored|gave|had|have|has|got|are|were|is|was|also|then|later|ended\s+up|went\s+on)\b", re.I)
#: a share of customers (or of each group of them) who did something: "what share of payroll customers logged in",
#: "what share of each logged in on the app" — not of their rows ("share of payroll customers' transactions")
_SHARE_OF_CUSTOMERS = patterns.compile(r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+"
                                       r"(?:of\s+(?:(?:the|our|all)\s+)?(?:(?!(?:by|from|of|for|in|at|with|on|via|through)\b)[\w-]+\s+){0,3}?(?:customers|clients|people|users)\b(?!['’])|"
                                       r"of\s+(?:each|every|both|them|those|these)(?:\s+(?:group|segment|side|one|of\s+them))?\s+(?=(?:(?:also|still|ever|actually)\s+)?(?:logged|made|opened|"
                                       r"applied|bought|purchased|used|did|got|took|received|responded|converted|clicked|transacted|signed|held|had|have|has)\b)|"
                                       # "male vs female: what % made a transaction last month": of each group's customers
                                       r"(?=(?:(?:also|still|ever|actually)\s+)?(?:logged|made|opened|applied|bought|purchased|used|got|took|received|"
                                       r"responded|converted|clicked|transacted|signed)\b))", re.I)
#: a count of people asked with no name of its own: "多少人", "几位客户", "how many people"
_HOW_MANY_PEOPLE = patterns.compile(r"(?:有)?(?:多少|几)(?:个|位|名)?(?:人|客户|户|个人|位客户)(?:数)?|how\s+many(?:\s+(?:people|customers|clients))?", re.I)
#: month-ends of several months said in order: a series of them ("Month-end 贷款余额 for the last 6 months, in order")
_MONTH_ENDS = patterns.compile(r"\bmonth[\s-]?ends?\b|月末|月底", re.I)
_IN_ORDER = patterns.compile(r"\bin\s+(?:order|sequence|date\s+order|time\s+order)\b|按顺序|依次|逐月|按月(?:份)?(?:列|排|给)", re.I)
#: a change asked ("环比涨了百分之多少"): the percentage is of the change, no share
_COMPARED = patterns.compile(r"环比|同比|比上|较上|涨|跌|增长|下降|变化|\b(?:mom|yoy|qoq|vs\.?|versus|change|growth|grew|rose|fell|compared)\b", re.I)
#: "share of <the rows>": the rows named right after the share word are its base
#: "what share of all treated touches …": the rows named after "of" are the base, whatever is said of them after
_SHARE_OF_ROWS = patterns.compile(r"\s*(?:of|among)\s+(?!(?:them|those|these|it)\b)", re.I)
_SHARE_OF_THEM = patterns.compile(r"\s*(?:of|among)\s+(?:the\s+|all\s+|our\s+|those\s+)?", re.I)
_OF_BASE_BEFORE = patterns.compile(r"\b(?:rates?|ratios?|that|those)\s+(?:of|for|on|among|across|in)\s+(?:the\s+|all\s+|our\s+|those\s+)?$", re.I)
#: customers coming in: with a period, the new customers of that period
_ACQUIRED = patterns.compile(r"获客|拉新|新开户|新增(?:了)?(?=\s*(?:多少|几)?\s*(?:个|位|名)?\s*(?:客户|用户|人|户))|\bacquir(?:e|ed|ing)\b|\bonboard(?:ed|ing)?\b|\bsigned\s+up\b|\b(?:brought|bring|brings|bringing)\s+in\b|"
                       r"\b(?:pick|picked|picking)\s+up\b|"
                       r"\bcame\s+in\b|\b(?:came|come|coming|comes)\s+(?:to|over\s+to)\s+us\b|\bwon\b|\bjoined\b|\brelationship\s+(?:started|began|opened)\b|"
                       # "customers whose open_date is in 2024", "with an opening date in Q1": the day they opened, in the period
                       r"\b(?:whose|with(?:\s+an?|\s+the)?|by(?:\s+their)?)\s+(?:customer\s+)?(?:open|opening)[\s_]date\b|"
                       # "customers who opened in 2025", "2025年…之间开户的客户": opened as customers (never "opened a deposit account")
                       r"\bopened\b(?!\s+(?:(?:a|an|any|new|their|the|one|two|more)\s+)?(?:deposit|time|savings|loan|wealth|fund|accounts?|cds?|tds?|large|products?))|"
                       r"(?<!新)开户(?!数|的?(?:存款|定期|活期|账户|理财|大额|产品|新客))", re.I)
#: a value said as its field's ("status = 'disbursed'", "with status disbursed", "状态为已放款"): a condition on the rows,
#: never a figure's own name restated
_FIELD_EQUALS = patterns.compile(r"(?:==?|\bstatus\s+(?:is\s+|of\s+)?|状态\s*(?:为|是|=)?)\s*['\"‘“]?\s*$", re.I)
#: customers said to have opened in the period just named: "今年开户的", "2025年新开户的", "opened this year"
_OPENED_IN = patterns.compile(r"(?:新)?开户|\bopened\b|\bjoined\b|\bonboarded\b", re.I)


def _lists_every_value(f: Filter, values: Mapping[str, object]) -> bool:
    """A filter that keeps every value of its field ("counter, app, wechat, partner"): a breakdown, said as a list."""
    return f.op == "in" and isinstance(f.value, tuple) and len(values) > 1 and set(map(str, f.value)) == set(values)


#: generic nouns a field's label ends with ("获客渠道", "acquisition channel"): the head before them names it
_GENERIC_TAILS = ("渠道", "方式", "类型", "来源", " channel", " source", " type")


#: rows said to be the only ones counted: "outstanding loans only", "只算在贷的贷款"
_ONLY_AFTER = patterns.compile(r"\s+only\b", re.I)
#: every one of the rows, said: "all loans that were paid out", "所有放款"
_EVERY_ROW_BEFORE = patterns.compile(r"(?:\b(?:all|every)\s+(?:the\s+|of\s+the\s+)?|所有的?|全部的?)$", re.I)
_ONLY_BEFORE = patterns.compile(r"(?:\bonly|只算|只看|仅限|仅算|只统计)\s*$", re.I)


#: two figures listed: "customers and AUM", "客户和AUM", "客户、存款余额"
_LISTED_FIGURES = patterns.compile(r"\s*(?:and|&|,|，|、|和|及|与|以及|plus)\s*(?:the\s+|their\s+|total\s+)?", re.I)
#: a deed of the customers counted, said after "and": "… and made transactions", "… and opened a deposit account"
_DEED_AND = patterns.compile(r"\band\s+(?:also\s+|then\s+)?(?:made|did|had|opened|applied\s+for|bought|purchased|took\s+out|submitted|filed)\s+"
                             r"(?:a\s+|an\s+|any\s+|some\s+|at\s+least\s+one\s+)?$", re.I)
#: a count named by a state the rows reached, said as a verb: "got rejected", "were approved", "ended up rejected"
_STATE_SAID = patterns.compile(r"(?:got|get|gets|were|was|are|is|been|being|ended\s+up|end\s+up)\s+(?:\w+\s+)?\w+ed", re.I)
#: one figure over another said as a unit of the second: "converted amount per yuan of campaign cost", "每元成本带来的转化金额"
_PER_UNIT_OF = patterns.compile(r"\s*(?:per|/|divided\s+by|for\s+(?:each|every))\s+(?:(?:yuan|rmb|cny|dollar|unit)\s+(?:of\s+)?)?(?:the\s+|our\s+)?\s*|"
                                r"\s*(?:除以|/)\s*", re.I)
#: "how many" asked on its own, its rows named elsewhere: "Loan applications in 2025: how many, and total amount?"
_BARE_HOW_MANY = patterns.compile(r"\bhow\s+many\s*(?:[,，;；?？]|\band\b|$)|(?:^|[,，:：;；])\s*(?:一共)?(?:多少笔|几笔)\s*(?:[,，;；?？]|$)", re.I)
_LISTED_FIGURE_AFTER = patterns.compile(r"\s*(?:[,，、&]|和|及|以及|\band\b|\bplus\b)", re.I)
_LISTED_FIGURE_BEFORE = patterns.compile(r"(?:[,，、&]|和|及|以及|\band\b|\bplus\b)\s*(?:the\s+)?$", re.I)
_LISTED_RUN = patterns.compile(r"(?:\s*(?:and|&|,|，|、|和|及|与|以及|plus)\s*(?:the\s+|their\s+|total\s+)?)+", re.I)


def _without(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with the spans wholly inside it left out."""
    kept = [(a, b) for a, b in sorted(spans) if start <= a and b <= end]
    out, at = [], start
    for a, b in kept:
        if a >= at:
            out.append(text[at:a])
            at = b
    return "".join(out) + text[at:end]
#: both periods of a comparison shown as rows: "show both months", "两个月都列出来", "分别列出两个月"
#: the current period said as now: "跟去年12月末比，现在…", "how much higher is it now than at the end of last year"
_NOW = patterns.compile(r"现在|目前|当前|如今|眼下|此刻|截至今天|\bnow\b|\bcurrently\b|\btoday\b|\bright\s+now\b", re.I)
_BOTH_PERIODS = patterns.compile(r"\b(?:show|list|give)\s+(?:me\s+)?both\s+(?:months|periods)\b|两个月(?:的数)?(?:都|分别)(?:列出来|列出|列|给出|给|展示出来|展示|显示)|分别列出两个月", re.I)


def _whole_months(start: date | None, end: date | None) -> bool:
    return start is not None and end is not None and start.day == 1 and (end + timedelta(days=1)).day == 1


def _years_before(day: date | None) -> date | None:
    """The same day a year earlier (28 February for 29 February)."""
    if day is None:
        return None
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day.replace(year=day.year - 1, day=28)


def _one_unit(start: date | None, end: date | None, grain: str | None) -> bool:
    """Is [start, end] exactly one calendar month, quarter or year (the grain's unit)?"""
    size = {"month": 1, "quarter": 3, "year": 12}.get(grain or "")
    if size is None or not _whole_months(start, end):
        return False
    assert start is not None and end is not None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return months == size and (start.month - 1) % size == 0


#: a comparison with the quarter before, said without a period: "QoQ", "quarter over quarter", "季度环比"
#: a share said to be within each group: "各平台中…的占比", "within each platform", "of each channel's events"
_WITHIN_EACH = patterns.compile(r"(?:各|每个?)[\u4e00-\u9fff]{1,6}?(?:中|里|当中|内部|之中)|\b(?:within|inside)\s+(?:each|every)\b|\bof\s+(?:each|every)\s+[a-z]+['’]s\b", re.I)
_ROWS_NOUN_END = patterns.compile(r"(?:\bevents?|\btransactions?|\btxns?|\bapplications?|次数|事件|笔数|记录)\s*$", re.I)
#: a change against the unit before, named by its unit ("mom", "月环比", "qoq")
_EACH_UNIT_OVER = {"month": patterns.compile(r"(?<![a-z])mom(?![a-z])|\bmonth[\s-]+(?:over|on)[\s-]+month\b|月度?\s*环比", re.I),
                   "quarter": patterns.compile(r"(?<![a-z])qoq(?![a-z])|\bquarter[\s-]+(?:over|on)[\s-]+quarter\b|季度?\s*环比", re.I)}
_QUARTER_ON_QUARTER = patterns.compile(r"(?<![a-z])qoq(?![a-z])|\bquarter[\s-]+(?:over|on)[\s-]+quarter\b|季度?\s*环比", re.I)
#: a follow-up of one bare word: "那贷款呢", "and loans?"
BARE_WORD = patterns.compile(r"\s*(?:那么?|\band\b|\bwhat\s+about\b|\bhow\s+about\b)?\s*(?:换成|改成|换为|改为|改看|换)?\s*([\u4e00-\u9fff]{2,4}?|[a-z]+)\s*(?:口径)?\s*(?:来看|看看|看)?\s*(?:呢|\bthen\b)?\s*[?？。.!！]*\s*", re.I)


#: a value said to be counted too: "incl. ones already settled", "including the pending ones", "含已结清的", "包括已经销户的"
_INCLUDED_BEFORE = patterns.compile(r"(?:\b(?:incl\.?|including|inclusive\s+of)\s+(?:[\w'’]+\s+){0,3}|(?:含|包括|包含)(?:了|那些|这些)?[\u4e00-\u9fff]{0,3}?)$", re.I)


#: what a follow-up sets aside for the figure it names: "instead of month-end", "而不是月末"
_INSTEAD_OF = patterns.compile(r"\b(?:instead\s+of|rather\s+than)\s+(?:the\s+)?[\w-]+(?:\s+(?:balance|balances|figure|figures|one|ones|numbers?))?|"
                               r"(?:而不是|而非|不用|不按|不看)[\u4e00-\u9fff]{1,4}?(?:口径|余额|的|了|[,，。？?]|$)", re.I)


#: the rows counted, said right before their kind: "number of wealth product views", "多少次"
_ROWS_NUMBER_BEFORE = patterns.compile(r"\b(?:number|count|#)\s+of\s+(?:the\s+)?$", re.I)


def _says(metric: Any, word: str) -> bool:
    """Is ``word`` part of one of the metric's names (label or synonym, either language)?"""
    return any(word in n.lower() for n in (metric.label.zh, metric.label.en, *metric.synonyms.all()))


@dataclass
class Builder:
    model: SemanticModel

    def default_metric(self) -> str:
        """Customer count in the bank model; in another model its first counting metric."""
        if self.model.default_metric in self.model.metrics:
            return self.model.default_metric  # type: ignore[return-value]
        counting = [m for m in self.model.metric_list if not m.hidden and m.measure and m.measure.agg in ("count", "count_distinct")]
        return (counting or [m for m in self.model.metric_list if not m.hidden])[0].name

    # -- what a field means for the chosen metrics ---------------------------------
    def metric(self, ref: MetricRef) -> Metric:
        return resolve_metric(self.model, ref)

    def tables(self, metrics: list[MetricRef]) -> list[str | None]:
        out: list[str | None] = []
        for name in metrics:
            for leaf in metric_leaves(self.model, self.metric(name)):
                table = leaf.measure.table if leaf.measure else None
                if table not in out:
                    out.append(table)
        return out

    def available(self, field: str, metrics: list[MetricRef]) -> bool:
        for table in self.tables(metrics):
            if table is not None and field in self.model.dimensions.get(table, {}):
                continue
            if field in self.model.tags and (table is None or self.model.tables[table].customer_key):
                continue
            return False
        return True

    def pick(self, entries: list[Entry], metrics: list[MetricRef], mentioned: set[str]) -> Entry | None:
        """The entry whose field fits the metrics: own dimensions first, then mentioned, then tags."""
        fitting = [e for e in entries if self.available(e.target, metrics)]
        if not fitting:
            return None
        tables = set(self.tables(metrics))
        fitting.sort(key=lambda e: (e.table not in tables or e.table is None, e.target not in mentioned))
        return fitting[0]

    def band_of(self, field: str) -> str:
        """A numeric tag used for grouping becomes the category tag banding it."""
        tag = self.model.tags.get(field)
        if tag is None or tag.type != "number":
            return field
        for t in self.model.tag_list:
            if t.type == "category" and t.cases:
                refs = {c.name for case in t.cases for c in columns_of(case.when)}
                if refs == {field}:
                    return t.name
        return field

    # -- frame → query --------------------------------------------------------------
    def build(self, frame: Frame, conversation: Conversation, as_of: date) -> Understanding:
        base = conversation.last_query
        inside = cues.POINTS_BACK.search(frame.text)
        if inside is not None and cues.points_back(frame.text) is None:
            frame.attached.append((inside.span(), "any"))  # "…客户有多少?这些人…": the customers just named
        back = cues.points_back(frame.text) or (cues.WHAT_ABOUT.search(frame.text) if not frame.metrics else None)
        if base is None and back is not None:
            frame.unread.append(back.group(0).strip())  # "其中女性有多少" first in a conversation: of what? asked back
        _left_out_absence(frame)
        _groups_said_included(frame)
        _people_of_a_tag(frame)
        self._object_of_a_row_value(frame)
        asked_back = self._amount_meant(frame, conversation, as_of)
        if asked_back is not None:
            return asked_back
        # "customers by preferred channel - skip people with no transactions": a figure named only
        # where a group is left out says who is left out, not what is counted
        frame.metrics = [m for m in frame.metrics if not all(left_out_at(frame.left_out, x.start, frame.text) for x in frame.mentions
                                                             if any(e.kind == "metric" and e.target == m for e in x.entries))]
        said = frame.metric_mentions.get(self.default_metric(), "").strip().lower()
        if base is not None and frame.metrics == [self.default_metric()] and not frame.how_many and said in self._population_words():
            frame.metrics = []  # "Shenzhen customers only": who the follow-up is about, not a new metric
        elif base is None and frame.metrics == [self.default_metric()] and not frame.how_many and not frame.count_intent \
                and said in self._population_words() and self._names_rows(frame):
            frame.metrics = []  # "wealth purchase amount … by female customers": whose rows, not how many customers
        if len(frame.metrics) > 1 and self.default_metric() in frame.metrics and self._whose_rows(frame):
            frame.metrics.remove(self.default_metric())  # "loans disbursed to 天津和平支行 customers": whose loans
        explicit = bool(frame.metrics or frame.ambiguous or frame.count_intent)
        is_followup = base is not None and (frame.followup_cue or frame.add_metric or not explicit)
        if is_followup and not frame.metrics and base is not None and (swapped := self.named_like_base(frame, base)) is not None:
            frame.metrics = [swapped[0]]  # "存款余额…" then "那贷款呢": 贷款余额
            frame.values = [h for h in frame.values if (h.mention.start, h.mention.end) != swapped[1]]
            frame.attached.append((swapped[1], "any"))
        metrics = self._one_count_in_pieces(frame, self._spent_by_the_rows_named(frame, self._choose_metrics(frame)))
        metrics = self._judged_by_rate(frame, metrics)
        self._base_event_said(frame, metrics)
        metrics = self._ratio_of_parts(frame) or metrics
        metrics = self._only_its_rows(frame, metrics)
        metrics = self._process_of_its_rate(frame, metrics)
        metrics = self._base_counted(frame, metrics)
        metrics = self._conversion_asked(frame) or metrics
        metrics = self._difference_asked(frame, metrics) or metrics
        metrics = self._on_the_basis(frame, metrics)
        metrics = self._acquired_in_period(frame, metrics)
        metrics, row_filters = self._rows_named(frame, metrics)
        metrics = self._narrower_count(frame, metrics)
        metrics, customer_rows = own_rows(frame, self.model, metrics, self.default_metric())  # 从没申请过贷款的客户
        metrics = self._amount_of_those(frame, metrics)
        metrics = self._rate_of_the_part(frame, metrics)
        if len(metrics) == 1 and isinstance(metrics[0], str) and frame.share:
            # "of the loan amount we disbursed, what percentage went to mortgages": a share of the rows' amount
            metrics = amounts if len(amounts := count_and_amount(frame, self.model, metrics[0])) == 1 else metrics
        elif len(metrics) == 1 and isinstance(metrics[0], str):
            metrics = count_and_amount(frame, self.model, metrics[0])  # "how many … and the total amount"
            if metrics != [self.default_metric()] and self._held_sum(metrics) and _HOW_MANY_ALONE.search(frame.text):
                metrics = [self.default_metric(), *metrics]  # "… AUM >= 500k — how many and what's their combined AUM?"
        fits_base = base is not None and all(self.pick(hit.entries, list(base.metrics), frame.mentioned_fields) for hit in frame.values)
        # ("high value customers with zero logins in the past 30 days - how many?": customers without such rows are counted)
        none_of_them = frame.customer_words and frame.how_many and any(
            h.negated and cues.cue_before(cues.ABSENCE_BEFORE, frame.text, h.mention.start, 28) for h in frame.values)
        # ("how many logins did Guangzhou customers have": the customers are who, the rows of the value said are counted)
        did = (said := _named_after_how_many(frame)) is not None and said.of_kind("value") and not said.of_kind("metric") \
            and frame.metrics == [self.default_metric()]
        if (not frame.metrics or did) and not frame.ambiguous and not asks_for_customers(frame.text) and not (is_followup and fits_base) \
                and not none_of_them:
            named_rows = metric_for_rows(frame, self.model)  # "申请的消费贷有多少笔": the rows name the metric
            if named_rows is not None:
                metrics = count_and_amount(frame, self.model, named_rows)
        elif frame.metrics and (counted := self._things_counted(frame)) is not None and counted not in metrics:
            metrics = [counted, *metrics]  # "how many campaigns did we start in 2025, and how many touches …"
        if frame.ambiguous and metrics == [self.default_metric()] and not frame.how_many:
            metrics = []  # "retired customers keep in deposits": the deposits are asked about
        if not metrics and frame.count_intent and not frame.ambiguous:
            metrics = [self.default_metric()]
        if frame.ambiguous and not metrics:
            chosen = self._remembered(frame, conversation)
            if chosen:
                metrics = [chosen]
            else:
                return self._clarify(frame, conversation, as_of, is_followup)
        defaulted = not metrics and not (is_followup and base)
        if conversation.pending is not None and (not metrics and (frame.followup_cue or not explicit)
                                                  or base is None and frame.followup_cue):
            return self._nothing_to_continue(frame)  # ("那点击率呢" first after a question back: of what?)
        if not metrics:
            # "那2024年呢" after an average: that average again (an aggregate passes through as the metric it is)
            metrics = ([m for m in base.metrics if isinstance(m, str)] or cast(list[str], list(base.metrics))) \
                if is_followup and base else [self.default_metric()]
            if is_followup and base:  # "and the amount?", "per customer?": the same rows, another figure
                metrics = self._sibling(frame, metrics) or metrics
                metrics = self._rows_of_an_average(frame, base) or metrics
        if is_followup and base is not None and metrics == [self.default_metric()] and len(base.metrics) == 1 \
                and isinstance(base.metrics[0], Aggregate) and base.metrics[0].func == "count_distinct" and base.metrics[0].field == "customer":
            # "How many customers logged in to the app …?" then "其中代发客户有几个？": the same people counted, fewer of them
            metrics = cast(list[str], list(base.metrics))  # (an aggregate passes through as the metric it is)
        aggregated = self._aggregated(frame, metrics)
        zero = cues.ZERO_COUNTED.search(frame.said)
        if zero and any(not isinstance(m, str) and m.func == "per_customer" for m in aggregated):
            # "近90天人均交易笔数（没交易的按0算）": an average per customer of rows is over the customers who have
            # rows — those with none are not in it; asked about, never answered without them
            frame.unread.append(zero.group(0).strip())
        query = self.query(frame, aggregated, base if is_followup else None)
        self._units_of_aggregates(frame, query)
        if query.metrics and all(isinstance(m, str) and self.metric(m).format == "percent" for m in query.metrics):
            # "有百分之多少被叫醒了", "what percentage …": a rate is asked as a share of its own base
            frame.attached += _share_words(frame.text)
        if defaulted and query.metrics == (self.default_metric(),) and (frame.rank or frame.ranking_only) \
                and not frame.count_intent and not cues.CUSTOMER_WORDS.search(frame.text):
            # "哪个网点表现最好?": best by what? ranked by the customer count only when customers are said
            frame.unread.append(frame.rank.text if frame.rank else "最")
        for f in row_filters:
            query = query.with_changes(filters=tuple(_merge_filter(list(query.filters), f)))
        if customer_rows or frame.customer_rows:
            kept = _none_said_once(frame, list(dict.fromkeys((*query.customer_rows, *customer_rows, *frame.customer_rows))))
            query = query.with_changes(customer_rows=tuple(kept))
        query = self._people_of_their_rows(frame, query)
        query = self._in_money_unit(frame, query)
        inherited = tuple(f for f in base.filters if f in query.filters) if is_followup and base is not None else ()
        query = self._compared(frame, self._shared(frame, query, is_followup, inherited), as_of,
                               base.time_range if is_followup and base is not None else None)
        query = self._listed_all(frame, self._excluded(frame, query))
        query = self._the_one_described(frame, query)
        query = self._only_there(frame, query)
        query = _told_shown(frame, query, self.model)
        query = self._rates_own_terms_said(frame, query)
        query = self._doers_each_period(query)
        query = self._each_of_one_row(frame, query)
        if len(set(query.filters)) != len(query.filters):  # said twice ("no wealth products … (zero wealth balance)"): once
            query = query.with_changes(filters=tuple(dict.fromkeys(query.filters)))
        query = _groups_with_none(frame, _groups_with_some(frame, query, self.model))
        query = set_against_whole(frame, query)
        _any_value_counts(frame, query)
        for denied in self._counts_whom_it_denies(query):
            named = [m.text for m in frame.mentions if any(e.kind == "metric" and e.target == denied for e in m.entries)]
            frame.unread.append(named[-1] if named else self.metric(denied).label.en)
        query = self._aggregate_dated_at_its_state(frame, self._counted_by_the_date_said(frame, query))
        twice = self._dated_twice(frame, query)
        query, other_day = (query, []) if twice else self._dated_at_another_event(frame, query)
        query = self._state_said_of_the_rows(frame, query)
        frame.unread += twice + other_day + self._dated_at_maturity(frame, query)
        frame.unread += self._opened_in_a_period(frame, query)
        query = self._those_ranked(frame, query, conversation if is_followup else None)
        return self.accounted(frame, query, is_followup)

    @staticmethod
    def _those_ranked(frame: Frame, query: SemanticQuery, conversation: Conversation | None) -> SemanticQuery:
        """"… for each of those three?", "这三个城市里…" after the top three: the same three groups, asked another figure
        or under another condition — kept by their values (ranked again, the first three may be others)."""
        base = conversation.last_query if conversation is not None else None
        said = [m.span() for m in _THOSE_RANKED.finditer(frame.text)]
        if base is None or base.limit is None or query.limit != base.limit or not said:
            return query
        frame.attached += [(span, "any") for span in said]
        if (query.filters, query.group_by, query.order_by, query.time_range) == (base.filters, base.group_by, base.order_by, base.time_range):
            return query  # (the same ranking: the same groups)
        groups = conversation.last_groups if conversation is not None else None
        if groups is None or [g.field for g in query.group_by if g.field != "time"] != [groups.field]:
            frame.unread += [frame.text[a:b] for a, b in said]  # which groups? asked, never ranked again
            return query
        return query.with_changes(filters=(*query.filters, groups), limit=None)

    def _one_count_in_pieces(self, frame: Frame, metrics: list) -> list:
        """"新开定期存款账户数": one count of the rows said in two pieces around a value (新开 … 账户数) — the first, the
        narrower, is asked; two counts are asked only when joined ("开户数和账户数")."""
        counts = [m for m in metrics if isinstance(m, str) and self.metric(m).kind == "simple" and (me := self.metric(m).measure) is not None
                  and me.agg == "count"]
        if len(counts) != 2 or len(metrics) != 2:
            return metrics
        said = [next((x for x in frame.mentions if any(e.kind == "metric" and e.target == m for e in x.entries)), None) for m in counts]
        if None in said or metric_tables(self.model, self.metric(counts[0])) != metric_tables(self.model, self.metric(counts[1])):
            return metrics
        first, second = sorted(said, key=lambda x: x.start)  # type: ignore[arg-type,union-attr]
        between = mask(frame.text[first.end:second.start], [(x.start - first.end, x.end - first.end) for x in frame.mentions
                                                            if first.end <= x.start and x.end <= second.start and x.of_kind("value")])
        if between.strip() and not re.fullmatch(r"[\s的]*", between):
            return metrics
        kept = next(e.target for e in first.entries if e.kind == "metric" and e.target in counts)
        frame.attached.append(((second.start, second.end), "any"))
        return [kept]

    def _only_there(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"上个月有登录的客户里，只在微信小程序登录的占多少", "customers who only used the app for transactions": those with
        rows of the value and none of the field's other values (over the same rows: logins, that period) — asked about
        when the value is no condition of the customers counted."""
        tables = {t for m in query.metrics for t in metric_tables(self.model, resolve_metric(self.model, m))}
        for hit, cue in frame.only:
            share_part = query.share.part if query.share is not None else ()
            said = next(((f, e) for f in (*query.filters, *share_part) for e in hit.entries if e.table in tables and f.field == e.target
                         and f.op == "in" and e.code in f.value), None)  # type: ignore[operator]
            count = count_metric(self.model, said[1].table or "", []) if said is not None else None
            if said is None or count is None or not self._counts_customers(query):
                frame.unread.append(cue)
                continue
            f, e = said
            own = self.model.dimensions.get(e.table or "", {})
            kept = tuple(x for x in query.filters if x.field in own and x.field != f.field)  # (the same rows: logins)
            none_else = CustomerRows(metric=count, op="=", value=0, filters=(*kept, Filter(field=f.field, op="not_in", value=f.value)))
            # ("只在微信小程序登录、没用过 app 和网银": the other values denied after it say the same again — no condition of theirs)
            again = [h for h in frame.values if h is not hit and h.mention.start > hit.mention.start and any(x.target == f.field for x in h.mention.entries)
                     and _DENIED_BEFORE.search(frame.text, max(0, h.mention.start - 8), h.mention.start)]
            for h in sorted(frame.values, key=lambda v: v.mention.start):  # ("没用过 app 和网银": the denial spreads over the list)
                if h not in again and any(a.mention.end <= h.mention.start and cues.CONJUNCTION_ONLY.match(frame.text[a.mention.end:h.mention.start])
                                          for a in again):
                    again.append(h)
            restated = {(x.target, x.code) for h in again for x in (*h.entries, *h.mention.entries)}
            frame.attached += [((h.mention.start, h.mention.end), "any") for h in again]
            query = query.with_changes(filters=tuple(g for g in query.filters if not _restated(g, restated)))
            if f in share_part and query.share is not None:
                query = query.with_changes(share=query.share.model_copy(update={"rows": (*query.share.rows, none_else),
                                                                                "part": tuple(g for g in share_part if not _restated(g, restated))}))
            else:
                query = query.with_changes(customer_rows=(*query.customer_rows, none_else))
        return query

    def _each_of_one_row(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"the average budget per campaign": an aggregate of an attribute of rows, "per" the very rows it is of (each
        campaign one row of campaigns) — the aggregate over them, never one group a row."""
        if len(query.group_by) != 1 or not query.metrics or not all(isinstance(m, Aggregate) and m.func in ("avg", "median", "min", "max")
                                                                     and m.of for m in query.metrics):
            return query
        group = query.group_by[0].field
        column = self.model.field_column(group) or next((tuple(d.expr.split(".", 1)) for dims in self.model.dimensions.values()
                                                         if (d := dims.get(group)) is not None and re.fullmatch(r"[a-z_]+\.[a-z_]+", d.expr or "")), None)
        tables = {self.metric(m.of).measure.table for m in query.metrics if isinstance(m, Aggregate) and m.of and self.metric(m.of).measure}
        if column is None or tables != {column[0]} or not _PER_ROW_OF.search(frame.text):
            return query
        return query.with_changes(group_by=())

    def _counts_customers(self, query: SemanticQuery) -> bool:
        """Is the figure a count of customers (the default one, or the distinct customers of rows)?"""
        return all(m == self.default_metric() or isinstance(m, Aggregate) and m.func == "count_distinct" and m.field == ENTITY_CUSTOMER
                   for m in query.metrics)

    def _the_one_described(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"for the Dec new-customer activation campaign: cost per conversion and ROI?", "25年那个沉睡唤醒活动，打开率多少":
        one of the rows named by what it is, not by its name — its figures come with its name (a row for each, should the
        words fit more than one)."""
        if query.group_by or query.compare is not None or query.share is not None or query.limit or not query.metrics:
            return query
        tables = {t for m in query.metrics for t in metric_tables(self.model, resolve_metric(self.model, m))}
        for dim in self.model.dimension_list:
            if not dim.values_from_data or dim.table not in tables or dim.type != "category":
                continue
            zh = "|".join(re.escape(w) for w in (dim.label.zh, *dim.synonyms.zh) if len(w) >= 2 and "名" not in w)
            # (described: "the campaign" alone is any campaign's word; and narrowed — by a period or a condition)
            one = patterns.compile(rf"\b(?:the|that|this)\s+(?!(?:year|month|quarter|week|day|time)\b)"
                                   rf"(?:(?!(?:whose|who|which|that|with|has|have|had|of|for|in|by|and|or)\b)[\w'’]+(?:-[\w'’]+)*\s+){{1,6}}?"
                                   rf"{re.escape(dim.label.en)}\b(?!s\b|['’-])"
                                   rf"|(?:那个|这个|那场|这场|那次|这次|该)(?![月季年周天星礼])[^，,。？?；;!！]{{1,16}}?(?:{zh})(?!们)", re.I)
            if not (query.filters or query.time_range):
                continue
            for said in one.finditer(frame.text):  # (not a word of a figure's name: "the campaign conversion rate")
                if not any(m.start < said.end() and said.end() - 2 < m.end and m.of_kind("metric") for m in frame.mentions):
                    return query.with_changes(group_by=(GroupBy(field=dim.name),))
        return query

    def _object_of_a_row_value(self, frame: Frame) -> None:
        """"customers who had *a loan* rejected in 2025", "got a loan approved": a holding of the customers' (has_loan, a
        loan balance today) said right before a value of those rows is the rows the value is of — no holding of theirs."""
        for h in list(frame.values):
            tags = [self.model.tags.get(e.target) for e in h.entries]
            if h.negated or not tags or any(t is None or t.type != "boolean" for t in tags) or any(e.code not in (None, "true") for e in h.entries):
                continue
            said = h.mention.text.lower()
            after = next((v for v in frame.values if v is not h and v.mention.start >= h.mention.end
                          and _OBJECT_THEN_VALUE.fullmatch(frame.text, h.mention.end, v.mention.start)), None)
            tables = {e.table for e in after.entries if e.kind == "value" and e.table} if after is not None else set()
            if any(_says_word(w.lower(), said) for t in tables for w in table_nouns(self.model, t) if len(w) >= 2):
                frame.values.remove(h)
                frame.attached.append(((h.mention.start, h.mention.end), "any"))

    def _opened_in_a_period(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"今年开户的新客里面…": the customers opened in a period said beside a stage defined by the day they opened
        (新客: the last 90 days) — two definitions at odds; the period's words are asked about, never one of them
        dropped."""
        said = _OPENED_IN.search(frame.text)
        if said is None or not frame.times or not 0 <= said.start() - frame.times[0].span[1] <= 2:
            return []  # (only the opening dated by the period right before it)
        for f in query.filters:
            tag = self.model.tags.get(f.field)
            if tag is not None and tag.cases and any("open_date" in case.when for case in tag.cases):
                return [frame.text[frame.times[0].span[0]:said.end()]]
        return []

    def _basis_said(self, frame: Frame, metric: Metric) -> set[str]:
        """The date columns of a figure's rows the question says it is counted by ("以申请日期统计")."""
        table = metric.measure.table if metric.measure else None
        return {c for _, c in cues.basis_columns(frame.said or frame.text, self.model, table)} if table else set()

    def _counted_by_the_date_said(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"2025年下半年被拒绝的贷款申请有几笔？以申请日期统计": a count whose definition fixes a value (rejections: status
        rejected, dated by the decision) said to be counted by another date of its rows — the date the plain count of
        those rows is dated by (applications: apply date) — is that count's rows with the value; a plain count said to be
        counted by a date its rows need not have (deposit accounts by the closing date) is the count dated by it."""
        names = [m for m in query.metrics if isinstance(m, str)]
        if len(names) != 1 or len(query.metrics) != 1 or query.time_range is None:
            return query
        metric = self.metric(names[0])
        said = self._basis_said(frame, metric) - {(metric.time or "").split(".")[-1]}
        if len(said) != 1 or metric.measure is None or metric.measure.agg != "count":
            return query
        dated = [m for m in self.model.metric_list if m.kind == "simple" and m.measure and m.measure.agg == "count" and not m.hidden
                 and m.measure.table == metric.measure.table and (m.time or "").split(".")[-1] in said]
        plain = [m for m in dated if not m.measure.where]  # type: ignore[union-attr]
        if metric.measure.where:
            return self._as_rows_of(names[0], plain[0].name, query) or query if len(plain) == 1 else query
        # "2025年7月1日至9月30日期间销户（按销户日期）的存款账户数": the rows counted by that date are those it is set on
        return query.with_changes(metrics=(dated[0].name,)) if len(dated) == 1 else query

    def _aggregate_dated_at_its_state(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"今年被拒掉的贷款申请，平均申请金额是多少？": an amount averaged over some rows narrowed to a state an event left
        (rejected), the period said right at that state — the rows of that event, dated by it (the loans rejected this
        year), not the rows of the other date (the applications of this year)."""
        if query.time_range is None or not frame.times or len(query.metrics) != 1 or not isinstance(ref := query.metrics[0], Aggregate) \
                or not isinstance(ref.of, str):
            return query
        metric, period = self.metric(ref.of), frame.times[0]
        if metric.kind != "simple" or metric.measure is None or not metric.time:
            return query
        table = metric.measure.table
        for f in query.filters:
            if f.op != "in" or f.field not in self.model.dimensions.get(table, {}):
                continue
            events = [n for n in self.model.metric_list if n.kind == "simple" and n.measure is not None and n.measure.table == table
                      and n.time and n.time != metric.time and n.measure.agg == "count" and fixed_values(self.model, n, f.field) == set(codes_of(f))]
            said = [h.mention for h in frame.values if any(e.target == f.field for e in h.entries)]
            own = [w for w in event_words(metric, self.model.tables[table]) if not w.isascii()]
            at_state = [m for m in said if _period_gap(frame.text, period.span, (m.start, m.end), "before") is not None
                        and not any(w in frame.text[period.span[1]:m.start] for w in own)]  # ("2025年申请、后来被拒掉的": the applying's)
            if len(events) == 1 and at_state:
                return query.with_changes(metrics=(ref.model_copy(update={"of": events[0].name}),),
                                          filters=tuple(x for x in query.filters if x is not f))
        return query

    def _dated_twice(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"YTD, how many loans that were applied for through the app got disbursed": the rows counted by the day
        they were applied for, and a state of theirs that is an event with a day of its own (放款, 拒绝 — the
        model's figures of those events are dated by another column). Which day the period is of is asked, unless
        the period is said right at the rows' own verb ("今年申请的…", "applied for in 2025"). The period's words."""
        if query.time_range is None or not frame.times:
            return []
        for name in (m for m in query.metrics if isinstance(m, str)):
            metric = self.metric(name)
            if metric.kind != "simple" or metric.measure is None or not metric.time:
                continue
            table = metric.measure.table
            events = [n for n in self.model.metric_list if n.kind == "simple" and n.measure is not None
                      and n.measure.table == table and n.time and n.time != metric.time]
            stated = [f for f in query.filters if f.field in self.model.dimensions.get(table, {}) and f.op == "in"
                      and any(_same_event(label, n) for code, label in self.model.field_values(f.field).items()
                              if code in codes_of(f) for n in events)]
            own = [m for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)]
            if not stated or not own or metric.time.split(".")[-1] in self._basis_said(frame, metric):
                continue  # ("以申请日期统计": the day said)
            period = frame.times[0]
            # ("loan applications … came in through the app in 2025 and ended up rejected": the rows' arrival, said at the period)
            # (the values saying how they came in, between: "came in through the app or WeChat in 2025")
            values = mask(frame.text, [(m.start, m.end) for m in frame.mentions if m.of_kind("value")])
            arrived = [m.span() for m in _ROWS_ARRIVED.finditer(frame.text)] if metric.time == self._first_event(table) else []
            if any(_period_gap(frame.text, period.span, (m.start, m.end)) is not None for m in own) \
                    or any(_ARRIVED_AT_PERIOD.fullmatch(values, end, period.span[0]) for _, end in arrived):
                continue
            return [period.text]
        return []

    def _first_event(self, table: str) -> str | None:
        """The date the rows of ``table`` arrive by: the date of its visible count over all its rows (loans: apply_date)."""
        return next((m.time for m in self.model.metric_list if m.kind == "simple" and not m.hidden and m.measure is not None
                     and m.measure.table == table and m.measure.agg == "count" and not m.measure.where and m.time), None)

    def _dated_at_another_event(self, frame: Frame, query: SemanticQuery) -> tuple[SemanticQuery, list[str]]:
        """"2025年通过app申请、最后被拒掉的贷款有几笔": the period is said at another event of the same rows (申请, dated
        by the day of applying) than the one the figure counts and dates (拒绝, by the day of the decision). A figure
        whose definition fixes a value (rejections: status rejected) becomes the other event's rows with that value
        (the applications of 2025 that were rejected); any other ("已经放款的有多少笔") has which day the period is of
        asked, never its own day taken. The query, and the words asked about."""
        if query.time_range is None or not frame.times:
            return query, []
        period, chinese = frame.times[0], cues.is_chinese(frame.text)
        implied = {f for m in self.model.metric_list for f in m.implies}
        # what dates the rows in between instead: a figure named, or a state an event left ("今年一共拒了多少笔贷款申请")
        between = [(m.start, m.end) for m in frame.mentions
                   if any(e.kind == "metric" or e.kind == "value" and e.target in implied for e in m.entries)]
        apart = lambda a, b: not any(a <= x < b or a < y <= b for x, y in between)  # noqa: E731
        dated = {self.metric(m).time for m in query.metrics if isinstance(m, str)}
        for name in (m for m in query.metrics if isinstance(m, str)):
            metric = self.metric(name)
            if metric.kind != "simple" or metric.measure is None or not metric.time:
                continue
            table = self.model.tables[metric.measure.table]
            own = event_words(metric, table)
            for other in self.model.metric_list:
                if other.hidden or other.kind != "simple" or other.measure is None or other.measure.table != metric.measure.table \
                        or not other.time or other.time in dated:
                    continue  # (the other figure asked beside it: the period is of both)
                words = [w for w in event_words(other, table) if not any(w in o or o in w for o in own)]
                # (English: the verb's participle only, "applied for in 2025" — "rejected the most applications in 2025" is the rejecting)
                verb = patterns.compile("|".join(rf"\b{re.escape(w)}\w*ed\b" if w.isascii() else re.escape(w) for w in words), re.I) if words else None
                if verb is None or not any(  # (Chinese says a period before what it dates, English after)
                        (gap := _period_gap(frame.text, period.span, hit.span(), "before" if chinese else "after")) is not None and apart(*gap)
                        for hit in verb.finditer(frame.text)):
                    continue
                narrowed = self._as_rows_of(name, other.name, query)
                return (narrowed, []) if narrowed is not None else (query, [period.text])
        return query, []

    def _dated_at_maturity(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"2026年1月到期的定期账户有几个": a period said at maturing dates the maturity, which no figure here is dated
        by (a deposit account by the day it opened) — asked about, never read as the opening day. The tag of deposits
        maturing soon reads its own window."""
        if query.time_range is None or not frame.times:
            return []
        if any(f.field in self.model.tags and "到期" in self.model.tags[f.field].label.zh for f in query.filters):
            return []
        period, chinese = frame.times[0], cues.is_chinese(frame.text)
        for hit in _MATURING.finditer(frame.text):
            if _period_gap(frame.text, period.span, hit.span(), "before" if chinese else "after") is not None \
                    or hit.end() <= period.span[0] and _MATURITY_DAY_AT.fullmatch(frame.text, hit.end(), period.span[0]):
                return [period.text]  # ("到期日在2025年12月的定期账户", "maturity date in December 2025")
        return []

    def _state_said_of_the_rows(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"How many loan applications … came in through the app and got rejected?": a count named by the state its rows
        reached, said as a verb after another count of the same rows and one how-many, is a condition on those rows (the
        applications whose status is rejected) — never a second figure."""
        if len(query.metrics) != 2 or not all(isinstance(m, str) for m in query.metrics) or len(cues.HOW_MANY.findall(frame.text)) > 1:
            return query
        spans = _metric_spans(frame)
        a, b = sorted(query.metrics, key=lambda m: spans.get(m, (0, 0))[0])
        if a not in spans or b not in spans:
            return query
        between = frame.text[spans[a][1]:spans[b][0]]
        if a == self.default_metric() and _DEED_AND.search(between) and "," not in between and selects_customers(self.model, self.metric(b)):
            # "How many customers came in through the app and made transactions last month?": those who did both
            return query.with_changes(metrics=(Aggregate(func="count_distinct", field="customer", of=b),))
        if not _STATE_SAID.fullmatch(frame.metric_mentions.get(b, "").strip()) or not re.fullmatch(r"[^,，;；]*\band\s*", between, re.I):
            return query
        return self._as_rows_of(b, a, query.with_changes(metrics=(b,))) or query

    def _as_rows_of(self, name: str, other: str, query: SemanticQuery) -> SemanticQuery | None:
        """Count ``name`` as the rows of ``other`` with the value ``name``'s definition fixes (rejections → the
        applications whose status is rejected), when both are counts of the same rows and the value is a field's."""
        a, b = self.metric(other), self.metric(name)
        if not (a.measure and b.measure and a.measure.agg == b.measure.agg == "count") or other in query.metrics:
            return None
        for field in b.implies:
            fixed = fixed_values(self.model, b, field)
            if fixed and field not in a.implies:
                metrics = tuple(other if m == name else m for m in query.metrics)
                return query.with_changes(metrics=metrics, filters=(*query.filters, Filter(field=field, op="in", value=tuple(sorted(fixed)))))
        return None

    def _held_sum(self, metrics: list) -> bool:
        """One figure summed over what the customers hold at a month-end (AUM, 存款余额)."""
        if len(metrics) != 1 or not isinstance(metrics[0], str):
            return False
        metric = self.metric(metrics[0])
        return metric.kind == "snapshot" and metric.measure is not None and metric.measure.agg == "sum"

    def _counts_whom_it_denies(self, query: SemanticQuery) -> list[str]:
        """The customers of some rows counted, while the same customers are to have none of them ("never
        selected for any campaign, i.e. no touch row": counting the touched customers with no touches is 0
        whatever the data) — two readings at odds; asked about, never answered. None of *some* of the rows
        ("transacted, but never at the counter") is no contradiction unless every row counted is of those."""
        counted = {m.of for m in query.metrics if isinstance(m, Aggregate) and m.func == "count_distinct" and m.field == "customer"}
        return [r.metric for r in query.customer_rows if r.metric in counted and set(r.filters) <= set(query.filters)
                and (r.op in ("=", "<=") and r.value == 0 or r.op == "<" and r.value in (0, 1))]

    def _in_money_unit(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"用万元表示", "in millions": amounts shown in that unit — only when one is asked for
        (otherwise the words stay unread and are asked about)."""
        found = cues.money_unit(frame.text)
        if found is None or not any(self.metric(m).format == "currency" for m in query.metrics):
            return query
        frame.attached.append((found[1], "any"))
        return query.with_changes(money_unit=found[0])

    def _names_rows(self, frame: Frame) -> bool:
        """An amount of rows is asked for by a field of them ("wealth purchase amount", "交易金额")."""
        from assistant.parse.building.aggregate import number_field
        from assistant.parse.building.rows import AMOUNT, SPEND_NOUN, unnamed

        if not frame.values:
            return False
        if any(e.kind == "field" and e.table and number_field(self.model, m) is not None for m in frame.mentions for e in m.entries):
            return True
        if any(m.of_kind("value") and SPEND_NOUN.search(m.text) for m in frame.mentions):
            return True  # "POS spend from customers in Shenzhen": the money of the rows spending names
        # "total interest credited to customers": an amount of the rows a value names
        # ("disbursed the most loan amount to payroll clients": the customers the rows went to, whatever they are)
        return bool(AMOUNT.search(unnamed(frame))) and (all(e.table for hit in frame.values for e in hit.entries) or self._whose_rows(frame))

    def _population_words(self) -> set[str]:
        return population_words(self.model)

    def named_like_base(self, frame: Frame, base: SemanticQuery) -> tuple[str, tuple[int, int]] | None:
        """"monthly deposit balance trend" then "and loans?": the one figure whose name is the last one's with its first
        word swapped for the word said (deposit balance → loan balance, 存款余额 → 贷款余额), and where the word is."""
        names = [m for m in base.metrics if isinstance(m, str)]
        if len(names) != 1:
            return None
        if len(frame.values) == 1 and len(frame.mentions) == 1 and not frame.values[0].negated:
            span = (frame.values[0].mention.start, frame.values[0].mention.end)
        elif not frame.mentions and (bare := BARE_WORD.fullmatch(frame.text)) is not None:
            span = bare.span(1)  # "那贷款呢": a word of no name of its own
        else:
            return self._twin_said(frame, self.metric(names[0])) if not frame.metrics and not frame.values else None
        said = frame.text[span[0]:span[1]].strip().lower()
        words = {said, re.sub(r"s$", "", said)}
        old = self.metric(names[0])
        found = set()
        for m in self.model.metric_list:
            if m.hidden or m.name == old.name:
                continue
            for was, now in ((old.label.zh, m.label.zh), (old.label.en.lower(), m.label.en.lower())):
                # the same ending, at least two letters of it (余额, " balance"), after the word said and another one
                if any(now[:-k].strip() in words and was.endswith(now[-k:]) and was[:-k].strip() for k in range(2, len(now))):
                    found.add(m.name)
        if not found:  # "按大区看存款时点余额" then "换成日均看呢": the word that tells the figure from its twin
            found = {t for t in old.ambiguous_with if t in self.model.metrics and not self.model.metrics[t].hidden
                     and _says(self.model.metrics[t], said) and not _says(old, said)}
        return (found.pop(), span) if len(found) == 1 else None

    def _twin_said(self, frame: Frame, old: Metric) -> tuple[str, tuple[int, int]] | None:
        """"same table but 日均 instead of month-end", "用日均而不是月末": the twin of the last figure (an option of
        the same ambiguous word) whose own word is said — what it is "instead of" set aside."""
        from assistant.parse.vocabulary.gapped import distinctive_words

        options = (old.name, *old.ambiguous_with)
        instead = [m.span() for m in _INSTEAD_OF.finditer(frame.text)]
        said = "".join(" " if any(a <= i < b for a, b in instead) else ch for i, ch in enumerate(frame.text.lower()))
        named = self.named_option(said, options) if len(options) > 1 else None
        if named is None or named == old.name:
            return None
        spans = instead + [(at, at + len(w)) for w in distinctive_words(self.model, named, options) if (at := said.find(w)) >= 0]
        return named, (min(a for a, _ in spans), max(b for _, b in spans))  # ("日均 instead of month-end": one stretch)

    def _sibling(self, frame: Frame, metrics: list) -> list | None:
        """The metric over the same rows that a follow-up asks for instead."""
        from assistant.parse.building.aggregate import amount_rows
        from assistant.parse.building.rows import AMOUNT, COUNT, PER_CUSTOMER

        names = [m for m in metrics if isinstance(m, str)]
        if len(names) != 1:
            return None
        metric = self.model.metric(names[0])
        text = frame.text
        if PER_CUSTOMER.search(text):
            per = self._per_customer(metric)
            return [per] if per is not None else None
        if AMOUNT.search(text) and metric.measure and metric.measure.agg == "count" and metric.kind == "simple":
            # the amount summing the same rows, else the total of their money field ("那按金额排呢" after 逾期笔数)
            amount = amount_beside(self.model, metric.name, text, counted=True)
            return [amount] if amount is not None else None
        if COUNT.search(text) and (rows := amount_rows(self.model, metric)) is not None and rows[1] is not None:
            return [rows[1]]
        return None

    def _per_customer(self, metric: Metric) -> MetricRef | None:
        """"户均", "per customer": the model's per-customer metric of this one, else the
        average of the customer tag of its name."""
        from assistant.parse.building.rows import PER_CUSTOMER

        own = [n.lower() for n in (metric.label.zh, metric.label.en, *metric.synonyms.all())]
        for m in self.model.metric_list:
            names = [n.lower() for n in (m.label.zh, m.label.en, *m.synonyms.all())]
            if m.name != metric.name and any(PER_CUSTOMER.search(n) for n in names) and any(o in n for o in own for n in names):
                return m.name
        tag = self.model.tags.get(metric.name)
        if tag is not None and tag.type == "number":
            return Aggregate(func="avg", field=tag.name)
        return None

    def _excluded(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"没有偏好的不算", "leave out the ones with no preferred channel": the field named
        there (else the breakdown) must be known."""
        read = {span for span, _ in frame.attached}
        spans = [s for s in frame.left_out if s not in read]  # not read already (a value left out)
        if not spans:
            return query
        # "余额为0的不参与计算", "理财余额为0的客户不算": those whose figure is zero are left out — the others kept
        zeroes = {next(e.target for e in entries) for entries, c in frame.field_filters
                  if c.op == "=" and c.value == 0 and entries and re.search(r"[0零]", c.text) and left_out_at(spans, c.span[0], frame.text)}
        said_zero = [f for f in query.filters if f.op == "=" and f.value == 0 and f.field in zeroes]
        if said_zero:
            frame.attached += [(span, "exclude") for span in spans]
            return query.with_changes(filters=tuple(f.model_copy(update={"op": "!="}) if f in said_zero else f for f in query.filters))
        # "波动算不出来的不要放进分母": the field named right before what it lacks
        inside = [m for m in frame.mentions if left_out_at(spans, m.start, frame.text)
                  or any(0 <= a - m.end <= 1 and not frame.text[m.end:a].strip() for a, _ in spans)]
        # "ignore events that don't have a product attached": what is missing is named after the negation
        # — each absence said there ("no preferred channel because they had no transactions")
        gaps = [g.start() for a, b in spans for g in _ABSENT_WORD.finditer(frame.text, a, b + EXCLUSION_TAIL)]
        missing = [m for m in inside if any(0 <= m.start - g <= 40 for g in gaps)]
        inside = missing or inside
        # "没登录过的剔除掉": a number said to be missing (none) is who is left out; one "whose … is measurable" is a field known
        # ("没有波动值的客户不算": a figure that may be unknown — no default — is missing where unknown, no count of zero)
        zeroed = {e.target for m in missing for e in m.entries if e.kind == "field" and self._is_number(e.target, e.table)}
        counts = {f for f in zeroed if not self._may_be_unknown(f)}
        named = [e.target for m in inside for e in m.entries if e.kind == "field" and e.target not in counts]
        groups = [g.field for g in query.group_by if g.field != "time"]
        aggregated = [m.field for m in query.metrics if not isinstance(m, str) and m.field != "customer"]
        # "average term … ignore accounts whose product has no term": the field aggregated, when named there;
        # "最爱用App交易的客户占比，没交易的别算进分母": the field of the share's part
        fallback = aggregated or groups or [f.field for f in (query.share.part if query.share else ())]
        rows = None if named else self._rows_left_out(frame, spans, gaps, inside)
        if rows is not None and self.metric(rows).measure.table not in {  # type: ignore[union-attr]  # not the rows counted
                t for m in query.metrics for t in metric_tables(self.model, self.metric(m))}:
            # "没有交易的客户不算": the breakdown's unknown group only when that is what it means
            # (渠道偏好 none = 近90天没有交易); else the customers with such rows at all
            table = self.metric(rows).measure.table  # type: ignore[union-attr]
            # "average of each customer's latest survey score, skip those who never answered one": the tag read
            # off those rows is unknown exactly for them
            fallback = [f for f in fallback if self._none_means(f, table) or self._read_off(f, table)]
            if not fallback:
                frame.attached += [(span, "exclude") for span in spans]
                held = CustomerRows(metric=rows, op=">", value=0, period="query" if query.time_range else "all")
                return query.with_changes(customer_rows=(*query.customer_rows, held))
        fields = [f for f in aggregated if f in counts | set(named)] \
            or [f for f in dict.fromkeys(named) if f in groups + aggregated or self.available(f, list(query.metrics))] \
            or fallback
        zero = [f for f in query.filters if f.field in counts and f.op == "=" and f.value == 0]
        if not fields and zero:
            # "excluding customers with no login (in the last 90 days)": the two negations cancel — the customers with some
            return self._with_some(frame, query, spans, zero)
        if named and not aggregated and fields == fallback and not set(named) & set(fallback) and not self._quoted_values(frame.text, fallback):
            return query  # "customers who have a satisfaction score, by value tier": that field, never the breakdown's — asked about
        # 理财活跃度是“无”的去掉, "by occupation, leave out 'other'": a value in quotes, not a missing one —
        # of whichever field it is a value of (the breakdown's, though the average is of another field)
        quoted = self._quoted_values(frame.text, list(dict.fromkeys(fields + named + groups)))
        fields = [f for f in dict.fromkeys(fields + named + groups) if f in quoted] or fields
        if not fields:
            return query
        if named or quoted or aggregated or fields != fallback or any(left_out_at(spans, h.mention.start, frame.text) for h in frame.values) \
                or not all(f in self.model.tags and self.model.tags[f].none_means is None for f in fields):
            frame.attached += [(span, "exclude") for span in spans]
            # "leaving out anyone who never |logged in|": the words after the cue name who is left out
            frame.attached += [((m.start, m.end), "exclude") for m in inside if any(e.target in counts for e in m.entries)]
        # else (a customer attribute with no unknown group of its own) only the words the language
        # knows are read: "各区域客户数，没有房产的不算" is asked about, never read as "region is known"
        # "没登录过的剔除掉" is about who is left out, not a condition "logins = 0"
        def absent(f: Filter) -> bool:
            return f.field in zeroed and f.op == "=" and f.value == 0

        kept = tuple(f for f in query.filters if not absent(f))
        if query.share is not None and all(absent(f) for f in query.share.part):
            # "活跃时段各占多少比例？剔除没登录过的": each group's share of the total, not of "logins = 0"
            query = query.with_changes(share=None, share_of_total=bool(query.group_by))
        elif query.share is not None and any(absent(f) for f in query.share.part):
            # "存款波动大的占比？没有波动值的不算在分母里": who is left out is no part of the share
            query = query.with_changes(share=query.share.model_copy(update={"part": tuple(f for f in query.share.part if not absent(f))}))
        have = {(f.field, f.op) for f in kept}
        left_out = {f.field for f in kept if f.op in ("not_in", "!=")}  # the value left out is read already
        extra = [Filter(field=f, op="not_in", value=(quoted[f],)) if f in quoted else Filter(field=f, op="not_null")
                 for f in fields if (f, "not_null") not in have and f not in left_out]
        never = [f.field for f in extra if f.op == "not_null" and self._never_empty(f.field, query)]
        if never:
            # "还没出审批结果的先不算": the approval outcome is never empty (a pending loan is "not approved"), so
            # "known" would leave nobody out — what is meant is something else: asked about, never answered
            frame.unread += [frame.text[a:b].strip() for a, b in spans]
        return query.with_changes(filters=kept + tuple(extra))

    def _with_some(self, frame: Frame, query: SemanticQuery, spans: list[tuple[int, int]], zero: list[Filter]) -> SemanticQuery:
        """The customers left after those with none are left out: the count tag above zero where the question's
        period is the tag's own window (or none is said), else those with rows of the value named in that period."""
        from assistant.parse.reading.frame import covers_tag_window

        kept = tuple(f for f in query.filters if f not in zero)
        day = query.as_of or (query.time_range.end if query.time_range is not None else None)
        window = query.time_range is None or day is not None and covers_tag_window(self.model, [Entry("field", f.field) for f in zero],
                                                                             query.time_range, day)
        if window:
            frame.attached += [(span, "exclude") for span in spans]
            return query.with_changes(filters=kept + tuple(f.model_copy(update={"op": ">"}) for f in zero))
        said = [e for m in frame.mentions if left_out_at(spans, m.start, frame.text) for e in m.of_kind("value")
                if e.table and self.model.tables[e.table].customer_key]  # (login: an event type)
        count = count_metric(self.model, said[0].table or "", []) if said and len({(e.table, e.target) for e in said}) == 1 else None
        if count is None:
            frame.unread += [frame.text[a:b].strip() for a, b in spans]  # asked about, never answered as something else
            return query
        frame.attached += [(span, "exclude") for span in spans]
        codes = tuple(dict.fromkeys(str(e.code) for e in said))
        condition = Filter(field=said[0].target, op="in", value=codes)
        held = CustomerRows(metric=count, op=">", value=0, filters=(condition,), period="query")
        return query.with_changes(filters=kept, customer_rows=(*query.customer_rows, held))

    def _never_empty(self, field: str, query: SemanticQuery) -> bool:
        """Is ``field`` of the rows counted never empty — every column it reads one of those rows' own,
        declared not null (``checks.not_null``), and no CASE that may fall through?"""
        for table in {t for m in query.metrics for t in metric_tables(self.model, self.metric(m))}:
            dim = self.model.dimensions.get(table or "", {}).get(field)
            if dim is None or not dim.expr:
                continue
            try:
                columns = columns_of(dim.expr)
            except sqlglot.errors.ParseError:
                return False
            if not columns or parsed(dim.expr).find(exp.Case) is not None:
                return False
            # (a column of another table is read through a join, empty where the row has no such partner)
            return all(c.table == table and c.name in self.model.tables[table].checks.not_null for c in columns)
        return False

    def _rows_left_out(self, frame: Frame, spans: list[tuple[int, int]], gaps: list[int], inside: list) -> str | None:
        """The count of the rows whose absence leaves customers out ("没有交易的客户不算",
        "skip people with no transactions"): a count named there, or the one table its words name."""
        named = [e.target for m in inside for e in m.entries if e.kind == "metric" and counted_rows(self.model, e.target)]
        if named:
            return named[0] if selects_customers(self.model, self.metric(named[0])) else None
        from assistant.parse.building.rows import spoken_of

        said = " ".join(frame.text[g:b + EXCLUSION_TAIL] for g in gaps for a, b in spans if a <= g <= b)
        population = self.model.customer.table if self.model.customer else None
        tables = [t for t, table in self.model.tables.items() if table.customer_key and t != population and said and spoken_of(self.model, t, said)]
        return count_metric(self.model, tables[0], []) if len(tables) == 1 else None

    def _read_off(self, field: str, table: str) -> bool:
        """Is ``field`` a customer tag read off the latest row of ``table`` (最近一次问卷满意度: survey responses)?"""
        return self.model.latest_of(field) == table

    def _may_be_unknown(self, field: str) -> bool:
        """Is the tag a figure its source may leave unknown (no default: 存款波动率 needs three months),
        not a count that is zero where there is nothing (登录天数)?"""
        tag = self.model.tags.get(field)
        source = self.model.source_outputs.get(tag.expr or "") if tag is not None else None
        return source is not None and tag is not None and tag.expr not in source.defaults

    def _none_means(self, field: str, table: str) -> bool:
        """Does the field's unknown value mean no rows of ``table`` (渠道偏好: 近90天没有交易)?"""
        tag = self.model.tags.get(field)
        if tag is None or tag.none_means is None:
            return False
        said = f"{tag.none_means.zh} {tag.none_means.en}".lower()
        return any(_says_word(w.lower(), said) for w in table_nouns(self.model, table) if len(w) >= 2)

    def _quoted_values(self, text: str, fields: list[str]) -> dict[str, str]:
        """Codes of ``fields`` named in quotes ("“无”", "'none'"), or left out unquoted ("none那部分剔掉")."""
        out: dict[str, str] = {}
        unquoted = [m.group(1) or m.group(2) for m in cues.UNQUOTED_VALUE_LEFT_OUT.finditer(text)]  # "none那部分剔掉"
        for said in [*re.findall(r"[“\"'‘「『]([^”\"'’」』]{1,16})[”\"'’」』]", text), *unquoted]:
            word = said.strip().lower()
            for f in fields:
                names = {code: {code.lower(), v.zh.lower(), v.en.lower(), *(x.lower() for x in v.synonyms)}
                         for code, v in self.model.field_values(f).items()}
                exact = [c for c, n in names.items() if word in n]
                prefix = [c for c, n in names.items() if any(x.startswith(word) for x in n)]
                hits = exact or prefix
                if len(hits) == 1:
                    out.setdefault(f, hits[0])
        return out

    def _ranked_by_a_field(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"年收入最高的客户的存款余额": the superlative belongs to a numeric field, not to the
        metric the groups are ranked by — that is one customer, not a ranking of groups."""
        rank = frame.rank
        if rank is None or not query.order_by:
            return []
        # ("哪个职业的客户平均年收入最高": the groups ranked by the field's average — the superlative is the average's)
        ranked = {m.field for m in query.metrics if isinstance(m, Aggregate) and m.field and metric_name(m) in {o.field for o in query.order_by}}
        for m in frame.mentions:
            gap = frame.text[m.end:rank.span[0]] if m.end <= rank.span[0] else frame.text[rank.span[1]:m.start]
            numeric = [e for e in m.entries if e.kind == "field" and self._is_number(e.target) and e.target not in ranked]
            if numeric and len(gap.strip()) <= 1 and not any(e.kind == "metric" for e in m.entries):
                return [frame.text[min(m.start, rank.span[0]):max(m.end, rank.span[1])]]
        return []

    def _listed_all(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"break down … by how people applied (counter, app, wechat, partners…)": every value of a field,
        listed where a breakdown is asked for, is that field's breakdown — never a condition that keeps all."""
        if not _BREAKDOWN_WORD.search(frame.text) or query.compare or query.share or any(g.field != "time" for g in query.group_by):
            return query  # "events (app, mini program, web banking) split by product category": a gloss of the rows (每季度…: by time too)
        tables = set(self.tables(list(query.metrics)))
        for f in query.filters:
            own = [d for t in tables if (d := self.model.dimensions.get(t, {}).get(f.field)) is not None and d.values]
            values = own[0].values if len(own) == 1 else self.model.field_values(f.field)  # the metric's rows' own channels
            if _lists_every_value(f, values):
                return query.with_changes(filters=tuple(x for x in query.filters if x != f), group_by=(*query.group_by, GroupBy(field=f.field)))
        return query

    def _conversion_asked(self, frame: Frame) -> list | None:
        """"What share of our deposit-only customers took out a loan last month?": a share whose
        base is the group a conversion metric starts from (the tag's own case is the metric's base,
        as of the month-end before) and whose part is that metric's conversion (its rows' words:
        a loan) is that metric — never the deposit-only customers who hold a loan (none do)."""
        if not frame.share or frame.time is None or frame.time.start == frame.time.end:
            return None  # ("… deposit-only at 2025-12-31": a state on a day, no conversion over a period)
        from assistant.parse.building.rows import spoken_of

        for metric in self.model.metric_list:
            before = metric.base.snapshot_before if metric.kind == "conversion" and metric.base else None
            if before is None or metric.converted is None:
                continue
            base = [h for h in frame.values if not h.negated and any(self._case_of(e) == _normal(before.where) for e in h.entries)]
            if not base:
                continue
            # (a bracket glossing the base — "(deposits but no loan balance)" — says no conversion)
            after = re.sub(r"[(（][^()（）]*[)）]", " ", frame.text[max(h.mention.end for h in base):])
            if any(spoken_of(self.model, e.table, after) for e in metric.converted.events):
                frame.share = False
                frame.attached += _share_words(frame.text)
                return [metric.name]
        return None

    def _doers_each_period(self, query: SemanticQuery) -> SemanticQuery:
        """"how many customers made at least one transaction in each month of 2025": per period, the customers of
        those rows in it — the customer count is one day's, never split by time."""
        if query.metrics != (self.default_metric(),):
            return query
        if not any(g.field == "time" for g in query.group_by):
            return self._tag_doers_each_period(query, other_window=True) if not query.customer_rows else query
        if not query.customer_rows:
            return self._tag_doers_each_period(query)
        if len(query.customer_rows) != 1:
            return query
        rows = query.customer_rows[0]
        if rows.period != "query" or (rows.op, rows.value) not in ((">=", 1), (">", 0)) or self.metric(rows.metric).measure is None:
            return query
        return query.with_changes(metrics=(Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=rows.metric),),
                                  customer_rows=(), filters=(*query.filters, *rows.filters))

    def _tag_doers_each_period(self, query: SemanticQuery, other_window: bool = False) -> SemanticQuery:
        """"how many customers logged in each day over the last 30 days": a tag counting rows over its own
        window (近30天登录天数 ≥ 1) said per period is the customers of those rows in each period; with
        ``other_window``, said of a period of another length ("近30天登录过的客户" then "那近7天呢") it is the
        customers of those rows in that period."""
        from assistant.parse.building.own_rows import rows_of_tag

        said = [(f, rows) for f in query.filters if (f.op, f.value) in ((">=", 1), (">", 0)) and (rows := rows_of_tag(self.model, f.field))]
        if len(said) != 1:
            return query
        if other_window:
            period = query.time_range
            if period is None or period.start is None or period.end is None \
                    or (period.end - period.start).days + 1 == self.model.tag_window_days(said[0][0].field):
                return query
        f, (count, conditions) = said[0]
        return query.with_changes(metrics=(Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=count),),
                                  filters=(*(x for x in query.filters if x is not f), *conditions))

    def _rates_own_terms_said(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"overdue_rate … numerator = those with overdue_days > 0": a condition of a rate's numerator said again is
        its definition, never a condition on the rows (which would make every rate 1)."""
        terms = set()
        for name in (m for m in query.metrics if isinstance(m, str)):
            metric = self.metric(name)
            if metric.kind != "ratio" or not metric.numerator or not metric.denominator:
                continue
            top, bottom = self.metric(metric.numerator).measure, self.metric(metric.denominator).measure
            if top is not None and top.where:
                terms |= _conjuncts(top.where) - (_conjuncts(bottom.where) if bottom is not None and bottom.where else set())
        said = [f for f in query.filters if not isinstance(f.value, tuple) and f.op in ("=", ">", ">=", "<", "<=", "!=")
                and self._as_condition(f) in terms]
        if not said:
            return query
        fields = {f.field for f in said}
        spans = [c.span for entries, c in frame.field_filters if any(e.target in fields for e in entries)]
        frame.attached += [(span, "any") for span in spans]  # the condition's words, and its field's name right before it
        frame.attached += [((m.start, m.end), "any") for m in frame.mentions if any(e.target in fields for e in m.of_kind("field"))
                           and any(0 <= a - m.end <= 6 for a, _ in spans)]
        return query.with_changes(filters=tuple(f for f in query.filters if f not in said))

    def _as_condition(self, f: Filter) -> str | None:
        """A comparison filter as the SQL of its column (overdue_days > 0 → overdue_days > 0), unqualified."""
        dim = next((d for dims in self.model.dimensions.values() for d in dims.values() if d.name == f.field), None)
        if dim is None:
            return None
        value = int(f.value) if isinstance(f.value, float) and f.value.is_integer() else f.value
        try:
            return _normal(f"{dim.expr.split('.')[-1]} {f.op} {value!r}")
        except sqlglot.errors.ParseError:
            return None

    def _restates(self, f: Filter, part: Filter) -> bool:
        """Is ``f`` the definition of the tag value ``part`` names, said again (aum >= 500000 beside 高价值)? Only
        the first case of a tag is its whole definition (the later ones hold only when the earlier do not)."""
        tag = self.model.tags.get(part.field)
        values = part.value if isinstance(part.value, tuple) else (part.value,)
        if tag is None or not tag.cases or part.op not in ("=", "in") or values != (tag.cases[0].value,) or isinstance(f.value, tuple):
            return False
        value = int(f.value) if isinstance(f.value, float) and f.value.is_integer() else f.value
        try:
            return _normal(f"{f.field} {f.op} {value!r}") == _normal(tag.cases[0].when)
        except sqlglot.errors.ParseError:
            return False

    def _case_of(self, entry: Entry) -> str | None:
        """The condition of a tag's value, when the tag is defined by cases (只存不贷: deposit_balance > 0 AND loan_balance = 0)."""
        tag = self.model.tags.get(entry.target)
        case = next((c for c in tag.cases if c.value == entry.code), None) if tag is not None and entry.code else None
        return _normal(case.when) if case is not None else None

    def _units_of_aggregates(self, frame: Frame, query: SemanticQuery) -> None:
        """"平均多少天", "平均几个月": the unit asked after 多少/几 is the aggregated field's own (审批天数)."""
        labels = [self._field_label(a.field) for a in query.metrics if isinstance(a, Aggregate)]
        labels += [self._field_label(a.field, "en") for a in query.metrics if isinstance(a, Aggregate)]
        frame.attached += [(u.span(), "aggregate") for u in _UNIT_ASKED.finditer(frame.text)
                           if any((u.group(1) or u.group(2)).lower() in x.lower() for x in labels)]

    def _field_label(self, field: str, lang: str = "zh") -> str:
        tag = self.model.tags.get(field)
        label = tag.label if tag is not None else next((d[field].label for d in self.model.dimensions.values() if field in d), None)
        return "" if label is None else label.zh if lang == "zh" else label.en

    def _on_the_basis(self, frame: Frame, metrics: list) -> list:
        """"存款余额按日均口径", "deposits on a month-end basis": a figure said on a basis (口径) is its
        sibling of the same rows whose name says that basis and shares the figure's own words."""
        basis = _BASIS.search(frame.text)
        if basis is None or len(metrics) != 1 or not isinstance(metrics[0], str):
            return metrics
        word = next(g for g in basis.groups() if g).strip().lower()
        metric = self.metric(metrics[0])
        if metric.measure is None or any(word in n.lower() for n in (metric.label.zh, metric.label.en, *metric.synonyms.all())):
            return metrics

        def shares(names: list[str], own: str) -> bool:  # "存款" of 存款余额 in 存款日均; "deposit" in "average daily deposits"
            own = own.lower().replace(word, " ")
            pieces = {own[i:i + 2] for i in range(len(own) - 1) if cues.is_chinese(own[i:i + 2])} | {w for w in own.split() if len(w) > 3}
            return any(p in n.lower() for n in names for p in pieces)

        def fits(m: Metric) -> bool:
            names = [m.label.zh, m.label.en, *m.synonyms.all()]
            return any(word in n.lower() for n in names) and shares(names, metric.label.zh) and shares(names, metric.label.en)

        siblings = [m.name for m in self.model.metric_list if not m.hidden and m.name != metric.name and m.measure is not None
                    and m.measure.table == metric.measure.table and fits(m)]
        if len(siblings) != 1:
            return metrics
        frame.attached.append((basis.span(), "any"))
        frame.text = mask(frame.text, [basis.span()])  # read: no average or period is asked by its words
        return siblings

    def _spent_by_the_rows_named(self, frame: Frame, metrics: list) -> list:
        """"消费交易一共花了多少钱": a bare word of spending (花了多少钱, spent) names a figure of money by whose rows
        it is said of — the amount of the transactions named, not the campaigns' cost, when no word of those is said."""
        from assistant.parse.building.rows import _amounts_of
        from assistant.parse.reading.frame import table_nouns

        out = list(metrics)
        for i, name in enumerate(metrics):
            said = frame.metric_mentions.get(name, "")
            measure = self.metric(name).measure if isinstance(name, str) else None
            if measure is None or not _BARE_SPEND.fullmatch(said.strip()):
                continue
            # (the words of its rows and of the rows they belong to: campaign touches → campaigns)
            near = {measure.table} | {j.to for j in self.model.join_list if j.table == measure.table and not self.model.tables[j.to].customer_key}
            own = [w.lower() for t in near if t in self.model.tables for w in table_nouns(self.model, t) if len(w) >= 2]
            if any(w in frame.text.lower() for w in own if w not in said.lower()):
                continue  # "活动花了多少钱": the campaigns' cost
            tables = {e.table for h in frame.values for e in h.entries if e.table and e.table != measure.table}
            amounts = [a for t in tables for m in self.model.metric_list if m.measure is not None and m.measure.table == t
                       and m.measure.agg == "count" and not m.hidden for a in _amounts_of(self.model, m.name)]
            if len(set(amounts)) == 1:
                out[i] = amounts[0]
                frame.attached += [((m.start, m.end), "any") for m in frame.mentions
                                   if any(e.kind == "metric" and e.target == name for e in m.entries)]
        return out

    def _acquired_in_period(self, frame: Frame, metrics: list) -> list:
        """"上个月通过微信获客多少人", "how many customers did we acquire last month": customers acquired
        in a period are the new customers of that period, never every customer on its last day."""
        default = self.default_metric()
        said = mask(frame.text, [(m.start, m.end) for m in frame.mentions  # 获客渠道 names the field, no acquiring
                                 if m.of_kind("field") and m.text.strip().lower().endswith(_GENERIC_TAILS)])
        acquired = _ACQUIRED.search(said)
        if metrics not in ([default], []) or frame.time is None or acquired is None:  # (none named: customers)
            return metrics
        period = frame.time.span
        gap = _period_gap(frame.text, period, acquired.span())
        if not metrics and (gap is None or "、" in frame.text[gap[0]:gap[1]]):
            return metrics  # ("app拉新进来的、近30天活跃度是高的女性客户": the period is the activity's, said apart from 拉新)
        low, high = sorted((acquired.start(), frame.time.span[0]))
        own = self.model.metric(default).measure
        if any(low < m.start and m.end <= high and (any(e.target != default for e in m.of_kind("metric"))
                                                     or m.of_kind("value") and all(e.table not in (None, own and own.table) for e in m.of_kind("value")))
               for m in frame.mentions):
            # "customers acquired through the app with no transactions in the last 90 days", "… logged in at least once
            # in the last 30 days": those rows' period
            return metrics
        new = [m.name for m in self.model.metric_list if m.without_period is not None and m.without_period.metric == default]
        return new if len(new) == 1 else metrics

    def _field_said(self, field: str, frame: Frame) -> bool:
        """Is the field named anywhere in the question, even inside another name ("customers acquired
        through the app": acquired)?"""
        if field in frame.mentioned_fields:
            return True
        tag = self.model.tags.get(field)
        if tag is None:
            return False
        text = frame.text.lower()
        names = [tag.label.zh, tag.label.en, *tag.synonyms.zh, *tag.synonyms.en]
        # a label's head before its generic noun says it too: 获客渠道 → "通过app获客的"
        names += [n[:-len(tail)] for n in (tag.label.zh, tag.label.en) for tail in _GENERIC_TAILS
                  if n.endswith(tail) and len(n) - len(tail) >= 2]
        latin = lambda n: rf"(?<![a-z]){re.escape(n)}(?![a-z])" if n.isascii() else re.escape(n)  # noqa: E731
        if any(re.search(latin(n.lower().strip()), text) for n in names if n.strip()):
            return True
        # ("customers onboarded in 2025 not via app or wechat": the verb, then a few words, then its "via")
        apart = [n.lower().strip().rsplit(" ", 1) for n in names if n.isascii() and re.search(r"\s(?:via|through)$", n.strip(), re.I)]
        return any(re.search(rf"(?<![a-z]){re.escape(head)}\s+(?:[^\s,.?!;]+\s+){{1,4}}?{tail}(?![a-z])", text) for head, tail in apart)

    def _is_number(self, field: str, table: str | None = None) -> bool:
        tag = self.model.tags.get(field)
        dim = self.model.dimensions.get(table or "", {}).get(field)
        return (tag is not None and tag.type == "number") or (dim is not None and dim.type == "number")

    def _shared(self, frame: Frame, query: SemanticQuery, followup: bool, inherited: tuple[Filter, ...] = ()) -> SemanticQuery:
        """A share question: a share of a base (part / base), or each group's share of the total; in a
        follow-up ("and what % of those are payroll customers?") the conditions kept from the last
        question are who "those" are — the base."""
        from assistant.parse.building.share import is_split, split_share

        if not query.share_of_total or followup and not frame.share:
            return query
        if not all(self._adds_up(m) for m in query.metrics):
            return query.with_changes(share_of_total=False)
        breakdown = any(g.field != "time" for g in query.group_by)
        base, part, within = split_share(frame, tuple(dict.fromkeys(query.filters)), query.group_by,  # a gloss restates a condition
                                         self._places())
        restated = [f for f in base if any(self._restates(f, p) for p in part)]  # "high-value customers — the ones whose AUM is 500k or more"
        if restated:
            base = [f for f in base if f not in restated]
            frame.attached += [(c.span, "any") for entries, c in frame.field_filters
                               if any(_comparison_filter(e.target, c) in restated for e in entries)]
        if inherited and any(f not in inherited for f in part):
            base, part = [*base, *(f for f in part if f in inherited)], [f for f in part if f not in inherited]
        grouped = {g.field for g in query.group_by}
        if len(query.metrics) == 1 and isinstance(ref := query.metrics[0], str) and ref != self.default_metric() \
                and _SHARE_OF_CUSTOMERS.search(frame.text) and selects_customers(self.model, counted := self.metric(ref)) \
                and counted.measure is not None and counted.measure.agg == "count":
            # "what share of payroll customers logged in on the app", "what share of each logged in": customers, not their rows
            query = query.with_changes(metrics=(Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=ref),))
        changed = [c for c in _COMPARED.finditer(frame.text)  # ("Payroll vs non-payroll customers: …": groups side by side, no change)
                   if not (breakdown and query.compare is None and re.fullmatch(r"vs\.?|versus|compared", c.group(), re.I))]
        doing = self._customers_doing(query) if not changed else None
        named = _BASE_NAMED.search(frame.text)
        if named is not None and breakdown and any(named.start() <= m.end <= named.end() and any(e.target in grouped for e in m.entries)
                                                   for m in frame.mentions):
            named = None  # "代发客户和非代发客户中，…登录过的客户占比": the groups' own customers are the base
        if doing is not None and (any(f in doing[1][0].filters for f in base) or not base and named is not None):
            doing = None  # "登录过的客户里，用App的占比": the customers with those rows are the base, not everyone
        if doing is not None and all(f in doing[1][0].filters for f in part) and not (breakdown and is_split(frame)):
            # (a base of the customers' own tags — "代发客户中上个月登录过App的客户占比" — is all those customers, the part
            # those of them with the rows)
            # "what % of customers made a transaction last month", "近30天登录过APP的客户占比": the customers whose own
            # rows there are (of that event, on that platform), as a share of all customers
            counted, rows = doing
            return counted.with_changes(share={"rows": rows, "within": within}, share_of_total=False)
        if part and all(f.field in self.model.metrics for f in part) and frame.customer_words \
                and all(counted_rows(self.model, f.field) and f.op in (">", ">=") for f in part):
            # "what % of our customers did we reach with at least one campaign": those with such rows, of all customers
            rows = tuple(CustomerRows(metric=f.field, op=f.op, value=f.value) for f in part)  # type: ignore[arg-type]
            return query.with_changes(metrics=(self.default_metric(),), filters=tuple(base), share={"rows": rows, "within": within},
                                      share_of_total=False)
        if part and breakdown and all(f.field in grouped for f in part):
            return query  # "app、小程序、网银各占多少比例": each group listed, its share of them all
        if part and breakdown and not base and self._rows_named_by(frame, part):
            # "login events last 30d, pct by platform", "各平台登录次数占比": the rows counted are those events — each
            # group's share of them, not the events' share of each group's rows
            return query.with_changes(filters=tuple(part), share_of_total=True)
        if part and not (breakdown and is_split(frame) and not base):
            return query.with_changes(filters=tuple(base), share={"part": part, "within": within}, share_of_total=False)
        return query if breakdown else query.with_changes(share_of_total=False)

    def _rows_named_by(self, frame: Frame, part: list[Filter]) -> bool:
        """Is every condition of a share's part a value said right before the noun of the rows counted ("login events",
        "登录次数") — with nothing saying the share is within each group ("各平台中", "within each platform")?"""
        if _WITHIN_EACH.search(frame.text):
            return False
        for f in part:
            hit = next((h for h in frame.values if not h.negated and any(e.target == f.field for e in h.entries)), None)
            after = next((m for m in frame.mentions if hit is not None and m.start >= hit.mention.end
                          and re.fullmatch(r"\s*(?:的)?\s*", frame.text[hit.mention.end:m.start])), None)
            if hit is not None and _ROWS_NOUN_END.search(hit.mention.text):
                continue  # ("login events", "登录次数": the value's own name says the rows)
            if after is None or not (any(e.kind == "field" and e.target == f.field for e in after.entries)
                                     or any(e.kind == "metric" and f.field in self.model.dimensions.get(
                                         (self.metric(e.target).measure.table if self.metric(e.target).measure else ""), {})  # type: ignore[union-attr]
                                         for e in after.entries)):
                return False
        return True

    def _customers_doing(self, query: SemanticQuery) -> tuple[SemanticQuery, tuple[CustomerRows, ...]] | None:
        """A count of the customers who have rows of a figure ("customers who made a transaction", "客户中
        交易金额超过1万的") as all customers, and those rows as what the part of them has."""
        if query.metrics == (self.default_metric(),) and query.customer_rows:
            return query.with_changes(customer_rows=()), query.customer_rows
        if len(query.metrics) != 1 or not isinstance(ref := query.metrics[0], Aggregate) or ref.func != "count_distinct" \
                or ref.field != ENTITY_CUSTOMER or not isinstance(ref.of, str):
            return None
        measure = self.metric(ref.of).measure
        if measure is None or self.metric(ref.of).kind != "simple":
            return None
        own = self.model.dimensions.get(measure.table, {})
        rows = tuple(f for f in query.filters if f.field in own)  # (the rows' own fields: an event type, a product)
        return (query.with_changes(metrics=(self.default_metric(),), filters=tuple(f for f in query.filters if f not in rows)),
                (CustomerRows(metric=ref.of, filters=rows),))

    def _adds_up(self, ref: MetricRef) -> bool:
        metric = self.metric(ref)
        if metric.kind == "customers":
            return metric.measure is None or metric.measure.agg == "count_distinct"
        return metric.kind in ("simple", "snapshot") and metric.measure is not None and metric.measure.agg in ("count", "count_distinct", "sum")

    def _compared(self, frame: Frame, query: SemanticQuery, as_of: date, earlier: TimeRange | None = None) -> SemanticQuery:
        """"比上个月多了多少", "year over year": the same query against a baseline period; ``earlier`` is the
        period of the question a follow-up compares ("YTD …" then "and the same period last year?")."""
        from assistant.parse.building.compare import CHANGE, find_comparison

        found = find_comparison(frame, frame.as_of or as_of)
        if found is None:
            return query
        grain = frame.grain_span
        if grain and any(s <= grain[0] and grain[1] <= e for s, e in found.spans):  # the "year" of "year over year"
            query = query.with_changes(group_by=tuple(g for g in query.group_by if g.field != "time"))
        timed = next((g for g in query.group_by if g.field == "time"), None)
        current, pinned = found.current, found.compare.baseline
        if timed is not None and current is not None and pinned is not None and _one_unit(pinned.start, pinned.end, timed.grain) \
                and _one_unit(current.start, current.end, timed.grain) and pinned.end is not None \
                and pinned.end + timedelta(days=1) == current.start:
            # "2025 vs 2024 … the count for each year": one row for each of the two years, side by side
            frame.attached += [(span, "any") for span in found.spans] + [(current.span, "any")]
            return query.with_changes(time_range=TimeRange(start=pinned.start, end=current.end))
        if timed is not None and found.compare.to == "year_ago" and current is not None and timed.grain in ("month", "quarter", "year") \
                and (pinned is None or (pinned.start, pinned.end) == (_years_before(current.start), _years_before(current.end))):
            # "按月看放款笔数，今年和去年同月放一起对比": each month against the same month a year earlier
            frame.attached += [(span, "compare") for span in found.spans]
            return query.with_changes(compare=Compare(to="year_ago"),
                                      time_range=TimeRange(start=current.start, end=current.end, relative=_relative(current, frame.today)))
        # (the change itself asked — "MoM change in …, for each month" — is no series of the figure: asked about)
        unit = next((u for u, said in _EACH_UNIT_OVER.items() if any(said.search(frame.text, a, b) for a, b in found.spans)), None) \
            if found.compare.to == "previous" and found.compare.baseline is None and not CHANGE.search(frame.text) else None
        if unit is not None and (timed is None or timed.grain == unit) and current is not None \
                and not _one_unit(current.start, current.end, unit) and _whole_months(current.start, current.end):
            # "loan apps mom 2025", "deposit avg daily, mom, last 6 mths": each month against the one before, over a
            # period of many — the period month by month
            frame.attached += [(span, "any") for span in found.spans]
            group = tuple(g for g in query.group_by if g.field != "time") + (GroupBy(field="time", grain=unit),)
            return query.with_changes(group_by=group, time_range=TimeRange(start=current.start, end=current.end, relative=_relative(current, frame.today)))
        if timed is not None:
            return query
        frame.attached += [(span, "compare") for span in found.spans]
        explicit = {e.target for entries in frame.group_fields[:len(frame.group_fields) - len(frame.loose_fields)] for e in entries} \
            if frame.each_groups else set()
        group = [g for g in query.group_by if g.field not in frame.each_groups or g.field in explicit]  # "compared with" is not 各
        current = found.current
        time_range = TimeRange(start=current.start, end=current.end, relative=_relative(current, frame.today)) if current else earlier
        if time_range is None and found.compare.to == "previous" and found.compare.baseline is None and _QUARTER_ON_QUARTER.search(frame.text):
            # "deposit balance QoQ", "存款余额 季度环比": this quarter against the last one, not the month
            start = (frame.as_of or as_of).replace(day=1)
            start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
            time_range = TimeRange(start=start, end=add_months(start, 3) - timedelta(days=1))
        # (a follow-up's "the same period last year" names the baseline of the period asked before, not a period of its own)
        baseline = found.compare.baseline
        if current is None and baseline is not None and baseline.start is not None and baseline.end is not None and _NOW.search(frame.text) \
                and _whole_months(baseline.start, baseline.end) and baseline.start.month == baseline.end.month \
                and baseline.start.year == baseline.end.year:
            # "跟去年12月末比，现在…": now is the as-of month, not the month after the one compared with
            today = frame.as_of or as_of
            month = today.replace(day=1)
            time_range = TimeRange(start=month, end=add_months(month, 1) - timedelta(days=1))
            frame.attached += [(m.span(), "period") for m in _NOW.finditer(frame.text)]
        side_by_side = _BOTH_PERIODS.search(frame.text)
        pinned = found.compare.baseline
        if pinned is None and found.compare.to == "previous" and current is not None and _whole_months(current.start, current.end):
            months = (current.end.year - current.start.year) * 12 + current.end.month - current.start.month + 1
            pinned = TimeRange(start=add_months(current.start, -months), end=current.start - timedelta(days=1))
        if side_by_side and current is not None and pinned is not None and not group and _whole_months(pinned.start, current.end) \
                and pinned.end is not None and pinned.end + timedelta(days=1) == current.start \
                and _whole_months(pinned.start, pinned.end) and _whole_months(current.start, current.end):
            # "disbursed amount last month compared with the month before, show both months": one row a month
            frame.attached += [(side_by_side.span(), "any"), (current.span, "any")] + [(span, "any") for span in found.spans]
            return query.with_changes(time_range=TimeRange(start=pinned.start, end=current.end), group_by=(GroupBy(field="time", grain="month"),),
                                      share_of_total=False, share=None)
        if query.share is not None and _percent_of_change(frame.text):
            # "本月app登录人数环比涨了百分之多少": the percentage is the change's, not a share of the logins
            query = query.with_changes(filters=(*query.filters, *query.share.part))
        order = _by_change(frame.text, query.order_by, query.metric_names)
        return query.with_changes(compare=found.compare, time_range=time_range, share_of_total=False, share=None, group_by=group, order_by=order)

    def _rows_of_an_average(self, frame: Frame, base: SemanticQuery) -> list[MetricRef] | None:
        """"今年放出去的消费贷，平均每笔金额多少" then "那平均期限呢": another field of the same rows aggregated in its
        place — the rows the last aggregate was over, not the table's default rows beside the last figure."""
        aggregates = [m for m in base.metrics if isinstance(m, Aggregate) and m.of and m.func != "count_distinct"]
        if not aggregates or len(aggregates) != len(base.metrics):
            return None
        tables = {measure.table for a in aggregates if (measure := self.metric(a.of).measure) is not None}  # type: ignore[arg-type]
        said = {e.target for m in frame.mentions for e in m.entries if e.kind == "field"}
        numeric = {name for t in tables for name, dim in self.model.dimensions.get(t, {}).items() if dim.type == "number"}
        if len(tables) != 1 or not (said & numeric) - {a.field for a in aggregates}:
            return None
        return list(dict.fromkeys(a.of for a in aggregates))

    def _aggregated(self, frame: Frame, metrics: list) -> list[MetricRef]:
        """Metrics with an ad-hoc aggregate in place of what it is computed from."""
        from assistant.parse.building.aggregate import (
            ROWS_UNIT_ASKED,
            amount_per_customer,
            another_field,
            asked_again,
            both_extremes,
            customers_doing,
            find_aggregate,
            listed_functions,
            per_customer,
            rows_and_their_customers,
            rows_of_values,
            whose_rows,
        )
        from assistant.parse.reading.frame import mask, word_spans

        names = [m for m in metrics if isinstance(m, str)]
        masked = mask(frame.text.lower(), word_spans(frame.mentions))
        rows_and_customers = rows_and_their_customers(frame, names, self.model, self.default_metric())
        if rows_and_customers is not None:  # "… responses, and from how many distinct customers?"
            return rows_and_customers
        found = per_customer(frame, names, self.model, masked) or find_aggregate(frame, names, self.model, masked) \
            or amount_per_customer(frame, names, self.model)
        if found is not None:
            found, rows_named = self._of_rows_named(frame, found)
            frame.attached += [(span, "aggregate") for span in found.spans]
            if (owner := self._owned_elsewhere(frame, found)) is not None:
                frame.unread.append(owner)  # "定期产品的平均利率": over the products or over the accounts? asked
            if found.per_row:  # "biggest single transaction": not single customers
                frame.values = [h for h in frame.values if (h.mention.start, h.mention.end) != found.per_row]
            if found.ref.of is None and found.ref.func in ("avg", "median"):  # "每个客户的日均余额平均下来": per customer is what is averaged
                from assistant.parse.building.rows import PER_CUSTOMER

                frame.attached += [(m.span(), "aggregate") for m in PER_CUSTOMER.finditer(frame.text)]
            if found.ref.func == "per_customer":  # "开过存款账户的客户平均每人…": those customers are the rows' own
                table = self.model.tables[self.metric(found.ref.of).measure.table]  # type: ignore[arg-type, union-attr]
                own = [w.lower() for w in (table.label.zh, table.label.en, *table.words.all()) if len(w) >= 2]
                frame.values = [h for h in frame.values if not (all(e.table is None for e in h.entries)
                                                                and any(w in h.mention.text.lower() for w in own))]
            if found.ref.of:  # "lowest rate on any loan applied for": "any loan" is the rows, not customers holding one
                rows = [m for m in frame.mentions if any(e.kind == "metric" and e.target == found.ref.of for e in m.entries)]
                frame.values = [h for h in frame.values if not (all(e.table is None for e in h.entries) and any(
                    m.start < h.mention.end and h.mention.start < m.end for m in rows))]
            if frame.rank is not None and any(s <= frame.rank.span[0] < e for s, e in found.spans):
                frame.drop_rank()  # "the most days past due on any loan": the superlative was the aggregate
            before = len(frame.customer_rows)
            if found.ref.of is None and found.ref.func in ("avg", "median", "sum", "max", "min"):
                held_values(frame, self.model, self._value_filter)  # "有房贷的客户平均年龄": the customers holding one
            if found.ref.func == "count_distinct" and found.ref.of and (measure := self.metric(found.ref.of).measure) is not None:
                # "customers who transacted … but didn't use the counter at all": none of those rows, not other rows
                absent_values(frame, self.model, self._value_filter, table=measure.table)
            dropped = {found.ref.of, found.ref.field} | rows_named | {r.metric for r in frame.customer_rows[before:]} | {
                n for n in names if n == self.default_metric() or self._computes(n, found.ref) and not self._listed_beside(frame, n, found)}
            masked = mask(frame.text.lower(), word_spans(frame.mentions))
            both = both_extremes(found, masked)
            if both is not None:  # "smallest and largest …": the pair's other word is used too
                pair = BOTH_EXTREMES.search(masked)
                frame.attached.append(((pair.start(), pair.end()), "aggregate"))  # type: ignore[union-attr]
            elif (listed := listed_functions(found, masked, frame.text.lower())) is not None:  # "mean, median and max of …"
                both = listed[0]
                frame.attached += [(span, "aggregate") for span in listed[1]]
            elif (again := asked_again(found, masked)) is not None:  # "… and the median too?", "最大的一笔呢？"
                both = again[0]
                frame.attached.append((again[1], "aggregate"))
                if frame.rank is not None and again[1][0] <= frame.rank.span[0] < again[1][1]:
                    frame.drop_rank()
            elif (second := another_field(frame, names, self.model, masked, found)) is not None:
                both = (found.ref, second.ref)  # "the average annual rate and the average term"
                frame.attached += [(span, "aggregate") for span in second.spans]
            elif found.ref.func in ("avg", "median") and (pair := BOTH_EXTREMES.search(masked)) is not None \
                    and not frame.asked_groups():
                # "预算平均多少？最高和最低分别是多少": the same field's extremes asked after its average
                both = (found.ref, found.ref.model_copy(update={"func": "max"}), found.ref.model_copy(update={"func": "min"}))
                frame.attached.append((pair.span(), "aggregate"))
                if frame.rank is not None and pair.start() <= frame.rank.span[0] < pair.end():
                    frame.drop_rank()
            if found.ref.of and found.ref.func in ("sum", "avg", "median", "max", "min") \
                    and (self._count_asked(frame, found.ref.of) or _BARE_HOW_MANY.search(frame.text) and any(
                        any(e.target == found.ref.of for e in m.of_kind("metric")) for m in frame.mentions)
                         or self._listed_beside(frame, found.ref.of, found)
                         and any(ROW_COUNT.search(m.text) for m in frame.mentions if any(e.target == found.ref.of for e in m.of_kind("metric")))):
                # "how many outstanding loans are there and what is their total amount": the count and the sum
                return [found.ref.of, *(both or (found.ref,)), *[m for m in metrics if m not in dropped]]
            if found.ref.of and found.ref.func in ("avg", "median", "max", "min") \
                    and (listed := self._rows_figures_listed(frame, found)):
                # "消费类交易的总金额、笔数和平均单笔金额": the rows' total and count, listed unnamed beside the average
                return [*listed, *(both or (found.ref,)), *[m for m in metrics if m not in dropped and m not in listed]]
            return [*(both or (found.ref,)), *[m for m in metrics if m not in dropped]]
        # "among customers with a mortgage, …": the customers holding one
        before = len(frame.customer_rows)
        # ("有房贷的客户平均AUM", "有房贷的客户AUM合计": a figure of the customers holding one, not of the product's rows)
        held = bool(names) and (names == [self.default_metric()] or not any(self.metric(n).kind == "simple" and self._counts_rows(n) for n in names)) \
            and held_values(frame, self.model, self._value_filter)
        metrics = [m for m in metrics if m not in {r.metric for r in frame.customer_rows[before:]} or m == self.default_metric()]
        names = [m for m in metrics if isinstance(m, str)]
        if names == [self.default_metric()] and whose_rows(frame, self.default_metric(), self._population_words()) and not frame.how_many \
                and (owned := rows_of_values(frame, names, self.model, self.default_metric())) is not None:
            # "last month's login events of Shanghai customers by platform": their events; "total app consumption spend by
            # shenzhen customers": the amount of their rows, when the words ask for it
            said = metric_for_rows(frame, self.model)
            same = said is not None and self.metric(said).measure is not None and self.metric(owned).measure is not None \
                and self.metric(said).measure.table == self.metric(owned).measure.table
            return [said if same else owned]
        if names in ([], [self.default_metric()]) and asks_for_customers(frame.text) and both_done(frame, self.model, self._value_filter):
            return [self.default_metric()]  # "既买了理财又赎回过理财的客户": customers with rows of each kind
        times = rows_of_values(frame, names, self.model, self.default_metric()) if ROWS_UNIT_ASKED.search(frame.text) else None
        if times is not None:
            return [times]  # "杭州西湖支行的客户一共有多少次登录", "how many times did customers use the loan calculator"
        if not asks_for_customers(frame.text):
            counts = [n for n in names if n != self.default_metric()]
            if len(counts) == 1 and len(metrics) == 1 and counted_rows(self.model, counts[0]) and people_counted(frame):
                # "How many women aged 25–34 … applied for a loan": the women who did, not their applications
                return [Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=counts[0])]
            return list(metrics)
        # "11月没有还款的客户": every customer with no such rows, not the customers of the other
        # rows (txn_type ≠ repayment); "browsed wealth products but made no wealth purchase":
        # the customers of the rows asked for, without the rows denied
        absent = bool(absent_values(frame, self.model, self._value_filter)) or held
        doing = customers_doing(frame, names, self.model, self.default_metric())
        if doing is not None and doing.of and (measure := self.metric(doing.of).measure) is not None:
            # "customers who transacted … but didn't use the counter at all": none of those rows, not other rows
            denied = absent_values(frame, self.model, self._value_filter, table=measure.table)
            said = [m for m in frame.mentions if any(e.kind == "metric" and e.target == doing.of for e in m.entries)]
            if denied and all(any(0 <= m.start - h.mention.end <= 2 for h in denied) for m in said):
                # "没在柜面办过交易的客户": the rows are named only inside what is denied — every customer without them
                return [self.default_metric()]
        if doing is None and absent and names == [self.default_metric()]:
            return [self.default_metric()]
        return [doing] if doing is not None else list(metrics)

    def _things_counted(self, frame: Frame) -> str | None:
        """"How many marketing campaigns did we start …": "how many" right before the name of a table's own
        things (the campaigns, whose name is a column of their own rows) counts those rows — beside the figure
        named after it, in a question that asks more."""
        for m in frame.mentions:
            own = [e.table for e in m.of_kind("field") if e.table and (dim := self.model.dimensions[e.table].get(e.target)) is not None
                   and dim.values_from_data and all(c.table == e.table for c in columns_of(dim.expr))]  # their names, no attribute
            if len(own) != 1 or len(m.of_kind("field")) != len(m.entries) or not _HOW_MANY_BEFORE.search(frame.text, max(0, m.start - 40), m.start) \
                    or not _ASKED_MORE.search(frame.text, m.end) and not re.search(r"[,，;；]|\band\b", frame.text[m.end:]):
                continue
            count = count_metric(self.model, own[0], [])
            if count is not None:
                frame.attached.append(((m.start, m.end), "any"))
                return count
        return None

    def _counts_rows(self, name: str) -> bool:
        """Is the metric a count of rows (loans, touches), not a figure of customers or amounts?"""
        measure = self.metric(name).measure
        return measure is not None and measure.agg in ("count", "count_distinct") and name != self.default_metric()

    def _rows_figures_listed(self, frame: Frame, found: Found) -> list[MetricRef]:
        """The count and total of an aggregate's rows, said without a figure's name in a list beside it
        ("总金额、笔数和平均单笔金额", "the total amount, the count and the average amount"): each joined to
        the next by a list word; nothing when either word stands alone or in a condition."""
        from assistant.parse.building.rows import _TOTAL_NAMED
        from assistant.parse.reading.frame import mask

        spans = [s for s in found.spans if s[0] is not None]
        text = mask(frame.text, [*spans, *((m.start, m.end) for m in frame.mentions if m.of_kind("metric") or m.of_kind("value"))])
        out: list[MetricRef] = []
        said = [(w.start(), w.end(), "count") for w in ROW_COUNT.finditer(text)] + [(w.start(), w.end(), "total") for w in _TOTAL_NAMED.finditer(text)]
        for a, b, kind in said:
            joined = _LISTED_FIGURE_AFTER.match(text, b) or _LISTED_FIGURE_BEFORE.search(text, max(0, a - 6), a)
            if not joined:
                return []
            figure = found.ref.of if kind == "count" else amount_beside(self.model, found.ref.of, text[a:b], counted=True)
            if figure is None:
                return []
            out.append(figure)
        return list(dict.fromkeys(out)) if len(out) >= 1 and spans else []

    def _share_its_rows_all_have(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"Of all the loan decisions we made in 2025, what share were approvals?": a share whose part every row of the
        figure has by its own definition (approvals are approved) is the rate the model defines over the whole they were
        counted among (the approval rate); with no such rate, the share is left for the words to be asked about."""
        from semantic_layer.compile.plan import fixed_values

        if query.share is None or query.share.rows or len(query.metrics) != 1 or not isinstance(name := query.metrics[0], str):
            return query
        metric = self.metric(name)

        def always(f: Filter) -> bool:
            if f.value is True and self._flag_in_condition(metric, f.field):
                return True
            fixed = fixed_values(self.model, metric, f.field)
            return fixed is not None and f.op == "in" and fixed <= {str(v) for v in codes_of(f)}

        if not query.share.part or not all(always(f) for f in query.share.part):
            return query
        rate = next((m.name for m in self.model.metric_list if m.kind == "ratio" and m.numerator == name and not m.hidden), None)
        if rate is None:
            return query
        fields = {f.field for f in query.share.part}
        frame.attached += [((m.start, m.end), "any") for m in frame.mentions if any(e.target in fields for e in m.of_kind("value"))]
        frame.attached += [(m.span(), "any") for m in cues.SHARE.finditer(frame.text)]  # (the share asked is the rate)
        return query.with_changes(metrics=(rate,), share=None)

    def _count_asked(self, frame: Frame, metric: str) -> bool:
        """Is the number of ``metric``'s rows asked too — "how many" right before their name, or "多少笔" right
        after it — in a question that asks something more after it ("…, and what is their total amount")?"""
        said = [m for m in frame.mentions if any(e.kind == "metric" and e.target == metric for e in m.entries)]
        return metric != self.default_metric() and any(
            (_HOW_MANY_BEFORE.search(frame.text, max(0, m.start - 24), m.start) or _HOW_MANY_AFTER.match(frame.text, m.end))
            and _ASKED_MORE.search(frame.text, m.end) for m in said)

    def _of_rows_named(self, frame: Frame, found: Found) -> tuple[Found, set[str]]:
        """"largest loan amount among outstanding consumer loans": a count of the aggregate's table
        named as a metric is the rows it is over (outstanding loans) — no figure of its own, nor are
        the other figures of that name (the loan balance); with the names so used."""
        base = self.model.metrics.get(found.ref.of or "")
        if base is None or base.measure is None:
            return found, set()
        for m in frame.mentions:
            counts = [e.target for e in m.of_kind("metric") if counted_rows(self.model, e.target)
                      and self.model.metric(e.target).measure.table == base.measure.table]  # type: ignore[union-attr]
            if len(counts) == 1 and counts[0] != base.name and not any(s <= m.start < e for s, e in found.spans if s is not None):
                said = {e.target for e in m.of_kind("metric")}
                frame.metrics = [x for x in frame.metrics if x not in said]
                return replace(found, ref=found.ref.model_copy(update={"of": counts[0]}), spans=(*found.spans, (m.start, m.end))), said
        return found, set()

    def _listed_beside(self, frame: Frame, name: str, found: Found) -> bool:
        """"流水总金额和平均单笔金额", "total spend and the average ticket": the figure named on its own, joined to
        the aggregate by "and", is asked for too — not only the rows the aggregate is over."""
        spans = [s for s in found.spans if s[0] is not None]
        for m in frame.mentions:
            # ("the median and the mean AUM per customer": the field the median is of may sit inside the figure's name)
            outside = [(a, b) for a, b in spans if not (m.start <= a and b <= m.end)]
            if not any(e.kind == "metric" and e.target == name for e in m.entries) \
                    or any(a < m.end and m.start < b for a, b in outside):
                continue
            # ("交易金额、交易笔数和平均单笔金额": other figures listed between them are part of the list)
            others = [(x.start, x.end) for x in frame.mentions if x is not m and x.of_kind("metric")]
            gaps = [_without(frame.text, m.end, a, others) for a, _ in outside if a >= m.end] \
                + [_without(frame.text, b, m.start, others) for _, b in outside if b <= m.start]
            if any(_LISTED_RUN.fullmatch(ROW_COUNT.sub("", g)) for g in gaps):  # ("交易的总金额、笔数和平均单笔金额": the count listed too)
                return True
            # "the total loan disbursement amount in 2025, how many …, and what does that work out to per loan on average":
            # the total asked in a clause of its own before the average
            if (re.search(r"\btotal\s+$|总$", frame.text[max(0, m.start - 8):m.start], re.I) or re.search(r"\btotal\b|总|合计", m.text, re.I)) and any(
                    a >= m.end and re.search(r"[,，;；?？。]", frame.text[m.end:a]) for a, _ in outside):
                return True
        return False

    def _computes(self, name: str, ref: MetricRef) -> bool:
        """Is metric ``name`` the one an aggregate was derived from (放款金额 → max of its loan amounts)?"""
        from assistant.parse.building.aggregate import amount_rows, averaged_tag

        metric = self.model.metric(name)
        if not isinstance(ref, str) and ref.of is None and averaged_tag(self.model, metric) == ref.field:
            return True  # 户均AUM's median: the median of the AUM it averages
        rows = amount_rows(self.model, metric)
        if rows is None or isinstance(ref, str) or ref.field != rows[0]:
            return False
        table = {n: self.model.metric(n).measure.table for n in (ref.of, rows[1]) if n and self.model.metric(n).measure}  # type: ignore[union-attr]
        return ref.of == rows[1] or (len(table) == 2 and len(set(table.values())) == 1)  # same rows' amount: 放款金额 vs 申请单笔

    def _other_period(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"本季度申请笔数和上季度的放款笔数": two periods named, one applied, no comparison — the other is
        asked about, never dropped."""
        if query.compare is not None or query.time_range is None or any(g.field == "time" for g in query.group_by):
            return []
        from assistant.parse.checking.coverage import Reading, used_spans

        ranges = {(t.start, t.end) for t in frame.times}
        if len(ranges) < 2 or (query.time_range.start, query.time_range.end) not in ranges:
            return []
        read = [span for span, _ in frame.attached] + used_spans(frame, Reading(query, False), self.model)
        return [frame.text[t.span[0]:t.span[1]].strip() for t in frame.times
                if (t.start, t.end) != (query.time_range.start, query.time_range.end)
                and not any(a <= t.span[0] and t.span[1] <= b for a, b in read)]

    def _value_or_all_rows(self, frame: Frame, query: SemanticQuery, named: list[tuple[str, str]]) -> Understanding:
        """Both readings of a value that is also its rows' own name, as two choices."""
        from assistant.describe import query_phrase

        fields = {f for _, f in named}
        every = query.with_changes(
            filters=tuple(f for f in query.filters if f.field not in fields),
            customer_rows=tuple(r.model_copy(update={"filters": tuple(f for f in r.filters if f.field not in fields)}) for r in query.customer_rows))
        words = "、".join(f"“{w}”" for w, _ in named), ", ".join(f"'{w}'" for w, _ in named)
        labels = [ref.label for f in sorted(fields) if (ref := self.model.field(f, next(
            (e.table for m in frame.mentions for e in m.of_kind("value") if e.target == f), None))) is not None]
        any_zh, any_en = "、".join(x.zh for x in labels), " / ".join(x.en for x in labels)
        options = (ClarifyOption(f"只看{words[0]}:{query_phrase(self.model, query, 'zh')}", f"{words[1]} only: {query_phrase(self.model, query, 'en')}", query),
                   ClarifyOption(f"不限{any_zh}:{query_phrase(self.model, every, 'zh')}", f"Any {any_en}: {query_phrase(self.model, every, 'en')}", every))
        return Understanding(
            "clarify", frame.lang, options=options, notes=("value_or_rows:" + "|".join(w for w, _ in named),),
            message_zh=f"{words[0]} 既是一个取值,也是这类数据本身的名称,请选择:",
            message_en=f"{words[1]} is a value and also the name of these rows themselves. Which one?")

    def _table_named_as_value(self, frame: Frame, query: SemanticQuery) -> list[tuple[str, str]]:
        """"最近30天没登录过app": app is a platform, and the name of the rows themselves (app events, on
        every platform) — read as the value only when its field is named; otherwise asked about."""
        conditions = [*query.filters, *(f for r in query.customer_rows for f in r.filters)]
        # "(app, mini program, web banking)": listed with the field's other values, it is one of them
        used = {f.field for f in conditions} - {f.field for f in conditions if isinstance(f.value, tuple) and len(f.value) > 1} \
            - {f.field for f in conditions if len({g.value for g in conditions if g.field == f.field}) > 1}  # ("App和小程序都登录过": each of two)
        out = []
        for m in frame.mentions:
            said = m.text.strip().lower()
            for e in m.of_kind("value"):
                label = self.model.tables[e.table].label if e.table in self.model.tables else None
                # ("app login users", "app登录人数": the login events right after name the rows, app is their platform)
                rows_named = any(x is not m and (0 <= x.start - m.end <= 1 or x.end <= m.start and _ON_IT.fullmatch(frame.text, x.end, m.start)
                                                 and not cues.cue_before(cues.NEGATION_BEFORE, frame.text, x.start, 6))
                                 and any(v.table == e.table and v.target != e.target for v in x.of_kind("value"))
                                 for x in frame.mentions)  # ("登录过app", "logged in on the app": the platform of the logins)
                # ("App端", "app-side", "app上登录过": the side or end it is said of, or where it is done on, is the value's field)
                side = re.match(r"\s*(?:端|侧|上(?![个一二三半次季月周年期])|里面|[-\s]?side\b|[-\s]?end\b)", frame.text[m.end:], re.I) is not None
                if label is not None and e.target in used and not self._field_said(e.target, frame) and not rows_named and not side \
                        and (said in re.split(r"[\s_-]+", f"{label.zh} {label.en}".lower())
                             and not cues.THROUGH_BEFORE.search(frame.text, 0, m.start)  # "通过app登录", "via the app": the platform
                             or self._other_rows_named(said, e.table) and not cues.BY_WAY_OF.search(frame.text, 0, m.start)):
                    out.append((m.text.strip(), e.target))
                    break
        return out

    def _two_groups(self, query: SemanticQuery) -> bool:
        """Does the answer set exactly two groups of one field side by side (a field of two values, or two listed)?"""
        grouped = [g.field for g in query.group_by if g.field != "time"]
        if len(grouped) != 1:
            return False
        listed = [f for f in query.filters if f.field == grouped[0] and f.op == "in" and isinstance(f.value, tuple)]
        return len(listed[0].value) == 2 if listed else len(self.model.field_values(grouped[0])) == 2

    def _other_rows_named(self, said: str, table: str | None) -> bool:
        """"no row in loans": the word is the whole name of another table's rows (贷款, loans), not a
        value of this one's (a product category)."""
        labels = {t: self.model.tables[t].label for t in self.model.tables if t != table and self.model.tables[t].customer_key}
        return any(label is not None and said in {label.zh.lower(), label.en.lower()} for label in labels.values())

    def accounted(self, frame: Frame, query: SemanticQuery, followup: bool) -> Understanding:
        """The query, if it uses every content word of the question; else a question back
        that names the words it could not place, offering the reading it has."""
        from assistant.describe import query_phrase
        from assistant.parse.checking.coverage import Reading, unplaced_words

        if query.compare is None and self._two_groups(query):
            # "男女借款人的平均贷款金额差多少", "上海和北京的客户数差多少": the two groups side by side show the gap asked
            frame.attached += [(m.span(), "any") for m in _GAP_ASKED.finditer(frame.text)]
            frame.attached += [(m.span(), "any") for m in _WHICH_HIGHER.finditer(frame.text)]  # "男客户和女客户，谁的存转贷率高"
            frame.attached += [(m.span(), "any") for m in re.finditer(r"\bbetween\b", frame.text, re.I)] if _GAP_ASKED.search(frame.text) else []
        query = self._share_its_rows_all_have(frame, query)
        words = unplaced_words(frame, Reading(query, followup), self.model) + self._ranked_by_a_field(frame, query) \
            + self._averaged_over_groups(frame, query) + self._contradicted(frame, query) + self._both_sides_listed(frame, query)
        # "never had a loan" read as a tag: the tag is the state on the as-of date, never a history
        unread = frame.unread + [phrase for phrase, tags in frame.never if any(f.field in tags for f in query.filters)] \
            + self._other_period(frame, query)
        # "贷款金额超过50万的贷款有多少笔": rows counted by the 笔, never the customers counted instead
        # (only where the default figure counts customers: a model whose default counts its rows counts them by the 笔)
        default = self.model.metrics.get(self.default_metric())
        if list(query.metrics) == [self.default_metric()] and (rows := _ROWS_BY_UNIT.search(frame.text)) is not None \
                and default is not None and (default.counts_customers or default.kind == "customers") \
                and not cues.CUSTOMER_WORDS.search(frame.text) and not followup:
            unread = [*unread, rows.group(0)]
        # "how many customers use the app": app is also the events' platform — a customer tag (the acquiring
        # channel) is read only when the question names it
        # ("customers who are still active": of customers counted, the customer's own stage — no rows of a table to be of)
        counts_customers = all(m == self.default_metric() for m in query.metrics)
        unread += [word for word, tags in frame.everyday if not (counts_customers and _PEOPLE_SAID.search(word))
                   and any(f.field in tags and not self._field_said(f.field, frame) for f in query.filters) and word not in unread]
        # ("那app呢" after the logins on the mini program: the value in place of the one before it)
        named_rows = self._table_named_as_value(frame, query) if not (followup and len(frame.mentions) == 1) else []
        if unread:  # the phrase itself, not its pieces again
            words = [w for w in words if not any(w in u for u in unread)] + unread
        if named_rows and not words:
            return self._value_or_all_rows(frame, query, named_rows)
        if not words:
            return Understanding("query", frame.lang, query=query)
        quoted_zh = "、".join(f"“{w}”" for w in words[:5])
        quoted_en = ", ".join(f"'{w}'" for w in words[:5])
        option = ClarifyOption(f"忽略 {quoted_zh},按此理解:{query_phrase(self.model, query, 'zh')}",
                               f"Ignore {quoted_en} and answer: {query_phrase(self.model, query, 'en')}", query)
        return Understanding(
            "clarify", frame.lang, options=(option,), notes=("unplaced:" + "|".join(words),),
            message_zh=f"我没能理解问题中的 {quoted_zh},不想答非所问。请换个说法(例如用指标或标签的名称),或确认下面的理解:",
            message_en=f"I could not place {quoted_en} in your question and would rather not answer a different one. "
                       "Please rephrase (e.g. with a metric or tag name), or confirm the reading below:",
        )

    def _averaged_over_groups(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"平均每个网点的贷款余额", "平均下来，每个营销活动的营销成本": one figure averaged over the
        branches, which no query here computes — the average per branch would answer another question."""
        if not query.group_by:
            return []
        grouped = {g.field for g in query.group_by if g.field != "time"}
        population = set(self._population_words())
        for m in frame.mentions:
            before = _EACH_ONE_BEFORE.search(frame.text, 0, m.start)
            if before is not None and any(e.kind == "field" and e.target in grouped for e in m.entries) \
                    and m.text.strip().lower() not in population:
                return [frame.text[before.start():m.end]]
        return []

    def _choose_metrics(self, frame: Frame) -> list[str]:
        """"How many customers …" counts customers: keep the metrics that count customers
        (touches, new customers …) and drop metrics that merely describe them
        ("… prefer WeChat for their transactions"); "多少客户" beside such a metric is
        that metric's own wording ("reach how many customers")."""
        metrics = self._without_table_nouns(frame, list(frame.metrics))
        # "在贷的贷款里逾期的比例": the base named before a ratio is the ratio's own denominator — the ratio alone
        ratios = [self.model.metric(m) for m in metrics if self.model.metric(m).kind == "ratio"]
        metrics = [m for m in metrics if not any(m == r.denominator and ZH_BASE_WITHIN.search(frame.text) for r in ratios)]
        # "the overdue rate of outstanding mortgage loans, … with that of outstanding consumer loans": the rate's own
        # rows said after "of" — what they are is a condition, the rows no figure of their own
        bases = [m for m in frame.mentions if any(r.denominator in {e.target for e in m.of_kind("metric")} for r in ratios)
                 and _OF_BASE_BEFORE.search(frame.text, max(0, m.start - 24), m.start)]
        based = {e.target for m in bases for e in m.of_kind("metric")}
        frame.attached += [((m.start, m.end), "any") for m in bases]
        metrics = [m for m in metrics if m not in based or self.model.metric(m).kind == "ratio"]
        if frame.counts_customers_too and metrics and self.default_metric() not in metrics:
            # "…的客户有多少，这些客户的存款余额合计多少": both the count and the other figure
            return [self.default_metric()] + metrics
        # ("… customers by value tier? headcount + total AUM": a name of the count besides the population's asks for it)
        words = self._population_words()
        generic = frame.metric_mentions.get(self.default_metric(), "").strip().lower() in words and all(
            m.text.strip().lower() in words for m in frame.mentions if any(e.kind == "metric" and e.target == self.default_metric() for e in m.entries))
        if not frame.how_many and len(metrics) > 1 and self.default_metric() in metrics and generic and not self._listed_figure(frame):
            metrics.remove(self.default_metric())  # "the AUM of customers with …": customers is who, not what
        others = [m for m in metrics if m != self.default_metric()]
        if frame.how_many and len(metrics) == 2 and len(others) == 1 and _counted_after_how_many(frame) == others[0]:
            return others  # "how many transactions did Central China customers make": the rows counted, the customers whose
        people = [m for m in frame.mentions if any(e.kind == "metric" and e.target == self.default_metric() for e in m.entries)]
        if frame.how_many and len(metrics) == 2 and len(others) == 1 and self.default_metric() in metrics \
                and self.model.metric(others[0]).counts_customers and people and all(_HOW_MANY_PEOPLE.fullmatch(m.text.strip()) for m in people):
            return others  # "这个月新来的客户，按获客渠道分布各多少人": the people counted are those new customers
        if not frame.how_many or len(metrics) < 2 and metrics != [self.default_metric()] or cues.CLAUSE_BREAK.search(frame.text) \
                or _SENTENCE_THEN.search(frame.text):
            return metrics  # "how many touches …, and what was the delivery rate?" asks both (so do two sentences)
        if len(metrics) == 2 and len(others) == 1 and counted_rows(self.model, others[0]) and one_phrase(frame, metrics):
            return [self.default_metric(), others[0]]  # "多少客户新开了存款账户": those rows' customers (counted below)
        counting = [m for m in metrics if self.model.metric(m).counts_customers]
        specific = [m for m in counting if m != self.default_metric()]
        filtered = {m for m, _ in frame.metric_filters}
        if specific:
            return specific + [m for m in metrics if m in filtered and m not in specific]
        if counting:
            return counting
        return metrics

    def _rows_named(self, frame: Frame, metrics: list[str]) -> tuple[list[str], list[Filter]]:
        """"未结清贷款的放款金额", "average rate of overdue loans": a count of rows right
        before 的 (after "of") another figure of the same rows says which rows, not a second
        figure: its own condition becomes the other figure's filters."""
        from semantic_layer.compile.plan import where_as_filters

        if len(metrics) < 2:
            return metrics, []
        spans = _metric_spans(frame)
        for a in metrics:
            conditions = where_as_filters(self.model, self.metric(a))
            if conditions is None or a not in spans:
                continue
            for b in metrics:
                if b == a or b not in spans or set(metric_tables(self.model, self.metric(b))) != set(metric_tables(self.model, self.metric(a))):
                    continue
                (a0, a1), (b0, b1) = spans[a], spans[b]
                before = a1 <= b0 and re.fullmatch(r"\s*(?:的|之|里的|中的|'s)?\s*", frame.text[a1:b0], re.I)
                after = b1 <= a0 and re.fullmatch(r"\s+(?:of|for|on|across)\s+(?:the\s+|all\s+|our\s+)?", frame.text[b1:a0], re.I)
                if before or after:  # the count's own words say no more than its condition
                    frame.values = [h for h in frame.values if not (a0 <= h.mention.start and h.mention.end <= a1)]
                    frame.attached.append(((a0, a1), "any"))
                    return [m for m in metrics if m != a], conditions
        return metrics, []

    def _narrower_count(self, frame: Frame, metrics: list[str]) -> list[str]:
        """"how many of the delivered touches ended up converting": a count whose rows are a
        subset of another count's (its condition holds the other's, and more) named after it
        without "and" between them is the figure; the wider one only says of which rows."""
        if len(metrics) != 2 or not all(isinstance(m, str) for m in metrics):
            return metrics
        spans = _metric_spans(frame)
        a, b = sorted(metrics, key=lambda m: spans.get(m, (0, 0))[0])
        ma, mb = self.metric(a).measure, self.metric(b).measure
        if ma is None or mb is None or ma.table != mb.table or ma.agg != "count" or mb.agg != "count" or a not in spans or b not in spans:
            return metrics
        wider = {c.sql().lower() for c in conjuncts(ma.where)}
        narrower = {c.sql().lower() for c in conjuncts(mb.where)}
        between = frame.text[spans[a][1]:spans[b][0]]
        if re.search(r"\band\b|和|与|及|、|以及|[,，;；]|\bvs\b|对比", between, re.I):
            return metrics
        if wider and wider < narrower:
            return [b]
        if not narrower and wider and ma.expr == mb.expr and _UNIT_OF_COUNT.fullmatch(between):
            return [a]  # "上个月销户了多少个存款账户": the accounts are what the closures count, said as their unit
        return metrics

    def _without_table_nouns(self, frame: Frame, metrics: list[str]) -> list[str]:
        """"短信渠道营销触达的打开率": a metric named by its table's noun (营销触达) beside another
        metric of that table only says whose rows the other one counts."""
        if len(metrics) < 2:
            return metrics

        spans = _metric_spans(frame)
        out = []
        for m in metrics:
            said = frame.metric_mentions.get(m, "").strip().lower()
            others = [o for o in metrics if o != m]
            nouns = {w.lower() for o in others for t in metric_tables(self.model, self.model.metric(o)) for w in table_nouns(self.model, t)}
            start, end = spans.get(m, (0, -1))
            # ("营销触达哪个渠道的点击率": the rows' name, which group of them, then the figure of them)
            modifies = any(_ROWS_THEN_FIGURE.fullmatch(self._fields_masked(frame, end, spans[o][0])) for o in others if o in spans and spans[o][0] >= end) \
                or any(_ROWS_AFTER.fullmatch(self._breakdown_masked(frame, spans[o][1], start)) for o in others if o in spans and spans[o][1] <= start) \
                or bool(_ROWS_FIRST.search(frame.text[:start])) and any(spans[o][0] >= end for o in others if o in spans)
            # "conversion rate for campaigns launched in 2025": the other's rows, said in its table's words
            if said and (said in nouns or all(w in nouns for w in said.split())) and modifies:
                continue
            out.append(m)
        return out or metrics

    @staticmethod
    def _fields_masked(frame: Frame, start: int, end: int) -> str:
        """The words between ``start`` and ``end`` with the fields named there blanked."""
        return mask(frame.text, [(m.start, m.end) for m in frame.mentions if m.of_kind("field") and start <= m.start and m.end <= end])[start:end]

    @staticmethod
    def _breakdown_masked(frame: Frame, start: int, end: int) -> str:
        """The words between ``start`` and ``end`` with a breakdown said there taken out: "click rate by touch channel for
        the campaigns launched this year" — the figure, split, then the rows it is of."""
        fields = [(m.start, m.end) for m in frame.mentions if m.of_kind("field") and start <= m.start and m.end <= end]
        gap = mask(frame.text, fields)[start:end]
        said = _BREAKDOWN_IN_GAP.match(gap) if fields else None
        return gap[said.end():] if said is not None else gap

    def _same_function_of(self, base: SemanticQuery, frame: Frame, metrics: list) -> list:
        """"avg month-end deposit balance per customer" then "那理财余额呢？": the same function of the figure named in
        its place, when that figure is a number of each customer too — never its total instead."""
        before = base.metrics[0] if len(base.metrics) == 1 else None
        if not isinstance(before, Aggregate) or before.of is not None or before.func not in ("avg", "median", "min", "max", "percentile") \
                or len(metrics) != 1 or not isinstance(metrics[0], str) or frame.add_metric:
            return metrics
        tag = self.model.tags.get(metrics[0])
        was = self.model.tags.get(before.field or "")
        if tag is None or tag.type != "number" or was is None or was.type != "number" or tag.name == was.name:
            return metrics
        from assistant.parse.building.aggregate import CUES

        if any(p.search(frame.text) for p in CUES.values()):
            return metrics  # ("那理财余额的总额呢": a function said anew)
        return [before.model_copy(update={"field": tag.name})]

    def _rate_of_the_part(self, frame: Frame, metrics: list) -> list:
        """"Of the loans decided last month, what share got rejected?": the share of a count whose rows are the
        numerator of one rate of the model is that rate (rejections over decisions) — when nothing else is the part."""
        if not frame.share or len(metrics) != 1 or not isinstance(metrics[0], str) or (cue := cues.SHARE.search(frame.text)) is None:
            return metrics
        said = [m for m in frame.mentions if any(e.kind == "metric" and e.target == metrics[0] for e in m.entries)]
        # (the count said after the share word, as what the rows did — not as the rows themselves: "what share of
        # rejections were mortgages" is a part of the rejections)
        if not said or any(m.start < cue.end() or _SHARE_OF_THEM.fullmatch(frame.text, cue.end(), m.start) for m in said) \
                or _SHARE_OF_ROWS.match(frame.text, cue.end()):
            return metrics
        rates = [m.name for m in self.model.metric_list if not m.hidden and m.kind == "ratio" and m.numerator == metrics[0]
                 and m.format == "percent"]
        if len(rates) != 1:
            return metrics
        frame.attached += [((m.start, m.end), "any") for m in said]  # (the rate's own part, said)
        return rates

    def _named_one_by_one(self, filters: list[Filter], metrics: list[MetricRef]) -> bool:
        """Are some of the rows named one by one (campaigns by name or code, products by name) — a field read off
        the data, of the table the figures count?"""
        tables = {t for m in metrics for t in metric_tables(self.model, self.metric(m))}
        return any(f.op in ("=", "in") and (dim := self.model.dimensions.get(table, {}).get(f.field)) is not None and dim.values_from_data
                   for f in filters for table in tables)

    def _owned_elsewhere(self, frame: Frame, found: Found) -> str | None:
        """The words naming the owner of an aggregated attribute when it is not the rows averaged ("定期产品的平均利率":
        the rate is each product's, the rows are accounts — the average of the products differs from the accounts')."""
        if found.ref.of is None or (measure := self.metric(found.ref.of).measure) is None:
            return None
        dim = self.model.dimensions.get(measure.table, {}).get(found.ref.field)
        owners = {c.table for c in columns_of(dim.expr)} - {measure.table, None} if dim is not None else set()
        if not owners:
            return None
        words = {w.lower() for t in owners for w in table_nouns(self.model, t)} if owners else set()
        said = next((m for m in _PRODUCTS_SAID.finditer(frame.text)
                     if next(g for g in m.groups() if g).lower().rstrip("s") in {w.rstrip("s") for w in words}), None)
        return said.group(0) if said is not None else None

    def _amount_of_those(self, frame: Frame, metrics: list) -> list:
        """"上海的经营贷，现在还在贷的有几笔？放款金额合计多少？": an amount asked in the next sentence, after a
        count of rows under a condition of their own, is the amount of those rows — not of all the table's."""
        if len(metrics) != 2 or not all(isinstance(m, str) for m in metrics):
            return metrics
        spans = _metric_spans(frame)
        count, amount = sorted(metrics, key=lambda m: spans.get(m, (0, 0))[0])
        cm, am = self.metric(count).measure, self.metric(amount).measure
        if cm is None or am is None or cm.table != am.table or cm.agg != "count" or am.agg != "sum" or not cm.where \
                or count not in spans or amount not in spans or not _SENTENCE_BREAK.search(frame.text, spans[count][1], spans[amount][0]):
            return metrics
        those = amount_beside(self.model, count, frame.text, counted=True)
        if those is None:
            return metrics
        frame.attached.append((spans[amount], "any"))  # (the amount's own name says what is summed)
        return [count, those]

    def _remembered(self, frame: Frame, conversation: Conversation) -> str | None:
        """A choice the question itself makes ("按日均口径…存款") or the session remembers."""
        for m in frame.ambiguous:
            options = m.entries[0].options
            named = self.named_option(frame.text, options)
            if named:
                return named
            for chosen in conversation.choices.values():
                if chosen in options:
                    return chosen
        return None

    def _amount_meant(self, frame: Frame, conversation: Conversation, as_of: date) -> Understanding | None:
        """"月末存款超过10万的客户": the amount compared is the option the question names (月末, 日均) or the
        one the session chose; otherwise it is asked back, each option the whole question with its amount."""
        from assistant.parse.vocabulary.gapped import distinctive_words

        for i, (entries, c) in enumerate(frame.field_filters):
            options = entries[0].options
            if not options or len(entries) < 2 or any(e.options != options for e in entries):
                continue
            term = next((m.text for m in frame.mentions if any(e.kind == "ambiguous" and e.options == options for e in m.entries)), "")
            chosen = self.named_option(frame.text, options) or conversation.choices.get(term.lower())
            if chosen in options:
                frame.field_filters[i] = ([e for e in entries if e.target == chosen], c)
                lowered = frame.text.lower()
                frame.attached += [((at, at + len(w)), "any") for w in distinctive_words(self.model, chosen, options)
                                   if (at := lowered.find(w)) >= 0]
                continue
            choices = []
            for name in options:
                one = copy.deepcopy(frame)
                one.field_filters[i] = ([e for e in entries if e.target == name], c)
                understood = self.build(one, conversation, as_of)
                if understood.status != "query":
                    return understood
                metric = self.model.metric(name)
                choices.append(ClarifyOption(f"{metric.label.zh}({metric.description.zh})", f"{metric.label.en} ({metric.description.en})",
                                             understood.query, (term.lower(), name)))
            return Understanding("clarify", frame.lang, options=tuple(choices),
                                 message_zh=f"“{term}”有多种口径,请选择:",
                                 message_en=f"'{term}' can be measured in more than one way. Which do you mean?")
        return None

    def named_option(self, text: str, options: tuple[str, ...]) -> str | None:
        """The one option whose distinctive words (in its names, not the others') occur in ``text``."""
        from assistant.parse.vocabulary.gapped import distinctive_words

        lowered = text.lower()
        hits = [o for o in options if any(w in lowered for w in distinctive_words(self.model, o, options))]
        return hits[0] if len(hits) == 1 else None

    def _people_of_their_rows(self, frame: Frame, query: SemanticQuery) -> SemanticQuery:
        """"How many borrowers got 2 or more loans disbursed this year?": "borrowers" names the people whose
        rows are counted (有贷款: a loan balance today), not a second condition — one who took two loans this
        year and has repaid them is still counted. Only a person noun ("borrowers", "贷款客户"), never "with a
        loan"; only beside rows of the table the value speaks of, at least one of them."""
        held = {self.metric(r.metric).measure.table for r in query.customer_rows  # type: ignore[union-attr]
                if r.op in (">", ">=") and isinstance(r.value, int | float) and r.value >= (0 if r.op == ">" else 1)
                and self.metric(r.metric).measure is not None}
        # ("top 10 branches by amount disbursed (borrower's home branch)": the loans' own borrowers, whose branch it is)
        population = self.model.customer.table if self.model.customer else None
        held |= {t for m in query.metrics if (name := m.of if isinstance(m, Aggregate) else m) in self.model.metrics
                 for t in metric_tables(self.model, self.metric(name)) if t != population}
        said = {h.mention.text.strip().lower(): h for h in frame.values}
        drop = []
        for f in query.filters:
            tag = self.model.tags.get(f.field)
            hit = next((h for t, h in said.items() if any(e.target == f.field for e in h.entries) and _PERSON_NOUN.search(t)), None)
            if tag is None or tag.type != "boolean" or f.value is not True or hit is None:
                continue
            words = f"{tag.label.zh} {tag.label.en}".lower()
            if any(_says_word(w.lower(), words) for t in held for w in table_nouns(self.model, t) if len(w) >= 2):
                drop.append(f)
                frame.attached.append(((hit.mention.start, hit.mention.end), "any"))  # (the rows' own people: said, placed)
        return query.with_changes(filters=tuple(f for f in query.filters if f not in drop)) if drop else query

    def _places(self) -> frozenset[str]:
        """The customer tags that say where a customer banks: read off a table of their own (a branch's city,
        region, name) that holds no customer's rows."""
        population = self.model.customer.table if self.model.customer else None
        out = set()
        for t in self.model.tag_list:
            tables = {c.table for c in columns_of(t.expr)} if t.expr else set()
            if tables and all(x and x != population and x in self.model.tables and not self.model.tables[x].customer_key for x in tables):
                out.add(t.name)
        return frozenset(out)

    @staticmethod
    def _nothing_to_continue(frame: Frame) -> Understanding:
        """"只看华东,按城市拆开看看" right after a question back: it continues the question that
        was not answered, whose figure is not known — the default figure, or the one before,
        would answer another."""
        return Understanding(
            "clarify", frame.lang, notes=("nothing_to_continue",),
            message_zh="上一个问题还没有答出来,这句是接着它问的。请把完整的问题再说一遍(说出要看的指标)。",
            message_en="The previous question was not answered yet, and this one continues it. "
                       "Please ask the whole question again, naming the figure you want.",
        )

    def _clarify(self, frame: Frame, conversation: Conversation, as_of: date, followup: bool) -> Understanding:
        mention = frame.ambiguous[0]
        options = []
        for name in mention.entries[0].options:
            metric = self.model.metric(name)
            q = self.query(frame, [name], conversation.last_query if followup else None)
            options.append(ClarifyOption(f"{metric.label.zh}({metric.description.zh})", f"{metric.label.en} ({metric.description.en})", q, (mention.text.lower(), name)))
        return Understanding(
            "clarify", frame.lang, options=tuple(options),
            message_zh=f"“{mention.text}”有多种口径,请选择:",
            message_en=f"'{mention.text}' can be measured in more than one way. Which do you mean?",
        )

    def query(self, frame: Frame, metrics: list[MetricRef], base: SemanticQuery | None) -> SemanticQuery:
        group: list[GroupBy] = []
        filters: list[Filter] = []
        if not (frame.time and not self._period_of_a_tag(frame) or frame.grain or base is not None and base.time_range):
            for i, name in enumerate(metrics):  # "new customers per region" with no period: 新客 as of D
                reading = self.metric(name).without_period
                if reading is not None:
                    metrics[i] = reading.metric
                    filters.append(Filter(field=reading.field, op="in", value=(reading.value,)))
        within = self._within(frame, metrics)
        if within is not None:
            filters.append(within)
        self._each_defined_on(frame, metrics)
        self._to_defined_on(frame, metrics)
        self._left_out_already(frame, metrics)
        self._included_already(frame, metrics)
        accounts_not_holders(frame, self.model, [m for m in metrics if isinstance(m, str)])
        value_fields: set[str] = set()
        for hit in frame.values:
            f = self._value_filter(hit, metrics, frame)
            if f is not None:
                filters = _merge_filter(filters, f)
                if f.op in ("=", "in"):  # "除了上海以外…各城市": a negated value still lets the field break down
                    value_fields.add(f.field)
        if frame.time is not None and not self._period_of_a_tag(frame):
            filters = self._with_period(metrics, filters)
        held: list[Filter] = []  # "有贷款余额": conditions on a field that is also a figure's name
        for entries, c in frame.field_filters:
            entry = self.pick(entries, metrics, frame.mentioned_fields)
            if entry is None:
                continue
            filters.append(_comparison_filter(entry.target, c))
            asked = cues.HOW_MANY.search(frame.text)
            if entry.target in metrics and not (asked and c.span[0] < asked.start()):
                held.append(filters[-1])  # (said before the count, it is who both figures are of: "AUM >= 500k — how many and their AUM")
        aggregated = {m.field for m in metrics if not isinstance(m, str)}
        # ("click rate by touch channel - sms and email": the breakdown asked, of the values kept)
        # (not "上海、杭州…（按归属网点城市）…一共多少人": the city said how it is read, one total asked)
        several = {f.field for f in filters if f.op == "in" and isinstance(f.value, tuple) and len(f.value) > 1} \
            if not _ONE_TOTAL.search(frame.text) else set()
        asked = [g for g in frame.asked_groups()]
        for entries in frame.group_fields:
            entry = self.pick(entries, metrics, frame.mentioned_fields)
            if entry is None or entry.target in value_fields and not (entry.target in several and any(g is entries for g in asked)) \
                    or entry.target in aggregated or self._kind_of_values_listed(frame, entries, value_fields):
                continue  # "lowest average annual income": the field is aggregated, not a breakdown
            target = self.band_of(entry.target)
            if any(isinstance(m, str) and target in self.metric(m).implies for m in metrics):
                continue  # "uplift over their control group": the metric's own definition, not a breakdown
            tag = self.model.tags.get(target)
            if tag is not None and tag.type == "number":
                continue
            if all(g.field != target for g in group):
                group.append(GroupBy(field=target))
        metric_filters = [_comparison_filter(m, c) for m, c in frame.metric_filters]
        # ("customers with at least one past-due outstanding loan": "at least one" is said of the loans the customers hold —
        # no condition on a count of customers the query does not ask)
        metric_filters = [f for f in metric_filters if not (f.field == self.default_metric() and f.field not in metrics
                                                            and (f.op, f.value) in ((">=", 1.0), (">", 0.0)))]
        # a condition on a figure the query does not show cannot be applied: asked about, never an error
        frame.unread += [c.text for m, c in frame.metric_filters if m not in metrics and any(f.field == m for f in metric_filters)
                         and not self.model.field_names() & {m} and c.text not in frame.unread]
        for name in {f.field for f in filters if isinstance(f.value, bool)}:
            flags = {f.value for f in filters if f.field == name}
            if flags == {True, False}:  # "代发客户和非代发客户…对比": both sides → one row each
                filters = [f for f in filters if f.field != name]
                group.append(GroupBy(field=name))
        for f in list(filters):
            # "by channel and in/out direction", "each bucket (deposit only, loan only, both, none)":
            # every value of a field listed beside its name is that field's breakdown, not a condition
            # ("How many customer is very active, medium, low or not active at all": how many of each, never all of them)
            if _lists_every_value(f, self.model.field_values(f.field)) \
                    and (f.field in frame.mentioned_fields or frame.how_many and len(f.value) >= 3 or any(g.field == f.field for g in group)):
                filters.remove(f)
                if all(g.field != f.field for g in group) and not _COMBINED.search(frame.text):
                    group.append(GroupBy(field=f.field))  # ("收入和支出方向合并计算": every value, one figure of them all)
        gap = _GAP_ASKED.search(frame.text) if len(frame.times) < 2 else None  # ("2024年和2025年差多少": two periods, no two groups)
        if frame.each or _EACH_HOW_MUCH.search(frame.text) and not frame.each_of_breakdown or gap:
            # "上海和北京分别…", "25-34岁和45-54岁的客户数各多少", "男客户和女客户今年的通过率有差别吗": several values of
            # one field listed → one row each
            for f in filters:
                if f.op == "in" and isinstance(f.value, tuple) and len(f.value) > 1 and all(g.field != f.field for g in group):
                    group.append(GroupBy(field=f.field))
                    if gap is not None:
                        frame.attached.append((gap.span(), "any"))
        share = frame.share and not any(self.metric(m).format == "percent" for m in metrics)
        if not frame.grain and frame.time is not None and (frame.time.end.year, frame.time.end.month) != (frame.time.start.year, frame.time.start.month) \
                and metrics and all(isinstance(m, str) and self.metric(m).kind == "snapshot" for m in metrics) \
                and _MONTH_ENDS.search(frame.text) and (order := _IN_ORDER.search(frame.text)) is not None:
            frame.grain = "month"  # "Month-end 贷款余额 for the last 6 months (Jul–Dec 2025), in order": each month-end, never the last alone
            frame.attached.append((order.span(), "any"))
        if frame.grain:
            group.insert(0, GroupBy(field="time", grain=frame.grain))  # type: ignore[arg-type]
        time_range = TimeRange(start=frame.time.start, end=frame.time.end, relative=_relative(frame.time, frame.today)) if frame.time else None
        if frame.time is not None and _SEASON.search(frame.time.text) and self._named_one_by_one(filters, metrics):
            time_range = None  # "the 2025 summer wealth repurchase campaign (CMP2508L) vs …": the season is in the names said
        order: list[OrderBy] = []
        limit = None
        periods_ranked = bool(frame.grain) and _PERIODS_RANKED.search(frame.text) is not None  # "哪个月放款最多", "which month had the most …"
        if periods_ranked and _PEOPLE_RANKED.search(frame.text):  # "哪个月在APP上登录的人最多": the people doing it, not the times
            from assistant.parse.building.aggregate import counted_rows

            metrics = [Aggregate(func="count_distinct", field=ENTITY_CUSTOMER, of=m) if isinstance(m, str) and m != self.default_metric()
                       and counted_rows(self.model, m) else m for m in metrics]
        ranked = self._ordered_metric(frame, metrics)  # "客户数和户均AUM，按户均AUM从高到低排": the figure the order names
        if frame.rank and (any(g.field != "time" for g in group) or periods_ranked):
            order = [OrderBy(field=metric_name(ranked), direction=self._judged(frame, ranked, frame.rank.direction))]
            explicit_n = frame.rank.n != 1 or bool(re.search(r"\b(?:top|bottom)\s*(?:1|one)\b|第一|前一", frame.text, re.I))
            limit = None if frame.ranking_only and not explicit_n else frame.rank.n
            if frame.rank.n == 1 and (BOTH_EXTREMES.search(frame.text) or _HIGH_SAID.search(frame.text) and _LOW_SAID.search(frame.text)):
                limit = None  # "highest and lowest city": the whole ranking shows both ends
                if periods_ranked and not any(g.field != "time" for g in group):
                    # "which month had the most …, and which the fewest": two periods asked, not every one — asked back
                    frame.unread.append(next(m.group() for m in (_LOW_SAID.search(frame.text), _HIGH_SAID.search(frame.text)) if m))
            listed = any(f.op == "in" and isinstance(f.value, tuple) and 1 < len(f.value) <= 4 and any(g.field == f.field for g in group)
                         for f in filters)  # "app vs counter — which one is higher?": both named, in order
            if frame.rank.n == 1 and not explicit_n and (_breakdown_then_which(frame.text) or _breakdown_after_the_top(frame) or _which_in_plural(frame, group)
                                                        or _EVERY_GROUP.search(frame.text, frame.rank.span[1]) or listed):
                # "按大区拆开看呢？哪个区最低？", "which cities have the most …", "which band has the most …? counts for
                # each band": the ranking, the top first
                limit = None
        elif frame.ranking_only and any(g.field != "time" for g in group):
            direction = "asc" if cues.ASCENDING.search(frame.text) else "desc"
            by = self._ordered_field(frame, group)  # "按年龄段从小到大排": the breakdown's own order
            order = [OrderBy(field=by, direction=direction) if by else
                     OrderBy(field=metric_name(ranked), direction=self._judged(frame, ranked, direction))]
            limit = _groups_counted(frame, group)  # "华南6个支行按AUM从高到低排个名": the six, in order
        metrics = [m for i, m in enumerate(metrics) if m not in metrics[:i]]  # one figure named twice is asked once
        if base is not None:
            return self._merge(base, frame, metrics, group, filters + metric_filters, time_range, order, limit, share)
        ratio = frame.ratio and len(metrics) == 2
        if ratio:  # ranked by the ratio asked, not by its part
            share = False
            order = [OrderBy(field=f"{metric_name(metrics[0])}__of__{metric_name(metrics[1])}", direction=o.direction)
                     if o.field == metric_name(metrics[0]) else o for o in order]
        own = self._counted_holding(metrics, held, filters) if not (share or ratio) else ()
        return SemanticQuery(metrics=tuple(metrics), group_by=tuple(group), filters=tuple(filters + metric_filters),
                             own_conditions=own, time_range=time_range, as_of=frame.as_of, share_of_total=share, ratio=ratio,
                             order_by=tuple(order), limit=limit)

    def _whose_rows(self, frame: Frame) -> bool:
        """Is the population word said only as whose rows another figure counts ("disbursed to 天津和平支行
        customers", "for our Shanghai clients", "发放给…客户的贷款")?"""
        said = [m for m in frame.mentions if any(e.kind == "metric" and e.target == self.default_metric() for e in m.entries)]
        words = self._population_words()
        return bool(said) and all((m.text.strip().lower() in words or m.text.lower().split()[0] in words and m.text.lower().endswith(" based"))
                                  and (_ROWS_OF_BEFORE.search(frame.text, max(0, m.start - 40), m.start)  # ("customers based in …")
                                       # ("how many salary transactions did payroll clients have": who had them)
                                       or _DID_BEFORE.search(frame.text, max(0, m.start - 40), m.start) and _HAD_AFTER.match(frame.text, m.end))
                                  for m in said)

    def _counted_holding(self, metrics: list[MetricRef], held: list[Filter], filters: list[Filter]) -> tuple[OwnCondition, ...]:
        """"按年龄段看贷款余额，各段有多少人有贷款余额": "有贷款余额" is who the head count counts — not a
        condition on the groups' balance (a filter on a figure's own name is one), nor on the balance
        beside it, which is of every customer. Taken out of ``filters``."""
        counts = [m for m in metrics if isinstance(m, str) and self.metric(m).kind == "customers"]
        held = [f for f in held if f.field not in counts]
        if len(counts) != 1 or len(metrics) < 2 or not held:
            return ()
        for f in held:
            filters.remove(f)
        return (OwnCondition(metric=counts[0], filters=tuple(held)),)

    def _difference_asked(self, frame: Frame, metrics: list) -> list[str] | None:
        """"营销转化率比对照组高出多少", "how much higher is the campaign conversion rate than the control
        group's": the difference of two figures the model defines as a figure of its own (uplift = the
        campaign rate − the control rate), when the question names both."""
        cue = _DIFFERENCE.search(frame.text)
        if cue is None:
            return None
        named = {e.target for m in frame.mentions for e in m.of_kind("metric")} | {m for m in metrics if isinstance(m, str)}
        codes = {str(e.code).lower() for h in frame.values for e in h.entries if e.code is not None}
        said = lambda name: name in named or bool(codes & set(name.split("_")))  # noqa: E731  ("对照组": the control's rate)
        # ("实验组比对照组转化率高多少": the first figure told by the group its own definition reads, beside a rate named)
        told = lambda name: said(name) or bool(named) and bool(codes & definition_words(self.model, name))  # noqa: E731
        found = []
        for d in self.model.metric_list:
            parts = re.fullmatch(r"\s*([a-z_][a-z0-9_]*)\s*-\s*([a-z_][a-z0-9_]*)\s*", d.expr or "") if d.kind == "derived" and not d.hidden else None
            if parts and (parts.group(1) in named or parts.group(2) in named and told(parts.group(1))) and said(parts.group(2)):
                found.append(d.name)
        if len(found) != 1:
            return None
        frame.metrics = found
        frame.attached.append((cue.span(), "any"))
        # ("实验组转化率比对照组高出多少": the group in the rate's own name is the difference's first side)
        frame.attached += [((m.start, m.end), "any") for m in frame.mentions if m.of_kind("metric")]
        return found

    def _figure_of_figure(self, frame: Frame, named: list[Mention]) -> list[str] | None:
        """"理财余额占AUM的比例", "AUM里理财余额占多少", "wealth balance as a % of AUM", "what pct of
        total aum is wealth bal": one figure as a share of another the model has no ratio of — both
        figures and the first over the second, when they are the same kind of figure."""
        names = [{e.target for e in m.of_kind("metric")} for m in named]
        if any(len(n) != 1 for n in names):
            return None
        (first,), (second,) = names
        formats = {self.metric(first).format, self.metric(second).format}
        if len(formats) != 1 or "percent" in formats or first == second:
            return None
        found = figure_of_figure(frame.text, (named[0].start, named[0].end), (named[1].start, named[1].end))
        if found is None:
            return None
        whole_first, span = found
        frame.share, frame.ratio = False, True
        frame.metrics = [second, first] if whole_first else [first, second]
        frame.attached += [(span, "any")]
        return list(frame.metrics)

    def _ratio_of_parts(self, frame: Frame) -> list[str] | None:
        """"overdue loans as a % of outstanding loans", "逾期贷款占在贷贷款的比例": a share of one
        figure in another, when the model defines exactly that ratio (its numerator named first,
        its denominator after), is the ratio — never each group's share of a total."""
        named = sorted((m for m in frame.mentions if m.of_kind("metric")), key=lambda m: m.start)
        if not frame.share and len(named) == 2 and (per := _PER_UNIT_OF.fullmatch(frame.text, named[0].end, named[1].start)) is not None:
            # "total converted amount per yuan of campaign cost": the ratio the model defines of the two (ROI)
            part, whole = ({e.target for e in m.of_kind("metric")} for m in named)
            ratios = [r.name for r in self.model.metric_list if r.kind == "ratio" and not r.hidden and r.numerator in part and r.denominator in whole]
            if len(ratios) == 1:
                frame.metrics = ratios
                frame.attached += [((m.start, m.end), "any") for m in named] + [(per.span(), "any")]
                return ratios
        if not frame.share:  # "贷款余额与存款余额之比", "the ratio of A to B"
            return self._figure_of_figure(frame, named) if len(named) == 2 else None
        if len(named) == 1:  # "loans overdue by region, % of outstanding": the base said by its value
            after = [h for h in frame.values if h.mention.start > named[0].end and not h.negated]
            if len(after) != 1:
                return None
            part = {e.target for e in named[0].of_kind("metric")}
            ratios = [r.name for r in self.model.metric_list if r.kind == "ratio" and not r.hidden and r.numerator in part
                      and any(self._pins(r.denominator, e) and self._pins(r.numerator, e) for e in after[0].entries)]
            if ratios:
                frame.values.remove(after[0])  # the ratio's own base, no condition of its own
            named = [*named, after[0].mention]
        elif len(named) == 2:
            part, whole = ({e.target for e in m.of_kind("metric")} for m in named)
            ratios = [r.name for r in self.model.metric_list
                      if r.kind == "ratio" and not r.hidden and r.numerator in part and r.denominator in whole]
            if not ratios:
                return self._figure_of_figure(frame, named)
        else:
            return None
        if len(ratios) != 1:
            return None
        frame.share = False
        frame.metrics = ratios
        frame.attached += [((m.start, m.end), "any") for m in named] + _share_words(frame.text) \
            + [(m.span(), "any") for m in re.finditer(r"占(?=[^,，。;；?？]{0,16}(?:比例|比重|百分比|多少|几成))", frame.text)]
        return list(ratios)

    def _only_its_rows(self, frame: Frame, metrics: list) -> list:
        """"overdue rate by product type, outstanding loans only", "只算在贷的贷款": rows named with
        "only" that another figure asked is over already (its own rows, or its rate's base) say
        again which rows — no figure of their own."""
        from assistant.parse.building.aggregate import amount_rows

        named = [n for n in metrics if isinstance(n, str) and n in self.model.metrics]
        for m in frame.mentions:
            said = {e.target for e in m.of_kind("metric")}
            every = _EVERY_ROW_BEFORE.search(frame.text, max(0, m.start - 12), m.start) is not None and not cues.HOW_MANY.search(frame.text)
            if not said or not (_ONLY_AFTER.match(frame.text, m.end) or _ONLY_BEFORE.search(frame.text, 0, m.start) or every):
                continue
            others = [n for n in named if n not in said]
            # ("disbursement amount …, all loans that were paid out in the quarter": the rows the amount sums, said again)
            rows = {r for n in others for r in (n, self.model.metrics[n].numerator, self.model.metrics[n].denominator,
                                                (amount_rows(self.model, self.model.metrics[n]) or (None, None))[1]) if r}
            if others and (said & rows or any(self._narrower(n, x) for n in rows if n in self.model.metrics for x in said)):
                frame.attached.append(((m.start, m.end), "any"))
                frame.attached += [(x.span(), "any") for x in (_ONLY_AFTER.match(frame.text, m.end), _ONLY_BEFORE.search(frame.text, 0, m.start)) if x]
                frame.metrics = [x for x in frame.metrics if x not in said]
                return [n for n in metrics if n not in said]
        return metrics

    def _process_of_its_rate(self, frame: Frame, metrics: list) -> list:
        """"did loan approvals get any easier …? give me both approval rates": a count said to get easier or harder is
        the process its rate measures (the rate asked beside it), no figure of its own."""
        named = [n for n in metrics if isinstance(n, str) and n in self.model.metrics]
        numerators = {self.model.metrics[n].numerator for n in named if self.model.metrics[n].kind == "ratio"}
        for m in frame.mentions:
            said = {e.target for e in m.of_kind("metric")} & numerators
            if said and _EASIER_AFTER.match(frame.text, m.end):
                frame.attached.append(((m.start, m.end), "any"))
                frame.metrics = [x for x in frame.metrics if x not in said]
                metrics = [n for n in metrics if n not in said]
        return metrics

    def _listed_figure(self, frame: Frame) -> bool:
        """"Customers and AUM by region", "各区域的客户和AUM": the population's noun listed beside another
        figure is a figure too (how many of them)."""
        said = sorted((m for m in frame.mentions if m.of_kind("metric")), key=lambda m: m.start)
        return any(_LISTED_FIGURES.fullmatch(frame.text, a.end, b.start) and self.default_metric() in {e.target for e in x.of_kind("metric")}
                   for a, b in zip(said, said[1:], strict=False) for x in (a, b))

    def _narrower(self, name: str, wider: str) -> bool:
        """Are ``name``'s rows some of ``wider``'s: the same table, every condition of ``wider`` among its own
        (逾期笔数 of 在贷笔数: status disbursed and overdue_days > 0)?"""
        a, b = self.model.metric(name).measure, self.model.metrics.get(wider)
        if a is None or b is None or b.measure is None or a.table != b.measure.table or not b.measure.where:
            return False
        own = {c.sql().lower() for c in conjuncts(a.where)}
        return all(c.sql().lower() in own for c in conjuncts(b.measure.where))

    def _base_counted(self, frame: Frame, metrics: list) -> list:
        """"在贷的贷款各有多少笔？逾期率分别是多少？": how many of the rows a rate is over, asked
        before the rate, is the rate's denominator — a figure of its own, answered beside it."""
        if len(metrics) != 1 or not isinstance(metrics[0], str) or metrics[0] not in self.model.metrics:
            return metrics
        rate = self.model.metric(metrics[0])
        base = self.model.metrics.get(rate.denominator or "")
        at = _metric_spans(frame).get(rate.name)
        if rate.kind != "ratio" or base is None or base.hidden or at is None:
            return metrics
        for hit in frame.values:
            asked = cues.HOW_MANY.search(frame.text, hit.mention.end, at[0])
            if not hit.negated and asked is not None and any(self._pins(base.name, e) for e in hit.entries):
                frame.values.remove(hit)
                frame.attached += [((hit.mention.start, hit.mention.end), "any"), (asked.span(), "any")]
                return [base.name, rate.name]
        return metrics

    def _pins(self, name: str | None, entry: Entry) -> bool:
        """Does metric ``name`` count only rows with the value ``entry`` names (在贷笔数: status = disbursed)?"""
        metric = self.model.metrics.get(name or "")
        if metric is None or entry.code is None or entry.target not in self.model.dimensions.get(entry.table or "", {}):
            return False
        return str(entry.code) in (fixed_values(self.model, metric, entry.target) or ())

    def _contradicted(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """Values the query both keeps and leaves out (职业=其他 and 职业不是其他): two readings of one
        word, never answered with the empty set they make — the words are asked about."""
        kept: dict[str, set[object]] = {}
        dropped: dict[str, set[object]] = {}
        for f in query.filters:
            values = set(f.value) if isinstance(f.value, tuple) else {f.value}
            if f.op in ("=", "in"):
                kept.setdefault(f.field, set()).update(values)
            elif f.op in ("!=", "not_in"):
                dropped.setdefault(f.field, set()).update(values)
        both = {(field, str(v)) for field, values in kept.items() for v in values & dropped.get(field, set())}
        return [h.mention.text for h in frame.values if any((e.target, str(e.code)) in both for e in h.entries)][:1] \
            or [f"{field}={v}" for field, v in sorted(both)] or _no_number_between(frame, query.filters) or self._none_and_some(frame, query)

    def _kind_of_values_listed(self, frame: Frame, entries: list, value_fields: set[str]) -> bool:
        """"消费贷和经营贷这两类产品": a field named right after "这两类/these two" names the kind of the values just
        listed (product types are products) — they are split already, no second breakdown."""
        for m in frame.mentions:
            if any(e in entries for e in m.entries) and _THESE_KINDS.search(frame.text, max(0, m.start - 6), m.start) \
                    and any(self._tables_of(f) & self._tables_of(e.target) for f in value_fields for e in entries):
                return True
        return False

    def _tables_of(self, field: str) -> set[str]:
        return {t for t, dims in self.model.dimensions.items() if field in dims}

    def _both_sides_listed(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"近30天有登录的客户和近30天没登录的客户…分别": one thing said, then denied, listed side by side — two
        groups to compare. Unless the query splits by that field, it can answer only one of them: asked about."""
        text = frame.text
        split = {g.field for g in query.group_by}
        for a in frame.mentions:
            for b in frame.mentions:
                targets = {e.target for e in a.entries}
                if b.start <= a.end or not targets or targets != {e.target for e in b.entries} or targets & split:
                    continue
                denied = [cues.cue_before(cues.NEGATION_BEFORE, text, m.start, 6) for m in (a, b)]
                if denied[0] != denied[1] and _SIDES_JOINED.search(text, a.end, b.start) and _EACH_SIDE.search(text):
                    side = b if denied[1] else a
                    said = list(_DENIAL.finditer(text, max(0, side.start - 12), side.start))
                    return [text[said[-1].start() if said else side.start:side.end].strip()]
        return self._two_groups_listed(frame, query)

    def _two_groups_listed(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"有贷款余额的客户跟只存不贷的客户，平均年收入分别多少": two groups of different fields joined as
        sides, each asked — not the customers who are both (an empty set here). A query keeps one set of
        conditions, so the second side is asked about."""
        text = frame.text
        if query.benchmark is not None or len(query.metrics) != 1 or _BOTH_AT_ONCE.search(text):
            return []  # ("the overlap between the high loan-intent and high wealth-intent groups": the customers in both)
        split = {g.field for g in query.group_by}
        said = [m for m in frame.mentions if (m.of_kind("value") or m.of_kind("field")) and not any(a <= m.start < b for a, b in frame.left_out)]
        for a in said:
            for b in said:
                first, second = {e.target for e in a.entries}, {e.target for e in b.entries}
                if b.start <= a.end or first & second or (first | second) & split:
                    continue
                joined = _GROUP_THEN_JOINER.fullmatch(text, a.end, b.start)
                if joined is None or not _EACH_SIDE.search(text, b.end):
                    continue
                # "上海的高价值客户和北京的高价值客户": the same conditions said on both sides, two places
                if any(m.start >= b.end and {e.target for e in m.entries} & first for m in said) \
                        or any(m.end <= a.start and {e.target for e in m.entries} & second for m in said):
                    continue
                return [text[b.start:b.end]]
        return []

    def _none_and_some(self, frame: Frame, query: SemanticQuery) -> list[str]:
        """"customers with no loan disbursed": none of those rows, and some (放款客户) — two readings of one
        phrase, never the empty set they make together."""
        def none(r: CustomerRows) -> bool:
            return r.op == "=" and r.value == 0 or r.op == "<" and r.value == 1 or r.op == "<=" and r.value == 0

        def some(r: CustomerRows) -> bool:
            return r.op == ">" and r.value == 0 or r.op == ">=" and r.value == 1

        def said_twice(metric: str) -> bool:  # "made a transaction … but not a single transaction at the counter": two phrases
            return sum(1 for m in frame.mentions if any(e.kind == "metric" and e.target == metric for e in m.entries)) >= 2

        rows = query.customer_rows
        for a in rows:
            for b in rows:
                if none(a) and some(b) and a.period == b.period and set(b.filters) < set(a.filters) and a.metric == b.metric and said_twice(a.metric):
                    continue
                if none(a) and some(b) and a.period == b.period and set(b.filters) <= set(a.filters) \
                        and set(metric_tables(self.model, self.metric(a.metric))) == set(metric_tables(self.model, self.metric(b.metric))):
                    said = [m.text for m in frame.mentions if any(e.kind == "metric" and e.target == b.metric for e in m.entries)]
                    return said[:1] or [b.metric]
        return []

    def _base_event_said(self, frame: Frame, metrics: list) -> None:
        """"Of the customers who redeemed wealth products last month, what percentage bought back in within 30
        days?": the event a conversion's base is made of (a redemption) says who the base is — no condition."""
        for name in metrics:
            metric = self.model.metrics.get(name) if isinstance(name, str) else None
            event = metric.base.event_in_period if metric is not None and metric.kind == "conversion" and metric.base else None
            if event is None or not event.where:
                continue
            said = [h for h in frame.values if not h.negated and h.entries and all(
                e.table == event.table and str(e.code) in self._codes_set(event.where, e) for e in h.entries)]
            frame.values = [h for h in frame.values if h not in said]
            frame.attached += [((h.mention.start, h.mention.end), "any") for h in said]

    def _codes_set(self, where: str, e: Entry) -> set[str]:
        """The values ``where`` sets the column of ``e``'s field to."""
        column = column_of(self.model, e)
        return literal_codes(where, lambda c: c.name.lower() == column)

    def _judged_by_rate(self, frame: Frame, metrics: list) -> list:
        """"sms vs app push — which converted better", "哪个转化效果更好": a count judged better or worse is
        judged by its rate — the one rate of the model that has it as numerator."""
        out = list(metrics)
        for i, name in enumerate(metrics):
            said = [m for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)]
            judged = [(m, j) for m in said if (j := _JUDGED_AFTER.match(frame.text[m.end:m.end + 16]))]
            if not isinstance(name, str) or not judged:
                continue
            rates = [r.name for r in self.model.metric_list if r.kind == "ratio" and r.numerator == name and not r.hidden]
            if len(rates) == 1 and rates[0] not in out:
                out[i] = rates[0]
                frame.attached += [((m.start, m.end + j.end()), "any") for m, j in judged]
        return out

    def _judged(self, frame: Frame, ref: MetricRef, direction: str) -> str:
        """"the worst overdue rate" is the highest one: words of judgement (best/worst, 最好/最差)
        order by the metric's declared ``higher_is``; plain words (highest, 最低) by the number."""
        if not JUDGED.search(frame.text) or not isinstance(ref, str) or ref not in self.model.metrics:
            return "desc" if direction == "desc" else "asc"
        if frame.share and self.model.metrics[ref].format not in ("percent", "ratio"):
            # "rank the regions by churn share, worst first": whether a bigger share of a part is better is the part's,
            # which the model does not say — asked back, never guessed from the count's
            frame.unread.append(JUDGED.search(frame.text).group(0))  # type: ignore[union-attr]
        if self.model.metrics[ref].higher_is == "worse":
            return "asc" if direction == "desc" else "desc"
        return "desc" if direction == "desc" else "asc"

    @staticmethod
    def _ordered_metric(frame: Frame, metrics: list[MetricRef]) -> MetricRef:
        """The figure an order names among several asked ("各大区的客户数和户均AUM，按户均AUM从高到低排",
        "… sorted by avg AUM"): the one said right after 按/by before the order words; else the first."""
        if len(metrics) < 2:
            return metrics[0]
        names = {m for m in metrics if isinstance(m, str)}
        after = re.match(r"\s*(?:by|on|按照?)\s*", frame.text[frame.rank.span[1]:], re.I) if frame.rank is not None else None
        if after is not None:  # "… top 3 by conversion rate": the figure said right after the top N
            at = frame.rank.span[1] + after.end()
            said = [e.target for m in frame.mentions if m.start == at for e in m.entries if e.kind == "metric" and e.target in names]
            if said:
                return said[0]
        for cue in cues.RANKING.finditer(frame.text):
            for m in frame.mentions:
                said = [e.target for e in m.entries if e.kind == "metric" and e.target in names]
                if not said:
                    continue
                before = re.search(r"(?:按照?|根据|\bby|\bon)\s*$", frame.text[max(0, m.start - 6):m.start], re.I)
                if before and (0 <= cue.start() - m.end <= 2 or m.start >= cue.end() and not frame.text[cue.end():m.start - len(before.group())].strip()):
                    return said[0]
        return metrics[0]

    def _ordered_field(self, frame: Frame, group: list[GroupBy]) -> str | None:
        """A breakdown field named right before the order words ("按年龄段从小到大排",
        "by age band, youngest first" is not this: that orders by the metric)."""
        cue = cues.RANKING.search(frame.text)
        if cue is None or re.match(r"\s*(?:by|on|according\s+to|按)", frame.text[cue.end():], re.I):
            return None  # "channels ranked by cost per conversion": ordered by the figure named after
        if any(m.of_kind("metric") and m.end <= cue.start() and re.search(r"按照?\s*$", frame.text[:m.start]) for m in frame.mentions):
            return None  # "按转化金额给活动目标排个序": the figure after 按 is the order, the field only what is ordered
        grouped = {g.field for g in group}
        for m in frame.mentions:
            if 0 <= cue.start() - m.end <= 1:
                fields = [e.target for e in m.entries if e.kind == "field" and e.target in grouped and self._has_order(e.target)]
                if fields:
                    return fields[0]
        return None  # ("按渠道 排个序 从高到低": channels have no order of their own — the figure's order)

    def _has_order(self, field: str) -> bool:
        """Do the field's values have an order of their own (age bands, tiers), or is it a number?"""
        refs = [self.model.tags.get(field), *(dims.get(field) for dims in self.model.dimensions.values())]
        return any(r is not None and (getattr(r, "order", None) or r.type == "number" or r.type == "date") for r in refs)

    def _has_value(self, field: str, code: str, metrics: list[MetricRef]) -> bool:
        """Can ``field`` be ``code`` on the rows the metrics count? (A declared value list of
        the field on the metrics' table must hold it; data-read and customer fields may.)"""
        for table in self.tables(metrics):
            dim = self.model.dimensions.get(table or "", {}).get(field)
            if dim is not None and dim.values and not dim.values_from_data and code not in dim.values:
                return False
        return True

    def _period_of_a_tag(self, frame: Frame) -> bool:
        """"new customers (last 90 days) who haven't logged in at all in the past 30 days": the only period said is the
        window a tag condition said before it counts over (近30天登录天数) — no period of the figure's."""
        from assistant.parse.reading.frame import covers_tag_window

        t = frame.time
        return t is not None and len(frame.times) == 1 and any(
            covers_tag_window(self.model, entries, t, frame.as_of or frame.today or t.end)
            and (c.span[1] <= t.span[0] and re.fullmatch(r"[\w\s']{0,24}", frame.text[c.span[1]:t.span[0]]) is not None
                 or t.span[1] <= c.span[0] and re.fullmatch(r"\s*(?:一(?:天|次|下)\s*)?(?:都|也|一直|完全)?(?:没有?|未|无|不曾|从没)?(?:在\w{0,6})?\s*", frame.text[t.span[1]:c.span[0]]) is not None)
            for entries, c in frame.field_filters) or t is not None and len(frame.times) == 1 and any(
            self._value_in_window(frame, h, t) for h in frame.values)

    def _value_in_window(self, frame: Frame, hit: ValueHit, t: TimeMatch) -> bool:
        """"近30天登录活跃度为高或中": a value of a tag read off another counting its own window (activity levels off the
        login days of the last 30 days), said right after that window — the window is the tag's."""
        tags = [self.model.tags[e.target] for e in hit.entries if e.target in self.model.tags and self.model.tags[e.target].cases]
        read = {name for tag in tags for case in tag.cases for name in re.findall(r"[a-z_][a-z0-9_]*", case.when) if name in self.model.tags}
        if not any(self.model.tag_window_days(n, counts_only=True) == (t.end - t.start).days + 1 for n in read) \
                or t.end != (frame.as_of or frame.today or t.end) or hit.mention.start < t.span[1]:
            return False
        named = {e.target for e in hit.entries}
        gap = mask(frame.text, [(m.start, m.end) for m in frame.mentions if t.span[1] <= m.start < hit.mention.start
                                and {e.target for e in m.of_kind("field")} & named])[t.span[1]:hit.mention.start]
        return re.fullmatch(r"[\s的为是:=：]*(?:登录|login)?[\s的为是:=：]*", gap, re.I) is not None

    def _with_period(self, metrics: list[MetricRef], filters: list[Filter]) -> list[Filter]:
        """"new customers this year": with a period, the words a metric reads as a tag value
        when no period is named (``without_period``: 新客 as of D) mean that metric over the
        period (customers who opened this year), never the tag as of D under a claimed period."""
        for m in self.model.metric_list:
            reading = m.without_period
            if reading is None or reading.metric not in metrics and m.name not in metrics:
                continue
            hit = next((f for f in filters if f.field == reading.field and f.op == "in" and tuple(f.value) == (reading.value,)), None)  # type: ignore[arg-type]
            if hit is not None:  # "new customers we signed up this year": the metric already says "new"
                if m.name not in metrics:
                    metrics[metrics.index(reading.metric)] = m.name
                filters = [f for f in filters if f is not hit]
        return filters

    def _within(self, frame: Frame, metrics: list[MetricRef]) -> Filter | None:
        """"今年申请的贷款里被拒的有多少", "loans applied for in May that were rejected": a count
        named within (or said of) the rows of another count of the same table, whose
        definition fixes a field, is those rows narrowed to that value (counted by their own
        date) — unless the two are listed side by side ("applications and rejections").
        Removes the inner metric; the narrowing filter is returned."""
        names = [m for m in metrics if isinstance(m, str)]
        if len(names) != 2 or len(metrics) != 2:
            return None
        at = {n: min((m.start, m.end) for m in frame.mentions if any(e.kind == "metric" and e.target == n for e in m.entries))
              for n in names if any(e.kind == "metric" and e.target == n for m in frame.mentions for e in m.entries)}
        if len(at) != 2:
            return None
        outer, inner = sorted(names, key=lambda n: at[n][0])
        a, b = self.metric(outer), self.metric(inner)
        if not (a.kind == b.kind == "simple" and a.measure and b.measure and a.measure.table == b.measure.table
                and a.measure.agg == b.measure.agg == "count"):
            return None
        between = frame.text[at[outer][1]:at[inner][0]]
        if not cues.WITHIN_AFTER.search(between) and cues.LIST_SEPARATOR.search(between):
            return None  # "applications and rejections": two figures
        for field in b.implies:
            fixed = fixed_values(self.model, b, field)
            if field not in a.implies and fixed:
                if frame.time is not None and self._dates(frame, at[outer], at[inner]) == "inner":
                    metrics.remove(outer)  # "applications that got rejected last quarter": rejections, by their date
                    return None
                metrics.remove(inner)
                return Filter(field=field, op="in", value=tuple(sorted(fixed)))
        return None

    @staticmethod
    def _dates(frame: Frame, outer: tuple[int, int], inner: tuple[int, int]) -> str:
        """Which of two nested counts the question's period dates: English puts a period
        after what it dates ("loans applied for in May that were rejected" / "applications
        rejected in May"), Chinese before it ("5月申请的贷款里被拒的" / "贷款申请里5月被拒的")."""
        start = frame.time.span[0]  # type: ignore[union-attr]
        if cues.is_chinese(frame.text):
            return "inner" if start >= outer[1] else "outer"
        return "inner" if start >= inner[1] else "outer"

    def _each_defined_on(self, frame: Frame, metrics: list[MetricRef]) -> None:
        """"treatment vs control conversion rate", "实验组和对照组的转化率对比": values of the field a
        metric's definition fixes, listed together, ask for the metric defined on each of them
        (the metric's own name may say one of the values: "control conversion rate")."""
        for i, name in enumerate(list(metrics)):  # "treatment vs control conversion rate, and the uplift": that one, others kept
            if isinstance(name, str) and self._each_sibling(frame, metrics, i, name):
                return

    def _each_sibling(self, frame: Frame, metrics: list[MetricRef], i: int, name: str) -> bool:
        for field in self.metric(name).implies:
            fixed = fixed_values(self.model, self.metric(name), field)
            if fixed is None or len(fixed) != 1:
                continue
            own = next(iter(fixed))
            hits = [h for h in frame.values if not h.negated and any(e.target == field and e.code for e in h.entries)]
            said = [(h.mention.start, h.mention.end, next(e.code for e in h.entries if e.target == field and e.code)) for h in hits]
            words = [w.lower() for w in _value_words(self.model.field_values(field).get(own))]
            said += [(m.start, m.end, own) for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)
                     and any(_says_word(w, m.text.lower()) for w in words)]
            said.sort()
            codes = list(dict.fromkeys(code for _, _, code in said))
            # between them only a list word, or the figure itself and what sets it against the other
            # ("treatment group's conversion rate compare with control")
            between = mask(frame.text, [(m.start, m.end) for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)])
            if len(codes) < 2 or not all(_LISTED.fullmatch(re.sub(r"\s+", " ", between[a[1]:b[0]])) for a, b in zip(said, said[1:], strict=False)
                                         if a[2] != b[2]):
                continue
            siblings = [name if code == own else self._defined_on(name, field, code) for code in codes]
            if None in siblings:
                continue
            metrics[i:i + 1] = [s for s in siblings if s is not None and (s not in metrics or s == name)]
            frame.values = [h for h in frame.values if h not in hits]
            frame.attached += [((a[1], b[0]), "any") for a, b in zip(said, said[1:], strict=False) if a[1] < b[0]]
            frame.attached += [(m.span(), "any") for m in _SET_AGAINST.finditer(frame.text)]
            return True
        return False

    def _to_defined_on(self, frame: Frame, metrics: list[MetricRef]) -> None:
        """"对照组的营销转化率", "hold-out group conversion rate": a value that contradicts what a
        metric's definition fixes names the sibling metric defined on that value."""
        named = {e.target for m in frame.mentions for e in m.entries if e.kind == "metric"}
        for hit in frame.values:
            entry = self.pick(hit.entries, metrics, frame.mentioned_fields)
            if entry is None or not entry.code or hit.negated:
                continue
            for i, name in enumerate(metrics):
                if not isinstance(name, str):
                    # "max loan amount disbursed this year": the rows the value names (disbursements,
                    # by their own date), unless the question names the rows it aggregates
                    if name.of and name.of not in named and entry.target not in self.metric(name.of).implies:
                        counted = self._counted_as(name.of, entry.target, entry.code)
                        if counted and names_rows_outside(frame, self.model, self.metric(counted), {entry.target}):
                            counted = None  # "pending or approved-not-disbursed loans": not all are approvals
                        fixed = fixed_values(self.model, self.metric(name.of), entry.target)
                        if counted is None and fixed is not None and entry.code not in fixed:
                            counted = self._all_rows(name.of)  # "已经结清的贷款，平均期限": none is outstanding — all loans
                        metrics[i] = name.model_copy(update={"of": counted}) if counted else name
                    continue
                if entry.target not in self.metric(name).implies:
                    # "今年被拒掉的贷款申请", "rejected applications": rejections, counted by their
                    # decision date (the model's loan_rejections); but "applications this year that
                    # ended up rejected" are applications of the year, by the day they were filed
                    named_at = [(m.start, m.end) for m in frame.mentions if any(e.kind == "metric" and e.target == name for e in m.entries)]
                    value_at = (hit.mention.start, hit.mention.end)
                    if not named_at or value_at[0] < min(named_at)[0] \
                            or frame.time is not None and self._dates(frame, min(named_at), value_at) == "inner":
                        metrics[i] = self._counted_as(name, entry.target, entry.code) or name
                    fixed = fixed_values(self.model, self.metric(metrics[i]), entry.target)
                    if fixed is not None and entry.code not in fixed:  # "已结清贷款的笔数": none is outstanding
                        metrics[i] = self._all_rows(metrics[i]) or metrics[i]
                    continue
                if not isinstance(name, str):
                    continue
                fixed = fixed_values(self.model, self.metric(name), entry.target)
                if fixed is not None and entry.code not in fixed:
                    sibling = self._defined_on(name, entry.target, entry.code)
                    if sibling is not None and sibling in metrics:
                        continue  # "our campaign conversion rate … against the control group's conversion rate": the other's value
                    if sibling is not None and (self._own_value_said(frame, name, entry.target, fixed)
                                                or _AGAINST_BEFORE.search(frame.text, max(0, hit.mention.start - 16), hit.mention.start)):
                        # "the treatment group's rate … the control group's", "conv rate vs control grp": both asked
                        metrics.insert(i + 1, sibling)
                    else:
                        metrics[i] = sibling or self._all_rows(name) or name

    def _left_out_already(self, frame: Frame, metrics: list[MetricRef]) -> None:
        """"conversions …, excluding the control group": a value left out that every figure's own definition
        leaves out already (conversions are the treatment group's) is said, not a condition to add."""
        names = [m for m in metrics if isinstance(m, str)]
        if not names or len(names) != len(metrics):
            return
        for hit in list(frame.values):
            if not hit.negated:
                continue
            codes = {(e.target, str(e.code)) for e in hit.entries if e.code is not None}
            if codes and all(any((fixed := fixed_values(self.model, self.metric(n), field)) is not None and code not in fixed
                                 for field, code in codes) for n in names):
                frame.values.remove(hit)
                frame.attached.append(((hit.mention.start, hit.mention.end), "any"))
                said = [c.span() for c in cues.NEGATION_BEFORE.finditer(frame.text, max(0, hit.mention.start - 16), hit.mention.start)]
                frame.attached += [(said[-1], "any")] if said else []  # ("excluding", "不含": the leaving out, said)
                after = _LEFT_OUT_AFTER.match(frame.text, hit.mention.end)
                frame.attached += [(after.span(), "any")] if after else []  # ("已结清的不算", "settled ones excluded": said after)

    def _included_already(self, frame: Frame, metrics: list[MetricRef]) -> None:
        """"all loans paid out in the quarter (incl. ones already settled since)", "（含已结清的）": a value said to be
        included is no condition — it is said, when every figure's rows may have it; asked about when one's cannot."""
        from semantic_layer.compile.plan import row_values

        names = [m.of if isinstance(m, Aggregate) else m for m in metrics]
        for hit in list(frame.values):
            said = _INCLUDED_BEFORE.search(frame.text, max(0, hit.mention.start - 30), hit.mention.start)
            if hit.negated or said is None or cues.NEGATION_BEFORE.search(frame.text, max(0, said.start() - 6), said.start() + 1):
                continue
            codes = {(e.target, str(e.code)) for e in hit.entries if e.code is not None}
            fields = {field for field, _ in codes}
            if any(h is not hit and not h.negated and h.mention.end <= said.start() and {e.target for e in h.entries} & fields for h in frame.values):
                continue  # "有定期(含大额存单)的客户": another value of the same field, widened to hold this one too
            frame.values.remove(hit)
            # (a rate's base said to include them is another rate: "approval rate including pending applications" — asked)
            if all(name is None or name in self.model.metrics and self.metric(name).kind == "simple"
                   and ((rows := row_values(self.model, self.metric(name), field)) is None or code in rows) for name in names for field, code in codes):
                frame.attached += [((said.start(), hit.mention.end), "any")]
            else:
                frame.unread.append(frame.text[said.start():hit.mention.end])

    def _own_value_said(self, frame: Frame, name: str, field: str, fixed: set[str]) -> bool:
        """Does the question also name the value the metric's own definition fixes (实验组 beside
        对照组)? Then the other value asks for a second figure, never for this one instead."""
        if any(not h.negated and any(e.target == field and e.code in fixed for e in h.entries) for h in frame.values):
            return True
        words = [w.lower() for code in fixed for w in _value_words(self.model.field_values(field).get(code))]
        return any(_says_word(w, m.text.lower()) for m in frame.mentions
                   if any(e.kind == "metric" and e.target == name for e in m.entries) for w in words)

    def _counted_as(self, name: str, field: str, code: str) -> str | None:
        """The one visible count of the same rows whose definition fixes ``field`` to ``code``
        (or to a set, or by another column, that its label names: "approved" → loan
        approvals, "disbursed" → loan disbursements)."""
        metric = self.metric(name)
        if metric.kind != "simple" or metric.measure is None or metric.measure.agg != "count":
            return None
        found = []
        for m in self.model.metric_list:
            if m.hidden or m.name == name or m.kind != "simple" or m.measure is None or m.measure.table != metric.measure.table \
                    or m.measure.agg != "count":
                continue
            if field not in m.implies:
                if code == "true" and self._flag_in_condition(m, field):  # "上个月批了多少笔": approved is what approvals count
                    found.append(m.name)
                continue
            fixed = fixed_values(self.model, m, field)
            if fixed == {code} or ((fixed is None or code in fixed) and code.lower()[:5] in m.label.en.lower()):
                found.append(m.name)
        return found[0] if len(found) == 1 else None

    def _flag_in_condition(self, metric: Metric, field: str) -> bool:
        """Is the boolean dimension ``field`` (was_approved: status in approved, disbursed, settled) part of the
        metric's own condition — every row it counts has the flag?"""
        dimension = next((d for dims in self.model.dimensions.values() for n, d in dims.items() if n == field), None)
        where = re.sub(r"\s+", " ", (metric.measure.where or "") if metric.measure else "").lower()
        return dimension is not None and getattr(dimension, "type", None) == "boolean" and bool(dimension.expr) \
            and re.sub(r"\s+", " ", dimension.expr).lower() in where

    def _narrows(self, ref: MetricRef, field: str, said: str, code: str | None = None) -> bool:
        """"未结清的贷款有多少笔", "settled loans disbursed last year": a value of a field the
        metric implies without fixing it in its own condition (disbursements imply a status of
        disbursed or settled) narrows the rows — unless its words restate the metric's own
        (已放款 beside 放款笔数, "disbursed" beside "loans disbursed"); so does one of several
        values its condition fixes ("已批未放" of approvals: approved, disbursed or settled)."""
        if not isinstance(ref, str) and getattr(ref, "of", None) is None:
            return False
        metric = self.metric(ref if isinstance(ref, str) else ref.of)  # "还款中的房贷的平均利率": the rows aggregated
        fixed = fixed_values(self.model, metric, field)
        if metric.kind != "simple" or fixed is not None and (code is None or code not in fixed or len(fixed) < 2):
            return False
        names = " ".join((metric.label.zh, metric.label.en, *metric.synonyms.all())).lower()
        said = said.lower()
        if cues.is_chinese(said):
            return not any(said[i:i + 2] in names for i in range(len(said) - 1))
        # ("approved but not yet disbursed" beside loan approvals says more than "approved": every word must restate it)
        return not all(p in names for p in re.findall(r"[a-z]{4,}", said))

    def _all_rows(self, name: str) -> str | None:
        """The one visible plain count of the same table's rows (no condition of its own) —
        for a count whose own condition a named value contradicts."""
        measure = self.metric(name).measure
        if measure is None or measure.agg != "count":
            return None
        found = [m.name for m in self.model.metric_list if not m.hidden and m.kind == "simple" and m.measure is not None
                 and m.measure.table == measure.table and m.measure.agg == "count" and not m.measure.where]
        return found[0] if len(found) == 1 else None

    def _defined_on(self, name: str, field: str, code: str) -> str | None:
        """The visible metric of the same format defined on ``field = code`` whose English
        label is closest to ``name``'s (campaign conversion rate → control conversion rate)."""
        from rapidfuzz import fuzz

        metric = self.metric(name)
        candidates = [m for m in self.model.metric_list if not m.hidden and m.name != name and m.format == metric.format
                      and field in m.implies and fixed_values(self.model, m, field) == {code}]
        scored = sorted(((fuzz.token_set_ratio(metric.label.en, m.label.en), m.name) for m in candidates), reverse=True)
        if not scored or scored[0][0] < 60 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]

    def _value_filter(self, hit: ValueHit, metrics: list[MetricRef], frame: Frame) -> Filter | None:
        entry = self.pick(hit.entries, metrics, frame.mentioned_fields)
        if entry is None:
            return None
        field_said = _FIELD_EQUALS.search(frame.text, max(0, hit.mention.start - 16), hit.mention.start) is not None
        if not field_said and any(entry.target in self.metric(m).implies and not self._narrows(m, entry.target, hit.mention.text, entry.code or None)
                                  and not (hit.negated and self.metric(m).kind == "ratio") for m in metrics):
            # "沉睡客户的唤醒率": the metric's definition already says so ("leaving out pending applications" from an
            # approval rate leaves out rows its denominator never had: read, and harmless)
            return None
        if entry.code and not self._has_value(entry.target, entry.code, metrics):
            return None  # "理财产品" is no product type of deposit accounts: left unread, so asked about
        if hit.bound and entry.code:
            codes = self._ordered_from(entry.target, entry.code, hit.bound)
            if codes:
                return Filter(field=entry.target, op="not_in" if hit.negated else "in", value=codes)
        code: str | bool = entry.code or ""
        if entry.target in self.model.tags:
            field_type = self.model.tags[entry.target].type
        else:
            dim = self.model.dimensions.get(entry.table or "", {}).get(entry.target)
            field_type = dim.type if dim is not None else "category"
        if field_type == "boolean":
            truth = code == "true"
            return Filter(field=entry.target, op="=", value=(not truth) if hit.negated else truth)
        # "转账", "transfers": one word for several values of the field (transfer in and out)
        codes = tuple(dict.fromkeys(str(e.code) for e in hit.entries
                                    if e.kind == "value" and e.target == entry.target and e.table == entry.table and e.code))
        return Filter(field=entry.target, op="not_in" if hit.negated else "in", value=codes or (code,))

    def _ordered_from(self, field: str, code: str, bound: str) -> tuple[str, ...] | None:
        """"R4及以上" → (R4, R5) for a field whose values are ordered in the model."""
        ref = self.model.tags.get(field)
        if ref is None or ref.order is None or code not in ref.values:
            return None
        codes = list(ref.values)
        if ref.order == "descending":
            codes.reverse()
        i = codes.index(code)
        return tuple(codes[i:] if bound == ">=" else codes[: i + 1])

    def _merge(self, base: SemanticQuery, frame: Frame, metrics: list[MetricRef], group: list[GroupBy], filters: list[Filter],
               time_range: TimeRange | None, order: list[OrderBy], limit: int | None, share: bool) -> SemanticQuery:
        """A follow-up edits the previous query: new parts replace same-field parts."""
        new_fields = {f.field for f in filters}
        kept_filters = [f for f in base.filters if f.field not in new_fields]
        # the place said anew replaces the place ("杭州滨江支行…" then "那整个华东区的呢"), and "全行的呢?" drops it
        places = self._places()
        whole = None if new_fields & places else WHOLE_ASKED.search(frame.text)
        if new_fields & places or whole is not None:
            kept_filters = [f for f in kept_filters if f.field not in places]
        if whole is not None:
            frame.attached.append((whole.span(), "any"))
        # "top 5 branches by …" then "and the top 3 cities?": a ranking of other groups, not one within each branch
        ranked_anew = frame.rank is not None and base.limit is not None and bool(base.group_by) and bool(frame.group_fields)
        if frame.group_fields or frame.grain:
            if frame.replace_cue or ranked_anew:
                merged_group = group
            else:
                merged_group = list(base.group_by) + [g for g in group if g not in base.group_by]
                if frame.grain:
                    merged_group = [g for g in merged_group if g.field != "time" or g.grain == frame.grain]
        else:
            merged_group = list(base.group_by)
        pinned = {f.field for f in [*kept_filters, *filters] if f.op in ("=", "in") and len(f.value if isinstance(f.value, tuple | list) else (f.value,)) == 1}
        if any(g.field not in pinned for g in merged_group):  # "只看华东的话，按城市再拆": region is one value now — by city only
            merged_group = [g for g in merged_group if g.field not in pinned or g.field == "time"]
        if not frame.group_fields and not frame.grain and (one := _AS_ONE.search(frame.text)) is not None:
            merged_group = []  # "what about Q4 as a whole, just one number": no breakdown now
            frame.attached.append((one.span(), "any"))
        replaced = (frame.replace_cue or ranked_anew) and {g.field for g in merged_group} != {g.field for g in base.group_by}
        merged_metrics = list(metrics)  # the base's, unless the follow-up named or switched them
        # "top 5 cities by number of ppl logging in" then "rank by number of wealth product views instead": the views
        # themselves are counted now, not the people
        if not frame.metrics and len(merged_metrics) == 1 and isinstance(merged_metrics[0], Aggregate) \
                and merged_metrics[0].func == "count_distinct" and merged_metrics[0].field == ENTITY_CUSTOMER and merged_metrics[0].of \
                and any(_ROWS_NUMBER_BEFORE.search(frame.text, max(0, h.mention.start - 16), h.mention.start) for h in frame.values) \
                and not cues.CUSTOMER_WORDS.search(frame.text):
            merged_metrics = [merged_metrics[0].of]
        if frame.metrics and frame.add_metric:  # "add the control conversion rate as well"
            merged_metrics = list(dict.fromkeys([*base.metrics, *metrics]))
        merged_metrics = self._same_function_of(base, frame, merged_metrics)
        kept_names = {metric_name(m) for m in merged_metrics}
        reranked = frame.rank is not None or frame.ranking_only or _RANKED_ANEW.search(frame.text) is not None
        same_again = bool(frame.replace_cue or cues.SAME_BUT.search(frame.text))  # ("same ranking but by AUM": its order too)
        if not order and (not reranked or same_again) and base.order_by and (base.limit or same_again) and merged_group == list(base.group_by) \
                and all(o.field in base.metric_names for o in base.order_by) and not {o.field for o in base.order_by} <= kept_names:
            if same_again:
                # "存款余额最高的5个城市" then "换成贷款余额看看呢", "same thing but per-customer AUM": the same ranking by the new figure
                # (its own order when it says one: "rank by CPA, cheapest first" then "same thing but ROI, best first")
                said = frame.rank.direction if frame.rank is not None else ("asc" if cues.ASCENDING.search(frame.text) else "desc") \
                    if frame.ranking_only else None
                direction = self._judged(frame, merged_metrics[0], said) if said else base.order_by[0].direction
                order, limit = [OrderBy(field=metric_name(merged_metrics[0]), direction=direction)], base.limit
            else:
                # "which campaign had the best ROI?" then "how many conversions did that one get?": the same top
                # groups, the figure they were ranked by kept beside the new one
                merged_metrics = [*(m for m in base.metrics if metric_name(m) in {o.field for o in base.order_by} - kept_names), *merged_metrics]
                order, limit = list(base.order_by), base.limit
        if frame.rank and not order and any(g.field != "time" for g in merged_group):  # "make it the top 10"
            order = [OrderBy(field=metric_name(merged_metrics[0]), direction=self._judged(frame, merged_metrics[0], frame.rank.direction))]
            limit = frame.rank.n
        kept_share = None
        if base.share is not None and not share and not frame.share:  # "高价值客户里存款波动大的占比" then "中价值的呢？"
            part_fields = {p.field for p in base.share.part}
            said_part = [f for f in filters if f.field in part_fields]  # "存款波动小的呢": the part said anew
            part = [p for p in base.share.part if p.field not in {f.field for f in said_part}] + said_part
            filters = [f for f in filters if f.field not in part_fields]
            kept_filters = [f for f in kept_filters if f.field not in part_fields]
            kept_share = base.share.model_copy(update={"part": tuple(part)})
        kept_benchmark = None
        if base.benchmark is not None and not share:  # "华东的逾期率跟全行比" then "华南呢": 华南 against the whole
            said_part = [f for f in [*kept_filters, *filters] if f.field in {p.field for p in base.benchmark.part}]
            kept_benchmark = base.benchmark.model_copy(update={"part": tuple(said_part) or base.benchmark.part})
            filters = [f for f in filters if f not in said_part]
            kept_filters = [f for f in kept_filters if f not in said_part]
        period = time_range or base.time_range
        if frame.grain and time_range is None:
            period = trend_period(period, frame.grain)  # "按月看趋势" after "上个月…": a trend needs more than one month
        return SemanticQuery(
            metrics=tuple(merged_metrics),
            group_by=tuple(merged_group),
            filters=tuple(kept_filters + filters),
            time_range=period,
            as_of=frame.as_of or base.as_of,
            share_of_total=share or base.share_of_total,
            customer_rows=base.customer_rows,  # "这些人里面，…": still the customers the last answer chose by their rows
            share=kept_share,
            benchmark=kept_benchmark if kept_share is None and (kept_benchmark is None or kept_benchmark.part or merged_group) else None,
            # "本月APP渠道的交易笔数环比上月变化多少？" then "what about wechat?": the same comparison, of wechat
            # ("上个季度呢": that quarter against the one before it, or a year before)
            compare=None if base.compare is None or frame.grain or share or kept_share is not None
            else base.compare if time_range is None else Compare(to=base.compare.to),
            own_conditions=_own_kept(base, merged_metrics, kept_share),
            order_by=tuple(order) if order else base.order_by if set(o.field for o in base.order_by) <= set(merged_metrics) else (),
            # ("哪5个城市…最高" then "那按大区看呢": the five were of cities — every region now)
            limit=limit or (None if replaced else base.limit),
        )


#: "(哪个平台都算)", "不限渠道", "regardless of platform": any value of a field, no condition on it
#: "any" said before a field; the open-ended words (不限…, regardless of …) need no "都算" after the field
_ANY_BEFORE = patterns.compile(r"(?:哪个|哪种|哪一个|任何|任一|(?P<open>不限|不论|无论|不管))(?:是)?(?:哪个|什么|哪种)?\s*$|"
                               r"\b(?P<open_en>regardless\s+of|irrespective\s+of|no\s+matter\s+(?:the|which|what)|(?:on|via|through|from|in)\s+any)"
                               r"(?:\s+the)?\s+$", re.I)
_ANY_AFTER = patterns.compile(r"\s*(?:都算|都行|都可以|均可|都计入|都包括|都统计|皆可)|\s+(?:counts|is\s+fine|works)\b", re.I)


def _any_value_counts(frame: Frame, query: SemanticQuery) -> None:
    """"近30天有多少客户登录过(哪个平台都算)": a field said with "any of it counts" asks for no condition
    on it — placed when the query has none (a condition or a breakdown on it reads the words otherwise)."""
    used = {f.field for f in query.filters} | {g.field for g in query.group_by}
    for m in frame.mentions:
        fields = {e.target for e in m.of_kind("field")}
        if not fields or fields & used or m.of_kind("value") or m.of_kind("metric"):
            continue
        before = _ANY_BEFORE.search(frame.text, max(0, m.start - 24), m.start)
        after = _ANY_AFTER.match(frame.text, m.end)
        if before is not None and (after is not None or before.group("open") or before.group("open_en")):
            frame.attached.append(((before.start(), after.end() if after else m.end), "any"))


_EACH_HOW_MUCH = patterns.compile(r"各(?:自)?(?:有|是|为)?\s*(?:多少|几)")


def _group_mentions(frame: Frame, group: list[GroupBy]) -> list[Mention]:
    """The mentions that name a field the answer is broken down by."""
    grouped = {g.field for g in group}
    return [m for m in frame.mentions if any(e.kind == "field" and e.target in grouped for e in m.entries)]


#: every group asked for after the one ranked first: "give me counts for each band", "各段人数都列一下"
_EVERY_GROUP = patterns.compile(r"\b(?:for|of|in)\s+(?:each|every|all(?:\s+the)?)\s+(?:one|band|bucket|group|tier|segment|of\s+them)\b|"
                                r"\b(?:for|in|across)\s+(?:each|every)\s+[a-z]+\b|"  # ("the highest ROI of all campaigns": the top one)
                                r"\b(?:each|every)\s+(?:one|of\s+them)\b|(?:各|每)(?:个|一个)?(?:段|组|档|层|区)?的?(?:人数|数量|户数|数字?)?都?(?:列|给|看|是多少)", re.I)


def _which_in_plural(frame: Frame, group: list[GroupBy]) -> bool:
    """"Which cities have the most customers with …": groups asked in the plural — not one of them."""
    return any(re.search(r"\bwhich\s+$", frame.text[max(0, m.start - 8):m.start], re.I) and re.search(r"[a-z]s$", m.text, re.I)
               for m in _group_mentions(frame, group))


#: how many groups a ranking lists, said right before the group's noun: "6个支行", "七大区"
_GROUPS_COUNTED = patterns.compile(r"(?<![0-9.第前后])([0-9]{1,3}|[一二三四五六七八九十两]{1,3})\s*(?:个|家)?$")


def _groups_counted(frame: Frame, group: list[GroupBy]) -> int | None:
    """"华南6个支行按AUM从高到低排个名", "七大区按客户数从高到低排一下": the number said of the ranked groups is
    how many rows the ranking shows (all of them when it is their number)."""
    for m in _group_mentions(frame, group):
        said = _GROUPS_COUNTED.search(frame.text, max(0, m.start - 5), m.start)
        n = to_int(said.group(1)) if said else None
        if said and n:
            frame.attached.append((said.span(), "any"))
            return n
    return None


#: "那按ROI排呢", "rank them by AUM instead": a new order, not the same top groups
_RANKED_ANEW = patterns.compile(r"排|\b(?:rank|ranked|ranking|sort|sorted|order|ordered)\b", re.I)


#: "branches that disbursed at least one loan", "至少放过一笔贷款的支行": the groups with any rows
_AT_LEAST_ONE = patterns.compile(r"\bat\s+least\s+(?:one|1|a\s+single)\b|至少(?:有|放过|办过|做过|发生过)?(?:一|1)(?:笔|个|次|位|条|单)", re.I)


def _groups_with_some(frame: Frame, query: SemanticQuery, model: SemanticModel) -> SemanticQuery:
    """"Among branches that disbursed at least one loan, which five had the lowest total": a bottom ranking of
    the groups that have rows — not every branch with 0 (which a bottom-N of a count or a sum otherwise ranks)."""
    said = _AT_LEAST_ONE.search(frame.text)
    if said is None or not query.group_by or not query.order_by or query.order_by[0].direction != "asc" or query.limit is None:
        return query
    ranked = query.order_by[0].field
    metric = model.metrics.get(ranked)
    if metric is None or metric.measure is None or metric.measure.agg not in ("count", "count_distinct", "sum") \
            or any(f.field == ranked for f in query.filters):
        return query
    frame.attached.append((said.span(), "any"))
    return query.with_changes(filters=(*query.filters, Filter(field=ranked, op=">", value=0)))


#: "no", "zero", "没有": none of the rows at all (not "non-", not "not")
_NONE_OF = patterns.compile(r"\b(?:no|zero)\s+$|(?:没有|没|无)\s*$", re.I)


def _groups_with_none(frame: Frame, query: SemanticQuery) -> SemanticQuery:
    """"Which cities had no business-loan disbursements at all": "no" before a value said right before the
    figure's own name asks for the groups without such rows — not the figure of the other values' rows by
    group. The groups whose figure over the value's rows is 0 (every group listed, the empty ones at 0);
    the words asked about when that cannot be said."""
    if not query.group_by or len(query.metrics) != 1 or query.order_by or query.limit:
        return query
    counted = set(query.metric_names)
    for h in frame.values:
        said = _NONE_OF.search(frame.text, max(0, h.mention.start - 8), h.mention.start)
        if not h.negated or said is None:
            continue
        figure = next((m for m in frame.mentions if h.mention.start < m.start and m.start - h.mention.end <= 1  # (business-loan disbursements)
                       and any(e.kind == "metric" and e.target in counted for e in m.entries)), None)
        if figure is None:
            continue
        codes = {str(e.code) for e in h.entries}
        denied = [f for f in query.filters if f.op in ("not_in", "!=") and {str(v) for v in (f.value if isinstance(f.value, tuple) else (f.value,))} <= codes]
        if len(denied) != 1:
            frame.unread.append(frame.text[said.start():figure.end].strip())
            return query
        kept = denied[0].model_copy(update={"op": "in", "value": tuple(denied[0].value) if isinstance(denied[0].value, tuple) else (denied[0].value,)})
        frame.attached.append((said.span(), "any"))
        zero = Filter(field=query.metric_names[0], op="=", value=0)
        return query.with_changes(filters=tuple(kept if f is denied[0] else f for f in query.filters) + (zero,))
    return query


def _told_shown(frame: Frame, query: SemanticQuery, model: SemanticModel) -> SemanticQuery:
    """"the 2024 spring festival consumer loan campaign", "For the campaign 2025夏季经营贷助力计划, what were …":
    one named thing of the rows read from the data (a campaign, a product) is shown as the answer's row name —
    which one was read — beside figures with no breakdown of their own."""
    if query.group_by or query.share is not None or query.share_of_total or not query.metrics:
        return query
    said = {e.target for h in frame.values if not h.negated for e in h.entries}
    told = {e.target for h in frame.values if h.mention.told for e in h.entries}
    named = told | {f for f in said if f not in model.tags and any(  # the rows' own things, not where customers live
        f in d and d[f].values_from_data for d in model.dimensions.values())}
    pinned = [f.field for f in query.filters if f.field in named and f.op in ("=", "in")
              and len(f.value if isinstance(f.value, tuple) else (f.value,)) == 1]
    return query.with_changes(group_by=(GroupBy(field=pinned[0]),)) if len(pinned) == 1 else query


def _own_kept(base: SemanticQuery, metrics: list[MetricRef], share: object) -> tuple[OwnCondition, ...]:
    """"换成按收入段来分呢？": the head count beside still counts whom it counted."""
    names = [metric_name(m) for m in metrics]
    own = tuple(c for c in base.own_conditions if c.metric in names)
    return own if own and len(own) < len(names) and share is None else ()


def _counted_after_how_many(frame: Frame) -> str | None:
    """The figure named right after "how many"/"多少笔" ("how many transactions did …", "做了多少笔交易"):
    what is counted, whatever else the sentence names as its subject."""
    first = _named_after_how_many(frame)
    return next((e.target for e in first.of_kind("metric")), None) if first is not None else None


def _groups_said_included(frame: Frame) -> None:
    """"按活跃度分一下客户数，含不活跃的", "by value tier, including the low tier": a group of the breakdown said to be
    included is one of its rows, no condition."""
    grouped = {e.target for g in frame.group_fields for e in g}
    kept = []
    for hit in frame.values:
        cue = _INCLUDED_BEFORE.search(frame.text, max(0, hit.mention.start - 12), hit.mention.start)
        if cue is not None and not hit.negated and grouped and all(e.target in grouped for e in hit.entries):
            tail = _INCLUDED_AFTER.match(frame.text, hit.mention.end)
            frame.attached.append(((cue.start(), tail.end() if tail else hit.mention.end), "any"))
            continue
        kept.append(hit)
    frame.values = kept


_INCLUDED_AFTER = patterns.compile(r"\s*(?:的|在内|的也算|也算|也要|too|as\s+well)?", re.I)


def _people_of_a_tag(frame: Frame) -> None:
    """"how many transactions did payroll clients have": a value of a customer tag said right before the people it
    names is the tag's ("payroll" of the customers, never the salary credits among their rows) — unless it is an
    everyday word whose reading is asked about ("app users")."""
    everyday = {word for word, _ in frame.everyday}
    for n, hit in enumerate(frame.values):
        tags = [e for e in hit.entries if e.table is None]
        if tags and len(tags) < len(hit.entries) and hit.mention.text.strip() not in everyday \
                and PEOPLE_AFTER.match(frame.text, hit.mention.end):
            frame.values[n] = replace(hit, entries=tags)


def _named_after_how_many(frame: Frame) -> Mention | None:
    """What "how many" is followed by when people are said as who did it ("how many logins did
    Guangzhou customers have": the logins; "客户做了多少笔交易": the transactions)."""
    if (asked := cues.HOW_MANY.search(frame.text)) is None:
        return None
    after = [m for m in frame.mentions if m.start >= asked.end()]
    first = min(after, key=lambda m: m.start, default=None)
    if first is None or not re.fullmatch(r"\s*(?:[a-z-]+\s+)?|[笔次个条份件]?(?:的)?", frame.text[asked.end():first.start], re.I):
        return None
    # …with the people after it as who did them ("… did Central China customers make"), or before it ("客户做了多少笔交易")
    # … or as whose rows they are, after ("how many logins … by customers of 上海浦东支行")
    if not _DID_AFTER.match(frame.text, first.end) and not cues.CUSTOMER_WORDS.search(frame.text[:asked.start()]) \
            and not _ROWS_BY_PEOPLE.search(frame.text, first.end):
        return None
    return first


_ROWS_BY_PEOPLE = patterns.compile(r"\b(?:by|from|among)\s+(?:(?:our|the|all|their)\s+)?(?:[^\s,?]+\s+){0,2}?(?:customers|clients|users|people)\b", re.I)


_DID_BEFORE = patterns.compile(r"\b(?:did|do|does)\s+(?:(?:our|the|all|their|those|these)\s+)?(?:\S+\s+){0,2}$", re.I)
_HAD_AFTER = patterns.compile(r"\s+(?:have|make|do|hold|conduct|carry\s+out|complete|submit|file|get)\b", re.I)
_DID_AFTER = patterns.compile(r"\s+(?:did|do|does|have|has|had|were|are|was|is)\b", re.I)


_SENTENCE_BREAK = patterns.compile(r"[？?。;；]")
_SENTENCE_THEN = patterns.compile(r"[？?。!！]\s*[A-Za-z\u4e00-\u9fff]")
#: "disbursed to | 天津和平支行 | customers", "for our Shanghai clients": whose rows, said before the population word
_ROWS_OF_BEFORE = patterns.compile(r"\b(?:to|for|from|by|among|of)\s+(?:(?:our|the|all|their)\s+)?(?:\S+\s+){0,2}$|(?:发放?给|放给|卖给|向)\S{0,10}$|"
                                   # "total disbursed, leaving out customers based in Shanghai": whose rows are left out
                                   r"\b(?:leav(?:e|ing)\s+out|excluding|except|ignoring|without)\s+(?:(?:our|the|all|their|any)\s+)?$", re.I)


_CLAUSE_END = patterns.compile(r"[？?。!！;；]|,(?=\s*[A-Za-z])")  # ("by region pls, which …": an English comma too)
_BREAKDOWN_ASKED = patterns.compile(r"按照?|各|拆|分开|\bby\b|\bper\b|\beach\b|\bbroken\s+down\b|\bsplit\b|\bbreak\s*down\b", re.I)
_WHICH = patterns.compile(r"哪|\bwhich\b", re.I)
#: the whole ranking asked in words of its own: "按人数排下", "排一下", "rank them all"
_RANK_ALL = patterns.compile(r"^\s*(?:按[\u4e00-\u9fff]{1,6})?排(?:一)?下|\brank\s+(?:them|all)\b", re.I)


def _breakdown_then_which(text: str) -> bool:
    """A breakdown asked in a clause of its own, then which group is first in another ("按大区拆开看呢？哪个区最低？",
    "dormant customers by region pls, which region has the most?"), or which is first, then the whole ranking asked
    ("哪个职业的人最多？按人数排下")."""
    clauses = [c for c in _CLAUSE_END.split(text) if c.strip()]
    if len(clauses) < 2:
        return False
    which = [i for i, c in enumerate(clauses) if _WHICH.search(c)]
    return any(_BREAKDOWN_ASKED.search(c) and not _WHICH.search(c) for c in clauses[:-1]) and any(i > 0 for i in which) \
        or bool(which) and any((cues.RANKING.search(c) or _RANK_ALL.search(c)) and not _WHICH.search(c) for c in clauses[which[0] + 1:])


def _breakdown_after_the_top(frame: Frame) -> bool:
    """"what time of day are our users most active? customer count by active period": the top one asked, then the
    breakdown in a clause of its own — the whole ranking, the top first."""
    assert frame.rank is not None
    if any(0 <= m.start - frame.rank.span[1] <= 3 and m.of_kind("metric") for m in frame.mentions):
        return False  # ("which region have most overdue loan now? I mean …, by customer home region": the top one, its figure said)
    ends = [0, *(m.end() for m in _CLAUSE_END.finditer(frame.text)), len(frame.text) + 1]
    at = next((i for i, (a, b) in enumerate(zip(ends, ends[1:], strict=False)) if a <= frame.rank.span[0] < b), None)
    later = [frame.text[a:b] for a, b in zip(ends[1:], ends[2:], strict=False)][at:] if at is not None else []
    return any(_BREAKDOWN_ASKED.search(c) and not _WHICH.search(c) for c in later if c.strip())


def _restated(f: Filter, said: set[tuple[str, str | None]]) -> bool:
    """Is ``f`` a condition on values all among ``said`` ((field, code) pairs)?"""
    return f.op == "in" and isinstance(f.value, tuple) and all((f.field, c) in said for c in f.value)


#: a denial right before a value: "没用过 app", "never used the app", "不在网银"
#: "per campaign", "每个活动平均": the aggregate per row of the rows named
_PER_ROW_OF = patterns.compile(r"\bper\s+[a-z]+\b|每(?:个|一个|场|次)?[\u4e00-\u9fff]{1,3}(?:平均|均)", re.I)
_DENIED_BEFORE = patterns.compile(r"(?:没|没有|未|不|从没|从未|别)(?:用过?|在|去过?|登录过?|使用过?)?\s*$|\b(?:not|never|no)\s+(?:used?\s+|on\s+|in\s+)?(?:the\s+)?$", re.I)


#: a judgement said right after a count: "converted better", "转化效果更好", "转化得最好"
_JUDGED_AFTER = patterns.compile(r"\s*(?:the\s+)?(?:better|best|worse|worst|more\s+effectively|most\s+effectively)\b|(?:的|得)?(?:效果)?(?:更|最)?(?:好|差)(?:一些|一点)?", re.I)
JUDGED = patterns.compile(r"最好|最差|最划算|最不划算|最强|最弱|表现最|\bbest\b|\bworst\b|\bweakest\b|\bstrongest\b|best-performing|worst-performing", re.I)


def _relative(t: TimeMatch, today: date | None) -> str | None:
    """The words a saved answer re-resolves on fresh data ("上个月"), when they alone say this
    period; None when the question gave them a year of their own (去年上半年和下半年: 下半年 is 2024's)."""
    from assistant.recognise.time import find_time_ranges

    said = re.sub(r"\s{2,}", " ", t.text).strip()  # (a bracket read inside it, "7月1日至9月30日（含）期间", left blank)
    if today is None:
        return said
    alone = find_time_ranges(said, today)
    return said if alone and (alone[0].start, alone[0].end) == (t.start, t.end) else None


#: "how many" with nothing counted after it, beside a figure of the same people: "how many and what's their
#: combined AUM?", "有多少人、AUM合计多少"
_HOW_MANY_ALONE = patterns.compile(r"\bhow\s+many(?=\s*(?:and\b|,|;|\?|—|–|-|$)|\s+(?:of\s+them|are\s+there)\b)|"
                                  r"(?<!哪)(?:多少|几)(?:个|位|名)?(?:人|客户|户)(?=\s*(?:[，,、；;？?]|和|以及|及|$))|(?<!哪)几(?:个|位|名)(?=\s*(?:[，,、；;？?]|和|以及|及|$))", re.I)
#: a percentage said of a change: "涨了百分之多少", "环比百分之几", "增长了多少%", "up by what percent", "what % change"
_CHANGE_PERCENT = patterns.compile(
    r"(?:涨|跌|增长|增加|下降|减少|上升|下滑|变化|变动|环比|同比|多|少|高|低)(?:了|幅|率)?\s*(?:是|为|有)?\s*(?:百分之多少|百分之几|多少\s*%|几\s*%)|"
    r"\b(?:up|down|grow|grew|growth|rise|rose|fall|fell|drop(?:ped)?|change[sd]?|increase[sd]?|decrease[sd]?)\s+(?:by\s+)?(?:what|how\s+many)\s+(?:%|percent)|"
    r"\b(?:what|which)\s+(?:%|percent(?:age)?)\s+(?:change|growth|increase|decrease|drop|rise|fall)\b|"
    # "变化百分比呢", "涨跌幅百分比", "% change", "percent change"
    r"(?:变化|变动|增减|涨跌|增长|涨跌幅|变化幅度)\s*(?:的)?\s*(?:百分比|百分点|%)|(?:%|\bpercent(?:age)?)\s*change\b|\bchange\s+in\s+(?:%|percent)", re.I)


_PERCENT_CLAUSE = patterns.compile(r"(?<=[,，;；?？。])\s*(?:是|大概|约|幅度)?\s*(?:(?:金额|绝对值|绝对数|数值|变化额|amount|absolute)\s*(?:和|与|跟|及|加|\band\b|&|/|,|，)\s*)?"
                                   r"(?:百分之多少|百分之几|百分比|多少\s*%|几\s*%|%|percent(?:age)?|by\s+what\s+(?:%|percent)|what\s+(?:%|percent))\s*"
                                   r"(?:都要|也要|都给|也给|都给我|\bboth\b)?\s*(?=[?？。.!！]|$)", re.I)


def _percent_of_change(text: str) -> bool:
    """Every share word of the question is the percentage of a change, not a share of a base."""
    from assistant.parse.building.compare import CHANGE

    said = [m.span() for m in cues.SHARE.finditer(text)]
    changes = [m.span() for m in _CHANGE_PERCENT.finditer(text)]
    first_change = next((m.start() for m in CHANGE.finditer(text)), None)
    if first_change is not None:  # "环比涨了还是跌了，百分之多少？": a clause of its own after the change
        changes += [m.span() for m in _PERCENT_CLAUSE.finditer(text, first_change)]
    return bool(said) and all(any(a <= s < b for a, b in changes) for s, _ in said)


#: "一笔贷款都没有在还": the rows, then 都没有, then the state that none of them is in
_NONE_THEN_STATE = patterns.compile(r"(?:都|也)\s*(?:没有|没|未)\s*$")


def _none_said_once(frame: Frame, rows: list) -> list:
    """"一笔贷款都没有在还": none of the rows in a state, said once — not also none of the rows at all (the table's word
    is the state's rows, not a second condition)."""
    stated = {e.target for m in frame.mentions if _NONE_THEN_STATE.search(frame.text, max(0, m.start - 4), m.start) for e in m.of_kind("value")}
    if not stated:
        return rows
    return [a for a in rows if a.filters or not any(
        b is not a and b.metric == a.metric and b.op == a.op and b.value == a.value and b.period == a.period
        and {f.field for f in b.filters} & stated for b in rows)]


def _share_words(text: str) -> list[tuple[tuple[int, int], str]]:
    """Where a share is asked ("百分之多少", "what percentage"), each word whole ("percentage",
    not "percent" and a stray "age"), read."""
    return [((m.start(), m.end() + len(re.match(r"\w*", text[m.end():]).group())), "any")  # type: ignore[union-attr]
            for m in cues.SHARE.finditer(text)]


@cache
def _conjuncts(condition: str) -> set[str]:
    """The parts of a condition joined by AND, each written one way with its columns unqualified."""
    tree = sqlglot.parse_one(condition)
    for column in tree.find_all(sqlglot.exp.Column):
        column.set("table", None)
    return {part.sql().lower() for part in tree.flatten()} if isinstance(tree, sqlglot.exp.And) else {tree.sql().lower()}


def _normal(condition: str) -> str:
    """A condition written one way: the same SQL spells the same condition."""
    return sqlglot.parse_one(condition).sql().lower()


#: a unit asked for after 多少/几: "平均多少天", "平均要几个月"
_UNIT_ASKED = patterns.compile(r"(?:多少|几)\s*(天|日|个月|月|年|岁|笔|次|分)|\bhow\s+many\s+(days|months|years)(?:\s+(?:does|did|do)\s+it\s+take)?", re.I)

#: the difference of two figures asked: "比对照组高出多少", "how much higher … than", "the gap between"
_DIFFERENCE = patterns.compile(r"比[^，,。？?；;]{0,16}?(?:高出|高了|多出|多了|低了|少了|高|低)(?:了)?(?:多少|几个百分点|几个点|几个pp)|之差|差值|相差多少|差多少|差了多少|"
                               r"\bhow\s+much\s+(?:higher|lower|better|worse|more|less)\b(?:[^?.,;]{0,60}?\bthan\b)?|\b(?:higher|lower|better|worse)\s+than\b[^?.,;]{0,40}?\bby\s+how\s+much\b|"
                               r"\b(?:difference|gap)\s+between\b", re.I)
#: a figure's basis (口径) said beside it: "按日均口径", "以月末时点口径", "on an average daily basis"
_BASIS = patterns.compile(r"(?:按|以|用|取)\s*([\u4e00-\u9fff]{1,6}?)\s*(?:的)?\s*口径|\bon\s+an?\s+([a-z][a-z -]{1,24}?)\s+basis\b", re.I)


#: a word saying something is missing, in a clause that leaves rows out
_ABSENT_WORD = patterns.compile(r"没有|没|无|未|缺|空|\b(?:no|without|missing|never|don'?t|doesn'?t|do\s+not|does\s+not|lack(?:s|ing)?|blank|empty|"
                          r"hasn'?t|haven'?t|hadn'?t|didn'?t|(?:has|have|had|did)\s+not)\b", re.I)

#: a process said to get easier or harder: "did loan approvals get any easier", "审批变难了"
_EASIER_AFTER = patterns.compile(r"\s+(?:get|got|gotten|become|became|been|getting|grow|grew)\s+(?:any\s+|much\s+|a\s+lot\s+|a\s+bit\s+|more\s+)?"
                                 r"(?:easier|harder|tougher|stricter|looser|tighter|easy|hard)\b|\s*(?:变|更)(?:得)?(?:难|容易|松|严|紧)", re.I)

#: between a figure and the rows it is of ("conversion rate for campaigns launched …")
_ROWS_AFTER = patterns.compile(r"\s*(?:for|of|on|across|among|from)\s+(?:the\s+|all\s+|our\s+|those\s+)?", re.I)

#: a group said to be left out, the leaving out said after it: "已结清的不算", "settled ones are excluded"
_LEFT_OUT_AFTER = patterns.compile(r"\s*(?:的)?\s*(?:都|也)?\s*(?:不算|不计|不计入|不要|除外|不包括|不用算|排除|去掉|剔除)|"
                                   r"\s*(?:ones\s+|loans\s+|accounts\s+)?(?:are\s+|is\s+)?(?:excluded|not\s+counted|don['’]t\s+count|do\s+not\s+count|left\s+out)\b", re.I)

#: the groups of a ranking just answered, pointed back at by their number: "those three", "these 5"
_THOSE_RANKED = patterns.compile(r"\b(?:those|these|the\s+same)\s+(?:top\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b(?!\s+(?:days?|weeks?|months?|quarters?|years?)\b)|"
                                 r"(?:这|那)(?:[两三四五六七八九十]|\d{1,2})(?:个|家|座|类)(?!月|季|年|周|星期|小时)", re.I)

#: between the rows' name and a figure of them: nothing, 的, or which group of them with the field blanked ("哪个____的")
_ROWS_THEN_FIGURE = patterns.compile(r"\s*(?:(?:哪个|哪一个|哪些|哪几个|各个?|每个|每一个)\s+(?:的)?)?\s*(?:的|之)?\s*")

#: a breakdown said between a figure and the rows it is of, the field's name blanked: "click rate by ____ for campaigns …"
_BREAKDOWN_IN_GAP = patterns.compile(r"\s*(?:(?:split|broken\s+down|grouped|broken\s+out)\s+)?(?:by|per|for\s+each|across)\s+(?:each\s+)?\s*(?=\s(?:for|of|on|across|among|from)\s)", re.I)

#: a leading clause naming the rows the figures after it are of: "for campaigns launched in 2025, …"
_ROWS_FIRST = patterns.compile(rf"(?:^|[,，;；:：]\s*){cues.ROWS_FOR}", re.I)

#: between values listed together ("实验组和对照组", "treatment vs control")
_LISTED = patterns.compile(r"\s*(?:'s|’s|的)?\s*(?:和|与|及|跟|同|、|,|，|/|&|and|or|vs\.?|versus|v\.?s\.?|against|对比|对|比|相比|"
                     r"(?:(?:how\s+)?(?:does|do|did|is|was)\s+(?:it|that)?\s*)?compar(?:e[sd]?|ing)\s+(?:with|to|against)(?:\s+the)?|"
                     r"stack(?:s|ed)?\s+up\s+(?:against|to|with)(?:\s+the)?|(?:measure[sd]?|hold[s]?)\s+up\s+against(?:\s+the)?)?\s*", re.I)


_RISE = r"增长|增加|上涨|上升|增|涨|升|grew|grown|grow|increased?|rose|rise|gained|gain|growth|jump"
_FALL = r"下降|下滑|减少|下跌|缩水|流失|跌|降|declined?|dropped|drop|fell|fall|shrank|decreased?"
_LOW_END = r"最少|最小|最慢|最低|least|slowest|smallest|lowest"
#: a ranking by how much a figure moved, not by its value: "哪个大区存款增长最多", "涨幅最大的城市", "which region grew
#: the most", "biggest % drop", "rank regions by the increase"
_RANKED_BY_CHANGE = patterns.compile(
    rf"(?:{_RISE}|{_FALL}|变化|变动)(?:得|了)?(?:的)?(?P<pz>幅度|幅|速度|速|率)?(?:最多|最大|最快|最高|{_LOW_END})|"
    rf"(?:最大|最高|最快|最多|{_LOW_END})的?(?:{_RISE}|{_FALL}|变化)(?P<pz2>幅|速|率)?|"
    rf"\b(?:{_RISE}|{_FALL})\s+(?:[a-z]+\s+){{0,3}}?(?:the\s+)?(?:most|fastest|{_LOW_END})\b|"  # ("grew deposit balance the least")
    rf"\b(?:biggest|largest|greatest|highest|most|fastest|steepest|sharpest|{_LOW_END})\s+(?P<pe>%\s*|percent(?:age)?\s+)?"
    rf"(?:{_RISE}|{_FALL}|change|swing|delta)(?P<pe2>\s+rate)?\b|"
    rf"\b(?:rank|ranked|sort|sorted|order|ordered)\b[^.?!。？！]{{0,40}}?\bby\s+(?:the\s+)?(?P<pe3>%\s*|percent(?:age)?\s+)?"
    rf"(?:increase|growth|change|gain|drop|decline|decrease|rise|delta)|"
    rf"按(?:增长|增量|增幅|涨幅|变化|降幅|增速)(?:额|量|幅度)?|"
    # "bottom 3 regions on deposit bal growth yoy": the groups at one end of the change named after them
    rf"\b(?:top|bottom)\s+(?:\d+|two|three|four|five|ten)\s+[a-z]+\s+(?:on|by|for|in)\s+[^.?!,;]{{0,40}}?\b"
    rf"(?:increase|growth|change|gain|drop|decline|decrease|rise|delta)\b", re.I)


def _by_change(text: str, order: tuple[OrderBy, ...], metrics: list[str]) -> tuple[OrderBy, ...]:
    """A ranking of a comparison ordered by the change the words rank, not by the current value: in
    percent where a rate of change is said (涨幅, 增速, "biggest % increase"); the largest fall first when a
    fall is ranked from its "most"."""
    found = _RANKED_BY_CHANGE.search(text)
    if found is None or len(order) != 1 or order[0].field not in metrics:
        return order
    words = found.group(0)
    # (growth said as a noun is a rate of change: "deposit growth yoy")
    pct = any(found.group(g) for g in ("pz", "pz2", "pe", "pe2", "pe3")) or re.search(r"涨幅|增幅|降幅|跌幅|增速|\bgrowth\b", words, re.I)
    if re.match(r"按", words) or re.match(r"(?:rank|sort|order|top|bottom)", words, re.I):
        direction = order[0].direction  # "rank regions by the increase": the order said, highest first unless said otherwise
    else:
        low = re.search(_LOW_END, words, re.I) is not None
        fall = re.search(_FALL, words, re.I) is not None
        direction = "asc" if low != fall else "desc"
    return (OrderBy(field=f"{order[0].field}_change_pct" if pct else f"{order[0].field}_change", direction=direction),)


#: what sets the figures side by side ("…的转化率对比", "compare …")
#: a value set against the figure said before it: "conversion rate vs control group", "转化率跟对照组比"
_AGAINST_BEFORE = patterns.compile(r"(?:\bvs\.?|\bversus|\bagainst|\bcompared?\s+(?:with|to)|\brelative\s+to|\bover|\bnext\s+to|\balongside|\bbeside|"
                                   r"\bside\s+by\s+side\s+with|和|跟|与|同|对比|相比)"
                                   r"\s*(?:the\s+|its\s+|their\s+|our\s+|the\s+campaign['’]s\s+)?$", re.I)
_SET_AGAINST = patterns.compile(r"对比|比较|比一比|比比|比一下|相比|\bcompared?\b|\bcomparison\b", re.I)


def _value_words(label: ValueLabel | None) -> list[str]:
    return [label.en, label.zh, *label.synonyms] if label is not None else []


#: both ends of a ranking asked, apart: "which month had the highest …, and which had the lowest?"
_HIGH_SAID = patterns.compile(r"\b(?:highest|most|largest|biggest|best|top)\b|最高|最多|最大|最好", re.I)
_LOW_SAID = patterns.compile(r"\b(?:lowest|least|fewest|smallest|worst|bottom)\b|最低|最少|最小|最差", re.I)


def _period_gap(text: str, period: tuple[int, int], word: tuple[int, int],
                order: Literal["before", "after", "either"] = "either") -> tuple[int, int] | None:
    """Where the words between a period and a word said right at it lie ("今年非柜台渠道申请的", "applied for in 2025"),
    the period coming ``before`` the word (as Chinese says it), ``after`` it (as English does) or ``either``; None when
    the word is not said at the period."""
    if order != "after" and period[1] <= word[0] and _PERIOD_AT_VERB.fullmatch(text, period[1], word[0]):
        return period[1], word[0]
    if order != "before" and word[1] <= period[0] and _PERIOD_AT_VERB.fullmatch(text, word[1], period[0]):
        return word[1], period[0]
    return None


#: rows said to arrive, whatever they are: "came in", "were submitted", "提交的"
_ROWS_ARRIVED = patterns.compile(r"\b(?:came|come|coming|comes)\s+in\b|\b(?:submitted|filed|lodged|received)\b|提交", re.I)

#: between the rows' arrival and the period it is said at, the values of how they came blanked: "came in through ___ or ___ in"
_ARRIVED_AT_PERIOD = patterns.compile(r"(?:\s|\b(?:through|via|by|on|at|from|the|our|or|and|in|during|over|for)\b)*", re.I)

#: the maturity day said right before the period it falls in: "到期日在", "到期日期为", "maturity date in", "maturing in"
_MATURITY_DAY_AT = patterns.compile(r"\s*(?:日期|日)?\s*(?:在|为|是|落在|处于)?\s*|\s*(?:dates?\s+)?(?:in|during|within|falling\s+in|of)?\s*", re.I)
#: maturing, a day no figure here is dated by: "到期", "maturing", "matures"
_MATURING = patterns.compile(r"到期|\bmatur(?:e|es|ed|ing|ity)\b", re.I)


#: spending said with no word of whose: "花了多少钱", "花费", "spent"
_BARE_SPEND = patterns.compile(r"(?:一共|总共|共)?(?:花了?|花掉了?|花费了?)(?:多少钱?|的钱)?|花费|\bspent\b|\bspend\b", re.I)


#: people ranked, not rows: "登录的人最多", "客户数最少", "the most distinct customers", "fewest people"
_PEOPLE_RANKED = patterns.compile(r"(?:人|客户|用户)(?:数)?(?:最多|最少)|\b(?:most|fewest|least)\s+(?:distinct\s+|unique\s+)?(?:people|customers|clients|users)\b", re.I)


#: periods asked which of them ranks: "哪个月", "哪几个季度", "which month", "what quarter"
_PERIODS_RANKED = patterns.compile(r"哪(?:个|一个|几个|些|一|[两三四五六七八九十\d]+个)?(?:月|季度|季|年|周|天|日)|\b(?:which|what)\s+(?:\d+\s+|two\s+|three\s+|five\s+)?"
                                   r"(?:month|quarter|year|week|day)s?\b", re.I)


#: between a period and the verb it dates, in one clause: "今年申请的", "今年非柜台渠道申请的", "applied for in 2025"
_PERIOD_AT_VERB = patterns.compile(r"\s*(?:(?:的|在|里|中|内|期间|从|通过|经|于|in|during|for|over)\s*)*[^,，。;；?？!！]{0,12}?\s*", re.I)


def _same_event(label: ValueLabel, metric: Metric) -> bool:
    """Does a value's name say a state an event left (已放款, 被拒, "disbursed", "rejected") that a figure counts
    (放款笔数, "loan rejections")?"""
    names = [label.zh, label.en, *label.synonyms]
    theirs = f"{metric.label.zh} {metric.label.en}".lower()
    for name in names:
        name = name.lower()
        if re.match(r"[已被]", name):
            core = name[1:]
            if len(core) >= 2 and core[:2] in theirs:
                return True
        elif re.fullmatch(r"[a-z]+ed", name) and name[:6] in theirs:
            return True
    return False


#: a state said of people, not of things: "still active", "仍然活跃"
_PEOPLE_SAID = patterns.compile(r"\bstill\b|仍然|还", re.I)


#: a value said as the people it names: "borrowers", "贷款客户", "借款人"
_PERSON_NOUN = patterns.compile(r"(?:[a-z]ers?|[a-z]ers?['’]s?|客户|客群|人|户)$")


def _says_word(word: str, text: str) -> bool:
    """``word`` in ``text``: Latin words whole, Chinese anywhere."""
    return bool(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text)) if word.isascii() else word in text


#: between a value and what is said of the group it names ("活期那种没期限的", "活期这种")
#: "平均每个网点的…", "… per branch": each one of the groups, right before the group's name
_EACH_ONE_BEFORE = patterns.compile(r"平均(?:下来|来看|算)?\s*[，,]?\s*(?:每个|每一个|每家|每一家|每一)$")  # ("average … per region" is by region)
_KIND_OF_GAP = patterns.compile(r"\s*(?:那种|这种|那类|这类|那些|这些|那样的|这样的|之类的?)\s*(?:的)?\s*")
#: a value whose own words say something is missing ("没有放款", "never disbursed")
ABSENCE_AT = patterns.compile(r"(?:既|都|也)?(?:没有|没|无|未|从未|从没|从来没)|(?:no|without|never|not)\b", re.I)


_STATE_THEN = patterns.compile(r"\s*(?:中|状态|的)?\s*、\s*(?:还|仍|尚)?(?:没有|没|无|未)")


_ZERO_SAID = patterns.compile(r"(?:为|是|等于)\s*(?:0|零)")


_OBJECT_THEN_VALUE = patterns.compile(r"\s*(?:被|给|was\s+|were\s+|got\s+|get\s+|been\s+)?", re.I)


def _left_out_absence(frame: Frame) -> None:
    """"leave out people with no logins", "没登录过的剔除掉": the two negations cancel — the
    customers kept are those with logins, never those without."""
    spans = frame.left_out
    for n, hit in enumerate(frame.values):
        start = hit.mention.start
        said = next((s for s in spans if _KIND_OF_GAP.fullmatch(frame.text[hit.mention.end:s[0]])), None)
        if said is not None and not hit.negated:  # "活期那种没期限的去掉": the kind named is the group left out
            frame.values[n] = replace(hit, negated=True)
            continue
        if not left_out_at(spans, start, frame.text):
            continue
        if hit.negated and cues.cue_before(cues.ABSENCE_BEFORE, frame.text, start, 16):
            frame.values[n] = replace(hit, negated=False)
        elif not hit.negated and _ZERO_SAID.search(hit.mention.text):  # "存款为0的客户不算": those with none, left out
            frame.values[n] = replace(hit, negated=True)
            frame.attached += [(span, "any") for span in spans if span[0] <= start < span[1] + EXCLUSION_TAIL]
        elif ABSENCE_AT.match(hit.mention.text) or not hit.negated and _STATE_THEN.match(frame.text, hit.mention.end):
            # "没有放款(日期)的去掉": a value that is itself an absence, left out; "还在审批中、没有结果的不算":
            # a state, then the absence it is — left out, the absence its gloss
            frame.values[n] = replace(hit, negated=True)
            frame.attached += [(span, "any") for span in spans if span[0] <= start < span[1] + EXCLUSION_TAIL]  # read here
    # "既没有存款也没有贷款的客户不计入": leaving out those with neither keeps those with either — no "and" of
    # conditions says that; asked about, never answered as "both"
    for span in spans:
        absent = [h for h in frame.values if span[0] <= h.mention.start < span[1] + EXCLUSION_TAIL
                  and (ABSENCE_AT.match(h.mention.text) or cues.cue_before(cues.ABSENCE_BEFORE, frame.text, h.mention.start, 16))]
        if len(absent) >= 2:
            frame.unread.append(frame.text[span[0]:span[1]].strip())



def _metric_spans(frame: Frame) -> dict[str, tuple[int, int]]:
    """Where each metric the question names was said (the last mention of it)."""
    return {e.target: (x.start, x.end) for x in frame.mentions for e in x.entries if e.kind == "metric"}


def _merge_filter(filters: list[Filter], new: Filter) -> list[Filter]:
    """Two values of one field in a question mean either of them (IN)."""
    for i, f in enumerate(filters):
        if f.field == new.field and f.op == new.op and f.op in ("in", "not_in"):
            values = tuple(dict.fromkeys((*f.value, *new.value)))  # type: ignore[misc]
            filters[i] = Filter(field=f.field, op=f.op, value=values)
            return filters
    return filters + [new]


def _comparison_filter(field: str, c: Comparison) -> Filter:
    if c.op == "between":
        return Filter(field=field, op="between", value=(c.value, c.value2 if c.value2 is not None else c.value))
    return Filter(field=field, op=OPS.get(c.op, ">="), value=c.value)


TREND_SPAN = {"day": 30, "week": 13, "month": 12, "quarter": 8}  # buckets a trend follow-up shows


def trend_period(period: TimeRange | None, grain: str) -> TimeRange | None:
    """The period of a trend asked for as a follow-up: when the previous period holds at most
    one bucket of the grain, the last ``TREND_SPAN`` buckets ending with it (years: all data)."""
    if period is None or period.start is None or period.end is None:
        return period
    if len(buckets(period.start, period.end, grain)) > 1:
        return period
    if grain == "year":
        return None
    n = TREND_SPAN[grain]
    last = bucket_start(period.end, grain)
    if grain in ("month", "quarter"):
        first = add_months(last, -(n - 1) * (3 if grain == "quarter" else 1))
    else:
        first = last - timedelta(days=(n - 1) * (7 if grain == "week" else 1))
    return TimeRange(start=first, end=period.end)
