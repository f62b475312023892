"""Anonymous viewers: a random id and the display name they chose, signed by the server.

The token travels in a request header (not a cookie), so it also works inside an embedded
player on a seller's own site and cannot be replayed by a cross-site form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass

from crosslive.errors import InvalidInput, NotAuthenticated

VIEWER_HEADER = "X-Viewer-Token"
MAX_NAME = 40


@dataclass(frozen=True)
class Viewer:
    id: str
    name: str


def clean_name(name: str) -> str:
    """Trim, drop control characters, refuse empty or long names."""
    text = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise InvalidInput("choose a display name")
    if len(text) > MAX_NAME:
        raise InvalidInput(f"a display name has at most {MAX_NAME} characters")
    return text


def _sign(key: str, body: str) -> str:
    return hmac.new(key.encode(), b"viewer:" + body.encode(), hashlib.sha256).hexdigest()[:32]


def issue(key: str, name: str, viewer_id: str | None = None) -> tuple[Viewer, str]:
    viewer = Viewer(id=viewer_id or secrets.token_urlsafe(12), name=clean_name(name))
    raw = json.dumps({"i": viewer.id, "n": viewer.name}, separators=(",", ":"))
    body = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return viewer, f"{body}.{_sign(key, body)}"


def read(key: str, token: str | None) -> Viewer:
    if not token or "." not in token:
        raise NotAuthenticated("choose a display name to chat")
    body, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(_sign(key, body), signature):
        raise NotAuthenticated("the viewer token is not valid; choose a display name again")
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return Viewer(id=str(data["i"]), name=str(data["n"]))
    except (ValueError, KeyError, TypeError):
        raise NotAuthenticated("the viewer token is not valid") from None
