"""A review reaches every live room where its product's sheet may be open: the show it was
bought in and any show of the store on the air now with the product in its line-up, through
each show's event log (crosslive.reviews.rooms); never a show of another product or one that
is not live."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.reviews import moderation
from crosslive.reviews.models import AbuseReason
from crosslive.shows.models import Show, ShowProduct, ShowState
from tests.returns.follow_up_helpers import Buying


def _show(db: Session, buying: Buying, slug: str, state: ShowState, product_id: int) -> int:
    show = Show(
        seller_id=buying.shop.seller_id,
        slug=slug,
        title=slug,
        scheduled_at=datetime.now(UTC),
        market_codes=[],
        state=state,
    )
    show.lineup = [ShowProduct(product_id=product_id, position=1)]
    db.add(show)
    db.flush()
    return show.id


def _product(db: Session, variant_id: int | None) -> int:
    variant = db.get(Variant, variant_id)
    assert variant is not None
    return variant.product_id


def test_posting_and_hiding_tell_the_live_rooms_with_the_product(
    buying: Buying,
    buyer: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    bought = buying.delivered("review-rooms")
    shirt_product = _product(db, bought.shirt.variant_id)
    lamp_product = _product(db, bought.lamp.variant_id)
    with transaction(session_factory) as arrange:
        on_air = _show(arrange, buying, "on-air", ShowState.LIVE, shirt_product)
        later = _show(arrange, buying, "later", ShowState.SCHEDULED, shirt_product)
        other = _show(arrange, buying, "lamps", ShowState.LIVE, lamp_product)
    posted = buyer.post(bought.url, json={"line_id": bought.shirt.id, "rating": 4, "title": "Soft"})
    assert posted.status_code == 201, posted.text
    db.expire_all()
    told = db.execute(
        select(ShowEvent.show_id, ShowEvent.payload).where(ShowEvent.kind == "review_posted")
    ).all()
    review_id = posted.json()["id"]
    payload = {"review_id": review_id, "product_id": shirt_product, "rating": 4}
    assert sorted(told) == sorted([(buying.shop.show_id, payload), (on_air, payload)])
    assert later not in {s for s, _ in told} and other not in {s for s, _ in told}

    with transaction(session_factory) as change:
        moderation.hide(
            change,
            moderation.Moderator(buying.shop.seller_id, int(owner["user_id"]), "Owner"),
            review_id,
            AbuseReason.SPAM.value,
            "",
            now=datetime.now(UTC),
        )
    db.expire_all()
    hidden = db.scalars(select(ShowEvent.show_id).where(ShowEvent.kind == "review_hidden")).all()
    assert sorted(hidden) == sorted([buying.shop.show_id, on_air])
