"""Staff log in and out of the seller admin.

The login form carries a CSRF token before any session exists: the login page sets a random
pre-login cookie and signs the form's token from it, so another site cannot log a browser
into an account of its choosing (login CSRF). The password is checked off the event loop,
through auth.logins (attempt limits, the capped argon2 check, the session).
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth import logins
from crosslive.auth import service as auth_service
from crosslive.auth.deps import SESSION_COOKIE
from crosslive.deps import SessionDep, client_ip
from crosslive.errors import DomainError, NotAuthenticated, PermissionDenied, RateLimited
from crosslive.i18n import A_
from crosslive.state import state_of
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, SubmittedForm, form_str, render

router = APIRouter(prefix="/admin", include_in_schema=False)

LOGIN_COOKIE = "crosslive_login"
LOGIN_COOKIE_SECONDS = 2 * 3600


def _safe_next(target: str) -> str:
    # Only same-site paths: never redirect a login to another host.
    return target if target.startswith("/") and not target.startswith("//") else "/admin"


def _login_csrf(request: Request, nonce: str) -> str:
    key = state_of(request.app).settings.signing_key()
    return auth_service.csrf_token(key, f"login:{nonce}")


def _login_page(
    request: Request, next_url: str, *, error: str | None = None, email: str = "", status: int = 200
) -> HTMLResponse:
    """The form, with a token signed from this browser's pre-login cookie (made if missing)."""
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    context = {
        "next": next_url,
        "error": error,
        "email": email,
        "csrf_token": _login_csrf(request, nonce),
    }
    response = render(request, "admin/login.html", context, status_code=status)
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=LOGIN_COOKIE_SECONDS,
        path="/admin/login",
        httponly=True,
        samesite="lax",
        secure=state_of(request.app).settings.cookies_secure,
    )
    return response


def _check_login_csrf(request: Request, submitted: str) -> None:
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce:  # nothing to check the token against: refused like a wrong one
        raise PermissionDenied(auth_service.FORM_EXPIRED)
    auth_service.check_csrf(
        state_of(request.app).settings.signing_key(), f"login:{nonce}", submitted
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/admin") -> HTMLResponse:
    return _login_page(request, _safe_next(next))


@router.post("/login")
async def login_submit(request: Request, form: SubmittedForm) -> Response:
    state = state_of(request.app)
    email, password = form_str(form, "email"), form.get("password")
    next_url = _safe_next(form_str(form, "next") or "/admin")
    try:
        _check_login_csrf(request, form_str(form, "csrf_token"))
        if not email or not isinstance(password, str) or not password:
            raise NotAuthenticated(A_("enter your email and password"))
        end_others = form_str(form, "end_others") == "yes"
        _, token = await logins.log_in(
            state, email, password, client_ip(request), end_others=end_others
        )
    except DomainError as exc:
        page = _login_page(
            request, next_url, error=seller_error(request, exc), email=email, status=exc.status_code
        )
        if isinstance(exc, RateLimited) and exc.retry_after_s is not None:
            page.headers["Retry-After"] = str(int(exc.retry_after_s))
        return page
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=state.settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=state.settings.cookies_secure,
    )
    response.delete_cookie(LOGIN_COOKIE, path="/admin/login")
    return response


@router.post("/logout")
def logout(request: Request, db: SessionDep, form: CheckedForm) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth_service.end_session(db, token)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/login?next={quote(next_url)}", status_code=303)
