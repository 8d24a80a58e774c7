"""Every string the Slack bot writes, in both languages, looked up by key."""

from __future__ import annotations

from assistant.language import Lang

TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "period": ("期间", "Period"),
    "definitions": ("口径", "Definitions"),
    "first_rows": ("显示前 {shown} 行,共 {total} 行。", "First {shown} of {total} rows."),
    "no_rows": ("没有符合条件的数据。", "No rows match."),
    "save": ("保存", "Save"),
    "asked": ("<@{user}> 问:{question}", "<@{user}> asked: {question}"),
    "refused": ("这个问题我不能回答:{message}", "I can't answer that: {message}"),
    "error": ("抱歉,这个问题没能回答:{message}", "Sorry, I couldn't answer that: {message}"),
    "try_instead": ("可以试试这些问题:", "You could try one of these:"),
    "clarify_hint": ("点一个选项,或在这个线程里回复编号。", "Pick an option, or reply with its number in this thread."),
    "help": (
        "我是问数,可以用中文或英文问银行数据,例如“各区域的客户数”。在频道里 @我,或直接私信我;"
        "在同一个线程里继续追问。保存的回答:/wenshu saved。",
        "I'm wenshu: ask about the bank's data in Chinese or English, e.g. \"customer count by region\". "
        "Mention me in a channel or message me directly; ask follow-ups in the same thread. Saved answers: /wenshu saved.",
    ),
    "customer_rows_channel": (
        "这个回答包含客户明细,频道里只提供汇总数据。请私信我提问。",
        "This answer lists individual customers; channels get aggregates only. Ask me in a direct message.",
    ),
    "customer_rows_role": (
        "这个回答包含客户明细,您的角色不能查看或导出客户名单(may_export)。请联系管理员。",
        "This answer lists individual customers, and your role may not see or export customer lists (may_export). Ask an administrator.",
    ),
    "csv_needs_export": (
        "您的角色不能导出 CSV(may_export)。",
        "Your role may not export CSV files (may_export).",
    ),
    "csv_title": ("完整结果(CSV,{rows} 行)", "Full result (CSV, {rows} rows)"),
    "chart_title": ("图表", "Chart"),
    "no_store": (
        "保存回答需要团队存储(team store),目前尚未配置。",
        "Saving answers needs the team store, which is not set up yet.",
    ),
    "saved_ok": (
        "已保存为 #{id}「{title}」。用 /wenshu saved run {id} 在最新数据上重新运行。",
        "Saved as #{id} \"{title}\". Run it on the latest data with /wenshu saved run {id}.",
    ),
    "store_down": (
        "团队存储暂时无法访问,这次没有完成。请稍后再试,或联系管理员。",
        "The team store cannot be reached, so this was not done. Try again later or ask an administrator.",
    ),
    "saved_head": ("您可以使用的保存的回答(括号内是上次运行的数据日期;用 /wenshu saved run 编号 重新运行):",
                   "Saved answers you may use (in brackets, the data date of their last run; run one with /wenshu saved run ID):"),
    "saved_more": ("……另有 {count} 个未列出。", "… and {count} more."),
    "saved_none": ("还没有保存的回答。点回答下面的“保存”按钮即可保存。", "No saved answers yet. Press Save under an answer to keep it."),
    "saved_usage": (
        "用法:/wenshu saved 列出您保存的回答;/wenshu saved run 编号 在最新数据上重新运行,结果发在当前会话。"
        "保存回答:点回答下面的“保存”。",
        "Usage: /wenshu saved lists your saved answers; /wenshu saved run ID runs one on the latest data "
        "and posts it in this conversation. To save an answer, press Save under it.",
    ),
    "rerun_asked": ("<@{user}> 重新运行保存的回答 #{id}「{title}」", "<@{user}> re-ran saved answer #{id} \"{title}\""),
    "stale_button": ("这个按钮已失效,请重新提问。", "This button no longer works; please ask again."),
    "invite_me": (
        "我不在这个频道里,没法在这里回答。请先邀请我(/invite),或直接私信我。",
        "I'm not in this conversation, so I can't answer here. Invite me (/invite) or send me a direct message.",
    ),
    "unknown_user": (
        "您的 Slack 账号还没有对应的问数用户,无权查询数据。请联系管理员在角色文件中登记 slack_id。",
        "Your Slack account is not linked to a wenshu user, so you have no access to the data. "
        "Ask an administrator to add your slack_id to the roles file.",
    ),
}


def t(key: str, lang: Lang | str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with ``values`` filled in."""
    zh, en = TEXTS[key]
    return (zh if lang == "zh" else en).format(**values)


def both(key: str, **values: object) -> str:
    """Both languages, Chinese first: for people whose language is not known yet."""
    return f"{t(key, 'zh', **values)}\n{t(key, 'en', **values)}"
