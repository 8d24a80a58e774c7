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
    "query_done": ("已生成并校验只读 SQL。", "Compiled and validated read-only SQL."),
    "rows_done": ("{rows} 行 · {ms} 毫秒", "{rows} rows · {ms} ms"),
    "period": ("期间", "Period"),
    "definitions": ("口径", "Definitions"),
    "export_csv": ("导出 CSV", "Export CSV"),
    "save": ("保存", "Save"),
    "thumbs_up": ("有帮助", "Helpful"),
    "thumbs_down": ("没帮助", "Not helpful"),
    "csv_ready": (
        "CSV 已生成({rows} 行,UTF-8,可直接用 Excel 打开):",
        "CSV ready ({rows} rows, UTF-8, opens in Excel):",
    ),
    "saved": ("已保存这个问题,可随时重新运行。", "Saved; you can re-run this question any time."),
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

DEMO_BANNER = "演示模式 Demo mode — no login · 演示数据,非真实客户 synthetic data"

# Starter questions: both languages are always offered, the browser's language first.
STARTERS: dict[Lang, tuple[tuple[str, str], ...]] = {
    "zh": (
        ("各区域客户数", "各区域的客户数"),
        ("存款规模(需选口径)", "各区域的存款规模"),
    ),
    "en": (
        ("Customers by value tier", "customer count by value tier"),
        ("Loan approval by channel", "What is the loan approval rate by channel this year?"),
    ),
}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with ``values`` filled in."""
    zh, en = TEXTS[key]
    return (zh if lang == "zh" else en).format(**values)


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
