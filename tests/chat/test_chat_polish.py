"""The page's own look and manners, each checked where a person would have seen it go
wrong: the login form and a wrong password, the footer, wenshu's logo, paging words,
one 👍/👎 per answer with a comment, colons in answers, a table that is not clipped, the
chart in dark mode, and the demo banner on a phone."""

from __future__ import annotations

import json
import re

import pytest

from assistant.chat.store import current_ratings
from assistant.chat.texts import chainlit_texts

pytestmark = pytest.mark.browser

MONTHLY = "2025年每个月的放款金额"  # twelve rows: two pages of ten


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize(
    ("locale", "label", "first_words"),
    [("zh-CN", "用户名", "登录失败:用户名或密码不正确"), ("en-US", "Username", "Sign-in failed")],
)
def test_login_asks_for_a_username_and_says_plainly_when_it_is_wrong(
    open_chat, login_server, screenshots, locale, label, first_words
):
    chat = open_chat(login_server.url, locale=locale, wait=False)
    chat.page.goto(login_server.url + "/login")
    assert chat.page.locator('label[for="email"]').inner_text().strip() == label
    chat.login("alice", "not-her-password")
    alert = chat.page.get_by_text(first_words)
    alert.wait_for()
    text = alert.inner_text()
    assert "登录失败" in text and "wrong username or password" in text  # both languages
    chat.page.wait_for_timeout(500)  # a toast would have shown by now
    body = chat.page.inner_text("body")
    assert "credentialssignin" not in body.lower() and "Unauthorized" not in body
    chat.shot(screenshots, f"{locale}_login_refused")


def test_the_footer_says_what_reads_the_questions(chat):
    chat.ask("各区域的客户数")  # the footer is under the input box of a conversation
    footer = chat.page.get_by_text("问数用离线解析器理解问题")
    footer.wait_for()
    assert "不调用大语言模型" in footer.inner_text()
    assert "大语言模型可能会犯错" not in chat.page.inner_text("body")


def test_the_footer_names_a_configured_model():
    zh, en = chainlit_texts("qwen-plus")["chat.watermark"]
    assert "qwen-plus" in zh and "qwen-plus" in en and "offline" not in en


def test_the_landing_page_and_login_show_wenshus_own_logo(chat, login_server, open_chat, screenshots):
    logo = chat.page.locator('img[alt="logo"]').first
    logo.wait_for()
    source = chat.page.request.get(chat.url + logo.get_attribute("src").removeprefix(chat.url)).text()
    assert "问数 wenshu" in source and "Chainlit" not in source
    assert "问数 wenshu" in chat.page.request.get(chat.url + "/favicon").text()
    chat.shot(screenshots, "zh_landing")
    login = open_chat(login_server.url, wait=False)
    login.page.goto(login_server.url + "/login")
    login.page.locator('img[alt="logo"]').first.wait_for()
    assert "问数" in login.page.request.get(login_server.url + "/public/login.svg").text()
    login.shot(screenshots, "zh_login")


@pytest.mark.parametrize(
    ("chat", "question", "words"),
    [
        ("zh-CN", MONTHLY, ("上一页", "下一页", "第 1/2 页", "第 2/2 页")),
        ("en-US", "loan disbursement amount by month in 2025", ("Previous", "Next", "Page 1 of 2", "Page 2 of 2")),
    ],
    indirect=["chat"],
)
def test_the_table_pages_in_the_answers_language(chat, question, words, screenshots):
    previous, following, first_page, second_page = words
    answer = chat.ask(question)
    assert len(chat.table(answer)) == 11  # the header and ten rows
    pages = answer.locator(".wenshu-pages")
    assert first_page in pages.inner_text()
    assert answer.get_by_role("button", name=previous).is_disabled()
    answer.get_by_role("button", name=following).click()
    assert second_page in pages.inner_text() and len(chat.table(answer)) == 3
    assert "Previous" not in pages.inner_text() or previous == "Previous"


def test_the_table_is_not_clipped(chat, screenshots):
    answer = chat.ask(MONTHLY)
    chat.table(answer)
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()  # drawn above it: no more shifts
    chat.page.wait_for_timeout(300)
    table = answer.locator(".wenshu-table")
    box = table.bounding_box()
    for row in table.locator("tbody tr").all():
        cell = row.bounding_box()
        assert box["y"] <= cell["y"] and cell["y"] + cell["height"] <= box["y"] + box["height"] + 1
    clipped = table.evaluate(
        """t => { for (let e = t; e && e !== document.body; e = e.parentElement) {
                     if (e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible'
                         && e.closest('.wenshu-table')) return true; }
                   return false; }"""
    )
    assert not clipped, "the table scrolls inside a box of its own"
    chat.shot(screenshots, "zh_table_two_pages")


def test_one_rating_per_answer_with_a_comment(chat, chat_server, screenshots):
    answer = chat.ask("各区域的客户数")
    chat.table(answer)
    table, rating = answer.locator(".wenshu-table"), answer.locator(".wenshu-feedback")
    rating.wait_for()
    assert table.bounding_box()["y"] < rating.bounding_box()["y"], "👍/👎 under the table"
    up, down = answer.locator("button.wenshu-up"), answer.locator("button.wenshu-down")
    up.click()
    answer.get_by_text("谢谢反馈").wait_for()
    down.click()
    assert down.get_attribute("aria-pressed") == "true" and up.get_attribute("aria-pressed") == "false"
    answer.locator("textarea.wenshu-comment").fill("华东的数字和报表对不上")
    answer.get_by_role("button", name="提交").click()
    answer.get_by_text("谢谢反馈").wait_for()
    chat.shot(screenshots, "zh_feedback_comment")
    records = [
        json.loads(line)
        for line in (chat_server.state / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    mine = [r for r in records if r.get("answer_id") == records[-1]["answer_id"]]
    assert [r["rating"] for r in mine] == ["up", "down", "down"]
    (current,) = [r for (user, key), r in current_ratings(records).items() if key == mine[0]["answer_id"]]
    assert (current["rating"], current["comment"]) == ("down", "华东的数字和报表对不上")


def test_a_colon_before_latin_letters_is_text_not_a_directive(chat):
    answer = chat.ask("哪些客户适合营销贷款?", timeout_ms=120_000)
    text = answer.inner_text()
    assert "渠道:APP推送" in text, text[:400]


@pytest.mark.parametrize("chat", ["en-US"], indirect=True)
def test_the_chart_is_not_a_white_box_in_dark_mode(chat, screenshots):
    chat.page.locator("#theme-toggle").click()
    chat.page.get_by_role("menuitem", name="Dark").click()
    chat.page.wait_for_function("document.documentElement.classList.contains('dark')")
    answer = chat.ask("customer count by value tier")
    chat.chart_bars(answer)
    background = answer.locator(".js-plotly-plot .main-svg").first.evaluate(
        "svg => getComputedStyle(svg).backgroundColor"
    )
    fill, opacity = answer.locator(".js-plotly-plot rect.bg").first.evaluate(
        "r => [getComputedStyle(r).fill, getComputedStyle(r).fillOpacity]"
    )  # plotly draws a transparent colour as its rgb with fill-opacity 0
    assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
    assert float(opacity) == 0 or re.sub(r"\s", "", fill) == "rgba(0,0,0,0)", (fill, opacity)
    chat.shot(screenshots, "en_dark_chart")


def test_the_demo_banner_leaves_a_phones_header_alone(open_chat, chat_server, screenshots):
    phone = open_chat(chat_server.url, width=390, height=844)
    banner = phone.page.locator("#wenshu-banner")
    assert banner.inner_text().strip() == "演示模式 Demo"
    box = banner.bounding_box()
    buttons = phone.page.locator("#header button").all()
    assert buttons
    for button in buttons:
        if button.is_visible():
            assert not _overlap(box, button.bounding_box()), button.inner_text()
    phone.shot(screenshots, "zh_phone_banner")


def test_a_rate_shows_what_it_divides(chat):
    """逾期率 beside the overdue and the outstanding loans behind it, and the chart plots the rate alone."""
    answer = chat.ask("各区域的逾期率")
    header, *rows = chat.table(answer)
    assert header == ["区域", "逾期率", "逾期笔数", "在贷笔数"]
    for _, rate, overdue, outstanding in rows:
        assert float(rate.rstrip("%")) == pytest.approx(100 * int(overdue.replace(",", "")) / int(outstanding.replace(",", "")), abs=0.01)
    assert chat.chart_bars(answer) == len(rows)
