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



def strip_external(page: str) -> str:
    """``page`` without tags that load anything from another host."""
    return _EXTERNAL_TAG.sub("", page)


def add_banner(page: str, text: str, short: str | None = None) -> str:
    """``text`` in a banner at the top of the page; ``short`` instead on a phone's
    narrow header (public/wenshu.css styles both; the full text stays its tooltip)."""
    full, brief = html.escape(text), html.escape(short or text)
    banner = (
        f'<div id="wenshu-banner" role="status" title="{full}">'
        f'<span class="wenshu-banner-full">{full}</span>'
        f'<span class="wenshu-banner-short">{brief}</span></div>'
    )
    return page.replace("<body>", "<body>\n    " + banner, 1)


Banner = tuple[str, str]  # (full text, short text for a phone)


def local_page(template: Callable[[str], str], banner: Banner | None) -> Callable[[str], str]:
    """Wrap Chainlit's template function: external tags out, banner (if any) in."""

    def build(root_path: str) -> str:
        page = strip_external(template(root_path))
        return add_banner(page, *banner) if banner else page

    build.__wrapped__ = template  # type: ignore[attr-defined]
    return build


def install(banner: Banner | None) -> None:
    """Serve the local-only page from the running Chainlit server (call once, at import)."""
    import chainlit.server as server

    original = getattr(server.get_html_template, "__wrapped__", server.get_html_template)
    server.get_html_template = local_page(original, banner)
