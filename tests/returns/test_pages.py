"""The pages: the lane-costs admin page, the packing-slip link, the console's checklist."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product
from crosslive.live.models import ShowPin
from crosslive.markets.models import Market
from crosslive.returns.models import LaneCost
from tests.factories import Shop, page_login
from tests.orders.lifecycle_helpers import order_id, place_order


def test_the_owner_enters_lane_costs_on_the_admin_page(
    app_client: TestClient, shop: Shop, owner: dict[str, str | int], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    us = db.scalars(select(Market).where(Market.code == "US")).one()
    form = {"csrf_token": csrf, "outbound": "8", "return_shipping": "15.00", "handling": "5"}

    bad = app_client.post(f"/admin/lanes/{us.id}", data={**form, "handling": "five"})
    assert bad.status_code == 422 and "is not a price" in bad.text
    assert db.scalar(select(func.count()).select_from(LaneCost)) == 0
    saved = app_client.post(f"/admin/lanes/{us.id}", data=form, follow_redirects=False)
    assert saved.status_code == 303

    page = app_client.get("/admin/lanes")
    assert page.status_code == 200
    assert 'value="15.00"' in page.text and 'value="8.00"' in page.text
    assert "<td>apparel</td><td>25.0 %</td><td>85 %</td><td>$23.53</td><td>$5.00</td>" in page.text
    assert "<strong data-suggested>$26.00</strong>" in page.text  # "other" (the shop's): 2667


def test_the_order_page_links_the_packing_slip(
    app_client: TestClient, buyer: TestClient, shop: Shop, owner: dict[str, str | int], db: Session
) -> None:
    oid = order_id(db, place_order(buyer, shop.shirt_m, "slip-page-01")["public_id"])
    page_login(app_client, str(owner["email"]))
    page = app_client.get(f"/admin/orders/{oid}").text
    assert f'href="/api/v1/orders/{oid}/packing-slip.pdf"' in page
    # The cookie session that opened the page opens the PDF too.
    pdf = app_client.get(f"/api/v1/orders/{oid}/packing-slip.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_console_shows_the_pinned_products_checklist(
    app_client: TestClient, shop: Shop, owner: dict[str, str | int], db: Session
) -> None:
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    lamp = db.scalars(select(Product).where(Product.title == "Lamp")).one()
    shirt.category = Category.APPAREL
    db.add(ShowPin(show_id=shop.show_id, product_id=shirt.id))
    db.commit()
    page_login(app_client, str(owner["email"]))

    html = app_client.get("/host/spring-drop").text

    assert f'<fieldset class="checklist" data-checklist="{shirt.id}">' in html
    assert f'<fieldset class="checklist" data-checklist="{lamp.id}" hidden>' in html
    assert 'data-item="measure"> Measure it against the size chart' in html
