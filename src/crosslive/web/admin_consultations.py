"""Seller admin: the video call inbox (requests nobody took in time, with the address the
viewer left) and how long a request waits for a host. Owners and hosts read it; owners
change the wait."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth.models import Role, StaffUser
from crosslive.consultations import cards, service
from crosslive.deps import SessionDep
from crosslive.errors import DomainError
from crosslive.i18n import A_
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/calls", include_in_schema=False)
DONE = {"handled": A_("Marked as handled."), "wait": A_("The wait is saved.")}


def _page(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if user.role not in (Role.OWNER, Role.HOST):
        error, status_code = A_("only the store's owners and hosts see video calls"), 403
        rows: list[dict[str, object]] = []
    else:
        rows = cards.inbox(db, user.seller_id)
    context = {
        "rows": rows,
        "wait_s": service.wait_s(db, user.seller_id),
        "section": "calls",
        "notice": notice,
        "error": error,
    }
    return render(request, "admin/calls.html", context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def inbox_page(request: Request, db: SessionDep, user: PageUser, done: str = "") -> Response:
    return _page(request, db, user, notice=DONE.get(done))


@router.post("/wait", response_class=HTMLResponse)
def set_wait(request: Request, form: CheckedForm, db: SessionDep, user: PageUser) -> Response:
    if user.role != Role.OWNER:
        return _page(
            request, db, user, error=A_("only the store's owner changes this"), status_code=403
        )
    text = form_str(form, "wait_s")
    try:
        service.set_wait_s(db, user.seller_id, int(text) if text.isdigit() else -1)
    except DomainError as exc:
        db.rollback()
        return _page(request, db, user, error=exc.message, status_code=exc.status_code)
    return RedirectResponse("/admin/calls?done=wait", status_code=303)


@router.post("/{consultation_id}/handled", response_class=HTMLResponse)
def handled(
    request: Request, consultation_id: int, form: CheckedForm, db: SessionDep, user: PageUser
) -> Response:
    if user.role not in (Role.OWNER, Role.HOST):
        return _page(request, db, user, status_code=403)
    try:
        cards.mark_handled(db, user.seller_id, consultation_id)
    except DomainError as exc:
        db.rollback()
        return _page(request, db, user, error=exc.message, status_code=exc.status_code)
    return RedirectResponse("/admin/calls?done=handled", status_code=303)
