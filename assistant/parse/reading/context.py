"""What a chat question says around the question: who asks, why, for which meeting.

People type "准备推消费贷，只有存款没有贷款的客户占全部客户多少" or "we're planning a campaign
outside East China - how many customers are outside that region?": a leading clause that
only sets the scene, then the question. Read literally, the scene's names become conditions
(消费贷, a campaign); left unread, the question is asked back. This module finds such
clauses so the parser reads the question without them.

A leading clause is context when it opens with a plan, a purpose or who is asking (准备,
打算, 风控那边想, "we're reviewing", "the mortgage team asks") or names a meeting or
report, and a later clause carries the question (a name of the model or a how-many/share cue).
A clause that names a metric while the rest names none is the question itself
("风控想看上海的逾期率，按月"), never context.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant import patterns
from assistant.parse.reading import cues

#: words that say why a question is asked, not what: "风控周会要用", "反洗钱那边要个数", "for the monthly deck"
PURPOSE = patterns.compile(r"(?:想|要|准备|打算|得)(?:挨个|挨家|逐个|一个个|一个一个)?(?:打电话|打个电话|电话联系|电话回访|回访|约一下|约见)|要用|(?<![信使费利适作效应运借租试享])用\s*$|要填|要报|要个数|汇报|周会|例会|月会|开会|[日周月季年]报|领导|老板|行长|让我|那边要|摸个底|摸摸底|心里有数|做个参考|参考一下|写报告|做报告|"
                     r"ppt|准备材料|(?:写|赶|整理|准备)[^，,。？?；;]{0,6}?(?:小结|总结|材料|汇报|报告)|想做个|想搞个|要搞个|准备搞个?|打算搞个?|(?:想|要|准备|打算)(?:拉|出|整|圈|筛)(?:一)?[个份张批][^，,。？?：:；;]{0,12}?(?:名单|清单|客群|list)|想看看要不要|要不要倾斜|想了解一下|复盘|^\s*(?:急|很急|着急|加急|急用|挺急的?|比较急|赶时间)\s*$|"
                     # a hunch to check, said around the question: "感觉流失的多是年纪大的，想核实一下", "有点意外想确认一下"
                     r"(?:想|要|我想|帮我)?(?:核实|确认|验证|印证|求证)(?:一下|下)|(?:我们|我)?(?:想|要|需要)评估(?:一下|下)?|"
                     # an auditor's check of the parts against the whole: "我要核对各区域之和与全行数是否一致", "三档合计应等于全行客户数"
                     r"(?:我要|我想|以便|用于|方便)?核对[^，,。？?；;]{0,24}?(?:是否一致|是否相符|对不对得上|对得上)|(?:合计|加总|之和|加起来)应(?:该|当)?(?:等于|与|和)|"
                     # what the campaign plan needs next: "campaign资源好分", "做campaign前想先看下风险"
                     r"资源好分|好分(?:配)?资源|(?:做|搞|上|投)(?:campaign|活动|营销)(?:之)?前|想先看(?:一)?下风险|有点意外|(?:我们|我)?最担心|^\s*(?:感觉|总感觉|我感觉|我觉得|总觉得)|"
                     r"(?:我|我们)?(?:怕|担心)[^，,。？?]{0,8}?(?:跑掉|跑了|转走|流失|丢了?)|(?:想|要)?重点盯(?:一下|着)?|(?:想|要)?找(?:找|一下|个|些)?(?:突破口|抓手|机会点|切入点)|"
                     r"想看看[^，,。？?]{0,16}?(?:水平|情况|怎么样|如何|是不是|有没有|值得)|看看[^，,。？?]{0,16}?是不是|"
                     # "想看推送放什么时候": when to act on the answer, said after it
                     r"(?:想|要|好)?(?:看|定|决定|安排)[^，,。？?]{0,12}?(?:什么时候|啥时候|何时|几点|哪个时段)(?:发|推|做)?(?:合适|比较好|最好|好)?\s*$|"
                     # "想push消费贷,…": the product a campaign would push, said before the question
                     r"^\s*(?:想|要|准备|打算|计划)(?:push|推|推一下|推广|主推|营销)[^，,。？?；;：:\d]{1,12}$|"
                     r"\bbefore\s+i\s+(?:dig|look|get|go)\s+into\b|"
                     # "Potential cross-sell list.", "win-back targets": the list the answer is for, said after it
                     r"\b(?:potential\s+)?(?:cross-?sell|up-?sell|win-?back|retention|re-?activation)\s+(?:list|targets|audience|push|campaign|candidates|leads|prospects|pool)\b|"
                     r"\b(?:for|before|ahead\s+of)\s+(?:the|a|my|our|[a-z]+['’]s)\s+(?:[\w'’-]+\s+){0,5}(?:deck|report|meeting|committee|review|presentation|slides|boss|team|"
                     r"stand-?up|sync|huddle|call|all-hands|offsite|qbr|board|plan|planning|budget|forecast)\b|"
                     r"\bprepp?(?:ing|aring)\s+(?:(?:the|a|my|our|some)\s+)?(?:[\w-]+\s+){0,3}(?:deck|report|meeting|committee|review|presentation|slides|materials?|briefing|pack)\b|"
                     # "risk committee prep —", "board pack:", "QBR deck -": the occasion, named before the question
                     r"\b(?:deck|report|meeting|committee|review|presentation|slides|board|qbr|offsite|sync|stand-?up|exco|alco)\s+"
                     r"(?:prep|pack|materials?|notes|deck|slides)\b|"
                     r"\b(?:team|boss|manager|risk|finance|management|they)\s+(?:wants?|asked|needs?|always\s+asks?)\b|\bballpark\b|"
                     r"\btrying\s+to\s+(?:size|figure|understand|gauge|get\s+a\s+sense|see|check|work\s+out|find\s+out|tell)\b|"
                     # "Sizing a wake-up campaign: how many …": the campaign the answer is for, said as a heading
                     r"^\s*(?:sizing|planning|prepping|scoping|budgeting|preparing)\s+(?:for\s+)?(?:the|a|an|our|my|next|this)\s+[^,:;]{0,40}?"
                     r"(?:campaign|push|drive|list|offer|promo|promotion|outreach|mailing|wave)s?\s*$|"
                     # "We are sizing a target list for a premium lending offer.": the work the answer is for
                     r"\b(?:we\s+are|we['’]re|i\s+am|i['’]m)\s+(?:currently\s+)?(?:sizing|building|preparing|planning|drafting|putting\s+together|pulling\s+together)\b|"
                     # hearsay and a newcomer's greeting: "I keep hearing that …", "Hi! I just joined the … team"
                     r"\bkeep\s+(?:telling|saying|hearing)\b|\bi(?:['’]ve|\s+have)?\s+(?:heard|been\s+told)\b|听说|据说|总说|一直说|都说|老听|老问|总问|一直问|经常问|"
                     r"^\s*(?:hi|hello|hey)\b|\bjust\s+(?:joined|started)\b|\bstill\s+learning\b|\bnew\s+(?:here|to\s+(?:the|this)\s+\w+)\b|刚入职|刚来|(?<![拉招揽获拓])新来的(?!客户|用户|人|那批|这批|那些|这些)|"
                     r"\bi['’]d\s+like\s+(?:a|to\s+get\s+a)\s+(?:feel|sense|picture|idea)\b|"
                     r"\bneed\s+(?:it|this|them)\b|\bmy\s+boss\b|"
                     # "Need the size of the wake-up list.": what the answer is for, said after it
                     r"\b(?:need|want|for)\s+(?:the\s+)?size\s+of\s+(?:the|our|a|my)\s+(?:[\w-]+\s+){0,3}?(?:list|audience|campaign|push|mailing|wave)\b|\basap\b|\bput(?:ting)?\s+together\b|"
                     # "deposit-to-loan targets, bank-wide: …": whom a campaign will target, named as the occasion
                     r"\b(?:targets?|target\s+list|prospect\s+list|lead\s+list)\s*$", re.I)

_DEPARTMENT_ZH = r"(?:风控|财务|运营|产品部?|网点|分行|总行|支行|营销部?|市场部?|零售部?|合规|审计|领导|老板|行长|上面|上级|部门|团队|业务部?|科技部?|数据部?)"
_DEPARTMENT_EN = (r"(?:team|ops|committee|desk|dept|department|finance|risk|marketing|compliance|audit|treasury|sales|leadership|management|"
                  r"board|mgr|manager|boss|cfo|ceo|coo|cro|vp|director|head(?:\s+of\s+\w+)?)")

#: how a scene-setting clause opens: a plan or purpose, or who asks
#: a clause that says what the answer is for, first: a plan, an input to a plan, an occasion
PURPOSE_LEAD = patterns.compile(
    # "为筹备年末代发客户专项营销活动，请统计…", "我们考虑对存款波动较大的客户开展稳存营销，…": what the answer is for, said first
    r"^\W*为了?(?!什么|何|啥)[\u4e00-\u9fffA-Za-z0-9“”\"（）()]{2,40}$|^\W*(?:我们|咱们|我)?(?:考虑|打算|计划|准备)(?:对|给|向|针对)|"
    # "To pick pilot branches for the year-end private wealth salon, …", "As input for …, …", "Before we budget …, …"
    r"^\W*(?:to|in\s+order\s+to)\s+(?:decide|pick|choose|see|show|understand|plan|size|budget|gauge|assess|evaluate|figure\s+out|prepare|"
    r"inform|support|help|prioriti[sz]e|design|set\s+up|track|monitor|benchmark)\b|"
    r"^\W*as\s+(?:input|a\s+benchmark|a\s+baseline|part\s+of|background|context|a\s+reference)\b|^\W*(?:before|ahead\s+of)\s+(?:we|i|the|our|next)\b|"
    r"^\W*(?:a\s+)?(?:quick\s+)?pulse\s+check\b|^\W*(?:we\s+are|we['’]re|i\s+am|i['’]m)\s+trying\s+to\b|"
    r"^\W*for\s+(?:the|a|an|our|this|next)\s+(?:[\w-]+\s+){0,5}(?:strategy|programme|program|roadshow|salon|review|planning|pilot|analysis|deck)\s*$",
    re.I)
#: the plan's own words, which name a figure elsewhere (a campaign, 营销活动): no figure asked
_PLAN_WORD = patterns.compile(r"(?:营销)?活动|营销|campaigns?|programmes?|programs?|push(?:es)?", re.I)

CONTEXT_LEAD = patterns.compile(
    r"(?:下周|下个月|下季度|下个季度|下半年|明年|年后|节后|月底|年底|明天|今天|周[一二三四五]|下一波|下一轮|下波|下轮|接下来|下阶段)?(?:我们|咱们|我)?(?:在|正在)?(?:准备|打算|计划|为了|要做|在做|想做|做)|"
    r"(?:下周|下个月|下季度|月底|年底|明天|周[一二三四五])(?:我们|咱们|我)?要(?:给|对|向|推|做|搞|发)|"  # "下周要给试算过贷款的客户推消费贷，…"
    r"(?:我们|咱们|我)?(?:想|要|准备|打算)(?:推|主推|推广|卖|搞一波|做一波|搞个|做个)|"  # "想推消费贷，圈一下…": what will be sold
    r"(?:我们|咱们)(?:在|正在)(?:看|研究|分析|评估|做|搞)|"
    r"(?:我们|咱们|我)?(?:想|要|准备|打算)?(?:筛|圈|选|挑)(?:一批|一些|一波|出一批|出)|"  # "想筛一批消费贷的营销对象：…"
    rf"{_DEPARTMENT_ZH}(?:那边|这边)?[\u4e00-\u9fff]{{0,4}}?(?:想|要|需要|在|问|让)|"
    r"(?:ok\s+so\s+|so\s+)?(?:we['’]re|we\s+are|i['’]m|i\s+am)\s+(?:planning|reviewing|looking\s+(?:at|into)|prepping|preparing|working\s+on|building|"
    r"sizing|putting|doing|running|about\s+to)\b|"
    # "I'm wondering whether our efforts … are working at all — what's …": a doubt said first, the question after it
    r"^\W*(?:(?:i['’]m|i\s+am|we['’]re|we\s+are)\s+|i\s+|we\s+)?(?:wondering|wonder|curious)\s+(?:whether|if)\b|"
    # "For the dormant wake-up list: …": what the answer is for, a clause of its own
    r"^\W*for\s+(?:the|a|an|our|my|this|next)\s+(?:[\w-]+\s+){0,4}(?:list|outreach|call\s+list|mailing|drive|blitz|initiative|"
    r"(?<!app\s)(?<!sms\s)(?<!wechat\s)push)\s*$|"  # (never "for the … campaign": the campaign asked about)
    # "for a fund campaign, which age band …": a campaign still to come (a, next), not one that ran
    r"^\W*for\s+(?:a|an|our\s+next|the\s+next|next|an\s+upcoming|the\s+upcoming)\s+(?:[\w-]+\s+){0,4}(?:campaign|promotion|promo|push)\s*$|"
    # "Looking for prospects: …", "hunting for leads -": whom the answer is for, named alone before the question
    r"^\W*(?:(?:i['’]m|i\s+am|we['’]re|we\s+are)\s+)?(?:looking|hunting|searching)\s+for\s+(?:some\s+|new\s+|good\s+)?(?:prospects|leads|targets|candidates)\s*$|"
    # "retention list: …": the occasion named alone before the question
    r"^\W*(?:[\w-]+\s+){1,2}(?:list|drive|blitz)\s*$|"
    # "thinking of a 贷转存 campaign - …": a plan, said first
    r"^\W*(?:(?:we|i)(?:['’]re|['’]m|\s+am|\s+are)?\s+)?(?:thinking|considering)\s+(?:of|about)\s+(?:an?|the|our|some|running|doing|launching)\b|"
    # "Planning a wake-up push. …": a plan said without its subject
    r"^\W*(?:planning|prepping|preparing)\s+(?:an?|the|our|some|for)\b|"
    # "want to push consumer loans - how many …": what the answer is for, said first
    r"^\W*(?:(?:we|i)\s+)?(?:want|need|plan|hope|intend)\s+to\s+(?:push|sell|promote|pitch|market|target|cross-sell|upsell|launch|run|grow)\b|"
    rf"(?:the\s+|our\s+|my\s+)?(?:[\w-]+\s+){{0,2}}{_DEPARTMENT_EN}\s+(?:wants?|needs?|asks?|asked|is\s+\w+ing)\b|"
    r"(?:our|the|my)\s+(?:[\w-]+\s+){0,2}(?:branch(?:es)?|folks|colleagues|people|teams?)\s+(?:wants?|needs?|keeps?|asks?|asked|is|are)\b|"
    r"[\w\s-]{0,40}\bis\s+under\s+review\b|need\s+(?:it|this)\s+for\b|" + PURPOSE_LEAD.pattern,
    re.I)

#: who asked, inside a clause that carries the question: "老板让我看一下…", "my manager wants …",
#: "the CFO is asking what …", "risk wants the number of …" — context, whatever follows
ASKED_BY = patterns.compile(
    rf"(?:老板|领导|行长|经理|主任|总监|上面|上级|总行|分行|风控|财务)(?:那边)?(?:让我|要我|叫我|让|要|想|刚才问|刚问|在问|问我|问了|问)(?:看一下|看下|看看|查一下|查下|统计一下|统计|算一下|问|一下)?|"
    rf"\b(?:(?:my|our|the)\s+)?(?:[\w-]+\s+){{0,2}}{_DEPARTMENT_EN}\s+(?:is\s+|was\s+)?"
    r"(?:wants?(?:\s+to\s+(?:know|see))?(?:\s+(?:a|the)\s+(?:headcount|number|figure|count))?|asking(?:\s+for)?|asks|asked(?:\s+for)?|needs?|requested)\b:?",
    re.I)

#: a later clause that starts the question proper: everything before it set the scene
QUESTION_LEAD = patterns.compile(r"(?:我|就是)?(?:想|想要|希望)(?:知道|了解|看看|看下|看一下|问问|问一下)|\b(?:i\s+)?(?:want|need|would\s+like|'d\s+like)\s+to\s+know\b", re.I)

#: clause ends: punctuation, and a dash between spaces (" - "), not the hyphen of "loan-to-deposit"
_CLAUSE = patterns.compile(r"(?:[^,，。.;；?？!！:：—\s-]|\s(?!-+\s)|-(?<!\s-)|-(?!\s))+")


def clauses(text: str) -> list[re.Match[str]]:
    return [m for m in _CLAUSE.finditer(text) if m.group().strip()]


def scene_spans(text: str, names: list[tuple[int, int, bool]], asks: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Leading clauses of ``text`` that only set the scene. ``names`` are the model names
    found in the text as (start, end, is_metric); ``asks`` tells whether a stretch of text
    asks for a figure (a how-many or share cue)."""
    asks = asks or (lambda s: bool(cues.HOW_MANY.search(s) or cues.SHARE.search(s)))
    parts = clauses(text)
    if len(parts) < 2:
        return _what_would_be_done(text, names, asks)

    def metric_in(a: int, b: int) -> bool:
        return any(a <= s < b and metric for s, _, metric in names)

    def only_the_plan_named(a: int, b: int, said: str) -> bool:  # "为筹备年末代发客户专项营销活动", "As input for the … campaign"
        return PURPOSE_LEAD.match(said) is not None and all(_PLAN_WORD.fullmatch(text[s:e].strip()) for s, e, metric in names if a <= s < b and metric)

    def question_in(a: int) -> bool:  # the rest names something, or asks how many
        return any(s >= a for s, _, _ in names) or asks(text[a:])

    out: list[tuple[int, int]] = []
    # a later clause that opens a question makes those before it the scene — unless it only says what the answer is
    # for, or a clause before it already asks ("…，各大区分别有多少人？想看看哪里值得推理财")
    # ("…，想了解一下，目前…逾期率是多少": asking words alone, a clause of their own, open the question too)
    lead = next((i for i, c in enumerate(parts) if i > 0 and (opening := QUESTION_LEAD.match(c.group().strip()))
                 and (not PURPOSE.search(c.group()) or not c.group().strip()[opening.end():].strip("一下 "))
                 and not any(asks(p.group()) for p in parts[:i])), None)
    back = _BACK_TO_IT.search(text)
    for i, c in enumerate(parts[:-1]):
        a, b = c.span()
        said = c.group().strip()
        scene = (lead is not None and i < lead) or CONTEXT_LEAD.match(said) is not None or PURPOSE.search(said) is not None
        if not scene or not question_in(b) or (metric_in(a, b) and not metric_in(b, len(text)) and not only_the_plan_named(a, b, said)):
            break
        if back is not None and back.start() >= b and any(a <= s < b and not metric for s, _, metric in names):
            break  # "we want to push mortgages to married folks with … - how many customers is that?": whom, then how many of them
        out.append((a, b))
    out += _trailing_scene(text, parts[len(out):], metric_in, asks)
    plan = _PLAN_THEN_WANT.match(text)
    if plan is not None and not out and not metric_in(*plan.span()):
        out.append(plan.span())  # "For the deposit-to-loan push I want …": what the answer is for, then the question in one clause
    tail = _PURPOSE_TAIL.search(text)
    if tail is not None and not metric_in(tail.start(), tail.end()) and (metric_in(0, tail.start()) or asks(text[:tail.start()])):
        out.append(tail.span())  # "Split them by value tier so I know who to call first": what the answer is for, said last
    return out + _what_would_be_done(text, names, asks)


#: the question pointing back at the customers the clause before it described: "how many customers is that?", "这批有多少人"
_BACK_TO_IT = patterns.compile(r"\bhow\s+many\s+(?:customers|clients|people|of\s+them)?\s*(?:is|are|would)\s+(?:that|those|it)\b|"
                               r"\bhow\s+many\s+(?:such|of\s+those|of\s+them)\b|\bhow\s+big\s+is\s+(?:that|this)\b|"
                               r"(?:这|那)(?:些|批|部分|类)(?:人|客户)?(?:一共|总共)?有多少|有多少(?:个|位)?这样的", re.I)


#: what the answer is for, said first in the question's own clause: "For the deposit-to-loan push I want …"
_PLAN_THEN_WANT = patterns.compile(r"\W*for\s+(?:the|a|an|our|my|this|next)\s+(?:[\w-]+\s+){0,4}?(?:list|outreach|call\s+list|mailing|drive|blitz|"
                                   r"initiative|plan|planning|budget|(?<!app\s)(?<!sms\s)(?<!wechat\s)push)\s+(?=(?:i|we)\s+(?:want|need|would\s+like|['’]d\s+like)\b)", re.I)


#: what the answer is for, said at the end of the question's own clause
_PURPOSE_TAIL = patterns.compile(r"\s(?:so\s+(?:that\s+)?|that\s+way\s+)(?:i|we)\s+(?:know|can\s+(?:see|decide|tell|plan|prioriti[sz]e)|"
                                 r"could\s+(?:see|decide|plan))\s+(?:who|whom|which|what|where|how|when)\b[^,，。.;；?？!！]*[.。!！?？]?\s*$", re.I)


def _what_would_be_done(text: str, names: list[tuple[int, int, bool]], asks: Callable[[str], bool]) -> list[tuple[int, int]]:
    """"How many dormant customers … could we try to wake up?": what would be done with those counted, said last."""
    doing = _WE_COULD_TAIL.search(text)
    if doing is None or not asks(text[:doing.start()]):
        return []
    # a figure's name said as the deed ("wake up" of the wake-up rate) is that deed; any other name is read
    # (when the customers are already told apart: "how many customers could we convert" is asked)
    told_apart = any(s < doing.start() and not metric for s, _, metric in names)
    if any(doing.start() <= s < doing.end() and not (metric and told_apart and s >= doing.start("deed")) for s, _, metric in names):
        return []
    return [doing.span()]


#: what would be done with the customers counted, said as the question's last words: "… could we try to wake up?",
#: "… that we can target", "… we could reactivate" (a name said there is read, never set aside)
_WE_COULD_TAIL = patterns.compile(r"\s(?:(?:that|who|whom)\s+)?(?:(?:could|can|should|might)\s+(?:we|i)|(?:we|i)\s+(?:could|can|should|might))\s+"
                                  r"(?:(?:try|aim|hope|want)\s+to\s+|possibly\s+|realistically\s+|still\s+)?(?P<deed>[a-z-]+(?:\s+(?:up|back|again|out|in|them))?)"
                                  r"\s*[?？.。!！]*\s*$", re.I)


#: how a trailing clause that says what the answer is for opens: "…，准备下季度推经营贷",
#: "… ? want to target them with an offer", "…，做同比要用" (PURPOSE)
AFTERWARDS = patterns.compile(
    r"(?:我们|咱们|我)?(?:是)?(?:准备|打算|计划|为了|想拿来|拿来|用来|好|想|要)(?!知道|了解|看|问|查|算|统计)|"
    r"(?:这批人|这些人|这批客户|这些客户|他们)?(?:可以|可)(?:作为|当作|当成|拿来做|用作)|"  # "这批人可以作为理财首购的目标"
    # "…有几个,这周得挨个打电话": the calls to be made after the answer
    r"(?:这周|本周|下周|这几天|明天|今天|回头|马上|赶紧|抓紧)?(?:得|要|需要|准备|打算|好)?(?:挨个|逐个|一个个|一个一个|挨家挨户|一一)?"
    r"(?:打电话|打个电话|电话联系|电联|联系(?!方式|电话|人)|回访|跟进|拜访|上门)|"
    r"(?:(?:we|i)(?:['’]d|\s+would)?\s+)?(?:want(?:ing)?|plan(?:ning)?|need(?:ing)?|hop(?:e|ing)|intend(?:ing)?|going|aim(?:ing)?|trying|(?<=['’]d\s)like|(?<=would\s)like)\s+to\s+"
    r"(?!(?:know|see|find|understand|check|get)\b(?!\s+(?:out\s+)?(?:if|whether)\b))\w+|"  # ("want to see if …" is what for)
    # "thinking of pitching them", "thinking about a campaign": a plan
    r"(?:(?:we|i)(?:['’]re|['’]m|\s+am|\s+are)?\s+)?(?:thinking|considering)\s+(?:of|about)\s+\w+|"
    # "those r the ones I'd want to wake up first": who the answer is for, said after it
    r"(?:those|these|they)\s+(?:are|r|['’]re)\s+the\s+ones\s+(?:i|we)\b|"
    # "want the branches to call them", "need our RMs to follow up": someone else does the afterwards
    r"(?:(?:we|i)(?:['’]d|\s+would)?\s+)?(?:want(?:ing)?|need(?:ing)?)\s+(?:the|our|my|some)\s+(?:[\w-]+\s+){0,2}?to\s+\w+|"
    r"(?:so\s+(?:that\s+)?(?:the\s+|our\s+)?(?:we|i|branch(?:es)?|rms?|teams?|staff)\s+can|to\s+(?:help\s+)?(?:plan|target|size|decide|prioriti[sz]e|pick|choose))\b|"
    # "sizing the Q1 wake-up push", "planning the spring campaign": the campaign the answer is for
    r"(?:sizing|planning|prepping|scoping|budgeting)\s+(?:for\s+)?(?:the|a|an|our|my|next)\b",
    re.I)


#: words that shape the answer (a breakdown, an order, a grain): a clause with one is asked for
_SHAPES = patterns.compile(r"按|分(?!钟)|各|每|(?<!安)排|趋势|\b(?:by|per|each|split|break(?:down)?|rank|sort|order|trend)\b|"
                     r"\b(?:daily|weekly|monthly|quarterly|yearly)\b", re.I)


#: "I want the wake-up campaign to hit those first", "need our RMs to call them": something to do something with
#: the answer — whatever it names, it is no figure asked for
_SOMEONE_TO_DO = patterns.compile(r"(?:(?:we|i)(?:['’]d|\s+would)?\s+)?(?:want(?:ing)?|need(?:ing)?)\s+(?:the|our|my|some)\s+(?:[\w-]+\s+){0,2}?to\s+"
                                  r"(?!(?:know|see|find|understand|check|get|compare|show)\b)\w+|"
                                  # "我好安排客户经理去维护", "我想安排理财经理回访": people to be sent, after the answer
                                  r"(?:我们?|咱们)?(?:想|要|准备|打算)?(?:好|好让|以便|方便)?(?:安排|派|让)", re.I)


#: a hunch said after the question: "感觉流失的多是年纪大的", "I feel the unhappy ones are the higher earners"
_CHECKED = patterns.compile(r"核对[^，,。？?；;]{0,24}?(?:是否一致|是否相符|对不对得上|对得上)|(?:合计|加总|之和|加起来)应(?:该|当)?(?:等于|与|和)|资源好分|好分(?:配)?资源")
_HUNCH = patterns.compile(r"(?:我|总|老)?(?:感觉|觉得|猜|怀疑)|\bi\s+(?:feel|think|suspect|guess|bet)\b|\bmy\s+(?:hunch|guess)\b", re.I)
_WHICH_ASKED = patterns.compile(r"\bwhich\b[^?？]*[?？]\s*$|哪[^?？]*[?？]\s*$|"
                                r"(?:数一下|数数|统计一下|算一下|拉一下|查一下|列一下|看一下|看下|分布一下|分一下|拆一下|排一下)|\b(?:count|list|show|pull)\b|"
                                r"\bby\s+(?:[a-z-]+\s+){0,2}?(?:band|tier|level|region|city|branch|channel|segment|stage|month|quarter|year|group)s?\b", re.I)
#: a campaign being planned, named by its theme: "— planning a wake-up push" (its name is no figure asked)
_PLANNING = patterns.compile(r"(?:sizing|planning|prepping|scoping|budgeting)\s+(?:for\s+)?(?:the|a|an|our|my|next)\b", re.I)


def _trailing_scene(text: str, parts: list[re.Match[str]], metric_in: Callable[[int, int], bool],
                    asks: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Clauses at the end that only say what the answer is for ("…，准备下季度推经营贷",
    "… ? want to target them with a large-CD offer", "…？做同比要用"), after a question asked in
    full before them (a metric named or a how-many asked); one naming a metric asks for it."""
    out: list[tuple[int, int]] = []
    for c in reversed(parts[1:]):
        a, b = c.span()
        said = c.group().strip()
        # "感觉流失的多是年纪大的": a belief to check, whatever it names; so is a check of the parts against the whole
        # ("我要核对各区域之和与全行数是否一致") and what the split is for ("campaign资源好分")
        hunch = _HUNCH.match(said) is not None or _CHECKED.search(said) is not None
        if metric_in(a, b) and not _SOMEONE_TO_DO.match(said) and not _PLANNING.match(said) and not hunch or not (AFTERWARDS.match(said) or PURPOSE.search(said)) \
                or asks(said) or _SHAPES.search(said) and not hunch:
            break
        out.append((a, b))
    if not out:
        return []
    start = min(a for a, _ in out)
    # ("Which branches have more than 60 dormant customers? I want …": a question of its own before)
    return out if metric_in(0, start) or asks(text[:start]) or _WHICH_ASKED.search(text[:start]) or re.search(r"[?？]\s*$", text[:start]) \
        or _SPLIT_ASKED.search(text[:start]) else []


#: a breakdown asked in full: "有登录的客户按活跃时段分布", "customers by active period"
_SPLIT_ASKED = patterns.compile(r"按[^，,。？?；;]{1,10}?(?:分布|拆分|拆开|分组|分一下|来分)[\s，,]*$|\bbroken\s+down\s+by\b|\bsplit\s+by\b|\bbreakdown\s+by\b", re.I)


#: how a courtesy opens or closes a message: greetings, thanks, apologies, who is asking
COURTESY = patterns.compile(
    r"^(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|thanks?|thank\s+you|many\s+thanks|cheers|sorry|apologies|"
    r"i\s*['’]?m\s+(?:new|drafting|working|preparing|putting|writing|from)|i\s+am\s+(?:new|drafting|working|preparing|writing|from)|"
    r"i\s*['’]?d\s+(?:be\s+grateful|appreciate|love)|i\s+would\s+(?:be\s+grateful|appreciate)|i\s+(?:hope|was\s+hoping|wonder)|"
    r"hoping\s+you|if\s+you\s+have\s+a\s+(?:moment|minute|second)|(?:a\s+)?quick\s+question|much\s+appreciated)\b|"
    r"您好|你好|麻烦|谢谢|多谢|感谢|辛苦|打扰|我是|我刚|刚来|新来|想请您|想请你|请您帮|帮个忙|想(?:先)?(?:确认|请教|核实)(?:一下|一个)?)", re.I)
_GREETING = patterns.compile(r"(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey)(?:\s+(?:there|team|all))?", re.I)
#: …and what such a clause may not hold: a condition word or a number
_NOT_COURTESY = patterns.compile(r"[0-9]|\b(?:not|no|never|only|except|without|excluding|exclude|ignore|skip|leave|all|each|every|per|by)\b|"
                                 r"不|没|非|只|除|仅|按|各|每", re.I)


def courtesy_spans(text: str, names: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """Clauses that are only courtesy — "Hi, sorry to bother you.", "您好，我是战略部新来的同事", "麻烦您了，谢谢！" —
    with no number, no condition word and nothing of the model but a figure named again later ("I'm new and hoping
    you can help with a simple headcount. How many customers …"): said around the question, not in it."""
    out = []
    for c in clauses(text):
        a, b = c.span()
        said = c.group().strip()
        inside = [(s, metric) for s, _, metric in names if a <= s < b]
        later = any(s >= b and metric for s, _, metric in names)
        if _GREETING.fullmatch(said) or COURTESY.match(said) and not _NOT_COURTESY.search(said) and all(metric and later for _, metric in inside):
            out.append((a, b))  # ("Good morning": no active period)
    return out


#: the asker's doubt about their own words, said beside the question: "我记得是这么分的", "我猜年纪大的会高一些", "不好意思问个
#:很基础的问题", "if I remember right", "but not 100% sure", "not sure that's the exact term", "someone mentioned 存转贷率 in the
#: meeting" — no condition, whatever it says (a name in it is set aside only when the question names it too)
_ASIDE = patterns.compile(
    r"(?:^|(?<=[,，。;；:：!！?？]))\s*(?:(?:但是?|不过|可能|也许)?(?:我)?(?:记得|印象中|印象里|依稀记得|好像记得)|(?:我)?(?:猜|估计)(?=[^,，。;；?？]{0,16}(?:会|吧|些|点|[,，。;；?？]|$))|"
    r"就是(?=[^,，。;；?？!！]*(?:那种|那个|那类|那一种)(?:指标|口径|意思)?\s*(?:[,，。;；?？!！]|$))|不好意思|问个[^,，。;；?？]{0,8}?问题|不知道(?:这么|这样)?(?:叫|说)?(?:得)?(?:对不对|准不准|对吗))[^,，。;；?？!！]*|"
    r"(?:^|(?<=[,.;:!?(]))\s*(?:(?:but|though|although|and)\s+)?(?:(?:i['’]?m|i\s+am)\s+)?not\s+(?:(?:100\s*%|a\s+hundred\s+percent|entirely|totally|"
    r"completely|quite|fully)\s+)?sure(?:\s+(?:about\s+(?:that|it|this)|(?:(?:if|whether)\s+)?(?:that['’]?s|it['’]?s|this\s+is)\s+(?:the\s+)?(?:exact|right|correct|proper|official)\s+"
    r"(?:term|name|word)))?\s*(?=[,.;:!?)]|$)|"
    r"(?:^|(?<=[,.;:!?(]))\s*(?:(?:and|but)\s+)?(?:if\s+i\s+(?:remember|recall)(?:\s+(?:right|rightly|correctly))?|as\s+far\s+as\s+i\s+(?:know|remember|recall))\s*(?=[,.;:!?)]|$)|"
    r"\b(?:someone|somebody|people|my\s+(?:boss|manager|colleague|lead))\s+(?:mentioned|said|brought\s+up|talked\s+about)\s+(?=\S)(?P<named>[^,.;?!]{1,40}?)\s+"
    r"(?:in|at|during)\s+(?:the|a|our|today['’]s|this\s+morning['’]s|yesterday['’]s)\s+(?:meeting|call|sync|standup|review)\b",
    re.I)


def aside_spans(text: str, names: list[tuple[int, int, bool, frozenset[tuple[str, str | None]]]]) -> list[tuple[int, int]]:
    """The asker's doubts said beside the question (``_ASIDE``): set aside when every value named in them is named
    again outside them (a figure or a field named there restates what is asked)."""
    out = []
    for m in _ASIDE.finditer(text):
        a, b = m.span()
        free = m.group("named") or (m.group() if re.search(r"[\u4e00-\u9fff]", m.group()) else "")
        if not m.group().strip() or re.search(r"\d", free) or _CONDITION.search(_HEDGE.sub("", free.replace("不好意思", ""))):
            continue  # ("就是资产100万以上那种", "我记得只算华东": a condition of its own, read or asked about)
        outside = {t for s, _, _, targets in names if not a <= s < b for t in targets}
        if all(metric or all(code is None for _, code in targets) or targets & outside
               for s, _, metric, targets in names if a <= s < b):
            out.append((a, b))
    return out


#: a sentence's end: 。！!？? ；; and a colon, a full stop before a space or the end ("3.5" is a number)
_SENTENCE = patterns.compile(r"[^。！!？?；;:：.]*(?:[。！!？?；;:：]+|\.(?=\s|$)|$)")
#: a clock time said of a meeting ("before my 3pm sync", "下午3点开会"): no number of the question
_CLOCK = patterns.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\d{1,2}\s*点(?:半|钟)?|\d{1,2}:\d{2}", re.I)
#: words that turn a sentence into a condition, whatever else it says
_CONDITION = patterns.compile(r"\b(?:not|no|never|only|except|without|excluding|exclude|ignore|skip|leave|don['’]?t|doesn['’]?t|"
                              r"above|below|over|under|more|less|at\s+least|at\s+most)\b|不|没|非|只|除|仅|以上|以下|超过|低于|高于|大于|小于|至少|最多",
                              re.I)


#: a yes/no question of whether something worked, said before the question proper: "Did the Q4 survey push actually work?"
_WHETHER = patterns.compile(r"\s*(?:so\s+)?(?:did|does|do|is|are|was|were|has|have)\s+(?:the|our|this|that|it|we|they)\b[^?？]*(?:work|help|pay\s+off|land|stick|matter|move)"
                            r"[^?？]*[?？]\s*$|[^?？]{0,30}(?:有没有用|有没有效果|管不管用|有用吗|有效果吗)[?？]\s*$", re.I)
#: a hedge, not a condition: "不太清楚", "不大确定", "有没有人看", "not sure"
_HEDGE = patterns.compile(r"不太|不大|不是很|不确定|不清楚|有没有|是不是|值不值|\bnot\s+(?:sure|certain|clear)\b", re.I)
#: the question proper, after the story: a figure or a list asked for
_ASKED = patterns.compile(r"多少|几[个位家笔次成]|[吗呢][?？]?|对比|比较|列(?:一下|下|出)|看(?:一下|下)|排(?:一下|下|名)|分布|[?？]|"
                          r"\b(?:what|how|which|who|compare|show|list|give|rank|break\s+down|split)\b", re.I)
#: a figure computed in the question proper ("平均登录天数", "the average AUM"): a figure of its own
_FIGURE_ASKED = patterns.compile(r"平均|均值|中位|合计|总和|占比|比例|\b(?:average|avg|mean|median|total|sum|share|rate)\b", re.I)
#: a breakdown asked in the story: then it is part of the question
_SPLIT = patterns.compile(r"各|按|每|分别|\b(?:by|per|each|split|across)\b", re.I)


def _plain(said: str) -> str:
    return re.sub(r"[^0-9a-z\u3400-\u9fff]+", "", said.lower())


def background_sentences(text: str, names: list[tuple[int, int, bool, frozenset[tuple[str, str | None]], bool]],
                         periods: Callable[[str], list[tuple[object, object]]],
                         asks: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Whole sentences before the question that only tell why it is asked — "有同事说今年满意度是一路往下走的，我有点怀疑。
    麻烦按月列一下2025年每个月问卷满意度的平均分", "Quick one before my 3pm sync - we pushed a lot of people towards the WeChat
    mini program this autumn. How many … logged in through the wechat mini-program last month?". A sentence is background
    when it asks nothing itself (a yes/no question of whether something worked may open it), says no condition word and
    no number, and every name of the model in it (and every period) is said again after it, in the same words or as the
    same thing: the question carries all it needs, the sentence only its story. A name of a figure or a field alone
    (no value: "电话外呼成本太高了", "一直有人说女客户更爱用线上渠道") is no condition either, when the question names its own
    figure and the story asks for no breakdown. ``names`` are (start, end, is_metric, what it names — (field or
    figure, value code or None) —, names a value).
    A value it alone names keeps it in the question (asked about, never dropped)."""
    asks = asks or (lambda s: bool(cues.HOW_MANY.search(s) or cues.SHARE.search(s)))
    sentences = [m for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(sentences) < 2:
        return []
    out: list[tuple[int, int]] = []
    for s in sentences[:-1]:
        a, b = s.span()
        said = s.group()
        rest = text[b:]
        if re.search(r"[?？]", said) and not _WHETHER.match(said) or asks(said) or _CONDITION.search(_HEDGE.sub("", said)) \
                or _FIGURE_ASKED.search(said) \
                or re.search(r"\d", _CLOCK.sub("", said)):
            continue
        figure_later = any(start >= b and metric for start, _, metric, _, _ in names) or _FIGURE_ASKED.search(rest) is not None
        if not (asks(rest) or figure_later or _ASKED.search(rest)):
            continue
        again = _plain(rest)
        named_later = {t for start, _, _, targets, _ in names if start >= b for t in targets}  # (field, value code or None)
        # (a heading before a colon names what is asked: "Average declared annual income: male vs female")
        told = figure_later and not _SPLIT.search(said) and not re.search(r"[:：]\s*$", said)
        # (a story has words of its own: "区域;" between a heading and the figure is the breakdown, no story)
        story = said
        for start, end, _, _, _ in names:
            if a <= start < b:
                story = story[:start - a] + " " * (min(end, b) - start) + story[min(end, b) - a:]
        if len(re.findall(r"[\u4e00-\u9fff]", story)) < 4 and len(re.findall(r"[A-Za-z]+", story)) < 3:
            continue
        if not all(_plain(text[start:end]) in again or targets and targets & named_later or told and not value
                   for start, end, _, targets, value in names if a <= start < b):
            continue
        later = periods(rest)
        if not all(p in later for p in periods(said)):
            continue
        out.append((a, b))
    if out and cues.FOLLOWUP_START.match(text[max(b for _, b in out):].lstrip()):
        return []  # ("好的，谢谢。那这些代发工资客户里面…": the question proper opens as a follow-up — read as it was said)
    return out + _said_after(text, sentences, names, periods, asks)


#: thanks said around a question: "The exact figure would be appreciated.", "谢谢。"
_THANKS = patterns.compile(r"\bappreciat|\bthank|\bgrateful\b|\bcheers\b|谢谢|感谢|辛苦|多谢", re.I)
_RANK_SAID = patterns.compile(r"前\s*[0-9一二两三四五六七八九十]|后\s*[0-9一二两三四五六七八九十]|最|\b(?:top|bottom|highest|lowest|most|least)\b", re.I)


def _said_after(text: str, sentences: list[re.Match[str]], names: list[tuple[int, int, bool, frozenset[tuple[str, str | None]], bool]],
                periods: Callable[[str], list[tuple[object, object]]], asks: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Whole sentences after the question that only say why it was asked or how the answer is wanted — "…civil servant?
    The exact figure would be appreciated.", "…for November 2025? We are preparing material on cross-selling.": no question,
    no condition word, no number, no period, no breakdown, and no value the question before them does not name."""
    asking = next((i for i, s in enumerate(sentences) if re.search(r"[?？]", s.group()) or asks(s.group())), None)
    out: list[tuple[int, int]] = []
    for s in sentences[asking + 1:] if asking is not None else ():
        a, b = s.span()
        said = s.group()
        if re.search(r"[?？]", said) or asks(said) or _ASKED.search(said) or _CONDITION.search(_HEDGE.sub("", said)) \
                or _FIGURE_ASKED.search(said) or _SPLIT.search(said) or re.search(r"\d", _CLOCK.sub("", said)) or periods(said) \
                or not (PURPOSE.search(said) or _THANKS.search(said)) or _RANK_SAID.search(said):
            continue  # ("理财余额呢？也是前三": the ranking said again, part of the question)
        before = _plain(text[:a])
        named_before = {t for start, _, _, targets, _ in names if start < a for t in targets}
        figures = " ".join(text[start:end].lower() for start, end, metric, _, _ in names if metric and start < a)
        purpose = PURPOSE.search(said) is not None
        if all(_plain(text[start:end]) in before or targets & named_before or not value
               # (a reason for asking may name the figure's own rows: "cross-selling loans to depositors" after the deposit-to-loan rate)
               or purpose and _inside(text[start:end], figures) for start, end, _, targets, value in names if a <= start < b):
            out.append((a, b))
    return out


def _inside(words: str, figures: str) -> bool:
    """Does every word of ``words`` (its stem) appear in the names of the figures said?"""
    stems = [w[:5] if len(w) > 5 else w.rstrip("s") for w in re.findall(r"[a-z]+", words.lower())]
    return bool(stems) and all(stem in figures for stem in stems)
