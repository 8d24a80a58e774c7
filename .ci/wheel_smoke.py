"""Build the wheel, install it into a fresh virtual environment and use it from outside the
checkout: generate a small mart, ask a Chinese and an English question (numbers checked
against hand-written SQL), ask through the LLM path against a local fake OpenAI-compatible
server, check a model, start the chat page and stop it.

    python .ci/wheel_smoke.py [--keep]

Everything goes in one temporary directory (deleted at the end unless --keep): the copy
of the sources the wheel is built from, the wheel, the virtual environment, the mart and
every cache the program writes (TMPDIR, XDG_CACHE_HOME, MPLCONFIGDIR point there).

The environment is created with ``--system-site-packages`` so that the dependencies come
from the CI's interpreter instead of a ~1 GB download on every run; ``pip check`` then
checks that the wheel's declared dependencies are met, and the first step checks that
``assistant``, ``semantic_layer``, ``prompts`` and ``demo_mart`` are imported from the
environment, not from this checkout (an editable install of it may be on the system path).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "guard"))
from hostile import FakeOpenAI  # noqa: E402  (the tests' fake OpenAI-compatible server)

CUSTOMERS, MONTHS = "1000", "6"  # small: the mart is built in seconds
ZH = "满意度4分及以上的问卷有多少份"
ZH_SQL = "SELECT count(*) FROM survey_responses WHERE satisfaction >= 4"
EN = "total loan balance last month"  # the data ends 2025-12-31 (the generator's default)
EN_SQL = "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-11-01'"
LLM_QUESTION = "how many survey responses are there"
LLM_REPLY = json.dumps({"status": "query", "query": {"metrics": ["survey_responses"]}, "message": "", "options": []})
LLM_SQL = "SELECT count(*) FROM survey_responses"
PAGE_TITLE = "<title>问数 wenshu</title>"  # from .chainlit/config.toml: the page kept its settings
PUBLIC_LINK = re.compile(r"""(?:href|src)=["'](/public/[^"'?#]+)""")  # the page's own stylesheet, icons
CHAT_START_S, CHAT_STOP_S = 180.0, 30.0


class SmokeFailure(Exception):
    """One step failed; the message says what was expected and what happened."""


class Smoke:
    def __init__(self, base: Path):
        self.base = base
        self.work = base / "work"  # the user's directory: outside the checkout
        self.venv = base / "venv"
        self.bin = self.venv / "bin"
        self.wenshu = str(self.bin / "wenshu")  # the wheel's console script, not whatever is on PATH
        self.mart = self.work / "mart.duckdb"
        for d in (self.work, base / "tmp", base / "cache"):
            d.mkdir(parents=True, exist_ok=True)
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "WENSHU_"))}
        self.env = {
            **keep,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "TMPDIR": str(base / "tmp"),  # jieba's dictionary cache, Chainlit's app roots
            "XDG_CACHE_HOME": str(base / "cache"),
            "MPLCONFIGDIR": str(base / "cache" / "matplotlib"),
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONIOENCODING": "utf-8",
        }
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
            self.env.pop(name, None)

    def run(self, args: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a command; a non-zero exit (with ``check``) is a failure that shows its output."""
        try:
            done = subprocess.run(list(args), cwd=cwd or self.work, env=env or self.env, capture_output=True,
                                  text=True, encoding="utf-8", errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"{' '.join(args)}\n  did not finish within {timeout:.0f} s") from None
        if check and done.returncode != 0:
            raise SmokeFailure(f"{' '.join(args)}\n  exited with {done.returncode}\n"
                               f"--- stdout (end) ---\n{done.stdout[-3000:]}\n--- stderr (end) ---\n{done.stderr[-3000:]}")
        return done

    # -- steps -------------------------------------------------------------------------------
    def build_wheel(self) -> None:
        """Build from a copy of the checkout's files (tracked and not ignored), so that no
        build/ or stale build output in the checkout ends up in the wheel."""
        src = self.base / "src"
        found = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                               cwd=ROOT, capture_output=True)
        if found.returncode != 0:
            raise SmokeFailure(f"git ls-files in {ROOT} failed (the smoke test builds from a git checkout):\n"
                               f"{found.stderr.decode(errors='replace')}")
        listed = found.stdout.decode().split("\0")
        for name in filter(None, listed):
            origin, copy = ROOT / name, src / name
            if origin.is_symlink():  # kept a link: a relative one points into the copy
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.symlink_to(os.readlink(origin))
            elif origin.is_file():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, copy)
        self.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--quiet",
                  "--wheel-dir", str(self.base / "dist"), str(src)], env={**self.env, "PATH": os.environ["PATH"]})

    def install(self) -> None:
        self.run([sys.executable, "-m", "venv", "--system-site-packages", str(self.venv)])
        wheel = next((self.base / "dist").glob("wenshu-*.whl"))
        self.run([str(self.bin / "python"), "-m", "pip", "install", "--no-cache-dir", "--quiet",
                  "--no-deps", "--ignore-installed", str(wheel)])
        # the system's own packages are not ours to judge: only wenshu's requirements count
        broken = self.run([str(self.bin / "python"), "-m", "pip", "check"], check=False).stdout
        ours = [line for line in broken.splitlines() if line.lower().startswith("wenshu ")]
        if ours:
            raise SmokeFailure("the wheel's dependencies are not met:\n" + "\n".join(ours))
        where = self.run([str(self.bin / "python"), "-c",
                          "import assistant, semantic_layer, prompts, demo_mart; "
                          "print(assistant.__file__); print(semantic_layer.__file__); print(*prompts.__path__); "
                          "print(demo_mart.__file__)"])
        site = self.venv.resolve()
        outside = [p for p in where.stdout.split() if not Path(p).resolve().is_relative_to(site)]
        if outside:
            raise SmokeFailure(f"imported from outside the virtual environment (missing from the wheel?): {outside}")

    def generate(self) -> None:
        self.run([self.wenshu, "data", "generate", "--out", str(self.mart), "--customers", CUSTOMERS, "--months", MONTHS])

    def model_check(self) -> None:
        out = self.run([self.wenshu, "model", "check"]).stdout
        if "OK" not in out:
            raise SmokeFailure(f"wenshu model check (the packaged bank model) did not say OK:\n{out}")

    def ask_zh(self) -> None:
        self._ask_checked(ZH, ZH_SQL, self.env, "rules")

    def ask_en(self) -> None:
        self._ask_checked(EN, EN_SQL, self.env, "rules")

    def ask_llm(self) -> None:
        fake = FakeOpenAI([LLM_REPLY])
        threading.Thread(target=fake.serve_forever, daemon=True).start()
        try:
            env = {**self.env, "WENSHU_LLM_MODEL": "fake", "WENSHU_LLM_BASE_URL": fake.url, "WENSHU_LLM_TIMEOUT": "60"}
            self._ask_checked(LLM_QUESTION, LLM_SQL, env, "llm")
            if fake.calls < 1:
                raise SmokeFailure("the fake OpenAI server was never called")
        finally:
            fake.shutdown()
            fake.server_close()

    def chat(self) -> None:
        with (self.base / "chat.log").open("w+b") as log:
            try:
                self._serve_and_stop(log)
            except SmokeFailure as err:
                raise SmokeFailure(f"{err}\n--- wenshu chat output (end) ---\n{_tail(log)}") from None

    def _serve_and_stop(self, log: IO[bytes]) -> None:
        port = _free_port()
        server = subprocess.Popen([self.wenshu, "chat", "--db", str(self.mart), "--port", str(port)],
                                  cwd=self.work, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            page = _wait_for_page(f"http://127.0.0.1:{port}/", server, CHAT_START_S)
            if PAGE_TITLE not in page:
                title = page.split("<title>")[1].split("</title>")[0] if "<title>" in page else "(none)"
                raise SmokeFailure(f"the chat page answered but without its settings (.chainlit/config.toml): "
                                   f"title {title!r}, expected {PAGE_TITLE!r}")
            missing = [url for url in sorted(set(PUBLIC_LINK.findall(page)))
                       if _status(f"http://127.0.0.1:{port}{url}") != 200]
            if missing:
                raise SmokeFailure(f"the chat page links files it does not serve (public/ not shipped?): {missing}")
        finally:
            code = _stop(server)
        if code is None:
            raise SmokeFailure(f"wenshu chat did not stop within {CHAT_STOP_S:.0f} s of SIGTERM")
        if code != 0:
            raise SmokeFailure(f"wenshu chat exited with {code} after SIGTERM")

    # -- helpers -----------------------------------------------------------------------------
    def _ask_checked(self, question: str, sql: str, env: dict[str, str], parser: str) -> None:
        out = self.run([self.wenshu, "ask", question, "--db", str(self.mart), "--json"], env=env).stdout
        answer = json.loads(out)
        if answer["status"] != "answered":
            raise SmokeFailure(f"{question!r}: status {answer['status']!r}: {answer['message']}")
        if answer["parser"] != parser:
            raise SmokeFailure(f"{question!r}: understood by {answer['parser']!r}, expected {parser!r} "
                               f"(notes: {answer['notes']})")
        got, expected = answer["rows"][0][-1], _scalar(self.mart, sql)
        if abs(float(got) - float(expected)) > 1e-6 * max(1.0, abs(float(expected))):
            raise SmokeFailure(f"{question!r}: answered {got}, the hand-written SQL gives {expected}\n  {sql}")


def _scalar(db: Path, sql: str) -> Any:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def _stop(server: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM, then its exit code; None if it had to be killed."""
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(CHAT_STOP_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return None


def _status(url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_page(url: str, server: subprocess.Popen[bytes], within: float) -> str:
    deadline = time.monotonic() + within
    last = "no answer"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SmokeFailure(f"wenshu chat exited with {server.returncode} before serving {url}")
        try:
            with opener.open(url, timeout=5) as response:
                if response.status == 200:
                    return str(response.read().decode("utf-8", errors="replace"))
                last = f"HTTP {response.status}"
        except OSError as err:
            last = str(err)
        time.sleep(0.5)
    raise SmokeFailure(f"{url} gave no HTTP 200 within {within:.0f} s (last: {last})")


def _tail(log: IO[bytes], size: int = 3000) -> str:
    log.flush()
    log.seek(0)
    return str(log.read()[-size:].decode("utf-8", errors="replace"))


STEPS: tuple[tuple[str, Callable[[Smoke], None]], ...] = (
    ("build the wheel", Smoke.build_wheel),
    ("install it into a fresh virtual environment", Smoke.install),
    ("wenshu data generate (small mart)", Smoke.generate),
    ("wenshu model check (packaged model)", Smoke.model_check),
    (f"wenshu ask {ZH!r}", Smoke.ask_zh),
    (f"wenshu ask {EN!r}", Smoke.ask_en),
    ("wenshu ask through the LLM path (local fake server)", Smoke.ask_llm),
    ("wenshu chat: HTTP 200 with the page's settings and files, then SIGTERM", Smoke.chat),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    keep = parser.parse_args().keep
    base = Path(tempfile.mkdtemp(prefix="wenshu-wheel-smoke-"))
    smoke = Smoke(base)
    started = time.monotonic()
    try:
        for title, step in STEPS:
            t = time.monotonic()
            try:
                step(smoke)
            except SmokeFailure as err:
                print(f"wheel smoke test FAILED at: {title}\n{err}", file=sys.stderr, flush=True)
                return 1
            print(f"wheel smoke: ok  {time.monotonic() - t:6.1f} s  {title}", flush=True)
    finally:
        if keep:
            print(f"wheel smoke: kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"wheel smoke test passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
