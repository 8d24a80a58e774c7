"""Start the chat page: build the demo mart if needed, then run Chainlit on ``app.py``.

Options reach the Chainlit process as environment variables (see ``runtime.py``).

Each run gets an app root of its own (``CHAINLIT_APP_ROOT``), a temporary directory
holding a copy of the page's settings (``.chainlit/config.toml``, ``chainlit*.md``,
``public/``) and Chainlit's translations with wenshu's words in place (the login form,
the footer naming what reads the questions). Chainlit keeps every chart, table and CSV it sends in ``.files/`` under
its app root and deletes that directory when it stops, so two runs from one checkout
must not share it. The process is the child of ``wenshu chat``: SIGTERM and SIGINT
are passed on to it and waited for, so stopping ``wenshu chat`` stops the server.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from assistant.chat.runtime import ChatSettings
from assistant.chat.texts import chainlit_texts

APP = Path(__file__).with_name("app.py")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
AUTH_SECRET = "CHAINLIT_AUTH_SECRET"
APP_ROOT = "CHAINLIT_APP_ROOT"
STATE_DIR = "WENSHU_STATE_DIR"
AUDIT_LOG = "WENSHU_AUDIT_LOG"
# what a run's app root is made of, copied from the checkout (globs, relative to it)
PAGE_FILES = (".chainlit/config.toml", "chainlit*.md", "public")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
STOP_TIMEOUT_S = 15.0


PAGE = Path(__file__).with_name("page")  # links to the checkout's files; copies in a wheel


def app_root() -> Path:
    """Where the page's settings come from: the package's ``page/`` (in a checkout, links
    to the top-level .chainlit/, chainlit.md and public/; in an installed wheel, copies),
    else the checkout, else the working directory."""
    for root in (PAGE, PROJECT_ROOT):
        if (root / ".chainlit" / "config.toml").is_file():
            return root
    return Path.cwd()


def make_instance_root(
    source: Path, texts: Mapping[str, tuple[str, str]] | None = None, prefix: str = "wenshu-chat-"
) -> Path:
    """A new temporary directory with a copy of ``source``'s page files and Chainlit's
    translations with ``texts`` (key → zh, en) in place: one run's app root."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    for pattern in PAGE_FILES:
        for found in source.glob(pattern):
            target = root / found.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if found.is_dir():
                shutil.copytree(found, target)
            else:
                shutil.copy2(found, target)
    write_translations(root / ".chainlit" / "translations", texts or {})
    return root


def chainlit_translations() -> Path:
    """Chainlit's shipped translation files (found without importing ``chainlit.config``,
    which creates a ``.files/`` directory where it is imported)."""
    spec = importlib.util.find_spec("chainlit")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "translations"


def write_translations(target: Path, texts: Mapping[str, tuple[str, str]]) -> None:
    """Chainlit's translations with ``texts`` replacing theirs: Chinese in ``zh-*``
    files, English in all others. (Chainlit copies its own only where none exist.)"""
    target.mkdir(parents=True, exist_ok=True)
    for shipped in sorted(chainlit_translations().glob("*.json")):
        words = json.loads(shipped.read_text(encoding="utf-8"))
        chinese = shipped.stem.lower().startswith("zh")
        for key, (zh, en) in texts.items():
            *path, last = key.split(".")
            node = words
            for part in path:
                node = node.setdefault(part, {})
            node[last] = zh if chinese else en
        (target / shipped.name).write_text(json.dumps(words, ensure_ascii=False, indent=2), encoding="utf-8")


def configured_model(env: Mapping[str, str]) -> str | None:
    """The LLM that reads questions, if one is configured (else the offline parser)."""
    from assistant.llm.settings import llm_settings_from_env

    settings = llm_settings_from_env(env)
    return settings.model if settings else None


def chainlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "chainlit",
        "run",
        str(APP),
        "--headless",
        "--host",
        host,
        "--port",
        str(port),
    ]


def chainlit_env(settings: ChatSettings, base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``base`` plus the settings; with users, an auth secret for this run if none is set."""
    env = {**base, **settings.to_env()}
    # saved answers, feedback and the audit log go where `wenshu` was started, like CLI sessions
    env.setdefault(STATE_DIR, str(Path(".wenshu").resolve()))
    env.setdefault(AUDIT_LOG, str(Path(env[STATE_DIR]) / "audit.jsonl"))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), base.get("PYTHONPATH", "")) if p
    )
    if settings.users is not None and not env.get(AUTH_SECRET):
        env[AUTH_SECRET] = secrets.token_urlsafe(48)  # Chainlit signs login tokens with it
    return env


@dataclass
class ChatProcess:
    """A running Chainlit server and the app root it owns."""

    process: subprocess.Popen[bytes]
    root: Path

    def send(self, signum: int) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signum)

    def wait(self, timeout: float | None = None) -> int:
        return self.process.wait(timeout)

    def until_serving(self, url: str, timeout: float) -> str | None:
        return until_serving(self.process, url, timeout)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> int:
        """Ask the server to stop (``signum``), kill it if it has not within ``timeout``
        seconds, then remove its app root. Returns its exit code."""
        self.send(signum)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
        return code


def until_serving(process: subprocess.Popen[bytes], url: str, timeout: float) -> str | None:
    """Wait until ``url`` answers 200; None then, else why not (the server exited, or did
    not answer within ``timeout`` seconds)."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the chat server exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return None
        except OSError:
            time.sleep(0.3)
    return f"the chat server did not answer on {url} within {timeout:.0f} s"


def start(
    settings: ChatSettings,
    host: str,
    port: int,
    *,
    base_env: Mapping[str, str] = os.environ,
    output: IO[bytes] | None = None,
) -> ChatProcess:
    """Start Chainlit on ``app.py`` with an app root of its own.

    The server runs in a session of its own, so a Ctrl-C in the terminal reaches it once,
    through ``wenshu chat``, and not twice (a second SIGINT makes uvicorn skip its
    clean shutdown)."""
    env = chainlit_env(settings, base_env)
    root = make_instance_root(app_root(), chainlit_texts(configured_model(env)))
    env[APP_ROOT] = str(root)
    try:
        process = subprocess.Popen(
            chainlit_command(host, port),
            cwd=app_root(),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            start_new_session=True,
        )
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return ChatProcess(process, root)


@contextmanager
def stop_signals_forwarded(server: ChatProcess) -> Iterator[list[int]]:
    """While inside, SIGTERM and SIGINT to this process go to ``server``; yields the
    signals received."""
    received: list[int] = []

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        server.send(signal.SIGTERM)

    previous = {s: signal.signal(s, forward) for s in STOP_SIGNALS}
    try:
        yield received
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def serve(
    db: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    model: Path | None = None,
    users: Path | None = None,
    warm: bool = True,
) -> int:
    """Run the chat page until it stops or this process gets SIGTERM/SIGINT; returns 0
    after a requested stop, else Chainlit's exit code. ``warm``: every goal's target
    segments are worked out in the background once the page starts."""
    from assistant.chat.auth import load_users
    from assistant.cli.demo import ensure_demo_mart

    ensure_demo_mart(db)
    if users is not None:
        load_users(users)  # a bad users file fails here, with a clear message
    settings = ChatSettings(db, model, users, warm=warm)
    mode = "login required 需要登录" if users else "demo mode, no login 演示模式,无需登录"
    print(f"问数 wenshu chat → http://{host}:{port}  ({mode})", flush=True)
    server = start(settings, host, port)
    received: list[int] = []
    try:
        with stop_signals_forwarded(server) as received:
            server.wait()
    finally:
        code = server.stop()
    return 0 if received else code
