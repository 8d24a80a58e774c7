"""The HTML shell Chainlit serves, made to work with no internet and to show a demo banner.

Chainlit's ``index.html`` links Google Fonts and a KaTeX stylesheet on a CDN. Neither is
needed (LaTeX is off, the system font is fine) and a bank's network usually blocks
both, so every ``<link>``/``<script>`` that points outside this server is removed.
Chainlit builds the page in ``chainlit.server.get_html_template``; we wrap that
function (there is no setting for it). ``tests/chat`` asserts that the page requests
nothing outside localhost, so a Chainlit upgrade that moves this hook fails loudly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

# <link ... href="https://..."> and <script ... src="//..."></script>, across lines
_EXTERNAL_TAG = re.compile(
    r"""<link\b[^>]*\bhref=["'](?:https?:)?//[^"']*["'][^>]*>"""
    r"""|<script\b[^>]*\bsrc=["'](?:https?:)?//[^"']*["'][^>]*>\s*</script>""",
    re.IGNORECASE | re.DOTALL,
)

BANNER_STYLE = (
    "position:fixed;top:0;left:50%;transform:translateX(-50%);z-index:1000;"
    "padding:2px 12px;border-radius:0 0 6px 6px;font:12px/18px system-ui,sans-serif;"
    "background:#fff4ce;color:#6b4e00;border:1px solid #e6c35c;border-top:none;pointer-events:none"
)


def strip_external(page: str) -> str:
    """``page`` without tags that load anything from another host."""
    return _EXTERNAL_TAG.sub("", page)


def add_banner(page: str, text: str) -> str:
    banner = (
        f'<div id="wenshu-banner" role="status" style="{BANNER_STYLE}">{html.escape(text)}</div>'
    )
    return page.replace("<body>", "<body>\n    " + banner, 1)


def local_page(template: Callable[[str], str], banner: str | None) -> Callable[[str], str]:
    """Wrap Chainlit's template function: external tags out, banner (if any) in."""

    def build(root_path: str) -> str:
        page = strip_external(template(root_path))
        return add_banner(page, banner) if banner else page

    build.__wrapped__ = template  # type: ignore[attr-defined]
    return build


def install(banner: str | None) -> None:
    """Serve the local-only page from the running Chainlit server (call once, at import)."""
    import chainlit.server as server

    original = getattr(server.get_html_template, "__wrapped__", server.get_html_template)
    server.get_html_template = local_page(original, banner)
