"""Test data for shows: a store with staff, products and markets, made with the ORM models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.catalog.models import Product
from crosslive.markets.models import Market, SizeSystem
from tests.conftest import PASSWORD

WHEN = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Store:
    seller_id: int
    owner_id: int
    host_id: int
    cohost_id: int
    moderator_id: int
    product_ids: tuple[int, ...]
    market_codes: tuple[str, ...]


def make_store(db: Session, seller: Seller, prefix: str) -> Store:
    def staff(local: str, name: str, role: Role) -> int:
        email = f"{local}@{prefix}.test"
        return auth_service.create_staff(
            db, seller, email=email, name=name, password=PASSWORD, role=role
        ).id

    owner_id = next((u.id for u in seller.staff if u.role == Role.OWNER), None)
    if owner_id is None:
        owner_id = staff("owner", f"{prefix} owner", Role.OWNER)
    host_id = staff("host", "Hana Host", Role.HOST)
    cohost_id = staff("cohost", "Cole Cohost", Role.HOST)
    moderator_id = staff("mod", "Mia Moderator", Role.MODERATOR)
    products = [
        Product(
            seller_id=seller.id,
            handle=f"{prefix}-{name.lower().replace(' ', '-')}",
            title=f"{prefix} {name}",
        )
        for name in ("Linen Shirt", "Silk Scarf", "Wool Coat")
    ]
    markets = [
        Market(seller_id=seller.id, code=code, name=name, currency=cur, size_system=size)
        for code, name, cur, size in (
            ("US", "United States", "USD", SizeSystem.US),
            ("EU", "European Union", "EUR", SizeSystem.EU),
            ("JP", "Japan", "JPY", SizeSystem.JP),
        )
    ]
    db.add_all([*products, *markets])
    db.flush()
    return Store(
        seller_id=seller.id,
        owner_id=owner_id,
        host_id=host_id,
        cohost_id=cohost_id,
        moderator_id=moderator_id,
        product_ids=tuple(p.id for p in products),
        market_codes=("US", "EU", "JP"),
    )


def login(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
