"""Anonymous viewer identity: a random id in a signed `crosslive_viewer` cookie.

Viewers never log in. The first request that needs an identity gets a fresh random id,
signed with `settings.signing_key()` so it cannot be forged or guessed; carts, chat and
rate limits key on it. Use `viewer_id_from(request)` to read it (None when absent or
tampered with) and the `ViewerId` dependency to read it or issue a new one (the cookie
is set on the response).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, Signer

from crosslive.settings import Settings
from crosslive.state import state_of

VIEWER_COOKIE = "crosslive_viewer"
COOKIE_MAX_AGE = 365 * 86400
_SALT = "crosslive.viewer"


def _signer(signing_key: str) -> Signer:
    return Signer(signing_key, salt=_SALT)


def new_viewer_id() -> str:
    return secrets.token_urlsafe(16)


def sign_viewer_id(signing_key: str, viewer_id: str) -> str:
    """The cookie value for VIEWER_ID."""
    return _signer(signing_key).sign(viewer_id).decode()


def read_viewer_id(signing_key: str, cookie_value: str | None) -> str | None:
    """The viewer id in a cookie value, or None when it is missing or its signature is wrong."""
    if not cookie_value:
        return None
    try:
        return _signer(signing_key).unsign(cookie_value).decode()
    except BadSignature:
        return None


def viewer_id_from(request: Request) -> str | None:
    settings = state_of(request.app).settings
    return read_viewer_id(settings.signing_key(), request.cookies.get(VIEWER_COOKIE))


def set_viewer_cookie(response: Response, settings: Settings, viewer_id: str) -> None:
    response.set_cookie(
        VIEWER_COOKIE,
        sign_viewer_id(settings.signing_key(), viewer_id),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def ensure_viewer_id(request: Request, response: Response) -> str:
    """The caller's viewer id; a new one (with its cookie set on RESPONSE) when absent."""
    viewer_id = viewer_id_from(request)
    if viewer_id is None:
        viewer_id = new_viewer_id()
        set_viewer_cookie(response, state_of(request.app).settings, viewer_id)
    return viewer_id


ViewerId = Annotated[str, Depends(ensure_viewer_id)]
