"""Create the demo store in one transaction: accounts, markets, catalog, credentials, a show.

Everything is created through the owning domains' services, so the demo obeys the same rules
as a store set up by hand.
"""

from __future__ import annotations

import html
import random
import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog import service as catalog_service
from crosslive.catalog.images import image_file
from crosslive.catalog.models import Lighting, Product, ProductImage
from crosslive.catalog.schemas import PriceIn, ProductIn, SizeChartRowIn, VariantIn
from crosslive.db import transaction, utcnow
from crosslive.demo import (
    calls,
    catalog_data,
    catalog_goods,
    certifications_data,
    chat_lines,
    clip,
    credentials_seed,
    faq_data,
    landed_data,
    live_show,
    open_work,
    past,
    returns_data,
    safety_data,
    stock_data,
    stocktake,
    store_data,
    support_data,
    translations_data,
    verified,
)
from crosslive.demo.catalog_data import Colour, ProductSpec
from crosslive.demo.credentials_data import (
    CredentialSpec,
    brand_and_sales,
    transparency_and_guarantees,
)
from crosslive.demo.images import PhotoKit, jpeg_bytes
from crosslive.demo.logins import DemoLogin, read_logins, write_logins
from crosslive.markets import service as markets_service
from crosslive.markets import warehouses as markets_warehouses
from crosslive.markets.models import Market
from crosslive.markets.schemas import MarketUpdate, RouteIn
from crosslive.money import parse_amount
from crosslive.settings import Settings
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowState
from crosslive.shows.schemas import HostsIn, ShowCreate, ShowUpdate
from crosslive.trust import service as trust_service


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
    """Seed the demo store unless it exists; either way say how to log in and what is on.
    NOW: the seeding's clock (default: the real one, read again when the seeding ends)."""
    clock = now is None
    now = now or utcnow()
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, store_data.STORE_SLUG)
        if seller is not None:
            return _existing(db, settings, seller, now)
    written: list[Path] = []
    try:
        with transaction(factory) as db:
            result = _seed(db, settings, now, written)
            if clock:
                result = still_ahead(db, result)
    except BaseException:
        # The rows rolled back; take the files they pointed to with them.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    write_logins(settings, store_data.STORE_SLUG, result.logins)
    return result


def still_ahead(db: Session, result: DemoResult) -> DemoResult:
    """The coming show still starts SHOW.starts_in_minutes after the seeding ends: on a slow
    machine the seeding takes minutes, and the show it set for five minutes after its start
    would be due before anyone could open it."""
    starts = utcnow() + timedelta(minutes=store_data.SHOW.starts_in_minutes)
    if result.show_starts_at >= starts:
        return result
    seller = auth_service.find_seller(db, result.store_slug)
    assert seller is not None  # the seeding made it, in this transaction
    show = shows_service.get_show(db, seller.id, result.show_slug)
    show = shows_service.update_show(db, show, ShowUpdate(scheduled_at=starts))
    return replace(result, show_starts_at=show.scheduled_at)


def _existing(db: Session, settings: Settings, seller: Seller, now: datetime) -> DemoResult:
    show = shows_service.get_show(db, seller.id, store_data.SHOW.slug)
    if show.state == ShowState.SCHEDULED and show.scheduled_at < now:
        # A demo seeded days ago still has a show about to start.
        starts = now + timedelta(minutes=store_data.SHOW.starts_in_minutes)
        show = shows_service.update_show(db, show, ShowUpdate(scheduled_at=starts))
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
        products=catalog_service.count_products(db, seller.id),
        credentials=len(trust_service.list_credentials(db, seller.id)),
        markets=len(markets_service.list_markets(db, seller.id)),
    )


def _seed(
    db: Session,
    settings: Settings,
    now: datetime,
    written: list[Path],
) -> DemoResult:
    seller = auth_service.create_seller(
        db, slug=store_data.STORE_SLUG, name=store_data.STORE_NAME, base_currency="USD"
    )
    owner_login = DemoLogin("owner", store_data.OWNER_EMAIL, secrets.token_urlsafe(12))
    host_login = DemoLogin("host", store_data.HOST_EMAIL, secrets.token_urlsafe(12))
    owner = _staff(db, seller, owner_login, store_data.OWNER_NAME, Role.OWNER)
    host = _staff(db, seller, host_login, store_data.HOST_NAME, Role.HOST)
    host.paid_by_brand = True  # the brand pays its host: the live room discloses it (FTC)
    markets = _seed_markets(db, seller.id)
    support_data.seed_support(markets)
    landed_data.seed_landed(db, seller.id)
    faq_data.seed_faq(db, settings, seller.id)
    returns_data.seed_lanes(db, owner, markets)
    kit = PhotoKit()
    products = {
        spec.handle: _seed_product(db, settings, seller, spec, kit, written)
        for spec in all_products()
    }
    stock_data.seed_regional_stock(db, seller.id, list(products.values()))
    product_ids = {handle: product.id for handle, product in products.items()}
    credentials = all_credentials(now.date())
    credentials_seed.seed_credentials(db, settings, seller.id, product_ids, credentials, written)
    clip.seed_clip(db, settings, seller.id, written)
    verified.seed_verifications(db, owner)
    show = _seed_show(db, seller.id, product_ids, lead=host, co_host=owner, now=now)
    open_work.ask_before_show(db, show.id)
    live = live_show.seed_live_show(db, seller, products, host, now)
    translations_data.seed_translations(db, seller.id, product_ids, live.id)
    safety_data.seed_warnings(db, seller.id, all_products(), product_ids)
    chat_lines.seed_chat(db, live.id)
    calls.seed_calls(db, live, now)
    past.build_past(db, settings, seller, owner=owner, host=host, products=products, now=now)
    stocktake.count_stock(db, seller.id, products)
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
        credentials=len(credentials),
        markets=len(markets),
    )


def _staff(db: Session, seller: Seller, login: DemoLogin, name: str, role: Role) -> StaffUser:
    return auth_service.create_staff(
        db, seller, email=login.email, name=name, password=login.password, role=role
    )


# --- markets ------------------------------------------------------------------------------


def _seed_markets(db: Session, seller_id: int) -> list[Market]:
    warehouse_ids = {
        spec.code: markets_warehouses.create_warehouse(db, seller_id, spec).id
        for spec in store_data.WAREHOUSES
    }
    return [_seed_market(db, seller_id, spec, warehouse_ids) for spec in store_data.MARKETS]


def _seed_market(
    db: Session, seller_id: int, spec: store_data.DemoMarket, warehouse_ids: dict[str, int]
) -> Market:
    """The preset market, then the store's own warehouses, returns and emphasis."""
    market = markets_service.add_preset(db, seller_id, spec.code)
    routes = [
        RouteIn(warehouse_id=warehouse_ids[code], delivery_days_min=low, delivery_days_max=high)
        for code, (low, high) in spec.routes.items()
    ]
    changes = MarketUpdate(
        return_label_paid_by=spec.label_paid_by,
        return_warehouse_id=warehouse_ids[spec.return_warehouse],
        keep_it_below_minor=parse_amount(spec.keep_it_below, market.currency),
        trust_weights={**market.trust_weights, **spec.trust_weights},
        routes=routes,
    )
    return markets_service.update_market(db, seller_id, market.id, changes)


# --- catalog ------------------------------------------------------------------------------


def _sku_part(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", text.upper())[:12]


def _variant_in(spec: ProductSpec, colour: Colour, size: str | None) -> VariantIn:
    sku = "-".join(part for part in (spec.sku, colour.code, size and _sku_part(size)) if part)
    return VariantIn(
        sku=sku,
        options=[colour.name] if size is None else [colour.name, size],
        grams=spec.grams,
        stock=random.Random(sku).randint(6, 140),
        prices=[
            PriceIn(
                currency=currency,
                amount_minor=(minor := parse_amount(amount, currency)),
                unit_cost_minor=returns_data.unit_cost_minor(spec.category, minor),
            )
            for currency, amount in spec.prices_for(size).items()
        ],
    )


def _product_in(spec: ProductSpec) -> ProductIn:
    sizes: tuple[str | None, ...] = spec.sizes or (None,)
    return ProductIn(
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
        variants=[_variant_in(spec, colour, size) for colour in spec.colours for size in sizes],
        size_chart=[
            SizeChartRowIn(size_label=label, measurements_cm=dict(measures))
            for label, measures in (spec.size_chart or {}).items()
        ],
    )


def _seed_images(
    db: Session,
    settings: Settings,
    product: Product,
    spec: ProductSpec,
    kit: PhotoKit,
    written: list[Path],
) -> dict[str, ProductImage]:
    """A studio shot per colour, then a daylight shot of the first colour; by colour name."""
    studio: dict[str, bytes] = {}
    natural = b""
    for colour in spec.colours:
        layer = kit.product(spec.shape, colour.rgb)
        studio[colour.name] = jpeg_bytes(kit.studio(layer))
        if not natural:
            natural = jpeg_bytes(kit.natural(layer, seed=len(spec.handle)))
    first = spec.colours[0].name
    pictures = [
        *((name, data, Lighting.STUDIO, "studio light") for name, data in studio.items()),
        (first, natural, Lighting.NATURAL, "natural daylight, unretouched"),
    ]
    by_colour: dict[str, ProductImage] = {}
    for name, data, lighting, light in pictures:
        image = catalog_service.add_image(
            db,
            settings,
            product.seller_id,
            product.id,
            data,
            lighting=lighting,
            alt=f"{spec.title} in {name}, {light}",
        )
        path = image_file(settings, image.src)
        if path is not None:
            written.append(path)
        by_colour.setdefault(name, image)
    return by_colour


def _seed_product(
    db: Session,
    settings: Settings,
    seller: Seller,
    spec: ProductSpec,
    kit: PhotoKit,
    written: list[Path],
) -> Product:
    product_in = safety_data.with_safety(_product_in(spec), spec)
    product = catalog_service.create_product(db, seller, product_in)
    images = _seed_images(db, settings, product, spec, kit, written)
    pictured = {variant.id: images[variant.option1 or ""].id for variant in product.variants}
    return catalog_service.set_variant_images(db, seller.id, product.id, pictured)


# --- the show -------------------------------------------------------------


def _seed_show(
    db: Session,
    seller_id: int,
    product_ids: dict[str, int],
    *,
    lead: StaffUser,
    co_host: StaffUser,
    now: datetime,
) -> Show:
    spec = store_data.SHOW
    return shows_service.create_show(
        db,
        seller_id,
        ShowCreate(
            title=spec.title,
            description=spec.description,
            scheduled_at=now + timedelta(minutes=spec.starts_in_minutes),
            duration_minutes=spec.duration_minutes,
            language=spec.language,
            market_codes=list(spec.market_codes),
            sponsored=False,
            hosts=HostsIn(lead_host_id=lead.id, co_host_ids=[co_host.id]),
            product_ids=[product_ids[handle] for handle in spec.lineup],
        ),
    )
