"""Reading a Content-Security-Policy header in tests."""

from __future__ import annotations

import re

import httpx

# An inline script: a <script> element without a src attribute, and its exact text.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.S)


def directives(response: httpx.Response) -> dict[str, str]:
    """The policy's directives by name ("" for one without sources, such as sandbox)."""
    parts = (
        part.strip().partition(" ")
        for part in response.headers["content-security-policy"].split(";")
    )
    return {name: sources for name, _, sources in parts}
