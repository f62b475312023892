"""Buyer pages: the order confirmation page and a stand-alone cart page for a show."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crosslive.deps import SessionDep, client_ip, enforce
from crosslive.money import format_money
from crosslive.orders import cart as carts
from crosslive.orders import service
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.shows import service as shows_service
from crosslive.web.pages import fresh_viewer_token, render

router = APIRouter(include_in_schema=False)


@router.get("/orders/{public_id}", response_class=HTMLResponse)
def confirmation(public_id: str, request: Request, db: SessionDep) -> HTMLResponse:
    # Guessing ids is rate-limited per IP (ids are 192 random bits anyway).
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    order = service.order_by_public_id(db, public_id)
    payment = order.payments[-1] if order.payments else None
    response = render(
        request,
        "orders/confirmation.html",
        {"order": order, "payment": payment, "money": format_money},
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/shows/{slug}/cart", response_class=HTMLResponse)
def cart_page(
    slug: str, market: str, request: Request, db: SessionDep, store: str | None = None
) -> HTMLResponse:
    """The cart and checkout of a show on its own page (the live room embeds the same)."""
    show = shows_service.public_show(db, slug, store)
    found = carts.find_market(db, show, market)
    context = {
        "show": show,
        "market": found,
        "store": store or "",
        "viewer_token": fresh_viewer_token(request),
    }
    return render(request, "orders/cart_page.html", context)
