"""The contract every payment provider passes (parametrised over the offered providers)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive.errors import Conflict, InvalidInput
from crosslive.orders import payments, service
from crosslive.orders.models import Order, Payment, PaymentStatus
from crosslive.orders.providers import Providers
from tests.factories import Shop
from tests.orders.lifecycle_helpers import place_order

PROVIDERS = sorted(Providers().offered())


@pytest.fixture
def order(app_client: TestClient, shop: Shop, db: Session) -> Order:
    placed = place_order(app_client, shop.shirt_m, "attempt-0001", 2)
    return service.order_by_public_id(db, placed["public_id"])


def test_the_built_in_provider_is_manual() -> None:
    assert PROVIDERS == ["manual"]
    with pytest.raises(InvalidInput, match="unknown payment method 'cash'; choose manual"):
        Providers().for_checkout("cash")


@pytest.mark.parametrize("name", PROVIDERS)
def test_provider_contract(name: str, order: Order, db: Session) -> None:
    provider = Providers().for_checkout(name)
    assert provider.name == name
    starts = [provider.create_payment(db, order) for _ in range(20)]
    assert len({s.reference for s in starts}) == 20  # references are unique
    start = starts[0]
    assert start.status is PaymentStatus.PENDING
    assert start.reference in start.instructions
    payment = Payment(
        provider=name,
        reference=start.reference,
        amount_minor=order.total_minor,
        currency=order.currency,
        status=start.status,
    )
    assert provider.confirm(db, payment, {}) is PaymentStatus.PAID
    payment.status = PaymentStatus.PAID
    with pytest.raises(Conflict):
        provider.confirm(db, payment, {})
    with pytest.raises(InvalidInput):
        provider.refund(db, payment, order.total_minor + 1, reference="BANK-1", key="k-000001")
    with pytest.raises(InvalidInput):
        provider.refund(db, payment, 0, reference="BANK-1", key="k-000001")
    done = provider.refund(db, payment, order.total_minor, reference=" BANK-1 ", key="k-000001")
    assert done == "BANK-1"  # the refund's reference (a card provider returns its own)
    pending = Payment(provider=name, reference="x", amount_minor=1, currency="USD")
    pending.status = PaymentStatus.PENDING
    with pytest.raises(Conflict):
        provider.refund(db, pending, 1, reference="BANK-1", key="k-000001")


def test_manual_instructions_name_the_amount_and_reference(order: Order, db: Session) -> None:
    start = payments.ManualBankTransfer().create_payment(db, order)
    assert start.instructions == (
        f"Transfer $50.00 quoting reference {start.reference}.\n"
        "The store will email you its bank details."
    )
