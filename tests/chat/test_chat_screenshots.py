"""docs/screenshots.py: the script that regenerates the pictures in docs/chat.md really
drives the page (zh and en, desktop and phone) and writes PNGs of the sizes it promises."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _size(png: Path) -> tuple[int, int]:
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is no PNG"
    return struct.unpack(">II", header[16:24])


def test_the_screenshot_script_writes_each_language_and_device(chat_mart: Path, chromium_path: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "screenshots.py"), "--db", str(chat_mart), "--out", str(tmp_path),
                          "--chromium", chromium_path], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    sizes = {p.name: _size(p) for p in tmp_path.glob("*.png")}
    assert sizes == {"chat-zh-desktop.png": (1280, 900), "chat-zh-phone.png": (390, 844),
                     "chat-en-desktop.png": (1280, 900), "chat-en-phone.png": (390, 844)}


def test_the_script_says_what_is_missing(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "screenshots.py"), "--db", str(tmp_path / "none.duckdb")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "wenshu demo" in run.stderr and "找不到数据库文件" in run.stderr
