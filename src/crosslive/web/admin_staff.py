"""Seller admin page for the store's staff: the owner sees everyone and changes roles (a host
made moderator stops hosting at once; a store keeps at least one owner)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth import service
from crosslive.auth.models import Role, StaffUser
from crosslive.deps import SessionDep
from crosslive.errors import DomainError
from crosslive.i18n import A_
from crosslive.web.admin_language import seller_error, seller_text
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/staff", include_in_schema=False)

ROLE_NOTES = {
    Role.OWNER: A_("everything, including orders, staff and store settings"),
    Role.HOST: A_("runs the shows they are named on: goes live, pins, answers"),
    Role.MODERATOR: A_("deletes messages and mutes viewers in every show"),
}


def _page(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    staff = service.staff_with_roles(db, user.seller_id, list(Role))
    context = {
        "staff": staff,
        "roles": ROLE_NOTES,
        "section": "staff",
        "notice": notice,
        "error": error,
    }
    return render(request, "admin/staff/list.html", context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, db: SessionDep, user: PageUser, done: str = "") -> Response:
    if user.role != Role.OWNER:
        message = seller_text(
            request, A_("only the store owner manages staff; you are {role}"), role=user.role.value
        )
        context = {"staff": [], "roles": ROLE_NOTES, "section": "staff", "error": message}
        return render(request, "admin/staff/list.html", context, user=user, status_code=403)
    notice = {"role": A_("Role changed."), "paid": A_("Saved.")}.get(done)
    return _page(request, db, user, notice=notice)


@router.post("/{user_id}/role", response_class=HTMLResponse)
def change_role(
    request: Request, user_id: int, form: CheckedForm, db: SessionDep, user: PageUser
) -> Response:
    wanted = form_str(form, "role")
    if wanted not in {r.value for r in Role}:
        return _page(request, db, user, error=f"unknown role {wanted!r}", status_code=422)
    try:
        service.change_role(db, user, user_id, Role(wanted))
    except DomainError as exc:
        db.rollback()
        return _page(
            request, db, user, error=seller_error(request, exc), status_code=exc.status_code
        )
    return RedirectResponse("/admin/staff?done=role", status_code=303)


@router.post("/{user_id}/paid", response_class=HTMLResponse)
def change_paid(
    request: Request, user_id: int, form: CheckedForm, db: SessionDep, user: PageUser
) -> Response:
    """Whether the brand pays this host (disclosed in the live room while they host)."""
    try:
        service.set_paid_by_brand(db, user, user_id, form_str(form, "paid_by_brand") == "on")
    except DomainError as exc:
        db.rollback()
        return _page(
            request, db, user, error=seller_error(request, exc), status_code=exc.status_code
        )
    return RedirectResponse("/admin/staff?done=paid", status_code=303)
