from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.catalog import service
from crosslive.catalog.models import (
    Category,
    Lighting,
    Product,
    ProductImage,
    SizeChartRow,
    Variant,
)
from crosslive.catalog.shopify_columns import map_category
from crosslive.catalog.shopify_import import ImportFailed, ImportReport, import_shopify_csv
from crosslive.db import transaction
from tests.catalog.conftest import EXPORT, catalog_snapshot


def _import(factory: sessionmaker[Session], data: bytes, slug: str = "acme") -> ImportReport:
    with transaction(factory) as db:
        seller = db.scalar(select(Seller).where(Seller.slug == slug))
        assert seller is not None
        return import_shopify_csv(db, seller, data)


def _failures(factory: sessionmaker[Session], data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportFailed) as info:
        _import(factory, data)
    return [(e.line, e.message) for e in info.value.errors]


def _edited(changes: dict[str, dict[str, str]]) -> bytes:
    """The realistic export with cells changed on the rows of the given SKUs."""
    text = EXPORT.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []), lineterminator="\n")
    writer.writeheader()
    for row in reader:
        writer.writerow({**row, **changes.get(row["Variant SKU"], {})})
    return out.getvalue().encode()


def test_realistic_export_imports_products_variants_and_images(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    report = _import(session_factory, EXPORT.read_bytes())
    assert (report.products, report.created, report.updated) == (4, 4, 0)
    assert (report.variants, report.images, report.currency) == (9, 6, "USD")

    shirt = service.find_by_handle(db, int(owner["seller_id"]), "linen-shirt")
    assert shirt is not None
    assert shirt.title == "Linen Shirt"
    assert shirt.category == Category.APPAREL
    assert shirt.option_names == ["Size", "Color"]
    assert shirt.tags == ["linen", "summer", "women"]
    assert shirt.description_html.count("\n") == 4 and '"relaxed" fit' in shirt.description_html
    assert shirt.extra["shopify"]["SEO Title"] == "Linen Shirt \u2013 breathable summer linen"
    assert shirt.extra["shopify"]["Google Shopping / Gender"] == "female"
    assert "Variant Barcode" not in shirt.extra["shopify"]
    rows = [
        (v.sku, v.options, v.stock, v.grams, v.price_in("USD").amount_minor)  # type: ignore[union-attr]
        for v in shirt.variants
    ]
    assert rows == [
        ("LS-S-SAND", ["S", "Sand"], 12, 210, 4900),
        ("LS-M-SAND", ["M", "Sand"], 20, 220, 4900),
        ("LS-S-NAVY", ["S", "Navy"], 0, 210, 5200),
        ("LS-M-NAVY", ["M", "Navy"], 0, 220, 5200),  # -2 oversold -> sold out
    ]
    assert shirt.variants[0].price_in("USD").compare_at_minor == 6900  # type: ignore[union-attr]
    # The image-only row (line 10) added an image, not a variant.
    assert [(i.position, i.src.rsplit("/", 1)[1], i.alt) for i in shirt.images] == [
        (1, "linen-shirt-sand-front.jpg", "Linen shirt in sand, front"),
        (2, "linen-shirt-navy-front.jpg", "Linen shirt in navy, front"),
        (3, "linen-shirt-sand-window-light.jpg", "Sand shirt by a window, daylight"),
    ]
    navy = shirt.variants[2]
    assert navy.image_id == shirt.images[1].id

    by_handle = {p.handle: p for p in service.list_products(db, int(owner["seller_id"]))}
    assert by_handle["trail-runner"].category == Category.SHOES
    assert by_handle["stoneware-mug"].category == Category.HOME
    assert by_handle["stoneware-mug"].option_names == []
    assert by_handle["stoneware-mug"].variants[0].options == []
    assert by_handle["hydrating-serum"].category == Category.BEAUTY
    assert by_handle["hydrating-serum"].published is False


def test_reimport_updates_in_place_without_duplicates(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    _import(session_factory, EXPORT.read_bytes())
    shirt = service.find_by_handle(db, int(owner["seller_id"]), "linen-shirt")
    assert shirt is not None
    ids = {v.sku: v.id for v in shirt.variants}
    image_ids = [i.id for i in shirt.images]
    # The seller tags a photo's lighting in crosslive; a re-import must keep it.
    shirt.images[2].lighting = Lighting.NATURAL
    # ...and so must what Shopify does not export.
    shirt.materials = "100% linen"
    shirt.size_chart.append(SizeChartRow(size_label="S", measurements_cm={"chest": 96.0}))
    db.commit()

    changed = _edited({"LS-M-SAND": {"Variant Price": "45.00", "Variant Inventory Qty": "3"}})
    report = _import(session_factory, changed)
    assert (report.products, report.created, report.updated) == (4, 0, 4)

    db.expire_all()
    assert db.scalar(select(func.count(Product.id))) == 4
    assert db.scalar(select(func.count(Variant.id))) == 9
    assert db.scalar(select(func.count(ProductImage.id))) == 6
    shirt = service.find_by_handle(db, int(owner["seller_id"]), "linen-shirt")
    assert shirt is not None
    assert {v.sku: v.id for v in shirt.variants} == ids
    assert [i.id for i in shirt.images] == image_ids
    assert shirt.images[2].lighting == Lighting.NATURAL
    assert shirt.materials == "100% linen"
    assert [(r.size_label, r.measurements_cm) for r in shirt.size_chart] == [("S", {"chest": 96.0})]
    m_sand = next(v for v in shirt.variants if v.sku == "LS-M-SAND")
    assert (m_sand.stock, m_sand.price_in("USD").amount_minor) == (3, 4500)  # type: ignore[union-attr]


def test_utf8_bom_is_accepted(
    session_factory: sessionmaker[Session], owner: dict[str, Any]
) -> None:
    report = _import(session_factory, b"\xef\xbb\xbf" + EXPORT.read_bytes())
    assert (report.products, report.variants, report.images) == (4, 9, 6)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            _edited({"LS-M-NAVY": {"Handle": ""}}),
            [(9, "Handle is empty (every row names its product's Handle)")],
            id="missing-handle",
        ),
        pytest.param(
            _edited({"TR-41": {"Variant Price": "eighty"}}),
            [(12, "Variant Price: 'eighty' is not a price")],
            id="bad-price",
        ),
        pytest.param(
            _edited({"TR-42": {"Option2 Value": "Black"}}),
            [
                (
                    13,
                    "Option2 Value 'Black' has no Option2 Name "
                    "(name the option on the product's first row, line 11)",
                )
            ],
            id="option-value-without-name",
        ),
        pytest.param(
            EXPORT.read_text(encoding="utf-8").encode("cp1252"),
            [(4, "not UTF-8 text (byte 0xb2); export the file as UTF-8")],
            id="wrong-encoding",
        ),
        pytest.param(
            b"",
            [(1, "the file is empty: expected a header row with Handle and Title")],
            id="empty-file",
        ),
        pytest.param(
            b"\xef\xbb\xbf\r\n",
            [(1, "the file is empty: expected a header row with Handle and Title")],
            id="bom-only",
        ),
        pytest.param(
            EXPORT.read_text(encoding="utf-8")
            .replace('"<p>Grippy lugged', '"<p>Grippy lugged"x')
            .encode(),
            [(11, "broken CSV: ',' expected after '\"'")],
            id="stray-quote",
        ),
        pytest.param(
            EXPORT.read_bytes() + b'gift-card,"Gift card\n',
            [(16, "broken CSV: unexpected end of data")],
            id="unclosed-quote",
        ),
        pytest.param(
            EXPORT.read_bytes() + b"gift-card,Gift card" + b",x" * 47 + b"\n",
            [(16, "49 cells but the header has 48 columns")],
            id="too-many-cells",
        ),
        pytest.param(
            EXPORT.read_bytes().replace(b"TR-42", b"TR-\x0042"),
            [(13, "a NUL byte: this is not a text CSV file")],
            id="nul-byte",
        ),
        pytest.param(
            b"Name,Price\nShirt,10\n",
            [(1, "no Handle or Title column: is this a Shopify product CSV?")],
            id="not-a-shopify-file",
        ),
        pytest.param(
            _edited({"LS-S-NAVY": {"Variant Price": "1.999"}, "MUG-350": {"Variant SKU": "TR-40"}}),
            [
                (8, "Variant Price: '1.999' has more decimals than USD allows"),
                (14, "Variant SKU 'TR-40' is already on line 11"),
            ],
            id="every-bad-row-is-reported",
        ),
    ],
)
def test_bad_file_fails_with_line_numbers_and_changes_nothing(
    session_factory: sessionmaker[Session],
    db: Session,
    owner: dict[str, Any],
    data: bytes,
    expected: list[tuple[int, str]],
) -> None:
    _import(session_factory, EXPORT.read_bytes())
    before = catalog_snapshot(db)
    assert _failures(session_factory, data) == expected
    assert catalog_snapshot(db) == before


def test_bad_file_into_an_empty_store_creates_nothing(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    # Line 15 is the last product: the three good products before it must not be kept.
    data = _edited({"SER-30": {"Variant Price": ""}})
    assert _failures(session_factory, data) == [(15, "Variant Price is empty")]
    assert catalog_snapshot(db) == []


def test_new_header_vocabulary_without_inventory_column(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    """Exports since 2024 say "URL handle", "Description", "SKU", "Price"...; multi-location
    stores have no "Inventory quantity" column: stock is then kept as it was."""
    columns = [
        "Title",
        "URL handle",
        "Description",
        "Vendor",
        "Product category",
        "Type",
        "Tags",
        "Published on online store",
        "Status",
        "SKU",
        "Barcode",
        "Option1 name",
        "Option1 value",
        "Option2 name",
        "Option2 value",
        "Price",
        "Compare-at price",
        "Cost per item",
        "Charge tax",
        "Weight value (grams)",
        "Weight unit for display",
        "Requires shipping",
        "Fulfillment service",
        "Product image URL",
        "Image position",
        "Image alt text",
        "Variant image URL",
        "Gift card",
        "SEO title",
        "SEO description",
    ]
    first = {
        "Title": "Silk Scarf",
        "URL handle": "silk-scarf",
        "Description": "<p>Mulberry silk</p>",
        "Product category": "Apparel & Accessories > Clothing Accessories > Scarves & Shawls",
        "Published on online store": "TRUE",
        "Status": "Active",
        "SKU": "SC-RED",
        "Option1 name": "Color",
        "Option1 value": "Red",
        "Price": "35.00",
        "Weight value (grams)": "40",
        "Product image URL": "https://cdn.example/scarf-red.jpg",
        "Image position": "1",
        "Variant image URL": "https://cdn.example/scarf-red.jpg",
    }
    second = {"URL handle": "silk-scarf", "SKU": "SC-BLUE", "Option1 value": "Blue", "Price": "35"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows([first, second])
    data = out.getvalue().encode()
    report = _import(session_factory, data)
    assert (report.products, report.variants, report.images) == (1, 2, 1)
    scarf = service.find_by_handle(db, int(owner["seller_id"]), "silk-scarf")
    assert scarf is not None
    assert scarf.category == Category.APPAREL
    assert [(v.sku, v.options, v.stock) for v in scarf.variants] == [
        ("SC-RED", ["Red"], 0),
        ("SC-BLUE", ["Blue"], 0),
    ]
    scarf.variants[0].stock = 7
    db.commit()
    _import(session_factory, data)
    db.expire_all()
    assert [v.stock for v in scarf.variants] == [7, 0]


def test_sku_of_another_product_is_refused(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    _import(session_factory, EXPORT.read_bytes())
    before = catalog_snapshot(db)
    data = _edited({"MUG-350": {"Variant SKU": "SER-30"}})
    # SER-30 is also in the file (line 15), so this is caught as a duplicate in the file.
    assert _failures(session_factory, data) == [(15, "Variant SKU 'SER-30' is already on line 14")]
    lone = (
        b"Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
        b"travel-mug,Travel Mug,Title,Default Title,MUG-350,21.00\n"
    )
    assert _failures(session_factory, lone) == [
        (2, "Variant SKU 'MUG-350' already belongs to product 'stoneware-mug' in this store")
    ]
    assert catalog_snapshot(db) == before


def test_import_stays_in_its_store(
    session_factory: sessionmaker[Session],
    db: Session,
    owner: dict[str, Any],
    other_store: dict[str, Any],
) -> None:
    _import(session_factory, EXPORT.read_bytes())
    report = _import(session_factory, EXPORT.read_bytes(), slug="globex")
    assert (report.created, report.currency) == (4, "EUR")
    acme = service.find_by_handle(db, int(owner["seller_id"]), "trail-runner")
    globex = service.find_by_handle(db, int(other_store["seller_id"]), "trail-runner")
    assert acme is not None and globex is not None and acme.id != globex.id
    assert [p.currency for p in acme.variants[0].prices] == ["USD"]
    assert [(p.currency, p.amount_minor) for p in globex.variants[0].prices] == [("EUR", 8990)]


@pytest.mark.parametrize(
    ("category", "product_type", "expected"),
    [
        ("Apparel & Accessories > Shoes > Athletic Shoes", "", Category.SHOES),
        ("Apparel & Accessories > Clothing > Dresses", "", Category.APPAREL),
        ("Health & Beauty > Personal Care > Cosmetics", "", Category.BEAUTY),
        ("Electronics > Audio > Headphones", "", Category.ELECTRONICS),
        ("Home & Garden > Kitchen & Dining > Drinkware > Mugs", "", Category.HOME),
        ("", "Sneakers", Category.SHOES),
        ("", "Phone case", Category.ELECTRONICS),
        ("", "Gift voucher", Category.OTHER),
    ],
)
def test_shopify_category_and_type_map_to_our_categories(
    category: str, product_type: str, expected: Category
) -> None:
    assert map_category(category, product_type) == expected


def test_per_location_stock_columns_are_summed(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    data = (
        b"Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,"
        b"Inventory Available: Shenzhen,Inventory Available: Los Angeles\n"
        b"canvas-tote,Canvas Tote,Title,Default Title,TOTE-1,15.00,5,3\n"
    )
    _import(session_factory, data)
    tote = service.find_by_handle(db, int(owner["seller_id"]), "canvas-tote")
    assert tote is not None
    assert [(v.sku, v.stock) for v in tote.variants] == [("TOTE-1", 8)]


def test_reimport_removes_variants_and_images_left_out_of_the_file(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    _import(session_factory, EXPORT.read_bytes())
    text = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop line 13 (variant TR-42) and the image on line 12 (TR-41 keeps its variant cells).
    text[12 - 1] = text[12 - 1].replace(
        "https://cdn.shopify.com/s/files/1/0000/0001/products/trail-runner-sole.jpg,2,Outsole", ",,"
    )
    del text[13 - 1]
    report = _import(session_factory, "".join(text).encode())
    assert (report.variants, report.images) == (8, 5)
    runner = service.find_by_handle(db, int(owner["seller_id"]), "trail-runner")
    assert runner is not None
    assert [v.sku for v in runner.variants] == ["TR-40", "TR-41"]
    assert [i.src.rsplit("/", 1)[1] for i in runner.images] == ["trail-runner-side.jpg"]
