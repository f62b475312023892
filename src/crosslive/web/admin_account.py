"""The staff member's own account in the seller admin: change the password (the current one
is needed; every other session ends) and sign out everywhere."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from crosslive.auth import logins
from crosslive.auth import service as auth_service
from crosslive.auth.deps import SESSION_COOKIE
from crosslive.auth.models import StaffUser
from crosslive.deps import SessionDep, client_ip, get_settings
from crosslive.errors import DomainError, InvalidInput, RateLimited
from crosslive.i18n import A_
from crosslive.orders.providers import Providers
from crosslive.state import state_of
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, PageUserOffLoop, render

router = APIRouter(prefix="/admin/account", include_in_schema=False)

DONE = {"password": A_("Password changed. Your other sessions were signed out.")}


def _page(
    request: Request,
    user: StaffUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    providers = Providers.from_settings(get_settings(request))
    context = {
        "section": "account",
        "notice": notice,
        "error": error,
        "payment_methods": providers.summary(),
    }
    return render(request, "admin/account.html", context, user=user, status_code=status_code)


def _secret(form: FormData, name: str) -> str:
    """A password field as typed (never trimmed: spaces may be part of it)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.get("", response_class=HTMLResponse)
def account_page(request: Request, user: PageUser, done: str = "") -> HTMLResponse:
    return _page(request, user, notice=DONE.get(done))


@router.post("/password", response_class=HTMLResponse)
async def change_password(request: Request, user: PageUserOffLoop, form: CheckedForm) -> Response:
    new = _secret(form, "new_password")
    try:
        if new != _secret(form, "confirm_password"):
            raise InvalidInput(A_("the new password and its confirmation differ"))
        await logins.change_password(
            state_of(request.app),
            user.id,
            _secret(form, "current_password"),
            new,
            client_ip(request),
            keep_token=request.cookies.get(SESSION_COOKIE, ""),
        )
    except DomainError as exc:
        page = _page(request, user, error=seller_error(request, exc), status_code=exc.status_code)
        if isinstance(exc, RateLimited) and exc.retry_after_s is not None:
            page.headers["Retry-After"] = str(int(exc.retry_after_s))
        return page
    return RedirectResponse("/admin/account?done=password", status_code=303)


@router.post("/sign-out-everywhere")
def sign_out_everywhere(user: PageUser, form: CheckedForm, db: SessionDep) -> Response:
    """End every session of the account, this browser's too."""
    auth_service.end_all_sessions(db, user.id)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
