"""What the Slack tests share: the fake workspace (channels, users and roles), the
bot's environment, and waiting for the ``wenshu slack`` subprocess to serve."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fake_slack_api import FakeSlack
from slack_requests import SECRET

PROJECT = Path(__file__).resolve().parents[2]
END = date(2025, 12, 31)
START_TIMEOUT_S = 60
ROLES = """\
roles:
  - name: analyst
    may_export: true
  - name: viewer
    may_export: false
users:
  - {username: alice, role: analyst, slack_id: U_ALICE}
  - {username: bob, role: viewer, slack_id: U_BOB}
"""
CHANNELS: dict[str, dict[str, Any]] = {
    "C_PUBLIC": {"name": "general", "is_channel": True, "is_private": False},
    "C_SHARED": {"name": "partners", "is_channel": True, "is_shared": True, "is_ext_shared": True},
    "G_PRIVATE": {"name": "risk", "is_channel": True, "is_private": True},
    "C_OUTSIDE": {"name": "random", "is_channel": True, "is_member": False},
    "C_NO_INFO": {"name": "unknown", "is_channel": True, "unreadable": True},
    "D_ALICE": {"is_im": True, "user": "U_ALICE"},
    "D_BOB": {"is_im": True, "user": "U_BOB"},
    "D_EVE": {"is_im": True, "user": "U_EVE"},
}


@dataclass(frozen=True)
class Bot:
    url: str
    audit_log: Path
    log: Path
    store_url: str  # the team store the bot saves into (SQLite in a temporary directory)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"wenshu slack exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
        except urllib.error.HTTPError:  # 405 for GET: it is serving
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"wenshu slack did not serve {url} within {START_TIMEOUT_S}s:\n{log.read_text(errors='replace')[-3000:]}")


def slack_env(fake: FakeSlack, audit_log: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WENSHU_"))}
    return {**env, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
            "WENSHU_SLACK_API_URL": f"{fake.url}/api", "WENSHU_AUDIT_LOG": str(audit_log), "PYTHONPATH": str(PROJECT)}
