"""The struck-through price only against the lowest price of the 30 days before the cut."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import PriceChange, VariantPrice
from crosslive.compliance import prices
from crosslive.compliance import service as compliance
from crosslive.db import utcnow
from crosslive.live import market_rules
from tests.compliance.factories import make_rules_store


def history(db: Session, variant_id: int) -> list[int]:
    rows = db.scalars(
        select(PriceChange.amount_minor)
        .where(PriceChange.variant_id == variant_id, PriceChange.currency == "EUR")
        .order_by(PriceChange.id)
    )
    return list(rows)


def test_every_price_change_is_recorded_whatever_changed_it(db: Session) -> None:
    store = make_rules_store(db)
    price = store.product.variants[0].price_in("EUR")
    assert price is not None
    assert history(db, price.variant_id) == [4000]
    price.amount_minor = 3500
    db.flush()
    price.compare_at_minor = 4000  # not a price change
    db.flush()
    assert history(db, price.variant_id) == [4000, 3500]


def _dated(db: Session, price: VariantPrice, days_ago_and_amounts: list[tuple[int, int]]) -> None:
    """Rewrite the variant's EUR history as (days ago, amount), oldest first."""
    for row in db.scalars(select(PriceChange).where(PriceChange.variant_id == price.variant_id)):
        db.delete(row)
    now = utcnow()
    for days, amount in days_ago_and_amounts:
        db.add(
            PriceChange(
                variant_id=price.variant_id,
                currency="EUR",
                amount_minor=amount,
                changed_at=now - timedelta(days=days),
            )
        )
    db.flush()


def test_the_reference_is_the_lowest_price_of_the_30_days_before_the_cut(db: Session) -> None:
    store = make_rules_store(db)
    price = store.product.variants[0].price_in("EUR")
    assert price is not None
    # 50.00 until 40 days ago, 45.00 for 20 days, 60.00 for 15 days, now 40.00: the
    # 30 days before the cut saw 45.00 (in force when the window opened) and 60.00.
    _dated(db, price, [(60, 5000), (40, 4500), (20, 6000), (5, 4000)])
    assert prices.reference_price(db, price.variant_id, "EUR") == 4500
    price.amount_minor = 4000
    assert prices.was_price(db, price) == 4500
    # A price with no earlier one known has no reference, so nothing is struck through.
    _dated(db, price, [(5, 4000)])
    assert prices.reference_price(db, price.variant_id, "EUR") is None
    # A rise is no cut.
    _dated(db, price, [(50, 3000), (2, 4000)])
    assert prices.was_price(db, price) is None


def test_a_compare_at_price_other_than_the_reference_is_not_shown_and_the_admin_says_why(
    db: Session,
) -> None:
    store = make_rules_store(db)
    price = store.product.variants[0].price_in("EUR")
    assert price is not None
    _dated(db, price, [(60, 5000), (40, 4500), (5, 4000)])
    price.compare_at_minor = 9900  # "was €99": never the price
    eu = store.markets["EU"]
    found = compliance.missing(db, store.product, eu)
    assert [(f.rule, f.blocks, f.text) for f in found] == [
        (
            "prior-price",
            False,
            "The compare-at price €99.00 is not the lowest price of the 30 days before the cut "
            "(€45.00): no struck-through price is shown in this market",
        )
    ]
    assert compliance.sellable(db, store.product, eu)  # shown, without the false "was"
    card = {"amount_minor": 4000, "compare_at_minor": 9900, "compare_at": "€99.00"}
    shown = market_rules.priced(db, store.product, eu, card)
    assert shown is not None
    assert (shown["compare_at_minor"], shown["prior_lowest"]) == (4500, True)
    # Where the market has no prior-price rule the seller's compare-at price stands.
    assert market_rules.priced(db, store.product, store.markets["UK"], card) == card
    # The seller sets compare-at to the real 30-day low: no finding.
    price.compare_at_minor = 4500
    assert compliance.missing(db, store.product, eu) == []
