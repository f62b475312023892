""" "Waiting for you": each count moves when its data moves, and links to where it is done."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations.models import ConsultationState
from crosslive.db import transaction, utcnow
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.settings import Settings
from crosslive.shows.models import ShowState
from crosslive.trust.models import VerificationOutcome
from tests.chat.factories import viewer_headers
from tests.dashboard.helpers import dashboard, links, tasks
from tests.dashboard.store_steps import (
    add_call_request,
    add_credential,
    add_question,
    answer,
    handle_call,
    set_show,
    set_stock,
    verify,
)
from tests.factories import Shop
from tests.orders.lifecycle_helpers import order_id, place_order
from tests.returns.return_helpers import asked, delivered_order, set_us_market


def _hold_until(factory: sessionmaker[Session], oid: int, hours: float) -> None:
    with transaction(factory) as db:
        at = utcnow() + timedelta(hours=hours)
        db.execute(update(Order).where(Order.id == oid).values(hold_until=at))


def test_an_empty_store_has_nothing_waiting(owner_browser: TestClient) -> None:
    page = dashboard(owner_browser)
    assert tasks(owner_browser) == {}
    assert "Nothing waiting." in page


def test_orders_to_ship_and_holds_ending(
    app_client: TestClient,
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    set_show(session_factory, shop, ShowState.SCHEDULED)
    set_stock(session_factory, shop.shirt_l, 10)
    set_stock(session_factory, shop.lamp, 10)
    assert tasks(owner_browser) == {}

    oid = order_id(db, place_order(buyer, shop.shirt_m, "dashboard-order-1")["public_id"])
    _hold_until(session_factory, oid, 30)
    assert tasks(owner_browser) == {}  # unpaid, but its hold has more than a day left
    _hold_until(session_factory, oid, 2)
    assert tasks(owner_browser) == {"holds_ending": 1}
    assert links(owner_browser)["holds_ending"] == "/admin/orders?status=pending_payment"

    paid = app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers)
    assert paid.status_code == 200, paid.text
    assert tasks(owner_browser) == {"to_ship": 1}
    assert links(owner_browser)["to_ship"] == "/admin/orders?status=paid"

    body = {"carrier": "UPS", "tracking_number": "1Z0001"}
    shipped = app_client.post(f"/api/v1/orders/{oid}/shipped", json=body, headers=auth_headers)
    assert shipped.status_code == 200, shipped.text
    assert tasks(owner_browser) == {}


def test_returns_to_review_then_refunds_to_issue(
    app_client: TestClient,
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    settings: Settings,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    ret = asked(buyer, OrderLinks.from_settings(settings), order, "defect")
    assert tasks(owner_browser) == {"to_review": 1}
    assert links(owner_browser)["to_review"] == "/admin/returns"

    base = f"/api/v1/returns/{ret['id']}"
    assert app_client.post(f"{base}/approve", headers=auth_headers).status_code == 200
    assert tasks(owner_browser) == {}  # approved: the parcel is on its way back
    got = app_client.post(f"{base}/received", json={"restockable": True}, headers=auth_headers)
    assert got.status_code == 200, got.text
    assert tasks(owner_browser) == {"to_refund": 1}
    paid = app_client.post(f"{base}/refund", json={"reference": "B-1"}, headers=auth_headers)
    assert paid.json()["status"] == "refunded", paid.text
    assert tasks(owner_browser) == {}


def test_questions_without_an_answer_link_to_the_live_console(
    app_client: TestClient,
    owner_browser: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
) -> None:
    set_show(session_factory, shop, ShowState.LIVE)
    for stock_up in (shop.shirt_l, shop.lamp):
        set_stock(session_factory, stock_up, 10)
    ana = viewer_headers(app_client, shop.show_slug, "Ana")
    sent = app_client.post(
        f"/api/v1/live/{shop.show_slug}/messages",
        json={"body": "Is the linen pre-washed?", "question": True},
        headers=ana,
    )
    assert sent.status_code == 201, sent.text
    other = add_question(session_factory, shop.show_id)
    assert tasks(owner_browser) == {"questions": 2}
    assert links(owner_browser)["questions"] == f"/host/{shop.show_slug}"

    answer(session_factory, other)
    assert tasks(owner_browser) == {"questions": 1}
    set_show(session_factory, shop, ShowState.ENDED)  # no longer answerable on air
    assert tasks(owner_browser) == {}


def test_call_requests_waiting_until_taken_or_handled(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    waiting = add_call_request(session_factory, shop, ConsultationState.WAITING, "v-1")
    missed = add_call_request(session_factory, shop, ConsultationState.EXPIRED, "v-2")
    add_call_request(session_factory, shop, ConsultationState.ENDED, "v-3")
    assert tasks(owner_browser) == {"calls": 2}
    assert links(owner_browser)["calls"] == "/admin/calls"
    handle_call(session_factory, missed)
    handle_call(session_factory, waiting)
    assert tasks(owner_browser) == {}


def test_low_and_sold_out_stock_in_a_coming_show(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    # The shop's line-up: shirt M (5), shirt L (1), lamp (3); the hidden product is not in it.
    set_show(session_factory, shop, ShowState.SCHEDULED)
    set_stock(session_factory, shop.hidden, 0)
    assert tasks(owner_browser) == {"low_stock": 2}
    set_stock(session_factory, shop.lamp, 0)
    assert tasks(owner_browser) == {"sold_out": 1, "low_stock": 1}
    assert "Variants with 3 or fewer left in a coming show" in dashboard(owner_browser)
    set_show(session_factory, shop, ShowState.SCHEDULED, utcnow() - timedelta(days=3))
    assert tasks(owner_browser) == {}  # long overdue: not a coming show any more


def test_credentials_expiring_or_withdrawn(
    owner_browser: TestClient, owner: dict[str, str | int], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    today = utcnow().date()
    soon = add_credential(session_factory, seller_id, today + timedelta(days=10))
    add_credential(session_factory, seller_id, today + timedelta(days=45))
    add_credential(session_factory, seller_id, today - timedelta(days=1))
    assert tasks(owner_browser) == {"expiring": 1}
    assert "Credentials that expire within 30 days" in dashboard(owner_browser)
    verify(session_factory, soon, VerificationOutcome.VERIFIED)
    assert tasks(owner_browser) == {"expiring": 1}
    verify(session_factory, soon, VerificationOutcome.WITHDRAWN)
    assert tasks(owner_browser) == {"withdrawn": 1}
    assert links(owner_browser)["withdrawn"] == "/admin/credentials"


def test_the_counts_speak_the_sellers_language(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    set_show(session_factory, shop, ShowState.SCHEDULED)
    owner_browser.cookies.set("crosslive_admin_lang", "zh-Hans")
    page = dashboard(owner_browser)
    assert "待您处理" in page and "最近 7 天" in page
    assert "即将开播的直播中库存不超过 3 件的款式" in page
    assert tasks(owner_browser) == {"low_stock": 2}
