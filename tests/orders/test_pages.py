from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.mail.models import OutboxEmail
from tests.factories import Shop, checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"
XSS_NAME = '<script>alert("name")</script>'
XSS_LINE = "<img src=x onerror=alert(1)>"
XSS_CITY = "\"><svg onload=alert('city')>"


def test_confirmation_page_and_email_render_payloads_as_inert_text(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    app_client.post(f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.shirt_m})
    address = {
        "line1": XSS_LINE,
        "line2": "",
        "city": XSS_CITY,
        "region": "IL",
        "postal_code": "62701",
        "country": "US",
    }
    response = app_client.post(
        f"{SHOW}/checkout",
        json=confirmed(
            app_client, f"{SHOW}/checkout", checkout_body(name=XSS_NAME, address=address)
        ),
        headers={"Idempotency-Key": "attempt-0001"},
    )
    assert response.status_code == 201, response.text
    order = response.json()
    page = app_client.get(order["url"].removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    for payload in (XSS_NAME, XSS_LINE, XSS_CITY):
        assert payload not in page.text
        assert str(escape(payload)) in page.text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert order["payment"]["reference"] in page.text
    assert "$25.00" in page.text

    email = db.scalar(select(OutboxEmail))
    assert email is not None
    for payload in (XSS_NAME, XSS_LINE, XSS_CITY):
        assert payload not in email.html_body
        assert str(escape(payload)) in email.html_body
        assert payload in email.text_body  # plain text is not HTML: shown as typed


def test_unknown_order_page_is_404(app_client: TestClient, shop: Shop) -> None:
    response = app_client.get("/orders/not-a-real-order-id")
    assert response.status_code == 404
    assert "This order link does not work" in response.text and "no such order" in response.text


def test_cart_page_mounts_the_cart_for_the_market(app_client: TestClient, shop: Shop) -> None:
    page = app_client.get("/shows/spring-drop/cart", params={"market": "EU"})
    assert page.status_code == 200
    assert 'data-show="spring-drop" data-market="EU"' in page.text
    # The page's module (a file: the page policy allows no inline module) mounts cart.js.
    assert '<script type="module" src="/static/shop/cart-page.js"></script>' in page.text
    module = app_client.get("/static/shop/cart-page.js")
    assert 'import { mountCart } from "/static/shop/cart.js";' in module.text
    assert app_client.get("/static/shop/cart.js").status_code == 200
    missing = app_client.get("/shows/spring-drop/cart", params={"market": "BR"})
    assert missing.status_code == 422


def test_a_german_buyer_reads_a_german_sentence_about_an_unpaid_order(
    app_client: TestClient, shop: Shop
) -> None:
    """'Ihre Bestellung ist' + the status reads as one sentence (not 'ist wartet auf ...')."""
    app_client.post(f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.shirt_m})
    response = app_client.post(
        f"{SHOW}/checkout",
        json=confirmed(app_client, f"{SHOW}/checkout", checkout_body()),
        headers={"Idempotency-Key": "attempt-german-1"},
    )
    assert response.status_code == 201, response.text
    url = response.json()["url"].removeprefix("http://127.0.0.1:8000")
    page = app_client.get(url, headers={"Accept-Language": "de-DE"}).text
    assert '<html lang="de"' in page
    status = re.search(r"Ihre Bestellung ist <strong[^>]*>([^<]*)</strong>\.", page)
    assert status is not None and status.group(1) == "noch nicht bezahlt"


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        ("zh-CN", "您的订单状态：等待付款。我们已将确认邮件发送至 ana@example.com。"),
        ("ja-JP", "ご注文の状況：お支払い待ち。確認メールを ana@example.com に送信しました。"),
        (
            "en-US",
            "Your order is waiting for your payment. We sent a confirmation to ana@example.com.",
        ),
    ],
)
def test_the_order_status_reads_as_whole_sentences_in_each_language(
    app_client: TestClient, shop: Shop, language: str, sentences: str
) -> None:
    """The status and the address sit inside each language's own sentence, with its own full
    stop (Chinese and Japanese end with 。, not an English '.' after the status)."""
    app_client.post(f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.shirt_m})
    response = app_client.post(
        f"{SHOW}/checkout",
        json=confirmed(app_client, f"{SHOW}/checkout", checkout_body()),
        headers={"Idempotency-Key": f"attempt-{language}"},
    )
    assert response.status_code == 201, response.text
    url = response.json()["url"].removeprefix("http://127.0.0.1:8000")
    page = app_client.get(url, headers={"Accept-Language": language}).text
    found = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S)
    assert found is not None
    assert re.sub(r"<[^>]+>", "", found.group(1)) == sentences
    assert 'data-testid="order-status" data-status="pending_payment"' in found.group(1)
