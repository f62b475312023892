"""The store's returns queue in the admin: each return with its reason, the buyer's note and
photos, the order's show and market, the product's fit feedback so far and its transit-damage
flag, and the actions approve / mark received (restockable or not) / refund / reject.
Owners only, like orders (money moves here); forms carry the CSRF token."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import DomainError, NotFound
from crosslive.i18n import A_
from crosslive.orders.links import OrderLinks
from crosslive.orders.providers import Providers
from crosslive.returns import handling, queue_page
from crosslive.returns.policy import REASON_TEXT
from crosslive.settings import Settings
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/returns", include_in_schema=False)

NOTICES = {
    "approve": A_("Approved; the buyer is told to send it."),
    "received": A_("Marked as received."),
    "refund": A_("Refunded; the buyer gets an email."),
    "reject": A_("Rejected; the buyer sees your reason."),
}
VIEWS = {"open": handling.OPEN, "done": handling.FINAL}


def _page(
    request: Request,
    db: Session,
    user: StaffUser,
    view: str,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
    after: str = "",
) -> HTMLResponse:
    rows: list[handling.QueueRow] = []
    total, later = None, None
    if user.role != Role.OWNER:
        error, status_code = (
            f"only the store owner handles returns; you are {user.role.value}",
            403,
        )
    else:
        try:
            page = queue_page.queue_page(db, user, VIEWS.get(view, handling.OPEN), after=after)
        except DomainError as exc:
            error, status_code = seller_error(request, exc), exc.status_code
        else:
            rows, total = page.rows, page.total
            if page.later:
                later = "/admin/returns?" + urlencode({"view": view, "after": page.later})
    context = {
        "rows": rows,
        "total": total,
        "later": later,
        "paged": bool(after) and not error,
        "view": view,
        "reasons": REASON_TEXT,
        "notice": notice,
        "error": error,
        "section": "returns",
    }
    return render(request, "admin/returns.html", context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def queue_view(
    request: Request,
    db: SessionDep,
    user: PageUser,
    view: str = "open",
    done: str = "",
    after: str = "",
) -> Response:
    """PER_PAGE returns at a time, oldest confirmed first; "Later" goes on in the same view."""
    view = view if view in VIEWS else "open"
    return _page(request, db, user, view, notice=NOTICES.get(done), after=after)


def _apply(
    db: Session, user: StaffUser, return_id: int, action: str, form: FormData, settings: Settings
) -> None:
    links = OrderLinks.from_settings(settings)
    ret = handling.get_return(db, user, return_id)
    now = utcnow()
    if action == "approve":
        handling.approve(db, ret, links, now=now)
    elif action == "received":
        restock = form_str(form, "restockable") == "yes"
        handling.receive(db, ret, links, restockable=restock, now=now)
    elif action == "refund":
        reference = form_str(form, "reference")[:100]
        providers = Providers.from_settings(settings)
        handling.refund(
            db, ret, links, reference=reference, staff_id=user.id, now=now, providers=providers
        )
    elif action == "reject":
        handling.reject(db, ret, links, reason=form_str(form, "reason")[:500], now=now)
    else:
        raise NotFound(f"no such step: {action}")


@router.post("/{return_id}/{action}", response_class=HTMLResponse)
def act(
    request: Request,
    return_id: int,
    action: str,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    form: CheckedForm,
) -> Response:
    try:
        _apply(db, user, return_id, action, form, settings)
    except DomainError as exc:
        db.rollback()
        return _page(
            request, db, user, "open", error=seller_error(request, exc), status_code=exc.status_code
        )
    return RedirectResponse(f"/admin/returns?done={action}", status_code=303)
