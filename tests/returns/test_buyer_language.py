"""The buyer's language: recorded on the order at checkout (the live room's, else the
browser's Accept-Language) and used for the order, follow-up and return emails when a
catalog exists for it; else the market's first language; else English. The catalogs are the
committed ones (crosslive/locale); Swedish has only the ad label, so it reads as English."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.mail import languages
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Market
from crosslive.orders import notifications
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns.models import ReturnRequest
from crosslive.settings import Settings
from tests.factories import Shop, checkout_body
from tests.orders.test_checkout import add, checkout
from tests.returns.follow_up_helpers import follow_up_then_return, make_shirt_apparel
from tests.returns.return_helpers import delivered_order, set_us_market


def _languages(factory: sessionmaker[Session], *codes: str) -> None:
    with transaction(factory) as db:
        db.execute(update(Market).where(Market.code == "US").values(languages=list(codes)))


def _subjects(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(OutboxEmail.subject).order_by(OutboxEmail.id)))


def test_checkout_records_the_live_rooms_language_else_accept_language(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m)
    sent = checkout(app_client, "lang-0001", checkout_body(language="DE"))
    assert sent.status_code == 201, sent.text
    add(app_client, shop.lamp)
    app_client.headers["Accept-Language"] = "pt-br,pt;q=0.8,en;q=0.5"
    from_header = checkout(app_client, "lang-0002")
    assert from_header.status_code == 201, from_header.text
    db.expire_all()
    assert list(db.scalars(select(Order.language).order_by(Order.id))) == ["de", "pt-BR"]


def test_a_bad_language_is_refused_and_nothing_is_ordered(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m)
    refused = checkout(app_client, "lang-0003", checkout_body(language="<script>"))
    assert refused.status_code == 422
    assert "is not a language code like en, de or pt-BR" in refused.text
    assert db.scalar(select(func.count(Order.id))) == 0


def test_the_email_language_prefers_the_buyers_own_when_translated() -> None:
    assert languages.email_language("de-AT", ["fr", "en"]) == "de-AT"
    assert languages.email_language("ja", ["fr", "en"]) == "ja"
    assert languages.email_language("sv", ["fr", "en"]) == "fr"  # no Swedish pages
    assert languages.email_language("pt-BR", ["es", "en"]) == "pt-BR"
    assert languages.translations("pt-BR").gettext("{store}: your order") == "{store}: seu pedido"
    assert languages.email_language("en-GB", ["de"]) == "en-GB"  # English is the source
    assert languages.email_language("", ["de"]) == "de"
    assert languages.email_language("sv", []) == "en"


def test_order_follow_up_and_return_emails_follow_the_buyers_language(
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    make_shirt_apparel(session_factory)
    set_us_market(session_factory)
    _languages(session_factory, "en")
    german = delivered_order(session_factory, shop, shop.shirt_m, language="de")
    english = delivered_order(session_factory, shop, shop.shirt_m, language="sv")
    for delivered in (german, english):
        order = db.get(Order, delivered.order_id)
        assert order is not None
        notifications.queue_confirmation(db, order, store_name="Acme", links=links)
        follow_up_then_return(db, settings, links, order, delivered.line_id)
        db.commit()
    subjects = _subjects(db)
    ref_de, ref_en = db.scalars(select(ReturnRequest.reference).order_by(ReturnRequest.id))
    assert subjects == [
        "Acme: Ihre Bestellung CL-" + subjects[0].rsplit("CL-", 1)[1],
        "Acme Outfitters: Wie passt es?",
        f"Acme Outfitters: Ihre Rücksendung {ref_de} ist eingegangen",
        "Acme: your order CL-" + subjects[3].rsplit("CL-", 1)[1],
        "Acme Outfitters: how does it fit?",
        f"Acme Outfitters: we received your return request {ref_en}",
    ]
    follow_up = db.scalars(select(OutboxEmail).where(OutboxEmail.subject.contains("Wie"))).one()
    assert "Wie passt es?" in follow_up.text_body


def test_without_a_language_on_the_order_the_markets_first_is_used(
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _languages(session_factory, "de", "en")
    delivered = delivered_order(session_factory, shop, shop.lamp)
    order = db.get(Order, delivered.order_id)
    assert order is not None and order.language == ""
    notifications.queue_confirmation(db, order, store_name="Acme", links=links)
    assert _subjects(db)[0].startswith("Acme: Ihre Bestellung CL-")


def test_a_dutch_buyers_emails_are_written_in_dutch(
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    make_shirt_apparel(session_factory)
    set_us_market(session_factory)
    _languages(session_factory, "en")
    dutch = delivered_order(session_factory, shop, shop.shirt_m, language="nl-NL")
    order = db.get(Order, dutch.order_id)
    assert order is not None
    notifications.queue_confirmation(db, order, store_name="Acme", links=links)
    follow_up_then_return(db, settings, links, order, dutch.line_id)
    db.commit()
    subjects = _subjects(db)
    reference = db.scalars(select(ReturnRequest.reference)).one()
    assert subjects == [
        "Acme: je bestelling CL-" + subjects[0].rsplit("CL-", 1)[1],
        "Acme Outfitters: hoe past het?",
        f"Acme Outfitters: we hebben je retourverzoek {reference} ontvangen",
    ]
    bodies = list(db.scalars(select(OutboxEmail.text_body).order_by(OutboxEmail.id)))
    assert "Bedankt voor je bestelling bij Acme" in bodies[0]
    assert "Hoe past het?" in bodies[1] and "How does it fit?" not in bodies[1]
