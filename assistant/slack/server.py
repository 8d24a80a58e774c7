"""Serving the Bolt app: over HTTP (the Events API at ``/slack/events``), or over
Socket Mode (an outbound WebSocket; no public URL needed).

The HTTP server is the standard library's threading server: Bolt's ``dispatch`` is
synchronous and returns as soon as a listener acknowledges, and each request gets its
own thread. Put it behind the bank's TLS-terminating reverse proxy (docs/slack.md).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from assistant.answer import Assistant
from assistant.slack.app import build_app
from assistant.slack.bot import SlackBot
from assistant.slack.settings import ENV_API_URL, SlackConfigError, SlackSettings

log = logging.getLogger("wenshu.slack")
EVENTS_PATH = "/slack/events"
MAX_BODY = 16 * 1024 * 1024  # far above anything Slack sends; a bigger body is not read


def events_handler(app: App) -> type[BaseHTTPRequestHandler]:
    """A request handler that hands ``POST /slack/events`` to ``app.dispatch``."""

    class SlackEvents(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if url.path != EVENTS_PATH:
                self._send(BoltResponse(status=404, body="not found"), drain=length)
                return
            if length > MAX_BODY:
                self._send(BoltResponse(status=413, body="too large"), drain=0)
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            headers: dict[str, str | Sequence[str]] = {name.lower(): value for name, value in self.headers.items()}
            self._send(app.dispatch(BoltRequest(body=body, query=url.query, headers=headers)), drain=0)

        def do_GET(self) -> None:  # noqa: N802
            self._send(BoltResponse(status=405, body="POST only"), drain=0)

        def _send(self, resp: BoltResponse, drain: int) -> None:
            if drain:
                self.rfile.read(min(drain, MAX_BODY))
            data = resp.body.encode("utf-8")
            self.send_response(resp.status)
            for name, values in resp.headers.items():
                if name.lower() != "content-length":
                    for value in values:
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            if resp.status == 413:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
            log.debug("%s %s", self.address_string(), format % args)

    return SlackEvents


def http_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    """A bound server (port 0 picks a free one); call ``serve_forever`` to run it."""
    server = ThreadingHTTPServer((host, port), events_handler(app))
    server.daemon_threads = True
    return server


def socket_handler(app: App, settings: SlackSettings) -> SocketModeHandler:
    """Socket Mode over the app-level token; ``start()`` connects and blocks."""
    if settings.app_token is None:
        raise ValueError("Socket Mode needs SLACK_APP_TOKEN")  # SlackSettings.from_env(socket=True) ensures it
    return SocketModeHandler(app, settings.app_token)


def connect(bot: SlackBot, settings: SlackSettings) -> App:
    """The app, with Slack's refusal of the token (or no route to Slack) said plainly."""
    try:
        return build_app(bot, settings)
    except BoltError as err:
        raise SlackConfigError(zh=f"Slack 拒绝了 SLACK_BOT_TOKEN:{err}。请检查令牌。",
                               en=f"Slack refused SLACK_BOT_TOKEN: {err}. Check the token.") from None
    except OSError as err:
        raise SlackConfigError(zh=f"连接不上 Slack({settings.api_url}):{err}。请检查网络或 {ENV_API_URL}。",
                               en=f"Cannot reach Slack at {settings.api_url}: {err}. Check the network or {ENV_API_URL}.") from None


def run(settings: SlackSettings, *, db: Path, model: Path | None, roles: Path | None,
        host: str, port: int, socket: bool) -> None:
    """Open the database, connect to Slack and answer until interrupted."""
    from assistant.cli.demo import ensure_demo_mart

    ensure_demo_mart(db)
    bot = SlackBot(Assistant.open(db, model, roles=roles))
    app = connect(bot, settings)
    bot.warm()
    if socket:
        handler = socket_handler(app, settings)
        print("问数 wenshu slack → Socket Mode", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            handler.start()
        handler.close()
        return
    server = http_server(app, host, port)
    print(f"问数 wenshu slack → http://{host}:{server.server_address[1]}{EVENTS_PATH}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()
