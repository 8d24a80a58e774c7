"""The Slack bot's configuration, read from the environment.

Tokens never go on the command line (they would show in ``ps`` and shell history).
``WENSHU_SLACK_API_URL`` points the Web API client somewhere other than Slack: an
air-gapped bank's relay, or the tests' local fake server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from semantic_layer.errors import WenshuError

SLACK_API_URL = "https://slack.com/api/"
ENV_BOT_TOKEN, ENV_SIGNING_SECRET, ENV_APP_TOKEN = "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"
ENV_API_URL = "WENSHU_SLACK_API_URL"


class SlackConfigError(WenshuError):
    """A token or secret the chosen mode needs is missing."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = SLACK_API_URL

    @classmethod
    def from_env(cls, *, socket: bool, env: Mapping[str, str] = os.environ) -> SlackSettings:
        """The settings for HTTP mode (bot token + signing secret) or Socket Mode (bot
        token + app-level token); every missing variable is named at once."""
        needed = (ENV_BOT_TOKEN, ENV_APP_TOKEN if socket else ENV_SIGNING_SECRET)
        missing = [name for name in needed if not env.get(name)]
        if missing:
            names = ", ".join(missing)
            raise SlackConfigError(
                zh=f"缺少环境变量:{names}。请在 Slack 应用设置里找到它们并导出(见 docs/slack.md)。",
                en=f"Missing environment variable(s): {names}. Copy them from the Slack app's settings and export them (see docs/slack.md).",
            )
        api_url = env.get(ENV_API_URL) or SLACK_API_URL
        return cls(
            bot_token=env[ENV_BOT_TOKEN],
            signing_secret=env.get(ENV_SIGNING_SECRET) or None,
            app_token=env.get(ENV_APP_TOKEN) or None,
            api_url=api_url if api_url.endswith("/") else api_url + "/",  # the SDK joins method names onto it
        )
