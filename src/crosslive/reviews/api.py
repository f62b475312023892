"""Review routes: the buyer's, under the signed order link (no account: the link is the key;
a tampered link is a 404, an expired one a 403), and the public list of a product's reviews.
Posting is rate-limited per address and per order."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce, page_language
from crosslive.errors import NotFound
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.orders import service as orders_service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.ratelimit import AGAIN, ORDER_PAGE_BY_ADDRESS
from crosslive.ratelimit import Limit
from crosslive.reviews import service
from crosslive.reviews.schemas import ReviewIn
from crosslive.state import state_of

router = APIRouter(prefix="/order-links/{token}/reviews", tags=["reviews"])
public_router = APIRouter(prefix="/products/{product_id}/reviews", tags=["reviews"])

# A buyer reviews a few lines at once; a script posting from one address is held back.
POST_BY_ADDRESS = Limit("review-post:ip", count=30, window_seconds=3600.0, message=AGAIN)
POST_BY_ORDER = Limit("review-post:order", count=20, window_seconds=3600.0, message=AGAIN)
READ_BY_ADDRESS = Limit("reviews-read:ip", count=600, window_seconds=60.0, message=AGAIN)


def limit_posting(request: Request, token: str) -> None:
    enforce(request, POST_BY_ADDRESS, client_ip(request))
    enforce(request, POST_BY_ORDER, token[-43:])


def order_for(db: Session, links: OrderLinks, token: str) -> Order:
    """The order behind TOKEN; NotFound (tampered, unknown) or LinkExpired."""
    return orders_service.order_by_public_id(db, links.public_id(token))


def order_reviews(db: Session, order: Order) -> dict[str, Any]:
    given = service.reviews_of_order(db, order.id)
    return {
        "can_review": service.can_review(order),
        "lines": [
            {
                "line_id": line.id,
                "product_title": line.product_title,
                "variant_label": line.variant_label,
                "review": service.review_dict(given[line.id]) if line.id in given else None,
            }
            for line in order.lines
        ],
    }


@router.get("")
def list_order_reviews(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Any:
    """Each line of the order with the buyer's review of it (None: not yet)."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    return order_reviews(db, order_for(db, OrderLinks.from_settings(settings), token))


@router.post("")
async def post_review(token: str, body: ReviewIn, request: Request) -> Any:
    """Review one line of a delivered order: 201 the first time, 200 with the same review when
    it is sent again; 409 when the line already has a different review or the order has not
    been delivered; 422 for bad input (nothing is stored)."""
    limit_posting(request, token)
    settings = state_of(request.app).settings
    links = OrderLinks.from_settings(settings)
    draft = service.check(
        body.rating, body.title, body.body, body.language, body.incentivised, body.incentive
    )

    def work(db: Session) -> tuple[dict[str, Any], bool]:
        order = order_for(db, links, token)
        posted = service.post(db, order, body.line_id, draft, now=utcnow())
        return service.review_dict(posted.review), posted.created

    review, created = await commit_then_publish(request.app, work)
    return JSONResponse(review, status_code=201 if created else 200)


@public_router.get("")
def product_reviews(
    product_id: PathId,
    request: Request,
    db: SessionDep,
    limit: int = Query(default=20, ge=1, le=service.PAGE_MAX),
    offset: int = Query(default=0, ge=0),
) -> Any:
    """A product's verified-purchase reviews: the summary (count, average, distribution;
    reviews hidden for abuse count), how reviews are verified, and the reviews, those in the
    asker's language (?lang=, the page cookie, Accept-Language) first."""
    enforce(request, READ_BY_ADDRESS, client_ip(request))
    if not service.product_exists(db, product_id):
        raise NotFound("no such product")
    lang = page_language(request)
    summary = service.rating_summary(db, product_id)
    found = service.product_reviews(db, product_id, lang, limit=limit, offset=offset)
    return {
        "product_id": product_id,
        "summary": summary.as_dict(),
        "how_verified": i18n.translations(lang).gettext(service.HOW_VERIFIED),
        "reviews": [service.review_dict(r) for r in found],
    }
