"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import StaffUser
from crosslive.db import transaction
from crosslive.errors import NotAuthenticated, RateLimited
from crosslive.ratelimit import Limit
from crosslive.settings import Settings
from crosslive.state import state_of

SESSION_COOKIE = "crosslive_session"


def get_settings(request: Request) -> Settings:
    return state_of(request.app).settings


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request of a synchronous route (FastAPI runs those in worker
    threads): committed when the route returns, rolled back if it raises. Async routes use
    `db.run_in_transaction` (or `events.unit.commit_then_publish`) instead."""
    with transaction(state_of(request.app).session_factory) as db:
        yield db


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": the commit happens before the response is sent, so a failed commit
# becomes an error response instead of a success that was never stored.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def session_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


def client_ip(request: Request) -> str:
    """The client's address (behind a trusted proxy, the one the proxy reports)."""
    return request.client.host if request.client else "unknown"


def enforce(request: Request, limit: Limit, key: str) -> None:
    """Count one request of LIMIT's kind for KEY; 429 (with Retry-After) past the limit.
    Every public route limits itself through here, counted by the app's one limiter."""
    limiter = state_of(request.app).limiter
    if not limiter.hit(f"{limit.scope}:{key}", limit.count, limit.window_seconds):
        raise RateLimited(limit.message, retry_after_s=limit.window_seconds)


CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_current_staff(request: Request, db: SessionDep) -> StaffUser:
    """The staff member behind a bearer token or the login cookie.

    A write authenticated by the cookie must also carry the page's CSRF token in the
    X-CSRF-Token header, so another site cannot make a logged-in browser change anything.
    """
    token = session_token(request)
    if token is None:
        raise NotAuthenticated("log in first")
    user = auth_service.user_for_token(db, token)
    by_cookie = not request.headers.get("authorization", "").lower().startswith("bearer ")
    if by_cookie and request.method not in _SAFE_METHODS:
        auth_service.check_csrf(
            state_of(request.app).settings.signing_key(),
            token,
            request.headers.get(CSRF_HEADER, ""),
        )
    return user


CurrentStaff = Annotated[StaffUser, Depends(get_current_staff)]
