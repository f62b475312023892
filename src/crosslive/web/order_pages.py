"""Buyer pages: the order page (reached by the signed link in every order email) and a
stand-alone cart page for a show."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crosslive.compliance import titles
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.errors import NotFound
from crosslive.money import format_money
from crosslive.orders import cart as carts
from crosslive.orders.buyer_page import order_page
from crosslive.orders.links import LinkExpired, OrderLinks
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.returns import requests as return_requests
from crosslive.returns.followup import LABELS
from crosslive.returns.policy import REASON_TEXT
from crosslive.shows import service as shows_service
from crosslive.web import language
from crosslive.web.followup_pages import order_page_questions
from crosslive.web.pages import fresh_viewer_token, render

router = APIRouter(include_in_schema=False)


@router.get("/orders/{token}", response_class=HTMLResponse)
def confirmation(
    token: str, request: Request, db: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    # Guessing is rate-limited per IP (a token is an HMAC-signed 192-bit random id anyway).
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    try:
        page = order_page(db, OrderLinks.from_settings(settings), token)
    except (NotFound, LinkExpired) as exc:
        context: dict[str, Any] = {"message": exc.message}
        response = render(
            request, "orders/link_problem.html", context, status_code=exc.status_code, viewer=True
        )
    else:
        context = {
            "page": page,
            "order": page.order,
            "payment": page.payment,
            "money": format_money,
            "token": token,
            "returns": return_requests.by_line(db, page.order),
            "return_window_open": return_requests.window_open(db, page.order, utcnow()),
            "reasons": REASON_TEXT,
            "fit_questions": order_page_questions(db, settings, page.order),
            "answer_labels": LABELS,
            # Variant id -> the product's title in the page's language (approved only).
            # (the handle where a severe claim hides the title from the order's market).
            "line_titles": titles.line_titles(
                db,
                page.order.seller_id,
                page.order.market_code,
                [line.variant_id for line in page.order.lines],
                language.page_language(request),
            ),
        }
        response = render(request, "orders/confirmation.html", context, viewer=True)
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
    return render(request, "orders/cart_page.html", context, viewer=True)
