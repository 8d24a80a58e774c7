"""Start the chat page: build the demo mart if needed, then run Chainlit on ``app.py``.

Options reach the Chainlit process as environment variables (see ``runtime.py``).
Chainlit is run from the project root so that it finds ``.chainlit/config.toml`` and
``chainlit.md``.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from assistant.chat.runtime import ChatSettings

APP = Path(__file__).with_name("app.py")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
AUTH_SECRET = "CHAINLIT_AUTH_SECRET"
STATE_DIR = "WENSHU_STATE_DIR"


def app_root() -> Path:
    """Where Chainlit runs: the checkout (it holds .chainlit/ and chainlit.md), else here."""
    return PROJECT_ROOT if (PROJECT_ROOT / ".chainlit" / "config.toml").is_file() else Path.cwd()


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
    # saved answers and feedback go where `wenshu` was started, like CLI sessions do
    env.setdefault(STATE_DIR, str(Path(".wenshu").resolve()))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), base.get("PYTHONPATH", "")) if p
    )
    if settings.users is not None and not env.get(AUTH_SECRET):
        env[AUTH_SECRET] = secrets.token_urlsafe(48)  # Chainlit signs login tokens with it
    return env


def serve(
    db: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    model: Path | None = None,
    users: Path | None = None,
) -> int:
    """Run the chat page until interrupted; returns Chainlit's exit code."""
    from assistant.chat.auth import load_users
    from assistant.cli.demo import ensure_demo_mart

    ensure_demo_mart(db)
    if users is not None:
        load_users(users)  # a bad users file fails here, with a clear message
    settings = ChatSettings(db, model, users)
    mode = "login required 需要登录" if users else "demo mode, no login 演示模式,无需登录"
    print(f"问数 wenshu chat → http://{host}:{port}  ({mode})", flush=True)
    try:
        return subprocess.call(
            chainlit_command(host, port), cwd=app_root(), env=chainlit_env(settings)
        )
    except KeyboardInterrupt:
        return 0
