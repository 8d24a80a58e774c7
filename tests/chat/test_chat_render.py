"""Message markdown, the table, the CSV download and the language helpers."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.answer import Answer, Option
from assistant.chat.render import (
    answer_markdown,
    clarify_markdown,
    csv_bytes,
    csv_filename,
    problem_markdown,
    short_label,
    table_frame,
    table_props,
)
from assistant.chat.texts import browser_lang, question_lang

ANSWER = Answer(
    status="answered",
    lang="zh",
    question="各区域的客户数",
    summary="截至 2025-12-31,客户数最高的是 华东(556),共 2 组。",
    columns=["region", "customer_count"],
    column_labels=["区域", "客户数"],
    column_formats=["text", "integer"],
    rows=[["华东", 556], ["华北", None]],
    display=[["华东", "556"], ["华北", "—"]],
    period="截至 2025-12-31",
    definitions=[
        {"metric": "customer_count", "label": "客户数", "definition": "截至统计日的去重客户数。"}
    ],
)


def test_answer_markdown_has_summary_period_and_definitions():
    text = answer_markdown(ANSWER)
    assert text.startswith("**截至 2025-12-31,客户数最高的是 华东(556),共 2 组。**")
    assert "**期间**: 截至 2025-12-31" in text
    assert "**口径**\n- **客户数**: 截至统计日的去重客户数。" in text


def test_markdown_characters_in_data_are_escaped():
    text = answer_markdown(ANSWER.model_copy(update={"summary": "a|b *c*"}))
    assert "a\\|b \\*c\\*" in text


def test_table_frame_shows_display_strings_under_labels():
    frame = table_frame(ANSWER)
    assert list(frame.columns) == ["区域", "客户数"]
    assert frame.values.tolist() == [["华东", "556"], ["华北", "—"]]


def test_table_frame_makes_labels_unique():
    twice = ANSWER.model_copy(update={"column_labels": ["区域", "区域"]})
    assert list(table_frame(twice).columns) == ["区域", "区域 (2)"]


def test_csv_is_utf8_with_bom_period_definitions_and_raw_rows():
    data = csv_bytes(ANSWER)
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["期间", "截至 2025-12-31"],
        ["口径", "客户数", "截至统计日的去重客户数。"],
        [],
        ["区域", "客户数"],
        ["华东", "556"],
        ["华北", ""],
    ]
    assert csv_filename(ANSWER) == "wenshu-region-customer_count.csv"


def test_csv_without_period_or_definitions_is_just_the_table():
    bare = ANSWER.model_copy(update={"period": None, "definitions": []})
    rows = list(csv.reader(io.StringIO(csv_bytes(bare).decode("utf-8-sig"))))
    assert rows[0] == ["区域", "客户数"]


def test_a_colon_before_latin_letters_stays_text():
    """Chainlit's markdown reads ":APP" as a directive and dropped it (渠道⏎推送)."""
    text = answer_markdown(ANSWER.model_copy(update={"summary": "渠道:APP推送;时段:中午"}))
    assert "渠道\\:APP推送" in text


def test_table_props_page_in_the_answers_language_and_sort_numbers_by_value():
    props = table_props(ANSWER)
    assert props["columns"] == ["区域", "客户数"] and props["numeric"] == [False, True]
    assert props["rows"] == [["华东", "556"], ["华北", "—"]]
    assert props["keys"] == [["华东", 556], ["华北", "—"]]
    assert props["labels"] == {"previous": "上一页", "next": "下一页", "page": "第 {page}/{pages} 页"}
    english = table_props(ANSWER.model_copy(update={"lang": "en"}))["labels"]
    assert english == {"previous": "Previous", "next": "Next", "page": "Page {page} of {pages}"}


@pytest.mark.parametrize(
    ("status", "lang", "start"),
    [
        ("refused", "zh", "这个问题我不能回答:no"),
        ("error", "en", "Sorry, I couldn't answer that: no"),
    ],
)
def test_problems_are_said_kindly(status, lang, start):
    text = problem_markdown(Answer(status=status, lang=lang, question="q", message="no"))
    assert text.startswith(start)


def test_clarify_lists_numbered_options():
    options = [
        Option(number=1, label="存款日均(日均口径)"),
        Option(number=2, label="存款余额(时点口径)"),
    ]
    text = clarify_markdown(
        Answer(status="clarify", lang="zh", question="q", message="请选择:", options=options)
    )
    assert "1. 存款日均(日均口径)\n2. 存款余额(时点口径)" in text


@pytest.mark.parametrize(
    ("label", "short"),
    [
        ("存款日均(月日均存款余额之和(日均口径),取期间最后一个月。)", "存款日均"),
        ("deposit balance (Sum of month-end balances.)", "deposit balance"),
        ("plain", "plain"),
    ],
)
def test_short_label(label, short):
    assert short_label(label) == short


@pytest.mark.parametrize(
    ("question", "fallback", "lang"),
    [
        ("各区域的客户数", "en", "zh"),
        ("customer count by value tier", "zh", "en"),
        ("2", "zh", "zh"),
        ("2", "en", "en"),
    ],
)
def test_question_lang(question, fallback, lang):
    assert question_lang(question, fallback) == lang


@pytest.mark.parametrize(
    ("language", "lang"), [("zh-CN", "zh"), ("zh-TW", "zh"), ("en-US", "en"), (None, "en")]
)
def test_browser_lang(language, lang):
    assert browser_lang(language) == lang


@pytest.mark.parametrize(
    ("summary", "markdown"),
    [
        ("各区域的客户数:华东 556。", "**各区域的客户数\\:华东 556。**"),
        (
            "推荐的存转贷目标客群,平均转化率 1.02%:\n1. 甲:91人;渠道:APP推送\n2. 乙_丙",
            "**推荐的存转贷目标客群,平均转化率 1.02%\\:**\n\n1. 甲\\:91人;渠道\\:APP推送\n2. 乙\\_丙",
        ),
    ],
)
def test_a_segment_summary_is_a_bold_head_and_a_numbered_list(summary, markdown):
    """One bold paragraph was all a segment answer showed; its lines are a list now."""
    from assistant.chat.render import summary_markdown

    assert summary_markdown(summary) == markdown
