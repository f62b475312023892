"""The browser protections every response gets unless its route set its own: a
Content-Security-Policy (scripts from this site only, plus the few inline scripts the pages
carry, allowed by their hashes), `X-Content-Type-Options: nosniff`, and HSTS when the public
URL is https. Files people uploaded (product photos under /media, evidence files) get a
sandboxing policy instead, so even a file that a browser took for a page could run nothing
in this site's name."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosslive.live.embed import CSP
from crosslive.trust.evidence import FILE_POLICY

NOSNIFF = ("X-Content-Type-Options", "nosniff")
HSTS = ("Strict-Transport-Security", "max-age=31536000")
UPLOADED_FILES = ("/media/",)
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


def script_hash(text: str) -> str:
    """The CSP source that allows an inline <script> whose text is exactly TEXT."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class PagePolicy:
    """The Content-Security-Policy of the app's pages, made once at start-up from the texts
    of the inline scripts the templates carry (each must render byte for byte as given)."""

    def __init__(self, inline_scripts: Iterable[str], connect_to: Iterable[str] = ()) -> None:
        hashes = " ".join(sorted({script_hash(text) for text in inline_scripts}))
        self.script_src = f"'self' {hashes}".strip()
        # Other origins the pages' scripts call: the viewer APIs beside the media edges.
        self.connect_to = " ".join(sorted({_origin_of(url) for url in connect_to}))

    def header(self, scope: Scope, frame_ancestors: str = "'self'") -> str:
        """The policy for one response. Products may show photos from other hosts (a
        Shopify import keeps its CDN's https URLs); the video arrives over WebRTC, which
        CSP does not govern, and is attached by srcObject, which needs no media source. The
        checkout solves its proof of work in a Web Worker from this site."""
        return "; ".join(
            (
                "default-src 'self'",
                f"script-src {self.script_src}",
                "style-src 'self'",
                "img-src 'self' https:",
                "media-src 'self'",
                f"connect-src {_connect_src(scope)} {self.connect_to}".strip(),
                "worker-src 'self'",  # the checkout's proof of work (static/shop/proof.js)
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                f"frame-ancestors {frame_ancestors}",
            )
        )


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _connect_src(scope: Scope) -> str:
    """This site, for fetch, and its WebSocket address (the live room's socket), named
    outright for browsers whose 'self' does not cover ws: and wss:."""
    host = Headers(scope=scope).get("host", "")
    if not _HOST.match(host):
        return "'self'"
    scheme = "wss" if scope.get("scheme") == "https" else "ws"
    return f"'self' {scheme}://{host}"


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response that lacks them."""

    def __init__(self, app: ASGIApp, policy: PagePolicy, hsts: bool) -> None:
        self.app = app
        self.policy = policy
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if CSP not in headers:
                    uploaded = scope["path"].startswith(UPLOADED_FILES)
                    headers[CSP] = FILE_POLICY if uploaded else self.policy.header(scope)
                headers.setdefault(*NOSNIFF)
                if self.hsts:
                    headers.setdefault(*HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
