"""Starting the chat page for a test: a free port, the server as `wenshu chat` starts it,
and a wait until it answers (shared by conftest.py and the tests that start their own);
and running a coroutine beside the browser's event loop."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from assistant.chat.runtime import ChatSettings
from assistant.chat.server import until_serving

SERVER_START_TIMEOUT_S = 90
T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: the browser fixtures' Playwright keeps an
    event loop running on the test's thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class ChatServer:
    url: str
    db: Path
    state: Path
    log: Path
    port: int
    root: Path  # the run's own app root (Chainlit's .files/ is under it)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    problem = until_serving(process, url, SERVER_START_TIMEOUT_S)
    if problem is not None:
        pytest.fail(f"{problem}:\n{log.read_text(errors='replace')[-3000:]}")


@contextmanager
def running_server(settings: ChatSettings, state: Path, env: dict[str, str] | None = None) -> Iterator[ChatServer]:
    """The chat page exactly as ``wenshu chat`` starts it (``server.start``), on a free port,
    with ``state`` as its state directory (and ``env`` added to its environment); stopped
    (and its app root removed) on exit."""
    from assistant.chat.server import start

    port = free_port()
    log = state / "server.log"
    with log.open("wb") as out:
        server = start(
            settings,
            "127.0.0.1",
            port,
            base_env={**os.environ, "WENSHU_STATE_DIR": str(state), **(env or {})},
            output=out,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/", server.process, log)
        yield ChatServer(url, settings.db, state, log, port, server.root)
    finally:
        server.stop()
