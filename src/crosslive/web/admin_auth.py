"""Staff log in and out of the seller admin."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth import service as auth_service
from crosslive.auth.deps import SESSION_COOKIE
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import NotAuthenticated
from crosslive.web.pages import CheckedForm, PageUser, SubmittedForm, render

router = APIRouter(prefix="/admin", include_in_schema=False)


def _safe_next(target: str) -> str:
    # Only same-site paths: never redirect a login to another host.
    return target if target.startswith("/") and not target.startswith("//") else "/admin"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/admin") -> HTMLResponse:
    return render(request, "admin/login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login_submit(
    request: Request, form: SubmittedForm, db: SessionDep, settings: SettingsDep
) -> Response:
    # A synchronous route: the password hash and the queries run in a worker thread, never
    # on the event loop that every live viewer shares.
    email, password = form.get("email"), form.get("password")
    next_url = _safe_next(str(form.get("next") or "/admin"))
    try:
        if not isinstance(email, str) or not isinstance(password, str):
            raise NotAuthenticated("enter your email and password")
        user = auth_service.authenticate(db, email, password)
    except NotAuthenticated as exc:
        context = {"next": next_url, "error": exc.message, "email": email or ""}
        return render(request, "admin/login.html", context, status_code=401)
    token = auth_service.start_session(db, user, days=settings.session_days)
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.post("/logout")
def logout(request: Request, db: SessionDep, form: CheckedForm) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth_service.end_session(db, token)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, user: PageUser) -> HTMLResponse:
    return render(request, "admin/dashboard.html", user=user)


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/login?next={quote(next_url)}", status_code=303)
