"""Return and follow-up emails, and the return pages, name the item by its product's approved
title in the buyer's language, as the order emails and page do (an unapproved draft or another
language keeps the title the item was bought under)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.content import service as content
from crosslive.db import transaction
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.follow_up_helpers import follow_up_then_return, make_shirt_apparel
from tests.returns.return_helpers import delivered_order, set_us_market, token


def _emails(db: Session) -> list[OutboxEmail]:
    db.expire_all()
    return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_return_and_follow_up_emails_name_the_german_title(
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    make_shirt_apparel(session_factory)
    set_us_market(session_factory)
    with transaction(session_factory) as tx:
        variant = tx.get(Variant, shop.shirt_m)
        assert variant is not None
        content.save(tx, shop.seller_id, "product", variant.product_id, "title", "de", "Leinenhemd")
    for language in ("de", "en"):
        delivered = delivered_order(session_factory, shop, shop.shirt_m, language=language)
        order = db.get(Order, delivered.order_id)
        assert order is not None
        follow_up_then_return(db, settings, links, order, delivered.line_id)
        db.commit()
    follow_de, return_de, follow_en, return_en = _emails(db)
    for email in (follow_de, return_de):
        assert "Leinenhemd" in email.text_body, email.text_body
        assert email.html_body is not None and "Leinenhemd" in email.html_body
        assert "Linen Shirt" not in email.text_body
    for email in (follow_en, return_en):
        assert "Linen Shirt" in email.text_body and "Leinenhemd" not in email.text_body


def test_the_return_pages_name_the_item_by_its_title_in_the_buyers_language(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
) -> None:
    set_us_market(session_factory)
    with transaction(session_factory) as tx:
        variant = tx.get(Variant, shop.shirt_m)
        assert variant is not None
        content.save(tx, shop.seller_id, "product", variant.product_id, "title", "de", "Leinenhemd")
    delivered = delivered_order(session_factory, shop, shop.shirt_m, language="de")
    key = token(links, delivered.public_id)
    german = {"Accept-Language": "de"}
    # As the order page names it, which links here.
    assert "Leinenhemd" in app_client.get(f"/orders/{key}", headers=german).text
    form = app_client.get(f"/orders/{key}/return", headers=german)
    assert form.status_code == 200
    assert "Leinenhemd" in form.text and "Linen Shirt" not in form.text
    fields = {"line": str(delivered.line_id), "quantity": "1", "reason": "changed_mind"}
    outcome = app_client.post(f"/orders/{key}/return", data=fields, headers=german)
    assert outcome.status_code == 200, outcome.text
    assert "Leinenhemd" in outcome.text and "Linen Shirt" not in outcome.text
