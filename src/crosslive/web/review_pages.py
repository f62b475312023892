"""The buyer's review page, under the signed order link (the follow-up email and the order
page link to it; no account: the link is the key, so there is no ambient authority for a
cross-site form to borrow).

GET /orders/{token}/reviews shows one form per line of a delivered order (stars, a title, the
review, whether the buyer was given something for it) and the reviews already written; POST
records one line's review and shows the page again. Posting is rate-limited like the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.compliance import titles
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.errors import DomainError, InvalidInput, NotFound
from crosslive.events.unit import commit_then_publish
from crosslive.orders.links import LinkExpired, OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.reviews import service
from crosslive.reviews.api import limit_posting, order_for
from crosslive.state import state_of
from crosslive.web import language
from crosslive.web.pages import SubmittedForm, form_str, render

router = APIRouter(include_in_schema=False)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _page(
    request: Request,
    db: Session,
    token: str,
    order: Order,
    *,
    values: dict[str, str] | None = None,
    error: str = "",
    thanks: int | None = None,
    status_code: int = 200,
) -> Response:
    lang = language.page_language(request)
    context: dict[str, Any] = {
        "token": token,
        "order": order,
        "can_review": service.can_review(order),
        "given": service.reviews_of_order(db, order.id),
        "line_titles": titles.line_titles(
            db, order.seller_id, order.market_code, [x.variant_id for x in order.lines], lang
        ),
        "values": values or {},
        "error": error,
        "thanks": thanks,
        "how_verified": service.HOW_VERIFIED,
        "page_lang": lang,
    }
    page = render(request, "orders/reviews.html", context, status_code=status_code, viewer=True)
    return _private(page)


def _problem(request: Request, exc: DomainError) -> Response:
    context = {"message": exc.message}
    page = render(
        request, "orders/link_problem.html", context, status_code=exc.status_code, viewer=True
    )
    return _private(page)


@router.get("/orders/{token}/reviews", response_class=HTMLResponse)
def review_page(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    try:
        order = order_for(db, OrderLinks.from_settings(settings), token)
    except (NotFound, LinkExpired) as exc:
        return _problem(request, exc)
    return _page(request, db, token, order)


def _draft(form: Any, lang: str) -> tuple[int, service.Draft]:
    try:
        line_id, rating = int(form_str(form, "line")), int(form_str(form, "rating"))
    except ValueError:
        raise InvalidInput(service.BAD_RATING) from None
    draft = service.check(
        rating,
        form_str(form, "title"),
        form_str(form, "body"),
        form_str(form, "language") or "",
        form_str(form, "incentivised") == "yes",
        form_str(form, "incentive"),
    )
    return line_id, draft


@router.post("/orders/{token}/reviews", response_class=HTMLResponse)
async def post_review(token: str, request: Request, form: SubmittedForm) -> Response:
    limit_posting(request, token)
    settings = state_of(request.app).settings
    links = OrderLinks.from_settings(settings)
    lang = language.page_language(request)
    values = {k: form_str(form, k) for k in ("line", "rating", "title", "body", "incentive")}

    def work(db: Session) -> int:
        order = order_for(db, links, token)
        line_id, draft = _draft(form, lang)
        return service.post(db, order, line_id, draft, now=utcnow()).review.order_line_id

    try:
        line_id = await commit_then_publish(request.app, work)
    except (NotFound, LinkExpired) as exc:
        return _problem(request, exc)
    except DomainError as exc:
        message = exc.translated(i18n.translations(lang), lang)
        return await _again(request, token, links, values, message, exc.status_code)
    return await _again(request, token, links, {}, "", 200, thanks=line_id)


async def _again(
    request: Request,
    token: str,
    links: OrderLinks,
    values: dict[str, str],
    error: str,
    status_code: int,
    thanks: int | None = None,
) -> Response:
    def show(db: Session) -> Response:
        order = order_for(db, links, token)
        return _page(
            request,
            db,
            token,
            order,
            values=values,
            error=error,
            thanks=thanks,
            status_code=status_code,
        )

    return await commit_then_publish(request.app, show)
