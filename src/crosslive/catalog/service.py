"""Products, variants, size charts and images of one store. Every query is seller-scoped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from crosslive.auth.models import Seller
from crosslive.catalog import images as image_store
from crosslive.catalog.descriptions import clean_description
from crosslive.catalog.models import Lighting, Product, ProductImage, Variant
from crosslive.catalog.photo_metadata import without_metadata
from crosslive.catalog.schemas import ImageUpdate, ProductIn, ProductSummary, VariantIn
from crosslive.catalog.sync import sync_size_chart, sync_variants
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.settings import Settings

_HANDLE = re.compile(r"^[^\s/?#\x00-\x1f\x7f]{1,255}$")


def slugify(text: str) -> str:
    """'Linen Shirt — Sand' -> 'linen-shirt-sand'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:200] or "product"


def normalize_handle(handle: str) -> str:
    value = handle.strip().lower()
    if not _HANDLE.match(value):
        raise InvalidInput(f"handle {handle!r} must be one word without spaces, '/', '?' or '#'")
    return value


def _products(seller_id: int) -> Select[Product]:
    """The store's products with their variants, prices, images and size chart."""
    return (
        select(Product)
        .where(Product.seller_id == seller_id)
        .options(
            selectinload(Product.variants).selectinload(Variant.prices),
            selectinload(Product.images),
            selectinload(Product.size_chart),
        )
    )


def list_products(db: Session, seller_id: int) -> list[Product]:
    return list(db.scalars(_products(seller_id).order_by(Product.title, Product.id)))


def get_product(db: Session, seller_id: int, product_id: int) -> Product:
    product = db.scalar(_products(seller_id).where(Product.id == product_id))
    if product is None:
        raise NotFound("no such product in this store")
    return product


def product_choices(db: Session, seller_id: int) -> list[tuple[int, str]]:
    """The store's products as (id, title) by title, for pickers in other domains' forms."""
    query = select(Product.id, Product.title).where(Product.seller_id == seller_id)
    return [(row.id, row.title) for row in db.execute(query.order_by(Product.title, Product.id))]


def products_by_id(db: Session, seller_id: int, product_ids: Sequence[int]) -> dict[int, Product]:
    """The store's products among these ids (others' and unknown ids are left out), by id."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        return {}
    query = select(Product).where(Product.seller_id == seller_id, Product.id.in_(wanted))
    return {product.id: product for product in db.scalars(query)}


def find_by_handle(db: Session, seller_id: int, handle: str) -> Product | None:
    return db.scalar(_products(seller_id).where(Product.handle == handle))


def summarize(product: Product) -> ProductSummary:
    return ProductSummary(
        id=product.id,
        handle=product.handle,
        title=product.title,
        category=product.category,
        published=product.published,
        variant_count=len(product.variants),
        total_stock=sum(v.stock for v in product.variants),
    )


def _chunks(values: Sequence[str], size: int = 500) -> list[list[str]]:
    """Keep IN lists well under the bound-parameter limits of SQLite and PostgreSQL."""
    return [list(values[i : i + size]) for i in range(0, len(values), size)]


def sku_owners(db: Session, seller_id: int, skus: Sequence[str]) -> dict[str, tuple[int, str]]:
    """SKU -> (product id, handle) for the given SKUs already used in the store."""
    owners: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(skus):
        rows = db.execute(
            select(Variant.sku, Product.id, Product.handle)
            .join(Product, Variant.product_id == Product.id)
            .where(Variant.seller_id == seller_id, Variant.sku.in_(chunk))
        )
        owners.update({sku: (pid, handle) for sku, pid, handle in rows if sku is not None})
    return owners


def products_by_handle(db: Session, seller_id: int, handles: Sequence[str]) -> dict[str, Product]:
    """The store's products with these handles, children loaded, by handle."""
    found: dict[str, Product] = {}
    for chunk in _chunks(handles):
        for product in db.scalars(_products(seller_id).where(Product.handle.in_(chunk))):
            found[product.handle] = product
    return found


def check_variants(
    option_names: Sequence[str], variants: Sequence[VariantIn], currency: str
) -> None:
    """Options match the option names, no duplicate SKU or option combination, base price set."""
    seen_skus: set[str] = set()
    seen_options: set[tuple[str, ...]] = set()
    if not option_names and len(variants) > 1:
        raise InvalidInput("several variants need option names (e.g. Size, Color)")
    for number, variant in enumerate(variants, start=1):
        where = f"variant {variant.sku or number}"
        if len(variant.options) != len(option_names) or not all(variant.options):
            names = ", ".join(option_names) or "no options"
            raise InvalidInput(f"{where}: give one value for each option ({names})")
        key = tuple(variant.options)
        if key in seen_options:
            raise InvalidInput(f"{where}: another variant has the same options {' / '.join(key)}")
        seen_options.add(key)
        if variant.sku is not None:
            if variant.sku in seen_skus:
                raise InvalidInput(f"SKU {variant.sku!r} is used by two variants")
            seen_skus.add(variant.sku)
        if all(p.currency != currency for p in variant.prices):
            raise InvalidInput(f"{where}: needs a price in {currency}, the store's base currency")


def _check(
    db: Session, seller: Seller, data: ProductIn, product_id: int | None, current: str | None
) -> str:
    """Validate before anything changes; returns the handle to use (kept when not given)."""
    handle = normalize_handle(data.handle) if data.handle else current
    check_variants(data.option_names, data.variants, seller.base_currency)
    labels = [row.size_label for row in data.size_chart]
    if len(set(labels)) != len(labels):
        raise InvalidInput("each size appears once in the size chart")
    skus = [v.sku for v in data.variants if v.sku is not None]
    owners = sku_owners(db, seller.id, skus)
    for sku in skus:
        owner_id, owner_handle = owners.get(sku, (product_id, ""))
        if owner_id != product_id:
            raise Conflict(f"SKU {sku!r} already belongs to product {owner_handle!r}")
    if handle is None:
        return _free_handle(db, seller.id, slugify(data.title), product_id)
    clash = find_by_handle(db, seller.id, handle)
    if clash is not None and clash.id != product_id:
        raise Conflict(f"another product already uses the handle {handle!r}")
    return handle


def _free_handle(db: Session, seller_id: int, base: str, product_id: int | None) -> str:
    taken = set(
        db.scalars(
            select(Product.handle).where(
                Product.seller_id == seller_id,
                Product.handle.startswith(base),
                Product.id != (product_id or 0),
            )
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# GPSR fields and the electrical flag (crosslive.compliance reads them); None keeps them.
SAFETY_FIELDS = (
    "manufacturer_name",
    "manufacturer_address",
    "manufacturer_contact",
    "eu_rp_name",
    "eu_rp_address",
    "eu_rp_contact",
    "product_identifier",
    "gtin",
    "safety_warnings",
    "safety_warnings_lang",
    "electrical",
)


def _apply(product: Product, data: ProductIn, handle: str) -> None:
    product.handle = handle
    product.title = data.title
    product.description_html = clean_description(data.description_html)
    product.vendor = data.vendor.strip()
    product.product_type = data.product_type.strip()
    product.category = data.category
    product.tags = list(data.tags)
    product.published = data.published
    product.materials = data.materials.strip()
    product.hs_code = data.hs_code
    product.option_names = list(data.option_names)
    product.disclosed_flaws = list(data.disclosed_flaws)
    product.model_height_cm = data.model_height_cm
    product.model_weight_kg = data.model_weight_kg
    product.model_size_worn = (data.model_size_worn or "").strip() or None
    if "fit_item_id" in data.model_fields_set:
        extra = {k: v for k, v in (product.extra or {}).items() if k != "fit_item_id"}
        if (data.fit_item_id or "").strip():
            extra["fit_item_id"] = (data.fit_item_id or "").strip()
        product.extra = extra
    for name in SAFETY_FIELDS:
        value = getattr(data, name)
        if value is not None:
            setattr(product, name, value.strip() if isinstance(value, str) else value)


def create_product(db: Session, seller: Seller, data: ProductIn) -> Product:
    handle = _check(db, seller, data, None, None)
    product = Product(seller_id=seller.id, extra={})
    _apply(product, data, handle)
    db.add(product)
    sync_variants(product, seller.id, data.variants)
    sync_size_chart(product, data.size_chart)
    db.flush()
    return product


def update_product(
    db: Session,
    seller: Seller,
    product_id: int,
    data: ProductIn,
    *,
    keep_other_currencies: bool = False,
) -> Product:
    """Replace the product's fields, variants (matched by SKU) and size chart (by size)."""
    product = get_product(db, seller.id, product_id)
    handle = _check(db, seller, data, product.id, product.handle)
    _apply(product, data, handle)
    sync_variants(product, seller.id, data.variants, keep_other_currencies=keep_other_currencies)
    sync_size_chart(product, data.size_chart)
    db.flush()
    return product


def delete_product(db: Session, settings: Settings, seller_id: int, product_id: int) -> None:
    """Delete the product with its variants and images; image files go after the commit."""
    product = get_product(db, seller_id, product_id)
    for image in product.images:
        image_store.discard_after_commit(db, settings, image.src)
    db.delete(product)
    db.flush()


def add_image(
    db: Session,
    settings: Settings,
    seller_id: int,
    product_id: int,
    data: bytes,
    *,
    lighting: Lighting,
    alt: str = "",
) -> ProductImage:
    """Validate and store an uploaded photo; lighting says studio or natural light."""
    product = get_product(db, seller_id, product_id)
    if len(alt) > 512:
        raise InvalidInput("alt text is limited to 512 characters")
    src = image_store.store_image(settings, data)
    position = max((i.position for i in product.images), default=0) + 1
    image = ProductImage(src=src, alt=alt.strip(), position=position, lighting=lighting)
    product.images.append(image)
    db.flush()
    return image


def _image(product: Product, image_id: int) -> ProductImage:
    image = next((i for i in product.images if i.id == image_id), None)
    if image is None:
        raise NotFound("no such image on this product")
    return image


def update_image(
    db: Session, seller_id: int, product_id: int, image_id: int, changes: ImageUpdate
) -> ProductImage:
    image = _image(get_product(db, seller_id, product_id), image_id)
    if changes.alt is not None:
        image.alt = changes.alt.strip()
    if changes.lighting is not None:
        image.lighting = changes.lighting
    if changes.position is not None:
        image.position = changes.position
    db.flush()
    return image


def delete_image(
    db: Session, settings: Settings, seller_id: int, product_id: int, image_id: int
) -> None:
    """Remove the image from the product; its stored file goes once the deletion commits."""
    product = get_product(db, seller_id, product_id)
    image = _image(product, image_id)
    for variant in product.variants:
        if variant.image_id == image.id:
            variant.image_id = None
    product.images.remove(image)
    image_store.discard_after_commit(db, settings, image.src)
    db.flush()


def count_products(db: Session, seller_id: int) -> int:
    return db.scalar(select(func.count(Product.id)).where(Product.seller_id == seller_id)) or 0


def set_variant_images(
    db: Session, seller_id: int, product_id: int, image_ids: Mapping[int, int | None]
) -> Product:
    """Picture variants (variant id -> one of the product's image ids; None: no picture)."""
    product = get_product(db, seller_id, product_id)
    variants = {variant.id: variant for variant in product.variants}
    if any(variant_id not in variants for variant_id in image_ids):
        raise NotFound("no such variant on this product")
    checked = {
        vid: None if iid is None else _image(product, iid).id for vid, iid in image_ids.items()
    }
    for variant_id, image_id in checked.items():
        variants[variant_id].image_id = image_id
    db.flush()
    return product


def without_photo_metadata(data: bytes, media_type: str) -> bytes:
    """A photo (JPEG, PNG or WebP) without its metadata (location, camera, comments); other
    files as they are. For other domains storing photos people upload (evidence)."""
    return without_metadata(data, media_type)
