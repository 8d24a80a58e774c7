"""Which metric a question means when it names rows instead of a metric:
"今年通过手机App申请的消费贷有多少笔" names consumer loans applied for through the app,
"total amount of ATM cash withdrawals in 2025" names transactions of a type and channel.

The values' attributes fix the table (the one table that has all of them); the words
of the question pick among that table's metrics (their names' words, and whether a
count or an amount is asked for). A tie is no answer: the caller asks.
"""

from __future__ import annotations

import re
from functools import cache

from assistant import patterns
from assistant.parse.checking.coverage import tokens
from assistant.parse.reading import cues
from assistant.parse.reading.cues import left_out_at
from assistant.parse.reading.frame import Frame, ValueHit, mask
from assistant.parse.vocabulary.lexicon import Mention
from semantic_layer.model import Metric
from semantic_layer.query import Aggregate, MetricRef
from semantic_layer.semantic_model import SemanticModel

CJK = patterns.compile(r"[\u3400-\u9fff]")
AMOUNT = patterns.compile(r"多少钱|多少金额|金额|总额|多大金额|规模|(?:消费|花|花费|支出|用|赚|存|贷|收到|收了|拿到|领到|领了|到账|入账|进账|转出|转入|转了)了?多少(?![笔次个张份件户人位])|\bhow much\b|\bamounts?\b|\bvalue\b|\bvolume\b|\bsum\b|\btotals?\b(?!\s+number)", re.I)
COUNT = patterns.compile(r"多少笔|几笔|多少个|几个|多少次|几次|多少份|几份|多少件|数量|笔数|次数|个数|\bhow many\b|\bnumber of\b|\bcounts?\b|\btimes\b|\b(?:by|in)\s+number\b", re.I)
PER_CUSTOMER = patterns.compile(r"户均|人均|客均|平均每(?:个|位|名)?(?:人|户|客户)|平均(?:一|1)(?:个|位|名)?(?:人|户|客户)|(?:每|一)(?:个|位|名)?(?:人|客户)平均|每户|每个客户|每位客户|\bper[\s-]+(?:[a-z-]+\s+){0,2}?(?:customers?|clients?|head|capita|person|users?)\b|\beach\s+customer\b", re.I)
CUSTOMERS = patterns.compile(r"(?<=[\u4e00-\u9fff])人数|多少(?:个|位|名)?(?:不同的?|不重复的?|去重(?:后)?的?)?(?:客户|人|用户)|几(?:个|位|名)?(?:不同的?)?(?:客户|人)|客户(?:有|共有|一共有)?(?:多少|几个|几位|几名)|客户数|用户数|(?:客户|用户)(?:中|里|当中|里面|里头)|(?<=[过了的])(?:的)?人(?:中|里|当中|里面|里头)|客户(?:的)?(?:占比|比例|比重)|"
                       r"\bhow many (?:distinct |unique |different |of (?:our|the) )?(?:customers|clients|people|users|borrowers)\b|"
                       # "how many high-value customers in Shanghai …": a few words of who they are between
                       r"\bhow many (?:(?!(?:do|does|did|have|has|are|were|is|was|loans?|accounts?|transactions?|txns?|events?|applications?|times)\b)[\w-]+\s+){1,3}?(?:customers|clients|people|users|borrowers)\b|"
                       r"(?:\bnumber|#)\s*of (?:distinct |unique )?(?:customers|custs|clients|people)\b|"
                       # "what % of customers made a transaction last month": the customers counted, a part of them
                       r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction)|%)\s+of\s+(?:(?:our|the|all)\s+)?(?:customers|custs|clients|people|users)\b(?!['’])|"
                       r"^\W*(?:the\s+|our\s+)?(?:customers|clients|people|users)\s+(?:who|that|with|without)\b|"  # "customers who bought …"
                       # "high loan intent customers who used the loan calculator …, count per region": the customers who did it
                       r"\b(?:customers|clients|people|users)\s+(?:who|that)\s+(?:have\s+|has\s+|had\s+)?(?:ever\s+|also\s+|actually\s+)?"
                       r"(?:used|made|logged|opened|bought|purchased|applied|clicked|viewed|browsed|transacted|completed|redeemed|took|got|responded|answered)\b|"
                       # "out of everyone who has ever filled in a survey, what fraction …": the people are the base
                       r"\b(?:out\s+of|among(?:st)?|of)\s+(?:all\s+)?(?:the\s+|our\s+|those\s+)?(?:customers|clients|people|users|everyone|everybody|anyone|those)\s+(?:who|that)\b"
                       r"(?=.*\b(?:share|fraction|percent(?:age)?|proportion|pct|how\s+many)\b|.*%)|"
                       # "login users by platform over the past 6 months": the people the rows are of, counted by group
                       r"^\W*(?:(?!(?:of|the|our|all|total|number|distribution|breakdown|split|count|share|list|show|how|many|what|which)\b)[a-z-]+\s+){1,2}"
                       r"(?:users|customers|clients)\s+(?:by|per|across|over|in|during|each|for)\b|"
                       r"^\W*(?:(?!(?:of|the|our|all|total|number|distribution|breakdown|split|count|share|list|show|how|many|what|which)\b)[a-z-]+\s+){1,3}"
                       r"users\b(?!['’])|"  # "app login users this Dec vs Dec last year"
                       # "近90天有交易的客户按偏好渠道分布", "customers who transacted …, how do they split by channel?": the
                       # customers spread over the groups, not their rows
                       r"的(?:客户|用户)(?:按|在|分)[^，,。？?；;]{1,14}?(?:分布|构成|结构|拆分|拆开|分一下|怎么分)|"
                       r"\b(?:customers|clients|users)\b[^.?!;]{0,80}?\bhow\s+(?:do|are|did|would)\s+they\s+(?:split|break|distribut|spread|divide)", re.I)


#: an amount of money asked for in so many words (not a bare "total")
MONEY_ASKED = patterns.compile(r"金额|多少钱|多少元|总额|\bamount\b|\bmoney\b|\bhow\s+much\b", re.I)
#: a count of rows asked for beside an amount ("多少笔", "how many") — not of customers
ROW_COUNT = patterns.compile(r"多少笔|几笔|多少次|几次|笔数|次数|\bhow many\b|\bnumber of\b|\bcounts?\b", re.I)
PER_ROW_EXTREME = patterns.compile(r"(?:单笔|单次|一笔)[^,，。?？]{0,8}(?:最大|最高|最小|最低|最多)|(?:最大|最高|最小|最低)的?(?:单笔|一笔)|"
                             r"\b(?:biggest|largest|smallest|highest|lowest)\s+(?:single|individual)\b", re.I)
UNIT = patterns.compile(r"(?:多少|几)(笔|张|次|份|件|个)")


def _filler() -> frozenset[str]:
    from assistant.parse.checking.coverage import word_classes

    return word_classes()["zh"]["filler"] | word_classes()["en"]["filler"]


#: "有定期存款的客户（…）在华东区有多少个": customers the head noun, counted at the clause's end (no 的 between:
#: "的客户的存款余额有多少" asks a figure of theirs)
CUSTOMERS_COUNTED_LATER = patterns.compile(r"的(?:客户|用户)[^，,。；;？?的数量额]{0,16}?(?:有|共有|一共有|一共)?(?:多少|几)(?:个|位|名|户|人)?\s*(?:[？?。!！]|$)")


#: the people a value is said of, right after it: "payroll clients", "代发客户"
PEOPLE_AFTER = patterns.compile(r"\s*(?:customers?|clients?|people|users?|客户|用户)(?![a-z])", re.I)


def asks_for_customers(text: str) -> bool:
    """"有多少客户", "how many distinct customers": the count asked for is of customers."""
    return bool(CUSTOMERS.search(text) or CUSTOMERS_COUNTED_LATER.search(re.sub(r"[(（][^()（）]*[)）]", "", text)))


def row_tables(frame: Frame, model: SemanticModel) -> set[str]:
    """Tables that have every attribute value the question names (values only of customer
    tags are left out); between several, the ones the question's words speak of."""
    # a value said to be left out ("drop anyone with no logins") says who is not counted, not which rows are
    # ("to payroll clients": a customer tag's value said of the customers names none of its other homes' rows)
    own: list[set[str]] = [{e.table for e in hit.entries if e.table is not None} for hit in frame.values
                           if not _names_another_table(model, hit) and not left_out_at(frame.left_out, hit.mention.start, frame.text)
                           and not (any(e.table is None for e in hit.entries) and PEOPLE_AFTER.match(frame.text, hit.mention.end))]
    # a condition on a field only one table has names the rows too: "loans more than 30 days past due"
    own += [homes for entries, _ in frame.field_filters if len(homes := {e.table for e in entries}) == 1 and None not in homes]
    # a breakdown field only one table has names the rows too: "各交易渠道的笔数"
    own += [{t for t in homes if t} for g in frame.group_fields if len(homes := {e.table for e in g}) == 1 and None not in homes]
    own = [t for t in own if t]
    plain = unnamed(frame)
    if not own and (AMOUNT.search(plain) or COUNT.search(plain) or PER_ROW_EXTREME.search(plain)):  # "一共刷了多少笔": the rows' own words
        population = model.customer.table if model.customer else None
        said = _before_a_tags_value(frame, plain)  # "are rated R4 or R5": the verb of a customer tag, no survey
        own = [{t for t in model.tables if t != population and spoken_of(model, t, said)}]
    if not own or not all(own) or len(model.tables) > 1 and not any(len(t) < len(model.tables) for t in own):
        return set()  # values every table has say nothing about which rows
    tables = set.intersection(*own)
    if len(tables) > 1:  # the question's own words, not the values' names ("app" is a platform here)
        text = without_phrases_of_asking(model, plain).lower()
        words = tokens(text)
        said = {t: {w for w in model.tables[t].words.all() if _says(w, text, words)} for t in tables}
        # a word of several of them ("did") tells none apart: the words of one only count first
        own_words = {t: said[t] - set().union(*(said[o] for o in tables if o != t)) for t in tables}
        scores = {t: (len(own_words[t]), len(said[t])) for t in tables}
        best = max(scores.values())
        tables = {t for t, n in scores.items() if n == best and n[1] > 0} or tables
    return {t for t in tables if t is not None}


def _before_a_tags_value(frame: Frame, plain: str) -> str:
    """``plain`` without an English verb said right before a value of a customer tag ("rated R4"): it says what the
    customers are, not which rows are counted."""
    out = plain
    if len(plain) != len(frame.text):
        return out
    for hit in frame.values:
        if any(e.table is not None for e in hit.entries):
            continue
        verb = re.search(r"\b[a-z]+ed\s+$", frame.text[:hit.mention.start], re.I)
        if verb is not None:
            out = out[:verb.start()] + " " * (verb.end() - verb.start()) + out[verb.end():]
    return out


def _names_another_table(model: SemanticModel, hit: ValueHit) -> bool:
    """"how many loans last month": a value's word that is also another table's own name
    (loans, the app events' product category) does not say the rows are that value's."""
    said = hit.mention.text.strip().lower()
    homes = {e.table for e in hit.entries}
    # ("how much loan money did we disburse": the table's name in the singular too)
    return any(said in {t.label.zh.lower(), t.label.en.lower(), re.sub(r"s$", "", t.label.en.lower())}
               for name, t in model.tables.items() if name not in homes)


def unnamed(frame: Frame) -> str:
    """The question with the model's names blanked out (so "查询次数" is not a count cue), and another way of
    measuring denied ("by amount, not number of loans": no count asked)."""
    return mask(frame.text, [(m.start, m.end) for m in frame.mentions] + [d.span() for d in cues.RIVAL_DENIED.finditer(frame.text)])


def _unnamed_metrics(frame: Frame) -> str:
    """The question with metric names blanked out, and each compared field with its comparison
    ("金额超过5万" is a condition, not an amount asked for)."""
    blank = [(m.start, m.end) for m in frame.mentions if m.of_kind("metric")]
    for c in frame.comparisons:
        near = [m for m in frame.mentions if m.of_kind("field") and 0 <= c.span[0] - m.end <= 6]
        blank += [(m.start, c.span[1]) for m in near] + [c.span]
    return mask(frame.text, blank)


def spoken_of(model: SemanticModel, table: str, text: str) -> bool:
    """Does the question use one of the table's own words (刷, purchases …)?"""
    text = without_phrases_of_asking(model, text)
    lowered, words = text.lower(), tokens(text)
    return any(_says(w, lowered, words) for w in model.tables[table].words.all())


def without_phrases_of_asking(model: SemanticModel, text: str) -> str:
    """``text`` with the filler phrases that open with a table's one-character word blanked out: 给 in "给个数就行"
    asks for the figure, it is no survey's score given; 放 in "放一行" is no loan disbursed."""
    phrases = _phrases_of_asking(model)
    return mask(text, [(m.start(), m.end()) for m in phrases.finditer(text)]) if phrases else text


@cache
def _phrases_of_asking(model: SemanticModel) -> re.Pattern[str] | None:
    table_words = {w.lower() for t in model.table_list for w in t.words.all()}
    short = {w for w in table_words if CJK.search(w) and len(w) == 1}
    phrases = sorted((f for f in _filler() if CJK.search(f) and len(f) > 1 and f not in table_words and f[0] in short
                      and not ROW_COUNT.search(f)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases))) if phrases else None


def _says(word: str, lowered: str, words: set[str]) -> bool:
    """A table word in the question: Chinese words of two characters or more anywhere, a
    single character only as a word of its own (存 in "存了多少", not 在 in "现在有几个"),
    Latin words whole."""
    w = word.lower()
    return w in lowered if CJK.search(w) and len(w) > 1 else w in words


#: the noun of a count itself, said by "how many" as much as by its name
_COUNT_NOUNS = frozenset({"count", "number"})


def _score(metric: Metric, words: set[str]) -> tuple[int, int, int]:
    """(words shared with any of the metric's names, words shared with its labels, minus the
    label words not said): a word only a synonym mentions (申请 in 被拒的申请) counts for less
    than one of its label; between equals, the name that adds least to what was said
    ("大额存单账户有多少个" counts deposit accounts, not *new* deposit accounts)."""
    def singular(ws: set[str]) -> set[str]:  # "accounts" says "account"
        return {w[:-1] if w.isascii() and len(w) > 3 and w.endswith("s") else w for w in ws}

    def stems(text: str) -> set[str]:
        return singular(tokens(text))

    words = singular(words)
    names: set[str] = set()
    for name in (metric.label.zh, metric.label.en, *metric.synonyms.all()):
        names |= stems(name)
    label = stems(metric.label.zh) | stems(metric.label.en)
    same_language = {w for w in label if bool(re.search(r"[\u3400-\u9fff]", w)) == any(re.search(r"[\u3400-\u9fff]", x) for x in words)}
    # ("how many large CD accounts" says the "count" of "deposit account count" — its rows' noun said, no word of its
    # label is left unsaid; "customers with a time deposit …" says no accounts counted)
    head = [w for w in re.findall(r"[a-z]+", metric.label.en.lower()) if w not in _COUNT_NOUNS][-1:]
    counted = _COUNT_NOUNS if head and singular(set(head)) <= words else frozenset()
    return len(names & words), len(label & words), -len(same_language - words - counted)


def _numeric_field(model: SemanticModel, mention: Mention) -> bool:
    for e in mention.of_kind("field"):
        found = model.field(e.target, e.table)
        if found is not None and found.type == "number":
            return True
    return False


#: a function word: the number beside it is measured ("平均要几天"), its words name no rows
_AGGREGATED = patterns.compile(r"平均|均值|中位数|最大|最小|最长|最短|\b(?:average|avg|mean|median|max(?:imum)?|min(?:imum)?|typical)\b", re.I)


def _summed(model: SemanticModel, mention: Mention, candidates: list[Metric]) -> bool:
    """Is a numeric field of the mention what one of ``candidates`` adds up (loans.amount of 放款金额)?"""
    for e in mention.of_kind("field"):
        found = model.field(e.target, e.table)
        if found is not None and found.expr and any(c.measure is not None and found.expr in (c.measure.expr or "") for c in candidates):
            return True
    return False


def names_rows_outside(frame: Frame, model: SemanticModel, metric: Metric, fields: set[str] | None = None, denied: bool = False) -> bool:
    """Does the question name (positively) rows ``metric`` never counts: a value of a field it implies
    (or of one of ``fields``) outside the values its rows can have ("审批中的贷款总金额": pending
    loans, never among the disbursed ones 放款金额 sums)? With ``denied``, a value denied counts too:
    ruling out what the metric never counts ("既不是已结清也不是被拒的贷款": rejected loans are never
    disbursed) speaks of all the table's rows."""
    from semantic_layer.compile.plan import row_values

    fields = metric.implies if fields is None else fields
    for hit in frame.values:
        if hit.negated and not denied or left_out_at(frame.left_out, hit.mention.start, frame.text):
            continue
        for e in hit.entries:
            if e.kind == "value" and e.code and e.target in fields:
                allowed = row_values(model, metric, e.target)
                if allowed is not None and e.code not in allowed:
                    return True
    return False


def metric_for_rows(frame: Frame, model: SemanticModel) -> str | None:
    """The one metric of the named rows' table that the question's words point to."""
    tables = row_tables(frame, model)
    if len(tables) != 1:
        return None
    table = tables.pop()
    # (a value of the rows' own fields outside what a figure's condition fixes rules it out: "how many loans are
    # pending" counts no outstanding loans)
    named = {e.target for h in frame.values for e in h.entries if e.kind == "value" and e.table == table}
    candidates = [m for m in model.metric_list if not m.hidden and m.kind in ("simple", "snapshot") and m.measure and m.measure.table == table
                  and not names_rows_outside(frame, model, m, denied=True)
                  and not names_rows_outside(frame, model, m, fields=named - set(m.implies))]
    if not candidates:
        return None
    # a field of groups named ("campaign msgs …") says what the rows are filtered or split by, not which
    # figure; a numeric one ("amount") may say it
    # — only a number some candidate adds up ("从申请到出审批结果平均要几天": days to decision is no figure's
    # measure, so its words 申请/审批 name no rows); a value denied ("how many were not rejected") names none either
    denied = [h.mention for h in frame.values if h.negated]
    text = mask(frame.text, [(m.start, m.end) for m in frame.mentions
                             if m.of_kind("field") and not m.of_kind("metric")
                             and not (_numeric_field(model, m) and (_summed(model, m, candidates) or not _AGGREGATED.search(frame.text)))
                             or m.of_kind("value") and (left_out_at(frame.left_out, m.start, frame.text) or m in denied
                                                        # "尚未放款的贷款": a value saying the rows are not so names no figure of those that are
                                                        or all(e.code == "false" for e in m.of_kind("value")))]).lower()  # what is left out names no rows
    words = tokens(text) - _filler()
    plain = unnamed(frame).lower()
    # ("工资入账总额最高的10个网点是哪几个": which groups, no count of the rows)
    wants_amount, wants_count = bool(AMOUNT.search(plain)), bool(COUNT.search(_GROUPS_NAMED.sub(" ", plain)))
    # "送达并转化的那些记录里，App推送占多少比例": the records themselves counted, when nothing else is asked of them
    wants_count = wants_count or not wants_amount and _RECORDS.search(plain) is not None
    # ("POS spend in December": the money spent, said as the noun)
    wants_amount = wants_amount or not wants_count and SPEND_NOUN.search(frame.text) is not None
    named_field = any(_numeric_field(model, m) and not m.of_kind("metric") and any(e.table == table for e in m.of_kind("field"))
                      for m in frame.mentions)
    if named_field and PER_ROW_EXTREME.search(plain):
        return None  # "平均申请金额…？最大的一笔呢": the amount is named, the rows are all of the table's
    if named_field and _AGGREGATED.search(frame.text):
        # "房贷的平均申请金额": a field named under a function word — the figure whose rows the other words
        # name (申请: applications; "2025年放款的房贷 平均单笔金额": 放款), else none: the aggregate reads the table's rows
        fields = [(m.start, m.end) for m in frame.mentions if _numeric_field(model, m) and not m.of_kind("metric")]
        besides = tokens(mask(text, fields).lower()) - _filler()
        ranked = sorted(((_score(m, besides), i, m.name) for i, m in enumerate(candidates)), key=lambda x: ([-v for v in x[0]], x[1]))
        # the best-named figures — or, with no word of any, all of them — must count the same rows
        # (放款笔数 and 放款金额; 交易笔数 and 交易金额), else the aggregate reads all the table's rows
        best = [model.metrics[n] for score, _, n in ranked if score == ranked[0][0] or ranked[0][0][:2] == (0, 0)]
        rows = {(m.measure.where if m.measure else None, m.time) for m in best}
        return best[0].name if len(rows) == 1 else None
    if PER_ROW_EXTREME.search(plain):  # "单笔放款最大是多少", "the biggest single purchase": one row's amount
        wants_amount, wants_count = True, False
    if wants_amount and wants_count:  # "how many … and how much": the count, its amount beside it (count_and_amount)
        candidates = [m for m in candidates if m.format != "currency" and m.measure and m.measure.agg == "count"] or candidates
    if wants_amount != wants_count:
        fitting = [m for m in candidates if (m.format == "currency") == wants_amount]
        if not fitting:
            # "how many hold no wealth balance": no figure of these rows counts; "how much did they put into wealth
            # products" (app events): none is an amount — not theirs to answer
            return None
        candidates = fitting or candidates
    unit = UNIT.search(plain)  # "多少笔" counts purchases, "多少张" cards
    if unit:
        counted = [m for m in candidates if any(unit.group(1) in n for n in (m.label.zh, *m.synonyms.zh))]
        candidates = counted or candidates
    scored = sorted(((_score(m, words), i, m.name) for i, m in enumerate(candidates)), key=lambda x: ([-v for v in x[0]], x[1]))
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # nothing in the question tells these metrics apart: asked, never guessed by order
    return scored[0][2]


#: money said as the noun of what was spent: "POS spend in December", "card spending by age band"
SPEND_NOUN = patterns.compile(r"\b(?:spend|spending)\b(?!\s+(?:count|number|frequency))", re.I)

#: the rows said as records: "那些记录里", "多少条", "of those records"
_RECORDS = patterns.compile(r"记录|多少条|几条|\b(?:records?|rows)\b", re.I)

_GROUPS_NAMED = patterns.compile(r"哪[几两三四五六七八九十]?个|(?<![多少几])[0-9一二两三四五六七八九十]+个")


def count_and_amount(frame: Frame, model: SemanticModel, name: str) -> list[MetricRef]:
    """"How many salary credits came in and what was the total amount?": both figures of
    the same rows when the question asks for a count and an amount ([count, amount]);
    else just ``name``."""
    from assistant.parse.building.aggregate import amount_rows

    plain = unnamed(frame)
    metric = model.metric(name)
    said = _unnamed_metrics(frame)  # a field name may say it: "the total amount of loans we paid out"
    if MONEY_ASKED.search(said) and not COUNT.search(plain) and metric.measure is not None and metric.measure.agg == "count":
        # "the total amount of loans we paid out": the amount of the rows the count names
        amount = amount_beside(model, name, said, counted=bool(_ROWS_AMOUNT.search(said)))
        if amount is not None and COUNT.search(frame.metric_mentions.get(name, "")):
            return [name, amount]  # "交易一共多少笔、总金额多少": the count's own words asked for it too
        return [amount] if amount is not None else [name]
    if metric.measure is not None and metric.measure.agg == "sum" and ROW_COUNT.search(plain) and not asks_for_customers(frame.text):
        # "消费类交易一共多少笔、总金额多少": the amount named, its rows counted too
        rows = amount_rows(model, metric)
        return [rows[1], name] if rows is not None and rows[1] is not None and not model.metric(rows[1]).hidden else [name]
    # "最高的3个城市是哪几个": the groups ranked are counted there, not the rows
    # ("number of loans and amount": the amount said as the rows' own field's name; "金额在10w到50w之间的有几笔": an
    # amount in a condition is none asked)
    bounds = [(max(0, c.span[0] - 4), c.span[1]) for c in frame.comparisons]
    if not ((AMOUNT.search(mask(plain, bounds)) or MONEY_ASKED.search(mask(said, bounds))) and COUNT.search(_GROUPS_NAMED.sub(" ", plain))):
        return [name]
    rows = amount_rows(model, metric)
    if rows is not None and rows[1] is not None and not model.metric(rows[1]).hidden:
        return [rows[1], name]
    # (not an amount in a condition: "金额超过50万的贷款有几笔")
    conditions = mask(said, [(max(0, c.span[0] - 4), c.span[1]) for c in frame.comparisons])
    amount = amount_beside(model, name, said, counted=bool(MONEY_ASKED.search(conditions)))
    return [name, amount] if amount is not None else [name]


#: a total amount asked for ("合计金额", "总额", "total amount") — not "by how much" (a difference), not "lowest amount"
_TOTAL_NAMED = patterns.compile(r"(?:合计|总|累计|一共|共计)\s*(?:的)?\s*(?:金额|多少钱)|总额|"
                                r"\b(?:total|sum|combined|aggregate)\s+(?:\w+\s+)?(?:amount|value|volume)s?\b|\bsum\b", re.I)


#: the amount of the rows just named, asked as it is ("逾期贷款的金额是多少"): their total, no other figure of them
_ROWS_AMOUNT = patterns.compile(r"(?:^|(?<= ))(?:的)?\s*金额\s*(?:一共|合计|总共|加起来)?\s*(?:是|有)?\s*(?:多少|几何)")


def amount_beside(model: SemanticModel, count: str, said: str, counted: bool = False) -> MetricRef | None:
    """The amount of the rows ``count`` counts: the one visible figure summing them (交易笔数 → 交易金额), else,
    when a total is named ("经营贷申请共有多少笔？合计金额是多少？"), the sum of their table's one money field."""
    from assistant.parse.building.aggregate import currency_field

    amounts = _amounts_of(model, count)
    if len(amounts) == 1:
        return amounts[0]
    measure = model.metric(count).measure
    field = currency_field(model, measure.table) if measure is not None and measure.agg == "count" and not amounts \
        and (counted or _TOTAL_NAMED.search(said)) else None  # ("笔数和贷款金额各多少": the amount beside the count is their total)
    return Aggregate(func="sum", field=field, of=count) if field is not None else None


def _amounts_of(model: SemanticModel, count: str) -> list[str]:
    """The visible amount metrics that sum the rows ``count`` counts (交易笔数 → 交易金额)."""
    from assistant.parse.building.aggregate import amount_rows

    return [m.name for m in model.metric_list if not m.hidden and m.measure and m.measure.agg == "sum"
            and (r := amount_rows(model, m)) is not None and r[1] == count]
