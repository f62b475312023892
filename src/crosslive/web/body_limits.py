"""How large a request body may be, by the class of route it goes to, enforced before the
route reads it: a declared Content-Length over the limit is refused (413) before a byte of
the body is read, and a body sent without one (chunked) is counted as it arrives and refused
the moment it passes the limit. An upload is also refused before its body is read unless a
logged-in staff member sends it (the route then checks their role as before)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosslive.auth import service as auth_service
from crosslive.auth.deps import session_token
from crosslive.content.shopify_csv import MAX_IMPORT_BYTES
from crosslive.db import run_in_transaction
from crosslive.errors import NotAuthenticated
from crosslive.media.api import MAX_SDP_BYTES
from crosslive.returns.requests import MAX_PHOTOS
from crosslive.settings import Settings
from crosslive.state import AppState
from crosslive.trust.evidence import readable_size
from crosslive.web.admin_auth import login_redirect

KB = 1024
# Room for the multipart envelope around an uploaded file: boundaries, the part headers and
# the other fields of the form (alt text, lighting, a credential's details, the CSRF token).
FORM_SLACK = 64 * KB
WRITES = frozenset({"POST", "PUT", "PATCH"})


@dataclass(frozen=True)
class BodyClass:
    """Requests whose path matches PATHS may send at most MAX_BYTES; WHAT names what is
    refused in the message. STAFF_ONLY: only a logged-in staff member may send a body."""

    what: str
    max_bytes: int
    paths: re.Pattern[str]
    staff_only: bool = False
    # Shown in the refusal; uploads say the file's own limit (the envelope is not its size).
    shown_limit: int = 0

    @property
    def refusal(self) -> str:
        limit = readable_size(self.shown_limit or self.max_bytes)
        return f"the {self.what} is larger than the {limit} limit"


def _paths(*patterns: str) -> re.Pattern[str]:
    # DOTALL: a path may hold any character (a %0A decodes to a newline), and the last
    # class must still match it.
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.DOTALL)


def body_classes(settings: Settings) -> tuple[BodyClass, ...]:
    """Each class of route and its limit; the first whose paths match applies, the last
    (every other request: the staff JSON API and the admin forms) when none does."""
    return (
        BodyClass(
            "image",
            settings.image_max_bytes + FORM_SLACK,
            _paths(r"/api/v1/products/\d+/images", r"/admin/products/\d+/images"),
            staff_only=True,
            shown_limit=settings.image_max_bytes,
        ),
        BodyClass(
            # A credential's video clip and its subtitles (at most 256 KB).
            "video clip",
            settings.clip_max_bytes + 256 * KB + FORM_SLACK,
            _paths(r"/api/v1/credentials/\d+/clip", r"/admin/credentials/\d+/clip"),
            staff_only=True,
            shown_limit=settings.clip_max_bytes,
        ),
        BodyClass(
            "evidence file",
            settings.evidence_max_bytes + FORM_SLACK,
            _paths(r"/api/v1/credentials/\d+/evidence", r"/admin/credentials/(?:new|\d+)"),
            staff_only=True,
            shown_limit=settings.evidence_max_bytes,
        ),
        BodyClass(
            "translations file",
            MAX_IMPORT_BYTES + FORM_SLACK,
            _paths(r"/api/v1/translations/import", r"/admin/translations/import"),
            staff_only=True,
            shown_limit=MAX_IMPORT_BYTES,
        ),
        # A buyer's photos of a returned item: one a request through the API, up to
        # MAX_PHOTOS with the return form.
        BodyClass(
            "photo",
            settings.image_max_bytes + FORM_SLACK,
            _paths(r"/api/v1/order-links/[^/]+/returns/\d+/photos"),
            shown_limit=settings.image_max_bytes,
        ),
        BodyClass(
            "return form",
            MAX_PHOTOS * settings.image_max_bytes + FORM_SLACK,
            _paths(r"/orders/[^/]+/return"),
            shown_limit=MAX_PHOTOS * settings.image_max_bytes,
        ),
        BodyClass("offer", MAX_SDP_BYTES, _paths(r"/whip/[^/]+")),
        BodyClass("answer", 4 * KB, _paths(r"/follow-up/[^/]+")),  # a follow-up's button
        BodyClass("chat message", 16 * KB, _paths(r"/api/v1/live/[^/]+/(?:messages|viewers)")),
        # The viewer's other requests: the cart and checkout, the video's answer (an SDP in
        # JSON), its candidates and stats, size advice.
        BodyClass(
            "request",
            128 * KB,
            _paths(
                r"/api/v1/shows/[^/]+/(?:cart/items(?:/\d+)?|checkout)",
                r"/api/v1/media/shows/[^/]+/viewers",
                r"/api/v1/media/viewers/[^/]+/(?:answer|candidates|stats)",
                r"/api/v1/fit/advice",
                r"/api/v1/orders/[^/]+/card-payment",
                r"/api/v1/payments/stripe/webhook",
            ),
        ),
        BodyClass("request", 2 * KB * KB, _paths(r".*")),
    )


StaffCheck = Callable[[str], Awaitable[bool]]


def staff_check(state: AppState) -> StaffCheck:
    """Whether a session token belongs to a logged-in staff member (looked up in a worker
    thread, never holding a database session on the event loop)."""

    async def check(token: str) -> bool:
        def known(db: Session) -> bool:
            try:
                auth_service.user_for_token(db, token)
            except NotAuthenticated:
                return False
            return True

        return await run_in_transaction(state.session_factory, known)

    return check


class BodyLimits:
    """ASGI middleware applying `body_classes` to every HTTP request."""

    def __init__(self, app: ASGIApp, classes: tuple[BodyClass, ...], is_staff: StaffCheck):
        self.app = app
        self.classes = classes
        self.is_staff = is_staff

    def class_for(self, path: str) -> BodyClass:
        return next(c for c in self.classes if c.paths.fullmatch(path))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = self.class_for(scope["path"])
        request = Request(scope)
        refusal = _refuse_declared(request.headers.get("content-length"), kind)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if kind.staff_only and scope["method"] in WRITES:
            token = session_token(request)
            if token is None or not await self.is_staff(token):
                await _not_logged_in(scope["path"])(scope, receive, send)
                return
        await self.app(scope, _counted(receive, kind), send)


def _refuse_declared(declared: str | None, kind: BodyClass) -> Response | None:
    """The answer to a request whose declared length is unusable or over the limit."""
    if declared is None:
        return None
    if not (declared.isascii() and declared.isdigit()):
        return JSONResponse({"detail": "Content-Length is not a number"}, 400)
    if int(declared) > kind.max_bytes:
        return JSONResponse({"detail": kind.refusal}, 413)
    return None


def _not_logged_in(path: str) -> Response:
    if path.startswith("/admin/"):
        return login_redirect(path)
    return JSONResponse({"detail": "log in first"}, 401)


def _counted(receive: Receive, kind: BodyClass) -> Receive:
    """RECEIVE, refusing the body (413) once more than the class allows has arrived."""
    received = 0

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > kind.max_bytes:
                raise HTTPException(413, kind.refusal)
        return message

    return counting
