"""Read a Shopify product CSV export into product specs, collecting every bad row.

A product spans several rows sharing a Handle: its first row names it (Title, Body, Vendor,
option names...); later rows carry a variant, an image, or both. An image-only row is not a
variant. Line numbers are physical lines of the file (1 = the header), so a quoted
multi-line Body (HTML) cell counts every line it spans.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from crosslive.catalog.models import Category
from crosslive.catalog.service import normalize_handle
from crosslive.catalog.shopify_columns import (
    ALIASES,
    VARIANT_KEYS,
    is_kept,
    is_location_qty,
    map_category,
    normalize_header,
)
from crosslive.errors import InvalidInput
from crosslive.money import parse_amount

DEFAULT_OPTION = ("title", "default title")  # Shopify's placeholder for "no options"
# Longest value stored per column, with the column's name for messages.
_LIMITS = {
    "handle": (255, "Handle"),
    "title": (255, "Title"),
    "vendor": (255, "Vendor"),
    "type": (255, "Type"),
    "sku": (255, "Variant SKU"),
}


class RowError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class ImageSpec:
    line: int
    src: str
    alt: str = ""
    position: int | None = None


@dataclass
class VariantSpec:
    line: int
    sku: str | None
    options: list[str]
    price_minor: int
    compare_at_minor: int | None
    unit_cost_minor: int | None
    grams: int | None
    stock: int | None
    image_src: str | None


@dataclass
class ProductSpec:
    line: int
    handle: str
    title: str
    body: str
    vendor: str
    product_type: str
    category: Category
    tags: list[str]
    published: bool
    option_names: list[str]
    extra: dict[str, str]
    variants: list[VariantSpec] = field(default_factory=list)
    images: list[ImageSpec] = field(default_factory=list)


@dataclass
class Parsed:
    products: list[ProductSpec]
    errors: list[RowError]


class _Row:
    """One CSV record with its starting line and cells by canonical key."""

    def __init__(self, line: int, cells: dict[str, str], raw: dict[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.raw = raw

    def get(self, key: str) -> str:
        value = self.cells.get(key, "").strip()
        limit, label = _LIMITS.get(key, (0, key))
        if limit and len(value) > limit:
            raise RowError(self.line, f"{label} is longer than {limit} characters")
        return value

    def has(self, key: str) -> bool:
        return bool(self.cells.get(key, "").strip())


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte-order mark; anything else names the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RowError(
            line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); export the file as UTF-8"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RowError(line, "a NUL byte: this is not a text CSV file")
    return text


def _header(names: list[str]) -> tuple[list[str], list[str]]:
    """Canonical key per column ('' for columns kept or ignored) and the original names."""
    normalized = [normalize_header(n) for n in names]
    keys: list[str] = []
    for name, norm in zip(names, normalized, strict=True):
        key = ALIASES.get(norm, "")
        if key and key in keys:
            raise RowError(1, f"column {name.strip()!r} appears twice")
        keys.append(key)
    missing = [
        label for label, key in (("Handle", "handle"), ("Title", "title")) if key not in keys
    ]
    if missing:
        raise RowError(1, f"no {' or '.join(missing)} column: is this a Shopify product CSV?")
    return keys, [n.strip() for n in names]


def _records(text: str) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RowError(1, f"unreadable header: {exc}") from None
    if not header or not any(cell.strip() for cell in header):
        raise RowError(1, "the file is empty: expected a header row with Handle and Title")
    keys, names = _header(header)
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RowError(start, f"broken CSV: {exc}") from None
        previous_end = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(keys) and any(c.strip() for c in record[len(keys) :]):
            raise RowError(start, f"{len(record)} cells but the header has {len(keys)} columns")
        cells = {k: v for k, v in zip(keys, record, strict=False) if k}
        raw = dict(zip(names, record, strict=False))
        yield _Row(start, cells, raw)


def _whole(line: int, text: str, label: str) -> int | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(line, f"{label} {text!r} is not a number") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise RowError(line, f"{label} {text!r} is not a whole number")
    return int(value)


def _int(row: _Row, key: str, label: str) -> int | None:
    return _whole(row.line, row.get(key), label)


def _money(row: _Row, key: str, label: str, currency: str) -> int | None:
    text = row.get(key)
    if not text:
        return None
    try:
        return parse_amount(text, currency)
    except InvalidInput as exc:
        raise RowError(row.line, f"{label}: {exc.message}") from None


def _url(row: _Row, key: str, label: str) -> str:
    src = row.get(key)
    if src and not src.startswith(("https://", "http://")):
        raise RowError(row.line, f"{label} {src!r} is not an http(s) URL")
    if len(src) > 2048:
        raise RowError(row.line, f"{label} is longer than 2048 characters")
    return src


def _published(row: _Row) -> bool:
    text = row.get("published").lower()
    if text not in ("", "true", "false"):
        raise RowError(row.line, f"Published {text!r} must be TRUE or FALSE")
    status = row.get("status").lower()
    return text != "false" and status in ("", "active")


def _new_product(row: _Row) -> ProductSpec:
    title = row.get("title")
    if not title:
        raise RowError(row.line, "Title is empty (a product's first row must name it)")
    try:
        handle = normalize_handle(row.get("handle"))
    except InvalidInput as exc:
        raise RowError(row.line, exc.message) from None
    names = [row.get(f"option{n}_name") for n in (1, 2, 3)]
    if (names[0].lower(), row.get("option1_value").lower()) == DEFAULT_OPTION:
        names[0] = ""
    for n in (2, 3):
        if names[n - 1] and not names[n - 2]:
            raise RowError(row.line, f"Option{n} Name is set but Option{n - 1} Name is empty")
    extra = {name: v.strip() for name, v in row.raw.items() if is_kept(normalize_header(name))}
    return ProductSpec(
        line=row.line,
        handle=handle,
        title=title,
        body=row.cells.get("body", ""),
        vendor=row.get("vendor"),
        product_type=row.get("type"),
        category=map_category(row.get("product_category"), row.get("type")),
        tags=[t.strip() for t in row.get("tags").split(",") if t.strip()],
        published=_published(row),
        option_names=[n for n in names if n],
        extra={k: v for k, v in extra.items() if v},
    )


def _options(row: _Row, product: ProductSpec) -> list[str]:
    options: list[str] = []
    for n in (1, 2, 3):
        value = row.get(f"option{n}_value")
        if len(value) > 255:
            raise RowError(row.line, f"Option{n} Value is longer than 255 characters")
        has_name = n <= len(product.option_names)
        if n == 1 and not has_name and value.lower() == DEFAULT_OPTION[1]:
            continue
        if value and not has_name:
            raise RowError(
                row.line,
                f"Option{n} Value {value!r} has no Option{n} Name "
                f"(name the option on the product's first row, line {product.line})",
            )
        if has_name and not value:
            raise RowError(row.line, f"Option{n} Value is empty ({product.option_names[n - 1]})")
        if value:
            options.append(value)
    return options


def _stock(row: _Row) -> int | None:
    qty = _int(row, "qty", "Variant Inventory Qty")
    if qty is None:
        located = [c for c in row.raw if is_location_qty(normalize_header(c)) and row.raw[c]]
        if located:
            qty = sum(_whole(row.line, row.raw[c].strip(), c) or 0 for c in located)
    # Shopify lets oversold stock go negative; for selling, that means sold out.
    return None if qty is None else max(qty, 0)


def _variant(row: _Row, product: ProductSpec, currency: str) -> VariantSpec:
    options = _options(row, product)
    price = _money(row, "price", "Variant Price", currency)
    if price is None:
        raise RowError(row.line, "Variant Price is empty")
    return VariantSpec(
        line=row.line,
        sku=row.get("sku") or None,
        options=options,
        price_minor=price,
        compare_at_minor=_money(row, "compare_at", "Variant Compare At Price", currency),
        unit_cost_minor=_money(row, "cost", "Cost per item", currency),
        grams=_grams(row),
        stock=_stock(row),
        image_src=_url(row, "variant_image", "Variant Image") or None,
    )


def _image(row: _Row) -> ImageSpec:
    position = _int(row, "image_position", "Image Position")
    if position is not None and position < 1:
        raise RowError(row.line, "Image Position starts at 1")
    alt = row.get("image_alt")
    if len(alt) > 512:
        raise RowError(row.line, "Image Alt Text is longer than 512 characters")
    return ImageSpec(row.line, _url(row, "image_src", "Image Src"), alt, position)


def _grams(row: _Row) -> int | None:
    text = row.get("grams")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(row.line, f"Variant Grams {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise RowError(row.line, f"Variant Grams {text!r} is not a weight")
    return int(value.to_integral_value())


class _Collector:
    """Groups rows into products and checks what spans rows (duplicate SKUs, options)."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.products: dict[str, ProductSpec] = {}
        self.sku_lines: dict[str, int] = {}
        self.option_lines: dict[tuple[str, tuple[str, ...]], int] = {}
        self.broken: set[str] = set()  # handles whose first row failed: one error is enough

    def add(self, row: _Row) -> None:
        handle_text = row.get("handle")
        if not handle_text:
            raise RowError(row.line, "Handle is empty (every row names its product's Handle)")
        key = handle_text.lower()
        if key in self.broken:
            return
        product = self.products.get(key)
        if product is None:
            try:
                product = _new_product(row)
            except RowError:
                self.broken.add(key)
                raise
            self.products[key] = product
        if any(row.has(key) for key in VARIANT_KEYS):
            self._add_variant(row, product)
        if row.has("image_src"):
            self._add_image(product, _image(row))

    def _add_variant(self, row: _Row, product: ProductSpec) -> None:
        variant = _variant(row, product, self.currency)
        if variant.sku is not None:
            first = self.sku_lines.setdefault(variant.sku, row.line)
            if first != row.line:
                raise RowError(row.line, f"Variant SKU {variant.sku!r} is already on line {first}")
        key = (product.handle, tuple(variant.options))
        first = self.option_lines.setdefault(key, row.line)
        if first != row.line:
            label = " / ".join(variant.options) or "the default variant"
            raise RowError(row.line, f"{label} is already a variant of this product (line {first})")
        product.variants.append(variant)
        if variant.image_src:
            self._add_image(product, ImageSpec(row.line, variant.image_src))

    @staticmethod
    def _add_image(product: ProductSpec, image: ImageSpec) -> None:
        known = next((i for i in product.images if i.src == image.src), None)
        if known is None:
            product.images.append(image)
            return
        known.alt = known.alt or image.alt
        known.position = known.position or image.position


def parse(data: bytes, currency: str) -> Parsed:
    """Every product in the file, or every bad row found (prices in `currency`)."""
    collector = _Collector(currency)
    errors: list[RowError] = []
    try:
        for row in _records(decode(data)):
            try:
                collector.add(row)
            except RowError as exc:
                errors.append(exc)
    except RowError as exc:
        errors.append(exc)
    for product in collector.products.values():
        if len(product.variants) > 1 and not product.option_names:
            errors.append(
                RowError(product.line, "several variants but no Option1 Name (e.g. Size)")
            )
    errors.sort(key=lambda e: e.line)
    return Parsed(list(collector.products.values()), errors)
