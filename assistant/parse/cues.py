"""Cue words around mentions: breakdown markers, negation, share, follow-ups.

Tables of patterns per language; the parser asks "is there a cue of kind K just
before/after this span?" instead of hard-coding phrases.
"""

from __future__ import annotations

import re

GROUP_BEFORE = re.compile(
    r"(?:按照|按|分|各个|各|每个|每一个|每|不同|分别|哪个|哪些|哪一个|哪类|哪种|哪几个|哪|依|以|"
    r"\bby|\bper|\bfor\s+each|\bfor\s+every|\beach|\bevery|\bacross|\bbroken\s+down\s+by|\bsplit\s+by|\bgrouped\s+by|"
    r"\bbreak\s*down\s+by|\bwhich|\bwhat|\bdifferent|\bcompare)\s*(?:the\s+|a\s+|their\s+)?(?:客户的?|customer'?s?\s+)?$",
    re.I,
)
GROUP_AFTER = re.compile(r"^\s*(?:分布|排名|排行|对比|维度|来看|拆分|分组|分别|之间|breakdown|distribution|split|ranking|mix)", re.I)
NEGATION_BEFORE = re.compile(
    r"(?:非|不是|不属于|没有|没|无|未|不|除了|除去|除|排除|不含|不包括|剔除|"
    r"\bnot|\bnon-?|\bwithout|\bexcluding|\bexcept(?:\s+for)?|\bother\s+than|\boutside(?:\s+of)?|\bno)\s*(?:the\s+|in\s+|a\s+)?$",
    re.I,
)
NEGATION_AFTER = re.compile(r"^\s*(?:以外|之外|除外)")
SHARE = re.compile(r"占比|占多少|比重|份额|比例|百分比|多大比例|\bshare\b|\bproportion\b|\bpercentage\b|what\s+percent|\bfraction\b|%\s*of", re.I)
FOLLOWUP_START = re.compile(
    r"^\s*(?:那|那么|那如果|再|只看|仅看|只要|换成|改成|改为|换为|如果|要是|加上|再加上|再按|然后|同时|其中|"
    r"\band\b|\bwhat\s+about\b|\bhow\s+about\b|\bonly\b|\binstead\b|\bnow\b|\bthen\b|\bsame\b|\bjust\b|\bswitch\b|\bchange\b|\bsplit\b|\bbreak\b|\bnarrow\b|\bfilter\b|\blimit\b)",
    re.I,
)
FOLLOWUP_END = re.compile(r"(?:呢|怎么样|如何|instead)\s*[?？!！。.]*\s*$", re.I)
REPLACE = re.compile(r"换成|改成|改为|换为|改按|而不是|instead|replace|switch|change", re.I)
ONLY = re.compile(r"只看|仅看|只要|只保留|仅限|\bonly\b|\bjust\b|\bnarrow\b", re.I)
CUSTOMER_WORDS = re.compile(r"客户|用户|人|户|customers?|clients?|people|users?|borrowers|depositors", re.I)
OFF_TOPIC = re.compile(
    r"天气|气温|下雨|股价|股票|新闻|笑话|写一首|写首诗|翻译|菜谱|电影|足球|彩票|"
    r"\bweather\b|\bstock\s+price|\bnews\b|\bjoke\b|\bpoem\b|\btranslate\b|\brecipe\b|\bmovie\b|\bfootball\b|\blottery\b",
    re.I,
)


def cue_before(pattern: re.Pattern[str], text: str, start: int, window: int = 14) -> bool:
    return bool(pattern.search(text[max(0, start - window):start]))


def cue_after(pattern: re.Pattern[str], text: str, end: int, window: int = 8) -> bool:
    return bool(pattern.search(text[end:end + window]))


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
COUNT_INTENT = re.compile(r"多少|几个|几位|几户|几名|几人|总数|数量|人数|户数|\bhow\s+many\b|\bnumber\s+of\b|\bcount\b|\bcount\s+of\b|\bheadcount\b", re.I)
EACH = re.compile(r"分别|各自|对比|比较|相比|\brespectively\b|\bvs\.?\b|\bversus\b|\bcompared?\b|\beach\b", re.I)
