"""An order placed in the German live room is confirmed in German: the room's page speaks the
browser's language, cart.js sends that language (<html lang>) with the checkout, and the
confirmation email is written from the German catalog."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.mail.models import OutboxEmail
from crosslive.orders.models import Order
from tests.factories import Shop, checkout_body
from tests.orders.test_checkout import add, checkout


def _page_language(client: TestClient, headers: dict[str, str]) -> str:
    html = client.get("/live/spring-drop?country=US", headers=headers).text
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_an_order_from_the_german_room_is_confirmed_in_german(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    language = _page_language(app_client, {"Accept-Language": "de-DE,de;q=0.9"})
    assert language == "de"
    add(app_client, shop.shirt_m)
    placed = checkout(app_client, "de-order-1", checkout_body(language=language))
    assert placed.status_code == 201, placed.text
    email = db.scalars(select(OutboxEmail)).one()
    assert email.subject.startswith("Acme Outfitters: Ihre Bestellung ")
    assert email.text_body.startswith("Vielen Dank für Ihre Bestellung bei Acme Outfitters, Ana")
    assert "Lieferung an:" in email.text_body and "Gesamt:" in email.text_body
    assert "Thank you" not in email.text_body
    assert email.html_body is not None and "Ihre Bestellung</a>" in email.html_body
    # The country shipped to is named in German, in the email and on the order page.
    address = email.text_body.split("Lieferung an:")[1].split("\n\n")[0]
    assert address.strip().endswith("\nVereinigte Staaten"), address
    assert "Vereinigte Staaten</p>" in email.html_body
    link = re.search(r"/orders/[\w.-]+", email.text_body)
    assert link is not None
    page = app_client.get(link.group(0), headers={"Accept-Language": "de-DE"})
    assert page.status_code == 200
    ship_to = re.search(r'<address data-testid="ship-to">(.*?)</address>', page.text, re.S)
    assert ship_to is not None and ship_to.group(1).split("<br>")[-1].strip() == (
        "Vereinigte Staaten"
    )


def test_an_order_from_an_english_room_stays_english(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    language = _page_language(app_client, {"Accept-Language": "en-GB,de;q=0.5"})
    add(app_client, shop.shirt_m)
    placed = checkout(app_client, "en-order-1", checkout_body(language=language))
    assert placed.status_code == 201, placed.text
    email = db.scalars(select(OutboxEmail)).one()
    assert email.subject.startswith("Acme Outfitters: your order ")
    assert email.text_body.startswith("Thank you for your order at Acme Outfitters, Ana")


def test_errors_a_viewer_sees_come_in_the_pages_language(
    app_client: TestClient, shop: Shop
) -> None:
    german = {"Accept-Language": "de-DE,de;q=0.9"}
    too_many = app_client.post(
        "/api/v1/shows/spring-drop/cart/items",
        json={"market": "US", "variant_id": shop.shirt_m, "quantity": 6},
        headers=german,
    )
    assert too_many.status_code == 422
    assert too_many.json() == {"detail": "Nur noch 5 von Linen Shirt übrig"}
    # The switcher's cookie wins over the browser, as on the pages.
    app_client.cookies.set("crosslive_lang", "ja")
    empty = checkout(app_client, "ja-empty-1", checkout_body())
    assert empty.status_code == 422 and empty.json() == {"detail": "カートは空です"}
    # A message the catalogs do not translate stays as written.
    app_client.cookies.set("crosslive_lang", "de")
    unknown = app_client.get("/api/v1/shows/no-such-show/cart", params={"market": "US"})
    assert unknown.status_code == 404 and "Ausverkauft" not in unknown.text
    assert unknown.json()["detail"].isascii()


def test_the_pay_by_deadline_is_written_the_german_way_in_utc(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m)
    placed = checkout(app_client, "de-deadline-1", checkout_body(language="de"))
    assert placed.status_code == 201, placed.text
    order = db.scalars(select(Order)).one()
    assert order.hold_until is not None
    german = re.compile(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC")
    email = db.scalars(select(OutboxEmail)).one()
    deadline = german.search(email.text_body)
    assert deadline is not None and deadline.group(0) == i18n.format_utc(order.hold_until, "de")
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", email.text_body) is None
    page = app_client.get(
        placed.json()["url"].removeprefix("http://127.0.0.1:8000"),
        headers={"Accept-Language": "de-DE,de;q=0.9"},
    )
    assert deadline.group(0) in page.text
