"""Request plumbing every domain shares: the settings, the request's unit of work, the
client's address and rate limits. Who the staff member is: crosslive.auth.deps; who the
viewer is: crosslive.viewers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.db import transaction
from crosslive.errors import RateLimited
from crosslive.ratelimit import Limit
from crosslive.settings import Settings
from crosslive.state import state_of


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


# The language a viewer picked on a page (web.language sets it); their API calls answer in it.
LANGUAGE_COOKIE = "crosslive_lang"


def page_language(request: Request) -> str:
    """The viewer's page language for REQUEST: ?lang=, else the remembered choice, else the
    browser's Accept-Language (crosslive.i18n.choose)."""
    return i18n.choose(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def client_ip(request: Request) -> str:
    """The client's address (behind a trusted proxy, the one the proxy reports)."""
    return request.client.host if request.client else "unknown"


def enforce(request: Request, limit: Limit, key: str) -> None:
    """Count one request of LIMIT's kind for KEY; 429 (with Retry-After) past the limit.
    Every public route limits itself through here, counted by the app's one limiter."""
    limiter = state_of(request.app).limiter
    if not limiter.hit(f"{limit.scope}:{key}", limit.count, limit.window_seconds):
        raise RateLimited(limit.message, retry_after_s=limit.window_seconds)
