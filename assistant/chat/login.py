"""A wrong password, said once and in both languages.

Chainlit answers a failed sign-in with HTTP 401 ``{"detail": "credentialssignin"}``.
Its page then shows that twice: as a toast of the raw error ("Unauthorized:
credentialssignin"), and under the form as a translation key it does not have (the key
is spelt ``credentialsSignin``), so the generic "无法登录". Its login page treats a
``200 {"success": false}`` as a refusal too, with no toast; so that is what a refused
sign-in becomes here, and the form shows ``auth.login.errors.default``, which
``texts.CHAINLIT_TEXTS`` makes the bilingual "wrong username or password".
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REFUSED = json.dumps({"success": False}).encode()


class QuietRefusedLogin:
    """ASGI middleware: a 401 from ``POST {root}/login`` becomes ``200 {"success": false}``."""

    def __init__(self, app: ASGIApp, root_path: str = ""):
        self.app = app
        self.path = f"{root_path}/login"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        refused = False

        async def reply(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 401:
                refused = True
                headers = [(b"content-type", b"application/json"),
                           (b"content-length", str(len(REFUSED)).encode())]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": REFUSED})
            elif not refused:  # the 401's own body is dropped
                await send(message)

        await self.app(scope, receive, reply)


def install() -> None:
    """Add the middleware to Chainlit's app (at import of ``app.py``, before it serves)."""
    from chainlit.config import config
    from chainlit.server import app

    app.add_middleware(QuietRefusedLogin, root_path=config.run.root_path)
