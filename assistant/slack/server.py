"""Serving the Bolt app: over HTTP (the Events API at ``/slack/events``), or over
Socket Mode (an outbound WebSocket; no public URL needed) — with the team store open
for Save and ``/wenshu saved``, and its schedules and alerts pushed while it serves.

The HTTP server is the standard library's threading server: Bolt's ``dispatch`` is
synchronous and returns as soon as a listener acknowledges, and each request gets its
own thread. Put it behind the bank's TLS-terminating reverse proxy (docs/slack.md).
Ctrl-C or SIGTERM (a service manager's stop) ends it cleanly: the scheduler finishes a
run in progress and the store is closed.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator, Sequence
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
from assistant.slack.pushes import scheduled_pushes
from assistant.slack.saved import save_hook
from assistant.slack.settings import ENV_API_URL, SlackConfigError, SlackSettings
from assistant.store.store import Store

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


def connect(bot: SlackBot, settings: SlackSettings, store: Store | None = None) -> App:
    """The app, with Slack's refusal of the token (or no route to Slack) said plainly."""
    try:
        return build_app(bot, settings, store)
    except BoltError as err:
        raise SlackConfigError(zh=f"Slack 拒绝了 SLACK_BOT_TOKEN:{err}。请检查令牌。",
                               en=f"Slack refused SLACK_BOT_TOKEN: {err}. Check the token.") from None
    except OSError as err:
        raise SlackConfigError(zh=f"连接不上 Slack({settings.api_url}):{err}。请检查网络或 {ENV_API_URL}。",
                               en=f"Cannot reach Slack at {settings.api_url}: {err}. Check the network or {ENV_API_URL}.") from None


@contextlib.contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM ends the block as Ctrl-C does, so that ``finally`` clauses run (Python's
    default would end the process on the spot, possibly between a schedule's claim and
    its delivery)."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(app: App, settings: SlackSettings, *, host: str, port: int, socket: bool) -> None:
    """Answer Slack until interrupted."""
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


def run(settings: SlackSettings, *, db: Path, model: Path | None, roles: Path | None, store_url: str | None,
        host: str, port: int, socket: bool) -> None:
    """Open the team store (``store_url``, else ``WENSHU_STATE_URL``, else SQLite under the
    state directory) and the database, connect to Slack, and answer — and push what is
    due — until interrupted."""
    from assistant.cli.demo import ensure_demo_mart

    with contextlib.closing(Store.open(store_url)) as store:  # a bad store URL fails before the mart is built
        ensure_demo_mart(db)
        assistant = Assistant.open(db, model, roles=roles)
        bot = SlackBot(assistant, save_answer_hook=save_hook(store, assistant))
        app = connect(bot, settings, store)
        bot.warm()
        print(f"团队存储 team store: {store.engine.url.render_as_string(hide_password=True)} "
              "· 定时推送与预警每分钟检查 schedules and alerts checked every minute", flush=True)
        with stopped_by_sigterm(), scheduled_pushes(bot, store, app.client):
            serve(app, settings, host=host, port=port, socket=socket)
    print("问数 wenshu slack 已停止 · stopped", flush=True)
