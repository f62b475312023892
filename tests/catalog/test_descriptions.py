"""Product descriptions are cleaned with nh3 on the way in: from a Shopify export, and
(migration 0008) those stored before."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive import migrate
from crosslive.auth.models import Seller
from crosslive.catalog import service
from crosslive.catalog.models import Product
from crosslive.catalog.shopify_import import import_shopify_csv
from crosslive.db import make_engine, make_session_factory, transaction
from tests.catalog.conftest import EXPORT
from tests.factories import old_seller

HOSTILE_BODY = (
    '<p onclick="steal()">Soft <b>linen</b></p><script>alert(1)</script>'
    '<a href="javascript:alert(2)">size guide</a><img src="x" onerror="alert(3)">'
    '<a href="https://example.com/care">care</a><iframe src="https://example.com"></iframe>'
)
CLEANED_BODY = (
    '<p>Soft <b>linen</b></p><a rel="noopener noreferrer nofollow">size guide</a>'
    '<img src="x"><a href="https://example.com/care" rel="noopener noreferrer nofollow">care</a>'
)


def _export_with_body(sku: str, body: str) -> bytes:
    """The realistic export, with BODY in the Body (HTML) cell of SKU's row."""
    reader = csv.DictReader(io.StringIO(EXPORT.read_text(encoding="utf-8"), newline=""))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []), lineterminator="\n")
    writer.writeheader()
    for row in reader:
        writer.writerow({**row, "Body (HTML)": body} if row["Variant SKU"] == sku else row)
    return out.getvalue().encode()


def test_the_body_html_is_sanitised_when_imported(
    session_factory: sessionmaker[Session], db: Session, owner: dict[str, Any]
) -> None:
    with transaction(session_factory) as work:
        seller = work.scalar(select(Seller).where(Seller.slug == "acme"))
        assert seller is not None
        import_shopify_csv(work, seller, _export_with_body("LS-S-SAND", HOSTILE_BODY))
    shirt = service.find_by_handle(db, int(owner["seller_id"]), "linen-shirt")
    assert shirt is not None
    assert shirt.description_html == CLEANED_BODY


def test_migration_0008_cleans_the_descriptions_stored_before(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, "0004")
    engine = make_engine(url)
    factory = make_session_factory(engine)
    clean = "<p>Garment-washed <em>linen</em></p>"
    with transaction(factory) as db:
        seller_id = old_seller(db)
        # Core inserts name only the columns they set (and those with defaults), so a column
        # added to products after 0004 (hs_code, 0023) is not written to the old table.
        ids = [
            db.execute(
                insert(Product).values(
                    seller_id=seller_id, handle=handle, title=handle.title(), description_html=html
                )
            ).inserted_primary_key[0]
            for handle, html in (("shirt", HOSTILE_BODY), ("scarf", clean), ("bare", ""))
        ]
    migrate.upgrade(url, "0008")
    with factory() as db:
        stored = [db.scalar(select(Product.description_html).where(Product.id == i)) for i in ids]
    engine.dispose()
    assert stored == [CLEANED_BODY, clean, ""]
