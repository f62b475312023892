"""What a checkout refuses is said in the buyer's language: the address's missing fields by the
form's own labels, the countries a market ships to by their names in that language, a bad
email address, the purchase caps, a moved total. The payment instructions are written in the
order's language, else the market's first (as the emails), never English by default."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive import i18n
from crosslive.db import transaction
from crosslive.errors import InvalidInput
from crosslive.markets.models import Market
from crosslive.orders import caps, payments, service
from crosslive.orders.models import Order
from crosslive.orders.providers import Providers
from crosslive.orders.stripe_provider import StripeCheckout, StripeConfig
from tests.factories import Shop, checkout_body, confirmed
from tests.orders.lifecycle_helpers import place_order
from tests.orders.test_checkout import add, checkout

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_a_country_the_market_does_not_ship_to_is_named_in_german(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, market="EU")
    address = {"line1": "1 High St", "city": "Leeds", "postal_code": "LS1 1AA", "country": "GB"}
    app_client.headers.update(GERMAN)
    refused = checkout(app_client, "de-addr-0001", checkout_body(market="EU", address=address))
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "Europe liefert nur in diese Länder: Deutschland und Frankreich "
        "(Land der Adresse: Vereinigtes Königreich)"
    }
    address["country"] = ""
    blank = checkout(app_client, "de-addr-0002", checkout_body(market="EU", address=address))
    assert blank.json() == {
        "detail": "Bitte wählen Sie das Lieferland: Europe liefert in diese Länder: "
        "Deutschland und Frankreich"
    }
    assert db.scalar(select(func.count(Order.id))) == 0


def test_missing_fields_are_named_by_the_forms_labels_in_japanese(
    app_client: TestClient, shop: Shop
) -> None:
    add(app_client, shop.shirt_m)
    blank = {"line1": " ", "city": "", "postal_code": "", "country": "US"}
    app_client.headers["Accept-Language"] = "ja"
    response = checkout(app_client, "ja-addr-0001", checkout_body(name="", address=blank))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == (
        "次の項目を入力してください：氏名、住所、市区町村、都道府県 / 地域、郵便番号"
    )
    assert body["fields"]["postal_code"] == "アメリカ合衆国の住所にはこの項目が必要です"


def test_a_bad_email_address_reads_french_without_the_english_reason(
    app_client: TestClient, shop: Shop
) -> None:
    add(app_client, shop.shirt_m)
    app_client.headers["Accept-Language"] = "fr-FR"
    bad = checkout(app_client, "fr-mail-0001", checkout_body(email="ana@@x"))
    assert bad.json() == {"detail": "'ana@@x' n'est pas une adresse e-mail valide"}
    listed = checkout(app_client, "fr-mail-0002", checkout_body(email="a@b.com,c@d.com"))
    assert listed.json() == {"detail": "saisissez une seule adresse e-mail, pas une liste"}


def test_caps_and_an_unknown_payment_method_are_translated() -> None:
    de = i18n.translations("de")
    try:
        caps.check_cart_size(caps.Caps(max_lines=2), 3, 1)
    except caps.OverCap as exc:
        assert (
            exc.translated(de, "de") == "Eine Bestellung umfasst höchstens 2 verschiedene Artikel"
        )
    else:
        raise AssertionError("three lines passed a cap of two")
    try:
        Providers().for_checkout("cash")
    except InvalidInput as exc:
        assert exc.translated(i18n.translations("ko"), "ko") == (
            "알 수 없는 결제 수단 'cash'입니다. manual 중에서 선택해 주세요"
        )
    else:
        raise AssertionError("an unknown payment method was taken")


def test_a_moved_total_reads_in_german(app_client: TestClient, shop: Shop) -> None:
    add(app_client, shop.shirt_m)
    app_client.headers.update(GERMAN)
    ready = confirmed(app_client, "/api/v1/shows/spring-drop/checkout", checkout_body())
    ready["confirmed_total_minor"] = 1
    moved = app_client.post(
        "/api/v1/shows/spring-drop/checkout",
        json=ready,
        headers={"Idempotency-Key": "de-total-0001"},
    )
    assert moved.status_code == 409
    assert moved.json()["detail"].startswith("Der Gesamtbetrag beträgt jetzt ")
    assert moved.json()["code"] == "price_changed"


def test_payment_instructions_without_a_recorded_language_use_the_markets(
    app_client: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    placed = place_order(app_client, shop.shirt_m, "pay-lang-0001", 2)
    with transaction(session_factory) as tx:
        tx.execute(update(Market).where(Market.code == "US").values(languages=["de", "en"]))
        tx.execute(update(Order).values(language=""))
    db.expire_all()
    order = service.order_by_public_id(db, placed["public_id"])
    start = payments.ManualBankTransfer().create_payment(db, order)
    assert start.instructions == (
        f"Überweisen Sie 50,00\xa0$ mit dem Verwendungszweck {start.reference}.\n"
        "Der Shop schickt Ihnen seine Bankverbindung per E-Mail."
    )
    card = StripeCheckout(StripeConfig("sk_test_x", "whsec_x", "http://127.0.0.1:1"))
    assert card.create_payment(db, order).instructions == (
        "Bezahlen Sie per Karte oder Wallet auf der sicheren Zahlungsseite von Stripe."
    )
    # The order's own language wins over the market's.
    order.language = "ja"
    assert "Stripe" in card.create_payment(db, order).instructions
    assert card.create_payment(db, order).instructions.endswith("。")
