"""Who the staff member behind a request is: the API's bearer token or the admin's login
cookie, with the CSRF check every cookie-authenticated write needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import StaffUser
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep
from crosslive.errors import NotAuthenticated
from crosslive.state import state_of

SESSION_COOKIE = "crosslive_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


def _staff_behind(request: Request, db: Session) -> StaffUser:
    token = session_token(request)
    if token is None:
        raise NotAuthenticated("log in first")
    user = auth_service.user_for_token(db, token)
    by_cookie = not request.headers.get("authorization", "").lower().startswith("bearer ")
    if by_cookie and request.method not in _SAFE_METHODS:
        key = state_of(request.app).settings.signing_key()
        auth_service.check_csrf(key, token, request.headers.get(CSRF_HEADER, ""))
    return user


def get_current_staff(request: Request, db: SessionDep) -> StaffUser:
    """The staff member behind a bearer token or the login cookie.

    A write authenticated by the cookie must also carry the page's CSRF token in the
    X-CSRF-Token header, so another site cannot make a logged-in browser change anything.
    """
    return _staff_behind(request, db)


async def current_staff_off_loop(request: Request) -> StaffUser:
    """`get_current_staff` for async routes: the lookup runs in a worker thread, in its own
    transaction (the staff member comes back detached, with their own columns loaded)."""
    factory = state_of(request.app).session_factory
    return await run_in_transaction(factory, lambda db: _staff_behind(request, db))


CurrentStaff = Annotated[StaffUser, Depends(get_current_staff)]
StaffOffLoop = Annotated[StaffUser, Depends(current_staff_off_loop)]
