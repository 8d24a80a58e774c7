"""Every string the chat page shows, in both languages, looked up by key."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]

TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "step_understand": ("理解问题", "Understanding"),
    "step_query": ("查询", "Querying"),
    "step_run": ("运行", "Running"),
    "step_segments": ("目标客群搜索", "Target-segment search"),
    "stages_total": ("共 {s} 秒", "{s} s in all"),
    "query_done": ("已生成并校验只读 SQL。", "Compiled and validated read-only SQL."),
    "rows_done": ("{rows} 行 · {ms} 毫秒", "{rows} rows · {ms} ms"),
    "period": ("期间", "Period"),
    "definitions": ("口径", "Definitions"),
    "export_csv": ("导出 CSV", "Export CSV"),
    "save": ("保存", "Save"),
    "thumbs_up": ("有帮助", "Helpful"),
    "thumbs_down": ("没帮助", "Not helpful"),
    "comment": ("想补充点什么?(可选)", "Anything to add? (optional)"),
    "send_comment": ("提交", "Send"),
    "skip_comment": ("不用了", "No thanks"),
    "previous_page": ("上一页", "Previous"),
    "next_page": ("下一页", "Next"),
    "page_of": ("第 {page}/{pages} 页", "Page {page} of {pages}"),
    "csv_ready": (
        "CSV 已生成({rows} 行,UTF-8,可直接用 Excel 打开):",
        "CSV ready ({rows} rows, UTF-8, opens in Excel):",
    ),
    "saved": ("已保存这个问题,可随时在“收藏”里重新运行。", "Saved; re-run it any time from “Saved”."),
    "saved_command": ("收藏", "Saved"),
    "saved_command_help": ("查看并重新运行收藏的回答", "See and re-run your saved answers"),
    "saved_title": ("收藏的回答", "Saved answers"),
    "saved_empty": (
        "还没有收藏的回答。在回答下点“保存”,它就会出现在这里。",
        "No saved answers yet. Press “Save” under an answer and it appears here.",
    ),
    "saved_on": ("保存于", "saved"),
    "saved_last": ("上次数据截至", "last run on data as of"),
    "rerun": ("重新运行", "Re-run"),
    "delete": ("删除", "Delete"),
    "rerun_of": ("重新运行「{title}」:", "Re-ran “{title}”:"),
    "deleted": ("已删除「{title}」。", "Deleted “{title}”."),
    "thanks": ("谢谢反馈!", "Thanks for the feedback!"),
    "gone": ("这条回答已过期,请重新提问。", "That answer has expired; please ask again."),
    "refused": ("这个问题我不能回答:{message}", "I can't answer that: {message}"),
    "error": ("抱歉,这个问题没能回答:{message}", "Sorry, I couldn't answer that: {message}"),
    "try_instead": ("可以试试这些问题:", "You could try one of these:"),
    "clarify_hint": ("点一个选项,或直接回复编号。", "Pick an option, or reply with its number."),
    "internal": (
        "内部错误,问题已记录。请换个问法再试。",
        "Internal error; it has been logged. Please try rephrasing.",
    ),
}

# Chainlit's own words that wenshu replaces, by translation key (zh-* files take the
# Chinese, every other language the English); written into each run's app root.
FAILED_LOGIN = (
    "登录失败:用户名或密码不正确,请重新输入。Sign-in failed: wrong username or password.",
    "Sign-in failed: wrong username or password. 登录失败:用户名或密码不正确。",
)
CHAINLIT_TEXTS: dict[str, tuple[str, str]] = {
    "auth.login.title": ("登录问数 wenshu", "Sign in to wenshu 问数"),
    "auth.login.form.email.label": ("用户名", "Username"),
    "auth.login.form.email.required": ("请输入用户名", "Enter your username"),
    "auth.login.form.email.placeholder": ("用户名", "username"),
    "auth.login.errors.default": FAILED_LOGIN,
    "auth.login.errors.credentialssignin": FAILED_LOGIN,
    "auth.login.errors.credentialsSignin": FAILED_LOGIN,
}
# The line under the input box: what reads the questions, and where to check a figure.
FOOTER_OFFLINE = (
    "问数用离线解析器理解问题,不调用大语言模型;数字来自只读 SQL,可在“查询”步骤中核对。",
    "wenshu reads questions with its offline parser (no LLM); every figure comes from "
    "read-only SQL you can check under “Querying”.",
)
FOOTER_MODEL = (
    "问数用模型 {model} 理解问题,模型可能理解错;数字来自只读 SQL,可在“查询”步骤中核对。",
    "wenshu reads questions with the model {model}, which can misread them; every figure "
    "comes from read-only SQL you can check under “Querying”.",
)

DEMO_BANNER = (
    "演示模式 Demo mode — no login · 演示数据,非真实客户 synthetic data",
    "演示模式 Demo",  # a phone's header has room for this much between its buttons
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with ``values`` filled in."""
    zh, en = TEXTS[key]
    return (zh if lang == "zh" else en).format(**values)


def footer(model: str | None) -> tuple[str, str]:
    """The footer in (zh, en): the offline parser's, or the configured model's."""
    if model is None:
        return FOOTER_OFFLINE
    zh, en = FOOTER_MODEL
    return zh.format(model=model), en.format(model=model)


def chainlit_texts(model: str | None) -> dict[str, tuple[str, str]]:
    """Every Chainlit text wenshu replaces, the footer included."""
    return {**CHAINLIT_TEXTS, "chat.watermark": footer(model)}


def question_lang(question: str, fallback: Lang = "zh") -> Lang:
    """The question's language; text with no letters ("1") keeps the conversation's."""
    if _CJK.search(question):
        return "zh"
    if _LATIN.search(question):
        return "en"
    return fallback


def browser_lang(language: str | None) -> Lang:
    """``zh-CN``/``zh-TW`` → ``zh``; anything else → ``en``."""
    return "zh" if (language or "").lower().startswith("zh") else "en"
