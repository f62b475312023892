"""Import Shopify's translation export (Translate & Adapt, "Export translations" CSV).

Header: Type, Identification, Field, Locale, Market, Status, Default content, Translated
content (Market and Status are in newer exports and may be missing). One row per resource,
field and language. Only PRODUCT rows are ours: `title` -> title, `body_html` ->
description_html; a product's other fields (handle, meta_title, product_type ...) and other
resource types (collections, themes, menus ...) are counted as skipped, as are rows with no
translation, a language sellers do not write content in (content.languages.WRITTEN; pt-BR
is pt), or a Market (market-specific wording: crosslive keeps one text per language).

Identification is Shopify's product id ('8079393226938, 8079393226938 or
gid://shopify/Product/8079393226938). A Shopify product CSV carries no id, so a product
imported from one is found through the same export's `handle` row of that id (its Default
content is the handle), else through its `title` row (exactly one product of that title).

All or nothing: any bad row (missing cell, id that names no product of the store, text too
long) and nothing is written; every bad row is listed with its row number (the header is
row 1, as a spreadsheet counts).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog.models import Product
from crosslive.catalog.shopify import RowError, decode
from crosslive.content import fields, service
from crosslive.content.languages import normalise
from crosslive.errors import InvalidInput

MAX_IMPORT_BYTES = 8 * 1024 * 1024
PROVIDER = "shopify"
REQUIRED = ("type", "identification", "field", "locale", "translated content")
PRODUCT_FIELDS = {"title": "title", "body_html": "description_html"}
_ID = re.compile(r"^(?:gid://shopify/Product/)?(\d{1,20})$")


class TranslationImportFailed(InvalidInput):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            f"{len(errors)} bad row(s) ({', '.join(str(e.line) for e in errors[:20])}); "
            "nothing was imported"
        )
        self.errors = errors

    def body(self) -> dict[str, object]:
        rows = [{"row": e.line, "message": e.message} for e in self.errors]
        return {"detail": self.message, "errors": rows}


@dataclass
class TranslationImport:
    store: str
    imported: int = 0
    products: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


def _rows(data: bytes) -> list[_Row]:
    if len(data) > MAX_IMPORT_BYTES:
        raise TranslationImportFailed(
            [RowError(1, f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")]
        )
    reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        lacking = [name for name in REQUIRED if name not in header]
        if lacking:
            raise RowError(1, f"not a Shopify translation export: no column {lacking[0]!r}")
        rows = []
        for number, record in enumerate(reader, start=2):
            if any(cell.strip() for cell in record):
                rows.append(_Row(number, dict(zip(header, record, strict=False))))
    except csv.Error as exc:
        raise RowError(reader.line_num, f"broken CSV: {exc}") from None
    return rows


def _products_by_id(db: Session, seller_id: int, rows: list[_Row]) -> dict[str, Product]:
    """Shopify id -> the store's product, through the export's handle or title rows."""
    handles: dict[str, str] = {}
    titles: dict[str, str] = {}
    for row in rows:
        match = _ID.match(row.cells.get("identification", "").strip().lstrip("'"))
        default = row.cells.get("default content", "").strip()
        if row.cells.get("type", "").strip().upper() != "PRODUCT" or not match or not default:
            continue
        name = row.cells.get("field", "").strip()
        if name == "handle":
            handles.setdefault(match.group(1), default)
        elif name == "title":
            titles.setdefault(match.group(1), default)
    products = list(db.scalars(select(Product).where(Product.seller_id == seller_id)))
    by_handle = {p.handle: p for p in products}
    by_title: dict[str, list[Product]] = defaultdict(list)
    for each in products:
        by_title[each.title].append(each)
    found: dict[str, Product] = {}
    for shopify_id in handles.keys() | titles.keys():
        product = by_handle.get(handles.get(shopify_id, ""))
        same_title = by_title.get(titles.get(shopify_id, ""), [])
        if product is None and len(same_title) == 1:
            product = same_title[0]
        if product is not None:
            found[shopify_id] = product
    return found


def import_translations(db: Session, seller: Seller, data: bytes) -> TranslationImport:
    """Import the export into SELLER's catalog; raises TranslationImportFailed, unchanged."""
    try:
        rows = _rows(data)
    except RowError as exc:
        raise TranslationImportFailed([exc]) from None
    products = _products_by_id(db, seller.id, rows)
    skipped: Counter[str] = Counter()
    errors: list[RowError] = []
    wanted: dict[tuple[int, str, str], str] = {}
    for row in rows:
        cells = {k: v.strip() for k, v in row.cells.items()}
        if cells.get("type", "").upper() != "PRODUCT":
            skipped["not a product"] += 1
            continue
        target = PRODUCT_FIELDS.get(cells.get("field", ""))
        if target is None:
            skipped[f"product field {cells.get('field', '')!r}"] += 1
            continue
        text = row.cells.get("translated content", "").strip()
        if not text:
            skipped["no translation"] += 1
            continue
        if cells.get("market"):
            skipped["market-specific"] += 1
            continue
        if not cells.get("locale"):
            errors.append(RowError(row.line, "Locale is empty"))
            continue
        lang = normalise(cells["locale"])
        if lang is None:
            skipped[f"language {cells['locale']!r}"] += 1
            continue
        match = _ID.match(cells.get("identification", "").lstrip("'"))
        if match is None:
            errors.append(RowError(row.line, "Identification is not a Shopify product id"))
            continue
        product = products.get(match.group(1))
        if product is None:
            errors.append(
                RowError(
                    row.line,
                    f"product {match.group(1)} is not in this store (no product with the "
                    "handle or title the export gives it)",
                )
            )
            continue
        if len(text) > fields.MAX_TEXT:
            errors.append(RowError(row.line, f"translation longer than {fields.MAX_TEXT}"))
            continue
        wanted[(product.id, target, lang)] = text
    if errors:
        raise TranslationImportFailed(errors)
    for (product_id, target, lang), text in wanted.items():
        service.save(db, seller.id, "product", product_id, target, lang, text, provider=PROVIDER)
    return TranslationImport(
        store=seller.slug,
        imported=len(wanted),
        products=len({key[0] for key in wanted}),
        skipped=dict(skipped),
    )
