"""Product lookups other domains use (line-ups, credential scopes): always within one store."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Seller
from crosslive.catalog import service
from crosslive.catalog.schemas import PriceIn, ProductIn, VariantIn


def _product(db: Session, seller: Seller, title: str) -> int:
    price = PriceIn(currency="USD", amount_minor=1000)
    data = ProductIn(title=title, variants=[VariantIn(sku=None, prices=[price])])
    return service.create_product(db, seller, data).id


def test_product_lookups_stay_inside_the_store(db: Session) -> None:
    acme = auth_service.create_seller(db, slug="acme", name="Acme")
    globex = auth_service.create_seller(db, slug="globex", name="Globex")
    vase = _product(db, acme, "Vase")
    bowl = _product(db, acme, "Bowl")
    theirs = _product(db, globex, "Another bowl")

    assert service.product_choices(db, acme.id) == [(bowl, "Bowl"), (vase, "Vase")]
    found = service.products_by_id(db, acme.id, [vase, theirs, vase, 999])
    assert {pid: p.title for pid, p in found.items()} == {vase: "Vase"}
    assert service.products_by_id(db, acme.id, []) == {}
