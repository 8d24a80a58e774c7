"""Block Kit messages for an :class:`Answer` (pure: no Slack calls here).

Within Block Kit's limits: at most 50 blocks, 3,000 characters in a section, 75 in a
button, 25 buttons in an actions block. Text from answers is escaped (``&``, ``<``,
``>``) so that a value such as ``<5`` shows as written and nothing can ping a channel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assistant.answer import Answer
from assistant.chat.render import short_label
from assistant.slack.actions import FOLLOWUP, OPTION, SAVE, option_value, save_value
from assistant.slack.disclosure import Disclosure
from assistant.slack.table import text_table
from assistant.slack.texts import t

Block = dict[str, Any]
SECTION_LIMIT, BUTTON_LIMIT, MAX_BUTTONS = 3000, 75, 25
TABLE_ROWS = 20
MAX_FOLLOWUPS = 5


def escape(text: object) -> str:
    """Slack's three control characters, escaped as its message format requires."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, SECTION_LIMIT)}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, SECTION_LIMIT)}]}


def button(label: str, action_id: str, value: str, primary: bool = False) -> Block:
    out: Block = {"type": "button", "action_id": action_id, "value": value,
                  "text": {"type": "plain_text", "text": _cut(label, BUTTON_LIMIT), "emoji": True}}
    if primary:
        out["style"] = "primary"
    return out


def actions(buttons: list[Block]) -> list[Block]:
    return [{"type": "actions", "elements": buttons[:MAX_BUTTONS]}] if buttons else []


def question_buttons(questions: list[str]) -> list[Block]:
    """One button per question; a click asks it in the same thread."""
    return [button(q, f"{FOLLOWUP}:{i}", q) for i, q in enumerate(questions) if q]


def table_blocks(answer: Answer) -> list[Block]:
    """The first rows as a code block, as many as fit in one section."""
    if not answer.display:
        return [context(t("no_rows", answer.lang))]
    for shown in range(min(TABLE_ROWS, len(answer.display)), 0, -1):
        text = "```\n" + escape(text_table(answer.column_labels, answer.column_formats, answer.display[:shown])) + "\n```"
        if len(text) <= SECTION_LIMIT:
            break
    out = [section(text)]
    if shown < len(answer.display):
        out.append(context(t("first_rows", answer.lang, shown=shown, total=len(answer.display))))
    return out


def definitions_block(answer: Answer) -> list[Block]:
    if not answer.definitions:
        return []
    lines = "\n".join(f"• *{escape(d['label'])}*: {escape(d['definition'])}" for d in answer.definitions)
    return [section(f"*{t('definitions', answer.lang)}*\n{lines}")]


def answered_blocks(answer: Answer, disclosure: Disclosure) -> list[Block]:
    """Summary, period, table, 口径, then buttons: follow-ups and Save."""
    if not disclosure.show:
        return [section(escape(disclosure.note or ""))]
    out = [section(f"*{escape(answer.summary or answer.message)}*")]
    if answer.period:
        out.append(context(f"{t('period', answer.lang)}: {escape(answer.period)}"))
    out += table_blocks(answer) + definitions_block(answer)
    if disclosure.note:
        out.append(context(escape(disclosure.note)))
    buttons = question_buttons(answer.followups[:MAX_FOLLOWUPS])
    saved = save_value(answer)
    if saved is not None:
        buttons.append(button(t("save", answer.lang), SAVE, saved))
    return out + actions(buttons)


def clarify_blocks(answer: Answer, disclosure: Disclosure) -> list[Block]:
    """The question back, every option in full, one button per option."""
    options = "\n".join(f"{o.number}. {escape(o.label)}" for o in answer.options)
    buttons = [button(f"{o.number}. {short_label(o.label)}", f"{OPTION}:{o.number}", option_value(o, answer.lang))
               for o in answer.options]
    return [section(f"{escape(answer.message)}\n\n{options}"), context(t("clarify_hint", answer.lang)), *actions(buttons)]


def problem_blocks(answer: Answer, disclosure: Disclosure, examples: Sequence[str] = ()) -> list[Block]:
    """A refusal or an error in the asker's language, with questions that do work (the
    model's starters, when the caller passes them)."""
    key = "refused" if answer.status == "refused" else "error"
    out = [section(escape(t(key, answer.lang, message=answer.message)))]
    if examples:
        out += [context(t("try_instead", answer.lang)), *actions(question_buttons(list(examples)))]
    return out


def help_blocks(examples: Sequence[str] = ()) -> list[Block]:
    """For an empty mention: what the bot does, in both languages, with the model's starters."""
    return [section(escape(f"{t('help', 'zh')}\n{t('help', 'en')}")), *actions(question_buttons(list(examples)))]


BLOCKS: dict[str, Callable[[Answer, Disclosure, Sequence[str]], list[Block]]] = {
    "answered": lambda answer, disclosure, _examples: answered_blocks(answer, disclosure),
    "clarify": lambda answer, disclosure, _examples: clarify_blocks(answer, disclosure),
    "refused": problem_blocks,
    "error": problem_blocks,
}


def answer_blocks(answer: Answer, disclosure: Disclosure, examples: Sequence[str] = ()) -> list[Block]:
    """The message for ``answer``; ``examples`` are offered after a refusal or an error."""
    return BLOCKS[answer.status](answer, disclosure, examples)


def fallback_text(answer: Answer, disclosure: Disclosure) -> str:
    """The notification text (and what screen readers and old clients show)."""
    if not disclosure.show:
        return disclosure.note or ""
    return _cut(answer.summary or answer.message, SECTION_LIMIT)
