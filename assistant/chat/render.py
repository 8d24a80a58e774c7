"""An :class:`Answer` as message markdown, a table and a CSV download (no Chainlit here)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from assistant.chat.texts import t
from assistant.formatting import FORMATTERS

if TYPE_CHECKING:
    from assistant.answer import Answer

# ":" too: Chainlit's markdown reads ":name" as a directive ("渠道:APP推送" lost "APP")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_|<>\[\]:])")
PAGE_SIZE = 10  # table rows a page


def _md(text: object) -> str:
    """Plain text made safe inside markdown: special characters escaped, newlines flattened."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def table_frame(answer: Answer) -> pd.DataFrame:
    """The ``display`` rows under the column labels (made unique), for ``cl.Dataframe``."""
    labels: list[str] = []
    for label in answer.column_labels:
        labels.append(label if label not in labels else f"{label} ({len(labels) + 1})")
    return pd.DataFrame(answer.display, columns=labels)


def table_props(answer: Answer) -> dict[str, object]:
    """What the ``WenshuTable`` element (public/elements/WenshuTable.jsx) draws: the
    display rows under the labels, numbers right-aligned and sorted by their raw value,
    paged in the answer's language."""
    lang = answer.lang
    numeric = [f in FORMATTERS for f in answer.column_formats] or [False] * len(answer.columns)
    keys = [
        [raw if numeric[c] and isinstance(raw, int | float) else shown
         for c, (raw, shown) in enumerate(zip(row, display, strict=False))]
        for row, display in zip(answer.rows, answer.display, strict=False)
    ]
    return {
        "lang": lang,
        "columns": list(table_frame(answer).columns),
        "numeric": numeric,
        "rows": answer.display,
        "keys": keys,
        "page_size": PAGE_SIZE,
        "labels": {
            "previous": t("previous_page", lang),
            "next": t("next_page", lang),
            "page": t("page_of", lang, page="{page}", pages="{pages}"),
        },
    }


def feedback_props(answer: Answer, key: str, rating: str | None = None) -> dict[str, object]:
    """What the ``WenshuFeedback`` element (👍/👎 and a comment) needs."""
    lang = answer.lang
    return {
        "answer": key,
        "rating": rating,
        "labels": {
            "up": t("thumbs_up", lang),
            "down": t("thumbs_down", lang),
            "comment": t("comment", lang),
            "submit": t("send_comment", lang),
            "skip": t("skip_comment", lang),
            "thanks": t("thanks", lang),
        },
    }


def summary_markdown(text: str) -> str:
    """The summary's first line in bold; the lines after it (target segments, one per
    suggestion) each on a line of their own: "1. …" lines are a numbered list."""
    head, *rest = text.splitlines() or [""]
    lines = [_md(line) for line in rest if line.strip()]
    return "\n".join([f"**{_md(head)}**", *([""] + lines if lines else [])])


def answer_markdown(answer: Answer) -> str:
    """Summary, period and the definition (口径) of each metric; the chart and the table
    follow as elements."""
    lang = answer.lang
    parts = [summary_markdown(answer.summary or answer.message)]
    if answer.period:
        parts.append(f"**{t('period', lang)}**: {_md(answer.period)}")
    if answer.definitions:
        defs = "\n".join(
            f"- **{_md(d['label'])}**: {_md(d['definition'])}" for d in answer.definitions
        )
        parts.append(f"**{t('definitions', lang)}**\n{defs}")
    return "\n\n".join(p for p in parts if p)


def problem_markdown(answer: Answer) -> str:
    """A refusal or an error, said kindly, with what to do next."""
    key = "refused" if answer.status == "refused" else "error"
    return t(key, answer.lang, message=answer.message) + "\n\n" + t("try_instead", answer.lang)


def clarify_markdown(answer: Answer) -> str:
    options = "\n".join(f"{o.number}. {_md(o.label)}" for o in answer.options)
    return f"{answer.message}\n\n{options}\n\n{t('clarify_hint', answer.lang)}"


MARKDOWN: dict[str, Callable[[Answer], str]] = {
    "answered": answer_markdown,
    "clarify": clarify_markdown,
    "refused": problem_markdown,
    "error": problem_markdown,
}


def message_markdown(answer: Answer) -> str:
    """The text of the message that carries ``answer``, whatever its status."""
    return MARKDOWN[answer.status](answer)


def csv_bytes(answer: Answer) -> bytes:
    """What the numbers are first — the period, then each metric's definition (口径), a
    blank line — then the raw rows (codes, fractions, ISO dates) under the column labels;
    UTF-8 with a byte-order mark so that Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lang = answer.lang
    if answer.period:
        writer.writerow([t("period", lang), answer.period])
    for d in answer.definitions:
        writer.writerow([t("definitions", lang), d.get("label", ""), d.get("definition", "")])
    if answer.period or answer.definitions:
        writer.writerow([])
    writer.writerow(answer.column_labels or answer.columns)
    writer.writerows(["" if v is None else v for v in row] for row in answer.rows)
    return out.getvalue().encode("utf-8-sig")


def csv_filename(answer: Answer) -> str:
    """An ASCII file name from the column names, e.g. ``wenshu-region-customer_count.csv``."""
    stem = "-".join(re.sub(r"[^A-Za-z0-9_]", "_", c) for c in answer.columns)[:80] or "answer"
    return f"wenshu-{stem}.csv"


def short_label(label: str) -> str:
    """A clarification option's name without its explanation, for a button:
    "存款余额(月末时点…)" → "存款余额"; the full text stays in the message."""
    return re.split(r"\s*[((]", label, maxsplit=1)[0] or label
