""" "Now and next" and "Last 7 days": the show on air or next, and the week's figures from
the insights summaries, moving as orders and returns are written."""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.money import format_money
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus
from crosslive.settings import Settings
from crosslive.shows.models import ShowState
from tests.dashboard.helpers import dashboard, figures, links
from tests.dashboard.store_steps import add_question, set_show
from tests.factories import Shop
from tests.orders.lifecycle_helpers import order_id, place_order
from tests.returns.return_helpers import asked, delivered_order, set_us_market


def test_no_show_offers_to_schedule_one(owner_browser: TestClient) -> None:
    page = dashboard(owner_browser)
    assert "No show is live or scheduled." in page
    assert 'href="/admin/shows/new"' in page


def test_the_next_show_with_its_start_for_the_browser_to_localise(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    start = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    set_show(session_factory, shop, ShowState.SCHEDULED, start)
    page = dashboard(owner_browser)
    assert "Next show" in page and f'href="/admin/shows/{shop.show_id}"' in page
    assert f'<time class="local" datetime="{start.isoformat()}">' in page
    assert "/static/admin/shows.js" in page  # turns it into the browser's time zone
    assert "Live now" not in page


def test_the_live_show_links_its_host_console_and_counts_watchers(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    set_show(session_factory, shop, ShowState.LIVE)
    add_question(session_factory, shop.show_id)
    page = dashboard(owner_browser)
    assert "Live now" in page and "Spring drop" in page
    assert f'href="/host/{shop.show_slug}"' in page
    assert '<p class="muted" id="watching">0 viewers watching</p>' in page
    assert links(owner_browser)["questions"] == f"/host/{shop.show_slug}"
    set_show(session_factory, shop, ShowState.ENDED, utcnow() - timedelta(hours=2))
    assert "No show is live or scheduled." in dashboard(owner_browser)


def _old_paid_order(factory: sessionmaker[Session], shop: Shop, days_ago: int) -> None:
    """A paid EUR order of the shop's show placed DAYS_AGO."""
    at = utcnow() - timedelta(days=days_ago)
    with transaction(factory) as db:
        db.add(
            Order(
                public_id=secrets.token_urlsafe(32),
                seller_id=shop.seller_id,
                show_id=shop.show_id,
                market_code="EU",
                viewer_id="viewer-old",
                currency="EUR",
                subtotal_minor=2300,
                total_minor=2300,
                status=OrderStatus.PAID,
                email="old@example.com",
                name="Old Buyer",
                address_line1="1 Rue",
                city="Paris",
                country="FR",
                created_at=at,
                paid_at=at,
            )
        )


def test_orders_and_revenue_against_the_week_before(
    app_client: TestClient,
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    zero = format_money(0, "USD")
    assert figures(owner_browser) == {
        "orders": ("0", "0"),
        "revenue": (zero, zero),
        "return_rate": ("-", "-"),
    }
    oid = order_id(db, place_order(buyer, shop.shirt_m, "dashboard-week-1")["public_id"])
    assert figures(owner_browser)["orders"] == ("1", "0")
    assert figures(owner_browser)["revenue"] == (zero, zero)  # not paid yet
    assert app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers).status_code == 200
    assert figures(owner_browser)["revenue"] == (format_money(2500, "USD"), zero)

    _old_paid_order(session_factory, shop, days_ago=10)  # the week before, in euros
    _old_paid_order(session_factory, shop, days_ago=20)  # before both weeks: not counted
    assert figures(owner_browser)["orders"] == ("1", "1")
    before = f"{zero} + {format_money(2300, 'EUR')}"
    assert figures(owner_browser)["revenue"] == (format_money(2500, "USD"), before)


def test_return_rate_of_the_week(
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    set_us_market(session_factory)
    first = delivered_order(session_factory, shop, shop.lamp)
    delivered_order(session_factory, shop, shop.shirt_m, quantity=3)
    assert figures(owner_browser)["return_rate"] == ("0.0 %", "-")
    asked(buyer, OrderLinks.from_settings(settings), first, "defect")
    assert figures(owner_browser)["return_rate"] == ("25.0 %", "-")
