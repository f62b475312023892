"""The host shows a product in the call and puts it in the viewer's cart.

Only the call's host, only a published product of the call's store, and once per variant: a
second send of the same variant (a double click, a retried request) changes nothing. The
cart is the viewer's cart of the show they asked from, priced in the market they were
shopping in, so the card lands where their page's cart already looks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Product, Variant
from crosslive.consultations import service
from crosslive.consultations.models import Consultation, ConsultationCard
from crosslive.consultations.models import ConsultationState as State
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.events import service as events
from crosslive.orders import cart as carts
from crosslive.shows.models import Show


def card_of(variant: Variant) -> dict[str, Any]:
    return {
        "variant_id": variant.id,
        "product_id": variant.product_id,
        "title": variant.product.title,
        "variant": variant.label,
    }


def _store_variant(db: Session, row: Consultation, variant_id: int) -> Variant:
    variant = db.scalar(
        select(Variant)
        .join(Product, Product.id == Variant.product_id)
        .where(
            Variant.id == variant_id,
            Variant.seller_id == row.seller_id,
            Product.published.is_(True),
        )
    )
    if variant is None:
        raise NotFound("no such product in this store")
    return variant


def send(
    db: Session,
    user: StaffUser,
    consultation_id: int,
    variant_id: int,
    now: datetime | None = None,
) -> tuple[dict[str, Any], bool]:
    """Put VARIANT in the call and one unit in the viewer's cart; (card, newly sent)."""
    now = now or utcnow()
    row = service.host_row(db, user, consultation_id)
    if row.state != State.ACCEPTED:
        raise Conflict("this video call has ended")
    variant = _store_variant(db, row, variant_id)
    sent = db.scalar(
        select(ConsultationCard).where(
            ConsultationCard.consultation_id == row.id, ConsultationCard.variant_id == variant.id
        )
    )
    if sent is not None:
        return card_of(variant), False
    if not row.market_code:
        raise InvalidInput("the viewer did not say which market they shop in")
    show = db.get(Show, row.show_id)
    assert show is not None  # the request cascades with its show
    market = carts.find_market(db, show, row.market_code)
    carts.add_item(db, row.viewer_id, show, market, variant.id, 1, lang=row.language)
    db.add(ConsultationCard(consultation_id=row.id, variant_id=variant.id, sent_at=now))
    db.flush()
    card = card_of(variant)
    data = {"consultation_id": row.id, "to": service.tag(row.viewer_id), **card}
    events.record(db, row.show_id, "consult_card", data)
    return card, True


def cards_of(db: Session, row: Consultation) -> list[dict[str, Any]]:
    query = (
        select(Variant)
        .join(ConsultationCard, ConsultationCard.variant_id == Variant.id)
        .where(ConsultationCard.consultation_id == row.id)
        .order_by(ConsultationCard.id)
    )
    return [card_of(v) for v in db.scalars(query)]


def viewer_status(db: Session, row: Consultation) -> dict[str, Any]:
    """What the viewer's page shows: the state, the host's name, the cards, the address the
    store will write to when nobody was free."""
    host = db.get(StaffUser, row.host_id) if row.host_id else None
    return {
        "consultation_id": row.id,
        "state": row.state.value,
        "host": host.name if host else "",
        "email": row.email,
        "end_reason": row.end_reason,
        "cards": cards_of(db, row),
    }


def offer(show: Show) -> list[dict[str, Any]]:
    """What the host can send into a call from SHOW: its line-up's published variants."""
    return [
        card_of(variant)
        for item in show.lineup
        if item.product.published
        for variant in item.product.variants
    ]


def _product_title(db: Session, row: Consultation) -> str:
    product = db.get(Product, row.product_id) if row.product_id else None
    return product.title if product else ""


def console_list(db: Session, user: StaffUser, now: datetime | None = None) -> list[dict[str, Any]]:
    """The console's list: the store's waiting requests, oldest first, and USER's calls."""
    service.expire_due(db, now)
    query = select(Consultation).where(
        Consultation.seller_id == user.seller_id,
        (Consultation.state == State.WAITING)
        | ((Consultation.state == State.ACCEPTED) & (Consultation.host_id == user.id)),
    )
    out = []
    for row in db.scalars(query.order_by(Consultation.id)):
        show = db.get(Show, row.show_id)
        out.append(
            {
                "consultation_id": row.id,
                "state": row.state.value,
                "language": row.language,
                "language_name": i18n.native_name(row.language),
                "market": row.market_code,
                "product": _product_title(db, row),
                "note": row.note,
                "show": show.title if show else "",
                "show_slug": show.slug if show else "",
                "requested_at": row.requested_at.isoformat(),
                "expires_at": row.expires_at.isoformat(),
                "cards": cards_of(db, row) if row.state == State.ACCEPTED else [],
                "products": offer(show) if show and row.state == State.ACCEPTED else [],
            }
        )
    return out


def inbox(db: Session, seller_id: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """The seller's inbox: requests nobody took, unhandled first, newest first."""
    service.expire_due(db, now)
    query = select(Consultation).where(
        Consultation.seller_id == seller_id, Consultation.state == State.EXPIRED
    )
    rows = db.scalars(
        query.order_by(Consultation.handled_at.is_not(None), Consultation.id.desc()).limit(200)
    )
    return [
        {
            "consultation_id": row.id,
            "email": row.email,
            "language": i18n.native_name(row.language),
            "market": row.market_code,
            "product": _product_title(db, row),
            "note": row.note,
            "requested_at": row.requested_at,
            "handled": row.handled_at is not None,
        }
        for row in rows
    ]


def mark_handled(db: Session, seller_id: int, consultation_id: int) -> None:
    row = db.get(Consultation, consultation_id)
    if row is None or row.seller_id != seller_id or row.state != State.EXPIRED:
        raise NotFound("no such request in the inbox")
    row.handled_at = row.handled_at or utcnow()
    db.flush()
