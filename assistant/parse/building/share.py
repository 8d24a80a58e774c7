"""Shares of a base: "理财客户里女性占几成", "each branch: what fraction of its customers
are dormant", "What % of total AUM sits with high-value customers?".

Which conditions define the base and which the part comes from the words around
them: in Chinese the base comes before 里/中/当中 ("高价值客户里…"), in English after
among/within/"of customers who …"; every other condition is the part. 全部/全行/total
makes the base the whole population even for a breakdown.
"""

from __future__ import annotations

import re

from assistant import patterns
from assistant.parse.reading import cues
from assistant.parse.reading.frame import Frame
from semantic_layer.query import Filter, GroupBy

ZH_BASE_AFTER = patterns.compile(r"(?:里面|里头|当中|之中|里|中)")  # "高价值客户里", "每个区域中"
#: who the customers are, said between "% of customers" and the verb of the part: "customers we acquired through the app",
#: "customers who came in via referral", "customers with a loan", "customers acquired through the app"
_EN_WHO_THEY_ARE = (r"(?:(?:who|that)\s+[a-z']+|(?:that\s+)?(?:we|you|they|I)\s+(?:acquired|onboarded|got|signed(?:\s+up)?|brought\s+in|won|gained|added)|"
                    r"with|without|in|from|at|aged|acquired|onboarded|"
                    r"referred|registered|based|born|located|living|holding|having)")
#: the verb of the part after them: "… logged in at least once", "… made a transaction", "… are female"
_EN_PART_VERB = (r"(?:(?:also|still|now|currently|already|actually|ever|never)\s+)?(?:logged|log|logs|made|make|makes|opened|open|opens|"
                 r"applied|apply|applies|bought|buy|buys|purchased|purchase|used|use|uses|did|do|does|got|get|gets|took|take|takes|"
                 r"received|receive|receives|responded|respond|converted|convert|clicked|transacted|transact|signed|held|hold|holds|"
                 r"had|have|has|are|were|is|was|haven['’]t|hasn['’]t|didn['’]t|don['’]t|doesn['’]t|aren['’]t|weren['’]t)")
EN_BASE_CLAUSE = patterns.compile(
    # "what % of customers we acquired through the app logged in …": who they are up to the part's verb
    rf"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+((?:(?:the|our|all)\s+)?(?:[\w-]+\s+){{0,3}}?"
    rf"(?:customers|clients|people|users)(?:\s+{_EN_WHO_THEY_ARE}\s+[^,?;]*?)?)(?<!\sand)(?<!\sor)\s+(?={_EN_PART_VERB}\b)|"
    r"\b(?:among|within|amongst|of\s+(?:those|the\s+ones|customers|clients|people)\s+(?:who|that|with)|"
    # up to the verb: "… with high intent are female" — past a verb of "whose": "For customers whose home branch is in
    # 华北, what percentage is in each lifecycle stage" (the whole clause names them)
    r"out\s+of|for)\b(\s+(?:the\s+|our\s+|all\s+)?(?:customers|clients|people)\s+whose\s[^,?;]*|(?:(?!\b(?:are|is|were|was)\b)[^,?;])*)|"
    r"^\W*(?:of|out\s+of)\s+((?:the|those|our|all)\s+[^,?;]*)|"  # "Of the clients we got through referrals, …"
    # "what fraction of 华东's deposit balance is held by 滨江支行 customers": the whole before the verb, its holders after
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+([^,?;]*?)\s+(?:is|are|was|were)\s+"
    r"(?:held|owned|kept|parked|sitting|accounted\s+for|contributed|generated|brought\s+in|made\s+up)\s+(?:by|with|at|in)\b|"
    # "what was WeChat's share of the 2025 wealth purchase amount", "its share of …": the whole after "share of"
    r"(?:['’]s|\bits|\btheir)\s+(?:share|percent(?:age)?|pct|proportion|fraction|portion)\s+of\s+([^,?;]*)|"
    # "pct of logins last month that came through …": the rows before the relative clause
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+([^,?;]*?)\s+(?:that|which|who|were|was|came|comes|coming|from|went|goes|happened|happens|occurred|occurs|took\s+place|take\s+place)\b|"
    # "what % of our payroll customers also have a loan": the customers named, then what they also do
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion|many)|%)\s+of\s+((?:(?:our|the|all)\s+)?[^,?;]*?)\s+(?:(?:also|too|currently|still|now|already|actually)\s+){0,2}"
    r"(?:have|has|hold|holds|had|use|uses|are|were|own|owns|fall|falls|fell|sit|sits|belong|belongs|land|lands|carry|carries|keep|keeps|maintain|maintains)\b|"
    # "% of login events by platform": those rows, spread over the breakdown (not a share within each group)
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+((?:(?:our|the|all)\s+)?[^,?;]*?\s+"
    r"(?:events|transactions|txns|logins|loans|applications|accounts|touches|purchases|responses))\s+(?:by|per|across)\b|"
    # "logins over the last 30 days - what fraction came from the mini program?": the rows said first
    # "consumption as pct of total outflow amount": the rows after "as a share of" are the base
    r"\bas\s+(?:a\s+)?(?:share|percent(?:age)?|pct|proportion|fraction|portion|%)\s+of\s+([^,?;]*)|"
    # (the share word only looked at: "last month, what % of counter transactions were …" reads on)
    r"^\W*([^,?;:–—]+?)\s*(?:[,:;–—]|\s-\s)\s*(?:and\s+|so\s+)?(?:what|how\s+much|how\s+many)\b(?=[^?]*?"
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%))|"
    # "share of dormant customers with high wealth intent": those customers, and the part of them with it
    r"(?:\b(?:share|percent(?:age)?|pct|proportion|fraction|portion)|%)\s+of\s+(?:the\s+|our\s+|all\s+)?((?!(?:the|our|all)\b)[a-z][^,?;]*?)"
    r"\s+(?:customers|clients|people)\s+(?:with|having)\b", re.I)
#: "share of customers with …": the clause names the part when nothing else does
SHARE_OF_WHO = patterns.compile(r"(?:\bshare|\bpercent(?:age)?|\bpct|\bproportion|\bfraction|\bportion|%|\bratio|\brate)\s+of\s+(?:the\s+|our\s+)?"
                          r"(?:customers|clients|people)\s+(?:who|that|with)\b", re.I)
#: "在本职业客户里", "among its own customers": the base is each group's own customers
_OWN_GROUP_BASE = patterns.compile(r"(?:在)?(?:本|该|各自)[\u4e00-\u9fff]{1,4}?(?:的)?(?:客户|用户)(?:里面|里|当中|之中|中)|\bamong\s+(?:its|their)\s+own\s+(?:customers|clients)\b", re.I)
TOTAL = patterns.compile(r"全部|全行|所有|总体|整体|全体|总数|总额|总量|\btotal\b|\boverall\b|\bwhole\b|\bentire\b|\ball\s+(?:customers|clients)\b", re.I)
#: "占这个城市客户总数的比例", "of its own total": each group's total, not the whole
OWN_TOTAL = patterns.compile(r"(?:这个|该|本|各自的?|自己的?|每个)[\u4e00-\u9fff]{0,6}?(?:总数|总额|总量|全部|所有)|\b(?:its|their)\s+(?:own\s+)?(?:\w+\s+)?(?:total|whole)\b|"
                       # "as a proportion of all customers in that occupation": each group's own customers
                       r"\ball\s+(?:the\s+)?(?:customers|clients)\s+(?:in|of|within)\s+(?:that|each|this|the\s+same)\b", re.I)
_TOPIC_CUT = patterns.compile(r"[,，:：;；]|——")
SPLIT_WORDS = patterns.compile(r"分布|构成|结构|\bsplit\b|\bdistribution\b|\bmix\b|\bbreakdown\b|\bcomposition\b|"
                               # "each channel's share of the total purchase amount": the groups' shares of one whole
                               r"\b(?:each|every)\s+[a-z]+['’]s\s+(?:share|portion|proportion|percentage|%)|"
                               # ("what share of each logged in": a share within each group, of those who did it)
                               rf"\b(?:share|portion|proportion|percentage)\s+(?:for|of)\s+each\s+(?!{_EN_PART_VERB}\b)[a-z]+\b(?!['’]s)", re.I)


def _starts(frame: Frame, field: str, valued: bool = False) -> list[int]:
    """Where the field is said — not inside a phrase leaving its unknown out ("剔除渠道偏好未知的客户后，渠道偏好为
    app的占比": that clause names who is left out of the base, its not-null condition, not a base value)."""
    said = [m for m in frame.mentions if any(e.target == field for e in m.entries) and not any(a <= m.start < b for a, b in frame.left_out)]
    # where its values are said, if they are: "what % of each platform's events are logins" names the
    # field (events) in the base and its value (logins) as the part
    values = [m for m in said if any(e.target == field and e.kind == "value" for e in m.entries)] if valued else []
    starts = [m.start for m in values or said]
    starts += [c.span[0] for entries, c in frame.field_filters if any(e.target == field for e in entries)]
    return starts


def _valued(f: Filter) -> bool:
    """A condition on named values ("logins", "WeChat"): where the values are said is where it is said."""
    return f.op in ("in", "=")


def _masked(frame: Frame) -> str:
    chars = list(frame.text)
    for m in frame.mentions:
        for i in range(m.start, min(m.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


#: "WeChat: what was its share of the 2025 wealth purchase amount": the whole named after "share of", not before the colon
_OWN_SHARE_OF = patterns.compile(r"(?:['’]s|\bits|\btheir)\s+(?:share|percent(?:age)?|pct|proportion|fraction|portion)\s+of\b", re.I)
_BASE_AFTER_ZHAN = patterns.compile(r"(?<![,，。;；])占(?:了|到|据)?(?:整个|全)?\s*$")


def split_share(frame: Frame, filters: tuple[Filter, ...], group: tuple[GroupBy, ...],
                places: frozenset[str] = frozenset()) -> tuple[list[Filter], list[Filter], str]:
    """(base filters, part filters, within) for a share question; ``places`` are the fields that say where a
    customer banks (read off a table of places, not of the customers' own rows)."""
    masked = _masked(frame)
    base_fields: set[str] = set()
    named_in_base: set[str] = set()  # "among customers who have a preferred channel, what share prefer WeChat"
    zh_marks = [m.start() for m in ZH_BASE_AFTER.finditer(masked)  # soon after something named: "通过app获客的客户当中"
                if any(0 <= m.start() - x.end <= 6 and not re.search(r"[,，。;；?？]", frame.text[x.end:m.start()])
                       and not TOTAL.search(frame.text[x.end:m.start()]) for x in frame.mentions)]  # "在所有客户中" is the total
    among = re.search(r"其中", frame.text)
    if not zh_marks and among and any(x.end <= among.start() for x in frame.mentions):
        zh_marks = [among.start()]  # "代发客户有多少，其中女性多少": who is before 其中, the part after it
    if not zh_marks:  # "在贷的逾期占比": of the outstanding loans, the overdue share
        zh_marks = [m.start() for m in re.finditer("的", masked)
                    if any(x.end == m.start() for x in frame.mentions)
                    and any(y.start == m.end() and not y.of_kind("metric")  # "华东的存款余额占比": a figure's share, base all
                            and cues.SHARE.match(frame.text, y.end + frame.text.startswith("的", y.end)) for y in frame.mentions)]
    if not zh_marks:  # "西湖支行存贷双持的客户占比": where the customers bank, said first and right before the rest, is the base
        first = min((h for h in frame.values if not h.negated), key=lambda h: h.mention.start, default=None)
        if first is not None and {e.target for e in first.entries} <= places and (
                re.search(r"[\u4e00-\u9fff]", first.mention.text)
                and any(h is not first and h.mention.start - first.mention.end <= 1 and not {e.target for e in h.entries} & places
                        for h in frame.values)
                # "what share of Hangzhou Xihu branch customers count as churned": that branch's
                or re.search(r"\b(?:share|fraction|percent(?:age)?|proportion|%)\s+of\s+(?:our\s+|the\s+|all\s+)?$", frame.text[:first.mention.start], re.I)
                and re.match(r"\s+(?:customers|clients)\b", frame.text[first.mention.end:], re.I)):
            zh_marks = [first.mention.end]
    if not zh_marks and not _OWN_SHARE_OF.search(frame.text):  # "近30天的登录，来自小程序的占多少": the rows said first, the share asked after the comma
        zh_marks = [m.start() for m in _TOPIC_CUT.finditer(frame.text)
                    if any(x.end <= m.start() for x in frame.mentions) and cues.SHARE.search(frame.text, m.end())][:1]
        if zh_marks and not [f for f in filters if any(s > zh_marks[0] for s in _starts(frame, f.field))]:
            zh_marks = []  # nothing named after it: no base of its own
    if zh_marks:
        cut = zh_marks[0]
        base_fields = {f.field for f in filters if _starts(frame, f.field, _valued(f)) and min(_starts(frame, f.field, _valued(f))) < cut}
        named_in_base = {f.field for f in filters if any(s < cut for s in _starts(frame, f.field))}
    else:
        for clause in EN_BASE_CLAUSE.finditer(frame.text):
            at = next(i for i in range(1, 12) if clause.group(i) is not None)
            if at == 10 and _OWN_SHARE_OF.search(frame.text):
                continue  # ("… what about WeChat: what was its share of …": WeChat is the part, the whole is after "of")
            lo, hi = clause.span(at)
            base_fields |= {f.field for f in filters if any(lo <= s < hi for s in _starts(frame, f.field, _valued(f)))}
            named_in_base |= {f.field for f in filters if any(lo <= s < hi for s in _starts(frame, f.field))}
    for h in frame.values:  # "广州占华南存款余额的比重": the value right after 占 is the base, the one before it the part
        if not h.negated and _BASE_AFTER_ZHAN.search(frame.text, max(0, h.mention.start - 6), h.mention.start):
            base_fields |= {f.field for f in filters if any(e.target == f.field for e in h.entries)}
    left_out = _left_out_first(frame, filters)  # "剔除审批中的申请后，被拒绝的占比": left out of the base
    base = [f for f in filters if f.field in base_fields or f.op == "not_null" or f in left_out]  # "only those who have one": the base
    part = [f for f in filters if f.field not in base_fields and f.op != "not_null" and f not in left_out]
    if not part and left_out:
        base, part = [f for f in base if f not in left_out], left_out
    # the field named in the base, its value in the part: the base is those who have one
    base += [Filter(field=name, op="not_null") for name in dict.fromkeys(f.field for f in part if f.field in named_in_base - base_fields)
             if not any(b.field == name and b.op == "not_null" for b in base)]
    if base and not part and not zh_marks and SHARE_OF_WHO.search(frame.text):
        base, part = [], base  # "share of customers with high loan intent, by occupation": those are the part
    breakdown = any(g.field != "time" for g in group)
    if base and not part and breakdown and _OWN_GROUP_BASE.search(frame.text):
        base, part = [], base  # "理财意向高的客户在本职业客户里各占多少": each group's own customers are the base
    within = "all" if breakdown and TOTAL.search(frame.text) and not OWN_TOTAL.search(frame.text) else "group"
    if within == "all" and part and (_AMONG_EVERYONE.search(frame.text) or _IN_EACH_GROUP.search(frame.text)):
        within = "group"  # "高价值客户在全部客户里的占比，按大区给我看", "每场活动里，对照组占全部入选客户的比例": each group's own all
    return base, part, within


#: the groups said as where the share is taken: "每场活动里", "各区域中", "within each campaign"
_IN_EACH_GROUP = patterns.compile(r"(?:每|各)(?:个|场|家|类|种|一个|一场)?[\u4e00-\u9fff]{1,6}?(?:里|中|当中|里面|之中|内)(?![\u4e00-\u9fff]{0,2}(?:最|前))|"
                                  r"\b(?:in|within)\s+each\s+\w+", re.I)
#: everyone as the base a part is among ("在全部客户里", "among all customers"): per group when the answer is by group
_AMONG_EVERYONE = patterns.compile(r"在(?:全部|所有|全体)的?(?:客户|用户|人)(?:里|中|当中|里面|之中)|\bamong\s+all\s+(?:(?:our|the)\s+)?(?:customers|clients)\b", re.I)


#: a leave-out verb before the values it leaves out ("剔除仍在审批中的", "excluding pending applications")
_LEAVE_OUT_BEFORE = patterns.compile(r"(?:剔除|排除|去掉|去除|除去|不含|不包括|扣除|刨除|刨去)[^,，。;；]{0,8}$|"
                                     r"\b(?:excluding|exclude|leaving\s+out|leave\s+out|ignoring|ignore|not\s+counting|setting\s+aside)\b[^,.;]{0,24}$", re.I)


def _left_out_first(frame: Frame, filters: tuple[Filter, ...]) -> list[Filter]:
    """The negated conditions whose values follow a leave-out verb: who is taken out before the share is
    taken, never the part ("what share are not rejected" is the part)."""
    return [f for f in filters if f.op in ("not_in", "!=") and any(
        h.negated and any(e.target == f.field for e in h.entries) and _LEAVE_OUT_BEFORE.search(frame.text, 0, h.mention.start)
        for h in frame.values)]


def is_split(frame: Frame) -> bool:
    """"gender split, as shares", "活跃度分布": the share of each group in the total — unless each group's own
    total is said to be the base ("…, as a proportion of all customers in that occupation")."""
    return bool(SPLIT_WORDS.search(frame.text)) and not OWN_TOTAL.search(frame.text) and not _OWN_GROUP_BASE.search(frame.text)




_SHARE_NOUN_EN = r"(?:share|percent(?:age)?|pct|proportion|fraction|portion|%)"
# (each group's own whole: "各区域理财余额占本区域AUM的比重", "each region's wealth balance as a share of its own AUM")
_WHOLE_EN = r"(?:the\s+|our\s+|its\s+(?:own\s+)?|their\s+(?:own\s+)?)?(?:total\s+|overall\s+|all\s+|whole\s+)?"
_WHOLE_ZH = r"(?:全部|全行|总的?|整体|所有|(?:本|该|各自的?|自己的?)(?:区域|地区|大区|城市|网点|支行|省份|职业|年龄段|渠道|组|类)?)?\s*(?:的)?"
_SHARE_AFTER_ZH = r"(?:的)?\s*(?:占比|比例|比重|百分比|份额|多少|几成|百分之几|百分之多少|%)"
#: the words between two figures and after the second, part first: "理财余额占AUM的比例",
#: "理财余额与AUM之比", "wealth balance as a % of total AUM", "the ratio of A to B", "A to B ratio"
_PART_FIRST = (
    (patterns.compile(rf"\s*(?:的)?\s*(?:占|占到|占了|相当于|是)\s*{_WHOLE_ZH}\s*$"), patterns.compile(rf"\s*{_SHARE_AFTER_ZH}")),
    # "理财余额在AUM里占多少比例": the part, then 在 the whole 里 占 …
    (patterns.compile(rf"\s*(?:的)?\s*在\s*{_WHOLE_ZH}\s*$"),
     patterns.compile(rf"\s*(?:里面|里头|当中|之中|里|中)\s*(?:占(?:了|到)?(?:多少|多大|几成)?(?:的)?\s*(?:比例|比重|占比|百分比)|占比|占多少|占几成|占{_SHARE_AFTER_ZH})")),
    (patterns.compile(r"\s*(?:与|和|跟|除以|/|÷)\s*$"), patterns.compile(r"\s*(?:的)?\s*(?:之比|比值|比率|比例)")),
    (patterns.compile(rf"\s+(?:as|is|was|are|were)\s+(?:a\s+|an\s+)?{_SHARE_NOUN_EN}\s+of\s+{_WHOLE_EN}$", re.I), patterns.compile("")),
    (patterns.compile(r"\s*(?:to|/|over|divided\s+by)\s*(?:the\s+)?$", re.I), patterns.compile(r"\s*ratio\b", re.I)),
)
#: …whole first: "AUM里理财余额占多少", "what pct of total aum is wealth bal"
_WHOLE_FIRST = (
    (patterns.compile(r"\s*(?:的)?\s*(?:里面|里头|当中|之中|里|中)\s*[,，]?\s*$"), patterns.compile(rf"\s*(?:占(?:了|到)?(?:多少|多大|几成)?(?:的)?\s*(?:比例|比重|占比|百分比)|占比|占多少|占几成|占了多少|占到多少|"
                                                                                             rf"占{_SHARE_AFTER_ZH}|{_SHARE_AFTER_ZH})")),
    (patterns.compile(r"\s+(?:is|are|was|were|comes?\s+from|came\s+from|sits?\s+in|is\s+held\s+in|is\s+made\s+up\s+(?:of|by))\s+(?:the\s+|our\s+|in\s+)?$", re.I),
     patterns.compile("")),
)
_WHOLE_FIRST_VERB = patterns.compile(r"(?:sits?|is\s+held|held|is|are)\s+in\b", re.I)
_SHARE_OF_BEFORE = patterns.compile(rf"\b{_SHARE_NOUN_EN}\s+of\s+{_WHOLE_EN}$|%\s+of\s+{_WHOLE_EN}$", re.I)
_RATIO_OF_BEFORE = patterns.compile(r"\bratio\s+(?:of|between)\s+(?:the\s+)?$", re.I)
_RATIO_TO = patterns.compile(r"\s+(?:to|and|over)\s+(?:the\s+)?$", re.I)


def figure_of_figure(text: str, first: tuple[int, int], second: tuple[int, int]) -> tuple[bool, tuple[int, int]] | None:
    """Two figures named (spans in order) as one a share of the other: (is the whole named first,
    the span of the words saying so), or ``None``."""
    gap = text[first[1]:second[0]]
    if len(gap) > 24:
        return None
    for between, after in _PART_FIRST:
        if between.fullmatch(gap) and (m := after.match(text, second[1])) is not None:
            return False, (first[1], m.end())
    if _RATIO_OF_BEFORE.search(text, 0, first[0]) and _RATIO_TO.fullmatch(gap):  # "the ratio of A to B"
        return False, (_RATIO_OF_BEFORE.search(text, 0, first[0]).start(), second[0])  # type: ignore[union-attr]
    # ("what share of our total AUM sits in wealth products": the verb read inside the second figure's name)
    verb = _WHOLE_FIRST_VERB.match(text, second[0])
    if verb is not None and re.match(r"\s*(?:vs\.?|versus|and|or|compared)\b", text[second[1]:], re.I):
        verb = None  # ("… sits in wealth products vs deposits?": both parts' shares asked, not one)
    for between, after in _WHOLE_FIRST:
        if not (between.fullmatch(gap) or verb is not None and after.pattern == "" and not gap.strip()) or (m := after.match(text, second[1])) is None:
            continue
        if after.pattern != "":  # "AUM里理财余额占多少"
            return True, (first[1], m.end())
        if (s := _SHARE_OF_BEFORE.search(text, 0, first[0])) is not None:  # "what pct of total aum is wealth bal"
            return True, (s.start(), second[0])
    return None
