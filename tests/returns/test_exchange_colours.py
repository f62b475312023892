"""An exchange for fit keeps everything the buyer chose but the size: on a product in colours
and sizes, a white M too small becomes a white L, and a white L too small (no larger white)
is refunded rather than swapped for the next variant on the list (a black S). The fit
feedback a size return leaves names the size alone ("M"), as the follow-up's answers do."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product, Variant, VariantPrice
from crosslive.db import transaction
from crosslive.fit.models import FitFeedback
from crosslive.orders.links import OrderLinks
from crosslive.returns.models import ReturnRequest
from tests.factories import Shop
from tests.returns.return_helpers import delivered_order, returns_url

# Listed as a store lists them: every size of one colour, then the next colour.
VARIANTS = [("White", "M"), ("White", "L"), ("Black", "S"), ("Black", "M"), ("Black", "L")]


def _tee(factory: sessionmaker[Session], shop: Shop) -> dict[tuple[str, str], int]:
    with transaction(factory) as db:
        tee = Product(
            seller_id=shop.seller_id, handle="two-colour-tee", title="Tee",
            option_names=["Colour", "Size"],
        )  # fmt: skip
        for position, (colour, size) in enumerate(VARIANTS, start=1):
            variant = Variant(
                seller_id=shop.seller_id, sku=f"TEE-{colour}-{size}", option1=colour,
                option2=size, stock=4, position=position,
            )  # fmt: skip
            variant.prices = [VariantPrice(currency="USD", amount_minor=3000)]
            tee.variants.append(variant)
        db.add(tee)
        db.flush()
        return {(v.option1 or "", v.option2 or ""): v.id for v in tee.variants}


def _look(client: TestClient, links: OrderLinks, factory: sessionmaker[Session], shop: Shop,
          variant_id: int, advised: str | None = None) -> dict[str, object]:  # fmt: skip
    order = delivered_order(factory, shop, variant_id, advised=advised)
    url = returns_url(links, order.public_id)
    seen = client.post(url, json={"line_id": order.line_id, "reason": "too_small"})
    assert seen.status_code == 200, seen.text
    out: dict[str, object] = {**seen.json(), "url": url}
    return out


def _offered(db: Session, return_id: object) -> int | None:
    ret = db.get(ReturnRequest, return_id)
    assert ret is not None
    return ret.exchange_variant_id


def test_too_small_exchanges_for_the_next_size_of_the_same_colour(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    ids = _tee(session_factory, shop)
    seen = _look(app_client, links, session_factory, shop, ids[("White", "M")])
    assert (seen["outcome"], seen["exchange_label"]) == ("exchange", "L")
    assert _offered(db, seen["id"]) == ids[("White", "L")]
    # The advisor's size (a size, not a variant's label) is offered when it lies that way.
    advised = _look(app_client, links, session_factory, shop, ids[("Black", "S")], advised="L")
    assert (advised["outcome"], advised["exchange_label"]) == ("exchange", "L")
    assert _offered(db, advised["id"]) == ids[("Black", "L")]
    # Confirmed, the fit feedback records the size alone, as the follow-up's answers do.
    done = app_client.post(f"{seen['url']}/{seen['id']}/confirm")
    assert done.json()["status"] == "requested", done.text
    db.expire_all()
    assert db.scalars(select(FitFeedback.size)).all() == ["M"]


def test_too_small_in_the_largest_size_of_a_colour_is_refunded_not_swapped_for_another(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
) -> None:
    ids = _tee(session_factory, shop)
    seen = _look(app_client, links, session_factory, shop, ids[("White", "L")])
    assert (seen["outcome"], seen["exchange_label"]) == ("return_refund", "")
