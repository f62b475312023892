"""Verified-purchase reviews: writing one from a delivered order, and reading them per product.

Verification: a review can only be written through the buyer's signed order link (the link
every order email carries; no account), for a line of that order, once the order has been
delivered (status delivered, or closed after its return window). One review per order line;
sending the same review again changes nothing, a different one for a reviewed line is refused.
The product's summary counts every review, those hidden for abuse included (their words are
hidden, their stars are not), so that no rating can be improved by hiding reviews.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.answers import language as detection
from crosslive.catalog.models import Product, Variant
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.i18n import N_
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.reviews import rooms
from crosslive.reviews.models import (
    BODY_MAX,
    INCENTIVE_MAX,
    TITLE_MAX,
    AbuseReason,
    Review,
    ReviewAction,
    ReviewActionKind,
    ReviewStatus,
)

POSTED_EVENT = "review_posted"
REVIEWABLE = (OrderStatus.DELIVERED, OrderStatus.CLOSED)
SHEET_REVIEWS = 5
PAGE_MAX = 50
HOW_VERIFIED = N_(
    "Only buyers can review: each review comes from a delivered order, one per item bought. "
    "Reviews are never removed for being negative; the store can hide a review's words only "
    "for abuse, and its stars still count."
)
INCENTIVISED = N_("The buyer received something for this review")
REASON_TEXT = {
    AbuseReason.HARASSMENT: N_("harassment"),
    AbuseReason.HATE: N_("hate speech"),
    AbuseReason.PERSONAL_DATA: N_("someone's personal data"),
    AbuseReason.SPAM: N_("spam or advertising"),
    AbuseReason.SEXUAL: N_("sexual content"),
    AbuseReason.ILLEGAL: N_("illegal content"),
}
NOT_DELIVERED = N_("you can review an order once it has been delivered")
ALREADY = N_("you have already reviewed this item")
BAD_RATING = N_("choose from 1 to 5 stars")
TOO_LONG = N_("your review is too long")


@dataclass(frozen=True)
class RatingSummary:
    """A product's reviews in figures: how many, their mean (None without any) and how many
    of each star from 1 to 5 (hidden-for-abuse reviews included)."""

    count: int
    average: float | None
    distribution: dict[int, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "average": self.average,
            "distribution": {str(k): v for k, v in self.distribution.items()},
        }


def rating_summary(db: Session, product_id: int) -> RatingSummary:
    """Count, average (two decimals) and distribution {1..5: n} of PRODUCT_ID's verified
    reviews, for the product sheet and schema.org AggregateRating (ratingCount = count,
    ratingValue = average, bestRating 5, worstRating 1; leave AggregateRating out when count
    is 0). Every review counts, those hidden for abuse too: hiding hides words, not stars."""
    rows = db.execute(
        select(Review.rating, func.count())
        .where(Review.product_id == product_id)
        .group_by(Review.rating)
    )
    distribution = dict.fromkeys(range(1, 6), 0)
    for rating, n in rows:
        distribution[int(rating)] = int(n)
    count = sum(distribution.values())
    total = sum(star * n for star, n in distribution.items())
    average = round(total / count, 2) if count else None
    return RatingSummary(count, average, distribution)


def product_exists(db: Session, product_id: int) -> bool:
    return db.scalar(select(Product.id).where(Product.id == product_id)) is not None


def author_name(full_name: str) -> str:
    """ "Ana Bermúdez López" -> "Ana B."; the review never shows more of the buyer."""
    parts = full_name.split()
    if not parts:
        return ""
    first = parts[0][:40]
    return f"{first} {parts[1][0]}." if len(parts) > 1 else first


def line_of(order: Order, line_id: int) -> OrderLine:
    line = next((line for line in order.lines if line.id == line_id), None)
    if line is None:
        raise NotFound("no such line on this order")
    return line


def reviews_of_order(db: Session, order_id: int) -> dict[int, Review]:
    """ORDER_ID's reviews by order line."""
    rows = db.scalars(select(Review).where(Review.order_id == order_id))
    return {review.order_line_id: review for review in rows}


def can_review(order: Order) -> bool:
    return order.status in REVIEWABLE


@dataclass(frozen=True)
class Draft:
    """What a buyer sends for one line, checked."""

    rating: int
    title: str
    body: str
    language: str
    incentivised: bool
    incentive: str


def check(
    rating: int, title: str, body: str, language: str, incentivised: bool, incentive: str
) -> Draft:
    """The draft, or InvalidInput naming what is wrong (nothing is stored before this)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(BAD_RATING)
    title, body, incentive = title.strip(), body.strip(), incentive.strip()
    if len(title) > TITLE_MAX or len(body) > BODY_MAX or len(incentive) > INCENTIVE_MAX:
        raise InvalidInput(TOO_LONG)
    given = i18n.supported(language) if language else ""
    if language and not given:
        raise InvalidInput("unknown language: {language}", language=language[:20])
    return Draft(rating, title, body, given, incentivised or bool(incentive), incentive)


def _same(review: Review, draft: Draft) -> bool:
    return (
        review.rating == draft.rating
        and review.title == draft.title
        and review.body == draft.body
        and review.incentivised == draft.incentivised
        and review.incentive == draft.incentive
    )


@dataclass(frozen=True)
class Posted:
    review: Review
    created: bool  # False: this line already had exactly this review


def _product_id(db: Session, line: OrderLine) -> int | None:
    if line.variant_id is None:
        return None
    return db.scalar(select(Variant.product_id).where(Variant.id == line.variant_id))


def post(db: Session, order: Order, line_id: int, draft: Draft, *, now: datetime) -> Posted:
    """Record the buyer's review of LINE_ID of ORDER (the caller has checked the order link).
    Idempotent: the same review again returns the first; a different one is a Conflict."""
    line = line_of(order, line_id)
    if not can_review(order):
        raise Conflict(NOT_DELIVERED)
    # One review per line even when two posts race: the second waits here, then finds it.
    db.execute(select(OrderLine.id).where(OrderLine.id == line.id).with_for_update())
    existing = db.scalar(select(Review).where(Review.order_line_id == line.id))
    if existing is not None:
        if _same(existing, draft):
            return Posted(existing, created=False)
        raise Conflict(ALREADY)
    text = f"{draft.title}\n{draft.body}".strip()
    language = draft.language or (detection.detect(text, order.language or "en") if text else "")
    review = Review(
        seller_id=order.seller_id,
        product_id=_product_id(db, line),
        order_id=order.id,
        order_line_id=line.id,
        variant_label=line.variant_label,
        market_code=order.market_code,
        author=author_name(order.name),
        rating=draft.rating,
        title=draft.title,
        body=draft.body,
        language=language,
        language_detected=not draft.language,
        incentivised=draft.incentivised,
        incentive=draft.incentive,
        status=ReviewStatus.VISIBLE,
        created_at=now,
    )
    db.add(review)
    db.flush()
    db.add(
        ReviewAction(
            review_id=review.id,
            seller_id=order.seller_id,
            kind=ReviewActionKind.POSTED,
            actor="buyer",
            at=now,
        )
    )
    db.flush()
    # The live rooms with the product's sheet (crosslive.reviews.rooms); no personal data.
    data = {"review_id": review.id, "product_id": review.product_id, "rating": review.rating}
    rooms.announce(db, review, POSTED_EVENT, data)
    return Posted(review, created=True)


def product_reviews(
    db: Session, product_id: int, lang: str, *, limit: int = PAGE_MAX, offset: int = 0
) -> list[Review]:
    """PRODUCT_ID's reviews, those in LANG first, then the rest; newest first within each."""
    first = (Review.language == lang).desc() if lang else Review.id.desc()
    query = (
        select(Review)
        .where(Review.product_id == product_id)
        .order_by(first, Review.created_at.desc(), Review.id.desc())
        .limit(max(1, min(limit, PAGE_MAX)))
        .offset(max(0, offset))
    )
    return list(db.scalars(query))


def review_dict(review: Review) -> dict[str, Any]:
    """A review as the public sees it: a hidden one without its words."""
    hidden = review.status is ReviewStatus.HIDDEN
    return {
        "id": review.id,
        "rating": review.rating,
        "title": "" if hidden else review.title,
        "body": "" if hidden else review.body,
        "language": review.language,
        "author": "" if hidden else review.author,
        "variant": review.variant_label,
        "market": review.market_code,
        "incentivised": review.incentivised,
        "incentive": "" if hidden else review.incentive,
        "hidden": hidden,
        "hidden_reason": review.hidden_reason.value if review.hidden_reason else None,
        "verified_purchase": True,
        "created_at": review.created_at.isoformat(),
    }


def sheet(db: Session, product_id: int, lang: str) -> dict[str, Any]:
    """The product sheet's reviews block: the summary, the bars' shares and the first
    reviews (the viewer's language first)."""
    summary = rating_summary(db, product_id)
    bars = [
        {
            "stars": stars,
            "count": summary.distribution[stars],
            "percent": round(100 * summary.distribution[stars] / summary.count)
            if summary.count
            else 0,
        }
        for stars in range(5, 0, -1)
    ]
    shown = product_reviews(db, product_id, lang, limit=SHEET_REVIEWS) if summary.count else []
    return {
        "count": summary.count,
        "average": summary.average,
        "bars": bars,
        "reviews": [
            {
                **review_dict(r),
                "reason_text": REASON_TEXT[r.hidden_reason] if r.hidden_reason else "",
            }
            for r in shown
        ],
        "how_verified": HOW_VERIFIED,
        "incentivised_text": INCENTIVISED,
    }
