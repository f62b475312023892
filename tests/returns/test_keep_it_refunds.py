"""Keep-it refunds: a card order is refunded at the buyer's confirmation through Stripe (once,
key `return-<id>`); a bank-transfer order waits for the store, and the buyer is told when."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Payment, PaymentStatus, Refund
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.settings import Settings
from tests.factories import Shop
from tests.orders.stripe_server import SECRET_KEY, LocalStripe, local_stripe
from tests.returns.return_helpers import delivered_order, returns_url, set_us_market, token


@pytest.fixture
def stripe_api() -> Iterator[LocalStripe]:
    with local_stripe() as server:
        yield server


def _card_client(settings: Settings, api_base: str) -> TestClient:
    card = {**settings.model_dump(), "stripe_secret_key": SECRET_KEY, "stripe_api_base": api_base}
    return TestClient(create_app(Settings(**card)))


def _keep_it(client: TestClient, links: OrderLinks, public_id: str, line_id: int) -> int:
    url = returns_url(links, public_id)
    seen = client.post(url, json={"line_id": line_id, "reason": "defect"}).json()
    assert seen["outcome"] == "keep_it"
    confirmed = client.post(f"{url}/{seen['id']}/confirm")
    again = client.post(f"{url}/{seen['id']}/confirm")
    assert confirmed.status_code == again.status_code == 200, confirmed.text
    return int(seen["id"])


def test_a_card_orders_keep_it_is_refunded_through_stripe_at_confirmation_once(
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
    stripe_api: LocalStripe,
) -> None:
    set_us_market(session_factory, keep_it_below_minor=3000)
    order = delivered_order(session_factory, shop, shop.shirt_m, card=True)
    with _card_client(settings, stripe_api.base) as client:
        return_id = _keep_it(client, links, order.public_id, order.line_id)
    [stripe_refund] = stripe_api.state.refunds
    assert stripe_refund["amount"] == 2500
    db.expire_all()
    ret = db.get(ReturnRequest, return_id)
    assert ret is not None and ret.status is ReturnStatus.REFUNDED
    refund = db.scalars(select(Refund)).one()
    assert (refund.idempotency_key, refund.amount_minor, refund.reference) == (
        f"return-{return_id}",
        2500,
        stripe_refund["id"],
    )
    assert ret.refund_id == refund.id
    payment = db.scalars(select(Payment)).one()
    assert (payment.refunded_minor, payment.status) == (2500, PaymentStatus.REFUNDED)
    subjects = sorted(m.subject for m in db.scalars(select(OutboxEmail)))
    assert subjects == [
        "Acme Outfitters: a refund on your order",
        f"Acme Outfitters: we received your return request {ret.reference}",
    ]


def test_when_stripe_refuses_the_keep_it_waits_for_the_store(
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory, keep_it_below_minor=3000)
    order = delivered_order(session_factory, shop, shop.shirt_m, card=True)
    with _card_client(settings, "http://127.0.0.1:9") as client:
        return_id = _keep_it(client, links, order.public_id, order.line_id)
    db.expire_all()
    ret = db.get(ReturnRequest, return_id)
    assert ret is not None and ret.status is ReturnStatus.APPROVED
    assert db.scalars(select(Refund)).all() == []
    assert db.scalars(select(Payment)).one().refunded_minor == 0


def test_a_bank_transfer_keep_it_says_when_the_store_refunds(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory, keep_it_below_minor=3000)
    order = delivered_order(session_factory, shop, shop.shirt_m)
    form = {"line": str(order.line_id), "reason": "defect", "quantity": "1"}
    page = app_client.post(f"/orders/{token(links, order.public_id)}/return", data=form)
    assert page.status_code == 200, page.text
    assert "The store will refund you $25.00 within 5 days of your confirmation." in page.text
    return_id = db.scalars(select(ReturnRequest.id)).one()
    _keep_it(app_client, links, order.public_id, order.line_id)
    db.expire_all()
    ret = db.get(ReturnRequest, return_id)
    assert ret is not None and ret.status is ReturnStatus.APPROVED
    assert db.scalars(select(Refund)).all() == []
