"""Regenerate the chat-page screenshots in docs/images/ (docs/chat.md shows them).

    python docs/screenshots.py                      # the demo mart (data/bank.duckdb)
    python docs/screenshots.py --db my.duckdb --out /tmp/shots

Starts the chat page exactly as ``wenshu chat`` does (``assistant.chat.server.start``) on a
free local port, asks the same question in Chinese and in English, and takes a desktop and a
phone-sized picture of each answer with Debian's Chromium through Playwright (the test
dependencies: ``pip install -e ".[dev]"``; ``apt-get install -y chromium fonts-noto-cjk``).
Nothing is fetched from outside; the server is stopped at the end, whatever happens.
重新生成聊天页面截图(中英文,桌面与手机)。
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = {
    "zh": ("zh-CN", "上个月各区域的存贷转化率是多少?"),
    "en": ("en-US", "What was last month's deposit-to-loan conversion rate by region?"),
}
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
START_TIMEOUT_S = 90
ANSWER_TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shoot(url: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            for lang, (locale, question) in QUESTIONS.items():
                for device, viewport in DEVICES.items():
                    context = browser.new_context(locale=locale, viewport=viewport, is_mobile=device == "phone",
                                                  color_scheme="light")
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_selector("#starters")
                    page.locator("#chat-input").fill(question)
                    page.locator("#chat-submit:enabled").click()
                    answer = page.locator('[data-step-type="assistant_message"]').first
                    answer.wait_for(timeout=ANSWER_TIMEOUT_MS)
                    answer.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
                    answer.locator(".wenshu-table tbody tr").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
                    asked = page.locator('[data-step-type="user_message"]').first  # the question on top, then its answer
                    asked.evaluate("e => e.scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(300)
                    path = out / f"chat-{lang}-{device}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "bank.duckdb", help="DuckDB mart (default: the demo's)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="where the PNG files go")
    parser.add_argument("--chromium", default=os.environ.get("WENSHU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not args.db.exists():
        sys.exit(f"no mart at {args.db}: run `wenshu demo` (or `wenshu data generate`) first · 找不到数据库文件,请先运行 wenshu demo")
    if not Path(args.chromium).exists():
        sys.exit("Chromium not found: apt-get install -y chromium (or --chromium PATH) · 找不到 Chromium")
    from assistant.chat.runtime import ChatSettings
    from assistant.chat.server import start

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wenshu-shots-") as state:
        log = Path(state) / "server.log"
        port = free_port()
        with log.open("wb") as output:
            server = start(ChatSettings(args.db, warm=False), "127.0.0.1", port,
                           base_env={**os.environ, "WENSHU_STATE_DIR": state, "WENSHU_AUDIT_LOG": "off"}, output=output)
        try:
            url = f"http://127.0.0.1:{port}"
            problem = server.until_serving(url + "/", START_TIMEOUT_S)
            if problem is not None:
                sys.exit(f"{problem} · 聊天页面启动失败:\n{log.read_text(errors='replace')[-2000:]}")
            for path in shoot(url, args.out, args.chromium):
                print(f"{path}  {path.stat().st_size // 1024} KB")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
