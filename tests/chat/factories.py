"""A ready live room: a store with markets, warehouses, a product, credentials and a show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog.models import (
    Category,
    Lighting,
    Product,
    ProductImage,
    SizeChartRow,
    Variant,
    VariantPrice,
)
from crosslive.db import transaction, utcnow
from crosslive.fit.sizes import SizeSystem
from crosslive.markets.models import LabelPaidBy, Market, Warehouse, WarehouseRoute
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowHost
from crosslive.trust.evidence import store_evidence
from crosslive.trust.models import Credential, CredentialType

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date.today()


@dataclass
class Room:
    seller_id: int
    show_id: int
    slug: str
    product_id: int
    second_product_id: int
    host_email: str
    moderator_email: str
    other_host_email: str
    credentials: dict[str, int]


def _staff(db: Session, seller: Seller, email: str, name: str, role: Role) -> StaffUser:
    return auth_service.create_staff(
        db, seller, email=email, name=name, password=PASSWORD, role=role
    )


def _markets(db: Session, seller_id: int) -> None:
    la = Warehouse(
        seller_id=seller_id,
        code="LA",
        name="Los Angeles warehouse",
        city="Los Angeles",
        country="US",
    )
    ldn = Warehouse(
        seller_id=seller_id, code="LDN", name="London warehouse", city="London", country="GB"
    )
    rtm = Warehouse(
        seller_id=seller_id, code="RTM", name="Rotterdam warehouse", city="Rotterdam", country="NL"
    )
    tyo = Warehouse(
        seller_id=seller_id, code="TYO", name="Tokyo warehouse", city="Tokyo", country="JP"
    )
    db.add_all([la, ldn, rtm, tyo])
    db.flush()
    us = Market(
        seller_id=seller_id,
        code="US",
        name="United States",
        currency="USD",
        languages=["en"],
        countries=["US"],
        size_system=SizeSystem.US,
        return_window_days=30,
        return_label_paid_by=LabelPaidBy.SELLER,
        return_warehouse_id=la.id,
        trust_weights={"sales_proof": 5, "reviews": 5, "certification": 3},
    )
    eu = Market(
        seller_id=seller_id,
        code="EU",
        name="European Union",
        currency="EUR",
        languages=["de", "fr", "nl"],
        countries=["DE", "FR", "NL"],
        size_system=SizeSystem.EU,
        return_window_days=14,
        return_label_paid_by=LabelPaidBy.BUYER,
        return_warehouse_id=rtm.id,
        trust_weights={"certification": 5, "sales_proof": 2},
    )
    jp = Market(
        seller_id=seller_id,
        code="JP",
        name="Japan",
        currency="JPY",
        languages=["ja"],
        countries=["JP"],
        size_system=SizeSystem.JP,
        return_window_days=7,
        return_label_paid_by=LabelPaidBy.SELLER,
        return_warehouse_id=tyo.id,
    )
    db.add_all([us, eu, jp])
    db.flush()
    db.add_all(
        [
            WarehouseRoute(
                market_id=us.id, warehouse_id=la.id, delivery_days_min=2, delivery_days_max=3
            ),
            WarehouseRoute(
                market_id=eu.id, warehouse_id=ldn.id, delivery_days_min=3, delivery_days_max=6
            ),
            WarehouseRoute(
                market_id=eu.id, warehouse_id=rtm.id, delivery_days_min=2, delivery_days_max=4
            ),
            WarehouseRoute(
                market_id=jp.id, warehouse_id=tyo.id, delivery_days_min=1, delivery_days_max=2
            ),
        ]
    )


def _product(db: Session, seller_id: int, handle: str, title: str) -> Product:
    product = Product(
        seller_id=seller_id,
        handle=handle,
        title=title,
        category=Category.APPAREL,
        disclosed_flaws=["Slight colour variation between dye lots"],
        model_height_cm=170.0,
        model_weight_kg=58.0,
        model_size_worn="M",
        materials="100% linen",
    )
    product.images = [
        ProductImage(
            src="https://img.example/studio.jpg",
            alt="Studio shot",
            position=1,
            lighting=Lighting.STUDIO,
        ),
        ProductImage(
            src="https://img.example/daylight.jpg",
            alt="Window light",
            position=2,
            lighting=Lighting.NATURAL,
        ),
    ]
    product.size_chart = [
        SizeChartRow(size_label="S", position=1, measurements_cm={"chest": 96.0, "length": 68.0}),
        SizeChartRow(size_label="M", position=2, measurements_cm={"chest": 101.6, "length": 70.0}),
    ]
    db.add(product)
    db.flush()
    for position, size in enumerate(("S", "M"), start=1):
        variant = Variant(
            product_id=product.id,
            seller_id=seller_id,
            sku=f"{handle}-{size}",
            position=position,
            option1=size,
            stock=10,
        )
        variant.prices = [
            VariantPrice(currency="USD", amount_minor=4900, compare_at_minor=5900),
            VariantPrice(currency="EUR", amount_minor=4500),
            VariantPrice(currency="JPY", amount_minor=7200),
        ]
        db.add(variant)
    db.flush()
    return product


def _credentials(
    db: Session, settings: Settings, seller_id: int, product: Product
) -> dict[str, int]:
    evidence = store_evidence(db, settings, seller_id=seller_id, original_name="cert.pdf", data=PDF)
    valid = {"valid_from": TODAY - timedelta(days=100), "valid_until": TODAY + timedelta(days=300)}

    def make(key: str, ctype: CredentialType, claim: str, **kwargs: object) -> None:
        fields = {
            "issuer": "Issuer Ltd",
            "identifier": f"ID-{key}",
            "evidence_id": evidence.id,
            "all_products": True,
            **valid,
            **kwargs,
        }
        credential = Credential(seller_id=seller_id, type=ctype, claim=claim, **fields)
        db.add(credential)
        db.flush()
        made[key] = credential.id

    made: dict[str, int] = {}
    make(
        "oeko",
        CredentialType.CERTIFICATION,
        "OEKO-TEX Standard 100 certified linen",
        registry_url="https://www.oeko-tex.com/en/label-check",
    )
    make("sales", CredentialType.SALES_PROOF, "120,000 shirts sold worldwide")
    make(
        "expired",
        CredentialType.CERTIFICATION,
        "Expired lab report",
        valid_until=TODAY - timedelta(days=1),
    )
    make(
        "jp_only", CredentialType.BRAND_ENDORSEMENT, "Good Design Award Japan", market_codes=["JP"]
    )
    make("no_evidence", CredentialType.REVIEWS, "Loved by 9,000 reviewers", evidence_id=None)
    return made


def make_room(
    factory: sessionmaker[Session], settings: Settings, seller_id: int, *, sponsored: bool = False
) -> Room:
    with transaction(factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        host = _staff(db, seller, "host@acme.test", "Hana Host", Role.HOST)
        moderator = _staff(db, seller, "mod@acme.test", "Moe Moderator", Role.MODERATOR)
        other_host = _staff(db, seller, "host2@acme.test", "Not This Show", Role.HOST)
        _markets(db, seller_id)
        product = _product(db, seller_id, "linen-shirt", "Linen Shirt")
        second = _product(db, seller_id, "linen-pants", "Linen Pants")
        credentials = _credentials(db, settings, seller_id, product)
        show = Show(
            seller_id=seller_id,
            slug="spring-drop",
            title="Spring linen drop",
            scheduled_at=utcnow(),
            sponsored=sponsored,
            market_codes=["US", "EU", "JP"],
        )
        db.add(show)
        db.flush()
        db.add(ShowHost(show_id=show.id, user_id=host.id))
        db.flush()
        return Room(
            seller_id=seller_id,
            show_id=show.id,
            slug=show.slug,
            product_id=product.id,
            second_product_id=second.id,
            host_email=host.email,
            moderator_email=moderator.email,
            other_host_email=other_host.email,
            credentials=credentials,
        )


def make_other_store(factory: sessionmaker[Session]) -> dict[str, int | str]:
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="rival", name="Rival Store")
        user = _staff(db, seller, "owner@rival.test", "Rita Rival", Role.OWNER)
        product = _product(db, seller.id, "rival-shirt", "Rival Shirt")
        return {"seller_id": seller.id, "email": user.email, "product_id": product.id}


def bearer(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def viewer_headers(client: TestClient, slug: str, name: str) -> dict[str, str]:
    response = client.post(f"/api/v1/live/{slug}/viewers", json={"name": name})
    assert response.status_code == 201, response.text
    return {"X-Viewer-Token": response.json()["token"]}
