"""Seller admin pages for orders: the list by status, one order with its lines, address,
payments and refunds, and the owner's moves (payment received, cancelled, shipped with
tracking, delivered, a refund). The CSV of tracking events: web.admin_tracking."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import DomainError, NotFound
from crosslive.i18n import A_
from crosslive.money import parse_amount
from crosslive.orders import listing, refunds, service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus
from crosslive.orders.providers import Providers
from crosslive.settings import Settings
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/orders", include_in_schema=False)

STATUS_LABELS = {
    OrderStatus.PENDING_PAYMENT: A_("Waiting for payment"),
    OrderStatus.PAID: A_("Paid, to ship"),
    OrderStatus.SHIPPED: A_("Shipped"),
    OrderStatus.DELIVERED: A_("Delivered"),
    OrderStatus.CLOSED: A_("Closed (return window over)"),
    OrderStatus.CANCELLED: A_("Cancelled"),
}
NOTICES = {
    "paid": A_("Marked as paid."),
    "cancelled": A_("Order cancelled; its units are back on sale."),
    "shipped": A_("Marked as shipped; the buyer gets an email with the tracking number."),
    "delivered": A_("Marked as delivered; the return window runs from now and the buyer is told."),
    "refund": A_("Refund recorded; the buyer gets an email."),
}
MAX_FIELD = 100


def _owner_only(request: Request, user: StaffUser) -> HTMLResponse | None:
    if user.role == Role.OWNER:
        return None
    message = f"only the store owner sees orders; you are {user.role.value}"
    context = {"orders": [], "status": "", "labels": STATUS_LABELS, "error": message}
    return render(request, "admin/orders/list.html", context, user=user, status_code=403)


def _page_link(status: str, q: str, **cursor: str) -> str:
    """The list's address with the filters kept and one cursor (older / newer)."""
    params = {"status": status, "q": q, **cursor}
    query = urlencode({k: v for k, v in params.items() if v})
    return f"/admin/orders?{query}" if query else "/admin/orders"


@router.get("", response_class=HTMLResponse)
def list_page(
    request: Request,
    db: SessionDep,
    user: PageUser,
    status: str = "",
    q: str = "",
    older: str = "",
    newer: str = "",
) -> Response:
    """Newest first, PER_PAGE at a time; "Older" / "Newer" keep the status and the search."""
    denied = _owner_only(request, user)
    if denied is not None:
        return denied
    context: dict[str, object] = {
        "orders": [],
        "status": status[:40],
        "q": q[: listing.MAX_SEARCH],
        "labels": STATUS_LABELS,
        "section": "orders",
    }
    try:
        wanted = listing.parse_status(status)
        page = listing.order_page(
            db, user, status=wanted, search=q, older_than=older, newer_than=newer
        )
    except DomainError as exc:
        context["error"] = seller_error(request, exc)
        context["first_page"] = _page_link("", "")
        return render(
            request, "admin/orders/list.html", context, user=user, status_code=exc.status_code
        )
    context.update(
        orders=page.orders,
        total=page.total,
        older_link=_page_link(status, q, older=page.older) if page.older else None,
        newer_link=_page_link(status, q, newer=page.newer) if page.newer else None,
    )
    return render(request, "admin/orders/list.html", context, user=user)


def _detail(
    request: Request,
    user: StaffUser,
    order: Order,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "order": order,
        "labels": STATUS_LABELS,
        "notice": notice,
        "error": error,
        "section": "orders",
        "refunded": refunds.refunded_total(order),
        # One key per page view: a double click on "Refund" sends it twice, one refund.
        "refund_key": secrets.token_urlsafe(18),
    }
    return render(request, "admin/orders/detail.html", context, user=user, status_code=status_code)


@router.get("/{order_id}", response_class=HTMLResponse)
def detail_page(
    request: Request, order_id: int, db: SessionDep, user: PageUser, done: str = ""
) -> Response:
    denied = _owner_only(request, user)
    if denied is not None:
        return denied
    try:
        order = service.get_order(db, user, order_id)
    except NotFound as exc:
        return _not_found(request, user, exc)
    return _detail(request, user, order, notice=NOTICES.get(done))


def _not_found(request: Request, user: StaffUser, exc: NotFound) -> Response:
    context = {
        "orders": [],
        "status": "",
        "labels": STATUS_LABELS,
        "error": seller_error(request, exc),
    }
    return render(request, "admin/orders/list.html", context, user=user, status_code=404)


def _refund(
    db: Session, user: StaffUser, order_id: int, form: FormData, settings: Settings
) -> None:
    order = service.get_order(db, user, order_id)
    amount = parse_amount(form_str(form, "amount"), order.currency)
    service.refund_order(
        db,
        user,
        order_id,
        amount_minor=amount,
        reason=form_str(form, "reason")[:500],
        reference=form_str(form, "reference")[:MAX_FIELD],
        key=form_str(form, "refund_key"),
        links=OrderLinks.from_settings(settings),
        providers=Providers.from_settings(settings),
    )


def _apply(
    db: Session, user: StaffUser, order_id: int, move: str, form: FormData, settings: Settings
) -> None:
    links = OrderLinks.from_settings(settings)
    if move == "paid":
        service.mark_paid(db, user, order_id)
    elif move == "cancelled":
        service.cancel_unpaid(db, user, order_id)
    elif move == "shipped":
        service.mark_shipped(
            db,
            user,
            order_id,
            carrier=form_str(form, "carrier")[:MAX_FIELD],
            tracking_number=form_str(form, "tracking_number")[:MAX_FIELD],
            tracking_url=form_str(form, "tracking_url")[:500],
            links=links,
        )
    elif move == "delivered":
        service.mark_delivered(db, user, order_id, links=links)
    elif move == "refund":
        _refund(db, user, order_id, form, settings)
    else:
        raise NotFound(f"no such step: {move}")


@router.post("/{order_id}/{move}", response_class=HTMLResponse)
def move(
    request: Request,
    order_id: int,
    move: str,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    form: CheckedForm,
) -> Response:
    denied = _owner_only(request, user)
    if denied is not None:
        return denied
    try:
        _apply(db, user, order_id, move, form, settings)
    except DomainError as exc:
        db.rollback()
        try:
            order = service.get_order(db, user, order_id)
        except NotFound as missing:  # no such order (or another store's): the list page
            return _not_found(request, user, missing)
        return _detail(
            request, user, order, error=seller_error(request, exc), status_code=exc.status_code
        )
    return RedirectResponse(f"/admin/orders/{order_id}?done={move}", status_code=303)
