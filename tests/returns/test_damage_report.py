"""Products damaged in transit more than their category's others: the counts from a returns
table, the report, and the lane-economics page showing it (counts injected)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from fastapi.testclient import TestClient
from scipy.stats import binomtest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.models import Category, Product, Variant
from crosslive.db import utcnow
from crosslive.errors import PermissionDenied
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import requests
from crosslive.returns.damage_report import (
    DamageCounts,
    RequestCounts,
    ReturnCounts,
    TableReturnCounts,
    damage_report,
)
from crosslive.returns.packaging import ADVICE, PackagingKind
from crosslive.state import state_of
from tests.factories import Shop, add_staff, page_login
from tests.returns.return_helpers import delivered_order


class Injected:
    def __init__(self, counts: Mapping[int, ReturnCounts]) -> None:
        self._counts = counts

    def counts(self, db: Session, seller_id: int) -> Mapping[int, ReturnCounts]:
        return self._counts


def products(db: Session) -> dict[str, Product]:
    found = {p.title: p for p in db.scalars(select(Product))}
    found["Linen Shirt"].category = Category.APPAREL
    found["Lamp"].category = Category.HOME
    found["Lamp"].product_type = "Ceramic table lamp"
    found["Hidden"].category = Category.HOME
    found["Hidden"].title = "Vase <b>"
    db.commit()
    return {"shirt": found["Linen Shirt"], "lamp": found["Lamp"], "vase": found["Hidden"]}


def counts_for(found: dict[str, Product]) -> Injected:
    return Injected(
        {
            found["lamp"].id: ReturnCounts(12, 8),
            found["vase"].id: ReturnCounts(40, 4),
            found["shirt"].id: ReturnCounts(5, 0),
            999_999: ReturnCounts(30, 30),  # not this store's product: left out
        }
    )


def the_owner(db: Session, owner: dict[str, str | int]) -> StaffUser:
    staff = db.get(StaffUser, owner["user_id"])
    assert staff is not None
    return staff


def test_a_table_of_returns_is_counted_per_product_of_the_store(db: Session) -> None:
    table = Table(
        "returned_items_for_test",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("seller_id", Integer),
        Column("product_id", Integer, nullable=True),
        Column("reason", String(32)),
    )
    table.create(db.connection())
    rows = [(1, 10, "damaged"), (1, 10, "damaged"), (1, 10, "too_small"), (1, 11, "other")]
    rows += [(1, None, "damaged"), (2, 12, "damaged")]
    names = ("seller_id", "product_id", "reason")
    db.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
    source = TableReturnCounts(table.c.product_id, table.c.reason, table.c.seller_id, "damaged")
    assert source.counts(db, 1) == {10: ReturnCounts(3, 2), 11: ReturnCounts(1, 0)}
    assert source.counts(db, 3) == {}


def test_the_report_flags_the_product_damaged_above_its_category(
    db: Session, shop: Shop, owner: dict[str, str | int]
) -> None:
    found = products(db)
    rows = damage_report(db, the_owner(db, owner), counts_for(found))
    assert rows is not None
    assert [(r.title, r.returns, r.damaged, r.flagged) for r in rows] == [
        ("Lamp", 12, 8, True),
        ("Vase <b>", 40, 4, False),
        ("Linen Shirt", 5, 0, False),
    ]
    lamp, vase, shirt = rows
    assert lamp.category_share == 0.1  # the vase's 4 of 40
    assert lamp.p_value == pytest.approx(binomtest(8, 12, 0.1, alternative="greater").pvalue)
    assert list(lamp.advice) == [PackagingKind.HOME, PackagingKind.FRAGILE]
    assert vase.category_share == pytest.approx(8 / 12) and vase.advice == {}
    assert vase.p_value is not None and vase.p_value > 0.99
    # No other apparel returns to compare with: the category's assumed share, and too few
    # returns of its own to test.
    assert (shirt.category_share, shirt.share_assumed, shirt.p_value) == (0.03, True, None)
    assert not lamp.share_assumed


def test_the_stores_confirmed_return_requests_are_what_counts(
    session_factory: sessionmaker[Session], shop: Shop, links: OrderLinks, db: Session
) -> None:
    drafted, confirmed = (delivered_order(session_factory, shop, shop.lamp) for _ in range(2))
    for delivered, reason in ((drafted, "defect"), (confirmed, "damaged_in_transit")):
        order = db.get(Order, delivered.order_id)
        assert order is not None
        ret = requests.start(
            db,
            order,
            line_id=delivered.line_id,
            quantity=1,
            reason=reason,
            note="",
            now=utcnow(),
            remind_days=None,
        )
        if delivered is confirmed:
            requests.confirm(db, order, ret, links, now=utcnow())
    db.commit()
    lamp = db.get(Variant, shop.lamp)
    assert lamp is not None
    assert RequestCounts().counts(db, shop.seller_id) == {lamp.product_id: ReturnCounts(1, 1)}
    assert RequestCounts().counts(db, shop.seller_id + 1) == {}


def test_no_source_or_no_returns_is_no_report_and_hosts_may_not_read_it(
    db: Session, shop: Shop, owner: dict[str, str | int]
) -> None:
    staff = the_owner(db, owner)
    assert damage_report(db, staff, None) is None
    assert damage_report(db, staff, Injected({})) is None
    host = db.get(StaffUser, owner["user_id"])
    assert host is not None
    host.role = Role.HOST
    with pytest.raises(PermissionDenied):
        damage_report(db, host, Injected({}))
    db.rollback()


def test_the_lanes_page_says_no_returns_until_counts_come_in_then_shows_the_flag(
    app_client: TestClient, shop: Shop, owner: dict[str, str | int], db: Session
) -> None:
    page_login(app_client, str(owner["email"]))
    before = app_client.get("/admin/lanes")
    assert before.status_code == 200
    assert '<p class="muted" data-damage-none>No returns recorded yet.</p>' in before.text
    assert "data-damage-product" not in before.text

    found = products(db)
    state_of(app_client.app).provide(DamageCounts, DamageCounts(counts_for(found)))
    page = app_client.get("/admin/lanes").text
    assert "No returns recorded yet" not in page
    lamp = found["lamp"].id
    assert f'<tr data-damage-product="{lamp}">' in page
    assert "<strong>flagged</strong> (p = 0.000)" in page
    assert f'<tr data-packing="{lamp}">' in page
    assert ADVICE[PackagingKind.FRAGILE][1] in page
    assert "Vase &lt;b&gt;" in page and "Vase <b>" not in page
    assert "not above its category" in page and "fewer than 10 returns" in page
    assert page.count("data-packing=") == 1


def test_another_role_cannot_open_the_page(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    shop: Shop,
    owner: dict[str, str | int],
) -> None:
    email = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    page_login(app_client, email)
    assert app_client.get("/admin/lanes").status_code == 403
