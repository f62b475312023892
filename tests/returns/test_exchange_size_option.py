"""Exchanges and follow-ups find the size by the catalog's rule, wherever the store put it:
a German tee in Farbe / Größe or a Japanese one in カラー / サイズ returned too small is
exchanged for the next size of the same colour, and its fit feedback names the size, not the
colour. Shoes whose options name no size are read by their size chart; a scarf in colours
only has no size: a too-small return of it is a plain refund, and neither it nor a "too small"
follow-up answer leaves fit feedback."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, SizeChartRow, Variant, VariantPrice
from crosslive.db import transaction, utcnow
from crosslive.fit.models import FitFeedback, FitSource
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import followup
from crosslive.returns.followup_models import Answer
from crosslive.returns.models import ReturnRequest
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.follow_up_helpers import links_of
from tests.returns.return_helpers import Delivered, delivered_order, returns_url

# (option names, variants as a store lists them: every size of a colour, then the next colour)
GERMAN = (["Farbe", "Größe"], [("Weiß", "M"), ("Weiß", "L"), ("Schwarz", "M"), ("Schwarz", "L")])
JAPANESE = (["カラー", "サイズ"], [("白", "M"), ("白", "L"), ("黒", "M"), ("黒", "L")])
# Sizes under a name the catalog does not know ("Pointure", French for a shoe's size): the
# product's size chart says which values are sizes.
SHOES = (
    ["Couleur", "Pointure"],
    [("Noir", "38"), ("Noir", "39"), ("Rouge", "38"), ("Rouge", "39")],
)


def _product(
    factory: sessionmaker[Session],
    shop: Shop,
    names: list[str],
    variants: list[tuple[str, ...]],
    chart: tuple[str, ...] = (),
) -> dict[tuple[str, ...], int]:
    """Apparel in VARIANTS under option NAMES, with a size chart of CHART's sizes if given."""
    with transaction(factory) as db:
        product = Product(
            seller_id=shop.seller_id, handle=f"item-{len(db.scalars(select(Product)).all())}",
            title="Item", option_names=names, category=Category.APPAREL,
        )  # fmt: skip
        for position, options in enumerate(variants, start=1):
            variant = Variant(seller_id=shop.seller_id, stock=4, position=position)
            for n, value in enumerate(options, start=1):
                setattr(variant, f"option{n}", value)
            variant.prices = [VariantPrice(currency="USD", amount_minor=3000)]
            product.variants.append(variant)
        product.size_chart = [SizeChartRow(size_label=label) for label in chart]
        db.add(product)
        db.flush()
        return {tuple(v.options): v.id for v in product.variants}


def _too_small(
    client: TestClient, links: OrderLinks, factory: sessionmaker[Session], shop: Shop,
    variant_id: int,
) -> tuple[Delivered, dict[str, Any]]:  # fmt: skip
    """A delivered order of VARIANT_ID returned as too small, confirmed: (order, the look)."""
    order = delivered_order(factory, shop, variant_id)
    url = returns_url(links, order.public_id)
    seen = client.post(url, json={"line_id": order.line_id, "reason": "too_small"})
    assert seen.status_code == 200, seen.text
    done = client.post(f"{url}/{seen.json()['id']}/confirm")
    assert done.status_code == 200, done.text
    return order, seen.json()


def _feedback(db: Session) -> list[tuple[str, FitSource]]:
    db.expire_all()
    return [(r.size, r.source) for r in db.scalars(select(FitFeedback).order_by(FitFeedback.id))]


@pytest.mark.parametrize("product", [GERMAN, JAPANESE, SHOES], ids=["de", "ja", "chart"])
def test_too_small_keeps_the_colour_and_offers_the_next_size(
    product: tuple[list[str], list[tuple[str, str]]],
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    names, variants = product
    chart = ("38", "39", "40") if product is SHOES else ()
    ids = _product(session_factory, shop, names, list(variants), chart)
    (colour, small), (_, larger) = variants[2], variants[3]
    _, seen = _too_small(app_client, links, session_factory, shop, ids[(colour, small)])
    assert (seen["outcome"], seen["exchange_label"]) == ("exchange", larger)
    ret = db.get(ReturnRequest, seen["id"])
    assert ret is not None and ret.exchange_variant_id == ids[(colour, larger)]
    assert _feedback(db) == [(small, FitSource.RETURN)]


@pytest.mark.parametrize("product", [GERMAN, JAPANESE, SHOES], ids=["de", "ja", "chart"])
def test_the_follow_up_records_the_size_not_the_colour(
    product: tuple[list[str], list[tuple[str, str]]],
    shop: Shop,
    session_factory: sessionmaker[Session],
    settings: Settings,
    db: Session,
) -> None:
    names, variants = product
    chart = ("38", "39", "40") if product is SHOES else ()
    ids = _product(session_factory, shop, names, list(variants), chart)
    colour, size = variants[2]
    delivered = delivered_order(session_factory, shop, ids[(colour, size)])
    order = db.get(Order, delivered.order_id)
    assert order is not None
    asked = {q.line.id: (q.sized, q.size) for q in followup.questions(db, order)}
    assert asked == {delivered.line_id: (True, size)}
    links = links_of(settings)
    token = links.token(order, delivered.line_id, Answer.TOO_SMALL)
    followup.answer(db, links, token, now=utcnow())
    db.commit()
    assert _feedback(db) == [(size, FitSource.FOLLOW_UP)]


def test_a_scarf_in_colours_only_is_refunded_not_exchanged_for_a_size(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    settings: Settings,
    db: Session,
) -> None:
    ids = _product(session_factory, shop, ["Color"], [("Red",), ("Blue",), ("Green",)])
    delivered, seen = _too_small(app_client, links, session_factory, shop, ids[("Blue",)])
    assert (seen["outcome"], seen["exchange_label"]) == ("return_refund", "")
    ret = db.get(ReturnRequest, seen["id"])
    assert ret is not None and ret.exchange_variant_id is None
    order = db.get(Order, delivered.order_id)
    assert order is not None
    assert [q.size for q in followup.questions(db, order)] == [None]
    follow_up = links_of(settings)
    token = follow_up.token(order, delivered.line_id, Answer.TOO_SMALL)
    assert followup.answer(db, follow_up, token, now=utcnow()).changed
    db.commit()
    # Neither the return nor the answer reads the colour as a size.
    assert _feedback(db) == []
