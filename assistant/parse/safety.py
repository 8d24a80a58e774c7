"""Requests wenshu refuses before any parsing: data changes, raw personal data,
SQL typed into the chat, prompt injection, oversized input. Rules are tables of
(pattern, reason); the first that matches wins. Nothing is executed for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import patterns

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Refusal:
    code: str
    zh: str
    en: str


WRITE = Refusal(
    "write",
    "问数只读取数据,不能新增、修改、删除或另存任何数据。可以改问统计问题,例如某个指标是多少、按什么拆分。",
    "wenshu only reads data; it cannot add, change, delete or save anything. Ask for figures instead, "
    "e.g. a total or a breakdown.",
)
PII = Refusal(
    "pii",
    "出于隐私保护,问数不提供姓名、身份证号、手机号等个人信息。可以查询人数、分布等汇总结果。",
    "To protect privacy, wenshu does not reveal names, ID numbers, phone numbers or other personal "
    "data. You can ask for counts, breakdowns and other aggregates.",
)
SQL = Refusal(
    "sql",
    "问数不执行在对话中输入的 SQL。请用中文或英文描述您想了解的业务问题。",
    "wenshu does not run SQL typed into the chat. Please describe the business question in words.",
)
INJECTION = Refusal(
    "injection",
    "这个请求试图改变问数的规则,无法执行。请直接提出业务数据问题。",
    "That request tries to change wenshu's rules, so it cannot be followed. Please ask a question about the data.",
)
TOO_LONG = Refusal(
    "too_long",
    f"问题太长了(上限 {MAX_QUESTION_CHARS} 字)。请用一两句话描述您的问题。",
    f"The question is too long (limit {MAX_QUESTION_CHARS} characters). Please ask it in a sentence or two.",
)
INDIVIDUAL = Refusal(
    "individual",
    "问数只给出汇总结果,不对单个客户排名,也不列出客户号。可以问分组的排名(例如各网点、各区域),"
    "或用“目标客群”圈选适合营销的客户群。",
    "wenshu answers with aggregates: it does not rank individual customers or list customer IDs. Ask for a "
    "ranking of groups (branches, regions), or use target segments to select customers for a campaign.",
)
ACTION = Refusal(
    "action",
    "问数只做数据分析,不能发送短信、推送或优惠券,也不能执行营销动作。可以问哪些客户群适合触达,再交给营销系统执行。",
    "wenshu only analyses data: it cannot send messages, pushes or coupons, or run a campaign. Ask which customer "
    "groups to target, then hand them to the marketing system.",
)
EMPTY = Refusal("empty", "请输入一个问题,例如某个指标上个月是多少、按什么拆分。", "Please type a question, e.g. what a figure was last month, or broken down by something.")

_DATA = r"(?:客户|数据|记录|表|账户|余额|信息|状态|贷款|存款|名单|所有|全部|一切)"
#: common surnames, for a customer named in the question (客户王伟, customer 李娜, 王诗敏's); surnames that are
#: also everyday words (高, 余, 平, 全, 金, 万 …) are left out, and 黄 only when not 黄金
_SURNAME_CHARS = "王李张刘陈杨赵吴周徐孙马朱胡郭林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶苏魏吕丁沈姚卢姜崔钟谭汪范廖贾韦邹孟熊秦邱尹薛闫侯陶贺顾郝龚邵覃戴莫孔汤"
_SURNAME = "(?:[" + _SURNAME_CHARS + "]|黄(?!金))"

RULES: tuple[tuple[re.Pattern[str], Refusal], ...] = (
    (patterns.compile(r"(?:ignore|disregard|forget|override)\b.{0,30}\b(?:previous|above|prior|earlier|all|your|the)\b.{0,30}\b(?:instructions?|rules?|prompts?|guidelines?)", re.I | re.S), INJECTION),
    (patterns.compile(r"(?:忽略|无视|忘记|忘掉|不要理会|绕过).{0,12}(?:之前|以上|上面|前面|所有|全部|你的|系统).{0,12}(?:指令|指示|规则|提示|设定|要求|限制)", re.S), INJECTION),
    (patterns.compile(r"system\s*prompt|系统提示词?|提示词|developer\s+mode|jailbreak|越狱|(?:pretend|act)\s+(?:you\s+are|as)\b|你现在是一个|扮演", re.I), INJECTION),
    (patterns.compile(r";\s*(?:drop|delete|update|insert|attach|copy|alter|create|truncate|pragma|install|load)\b|\bunion\s+(?:all\s+)?select\b|'\s*or\s+'?\d+'?\s*=\s*'?\d|--\s*$|/\*.*\*/", re.I | re.S), SQL),
    # SQL typed in: its own shape, not an English sentence that starts with "With the as-of date …" or "Describe …"
    (patterns.compile(r"^\s*(?:select\s+[\w*(][\s\S]*?\bfrom\s+[\w\"(]|with\s+(?:recursive\s+)?\w+\s+as\s*\(|copy\s+\w+\s+(?:to|from)\b|"
                      r"attach\s+(?:database\s+)?['\"]|pragma\s+\w+|install\s+\w+\s*;?\s*$|load\s+\w+\s*;?\s*$|describe\s+\w+\s*;?\s*$|show\s+tables)", re.I), SQL),
    # (never "remove the churned customers from the count": rows left out of a figure)
    # (nor "also drop everyone who was selected into a campaign": people left out of a list)
    (patterns.compile(r"(?:\b(?:delete|truncate|wipe|erase|purge|destroy)\b|\b(?:drop|remove)\b(?!\s+(?:also\s+)?(?:everyone|anyone|anybody|everybody|those|people|"
                      r"customers|clients|the\s+ones|ones)\s+(?:who|that|with|whose)\b))(?!.{0,60}\bfrom\s+(?:the\s+|this\s+|my\s+|that\s+|our\s+)?(?:[\w-]+\s+){0,3}?"
                      r"(?:count|total|calculation|numbers?|analysis|results?|denominator|base|figures?|average|ratio|rate)\b).{0,40}\b(?:customers?|custs?|clients?|data|tables?|records?|rows?|accounts?|loans?|applications?|apps|responses?|surveys?|events?|transactions?|entries|campaigns?|touches|everything|everyone|everybody|anyone|all|database|db)\b", re.I | re.S), WRITE),
    # "please delete them from campaign_touches": rows taken out of a table named
    (patterns.compile(r"\b(?:delete|drop|purge|wipe|erase|remove)\b.{0,60}\bfrom\s+(?:the\s+)?(?:[a-z]+_[a-z_]+|tables?|database|db)\b", re.I | re.S), WRITE),
    (patterns.compile(r"\bupdate\b.{0,60}\bset\b|\binsert\b.{0,60}\binto\b|\b(?:alter|create)\s+table\b|\b(?:add|insert|create)\b.{0,40}\b(?:to|into|in)\s+the\s+\w+\s+table\b", re.I | re.S), WRITE),
    # a verb, not the noun of a comparison ("MoM change in loan balance", "the increase of the rate")
    (patterns.compile(r"(?<!mom )(?<!yoy )(?<!qoq )(?<!the )(?<!net )(?<!% )(?<!an )(?<!a )(?<!month )(?<!year )(?<!quarter )(?<!absolute )"
                      # ("how much higher (or lower) is the … balance": a comparative, no change asked)
                      r"(?<!relative )(?<!percent )(?<!percentage )(?<!or )(?<!higher/)\b(?:change|modify|set|edit|overwrite|update(?!\s+(?:me|us)\b)|increase|raise|lower|reset)\b"
                r"(?!\s*\))(?!\s+(?:in|of|over|from|between|vs\.?|versus|since|compared|than|or)\b).{0,40}\b(?:balance|status|record|data|income|rate|risk level|overdue days|days past due|dpd|to\s+(?:\d|zero|null|none|nothing)\b)",
                re.I | re.S), WRITE),
    # "bump customer 10234 up to risk level R3", "downgrade their risk level": a customer's record changed
    (patterns.compile(r"\b(?:bump|upgrade|downgrade|promote|demote|mark|flag|reclassify|re-classify|relabel)\b.{0,60}\b(?:up|down)?\s*(?:to|as|into)\s+"
                      r"(?:(?:the\s+)?(?:risk\s+level|level|tier|status|segment|stage)\s+)?['\"‘“]?\w", re.I | re.S), WRITE),
    # "pls update acquisition_channel to 'app' for everyone who …", "set risk_level to R1": a column's value changed
    (patterns.compile(r"\b(?:update|overwrite)\b.{0,60}\bto\s+['\"‘“]?\w|\b(?:change|set|modify|reset)\s+(?:the\s+|their\s+)?[a-z]+_[a-z_]+\b.{0,40}\bto\b",
                      re.I | re.S), WRITE),
    (patterns.compile(r"\b(?:create|add|insert|register|open|set\s+up)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:campaigns?|branch(?:es)?|customers?|accounts?|loans?|records?|products?|tables?|rows?|users?)\b(?!\s+(?:count|rate|balance|amount|accounts?\s+opened))", re.I), WRITE),
    (patterns.compile(r"(?:新建|创建|新增一个|添加一个|增加一个|录入|开一个新)(?:网点|支行|活动|客户|账户|贷款|产品|记录|表)"), WRITE),
    # ("做成一张表即可": the answer shown as a table is no table made in the data; "生成一张新表", "做成临时表" are)
    (patterns.compile(r"(?:存成|存为|保存成|保存为|另存为|写成|写入|导入|建成)(?:一张|一个|个|张)?(?:新的?)?(?:表|数据表|临时表|视图)|"
                      r"(?:做成|生成)(?:一张|一个|个|张)?(?:新的?(?:表|数据表)|临时表|视图|数据表)|(?:建|建立|新建)(?:一张|一个|个|张)(?:新的?)?(?:表|视图)", re.S), WRITE),
    (patterns.compile(r"\b(?:save|store|write|persist|materiali[sz]e|export|dump|put)\b.{0,60}\b(?:as|into|to)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:tables?|views?)\b", re.I | re.S), WRITE),
    (patterns.compile(r"(?:删除|删掉|删了|清空|清除|抹掉|销毁|删)" + r".{0,12}" + _DATA, re.S), WRITE),
    # "把 loans 表里 … 的记录都 delete 掉": an English verb of changing data inside a Chinese request
    (patterns.compile(r"(?:把|将).{0,40}\b(?:delete|truncate|insert|overwrite|purge|wipe)\b|(?:把|将).{0,40}\b(?:update|drop|remove)\b.{0,12}(?:成|为|掉|\bto\b)", re.I | re.S), WRITE),
    (patterns.compile(r"(?:把|将).{0,30}(?:改成|改为|改回|改回成|恢复成|恢复为|修改为|更新为|设为|设置为|调成|调整为|调高|调低|删除|删掉|删了|删光|删干净|全删|清空|清掉|清除|清零|归零|置零|抹掉)", re.S), WRITE),
    # "贷款编号100那笔逾期天数改成0": a column's value changed, no 把 before it ("改成按季度看" is a new breakdown asked)
    (patterns.compile(r"(?:天数|状态|余额|金额|等级|记录|数据|利率|收入|额度|日期|渠道|标签|期限)(?:都|全|全部|统一)?(?:改成|改为|改回|恢复成|恢复为|修改为|更新为|更新成|设为|设成|设置为|调成|调整为|改到)\s*[\d'\"‘“]?", re.S), WRITE),
    # "把北京朝阳支行的客户全部划到海淀支行名下", "move all their customers to another branch": data moved is data changed
    (patterns.compile(r"(?:把|将).{0,30}(?:划到|划转到|划给|划归|并到|合并到|迁移到|迁到|(?:转到|转给|转移到|挪到|移到|调到|归到).{0,20}名下)", re.S), WRITE),
    (patterns.compile(r"\b(?:move|transfer|reassign|re-assign|migrate|merge)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|their\s+|its\s+|those\s+)?"
                      r"(?:customers?|clients?|accounts?|loans?|records?)\b.{0,40}\b(?:to|into|under)\b", re.I | re.S), WRITE),
    # "把福田支行11月的存款余额改高一点": a figure made to look better is data changed
    (patterns.compile(r"(?:改|调|修)(?:高|低|大|小|多|少|好看)(?:一点|一些|点|些)|(?:把|将).{0,30}(?:改一下|改改|修改一下|改掉|改动)", re.S), WRITE),
    (patterns.compile(_DATA + r".{0,8}(?:全部|全都|都|统统)?(?:删除|删掉|删了|删光|删干净|清空|清掉|清零|归零|置零)", re.S), WRITE),
    (patterns.compile(r"(?:修改|更改|篡改|插入|写入|新增一条|添加一条|(?<!最近)(?<!最新)更新(?=.{0,6}(?:为|成|到\d)))" + r".{0,12}" + _DATA, re.S), WRITE),
    (patterns.compile(r"身份证|证件号|手机号|手机号码|电话号码|联系电话|联系方式|家庭住址|住址|姓名|名字|真实姓名", re.S), PII),
    # (a column's name as typed: "id_number", "phone_no", "mobile_phone")
    (patterns.compile(r"\b(?:id[\s_]*(?:card[\s_]*)?(?:numbers?|nos?\b\.?|num\b)|idcard|id_card|national[\s_]+id|(?:phone|mobile|cell|contact|telephone|tel)[\s_]*(?:numbers?|nos?\b\.?|#|phone\b)|"
                      r"(?:mobiles|cellphones|phone\s+list)\b|names?\s*(?:\+|&)\s*(?:mobiles?|phones?|numbers?)|contact\s+(?:details|info\w*)|home\s+address(?:es)?|full\s+names?|personal\s+(?:data|information|details)|"
                      # a person's name: "names of our top customers", "customers' names" ("branch name and count" is none)
                      r"names?\s+(?:of|and)\b(?=[^.?!。？！]{0,40}\b(?:customers?|clients?|borrowers?|depositors?|people|persons?|users?|holders?|them)\b)|"
                      r"(?:customers?|clients?|borrowers?|depositors?|people|users?)['’]?s?['’]?\s+(?:full\s+)?names?\b)", re.I), PII),
    (patterns.compile(r"\b\d{17}[\dxX]\b|(?<!\d)1[3-9]\d{9}(?!\d)"), PII),
    # one named customer: "客户马刚洋现在存款余额", "customer Zhang Wei's balance" (surnames that are also
    # everyday words — 高, 余, 平, 全, 金, 万 … — are left out: 客户高价值, 客户余额)
    (patterns.compile(r"(?:客户|用户)[:：\s]*" + _SURNAME + r"[\u4e00-\u9fff]{1,2}?"
                r"(?=的|现在|目前|名下|在我行|有多少|有几|账户|账上|存款|贷款|理财|余额|资产|这个月|上个月)"), PII),
    (patterns.compile(r"\b(?:customer|client)(?:\s+named|\s+called)?\s+(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:'s|’s)|"
                r"\b(?:customer|client)(?:\s+named|\s+called)?\s*[" + _SURNAME_CHARS + r"黄][\u4e00-\u9fff]{1,2}(?![\u4e00-\u9fff])|"
                + _SURNAME + r"[\u4e00-\u9fff]{1,2}['’]s\b"), PII),
    # single customers ranked or listed by id: "交易最多的10个客户", "top 10 customers by balance", "customer IDs"
    (patterns.compile(r"(?:前|后|倒数)\s*[0-9一二两三四五六七八九十百]+\s*(?:个|位|名)?(?:客户|用户)(?!数|群|分群|类|量|规模|占比|画像|经理)|"
                r"(?:最高|最多|最大|最低|最少|最小)的\s*(?:前)?\s*[0-9一二两三四五六七八九十百]+\s*(?:个|位|名)(?:客户|用户)(?!数|群|分群|类|量|经理)|"
                r"前\s*[0-9一二两三四五六七八九十百]+\s*大(?:客户|用户)|(?<![按以用])客户(?:号|编号|ID|id|代码)(?!\s*(?:去重|唯一|来?算|来?计|统计|区分|数人))|"
                # one customer by number: "客户10086的贷款记录", "customer 10086's loan history"
                r"(?:客户|用户)\s*(?:号|编号|ID|id)?\s*[:：#]?\s*\d{3,}\s*(?:的|名下|号)"), INDIVIDUAL),
    (patterns.compile(r"\b(?:customer|client)\s*(?:no\.?|number|id|#)?\s*#?\d{3,}(?:['’]s\b|\s+(?:history|records?|details|profile|accounts?|loans?|transactions?))", re.I), INDIVIDUAL),
    (patterns.compile(r"\b(?:(?:top|bottom|first|last)\s+(?:\d+|three|five|ten|twenty|fifty|hundred)|(?:top|biggest|largest)(?:\s+\d+)?)\s+(?:individual\s+)?(?:customers|clients)\b"
                r"(?!\s+(?:segments?|groups?|types?|tiers?|bands?))|(?<!\bby\s)(?<!\bper\s)(?<!\bon\s)(?<!distinct\s)(?<!\bunique\s)\bcustomer\s+(?:ids?|codes?)\b|"
                r"\b(?:which|what)\s+(?:\d+\s+)?(?:individual\s+)?(?:customers|clients)\s+(?:have|had|hold|held|made|did|spent)\s+the\s+"
                r"(?:most|highest|largest|biggest|lowest|fewest|least)\b|"
                # one customer singled out: "the customer with the highest AUM", "the client who has the most loans"
                r"\bthe\s+(?:single\s+|one\s+)?(?:customer|client|borrower|depositor)\s+(?:with|who\s+(?:has|had|holds|made)|having|holding)\s+the\s+"
                r"(?:most|highest|largest|biggest|lowest|fewest|least|smallest)\b", re.I), INDIVIDUAL),
    # an action asked of it: "send an app push to all dormant users", "给沉睡客户发一条短信", "发50元优惠券"
    (patterns.compile(r"^\W*(?:(?:please|pls|plz|can\s+you|could\s+you|go\s+ahead\s+and|now)\s+)*(?:send|push|text|email|e-mail|message|notify|issue|give)\b"
                      r"(?=.{0,80}\b(?:to\s+(?:all\s+|every\s+|our\s+|the\s+|these\s+|those\s+)*(?:[\w-]+\s+){0,2}(?:customers|users|clients|people|them|everyone|borrowers|depositors)"
                      r"|coupons?|vouchers?)\b)", re.I | re.S), ACTION),
    # (a plan said before a question of how many — "想给…的人发push，这批人有多少" — is no action asked)
    (patterns.compile(r"(?:给|向|对)(?![^，。,?？]{0,40}[，,][^。?？]{0,30}(?:有多少|多少人|多少个|几个|几位|几人))[^，。,?？]{0,20}(?:客户|用户|人)[^，。,?？]{0,6}(?:发|推送|推|群发|打电话|发送)(?:一[条个张封]|个|条)?[\u4e00-\u9fff]{0,4}?(?:短信|推送|消息|优惠券|券|红包|邮件|通知|push)|"
                      r"(?:发|推送|群发|发送)(?:一[条个张封]|个|条)?(?:短信|推送|消息|优惠券|红包|邮件|通知|push)(?:给|到)"), ACTION),
    # single customers listed: "list every customer in Hangzhou with …", "列出…的客户", "客户名单"
    (patterns.compile(r"\blist\s+(?:out\s+)?(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:customers?|clients?)\b|"
                r"\b(?:a\s+)?(?:list|names?)\s+of\s+(?:the\s+|all\s+|our\s+|every\s+)?(?:customers|clients)\b|"
                r"\blist\s+(?:the\s+|our\s+)?(?:customers|clients)\s+(?:who|that|with|in|whose)\b|"
                # "List the loan-only customers (…) who also have …", "list custmers whose …": the people, a word or two about them
                r"\blist\s+(?:out\s+)?(?:the\s+|our\s+|all\s+)?(?:(?!(?:number|numbers|count|counts|share|total|amount|average|avg|sum|breakdown)\b)[\w-]+\s+){0,2}?"
                r"(?:customers|custmers|customer|clients|borrowers|depositors)\s*(?:[(（][^)）]{0,60}[)）]\s*)?(?:who|that|with|whose|having|holding)\b|"
                r"(?:客户|用户)(?:名单|清单|列表)|列出(?:(?!支行|网点|分行|城市|区域|地区|大区|渠道|产品|活动|职业|月份|季度|年龄段)[^，。,?？]){0,16}(?:客户|用户)(?!数|群|量|规模|占比)|"
                r"把[^，。,?？]{0,16}(?:客户|用户)(?:都|全)?列出来|拉(?:个|一份|一个)?名单|"
                # "…、但现在没有理财余额的客户 列出来", "这些客户给我列一下": the customers themselves, listed
                r"(?:客户|用户)\s*(?:都|全|全部|给我|帮我)?\s*列(?:出来|一下|个表|张表)", re.I), INDIVIDUAL),
)


def check_safety(question: str) -> Refusal | None:
    """The reason to refuse ``question``, or ``None`` when it may be parsed."""
    if not question or not question.strip():
        return EMPTY
    if len(question) > MAX_QUESTION_CHARS:
        return TOO_LONG
    for pattern, refusal in RULES:
        if pattern.search(question):
            return refusal
    return None


BAD_INPUT = Refusal(
    "bad_input",
    "问题里有无法识别的字符(可能是复制时带入的乱码)。请重新输入问题。",
    "The question contains characters that cannot be read (perhaps garbled by copy and paste). Please type it again.",
)
_CONTROL = patterns.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = patterns.compile(r"[\ud800-\udfff]")


def screen(question: object) -> tuple[str, Refusal | None]:
    """The question as parsers may see it, or the reason it is refused before any parser
    or model sees it: not text, unreadable characters (lone surrogates), too long, a data
    change, personal data, SQL or an attempt to change the rules. Control characters are
    dropped; nothing else is changed."""
    if not isinstance(question, str):
        return "", BAD_INPUT
    if len(question) > MAX_QUESTION_CHARS:
        return question[:MAX_QUESTION_CHARS], TOO_LONG
    if _SURROGATE.search(question):
        return _SURROGATE.sub("", question), BAD_INPUT
    text = _CONTROL.sub(" ", question)
    return text, check_safety(text)
