"""Fixtures for the chat page: a small mart, the real Chainlit server on a free port,
and headless Debian Chromium driven by Playwright (sync API).

Chromium is required, not optional: without it the browser tests fail with a message
saying how to install it (CI installs it in ``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHAT_CUSTOMERS = 2000
CHAT_SEED = 11
SERVER_START_TIMEOUT_S = 90
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


@dataclass(frozen=True)
class ChatServer:
    url: str
    db: Path
    state: Path
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the chat server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(
        f"the chat server did not answer on {url} within {SERVER_START_TIMEOUT_S}s:\n"
        f"{log.read_text(errors='replace')[-3000:]}"
    )


@pytest.fixture(scope="session")
def chat_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mart of its own: the expected numbers are read with a plain DuckDB connection,
    which may not share a process with the locked-down one of the session ``warehouse``."""
    from assistant.mart.generate import generate_mart

    path = tmp_path_factory.mktemp("chat_mart") / "bank.duckdb"
    generate_mart(path, customers=CHAT_CUSTOMERS, seed=CHAT_SEED)
    return path


@pytest.fixture(scope="session")
def chat_server(chat_mart: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """``chainlit run assistant/chat/app.py`` exactly as ``wenshu chat`` starts it."""
    from assistant.chat.runtime import ChatSettings
    from assistant.chat.server import app_root, chainlit_command, chainlit_env

    port = _free_port()
    state = tmp_path_factory.mktemp("chat_state")
    log = state / "server.log"
    env = chainlit_env(ChatSettings(chat_mart), base={**os.environ, "WENSHU_STATE_DIR": str(state)})
    with log.open("wb") as out:
        process = subprocess.Popen(
            chainlit_command("127.0.0.1", port),
            cwd=app_root(),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/", process, log)
        yield ChatServer(url, chat_mart, state, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


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
