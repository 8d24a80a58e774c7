"""The offline bilingual parser: rules over the model's own vocabulary, no LLM."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

from assistant import patterns
from assistant.language import Lang, detect_lang
from assistant.parse.building.aggregate import function_swapped
from assistant.parse.building.benchmark import WHOLE_ASKED
from assistant.parse.building.builder import Builder
from assistant.parse.building.rows import metric_for_rows
from assistant.parse.checking.words import (
    expand_shorthand,
    with_calls_spelled,
    with_full_years,
    with_slash_dates,
    with_the_rest_named,
    without_degrees,
    without_list_numbers,
    without_restated_days,
    without_slips,
    without_the_bank_itself,
)
from assistant.parse.reading.cues import CUSTOMER_WORDS, SAME_BUT, points_back
from assistant.parse.reading.frame import Frame, read_frame
from assistant.parse.safety import check_safety
from assistant.parse.vocabulary.lexicon import Lexicon, build_lexicon
from assistant.parse.vocabulary.typos import apply_corrections, combinations, find_corrections
from assistant.recognise.time import period_before
from assistant.understanding import ClarifyOption, Conversation, Understanding
from semantic_layer.compile.plan import metric_tables
from semantic_layer.query import SemanticQuery
from semantic_layer.semantic_model import SemanticModel

log = logging.getLogger(__name__)

#: a sentence that asks something itself (it is no scene, whatever reason it gives)
_ASKS = patterns.compile(r"多少|几[个位家笔次成]|\b(?:how|what|which|who)\b", re.I)
_CHOICE_NUMBER = patterns.compile(r"^\s*(?:选|第|option\s*|#)?\s*([1-9一二三四五])\s*(?:个|项|号)?\s*[.。!！]?\s*$", re.I)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def segment_goal(question: str) -> str | None:
    """The segment finder's goal when the question asks whom to target (a recommendation
    plus a goal's words), if the finder is installed."""
    try:
        from assistant.segments import match_goal
    except ImportError:
        return None
    try:
        return match_goal(question[:2000])
    except Exception:  # a broken goals file must not stop ordinary questions
        log.exception("segment goal matching failed")
        return None


#: a figure asked for, and whom: a count of customers is no recommendation of segments
_FIGURE_ASKED = patterns.compile(r"多少|几(?:个|位|名|户|成)|占比|比例|人数|户数|\bhow\s+(?:many|much)\b|\bwhat\s+(?:share|fraction|percent(?:age)?)\b|"
                                 # ("…只贷不存的客户,按大区看户数和贷款余额", "…按城市给我人数": figures asked in a breakdown)
                                 r"(?:按|分)[^，,。；;？?！!]{1,8}?(?:看|统计|拆|列)|\b(?:broken\s+down|split|break\s+(?:it\s+)?down)\s+by\b", re.I)
_WHOM_ASKED = patterns.compile(r"哪些|哪类|哪几类|哪个客群|哪一类|什么样的|\bwhich\b|\bwho\b|\bwhom\b", re.I)
#: one sentence: up to its end mark (a full stop before a space and a capital in English)
_SENTENCE = patterns.compile(r"[^。！？!?:：]+?(?:[。！？!?:：]+|\.(?=\s+[A-Z])|$)")
#: a sentence that asks
_ASKS = patterns.compile(r"[?？]|多少|几[个位笔次家]|哪|是否|请|麻烦|帮我|帮忙|能不能|能否|可不可以|列出|列一下|\b(?:how|what|which|who|could\s+you|can\s+you|please|pls)\b", re.I)
#: words with 不/没/n't that negate nothing ("会不会", "不少", "I don't know")
_NOT_A_NEGATION = patterns.compile(r"([会是能要有好对行可])不\1|有没有|\bjust\s+(?:a|one)\s+(?:quick|small|short|simple)\b|不少|不错|不知道|不太清楚|不清楚|不好意思|不太确定|不确定|没搞清楚|没弄清楚|没想到|没问题|"
                                   r"不客气|\b(?:i|we)\s+(?:don['’]t|do\s+not)\s+know\b|\bnot\s+sure\b|\bno\s+idea\b", re.I)
#: a scene asking for a breakdown itself
_SCENE_GROUPS = patterns.compile(r"按|各|每个|分别|\b(?:by|per|each|every|across)\b", re.I)
#: what may follow the question and say nothing: thanks
_THANKS_ONLY = patterns.compile(r"(?:\s|[!！。.~～]|谢谢您?|多谢|感谢|辛苦了?|麻烦了|麻烦您了|thanks?(?:\s+(?:you|a\s+lot|so\s+much))?|thx|ty|cheers|much\s+appreciated)*", re.I)
#: what the answer is for, said after the question: "这批可以去推消费贷", "good targets for 理财" — no condition, no number
_PLAN_AFTER = patterns.compile(
    r"[\s,，]*(?:(?:这批|这些|这群|他们)(?:人|客户)?\s*(?:可以|准备|打算|正好|适合|就|都)?\s*(?:去|拿去|用来)?\s*(?:推|营销|做|跟进|联系|打电话|约)"
    r"(?:(?!不|没|非|无|除|只|仅|未)[\u4e00-\u9fffA-Za-z]){0,12}|"
    r"(?:(?:these|they|those)\s+)?(?:(?:would|could|might|should)\s+)?(?:be\s+|make\s+|are\s+)?(?:good|great|prime|ideal|nice|obvious)\s+"
    r"(?:targets?|candidates?|prospects?|leads?)(?:\s+for\s+(?:(?!not\b|no\b|only\b|except\b)[A-Za-z\u4e00-\u9fff-]+\s*){1,4})?)[\s!！。.~～]*", re.I)
#: a scene that may hold a condition of its own: a negation, a limit, an exception
_SCENE_CONDITION = patterns.compile(r"不|没|非|无|除|只|仅|未|\b(?:not|no|never|without|except|excluding|only|just|but|unless|other\s+than)\b|n['’]t\b", re.I)


#: customers who came to the bank in a period: "这个月新来的客户" (not "拉新来的", acquired through a channel)
_NEWLY_COME = patterns.compile(r"(?<![拉招揽获拓])新(?:进)?来的(?=客户|用户)")
#: what may join two levels of one tag ("理财意向高和低", "高 vs 低") and what may follow the second
_LEVELS_JOINED = r"\s*(?:和|与|跟|及|或|或者|还是|、|/|对比|比|vs\.?|VS\.?|对)\s*"
_AFTER_SECOND = r"(?=的|两|这两|客户|人|群|各|分别|之间|户均|人均|[^\u4e00-\u9fff]|$)"


def _values_said_short(model: SemanticModel) -> list[re.Pattern[str]]:
    """For each tag whose values are named as its name and a level ("理财意向高", "理财意向低"): a pattern of the name
    said once before two levels joined, the second level said bare ("理财意向高 vs 低", "理财意向高和低的客户")."""
    out = []
    for tag in model.tags.values():
        for name in {tag.label.zh, *tag.synonyms.zh}:
            levels = {v.zh[len(name):] for v in tag.values.values() if v.zh.startswith(name) and 1 <= len(v.zh) - len(name) <= 2}
            if len(levels) < 2:
                continue
            said = "|".join(re.escape(x) for x in sorted(levels, key=len, reverse=True))
            out.append(re.compile(rf"(?P<tag>{re.escape(name)})(?P<first>{said})(?P<between>{_LEVELS_JOINED})(?P<second>{said}){_AFTER_SECOND}"))
    return out


_QUOTED = r"['\"‘’“”]?"
_CODES_JOINED = r"\s*(?:,|，|、|/|\bor\b|\band\b|或者|或|和|及)\s*"


def _codes_said(model: SemanticModel) -> list[tuple[re.Pattern[str], object, dict[str, object]]]:
    """For each tag or attribute whose codes the model lists: a pattern of its own name (as the data names it:
    "value_tier", "is_payroll"; or its Chinese name, "活跃度") said equal to one or more of its codes ("value_tier 是
    high 或 medium", "is_payroll = true", "活跃度为high") — read as the values' names, the way a person says them."""
    out = []
    named = [(t.name, t.label if t.type != "boolean" else None, t.values) for t in model.tags.values()] \
        + [(d.name, d.label if d.type != "boolean" else None, d.values) for dims in model.dimensions.values() for d in dims.values()]
    for name, label, values in named:
        # its column name, or its Chinese name said with a code of the data ("活跃度为high")
        names = ([rf"(?<![\w.])(?:\w+\.)?{re.escape(name)}"] if "_" in name else []) + ([re.escape(label.zh)] if label is not None else [])
        if not names or not values:
            continue
        codes = "|".join(re.escape(c) for c in sorted(values, key=len, reverse=True))
        code = rf"{_QUOTED}(?:{codes}){_QUOTED}"
        out.append((re.compile(rf"(?:{'|'.join(names)})\s*(?:==?|\bis\b|\bin\b|为|是|:|：)\s*[(（]?\s*(?P<codes>{code}(?:{_CODES_JOINED}{code})*)\s*[)）]?(?![a-z0-9_])", re.I),  # (a code ends where Latin letters end: "high的客户")
                    label, values))
    return out


def with_codes_named(question: str, said: list[tuple[re.Pattern[str], object, dict[str, object]]]) -> str:
    """``question`` with "value_tier 是 high 或 medium" said as "价值等级为高价值或中价值" ("preferred_channel = wechat":
    preferred channel WeChat; "is_payroll = true": payroll customers)."""
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", question) is not None else "en"

    def named(label: object, values: dict[str, object], m: re.Match[str]) -> str:
        before = question[:m.start()]
        if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
            return m.group(0)  # ("高价值客户（value_tier = high，…）": a definition restated in brackets, read as such)
        if re.match(r"[\u4e00-\u9fff]", m.group(0)) and re.match(r"\s*[(（]", question[m.end():]):
            return m.group(0)  # ("职业是other（其他/不明）": a code after the Chinese name, glossed in brackets — read as said)
        codes = [c.strip("'\"‘’“” ").lower() for c in re.split(_CODES_JOINED, m["codes"])]
        by_code = {c.lower(): v for c, v in values.items()}
        labels = [getattr(by_code[c], lang) for c in codes if c in by_code]
        if len(labels) != len(codes):
            return m.group(0)
        said = ("或" if lang == "zh" else " or ").join(labels)
        if label is None:
            return said  # (a flag's value names it: "代发客户", "non-payroll customers")
        return f"{label.zh}为{said}" if lang == "zh" else f"{label.en} {said}"  # type: ignore[attr-defined]

    for pattern, label, values in said:
        question = pattern.sub(lambda m, label=label, values=values: named(label, values, m), question)
    return question


class RuleParser:
    """Implements ``QuestionParser`` with the lexicon of ``model`` (and data values)."""

    name = "rules"

    def __init__(self, model: SemanticModel, data_values: dict[str, list[str]] | None = None, lexicon: Lexicon | None = None):
        self.model = model
        self.lexicon = lexicon or build_lexicon(model, data_values)
        self.builder = Builder(model)
        # the kinds of data the model says it lacks, in its order: Chinese words as substrings,
        # English ones as whole words
        self._short_values = _values_said_short(model)
        self._codes_said = _codes_said(model)
        self._absent = [(word, None if re.search(r"[\u4e00-\u9fff]", word) else patterns.compile(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])"))
                        for word in model.not_covered.all()]

    def understand(self, question: str, conversation: Conversation, as_of: date) -> Understanding:
        lang: Lang = detect_lang(question or "", conversation.lang)
        refusal = check_safety(question)
        if refusal is not None:
            shown: Lang = (conversation.lang or lang) if refusal.code == "too_long" else lang
            return Understanding("refused", shown,
                                 message_zh=refusal.zh, message_en=refusal.en, notes=(refusal.code,))
        question = with_full_years(without_slips(expand_shorthand(question)))  # "avg # txns per cust, last 90d": the words it stands for
        question = without_restated_days(question)  # "2025年三季度（7/1–9/30）": the quarter, read once
        question = without_list_numbers(question)  # "(1) product type is mortgage; (2) …": conditions, numbered
        question = with_slash_dates(question)  # "10/1-12/31": a range of days
        question = with_calls_spelled(question)  # "max(amount) and avg(amount)": each function said in words
        question = with_codes_named(question, self._codes_said)  # "value_tier 是 high 或 medium": 高价值或中价值
        question = with_the_rest_named(question)  # "payroll customers vs everyone else": those who are not
        question = without_the_bank_itself(question)  # "从来没在我们这申请过贷款": never applied
        question = without_degrees(question)  # "理财意向比较高": high
        question = _NEWLY_COME.sub("新增", question)  # "这个月新来的客户": the new customers (never "App拉新来的", acquired)
        for pattern in self._short_values:  # "理财意向高 vs 低": the second level of the same tag
            question = pattern.sub(lambda m: f"{m['tag']}{m['first']}{m['between']}{m['tag']}{m['second']}", question)
        goal = segment_goal(question) if not (_FIGURE_ASKED.search(question) and not _WHOM_ASKED.search(question)) else None
        if goal is not None:  # "下次贷款营销应该找哪些客户?": a recommendation, answered by the segment finder
            # ("想筛一批存转贷的营销对象：…符合条件的有多少人？": a count asked, not whom to target)
            return Understanding("segments", lang, goal=goal)
        absent = self._not_covered(question)
        if absent is not None:
            # "想给理财意向强的客户安排理财经理回访。目前理财意向高的客户一共有多少位？": the data it lacks is the scene's
            alone = self._question_alone(question, conversation, as_of, lang)
            if alone is not None and self._not_covered(self._asked_sentence(question)) is None:
                return alone
            zh, en = self._covers()
            return Understanding("refused", lang, notes=("not_in_data",),
                                 message_zh=f"数据里没有“{absent}”这类数据。{zh}",
                                 message_en=f"The data holds nothing on '{absent}'. {en}")
        if conversation.pending is not None:
            chosen = self._choose(question, conversation.pending)
            if chosen is not None and not ("by_name" in chosen.notes and self._asks_anew(question, conversation, as_of, lang, chosen.query)):
                return chosen
        understood, frame = self._read(question, conversation, as_of, lang)
        if understood.status == "query" and understood.query is not None and (split := self._split_by_their_top(understood.query)):
            return Understanding("clarify", lang, notes=("split_by_their_top",),
                                 message_zh=f"“{split.zh}”是每位客户最常见的一类,不是每条记录自己的;按它拆这些记录的条数会答非所问。"
                                            "可以问各{0}的客户数,或不拆分的记录数。".format(split.zh),
                                 message_en=f"'{split.en}' is each customer's most frequent kind, not each row's own; splitting these "
                                            f"rows by it would answer a different question. Ask for customers by {split.en}, or the rows unsplit.")
        unplaced = self._unplaced(understood, frame)
        if unplaced:
            vague = understood.status == "refused" or "which_figure" in understood.notes
            corrected = self._corrected(question, unplaced, conversation, as_of, lang, vague)
            if corrected is not None:
                return corrected
            alone = self._question_alone(question, conversation, as_of, lang)
            if alone is not None:
                return alone
            if "which_figure" in understood.notes:  # "上个月收回了多少贷款": the words not understood, named
                return replace(understood, notes=(*understood.notes, "unplaced:" + "|".join(unplaced)),
                               message_zh=f"我没能理解问题中的 {'、'.join(f'“{w}”' for w in unplaced[:5])}。{understood.message_zh}",
                               message_en=f"I could not place {', '.join(repr(w) for w in unplaced[:5])}. {understood.message_en}")
        return understood

    def _split_by_their_top(self, query: SemanticQuery) -> object | None:
        """"登录量在各时段的分布": rows split by a customer tag that is each customer's most frequent part of the day of
        those same rows (活跃时段, read from the logins' times) count no row by its own time — the tag's label, to ask about."""
        # (the customers of those rows split by it are fine: "近90天有登录过的客户按活跃时段分")
        rows = [metric_tables(self.model, self.model.metric(m)) for m in query.metrics if isinstance(m, str)] if query.group_by else []
        for g in query.group_by:
            tag = self.model.tags.get(g.field)
            source = self.model.source_outputs.get(tag.expr or "") if tag is not None else None
            # (only a kind read off the rows' own time — the part of the day: each row has one of its own, which the data
            # does not keep; "各渠道偏好的交易笔数" splits by the customers' preferred channel, as asked)
            if tag is not None and source is not None and source.kind == "top" and source.time and source.time in (source.key or "") \
                    and any(source.table in t for t in rows):
                return tag.label
        return None

    def _read(self, question: str, conversation: Conversation, as_of: date, lang: Lang) -> tuple[Understanding, Frame]:
        frame = read_frame(question, self.model, self.lexicon, as_of)
        earlier = conversation.last_query.time_range if conversation.last_query is not None else None
        if earlier is not None and earlier.start and earlier.end and (before := period_before(frame.text, earlier.start, earlier.end)):
            # "and the quarter before that?" after last quarter: the quarter before it, not before today
            frame.times = [before] + [t for t in frame.times if t.span[1] <= before.span[0] or t.span[0] >= before.span[1]]
            frame.time = before
        followup_edit = conversation.last_query is not None and (frame.edits or WHOLE_ASKED.search(question) is not None) \
            and (frame.followup_cue or not frame.recognized)  # ("全行的呢?": no branch kept, the rest as before)
        rows_named = not frame.recognized and metric_for_rows(frame, self.model) is not None  # "一共刷了多少笔"
        # "各月存款余额" then "那贷款呢": one bare word after a figure may name its sibling (贷款余额)
        followup_edit = followup_edit or conversation.last_query is not None and not frame.recognized \
            and self.builder.named_like_base(frame, conversation.last_query) is not None
        swapped = function_swapped(frame.text, conversation.last_query) if conversation.last_query is not None and not frame.recognized else None
        if swapped is not None:  # "median AUM of high-value customers" then "what about the mean?"
            return Understanding("query", lang, query=swapped), frame
        if not frame.off_topic and not (frame.recognized or frame.count_intent or followup_edit or rows_named) and self._names_the_data(question):
            return self._which_figure(lang), frame  # "最近客户情况咋样?": about the data, but which figure?
        if not frame.off_topic and not frame.recognized and conversation.pending is not None and (frame.followup_cue or frame.time or frame.grain):
            return self.builder._nothing_to_continue(frame), frame  # "And last year?" right after a question back: of what?
        if conversation.last_query is None and SAME_BUT.search(frame.text):
            return self.builder._nothing_to_continue(frame), frame  # "same thing but churned users …" with no question before it
        if conversation.pending is not None and conversation.last_query is None and (points_back(frame.text) or frame.followup_cue and all(
                CUSTOMER_WORDS.fullmatch(frame.metric_mentions.get(name, "").strip()) for name in frame.metrics)):
            # "What if we only look at customers in South China?", "这几笔的申请金额加起来多少？" right after a question back:
            # those customers' what, which rows?
            return self.builder._nothing_to_continue(frame), frame
        if frame.off_topic or not (frame.recognized or frame.count_intent or followup_edit or rows_named):
            zh, en = self._out_of_scope()
            return Understanding("refused", lang, message_zh=zh, message_en=en, notes=("out_of_scope",)), frame
        return self.builder.build(frame, conversation, as_of), frame

    def _unplaced(self, understood: Understanding, frame: Frame) -> list[str]:
        """The words a clarification or an out-of-scope refusal is about."""
        for note in understood.notes:
            if note.startswith("unplaced:"):
                return note[len("unplaced:"):].split("|")
        if {"out_of_scope", "which_figure"} & set(understood.notes) and not frame.off_topic:
            from assistant.parse.checking.coverage import Reading, unplaced_words

            bare = SemanticQuery(metrics=(self.builder.default_metric(),))
            return unplaced_words(frame, Reading(bare, False), self.model)
        if understood.status == "clarify" and understood.options and understood.options[0].query is not None:
            # "存款于额按城市分一下": a choice between figures, and a word a typo may be hiding
            from assistant.parse.checking.coverage import Reading, unplaced_words

            return unplaced_words(frame, Reading(understood.options[0].query, False), self.model)
        return []

    def _question_alone(self, question: str, conversation: Conversation, as_of: date, lang: Lang) -> Understanding | None:
        """"年底了，财富团队打算给高价值客户准备一份新年小礼物，得先摸摸底。现在高价值客户一共有多少位？": the sentence
        that asks, read alone, when the sentences around it only set the scene — every name they say is read the
        same way in it, and they hold no period, number or negation of their own. Else nothing: the words the
        scene adds are asked about, never dropped.
        A clause before a comma is never set aside this way: "平均下来，每个网点的…" says how to count."""
        sentences = [m for m in _SENTENCE.finditer(question) if m.group().strip()]
        said = self._last_asking(question)
        if len(sentences) < 2 or said is None:
            return None
        if any(re.search(r"[?？]", m.group()) for m in sentences if m.span() != said.span()):
            return None  # "客户年龄最小的几岁？平均年龄又是多少？": two questions, no scene
        after = question[said.end():]
        # ("…有多少人？这批可以去推消费贷", "…? good targets for 理财": what the answer is for, said after it)
        remark = _PLAN_AFTER.fullmatch(after) is not None
        if not (_THANKS_ONLY.fullmatch(after) or remark):
            return None  # "…? count everyone, incl. people with zero": what follows the question may say how to count
        understood, _ = self._read(said.group(), conversation, as_of, lang)
        if understood.status != "query" or understood.query is None:
            return None
        scene = question[:said.start()] + " " * (said.end() - said.start()) + (" " * len(after) if remark else after)
        if not self._scene_only(scene, said.group(), understood.query, as_of):
            return None
        return replace(understood, notes=(*understood.notes, "scene_set_aside"))

    @staticmethod
    def _last_asking(question: str) -> re.Match[str] | None:
        """The last sentence of ``question`` that asks."""
        return next(reversed([m for m in _SENTENCE.finditer(question) if m.group().strip() and _ASKS.search(m.group())]), None)

    @classmethod
    def _asked_sentence(cls, question: str) -> str:
        """The last sentence of ``question`` that asks (the whole question when none does)."""
        said = cls._last_asking(question)
        return said.group() if said else question

    def _scene_only(self, scene: str, asked: str, query: SemanticQuery, as_of: date) -> bool:
        """Does ``scene`` say nothing ``query`` (read from ``asked``) does not: no period, number or negation, and each
        name read the same way, said again in the question, or part of the figure's own definition ("赎回" beside
        理财复购率)? A field named bare sets no condition, unless the scene asks for a breakdown by it."""
        from assistant.parse.reading.glosses import definition_words
        from assistant.recognise.time import find_time_ranges

        if _SCENE_CONDITION.search(_NOT_A_NEGATION.sub(" ", scene)) or re.search(r"\d", scene):
            return False
        if not any(m.of_kind("metric") or m.of_kind("value") for m in self.lexicon.find(asked)) and all(isinstance(m, str) for m in query.metrics):
            return False  # the question names no figure and no one of its own: the scene may be what it counts
        periods = [p for p in (query.time_range, query.compare.baseline if query.compare else None) if p is not None and p.start and p.end]
        low, high = min((p.start for p in periods), default=None), max((p.end for p in periods), default=None)
        for t in find_time_ranges(scene, as_of):  # "我感觉今年…比去年多": the periods the question compares, said before it
            if t.start is not None and t.start > as_of:
                continue  # "做明年规划的时候": a plan for a time the data has not reached
            if low is None or high is None or t.start is None or t.end is None or not (low <= t.start and t.end <= high):
                return False
        filters = [*query.filters, *(query.share.part if query.share else ()), *(query.benchmark.part if query.benchmark else ()),
                   *(f for r in query.customer_rows for f in r.filters)]
        fields = {f.field for f in filters} | {g.field for g in query.group_by} | {m.field for m in query.metrics if not isinstance(m, str)}
        figures = set(query.metric_names) | {m.of for m in query.metrics if not isinstance(m, str) and m.of}
        defined = set().union(*(definition_words(self.model, n) for n in figures if n in self.model.metrics or n in self.model.tags))
        read_tables = {t for n in figures if n in self.model.metrics for t in metric_tables(self.model, self.model.metric(n))}
        lowered = asked.lower()
        for m in self.lexicon.find(scene):
            text = m.text.strip().lower()
            read = any(said in lowered for said in (text, re.sub(r"(?:的)?(?:客户|用户|customers?|clients?)$", "", text).strip(), re.sub(r"e?s$", "", text)) if said)
            for e in m.entries:
                if e.kind == "value" and e.code is not None and str(e.code).lower() in defined:
                    read = True
                if e.kind == "field" and not _SCENE_GROUPS.search(scene):
                    read = True
                if e.kind == "value":
                    # (not a breakdown by its field: "华东和华南… 这两个区域各有多少" keeps to the two the scene names)
                    read = read or any(f.field == e.target and (e.code is None or e.code in (f.value if isinstance(f.value, tuple) else (f.value,))
                                                               or str(f.value).lower() == str(e.code).lower()) for f in filters)
                elif e.kind == "metric":  # (客户资产 before 户均AUM: the figure the one asked is defined by)
                    read = read or e.target in figures or e.target.lower() in defined
                elif e.kind == "field":
                    read = read or e.target in fields
            # ("…more valuable for wealth": a value of rows the figure never reads is the topic, not a condition)
            read = read or all(e.kind == "value" and e.table is not None and e.table not in read_tables for e in m.entries)
            if not read:
                return False
        return True

    def _corrected(self, question: str, unplaced: list[str], conversation: Conversation, as_of: date, lang: Lang,
                   was_refused: bool, rounds: int = 2) -> Understanding | None:
        """The question read again with misspelt model words corrected, if that reading is complete.
        A correction may show another misspelt word ("loan disbursment amout": once *amount* is read,
        *disbursment* is the word left): that one is corrected in a further round."""
        options = find_corrections(question, unplaced, self.lexicon)
        fallback: tuple[Understanding, list] | None = None
        for corrections in combinations(options) if options else []:
            fixed = apply_corrections(question, corrections)
            understood, frame = self._read(fixed, conversation, as_of, lang)
            if understood.status == "clarify" and rounds > 1 and (left := self._unplaced(understood, frame)):
                again = self._corrected(fixed, left, conversation, as_of, lang, False, rounds - 1)
                if again is not None and again.status == "query":
                    understood = again
            if understood.status == "query":
                break
            if understood.status == "clarify" and was_refused and fallback is None:
                fallback = (understood, corrections)  # a narrower question back than "out of scope"
        else:
            if fallback is None:
                return None
            understood, corrections = fallback
        said_zh = "、".join(f"“{c.typed}”理解为“{c.meant}”" for c in corrections)
        said_en = ", ".join(f"'{c.typed}' as '{c.meant}'" for c in corrections)
        note = f"已将{said_zh}。" if lang == "zh" else f"Read {said_en}."
        return replace(understood, notes=(*understood.notes, note))

    def _out_of_scope(self) -> tuple[str, str]:
        """What this model's data covers, in its own words (no bank words for a card model)."""
        about = self.model.description
        zh_data = about.zh if about else "这份数据"
        en_data = about.en if about else "this data"
        zh, en = self._covers()
        return f"这个问题超出了问数的数据范围(“{zh_data}”)。{zh}", f"That is outside what wenshu's data ('{en_data}') covers. {en}"

    def _covers(self) -> tuple[str, str]:
        """What may be asked instead: the model's headline figures."""
        heads = [self.model.metrics[n] for n in self.model.headline_metrics if n in self.model.metrics] or \
            [m for m in self.model.metric_list if not m.hidden][:4]
        return (f"可以问{'、'.join(m.label.zh for m in heads)}等,也可以按时间或维度拆分。",
                f"Ask about {', '.join(m.label.en for m in heads)}, for a period or broken down by an attribute.")

    def _names_the_data(self, question: str) -> bool:
        """Does the question speak of the data's population or tables at all?"""
        text = question.lower()
        words = [*(self.model.customer.words.all() if self.model.customer else ())]
        words += [w for t in self.model.table_list for w in (*t.words.all(), *((t.label.zh, t.label.en) if t.label else ()))]
        return any((w.lower() in text) if re.search(r"[\u4e00-\u9fff]", w) else re.search(rf"(?<![a-z]){re.escape(w.lower())}(?![a-z])", text)
                   for w in words if len(w) >= 2)

    def _which_figure(self, lang: Lang) -> Understanding:
        options = tuple(ClarifyOption(m.label.zh, m.label.en, SemanticQuery(metrics=(m.name,)))
                        for m in (self.model.metrics[n] for n in self.model.headline_metrics if n in self.model.metrics))
        return Understanding("clarify", lang, options=options, notes=("which_figure",),
                             message_zh="想看哪个指标?请说得具体些,或从下面选一个:",
                             message_en="Which figure would you like? Please be more specific, or pick one below:")

    def _not_covered(self, question: str) -> str | None:
        """A kind of data the model says it does not have ("credit card limit", "保单") — not inside a clause after the
        question that only says what the answer is for ("…按城市帮我数一下，我好安排客户经理去维护")."""
        from assistant.parse.reading.context import AFTERWARDS, PURPOSE, clauses

        text = question.lower()
        afterwards = [c.span() for c in clauses(question)[1:] if AFTERWARDS.match(c.group().strip())]
        # ("We are sizing a target list for a premium lending offer. As of …, how many …?": the work the answer is for)
        afterwards += [s.span() for s in _SENTENCE.finditer(question) if s.group().strip() and not re.search(r"[?？]", s.group())
                       and PURPOSE.search(s.group()) and not _ASKS.search(s.group()) and s.end() < len(question.rstrip())]
        for word, latin in self._absent:
            for found in latin.finditer(text) if latin else re.finditer(re.escape(word.lower()), text):
                if not any(a <= found.start() < b for a, b in afterwards):
                    return word
        return None

    def _choose(self, answer: str, pending: Understanding) -> Understanding | None:
        """Pick a clarification option by number or by (part of) its label."""
        m = _CHOICE_NUMBER.match(answer)
        index = None
        named: str | None = None
        by_name = False
        if m:
            token = m.group(1)
            index = (_CN_DIGITS.get(token) or int(token)) - 1
        else:
            text = answer.strip().lower()
            for i, option in enumerate(pending.options):
                labels = [option.label_zh.lower(), option.label_en.lower()]
                if text and any(text in lab or lab.split("(")[0].split("(")[0].strip() in text for lab in labels):
                    index = i
                    break
            if index is None:
                # (an option's figure may be an aggregate, named by its column: only the model's metrics are named by words)
                metrics = tuple(n for o in pending.options if o.query and (n := o.query.metric_names[0]) in self.model.metrics)
                named = self.builder.named_option(text, metrics)
                for i, option in enumerate(pending.options):
                    first = option.query.metric_names[0] if option.query else ""
                    if option.query and (first == named or named is None and len(text) >= 2
                                         and first in self.model.metrics and self._names_metric(text, first)):
                        index, by_name = i, True
                        break
        if index is None or not 0 <= index < len(pending.options):
            return None
        option = pending.options[index]
        how = ("clarified", "by_name") if by_name else ("clarified",)
        return Understanding("query", pending.lang, query=option.query, notes=how,
                             message_zh=option.label_zh, message_en=option.label_en)

    def _asks_anew(self, question: str, conversation: Conversation, as_of: date, lang: Lang, offered: SemanticQuery | None) -> bool:
        """A reply naming an option's figure that says more than the figure ("除了大额存单以外的存款余额"
        after "I could not place 不, 大额"): a question of its own. Read alone it leaves words unplaced —
        taking the option would drop them — or it ranks or breaks down what the option does not ("and which
        one has the best ROI?" after the whole bank's ROI was offered): read as the new question it is."""
        understood, frame = self._read(question, replace(conversation, pending=None), as_of, lang)
        shaped = understood.query is not None and offered is not None and (
            {g.field for g in understood.query.group_by} - {g.field for g in offered.group_by} or understood.query.order_by and not offered.order_by
            # ("那存贷双持的呢，有几个" after 只存不贷 was offered: other customers, counted the same way)
            or set(understood.query.filters) - set(offered.filters) or understood.query.time_range != offered.time_range and understood.query.time_range)
        return bool(self._unplaced(understood, frame)) or understood.status == "refused" or bool(shaped)

    def _names_metric(self, text: str, name: str) -> bool:
        """Does ``text`` name ``name`` (its label or a synonym, in either direction)?"""
        metric = self.model.metric(name)
        surfaces = [s.lower() for s in (metric.label.zh, metric.label.en, *metric.synonyms.all())]
        return any(text in s or s in text for s in surfaces)
