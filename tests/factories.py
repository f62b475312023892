"""Test data and logins shared by every domain's tests (plain functions, not fixtures).

Stores, staff and logins first; then the data each domain's tests build on: bare products,
a store planned for shows (`make_store`), a shop with a show on sale (`make_shop`).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import column, insert, select, table
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.catalog.models import Product, Variant, VariantPrice
from crosslive.db import UTCDateTime, transaction, utcnow
from crosslive.fit.sizes import SizeSystem
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.orders import proof
from crosslive.shows.models import Show, ShowProduct
from tests.conftest import PASSWORD

WHEN = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)

# --- stores, staff, logins ----------------------------------------------------------------


def other_store(
    session_factory: sessionmaker[Session], *, currency: str = "USD"
) -> dict[str, str | int]:
    """A second store, Globex, with its owner."""
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(
            db, slug="globex", name="Globex", base_currency=currency
        )
        user = auth_service.create_staff(
            db, seller, email="owner@globex.test", name="Gus", password=PASSWORD, role=Role.OWNER
        )
        return {"seller_id": seller.id, "user_id": user.id, "email": user.email}


def add_staff(
    session_factory: sessionmaker[Session],
    seller_id: int,
    email: str,
    role: Role = Role.HOST,
    name: str = "Hana",
) -> str:
    """A staff account in the store; returns its email (the password is PASSWORD)."""
    with transaction(session_factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        auth_service.create_staff(db, seller, email=email, name=name, password=PASSWORD, role=role)
    return email


def login_headers(client: TestClient, email: str) -> dict[str, str]:
    """Log in through the API; the bearer header for the session."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def login_form(client: TestClient, email: str, **fields: str) -> dict[str, str]:
    """What the admin's login form submits for EMAIL, with the form's CSRF token (the client
    keeps the pre-login cookie the login page sets)."""
    token = csrf_of(client.get("/admin/login").text)
    return {"email": email, "password": PASSWORD, "csrf_token": token, **fields}


def page_login(client: TestClient, email: str) -> str:
    """Log the test client in through the admin form; returns the pages' CSRF token."""
    response = client.post("/admin/login", data=login_form(client, email))
    assert response.status_code == 200, response.text
    return csrf_of(client.get("/admin").text)


def csrf_of(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]


# --- catalog ------------------------------------------------------------------------------


def add_product(db: Session, seller_id: int, handle: str, title: str = "") -> int:
    """A bare product row (no variants, prices or pictures)."""
    product = Product(seller_id=seller_id, handle=handle, title=title or handle.title())
    db.add(product)
    db.flush()
    return product.id


# --- a store planning shows ---------------------------------------------------------------


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
    """Owner, two hosts and a moderator; three products; the US, EU and JP markets."""

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
    product_ids = tuple(
        add_product(db, seller.id, f"{prefix}-{name.lower().replace(' ', '-')}", f"{prefix} {name}")
        for name in ("Linen Shirt", "Silk Scarf", "Wool Coat")
    )
    db.add_all(
        Market(seller_id=seller.id, code=code, name=name, currency=cur, size_system=size)
        for code, name, cur, size in (
            ("US", "United States", "USD", SizeSystem.US),
            ("EU", "European Union", "EUR", SizeSystem.EU),
            ("JP", "Japan", "JPY", SizeSystem.JP),
        )
    )
    db.flush()
    return Store(
        seller_id=seller.id,
        owner_id=owner_id,
        host_id=host_id,
        cohost_id=cohost_id,
        moderator_id=moderator_id,
        product_ids=product_ids,
        market_codes=("US", "EU", "JP"),
    )


def store_for(session_factory: sessionmaker[Session], seller_id: int, prefix: str) -> Store:
    """`make_store` for an existing store, in its own transaction."""
    with transaction(session_factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        return make_store(db, seller, prefix)


# --- a shop with a show on sale -----------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    seller_id: int
    show_id: int
    show_slug: str
    shirt_m: int  # 5 in stock, USD 25.00 / EUR 23.00
    shirt_l: int  # 1 in stock (the last unit), USD 25.00 / EUR 23.00
    lamp: int  # 3 in stock, USD 40.00 only
    hidden: int  # in stock and priced, but not in the show's line-up


def _variant(product: Product, label: str, stock: int, prices: dict[str, int]) -> Variant:
    variant = Variant(
        seller_id=product.seller_id, sku=f"{product.handle}-{label}".lower(), option1=label
    )
    variant.stock = stock
    variant.prices = [VariantPrice(currency=c, amount_minor=a) for c, a in prices.items()]
    product.variants.append(variant)
    return variant


def _shop_markets(db: Session, seller: Seller) -> None:
    for code, name, currency, countries in (
        ("US", "United States", "USD", ["US"]),
        ("EU", "Europe", "EUR", ["DE", "FR"]),
        ("HK", "Hong Kong", "USD", ["HK"]),
    ):
        db.add(
            Market(
                seller_id=seller.id,
                code=code,
                name=name,
                currency=currency,
                countries=countries,
                size_system=SizeSystem.US,
            )
        )


def make_shop(factory: sessionmaker[Session], seller_slug: str = "acme") -> Shop:
    """A store (made if missing) with US/EU/HK markets and a show selling a shirt and a lamp."""
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, seller_slug) or auth_service.create_seller(
            db, slug=seller_slug, name=f"{seller_slug.title()} Outfitters"
        )
        _shop_markets(db, seller)
        shirt = Product(
            seller_id=seller.id,
            handle=f"{seller_slug}-shirt",
            title="Linen Shirt",
            option_names=["Size"],
        )
        lamp = Product(seller_id=seller.id, handle=f"{seller_slug}-lamp", title="Lamp")
        hidden = Product(seller_id=seller.id, handle=f"{seller_slug}-hidden", title="Hidden")
        m = _variant(shirt, "M", 5, {"USD": 2500, "EUR": 2300})
        big = _variant(shirt, "L", 1, {"USD": 2500, "EUR": 2300})
        lamp_v = _variant(lamp, "Default", 3, {"USD": 4000})
        hidden_v = _variant(hidden, "Default", 9, {"USD": 100})
        db.add_all([shirt, lamp, hidden])
        show = Show(
            seller_id=seller.id,
            slug="spring-drop",
            title="Spring drop",
            scheduled_at=datetime(2026, 12, 1, 18, tzinfo=UTC),
        )
        show.lineup = [
            ShowProduct(product=shirt, position=1),
            ShowProduct(product=lamp, position=2),
        ]
        db.add(show)
        db.flush()
        return Shop(seller.id, show.id, show.slug, m.id, big.id, lamp_v.id, hidden_v.id)


ADDRESS_US = {
    "line1": "1 Main St",
    "line2": "",
    "city": "Springfield",
    "region": "IL",
    "postal_code": "62701",
    "country": "US",
}


def checkout_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "market": "US",
        "email": "ana@example.com",
        "name": "Ana Buyer",
        "address": dict(ADDRESS_US),
        "payment_method": "manual",
    }
    body.update(changes)
    return body


def confirmed(client: Any, checkout_url: str, body: dict[str, object]) -> dict[str, object]:
    """BODY as the buyer's page sends it to CHECKOUT_URL: with the cart's total, as the
    buyer confirmed it, and a solved checkout challenge (crosslive.orders.proof)."""
    path, _, query = checkout_url.partition("?")
    params = dict(urllib.parse.parse_qsl(query))
    market = str(body.get("market", "US"))
    cart = client.get(f"{path.removesuffix('/checkout')}/cart", params={**params, "market": market})
    answer = client.post(f"{path}/challenge", params=params, json={"market": market})
    assert answer.status_code == 200, answer.text
    challenge = answer.json()
    nonce = proof.solve(challenge["challenge"], challenge["bits"])
    shown = cart.json() if cart.status_code == 200 else {}
    total = shown.get("breakdown", {}).get("total_minor", 0)
    currency = shown.get("currency", "USD")
    return {
        **body,
        "confirmed_total_minor": total,
        "currency": currency,
        "proof": {"challenge": challenge["challenge"], "nonce": nonce},
    }


def signed_link_target(url: str) -> str:
    """What a signed buyer link opens: its URL up to the payload. Two links to one order made
    in different seconds differ only in the time and signature after it."""
    return url.rsplit(".", 2)[0]


def routed_warehouse(
    db: Session, seller_id: int, market: Market, code: str, country: str, days: tuple[int, int]
) -> Warehouse:
    """A warehouse named CODE in COUNTRY that ships to MARKET in DAYS (min, max)."""
    warehouse = Warehouse(seller_id=seller_id, code=code, name=code, city=code, country=country)
    db.add(warehouse)
    db.flush()
    db.add(
        WarehouseRoute(
            market_id=market.id,
            warehouse_id=warehouse.id,
            delivery_days_min=days[0],
            delivery_days_max=days[1],
        )
    )
    return warehouse


# The columns sellers has had since the first migration.
_FIRST_SELLERS = table(
    "sellers",
    column("id"),
    column("slug"),
    column("name"),
    column("base_currency"),
    column("created_at", UTCDateTime()),
)


def old_seller(db: Session, slug: str = "acme") -> int:
    """A store in a database migrated only part of the way, written with the columns sellers
    has had since 0001 (the model's later columns are not in that table yet); its id."""
    values = {"slug": slug, "name": slug.title(), "base_currency": "USD", "created_at": utcnow()}
    db.execute(insert(_FIRST_SELLERS).values(**values))
    seller_id: int = db.scalars(
        select(_FIRST_SELLERS.c.id).where(_FIRST_SELLERS.c.slug == slug)
    ).one()
    return seller_id
