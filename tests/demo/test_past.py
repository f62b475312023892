"""The demo's past built on a test store (the demo catalog without pictures, five markets):
ended shows, orders spread over the lifecycle with consistent past timestamps, advice kept on
sized lines, follow-up answers, camera ticks, and the steps run after it."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.catalog import service as catalog_service
from crosslive.catalog import size_option
from crosslive.catalog.models import Category, Product, Variant
from crosslive.db import make_engine, make_session_factory
from crosslive.demo import past, past_data, past_reviews
from crosslive.demo.seed import _product_in, _seed_markets, all_products
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Market
from crosslive.orders.models import Order, OrderLine
from crosslive.orders.models import OrderStatus as S
from crosslive.returns import camera
from crosslive.returns.handling import OPEN
from crosslive.returns.models import CameraCheck, ReturnRequest
from crosslive.reviews import service as reviews_service
from crosslive.reviews.models import Review
from crosslive.scheduler.models import ScheduledJob
from crosslive.settings import Settings
from crosslive.shows.models import ShowState

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def build(db: Session, settings: Settings, slug: str, **kwargs: object) -> past.Past:
    seller = auth_service.create_seller(db, slug=slug, name=slug, base_currency="USD")
    owner = auth_service.create_staff(
        db, seller, email=f"o@{slug}.example", name="O", password="pw-owner-1", role=Role.OWNER
    )
    host = auth_service.create_staff(
        db, seller, email=f"h@{slug}.example", name="H", password="pw-host-12", role=Role.HOST
    )
    _seed_markets(db, seller.id)  # the demo's markets, routes and return windows
    products = {
        spec.handle: catalog_service.create_product(db, seller, _product_in(spec))
        for spec in all_products()
    }
    return past.build_past(
        db, settings, seller, owner=owner, host=host, products=products, now=NOW, **kwargs
    )


@dataclass
class World:
    db: Session
    settings: Settings
    built: past.Past


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Iterator[World]:
    """Built once for the module (a past takes a few seconds); the tests only read it."""
    folder = tmp_path_factory.mktemp("past")
    shutil.copyfile(_sqlite_template, folder / "test.db")
    settings = Settings(
        data_dir=folder / "data", database_url=f"sqlite:///{folder / 'test.db'}", secret_key="s"
    )
    engine = make_engine(settings.resolved_database_url)
    session = make_session_factory(engine)()
    yield World(session, settings, build(session, settings, "pastshop"))
    session.rollback()
    session.close()
    engine.dispose()


@pytest.fixture
def db(world: World) -> Session:
    return world.db


@pytest.fixture
def built(world: World) -> past.Past:
    return world.built


def test_shows_ended_in_the_past_with_camera_ticks(db: Session, built: past.Past) -> None:
    assert [s.state for s in built.shows] == [ShowState.ENDED] * len(past_data.PAST_SHOWS)
    for show in built.shows:
        assert show.started_at is not None and show.ended_at is not None
        assert show.scheduled_at < show.started_at < show.ended_at < NOW - timedelta(days=2)
        ticks = db.scalars(select(CameraCheck).where(CameraCheck.show_id == show.id)).all()
        assert ticks, show.slug
        for tick in ticks:
            product = db.get(Product, tick.product_id)
            assert product is not None
            assert tick.item in camera.item_keys(product.category)
            assert show.started_at <= tick.updated_at <= show.ended_at


def test_each_buyer_lives_in_a_country_of_their_market_and_the_city_is_in_it(
    db: Session, built: past.Past
) -> None:
    in_country = {"Berlin": "DE", "Lyon": "FR", "Utrecht": "NL", "Leeds": "GB", "Austin": "US"}
    places: dict[str, set[tuple[str, str]]] = {}
    countries = {m.id: m.countries for m in db.scalars(select(Market))}
    for order in built.orders:
        assert order.market_id is not None
        assert order.country in countries[order.market_id], (order.id, order.country)
        places.setdefault(order.market_code, set()).add((order.city, order.country))
        if order.city in in_country:
            assert order.country == in_country[order.city], (order.city, order.country)
    # The EU market's buyers live in more than one of its countries.
    assert len({country for _, country in places["EU"]}) >= 2


def test_statuses_are_spread_like_a_running_store(built: past.Past) -> None:
    counts = Counter(order.status for order in built.orders)
    assert 120 <= len(built.orders) <= 160
    settled = counts[S.DELIVERED] + counts[S.CLOSED]
    assert settled / len(built.orders) > 0.6
    assert counts[S.CLOSED] > counts[S.DELIVERED] > 0
    assert counts[S.SHIPPED] >= 3
    assert 1 <= counts[S.PENDING_PAYMENT] <= 8
    assert 1 <= counts[S.CANCELLED] <= 15
    assert built.delivered == [o for o in built.orders if o.status in (S.DELIVERED, S.CLOSED)]


def test_timestamps_are_past_and_in_order(db: Session, built: past.Past) -> None:
    jobs = {job.key: job for job in db.scalars(select(ScheduledJob))}
    for order in built.orders:
        steps = [order.created_at, order.paid_at, order.shipped_at, order.delivered_at]
        reached = [at for at in steps if at is not None]
        assert reached == sorted(reached), order.id
        assert all(at <= NOW for at in reached)
        if order.status is S.CLOSED:
            assert order.returns_until is not None and order.closed_at is not None
            assert order.delivered_at < order.returns_until < order.closed_at <= NOW
        if order.status is S.CANCELLED:
            assert order.paid_at is None and order.cancel_reason == "unpaid_in_time"
            assert order.hold_until is not None and order.hold_until <= NOW
        if order.status is S.PENDING_PAYMENT:
            assert order.hold_until is not None and order.hold_until > NOW
            assert jobs[f"order:{order.id}"].due_at == order.hold_until
    assert not db.scalars(select(OutboxEmail)).all()  # the past's emails are not resent
    reviewed = db.scalars(select(Review.created_at)).all()
    assert reviewed and all(at <= NOW for at in reviewed)  # no review from the future
    returns = db.scalars(select(ReturnRequest)).all()
    assert returns
    for ret in returns:  # nor a return asked, decided, received or closed after NOW
        steps = (ret.created_at, ret.confirmed_at, ret.decided_at, ret.received_at, ret.closed_at)
        assert all(at is None or at <= NOW for at in steps), ret.reference


def test_sized_lines_keep_advice_and_follow_ups_answer_after_delivery(
    db: Session, built: past.Past
) -> None:
    ids = [o.id for o in built.orders]
    advised = db.scalars(
        select(OrderLine).where(OrderLine.order_id.in_(ids), OrderLine.advised_size.is_not(None))
    ).all()
    assert len(advised) >= 20
    for line in advised:
        variant = db.get(Variant, line.variant_id)
        assert variant is not None
        assert variant.product.category in (Category.APPAREL, Category.SHOES)
    every = db.scalars(select(FitFeedback)).all()
    # Follow-up answers, and (from the past's returns) size returns: small or large only.
    assert {row.source for row in every} == {FitSource.FOLLOW_UP, FitSource.RETURN}
    assert {r.verdict for r in every if r.source is FitSource.RETURN} <= {
        FitVerdict.SMALL,
        FitVerdict.LARGE,
    }
    # Each answer names the size bought ("M"), never the variant's whole label ("White / M").
    lines = {line.id: line for order in built.orders for line in order.lines}
    bought = size_option.variant_sizes(db, {line.variant_id for line in lines.values()})
    assert all(row.size == bought[lines[row.order_line_id].variant_id] for row in every)
    rows = [row for row in every if row.source is FitSource.FOLLOW_UP]
    by_line = {line.id: order for order in built.orders for line in order.lines}
    for row in rows:
        delivered = by_line[row.order_line_id].delivered_at
        assert delivered is not None and delivered < row.created_at <= NOW
    off = sum(row.verdict is not FitVerdict.FIT for row in rows)
    assert 0.1 <= off / len(rows) <= 0.5


def test_same_seed_same_past_and_after_steps_get_the_delivered(
    world: World, built: past.Past
) -> None:
    db = world.db
    seen: list[tuple[list[int], float]] = []

    def step(_db: Session, delivered: list[Order], rng: random.Random, _now: datetime) -> None:
        seen.append(([o.id for o in delivered], rng.random()))

    again = build(db, world.settings, "pastshop-two", after=[step])
    assert [o.status for o in again.orders] == [o.status for o in built.orders]
    assert [o.total_minor for o in again.orders] == [o.total_minor for o in built.orders]
    assert seen[0][0] == [o.id for o in again.delivered] and seen[0][0]
    count = db.scalar(select(func.count(Order.id)))
    assert count == len(built.orders) + len(again.orders)


def test_past_returns_wait_in_the_queue_only_on_orders_still_open(
    db: Session, built: past.Past
) -> None:
    returns = db.scalars(select(ReturnRequest)).all()
    assert returns, "the past's delivered orders got some returns"
    for ret in returns:
        order = db.get(Order, ret.order_id)
        assert order is not None and order.delivered_at is not None
        if ret.status in OPEN:  # waiting for the store: its order cannot have closed
            assert order.status is not S.CLOSED, (ret.reference, ret.status)
    assert any(ret.status in OPEN for ret in returns)  # a few for a newcomer to handle


def test_past_buyers_reviewed_in_several_languages_and_two_reviews_are_incentivised(
    db: Session, built: past.Past
) -> None:
    seller_id = built.shows[0].seller_id
    reviews = db.scalars(select(Review).where(Review.seller_id == seller_id)).all()
    assert len(reviews) >= 30
    assert {r.language for r in reviews} >= {"en", "de", "fr", "ja", "ko"}
    assert sorted(r.incentive for r in reviews if r.incentivised) == sorted(past_reviews.INCENTIVES)
    assert {r.rating for r in reviews} == {1, 2, 3, 4, 5}  # the negative ones stay
    # Each comes from a delivered line of its order, one per line.
    assert len({r.order_line_id for r in reviews}) == len(reviews)
    # Every product a buyer received has reviews on its sheet.
    received = {
        variant.product_id
        for order in built.delivered
        for line in order.lines
        if (variant := db.get(Variant, line.variant_id)) is not None
    }
    assert {r.product_id for r in reviews} == received
    # The product pinned in the live show has reviews for its sheet.
    earbuds = db.scalars(
        select(Product).where(
            Product.seller_id == seller_id, Product.handle == "anc-wireless-earbuds"
        )
    ).one()
    sheet = reviews_service.sheet(db, earbuds.id, "ko")
    assert sheet["count"] >= 1 and len(sheet["reviews"]) == sheet["count"]
