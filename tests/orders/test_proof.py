"""The checkout's proof of work (crosslive.orders.proof) and the total the buyer confirmed."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant, VariantPrice
from crosslive.db import transaction
from crosslive.orders import proof
from crosslive.orders.models import CartItem, IdempotencyKey, Order, UsedChallenge
from tests.factories import Shop, checkout_body, confirmed
from tests.orders.conftest import Strict
from tests.orders.test_abuse import add, buyer

SHOW = "/api/v1/shows/spring-drop"
POLICY = proof.Policy(key="test-secret", bits=2, max_bits=2, ttl_s=300)


def post(client: TestClient, key: str, body: dict[str, Any]) -> Any:
    return client.post(f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": key})


def nothing_changed(db: Session, shop: Shop, stock: int = 5) -> None:
    db.expire_all()
    assert db.scalar(select(func.count(Order.id))) == 0
    assert db.scalar(select(func.count(IdempotencyKey.id))) == 0
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == stock
    assert db.scalar(select(func.count(CartItem.id))) == 1


def with_proof(body: dict[str, Any], token: str, bits: int = 2) -> dict[str, Any]:
    return {**body, "proof": {"challenge": token, "nonce": proof.solve(token, bits)}}


def test_a_forged_challenge_is_refused_and_nothing_changes(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    token = body["proof"]["challenge"]
    head, signature = token.rsplit(".", 1)
    # Easier terms (0 bits) under the old signature, and a token signed with another key.
    easier = head[:-2] + ("AA" if head[-2:] != "AA" else "AB")
    other_key = proof.issue(
        proof.Policy(key="not-the-secret"),
        show_id=shop.show_id,
        viewer_id="x",
        bits=0,
        now=time.time(),
    )
    for forged in (f"{easier}.{signature}", other_key, "no-dot-at-all", f"{head}.é"):
        answer = post(app_client, "forged-0001", with_proof(body, forged, 0))
        assert (answer.status_code, answer.json()) == (
            422,
            {
                "detail": "the checkout check is not valid; place the order again",
                "code": "challenge",
            },
        )
    nothing_changed(db, shop)


def test_an_expired_challenge_is_refused(app_client: TestClient, shop: Shop, db: Session) -> None:
    add(app_client, shop.shirt_m, 1)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    viewer_id = proof.read(POLICY, body["proof"]["challenge"]).viewer_id
    old = proof.issue(
        POLICY, show_id=shop.show_id, viewer_id=viewer_id, bits=2, now=time.time() - 301
    )
    answer = post(app_client, "expired-0001", with_proof(body, old))
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "the checkout check expired; place the order again",
    )
    app_client.headers["Accept-Language"] = "de"
    german = post(app_client, "expired-0003", with_proof(body, old))
    assert german.json()["detail"] == (
        "Die Bestellprüfung ist abgelaufen; bitte bestellen Sie erneut"
    )
    del app_client.headers["Accept-Language"]
    nothing_changed(db, shop)
    fresh = proof.issue(POLICY, show_id=shop.show_id, viewer_id=viewer_id, bits=2, now=time.time())
    assert post(app_client, "expired-0002", with_proof(body, fresh)).status_code == 201


def test_another_viewers_challenge_or_an_unsolved_one_is_refused(
    app_client: TestClient, other_viewer: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    add(other_viewer, shop.shirt_m, 1)
    theirs = confirmed(other_viewer, f"{SHOW}/checkout", checkout_body())
    mine = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    answer = post(app_client, "theirs-0001", {**mine, "proof": theirs["proof"]})
    assert answer.json()["detail"] == "this checkout check was made for another show or viewer"
    token = mine["proof"]["challenge"]
    wrong = next(str(n) for n in range(10_000) if not proof.meets(token, str(n), 2))
    answer = post(
        app_client, "unsolved-01", {**mine, "proof": {"challenge": token, "nonce": wrong}}
    )
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "the checkout check was not solved; place the order again",
    )
    db.expire_all()
    assert db.scalar(select(func.count(Order.id))) == 0


def test_a_spent_challenge_cannot_reserve_again_but_its_key_replays(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    first = post(app_client, "spent-0001", body)
    assert first.status_code == 201
    assert post(app_client, "spent-0001", body).json() == first.json()  # a retry replays
    add(app_client, shop.shirt_m, 1)
    again = post(app_client, "spent-0002", body)
    assert (again.status_code, again.json()) == (
        409,
        {
            "detail": "this checkout check was already used; place the order again",
            "code": "challenge",
        },
    )
    db.expire_all()
    assert db.scalar(select(func.count(Order.id))) == 1
    assert db.scalar(select(func.count(UsedChallenge.id))) == 1
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 4


def test_the_difficulty_grows_with_the_units_and_the_addresss_orders(
    strict: Strict, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    def bits(client: TestClient) -> int:
        answer = client.post(f"{SHOW}/checkout/challenge", json={"market": "US"})
        assert answer.json()["algorithm"] == "sha256-leading-zero-bits"
        return int(answer.json()["bits"])

    with transaction(session_factory) as tx:
        for variant_id in (shop.shirt_m, shop.lamp):
            variant = tx.get(Variant, variant_id)
            assert variant is not None
            variant.stock = 1000  # an address may hold 50 of each
    ana = buyer(strict.app)
    assert bits(ana) == 14
    add(ana, shop.shirt_m, 1)
    assert bits(ana) == 14
    add(ana, shop.shirt_m, 3)
    assert bits(ana) == 16  # four units: two doublings
    small = confirmed(ana, f"{SHOW}/checkout", checkout_body())
    add(ana, shop.lamp, 1)  # the order grew after its challenge: five units still 16 bits
    add(ana, shop.lamp, 2)  # seven units: 16; the challenge still fits
    add(ana, shop.lamp, 4)  # eleven units: 17 bits, more than the challenge was made for
    grown = post(ana, "grow-0001", {**small, "confirmed_total_minor": 4 * 2500 + 7 * 4000})
    assert grown.json()["detail"].startswith("the checkout check needs more work now")
    placed = post(ana, "grow-0002", confirmed(ana, f"{SHOW}/checkout", checkout_body()))
    assert placed.status_code == 201, placed.text
    bo = buyer(strict.app)  # the same address placed an order: one more bit
    assert bits(bo) == 15


def test_a_changed_price_is_shown_with_409_and_nothing_is_charged(
    app_client: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    add(app_client, shop.shirt_m, 2)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    assert (body["confirmed_total_minor"], body["currency"]) == (5000, "USD")
    with transaction(session_factory) as tx:  # the host raises the price mid-show
        price = tx.scalar(
            select(VariantPrice).where(
                VariantPrice.variant_id == shop.shirt_m, VariantPrice.currency == "USD"
            )
        )
        assert price is not None
        price.amount_minor = 2700
    answer = post(app_client, "price-0001", body)
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "The total is now $54.00. Check it and place the order again.",
        "code": "price_changed",
        "currency": "USD",
        "total_minor": 5400,
        "total": "$54.00",
        "lines": [
            {
                "variant_id": shop.shirt_m,
                "product_title": "Linen Shirt",
                "variant_label": "M",
                "quantity": 2,
                "unit_price_minor": 2700,
                "unit_price": "$27.00",
                "line_total_minor": 5400,
                "line_total": "$54.00",
            }
        ],
        # The market has no landed-cost settings: no shipping, tax or duty lines.
        "breakdown": {
            "currency": "USD",
            "subtotal_minor": 5400,
            "shipping_minor": 0,
            "tax_minor": 0,
            "tax_included": False,
            "duties_minor": 0,
            "duties_at_door_minor": 0,
            "total_minor": 5400,
            "scheme": "",
            "subtotal": "$54.00",
            "shipping": "$0.00",
            "tax": "$0.00",
            "duties": "$0.00",
            "duties_at_door": "$0.00",
            "total": "$54.00",
            "delivery": "",
        },
    }
    nothing_changed(db, shop)
    assert db.scalar(select(func.count(UsedChallenge.id))) == 0  # the same check may be used again
    wrong_currency = post(
        app_client, "price-0002", {**body, "confirmed_total_minor": 5400, "currency": "EUR"}
    )
    assert wrong_currency.json()["code"] == "price_changed"
    again = post(app_client, "price-0003", {**body, "confirmed_total_minor": 5400})
    assert (again.status_code, again.json()["total"]) == (201, "$54.00")
