"""Test helpers shared by the markets and trust tests (plain functions, not fixtures)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.catalog.models import Product
from crosslive.db import transaction
from tests.conftest import PASSWORD


def other_store(session_factory: sessionmaker[Session]) -> dict[str, str | int]:
    """A second store, Globex, with its owner."""
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="globex", name="Globex")
        user = auth_service.create_staff(
            db, seller, email="owner@globex.test", name="Gus", password=PASSWORD, role=Role.OWNER
        )
        return {"seller_id": seller.id, "user_id": user.id, "email": user.email}


def staff_in(
    session_factory: sessionmaker[Session], seller_id: int, email: str, role: Role = Role.HOST
) -> str:
    with transaction(session_factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        auth_service.create_staff(
            db, seller, email=email, name="Hana", password=PASSWORD, role=role
        )
    return email


def login_headers(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def add_product(db: Session, seller_id: int, handle: str, title: str = "") -> int:
    """A bare product row (the catalog domain owns the real import)."""
    product = Product(seller_id=seller_id, handle=handle, title=title or handle.title())
    db.add(product)
    db.flush()
    return product.id


def page_login(client: TestClient, email: str) -> str:
    """Log the test client in through the admin form; returns the page's CSRF token."""
    response = client.post("/admin/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return csrf_of(client.get("/admin").text)


def csrf_of(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]
