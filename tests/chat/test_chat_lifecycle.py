"""`wenshu chat` as a process: SIGTERM and SIGINT stop the Chainlit server it started
(port closed, no process left, its app root removed), and stopping one instance leaves
another one's charts, tables and CSV files alone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from serving import free_port, wait_until_serving

pytestmark = pytest.mark.browser

STOP_WITHIN_S = 30


@dataclass
class WenshuChat:
    process: subprocess.Popen[bytes]
    port: int
    log: Path


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _app_root(pid: int) -> Path:
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    (value,) = [v for v in environ if v.startswith(b"CHAINLIT_APP_ROOT=")]
    return Path(value.split(b"=", 1)[1].decode())


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def wenshu_chat(chat_mart: Path, tmp_path: Path) -> Iterator[WenshuChat]:
    """``wenshu chat`` from the command line, started in a directory of its own."""
    port = free_port()
    log = tmp_path / "wenshu-chat.log"
    command = [sys.executable, "-m", "assistant.cli", "chat", "--port", str(port)]
    env = {**os.environ, "WENSHU_STATE_DIR": str(tmp_path / "state")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--db", str(chat_mart)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process, log)
        yield WenshuChat(process, port, log)
    finally:
        for child in _children(process.pid):
            os.kill(child, signal.SIGKILL)
        process.kill()
        process.wait()


def _stop(chat: WenshuChat, signum: int) -> tuple[list[int], Path]:
    """Send ``signum`` to `wenshu chat`; returns the server processes it had and their app root."""
    (server,) = _children(chat.process.pid)
    root = _app_root(server)
    assert (root / ".files").is_dir()
    chat.process.send_signal(signum)
    assert chat.process.wait(STOP_WITHIN_S) == 0, chat.log.read_text(errors="replace")[-2000:]
    return [server], root


def _assert_gone(chat: WenshuChat, servers: list[int], root: Path) -> None:
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in servers), "the Chainlit server outlived wenshu chat"
    assert not _port_open(chat.port)
    assert not root.exists()


def test_sigint_stops_the_server(wenshu_chat):
    servers, root = _stop(wenshu_chat, signal.SIGINT)
    _assert_gone(wenshu_chat, servers, root)


def test_sigterm_stops_the_server_and_not_another_instance(chat, chat_server, wenshu_chat):
    answer = chat.ask("各区域的客户数")
    chat.table(answer)
    link = chat.click(answer, "导出 CSV").locator("a[download]")
    link.wait_for()
    href = urljoin(chat.url, link.get_attribute("href"))

    servers, root = _stop(wenshu_chat, signal.SIGTERM)
    _assert_gone(wenshu_chat, servers, root)

    assert root != chat_server.root and (chat_server.root / ".files").is_dir()
    csv = chat.page.request.get(href)
    assert csv.ok and "区域,客户数" in csv.body().decode("utf-8-sig")
    again = chat.ask("各区域的客户数")  # and the page still draws its table
    assert chat.table(again)[0] == ["区域", "客户数"]
