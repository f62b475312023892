"""Apply a parsed Shopify export to a store: all of it, or (on any bad row) none of it.

Products are matched by Handle and variants by SKU (else by option values), so importing
the same file again updates rows in place. What Shopify does not export (size chart,
materials, disclosed flaws, model info, image lighting, prices in other currencies) is left
as the seller set it. Images are matched by URL; imported images missing from the file are
removed, uploaded ones are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Seller
from crosslive.catalog import service
from crosslive.catalog.descriptions import clean_description
from crosslive.catalog.models import Product, ProductImage
from crosslive.catalog.schemas import PriceIn, VariantIn
from crosslive.catalog.shopify import ImageSpec, ProductSpec, RowError, parse
from crosslive.catalog.sync import sync_variants
from crosslive.errors import InvalidInput, NotFound


class ImportFailed(InvalidInput):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad row(s); nothing was imported")
        self.errors = errors


@dataclass
class ImportReport:
    store: str
    currency: str
    products: int = 0
    created: int = 0
    updated: int = 0
    variants: int = 0
    images: int = 0
    errors: list[str] = field(default_factory=list)


def store_for_import(db: Session, slug: str | None) -> Seller:
    """The store named by slug, or the only store when there is just one."""
    if slug:
        seller = auth_service.find_seller(db, slug)
        if seller is None:
            raise NotFound(f"no store named {slug!r}")
        return seller
    stores = auth_service.list_sellers(db, limit=2)
    if not stores:
        raise NotFound(
            "no store yet: create one first with "
            "`crosslive seller create --store SLUG --email EMAIL` (or run `crosslive demo`)"
        )
    if len(stores) > 1:
        raise NotFound("several stores: pass --store SLUG")
    return stores[0]


def import_shopify_csv(db: Session, seller: Seller, data: bytes) -> ImportReport:
    """Import (or re-import) a Shopify product CSV; raises ImportFailed listing bad rows."""
    parsed = parse(data, seller.base_currency)
    # SKUs taken by other products are checked once the file itself is consistent.
    errors = parsed.errors or _sku_conflicts(db, seller.id, parsed.products)
    if errors:
        raise ImportFailed(errors)
    report = ImportReport(store=seller.slug, currency=seller.base_currency)
    existing = service.products_by_handle(db, seller.id, [p.handle for p in parsed.products])
    staged: list[tuple[Product, ProductSpec, dict[str, ProductImage]]] = []
    for spec in parsed.products:
        product = existing.get(spec.handle)
        if product is None:
            product = Product(seller_id=seller.id, handle=spec.handle, extra={})
            db.add(product)
            report.created += 1
        else:
            report.updated += 1
        staged.append((product, spec, _apply_product(product, spec)))
        report.variants += len(spec.variants)
        report.images += len(spec.images)
    report.products = len(staged)
    db.flush()  # images get ids before variants point at them
    for product, spec, by_src in staged:
        _apply_variants(product, spec, seller, by_src)
    db.flush()
    return report


def _sku_conflicts(db: Session, seller_id: int, products: list[ProductSpec]) -> list[RowError]:
    lines = {v.sku: (v.line, p.handle) for p in products for v in p.variants if v.sku}
    owners = service.sku_owners(db, seller_id, list(lines))
    errors = []
    for sku, (_owner_id, owner_handle) in owners.items():
        line, handle = lines[sku]
        if owner_handle != handle:
            message = (
                f"Variant SKU {sku!r} already belongs to product {owner_handle!r} in this store"
            )
            errors.append(RowError(line, message))
    return sorted(errors, key=lambda e: e.line)


def _apply_product(product: Product, spec: ProductSpec) -> dict[str, ProductImage]:
    product.title = spec.title
    product.description_html = clean_description(spec.body)
    product.vendor = spec.vendor
    product.product_type = spec.product_type
    product.category = spec.category
    product.tags = spec.tags
    product.published = spec.published
    product.option_names = spec.option_names
    product.extra = {**(product.extra or {}), "shopify": spec.extra}
    return _sync_images(product, spec.images)


def _apply_variants(
    product: Product, spec: ProductSpec, seller: Seller, by_src: dict[str, ProductImage]
) -> None:
    variants = sync_variants(
        product,
        seller.id,
        [
            VariantIn(
                sku=v.sku,
                options=v.options,
                stock=v.stock,
                grams=v.grams,
                prices=[
                    PriceIn(
                        currency=seller.base_currency,
                        amount_minor=v.price_minor,
                        compare_at_minor=v.compare_at_minor,
                        unit_cost_minor=v.unit_cost_minor,
                    )
                ],
            )
            for v in spec.variants
        ],
        keep_other_currencies=True,
    )
    for variant, variant_spec in zip(variants, spec.variants, strict=True):
        image = by_src.get(variant_spec.image_src or "")
        variant.image_id = image.id if image is not None else None


def _sync_images(product: Product, specs: list[ImageSpec]) -> dict[str, ProductImage]:
    existing = {image.src: image for image in product.images}
    kept: dict[str, ProductImage] = {}
    ordered = sorted(
        enumerate(specs), key=lambda pair: (pair[1].position or 10_000 + pair[0], pair[0])
    )
    for position, (_index, spec) in enumerate(ordered, start=1):
        image = existing.pop(spec.src, None)
        if image is None:
            image = ProductImage(src=spec.src)
            product.images.append(image)
        image.alt = spec.alt
        image.position = position
        kept[spec.src] = image
    uploaded = [i for i in existing.values() if i.src.startswith("/media/")]
    for offset, image in enumerate(sorted(uploaded, key=lambda i: i.position), start=1):
        image.position = len(kept) + offset
    for image in existing.values():
        if not image.src.startswith("/media/"):
            for variant in product.variants:
                if variant.image_id == image.id:
                    variant.image_id = None
            product.images.remove(image)
    return kept
