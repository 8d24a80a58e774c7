"""Fixtures for the chat page: a small mart, the real Chainlit server on a free port,
and headless Debian Chromium driven by Playwright (sync API).

Chromium is required, not optional: without it the browser tests fail with a message
saying how to install it (CI installs it in ``.ci/run``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from serving import ChatServer, running_server

from assistant.chat.runtime import ChatSettings

CHAT_CUSTOMERS = 2000
CHAT_SEED = 11
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "chat"


@pytest.fixture(scope="session")
def chat_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mart of its own: the expected numbers are read with a plain DuckDB connection,
    which may not share a process with the locked-down one of the session ``warehouse``."""
    from demo_mart.generate import generate_mart

    path = tmp_path_factory.mktemp("chat_mart") / "bank.duckdb"
    generate_mart(path, customers=CHAT_CUSTOMERS, seed=CHAT_SEED)
    return path


@pytest.fixture(scope="session")
def chat_server(chat_mart: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """The demo-mode page (no login) on the chat mart, shared by the session's tests."""
    with running_server(ChatSettings(chat_mart, warm=False), tmp_path_factory.mktemp("chat_state")) as server:
        yield server


PASSWORDS = {"alice": "alice-pw", "bob": "bob-pw"}


@pytest.fixture(scope="session")
def login_server(chat_mart: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """The page with login (alice and bob, default role) on the chat mart: conversations
    are kept in its state directory's team store."""
    from assistant.chat.auth import hash_password

    state = tmp_path_factory.mktemp("login_state")
    users = state / "users.yaml"
    entries = "".join(
        f"  - username: {name}\n    password_hash: '{hash_password(pw, n=2**10)}'\n"
        for name, pw in PASSWORDS.items()
    )
    users.write_text("users:\n" + entries, encoding="utf-8")
    with running_server(ChatSettings(chat_mart, users=users, warm=False), state) as server:
        yield server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("WENSHU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium is needed for the chat-page tests and was not found. "
            "Install Debian's: `apt-get update && apt-get install -y chromium` "
            "(or set WENSHU_CHROMIUM to its path).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


ANSWER_TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class ChatPage:
    """The few things a person does on the page, with waits that match what they see."""

    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def open(self) -> ChatPage:
        self.page.goto(self.url)
        self.page.wait_for_selector("#starters")
        return self

    def login(self, username: str, password: str | None = None) -> ChatPage:
        """Log in on the login page (``password`` defaults to the test user's)."""
        self.page.goto(self.url + "/login")
        self.page.locator("#email").fill(username)
        self.page.locator("#password").fill(password or PASSWORDS[username])
        self.page.locator('button[type="submit"]').click()
        if password is None:
            self.page.wait_for_selector("#starters")
        return self

    @property
    def messages(self):
        return self.page.locator('[data-step-type="assistant_message"]')

    def _after(self, before: int, action, timeout_ms: int | None = None) -> object:
        action()
        self.wait_for_messages(before + 1, timeout_ms)
        return self.messages.nth(before)

    def wait_for_messages(self, count: int, timeout_ms: int | None = None) -> None:
        """Until the page shows at least ``count`` answers (assistant messages)."""
        self.page.wait_for_function(
            "n => document.querySelectorAll('[data-step-type=\"assistant_message\"]').length >= n",
            arg=count,
            timeout=timeout_ms or ANSWER_TIMEOUT_MS,
        )

    def send(self, question: str) -> None:
        """Type ``question`` and send it, without waiting for the answer."""
        self.page.locator("#chat-input").fill(question)
        self.page.locator("#chat-submit:enabled").click()

    def ask(self, question: str, timeout_ms: int | None = None):
        """Send ``question``; returns the answer's message once it is on the page."""
        return self._after(self.messages.count(), lambda: self.send(question), timeout_ms)

    def click(self, message, name: str | re.Pattern[str]):
        """Click the button called ``name`` under ``message``; returns the next message."""
        return self._after(
            self.messages.count(), lambda: message.get_by_role("button", name=name).click()
        )

    @staticmethod
    def table(message) -> list[list[str]]:
        """The answer's table (header first), once its rows have loaded."""
        message.locator(".wenshu-table tbody tr").first.wait_for()
        header = [c.strip() for c in message.locator(".wenshu-table thead th").all_inner_texts()]
        rows = [
            [c.strip() for c in row.locator("td").all_inner_texts()]
            for row in message.locator(".wenshu-table tbody tr").all()
        ]
        return [header, *rows]

    @staticmethod
    def chart_bars(message) -> int:
        message.locator(".js-plotly-plot .main-svg").first.wait_for()
        return message.locator(".js-plotly-plot g.point").count()

    def shot(self, directory: Path, name: str) -> None:
        self.page.screenshot(path=str(directory / f"{name}.png"))

    def outside_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def open_chat(browser) -> Iterator[Callable[..., ChatPage]]:
    """Opens the page of a server in a browser context of its own (its own cookies, as a
    different person would); every context is closed after the test."""
    contexts = []

    def open_page(
        url: str,
        locale: str = "zh-CN",
        width: int = 1280,
        height: int = 1800,
        color_scheme: str = "light",
        wait: bool = True,
    ) -> ChatPage:
        context = browser.new_context(
            locale=locale,
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            accept_downloads=True,
        )
        contexts.append(context)
        chat = ChatPage(context.new_page(), url)
        return chat.open() if wait else chat

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def chat(open_chat, chat_server, request) -> ChatPage:
    """The demo page in Chinese (``indirect`` parametrisation gives another locale)."""
    return open_chat(chat_server.url, locale=getattr(request, "param", "zh-CN"))
