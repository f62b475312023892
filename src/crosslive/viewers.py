"""Who a viewer is: one anonymous identity for chat, questions, the cart, size advice and the
video session, so a buyer's journey can be followed from the first frame to a return.

Viewers never log in. An identity is a random id and, once they choose one to chat, a
display name, signed by the server (`issue`). It travels in the X-Viewer-Token request
header, not a cookie: a SameSite cookie does not reach the live room embedded on a seller's
own site, and a header cannot be sent by another site's form. Pages hand a fresh token to
viewers who have none; routes that need an identity but got none (or one that no longer
verifies) issue a new one and return it in the same header, which the page keeps.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from crosslive.errors import InvalidInput, NotAuthenticated
from crosslive.state import state_of

VIEWER_HEADER = "X-Viewer-Token"
MAX_NAME = 40
_INVALID = NotAuthenticated("the viewer token is not valid; reload the page")


@dataclass(frozen=True)
class Viewer:
    id: str
    name: str = ""  # empty until the viewer chooses one to chat


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


def issue(key: str, name: str = "", viewer_id: str | None = None) -> tuple[Viewer, str]:
    """A signed token for VIEWER_ID (a new random id when None), with NAME when given."""
    viewer = Viewer(
        id=viewer_id or secrets.token_urlsafe(12), name=clean_name(name) if name else ""
    )
    raw = json.dumps({"i": viewer.id, "n": viewer.name}, separators=(",", ":"))
    body = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return viewer, f"{body}.{_sign(key, body)}"


def read(key: str, token: str | None) -> Viewer:
    """The viewer a token names; NotAuthenticated when it is missing, forged or damaged."""
    if not token or "." not in token:
        raise NotAuthenticated("this needs the viewer token the page gives (X-Viewer-Token)")
    body, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(_sign(key, body), signature):
        raise _INVALID
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return Viewer(id=str(data["i"]), name=str(data.get("n", "")))
    except (ValueError, KeyError, TypeError):
        raise _INVALID from None


def _signing_key(request: Request) -> str:
    return state_of(request.app).settings.signing_key()


def token_of(request: Request) -> str | None:
    return request.headers.get(VIEWER_HEADER)


def current_viewer(request: Request) -> Viewer:
    """The viewer behind the request's token; 401 without a valid one."""
    return read(_signing_key(request), token_of(request))


def viewer_or_new(request: Request, response: Response) -> Viewer:
    """The viewer behind the request's token, or a new identity (its token is returned in
    the X-Viewer-Token response header) when there is none or it no longer verifies."""
    key = _signing_key(request)
    try:
        return read(key, token_of(request))
    except NotAuthenticated:
        viewer, token = issue(key)
        response.headers[VIEWER_HEADER] = token
        return viewer


def viewer_if_any(request: Request) -> Viewer | None:
    """The viewer behind a valid token, or None (requests that work without an identity)."""
    try:
        return current_viewer(request)
    except NotAuthenticated:
        return None


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
AnyViewer = Annotated[Viewer, Depends(viewer_or_new)]
MaybeViewer = Annotated[Viewer | None, Depends(viewer_if_any)]
