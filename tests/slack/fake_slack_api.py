"""A local fake of the Slack Web API: records every call the bot makes and answers
like Slack does, including the three steps of files upload v2 (the upload URL points
back at this server). No network: it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    reply: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass
class Upload:
    file_id: str
    filename: str
    content: bytes = b""
    title: str = ""
    channel: str | None = None
    thread_ts: str | None = None


class FakeSlack:
    """``channels``: conversations.info's channel object per id; one with ``is_member``
    false answers posts with ``not_in_channel``, one marked ``unreadable`` answers
    conversations.info with ``missing_scope`` — like Slack."""

    def __init__(self, channels: dict[str, dict[str, Any]]):
        self.channels = channels
        self.calls: list[Call] = []
        self.uploads: dict[str, Upload] = {}
        self._ts = itertools.count(1)
        self._changed = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------------ what was called

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def named(self, method: str, where: Callable[[Call], bool] | None = None, **match: Any) -> list[Call]:
        """The calls of ``method`` whose arguments have the values in ``match`` (and pass ``where``)."""
        with self._changed:
            return self._matching(method, where, match)

    def _matching(self, method: str, where: Callable[[Call], bool] | None, match: dict[str, Any]) -> list[Call]:
        return [c for c in self.calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())
                and (where is None or where(c))]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0, where: Callable[[Call], bool] | None = None,
                 **match: Any) -> list[Call]:
        """The matching calls once there are ``count`` of them; fails after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = self._matching(method, where, match)
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {count} × {method} {match} within {timeout}s; calls: "
                                         f"{[(c.method, c.args.get('channel'), c.args.get('thread_ts')) for c in self.calls]}")
                self._changed.wait(left)

    def uploads_in(self, channel: str, thread_ts: str) -> list[Upload]:
        return [u for u in self.uploads.values() if u.channel == channel and u.thread_ts == thread_ts]

    # ------------------------------------------------------------------ Slack's answers

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        reply = getattr(self, "api_" + method.replace(".", "_"), None)
        return reply(args) if reply else {"ok": True}

    def api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://bank.example/", "team": "bank", "user": "wenshu", "team_id": "T1",
                "user_id": BOT_USER, "bot_id": "B1"}

    def api_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels.get(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel.get("unreadable"):  # e.g. an app installed without groups:read
            return {"ok": False, "error": "missing_scope"}
        return {"ok": True, "channel": {"id": args["channel"], **channel}}

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels.get(args.get("channel", ""))
        if channel is None or not channel.get("is_member", True):
            return {"ok": False, "error": "not_in_channel"}
        ts = f"1700000000.{next(self._ts):06d}"
        return {"ok": True, "channel": args["channel"], "ts": ts, "message": {"ts": ts, "text": args.get("text")}}

    def api_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}

    def api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{len(self.uploads) + 1:04d}"
        self.uploads[file_id] = Upload(file_id, args.get("filename", ""))
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}

    def api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args["files"] if isinstance(args["files"], list) else json.loads(args["files"])
        for f in files:
            upload = self.uploads[f["id"]]
            upload.title, upload.channel, upload.thread_ts = f.get("title") or "", args.get("channel_id"), args.get("thread_ts")
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _args(self) -> dict[str, Any]:
            url = urlsplit(self.path)
            args: dict[str, Any] = dict(parse_qsl(url.query))
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "json" in (self.headers.get("Content-Type") or ""):
                args.update(json.loads(raw or b"{}"))
            elif raw:
                args.update(parse_qsl(raw.decode()))
            return args

        def do_GET(self) -> None:  # noqa: N802
            self.do_POST()

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            if path.startswith("/upload/"):
                file_id = path.rsplit("/", 1)[1]
                fake.uploads[file_id].content = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.record(Call("upload", {"file_id": file_id}))
                self._send(200, f"OK - {len(fake.uploads[file_id].content)}", "text/plain")
                return
            args = self._args()
            if path.startswith("/response/"):  # a slash command's response_url
                fake.record(Call("response_url", {**args, "path": path}))
                self._send(200, "ok", "text/plain")
                return
            method = path.removeprefix("/api/")
            reply = fake.answer(method, args)
            fake.record(Call(method, args, reply))
            self._send(200, json.dumps(reply), "application/json")

        def _send(self, status: int, body: str, kind: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler
