"""Create the demo store in one transaction: accounts, markets, catalog, credentials, a show.

All object creation for the demo lives here so it can later go through the domain services.
"""

from __future__ import annotations

import html
import random
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog.images import image_file, store_image
from crosslive.catalog.models import (
    Lighting,
    Product,
    ProductImage,
    SizeChartRow,
    Variant,
    VariantPrice,
)
from crosslive.db import transaction, utcnow
from crosslive.demo import catalog_data, catalog_goods, certifications_data, live_show, store_data
from crosslive.demo.catalog_data import Colour, ProductSpec
from crosslive.demo.credentials_data import (
    CredentialSpec,
    brand_and_sales,
    transparency_and_guarantees,
)
from crosslive.demo.images import PhotoKit, jpeg_bytes
from crosslive.demo.logins import DemoLogin, read_logins, write_logins
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.money import parse_amount
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowHost, ShowProduct, ShowState
from crosslive.trust.evidence import evidence_path, store_evidence
from crosslive.trust.models import Credential


@dataclass(frozen=True)
class DemoResult:
    created: bool
    store_slug: str
    store_name: str
    logins: list[DemoLogin]
    show_slug: str
    show_title: str
    show_starts_at: datetime
    live_show_slug: str
    live_show_title: str
    products: int
    credentials: int
    markets: int


def all_products() -> list[ProductSpec]:
    return [
        *catalog_data.APPAREL,
        *catalog_data.SHOES,
        *catalog_goods.BEAUTY,
        *catalog_goods.ELECTRONICS,
        *catalog_goods.HOME,
    ]


def all_credentials(today: date) -> list[CredentialSpec]:
    return [
        *brand_and_sales(today),
        *certifications_data.certifications(today),
        *transparency_and_guarantees(today),
    ]


def ensure_demo(
    factory: sessionmaker[Session], settings: Settings, *, now: datetime | None = None
) -> DemoResult:
    """Seed the demo store unless it exists; either way say how to log in and what is on."""
    now = now or utcnow()
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, store_data.STORE_SLUG)
        if seller is not None:
            return _existing(db, settings, seller, now)
    written: list[Path] = []
    try:
        with transaction(factory) as db:
            result = _seed(db, settings, now, written)
    except BaseException:
        # The rows rolled back; take the files they pointed to with them.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    write_logins(settings, store_data.STORE_SLUG, result.logins)
    return result


def _existing(db: Session, settings: Settings, seller: Seller, now: datetime) -> DemoResult:
    show = db.scalars(
        select(Show).where(Show.seller_id == seller.id, Show.slug == store_data.SHOW.slug)
    ).one()
    if show.state == ShowState.SCHEDULED and show.scheduled_at < now:
        # A demo seeded days ago still has a show about to start.
        show.scheduled_at = now + timedelta(minutes=store_data.SHOW.starts_in_minutes)
    live = live_show.ensure_live_show(db, seller, now)
    return DemoResult(
        created=False,
        store_slug=seller.slug,
        store_name=seller.name,
        logins=read_logins(settings, seller.slug),
        show_slug=show.slug,
        show_title=show.title,
        show_starts_at=show.scheduled_at,
        live_show_slug=live.slug,
        live_show_title=live.title,
        products=_count(db, Product, seller.id),
        credentials=_count(db, Credential, seller.id),
        markets=_count(db, Market, seller.id),
    )


def _count(db: Session, model: type[Product | Credential | Market], seller_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.seller_id == seller_id)
    return db.scalar(query) or 0


def _seed(db: Session, settings: Settings, now: datetime, written: list[Path]) -> DemoResult:
    seller = auth_service.create_seller(
        db, slug=store_data.STORE_SLUG, name=store_data.STORE_NAME, base_currency="USD"
    )
    owner_login = DemoLogin("owner", store_data.OWNER_EMAIL, secrets.token_urlsafe(12))
    host_login = DemoLogin("host", store_data.HOST_EMAIL, secrets.token_urlsafe(12))
    owner = _staff(db, seller, owner_login, store_data.OWNER_NAME, Role.OWNER)
    host = _staff(db, seller, host_login, store_data.HOST_NAME, Role.HOST)
    markets = _seed_markets(db, seller)
    kit = PhotoKit()
    products = {
        spec.handle: _seed_product(db, settings, seller, spec, kit, written)
        for spec in all_products()
    }
    credentials = _seed_credentials(db, settings, seller, products, now.date(), written)
    show = _seed_show(db, seller, products, hosts=(host, owner), now=now)
    live = live_show.seed_live_show(db, seller, products, host, now)
    return DemoResult(
        created=True,
        store_slug=seller.slug,
        store_name=seller.name,
        logins=[owner_login, host_login],
        show_slug=show.slug,
        show_title=show.title,
        show_starts_at=show.scheduled_at,
        live_show_slug=live.slug,
        live_show_title=live.title,
        products=len(products),
        credentials=credentials,
        markets=len(markets),
    )


def _staff(db: Session, seller: Seller, login: DemoLogin, name: str, role: Role) -> StaffUser:
    return auth_service.create_staff(
        db, seller, email=login.email, name=name, password=login.password, role=role
    )


def _seed_markets(db: Session, seller: Seller) -> list[Market]:
    warehouses = {
        spec.code: Warehouse(
            seller_id=seller.id,
            code=spec.code,
            name=spec.name,
            city=spec.city,
            country=spec.country,
        )
        for spec in store_data.WAREHOUSES
    }
    db.add_all(warehouses.values())
    db.flush()
    markets = []
    for spec in store_data.MARKETS:
        market = Market(
            seller_id=seller.id,
            code=spec.code,
            name=spec.name,
            currency=spec.currency,
            languages=list(spec.languages),
            countries=list(spec.countries),
            size_system=spec.size_system,
            return_window_days=spec.return_window_days,
            return_label_paid_by=spec.label_paid_by,
            return_warehouse_id=warehouses[spec.return_warehouse].id,
            keep_it_below_minor=parse_amount(spec.keep_it_below, spec.currency),
            required_disclosures=list(spec.disclosures),
            trust_weights=dict(spec.trust_weights),
            routes=[
                WarehouseRoute(
                    warehouse_id=warehouses[code].id, delivery_days_min=lo, delivery_days_max=hi
                )
                for code, (lo, hi) in spec.routes.items()
            ],
        )
        markets.append(market)
    db.add_all(markets)
    db.flush()
    return markets


def _store_picture(settings: Settings, data: bytes, written: list[Path]) -> str:
    src = store_image(settings, data)
    path = image_file(settings, src)
    if path is not None:
        written.append(path)
    return src


def _seed_images(
    db: Session,
    settings: Settings,
    product: Product,
    spec: ProductSpec,
    kit: PhotoKit,
    written: list[Path],
) -> dict[str, ProductImage]:
    """A studio shot per colour and a daylight shot of the first colour; by colour name."""
    by_colour: dict[str, ProductImage] = {}
    for position, colour in enumerate(spec.colours, start=1):
        layer = kit.product(spec.shape, colour.rgb)
        studio = ProductImage(
            src=_store_picture(settings, jpeg_bytes(kit.studio(layer)), written),
            alt=f"{spec.title} in {colour.name}, studio light",
            position=position,
            lighting=Lighting.STUDIO,
        )
        product.images.append(studio)
        by_colour[colour.name] = studio
        if position == 1:
            natural = kit.natural(layer, seed=len(spec.handle))
            product.images.append(
                ProductImage(
                    src=_store_picture(settings, jpeg_bytes(natural), written),
                    alt=f"{spec.title} in {colour.name}, natural daylight, unretouched",
                    position=len(spec.colours) + 1,
                    lighting=Lighting.NATURAL,
                )
            )
    db.flush()
    return by_colour


def _sku_part(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", text.upper())[:12]


def _variant(
    seller: Seller, spec: ProductSpec, colour: Colour, size: str | None, position: int
) -> Variant:
    sku = "-".join(part for part in (spec.sku, colour.code, size and _sku_part(size)) if part)
    variant = Variant(
        seller_id=seller.id,
        sku=sku,
        position=position,
        option1=colour.name,
        option2=size,
        grams=spec.grams,
        stock=random.Random(sku).randint(6, 140),
    )
    variant.prices = [
        VariantPrice(currency=currency, amount_minor=parse_amount(amount, currency))
        for currency, amount in spec.prices_for(size).items()
    ]
    return variant


def _seed_product(
    db: Session,
    settings: Settings,
    seller: Seller,
    spec: ProductSpec,
    kit: PhotoKit,
    written: list[Path],
) -> Product:
    product = Product(
        seller_id=seller.id,
        handle=spec.handle,
        title=spec.title,
        description_html=f"<p>{html.escape(spec.description)}</p>",
        vendor=store_data.STORE_NAME,
        product_type=spec.product_type,
        category=spec.category,
        tags=list(spec.tags),
        materials=spec.materials,
        option_names=spec.option_names,
        disclosed_flaws=list(spec.flaws),
        model_height_cm=spec.model.height_cm if spec.model else None,
        model_weight_kg=spec.model.weight_kg if spec.model else None,
        model_size_worn=spec.model.size_worn if spec.model else None,
    )
    db.add(product)
    db.flush()
    images = _seed_images(db, settings, product, spec, kit, written)
    sizes: tuple[str | None, ...] = spec.sizes or (None,)
    position = 0
    for colour in spec.colours:
        for size in sizes:
            position += 1
            variant = _variant(seller, spec, colour, size, position)
            variant.image_id = images[colour.name].id
            product.variants.append(variant)
    for row, (label, measures) in enumerate((spec.size_chart or {}).items(), start=1):
        product.size_chart.append(
            SizeChartRow(size_label=label, position=row, measurements_cm=dict(measures))
        )
    db.flush()
    return product


def _seed_credentials(
    db: Session,
    settings: Settings,
    seller: Seller,
    products: dict[str, Product],
    today: date,
    written: list[Path],
) -> int:
    specs = all_credentials(today)
    for spec in specs:
        record = store_evidence(
            db,
            settings,
            seller_id=seller.id,
            original_name=spec.evidence.filename,
            data=spec.evidence.render(),
        )
        written.append(evidence_path(settings, record))
        db.add(
            Credential(
                seller_id=seller.id,
                type=spec.type,
                claim=spec.claim,
                issuer=spec.issuer,
                identifier=spec.identifier,
                registry_url=spec.registry_url,
                market_codes=list(spec.market_codes),
                all_products=spec.all_products,
                valid_from=spec.valid_from,
                valid_until=spec.valid_until,
                evidence_id=record.id,
                products=[products[handle] for handle in spec.products],
            )
        )
    db.flush()
    return len(specs)


def _seed_show(
    db: Session,
    seller: Seller,
    products: dict[str, Product],
    *,
    hosts: tuple[StaffUser, ...],
    now: datetime,
) -> Show:
    spec = store_data.SHOW
    show = Show(
        seller_id=seller.id,
        slug=spec.slug,
        title=spec.title,
        description=spec.description,
        scheduled_at=now + timedelta(minutes=spec.starts_in_minutes),
        duration_minutes=spec.duration_minutes,
        language=spec.language,
        market_codes=list(spec.market_codes),
        sponsored=False,
        hosts=[ShowHost(user_id=user.id, is_lead=index == 0) for index, user in enumerate(hosts)],
        lineup=[
            ShowProduct(product_id=products[handle].id, position=position)
            for position, handle in enumerate(spec.lineup, start=1)
        ],
    )
    db.add(show)
    db.flush()
    return show
