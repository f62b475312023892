"""The columns of Shopify's product CSV, in both header vocabularies Shopify has exported.

Classic exports name columns "Handle", "Body (HTML)", "Variant SKU", "Variant Price",
"Image Src"...; exports since 2024 say "URL handle", "Description", "SKU", "Price",
"Product image URL"... Both map to the same keys here. Header matching ignores case and
repeated spaces.

Kept in Product.extra["shopify"] (from a product's first row): SEO title/description,
Google Shopping columns, Gift Card, Status, Product Category and metafield columns.
Ignored on purpose: fulfilment, tax, barcode, weight unit, inventory policy/tracker,
cost per item and the per-market price columns ("Price / International", "Included / ...");
crosslive keeps its own market prices.
"""

from __future__ import annotations

import re

from crosslive.catalog.models import Category

ALIASES: dict[str, str] = {
    "handle": "handle",
    "url handle": "handle",
    "title": "title",
    "body (html)": "body",
    "description": "body",
    "vendor": "vendor",
    "product category": "product_category",
    "type": "type",
    "custom product type": "type",
    "tags": "tags",
    "published": "published",
    "published on online store": "published",
    "status": "status",
    "variant sku": "sku",
    "sku": "sku",
    "variant grams": "grams",
    "weight value (grams)": "grams",
    "variant inventory qty": "qty",
    "inventory quantity": "qty",
    "variant price": "price",
    "price": "price",
    "variant compare at price": "compare_at",
    "compare-at price": "compare_at",
    "compare at price": "compare_at",
    "cost per item": "cost",
    "variant cost": "cost",
    "image src": "image_src",
    "product image url": "image_src",
    "image position": "image_position",
    "image alt text": "image_alt",
    "variant image": "variant_image",
    "variant image url": "variant_image",
}
for _n in (1, 2, 3):
    ALIASES[f"option{_n} name"] = f"option{_n}_name"
    ALIASES[f"option{_n} value"] = f"option{_n}_value"

# Columns whose values describe the variant on a row (any of them makes the row a variant).
VARIANT_KEYS = (
    "option1_value",
    "option2_value",
    "option3_value",
    "sku",
    "grams",
    "qty",
    "price",
    "compare_at",
    "cost",
)
# Per-location stock in multi-location exports, e.g. "Inventory Available: Main warehouse".
LOCATION_QTY_PREFIXES = ("inventory available:", "variant inventory qty:", "inventory quantity:")
_KEPT_PREFIXES = ("seo ", "google shopping", "gift card", "status", "product category")


def normalize_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).lower()


def is_kept(normalized: str) -> bool:
    return normalized.startswith(_KEPT_PREFIXES) or "metafields." in normalized


def is_location_qty(normalized: str) -> bool:
    return normalized.startswith(LOCATION_QTY_PREFIXES)


# Checked in order against "Product Category" then "Type" (lowercased): first hit wins.
_CATEGORY_WORDS: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (
        Category.SHOES,
        ("shoe", "sneaker", "boot", "sandal", "slipper", "loafer", "heels", "footwear"),
    ),
    (
        Category.BEAUTY,
        (
            "beauty",
            "cosmetic",
            "makeup",
            "make-up",
            "skin care",
            "skincare",
            "lipstick",
            "serum",
            "fragrance",
            "perfume",
            "nail polish",
            "personal care",
        ),
    ),
    (
        Category.ELECTRONICS,
        (
            "electronic",
            "phone",
            "headphone",
            "earbud",
            "charger",
            "camera",
            "speaker",
            "computer",
            "laptop",
            "tablet",
            "cable",
            "smartwatch",
        ),
    ),
    (
        Category.HOME,
        (
            "home",
            "kitchen",
            "furniture",
            "decor",
            "bedding",
            "candle",
            "mug",
            "lamp",
            "lighting",
            "garden",
        ),
    ),
    (
        Category.APPAREL,
        (
            "apparel",
            "clothing",
            "shirt",
            "t-shirt",
            "dress",
            "jacket",
            "coat",
            "hoodie",
            "sweater",
            "pants",
            "trousers",
            "jeans",
            "skirt",
            "shorts",
            "swimwear",
            "lingerie",
            "activewear",
            "accessories",
            "hat",
            "scarf",
            "bag",
        ),
    ),
)


def map_category(product_category: str, product_type: str) -> Category:
    """Shopify's taxonomy path ("Apparel & Accessories > Shoes > Sneakers") or free-text
    Type ("Sneakers") -> one of our categories. The taxonomy's most specific level wins:
    shoes sit under Apparel & Accessories in Shopify, but return for different reasons."""
    for text in (product_category, product_type):
        levels = [level.strip().lower() for level in text.split(">") if level.strip()]
        for level in reversed(levels):
            for category, words in _CATEGORY_WORDS:
                if any(word in level for word in words):
                    return category
    return Category.OTHER
