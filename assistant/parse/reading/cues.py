"""Cue words around mentions: breakdown markers, negation, share, follow-ups.

Tables of patterns per language; the parser asks "is there a cue of kind K just
before/after this span?" instead of hard-coding phrases.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant import patterns

if TYPE_CHECKING:
    from semantic_layer.semantic_model import SemanticModel

# "across regions" is a breakdown, "across all campaigns" / "across the campaigns we ran" is the total
GROUP_BEFORE = patterns.compile(
    r"(?:按照|按|分|各个|各种|各类|各|每个|每一个|每种|每类|每|不同|分别|哪个|哪些|哪一个|哪一场|哪一款|哪一家|哪一类|哪一种|哪场|哪类|哪种|哪几个|哪款|哪家|哪|依|以|"
    # ("touches made by the campaigns that started in July": who made them, no breakdown)
    r"(?:(?<!made )(?<!sent )(?<!done )(?<!delivered )(?<!generated )(?<!driven )(?<!produced )(?<!achieved )\bby|\bby(?!\s+(?:the|those|these|our)\s))"
    r"(?:\s+(?!(?:and|or|for|in|of|with|that|which|who|from|on|at|to|all|every|any)\b)[\w/-]+){0,2}?|\bper|\bfor\s+each|\bfor\s+every|(?<!across )\beach|(?<!across )\bevery|\bacross(?=\s*$)|\bbroken\s+down\s+by|\bsplit\s+by|\bgrouped\s+by|"
    r"\bbreak\s*down\s+by|\bwhich|\bwhat|\bdifferent|\bcompare|\brank|\bsort|\border|\bcross[\s-]?tab(?:ulation)?s?\s+of)\s*(?:the\s+|a\s+|their\s+)?(?:客户的?|customer'?s?\s+)?$",
    re.I,
)
GROUP_AFTER = patterns.compile(r"^\s*(?:各档|各类|各级|各组|各个|各自|各|分布|排名|排行|排序|对比|维度|来看|拆分|分组|分别|分开|分成|之间|构成|结构|占比|明细|交叉|breakdown|distribution|split|ranking|mix|composition)", re.I)
NEGATION_BEFORE = patterns.compile(
    r"(?:非|不是|不属于|没有|没|无|未|不算|不计入|不计|不看|不|除了|除去|除掉|除开|除|排除掉?|不含|不包括|剔除掉?|去掉|去除|扣除|刨去|刨除|"
    r"\bnot\s+(?:counting|including|incl\.?)|\bnot|\bnon-?|\bwithout|\bexclud(?:ing|e)|\bexcl\.?|\bex\.|\bexcept(?:\s+for)?|\bother\s+than|\boutside(?:\s+of)?|\bno|\b(?:but|and|with|w|had|have|has|having)\s+(?:zero|0)(?![\w.,%])|"
    r"\bleav(?:e|ing)\s+out|\bleft\s+out|\bleav(?:e|ing)\s+aside|\bset(?:ting)?\s+aside|\bignor(?:e|ing)|\bminus|\bapart\s+from|\bbesides|\bskip(?:ping)?|\bdrop(?:ping)?|\bremov(?:e|ing)|"
    r"\b(?:do|does|did)\s*n[o']?t\s+(?:yet\s+)?(?:have|hold|own)|\bhave\s*n[o']?t\s+(?:got)?|\bnever\s+(?:had|took|taken)|\bhas\s*n[o']?t|"
    r"\b(?:do|does|did)\s*n[o']?t|\b(?:is|are|was|were)\s*n[o']?t|\bnever|\bno\s+longer|\bneither|\bnor|\bwith\s+(?:zero|0))"
    r"\s*(?:the\s+|in\s+|at\s+|from\s+|via\s+|through\s+|a\s+|any\s+|an\s+|on\s+|our\s+|their\s+|任何|一点|在|位于|属于|来自|住在|被|有被|曾被|还|仍|仍然|还在|过|曾经?|有过|用过|做过|提交过|办理?过|购买过|买过|申请过|"
    r"(?:rows?|records?|entr(?:y|ies))\s+(?:in|of|from)\s+|being\s+|been\s+|get\s+|got\s+|gotten\s+|be\s+|still\s+|yet\s+|currently\s+|even\s+|single\s+|ones?\s+|those\s+|(?:that|which)\s+(?:are|were|is|was)\s+|"
    # "leave out the ones marked as 'other'", "leave out the applications that are still pending"
    r"(?:marked|labell?ed|tagged|coded|flagged|listed)\s+(?:as\s+)?|(?<=out\s)(?:the\s+)?[a-z]+s\s+(?=that|which)|"
    # "剔除职业为其他的客户": a field, then the value it is said to be
    r"(?<=剔除|排除|去掉|去除|除去|不含|扣除|刨除)[\u4e00-\u9fff]{1,6}?(?:为|是)|"
    # "excluding customers acquired via partners", "except clients who came in through referrals": who, then how
    # ("leaving out customers based in Shanghai": who, then where)
    r"(?:(?<=excluding\s)|(?<=except\s)|(?<=leaving\sout\s)|(?<=leave\sout\s)|(?<=ignoring\s)|(?<=ignore\s))"
    r"(?:customers|clients|people|users|those|ones)\s+(?:who\s+|that\s+)?(?:were\s+|are\s+|came\s+in\s+)?(?:[a-z]+ed\s+)?(?:via|through|from|by|in)\s+|"
    # ("exclude anyone with an outstanding loan balance", "excluding anyone who has a loan balance": who, then what they hold)
    r"(?:(?<=exclude\s)|(?<=excluding\s)|(?<=except\s)|(?<=leaving\sout\s)|(?<=leave\sout\s)|(?<=ignoring\s)|(?<=ignore\s)|(?<=drop\s)|(?<=dropping\s)|"
    r"(?<=remove\s)|(?<=removing\s)|(?<=skip\s)|(?<=skipping\s))(?:customers|clients|people|users|those|ones|anyone|anybody|everyone)\s+"
    r"(?:(?:who|that)\s+(?:(?:already|still|currently)\s+)?(?:(?:has|have|had|holds?|held)\s+)?|with\s+)(?:(?:a|an|any|some)\s+)?(?:(?:outstanding|existing|current|active|open)\s+)?|"
    # ("excluding anyone whose home branch is in Shanghai": who, then whose field is where)
    r"(?:(?<=excluding\s)|(?<=except\s)|(?<=ignoring\s))(?:customers|clients|people|users|those|ones|anyone|anybody|everyone)\s+whose\s+"
    r"(?:[a-z-]+\s+){1,3}?(?:is|are|was|were)\s+(?:in\s+|at\s+|from\s+)?|"
    # "have not made any loan inquiry", "didn't do a single …": a verb of doing before the rows denied
    r"(?:make|made|do|done|submit|submitted|perform|performed|place|placed|file|filed|use|used|have|had)\s+){0,4}[\"'‘“「『]?$",
    # 没被拒绝, not in the, not been rejected, aren't still pending
    re.I,
)
NEGATION_AFTER = patterns.compile(
    r"^[”\"'’」』]?\s*(?:以外|之外|除外|都没有|都没|也没有|也没|都未)|"
    # "mortgages excluded", "leaving logins aside", "('other' left out)"
    # ("settled loans excluded", "control rows are excluded": the rows' noun may come between)
    r"^[”\"'’」』]?\s*(?:(?:[a-z]+s|ones?)\s+)?(?:(?:are|being|is)\s+)?(?:aside|excluded|left\s+out|removed|omitted|not\s+included|not\s+counted)\b|"
    # ("churned customers should not be counted", "closed accounts are to be excluded", "control rows don't count")
    r"^[”\"'’」』]?\s*(?:(?:[a-z]+s|ones?)\s+)?(?:(?:should|must|shall|will|are\s+to|is\s+to)\s+(?:not|n['’]t)\s+be\s+(?:counted|included|considered)|"
    r"(?:should|must|shall|will|are\s+to|is\s+to)\s+be\s+(?:excluded|left\s+out|removed|omitted)|(?:do|does)\s*(?:not|n['’]t)\s+count)\b|"
    # "既不存也不贷的就不用列了", "待审批的先不要", "其他那一类不算": that group is left out
    # "“其他(other)”、说不清楚的那一类剔除掉": a code in brackets and a few words describing the value may come between
    r"^(?:[)）”\"'’」』]|\s)*(?:[(（][^()（）]{0,20}[)）])?(?:[”\"'’」』]|\s)*(?:[、,，]\s*[\u4e00-\u9fff]{1,6}的(?=那|这))?"
    r"(?:的)?(?:那一类|那类|这一类|这类|那部分|这部分|那些人|这些人|那些|这些|那批|这批|那群|这群)?(?:\s*[(（][^()（）]{0,20}[)）])?(?:的)?\s*(?:就|也|都|先|可以)*\s*"
    r"(?:不用列出来|不用列了?|别列出来|别列了?|不列了?|不算进来|不要算进来|别算进来|不算|不要算|别算|不用算|不计入?|不统计|别统计|剔除掉?|剔掉|排除掉?|去掉|去除|拿掉|扔掉|不要了?|不用看了?|不看了?|除外|"
    r"(?:不用|不要|不必|别)(?:包括|包含|算上|算在内)(?:进来|在内)?)")  # (with the denial: "也算上" counts them in)
#: "leaving mortgages out", "leave the pending ones out": the verb before what is left out, "out" after it
LEAVING_BEFORE = patterns.compile(r"\b(?:leav(?:e|ing)|left|keep(?:ing)?|kept)\s+(?:the\s+|all\s+|any\s+)?$", re.I)
OUT_AFTER = patterns.compile(r"^\s*(?:loans?\s+|ones\s+)?out\b(?!\s+(?:of|to|from)\b)", re.I)
#: a negation that says something is absent (没有还款, no transactions), not that it is another value (非ATM)
ABSENCE_BEFORE = patterns.compile(r"(?:没有|没|无|未|从未|从没|从来没有?)\s*(?:被|曾被|在|通过|经过|经由|从|用|走)?\s*(?:(?:过|做过|发生过|一笔|一次|任何|有过|用过|提交过|办理?过|购买过|买过|申请过|过任何)\s*){0,2}$|"
                            r"\b(?:no|none|without|never|(?:with|had|have|has|having)\s+(?:zero|0)|(?:did|do|does|has|have|had)\s*n[o'’]?t|not\s+(?:a\s+single|one\s+single|even\s+one|even\s+a|one|any))\s+(?:\w+\s+){0,3}$|\bnot\s{3,}$", re.I)  # (… "not [a single] …" with its words read already, blanked)
#: a holding said right before a product's name: "有房贷的客户", "持有大额存单", "customers who still hold a
#: time deposit", "with an outstanding mortgage"
HOLDING_BEFORE = patterns.compile(r"(?:持有|拥有|名下有|手上有|手里有|还有|既有|有|在还|还在还)\s*(?:一笔|一个|一张|任何)?\s*(?:在贷的?|未结清的?|存续的?|存续中的?|生效中的?|生效的|有效的?)?\s*$|"
                                  r"\b(?:hold(?:s|ing)?|ha(?:ve|s|ving)|own(?:s|ing)?|with|without|carry(?:ing)?|carries)\s+(?:(?:an?|any|some|one|at\s+least\s+one|no|"
                                  r"active|outstanding|open|current|existing|ongoing|live)\s+)*$", re.I)
#: …unless the name is of something else about the product: "有房贷意向", "have a mortgage application"
HOLDING_NOT_AFTER = patterns.compile(r"^\s*(?:的)?\s*(?:意向|需求|意愿|申请|查询|咨询|浏览|试算|点击|营销|活动|推广|产品页|"
                                     r"intent|interest|applications?|inquir|enquir|views?|clicks?|campaigns?|offers?|calculat)", re.I)
ABSENCE_AFTER = patterns.compile(r"^\s*(?:都|也)\s*(?:没有|没|未)")
SHARE = patterns.compile(r"占比|占多少|占几成|几成|占到|占了|占全|比重|份额|比例|百分比|多大比例|百分之几|\bshares?\b|\bproportions?\b|\bpercentages?\b|what\s+percent|"
                   r"\bfraction\b|%\s*of|what\s+%|\b(?:as|in)\s+(?:a\s+)?%|\bportion\b|how\s+many\s+percent|\bpercent\s+(?:of|by|per)\b|\bpct\b|\bper\s*cent\s+of\b|百分之多少", re.I)
FOLLOWUP_START = patterns.compile(
    # ("ok, and which one …", "好的，那…": an acknowledgement before the follow-up)
    r"^\s*(?:(?:ok(?:ay)?|cool|great|thanks|got\s+it|好的?|嗯|行|明白了?|收到)[\s,，.!！]+)?(?:那|那么|那如果|再|只看|仅看|只要|(?:指标|口径|维度)?(?:换成|改成|改为|换为)|如果|要是|加上|再加上|再按|然后|同时|其中|"
    r"\band\b|\bwhat\s+about\b|\bhow\s+about\b|\bwhat\s+if\s+(?:we\s+|i\s+)?(?:only|just)\b|\bonly\b|\binstead\b|\bnow\b|\bthen\b|\bsame\b|\bjust\b|\bswitch\b|\bchange\b|\bsplit\b|\bbreak\b|\bnarrow\b|\bfilter\b|\blimit\b|"
    r"\b(?:re-?)?(?:rank|sort|order)(?:ed)?\s+(?:them\s+|it\s+|these\s+|those\s+)?by\b)",
    re.I,
)
FOLLOWUP_ANYWHERE = patterns.compile(r"其中|(?<=[\u4e00-\u9fffA-Za-z0-9])呢\s*[?？]\s*(?=[\u4e00-\u9fff])|(?<!的)(?:这些客户|这些人|这些用户|这部分|这批|这群|那群)|他们|她们|上述|^\W*(?:那么?)?(?:这|那)(?:[两二三四五六七八九十]|\d{1,2})(?:个|家|位|类|款|项)|\btheir\b|\bthose\b|\bthese\b|\bthem\b|\bthat\b(?!\s+(?:have|had|are|were|is))|\bsame\b|"
                                     r"\bthere\s*[?？.!]*\s*$|\b(?:for|of|on|in)\s+(?:it|this\s+one)\b|"
                                     # ("cost per conversion too?": one figure more, of the question before)
                                     r"^\W*(?:and\s+|also\s+|plus\s+)?[^,，。.;；?？]{1,40}?\s+(?:too|as\s+well)\s*[?？!.]*\s*$|^[^，,。；;？?]{1,20}?也(?:要|看看|看一下|算一下|给一下|列一下|一起)\s*[?？吧呢。]*\s*$|"
                                     # ("what was its cost per conversion?", "那个活动的…")
                                     r"^\W*(?:and\s+|ok\s+|so\s+)?(?:what|how\s+much|how\s+many)\s+(?:was|is|were|are|did|does)\s+its\b|"
                                     r"^\W*(?:那|那么)?(?:它|这个活动|那个活动|该活动)的", re.I)  # ("so what's the uplift there?")
#: words that point back at an earlier answer — with none before them, there is nothing they can mean
POINTS_BACK = patterns.compile(r"^\s*(?:那|那么)?\s*其中|^\s*(?:那|那么)?\s*(?:这|这些|这批|那些)(?:里面|里头|里边|当中|中间|之中|里|中)|"
                               # ("存贷双持的这批客户": the customers just described in the same sentence, no earlier answer)
                               r"(?<!的)(?:这些客户|这些人|这部分客户|这批客户|这群客户|这群人)|上述|上面那?些|"
                               # ("这几笔的申请金额加起来多少": the rows just counted)
                               r"^\s*(?:那|那么)?\s*(?:这|那)(?:几|些)(?:笔|个|位|户|份|条|次)(?:的|里|中|当中)?|"
                               r"(?:(?<=\bhow many )|(?<=\bhow much )|(?<=\bwhat share )|(?<=\bwhat fraction )|(?<=\bwhat percent )|(?<=\bwhat percentage )|"
                               r"(?<=\bwhat % )|(?<=\bwhich )|^\s*(?:and\s+|so\s+)?)"
                               r"(?:of|among)\s+(?:those|them|these)\b(?!\s+(?:[a-z-]+\s+){0,2}(?:who|that|which|with|whose|where|having|holding|aged)\b)|"
                               r"^\s*(?:那|那么)\s*(?:按照?|分|只看|换成|如果)[^，,。]{0,12}(?:呢|怎么样)\s*[?？。]*\s*$", re.I)
_JUST_NAMED = patterns.compile(r"这些客户|这些人|这部分客户|这批客户|those\s+customers|these\s+customers")
#: a leading clause naming the rows a question then points back to: "Looking at all customer selections for …, "
_ROWS_SET_FIRST = patterns.compile(r"^\s*(?:looking\s+at|of|among|across|within|for|taking)\s+(?:all|the|every|our)\b[^,，]{4,}[,，]", re.I)
_SENTENCE_END = patterns.compile(r"[?？。!！;；:：—–]|\s-\s")


def points_back(text: str) -> re.Match[str] | None:
    """Words pointing back to an earlier answer ("其中", "这些客户", "of those") — not to the customers a
    sentence before them in the same message names ("…只存不贷的客户有多少?这些人存款余额加起来多少?")."""
    back = POINTS_BACK.search(text)
    if back is None or back.start() == 0:
        return back
    before = text[:back.start()]
    # ("…分别列出…的客户数，以及这些客户…的存款日均余额": the customers this message just counted)
    if (_SENTENCE_END.search(before) or _JUST_NAMED.fullmatch(back.group())) and CUSTOMER_WORDS.search(before) or _ROWS_SET_FIRST.match(before):
        return None  # ("Looking at all customer selections for …, what fraction of those rows …": the rows just named)
    return back


#: "what about …?" first in a conversation: pointing back only when it names no figure of its own
WHAT_ABOUT = patterns.compile(r"^\s*(?:and\s+|so\s+)?(?:what|how)\s+about\b|^\s*那(?:么)?[^，,。？?!！]{1,24}?呢\s*[？?。!！]*\s*$", re.I)
FOLLOWUP_END = patterns.compile(r"(?:呢|怎么样|如何|instead)\s*[?？!！。.]*\s*$", re.I)
REPLACE = patterns.compile(r"换成|改成|改为|换为|改按|而不是|instead|replace|switch|change|rather\s+than", re.I)
#: the same question with one part said anew: "same thing but per-customer AUM", "same thing but by city"
SAME_BUT = patterns.compile(r"\bsame\s+(?:(?:thing|one|again|list|table|ranking|view|cut)\s*)?[,，]?\s*but\b|同样的?(?:口径|问题)?[,，]?\s*(?:但是?|只是)", re.I)
#: "那按大区看呢？", "what about by region?": the breakdown asked about in place of the last one…
WHAT_ABOUT_BY = patterns.compile(r"^\s*(?:那|那么)\s*(?:如果)?\s*(?:按照?|分)[^，,。；;]{1,12}?(?:看|来看|统计|算)?\s*(?:呢|怎么样|如何)\s*[?？。.!！]*\s*$|"
                                 r"^\s*(?:and\s+|so\s+)?(?:what|how)\s+about\s+(?:by|per|for\s+each|broken\s+down\s+by|split\s+by)\b|"
                                 # ("and by apply channel?": the breakdown in its place, said on its own)
                                 r"^\s*(?:ok(?:ay)?[,\s]+)?(?:and|now)\s+(?:by|per|split\s+by|broken\s+down\s+by)\s+[^,，;；]{1,30}?\s*[?？]?\s*$", re.I)
#: …unless it is added to it ("再按城市拆", "also by city")
ADDING = patterns.compile(r"再|也|同时|加上|还要|另外|进一步|细分|下钻|\balso\b|\btoo\b|\bas\s+well\b|\bfurther\b|\bdrill|\bwithin\b|\badd\b", re.I)
ONLY = patterns.compile(r"只看|仅看|只要|只保留|仅限|\bonly\b|\bjust\b|\bnarrow\b", re.I)
CUSTOMER_WORDS = patterns.compile(r"客户|用户|人|户|customers?|clients?|people|users?|borrowers|depositors", re.I)
OFF_TOPIC = patterns.compile(
    r"天气|气温|下雨|股价|股票|买哪只|新闻|笑话|写一首|写首诗|翻译|菜谱|电影|足球|彩票|比特币|"
    r"上证|深证|恒生指数|大盘|股指|纳斯达克|道琼斯|聚餐|好吃的|餐厅|饭店|外卖|景点|旅游攻略|订票|买票|火车票|高铁票|机票|订酒店|订机票|打车|"
    r"\bweather\b|\bstocks?\b|\bshares?\s+to\s+buy|\bbitcoin|\bcrypto|\bnews\b|\bjokes?\b|\bpoem\b|\btranslate\b|\brecipe\b|\bmovies?\b|\bfootball\b|\blottery\b|"
    r"\b(?:composite|stock|equity)\s+index\b|\bs&p\s*500\b|\bnasdaq\b|\bdow\s+jones\b|\bhang\s+seng\b|\brestaurants?\b|\bwhere\s+to\s+eat\b|"
    r"\b(?:train|plane|flight|air|bus|movie|concert)\s+tickets?\b|\bbook\s+(?:me\s+)?(?:a\s+)?(?:flight|hotel|taxi|cab|table|room|ticket)|\bhotel\s+room\b",
    re.I,
)


#: "that didn't come in through the counter", "excluding anything done at POS", "没有通过柜面": a
#: negated verb of how or where
NEGATED_VERB_BEFORE = patterns.compile(
    r"(?:\b(?:did|do|does|was|were|is|are|have|has)\s*n[o']?t|\bnot|\bnever|"
    r"\b(?:excluding|except(?:\s+for)?|other\s+than|not\s+counting|leaving\s+out|ignoring|without)\s+(?:anything|everything|any|those|the\s+ones|ones|all|stuff))"
    r"\s+(?:\w+\s+){1,3}?(?:through|via|from|by|in|at|on|with|using)\s+(?:the\s+|a\s+|an\s+|our\s+)?$|"
    r"(?:没有|没|不是|并非|未)(?:通过|经过|经由|从|在|用|走)$", re.I)

#: "除了登录以外", "other than logins": a value set apart from the others ("除了登录以外哪类行为最多": every
#: event type but that one — not the customers who never logged in, nor the tag's own window)
EXCEPT_BEFORE = patterns.compile(r"(?:除了|除去|除|不含|不包括|不算)\s*$|\b(?:except(?:\s+for)?|other\s+than|excluding|besides|apart\s+from)\s+(?:the\s+|an?\s+)?$", re.I)
#: a verb leaving people out, right before what is said of them
LEAVE_OUT_VERB = patterns.compile(r"(?:去掉|剔除|排除|除去|去除|拿掉|扣除)\s*$|\b(?:exclud(?:e|ing)|drop(?:ping)?|remov(?:e|ing)|skip(?:ping)?)\s+$", re.I)
#: a channel or platform named as the way something was done: "通过app", "via the app", "在手机银行上"
THROUGH_BEFORE = patterns.compile(r"(?:通过|经过|经由|用|走|在)\s*(?:手机|移动端?)?\s*$|(?:手机|移动)\s*$|\bmobile\s+$|\b(?:via|through|on|using|in|from|into|to)\s+(?:the\s+|our\s+|a\s+)?$", re.I)
#: "没在|APP|上登录过": what stands between a place and what was (not) done there
PLACE_GAP = patterns.compile(r"\s*(?:上|里|中|端|内)?\s*")
#: "made through the app", "通过app": the way something was done, never the rows of that name ("no row in loans")
BY_WAY_OF = patterns.compile(r"(?:通过|经过|经由|用|走|在)\s*(?:手机|移动端?)?\s*$|\b(?:via|through|using|on|by)\s+(?:the\s+|our\s+|a\s+)?$", re.I)
#: what a tag is read from, said: "based on …", "according to …", "（…", "按…", "基于…"
BASIS_BEFORE = patterns.compile(r"(?:\b(?:based\s+on|according\s+to|using|measured\s+(?:on|by))\s+(?:the\s+|their\s+)?(?:[\w-]+\s+){0,4}|"
                                r"[(（](?:\s*(?:by|on|per|using|based\s+on)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,4}|[(（]\s*(?:按照?|基于|根据|以)?[^()（）,，]{0,12}|"
                                r"(?:基于|根据)[^，,。；;()（）]{0,12})$", re.I)
#: right after a month: its last day ("December 2025 month-end", "12月末")
ENDING_AFTER = patterns.compile(r"^\s*(?:month[\s-]?end|end|月末|月底|末|底)", re.I)
#: "(through 2025-12-31)", "as of the December 2025 month-end", "截至2025年12月31日": where the period ends
ENDING_BEFORE = patterns.compile(r"(?:\b(?:through|thru|to|until|till|up\s+to|ending|ended|as\s+(?:of|at)|at|on)\s+(?:the\s+)?|截至|截止|到|至)\s*$", re.I)


#: between two counts: the second is counted among the first's rows ("申请的贷款里被拒的", "applications, of which rejected")
WITHIN_AFTER = patterns.compile(r"^\s*(?:的)?(?:里面|里头|里|当中|之中|中间|中|其中)|^\W*(?:of\s+(?:which|those|these|them)|among\s+(?:them|those|these))\b", re.I)

#: what lists two figures side by side
LIST_SEPARATOR = patterns.compile(r"[和与及、,，;；/&+]|以及|还有|\b(?:and|or|plus|as\s+well\s+as|along\s+with)\b|(?<![a-z])(?:vs\.?|versus)(?![a-z])", re.I)


#: "all time", "since the beginning", 有史以来: over all the data, no period
ALL_TIME = patterns.compile(r"\b(?:of\s+|for\s+|over\s+)?all[\s-]+time\b|\ball[\s-]+history\b|\b(?:across\s+)?all\s+years(?:\s+(?:combined|together))?\b|"
                      r"\b(?:all\s+)?(?:the\s+)?(?:campaigns|loans|applications|transactions)\s+to\s+date\b|"  # "CVR by touch channel, all campaigns to date"
                      r"\bsince\s+(?:the\s+)?(?:very\s+)?(?:beginning|start)\b(?!\s+of\b)|"
                      r"\bno\s+(?:date|time)\s+(?:filter|limit|window|range|restriction)s?\b|"  # "no date filter, just across everything we have"
                      r"\b(?:across|over|in)\s+(?:everything|all\s+(?:the\s+)?data)\s+(?:we\s+have|there\s+is|available)\b|"
                      r"\b(?:on\s+record|ever\s+recorded|in\s+our\s+records)\b|\banywhere\s+in\s+(?:the\s+|our\s+)?(?:data|records|history)\b|"
                      r"\bin\s+(?:the\s+)?(?:whole|entire)\s+(?:data(?:set)?|mart|history)\b|"  # "no login event anywhere in the data"
                      r"\b(?:across|over|for|in)\s+the\s+(?:whole|entire|full)\s+(?:data\s+)?(?:period|history|range|time\s+range)\b|"
                      r"有史以来|历史累计|历史上|历来|开业以来|成立以来|(?:两年|所有年份|全部年份)(?:全部|所有|都算|合计)?的?(?=[)）,，])|不限(?:时间|日期|期间)|不加时间(?:限制|条件|筛选)|全部时间|(?:整个|全部)数据(?:期|期间|区间)(?:内|里|中)?", re.I)
#: "广州几家支行的存款余额加起来": the branches there, summed — one figure of them all, no count of branches asked
BRANCHES_SUMMED = patterns.compile(r"几(?:家|个)(?:支行|网点)(?=[^,，。？?；;]{0,24}(?:加起来|加总|合计|一共|总共|总和|加在一起))")
#: "不管哪个平台", "哪个平台登录都算", "any platform counts": every value of the field, no breakdown and no condition
ANY_OF_THEM = patterns.compile(r"(?:不管|不论|无论)(?:是)?(?:在)?(?:哪个|哪一个|什么|哪种|哪些)?(?:平台|渠道)(?:都算|都行|都可以|都一样)?|"
                               r"(?:哪个|任何|任意)(?:平台|渠道)(?:登录|登陆|上)?(?:的)?(?:都算|都行|都可以)|"
                               r"\b(?:any|every|all)\s+(?:platforms?|channels?)\s+(?:counts?|is\s+fine|are\s+fine|included)\b", re.I)
#: "从1月排到12月": the months in their order — an order said, no period (the period is said elsewhere)
MONTH_ORDER = patterns.compile(r"从\s*(?:1|一)\s*月(?:份)?\s*(?:排|列)到\s*(?:12|十二)\s*月(?:份)?|从\s*(?:1|一)\s*月(?:份)?\s*到\s*(?:12|十二)\s*月(?:份)?\s*(?:排|列)(?:下来|下去|好)?")
#: "最新月末", "截至最新一个月末", "at the most recent month-end": the snapshot every figure without a
#: period is read at already — never "most" as a superlative
LATEST_SNAPSHOT = patterns.compile(r"(?:截至|截止|到)?\s*(?:最新|最近)\s*(?:的|一个|一期|一次)?\s*(?:月末|月底|快照|时点|一期)|"
                                   r"(?:截至|截止|到)?\s*(?:最新(?:的|一个)?月份|数据(?:的)?最后一天|统计日|数据截止日|最新数据日)|"
                                   r"\b(?:(?:as\s+(?:of|at)|at|on)\s+)?(?:the\s+)?(?:most\s+recent|latest|newest)\s+(?:month[\s-]*end|snapshot|month|data\s+date)(?:\s+snapshot)?\b|"
                                   r"\bas\s+(?:of|at)\s+the\s+(?:as[\s-]+of|reporting|data|snapshot)\s+date\b", re.I)
#: "Per the definition of the overdue rate, …", "per the loan-intent tag definition", "dated by disbursement
#: date", "counting decisions by decision date": the governed definition said again — nothing to read
DEFINITION_SAID = patterns.compile(
    r"\b(?:per|according\s+to|following|under|applying|using)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:definitions?|glossary(?:\s+definitions?)?|rules)(?:\s+of)?\b|"
    r"\b(?:dated|counted|counting(?:\s+[a-z]+)?|measured)\s+by\s+(?:the\s+|their\s+)?[a-z-]+\s+date\b|"
    # "what some people call the response rate": naming, no phone call
    r"\bwhat\s+(?:some|many|most|other)?\s*(?:people|folks|we|they|others|colleagues|you)\s+(?:also\s+|usually\s+|often\s+)?call\b|"
    r"\b(?:so-called|also\s+called|also\s+known\s+as|otherwise\s+known\s+as|a\.k\.a\.?|aka)\b|(?:也叫|又叫|亦称|俗称|所谓的?)", re.I)
#: "剔除学生和退休人员以后，还剩多少": the "afterwards" of a removal is no time
AFTER_REMOVING = patterns.compile(r"(?:剔除|去掉|排除|除去|扣除|刨去|刨除|去除|不算)[^，,。;；？?]{1,16}?(以后|之后|后(?=[，,。;；\s]))")


def cue_before(pattern: re.Pattern[str], text: str, start: int, window: int = 32) -> bool:
    return bool(pattern.search(text[max(0, start - window):start]))


def cue_after(pattern: re.Pattern[str], text: str, end: int, window: int = 8) -> bool:
    return bool(pattern.search(text[end:end + window]))


def is_chinese(text: str) -> bool:
    from assistant.language import detect_lang

    return detect_lang(text) == "zh"
COUNT_INTENT = patterns.compile(r"多少|几个|几位|几户|几名|几人|总数|数量|人数|户数|\bhow\s+many\b|\bnumber\s+of\b|\bcount\b|\bcount\s+of\b|\bheadcount\b", re.I)
# "多少" asks how many only before a count unit or a noun ("多少客户", "多少笔"), not in "是多少"
HOW_MANY = patterns.compile(r"多少(?=[个位户名人笔次家份件]|客户|用户|账户)|有多少(?![钱元])|几个|几位|几户|几名|几人|几笔|\bhow\s+many\b|\bnumber\s+of\b", re.I)
#: 比较 as "fairly" before a quality (比较激进, 比较活跃): no comparison
_QUALITY = "激进|保守|稳健|高|低|多|少|大|小|好|差|活跃|频繁|积极|谨慎|常|久|新|老|稳"
FAIRLY = patterns.compile(rf"比较(?={_QUALITY})")
EACH = patterns.compile(rf"分别|各自|各是|各为|各有|各占|对比|谁(?=[^，,。？?!！]{{0,14}}?(?:多|少|高|低|大|小|好|差))|"
                        # "A跟B比，投入产出比哪个高": the two set side by side, each its own
                        rf"(?<=[跟和与同])[^，,。？?!！]{{1,24}}?比(?=\s*[，,：:])|哪个(?=(?:更|要)?(?:多|少|高|低|大|小|好|差))|比较(?!{_QUALITY})|相比|比一比|比比|比一下|比比看|\brespectively\b|\bseparately\b|\bindividually\b|\beach\s+one(?:['’]s)?(?![a-z])|\beach\s+of\s+(?:them|those|these)\b|(?<![a-z])(?:vs\.?|versus)(?![a-z])|\bcompared?\b", re.I)  # English "each" names its own breakdown ("each region"), not a list
RANKING = patterns.compile(r"排名|排行|排序|从高到低|从低到高|从少到多|从多到少|从小到大|从大到小|由高到低|由低到高|由少到多|由多到少|降序|升序|\bdesc\b|\basc\b|\brank(?:ed|ing)?\b|\bsort(?:ed)?\b|\border(?:ed)?\s+by\b|\b(?:highest|lowest|largest|smallest|biggest|best|worst|most|least|fewest|top|bottom)\s+(?:[a-z-]+\s+)?first\b|\b(?:best|worst)\s+to\s+(?:best|worst)\b"
                     r"|[从由](?:差到好|好到差)|最(?:高|低|多|少|大|小|好|差)的?(?:排|放)在?(?:最)?前|(?<!最)(?:高|低|多|少|大|小)的(?:排|放)在?前面?"
                     r"|排个序|排一下序|排下序|排个名|排一下名|排下名|(?:所有|全部|每个|各个)[\u4e00-\u9fff\s]{0,8}?都?(?:排一下|排一排|排下)|\b(?:high|low|big|small|large)\s+to\s+(?:high|low|big|small|large)\b", re.I)
#: an ordering that puts the smallest first
ASCENDING = patterns.compile(r"[从由](?:低到高|少到多|小到大|差到好)|升序|最(?:低|少|小|差)的?(?:排|放)在?(?:最)?前|(?<!最)(?:低|少|小)的(?:排|放)在?前面?|ascending|\basc\b"
                       r"|\b(?:low|small)\s+to\s+(?:high|big|large)\b"
                       r"|\b(?:lowest|smallest|fewest|least|worst|bottom|cheapest)\s+(?:[a-z-]+\s+)?first\b|\bworst\s+to\s+best\b"
                       r"|from\s+(?:the\s+)?(?:lowest|smallest|least|fewest|bottom|worst)", re.I)
ORDER_AT_LEAST = patterns.compile(r"^(?:['’]s)?\s*(?:(?:degree|level)\s+)?(?:及以上|以上|或以上|及更高|或更高|\bor\s+(?:above|higher|more)\b|\band\s+(?:above|higher)\b)", re.I)
#: the same bounds said before the value: "at least a bachelor's degree", "至少本科"
ORDER_AT_LEAST_BEFORE = patterns.compile(r"(?:\bat\s+least\s+(?:an?\s+|the\s+)?|\ba\s+minimum\s+of\s+(?:an?\s+)?|至少(?:是|为)?|起码(?:是)?)$", re.I)
ORDER_AT_MOST_BEFORE = patterns.compile(r"(?:\bat\s+most\s+(?:an?\s+|the\s+)?|\bno\s+(?:more|higher)\s+than\s+(?:an?\s+)?|至多(?:是|为)?|最多(?:是|为)?)$", re.I)
ORDER_AT_MOST = patterns.compile(r"^(?:['’]s)?\s*(?:(?:degree|level)\s+)?(?:及以下|以下|或以下|及更低|或更低|\bor\s+(?:below|lower|less)\b|\band\s+(?:below|lower)\b)", re.I)
ADD_METRIC = patterns.compile(r"加上|再加|也看|同时看|一并|顺便|还有|\badd\b|\balso\b|\bas\s+well\b|\btoo\b|\balong\s+with\b|\bplus\b", re.I)
CONJUNCTION_ONLY = patterns.compile(r"^\s*(?:和|与|及|以及|、|,|，|/|&|\+|＋|×|\bx\b|\band\b|\bor\b)\s*"
                              r"(?:(?:the|their|its|current|latest|present|当前的?|目前的?|现在的?)\s*)*$", re.I)  # "by channel and current status"
CLAUSE_BREAK = patterns.compile(r"[,，;；]|\band\b|以及|同时|另外", re.I)
CUSTOMER_HOW_MANY = patterns.compile(r"客户(?:有|共有|一共有)?多少|多少(?:个|位|名|户)?客户|几(?:个|位|名|户)客户|\bhow\s+many\s+(?:of\s+(?:our|the)\s+)?(?:customers|clients)\b", re.I)

#: the unit amounts are asked in: "用万元表示", "单位万元", "以亿元计", "in millions"
MONEY_UNIT = patterns.compile(
    r"(?:(?:用|以|按|换算成|折算成|折合成?)\s*(?P<zh1>万元|亿元|千元|百万元|万|亿)\s*(?:为单位|做单位|作单位|表示|来表示|计算|计|显示|来显示|展示)?|"
    r"单位\s*(?:是|为|用)?\s*[:：]?\s*(?P<zh2>万元|亿元|千元|百万元|万|亿)|(?P<zh3>万元|亿元)\s*为单位|"
    # "理财余额合计多少万元？": the figure asked in that unit
    r"多少\s*(?P<zh4>万元|亿元|千元|百万元|万|亿)(?=\s*(?:[?？。,，!！;；]|$|呢|啊|吧|左右)))|"
    r"\bin\s+(?:units\s+of\s+)?(?P<en>thousands|millions|billions|hundreds?\s+of\s+millions|10\s*k|ten[\s-]+thousands?|万元|亿元|"
    r"(?:bn|mn|mm|k|万|亿)(?=\s*(?:[?？.。!！,，;；]|$|pls\b|please\b|plz\b|yuan\b|rmb\b|cny\b)))"
    r"(?:\s+(?:of\s+)?(?:yuan|rmb|cny))?\b", re.I)
#: "never submitted a single loan application", "一笔都没有": "a single" after a negation is "even
#: one" — no single loan's amount
EVEN_ONE = patterns.compile(r"(?:\b(?:never|not|no|without)|n['’]t)\b(?:\s+[a-z]+){0,2}?\s+((?:a|one)\s+single|single)\b(?=\s+[a-z])", re.I)
#: "just the single all-time approval rate", "a single figure": the adjective, not the marital status
SINGLE_ADJECTIVE = patterns.compile(r"\b(?:the|a|one)\s+(single)\b(?=\s+[a-z])(?!\s+(?:customers?|clients?|people|persons?|women|men|ones?|borrowers?|depositors?|users?)\b)|"
                                    # "single amount over 50,000": one row's amount (单笔), never unmarried
                                    r"(?<!biggest\s)(?<!largest\s)(?<!smallest\s)(?<!highest\s)(?<!lowest\s)\b(single)(?=[\s-]+(?:amount|amounts)\b)", re.I)
#: "above CNY 50,000 per transaction", "more than 50k each": a bound said of every row — how a row's amount is read already
PER_ROW_BOUND = patterns.compile(r"(?:\babove|\bover|\bmore\s+than|\bgreater\s+than|\bat\s+least|\bbelow|\bunder|\bless\s+than|\bexceeding|[<>≥≤]=?)\s*"
                                 r"(?:cny|rmb|¥|￥|\$)?\s*[\d,.]+\s*(?:k|m|w|万|元|yuan)?\s*"
                                 r"(per\s+(?:transaction|txn|transfer|payment|loan|application|purchase|deal|trade)|each|apiece)\b", re.I)
#: "between 1 Mar and 31 May 2025, both dates inclusive", "（含首尾两天）": a range's ends said to be in it —
#: how every period here is read already
INCLUSIVE_SAID = patterns.compile(r"\b(?:both\s+(?:dates|days|ends|bounds)\s+)?inclusive\b|\bboth\s+(?:dates|days|ends)\s+included\b|"
                                  r"含首尾(?:两天|两端|两日)?|首尾(?:都|均)?(?:含|包含|算)|含两端|包含两端|两端都含|含端点|"
                                  # "2025年7月1日至9月30日（含）": the range's end day counted, as every range here reads
                                  r"(?<=[日号])\s*[(（]\s*(?:含|包含|均含|含当日|含当天)\s*[)）]|"
                                  # "40到50岁（含）": a range of numbers, its ends counted, as every range here reads
                                  r"(?:(?<=[0-9][岁元万天笔次分个])|(?<=[0-9]周岁)|(?<=[0-9]万元))\s*[(（]\s*(?:含|包含|均含|含两端)\s*[)）](?!\s*(?:到|至|-|~|–|—))|"
                                  # "收入段为10万-30万元（含10万、不含30万）": a band's own ends, as every band here reads
                                  r"[(（]\s*(?:含|包含)\s*[0-9.]+\s*(?:万元|万|元|岁)?\s*[、,，;；]\s*(?:不含|不包含)\s*[0-9.]+\s*(?:万元|万|元|岁)?\s*[)）]", re.I)
#: "没交易的按0算", "cust w/o txns count as 0": customers with none counted as zero
_ZERO_SAID_ZH = r"(?:(?:一(?:天|次|笔|个)|任何)?(?:都|也)?没\w{0,4}?(?:的)?(?:客户|用户|人)?|没有的)?\s*(?:按|算|记|当作?)\s*(?:0|零)\s*(?:天|次|笔|个|元|分)?(?:算|计|处理)?(?:进去|在内|进来)?"
_ZERO_SAID_EN = (r"\b(?:zeros|0s)\s+(?:included|counted|in)\b|\b(?:including|incl\.?|counting)\s+(?:the\s+)?zeros?\b|\bwith\s+(?:the\s+)?zeros\s+(?:in|included)\b|"
                 r"\b(?:customers?|cust|custs|people|those|ones)\s+(?:with\s+no|without|w/o)\s+[a-z]+\s+(?:count|counts|counted|counting)\s+as\s+(?:0|zero)\b|"
                 r"\b(?:count|counting|treat|treating)\s+(?:customers|people|those|anyone|ones|everyone)\s+(?:with\s+no|without(?:\s+any)?)\s+[a-z]+\s+as\s+(?:0|zero|having\s+(?:0|zero|none))\b|"
                 # "count the ones who never logged in as zero"
                 r"\b(?:count|counting|treat|treating)\s+(?:the\s+)?(?:customers|people|those|anyone|ones|everyone)\s+(?:who|that)\s+"
                 r"(?:never|did\s*n[o'’]?t|have\s*n[o'’]?t|had\s*n[o'’]?t|has\s*n[o'’]?t)\s+[a-z]+(?:\s+(?:in|on|any))?\s+as\s+(?:0|zero)\b")
ZERO_COUNTED = patterns.compile(f"{_ZERO_SAID_ZH}|{_ZERO_SAID_EN}", re.I)
#: "以申请日期统计", "按放款日算", "按决策时间口径": which date a figure is counted by, said in Chinese
ZH_DATE_BASIS = patterns.compile(r"(?:按|以|依)(?:照)?\s*(?P<stem>[\u4e00-\u9fff]{2,3}?)(?:日期|日|时间)\s*(?:为准|统计|算|计|口径|来算|来统计|归属)?")


def basis_columns(text: str, model: SemanticModel, table: str) -> list[tuple[str, str]]:
    """The date columns of ``table`` a question says its figure is counted by ("以申请日期统计":
    apply_date), each with the words that say it; a stem naming no single column is left out."""
    from semantic_layer.compile.plan import date_words

    words = date_words(model, table)
    out = []
    for said in ZH_DATE_BASIS.finditer(text):
        stem = said.group("stem")
        named = {c for c, w in words.items() if w.startswith(stem) or stem.startswith(w)}
        if len(named) == 1:
            out.append((said.group(0), named.pop()))
    return out


#: "(by customer open date)", "by apply date", "based on the disbursement date": which date a figure is
#: counted by — the figure's own time column, how it is read already
DATE_BASIS = patterns.compile(r"\bas\s+(?:of|at)\s+(?:(?:the\s+)?(?:latest|most\s+recent|current)|the\s+last)\s+(?:data\s+|available\s+)?(?:date|month[\s-]*end)\b|"
                              # "…, not the daily avg", "不是日均": the other basis denied, the one named kept
                              r"\b(?:and\s+)?not\s+(?:the\s+)?(?:daily\s+(?:avg|average)|average\s+daily(?:\s+balance)?|"
                              r"point[\s-]in[\s-]time(?:\s+(?:number|figure|balance))?)\b|(?:而)?(?:不是|不要|非)(?:月末|期末|月底)?(?:日均|时点)(?:余额|口径|数)?|"
                              # "没登录的按0天", "count those with none as zero": what every tag here does already
                              + _ZERO_SAID_ZH + r"|\b(?:as|at)\s+(?:0|zero)\b|" + _ZERO_SAID_EN + "|"
                              # "每份问卷都算进去", "分母是全部客户", "interpolated percentiles are fine": how rows are counted already
                              r"每一?(?:份|条|笔|个|次|位)[\u4e00-\u9fff]{0,4}?都(?:要)?(?:算|计)(?:进去|在内|上)?|分母(?:是|为|用)(?:全部|所有|全体)(?:的)?(?:客户|用户)?|"
                              r"\binterpolated\s+(?:percentiles?|quantiles?|values?)\s+(?:are|is)\s+(?:fine|ok|okay)\b|\b(?:(?:going\s+|go\s+)?by|based\s+on|using|per|on)\s+(?:the\s+|their\s+|its\s+)?(?:[a-z]+[\s-]+){0,2}dates?\b(?!\s+(?:range|of\s+birth))|"
                              r"按(?:照)?\s*[\u4e00-\u9fff]{1,4}?(?:日期|时间|日)\s*(?:算|计|统计|口径|来算)?|以\s*[\u4e00-\u9fff]{1,4}?(?:日期|时间|日)\s*(?:为准|计算?|统计|来算|算)|"
                              # "show the month as its first day", "月份用当月1日表示": how a month is shown already
                              r"\b(?:show|label|display|give|report|list)\s+(?:the\s+|each\s+)?months?\s+as\s+(?:its|their|the)\s+first\s+days?(?:\s+of\s+the\s+month)?\b|"
                              r"(?:月份|月)\s*(?:用|以|按)\s*(?:当月|每月|该月)?\s*(?:1|一)(?:日|号)\s*(?:表示|显示|标注|来表示)", re.I)
#: "（每组全部客户都算，余额为0的也算在内）", "including zero balances": every customer counted — what a figure over
#: customers does, but not an average per customer of their rows (that one is over those with rows)
EVERY_CUSTOMER_COUNTED = patterns.compile(r"(?:每组|各组|每一组)(?:的)?(?:全部|所有)(?:的)?(?:客户|用户|人)都(?:要)?算(?:上|进去|在内)?|"
                                          r"余额(?:为|是)?(?:0|零)(?:元)?的(?:客户|人)?也(?:要)?(?:算在内|算上|算进去|算|计入|包括在内|包含在内)|"
                                          r"\b(?:including|incl\.?)\s+(?:zero|0)\s+balances?\b|\bzero\s+balances?\s+(?:included|count(?:ed)?\s+too)\b", re.I)
#: "…？金额按万元给": the amount named again only to give its unit — no second figure
AMOUNT_BEFORE_UNIT = patterns.compile(r"(?:金额|数额)(?=\s*(?:按|用|以|换算成|折算成)\s*(?:万元|亿元|千元|百万元|万|亿))|"
                                      r"\b(?:amounts?|figures?)(?=\s+in\s+(?:thousands|millions|billions|10\s*k|ten[\s-]+thousands?|万元|亿元)\b)", re.I)
MONEY_UNIT_WORDS = {"万": "ten_thousand", "万元": "ten_thousand", "亿": "hundred_million", "亿元": "hundred_million", "千元": "thousand",
                    "百万元": "million", "thousands": "thousand", "millions": "million", "billions": "billion",
                    "10k": "ten_thousand", "ten thousand": "ten_thousand", "ten thousands": "ten_thousand",
                    "bn": "billion", "mn": "million", "mm": "million", "k": "thousand"}


def money_unit(text: str) -> tuple[str, tuple[int, int]] | None:
    """The money unit asked for and where it is said, if any."""
    m = MONEY_UNIT.search(text)
    if m is None:
        return None
    word = re.sub(r"[\s-]+", " ", next(g for g in m.groups() if g)).lower().replace("10 k", "10k")
    unit = MONEY_UNIT_WORDS.get(word) or ("hundred_million" if "hundred" in word else None)
    return (unit, m.span()) if unit else None


#: "存贷结构分布，none那部分剔掉": a code said without quotes, then the part of it left out
UNQUOTED_VALUE_LEFT_OUT = patterns.compile(
    r"(?<![a-z])([a-z][a-z_]{1,15})(?![a-z])\s*(?:的)?(?:那|这)(?:一)?(?:类|项|组|档|种|部分|个|些)(?:\s*[(（][^()（）]{0,12}[)）])?(?:的)?(?:就|也)?(?:都)?(?:先)?"
    r"(?:不要算进来|不算进来|别算进来|不要算|别算|不算|不计|不统计|剔除|剔掉|排除|去掉|去除|拿掉|除外|不要|不看)(?:掉)?|"
    # "存贷结构为none（既无存款也无贷款）的客户剔除": a code said as the value, then who is left out
    r"(?:为|是|=)\s*(?!null\b|nan\b|na\b)([a-z][a-z_]{1,15})(?![a-z])\s*(?:[(（][^()（）]{0,20}[)）])?\s*(?:的)?(?:客户|用户|人)?(?:就|也)?(?:都)?(?:先)?"
    r"(?:不要算进来|不算进来|别算进来|不要算|别算|不算|不计|不统计|剔除|剔掉|排除|去掉|去除|拿掉|除外|不要|不看)(?:掉)?", re.I)
# "没有偏好的不算", "没登录过的剔除掉", "leave out the ones with no preferred channel"
EXCLUDE_ZH = patterns.compile(UNQUOTED_VALUE_LEFT_OUT.pattern + "|"
                        
    # "近90天没有登录记录、因而没有活跃时段的客户不要算进来": one absence explained by another, both left out;
    # "还在审批中、没有结果的不算": a state, then the absence it is
    r"(?:(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,8}[、]\s*)?"
    r"(?:既|都|也|还|仍|尚)?(?:没有|没|无|未|空|缺失|未知|算不出|算不了|无法计算|计算不出|(?:为|是|等于)\s*(?:0|零)(?:元)?)[^,，。;；]{0,12}?"
    r"(?:、\s*(?:因而|因此|所以|从而|也就|即|也)?\s*(?:没有|没|无|未)[^,，。;；]{0,12}?)?(?:的)?(?:客户|用户|人)?(?:就)?(?:都)?(?:先)?"
    r"(?:(?:不要|别|不)(?:放进|放入|算入|纳入)分母|不要计入|不用计入|不要纳入|别算进(?:去了?|来|分母)?|不算进(?:去了?|来|分母)?|不进分母|不计入分母|不计入统计|不计入|不纳入统计|不纳入|不算|不计|不统计|剔除|剔掉|排除|去掉|去除|拿掉|扔掉|除外|不用包括|不要包括|不必包括|不要|不含|不包括|过滤|别算|别统计|不用算|不要算|别计入|不用列(?:出来)?|别列(?:出来)?|不列(?:出来)?|不用看|不看)|"
    r"(?:剔除|剔掉|排除|去掉|去除|不含|不包括|过滤掉?)(?:掉)?[^,，。;；]{0,8}?(?:无法计算|无法算出|算不出|计算不出|没有|没|从未|未|无|为空|空值|未知|缺失)(?:[^,，。;；)）]{0,8}?的)?|"
    # "在能算出存款波动系数的客户里", "波动系数算得出来的客户中": only those whose figure is known
    r"(?:能|可以|可)(?:算出|算得出|计算出|计算|算)(?:来)?[^,，。;；?？]{0,12}?的(?:客户|人)?(?:里面|里|当中|之中|中)|"
    r"[^,，。;；?？]{0,12}?(?:能|可以)?(?:算得出来|算得出|能算出来|计算得出)的(?:客户|人)?(?:里面|里|当中|之中|中)|"
    # “其他”那一类不要算进来, 把“其他”剔掉: a value named in quotes
    # “其他(other)”、说不清楚的那一类剔除掉: a few words describing it may follow the quotes
    r"[“\"'‘「『][^”\"'’」』]{1,16}[”\"'’」』](?:\s*[(（][^()（）]{0,16}[)）])?(?:[、,，]?\s*[\u4e00-\u9fff]{1,6}的(?=那|这))?(?:的)?(?:那|这)?(?:一)?(?:类|项|组|档|种|部分|个)?(?:[\u4e00-\u9fff]{1,5}?的)?(?:客户|人|用户)?(?:就|也)?(?:都)?(?:先)?"
    r"(?:不要算进来|不算进来|别算进来|不要算进去|别算进去|不算进去|不要算|别算进(?:去了?|来|分母)?|不算进(?:去了?|来|分母)?|不(?:计算|算|计|包括)在内|不算|不计入|不计|不统计|剔除|剔掉|排除|去掉|去除|拿掉|除外|不要|不含|不包括|不用列(?:出来)?|别列(?:出来)?|不列(?:出来)?|不用看|不看)(?:掉)?|"
    r"(?:剔除|剔掉|排除|去掉|去除|拿掉|不含|不包括|不算)(?:掉)?[“\"'‘「『][^”\"'’」』]{1,16}[”\"'’」』](?:那|这)?(?:一)?(?:类|项|组|档|种|部分)?")
#: "… who has no preferred channel because they had no transactions in the last 90 days": the
#: reason someone is left out is left out with them
_REASON = r"(?:[^,.;?]{0,40}?\b(?:because|since|given\s+that|meaning|i\.e\.)\s+[^,.;?]{0,60}|[^,.;?()（）]{0,40}?[(（][^()（）]{1,60}[)）])?"
EXCLUDE_EN = patterns.compile(
    # "leave out the 'other' bucket": a value named in quotes
    r"\b(?:leav(?:e|ing)\s+out|exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing))\s+(?:the\s+)?"
    r"(?:(?:ones?|those|customers|clients|people)\s+)?(?:(?:marked|labell?ed|tagged|coded|flagged|listed)\s+(?:as\s+)?)?[\"'‘“][^\"'’”]{1,24}[\"'’”]"
    r"(?:\s+(?:bucket|group|category|ones?|value))?(?:\s+(?:completely|entirely|altogether|as\s+well|too))?"
    r"(?:\s*\(?\s*(?:from|in|out\s+of)\s+the\s+(?:base|denominator|total)(?:\s+(?:too|as\s+well))?\s*\)?)?|"
    r"\b(?:leave|leaving|left|filter(?:ing)?)\s+out\b[^,.;?]{0,40}?\b(?:no|without|missing|unknowns?|blanks?|nulls?|empty|none|never)\b"
    + _REASON + r"|"
    # "only count people who actually have a preferred channel"
    r"\b(?:only\s+(?:count(?:ing)?|include|including|consider(?:ing)?)|count(?:ing)?\s+only)\s+(?:people|customers|clients|those|the\s+ones|ones)\s+(?:who|that|with)\s+"
    r"(?:actually\s+|really\s+)?(?:have|has|had|hold|holds|held)\b[^,.;?]{0,40}|"
    # "among customers whose deposit volatility can (actually) be computed": only those that have one
    r"(?:\b(?:only\s+)?count(?:ing)?\s+(?:only\s+)?(?:those|the\s+ones|ones|people|customers|clients)\s+)?"
    r"\b(?:whose|with|where|for\s+whom)\b[^,.;?]{0,40}?\b(?:(?:can|could)\s+(?:actually\s+|really\s+)?be\s+(?:computed|calculated|known|determined)|"
    r"(?:is|are)\s+(?:actually\s+|really\s+)?(?:measurable|computable|calculable|known|available|defined))\b|"
    r"\b(?:exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing)|not\s+counting|without\s+counting)\b[^,.;?]{0,40}?"
    r"\b(?:no|without|missing|unknowns?|blanks?|nulls?|empty|none|never)\b" + _REASON + r"|"
    r"\b(?:no|without|missing|unknown)\s+[a-z ]{0,30}?\b(?:excluded|left\s+out|ignored|dropped)\b|"
    # "of the customers that actually have a deposit volatility value": only those whose field is known
    r"\b(?:that|who|which)\s+(?:actually\s+|really\s+)?(?:have|has)\s+(?:a|an)\s+[a-z][a-z -]{0,30}?\s+(?:value|score|figure|reading)\b|"
    # "among customers with a known active period": only those whose field is known
    r"\b(?:with|having|who\s+have|that\s+have)\s+(?:a\s+|an\s+)?(?:known|valid|recorded|non[\s-]?(?:null|empty|blank|missing))\s+[a-z][a-z ]{0,30}?(?=\s*(?:[,.;?]|$|\b(?:what|how|who|which)\b))|"
    # "skip anyone who hasn't logged in", "ignore customers who never answered one"
    r"\b(?:skip(?:ping)?|ignor(?:e|ing)|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?|remov(?:e|ing))\s+(?:anyone|anybody|everyone|those|people|customers|clients|the\s+ones|ones|"
    r"(?:the\s+|any\s+)?[a-z]+s)\s+(?:who|that|which)\s+(?:(?:has|have)\s+)?(?:hasn'?t|haven'?t|never|didn'?t|don'?t|doesn'?t|not|(?:do|does|did)\s+not)\b[^,.;?]{0,30}|"
    r"\b(?:ignor(?:e|ing)|exclud(?:e|ing)|leav(?:e|ing)\s+out|drop(?:ping)?|skip(?:ping)?)\b[^,.;?]{0,40}?"
    r"\b(?:can'?t|cannot|could\s*n[o']?t|isn'?t|is\s+not)\s+(?:be\s+)?(?:computed|calculated|known|available|defined)\b|"
    r"\b(?:leav(?:e|ing)\s+out|exclud(?:e|ing)|ignor(?:e|ing)|drop(?:ping)?|skip(?:ping)?|remov(?:e|ing))\b[^,.;?]{0,40}?"
    r"\b(?:aren'?t|isn'?t|not|never)\s+(?:tied|linked|attached|associated|related|assigned|mapped)\s+to\s+(?:any|an?)\b", re.I)


#: the rows a question is about, named after "for"/"among" … ("for campaigns started last year, …")
ROWS_FOR = r"(?:for|among|across|within|of)\s+(?:the\s+|all\s+|our\s+|those\s+)?$"


def exclusion_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in (*EXCLUDE_ZH.finditer(text), *EXCLUDE_EN.finditer(text))]


#: how far past an exclusion's cue its group is still named ("leave out people with no |logins|")
EXCLUSION_TAIL = 12


_CLAUSE_END = patterns.compile(r"[,，。;；?？!！]")


def left_out_at(spans: list[tuple[int, int]], position: int, text: str | None = None) -> bool:
    """Is the word at ``position`` part of a group said to be left out (see :func:`exclusion_spans`):
    inside a span, or named right after its cue ("leave out people with no |logins|") — never
    past the clause's end ("没有交易的客户不算，|各区域存款余额|" asks of every region's deposits)."""
    return any(start <= position < end or end <= position < end + EXCLUSION_TAIL
               and (text is None or not _CLAUSE_END.search(text, end, position)) for start, end in spans)


#: whom a message is planned for, said before the question that counts them: "想给…的人发push，这批人有多少" —
#: the plan's words (1, 2) set aside, whom it names kept
SEND_TO = patterns.compile(r"((?:想|要|准备|打算|计划)(?:先)?给)[^，,。？?]{1,40}?(发(?:一波|一条|一个|个|条)?(?:push|推送|短信|消息|优惠券|券|红包|通知))(?=\s*[，,])", re.I)
#: the campaign a count is for, said before whom it aims at: "下一波消费贷想打只存不贷…的客户" (the product is the campaign's)
CAMPAIGN_AIM = patterns.compile(r"(?:下一波|下波|这一波|这波|下一轮|下轮|下一期|下期|下次|接下来的?)[^，,。？?；;]{0,10}?(?:想|要|准备|打算|计划)?(?:主打|打|投给|推给|触达|覆盖|圈)")
#: the whole book a figure is over, said after it: "overdue rate on the loan book", "NPL ratio across our portfolio"
ON_THE_BOOK = patterns.compile(r"\s*\b(?:on|across|in|of|for)\s+(?:the|our)\s+(?:whole\s+|entire\s+|total\s+)?(?:(?:loan|lending|credit|deposit|wealth)\s+)?(?:book|portfolio)s?\b", re.I)


#: another way of measuring, denied: "median, not mean", "按笔不按人", "by amount, not number of loans", "是日均，不是月末时点"
RIVAL_DENIED = patterns.compile(
    r"(?:\b(?:not|rather\s+than|instead\s+of)\s+(?:(?:by|the|a|on|per|in)\s+)*|(?:而不是|不是|而非|不按|不看|不用|不算)(?:按|用|看|算)?(?:照)?)"
    r"(?P<rival>mean|average|avg|median|customers|people|persons|heads|loans|applications|accounts|transactions|rows|records|touches|events|"
    r"number\s+of\s+[a-z]+|counts?|amounts?|balances?|month[- ]end|point[- ]in[- ]time|daily\s+average|"
    r"平均数|平均值|均值|平均|中位数|客户数|人数|人头|户数|人|户|笔数|账户数|条数|次数|笔|账户|金额|余额|月末时点|时点|月末|日均)(?![a-z])", re.I)
