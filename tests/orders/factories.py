"""A store with markets, products and a show, for orders tests (also used by e2e tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.catalog.models import Product, Variant, VariantPrice
from crosslive.db import transaction
from crosslive.markets.models import Market, SizeSystem
from crosslive.shows.models import Show, ShowProduct

PASSWORD = "correct horse battery"


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


def _markets(db: Session, seller: Seller) -> None:
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
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, seller_slug) or auth_service.create_seller(
            db, slug=seller_slug, name=f"{seller_slug.title()} Outfitters"
        )
        _markets(db, seller)
        shirt = Product(seller_id=seller.id, handle=f"{seller_slug}-shirt", title="Linen Shirt")
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


def make_staff(factory: sessionmaker[Session], seller_id: int, email: str, role: Role) -> None:
    with transaction(factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        auth_service.create_staff(db, seller, email=email, name=email, password=PASSWORD, role=role)


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
        "email": "ana@example.test",
        "name": "Ana Buyer",
        "address": dict(ADDRESS_US),
        "payment_method": "manual",
    }
    body.update(changes)
    return body
